"""One sounddevice input stream whose callback only copies.

The callback runs on PortAudio's audio thread, where blocking or slow work
loses audio. It takes a free slot from a preallocated pool, copies the block
into it and puts a small tuple on a ``SimpleQueue`` (whose ``put`` never
blocks): no allocation beyond that tuple, no locks, no processing. When
every slot is full (the reader is behind by the whole pool), the block is
dropped and counted. An exception in the callback is kept, stops the
stream, and is raised again by the reader: never swallowed.
"""

from __future__ import annotations

import itertools
import queue
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.capture import pulse
from assistant.capture.devices import InputDevice, portaudio_index
from assistant.errors import AssistantError

# Kinds of notice on the shared queue besides audio (slot numbers are >= 0).
ERROR = -1
FINISHED = -2

_tags = itertools.count(1)


class CaptureError(AssistantError):
    """A device that cannot be opened, or an audio callback that failed."""


@dataclass
class StreamCounters:
    """What the stream lost, reported rather than hidden."""

    blocks: int = 0
    frames: int = 0
    overflows: int = 0  # blocks PortAudio flagged: the driver lost input before we saw it
    dropped_blocks: int = 0  # blocks the callback found no free slot for
    dropped_frames: int = 0


# (stream, generation, slot or ERROR/FINISHED, frames, host time of the callback)
Notice = tuple["CaptureStream", int, int, int, float]


class CaptureStream:
    """An input device opened as a float32 stream; blocks are read from the shared queue."""

    def __init__(
        self,
        device: InputDevice,
        notices: queue.SimpleQueue[Notice],
        *,
        channels: int = 1,
        block_s: float = 0.01,
        buffer_s: float = 2.0,
    ) -> None:
        self.device = device
        self.channels = channels
        self.rate = device.default_rate
        self.blocksize = max(16, round(self.rate * block_s))
        self._notices = notices
        slots = max(4, round(buffer_s / block_s))
        self._slots = np.zeros((slots, self.blocksize, channels), np.float32)
        self._free: deque[int] = deque(range(slots))
        self.counters = StreamCounters()
        self.error: BaseException | None = None
        self.generation = 0
        self.latency = 0.0  # seconds PortAudio says input takes to reach the callback
        self.last_data = 0.0  # host time of the latest block
        self.tag = f"{time.time_ns():x}-{next(_tags)}"  # finds our stream in pactl's list
        self._stream: Any = None
        self._abort: type[BaseException] = Exception

    @property
    def is_open(self) -> bool:
        return self._stream is not None

    def open(self) -> None:
        """Open and start; raises ``CaptureError`` when the device cannot be used now."""
        import sounddevice as sd

        self._abort = sd.CallbackAbort
        self.generation += 1
        self._free = deque(range(len(self._slots)))  # slots of an old generation are void
        self.error = None
        dev = self.device
        name, api = ("pulse", "ALSA") if dev.pulse_source else (dev.name, dev.host_api)
        index = portaudio_index(sd, name, api)
        if index is None:
            raise CaptureError(f"{dev.ref} is not available")
        try:
            try:
                stream = self._make(sd, index)
            except sd.PortAudioError:
                if self.channels != 1 or dev.channels < 2:
                    raise
                # Some hardware only records in stereo: take both, the reader mixes down.
                self.channels = 2
                self._slots = np.zeros((len(self._slots), self.blocksize, 2), np.float32)
                stream = self._make(sd, index)
            stream.start()
        except sd.PortAudioError as exc:
            raise CaptureError(f"cannot open {dev.ref}: {exc}") from exc
        self._stream = stream
        self.latency = float(stream.latency)
        self.last_data = time.monotonic()

    def _make(self, sd: Any, index: int) -> Any:
        if self.device.pulse_source:
            with pulse.target(self.device.pulse_source, self.tag):
                return self._new_stream(sd, index)
        return self._new_stream(sd, index)

    def _new_stream(self, sd: Any, index: int) -> Any:
        return sd.InputStream(
            device=index, channels=self.channels, samplerate=self.rate,
            blocksize=self.blocksize, dtype="float32", latency="low",
            callback=self._callback, finished_callback=self._finished,
        )

    def close(self) -> None:
        """Stop at once (abort: no waiting for buffers to drain) and release the device."""
        stream, self._stream = self._stream, None
        if stream is None:
            return
        self.generation += 1  # whatever is still queued from it is void
        try:
            stream.abort()
            stream.close()
        except Exception:  # a device that is already gone cannot be closed cleanly
            pass

    def take(self, slot: int, frames: int) -> np.ndarray:
        """Copy a queued block out of its slot and free the slot for the callback."""
        block = self._slots[slot, :frames].copy()
        self._free.append(slot)
        return block

    # -- PortAudio's thread --------------------------------------------------

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        try:
            now = time.monotonic()
            counters = self.counters
            if status.input_overflow:
                counters.overflows += 1
            try:
                slot = self._free.popleft()
            except IndexError:
                counters.dropped_blocks += 1
                counters.dropped_frames += frames
                return
            np.copyto(self._slots[slot, :frames], indata)
            counters.blocks += 1
            counters.frames += frames
            self.last_data = now
            self._notices.put((self, self.generation, slot, frames, now))
        except BaseException as exc:
            self.error = exc
            self._notices.put((self, self.generation, ERROR, 0, 0.0))
            raise self._abort from exc

    def _finished(self) -> None:
        self._notices.put((self, self.generation, FINISHED, 0, time.monotonic()))
