"""Talk-over detection from voice activity timing alone.

The agent talks over the customer when they come in while the customer holds
the floor (speaking, their turn well under way) and then either keep going
past a minimum overlap, or the customer gives up soon after (a cut-off).
Because it needs no transcript, the prompt can appear while it is happening;
``TalkOverReview`` later withdraws any that turn out to be backchannels.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.config import TalkOverConfig
from assistant.records import (
    PartyProgress,
    Span,
    Speaker,
    SpeechEnded,
    SpeechStarted,
    TalkOverEvent,
    TalkOverReason,
    TalkOverUpdate,
    VoiceActivity,
)
from assistant.timebase import FRAME_SAMPLES, samples

_ONSET_SLACK = 5 * FRAME_SAMPLES


def _frame_ceil(position: int) -> int:
    """Live, a moment is observed once the frame containing it has been classified."""
    return -(-position // FRAME_SAMPLES) * FRAME_SAMPLES


@dataclass
class _Party:
    """Voiced runs of one party: closed ones (recent only) and the open one."""

    closed: deque[Span] = field(default_factory=lambda: deque(maxlen=64))
    open_start: int | None = None
    voiced_until: int = 0

    def runs_since(self, start: int) -> list[Span]:
        runs = [s for s in self.closed if s.end > start]
        if self.open_start is not None and self.voiced_until > self.open_start:
            runs.append(Span(self.open_start, self.voiced_until))
        return runs

    def covering(self, position: int) -> Span | None:
        """The run (closed, or open up to now) that contains ``position``."""
        if self.open_start is not None and self.open_start <= position:
            return Span(self.open_start, max(self.voiced_until, position + 1))
        for span in reversed(self.closed):
            if span.start <= position < span.end:
                return span
        return None

    def turn_start(self, run: Span, turn_gap: int) -> int:
        """Start of the turn ``run`` belongs to: runs chained by pauses under ``turn_gap``."""
        start = run.start
        for span in reversed(self.closed):
            if span.start >= start:
                continue
            if start - span.end >= turn_gap:
                break
            start = span.start
        return start


@dataclass
class _Candidate:
    """An agent turn that began while the customer held the floor."""

    agent_start: int
    customer_turn_start: int
    agent_runs: list[Span] = field(default_factory=list)
    event: TalkOverEvent | None = None
    cutoff_at: int | None = None  # customer stopped here after the agent came in
    # The agent came in during a short pause in the customer's turn: it only
    # counts if the customer picks up again by then (else it was a turn end).
    resume_by: int | None = None


def _overlap_crossing(agent: list[Span], customer: list[Span], needed: int) -> tuple[int, int]:
    """Total overlap, and the sample where it first reached ``needed`` (-1 if never)."""
    total, crossing = 0, -1
    for a in agent:
        for c in customer:
            inter = a & c
            if inter is None:
                continue
            if crossing < 0 and total + inter.duration >= needed:
                crossing = inter.start + (needed - total)
            total += inter.duration
    return total, crossing


class TalkOverDetector:
    """Feeds voice activity of both parties; returns talk-over events as they become known."""

    def __init__(self, config: TalkOverConfig, ids: Iterator[int]) -> None:
        self.config = config
        self._ids = ids
        self._min_overlap = samples(config.min_overlap_s)
        self._lead = samples(config.customer_lead_s)
        self._turn_gap = samples(config.turn_gap_s)
        self._cutoff_overlap = samples(config.cutoff_min_overlap_s)
        self._cutoff_continue = samples(config.cutoff_agent_continue_s)
        self._cutoff_turn = samples(config.cutoff_min_customer_turn_s)
        self._pause = samples(config.resume_window_s)
        self._agent = _Party()
        self._customer = _Party()
        self._candidate: _Candidate | None = None

    def feed(
        self, activity: list[VoiceActivity], progress: dict[Speaker, PartyProgress]
    ) -> list[TalkOverEvent | TalkOverUpdate]:
        out: list[TalkOverEvent | TalkOverUpdate] = []
        for event in sorted(activity, key=lambda e: e.detected_at):
            if event.speaker not in (Speaker.AGENT, Speaker.CUSTOMER):
                continue
            party = self._agent if event.speaker is Speaker.AGENT else self._customer
            if isinstance(event, SpeechStarted):
                party.open_start = event.start
                party.voiced_until = event.start
                if event.speaker is Speaker.AGENT:
                    self._agent_started(event.start, out)
                elif self._candidate is not None:
                    self._candidate.cutoff_at = None  # the customer carried on
                    resume_by = self._candidate.resume_by
                    if resume_by is not None and event.start <= resume_by:
                        self._candidate.resume_by = None
            elif isinstance(event, SpeechEnded):
                party.open_start = None
                party.voiced_until = event.span.end
                party.closed.append(event.span)
                self._evaluate(event.detected_at, out)
                if event.speaker is Speaker.CUSTOMER:
                    self._customer_stopped(event.span)
        for speaker, party in ((Speaker.AGENT, self._agent), (Speaker.CUSTOMER, self._customer)):
            state = progress.get(speaker)
            if state is not None and party.open_start is not None:
                party.voiced_until = max(party.voiced_until, state.voiced_until)
        now = max((p.position for p in progress.values()), default=0)
        self._evaluate(now, out)
        return out

    def flush(self, now: int) -> list[TalkOverEvent | TalkOverUpdate]:
        out: list[TalkOverEvent | TalkOverUpdate] = []
        self._evaluate(now, out)
        self._close(now, out)
        return out

    # -- internals -----------------------------------------------------------

    def _agent_started(self, start: int, out: list[TalkOverEvent | TalkOverUpdate]) -> None:
        candidate = self._candidate
        if candidate is not None:
            last = candidate.agent_runs[-1] if candidate.agent_runs else None
            if last is not None and start - last.end < self._turn_gap:
                return  # the same agent turn goes on after a short pause
            self._close(start, out)
        run = self._customer.covering(start)
        resume_by = None
        if run is None:
            last = self._customer.closed[-1] if self._customer.closed else None
            if last is None or start - last.end >= self._pause:
                return  # the line was free: an ordinary turn
            run, resume_by = last, start + self._pause
        turn_start = self._customer.turn_start(run, self._turn_gap)
        if start - turn_start < self._lead:
            return  # both began together, or the customer had barely started
        self._candidate = _Candidate(start, turn_start, resume_by=resume_by)

    def _customer_stopped(self, span: Span) -> None:
        candidate = self._candidate
        if candidate is None or candidate.event is not None:
            return
        if span.end <= candidate.agent_start:
            return
        agent_runs = self._agent_runs(candidate)
        overlap, _ = _overlap_crossing(agent_runs, [span], self._min_overlap)
        turn = candidate.agent_start - candidate.customer_turn_start
        if overlap >= self._cutoff_overlap and turn >= self._cutoff_turn:
            candidate.cutoff_at = span.end

    def _agent_runs(self, candidate: _Candidate) -> list[Span]:
        candidate.agent_runs = self._agent.runs_since(candidate.agent_start)
        return candidate.agent_runs

    def _evaluate(self, now: int, out: list[TalkOverEvent | TalkOverUpdate]) -> None:
        candidate = self._candidate
        if candidate is None:
            return
        # Onsets are known a few frames late, so allow for that before giving up.
        if candidate.resume_by is not None and now > candidate.resume_by + _ONSET_SLACK:
            self._candidate = None  # the customer had finished: an ordinary turn after all
            return
        agent_runs = self._agent_runs(candidate)
        if candidate.event is None:
            customer_runs = self._customer.runs_since(candidate.agent_start)
            _, crossing = _overlap_crossing(agent_runs, customer_runs, self._min_overlap)
            if crossing >= 0:
                self._fire(candidate, _frame_ceil(crossing), TalkOverReason.OVERLAP, out)
            elif candidate.cutoff_at is not None:
                due = candidate.cutoff_at + self._cutoff_continue
                if agent_runs and agent_runs[-1].end >= due:
                    self._fire(candidate, _frame_ceil(due), TalkOverReason.CUTOFF, out)
        last = agent_runs[-1] if agent_runs else None
        agent_quiet = self._agent.open_start is None
        if last is not None and agent_quiet and now - last.end >= self._turn_gap:
            self._close(_frame_ceil(last.end + self._turn_gap), out)

    def _fire(
        self,
        candidate: _Candidate,
        time: int,
        reason: TalkOverReason,
        out: list[TalkOverEvent | TalkOverUpdate],
    ) -> None:
        candidate.event = TalkOverEvent(
            id=next(self._ids),
            time=time,
            start=candidate.agent_start,
            end=time,
            reason=reason,
            customer_start=candidate.customer_turn_start,
        )
        out.append(candidate.event)

    def _close(self, now: int, out: list[TalkOverEvent | TalkOverUpdate]) -> None:
        candidate, self._candidate = self._candidate, None
        if candidate is None or candidate.event is None:
            return
        customer_runs = self._customer.runs_since(candidate.agent_start)
        end = candidate.event.time
        for a in candidate.agent_runs:
            for c in customer_runs:
                inter = a & c
                if inter is not None:
                    end = max(end, inter.end)
        out.append(TalkOverUpdate(candidate.event.id, end, None, retracted=False, at=now))
