"""The other party leaking into a channel: line echo, sidetone, headset bleed.

Per 30 ms frame of both channels: is what channel A carries only channel B
leaking in? Leak is B's voice at a fixed coupling, a little late, so it is
judged from frame levels alone, a few operations per frame:

- While B speaks loudly and A carries something, the level difference
  ``A - B`` is followed at each lag up to ``leak_max_delay_s`` (running mean
  and spread). Leak follows every syllable of B at the same ratio, so at its
  lag the difference barely varies; a person talking over B rises and falls
  on their own, so their difference spreads widely.
- Once the spread at the best lag is small and A carried something on most of
  B's loud frames, the coupling (the mean difference there) is trusted.
- Then a frame of A no louder than B's frame at that lag (or next to it) plus
  the coupling plus a margin is leak. Someone speaking over B is far louder.
- Before B has spoken enough to measure, a frame 25 dB or more under B is leak.
- Whatever the measurement, a clearly pitched frame of A at B's pitch of the
  last few frames, and quieter than B, is B's voice: two people rarely share a
  pitch to 4 %, frame after frame.

The capture side has a correlation-based gate for the agent's microphone
(``assistant.capture.echo``); this one works on recordings too, both ways.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.audio.vad import FrameMeasure
from assistant.config import VadConfig
from assistant.timebase import frames

_LOUD_BELOW_CEILING_DB = 12.0  # B "speaks loudly" within this of its recent loudest ...
_LOUD_ABOVE_NOISE_DB = 15.0  # ... and this far above its noise floor
_PRESENT_DB = 6.0  # A "carries something" this far above its own noise floor
_RATE = 0.05  # smoothing per loud frame of B (time constant: 20 frames, 0.6 s of speech)
_TRUST_PRESENT = 0.7  # A carried something on this share of B's loud frames ...
_TRUST_SPREAD_DB = 9.0  # ... at a level difference this steady (standard deviation) ...
_TRUST_COUPLING_DB = -12.0  # ... and this far under B: leak is always much weaker
_EVIDENCE_FRAMES = 30  # B's loud frames needed before the measurement decides
# Until the coupling is measured, a frame 25 dB or more under the other channel's
# recent loudest is taken for leak: a person's own voice on a working line does
# not sit that far under the other party's.
_FAR_UNDER_DB = 25.0
# Measured and no steady coupling found: only a frame 30 dB under is leak (the
# quietest syllables of a quiet person speaking over a loud one may go too).
_FAR_UNDER_MEASURED_DB = 30.0
# A frame with the other party's pitch (within 4 %, at any lag up to the longest
# delay), clearly periodic and at least this much quieter, is their voice leaking.
_PITCH_TOLERANCE = 0.04
_PITCH_PERIODICITY = 0.5
_PITCH_QUIETER_DB = 6.0


@dataclass
class _Lag:
    """Running mean and variance (exponentially weighted) of one lag's level difference."""

    mean: float
    variance: float

    @property
    def spread(self) -> float:
        return math.sqrt(max(0.0, self.variance))

    def add(self, value: float) -> None:
        delta = value - self.mean
        self.mean += _RATE * delta
        self.variance += _RATE * (delta * (value - self.mean) - self.variance)


@dataclass
class _Direction:
    """Leak of one channel into another: statistics per lag (in frames)."""

    lags: list[_Lag]
    present: float = 0.0  # share of B's loud frames on which A carried something
    evidence: int = 0  # B's loud frames seen
    best: int = 0

    @property
    def measured(self) -> bool:
        return self.evidence >= _EVIDENCE_FRAMES

    @property
    def trusted(self) -> bool:
        best = self.lags[self.best]
        return (self.measured and self.present >= _TRUST_PRESENT
                and best.spread <= _TRUST_SPREAD_DB and best.mean <= _TRUST_COUPLING_DB)

    @property
    def coupling_db(self) -> float:
        return self.lags[self.best].mean


@dataclass
class CrossTalk:
    """Decides, frame by frame, which channels carry only the other party's voice."""

    config: VadConfig
    channels: int = 2
    _history: list[deque[float]] = field(init=False)
    _directions: dict[tuple[int, int], _Direction] = field(init=False)

    def __post_init__(self) -> None:
        depth = frames(self.config.leak_max_delay_s) + 1
        self._history = [deque([-math.inf] * depth, maxlen=depth) for _ in range(self.channels)]
        self._pitch: list[deque[int]] = [deque([0] * depth, maxlen=depth)
                                         for _ in range(self.channels)]
        prior = self.config.leak_prior_db
        self._directions = {
            (src, dst): _Direction([_Lag(prior, 36.0) for _ in range(depth)])
            for src in range(self.channels) for dst in range(self.channels) if src != dst}

    def coupling_db(self, src: int, dst: int) -> float | None:
        """The measured leak of ``src`` into ``dst``, once it is established."""
        d = self._directions[(src, dst)]
        return d.coupling_db if d.trusted else None

    def update(
        self, measures: Sequence[FrameMeasure], noise: Sequence[float], ceilings: Sequence[float]
    ) -> list[bool]:
        """One frame of each channel, with each channel's noise floor and ceiling (dBFS).

        Returns, per channel, whether this frame is only the other party leaking in.
        """
        levels = [m.level_dbfs for m in measures]
        for ch, m in enumerate(measures):
            self._history[ch].appendleft(m.level_dbfs)  # index k: k frames ago
            self._pitch[ch].appendleft(m.pitch_lag if m.periodicity >= _PITCH_PERIODICITY else 0)
        leak = [False] * self.channels
        for (src, dst), d in self._directions.items():
            history, a = self._history[src], levels[dst]
            loud = (math.isfinite(ceilings[src])
                    and max(history) >= ceilings[src] - _LOUD_BELOW_CEILING_DB
                    and max(history) >= noise[src] + _LOUD_ABOVE_NOISE_DB)
            if loud:
                d.evidence += 1
                present = a >= noise[dst] + _PRESENT_DB
                d.present += _RATE * (float(present) - d.present)
                # Once the leak is known, A far above it is A's own voice: it says
                # nothing about the leak and must not blur it.
                ceiling = max(history) + d.coupling_db + 2 * self.config.leak_margin_db
                own = d.trusted and a > ceiling
                if present and not own:
                    for k, lag in enumerate(d.lags):
                        if math.isfinite(history[k]):
                            lag.add(a - history[k])
                    d.best = min(range(len(d.lags)), key=lambda k: d.lags[k].spread)
            if d.trusted:
                k = d.best
                source = max(history[j] for j in range(max(0, k - 1), min(len(history), k + 2)))
                leak[dst] |= a <= source + d.coupling_db + self.config.leak_margin_db
            else:
                far = _FAR_UNDER_DB if not d.measured else _FAR_UNDER_MEASURED_DB
                leak[dst] |= a <= max(history) - far
            period = self._pitch[dst][0]
            if period and a <= max(history) - _PITCH_QUIETER_DB and any(
                    _same_pitch(period, other) for other in self._pitch[src]):
                leak[dst] = True
        return leak


def _same_pitch(a: int, b: int) -> bool:
    """Whether two pitch periods are the same voice, allowing for octave slips."""
    if not a or not b:
        return False
    ratio = a / b if a >= b else b / a
    return abs(ratio - 1) <= _PITCH_TOLERANCE
