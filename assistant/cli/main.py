"""``assistant``: the command-line entry point.

Every command reports problems the user can fix as one line on stderr with a
non-zero exit status; tracebacks are for bugs only.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from assistant import __version__
from assistant.applog import start_logging
from assistant.cli import (
    app_cmd,
    calls_cmd,
    demo_cmd,
    devices_cmd,
    eval_cmd,
    listen_cmd,
    models_cmd,
    transcribe_cmd,
)
from assistant.errors import AssistantError

COMMANDS = [app_cmd, demo_cmd, listen_cmd, devices_cmd, transcribe_cmd, calls_cmd, eval_cmd,
            models_cmd]


class CommandParser(argparse.ArgumentParser):
    """Unknown arguments are reported by the command they were given to, with its usage
    (``assistant transcribe --bogus`` shows how to use ``transcribe``, not ``assistant``).

    argparse hands a subcommand's leftovers up to the top-level parser, which would
    report them with its own usage; subparsers are made of this class too, so the
    innermost command that was given them reports them.
    """

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        return parsed, extras


def build_parser() -> argparse.ArgumentParser:
    parser = CommandParser(
        prog="assistant",
        description="Local listening assistant for phone calls: transcribes both sides on "
        "this machine and prompts when the customer has to repeat themselves or the agent "
        "talks over them.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()  # asked for nothing: what there is to ask for
        return 0
    start_logging()
    log = logging.getLogger("assistant")
    log.info("assistant %s %s started", __version__, args.command)
    try:
        code = int(args.run(args) or 0)
    except AssistantError as exc:
        log.error("%s ended: %s", args.command, exc)
        print(f"assistant: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        log.info("%s interrupted", args.command)
        print("assistant: interrupted", file=sys.stderr)
        return 130
    log.info("%s ended (exit status %d)", args.command, code)
    return code
