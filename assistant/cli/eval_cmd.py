"""``assistant eval [SCENARIO_DIR_OR_FILE...]``: score the engine on scenario scripts."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.cli.common import add_engine_arguments, engine_config, load_recognizer
from assistant.errors import InputError
from assistant.evaluation import (
    DEFAULT_SCENARIO_DIR,
    HEADER,
    EvalItem,
    ScenarioError,
    evaluate,
    exit_code,
    report_json,
    table_row,
    total_lines,
)
from assistant.paths import is_source_checkout


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "eval",
        help="score talk-over and repeat detection on scenario scripts",
        description="Render each scenario script to a two-channel call (cached), run the "
        "engine on it as if live on this CPU, exactly as `assistant transcribe --as-if-live` "
        "would, and score its events against the script's labels. Exits non-zero if any "
        "scenario has a false positive or a miss, or could not be run.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="SCENARIO_DIR_OR_FILE",
                        help="scenario scripts, or folders of them (default, in a source "
                        "checkout: ../shared/scenarios beside it)")
    add_engine_arguments(parser)
    # Unlike `transcribe`, the call's language is known: each script names it.
    parser.set_defaults(language=None, run=run)
    parser.add_argument("--telephone", action="store_true",
                        help="render every script as narrowband telephone audio with noise")
    parser.add_argument("--decode-seconds", type=float, default=None, metavar="S",
                        help="as if every decode took S seconds, instead of timing them on "
                        "this CPU: events and their times then do not depend on the machine "
                        "or its load (for tests and comparisons)")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document instead of the table")


def _scenario_paths(paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    if not is_source_checkout():
        raise InputError("no scenarios given: name scenario scripts or folders of them")
    if not DEFAULT_SCENARIO_DIR.is_dir():
        raise InputError(f"no scenarios given and {DEFAULT_SCENARIO_DIR} does not exist")
    return [DEFAULT_SCENARIO_DIR]


def run(args: argparse.Namespace) -> int:
    paths = _scenario_paths(args.paths)
    if args.decode_seconds is not None and not 0 < args.decode_seconds <= 60:
        raise InputError("--decode-seconds must be more than 0 and at most 60")
    config = engine_config(args)
    recognizer = load_recognizer(args, config)
    if not args.json:
        print(HEADER, flush=True)

    def show(item: EvalItem) -> None:
        # Problems go to stderr, one line each; rows appear as scenarios finish.
        if isinstance(item, ScenarioError):
            print(f"assistant: error: {item.message}", file=sys.stderr, flush=True)
        elif not args.json:
            print(table_row(item), flush=True)

    items = evaluate(paths, config, recognizer, language=args.language,
                     telephone=args.telephone, decode_seconds=args.decode_seconds,
                     on_item=show)
    if args.json:
        print(json.dumps(report_json(items), indent=2, ensure_ascii=False))
    else:
        print("\n".join(total_lines(items)))
    return exit_code(items)
