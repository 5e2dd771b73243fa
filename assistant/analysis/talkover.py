"""Talk-over detection from voice timing: who holds the floor, and who gives way.

The agent talks over the customer when they come in while the customer holds
the floor, and then either both keep talking past a minimum overlap, or the
customer gives up soon after and the agent carries on (a cut-off). Because it
needs no transcript, the prompt can appear while it is happening;
``TalkOverReview`` later withdraws any that the words show to be cooperative.

Holding the floor is more than making a sound: the customer holds it when
their turn is at least ``customer_lead_s`` old and they have had the line to
themselves for ``floor_take_s`` of it. A breath, click, laugh or "mm" of the
customer inside the agent's own turn never gives them the floor, so the agent
carrying on over it is not an interruption.
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
    total_overlap,
)
from assistant.timebase import FRAME_SAMPLES, samples

_ONSET_SLACK = 5 * FRAME_SAMPLES

Output = list[TalkOverEvent | TalkOverUpdate]


def _frame_ceil(position: int) -> int:
    """Live, a moment is observed once the frame containing it has been classified."""
    return -(-position // FRAME_SAMPLES) * FRAME_SAMPLES


@dataclass
class _Party:
    """Voiced runs of one party: closed ones (recent only) and the open one."""

    closed: deque[Span] = field(default_factory=lambda: deque(maxlen=64))
    open_start: int | None = None
    voiced_until: int = 0

    def runs_since(self, start: int, until: int | None = None) -> list[Span]:
        """Runs (clipped to ``[start, until)``) in time order, the open one up to now."""
        runs = [s for s in self.closed if s.end > start]
        if self.open_start is not None and self.voiced_until > self.open_start:
            runs.append(Span(self.open_start, self.voiced_until))
        clipped = []
        for s in runs:
            lo, hi = max(s.start, start), s.end if until is None else min(s.end, until)
            if hi > lo:
                clipped.append(Span(lo, hi))
        return clipped

    def covering(self, position: int) -> Span | None:
        """The run (closed, or open and voiced up to it) that contains ``position``."""
        if self.open_start is not None and self.open_start <= position:
            # An open run whose last voiced frame lies well before ``position`` is
            # a pause the hangover has not closed yet.
            if self.voiced_until + 2 * FRAME_SAMPLES >= position:
                return Span(self.open_start, max(self.voiced_until, position + 1))
            return None
        for span in reversed(self.closed):
            if span.start <= position < span.end:
                return span
        return None

    def last_run(self) -> Span | None:
        """The latest run, open ones up to their last voiced frame."""
        if self.open_start is not None:
            return Span(self.open_start, max(self.open_start, self.voiced_until))
        return self.closed[-1] if self.closed else None

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
    cutoff_at: int | None = None  # the customer stopped here, after a real overlap
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


def _talks_through(runs: list[Span], start: int, until: int, max_pause: int) -> bool:
    """Whether ``runs`` cover ``start``..``until`` with no pause of ``max_pause`` or more.

    A cut-off is the agent going on as the customer gives up; an agent whose "mm,
    yeah" ended with the customer's turn and who began their own a second later
    stopped too.
    """
    reached = start
    for run in runs:
        if run.end <= reached:
            continue
        if run.start - reached >= max_pause:
            return False
        reached = run.end
        if reached >= until:
            return True
    return False


def _bridged(runs: list[Span], pause: int) -> list[Span]:
    """Runs joined across pauses shorter than ``pause`` (time-ordered runs in, and out)."""
    out: list[Span] = []
    for run in runs:
        if out and run.start - out[-1].end < pause:
            out[-1] = Span(out[-1].start, max(out[-1].end, run.end))
        else:
            out.append(run)
    return out


class TalkOverDetector:
    """Feeds voice activity of both parties; returns talk-over events as they become known."""

    def __init__(self, config: TalkOverConfig, ids: Iterator[int]) -> None:
        self.config = config
        self._ids = ids
        self._min_overlap = samples(config.min_overlap_s)
        self._lead = samples(config.customer_lead_s)
        self._floor_take = samples(config.floor_take_s)
        self._turn_gap = samples(config.turn_gap_s)
        self._cutoff_overlap = samples(config.cutoff_min_overlap_s)
        self._cutoff_continue = samples(config.cutoff_agent_continue_s)
        self._cutoff_pause = samples(config.cutoff_agent_pause_s)
        self._bridge = samples(config.overlap_bridge_s)
        self._cutoff_turn = samples(config.cutoff_min_customer_turn_s)
        self._pause = samples(config.resume_window_s)
        self._agent = _Party()
        self._customer = _Party()
        self._candidate: _Candidate | None = None

    def feed(
        self, activity: list[VoiceActivity], progress: dict[Speaker, PartyProgress]
    ) -> Output:
        out: Output = []
        # How far an already open run has been voiced by the end of this block, so
        # an agent starting inside the block sees the customer still speaking.
        for speaker, party in ((Speaker.AGENT, self._agent), (Speaker.CUSTOMER, self._customer)):
            state = progress.get(speaker)
            if state is not None and party.open_start is not None \
                    and state.run_start == party.open_start:
                party.voiced_until = max(party.voiced_until, state.voiced_until)
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
                    # A customer who was cut off and tries again while the agent talks
                    # on is still cut off (a pending cut-off stands): real Danish speech
                    # on an 8 kHz line, real tuning half 42/0/6 -> 43/0/5.
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

    def flush(self, now: int) -> Output:
        out: Output = []
        self._evaluate(now, out)
        self._close(now, out)
        return out

    # -- internals -----------------------------------------------------------

    def _customer_holds_floor(self, turn_start: int, at: int) -> bool:
        """Whether the customer's turn from ``turn_start`` is theirs by ``at``.

        It is when it is ``customer_lead_s`` old and the customer spoke alone
        for ``floor_take_s`` of it; sounds made inside the agent's speech are not.
        """
        if at - turn_start < self._lead:
            return False  # both began together, or the customer had barely started
        spoken = self._customer.runs_since(turn_start, at)
        if self._customer.open_start is not None and self._customer.open_start < at:
            # Still speaking: the open run goes on to ``at`` (progress may lag a block).
            spoken = [s for s in spoken if s.start < self._customer.open_start]
            spoken.append(Span(max(self._customer.open_start, turn_start), at))
        agent = self._agent.runs_since(turn_start, at)
        alone = sum(s.duration for s in spoken) - total_overlap(spoken, agent)
        return alone >= self._floor_take

    def _agent_started(self, start: int, out: Output) -> None:
        candidate = self._candidate
        if candidate is not None:
            last = candidate.agent_runs[-1] if candidate.agent_runs else None
            # After a prompt, the agent pausing for breath and going on is the same
            # episode, not a second talk-over.
            gap = self._turn_gap * (2 if candidate.event is not None else 1)
            if last is not None and start - last.end < gap:
                return  # the same agent turn goes on after a short pause
            self._close(start, out)
        run = self._customer.covering(start)
        resume_by = None
        if run is None:
            last = self._customer.last_run()
            if last is None or start - last.end >= self._pause:
                return  # the line was free: an ordinary turn
            run, resume_by = last, start + self._pause
        turn_start = self._customer.turn_start(run, self._turn_gap)
        if not self._customer_holds_floor(turn_start, start):
            return
        self._candidate = _Candidate(start, turn_start, resume_by=resume_by)

    def _customer_stopped(self, span: Span) -> None:
        """The customer went quiet: a cut-off if the agent had really overlapped them."""
        candidate = self._candidate
        if candidate is None or candidate.event is not None:
            return
        if span.end <= candidate.agent_start:
            return
        # The agent's speech going on as the customer stopped: earlier backchannels
        # in the same turn ("yeah", "mm") do not make an overlap a cut-off.
        agent = [a for a in self._agent_runs(candidate) if a.end >= span.end - FRAME_SAMPLES]
        if not agent:
            return
        customer = self._customer.runs_since(candidate.agent_start)
        overlap, _ = _overlap_crossing(agent[:1], customer, self._min_overlap)
        if span.start < agent[0].start + self._pause:
            # The customer was speaking as the agent came in: how long they went on
            # after it, a breath inside that included (the README's "starts a few
            # hundred milliseconds before the customer's turn ends").
            overlap = max(overlap, span.end - agent[0].start)
        turn = candidate.agent_start - candidate.customer_turn_start
        # Overlaps shorter than this are the agent starting as the customer finishes.
        if overlap >= self._cutoff_overlap and turn >= self._cutoff_turn:
            candidate.cutoff_at = span.end

    def _agent_runs(self, candidate: _Candidate) -> list[Span]:
        candidate.agent_runs = self._agent.runs_since(candidate.agent_start)
        return candidate.agent_runs

    def _evaluate(self, now: int, out: Output) -> None:
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
            _, crossing = _overlap_crossing(_bridged(agent_runs, self._bridge),
                                            _bridged(customer_runs, self._bridge),
                                            self._min_overlap)
            if crossing >= 0:
                self._fire(candidate, _frame_ceil(crossing), TalkOverReason.OVERLAP, out)
            elif candidate.cutoff_at is not None:
                due = candidate.cutoff_at + self._cutoff_continue
                if _talks_through(agent_runs, candidate.cutoff_at, due, self._cutoff_pause):
                    self._fire(candidate, _frame_ceil(due), TalkOverReason.CUTOFF, out)
        last = agent_runs[-1] if agent_runs else None
        agent_quiet = self._agent.open_start is None
        gap = self._turn_gap * (2 if candidate.event is not None else 1)
        if last is not None and agent_quiet and now - last.end >= gap:
            self._close(_frame_ceil(last.end + gap), out)

    def _fire(self, candidate: _Candidate, time: int, reason: TalkOverReason, out: Output) -> None:
        candidate.event = TalkOverEvent(
            id=next(self._ids),
            time=time,
            start=candidate.agent_start,
            end=time,
            reason=reason,
            customer_start=candidate.customer_turn_start,
        )
        out.append(candidate.event)

    def _close(self, now: int, out: Output) -> None:
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
