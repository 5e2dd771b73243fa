"""``assistant transcribe FILE...``: offline transcription with the same analysis as live."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from assistant.asr.whisper import Recognizer
from assistant.audio.source import FileAudioSource
from assistant.cli.calls_cmd import open_store
from assistant.cli.common import add_engine_arguments, engine_config, load_recognizer
from assistant.cli.progress import FileProgress
from assistant.config import EngineConfig
from assistant.engine.result import CallResult
from assistant.errors import AssistantError, InputError
from assistant.i18n.languages import UI_LANGUAGES
from assistant.report.render import FORMATS, render
from assistant.services.transcribe import save_recording, transcribe_recording
from assistant.store import CallStore
from assistant.store.types import clean_name, clean_tags
from assistant.timebase import samples


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "transcribe",
        help="transcribe recordings and find talk-overs and repeated requests",
        description="Transcribe call recordings on this machine. Stereo files carry one party "
        "per channel (agent on the left by default); mono files are transcribed with speakers "
        "unknown.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="audio files (WAV, FLAC, MP3, "
                        "M4A, OGG, …)")
    add_engine_arguments(parser)
    parser.add_argument("--format", default="json,md",
                        help=f"comma-separated output formats from {','.join(FORMATS)} "
                        "(default: json,md)")
    parser.add_argument("--out", type=Path, default=Path("."), metavar="DIR",
                        help="folder for the outputs (default: current directory)")
    parser.add_argument("--report-language", choices=UI_LANGUAGES, default="en",
                        help="the language of the review and the exports' headings, labels "
                        "and numbers, whatever the call's language (default: en)")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress display on the terminal (there is none in a pipe or "
                        "a log either)")
    parser.add_argument("--as-if-live", action="store_true",
                        help="replay as if live on this CPU, stamping each event with the moment "
                        "it would have appeared")
    library = parser.add_argument_group("call library")
    library.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                         help="folder of the call library each transcribed file is saved in "
                         "(default: the user data folder; see `assistant calls`)")
    library.add_argument("--no-store", action="store_true",
                         help="do not save the calls in the library")
    library.add_argument("--no-audio", action="store_true",
                         help="save only the text: not where the recording is")
    library.add_argument("--agent", default=None, metavar="NAME",
                         help="the agent who took these calls (see `assistant calls stats`)")
    library.add_argument("--tag", action="append", default=[], metavar="TAG",
                         help="a free label for these calls (repeat for several)")
    batch = parser.add_argument_group("many files at once")
    batch.add_argument("--jobs", type=int, default=1, metavar="N",
                       help="transcribe N files at a time in N processes on this machine, "
                       "sharing its cores (default: 1)")
    batch.add_argument("--cluster", default=None, metavar="ADDRESS",
                       help="spread the files over the workers of a running Dask scheduler, "
                       "e.g. tcp://10.0.0.5:8786 (needs the 'cluster' extra; see README)")
    parser.set_defaults(run=run)


def parse_formats(text: str) -> list[str]:
    formats = [f.strip().lower() for f in text.split(",") if f.strip()]
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise InputError(f"unknown output format '{','.join(unknown) or text}': choose from "
                         f"{','.join(FORMATS)}")
    return formats


def run(args: argparse.Namespace) -> int:
    formats = parse_formats(args.format)
    config = engine_config(args)
    args.agent, args.tag = clean_name(args.agent), clean_tags(args.tag)  # bad ones fail now
    if args.jobs < 1:
        raise InputError("--jobs must be at least 1")
    if args.cluster and args.jobs != 1:
        raise InputError("--jobs and --cluster: choose one (on a cluster, its workers are "
                         "the jobs)")
    if args.out.exists() and not args.out.is_dir():
        raise InputError(f"--out {args.out}: is not a folder")
    args.out.mkdir(parents=True, exist_ok=True)
    # Opened before the model loads, so an unusable library fails in a second, not a minute.
    store = None if args.no_store else open_store(args.data_dir)
    try:
        if args.cluster or args.jobs > 1:
            from assistant.cli.transcribe_batch import run_batch

            return run_batch(args, config, formats, store, _deliver)
        recognizer = load_recognizer(args, config)
        progress = FileProgress(sys.stderr, enabled=False if args.quiet else None)
        failures = 0
        for index, name in enumerate(args.files, start=1):
            path = Path(name)
            try:
                progress.start(path.name, index, len(args.files), _declared_length(path))
                failures += _transcribe_one(path, args, config, recognizer, formats, store,
                                            progress)
            except AssistantError as exc:
                progress.clear()
                print(f"assistant: error: {exc}", file=sys.stderr)
                logging.getLogger(__name__).warning("%s", exc)
                failures += 1
    finally:
        if store is not None:
            store.close()
    return 1 if failures else 0


def _transcribe_one(
    path: Path,
    args: argparse.Namespace,
    config: EngineConfig,
    recognizer: Recognizer,
    formats: list[str],
    store: CallStore | None,
    progress: FileProgress,
) -> int:
    try:
        replay = transcribe_recording(path, config, recognizer, agent_channel=args.agent_channel,
                                      as_if_live=args.as_if_live, on_progress=progress.update)
    finally:
        progress.clear()
    return _deliver(path, replay.result, replay.damage, args, formats, store)


def _deliver(
    path: Path,
    result: CallResult,
    damage: str | None,
    args: argparse.Namespace,
    formats: list[str],
    store: CallStore | None,
) -> int:
    """A transcribed file, wherever it ran: its outputs written, its summary said, and the
    call saved in the library (in one transaction). 1 when the file was damaged."""
    stem = path.stem
    for fmt in formats:
        target = args.out / f"{stem}.{fmt}"
        target.write_text(render(result, fmt, language=args.report_language), encoding="utf-8")
    written = ", ".join(f"{stem}.{f}" for f in formats)
    s = result.stats
    # The summary goes to stdout: stderr is kept for problems, one line each.
    print(f"{path}: {len(result.utterances)} utterances, {s.talkovers} talk-overs, "
          f"{s.repeats} repeats → {written}")
    for note in result.notes:
        print(f"{path}: note: {note}")
    if store is not None:
        call_id = save_recording(store, path, result, keep_audio=not args.no_audio,
                                 agent=args.agent, tags=args.tag)
        print(f"{path}: saved as call {call_id} (assistant calls show {call_id})")
    if damage:
        print(f"assistant: error: {damage}", file=sys.stderr)
        return 1
    return 0


def _declared_length(path: Path) -> int | None:
    """The file's length as its header states it (samples), for the progress display; None
    when it does not say. A file that cannot be opened fails here, in one line."""
    source = FileAudioSource(path)
    try:
        declared = source.info.declared_duration
    finally:
        source.close()
    return None if declared is None else samples(declared)
