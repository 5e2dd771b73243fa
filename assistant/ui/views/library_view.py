"""The call library: every stored call in a table; a call opens to its transcript.

Team leads review calls here after the fact; QA staff drop batches of
recordings onto the transcribe panel at the top.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.i18n.formatting import duration, short_date_time
from assistant.store import CallStore, StoredCall
from assistant.store.types import clean_tags
from assistant.timebase import seconds
from assistant.ui.i18n import (
    current_language,
    is_language_change,
    plural,
    speaker_name,
    translate,
)
from assistant.ui.library_model import COLUMNS, LibraryModel
from assistant.ui.review import LibraryFilterBar
from assistant.ui.views.transcribe_panel import TranscribePanel
from assistant.ui.widgets.transcript import TranscriptView
from assistant.wording import length_text


class CallDetail(QWidget):
    """One stored call: its summary line, notes and transcript."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(translate("LibraryView", "Choose a call to read its transcript"))
        self.title.setObjectName("heading")
        self.title.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        self.transcript = TranscriptView(font_pt=12)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.transcript, 1)
        self.call: StoredCall | None = None

    def show_call(self, call: StoredCall) -> None:
        self.call = call
        s, r = call.summary, call.result
        self.title.setText(s.title)
        self.summary.setText(self._summary_text(call))
        self.transcript.load_result(r)
        self.transcript.scroller.verticalScrollBar().setValue(0)

    @staticmethod
    def _summary_text(call: StoredCall) -> str:
        s, r, lang = call.summary, call.result, current_language()
        talk = ", ".join(f"{speaker_name(k)} {duration(seconds(v), lang)}"
                         for k, v in r.stats.talk_time.items())
        parts = [short_date_time(s.started_at.astimezone(), lang), length_text(s.duration_s),
                 translate("LibraryView", "language %1").replace(
                     "%1", r.language or translate("LibraryView", "unknown")),
                 translate("LibraryView", "talk time %1").replace("%1", talk or "–"),
                 plural(s.talkovers, translate("LibraryView", "1 talk-over"),
                        translate("LibraryView", "%n talk-overs")),
                 plural(s.repeats, translate("LibraryView", "1 repeated request"),
                        translate("LibraryView", "%n repeated requests"))]
        lines = [" · ".join(parts)]
        who = [translate("LibraryView", "agent %1").replace("%1", s.agent)] if s.agent else []
        who += ([translate("LibraryView", "tags: %1").replace("%1", ", ".join(s.tags))]
                if s.tags else [])
        lines += [" · ".join(who)] if who else []
        lines += [translate("LibraryView", "Note: %1").replace("%1", n) for n in r.notes]
        return "\n".join(lines)

    def clear(self) -> None:
        self.call = None
        self.title.setText(translate("LibraryView", "Choose a call to read its transcript"))
        self.summary.setText("")
        self.transcript.clear()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            if self.call is None:
                self.title.setText(translate("LibraryView",
                                             "Choose a call to read its transcript"))
            else:
                self.summary.setText(self._summary_text(self.call))
        super().changeEvent(event)


