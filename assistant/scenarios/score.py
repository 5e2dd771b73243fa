"""Score an engine's events against a rendered scenario's labels.

The rules are those of ``shared/scenarios/README.md`` ("Scoring"): each
label has a time window (and, for repeats, a condition on which earlier
utterance the event names); events are assigned to labels one to one by a
maximum bipartite matching, so a stray event can never steal the only event
another label could use. Unassigned events are false positives, unassigned
labels misses.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.errors import InputError
from assistant.records import Speaker
from assistant.scenarios.timeline import TimedTurn, Timeline

TALKOVER_GRACE_S = 2.0  # after the overlap, how late a talk-over event may still come
REPEAT_GRACE_S = 6.0  # after the repeating turn, how late a repeat event may still come
# Window edges are inclusive; the tolerance absorbs float rounding of
# sample positions written as seconds, nothing more.
_EPS = 1e-6
TALKOVER, REPEAT = "talkover", "repeat"


# --- Results ----------------------------------------------------------------


@dataclass(frozen=True)
class KindScore:
    """Counts for one event kind; add them up across scenarios with ``+``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: KindScore) -> KindScore:
        return KindScore(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp, self)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, self)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


def _ratio(hits: int, total: int, score: KindScore) -> float:
    # Nothing to find and nothing found is a perfect result, not 0/0. Any
    # other empty denominator comes with errors of the other kind: 0.
    if total:
        return hits / total
    return 1.0 if score.tp == score.fp == score.fn == 0 else 0.0


@dataclass(frozen=True)
class LabelMatch:
    """A label and the event that matched it."""

    kind: str
    turn: int  # the labelled turn: agent turn k, or the later customer turn j
    event: int  # index into the events as given
    time: float  # the event's time
    latency: float | None = None  # talk-overs: time minus the moment it became detectable


@dataclass(frozen=True)
class MissedLabel:
    kind: str
    turn: int
    window: tuple[float, float]  # where an event would have matched


@dataclass(frozen=True)
class FalsePositive:
    kind: str
    event: int  # index into the events as given
    time: float


@dataclass(frozen=True)
class ScenarioScore:
    """One scenario's result: counts per kind, and what matched or did not."""

    scenario: str
    talkover: KindScore
    repeat: KindScore
    matches: tuple[LabelMatch, ...] = ()
    missed: tuple[MissedLabel, ...] = ()
    false_positives: tuple[FalsePositive, ...] = ()

    @property
    def passed(self) -> bool:
        """Every label found and nothing else raised."""
        return not self.missed and not self.false_positives

    @property
    def latencies(self) -> tuple[float, ...]:
        """Talk-over latencies (seconds) of matched labels whose detectable moment exists."""
        return tuple(m.latency for m in self.matches if m.latency is not None)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "passed": self.passed,
            TALKOVER: self.talkover.to_json(),
            REPEAT: self.repeat.to_json(),
            "latencies": list(self.latencies),
            "missed": [{"kind": m.kind, "turn": m.turn, "window": list(m.window)}
                       for m in self.missed],
            "false_positives": [{"kind": f.kind, "event": f.event, "time": f.time}
                                for f in self.false_positives],
        }


@dataclass(frozen=True)
class ScoreSummary:
    """Scores summed over scenarios."""

    scenarios: int = 0
    passed: int = 0
    talkover: KindScore = KindScore()
    repeat: KindScore = KindScore()
    latencies: tuple[float, ...] = ()

    def __add__(self, score: ScenarioScore) -> ScoreSummary:
        return ScoreSummary(
            scenarios=self.scenarios + 1,
            passed=self.passed + int(score.passed),
            talkover=self.talkover + score.talkover,
            repeat=self.repeat + score.repeat,
            latencies=self.latencies + score.latencies,
        )

    @property
    def median_latency(self) -> float | None:
        return statistics.median(self.latencies) if self.latencies else None

    def to_json(self) -> dict[str, Any]:
        return {"scenarios": self.scenarios, "passed": self.passed,
                TALKOVER: self.talkover.to_json(), REPEAT: self.repeat.to_json(),
                "median_latency": self.median_latency, "latencies": list(self.latencies)}


