"""The call library as a Qt table model: one row per stored call, newest first."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from assistant.store import CallSummary
from assistant.wording import length_text

COLUMNS = ("Title", "Date", "Length", "Lang", "Talk-overs", "Repeats")
_SOURCES = {"live": "Live call", "file": "Recording", "demo": "Demo"}

_Index = QModelIndex | QPersistentModelIndex


class LibraryModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[CallSummary] = []

    def set_calls(self, calls: list[CallSummary]) -> None:
        self.beginResetModel()
        self.calls = list(calls)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.calls)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        call = self.calls[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            local = call.started_at.astimezone()
            when = "%d %b %H:%M" if local.year == datetime.now().year else "%d %b %Y"
            values = (call.title, local.strftime(when), length_text(call.duration_s),
                      call.language or "–", str(call.talkovers), str(call.repeats))
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = _SOURCES.get(call.source, call.source)
            state = "" if call.status == "finished" else f" · {call.status}"
            return (f"{call.title}\n{kind}{state} · language {call.language or 'unknown'} · "
                    f"model {call.model}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2 and column != 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return call.id
        return None

    def call_id(self, row: int) -> int | None:
        return self.calls[row].id if 0 <= row < len(self.calls) else None

    def row_of(self, call_id: int) -> int | None:
        return next((i for i, c in enumerate(self.calls) if c.id == call_id), None)
