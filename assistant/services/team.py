"""Figures across calls, for a team lead: per week (or day, month) and over the whole
selection. ``assistant calls stats`` prints them and the app's Team view charts them.

Each call is read the way its own review reads it (``assistant.review.summary``):
talk time from the engine's stored statistics, the agent's longest monologue from
voice timing, repeated requests and their types from the request summary, listening
cues from the cue sets. Only two-party calls have talk-overs, repeats and cues (a mono
recording has no sides), so those figures are over the two-party calls of a period.
"""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from assistant import __version__
from assistant.config import RepeatConfig
from assistant.errors import InputError
from assistant.records import Speaker
from assistant.review.cues import CueDetector, CueSet, load_cues
from assistant.review.requests import summarize_requests
from assistant.review.timing import TimingConfig, compute_timing
from assistant.store import CallQuery, CallStore, CallSummary, StoredCall
from assistant.store.types import RECORDING
from assistant.timebase import seconds
from assistant.wording import INTENT_LABELS

PERIODS = ("week", "month", "day", "all")
UNTYPED = "Other (no type)"  # a repeated request no pattern names the action of
# Kept figures are used again while this is unchanged: move it on when what a call's
# figures mean or how they are computed changes (config and cue files are in the key).
FIGURES_VERSION = 1


@dataclass(frozen=True)
class CallFigures:
    """What the team figures need of one call (times in samples)."""

    call_id: int
    started_at: datetime  # UTC
    language: str | None
    agent: str | None
    tags: tuple[str, ...]
    two_party: bool
    agent_talk: int
    customer_talk: int
    talkovers: int  # not withdrawn
    repeats: int  # repeat events
    repeated_types: tuple[str, ...]  # one label per repeated request (types of it)
    longest_monologue: int  # the agent's longest stretch without the customer
    poor_cues: int
    good_cues: int

    @property
    def talk_ratio(self) -> float | None:
        """The agent's share of the talk time, None without both sides' speech."""
        both = self.agent_talk + self.customer_talk
        return self.agent_talk / both if self.two_party and both else None


@dataclass(frozen=True)
class Spread:
    """A distribution's summary: quartiles (linear interpolation) and the extremes."""

    n: int
    low: float
    p25: float
    median: float
    p75: float
    p90: float
    high: float

    @staticmethod
    def of(values: Sequence[float]) -> Spread | None:
        if not values:
            return None
        ordered = sorted(values)
        if len(ordered) == 1:
            v = ordered[0]
            return Spread(1, v, v, v, v, v, v)
        q = statistics.quantiles(ordered, n=20, method="inclusive")  # 5 % steps
        return Spread(len(ordered), ordered[0], q[4], statistics.median(ordered), q[14], q[17],
                      ordered[-1])


@dataclass(frozen=True)
class PeriodFigures:
    """The figures of the calls that started in one period (or in all of them)."""

    period: str  # "2026-W48", "2026-11", "2026-11-23", or "all"
    start: date | None  # the period's first day; None for "all"
    calls: int
    two_party_calls: int
    agent_talk_s: float
    talkovers: int
    talkovers_per_hour: float | None  # per hour of agent talk
    calls_with_repeat: int
    repeat_share: float | None  # of the two-party calls
    repeated_types: tuple[tuple[str, int], ...]  # most often repeated first
    talk_ratio: Spread | None  # agent share of talk, 0..1
    monologue_s: Spread | None  # the agent's longest monologue per call, seconds
    poor_cues_per_call: float | None
    good_cues_per_call: float | None

    def to_json(self) -> dict[str, object]:
        def spread(s: Spread | None, digits: int) -> dict[str, object] | None:
            if s is None:
                return None
            return {k: round(getattr(s, k), digits) if k != "n" else s.n
                    for k in ("n", "low", "p25", "median", "p75", "p90", "high")}

        def num(v: float | None, digits: int) -> float | None:
            return None if v is None else round(v, digits)

        return {
            "period": self.period,
            "start": self.start.isoformat() if self.start else None,
            "calls": self.calls,
            "two_party_calls": self.two_party_calls,
            "agent_talk_s": round(self.agent_talk_s, 2),
            "talkovers": self.talkovers,
            "talkovers_per_hour": num(self.talkovers_per_hour, 3),
            "calls_with_repeat": self.calls_with_repeat,
            "repeat_share": num(self.repeat_share, 4),
            "repeated_types": [{"type": t, "count": n} for t, n in self.repeated_types],
            "talk_ratio": spread(self.talk_ratio, 4),
            "monologue_s": spread(self.monologue_s, 2),
            "poor_cues_per_call": num(self.poor_cues_per_call, 3),
            "good_cues_per_call": num(self.good_cues_per_call, 3),
        }


