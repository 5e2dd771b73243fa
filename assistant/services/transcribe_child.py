"""The app's batch transcription, run in a child process (Qt-free).

``python -m assistant.services.transcribe_child --data-dir DIR FILE...`` does what
``assistant transcribe`` does (``services.transcribe``, the same library
rows) and reports progress as ``batch_messages``, one JSON line each on
stdout, which the app reads. A crash or a kill here cannot take the app down, and cancelling
is terminating this process: a file is saved in one transaction or not at all.

    {"event": "loading"}
    {"event": "file", "index": 0, "path": "...", "duration": 58.7}
    {"event": "progress", "index": 0, "seconds": 12.5}
    {"event": "saved", "index": 0, "call_id": 7, "notes": []}
    {"event": "error", "index": 0, "message": "..."}   (index null: the whole batch)
    {"event": "done", "saved": 1, "failed": 0}
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.records import EngineOutput, Utterance
from assistant.services.batch_messages import (
    BatchDone,
    BatchMessage,
    Failed,
    FileProgress,
    FileSaved,
    FileStarted,
    Loading,
    to_line,
)
from assistant.settings import AppSettings
from assistant.timebase import seconds

_EVERY_S = 0.25  # at most this often a progress line (wall time)


def _say(message: BatchMessage) -> None:
    sys.stdout.write(to_line(message) + "\n")
    sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m assistant.services.transcribe_child")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--model", default=AppSettings.model)
    p.add_argument("--models-dir", default=None)
    p.add_argument("--language", default="auto")
    p.add_argument("--min-overlap", type=float, default=AppSettings.min_overlap_s)
    p.add_argument("--agent-channel", choices=("left", "right"), default="left")
    p.add_argument("--no-audio", action="store_true")
    return p


def arguments(settings: AppSettings, data_dir: Path, files: Sequence[Path]) -> list[str]:
    """The command line for ``settings`` (used by the app to start this process)."""
    args = ["--data-dir", str(data_dir), "--model", settings.model, "--language",
            settings.language, "--min-overlap", str(settings.min_overlap_s),
            "--agent-channel", settings.agent_channel]
    if settings.models_dir:
        args += ["--models-dir", settings.models_dir]
    if not settings.keep_audio:
        args.append("--no-audio")
    return [*args, "--", *map(str, files)]


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = AppSettings(model=args.model, models_dir=args.models_dir,
                           language=args.language, min_overlap_s=args.min_overlap,
                           agent_channel=args.agent_channel, keep_audio=not args.no_audio)
    try:
        from assistant.engine.configure import load_recognizer
        from assistant.store import CallStore

        settings, _ = settings.validated()
        config = settings.engine_config()
        store = CallStore(args.data_dir)
        _say(Loading())
        recognizer = load_recognizer(settings.model, settings.models_path(), config.transcription)
    except AssistantError as exc:
        _say(Failed(None, str(exc)))
        _say(BatchDone(0, len(args.files)))
        return 2
    saved = failed = 0
    for index, path in enumerate(args.files):
        try:
            call_id, notes = _one(index, path, settings, config, recognizer, store)
            _say(FileSaved(index, call_id, notes))
            saved += 1
        except AssistantError as exc:
            _say(Failed(index, str(exc)))
            failed += 1
        except Exception as exc:  # a bug with this file: say so, and go on with the next
            _say(Failed(index, f"unexpected error: {exc!r}"))
            failed += 1
    store.close()
    _say(BatchDone(saved, failed))
    return 1 if failed else 0


def _one(index: int, path: Path, settings: AppSettings, config: Any, recognizer: Any,
         store: Any) -> tuple[int, list[str]]:
    from assistant.audio.source import FileAudioSource
    from assistant.services.transcribe import save_recording, transcribe_recording

    probe = FileAudioSource(path)  # a bad file fails here, in one line
    _say(FileStarted(index, str(path), probe.info.declared_duration))
    probe.close()
    last = [0.0]

    def on_output(item: EngineOutput) -> None:
        now = time.monotonic()
        if isinstance(item, Utterance) and now - last[0] >= _EVERY_S:
            last[0] = now
            _say(FileProgress(index, round(seconds(item.span.end), 1)))

    done = transcribe_recording(path, config, recognizer, agent_channel=settings.agent_channel,
                                on_output=on_output)
    notes = list(done.result.notes) + ([done.damage] if done.damage else [])
    return save_recording(store, path, done.result, settings.keep_audio), notes


if __name__ == "__main__":
    sys.exit(run())
