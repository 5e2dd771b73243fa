"""Two devices, two clocks: placing each device's samples on the call's one clock.

The call clock is the host's monotonic clock, counted in 16 kHz samples from
the moment capture started, so a device that vanishes leaves a stretch of
silence exactly as long as it was gone, and the recording is as long as the
call. Each device's samples (already resampled to nominal 16 kHz) carry a
capture time per block; the aligner compares where a block's first sample
*is* placed with where its capture time says it *should* be, and slips the
stream by whole samples (repeating or dropping one) when the two part:
a sound card 100 ppm fast gains 1.6 samples a second, 360 ms in an hour,
which the slips take out as they happen.

Capture times jitter: a callback can only run late, never early (the GIL,
the scheduler, a sound server's buffering), so the error is filtered by a
minimum over a window, which finds the promptest callbacks and ignores the
late ones.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from assistant.capture.resample import StreamResampler
from assistant.timebase import SAMPLE_RATE


@dataclass(frozen=True)
class AlignConfig:
    # Minimum filter over capture-time errors. Long, because a sound server's buffering
    # can grow for seconds and then flush (PulseAudio's null-sink monitors saw-tooth by
    # ~20 ms): only the promptest deliveries tell the time. It costs a slow device
    # window * drift of lag (2 ms at 100 ppm), well inside the deadband.
    window_s: float = 20.0
    # Error tolerated before slipping: 5 ms. Clock drift needs a slip only every few
    # seconds at most; smaller wobbles are a sound server's buffering changing (a null
    # sink's monitor varies by several ms), which chasing would only add slips for.
    deadband: int = 80
    # A session's start is placed by its first callback, which may well be late: for this
    # long, errors beyond 1 ms are put right at once, so the placement starts from the
    # promptest.
    settle_s: float = 2.0
    settle_deadband: int = 16
    max_slew: int = 16  # samples slipped per block at most (1 ms): inaudible
    jump: int = 480  # errors beyond 30 ms are put right at once (a stall, a restart)


class _SlidingMin:
    """Minimum of the values pushed within the last ``span`` seconds, O(1) amortised."""

    def __init__(self, span: float) -> None:
        self.span = span
        self._q: deque[tuple[float, float]] = deque()

    def push(self, t: float, value: float) -> float:
        while self._q and self._q[-1][1] >= value:
            self._q.pop()
        self._q.append((t, value))
        while self._q[0][0] < t - self.span:
            self._q.popleft()
        return self._q[0][1]

    def clear(self) -> None:
        self._q.clear()


class ClockAligner:
    """Where one stream's 16 kHz samples go on the call clock.

    A *session* is one open stream: within it, samples are contiguous apart
    from deliberate slips; a new session (the device came back) starts
    wherever its capture time says, and the gap before it is silence.
    """

    def __init__(self, call_start: float, config: AlignConfig = AlignConfig()) -> None:
        self.call_start = call_start
        self.config = config
        self._min = _SlidingMin(config.window_s)
        self.base = 0  # call position of the session's output sample 0, before slips
        self.correction = 0  # samples inserted (+) or dropped (-) in this session
        self.slipped = 0  # total |slips| over the call, for the report
        self.error = 0.0  # the filtered placement error (samples), last observed
        self.active = False
        self._slewing = False
        self._began = 0.0

    def expected(self, capture_time: float) -> float:
        """Call position (samples) of something captured at host time ``capture_time``."""
        return (capture_time - self.call_start) * SAMPLE_RATE

    def begin(self, capture_time: float) -> None:
        """A new stream session whose first sample was captured at ``capture_time``."""
        self.base = round(self.expected(capture_time))
        self._began = capture_time
        self.correction = 0
        self.error = 0.0
        self._min.clear()
        self.active = True
        self._slewing = False

    def observe(self, position: float, capture_time: float) -> int:
        """Note that session sample ``position`` was captured at ``capture_time``.

        Returns the slip to make before the next output sample: ``+k`` means
        insert ``k`` samples (the stream is running early), ``-k`` drop ``k``.
        """
        cfg = self.config
        lateness = self.expected(capture_time) - (self.base + position)
        self.error = self._min.push(capture_time, lateness) - self.correction
        settling = capture_time - self._began < cfg.settle_s
        band = cfg.settle_deadband if settling else cfg.deadband
        if abs(self.error) > cfg.jump or (settling and abs(self.error) > band):
            # A stall, or the start being placed: one slip, not a run of small ones, so a
            # recording has as few discontinuities as possible.
            step = round(self.error)
        elif abs(self.error) > (band / 4 if self._slewing else band):
            # Out of the band: back to near its middle, a little per block.
            self._slewing = True
            step = int(np.clip(round(self.error / 2), -cfg.max_slew, cfg.max_slew))
        else:
            self._slewing = False
            return 0
        self.correction += step
        self.slipped += abs(step)
        self.error -= step
        return step

    def place(self, produced: int) -> int:
        """Call position of session output sample ``produced`` (after slips so far)."""
        return self.base + produced + self.correction


class StreamPlacer:
    """One stream's blocks resampled to 16 kHz and placed on the call clock.

    ``feed`` returns the call position of the returned samples; consecutive
    results of one session are contiguous (slips are already applied).
    """

    def __init__(self, rate: int, channels: int, aligner: ClockAligner) -> None:
        self.rate = rate
        self.channels = channels
        self.aligner = aligner
        self.resampler = StreamResampler(rate, channels)
        self.next_position = 0
        self._pending = 0  # slip decided but not yet applied (drops wait for samples)
        self._last: np.ndarray | None = None

    def begin(self, capture_time: float) -> None:
        self.resampler = StreamResampler(self.rate, self.channels)
        self.aligner.begin(capture_time)
        self.next_position = self.aligner.base
        self._pending = 0
        self._last = None

    def feed(self, block: np.ndarray, capture_time: float) -> tuple[int, np.ndarray]:
        if not self.aligner.active:
            self.begin(capture_time)
        position = self.resampler.output_position(self.resampler.consumed)
        self._pending += self.aligner.observe(position, capture_time)
        out = self.resampler.process(block)
        if self._pending > 0:
            out = apply_slip(out, self._pending, self._last)
            self._pending = 0
        elif self._pending < 0 and len(out):
            drop = min(len(out), -self._pending)
            out = out[drop:]
            self._pending += drop
        start = self.next_position
        self.next_position += len(out)
        if len(out):
            self._last = out[-1]
        return start, out

    def end(self) -> None:
        """The stream closed: the next block starts a new session."""
        self.aligner.active = False


def apply_slip(samples: np.ndarray, slip: int, last: np.ndarray | None) -> np.ndarray:
    """Insert ``slip`` samples before ``samples`` (repeating the last one heard), or drop ``-slip``.

    Repeating a sample (rather than inserting zeros) keeps a one-sample slip
    inaudible; long insertions are silence, the right thing after a stall.
    """
    if slip <= 0:
        return samples[-slip:]
    channels = samples.shape[1]
    if slip <= 16 and last is not None:
        fill = np.repeat(last.reshape(1, channels), slip, axis=0)
    else:
        fill = np.zeros((slip, channels), samples.dtype)
    return np.concatenate([fill.astype(samples.dtype), samples])