@dataclass(frozen=True)
class TeamStats:
    period: str  # one of PERIODS
    periods: list[PeriodFigures]  # oldest first
    overall: PeriodFigures
    calls: list[CallFigures]  # oldest first

    def timeline(self) -> list[tuple[str, PeriodFigures | None]]:
        """Every period from the first call's to the last's, None where there were no calls
        (a trend drawn over the periods with calls only would hide the gaps)."""
        starts = {p.start: p for p in self.periods if p.start is not None}
        if not starts or self.period == "all":
            return [(p.period, p) for p in self.periods]
        out: list[tuple[str, PeriodFigures | None]] = []
        day, last = min(starts), max(starts)
        while day <= last:
            found = starts.get(day)
            out.append((found.period if found else period_of_day(day, self.period)[0], found))
            day = _next_start(day, self.period)
        return out

    def to_json(self) -> dict[str, object]:
        return {"period": self.period, "periods": [p.to_json() for p in self.periods],
                "overall": self.overall.to_json()}


def call_figures(call: StoredCall, cues: CueSet | CueDetector) -> CallFigures:
    """``cues``: the call language's cue set, or a detector of it (reused across calls, it
    compiles the phrases once)."""
    detector = cues if isinstance(cues, CueDetector) else CueDetector(cues)
    return _with_summary(call.summary, _content(call, detector))


def _content(call: StoredCall, detector: CueDetector) -> dict[str, Any]:
    """What a call's figures take from its content (all but who, when and tags)."""
    result = call.result
    two_party = Speaker.AGENT in result.speech and Speaker.CUSTOMER in result.speech
    timing = compute_timing(result)
    types: list[str] = []
    if two_party and result.repeats:  # only the repeat events make a request repeated
        for request in summarize_requests(result):
            if request.repeated:
                labels = [INTENT_LABELS.get(i, i.capitalize()) for i in request.intents]
                types.append(" / ".join(labels) if labels else UNTYPED)
    hits = [h for u in result.utterances for h in detector.feed(u)] if two_party else []
    monologue = timing.monologue
    return {
        "two_party": two_party,
        "agent_talk": result.stats.talk_time.get(Speaker.AGENT, 0),
        "customer_talk": result.stats.talk_time.get(Speaker.CUSTOMER, 0),
        "talkovers": len(result.talkovers), "repeats": len(result.repeats),
        "repeated_types": types,
        "longest_monologue": monologue.duration if monologue is not None else 0,
        "poor_cues": sum(1 for h in hits if h.kind == "poor"),
        "good_cues": sum(1 for h in hits if h.kind == "good"),
    }


def _with_summary(summary: CallSummary, content: dict[str, Any]) -> CallFigures:
    return CallFigures(
        call_id=summary.id, started_at=summary.started_at, language=summary.language,
        agent=summary.agent, tags=summary.tags, two_party=bool(content["two_party"]),
        agent_talk=int(content["agent_talk"]), customer_talk=int(content["customer_talk"]),
        talkovers=int(content["talkovers"]), repeats=int(content["repeats"]),
        repeated_types=tuple(content["repeated_types"]),
        longest_monologue=int(content["longest_monologue"]),
        poor_cues=int(content["poor_cues"]), good_cues=int(content["good_cues"]))


def figures_key(cues: CueSet) -> str:
    """What kept figures are valid for: this code's figures and these cue files as they are."""
    parts = [str(FIGURES_VERSION), __version__, repr(TimingConfig()), repr(RepeatConfig())]
    for path in cues.sources:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{st.st_mtime_ns}:{st.st_size}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:20]


