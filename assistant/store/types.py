"""What goes into the call library and what comes out of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from assistant.engine.result import CallResult

SOURCES = ("live", "file", "demo")
RECORDING, FINISHED, RECOVERED = "recording", "finished", "recovered"


@dataclass(frozen=True)
class NewCall:
    source: str  # "live" | "file" | "demo"
    title: str  # e.g. file name, or "Call 2026-11-22 14:03"
    started_at: datetime  # timezone-aware (UTC)
    language: str | None
    model: str
    keep_audio: bool = True
    source_path: str | None = None  # the original file for "file" calls
    # Utterances whose text was redacted are muted in the stored audio (both channels:
    # each carries an echo of the other); False keeps the audio as said.
    mute_redacted: bool = True

    def __post_init__(self) -> None:
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


@dataclass(frozen=True)
class StoredCall:
    summary: CallSummary
    result: CallResult
    audio_path: Path | None  # the library's copy, else the original file if it still exists
