"""The Team tab: figures across the library's calls for a team lead, as charts.

The same figures as ``assistant calls stats`` (``assistant.services.team``), with
the same filters: a date range, language, agent and tag. They are computed on a
worker thread (a library of thousands of calls takes a while) and drawn by
``TeamCharts``; "Export PNG…" saves the charts as they are shown.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QEvent, QThread, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.services.team import PeriodFigures, TeamStats, library_figures, team_stats
from assistant.store import CallQuery, CallStore
from assistant.ui import theme
from assistant.ui.i18n import QT_TRANSLATE_NOOP, is_language_change, plural, translate
from assistant.ui.widgets.team_charts import TeamCharts

RANGES = ((QT_TRANSLATE_NOOP("TeamView", "All time"), None),
          (QT_TRANSLATE_NOOP("TeamView", "Last 4 weeks"), 28),
          (QT_TRANSLATE_NOOP("TeamView", "Last 13 weeks"), 91),
          (QT_TRANSLATE_NOOP("TeamView", "Last 12 months"), 365))
PERIODS = ((QT_TRANSLATE_NOOP("TeamView", "Per week"), "week"),
           (QT_TRANSLATE_NOOP("TeamView", "Per month"), "month"),
           (QT_TRANSLATE_NOOP("TeamView", "Per day"), "day"))
ANY = QT_TRANSLATE_NOOP("TeamView", "Any")


class _Compute(QThread):
    """The figures of one query, off the GUI thread (the store serialises its connection)."""

    done = Signal(object, object)  # (TeamStats | None, problem str | None)

    def __init__(self, store: CallStore, query: CallQuery, period: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.query, self.period = store, query, period

    def run(self) -> None:
        try:
            stats = team_stats(library_figures(self.store, self.query), self.period)
        except AssistantError as exc:
            self.done.emit(None, str(exc))
            return
        self.done.emit(stats, None)


def headline(p: PeriodFigures) -> str:
    """The selection's figures in one line of words."""
    def fill(text: str, *values: str) -> str:
        for i, value in enumerate(values, start=1):
            text = text.replace(f"%{i}", value)
        return text

    parts = [plural(p.calls, translate("TeamView", "1 call"), translate("TeamView", "%n calls"))]
    if p.talkovers_per_hour is not None:
        parts.append(fill(translate("TeamView", "%1 talk-overs per hour of agent talk"),
                          f"{p.talkovers_per_hour:.1f}"))
    if p.repeat_share is not None:
        parts.append(fill(translate("TeamView", "%1% with a repeated request"),
                          f"{100 * p.repeat_share:.0f}"))
    if p.talk_ratio is not None:
        parts.append(fill(translate("TeamView", "agent talks %1% (median)"),
                          f"{100 * p.talk_ratio.median:.0f}"))
    if p.monologue_s is not None:
        parts.append(fill(translate("TeamView", "longest monologue %1 s (median)"),
                          f"{p.monologue_s.median:.0f}"))
    if p.poor_cues_per_call is not None and p.good_cues_per_call is not None:
        parts.append(fill(translate("TeamView", "cues per call: %1 good, %2 poor"),
                          f"{p.good_cues_per_call:.1f}", f"{p.poor_cues_per_call:.1f}"))
    return " · ".join(parts)


