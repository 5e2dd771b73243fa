"""``assistant eval [SCENARIO_DIR_OR_FILE...] [--set public,tune,test,real]``: score the
engine on scenario scripts, and report each evaluation set and language separately."""

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
    breakdown_lines,
    evaluate,
    exit_code,
    find_scripts,
    report_json,
    table_row,
    total_lines,
)
from assistant.evaluation.real_eval import variant_lines
from assistant.evaluation.sets import SET_NAMES, EvalSet, build_set, parse_set_names
from assistant.paths import is_source_checkout


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "eval",
        help="score talk-over and repeat detection on scenario scripts",
        description="Render each scenario script to a two-channel call (cached), run the "
        "engine on it as if live on this CPU, exactly as `assistant transcribe --as-if-live` "
        "would, and score its events against the script's labels. An already rendered call "
        "(<id>.wav beside <id>.timeline.json) is scored from its audio. Exits non-zero if any "
        "scenario has a false positive or a miss, or could not be run.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="SCENARIO_DIR_OR_FILE",
                        help="scenario scripts, rendered calls' timelines, or folders of them "
                        "(default, in a source checkout: ../shared/scenarios beside it)")
    add_engine_arguments(parser)
    # Unlike `transcribe`, the call's language is known: each script names it.
    parser.set_defaults(language=None, run=run)
    parser.add_argument("--set", dest="sets", metavar="NAMES",
                        help=f"evaluation sets instead of paths, comma-separated: "
                        f"{', '.join(SET_NAMES)}, real (its three parts) or all (public: "
                        "../shared/scenarios; tune and test: the halves of eval/scenarios; "
                        "real-*: calls built from the real recordings in ../shared/data, the AMI "
                        "clips and the halves of placed calls, each in 16 kHz, telephone and "
                        "leaky variants); each set and language is reported separately")
    parser.add_argument("--telephone", action="store_true",
                        help="render every script as narrowband telephone audio with noise")
    parser.add_argument("--decode-seconds", type=float, default=None, metavar="S",
                        help="as if every decode took S seconds, instead of timing them on "
                        "this CPU: events and their times then do not depend on the machine "
                        "or its load (for tests and comparisons)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="also write each call's engine JSON and timeline into DIR/<set>/, "
                        "to study what the recogniser heard")
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
    if args.sets is not None and args.paths:
        raise InputError("give scenario paths or --set, not both")
    if args.decode_seconds is not None and not 0 < args.decode_seconds <= 60:
        raise InputError("--decode-seconds must be more than 0 and at most 60")
    names = parse_set_names(args.sets) if args.sets is not None else None
    paths = None if names else _scenario_paths(args.paths)
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

    if names and args.telephone and any(n.startswith("real-") for n in names):
        raise InputError("the real sets take no --telephone: their calls come in 16 kHz, "
                         "telephone and leaky variants already")
    items: list[EvalItem] = []
    sets = [build_set(n) for n in names] if names else [EvalSet("", tuple(paths or ()))]
    for each in sets:
        if each.name and not args.json:
            count = sum(1 for found in find_scripts(each.paths)
                        if not isinstance(found, ScenarioError))
            print(f"-- {each.name} ({count} calls)", flush=True)
        keep = None if args.keep is None else args.keep / (each.name or "paths")
        items += evaluate(each.paths, config, recognizer, language=args.language,
                          telephone=args.telephone, decode_seconds=args.decode_seconds,
                          on_item=show, set_name=each.name, keep_dir=keep)
    if args.json:
        print(json.dumps(report_json(items), indent=2, ensure_ascii=False))
    else:
        print("\n".join(total_lines(items) + breakdown_lines(items) + variant_lines(items)))
    return exit_code(items)