class LibraryView(QWidget):
    problem = Signal(str)

    def __init__(self, store: CallStore | None, panel: TranscribePanel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.panel = panel
        self.model = LibraryModel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(12)
        layout.addWidget(panel)

        tools = QHBoxLayout()
        # Words said (full-text), language, date, calls with talk-overs or repeats.
        self.filters = LibraryFilterBar()
        self.filters.query_changed.connect(lambda _query: self.refresh())
        tools.addWidget(self.filters, 1)
        self.review_button = QPushButton()
        self.review_button.clicked.connect(self.open_review)
        self.review_button.setEnabled(False)
        tools.addWidget(self.review_button)
        self.review_window: QWidget | None = None
        self.tags_button = QPushButton()
        self.tags_button.clicked.connect(self._edit_tags)
        self.tags_button.setEnabled(False)
        tools.addWidget(self.tags_button)
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self._delete)
        self.delete_button.setEnabled(False)
        self._disarm = QTimer(self)  # deleting takes a second click within a few seconds
        self._disarm.setSingleShot(True)
        self._disarm.setInterval(4000)
        self._disarm.timeout.connect(
            lambda: self.delete_button.setText(translate("LibraryView", "Delete call")))
        tools.addWidget(self.delete_button)
        layout.addLayout(tools)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # Sorting is the store's (any column, whole library), not the view's.
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        header.sortIndicatorChanged.connect(
            lambda section, order: self.filters.sort_by_header(COLUMNS[section], order))
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.table.doubleClicked.connect(lambda _index: self.open_review())
        split.addWidget(self.table)
        self.detail = CallDetail()
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 600])  # every column readable at 1280 px
        layout.addWidget(split, 1)
        if store is None:
            self.table.setEnabled(False)
            self.filters.setEnabled(False)
        panel.call_saved.connect(self.show_call)
        self.retranslate()

    def retranslate(self) -> None:
        self.tags_button.setText(translate("LibraryView", "Tags…"))
        self.tags_button.setToolTip(translate(
            "LibraryView", "Label the selected call (e.g. billing, escalated) to compare calls "
            "in the Team tab"))
        self.review_button.setText(translate("LibraryView", "Review call…"))
        self.review_button.setToolTip(translate(
            "LibraryView", "Open the call's review: summary, timeline, playback and "
            "corrections (or double-click it)"))
        if not self._disarm.isActive():
            self.delete_button.setText(translate("LibraryView", "Delete call"))
        self.delete_button.setToolTip(translate(
            "LibraryView", "Delete the selected call's transcript and the library's copy of "
            "its audio (your original files are kept)"))
        # The table's headers and dates, in the new language.
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.model.layoutChanged.emit()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        if self.store is None:
            return
        current = self.detail.call.summary.id if self.detail.call else None
        try:
            calls = self.store.query(self.filters.query())
        except AssistantError as exc:
            self.problem.emit(str(exc))
            return
        self.filters.refresh_languages(self.store)
        self.model.set_calls(calls)
        if current is not None:
            self.select(current)

    def select(self, call_id: int) -> bool:
        row = self.model.row_of(call_id)
        if row is None:
            return False
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        return True

    def show_call(self, call_id: int) -> None:
        """Refresh and open one call (a new recording, or the call just ended)."""
        self.filters.clear()  # refreshes
        self.select(call_id)

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.delete_button.setEnabled(current.isValid())
        self.review_button.setEnabled(current.isValid())
        self.tags_button.setEnabled(current.isValid())
        if not current.isValid() or self.store is None:
            return
        call_id = self.model.call_id(current.row())
        if call_id is None or (self.detail.call is not None
                               and self.detail.call.summary.id == call_id):
            return
        self._show_detail(call_id)

    def _show_detail(self, call_id: int) -> None:
        assert self.store is not None
        try:
            self.detail.show_call(self.store.get_call(call_id))
        except AssistantError as exc:
            self.problem.emit(str(exc))

    def open_review(self) -> None:
        """The selected call in the review window (``assistant.ui.review``)."""
        call_id = self.model.call_id(self.table.currentIndex().row())
        if call_id is None or self.store is None:
            return
        from assistant.ui.review import open_review

        try:
            self.review_window = open_review(self.store, call_id, self)
        except AssistantError as exc:
            self.problem.emit(str(exc))

    def _edit_tags(self) -> None:
        call_id = self.model.call_id(self.table.currentIndex().row())
        if call_id is None or self.store is None:
            return
        current = self.model.calls[self.table.currentIndex().row()].tags
        text, ok = QInputDialog.getText(
            self, translate("LibraryView", "Tags"),
            translate("LibraryView", "Tags of this call, separated by commas:"),
            text=", ".join(current))
        if ok:
            self.set_tags(call_id, [t for t in text.split(",") if t.strip()])

    def set_tags(self, call_id: int, tags: list[str]) -> None:
        """Make the call's tags exactly ``tags`` (what the Tags… dialog does)."""
        if self.store is None:
            return
        try:
            wanted = clean_tags(tags)
            keep = {t.casefold() for t in wanted}
            old = self.store.tag(call_id)
            self.store.tag(call_id, add=wanted, remove=[t for t in old if t.casefold() not in keep])
        except AssistantError as exc:
            self.problem.emit(str(exc))
            return
        self.refresh()
        if self.detail.call is not None and self.detail.call.summary.id == call_id:
            self._show_detail(call_id)  # with its new tags

    def _delete(self) -> None:
        call_id = self.model.call_id(self.table.currentIndex().row())
        if call_id is None or self.store is None:
            return
        if not self._disarm.isActive():
            self.delete_button.setText(translate("LibraryView", "Click again to delete"))
            self._disarm.start()
            return
        self._disarm.stop()
        self.delete_button.setText(translate("LibraryView", "Delete call"))
        try:
            self.store.delete_call(call_id)
        except AssistantError as exc:
            self.problem.emit(str(exc))
            return
        self.detail.clear()
        self.refresh()
