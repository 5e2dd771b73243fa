"""Prompt cards: prominent, never modal, gone on their own.

A card has a coloured edge and a heading in words (so colour is a cue, not
the message), the advice in large type, and the evidence: the customer's
words and when. It fades out after ``linger_ms`` unless the pointer rests on
it; "Not helpful" removes it at once and is stored for tuning.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QPropertyAnimation, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsOpacityEffect,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.services.prompts import LINGER_MS, Prompt, PromptKind
from assistant.ui import theme
from assistant.ui.i18n import QT_TRANSLATE_NOOP, translate

FADE_MS = 900
_HEADINGS = {PromptKind.TALKOVER: QT_TRANSLATE_NOOP("PromptCard", "TALK-OVER"),
             PromptKind.REPEAT: QT_TRANSLATE_NOOP("PromptCard", "REPEATED REQUEST")}


class PromptCard(QFrame):
    not_helpful = Signal(object)  # the card's Prompt
    gone = Signal(object)  # the card, once faded or dismissed

    def __init__(self, prompt: Prompt, linger_ms: int = LINGER_MS, compact: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = prompt
        self.setObjectName("promptCard")
        t = theme.current()
        accent = t.talkover if prompt.kind is PromptKind.TALKOVER else t.repeat
        self.setStyleSheet(
            f"QFrame#promptCard {{ background: {t.surface}; border: 2px solid {accent};"
            f" border-left: 8px solid {accent}; border-radius: 12px; }}"
            " QFrame#promptCard QLabel { background: transparent; border: none; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 12, 10)
        layout.setSpacing(4)

        top = QHBoxLayout()
        self.heading = QLabel(translate("PromptCard", _HEADINGS[prompt.kind]))
        self.heading.setStyleSheet(f"color: {accent}; font-weight: 700; font-size: 9pt;"
                                   " letter-spacing: 1px;")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.dismiss = QPushButton(translate("PromptCard", "Not helpful"))
        self.dismiss.setObjectName("flat")
        self.dismiss.setToolTip(translate(
            "PromptCard", "Hide this prompt and note that it did not help (used to tune "
            "the prompts; stays on this computer)"))
        self.dismiss.setCursor(Qt.CursorShape.PointingHandCursor)
        self.dismiss.clicked.connect(self._on_not_helpful)
        top.addWidget(self.dismiss)
        layout.addLayout(top)

        self.title = QLabel()
        self.title.setWordWrap(True)
        size = theme.PROMPT_TITLE_PT - (3 if compact else 0)
        self.title.setStyleSheet(f"font-size: {size}pt; font-weight: 700; color: {t.text};")
        layout.addWidget(self.title)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet(f"color: {t.text}; font-size: 11pt;")
        layout.addWidget(self.advice)
        self.evidence = QLabel()
        self.evidence.setWordWrap(True)
        self.evidence.setStyleSheet(f"color: {t.text_muted}; font-style: italic;"
                                    " font-size: 10pt;")
        layout.addWidget(self.evidence)
        self.show_prompt(prompt)

        self._effect = QGraphicsOpacityEffect(self)
        self._effect.setOpacity(1.0)
        self.setGraphicsEffect(self._effect)
        self._fade = QPropertyAnimation(self._effect, b"opacity", self)
        self._fade.setDuration(FADE_MS)
        self._fade.setStartValue(1.0)
        self._fade.setEndValue(0.0)
        self._fade.setEasingCurve(QEasingCurve.Type.InQuad)
        self._fade.finished.connect(self._finish)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(linger_ms)
        self._timer.timeout.connect(self._fade.start)
        self._closing = False
        self.held = False
        self.setMouseTracking(True)  # moves over the labels reach the card too
        if linger_ms > 0:
            self._timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Wrapped text needs its height at this width: a narrow panel must not squeeze it.
        needed = self.heightForWidth(self.width())
        if needed > 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)

    def show_prompt(self, prompt: Prompt) -> None:
        """Show (or refresh with) a prompt; restarts the linger time."""
        self.prompt = prompt
        self.title.setText(prompt.title)
        self.advice.setText(prompt.advice)
        lines = [x for x in (prompt.evidence, prompt.when) if x]
        self.evidence.setText("\n".join(lines))
        self.evidence.setVisible(bool(lines))
        if hasattr(self, "_timer") and not self._closing:
            self._fade.stop()
            self._effect.setOpacity(1.0)
            if self._timer.interval() > 0 and not self.held:
                self._timer.start()

    def set_evidence(self, evidence: str) -> None:
        from dataclasses import replace

        self.prompt = replace(self.prompt, evidence=evidence)
        lines = [x for x in (evidence, self.prompt.when) if x]
        self.evidence.setText("\n".join(lines))

    # Moving the pointer onto the card holds it: the agent is reading it. A card that
    # merely appears under a resting pointer still fades, as any other would.
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._closing and not self.held:
            self.held = True
            self._timer.stop()
            self._fade.stop()
            self._effect.setOpacity(1.0)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.held and not self._closing:
            self.held = False
            if self._timer.interval() > 0:
                self._timer.start()
        super().leaveEvent(event)

    def close_now(self) -> None:
        if not self._closing:
            self._timer.stop()
            self._fade.stop()
            self._finish()

    def _on_not_helpful(self) -> None:
        self.not_helpful.emit(self.prompt)
        self.close_now()

    def _finish(self) -> None:
        if self._closing:
            return
        self._closing = True
        self.hide()
        self.gone.emit(self)
        self.deleteLater()
