"""The Team view's charts: matplotlib on its Qt canvas (QtAgg works with PySide6).

Six panels over one selection of calls: the trends per period (talk-overs per
hour of agent talk, calls with a repeated request, listening cues per call),
the requests most often repeated, and the spread of talk ratio and of the
agent's longest monologue over the calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# A Figure on the QtAgg canvas directly (no pyplot): no global backend, no global state.
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtWidgets import QWidget

from assistant.i18n import catalogue
from assistant.services.team import UNTYPED, PeriodFigures, TeamStats
from assistant.timebase import seconds
from assistant.ui.i18n import current_language, translate
from assistant.ui.theme import Theme

TOP_TYPES = 8


class TeamCharts(FigureCanvasQTAgg):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.figure = Figure(figsize=(12, 6.5), layout="constrained")
        super().__init__(self.figure)
        self.setParent(parent)
        self.setMinimumHeight(420)
        self.stats: TeamStats | None = None

    def show_stats(self, stats: TeamStats | None, theme: Theme) -> None:
        self.stats = stats
        fig = self.figure
        fig.clear()
        fig.set_facecolor(theme.window)
        if stats is None or not stats.calls:
            fig.text(0.5, 0.5, translate("TeamCharts", "No finished calls match."),
                     ha="center", va="center", color=theme.text_muted, fontsize=14)
            self.draw_idle()
            return
        axes = fig.subplots(2, 3)
        for ax in axes.flat:
            _style(ax, theme)
        self._trend(axes[0][0], stats, theme)
        self._repeat_share(axes[0][1], stats, theme)
        self._cues(axes[0][2], stats, theme)
        self._types(axes[1][0], stats, theme)
        self._talk_ratio(axes[1][1], stats, theme)
        self._monologue(axes[1][2], stats, theme)
        self.draw_idle()

    def export_png(self, path: Path) -> None:
        self.figure.savefig(path, dpi=110, facecolor=self.figure.get_facecolor())

    # --- panels ---------------------------------------------------------------

    @staticmethod
    def _labels(stats: TeamStats) -> list[str]:
        return [label for label, _ in stats.timeline()]

    @staticmethod
    def _series(stats: TeamStats, value: Callable[[PeriodFigures], float | None]
                ) -> list[float]:
        """One value per period; NaN (a gap in the line) where there were no calls."""
        out = []
        for _, p in stats.timeline():
            v = value(p) if p is not None else None
            out.append(float("nan") if v is None else v)
        return out

    def _trend(self, ax, stats: TeamStats, theme: Theme) -> None:
        x = self._labels(stats)
        y = self._series(stats, lambda p: p.talkovers_per_hour)
        ax.plot(x, y, marker="o", color=theme.talkover, linewidth=2)
        ax.set_title(translate("TeamCharts", "Talk-overs per hour of agent talk"))
        ax.set_ylim(bottom=0)
        _ticks(ax, x)

    def _repeat_share(self, ax, stats: TeamStats, theme: Theme) -> None:
        x = self._labels(stats)
        y = self._series(stats, lambda p: None if p.repeat_share is None
                         else 100 * p.repeat_share)
        ax.bar(x, y, color=theme.repeat)
        ax.set_title(translate("TeamCharts", "Calls with a repeated request (%)"))
        ax.set_ylim(0, 100)
        _ticks(ax, x)

    def _cues(self, ax, stats: TeamStats, theme: Theme) -> None:
        x = self._labels(stats)
        poor = self._series(stats, lambda p: p.poor_cues_per_call)
        good = self._series(stats, lambda p: p.good_cues_per_call)
        ax.plot(x, good, marker="o", color=theme.ok, linewidth=2,
                label=translate("TeamCharts", "good (empathy, …)"))
        ax.plot(x, poor, marker="s", color=theme.warn, linewidth=2,
                label=translate("TeamCharts", "poor (policy, …)"))
        ax.set_title(translate("TeamCharts", "Listening cues per call"))
        ax.set_ylim(bottom=0)
        ax.legend(frameon=False, labelcolor=theme.text, fontsize=8)
        _ticks(ax, x)

    def _types(self, ax, stats: TeamStats, theme: Theme) -> None:
        types = list(stats.overall.repeated_types[:TOP_TYPES])
        ax.set_title(translate("TeamCharts", "Requests most often repeated"))
        if not types:
            ax.text(0.5, 0.5, translate("TeamCharts", "none repeated"), ha="center", va="center",
                    transform=ax.transAxes, color=theme.text_muted)
            ax.set_yticks([])
            return
        names = [_type_name(t) for t, _ in reversed(types)]
        ax.barh(names, [n for _, n in reversed(types)], color=theme.repeat, height=0.6)
        ax.set_ylim(-0.6, max(len(names), 4) - 0.4)  # a few types keep slim bars
        ax.xaxis.get_major_locator().set_params(integer=True)

    def _talk_ratio(self, ax, stats: TeamStats, theme: Theme) -> None:
        ratios = [100 * r for c in stats.calls if (r := c.talk_ratio) is not None]
        ax.hist(ratios, bins=range(0, 105, 5), color=theme.agent)
        ax.set_title(translate("TeamCharts", "Agent's share of the talk (calls)"))
        ax.set_xlim(0, 100)
        ax.set_xlabel("%")
        ax.yaxis.get_major_locator().set_params(integer=True)

    def _monologue(self, ax, stats: TeamStats, theme: Theme) -> None:
        values = [seconds(c.longest_monologue) for c in stats.calls if c.two_party]
        ax.hist(values, bins=12, color=theme.agent)
        ax.set_title(translate("TeamCharts", "Agent's longest monologue (calls)"))
        ax.set_xlabel(translate("TeamCharts", "seconds"))
        ax.yaxis.get_major_locator().set_params(integer=True)


def _type_name(label: str) -> str:
    """A request type's label (as the figures keep it, in English) in the window's language."""
    if label == UNTYPED:
        return translate("TeamCharts", "Other (no type)")
    words = catalogue(current_language()).pgettext
    return " / ".join(words("request", part) for part in label.split(" / "))


def _style(ax, theme: Theme) -> None:
    ax.set_facecolor(theme.surface)
    for spine in ax.spines.values():
        spine.set_color(theme.border)
    ax.tick_params(colors=theme.text_muted, labelsize=8)
    ax.title.set_color(theme.text)
    ax.title.set_fontsize(10)
    ax.xaxis.label.set_color(theme.text_muted)
    ax.grid(axis="y", color=theme.border, linewidth=0.6, alpha=0.7)
    ax.set_axisbelow(True)


def _ticks(ax, labels: list[str]) -> None:
    """Period labels, thinned so that at most about eight show."""
    step = max(1, (len(labels) + 7) // 8)
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels([s if i % step == 0 else "" for i, s in enumerate(labels)],
                       rotation=30, ha="right")
