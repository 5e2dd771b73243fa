"""Arguments shared by the commands that run the engine, and turning them into config."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path

from assistant.asr.models import DEFAULT_MODEL
from assistant.asr.whisper import Recognizer, WhisperRecognizer
from assistant.config import EngineConfig, TalkOverConfig, TranscriptionOptions, VadConfig
from assistant.engine.configure import build_engine_config, redaction_config
from assistant.engine.configure import load_recognizer as load_model
from assistant.errors import InputError
from assistant.paths import default_models_dir
from assistant.privacy import CATEGORIES


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("engine")
    group.add_argument("--language", default="auto",
                       help="language of the call: en, sv, da, … or auto (detected once on the "
                       "customer's first words; set it for Swedish and Danish)")
    group.add_argument("--model", default=DEFAULT_MODEL,
                       help=f"an installed model's name (see `assistant models list`) or a "
                       f"CTranslate2 Whisper folder (default: {DEFAULT_MODEL})")
    group.add_argument("--models-dir", type=Path, default=None, help=argparse.SUPPRESS)
    group.add_argument("--agent-channel", choices=("left", "right"), default="left",
                       help="which stereo channel carries the agent (default: left)")
    group.add_argument("--threads", type=int, default=min(2, os.cpu_count() or 1),
                       help="CPU threads for the recogniser (default: 2)")
    group.add_argument("--min-overlap", type=float, default=TalkOverConfig.min_overlap_s,
                       help="seconds of overlap that make a talk-over (default: %(default)s)")
    group.add_argument("--vad-aggressiveness", type=int, choices=range(4),
                       default=VadConfig.aggressiveness, help=argparse.SUPPRESS)
    group.add_argument("--beam-size", type=int, default=TranscriptionOptions.beam_size,
                       help=argparse.SUPPRESS)
    privacy = parser.add_argument_group("privacy")
    privacy.add_argument("--redact", default="all", metavar="WHAT",
                         help="personal data replaced by tags such as [card number] before "
                         f"anything is stored or exported: all (default), none, or some of "
                         f"{','.join(CATEGORIES)}")
    privacy.add_argument("--keep-unredacted-audio", action="store_true",
                         help="keep the stored recording as said, personal data included "
                         "(default: utterances with redacted words are muted; the transcript "
                         "is redacted either way)")


def engine_config(args: argparse.Namespace) -> EngineConfig:
    """One explicit configuration object from the command line; nothing read from globals."""
    if args.threads < 1:
        raise InputError("--threads must be at least 1")
    if not 0.2 <= args.min_overlap <= 5.0:
        raise InputError("--min-overlap must be between 0.2 and 5 seconds")
    try:
        privacy = redaction_config(args.redact, args.keep_unredacted_audio)
    except ValueError as exc:
        raise InputError(f"--redact: {exc}") from None
    return build_engine_config(args.language, args.min_overlap, threads=args.threads,
                               vad_aggressiveness=args.vad_aggressiveness,
                               beam_size=args.beam_size, privacy=privacy)


def load_recognizer(args: argparse.Namespace, config: EngineConfig) -> WhisperRecognizer:
    return load_model(args.model, args.models_dir or default_models_dir(), config.transcription)


def light_model(args: argparse.Namespace) -> Callable[[], Recognizer | None] | None:
    """Live: the small English model to catch up with when behind (if installed)."""
    from assistant.engine.session import light_model_loader

    return light_model_loader(args.models_dir or default_models_dir(), args.threads)
