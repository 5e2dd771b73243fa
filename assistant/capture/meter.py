"""Live input levels of several devices at once: ``assistant devices --meter``.

Each device is opened as a ``CaptureStream`` (whose callback only copies);
levels are computed here, on the caller's thread, from what the streams queued.
"""

from __future__ import annotations

import math
import queue
import time

import numpy as np

from assistant.capture.devices import InputDevice
from assistant.capture.stream import CaptureError, CaptureStream, Notice


class DeviceMeter:
    """Peak and RMS (dBFS) per device since the last ``read()``."""

    def __init__(self, devices: list[InputDevice]) -> None:
        self._notices: queue.SimpleQueue[Notice] = queue.SimpleQueue()
        self.streams: list[CaptureStream] = []
        self.errors: dict[int, str] = {}  # device position -> why it could not be opened
        for n, device in enumerate(devices):
            stream = CaptureStream(device, self._notices, channels=min(2, max(1, device.channels)),
                                   block_s=0.02, buffer_s=1.0)
            try:
                stream.open()
            except CaptureError as exc:
                self.errors[n] = str(exc)
            self.streams.append(stream)
        self._sums = [0.0] * len(devices)
        self._counts = [0] * len(devices)
        self._peaks = [0.0] * len(devices)

    def read(self, wait_s: float) -> list[tuple[float, float] | None]:
        """Gather ``wait_s`` of audio; then (peak, rms) per device, None where it is not open."""
        deadline = time.monotonic() + wait_s
        index = {id(s): n for n, s in enumerate(self.streams)}
        while (left := deadline - time.monotonic()) > 0:
            try:
                stream, generation, slot, frames, _at = self._notices.get(timeout=left)
            except queue.Empty:
                break
            if slot < 0 or generation != stream.generation:
                continue
            block = stream.take(slot, frames)
            n = index[id(stream)]
            self._sums[n] += float(np.sum(block.astype(np.float64) ** 2)) / max(1, block.shape[1])
            self._counts[n] += frames
            self._peaks[n] = max(self._peaks[n], float(np.max(np.abs(block), initial=0.0)))
        levels: list[tuple[float, float] | None] = []
        for n, stream in enumerate(self.streams):
            if not stream.is_open:
                levels.append(None)
                continue
            rms = math.sqrt(self._sums[n] / self._counts[n]) if self._counts[n] else 0.0
            levels.append((_db(self._peaks[n]), _db(rms)))
            self._sums[n], self._counts[n], self._peaks[n] = 0.0, 0, 0.0
        return levels

    def close(self) -> None:
        for stream in self.streams:
            stream.close()


def _db(value: float) -> float:
    return 20.0 * math.log10(value) if value > 1e-5 else -100.0


def bar(db: float, width: int = 30, floor: float = -60.0) -> str:
    """A text level bar from ``floor`` to 0 dBFS."""
    filled = round(width * min(1.0, max(0.0, (db - floor) / -floor)))
    return "█" * filled + "·" * (width - filled)
