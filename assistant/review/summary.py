"""One call's review: requests, talk-overs and cut-offs with the words on both sides,
listening cues, statistics explained in plain words, and the timeline's markers.

``review_call`` is the one entry point; the Markdown and HTML exports and the
desktop review window all show the same ``CallReview``, written in its
``language`` (the report language, whatever language the call was in).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import RepeatConfig
from assistant.engine.result import CallResult
from assistant.i18n import catalogue
from assistant.i18n import formatting as fmt
from assistant.privacy import tag_counts
from assistant.records import Span, Speaker, TalkOverEvent, TalkOverReason, Utterance
from assistant.review.cues import CueHit, CueSet, find_cues, load_cues
from assistant.review.requests import Request, summarize_requests
from assistant.review.timing import CutOff, Timing, TimingConfig, compute_timing
from assistant.timebase import clock, samples, seconds
from assistant.wording import (
    ordinal,
    redaction_counts,
    span_text,
    speaker_label,
    with_local_tags,
)

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
    language: str = "en"  # of the sentence

    @property
    def sentence(self) -> str:
        t = catalogue(self.language).gettext
        overlap = fmt.number(seconds(self.end - self.start), self.language, 1)
        if self.kind == CUTOFF:
            return t("At {time} the agent came in and the customer stopped {seconds} s later.",
                     time=clock(self.start), seconds=overlap)
        return t("At {time} the agent came in while the customer was speaking and both "
                 "talked for {seconds} s.", time=clock(self.start), seconds=overlap)


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
    language: str = "en"  # what the review is written in

    @property
    def poor_cues(self) -> list[CueHit]:
        return [c for c in self.cues if c.kind == "poor"]

    @property
    def good_cues(self) -> list[CueHit]:
        return [c for c in self.cues if c.kind == "good"]

    def utterance(self, utterance_id: int | None) -> Utterance | None:
        return None if utterance_id is None else self.result.utterance(utterance_id)


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


def _moments(result: CallResult, cutoffs: list[CutOff], language: str) -> list[Moment]:
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
                              event, language))
    for cut in cutoffs:
        if any(abs(m.start - cut.agent_start) <= _SAME_MOMENT for m in moments):
            continue
        agent = _after(utterances, Speaker.AGENT, cut.agent_start)
        customer = _covering(utterances, Speaker.CUSTOMER, cut.agent_start)
        moments.append(Moment(CUTOFF, cut.agent_start, cut.customer_stop,
                              agent.text if agent else "", customer.text if customer else "",
                              agent.id if agent else None, customer.id if customer else None,
                              None, language))
    return sorted(moments, key=lambda m: m.start)


def _figures(result: CallResult, timing: Timing, moments: list[Moment],
             requests: list[Request], config: TimingConfig, lang: str) -> list[Figure]:
    t = catalogue(lang).gettext
    figures: list[Figure] = []
    none = t("none")

    def dur(samples_: int) -> str:
        return span_text(samples_, lang)

    def secs(value: float) -> str:
        return fmt.number(value, lang, 0 if value == int(value) else 1)

    talk = timing.talk_time
    share = timing.agent_share
    if share is not None:
        agent, customer = talk.get(Speaker.AGENT, 0), talk.get(Speaker.CUSTOMER, 0)
        figures.append(Figure(
            "talk_time", t("Talk time"),
            t("Agent {agent} ({agent_share}) · customer {customer} ({customer_share})",
              agent=dur(agent), agent_share=fmt.percent(share, lang), customer=dur(customer),
              customer_share=fmt.percent(1 - share, lang)),
            t("How long each side spoke, pauses left out. When the call is about the "
              "customer's problem, the customer usually talks at least as much as the agent."),
            notable=share > 0.65))
        ratio = agent / customer if customer else None
        figures.append(Figure(
            "talk_listen", t("Talk-to-listen ratio"),
            f"{fmt.number(ratio, lang, 1)} : 1" if ratio is not None
            else t("the customer did not speak"),
            t("Seconds the agent talked for each second the customer talked. Above {ratio} : 1 "
              "the agent did most of the talking.", ratio=fmt.number(1.5, lang, 1)),
            notable=ratio is None or ratio > 1.5))
    else:
        figures.append(Figure(
            "talk_time", t("Talk time"),
            " · ".join(f"{speaker_label(s, lang)} {dur(v)}" for s, v in talk.items()) or none,
            t("How long there was speech, pauses left out (one channel: the parties cannot be "
              "told apart).")))
    wpm = timing.words_per_minute
    rates = [f"{speaker_label(s, lang)} {fmt.number(v, lang)}" for s, v in wpm.items()
             if v is not None]
    if rates:
        fast = (wpm.get(Speaker.AGENT) or 0) > FAST_WPM
        figures.append(Figure(
            "speaking_rate", t("Speaking rate"),
            t("{rates} words per minute", rates=" · ".join(rates)),
            t("Words per minute while speaking, pauses left out. Most people speak about "
              "170–220 on the phone counted this way; above {fast} is hard to follow.",
              fast=FAST_WPM),
            notable=fast))
    if timing.two_party:
        mono = timing.monologue
        figures.append(Figure(
            "monologue", t("Longest agent monologue"),
            t("{duration} from {time}", duration=dur(mono.duration), time=clock(mono.start))
            if mono else none,
            t("The longest the agent talked without the customer saying anything ('mm-hmm' "
              "aside). Long stretches often mean the customer is not being heard."),
            at=mono.start if mono else None, notable=bool(mono and mono.duration > samples(60))))
        talkovers = [m for m in moments if m.event is not None]
        cut = [m for m in moments if m.kind == CUTOFF]
        of_which = sum(1 for m in talkovers if m.kind == CUTOFF)
        if talkovers:
            value = t("{count}, {duration} in all", count=len(talkovers),
                      duration=dur(sum(m.end - m.start for m in talkovers)))
            if of_which:
                value += " " + t("({count} cutting the customer off)", count=of_which)
        figures.append(Figure(
            "talkovers", t("Talk-overs"), value if talkovers else none,
            t("Times the agent came in while the customer was still speaking and kept going, "
              "or made them stop."),
            at=talkovers[0].start if talkovers else None, notable=bool(talkovers)))
        figures.append(Figure(
            "cutoffs", t("Customer cut off"), str(len(cut)) if cut else none,
            t("Times the customer stopped within a second of the agent starting to speak: "
              "they gave up the floor rather than finished."),
            at=cut[0].start if cut else None, notable=bool(cut)))
        figures.append(Figure(
            "overlap", t("Both speaking at once"), dur(timing.overlap),
            t("All the time both spoke together, brief 'mm-hmm's and polite overlaps "
              "included.")))
    gaps = timing.silences
    longest = timing.longest_silence
    figures.append(Figure(
        "dead_air", t("Dead air"),
        (catalogue(lang).ngettext(
            "{n} silence of {seconds} s or more, {total} in all; longest {longest} at {time}",
            "{n} silences of {seconds} s or more, {total} in all; longest {longest} at {time}",
            len(gaps), seconds=secs(config.dead_air_s), total=dur(timing.dead_air),
            longest=dur(longest.duration), time=clock(longest.start)) if longest else none),
        t("Stretches of {seconds} s or more where nobody spoke. Say what you are doing when "
          "you need a moment; offer a hold (and come back) for longer.",
          seconds=secs(config.dead_air_s)),
        at=longest.start if longest else None, notable=len(gaps) > 2))
    holds = timing.holds
    figures.append(Figure(
        "holds", t("Long holds"),
        ", ".join(t("{duration} at {time}", duration=dur(h.duration), time=clock(h.start))
                  for h in holds) or none,
        t("Silences of {seconds} s or more: to the customer, the line has gone dead.",
          seconds=secs(config.hold_s)),
        at=holds[0].start if holds else None, notable=bool(holds)))
    if timing.two_party:
        repeated = [r for r in requests if r.repeated]
        unacknowledged = [r for r in requests if not r.acknowledged]
        figures.append(Figure(
            "requests", t("Requests"),
            t("{made} made, {repeated} had to be repeated, {unacknowledged} not acknowledged",
              made=len(requests), repeated=len(repeated), unacknowledged=len(unacknowledged))
            if requests else t("none recognised"),
            t("Distinct things the customer asked for. A request the customer has to make "
              "again was not heard the first time."), notable=bool(repeated)))
    ended = timing.ended_over_customer
    if ended is not None:
        figures.append(Figure(
            "ended", t("Call end"), t("ended while the customer was speaking"),
            t("The recording stops while the customer is still talking: if the agent ended "
              "the call, the customer had not finished."), at=ended.start, notable=True))
    return figures


def moment_name(kind: str, language: str = "en") -> str:
    """"Cut-off" or "Talk-over"."""
    return catalogue(language).gettext("Cut-off" if kind == CUTOFF else "Talk-over")


def _markers(result: CallResult, review_moments: list[Moment], cues: list[CueHit],
             timing: Timing, requests: list[Request], lang: str) -> list[Marker]:
    t = catalogue(lang).gettext
    markers: list[Marker] = []
    for m in review_moments:
        markers.append(Marker(m.kind, m.start, moment_name(m.kind, lang), m.sentence,
                              Span(m.start, max(m.end, m.start)), None))
    by_request = {u: r for r in requests for u in r.utterances}
    for event in result.repeats:
        u = result.utterance(event.utterance)
        request = by_request.get(event.utterance)
        what = f" ({request.label})" if request else ""
        at = u.span.start if u else event.time
        markers.append(Marker(REPEAT, at, t("Repeat ×{count}", count=event.count),
                              t("At {time} the customer made a request for the {nth} "
                                "time{what}.", time=clock(at), nth=ordinal(event.count, lang),
                                what=what),
                              u.span if u else None, Speaker.CUSTOMER))
    for hit in cues:
        kind = CUE_POOR if hit.kind == "poor" else CUE_GOOD
        markers.append(Marker(kind, hit.time, cue_label(hit.label, lang),
                              t("At {time} the agent said \u201c{words}\u201d",
                                time=clock(hit.time), words=hit.context),
                              None, Speaker.AGENT))
    holds = set(timing.holds)
    for gap in timing.silences:
        kind = HOLD if gap in holds else SILENCE
        name = t("Long hold") if kind == HOLD else t("Dead air")
        markers.append(Marker(kind, gap.start, name,
                              t("{name}: {duration} of silence from {time}.", name=name,
                                duration=span_text(gap.duration, lang),
                                time=clock(gap.start)), gap, None))
    if timing.monologue is not None and timing.monologue.duration > 0:
        mono = timing.monologue
        markers.append(Marker(MONOLOGUE, mono.start, t("Longest monologue"),
                              t("The agent's longest stretch without the customer speaking: "
                                "{duration} from {time}.",
                                duration=span_text(mono.duration, lang),
                                time=clock(mono.start)),
                              mono, Speaker.AGENT))
    if timing.ended_over_customer is not None:
        end = timing.ended_over_customer
        markers.append(Marker(ENDED, end.start, t("Ended over the customer"),
                              t("The call ended while the customer was speaking."), end,
                              Speaker.CUSTOMER))
    return sorted(markers, key=lambda m: (m.at, m.kind))


def cue_label(label: str, language: str = "en") -> str:
    """A listening cue category's label or advice (the cue files write them in English)."""
    return catalogue(language).pgettext("cue", label)


