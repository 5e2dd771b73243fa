"""A search and filter bar for the call library: words said, language, date, calls with
talk-overs or repeats. It emits a ``CallQuery`` for ``CallStore.query``; the library's
table keeps showing whatever comes back. Sorting follows the table's header
(``set_sort`` / ``sort_by_header``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.store import CallQuery, CallStore
from assistant.ui.i18n import QT_TRANSLATE_NOOP, is_language_change, translate

LANGUAGE_NAMES = {"en": QT_TRANSLATE_NOOP("LibraryFilterBar", "English"),
                  "sv": QT_TRANSLATE_NOOP("LibraryFilterBar", "Swedish"),
                  "da": QT_TRANSLATE_NOOP("LibraryFilterBar", "Danish"),
                  "no": QT_TRANSLATE_NOOP("LibraryFilterBar", "Norwegian"),
                  "de": QT_TRANSLATE_NOOP("LibraryFilterBar", "German"),
                  "fi": QT_TRANSLATE_NOOP("LibraryFilterBar", "Finnish")}
# The library table's column titles and the query's sort keys.
SORT_FOR_COLUMN = {"Title": "title", "Date": "started", "Duration": "duration",
                   "Length": "duration", "Lang": "language",
                   "Talk-overs": "talkovers", "Repeats": "repeats", "Language": "language",
                   "Status": "status", "Source": "source", "Model": "model", "ID": "id"}
DATES = (QT_TRANSLATE_NOOP("LibraryFilterBar", "Any time"),
         QT_TRANSLATE_NOOP("LibraryFilterBar", "Today"),
         QT_TRANSLATE_NOOP("LibraryFilterBar", "Last 7 days"),
         QT_TRANSLATE_NOOP("LibraryFilterBar", "Last 30 days"),
         QT_TRANSLATE_NOOP("LibraryFilterBar", "This year"),
         QT_TRANSLATE_NOOP("LibraryFilterBar", "Since…"))
TYPING_MS = 250  # wait this long after a keystroke before searching


class LibraryFilterBar(QWidget):
    query_changed = Signal(object)  # a CallQuery

    def __init__(self, parent: QWidget | None = None, *,
                 now: Callable[[], datetime] | None = None) -> None:
        super().__init__(parent)
        self._now = now or (lambda: datetime.now().astimezone())
        self._sort = ("started", True)
        # Texts are set in retranslate(), in the window's language.
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.language = QComboBox()
        self.language.addItem("", None)  # any language
        self.dates = QComboBox()
        for combo in (self.language, self.dates):  # as wide as the words of any language
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key in DATES:
            self.dates.addItem(key, key)  # the English key: what _date_range reads
        self.since = QDateEdit()
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("yyyy-MM-dd")
        self.since.setDate(QDate.currentDate().addDays(-7))
        self.since.setVisible(False)
        self.talkovers = QCheckBox()
        self.repeats = QCheckBox()
        self.reset = QPushButton()
        self.reset.setObjectName("flat")
        self.reset.setVisible(False)
        self.reset.clicked.connect(self.clear)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.search, 1)
        for widget in (self.language, self.dates, self.since, self.talkovers, self.repeats,
                       self.reset):
            layout.addWidget(widget)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_MS)
        self._typing.timeout.connect(self._changed)
        self.search.textChanged.connect(lambda _text: self._typing.start())
        self.search.returnPressed.connect(self._changed)
        self.language.currentIndexChanged.connect(self._changed)
        self.dates.currentIndexChanged.connect(self._dates_changed)
        self.since.dateChanged.connect(self._changed)
        self.talkovers.toggled.connect(self._changed)
        self.repeats.toggled.connect(self._changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(translate(
            "LibraryFilterBar", "Search what was said, or a title…"))
        self.search.setAccessibleName(translate("LibraryFilterBar", "Search the calls"))
        self.language.setAccessibleName(translate("LibraryFilterBar", "Language"))
        self.language.setItemText(0, translate("LibraryFilterBar", "Any language"))
        self.dates.setAccessibleName(translate("LibraryFilterBar", "Date"))
        for i, key in enumerate(DATES):
            self.dates.setItemText(i, translate("LibraryFilterBar", key))
        self.talkovers.setText(translate("LibraryFilterBar", "Talk-overs"))
        self.talkovers.setToolTip(translate(
            "LibraryFilterBar", "Only calls with at least one talk-over"))
        self.repeats.setText(translate("LibraryFilterBar", "Repeats"))
        self.repeats.setToolTip(translate(
            "LibraryFilterBar", "Only calls in which the customer had to repeat a request"))
        self.reset.setText(translate("LibraryFilterBar", "Clear filters"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    # --- the library view's side --------------------------------------------------------

    def set_languages(self, codes: list[str]) -> None:
        """Offer these languages (e.g. ``store.languages()``); keeps the current choice."""
        current = self.language.currentData()
        self.language.blockSignals(True)
        self.language.clear()
        self.language.addItem(translate("LibraryFilterBar", "Any language"), None)
        for code in codes:
            name = LANGUAGE_NAMES.get(code.split("-")[0])
            self.language.addItem(translate("LibraryFilterBar", name) if name else code, code)
        found = self.language.findData(current)
        self.language.setCurrentIndex(max(0, found))
        self.language.blockSignals(False)

    def refresh_languages(self, store: CallStore) -> None:
        with contextlib.suppress(AssistantError):  # the library view reports store problems
            self.set_languages(store.languages())

    def set_sort(self, key: str, descending: bool) -> None:
        if (key, descending) != self._sort:
            self._sort = (key, descending)
            self._changed()

    def sort_by_header(self, column_title: str, order: Qt.SortOrder) -> None:
        """Connect a header's ``sortIndicatorChanged`` via the column's title."""
        key = SORT_FOR_COLUMN.get(column_title)
        if key is not None:
            self.set_sort(key, order == Qt.SortOrder.DescendingOrder)

    def query(self) -> CallQuery:
        since, until = self._date_range()
        return CallQuery(
            text=self.search.text().strip(), language=self.language.currentData(),
            since=since, until=until,
            has_talkovers=True if self.talkovers.isChecked() else None,
            has_repeats=True if self.repeats.isChecked() else None,
            sort=self._sort[0], descending=self._sort[1])

    @property
    def filtering(self) -> bool:
        q = self.query()
        return bool(q.text or q.language or q.since or q.has_talkovers or q.has_repeats)

    def clear(self) -> None:
        for widget in (self.search, self.language, self.dates, self.talkovers, self.repeats):
            widget.blockSignals(True)
        self.search.clear()
        self.language.setCurrentIndex(0)
        self.dates.setCurrentIndex(0)
        self.since.setVisible(False)
        self.talkovers.setChecked(False)
        self.repeats.setChecked(False)
        for widget in (self.search, self.language, self.dates, self.talkovers, self.repeats):
            widget.blockSignals(False)
        self._changed()

    # --- internals ------------------------------------------------------------------------

    def _date_range(self) -> tuple[datetime | None, datetime | None]:
        choice = self.dates.currentData() or DATES[0]
        now = self._now()
        midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if choice == "Today":
            return midnight, None
        if choice == "Last 7 days":
            return midnight - timedelta(days=6), None
        if choice == "Last 30 days":
            return midnight - timedelta(days=29), None
        if choice == "This year":
            return midnight.replace(month=1, day=1), None
        if choice.startswith("Since"):
            d = self.since.date()
            return midnight.replace(year=d.year(), month=d.month(), day=d.day()), None
        return None, None

    def _dates_changed(self) -> None:
        self.since.setVisible(str(self.dates.currentData()).startswith("Since"))
        self._changed()

    def _changed(self, *_args: object) -> None:
        self._typing.stop()
        self.reset.setVisible(self.filtering)
        self.query_changed.emit(self.query())
