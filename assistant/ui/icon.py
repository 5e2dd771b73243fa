"""The app's icon (windows, the tray, the .desktop entry's copy), drawn from its SVG."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from assistant.desktop_entry import icon_path


@cache
def app_icon() -> QIcon:
    return QIcon(str(icon_path()))
