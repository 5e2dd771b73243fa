"""``assistant demo``: a bundled call played through the live engine as if happening now.

By default the desktop app opens and plays it (with sound when there is an
output device); ``--console`` prints it in the terminal instead, which is
also what happens, with a one-line note, where no window can be opened.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.asr.models import DEFAULT_MODEL
from assistant.cli.common import (
    add_engine_arguments,
    engine_config,
    light_model,
    load_recognizer,
)
from assistant.cli.console import ConsolePrinter, print_summary
from assistant.engine.session import live_config
from assistant.errors import InputError
from assistant.services.call_audio import DEMO_CALL, DemoAudio
from assistant.services.live_call import LiveCallHooks, run_live_call


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("demo", help="play the bundled demo call through the live engine")
    add_engine_arguments(parser)
    parser.add_argument("--speed", type=float, default=1.0,
                        help="playback speed (default: 1.0, real time)")
    parser.add_argument("--console", action="store_true",
                        help="show the demo in this terminal instead of opening the app")
    parser.add_argument("--no-sound", action="store_true",
                        help="do not play the call aloud in the app")
    parser.add_argument("--file", type=Path, default=DEMO_CALL, help=argparse.SUPPRESS)
    parser.set_defaults(run=run, language="en")


def run(args: argparse.Namespace) -> int:
    if args.speed <= 0:
        raise InputError("--speed must be positive")
    if not args.console:
        from assistant.ui.launch import app_unavailable_reason

        reason = app_unavailable_reason()
        if reason is None:
            from assistant.ui.app import LaunchOptions
            from assistant.ui.app import run as run_app

            return run_app(LaunchOptions(
                demo=True, speed=args.speed, demo_file=args.file, sound=not args.no_sound,
                model=args.model if args.model != DEFAULT_MODEL else None))
        print(f"assistant: {reason}: showing the demo in this terminal "
              "(assistant demo --console)", file=sys.stderr)
    return run_console(args)


def run_console(args: argparse.Namespace) -> int:
    config = engine_config(args)
    audio = DemoAudio(args.file, args.speed, args.agent_channel)
    print(f"Demo call: {args.file.name}, played as if live. Prompts appear as they would for "
          "the agent.\n")
    outcome = run_live_call(audio, live_config(config), lambda: load_recognizer(args, config),
                            LiveCallHooks(on_output=ConsolePrinter()),
                            light_model=light_model(args))
    if outcome.result is None:
        return 130  # stopped before the call began
    print_summary(outcome.result.stats)
    return 0
