"""``assistant app``: open the desktop app (live calls, the library, transcribing files)."""

from __future__ import annotations

import argparse
from pathlib import Path

from assistant.errors import AssistantError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "app", help="open the desktop app: live prompts during calls, and the call library",
        description="Open the desktop app. Recordings given here are transcribed into the "
        "library.")
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="recordings to transcribe into the library")
    parser.add_argument("--settings", type=Path, default=None, metavar="FILE",
                        help="settings file to use (default: the user config folder)")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add the app to the desktop's menus (a .desktop entry and its "
                        "icon under ~/.local/share) and exit")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.install_desktop_entry:
        import os

        from assistant.desktop_entry import default_data_home, install

        print(f"Installed {install(default_data_home(dict(os.environ)))}")
        return 0
    from assistant.ui.launch import app_unavailable_reason

    reason = app_unavailable_reason()
    if reason is not None:
        raise AssistantError(f"{reason} (the command line still works: see `assistant --help`)")
    from assistant.ui.app import LaunchOptions
    from assistant.ui.app import run as run_app

    return run_app(LaunchOptions(settings_path=args.settings, files=tuple(args.files)))