class TeamView(QWidget):
    problem = Signal(str)
    updated = Signal()  # new figures are shown

    def __init__(self, store: CallStore | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.stats: TeamStats | None = None
        self._job: _Compute | None = None
        self._again = False
        self._ready = False  # filling the combo boxes is not a change of filters
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)

        tools = QHBoxLayout()
        self._labels: list[tuple[QLabel, str]] = []
        self.range = self._combo(tools, QT_TRANSLATE_NOOP("TeamView", "Calls"))
        self.language = self._combo(tools, QT_TRANSLATE_NOOP("TeamView", "Language"))
        self.agent = self._combo(tools, QT_TRANSLATE_NOOP("TeamView", "Agent"))
        self.tag = self._combo(tools, QT_TRANSLATE_NOOP("TeamView", "Tag"))
        self.period = self._combo(tools, None)
        for box in (self.language, self.agent, self.tag):
            box.addItem(translate("TeamView", ANY))
        for box, items in ((self.range, [r for r, _ in RANGES]),
                           (self.period, [p for p, _ in PERIODS])):
            for text in items:
                box.addItem(translate("TeamView", text))
        tools.addStretch(1)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._export)
        tools.addWidget(self.export_button)
        layout.addLayout(tools)
        self.summary = QLabel("")
        self.summary.setObjectName("muted")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.charts = TeamCharts(self)
        layout.addWidget(self.charts, 1)
        if store is None:
            self.setEnabled(False)
        self.retranslate()
        self._ready = True

    def _combo(self, row: QHBoxLayout, label: str | None) -> QComboBox:
        if label is not None:
            shown = QLabel()
            self._labels.append((shown, label))
            row.addWidget(shown)
        box = QComboBox()
        box.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(box)
        return box

    def retranslate(self) -> None:
        for label, text in self._labels:
            label.setText(translate("TeamView", text))
        for box, items in ((self.range, [r for r, _ in RANGES]),
                           (self.period, [p for p, _ in PERIODS]),
                           (self.language, [ANY]), (self.agent, [ANY]), (self.tag, [ANY])):
            for i, text in enumerate(items):
                box.setItemText(i, translate("TeamView", text))
        self.export_button.setText(translate("TeamView", "Export PNG…"))
        self.export_button.setToolTip(translate("TeamView", "Save these charts as a PNG image"))
        if self.stats is not None:
            self._show(self.stats)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def query(self, now: datetime | None = None) -> CallQuery:
        days = RANGES[max(0, self.range.currentIndex())][1]
        since = (now or datetime.now(timezone.utc)) - timedelta(days=days) if days else None

        def chosen(box: QComboBox) -> str | None:
            return None if box.currentIndex() <= 0 else box.currentText()

        tag = chosen(self.tag)
        return CallQuery(language=chosen(self.language), since=since, agent=chosen(self.agent),
                         tags=(tag,) if tag else (), prefix=False, sort="started",
                         descending=False)

    def period_key(self) -> str:
        return PERIODS[max(0, self.period.currentIndex())][1]

    def refresh(self) -> None:
        """Recompute for the current filters (once more after a computation under way)."""
        if self.store is None or not self._ready:
            return
        if self._job is not None:
            self._again = True
            return
        self._refresh_choices()
        self._job = _Compute(self.store, self.query(), self.period_key(), self)
        self._job.done.connect(self._shown)
        self.summary.setText(translate("TeamView", "Counting…"))
        self._job.start()

    def _refresh_choices(self) -> None:
        assert self.store is not None
        try:
            choices = ((self.language, self.store.languages()), (self.agent, self.store.agents()),
                       (self.tag, self.store.tags()))
        except AssistantError as exc:
            self.problem.emit(str(exc))
            return
        for box, values in choices:
            if [box.itemText(i) for i in range(1, box.count())] == values:
                continue
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItems([translate("TeamView", ANY), *values])
            box.setCurrentIndex(max(0, box.findText(current)))
            box.blockSignals(False)

    def _shown(self, stats: TeamStats | None, problem: str | None) -> None:
        job, self._job = self._job, None
        if job is not None:
            job.wait()
            job.deleteLater()
        if problem is not None:
            self.problem.emit(problem)
        self.stats = stats
        self._show(stats)
        self.export_button.setEnabled(bool(stats and stats.calls))
        self.updated.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _show(self, stats: TeamStats | None) -> None:
        self.summary.setText(headline(stats.overall) if stats and stats.calls
                             else translate("TeamView", "No finished calls match."))
        self.charts.show_stats(stats, theme.current())

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, translate("TeamView", "Export the charts"),
                                              str(Path.home() / "team-figures.png"),
                                              translate("TeamView", "PNG image (*.png)"))
        if name:
            self.export_png(Path(name))

    def export_png(self, path: Path) -> None:
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            self.charts.export_png(path)
        except OSError as exc:
            self.problem.emit(translate("TeamView", "cannot write %1: %2").replace(
                "%1", str(path)).replace("%2", str(exc.strerror or exc)))

    def shutdown(self) -> None:
        if self._job is not None:
            self._job.wait()
