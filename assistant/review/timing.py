"""Timing cues of a call, from voice activity alone: who talked how much, how fast,
for how long without a break, the silences, and how turns were taken.

All positions are samples on the call's one clock; the inputs are the VAD
speech spans per party (``CallResult.speech``), the utterances (for words per
minute) and the engine's talk-over events. Nothing here needs the audio.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.analysis.backchannel import is_backchannel
from assistant.analysis.textnorm import load_lexicon, tokenize
from assistant.engine.result import CallResult
from assistant.records import Span, Speaker, TalkOverEvent, total_duration, total_overlap
from assistant.timebase import SAMPLE_RATE, samples


@dataclass(frozen=True)
class TimingConfig:
    """Thresholds of the timing cues. The cut-off ones mirror ``TalkOverConfig``."""

    dead_air_s: float = 3.0  # a silence this long counts as dead air in the statistics
    hold_s: float = 30.0  # ... and this long as a long hold (a live prompt's threshold)
    stretch_gap_s: float = 3.0  # a silence this long ends a party's stretch of talking
    cutoff_window_s: float = 1.0  # the customer stopped within this long of the agent starting
    cutoff_min_overlap_s: float = 0.6  # shorter overlaps are ordinary turn ends
    cutoff_min_customer_turn_s: float = 2.0  # the customer's turn was this far under way
    cutoff_agent_continue_s: float = 1.0  # and the agent kept going this long after
    turn_gap_s: float = 1.0  # pauses shorter than this keep a party's turn going
    ended_over_s: float = 0.3  # customer speech this close to the end: the call ended on it
    min_rate_s: float = 5.0  # less speech than this gives no words-per-minute figure


@dataclass(frozen=True)
class CutOff:
    """The agent came in and the customer stopped within a second."""

    agent_start: int
    customer_stop: int
    customer_turn_start: int

    @property
    def span(self) -> Span:
        return Span(self.agent_start, self.customer_stop)


@dataclass(frozen=True)
class Timing:
    duration: int
    two_party: bool
    talk_time: dict[Speaker, int]
    overlap: int
    silences: list[Span]  # at least ``dead_air_s``, between the first and last speech
    holds: list[Span]  # the silences of at least ``hold_s``
    longest_stretch: dict[Speaker, Span | None]  # the agent's is the longest monologue
    words: dict[Speaker, int]
    speaking: dict[Speaker, int]  # utterance time the words were said in
    words_per_minute: dict[Speaker, float | None]
    talkovers: int
    talkover_time: int  # total length of the talk-overs (agent in while the customer spoke)
    cutoffs: list[CutOff]
    ended_over_customer: Span | None  # the customer's speech the call ended on

    @property
    def dead_air(self) -> int:
        return total_duration(self.silences)

    @property
    def longest_silence(self) -> Span | None:
        return max(self.silences, key=lambda s: s.duration, default=None)

    @property
    def monologue(self) -> Span | None:
        return self.longest_stretch.get(Speaker.AGENT)

    @property
    def agent_share(self) -> float | None:
        """Agent talk time over both parties' (talk-to-listen), None without both."""
        agent = self.talk_time.get(Speaker.AGENT, 0)
        customer = self.talk_time.get(Speaker.CUSTOMER, 0)
        if not self.two_party or agent + customer == 0:
            return None
        return agent / (agent + customer)


def union(spans: Iterable[Span]) -> list[Span]:
    """Sorted, disjoint spans covering the same samples."""
    out: list[Span] = []
    for span in sorted(spans):
        if out and span.start <= out[-1].end:
            if span.end > out[-1].end:
                out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def subtract(spans: Sequence[Span], cut: Sequence[Span]) -> list[Span]:
    """The parts of sorted disjoint ``spans`` outside sorted disjoint ``cut``."""
    out: list[Span] = []
    j = 0
    for span in spans:
        start = span.start
        while j < len(cut) and cut[j].end <= start:
            j += 1
        k = j
        while k < len(cut) and cut[k].start < span.end:
            if cut[k].start > start:
                out.append(Span(start, cut[k].start))
            start = max(start, cut[k].end)
            k += 1
        if start < span.end:
            out.append(Span(start, span.end))
    return out


def silences(speech: Iterable[Span], minimum: int) -> list[Span]:
    """Gaps of at least ``minimum`` where nobody spoke, from the first speech to the last."""
    merged = union(speech)
    return [Span(a.end, b.start) for a, b in itertools.pairwise(merged)
            if b.start - a.end >= minimum]


def longest_stretch(own: Sequence[Span], other: Sequence[Span], max_gap: int) -> Span | None:
    """The longest time one party talked with the other saying nothing.

    A stretch runs from the start of the party's speech to its end, pauses
    included, and ends where the other party speaks (pass the other's speech
    without backchannels to let "mm-hmm" pass) or a silence of ``max_gap``
    falls. The party's speech during the other's is not part of it: that is
    talking at once, not a monologue.
    """
    alone = subtract(union(own), union(other))
    others = union(other)
    best: Span | None = None
    current: Span | None = None
    j = 0
    for piece in alone:
        if current is not None:
            while j < len(others) and others[j].end <= current.end:
                j += 1
            interrupted = j < len(others) and others[j].start < piece.start
            if interrupted or piece.start - current.end >= max_gap:
                current = None
        current = piece if current is None else Span(current.start, piece.end)
        if best is None or current.duration > best.duration:
            best = current
    return best


