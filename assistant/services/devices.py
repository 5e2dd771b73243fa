"""Input devices for Settings and the first-run guide (Qt-free).

Listing goes through ``assistant.capture.devices`` (names and host APIs,
monitors and loopbacks marked); problems come back as friendly text rather
than exceptions, because the dialogs must open whatever the sound system's
state. ``LevelProbe`` is the test meter: one device opened on its own, its
level read by the dialog's timer.
"""

from __future__ import annotations

import math
import queue
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.i18n import QT_TRANSLATE_NOOP
from assistant.services.call_audio import NO_INPUT_DEVICE, PORTAUDIO_MISSING
from assistant.settings import DeviceRef


@dataclass(frozen=True)
class DeviceChoice:
    ref: DeviceRef
    label: str  # what the user sees
    channels: int
    loopback: bool  # carries what the computer plays: the customer's side
    is_default: bool
    device: Any  # the capture module's InputDevice, for opening it


LOOPBACK_TAG = QT_TRANSLATE_NOOP("CaptureHelp", "plays the computer's sound")


def _english(_context: str, text: str) -> str:
    return text


def list_inputs(words: Callable[[str, str], str] = _english
                ) -> tuple[list[DeviceChoice], str | None]:
    """Today's input devices, and a friendly problem when there are none (untranslated:
    the window ``translate``s it with the context ``CallAudio``)."""
    try:
        from assistant.capture.devices import list_inputs as capture_inputs

        found = capture_inputs()
    except OSError:  # sounddevice could not load the PortAudio library
        return [], PORTAUDIO_MISSING
    except ImportError as exc:
        return [], f"audio devices cannot be listed here ({exc})"
    choices = []
    for d in found:
        ref = DeviceRef(d.name, d.host_api)
        label = d.description if d.description and d.description != d.name else d.name
        tags = [d.host_api] if d.host_api else []
        if d.loopback:
            tags.append(words("CaptureHelp", LOOPBACK_TAG))
        choices.append(DeviceChoice(ref, f"{label} ({', '.join(tags)})" if tags else label,
                                    d.channels, d.loopback, d.is_default, d))
    return choices, None if choices else NO_INPUT_DEVICE


def guess_roles(choices: list[DeviceChoice]) -> tuple[DeviceRef | None, DeviceRef | None]:
    """A first guess: the default microphone for the agent, a monitor/loopback for the customer."""
    mics = [c for c in choices if not c.loopback]
    loops = [c for c in choices if c.loopback]
    agent = next((c for c in mics if c.is_default), mics[0] if mics else None)
    customer = next((c for c in loops if c.is_default), loops[0] if loops else None)
    return (agent.ref if agent else None, customer.ref if customer else None)


_STEREO_HELP = QT_TRANSLATE_NOOP(
    "CaptureHelp", "Or use a stereo call-recording adapter (agent on one channel, customer on "
    "the other) and choose \u201cOne stereo device\u201d.")
_CAPTURE_HELP = {
    "linux": QT_TRANSLATE_NOOP(
        "CaptureHelp", "Your voice: your headset microphone. The customer: the \u201cMonitor "
        "of\u201d your headset or speakers \u2014 PulseAudio and PipeWire offer one for every "
        "output, and it carries exactly what you hear."),
    "win32": QT_TRANSLATE_NOOP(
        "CaptureHelp", "Your voice: your headset microphone. The customer: a loopback of the "
        "output you hear them on \u2014 a WASAPI \u201c[Loopback]\u201d device, \u201cStereo "
        "Mix\u201d (enable it under Sound \u2192 Recording), or VB-Cable with the softphone's "
        "output set to it."),
    "darwin": QT_TRANSLATE_NOOP(
        "CaptureHelp", "Your voice: your headset microphone. The customer: macOS cannot record "
        "its own output, so install BlackHole, make a Multi-Output Device (Audio MIDI Setup) "
        "with your headset and BlackHole, set the softphone's output to it, and choose "
        "BlackHole here."),
    "other": QT_TRANSLATE_NOOP(
        "CaptureHelp", "Your voice: your headset microphone. The customer: an input that "
        "carries what you hear (a monitor or loopback of the output)."),
}


def capture_help(platform: str = sys.platform, words: Callable[[str, str], str] = _english
                 ) -> str:
    """How to get the customer's side of the call into this app, on this OS.

    ``words(context, text)``: the window's translation (English without one).
    """
    key = "linux" if platform.startswith("linux") else platform
    own = _CAPTURE_HELP.get(key, _CAPTURE_HELP["other"])
    return f"{words('CaptureHelp', own)} {words('CaptureHelp', _STEREO_HELP)}"


class LevelProbe:
    """One device opened for a level meter; ``level()`` is read on the GUI's timer."""

    def __init__(self, choice: DeviceChoice) -> None:
        from assistant.capture.stream import CaptureStream

        self._notices: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._stream = CaptureStream(choice.device, self._notices,
                                     channels=min(2, max(1, choice.channels)), block_s=0.05,
                                     buffer_s=1.0)
        self._stream.open()  # raises CaptureError (an AssistantError) with a reason
        self._peak = 0.0

    def level(self) -> float:
        """Peak dBFS since the last call (-90 for silence)."""
        peak = 0.0
        while True:
            try:
                stream, generation, slot, frames, _at = self._notices.get_nowait()
            except queue.Empty:
                break
            if slot < 0 or generation != stream.generation:
                continue
            block = stream.take(slot, frames)
            if block.size:
                peak = max(peak, float(abs(block).max()))
        return 20 * math.log10(peak) if peak > 1e-5 else -90.0

    def close(self) -> None:
        self._stream.close()
