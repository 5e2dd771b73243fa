"""One call's review: requests, talk-overs and cut-offs with the words on both sides,
listening cues, statistics explained in plain words, and the timeline's markers.

``review_call`` is the one entry point; the Markdown and HTML exports and the
desktop review window all show the same ``CallReview``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import RepeatConfig
from assistant.engine.result import CallResult
from assistant.output.formats import SPEAKER_LABEL
from assistant.privacy import describe_counts, tag_counts
from assistant.records import Span, Speaker, TalkOverEvent, TalkOverReason, Utterance
from assistant.review.cues import CueHit, CueSet, find_cues, load_cues
from assistant.review.requests import Request, summarize_requests
from assistant.review.timing import CutOff, Timing, TimingConfig, compute_timing
from assistant.timebase import clock, samples, seconds

TALKOVER, CUTOFF, REPEAT = "talkover", "cutoff", "repeat"
CUE_POOR, CUE_GOOD = "cue_poor", "cue_good"
SILENCE, HOLD, MONOLOGUE, ENDED = "silence", "hold", "monologue", "ended"
FAST_WPM = 230  # words per minute of speech (pauses out) that is hard to follow
_SAME_MOMENT = samples(0.5)  # a timing cut-off this close to a talk-over event is that event


@dataclass(frozen=True)
class Moment:
    """A talk-over or a cut-off, with what each side was saying."""

    kind: str  # TALKOVER | CUTOFF
    start: int  # where the agent came in
    end: int  # where the overlap ended (cut-off: where the customer stopped)
    agent_text: str
    customer_text: str
    agent_utterance: int | None
    customer_utterance: int | None
    event: TalkOverEvent | None  # None: found from timing alone

    @property
    def sentence(self) -> str:
        overlap = seconds(self.end - self.start)
        if self.kind == CUTOFF:
            return (f"At {clock(self.start)} the agent came in and the customer stopped "
                    f"{overlap:.1f} s later.")
        return (f"At {clock(self.start)} the agent came in while the customer was speaking "
                f"and both talked for {overlap:.1f} s.")


@dataclass(frozen=True)
class Figure:
    """A statistic, its value in words, and what it means."""

    key: str
    label: str
    value: str
    explanation: str
    at: int | None = None  # where to listen, when it is about one moment
    notable: bool = False  # worth a look (beyond the usual range)


@dataclass(frozen=True)
class Marker:
    """Something the timeline draws; clicking it plays from ``at``."""

    kind: str
    at: int
    label: str
    detail: str
    span: Span | None = None
    lane: Speaker | None = None  # None: across both lanes


@dataclass(frozen=True)
class CallReview:
    result: CallResult
    title: str
    requests: list[Request]
    moments: list[Moment]
    cues: list[CueHit]
    cue_set: CueSet
    timing: Timing
    figures: list[Figure]
    markers: list[Marker]
    notes: list[str] = field(default_factory=list)
    redactions: Counter[str] = field(default_factory=Counter)  # category -> values removed

    @property
    def poor_cues(self) -> list[CueHit]:
        return [c for c in self.cues if c.kind == "poor"]

    @property
    def good_cues(self) -> list[CueHit]:
        return [c for c in self.cues if c.kind == "good"]

    def utterance(self, utterance_id: int | None) -> Utterance | None:
        return None if utterance_id is None else self.result.utterance(utterance_id)


def _duration(samples_: int) -> str:
    """Seconds for short spans, m:ss for long ones."""
    s = seconds(samples_)
    if s < 60:
        return f"{s:.1f} s" if s < 10 else f"{s:.0f} s"
    minutes, secs = divmod(round(s), 60)
    return f"{minutes}:{secs:02d} min"


def _covering(utterances: list[Utterance], speaker: Speaker, at: int) -> Utterance | None:
    """The party's utterance spoken at ``at``, else the last one that ended before it."""
    own = [u for u in utterances if u.speaker is speaker]
    inside = [u for u in own if u.span.start <= at < u.span.end]
    if inside:
        return inside[-1]
    before = [u for u in own if u.span.end <= at]
    return before[-1] if before else None


def _after(utterances: list[Utterance], speaker: Speaker, at: int) -> Utterance | None:
    own = [u for u in utterances if u.speaker is speaker and u.span.end > at]
    return min(own, key=lambda u: abs(u.span.start - at), default=None)


