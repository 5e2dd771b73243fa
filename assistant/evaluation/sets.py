"""Which evaluation set a scenario belongs to: the tuning half or the test half.

The rule is fixed and looks only at the scenario's id (see ``eval/README.md``):
tune on one half, report the other, so the figures say how the detectors do on
calls they were not fitted to.
"""

from __future__ import annotations

import enum
import hashlib

from assistant.paths import PROJECT_DIR

OWN_SCENARIO_DIR = PROJECT_DIR / "eval" / "scenarios"


class Half(str, enum.Enum):
    TUNE = "tune"
    TEST = "test"

    def __str__(self) -> str:
        return self.value


def split_of(scenario_id: str) -> Half:
    """The half ``scenario_id`` belongs to: SHA-256 of the id, odd → test."""
    digest = hashlib.sha256(scenario_id.encode("utf-8")).digest()
    return Half.TEST if digest[-1] & 1 else Half.TUNE
