"""``assistant models install|list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.asr.models import KNOWN_MODELS, install_model, list_models
from assistant.errors import AssistantError
from assistant.paths import default_models_dir


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("models", help="install or list the local Whisper models")
    parser.add_argument("--models-dir", type=Path, default=None,
                        help="folder holding the models (default: models/ of this checkout)")
    msub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    inst = msub.add_parser("install", help="download, assemble and verify the models")
    inst.add_argument("names", nargs="*", help=f"models to install (default: all of "
                      f"{', '.join(KNOWN_MODELS)})")
    inst.add_argument("--quiet", action="store_true", help="print nothing when already done")
    inst.set_defaults(run=run_install)
    lst = msub.add_parser("list", help="show the installed models")
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
    def log(message: str) -> None:
        if not (args.quiet and message.endswith("already installed and verified")):
            print(message, file=sys.stderr)

    for name in names:
        install_model(KNOWN_MODELS[name], models_dir, log)
    return 0


def run_list(args: argparse.Namespace) -> int:
    models_dir = args.models_dir or default_models_dir()
    found = list_models(models_dir)
    if not found:
        print(f"no models in {models_dir}: run `assistant models install`")
        return 1
    print(f"{'name':10} {'size':>8}  {'languages':12} {'verified':8}  path")
    for m in found:
        langs = "multilingual" if m.multilingual else "English only"
        verified = "yes" if m.verified else "no"
        print(f"{m.name:10} {m.size_bytes / 1e6:7.0f}M  {langs:12} {verified:8}  {m.path}")
    return 0
