"""The call library as a Qt table model: one row per stored call, newest first."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from assistant.i18n.formatting import long_date, short_date_time
from assistant.store import CallSummary
from assistant.ui.i18n import QT_TRANSLATE_NOOP, current_language, translate
from assistant.wording import length_text

# The columns' names are also the library's sort keys; shown translated.
COLUMNS = ("Title", "Date", "Length", "Lang", "Talk-overs", "Repeats")
_COLUMN_TITLES = (QT_TRANSLATE_NOOP("LibraryModel", "Title"),
                  QT_TRANSLATE_NOOP("LibraryModel", "Date"),
                  QT_TRANSLATE_NOOP("LibraryModel", "Length"),
                  QT_TRANSLATE_NOOP("LibraryModel", "Lang"),
                  QT_TRANSLATE_NOOP("LibraryModel", "Talk-overs"),
                  QT_TRANSLATE_NOOP("LibraryModel", "Repeats"))
_SOURCES = {"live": QT_TRANSLATE_NOOP("LibraryModel", "Live call"),
            "file": QT_TRANSLATE_NOOP("LibraryModel", "Recording"),
            "demo": QT_TRANSLATE_NOOP("LibraryModel", "Demo")}

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
            return translate("LibraryModel", _COLUMN_TITLES[section])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        call = self.calls[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            local = call.started_at.astimezone()
            values = (call.title, short_date_time(local, current_language()),
                      length_text(call.duration_s),
                      call.language or "–", str(call.talkovers), str(call.repeats))
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            kind = (translate("LibraryModel", _SOURCES[call.source])
                    if call.source in _SOURCES else call.source)
            state = "" if call.status == "finished" else f" · {call.status}"
            details = translate("LibraryModel", "language %1 · model %2").replace(
                "%1", call.language or translate("LibraryModel", "unknown")).replace(
                "%2", call.model)
            when = long_date(call.started_at.astimezone(), current_language())
            who = ("\n" + translate("LibraryModel", "Agent: %1").replace("%1", call.agent)
                   if call.agent else "")
            tags = ("\n" + translate("LibraryModel", "Tags: %1").replace("%1", ", ".join(call.tags))
                    if call.tags else "")
            return f"{call.title}\n{when} · {kind}{state} · {details}{who}{tags}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2 and column != 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return call.id
        return None

    def call_id(self, row: int) -> int | None:
        return self.calls[row].id if 0 <= row < len(self.calls) else None

    def row_of(self, call_id: int) -> int | None:
        return next((i for i, c in enumerate(self.calls) if c.id == call_id), None)
