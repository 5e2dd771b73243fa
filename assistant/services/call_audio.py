"""Where a call's audio comes from: the bundled demo played as if live, or the devices.

Qt-free. Each source yields 16 kHz ``AudioBlock`` s for ``CallSession.run``
and knows its channel layout; ``stop()`` ends the blocks after what has
been heard (thread-safe). ``LiveAudio`` is the one integration point with
``assistant.capture``; everything else in the app is source-agnostic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from assistant.capture.source import CaptureConfig, CaptureSpec, CaptureStatus, LiveCallSource
from assistant.config import ChannelLayout
from assistant.engine.replay import paced
from assistant.engine.result import RecordingInfo
from assistant.errors import AssistantError
from assistant.i18n import QT_TRANSLATE_NOOP
from assistant.paths import package_data
from assistant.records import AudioBlock
from assistant.services.live_stats import DeviceNote
from assistant.settings import AppSettings
from assistant.timebase import SAMPLE_RATE

DEMO_CALL = package_data("demo", "demo-call.ogg")  # the bundled demo call


class CallAudio(Protocol):
    layout: ChannelLayout

    def start(self) -> datetime:
        """Begin (devices opened, clock started); the wall-clock time (UTC) of position 0."""
        ...

    def blocks(self) -> Iterator[AudioBlock]: ...

    def record_raw(self, write: Callable[[AudioBlock], None]) -> bool:
        """Have ``write`` get the audio as captured (before echo gating); False: not needed."""
        ...

    def recording(self, duration: int, recorded_to: Path | None) -> RecordingInfo:
        """The call's audio as the result names it (``recorded_to``: the library's WAV)."""
        ...

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

    def start(self) -> datetime:
        return datetime.now(timezone.utc)

    def blocks(self) -> Iterator[AudioBlock]:
        for block in paced(self._source.blocks(), self.speed):
            if self._stop.is_set():
                return
            yield block

    def record_raw(self, write: Callable[[AudioBlock], None]) -> bool:
        return False  # a file: the blocks the engine gets are the audio

    def recording(self, duration: int, recorded_to: Path | None) -> RecordingInfo:
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

    @classmethod
    def from_settings(cls, settings: AppSettings, note: Callable[[DeviceNote], None]
                      ) -> LiveAudio:
        """The devices chosen in Settings; ``note`` gets device notices on the front thread
        and must not block."""
        missing = cls.missing_choice(settings)
        if missing:
            raise LiveAudioUnavailable(missing)
        agent, customer = settings.agent_device, settings.customer_device
        assert agent is not None
        if settings.input_mode == "stereo_device":
            spec = CaptureSpec(stereo=agent, agent_channel=settings.agent_channel)
        else:
            spec = CaptureSpec(agent=agent, customer=customer)
        return cls(spec, lambda status: note(DeviceNote(status.message,
                                                        status.kind.value not in _NEWS)))

    def __init__(self, spec: CaptureSpec, on_status: Callable[[CaptureStatus], None],
                 duration_s: float | None = None) -> None:
        """Devices are resolved by name here: one that is not connected fails in a moment."""
        self.spec = spec
        # The capture puts the agent on channel 0 whichever side of a stereo input they are.
        self.layout = ChannelLayout.stereo("left")
        try:
            self.capture = LiveCallSource(spec, CaptureConfig(), duration_s=duration_s,
                                          on_status=on_status)
        except OSError:  # sounddevice raises OSError when the PortAudio library is absent
            raise LiveAudioUnavailable(PORTAUDIO_MISSING) from None

    def start(self) -> datetime:
        self.capture.start()
        assert self.capture.started_at is not None
        return self.capture.started_at

    def blocks(self) -> Iterator[AudioBlock]:
        return iter(self.capture.blocks())

    def record_raw(self, write: Callable[[AudioBlock], None]) -> bool:
        self.capture.on_raw = write  # called on the front thread, as blocks go out
        return True

    def recording(self, duration: int, recorded_to: Path | None) -> RecordingInfo:
        return RecordingInfo(str(recorded_to or "live devices"), duration, SAMPLE_RATE, 2)

    def notes(self) -> list[str]:
        """What the capture had to fill in or drop, and the echo warning: kept with the call."""
        found = []
        for party, report in self.capture.party_reports().items():
            if report.lossy:
                found.append(f"{party.value} side: {report.silence_s:.1f} s without audio "
                             f"(silence), {report.overflows} driver overflows, "
                             f"{report.dropped_blocks} blocks dropped")
        echo = self.capture.echo
        if self.capture.echo_warning and echo is not None:
            coupling = "" if echo.coupling_db is None else f" (coupling {echo.coupling_db:.0f} dB)"
            found.append(f"the customer's voice leaked into the agent's microphone{coupling}: "
                         "use a headset")
        return found

    def stop(self) -> None:
        self.capture.stop()

    def close(self) -> None:
        self.capture.close()
