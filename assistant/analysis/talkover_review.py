"""A second look at each talk-over once the agent's words are known.

The detector fires on timing alone, so the prompt can appear while it is
happening. When the agent's overlapping speech turns out to be only a
backchannel ("mm-hmm", "ja precis"), the prompt is withdrawn.
"""

from __future__ import annotations

from collections import OrderedDict

from assistant.analysis.backchannel import is_backchannel
from assistant.config import TalkOverConfig
from assistant.records import Speaker, TalkOverEvent, TalkOverUpdate, Utterance
from assistant.timebase import FRAME_SAMPLES, samples

_MAX_PENDING = 64


class TalkOverReview:
    def __init__(self, config: TalkOverConfig, language: str | None = None) -> None:
        self.language = language
        self._max_backchannel = samples(config.backchannel_max_s)
        self._pending: OrderedDict[int, TalkOverEvent] = OrderedDict()

    def on_event(self, event: TalkOverEvent) -> None:
        self._pending[event.id] = event
        while len(self._pending) > _MAX_PENDING:
            self._pending.popitem(last=False)

    def on_utterance(self, utterance: Utterance) -> list[TalkOverUpdate]:
        if utterance.speaker is not Speaker.AGENT:
            return []
        out = []
        span = utterance.span
        for event in list(self._pending.values()):
            # The utterance that was being spoken when the talk-over fired decides it.
            if not span.start <= event.time <= span.end + FRAME_SAMPLES:
                continue
            del self._pending[event.id]
            short = span.duration <= self._max_backchannel
            if short and is_backchannel(utterance.text, self.language or utterance.language):
                out.append(TalkOverUpdate(event.id, event.end, utterance.id, retracted=True,
                                          at=utterance.final_at,
                                          reason=f"backchannel: {utterance.text!r}"))
            else:
                out.append(TalkOverUpdate(event.id, event.end, utterance.id, retracted=False,
                                          at=utterance.final_at))
        return out
