"""The live call view: one start/stop button, the transcript, prompts and meters.

It only displays: calls are started by ``CallActions`` and run by the
``CallController``; this view connects to their signals once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assistant.records import RepeatEvent, TalkOverEvent, TalkOverUpdate, TranscriptLag
from assistant.services.prompts import PromptPolicy, marker_text
from assistant.timebase import SAMPLE_RATE
from assistant.ui import theme
from assistant.ui.i18n import current_language, is_language_change, translate
from assistant.ui.widgets.meters import MeterModel, MetersPanel
from assistant.ui.widgets.prompt_area import PromptArea, PromptFeed
from assistant.ui.widgets.prompt_card import LINGER_MS
from assistant.ui.widgets.transcript import TranscriptView
from assistant.ui.workers.call_controller import CallController, CallState

SHORTCUT = "Ctrl+Shift+Space"


def shortcut_hint() -> str:
    return translate("LiveView", "%1 starts or stops a call while this app has focus"
                     ).replace("%1", SHORTCUT)


def global_shortcut_hint() -> str:
    return translate("LiveView", "%1 starts or stops a call from any app").replace("%1", SHORTCUT)


def status_text(status: str) -> str:
    """The call worker's status (English, as it is compared; marked for translation where
    it is emitted) in the window's language."""
    return translate("LiveView", status)


