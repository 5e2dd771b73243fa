"""``assistant demo``: a bundled call played through the live engine as if happening now.

By default the desktop app opens and plays it (with sound when there is an
output device); ``--console`` prints it in the terminal instead, which is
also what happens, with a one-line note, where no window can be opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from assistant.asr.models import DEFAULT_MODEL
from assistant.audio.source import FileAudioSource
from assistant.cli.common import (
    add_engine_arguments,
    engine_config,
    light_model,
    load_recognizer,
)
from assistant.cli.console import ConsolePrinter, summary_lines
from assistant.config import ChannelLayout
from assistant.engine.asr_stage import LiveClock
from assistant.engine.replay import paced
from assistant.engine.result import RecordingInfo
from assistant.engine.session import CallSession, live_config
from assistant.errors import InputError
from assistant.paths import package_data
from assistant.records import AudioBlock

DEMO_CALL = package_data("demo", "demo-call.ogg")


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
    recognizer = load_recognizer(args, config)
    source = FileAudioSource(args.file)
    printer = ConsolePrinter()
    print(f"Demo call: {args.file.name}, played as if live. Prompts appear as they would for "
          "the agent.\n")
    front_position = [0]

    def blocks() -> Iterator[AudioBlock]:
        for block in paced(source.blocks(), args.speed):
            front_position[0] = block.end
            yield block

    session = CallSession(ChannelLayout.stereo(args.agent_channel), live_config(config),
                          recognizer, LiveClock(lambda: front_position[0]),
                          light_model=light_model(args))
    session.run(blocks(), printer)
    recording = RecordingInfo(str(args.file), source.decoded_samples, source.info.sample_rate,
                              source.info.channels)
    stats = session.result(recording).stats
    print()
    for line in summary_lines(stats.talk_time, stats.talkovers, stats.repeats):
        print(line)
    return 0
