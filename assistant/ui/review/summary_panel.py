"""The review's summary as rich text: requests, talk-overs and cut-offs, listening cues and
statistics. Every time in it is a link that plays the call from that moment."""

from __future__ import annotations

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QWidget

from assistant.report.html import summary_fragment
from assistant.review.summary import CallReview
from assistant.ui.i18n import translate
from assistant.ui.review.style import palette

SCHEME = "play"


def play_link(at: int, text: str) -> str:
    return f'<a href="{SCHEME}:{at}">{text}</a>'


def position_of(url: QUrl) -> int | None:
    """The sample a summary link plays from, or None for any other link."""
    text = url.toString()
    if not text.startswith(f"{SCHEME}:"):
        return None
    digits = text[len(SCHEME) + 1:]
    return int(digits) if digits.isdigit() else None


class SummaryPanel(QTextBrowser):
    play_from = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # our links play audio; there is nothing to navigate to
        self.setOpenExternalLinks(False)
        self.setAccessibleName(translate("SummaryPanel", "Summary of the call"))
        self.anchorClicked.connect(self._clicked)
        self.review: CallReview | None = None

    def set_review(self, review: CallReview | None) -> None:
        self.review = review
        scroll = self.verticalScrollBar().value()
        if review is None:
            self.setHtml("")
            return
        self.setHtml(summary_fragment(review, palette(self), play_link))
        self.verticalScrollBar().setValue(scroll)

    def _clicked(self, url: QUrl) -> None:
        at = position_of(url)
        if at is not None:
            self.play_from.emit(at)
