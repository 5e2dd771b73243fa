"""What goes into the call library and what comes out of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.engine.result import CallResult
from assistant.errors import InputError

SOURCES = ("live", "file", "demo")
RECORDING, FINISHED, RECOVERED = "recording", "finished", "recovered"
MAX_NAME = 80  # characters of an agent name or a tag


def clean_name(text: str | None, what: str = "agent name") -> str | None:
    """An agent name or tag with its spaces tidied; None when blank. Commas are refused:
    lists of tags are written with them."""
    if text is None:
        return None
    name = " ".join(text.split())
    if not name:
        return None
    if "," in name:
        raise InputError(f"a {what} cannot contain a comma: '{name}'")
    if len(name) > MAX_NAME:
        raise InputError(f"a {what} can be at most {MAX_NAME} characters: '{name[:30]}…'")
    return name


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags tidied, blanks dropped, each once (case-insensitively), in the order given."""
    out: dict[str, str] = {}
    for tag in tags:
        name = clean_name(tag, "tag")
        if name is not None:
            out.setdefault(name.casefold(), name)
    return tuple(out.values())


@dataclass(frozen=True)
class NewCall:
    source: str  # "live" | "file" | "demo"
    title: str  # e.g. file name, or "Call 2026-11-22 14:03"
    started_at: datetime  # timezone-aware (UTC)
    language: str | None
    model: str
    keep_audio: bool = True
    source_path: str | None = None  # the original file for "file" calls
    agent: str | None = None  # who took the call (Settings, or --agent)
    tags: tuple[str, ...] = ()  # free labels ("billing", "week 48 coaching")
    # Utterances whose text was redacted are muted in the stored audio (both channels:
    # each carries an echo of the other); False keeps the audio as said.
    mute_redacted: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "agent", clean_name(self.agent))
        object.__setattr__(self, "tags", clean_tags(self.tags))
        if self.source not in SOURCES:
            raise ValueError(f"unknown call source {self.source!r}: one of {SOURCES}")
        if self.started_at.tzinfo is None:
            raise ValueError("started_at must be timezone-aware")


@dataclass(frozen=True)
class CallSummary:
    id: int
    title: str
    source: str
    started_at: datetime  # UTC
    duration_s: float
    language: str | None
    model: str
    status: str  # "recording" | "finished" | "recovered"
    talkovers: int
    repeats: int
    has_audio: bool
    agent: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredCall:
    summary: CallSummary
    result: CallResult
    audio_path: Path | None  # the library's copy, else the original file if it still exists
