"""The review window's colours: the app's theme (dark or light) as the review's palette."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from assistant.report.palette import DARK, LIGHT, PALETTES, Palette


def palette(widget: QWidget | None = None) -> Palette:
    """The palette of the app's theme; without one, whichever suits the Qt palette."""
    from assistant.ui import theme

    app = QApplication.instance()
    if isinstance(app, QApplication) and app.property("assistant_theme") is not None:
        return PALETTES.get(theme.current(app).name, DARK)
    source = widget.palette() if widget is not None else QApplication.palette()
    return DARK if source.color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def colour(value: str, alpha: float = 1.0) -> QColor:
    c = QColor(value)
    c.setAlphaF(alpha)
    return c
