"""A second look at each talk-over once the words are known.

The detector fires on timing alone, so the prompt can appear while it is
happening. Two things the words show make it cooperative, and withdraw it:

- the agent's overlapping speech was only a backchannel, a reaction or a
  laugh ("mm-hmm", "oh, it did? great!", "ja precis", "ha ha");
- the customer was closing, not making a point, when the agent came in: the
  words the agent spoke over were only agreement or a wrap-up ("okay, okay,
  that makes sense", "so, anyway", "ja, det låter bra"), and the customer did
  not start speaking again before the prompt (an "okay" that opens a turn the
  customer goes on with over the agent is not a wrap-up).
"""

from __future__ import annotations

from collections import OrderedDict, deque

from assistant.analysis.backchannel import is_backchannel
from assistant.config import TalkOverConfig
from assistant.records import Speaker, SpeechStarted, TalkOverEvent, TalkOverUpdate, Utterance
from assistant.timebase import FRAME_SAMPLES, samples

_MAX_PENDING = 64
_RECENT = 16  # customer utterances and decided events kept for the customer's side


class TalkOverReview:
    def __init__(self, config: TalkOverConfig, language: str | None = None) -> None:
        self.language = language
        self._max_backchannel = samples(config.backchannel_max_s)
        self._pending: OrderedDict[int, TalkOverEvent] = OrderedDict()
        self._standing: deque[TalkOverEvent] = deque(maxlen=_RECENT)
        self._customer: deque[Utterance] = deque(maxlen=_RECENT)
        self._customer_onsets: deque[int] = deque(maxlen=_RECENT)
        self._withdrawn: deque[int] = deque(maxlen=_MAX_PENDING)  # ids, recent only
        self._queued: list[TalkOverUpdate] = []

    def on_speech_started(self, started: SpeechStarted) -> None:
        """Voice activity, in audio order with the events (the pipeline keeps that order)."""
        if started.speaker is Speaker.CUSTOMER:
            self._customer_onsets.append(started.start)

    def on_event(self, event: TalkOverEvent) -> None:
        self._pending[event.id] = event
        while len(self._pending) > _MAX_PENDING:
            self._pending.popitem(last=False)
        self._standing.append(event)
        # The customer's words may be known already; the withdrawal then goes out
        # with the next utterance (the agent's, spoken while the prompt was up).
        for utterance in self._customer:
            update = self._customer_closing(event, utterance)
            if update is not None:
                self._queued.append(update)
                break

    def on_utterance(self, utterance: Utterance) -> list[TalkOverUpdate]:
        out, self._queued = self._queued, []
        if utterance.speaker is Speaker.CUSTOMER:
            self._customer.append(utterance)
            updates = (self._customer_closing(e, utterance) for e in list(self._standing))
            return out + [u for u in updates if u is not None]
        if utterance.speaker is not Speaker.AGENT:
            return out
        span = utterance.span
        for event in list(self._pending.values()):
            # The utterance that was being spoken when the talk-over fired decides it.
            if not span.start <= event.time <= span.end + FRAME_SAMPLES:
                continue
            del self._pending[event.id]
            if event.id in self._withdrawn:
                continue
            short = span.duration <= self._max_backchannel
            if short and is_backchannel(utterance.text, self.language or utterance.language):
                self._withdrawn.append(event.id)
                out.append(TalkOverUpdate(event.id, event.end, utterance.id, retracted=True,
                                          at=utterance.final_at,
                                          reason=f"backchannel: {utterance.text!r}"))
            else:
                out.append(TalkOverUpdate(event.id, event.end, utterance.id, retracted=False,
                                          at=utterance.final_at))
        return out

    def _customer_closing(self, event: TalkOverEvent,
                          utterance: Utterance) -> TalkOverUpdate | None:
        """Withdraws ``event`` if the customer utterance the agent came in on was a wrap-up."""
        span = utterance.span
        if event.id in self._withdrawn or not span.start <= event.start < span.end:
            return None
        # Only the customer's last words before the agent came in and after: an
        # utterance that runs on well past the prompt was more than a wrap-up.
        if span.end > event.time + FRAME_SAMPLES:
            return None
        if not is_backchannel(utterance.text, self.language or utterance.language):
            return None
        # The customer spoke again after those words and before the prompt: they were
        # going on, not closing (real AMI speech: "Okay." then three more phrases over
        # the agent's 2.5 s; the talk-over was withdrawn on all three variants).
        if any(span.end <= onset < event.time for onset in self._customer_onsets):
            return None
        self._withdrawn.append(event.id)
        return TalkOverUpdate(event.id, event.end, None, retracted=True,
                              at=max(utterance.final_at, event.time),
                              reason=f"the customer was closing: {utterance.text!r}")
