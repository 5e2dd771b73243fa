"""Can the desktop app open here? Asked by the CLI before it imports Qt (Qt-free).

Qt aborts the whole process when it cannot connect to a display, so the
check is made from the environment first: on Linux and the BSDs a window
needs DISPLAY or WAYLAND_DISPLAY, unless the user picked a Qt platform
(``QT_QPA_PLATFORM=offscreen`` or ``xcb`` ...) themselves.
"""

from __future__ import annotations

import importlib.util
import os
import sys


def app_unavailable_reason() -> str | None:
    """Why the app cannot open a window here, or None when it can."""
    if importlib.util.find_spec("PySide6") is None:
        return "the desktop app needs PySide6 (pip install 'listening-assistant[app]')"
    if os.environ.get("QT_QPA_PLATFORM"):
        return None  # the user chose the platform: trust them
    if (sys.platform.startswith("linux") or "bsd" in sys.platform) and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        return "no display to open the app on"
    return None
