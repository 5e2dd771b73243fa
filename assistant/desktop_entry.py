"""The app in the desktop's menus (freedesktop.org): a ``.desktop`` entry and its icon.

``install`` writes them under the user's data folder (``~/.local/share``), with
``Exec`` pointing at this very installation, so the menu starts the copy that
installed it, whether from a virtualenv, a source checkout or pip.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from assistant.errors import InputError
from assistant.paths import package_data

APP_ID = "listening-assistant"


def icon_path() -> Path:
    return package_data("icons", f"{APP_ID}.svg")


def _exec_line() -> str:
    """How to start this installation's app, quoted as the desktop entry spec asks."""
    script = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "assistant" and script.is_file():
        return f"{_quote(str(script))} app %F"
    found = shutil.which("assistant")
    if found:
        return f"{_quote(found)} app %F"
    return f"{_quote(sys.executable)} -m assistant app %F"


def _quote(arg: str) -> str:
    # The spec's quoting: double quotes, with ", `, $ and \\ escaped inside them.
    if all(c.isalnum() or c in "/._-+" for c in arg):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def install(data_home: Path) -> Path:
    """Write the entry and the icon under ``data_home``; returns the entry's path."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")):
        raise InputError("a .desktop entry is for Linux desktops; on this system, start the "
                         "app with `assistant app`")
    template = package_data("desktop", f"{APP_ID}.desktop").read_text(encoding="utf-8")
    lines = [f"Exec={_exec_line()}" if line.startswith("Exec=") else line
             for line in template.splitlines()]
    entry = data_home / "applications" / f"{APP_ID}.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        icon.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(icon_path(), icon)
        entry.write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write the desktop entry under {data_home}: "
                         f"{exc.strerror or exc}") from None
    return entry


def default_data_home(environ: dict[str, str]) -> Path:
    base = environ.get("XDG_DATA_HOME")
    return Path(base) if base else Path.home() / ".local" / "share"


__all__ = ["APP_ID", "default_data_home", "icon_path", "install"]
