"""Transcribing a recording into the library: what ``assistant transcribe`` and the app's
batch child process both do, file by file."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from assistant.asr.whisper import Recognizer
from assistant.config import EngineConfig
from assistant.engine.replay import replay_file
from assistant.engine.result import CallResult
from assistant.records import EngineOutput
from assistant.store import CallStore, NewCall


@dataclass(frozen=True)
class Transcribed:
    result: CallResult
    damage: str | None  # the file broke off part-way: what was heard is still in ``result``


def transcribe_recording(path: Path, config: EngineConfig, recognizer: Recognizer, *,
                         agent_channel: str = "left", as_if_live: bool = False,
                         on_output: Callable[[EngineOutput], None] | None = None,
                         on_progress: Callable[[int], None] | None = None) -> Transcribed:
    replay = replay_file(path, config, recognizer, agent_channel=agent_channel,
                         as_if_live=as_if_live, on_output=on_output, on_progress=on_progress)
    result = replay.result
    if config.transcription.language is None and result.language is None:
        result = dataclasses.replace(result, notes=[*result.notes, "no speech heard"])
    return Transcribed(result, replay.damage)


def save_recording(store: CallStore, path: Path, result: CallResult, keep_audio: bool,
                   agent: str | None = None, tags: tuple[str, ...] = ()) -> int:
    """The library keeps the original file's path, not a copy: the review plays the original."""
    call = NewCall(source="file", title=path.name, started_at=datetime.now(timezone.utc),
                   language=result.language, model=result.model, keep_audio=keep_audio,
                   source_path=str(path.resolve()) if keep_audio else None, agent=agent,
                   tags=tags)
    return store.save_result(call, result, audio=None)