def sum_scores(scores: Iterable[ScenarioScore]) -> ScoreSummary:
    total = ScoreSummary()
    for score in scores:
        total += score
    return total


# --- Engine output, as read from its JSON contract ----------------------------


@dataclass(frozen=True)
class _Event:
    index: int
    kind: str
    time: float
    repeats: tuple[int, ...]


@dataclass(frozen=True)
class _Utterance:
    speaker: str
    start: float
    end: float


def _parse_events(events: Sequence[Mapping[str, Any]]) -> list[_Event]:
    parsed = []
    for index, event in enumerate(events):
        where = f"events[{index}]"
        if not isinstance(event, Mapping):
            raise InputError(f"{where}: expected an object")
        kind = event.get("kind")
        if kind not in (TALKOVER, REPEAT):
            continue  # kinds this scoring does not know are not scored
        repeats = event.get("repeats", []) if kind == REPEAT else []
        if not isinstance(repeats, list) or not all(_is_int(i) for i in repeats):
            raise InputError(f"{where}: 'repeats' must be a list of utterance ids")
        parsed.append(_Event(index, kind, _seconds(event.get("time"), f"{where}.time"),
                             tuple(repeats)))
    return parsed


def _parse_utterances(utterances: Sequence[Mapping[str, Any]]) -> dict[int, _Utterance]:
    by_id = {}
    for index, utt in enumerate(utterances):
        where = f"utterances[{index}]"
        if not isinstance(utt, Mapping) or not _is_int(utt.get("id")):
            raise InputError(f"{where}: expected an object with an integer 'id'")
        by_id[int(utt["id"])] = _Utterance(
            speaker=str(utt.get("speaker", Speaker.UNKNOWN.value)),
            start=_seconds(utt.get("start"), f"{where}.start"),
            end=_seconds(utt.get("end"), f"{where}.end"),
        )
    return by_id


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _seconds(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InputError(f"{where}: expected a time in seconds, not {value!r}")
    return float(value)


# --- Labels as windows ------------------------------------------------------


@dataclass(frozen=True)
class _Label:
    kind: str
    turn: int
    window: tuple[float, float]
    earlier: tuple[TimedTurn, ...] = ()  # repeats: the event must name one of these
    detectable: float | None = None  # talk-overs: when the overlap reached the minimum

    def accepts(self, event: _Event, utterances: Mapping[int, _Utterance]) -> bool:
        lo, hi = self.window
        if event.kind != self.kind or not lo - _EPS <= event.time <= hi + _EPS:
            return False
        return self.kind != REPEAT or any(
            _overlaps(utterances.get(i), self.earlier) for i in event.repeats)


def _merged(turns: Iterable[TimedTurn]) -> list[tuple[float, float]]:
    """A party's speech as disjoint intervals, in time order."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted((t.start, t.end) for t in turns):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlap_profile(turn: TimedTurn, other: list[tuple[float, float]],
                    needed: float) -> tuple[float, float | None]:
    """How long ``turn`` overlaps ``other`` speech, and when that reached ``needed`` seconds."""
    total, crossing = 0.0, None
    for start, end in other:
        lo, hi = max(start, turn.start), min(end, turn.end)
        if hi <= lo:
            continue
        if crossing is None and total + (hi - lo) >= needed:
            crossing = lo + (needed - total)
        total += hi - lo
    return total, crossing


def _labels(timeline: Timeline, min_overlap_s: float) -> list[_Label]:
    customer = _merged(timeline.of(Speaker.CUSTOMER))
    labels = []
    for k in timeline.script.labels.talkover:
        turn = timeline.turns[k]
        overlap, detectable = overlap_profile(turn, customer, min_overlap_s)
        window = (turn.start, turn.start + overlap + TALKOVER_GRACE_S)
        labels.append(_Label(TALKOVER, k, window, detectable=detectable))
    for label in timeline.script.labels.repeat:
        later = timeline.turns[label.later]
        window = (later.start, later.end + REPEAT_GRACE_S)
        earlier = tuple(timeline.turns[i] for i in label.earlier)
        labels.append(_Label(REPEAT, label.later, window, earlier=earlier))
    return labels


def _overlaps(utterance: _Utterance | None, turns: tuple[TimedTurn, ...]) -> bool:
    """A customer's (or, on mono audio, anyone's) utterance that overlaps one of ``turns``."""
    if utterance is None or utterance.speaker == Speaker.AGENT.value:
        return False
    return any(min(utterance.end, t.end) > max(utterance.start, t.start) for t in turns)


# --- Assignment ---------------------------------------------------------------


def _assign(
    labels: list[_Label], events: list[_Event], utterances: Mapping[int, _Utterance]
) -> dict[int, int]:
    """Maximum one-to-one matching, label index -> event position (Kuhn's augmenting paths).

    Labels are taken in time order and try their candidate events earliest
    first, so among maximum matchings the earliest events tend to be chosen
    (which is what latency should measure).
    """
    ordered = sorted(range(len(events)), key=lambda e: (events[e].time, events[e].index))
    candidates = [[e for e in ordered if label.accepts(events[e], utterances)]
                  for label in labels]
    owner: dict[int, int] = {}  # event -> label

    def augment(label: int, seen: set[int]) -> bool:
        for event in candidates[label]:
            if event in seen:
                continue
            seen.add(event)
            if event not in owner or augment(owner[event], seen):
                owner[event] = label
                return True
        return False

    for label in sorted(range(len(labels)), key=lambda i: labels[i].window):
        augment(label, set())
    return {label: event for event, label in owner.items()}


def score_scenario(
    timeline: Timeline,
    events: Sequence[Mapping[str, Any]],
    utterances: Sequence[Mapping[str, Any]] = (),
    *,
    min_overlap_s: float = 1.0,
) -> ScenarioScore:
    """Score the engine's ``events`` (JSON contract dicts) against ``timeline``'s labels.

    ``utterances`` map the ids a repeat event names to time spans;
    ``min_overlap_s`` is the talk-over detector's minimum overlap, from which
    the moment a talk-over became detectable (and so its latency) follows.
    """
    parsed = _parse_events(events)
    labels = _labels(timeline, min_overlap_s)
    assigned = _assign(labels, parsed, _parse_utterances(utterances))
    matches, missed = [], []
    for i, label in enumerate(labels):
        if i not in assigned:
            missed.append(MissedLabel(label.kind, label.turn, label.window))
            continue
        event = parsed[assigned[i]]
        latency = None if label.detectable is None else event.time - label.detectable
        matches.append(LabelMatch(label.kind, label.turn, event.index, event.time, latency))
    used = set(assigned.values())
    false_positives = [FalsePositive(e.kind, e.index, e.time)
                       for n, e in enumerate(parsed) if n not in used]
    return ScenarioScore(
        scenario=timeline.id,
        talkover=_count(TALKOVER, matches, missed, false_positives),
        repeat=_count(REPEAT, matches, missed, false_positives),
        matches=tuple(matches),
        missed=tuple(missed),
        false_positives=tuple(false_positives),
    )


def score_transcript(
    timeline: Timeline, transcript: Mapping[str, Any], *, min_overlap_s: float = 1.0
) -> ScenarioScore:
    """Score a whole ``assistant transcribe`` JSON document."""
    events, utterances = transcript.get("events", []), transcript.get("utterances", [])
    if not isinstance(events, list) or not isinstance(utterances, list):
        raise InputError("transcript: 'events' and 'utterances' must be lists")
    return score_scenario(timeline, events, utterances, min_overlap_s=min_overlap_s)


def _count(kind: str, matches: list[LabelMatch], missed: list[MissedLabel],
           false_positives: list[FalsePositive]) -> KindScore:
    return KindScore(
        tp=sum(m.kind == kind for m in matches),
        fp=sum(f.kind == kind for f in false_positives),
        fn=sum(m.kind == kind for m in missed),
    )
