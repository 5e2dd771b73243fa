"""``assistant transcribe --jobs N`` / ``--cluster ADDRESS``: files transcribed elsewhere
(other processes, other machines), delivered here as each finishes, exactly as a one-by-one
run delivers them: the same outputs, the same library rows."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.batch.job import FileOutcome, JobSettings
from assistant.cli.progress import BatchProgress
from assistant.config import EngineConfig
from assistant.engine.result import CallResult
from assistant.paths import default_models_dir
from assistant.store import CallStore

Deliver = Callable[
    [Path, CallResult, "str | None", argparse.Namespace, list[str], "CallStore | None"], int,
]


def run_batch(args: argparse.Namespace, config: EngineConfig, formats: list[str],
              store: CallStore | None, deliver: Deliver) -> int:
    names = [str(Path(name)) for name in args.files]
    progress = BatchProgress(sys.stderr, len(names), enabled=False if args.quiet else None)

    def notice(text: str) -> None:
        progress.clear()
        print(f"assistant: warning: {text}", file=sys.stderr)

    outcomes = _outcomes(args, config, names, notice)
    failures = 0
    progress.update(0)
    try:
        for done, outcome in enumerate(outcomes, start=1):
            progress.clear()
            if outcome.result is None:
                print(f"assistant: error: {outcome.error}", file=sys.stderr)
                failures += 1
            else:
                failures += deliver(Path(outcome.name), outcome.result, outcome.damage, args,
                                    formats, store)
            progress.update(done)
    finally:
        progress.clear()  # also before an error that ends the batch, so it gets a clean line
    return 1 if failures else 0


def _outcomes(args: argparse.Namespace, config: EngineConfig, names: list[str],
              notice: Callable[[str], None]) -> Iterator[FileOutcome]:
    if args.cluster:
        from assistant.batch.cluster import run_on_cluster

        # The workers' own models folder unless one is named (it must then exist on each).
        settings = JobSettings(config, args.model,
                               str(args.models_dir) if args.models_dir else None,
                               args.agent_channel, args.as_if_live)
        return run_on_cluster(args.cluster, settings, names, on_notice=notice)
    from assistant.asr.models import resolve_model
    from assistant.batch.local import run_local

    models_dir = args.models_dir or default_models_dir()
    resolve_model(args.model, models_dir)  # a wrong model fails once here, not once per file
    settings = JobSettings(config, args.model, str(models_dir), args.agent_channel,
                           args.as_if_live)
    return run_local(settings, names, args.jobs)
