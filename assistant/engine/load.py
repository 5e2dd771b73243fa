"""Live only: keeping the transcript close to real time when the CPU is short.

The recogniser's lag is the capture position minus the hand-over time of the
oldest utterance it has not finished. While it grows the recogniser sheds work
in steps, and goes back with hysteresis once it has caught up:

- ``PARTIALS_OFF`` (over ``skip_partials_s``): no partial hypotheses, finals only;
- ``LIGHT`` (over ``light_s``): greedy, no retry, a shorter token budget,
  and for an English call the small English model when it is installed.

File replay and ``assistant eval`` never use this: their results must not depend
on how fast the machine is.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from assistant.timebase import samples


class LoadMode(enum.IntEnum):
    NORMAL = 0
    PARTIALS_OFF = 1
    LIGHT = 2


@dataclass(frozen=True)
class LagPolicy:
    # A decode of a long utterance takes ~1 s on a slow 2-core CPU: past 1.5 s of lag
    # the partials (each a decode of the growing utterance) are what to drop first.
    skip_partials_s: float = 1.5
    light_s: float = 4.0  # two or three finals queued: decode them the cheap way
    recover_s: float = 0.8  # back one step only when this close to real time
    show_s: float = 2.0  # "transcript N s behind" on screen from this lag


class LoadGovernor:
    """Chooses the recogniser's mode from its lag; a plain object, fed by the pipeline."""

    def __init__(self, policy: LagPolicy | None = None) -> None:
        self.policy = policy or LagPolicy()
        self._partials = samples(self.policy.skip_partials_s)
        self._light = samples(self.policy.light_s)
        self._recover = samples(self.policy.recover_s)
        self.mode = LoadMode.NORMAL
        self.changes = 0
        self.light_decodes = 0

    def update(self, behind: int) -> LoadMode:
        before = self.mode
        if behind >= self._light:
            self.mode = LoadMode.LIGHT
        elif behind >= self._partials:
            self.mode = max(self.mode, LoadMode.PARTIALS_OFF)
        elif behind <= self._recover and self.mode > LoadMode.NORMAL:
            self.mode = LoadMode(self.mode - 1)
        self.changes += self.mode != before
        return self.mode
