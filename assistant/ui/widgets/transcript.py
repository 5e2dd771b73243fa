"""The two-lane transcript: the agent on the left, the customer on the right.

Each utterance is a bubble with its speaker's name and time in the
speaker's colour; words still being recognised are shown lighter and in
italics until the final text replaces them. The view follows the newest
line unless the reader has scrolled back, and offers a "Latest" button then.
"""

from __future__ import annotations

import bisect

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assistant.engine.result import CallResult
from assistant.records import PartialTranscript, RepeatEvent, Speaker, Utterance
from assistant.services.prompts import marker_text
from assistant.timebase import clock
from assistant.ui import theme
from assistant.ui.i18n import current_language, is_language_change, speaker_name, translate

_BUBBLE_SHARE = 0.74  # of the lane width


_INNER = 12 + 12 + 4  # bubble margins and the speaker edge: what the text loses in width
_PAD = _INNER + 6  # ... and a little air


class Bubble(QFrame):
    """One utterance; as wide as its words need, up to the lane's share."""

    def __init__(self, speaker: Speaker, start: int, text: str, partial: bool,
                 font_pt: int, max_width: int) -> None:
        super().__init__()
        self.speaker = speaker
        self.setObjectName("bubble")
        t = theme.current()
        self.setStyleSheet(
            f"QFrame#bubble {{ background: {t.bubble_colour(speaker)}; border-radius: 10px;"
            f" border-left: 4px solid {t.speaker_colour(speaker)}; }}"
            " QFrame#bubble QLabel { background: transparent; border: none; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 7, 12, 9)
        layout.setSpacing(2)
        self.header = QLabel(f"{speaker_name(speaker)}  ·  {clock(start)}")
        header_font = QFont(self.header.font())
        header_font.setPointSize(max(9, font_pt - 3))
        header_font.setBold(True)
        self.header.setFont(header_font)
        self.header.setStyleSheet(f"color: {t.speaker_colour(speaker)};")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        body_font = QFont(self.body.font())
        body_font.setPointSize(font_pt)
        self.body.setFont(body_font)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self._max_width = max_width
        self.set_text(text, partial)

    def set_text(self, text: str, partial: bool) -> None:
        t = theme.current()
        self.partial = partial
        self.body.setText(f"{text} …" if partial else text)
        font = self.body.font()
        font.setItalic(partial)
        self.body.setFont(font)
        self.body.setStyleSheet(f"color: {t.text_muted if partial else t.text};")
        self.fit(self._max_width)

    def fit(self, max_width: int) -> None:
        """Shrink-wrap short lines; wrap long ones at ``max_width``."""
        self._max_width = max_width
        words = QFontMetrics(self.body.font()).horizontalAdvance(self.body.text())
        header = QFontMetrics(self.header.font()).horizontalAdvance(self.header.text())
        width = min(max_width, max(words, header) + _PAD)
        self.setFixedWidth(width)
        # Wrapped words need their height at this width: never squeezed, never cut.
        # Measured from the fonts themselves: the layout's own height-for-width is
        # stale while fonts and style sheets are still being applied.
        wrap = QFontMetrics(self.body.font()).boundingRect(
            QRect(0, 0, max(1, width - _INNER), 100_000),
            int(Qt.TextFlag.TextWordWrap), self.body.text())
        layout = self.layout()
        assert layout is not None  # built in __init__
        margins = layout.contentsMargins()
        head = QFontMetrics(self.header.font()).height()
        self.setFixedHeight(margins.top() + head + layout.spacing()
                            + wrap.height() + margins.bottom() + 2)


class _Row(QWidget):
    """A bubble placed in its speaker's lane (or a centred marker)."""

    def __init__(self, content: QWidget, align: Qt.AlignmentFlag) -> None:
        super().__init__()
        self.content = content
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if align != Qt.AlignmentFlag.AlignLeft:
            layout.addStretch(1)
        layout.addWidget(content)
        if align != Qt.AlignmentFlag.AlignRight:
            layout.addStretch(1)


class TranscriptView(QWidget):
    follow_changed = Signal(bool)

    def __init__(self, font_pt: int = theme.TRANSCRIPT_PT, lanes_header: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.font_pt = font_pt
        self._keys: list[tuple[int, int]] = []  # (start, order) per row, sorted
        self._rows: list[_Row] = []
        self._partials: dict[Speaker, _Row] = {}
        self._final_end: dict[Speaker, int] = {}
        self._markers: dict[str, _Row] = {}
        self._order = 0
        self._following = True
        self._lane_labels: dict[Speaker, QLabel] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(6)
        if lanes_header:
            outer.addLayout(self._lane_header())
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = self._inner = QWidget()
        self._list = QVBoxLayout(inner)
        self._list.setContentsMargins(4, 4, 12, 4)
        self._list.setSpacing(8)
        self._list.addStretch(1)  # keeps few rows at the top
        self.scroller.setWidget(inner)
        outer.addWidget(self.scroller, 1)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("muted")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._list.insertWidget(0, self.placeholder)

        self.latest = QPushButton(self)
        self.latest.clicked.connect(self.scroll_to_end)
        self.latest.hide()
        self.scroller.viewport().installEventFilter(self)
        bar = self.scroller.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range)
        self.retranslate()

    def retranslate(self) -> None:
        self.placeholder.setText(translate(
            "TranscriptView", "The conversation appears here as it is transcribed."))
        self.latest.setText(translate("TranscriptView", "↓ Latest"))
        self.latest.setToolTip(translate(
            "TranscriptView", "Scroll back to the newest words and follow them again"))
        for speaker, label in self._lane_labels.items():
            label.setText(self._lane_text(speaker))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _lane_text(speaker: Speaker) -> str:
        if speaker is Speaker.AGENT:
            return "● " + translate("TranscriptView", "%1 (you)").replace(
                "%1", speaker_name(speaker))
        return f"{speaker_name(speaker)} ●"

    def _lane_header(self) -> QHBoxLayout:
        t = theme.current()
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 16, 0)
        for speaker, align in ((Speaker.AGENT, Qt.AlignmentFlag.AlignLeft),
                               (Speaker.CUSTOMER, Qt.AlignmentFlag.AlignRight)):
            label = self._lane_labels[speaker] = QLabel(self._lane_text(speaker))
            label.setStyleSheet(f"color: {t.speaker_colour(speaker)}; font-weight: 600;")
            label.setAlignment(align)
            row.addWidget(label)
        return row

    # --- content --------------------------------------------------------------

    def add_utterance(self, u: Utterance) -> None:
        row = self._partials.pop(u.speaker, None)
        if row is not None:
            self._remove(row)
        self._final_end[u.speaker] = max(self._final_end.get(u.speaker, 0), u.span.end)
        self._insert(self._bubble_row(u.speaker, u.span.start, u.text, False), u.span.start)

    def show_partial(self, p: PartialTranscript) -> None:
        if p.span.start < self._final_end.get(p.speaker, 0):
            return  # words already final: a late hypothesis must not come back
        row = self._partials.get(p.speaker)
        if row is not None and isinstance(row.content, Bubble):
            row.content.set_text(p.text, True)
            return
        row = self._bubble_row(p.speaker, p.span.start, p.text, True)
        self._partials[p.speaker] = row
        self._insert(row, p.span.start)

    def drop_partials(self) -> None:
        """The call is over: provisional words that never became final go."""
        for row in self._partials.values():
            self._remove(row)
        self._partials.clear()

    def add_marker(self, key: str, text: str, colour: str, at: int) -> None:
        self.remove_marker(key)
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet(f"color: {colour}; border: 1px solid {colour}; border-radius: 12px;"
                            " padding: 3px 12px; font-size: 10pt; font-weight: 600;")
        row = _Row(label, Qt.AlignmentFlag.AlignCenter)
        self._markers[key] = row
        self._insert(row, at)

    def remove_marker(self, key: str) -> None:
        row = self._markers.pop(key, None)
        if row is not None:
            self._remove(row)

    def clear(self) -> None:
        for row in list(self._rows):
            self._remove(row)
        self._partials.clear()
        self._final_end.clear()
        self._markers.clear()
        self.placeholder.show()
        self._following = True
        self.latest.hide()

    def load_result(self, result: CallResult) -> None:
        """A stored call: every utterance, and its events as markers."""
        self.clear()
        self._following = False  # a review starts at the beginning
        for u in result.utterances:
            self.add_utterance(u)
        t, language = theme.current(), current_language()
        for event in result.events:
            if isinstance(event, RepeatEvent):
                said = result.utterance(event.utterance)
                at = said.span.end if said else event.time  # right after the words
                text = marker_text(event, said.span.start if said else None, language)
                self.add_marker(f"repeat:{event.id}", text, t.repeat, at)
            else:
                self.add_marker(f"talkover:{event.id}", marker_text(event, None, language),
                                t.talkover, event.start)

    def bubbles(self) -> list[Bubble]:
        return [r.content for r in self._rows if isinstance(r.content, Bubble)]

    # --- layout ---------------------------------------------------------------

    def _bubble_row(self, speaker: Speaker, start: int, text: str, partial: bool) -> _Row:
        bubble = Bubble(speaker, start, text, partial, self.font_pt, self._bubble_width())
        align = (Qt.AlignmentFlag.AlignRight if speaker is Speaker.CUSTOMER
                 else Qt.AlignmentFlag.AlignLeft)
        return _Row(bubble, align)

    def _bubble_width(self) -> int:
        return max(220, int(self.scroller.viewport().width() * _BUBBLE_SHARE))

    def _insert(self, row: _Row, start: int) -> None:
        self.placeholder.hide()
        key = (start, self._order)
        self._order += 1
        index = bisect.bisect(self._keys, key)
        self._keys.insert(index, key)
        self._rows.insert(index, row)
        self._list.insertWidget(index + 1, row)  # after the placeholder

    def _remove(self, row: _Row) -> None:
        if row in self._rows:
            index = self._rows.index(row)
            del self._rows[index]
            del self._keys[index]
        self._list.removeWidget(row)
        row.deleteLater()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The viewport's own size is what the bubbles must fit: it is known only
        # once the scroll area has laid itself out, after this widget's resize.
        if watched is self.scroller.viewport() and event.type() == QEvent.Type.Resize:
            width = self._bubble_width()
            for bubble in self.bubbles():
                bubble.fit(width)
            QTimer.singleShot(0, self._fit_content)
        return super().eventFilter(watched, event)

    def content_fits(self) -> bool:
        """Nothing sticks out sideways (the lanes are laid out for the current width)."""
        return self._inner.width() <= self.scroller.viewport().width()

    def _fit_content(self) -> None:
        # The scroll area sized the content for the bubbles as they were; once they
        # are narrower, the content must come back to the viewport's width too.
        inner, viewport = self._inner, self.scroller.viewport()
        width = max(viewport.width(), inner.minimumSizeHint().width())
        needed = (inner.heightForWidth(width) if inner.hasHeightForWidth()
                  else inner.minimumSizeHint().height())
        height = max(viewport.height(), needed)
        if (inner.width(), inner.height()) != (width, height):
            inner.resize(width, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.latest.move(self.width() - self.latest.sizeHint().width() - 24,
                         self.height() - self.latest.sizeHint().height() - 12)

    # --- following the newest line ----------------------------------------------

    def scroll_to_end(self) -> None:
        self._following = True
        bar = self.scroller.verticalScrollBar()
        bar.setValue(bar.maximum())
        self.latest.hide()
        self.follow_changed.emit(True)

    def _on_range(self, _low: int, high: int) -> None:
        if self._following:
            self.scroller.verticalScrollBar().setValue(high)

    def _on_scrolled(self, value: int) -> None:
        at_end = value >= self.scroller.verticalScrollBar().maximum() - 4
        if at_end != self._following:
            self._following = at_end
            self.latest.setVisible(not at_end)
            self.latest.raise_()
            self.follow_changed.emit(at_end)

    @property
    def following(self) -> bool:
        return self._following
