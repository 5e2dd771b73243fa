"""The evaluation sets ``assistant eval --set`` runs, and which half a scenario is in.

- **public**: the example scenarios beside the repository (``../shared/scenarios``).
- **tune** / **test**: the two halves of our own scenarios (``eval/scenarios``). The
  rule is fixed and looks only at the scenario's id (see ``eval/README.md``): tune
  on one half, report the other, so the figures say how the detectors do on calls
  they were not fitted to.
- **real-ami**, **real-tune**, **real-test** (``real`` for all three): two-channel
  calls built from real recordings in ``../shared/data`` by
  ``assistant.evaluation.real_speech``, already rendered (``<id>.wav`` +
  ``<id>.timeline.json``): the 13 AMI clips whole, and the halves of the calls
  placed from real utterances (split by the same rule, on the call's id).
"""

from __future__ import annotations

import enum
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError
from assistant.paths import PROJECT_DIR

OWN_SCENARIO_DIR = PROJECT_DIR / "eval" / "scenarios"
PUBLIC_SCENARIO_DIR = PROJECT_DIR.parent / "shared" / "scenarios"
SHARED_DIR = PROJECT_DIR.parent / "shared"
REAL_SET_NAMES = ("real-ami", "real-tune", "real-test")
SET_NAMES = ("public", "tune", "test", *REAL_SET_NAMES)


class Half(str, enum.Enum):
    TUNE = "tune"
    TEST = "test"

    def __str__(self) -> str:
        return self.value


def split_of(scenario_id: str) -> Half:
    """The half ``scenario_id`` belongs to: SHA-256 of the id, odd → test."""
    digest = hashlib.sha256(scenario_id.encode("utf-8")).digest()
    return Half.TEST if digest[-1] & 1 else Half.TUNE


@dataclass(frozen=True)
class EvalSet:
    """One named set: the scripts (or rendered calls' timelines) it consists of."""

    name: str
    paths: tuple[Path, ...]


def parse_set_names(text: str) -> list[str]:
    """``"public,test"`` → ``["public", "test"]``; ``all`` is every set. Bad names: InputError."""
    names = [n.strip() for n in text.split(",") if n.strip()]
    if names == ["all"]:
        return list(SET_NAMES)
    names = [r for n in names for r in (REAL_SET_NAMES if n == "real" else (n,))]
    unknown = [n for n in names if n not in SET_NAMES]
    if unknown or not names:
        raise InputError(f"unknown evaluation set {', '.join(unknown) or repr(text)} "
                         f"(choose from {', '.join(SET_NAMES)}, real, or all)")
    return list(dict.fromkeys(names))


def own_scripts(half: Half, folder: Path = OWN_SCENARIO_DIR) -> list[Path]:
    """Our own scenario scripts in one half, sorted by file name."""
    out = []
    for path in sorted(folder.glob("*.json")):
        try:
            scenario_id = json.loads(path.read_text(encoding="utf-8"))["id"]
        except (OSError, ValueError, KeyError, TypeError):
            scenario_id = path.stem  # the runner reports the bad script in one line
        if split_of(str(scenario_id)) is half:
            out.append(path)
    return out


def build_set(name: str) -> EvalSet:
    """The paths of one set (the real-speech calls are built into the render cache once)."""
    if name == "public":
        if not PUBLIC_SCENARIO_DIR.is_dir():
            raise InputError(f"the public set needs {PUBLIC_SCENARIO_DIR}, which does not exist")
        return EvalSet(name, (PUBLIC_SCENARIO_DIR,))
    if name in (Half.TUNE.value, Half.TEST.value):
        if not OWN_SCENARIO_DIR.is_dir():
            raise InputError(f"the {name} set needs {OWN_SCENARIO_DIR}, which does not exist")
        return EvalSet(name, tuple(own_scripts(Half(name))))
    if name in REAL_SET_NAMES:
        from assistant.evaluation.real_speech import build_real_set, part_of
        from assistant.scenarios.render import default_cache_dir

        if not (SHARED_DIR / "data").is_dir():
            raise InputError(f"the {name} set needs {SHARED_DIR / 'data'}, which does not exist")
        part = name.removeprefix("real-")
        calls = build_real_set(SHARED_DIR / "data", default_cache_dir().parent)
        return EvalSet(name, tuple(c.timeline_path for c in calls if part_of(c) == part))
    raise InputError(f"unknown evaluation set {name!r}")