def _turns(spans: Sequence[Span], gap: int) -> list[Span]:
    """Runs joined across pauses shorter than ``gap``: a party's turns."""
    out: list[Span] = []
    for span in union(spans):
        if out and span.start - out[-1].end < gap:
            out[-1] = Span(out[-1].start, span.end)
        else:
            out.append(span)
    return out


def cutoffs(agent: Sequence[Span], customer: Sequence[Span], config: TimingConfig
            ) -> list[CutOff]:
    """The agent started while the customer spoke, and the customer stopped within the
    window (but not so soon that it was an ordinary turn end) while the agent went on."""
    agent_runs, customer_runs = union(agent), union(customer)
    agent_turns = _turns(agent_runs, samples(config.turn_gap_s))
    customer_turns = _turns(customer_runs, samples(config.turn_gap_s))
    window, least = samples(config.cutoff_window_s), samples(config.cutoff_min_overlap_s)
    lead, goes_on = samples(config.cutoff_min_customer_turn_s), samples(
        config.cutoff_agent_continue_s)
    resume = samples(config.turn_gap_s)
    found: list[CutOff] = []
    for turn in agent_turns:
        start = turn.start
        run = next((c for c in customer_runs if c.start < start < c.end), None)
        if run is None:
            continue
        stopped = run.end - start
        if not least <= stopped <= window:
            continue
        own_turn = next((t for t in customer_turns if t.start <= run.start < t.end), run)
        if start - own_turn.start < lead or turn.end - run.end < goes_on:
            continue
        resumed = any(run.end < c.start < run.end + resume for c in customer_runs)
        if resumed:
            continue  # the customer carried on after a breath: talked over, not cut off
        found.append(CutOff(start, run.end, own_turn.start))
    return found


def _ended_over(customer: Sequence[Span], agent: Sequence[Span], duration: int,
                config: TimingConfig) -> Span | None:
    runs = union(customer)
    if not runs or duration <= 0:
        return None
    last = runs[-1]
    agent_end = max((a.end for a in agent), default=0)
    if duration - last.end <= samples(config.ended_over_s) and last.end >= agent_end:
        return last
    return None


def _without_backchannels(spans: Sequence[Span], result: CallResult, speaker: Speaker
                          ) -> list[Span]:
    """A party's speech runs, less those that only carry a backchannel ("mm-hmm")."""
    lex = load_lexicon(result.language)
    short = [u.span for u in result.utterances
             if u.speaker is speaker and is_backchannel(u.text, lex.language)]
    if not short:
        return list(spans)
    return [s for s in spans if not any(b.start <= s.start and s.end <= b.end for b in short)]


def compute_timing(result: CallResult, config: TimingConfig | None = None) -> Timing:
    config = config or TimingConfig()
    speech = result.speech
    two_party = Speaker.AGENT in speech and Speaker.CUSTOMER in speech
    agent = sorted(speech.get(Speaker.AGENT, []))
    customer = sorted(speech.get(Speaker.CUSTOMER, []))
    everyone = [s for spans in speech.values() for s in spans]
    gaps = silences(everyone, samples(config.dead_air_s))
    hold = samples(config.hold_s)
    stretch_gap = samples(config.stretch_gap_s)
    stretches: dict[Speaker, Span | None] = {}
    if two_party:
        # "Mm-hmm" from the listener does not break a stretch: it gets no word in.
        heard = {s: _without_backchannels(spans, result, s) for s, spans in
                 ((Speaker.AGENT, agent), (Speaker.CUSTOMER, customer))}
        stretches = {Speaker.AGENT: longest_stretch(agent, heard[Speaker.CUSTOMER], stretch_gap),
                     Speaker.CUSTOMER: longest_stretch(customer, heard[Speaker.AGENT],
                                                       stretch_gap)}
    words: dict[Speaker, int] = {s: 0 for s in speech}
    speaking: dict[Speaker, int] = {s: 0 for s in speech}
    for u in result.utterances:
        words[u.speaker] = words.get(u.speaker, 0) + len(tokenize(u.text))
        speaking[u.speaker] = speaking.get(u.speaker, 0) + u.span.duration
    rate: dict[Speaker, float | None] = {
        s: (words[s] / (speaking[s] / SAMPLE_RATE / 60.0)
            if speaking[s] >= samples(config.min_rate_s) else None)
        for s in words}
    talkovers: list[TalkOverEvent] = result.talkovers
    return Timing(
        duration=result.recording.duration,
        two_party=two_party,
        talk_time={s: total_duration(union(spans)) for s, spans in speech.items()},
        overlap=total_overlap(union(agent), union(customer)),
        silences=gaps,
        holds=[g for g in gaps if g.duration >= hold],
        longest_stretch=stretches,
        words=words,
        speaking=speaking,
        words_per_minute=rate,
        talkovers=len(talkovers),
        talkover_time=sum(max(0, t.end - t.start) for t in talkovers),
        cutoffs=cutoffs(agent, customer, config) if two_party else [],
        ended_over_customer=(_ended_over(customer, agent, result.recording.duration, config)
                             if two_party else None),
    )