class StatusBanner(QLabel):
    """A calm, non-modal line for problems: what happened and what to do."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setToolTip(translate("LiveView", "Click to hide"))
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.setToolTip(translate("LiveView", "Click to hide"))
        super().changeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()  # read: out of the way
        super().mousePressEvent(event)

    def say(self, text: str) -> None:
        # The audio layer's problems are marked for translation (context CallAudio) where
        # they are written, Qt-free; anything else is shown as it comes.
        text = translate("CallAudio", text) if text else ""
        self.setText(text[:1].upper() + text[1:] if text else "")
        self.setVisible(bool(text))


class LiveView(QWidget):
    start_stop = Signal()
    demo_requested = Signal()
    compact_requested = Signal()

    def __init__(self, controller: CallController, meters: MeterModel,
                 linger_ms: int = LINGER_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._talkovers: dict[int, TalkOverEvent] = {}  # shown, overlap still running
        self.controller = controller
        self.meters = meters
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 14, 18, 14)
        outer.setSpacing(12)
        outer.addLayout(self._top_bar())
        self.banner = StatusBanner()
        outer.addWidget(self.banner)

        body = QHBoxLayout()
        body.setSpacing(16)
        self.transcript = TranscriptView()
        body.addWidget(self.transcript, 3)
        self.side = QVBoxLayout()
        self.side.setSpacing(12)
        self.prompts = PromptArea(linger_ms)
        self.feed = PromptFeed(self.prompts, PromptPolicy(), self)
        self.side.addWidget(self.prompts, 1)
        panel = QFrame()
        panel.setObjectName("panel")
        inner = QVBoxLayout(panel)
        inner.setContentsMargins(14, 12, 14, 12)
        self.meter_panel = MetersPanel()
        inner.addWidget(self.meter_panel)
        self.side.addWidget(panel)
        side_box = QWidget()
        side_box.setLayout(self.side)
        side_box.setMinimumWidth(380)
        side_box.setMaximumWidth(470)
        body.addWidget(side_box, 2)
        outer.addLayout(body, 1)
        self._connect()
        self._state = CallState.IDLE
        self.retranslate()

    def retranslate(self) -> None:
        running = self._state is not CallState.IDLE
        self.start_button.setText(translate("LiveView", "Stop call") if running
                                  else translate("LiveView", "Start call"))
        hint = self.shortcut_hint()
        self.start_button.setToolTip(hint)
        self.demo_button.setText(translate("LiveView", "Play demo call"))
        self.demo_button.setToolTip(translate(
            "LiveView", "Play a short recorded call through the assistant, as if it were "
            "happening now"))
        if not running:
            self.status.setText(translate("LiveView", "Ready"))
            self.hint.setText(hint)
        self.lag.setToolTip(translate(
            "LiveView", "The computer is busy: transcription is catching up. Prompts about "
            "talking over the customer are not delayed."))
        self.compact_button.setText(translate("LiveView", "Compact mode"))
        self.compact_button.setToolTip(translate(
            "LiveView", "A slim panel that stays on top of other windows, for when the CRM is "
            "full-screen (Ctrl+Shift+M)"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def shortcut_hint(self) -> str:
        return global_shortcut_hint() if self._global_shortcut else shortcut_hint()

    def _top_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(12)
        # Texts are set in retranslate(), in the window's language.
        self.start_button = QPushButton()
        self.start_button.setObjectName("primary")
        self._global_shortcut = False
        self.start_button.clicked.connect(self.start_stop)
        self.start_button.setMinimumWidth(150)
        bar.addWidget(self.start_button)
        self.demo_button = QPushButton()
        self.demo_button.clicked.connect(self.demo_requested)
        bar.addWidget(self.demo_button)
        status = QVBoxLayout()
        status.setSpacing(0)
        self.status = QLabel()
        self.status.setObjectName("heading")
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.lag = QLabel("")  # "Transcript 12 s behind", only while it is
        self.lag.setObjectName("lag")
        self.lag.hide()
        for label in (self.status, self.hint, self.lag):
            # A long line (a longer language, a long title) is cut, never the buttons.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            status.addWidget(label)
        bar.addLayout(status, 1)
        self.compact_button = QPushButton()
        self.compact_button.clicked.connect(self.compact_requested)
        bar.addWidget(self.compact_button)
        return bar

    def set_global_shortcut(self, global_: bool) -> None:
        """Say how far the start/stop shortcut reaches (system-wide or this app only)."""
        before = self.shortcut_hint()
        self._global_shortcut = global_
        if self.hint.text() == before:
            self.hint.setText(self.shortcut_hint())
        self.start_button.setToolTip(self.shortcut_hint())

    def _connect(self) -> None:
        c, s = self.controller, self.controller.signals
        s.partial.connect(self.transcript.show_partial)
        s.utterance.connect(self.transcript.add_utterance)
        s.partial.connect(self.feed.on_words)
        s.utterance.connect(self.feed.on_words)
        s.talkover.connect(self.feed.on_talkover)
        s.talkover_update.connect(self.feed.on_talkover_update)
        s.repeat.connect(self.feed.on_repeat)
        s.talkover.connect(self._talkover_marker)
        s.talkover_update.connect(self._talkover_changed)
        s.repeat.connect(self._repeat_marker)
        s.lag.connect(self.show_lag)
        for signal in (s.speech_started, s.speech_ended, s.talkover, s.talkover_update,
                       s.repeat):
            signal.connect(self.meters.feed)
        self.meters.updated.connect(self.meter_panel.show_reading)
        c.state_changed.connect(self._on_state)
        c.status.connect(self._on_status)
        c.problem.connect(self.banner.say)

    def _talkover_marker(self, event: TalkOverEvent) -> None:
        self._talkovers[event.id] = event
        text = marker_text(event, None, current_language())
        self.transcript.add_marker(f"talkover:{event.id}", text, theme.current().talkover,
                                   event.start)

    def _repeat_marker(self, event: RepeatEvent) -> None:
        said = self.feed.book.utterances.get(event.utterance)  # noted just before
        at, said_at = (said.span.end, said.span.start) if said else (event.time, None)
        text = marker_text(event, said_at, current_language())
        self.transcript.add_marker(f"repeat:{event.id}", text, theme.current().repeat, at)

    def _talkover_changed(self, update: TalkOverUpdate) -> None:
        shown = self._talkovers.pop(update.event_id, None)
        if update.retracted:
            self.transcript.remove_marker(f"talkover:{update.event_id}")
        elif shown is not None and update.event is not None and update.event.end > shown.end:
            # The overlap has ended: show how long both really spoke, not the 1 s it took
            # to notice.
            self._talkover_marker(update.event)

    def show_lag(self, lag: TranscriptLag) -> None:
        """How far the transcript is behind the call, while it is."""
        if lag.behind <= 0:
            self.lag.hide()
            return
        behind = translate("LiveView", "Transcript %1 s behind").replace(
            "%1", f"{lag.behind / SAMPLE_RATE:.0f}")
        if lag.degraded:
            behind += " · " + translate("LiveView", "catching up with lighter decoding")
        self.lag.setText(behind)
        self.lag.show()

    def new_call(self, policy: PromptPolicy, title: str) -> None:
        self._talkovers.clear()
        self.transcript.clear()
        self.feed.reset(policy)
        self.banner.say("")
        self.status.setText(title)

    def _on_status(self, text: str) -> None:
        plan = self.controller.plan
        name = plan.title if plan is not None else ""
        shown = status_text(text)
        self.status.setText(f"{name} · {shown}" if name and text == "Listening" else shown)

    def _on_state(self, state: CallState) -> None:
        self._state = state
        running = state is not CallState.IDLE
        self.start_button.setText(translate("LiveView", "Stop call") if running
                                  else translate("LiveView", "Start call"))
        self.start_button.setProperty("running", running)
        self.start_button.style().unpolish(self.start_button)
        self.start_button.style().polish(self.start_button)
        self.start_button.setEnabled(state is not CallState.STOPPING)
        self.demo_button.setEnabled(not running)
        if state is CallState.IDLE:
            self.lag.hide()
            self.status.setText(translate("LiveView", "Ready"))
            self.hint.setText(self.shortcut_hint())
            self.transcript.drop_partials()
