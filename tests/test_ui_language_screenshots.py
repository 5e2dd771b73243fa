"""The app in Swedish and Danish, for people to look at: the live view mid-demo with its
prompt cards, the library, a call's review and Settings, at 1280x800.

Saved to ``$UI_SCREENSHOTS`` (or the test's own folder). The real model runs the demo
call (an English call: the agent's language decides what the window and prompts say).
"""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QPainter, QPixmap

from assistant.ui.dialogs.settings_dialog import SettingsDialog
from assistant.ui.i18n import translate
from assistant.ui.review import ReviewWindow
from tests.ui_helpers import LONG, make_window, screenshot_dir, speak_english

pytestmark = pytest.mark.slow

# What a Swedish or Danish agent reads where an English one reads the English.
EXPECTED = {
    "sv": {"stop": "Avsluta samtal", "talkover": "Låt kunden prata klart", "repeat": "Kunden har",
           "review": "Vad kunden bad om", "settings": "Inställningar"},
    "da": {"stop": "Afslut opkald", "talkover": "Lad kunden tale færdig", "repeat": "Kunden har",
           "review": "Hvad kunden bad om", "settings": "Indstillinger"},
}


def _over(behind: QPixmap, shot: QPixmap) -> QPixmap:
    """A dialog in the middle of the dimmed window, as the user sees it."""
    canvas = QPixmap(behind)
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 110))
    painter.drawPixmap(QPoint((canvas.width() - shot.width()) // 2,
                              (canvas.height() - shot.height()) // 2), shot)
    painter.end()
    return canvas


@pytest.fixture()
def english_after(qapp):
    yield
    speak_english(qapp)


@pytest.mark.parametrize("language", ["sv", "da"])
def test_screenshots_in_swedish_and_danish(qtbot, tmp_path, base_model_dir, english_after,
                                           language):
    out = screenshot_dir(tmp_path)
    expected = EXPECTED[language]
    window = make_window(qtbot, tmp_path, linger_ms=LONG)
    window._keep(dataclasses.replace(window.ctx.settings, ui_language=language))
    qtbot.waitUntil(lambda: window.live.start_button.text()
                    == translate("LiveView", "Start call") != "Start call", timeout=LONG)

    with qtbot.waitSignal(window.live.prompts.card_shown, timeout=LONG):
        window.actions_.start_demo()
    cards = window.live.prompts.cards
    qtbot.waitUntil(lambda: {c.prompt.kind.value for c in cards} == {"talkover", "repeat"},
                    timeout=LONG)
    qtbot.waitUntil(lambda: window.live.transcript.content_fits()
                    and window.live.transcript.following, timeout=LONG)
    titles = {c.prompt.kind.value: c.prompt.title for c in cards}
    assert titles["talkover"] == expected["talkover"]
    assert titles["repeat"].startswith(expected["repeat"])
    assert window.live.start_button.text() == expected["stop"]
    assert window.grab().save(str(out / f"live-{language}.png"))

    with qtbot.waitSignal(window.controller.call_finished, timeout=LONG):
        window.actions_.stop()
    window.tabs.setCurrentWidget(window.library)
    qtbot.waitUntil(lambda: window.library.detail.call is not None, timeout=LONG)
    assert window.grab().save(str(out / f"library-{language}.png"))

    call_id = window.library.detail.call.summary.id
    review = ReviewWindow(window.ctx.store, output=None)
    qtbot.addWidget(review)
    review.resize(1280, 800)
    assert review.show_call(call_id)
    review.show()
    qtbot.waitExposed(review)
    assert review.review.review.language == language
    assert review.review.summary.toPlainText().startswith(expected["review"])
    assert review.grab().save(str(out / f"review-{language}.png"))
    review.close()

    window.tabs.setCurrentWidget(window.live)
    dialog = SettingsDialog(window.ctx.settings, window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.windowTitle() == expected["settings"]
    assert _over(window.grab(), dialog.grab()).save(str(out / f"settings-{language}.png"))
    dialog.reject()
