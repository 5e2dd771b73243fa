"""The transcript to review and correct: one row per utterance (and per event), with
time and speaker. A click plays from that line; a double-click (or F2) edits the
words, and the correction is saved at once. Corrected lines are marked, with
what was recognised in their tooltip.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assistant.engine.result import CallResult
from assistant.records import RepeatEvent, TalkOverEvent, TalkOverReason, Utterance
from assistant.timebase import clock
from assistant.ui.i18n import QT_TRANSLATE_NOOP, speaker_name, translate
from assistant.ui.review.style import colour, palette
from assistant.wording import describe_event

COLUMNS = (QT_TRANSLATE_NOOP("TranscriptEditor", "Time"),
           QT_TRANSLATE_NOOP("TranscriptEditor", "Speaker"),
           QT_TRANSLATE_NOOP("TranscriptEditor", "Said"))
TEXT_COLUMN = 2
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    at: int  # where to listen from
    utterance: Utterance | None
    event: TalkOverEvent | RepeatEvent | None
    text: str
    time: int  # shown: an utterance's start, an event's moment


    @property
    def label(self) -> str:
        if self.utterance is not None:
            return speaker_name(self.utterance.speaker)
        if isinstance(self.event, TalkOverEvent):
            return (translate("TranscriptEditor", "Cut-off")
                    if self.event.reason is TalkOverReason.CUTOFF
                    else translate("TranscriptEditor", "Talk-over"))
        return translate("TranscriptEditor", "Repeat")


def rows_of(result: CallResult, language: str = "en") -> list[Row]:
    """Utterances in time order, each event after what was said before it (described in
    ``language``, the review's)."""
    rows: list[Row] = []
    pending: list[TalkOverEvent | RepeatEvent] = list(result.events)

    def event_row(event: TalkOverEvent | RepeatEvent) -> Row:
        if isinstance(event, TalkOverEvent):
            at = event.start
        else:
            said = result.utterance(event.utterance)
            at = said.span.start if said else event.time
        return Row(at, None, event, describe_event(event, result, language), event.time)

    for u in result.utterances:
        while pending and pending[0].time < u.span.start:
            rows.append(event_row(pending.pop(0)))
        rows.append(Row(u.span.start, u, None, u.text, u.span.start))
    rows += [event_row(e) for e in pending]
    return rows


class TranscriptModel(QAbstractTableModel):
    corrected = Signal(int, str)  # utterance id, new text (the view saves it)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.originals: dict[int, str] = {}  # corrected utterance -> as recognised
        self.matches: set[int] = set()  # utterances holding the library's search words
        self.current: int | None = None  # the row being played

    def set_result(self, result: CallResult | None, originals: dict[int, str],
                   language: str = "en") -> None:
        self.beginResetModel()
        self.rows = rows_of(result, language) if result is not None else []
        self.originals = dict(originals)
        self.current = None
        self.endResetModel()

    def row_of_utterance(self, utterance_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows)
                     if r.utterance is not None and r.utterance.id == utterance_id), None)

    def row_at(self, position: int) -> int | None:
        """The utterance row being spoken at ``position`` (the latest that started)."""
        best = None
        for i, r in enumerate(self.rows):
            u = r.utterance
            if u is None:
                continue
            if u.span.start <= position < u.span.end:
                best = i
            elif u.span.start > position:
                break
        return best

    def set_current(self, row: int | None) -> None:
        if row == self.current:
            return
        old, self.current = self.current, row
        for r in (old, row):
            if r is not None:
                self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))

    def set_matches(self, utterances: set[int]) -> None:
        self.matches = set(utterances)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("TranscriptEditor", COLUMNS[section])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TEXT_COLUMN and self.rows[index.row()].utterance is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        u = row.utterance
        edited = u is not None and u.id in self.originals
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return clock(row.time) + (" ✎" if edited else "")
            if column == 1:
                return row.label
            return row.text
        p = palette()
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == 1:
                if u is not None:
                    return colour(p.speaker(u.speaker))
                return colour(p.repeat if isinstance(row.event, RepeatEvent) else p.talkover)
            if u is None:
                return colour(p.muted)
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if column == 1:
                font.setBold(True)
            if u is None and column == TEXT_COLUMN:
                font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.row() == self.current:
                return colour(p.agent, 0.22)
            if u is not None and u.id in self.matches:
                return colour(p.poor, 0.22)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if edited and u is not None:
                return translate("TranscriptEditor", "Corrected. Recognised as: “%1”").replace(
                    "%1", self.originals[u.id])
            if u is not None:
                return translate("TranscriptEditor",
                                 "Click to listen from here; double-click to correct the words")
            return translate("TranscriptEditor", "Click to listen from here")
        if role == Qt.ItemDataRole.UserRole:
            return row.at
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole
                ) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != TEXT_COLUMN:
            return False
        u = self.rows[index.row()].utterance
        if u is None or not isinstance(value, str):
            return False
        text = " ".join(value.split())
        if text == u.text:
            return False
        self.corrected.emit(u.id, text)  # the view saves it and reloads the call
        return True


class TranscriptEditor(QWidget):
    play_from = Signal(int)  # a sample on the call's clock
    corrected = Signal(int, str)  # utterance id, text (None-free: "" restores the original)
    utterance_selected = Signal(object)  # the Utterance (or None for an event row)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TranscriptModel()
        self.model.corrected.connect(self.corrected)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(True)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(translate("TranscriptEditor", "Transcript"))
        self.table.clicked.connect(self._clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._menu)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_result(self, result: CallResult | None, originals: dict[int, str],
                   language: str = "en") -> None:
        scroll = self.table.verticalScrollBar().value()
        self.model.set_result(result, originals, language)
        self.table.verticalScrollBar().setValue(scroll)

    def set_position(self, position: int, follow: bool) -> None:
        row = self.model.row_at(position)
        self.model.set_current(row)
        editing = self.table.state() == QAbstractItemView.State.EditingState
        if follow and row is not None and not editing:
            self.table.scrollTo(self.model.index(row, 0),
                                QAbstractItemView.ScrollHint.EnsureVisible)

    def show_utterance(self, utterance_id: int) -> None:
        row = self.model.row_of_utterance(utterance_id)
        if row is not None:
            self.table.scrollTo(self.model.index(row, 0),
                                QAbstractItemView.ScrollHint.PositionAtCenter)
            self.table.selectRow(row)

    def _clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        self.utterance_selected.emit(row.utterance)
        self.play_from.emit(row.at)

    def _menu(self, point: QPoint) -> None:
        index = self.table.indexAt(point)
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        menu = QMenu(self)
        menu.addAction(translate("TranscriptEditor", "Listen from here"),
                       lambda: self.play_from.emit(row.at))
        u = row.utterance
        if u is not None:
            edit = self.model.index(index.row(), TEXT_COLUMN)
            menu.addAction(translate("TranscriptEditor", "Correct the words…"),
                           lambda: self.table.edit(edit))
            if u.id in self.model.originals:
                menu.addAction(translate("TranscriptEditor", "Restore the recognised words"),
                               lambda: self.corrected.emit(u.id, ""))
        menu.exec(self.table.viewport().mapToGlobal(point))
