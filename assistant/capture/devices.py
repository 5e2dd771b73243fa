"""Input devices: listed, remembered and found again by name and host API, never by index.

PortAudio's device indices change whenever a device is plugged in or out,
so a saved index would silently point at the wrong microphone. A
``DeviceRef`` keeps the name (and host API) the user chose; ``resolve``
finds it in today's list, or explains what exists instead.

On Linux, PulseAudio/PipeWire sources are listed under the host API
"PulseAudio" by their source names (stable across reboots) and opened
through ALSA's ``pulse`` device (see ``assistant.capture.pulse``). The
other PortAudio devices keep PortAudio's host API names ("ALSA",
"Windows WASAPI", "Core Audio", ...). sounddevice is imported only inside
functions: importing it starts PortAudio, which lists devices once, and
callers (tests with a private sound server) must be able to set up first.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

from assistant.capture import pulse
from assistant.errors import InputError

# Words in a device name that say it records what the computer plays.
_LOOPBACK_WORDS = (
    "[loopback]", "loopback", "stereo mix", "stereomix", "what u hear", "wave out mix",
    "blackhole", "soundflower", "cable output", "vb-audio", "voicemeeter out", "monitor of",
)
# PortAudio's ALSA devices that are PulseAudio's default source in disguise: the
# sources themselves are listed instead, each under its own name.
_PULSE_ALIASES = ("pulse", "pipewire")
# When a name exists under several host APIs, the first of these wins.
_HOST_API_PREFERENCE = (
    pulse.PULSE_HOST_API, "Windows WASAPI", "Core Audio", "ALSA", "Windows DirectSound", "MME",
    "JACK Audio Connection Kit", "Windows WDM-KS", "OSS",
)


class DeviceNotFound(InputError):
    """A device name that matches no input, or several."""


@dataclass(frozen=True)
class DeviceRef:
    """What is remembered about a chosen device: its name and host API (empty: any)."""

    name: str
    host_api: str = ""

    def __str__(self) -> str:
        return self.label()

    def label(self) -> str:
        return f"{self.name} ({self.host_api})" if self.host_api else self.name

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "host_api": self.host_api}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DeviceRef:
        return cls(str(data["name"]), str(data.get("host_api") or ""))


@dataclass(frozen=True)
class InputDevice:
    """An input as it exists right now."""

    ref: DeviceRef
    description: str  # what to show the user
    channels: int
    default_rate: int
    loopback: bool  # records what the computer plays (monitor / loopback)
    is_default: bool = False
    pulse_source: str | None = None  # opened through ALSA "pulse" with PULSE_SOURCE set

    @property
    def name(self) -> str:
        return self.ref.name

    @property
    def host_api(self) -> str:
        return self.ref.host_api


def looks_like_loopback(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _LOOPBACK_WORDS)


def _portaudio_inputs(sd: Any, skip_pulse_aliases: bool) -> list[InputDevice]:
    apis = sd.query_hostapis()
    try:
        default_in = int(sd.default.device[0])
    except (TypeError, ValueError, IndexError):
        default_in = -1
    found = []
    for index, dev in enumerate(sd.query_devices()):
        if int(dev["max_input_channels"]) < 1:
            continue
        name = str(dev["name"])
        if skip_pulse_aliases and name in _PULSE_ALIASES:
            continue
        api = str(apis[int(dev["hostapi"])]["name"])
        found.append(InputDevice(
            ref=DeviceRef(name, api), description=name,
            channels=int(dev["max_input_channels"]),
            default_rate=int(dev["default_samplerate"]),
            loopback=looks_like_loopback(name), is_default=index == default_in))
    return found


def _pulse_inputs(sd: Any) -> list[InputDevice]:
    """PulseAudio sources, when PortAudio can reach them through ALSA's ``pulse`` device."""
    if sys.platform != "linux" or portaudio_index(sd, "pulse", "ALSA") is None:
        return []
    info = pulse.pactl("info") or ""
    default = next((line.split(":", 1)[1].strip() for line in info.splitlines()
                    if line.startswith("Default Source:")), "")
    return [
        InputDevice(
            ref=DeviceRef(s.name, pulse.PULSE_HOST_API), description=s.description,
            channels=s.channels, default_rate=s.rate, loopback=s.is_monitor,
            is_default=s.name == default, pulse_source=s.name)
        for s in pulse.list_sources()
    ]


def list_inputs() -> list[InputDevice]:
    """Every input device: PulseAudio sources first, then PortAudio's own list."""
    import sounddevice as sd

    sources = _pulse_inputs(sd)
    return sources + _portaudio_inputs(sd, skip_pulse_aliases=bool(sources))


def portaudio_index(sd: Any, name: str, host_api: str) -> int | None:
    """Today's PortAudio index of the input ``name`` under ``host_api``."""
    apis = sd.query_hostapis()
    for index, dev in enumerate(sd.query_devices()):
        if (str(dev["name"]) == name and int(dev["max_input_channels"]) > 0
                and str(apis[int(dev["hostapi"])]["name"]) == host_api):
            return index
    return None


def _rank(device: InputDevice) -> int:
    try:
        return _HOST_API_PREFERENCE.index(device.host_api)
    except ValueError:
        return len(_HOST_API_PREFERENCE)


def resolve(wanted: DeviceRef | str, devices: list[InputDevice] | None = None) -> InputDevice:
    """The input called ``wanted``: exact name, then description, then a unique part of either.

    The host API narrows the search when given; when a name exists under several
    host APIs, the preferred one (WASAPI on Windows, PulseAudio on Linux) wins.
    """
    ref = wanted if isinstance(wanted, DeviceRef) else DeviceRef(wanted)
    devices = list_inputs() if devices is None else devices
    pool = [d for d in devices if not ref.host_api or d.host_api.lower() == ref.host_api.lower()]
    needle = ref.name.strip().lower()
    for match in (
        lambda d: d.name == ref.name,
        lambda d: d.name.lower() == needle or d.description.lower() == needle,
        lambda d: needle in d.name.lower() or needle in d.description.lower(),
    ):
        hits = sorted((d for d in pool if match(d)), key=_rank)
        if not hits:
            continue
        best = [d for d in hits if _rank(d) == _rank(hits[0])]
        if len({d.name for d in best}) == 1:
            return best[0]
        listing = "; ".join(str(d.ref) for d in hits)
        raise DeviceNotFound(f"input device {str(ref)!r} is ambiguous: it matches {listing}")
    listing = "; ".join(str(d.ref) for d in devices) or "none"
    raise DeviceNotFound(f"no input device {str(ref)!r}; inputs here: {listing} "
                         "(see `assistant devices`)")
