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
                        help="scenario scripts, or folders of them (default: "
                        "../shared/scenarios beside the repository)")
    add_engine_arguments(parser)
    # Unlike `transcribe`, the call's language is known: each script names it.
    parser.set_defaults(language=None, run=run)
    parser.add_argument("--telephone", action="store_true",
                        help="render every script as narrowband telephone audio with noise")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON document instead of the table")
    parser.add_argument("--set", dest="eval_set", choices=("scenarios", "real"),
                        default="scenarios",
                        help="real: the two-channel calls built from the real recordings in "
                        "../shared/data instead of scenario scripts (see eval/README.md)")
    parser.add_argument("--part", action="append", choices=("ami", "tune", "test"),
                        help="with --set real: only this part of it (repeatable)")


def _scenario_paths(paths: list[Path]) -> list[Path]:
    if paths:
        return paths
    if not DEFAULT_SCENARIO_DIR.is_dir():
        raise InputError(f"no scenarios given and {DEFAULT_SCENARIO_DIR} does not exist")
    return [DEFAULT_SCENARIO_DIR]


def run(args: argparse.Namespace) -> int:
    if args.eval_set == "real":
        return _run_real(args)
    paths = _scenario_paths(args.paths)
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
                     telephone=args.telephone, on_item=show)
    if args.json:
        print(json.dumps(report_json(items), indent=2, ensure_ascii=False))
    else:
        print("\n".join(total_lines(items)))
    return exit_code(items)


def _run_real(args: argparse.Namespace) -> int:
    from assistant.evaluation.real_eval import (
        DEFAULT_DATA_DIR,
        PARTS,
        breakdown_lines,
        evaluate_real,
        real_calls,
    )
    from assistant.scenarios import default_cache_dir

    if args.paths or args.telephone:
        raise InputError("--set real takes no scenario paths and no --telephone (its calls "
                         "come in 16 kHz, telephone and leaky variants already)")
    if not DEFAULT_DATA_DIR.is_dir():
        raise InputError(f"--set real needs {DEFAULT_DATA_DIR}, which does not exist")
    calls = real_calls(DEFAULT_DATA_DIR, default_cache_dir().parent, args.part or PARTS)
    config = engine_config(args)
    recognizer = load_recognizer(args, config)
    if not args.json:
        print(HEADER, flush=True)

    def show(item: EvalItem) -> None:
        if isinstance(item, ScenarioError):
            print(f"assistant: error: {item.message}", file=sys.stderr, flush=True)
        elif not args.json:
            print(table_row(item), flush=True)

    items = evaluate_real(calls, config, recognizer, on_item=show)
    if args.json:
        print(json.dumps(report_json(items), indent=2, ensure_ascii=False))
    else:
        print("\n".join(total_lines(items) + breakdown_lines(items, calls)))
    return exit_code(items)
