"""Call statistics from voice activity: who talked how long, and how much at once."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.records import Span, Speaker, total_duration, total_overlap
from assistant.timebase import seconds


@dataclass(frozen=True)
class CallStats:
    talk_time: dict[Speaker, int]  # samples of speech per party
    overlap: int  # samples where both parties spoke at once
    talkovers: int
    repeats: int

    def to_json(self) -> dict[str, object]:
        return {
            "talk_time": {str(s): round(seconds(v), 2) for s, v in self.talk_time.items()},
            "overlap_time": round(seconds(self.overlap), 2),
            "talkovers": self.talkovers,
            "repeats": self.repeats,
        }


def compute_stats(speech: dict[Speaker, list[Span]], talkovers: int, repeats: int) -> CallStats:
    talk = {speaker: total_duration(spans) for speaker, spans in speech.items()}
    agent = sorted(speech.get(Speaker.AGENT, []))
    customer = sorted(speech.get(Speaker.CUSTOMER, []))
    return CallStats(talk, total_overlap(agent, customer), talkovers, repeats)