def period_of(moment: datetime, period: str) -> tuple[str, date | None]:
    """The period a call belongs to, in the user's local time: its label and first day."""
    return period_of_day(moment.astimezone().date(), period)


def _next_start(start: date, period: str) -> date:
    if period == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=7 if period == "week" else 1)


def period_of_day(day: date, period: str) -> tuple[str, date | None]:
    if period == "week":
        year, week, weekday = day.isocalendar()
        return f"{year}-W{week:02d}", day - timedelta(days=weekday - 1)
    if period == "month":
        return f"{day.year}-{day.month:02d}", day.replace(day=1)
    if period == "day":
        return day.isoformat(), day
    if period == "all":
        return "all", None
    raise InputError(f"unknown period '{period}': choose from {', '.join(PERIODS)}")


def summarize(label: str, start: date | None, calls: Sequence[CallFigures]) -> PeriodFigures:
    sided = [c for c in calls if c.two_party]
    agent_talk = sum(seconds(c.agent_talk) for c in sided)
    talkovers = sum(c.talkovers for c in sided)
    with_repeat = sum(1 for c in sided if c.repeats > 0)
    types = Counter(t for c in sided for t in c.repeated_types)
    ratios = [r for c in sided if (r := c.talk_ratio) is not None]
    return PeriodFigures(
        period=label, start=start, calls=len(calls), two_party_calls=len(sided),
        agent_talk_s=agent_talk, talkovers=talkovers,
        talkovers_per_hour=talkovers / (agent_talk / 3600.0) if agent_talk > 0 else None,
        calls_with_repeat=with_repeat,
        repeat_share=with_repeat / len(sided) if sided else None,
        repeated_types=tuple(sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))),
        talk_ratio=Spread.of(ratios),
        monologue_s=Spread.of([seconds(c.longest_monologue) for c in sided]),
        poor_cues_per_call=sum(c.poor_cues for c in sided) / len(sided) if sided else None,
        good_cues_per_call=sum(c.good_cues for c in sided) / len(sided) if sided else None)


def team_stats(calls: Iterable[CallFigures], period: str = "week") -> TeamStats:
    """Group calls by period (oldest first) and summarize each, and all of them."""
    ordered = sorted(calls, key=lambda c: (c.started_at, c.call_id))
    groups: dict[str, tuple[date | None, list[CallFigures]]] = {}
    for c in ordered:
        label, start = period_of(c.started_at, period)
        groups.setdefault(label, (start, []))[1].append(c)
    periods = [summarize(label, start, members) for label, (start, members) in groups.items()]
    return TeamStats(period, periods, summarize("all", None, ordered), ordered)


def library_figures(store: CallStore, query: CallQuery, cues_dir: Path | None = None
                    ) -> list[CallFigures]:
    """The figures of every finished call the query selects (calls still recording wait).

    A call's figures are kept in the library once computed and used again until the call
    changes (a correction, a recovery), or this code or the cue files do.
    """
    found = [s for s in store.query(query) if s.status != RECORDING]
    revisions = store.revisions(s.id for s in found)  # before reading: see ``revisions``
    by_language: dict[str | None, list[CallSummary]] = {}
    for summary in found:
        by_language.setdefault(summary.language, []).append(summary)
    out: list[CallFigures] = []
    for language, summaries in by_language.items():
        cues = load_cues(language, cues_dir)
        key = figures_key(cues)
        kept = store.kept_figures((s.id for s in summaries), key)
        detector: CueDetector | None = None
        fresh: dict[int, tuple[int, str]] = {}
        for summary in summaries:
            text = kept.get(summary.id)
            if text is not None:
                content = json.loads(text)
            else:
                detector = detector or CueDetector(cues)
                content = _content(store.get_call(summary.id), detector)
                fresh[summary.id] = (revisions.get(summary.id, -1), json.dumps(content))
            out.append(_with_summary(summary, content))
        store.keep_figures(fresh, key)
    return sorted(out, key=lambda c: (c.started_at, c.call_id))
