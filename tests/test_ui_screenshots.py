"""Screenshots of the app at 1280x800 in both themes, for people to look at.

Saved to ``$UI_SCREENSHOTS`` (or the test's temporary folder): the live view
mid-demo with a prompt card, compact mode beside a full-screen window, and
Settings over the main window.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPainter, QPixmap

from assistant.ui import theme
from assistant.ui.dialogs.settings_dialog import SettingsDialog
from tests.ui_helpers import LONG, make_window, screenshot_dir

SCREEN = (1280, 800)


def _screen(background: QPixmap | None, fill: str) -> QPixmap:
    canvas = QPixmap(*SCREEN)
    canvas.fill(QColor(fill))
    if background is not None:
        painter = QPainter(canvas)
        painter.drawPixmap(0, 0, background)
        painter.end()
    return canvas


def _place(canvas: QPixmap, shot: QPixmap, at: QPoint, dim: bool = False) -> QPixmap:
    painter = QPainter(canvas)
    if dim:
        painter.fillRect(QRect(0, 0, *SCREEN), QColor(0, 0, 0, 110))
    painter.drawPixmap(at, shot)
    painter.end()
    return canvas


@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_screenshots(qtbot, tmp_path, base_model_dir, theme_name):
    out = screenshot_dir(tmp_path)
    # Cards stay up until both kinds are there, however long the recogniser takes.
    window = make_window(qtbot, tmp_path, theme_name=theme_name, linger_ms=LONG)
    t = theme.current()
    assert t.name == theme_name

    with qtbot.waitSignal(window.live.prompts.card_shown, timeout=LONG):
        window.actions_.start_demo()
    # On to the repeated request, so both kinds of card are on screen.
    kinds = lambda: {c.prompt.kind.value for c in window.live.prompts.cards}  # noqa: E731
    qtbot.waitUntil(lambda: kinds() == {"talkover", "repeat"}, timeout=LONG)
    meters = window.live.meter_panel
    qtbot.waitUntil(lambda: meters.time.text() != "0:00" and meters.ratio.text() != "–"
                    and meters.repeats.text() == "1" and window.live.transcript.content_fits()
                    and window.live.transcript.following)
    live = window.grab()
    assert (live.width(), live.height()) == SCREEN
    assert live.save(str(out / f"live-{theme_name}.png"))

    window.toggle_compact()
    panel = window.compact
    panel.resize(panel.width(), SCREEN[1])
    qtbot.waitExposed(panel)
    qtbot.waitUntil(lambda: panel.time.text() != "0:00" and bool(panel.recent.bubbles())
                    and panel.recent.content_fits())
    compact = panel.grab()
    assert compact.height() == SCREEN[1] and compact.width() <= 420
    shot = _place(_screen(None, t.surface_alt), compact, QPoint(SCREEN[0] - compact.width(), 0))
    assert shot.save(str(out / f"compact-{theme_name}.png"))
    window.toggle_compact()
    assert window.live.prompts.parent() is not panel  # the cards came back

    with qtbot.waitSignal(window.controller.call_finished, timeout=LONG):
        window.actions_.stop()

    window.tabs.setCurrentWidget(window.library)
    qtbot.waitUntil(lambda: window.library.detail.call is not None)
    assert window.grab().save(str(out / f"library-{theme_name}.png"))
    window.tabs.setCurrentWidget(window.live)

    dialog = SettingsDialog(window.ctx.settings, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    size = dialog.size()
    assert size.width() <= SCREEN[0] and size.height() <= SCREEN[1]
    behind = window.grab()
    shot = _place(_screen(behind, t.window), dialog.grab(),
                  QPoint((SCREEN[0] - size.width()) // 2, (SCREEN[1] - size.height()) // 2),
                  dim=True)
    assert shot.save(str(out / f"settings-{theme_name}.png"))
    dialog.reject()