def _moments(result: CallResult, cutoffs: list[CutOff]) -> list[Moment]:
    utterances = result.utterances
    moments: list[Moment] = []
    for event in result.talkovers:
        agent = result.utterance(event.utterance) if event.utterance is not None else None
        agent = agent or _after(utterances, Speaker.AGENT, event.start)
        customer = (result.utterance(event.customer_utterance)
                    if event.customer_utterance is not None else None)
        customer = customer or _covering(utterances, Speaker.CUSTOMER, event.start)
        kind = CUTOFF if event.reason is TalkOverReason.CUTOFF else TALKOVER
        moments.append(Moment(kind, event.start, max(event.end, event.start),
                              agent.text if agent else "", customer.text if customer else "",
                              agent.id if agent else None, customer.id if customer else None,
                              event))
    for cut in cutoffs:
        if any(abs(m.start - cut.agent_start) <= _SAME_MOMENT for m in moments):
            continue
        agent = _after(utterances, Speaker.AGENT, cut.agent_start)
        customer = _covering(utterances, Speaker.CUSTOMER, cut.agent_start)
        moments.append(Moment(CUTOFF, cut.agent_start, cut.customer_stop,
                              agent.text if agent else "", customer.text if customer else "",
                              agent.id if agent else None, customer.id if customer else None,
                              None))
    return sorted(moments, key=lambda m: m.start)


def _figures(result: CallResult, timing: Timing, moments: list[Moment],
             requests: list[Request], config: TimingConfig) -> list[Figure]:
    figures: list[Figure] = []
    talk = timing.talk_time
    share = timing.agent_share
    if share is not None:
        agent, customer = talk.get(Speaker.AGENT, 0), talk.get(Speaker.CUSTOMER, 0)
        figures.append(Figure(
            "talk_time", "Talk time",
            f"Agent {_duration(agent)} ({share:.0%}) · customer {_duration(customer)} "
            f"({1 - share:.0%})",
            "How long each side spoke, pauses left out. When the call is about the customer's "
            "problem, the customer usually talks at least as much as the agent.",
            notable=share > 0.65))
        ratio = agent / customer if customer else None
        figures.append(Figure(
            "talk_listen", "Talk-to-listen ratio",
            f"{ratio:.1f} : 1" if ratio is not None else "the customer did not speak",
            "Seconds the agent talked for each second the customer talked. Above 1.5 : 1 the "
            "agent did most of the talking.",
            notable=ratio is None or ratio > 1.5))
    else:
        figures.append(Figure(
            "talk_time", "Talk time",
            " · ".join(f"{SPEAKER_LABEL[s]} {_duration(v)}" for s, v in talk.items()) or "none",
            "How long there was speech, pauses left out (one channel: the parties cannot be "
            "told apart)."))
    wpm = timing.words_per_minute
    rates = [f"{SPEAKER_LABEL[s]} {v:.0f}" for s, v in wpm.items() if v is not None]
    if rates:
        fast = (wpm.get(Speaker.AGENT) or 0) > FAST_WPM
        figures.append(Figure(
            "speaking_rate", "Speaking rate", " · ".join(rates) + " words per minute",
            "Words per minute while speaking, pauses left out. Most people speak about "
            f"170–220 on the phone counted this way; above {FAST_WPM} is hard to follow.",
            notable=fast))
    if timing.two_party:
        mono = timing.monologue
        figures.append(Figure(
            "monologue", "Longest agent monologue",
            f"{_duration(mono.duration)} from {clock(mono.start)}" if mono else "none",
            "The longest the agent talked without the customer saying anything ('mm-hmm' "
            "aside). Long stretches often mean the customer is not being heard.",
            at=mono.start if mono else None, notable=bool(mono and mono.duration > samples(60))))
        talkovers = [m for m in moments if m.event is not None]
        cut = [m for m in moments if m.kind == CUTOFF]
        of_which = sum(1 for m in talkovers if m.kind == CUTOFF)
        figures.append(Figure(
            "talkovers", "Talk-overs",
            (f"{len(talkovers)}, {_duration(sum(m.end - m.start for m in talkovers))} in all"
             + (f" ({of_which} cutting the customer off)" if of_which else "")
             if talkovers else "none"),
            "Times the agent came in while the customer was still speaking and kept going, "
            "or made them stop.",
            at=talkovers[0].start if talkovers else None, notable=bool(talkovers)))
        figures.append(Figure(
            "cutoffs", "Customer cut off", str(len(cut)) if cut else "none",
            "Times the customer stopped within a second of the agent starting to speak: they "
            "gave up the floor rather than finished.",
            at=cut[0].start if cut else None, notable=bool(cut)))
        figures.append(Figure(
            "overlap", "Both speaking at once", _duration(timing.overlap),
            "All the time both spoke together, brief 'mm-hmm's and polite overlaps included."))
    gaps = timing.silences
    longest = timing.longest_silence
    figures.append(Figure(
        "dead_air", "Dead air",
        (f"{len(gaps)} silence{'s' if len(gaps) != 1 else ''} of {config.dead_air_s:g} s or "
         f"more, {_duration(timing.dead_air)} in all; longest {_duration(longest.duration)} at "
         f"{clock(longest.start)}" if longest else "none"),
        f"Stretches of {config.dead_air_s:g} s or more where nobody spoke. Say what you are "
        "doing when you need a moment; offer a hold (and come back) for longer.",
        at=longest.start if longest else None, notable=len(gaps) > 2))
    holds = timing.holds
    figures.append(Figure(
        "holds", "Long holds",
        ", ".join(f"{_duration(h.duration)} at {clock(h.start)}" for h in holds) or "none",
        f"Silences of {config.hold_s:g} s or more: to the customer, the line has gone dead.",
        at=holds[0].start if holds else None, notable=bool(holds)))
    if timing.two_party:
        repeated = [r for r in requests if r.repeated]
        unacknowledged = [r for r in requests if not r.acknowledged]
        figures.append(Figure(
            "requests", "Requests",
            f"{len(requests)} made, {len(repeated)} had to be repeated, "
            f"{len(unacknowledged)} not acknowledged" if requests else "none recognised",
            "Distinct things the customer asked for. A request the customer has to make again "
            "was not heard the first time.", notable=bool(repeated)))
    ended = timing.ended_over_customer
    if ended is not None:
        figures.append(Figure(
            "ended", "Call end", "ended while the customer was speaking",
            "The recording stops while the customer is still talking: if the agent ended the "
            "call, the customer had not finished.", at=ended.start, notable=True))
    return figures


