"""What the batch transcription child tells the app: typed records, one JSON line each.

The wire format (``{"event": "file", "index": 0, ...}``) is the child's stdout
protocol; both sides go through ``to_line`` and ``from_line`` so neither handles
loose dicts.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Loading:
    """The model is loading."""


@dataclass(frozen=True)
class FileStarted:
    index: int
    path: str
    duration: float | None  # seconds, as the file's header states it


@dataclass(frozen=True)
class FileProgress:
    index: int
    seconds: float  # transcribed so far


@dataclass(frozen=True)
class FileSaved:
    index: int
    call_id: int
    notes: list[str]


@dataclass(frozen=True)
class Failed:
    index: int | None  # None: the whole batch
    message: str


@dataclass(frozen=True)
class BatchDone:
    saved: int
    failed: int


BatchMessage = Loading | FileStarted | FileProgress | FileSaved | Failed | BatchDone
_KINDS: dict[str, type[BatchMessage]] = {
    "loading": Loading, "file": FileStarted, "progress": FileProgress, "saved": FileSaved,
    "error": Failed, "done": BatchDone,
}
_NAMES = {cls: name for name, cls in _KINDS.items()}


def to_line(message: BatchMessage) -> str:
    return json.dumps({"event": _NAMES[type(message)], **dataclasses.asdict(message)},
                      ensure_ascii=False)


def from_line(line: bytes | str) -> BatchMessage | None:
    """The message on ``line``; None for anything else (a stray print from a library)."""
    try:
        raw: Any = json.loads(line)
        cls = _KINDS[raw.pop("event")]
        return cls(**raw)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
