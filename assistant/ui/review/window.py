"""The post-call review: summary, timeline, transcript and the call's audio in one view.

``ReviewWidget`` can sit inside the library view (in place of a plain
transcript) or alone in a ``ReviewWindow``; ``open_review`` opens one call in
its own window. Anything clickable — a timeline marker or spot, a transcript
line, an event, a time in the summary — plays the call from that moment, both
parties mixed. Corrections typed into the transcript are saved to the library
at once, and the summary and exports use them.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.i18n.formatting import short_date_time
from assistant.records import Utterance
from assistant.report.render import render
from assistant.review.playback import OutputFactory, sounddevice_output
from assistant.review.summary import CallReview, Marker, review_call
from assistant.store import CallStore, StoredCall
from assistant.timebase import clock
from assistant.ui.i18n import QT_TRANSLATE_NOOP, current_language, report_language, translate
from assistant.ui.review.playback import PlaybackController
from assistant.ui.review.summary_panel import SummaryPanel
from assistant.ui.review.timeline import TimelineWidget
from assistant.ui.review.transcript import TranscriptEditor
from assistant.wording import length_text

EXPORTS = (("md", QT_TRANSLATE_NOOP("ReviewWidget", "Markdown review (.md)")),
           ("html", QT_TRANSLATE_NOOP("ReviewWidget", "Web page with timeline (.html)")),
           ("json", QT_TRANSLATE_NOOP("ReviewWidget", "JSON (.json)")),
           ("srt", QT_TRANSLATE_NOOP("ReviewWidget", "Subtitles (.srt)")),
           ("vtt", QT_TRANSLATE_NOOP("ReviewWidget", "WebVTT (.vtt)")),
           ("txt", QT_TRANSLATE_NOOP("ReviewWidget", "Plain text (.txt)")))
_SOURCES = {"live": QT_TRANSLATE_NOOP("ReviewWidget", "live call"),
            "file": QT_TRANSLATE_NOOP("ReviewWidget", "recording"),
            "demo": QT_TRANSLATE_NOOP("ReviewWidget", "demo call")}
_NO_AUDIO = QT_TRANSLATE_NOOP("ReviewWidget", "No recording was kept for this call: the "
                              "timeline shows where, without sound.")


class ReviewWidget(QWidget):
    """One stored call to review. ``show_call(id)`` loads it from the store."""

    corrected = Signal(int, int)  # call id, utterance id: the library may refresh its list
    problem = Signal(str)  # a one-line message for the status bar

    def __init__(self, store: CallStore | None, parent: QWidget | None = None, *,
                 cues_dir: Path | None = None,
                 output: OutputFactory | None = sounddevice_output) -> None:
        super().__init__(parent)
        self.store = store
        self.cues_dir = cues_dir
        self.call: StoredCall | None = None
        self.review: CallReview | None = None
        self._search = ""

        self.title = QLabel(translate("ReviewWidget", "Choose a call to review"))
        self.title.setObjectName("heading")
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        self.export_button = QPushButton(translate("ReviewWidget", "Export…"))
        self.export_button.setToolTip(translate(
            "ReviewWidget", "Save this call as a review (Markdown, a web page) or as "
            "JSON, subtitles or text, with your corrections"))
        menu = QMenu(self.export_button)
        for fmt, label in EXPORTS:
            menu.addAction(translate("ReviewWidget", label), partial(self._ask_export, fmt))
        self.export_button.setMenu(menu)
        self.export_button.setEnabled(False)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        header.addLayout(titles, 1)
        header.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)

        self.timeline = TimelineWidget()
        frame = QFrame()
        frame.setObjectName("panel")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(self.timeline)

        self.play_button = QPushButton(translate("ReviewWidget", "Play"))
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.setToolTip(translate("ReviewWidget", "Play or pause (Space)"))
        self.play_button.setMinimumWidth(104)
        self.play_button.clicked.connect(self._toggle)
        self.play_button.setEnabled(False)
        self.start_button = QPushButton()
        self.start_button.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward))
        self.start_button.setToolTip(translate("ReviewWidget", "Back to the start"))
        self.start_button.setAccessibleName(translate("ReviewWidget", "Back to the start"))
        self.start_button.clicked.connect(lambda: self._seek(0))
        self.start_button.setEnabled(False)
        self.time_label = QLabel("0:00.0 / 0:00.0")
        self.time_label.setMinimumWidth(140)
        self.status = QLabel(translate(
            "ReviewWidget", "Click the timeline, a line of the transcript or a time in the "
            "summary to listen from there."))
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        transport = QHBoxLayout()
        transport.addWidget(self.start_button)
        transport.addWidget(self.play_button)
        transport.addWidget(self.time_label)
        transport.addWidget(self.status, 1)

        self.summary = SummaryPanel()
        self.transcript = TranscriptEditor()
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.summary)
        split.addWidget(self.transcript)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        self.split = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(frame)
        layout.addLayout(transport)
        layout.addWidget(split, 1)

        self.playback = PlaybackController(output, self)
        self.playback.position_changed.connect(self._position)
        self.playback.state_changed.connect(self._state)
        self.playback.status_changed.connect(self._status)
        self.timeline.seek_requested.connect(self.play_from)
        self.timeline.marker_activated.connect(self._marker)
        self.transcript.play_from.connect(self.play_from)
        self.transcript.corrected.connect(self.save_correction)
        self.transcript.utterance_selected.connect(self._selected)
        self.summary.play_from.connect(self.play_from)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        space.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        space.activated.connect(self._toggle)

    # --- loading ------------------------------------------------------------------------

    def show_call(self, call: int | StoredCall) -> bool:
        """Load a call (by id, from the store, or as given); False with ``problem`` if not."""
        if isinstance(call, int):
            if self.store is None:
                self.problem.emit("the call library is not open")
                return False
            try:
                call = self.store.get_call(call)
            except AssistantError as exc:
                self.problem.emit(str(exc))
                return False
        same = self.call is not None and self.call.summary.id == call.summary.id
        self.call = call
        if not self._build_review():
            return False
        if not same:
            self.playback.load(call.audio_path, missing=translate("ReviewWidget", _NO_AUDIO))
            self.timeline.reset_zoom()
        self.set_search(self._search)
        return True

    def _build_review(self) -> bool:
        call = self.call
        if call is None:
            return False
        try:
            self.review = review_call(call.result, title=call.summary.title,
                                      cues_dir=self.cues_dir, language=report_language())
        except AssistantError as exc:  # a user's broken cue file: say so, review without it
            self.problem.emit(str(exc))
            self.review = review_call(call.result, title=call.summary.title,
                                      language=report_language())
        s = call.summary
        originals: dict[int, str] = {}
        if self.store is not None:
            try:
                originals = {k: v[0] for k, v in self.store.corrections(s.id).items()}
            except AssistantError as exc:
                self.problem.emit(str(exc))
        self.title.setText(s.title)
        kind = (translate("ReviewWidget", _SOURCES[s.source]) if s.source in _SOURCES
                else s.source)
        state = "" if s.status == "finished" else f" · {s.status}"
        details = translate("ReviewWidget", "language %1 · model %2").replace(
            "%1", call.result.language or translate("ReviewWidget", "unknown")).replace(
            "%2", s.model)
        when = short_date_time(s.started_at.astimezone(), current_language())
        self.meta.setText(f"{when} · {length_text(s.duration_s)} · {kind}{state} · {details}")
        self.timeline.set_review(self.review)
        self.summary.set_review(self.review)
        self.transcript.set_result(call.result, originals, self.review.language)
        self.export_button.setEnabled(True)
        self.play_button.setEnabled(call.audio_path is not None)
        self.start_button.setEnabled(True)
        self._position(self.playback.position)
        return True

    def clear(self) -> None:
        self.playback.close()
        self.call = self.review = None
        self.title.setText(translate("ReviewWidget", "Choose a call to review"))
        self.meta.setText("")
        self.timeline.set_review(None)
        self.summary.set_review(None)
        self.transcript.set_result(None, {})
        self.export_button.setEnabled(False)
        self.play_button.setEnabled(False)
        self.start_button.setEnabled(False)

    def set_search(self, text: str) -> None:
        """Mark the lines holding the library's search words (as the filter bar has them)."""
        self._search = text
        found: set[int] = set()
        if text.strip() and self.store is not None and self.call is not None:
            try:
                found = set(self.store.matching_utterances(self.call.summary.id, text))
            except AssistantError as exc:
                self.problem.emit(str(exc))
        self.transcript.model.set_matches(found)
        if found:
            self.transcript.show_utterance(min(found, key=lambda i: self._start_of(i)))

    def _start_of(self, utterance_id: int) -> int:
        u = self.call.result.utterance(utterance_id) if self.call else None
        return u.span.start if u else 0

    # --- listening ----------------------------------------------------------------------

    def play_from(self, at: int) -> None:
        self.playback.play_from(at)

    def _seek(self, at: int) -> None:
        self.playback.seek(at)

    def _toggle(self) -> None:
        self.playback.toggle()

    def _marker(self, marker: Marker) -> None:
        self.timeline.set_highlight(marker.span)

    def _selected(self, utterance: Utterance | None) -> None:
        self.timeline.set_highlight(utterance.span if utterance is not None else None)

    def _position(self, position: int) -> None:
        total = self.call.result.recording.duration if self.call else 0
        self.time_label.setText(f"{clock(position)} / {clock(total)}")
        self.timeline.set_position(position)
        self.transcript.set_position(position, follow=self.playback.playing)

    def _state(self, playing: bool) -> None:
        self.play_button.setText(translate("ReviewWidget", "Pause") if playing
                                 else translate("ReviewWidget", "Play"))
        icons = QStyle.StandardPixmap
        icon = icons.SP_MediaPause if playing else icons.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))

    def _status(self, text: str) -> None:
        self.status.setText(text or translate(
            "ReviewWidget", "Click the timeline, a line of the transcript or a time in the "
            "summary to listen from there."))

    # --- corrections and exports ----------------------------------------------------------

    def save_correction(self, utterance_id: int, text: str) -> None:
        """Keep the reviewer's words for an utterance ("" restores what was recognised)."""
        if self.store is None or self.call is None:
            return
        call_id = self.call.summary.id
        try:
            self.store.set_correction(call_id, utterance_id, text or None)
            self.call = self.store.get_call(call_id)
        except AssistantError as exc:
            self.problem.emit(str(exc))
            return
        self._build_review()
        self.corrected.emit(call_id, utterance_id)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the call (with corrections) as ``fmt``; the review formats use this review."""
        if self.call is None:
            return
        text = render(self.call.result, fmt, self.review)
        path.write_text(text, encoding="utf-8")

    def _ask_export(self, fmt: str) -> None:
        if self.call is None:
            return
        suggested = f"call-{self.call.summary.id}.{fmt}"
        name, _ = QFileDialog.getSaveFileName(self, translate(
            "ReviewWidget", "Export the call"), suggested)
        if not name:
            return
        try:
            self.export_to(Path(name), fmt)
        except OSError as exc:
            self.problem.emit(f"cannot write {name}: {exc.strerror or exc}")

    def close_audio(self) -> None:
        self.playback.close()


class ReviewWindow(QMainWindow):
    """A call's review in a window of its own."""

    _open: ClassVar[set[ReviewWindow]] = set()  # kept alive while shown (no parent needed)

    def __init__(self, store: CallStore | None, parent: QWidget | None = None, *,
                 cues_dir: Path | None = None,
                 output: OutputFactory | None = sounddevice_output) -> None:
        super().__init__(parent)
        self.review = ReviewWidget(store, cues_dir=cues_dir, output=output)
        self.setCentralWidget(self.review)
        self.review.problem.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.resize(1280, 800)

    def show_call(self, call: int | StoredCall) -> bool:
        ok = self.review.show_call(call)
        if ok and self.review.call is not None:
            self.setWindowTitle(translate("ReviewWindow", "Review: %1").replace(
                "%1", self.review.call.summary.title))
        return ok

    def closeEvent(self, event: QCloseEvent) -> None:
        self.review.close_audio()
        ReviewWindow._open.discard(self)
        super().closeEvent(event)


def open_review(store: CallStore | None, call: int | StoredCall, parent: QWidget | None = None,
                *, cues_dir: Path | None = None,
                output: OutputFactory | None = sounddevice_output) -> ReviewWindow:
    """Open one call's review in its own window and return it (already shown)."""

    window = ReviewWindow(store, parent, cues_dir=cues_dir, output=output)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show_call(call)
    ReviewWindow._open.add(window)
    window.show()
    return window
