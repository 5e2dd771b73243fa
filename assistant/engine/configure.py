"""The engine's configuration and recogniser from a front end's few choices.

The command line's flags and the app's settings both come through here, so
a call configured in either runs the same engine.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assistant.asr.models import resolve_model
from assistant.asr.whisper import WhisperRecognizer, check_language
from assistant.config import EngineConfig, TranscriptionOptions
from assistant.privacy import RedactionConfig, parse_categories


def redaction_config(redact: str, keep_unredacted_audio: bool) -> RedactionConfig:
    """``redact``: "all", "none" or a comma list of categories (ValueError names unknown ones)."""
    categories = parse_categories(redact)
    return RedactionConfig(enabled=bool(categories), categories=categories,
                           keep_unredacted_audio=keep_unredacted_audio)


def build_engine_config(language: str, min_overlap_s: float, *, threads: int | None = None,
                        vad_aggressiveness: int | None = None, beam_size: int | None = None,
                        privacy: RedactionConfig | None = None,
                        base: EngineConfig | None = None) -> EngineConfig:
    """``language``: a code or "auto" (checked here); None leaves the default."""
    base = base or EngineConfig()
    if privacy is not None:
        base = dataclasses.replace(base, privacy=privacy)
    transcription = dataclasses.replace(base.transcription, language=check_language(language))
    if threads is not None:
        transcription = dataclasses.replace(transcription, cpu_threads=threads)
    if beam_size is not None:
        transcription = dataclasses.replace(transcription, beam_size=beam_size)
    vad = base.vad
    if vad_aggressiveness is not None:
        vad = dataclasses.replace(vad, aggressiveness=vad_aggressiveness)
    return dataclasses.replace(
        base, vad=vad, transcription=transcription,
        talkover=dataclasses.replace(base.talkover, min_overlap_s=float(min_overlap_s)))


def load_recognizer(model: str, models_dir: Path, options: TranscriptionOptions
                    ) -> WhisperRecognizer:
    """An installed model by name (or a model folder), ready to transcribe."""
    return WhisperRecognizer(resolve_model(model, models_dir), options)
