"""The call clock's lanes: each party's 16 kHz samples, waiting until both can go out.

Samples arrive per party at call positions chosen by the aligner. A block
leaves only when every lane has reached its end, or when a lane is known
to be silent there (its device is gone, or overdue): then that stretch is
filled with silence, and anything arriving for it later is dropped and
counted. So emitted blocks are contiguous, both channels always line up,
and nothing already handed to the engine changes.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np


@dataclass
class LaneCounters:
    lead: int = 0  # silence before the device's first sample (opening it takes a moment)
    silence: int = 0  # samples filled with silence after that (the device was gone or late)
    late: int = 0  # samples dropped: they arrived after their stretch had gone out
    overlap: int = 0  # samples dropped: a new session began before the old one ended


class Lane:
    """One party's samples from position ``start`` (the emission point) to ``end``."""

    def __init__(self, start: int = 0) -> None:
        self.start = start
        self.end = start
        self._chunks: deque[np.ndarray] = deque()
        self.counters = LaneCounters()
        self.started = False  # real samples have arrived

    def put(self, position: int, samples: np.ndarray) -> None:
        if position < self.start:  # partly or wholly too late
            cut = min(len(samples), self.start - position)
            self.counters.late += cut
            samples, position = samples[cut:], position + cut
            if not len(samples):
                return
        if position < self.end:  # a new session overlapping the tail of the old one
            cut = min(len(samples), self.end - position)
            self.counters.overlap += cut
            samples, position = samples[cut:], position + cut
            if not len(samples):
                return
        if position > self.end:
            self.pad_to(position)
        self._chunks.append(samples)
        self.end += len(samples)
        self.started = True

    def pad_to(self, position: int) -> None:
        """Silence up to ``position`` (a device that is gone, or has not started yet)."""
        if position > self.end:
            self._chunks.append(np.zeros(position - self.end, np.float32))
            if self.started:
                self.counters.silence += position - self.end
            else:
                self.counters.lead += position - self.end
            self.end = position

    def truncate(self, position: int) -> None:
        """Forget samples from ``position`` on (not yet emitted ones only)."""
        position = max(position, self.start)
        while self.end > position and self._chunks:
            chunk = self._chunks.pop()
            keep = max(0, len(chunk) - (self.end - position))
            self.end -= len(chunk) - keep
            if keep:
                self._chunks.append(chunk[:keep])

    def take(self, n: int) -> np.ndarray:
        """The first ``n`` samples (the lane must hold them)."""
        if n > self.end - self.start:
            raise ValueError(f"lane holds {self.end - self.start} samples, {n} asked for")
        parts: list[np.ndarray] = []
        need = n
        while need:
            chunk = self._chunks[0]
            if len(chunk) <= need:
                parts.append(self._chunks.popleft())
                need -= len(chunk)
            else:
                parts.append(chunk[:need])
                self._chunks[0] = chunk[need:]
                need = 0
        self.start += n
        return np.concatenate(parts) if len(parts) != 1 else parts[0]


def to_int16(x: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(x * 32768.0), -32768, 32767).astype(np.int16)


class CallTimeline:
    """Both parties' lanes; blocks of whole ``frame``-sample frames leave together."""

    def __init__(self, lanes: int = 2, frame: int = 480) -> None:
        self.lanes = [Lane() for _ in range(lanes)]
        self.frame = frame
        self.emitted = 0

    def ready(self) -> int:
        """How far every lane has reached, rounded down to whole frames."""
        end = min(lane.end for lane in self.lanes)
        return end - end % self.frame

    def take(self, end: int) -> np.ndarray:
        """Samples ``[emitted, end)`` of every lane as int16 ``(n, lanes)``."""
        n = end - self.emitted
        block = np.stack([lane.take(n) for lane in self.lanes], axis=1)
        self.emitted = end
        return to_int16(block)
