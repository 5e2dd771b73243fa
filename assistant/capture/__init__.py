"""Live capture of both sides of a call, on the call's one clock.

    devices: list_inputs(), resolve(name) -> InputDevice, DeviceRef (remembered by name)
    source:  LiveCallSource(CaptureSpec, ...).blocks() -> 16 kHz stereo AudioBlocks
             (agent channel 0, customer 1), levels(), status via on_status, echo warning
    meter:   DeviceMeter(devices).read(seconds) for level meters

Nothing here imports sounddevice at import time: PortAudio lists devices once,
when it starts, so it is started only when a device is first listed or opened.
"""

from assistant.capture.align import AlignConfig
from assistant.capture.devices import (
    DeviceNotFound,
    DeviceRef,
    InputDevice,
    list_inputs,
    looks_like_loopback,
    resolve,
)
from assistant.capture.echo import EchoConfig, EchoGate
from assistant.capture.meter import DeviceMeter
from assistant.capture.source import (
    PARTIES,
    CaptureConfig,
    CaptureSpec,
    CaptureStatus,
    Level,
    LiveCallSource,
    StatusKind,
)
from assistant.capture.stream import CaptureError, CaptureStream, StreamCounters

__all__ = [
    "PARTIES",
    "AlignConfig",
    "CaptureConfig",
    "CaptureError",
    "CaptureSpec",
    "CaptureStatus",
    "CaptureStream",
    "DeviceMeter",
    "DeviceNotFound",
    "DeviceRef",
    "EchoConfig",
    "EchoGate",
    "InputDevice",
    "Level",
    "LiveCallSource",
    "StatusKind",
    "StreamCounters",
    "list_inputs",
    "looks_like_loopback",
    "resolve",
]