def _markers(result: CallResult, review_moments: list[Moment], cues: list[CueHit],
             timing: Timing, requests: list[Request]) -> list[Marker]:
    markers: list[Marker] = []
    for m in review_moments:
        name = "Cut-off" if m.kind == CUTOFF else "Talk-over"
        markers.append(Marker(m.kind, m.start, name, m.sentence,
                              Span(m.start, max(m.end, m.start)), None))
    by_request = {u: r for r in requests for u in r.utterances}
    for event in result.repeats:
        u = result.utterance(event.utterance)
        request = by_request.get(event.utterance)
        what = f" ({request.label})" if request else ""
        at = u.span.start if u else event.time
        markers.append(Marker(REPEAT, at, f"Repeat ×{event.count}",
                              f"At {clock(at)} the customer made a request for the "
                              f"{ordinal(event.count)} time{what}.",
                              u.span if u else None, Speaker.CUSTOMER))
    for hit in cues:
        kind = CUE_POOR if hit.kind == "poor" else CUE_GOOD
        markers.append(Marker(kind, hit.time, hit.label,
                              f"At {clock(hit.time)} the agent said \u201c{hit.context}\u201d",
                              None, Speaker.AGENT))
    holds = set(timing.holds)
    for gap in timing.silences:
        kind = HOLD if gap in holds else SILENCE
        name = "Long hold" if kind == HOLD else "Dead air"
        markers.append(Marker(kind, gap.start, name,
                              f"{name}: {_duration(gap.duration)} of silence from "
                              f"{clock(gap.start)}.", gap, None))
    if timing.monologue is not None and timing.monologue.duration > 0:
        mono = timing.monologue
        markers.append(Marker(MONOLOGUE, mono.start, "Longest monologue",
                              f"The agent's longest stretch without the customer speaking: "
                              f"{_duration(mono.duration)} from {clock(mono.start)}.",
                              mono, Speaker.AGENT))
    if timing.ended_over_customer is not None:
        end = timing.ended_over_customer
        markers.append(Marker(ENDED, end.start, "Ended over the customer",
                              "The call ended while the customer was speaking.", end,
                              Speaker.CUSTOMER))
    return sorted(markers, key=lambda m: (m.at, m.kind))


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def review_call(
    result: CallResult,
    *,
    title: str | None = None,
    cues: CueSet | None = None,
    cues_dir: Path | None = None,
    timing_config: TimingConfig | None = None,
    repeat_config: RepeatConfig | None = None,
) -> CallReview:
    """Everything the review shows about one call.

    ``cues``: the cue set to look for (default: the call language's built-in
    phrases, with the files in ``cues_dir`` merged over them).
    """
    timing_config = timing_config or TimingConfig()
    cue_set = cues or load_cues(result.language, cues_dir)
    timing = compute_timing(result, timing_config)
    requests = summarize_requests(result, repeat_config) if timing.two_party else []
    hits = find_cues(result.utterances, cue_set)
    found = _moments(result, timing.cutoffs)
    redactions: Counter[str] = Counter()
    for utterance in result.utterances:
        redactions += tag_counts(utterance.text)
    notes = list(result.notes)
    if redactions:  # how many, never what
        notes.append(f"Personal data redacted before storing: {describe_counts(redactions)}.")
    return CallReview(
        result=result,
        title=title or Path(result.recording.path).name or "Call",
        requests=requests,
        moments=found,
        cues=hits,
        cue_set=cue_set,
        timing=timing,
        figures=_figures(result, timing, found, requests, timing_config),
        markers=_markers(result, found, hits, timing, requests),
        notes=notes,
        redactions=redactions,
    )
