"""Compact mode: a slim panel that stays on top, for agents whose CRM fills the screen.

It shows what matters at a glance: the call time and stop button, both
levels, the prompt cards (the same cards, moved here from the live view)
and the last few lines said.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from assistant.records import Utterance
from assistant.timebase import clock
from assistant.ui import theme
from assistant.ui.i18n import is_language_change, translate
from assistant.ui.views.live_view import shortcut_hint, status_text
from assistant.ui.widgets.meters import MeterModel, MeterReading, MetersPanel
from assistant.ui.widgets.prompt_area import MAX_CARDS, PromptArea
from assistant.ui.widgets.transcript import TranscriptView
from assistant.ui.workers.call_controller import CallController, CallState

WIDTH = 380


class CompactPanel(QWidget):
    expand_requested = Signal()
    start_stop = Signal()

    def __init__(self, controller: CallController, meters: MeterModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("compact")
        self.setMinimumWidth(WIDTH - 40)
        self.resize(WIDTH, 760)
        t = theme.current()
        self.setStyleSheet(f"QWidget#compact {{ background: {t.window}; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(10)

        top = QHBoxLayout()
        self.time = QLabel("0:00")
        self.time.setStyleSheet("font-size: 20pt; font-weight: 700;")
        top.addWidget(self.time)
        top.addStretch(1)
        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self.start_button.setToolTip(shortcut_hint())
        self.start_button.clicked.connect(self.start_stop)
        top.addWidget(self.start_button)
        self.expand = QPushButton()
        self.expand.clicked.connect(self.expand_requested)
        top.addWidget(self.expand)
        layout.addLayout(top)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.prompt_slot = QVBoxLayout()
        layout.addLayout(self.prompt_slot)  # the cards take what they need
        self.prompts: PromptArea | None = None

        self.recent = TranscriptView(font_pt=11, lanes_header=False)
        self.recent.setMinimumHeight(60)  # yields its room to the cards
        layout.addWidget(self.recent, 1)

        panel = QFrame()
        panel.setObjectName("panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(12, 10, 12, 10)
        self.meter_panel = MetersPanel(compact=True)
        inner.addWidget(self.meter_panel)
        layout.addWidget(panel)

        controller.signals.utterance.connect(self._on_utterance)
        controller.signals.partial.connect(self.recent.show_partial)
        controller.state_changed.connect(self._on_state)
        controller.status.connect(lambda text: self.status.setText(status_text(text)))
        meters.updated.connect(self._on_reading)
        self._utterances = 0
        self._running = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("CompactPanel", "Listening assistant"))
        self.start_button.setText(translate("CompactPanel", "Stop") if self._running
                                  else translate("CompactPanel", "Start"))
        self.expand.setText(translate("CompactPanel", "Full view"))
        self.expand.setToolTip(translate("CompactPanel",
                                         "Back to the full window (Ctrl+Shift+M)"))
        if not self._running:
            self.status.setText(translate("CompactPanel", "Ready"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def take_prompts(self, area: PromptArea) -> None:
        self.prompts = area
        area.max_cards = 2  # the panel is narrow: two cards, each whole
        self.prompt_slot.addWidget(area)
        area.show()

    def give_back_prompts(self) -> PromptArea | None:
        area, self.prompts = self.prompts, None
        if area is not None:
            self.prompt_slot.removeWidget(area)
            area.max_cards = MAX_CARDS
        return area

    def _on_utterance(self, u: Utterance) -> None:
        self.recent.add_utterance(u)

    def _on_reading(self, reading: MeterReading) -> None:
        self.meter_panel.show_reading(reading)
        self.time.setText(clock(reading.position).split(".")[0])

    def _on_state(self, state: CallState) -> None:
        self._running = running = state is not CallState.IDLE
        self.start_button.setText(translate("CompactPanel", "Stop") if running
                                  else translate("CompactPanel", "Start"))
        self.start_button.setProperty("running", running)
        self.start_button.style().unpolish(self.start_button)
        self.start_button.style().polish(self.start_button)
        self.start_button.setEnabled(state is not CallState.STOPPING)
        if state is CallState.STARTING:
            self.recent.clear()  # a new call
        elif state is CallState.IDLE:
            self.recent.drop_partials()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the panel returns to the full window rather than hiding the app.
        event.ignore()
        self.expand_requested.emit()
