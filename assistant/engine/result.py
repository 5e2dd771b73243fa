"""The outcome of one call: what was said, by whom, and what the assistant noticed."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.analysis.stats import CallStats
from assistant.records import RepeatEvent, Span, Speaker, TalkOverEvent, Utterance


@dataclass(frozen=True)
class RecordingInfo:
    """The audio the call came from (file or live devices)."""

    path: str
    duration: int  # samples at 16 kHz
    sample_rate: int  # the source's own rate
    channels: int  # the source's own channel count


@dataclass(frozen=True)
class CallResult:
    recording: RecordingInfo
    language: str | None
    model: str
    utterances: list[Utterance]
    talkovers: list[TalkOverEvent]
    repeats: list[RepeatEvent]
    speech: dict[Speaker, list[Span]]
    stats: CallStats
    latencies: list[int] = field(default_factory=list)  # end of speech → final text, samples
    withdrawn_talkovers: list[TalkOverEvent] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def events(self) -> list[TalkOverEvent | RepeatEvent]:
        merged: list[TalkOverEvent | RepeatEvent] = [*self.talkovers, *self.repeats]
        return sorted(merged, key=lambda e: e.time)

    def utterance(self, utterance_id: int) -> Utterance | None:
        for u in self.utterances:
            if u.id == utterance_id:
                return u
        return None
