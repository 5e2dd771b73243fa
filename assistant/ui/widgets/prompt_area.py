"""Where prompt cards appear: newest on top, at most a few, never covering the transcript.

``PromptArea`` is the stack of cards; ``PromptFeed`` turns the engine's
records into cards through the cool-down policy and keeps the evidence of a
talk-over card current while the customer's words are transcribed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from assistant.records import (
    PartialTranscript,
    RepeatEvent,
    TalkOverEvent,
    TalkOverUpdate,
    Utterance,
)
from assistant.services.prompts import Decision, Prompt, PromptBook, PromptKind, PromptPolicy
from assistant.ui.i18n import current_language, is_language_change, translate
from assistant.ui.widgets.prompt_card import LINGER_MS, PromptCard

MAX_CARDS = 3


class PromptArea(QWidget):
    card_shown = Signal(object)  # Prompt
    not_helpful = Signal(object)  # Prompt

    def __init__(self, linger_ms: int = LINGER_MS, compact: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.linger_ms = linger_ms
        self.compact = compact
        self.max_cards = MAX_CARDS
        self.cards: list[PromptCard] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(10)
        self.placeholder = QLabel()
        self.placeholder.setObjectName("muted")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMinimumHeight(60)
        self._layout.addWidget(self.placeholder)
        self._layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.placeholder.setText(translate(
            "PromptArea", "Prompts appear here when the customer is talked over or "
            "has to repeat a request."))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def card_for(self, key: str) -> PromptCard | None:
        return next((c for c in self.cards if c.prompt.key == key), None)

    def show_prompt(self, prompt: Prompt) -> PromptCard:
        card = PromptCard(prompt, self.linger_ms, self.compact)
        card.not_helpful.connect(self.not_helpful)
        card.gone.connect(self._on_gone)
        self.cards.insert(0, card)
        self._layout.insertWidget(0, card)
        card.show()
        self.placeholder.hide()
        while len(self.cards) > self.max_cards:
            self.cards[-1].close_now()
        self.card_shown.emit(prompt)
        return card

    def withdraw(self, kind: PromptKind, event_id: int) -> None:
        for card in list(self.cards):
            if card.prompt.kind is kind and card.prompt.event_id == event_id:
                card.close_now()

    def clear(self) -> None:
        for card in list(self.cards):
            card.close_now()

    def _on_gone(self, card: PromptCard) -> None:
        if card in self.cards:
            self.cards.remove(card)
        self._layout.removeWidget(card)
        self.placeholder.setVisible(not self.cards)


class PromptFeed(QObject):
    """Engine records in, cards out; owns the call's cool-downs and quoted words."""

    def __init__(self, area: PromptArea, policy: PromptPolicy,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.area = area
        self.policy = policy
        self.book = PromptBook(current_language())
        self._talkovers: dict[int, TalkOverEvent] = {}

    def reset(self, policy: PromptPolicy) -> None:
        self.policy = policy
        self.book = PromptBook(current_language())  # the agent's language when the call starts
        self._talkovers.clear()
        self.area.clear()

    def on_words(self, item: Utterance | PartialTranscript) -> None:
        self.book.note(item)
        for card in self.area.cards:  # a talk-over card quotes the customer as it goes
            event = self._talkovers.get(card.prompt.event_id)
            if card.prompt.kind is PromptKind.TALKOVER and event is not None:
                words = self.book.customer_words_since(event.customer_start)
                if words:
                    card.set_evidence(self.book.talkover(event).evidence)

    def on_talkover(self, event: TalkOverEvent) -> None:
        self._talkovers[event.id] = event
        self._offer(self.book.talkover(event))

    def on_talkover_update(self, update: TalkOverUpdate) -> None:
        if update.retracted:  # only a backchannel after all
            self.area.withdraw(PromptKind.TALKOVER, update.event_id)

    def on_repeat(self, event: RepeatEvent) -> None:
        self._offer(self.book.repeat(event))

    def _offer(self, prompt: Prompt) -> None:
        card = self.area.card_for(prompt.key)
        decision = self.policy.decide(prompt, on_screen=card is not None)
        if decision is Decision.SHOW:
            self.area.show_prompt(prompt)
        elif decision is Decision.REFRESH and card is not None:
            card.show_prompt(prompt)
