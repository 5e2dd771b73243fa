"""The evaluation sets ``assistant eval --set`` runs, and which half a scenario is in.

- **public**: the example scenarios beside the repository (``../shared/scenarios``).
- **tune** / **test**: the two halves of our own scenarios (``eval/scenarios``). The
  rule is fixed and looks only at the scenario's id (see ``eval/README.md``): tune
  on one half, report the other, so the figures say how the detectors do on calls
  they were not fitted to.
- **real**: two-channel calls built from real recordings in ``../shared/data``,
  already rendered (``<id>.wav`` + ``<id>.timeline.json``), by
  ``assistant.evaluation.real_speech`` when that module is present.
"""

from __future__ import annotations

import enum
import hashlib
import importlib
import json
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import InputError
from assistant.paths import PROJECT_DIR

OWN_SCENARIO_DIR = PROJECT_DIR / "eval" / "scenarios"
PUBLIC_SCENARIO_DIR = PROJECT_DIR.parent / "shared" / "scenarios"
SHARED_DIR = PROJECT_DIR.parent / "shared"
SET_NAMES = ("public", "tune", "test", "real")
# The module that builds the real-speech calls, and the function it must offer:
# ``build_real_calls(out_dir: Path, shared_dir: Path) -> list[Path]``, the
# ``<id>.timeline.json`` files it wrote (each with ``<id>.wav`` beside it).
REAL_SPEECH_MODULE = "assistant.evaluation.real_speech"
REAL_SPEECH_BUILDER = "build_real_calls"


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
    unknown = [n for n in names if n not in SET_NAMES]
    if unknown or not names:
        raise InputError(f"unknown evaluation set {', '.join(unknown) or repr(text)} "
                         f"(choose from {', '.join(SET_NAMES)}, or all)")
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


def build_set(name: str, work_dir: Path) -> EvalSet:
    """The paths of one set; ``work_dir`` receives the real-speech calls when built."""
    if name == "public":
        if not PUBLIC_SCENARIO_DIR.is_dir():
            raise InputError(f"the public set needs {PUBLIC_SCENARIO_DIR}, which does not exist")
        return EvalSet(name, (PUBLIC_SCENARIO_DIR,))
    if name in (Half.TUNE.value, Half.TEST.value):
        if not OWN_SCENARIO_DIR.is_dir():
            raise InputError(f"the {name} set needs {OWN_SCENARIO_DIR}, which does not exist")
        return EvalSet(name, tuple(own_scripts(Half(name))))
    if name == "real":
        return EvalSet(name, tuple(_real_calls(work_dir / "real")))
    raise InputError(f"unknown evaluation set {name!r}")


def _real_calls(out_dir: Path) -> list[Path]:
    try:
        module = importlib.import_module(REAL_SPEECH_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != REAL_SPEECH_MODULE:
            raise
        raise InputError("the real-speech set is not part of this version "
                         f"({REAL_SPEECH_MODULE} is missing)") from None
    if not SHARED_DIR.is_dir():
        raise InputError(f"the real set needs {SHARED_DIR}, which does not exist")
    out_dir.mkdir(parents=True, exist_ok=True)
    timelines: list[Path] = getattr(module, REAL_SPEECH_BUILDER)(out_dir, SHARED_DIR)
    return list(timelines)