def review_call(
    result: CallResult,
    *,
    title: str | None = None,
    cues: CueSet | None = None,
    cues_dir: Path | None = None,
    timing_config: TimingConfig | None = None,
    repeat_config: RepeatConfig | None = None,
    language: str = "en",
) -> CallReview:
    """Everything the review shows about one call, written in ``language`` (en, sv, da).

    ``cues``: the cue set to look for (default: the call language's built-in
    phrases, with the files in ``cues_dir`` merged over them).
    """
    catalogue(language)  # an unknown language: a clear error before any work
    result = with_local_tags(result, language)  # quotes and the transcript: tags as read
    timing_config = timing_config or TimingConfig()
    cue_set = cues or load_cues(result.language, cues_dir)
    timing = compute_timing(result, timing_config)
    requests = (summarize_requests(result, repeat_config, language) if timing.two_party
                else [])
    hits = find_cues(result.utterances, cue_set)
    found = _moments(result, timing.cutoffs, language)
    redactions: Counter[str] = Counter()
    for utterance in result.utterances:
        redactions += tag_counts(utterance.text)
    notes = list(result.notes)
    if redactions:  # how many, never what
        notes.append(catalogue(language).gettext(
            "Personal data redacted before storing: {counts}.",
            counts=redaction_counts(redactions, language)))
    return CallReview(
        result=result,
        title=title or Path(result.recording.path).name or catalogue(language).gettext("Call"),
        requests=requests,
        moments=found,
        cues=hits,
        cue_set=cue_set,
        timing=timing,
        figures=_figures(result, timing, found, requests, timing_config, language),
        markers=_markers(result, found, hits, timing, requests, language),
        notes=notes,
        redactions=redactions,
        language=language,
    )
