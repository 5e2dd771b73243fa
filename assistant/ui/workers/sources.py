"""Where a call's audio comes from: the bundled demo played as if live, or the devices.

Qt-free. Each source yields 16 kHz ``AudioBlock`` s for ``CallSession.run``
and knows its channel layout; ``stop()`` ends the blocks after what has
been heard (thread-safe). ``LiveAudio`` is the one integration point with
``assistant.capture``; everything else in the app is source-agnostic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Protocol

from assistant.config import ChannelLayout
from assistant.engine.replay import paced
from assistant.engine.result import RecordingInfo
from assistant.errors import AssistantError
from assistant.i18n import QT_TRANSLATE_NOOP
from assistant.records import AudioBlock
from assistant.settings import AppSettings
from assistant.timebase import SAMPLE_RATE
from assistant.ui.live_stats import DeviceNote


class CallAudio(Protocol):
    layout: ChannelLayout

    def blocks(self) -> Iterator[AudioBlock]: ...

    def record_raw(self, write: Callable[[AudioBlock], None]) -> bool:
        """Have ``write`` get the audio as captured (before echo gating); False: not needed."""
        ...

    def recording(self, duration: int) -> RecordingInfo: ...

    def notes(self) -> list[str]: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class DemoAudio:
    """A recording played at its own pace (``speed`` 1.0 = real time), as if it were live."""

    def __init__(self, path: Path, speed: float = 1.0, agent_channel: str = "left") -> None:
        from assistant.audio.source import FileAudioSource

        if speed <= 0:
            raise ValueError("speed must be positive")
        self.path = path
        self.speed = speed
        self._source = FileAudioSource(path)
        self.layout = ChannelLayout.stereo(agent_channel)
        self._stop = threading.Event()

    def blocks(self) -> Iterator[AudioBlock]:
        for block in paced(self._source.blocks(), self.speed):
            if self._stop.is_set():
                return
            yield block

    def record_raw(self, write: Callable[[AudioBlock], None]) -> bool:
        return False  # a file: the blocks the engine gets are the audio

    def recording(self, duration: int) -> RecordingInfo:
        info = self._source.info
        return RecordingInfo(str(self.path), duration, info.sample_rate, info.channels)

    def notes(self) -> list[str]:
        return []

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self._source.close()


_NEWS = ("opened", "back")  # capture statuses that need nothing from the user


class LiveAudioUnavailable(AssistantError):
    """Live capture cannot start: the message says what the user can do."""


# Shown in the window, translated there (context "CallAudio").
PORTAUDIO_MISSING = QT_TRANSLATE_NOOP(
    "CallAudio", "the sound system library PortAudio is missing, so no audio device can be "
    "opened: install it (Debian/Ubuntu: sudo apt install libportaudio2) and restart the app")
NO_INPUT_DEVICE = QT_TRANSLATE_NOOP(
    "CallAudio", "no microphone or other input device was found: connect a headset (or check "
    "the sound settings of this computer), then choose it in Settings")
CHOOSE_DEVICES = QT_TRANSLATE_NOOP(
    "CallAudio", "choose your microphone and the customer's audio in Settings first (or play "
    "the demo call)")


class LiveAudio:
    """The agent's and the customer's devices, by name, through ``assistant.capture``."""

    @staticmethod
    def missing_choice(settings: AppSettings) -> str | None:
        """What the user must choose in Settings before a live call can start."""
        stereo = settings.input_mode == "stereo_device"
        if settings.agent_device is None or (not stereo and settings.customer_device is None):
            return CHOOSE_DEVICES
        return None

    def __init__(self, settings: AppSettings, note: Callable[[DeviceNote], None]) -> None:
        """``note`` receives device notices on the front thread: it must not block."""
        self.settings = settings
        # The capture puts the agent on channel 0 whichever side of a stereo input they are.
        self.layout = ChannelLayout.stereo("left")
        self._capture = _open_capture(settings, note)

    def blocks(self) -> Iterator[AudioBlock]:
        return iter(self._capture.blocks())

    def record_raw(self, write: Callable[[AudioBlock], None]) -> bool:
        self._capture.on_raw = write  # called on the front thread, as blocks go out
        return True

    def recording(self, duration: int) -> RecordingInfo:
        return RecordingInfo("live devices", duration, SAMPLE_RATE, 2)

    def notes(self) -> list[str]:
        """What the capture filled in or dropped, and a leak into the microphone."""
        found = []
        for party, report in self._capture.report().items():
            if report["silence_s"] >= 0.5 or report["overflows"] or report["dropped_blocks"]:
                found.append(f"{party} side: {report['silence_s']:.1f} s without audio, "
                             f"{int(report['overflows'])} driver overflows, "
                             f"{int(report['dropped_blocks'])} blocks dropped")
        if self._capture.echo_warning:
            found.append("the customer's voice leaked into the agent's microphone: use a "
                         "headset")
        return found

    def stop(self) -> None:
        self._capture.stop()

    def close(self) -> None:
        self._capture.close()


def _open_capture(settings: AppSettings, note: Callable[[DeviceNote], None]) -> Any:
    """The capture's live source for the chosen devices (imported only when needed)."""
    missing = LiveAudio.missing_choice(settings)
    if missing:
        raise LiveAudioUnavailable(missing)
    stereo = settings.input_mode == "stereo_device"
    try:
        from assistant.capture.devices import DeviceRef
        from assistant.capture.source import CaptureConfig, CaptureSpec, LiveCallSource
    except ImportError as exc:
        raise LiveAudioUnavailable(f"live capture is not available here ({exc})") from None

    def ref(device: Any) -> Any:
        return DeviceRef(device.name, device.host_api)

    if stereo:
        spec = CaptureSpec(stereo=ref(settings.agent_device),
                           agent_channel=settings.agent_channel)
    else:
        spec = CaptureSpec(agent=ref(settings.agent_device),
                           customer=ref(settings.customer_device))
    try:
        # Devices are resolved by name here: one that is not connected fails in a moment.
        return LiveCallSource(spec, CaptureConfig(), on_status=lambda status: note(
            DeviceNote(status.message, status.kind.value not in _NEWS)))
    except OSError:  # sounddevice raises OSError when the PortAudio library is absent
        raise LiveAudioUnavailable(PORTAUDIO_MISSING) from None
