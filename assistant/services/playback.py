"""Playing the demo call aloud while it is analysed (Qt-free).

Optional by nature: with no output device, or no PortAudio, the demo runs
silently. The front thread hands each block over with a non-blocking queue
put; PortAudio's own callback thread copies it out. Nothing waits on the
other side.
"""

from __future__ import annotations

import contextlib
import queue
from typing import Any

import numpy as np

from assistant.records import AudioBlock
from assistant.timebase import SAMPLE_RATE

_QUEUE_BLOCKS = 32  # ~8 s of 250 ms blocks: beyond that, the sound card is gone


class SoundPlayer:
    def __init__(self) -> None:
        self._stream: Any = None
        self._blocks: queue.Queue[np.ndarray] = queue.Queue(_QUEUE_BLOCKS)
        self._pending = np.zeros((0, 2), np.float32)

    @classmethod
    def open(cls) -> SoundPlayer | None:
        """A started output stream, or None when sound cannot play here (silently)."""
        try:
            import sounddevice as sd

            sd.query_devices(kind="output")  # raises when there is no default output
            player = cls()
            player._stream = sd.OutputStream(samplerate=SAMPLE_RATE, channels=2,
                                             dtype="float32", callback=player._callback)
            player._stream.start()
            return player
        except Exception:  # no PortAudio, no device, or a rate the device refuses
            return None

    def feed(self, block: AudioBlock) -> None:
        """Queue a block for playing (front thread; never blocks)."""
        frames = block.samples.astype(np.float32) / 32768.0
        if frames.shape[1] == 1:
            frames = np.repeat(frames, 2, axis=1)
        with contextlib.suppress(queue.Full):  # stalled output: drop sound, not analysis
            self._blocks.put_nowait(frames)

    def _callback(self, out: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        # PortAudio's thread: copy what is queued, silence for the rest.
        while len(self._pending) < frames:
            try:
                self._pending = np.concatenate([self._pending, self._blocks.get_nowait()])
            except queue.Empty:
                break
        n = min(frames, len(self._pending))
        out[:n] = self._pending[:n]
        out[n:] = 0
        self._pending = self._pending[n:]

    def close(self) -> None:
        try:
            self._stream.stop()
            self._stream.close()
        except Exception:
            pass
