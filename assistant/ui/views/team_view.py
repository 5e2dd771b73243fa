"""The Team tab: figures across the library's calls for a team lead, as charts.

The same figures as ``assistant calls stats`` (``assistant.services.team``), with
the same filters: a date range, language, agent and tag. They are computed on a
worker thread (a library of thousands of calls takes a while) and drawn by
``TeamCharts``; "Export PNG…" saves the charts as they are shown.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import QThread, Signal
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
from assistant.ui.widgets.team_charts import TeamCharts

RANGES = (("All time", None), ("Last 4 weeks", 28), ("Last 13 weeks", 91),
          ("Last 12 months", 365))
PERIODS = (("Per week", "week"), ("Per month", "month"), ("Per day", "day"))
ANY = "Any"


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
    parts = [f"{p.calls} call{'s' if p.calls != 1 else ''}"]
    if p.talkovers_per_hour is not None:
        parts.append(f"{p.talkovers_per_hour:.1f} talk-overs per hour of agent talk")
    if p.repeat_share is not None:
        parts.append(f"{100 * p.repeat_share:.0f}% with a repeated request")
    if p.talk_ratio is not None:
        parts.append(f"agent talks {100 * p.talk_ratio.median:.0f}% (median)")
    if p.monologue_s is not None:
        parts.append(f"longest monologue {p.monologue_s.median:.0f} s (median)")
    if p.poor_cues_per_call is not None and p.good_cues_per_call is not None:
        parts.append(f"cues per call: {p.good_cues_per_call:.1f} good, "
                     f"{p.poor_cues_per_call:.1f} poor")
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(10)

        tools = QHBoxLayout()
        self.range = self._combo(tools, "Calls", [r for r, _ in RANGES])
        self.language = self._combo(tools, "Language", [ANY])
        self.agent = self._combo(tools, "Agent", [ANY])
        self.tag = self._combo(tools, "Tag", [ANY])
        self.period = self._combo(tools, "", [p for p, _ in PERIODS])
        tools.addStretch(1)
        self.export_button = QPushButton("Export PNG…")
        self.export_button.setToolTip("Save these charts as a PNG image")
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

    def _combo(self, row: QHBoxLayout, label: str, items: list[str]) -> QComboBox:
        if label:
            row.addWidget(QLabel(label))
        box = QComboBox()
        box.addItems(items)
        box.currentIndexChanged.connect(lambda _i: self.refresh())
        row.addWidget(box)
        return box

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
        if self.store is None:
            return
        if self._job is not None:
            self._again = True
            return
        self._refresh_choices()
        self._job = _Compute(self.store, self.query(), self.period_key(), self)
        self._job.done.connect(self._shown)
        self.summary.setText("Counting…")
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
            box.addItems([ANY, *values])
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
        self.summary.setText(headline(stats.overall) if stats and stats.calls
                             else "No finished calls match.")
        self.charts.show_stats(stats, theme.current())
        self.export_button.setEnabled(bool(stats and stats.calls))
        self.updated.emit()
        if self._again:
            self._again = False
            self.refresh()

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export the charts",
                                              str(Path.home() / "team-figures.png"),
                                              "PNG image (*.png)")
        if name:
            self.export_png(Path(name))

    def export_png(self, path: Path) -> None:
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        try:
            self.charts.export_png(path)
        except OSError as exc:
            self.problem.emit(f"cannot write {path}: {exc.strerror or exc}")

    def shutdown(self) -> None:
        if self._job is not None:
            self._job.wait()
