"""Typed records that cross stage boundaries.

Positions are integer samples on the call's one clock (16 kHz, sample 0 is
the start of the call). Seconds appear only in ``to_json`` style helpers.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

import numpy as np

from assistant.timebase import seconds


class Speaker(str, enum.Enum):
    AGENT = "agent"
    CUSTOMER = "customer"
    UNKNOWN = "unknown"  # a mono recording: both parties on one channel

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class Span:
    """A half-open interval ``[start, end)`` of samples (pyannote-style algebra)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"span ends before it starts: {self.start}..{self.end}")

    @property
    def duration(self) -> int:
        return self.end - self.start

    def __and__(self, other: Span) -> Span | None:
        """Intersection, or None when the spans do not overlap."""
        start, end = max(self.start, other.start), min(self.end, other.end)
        return Span(start, end) if end > start else None

    def overlap(self, other: Span) -> int:
        """Length of the intersection in samples (0 when disjoint)."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def gap(self, other: Span) -> int:
        """Silence between two disjoint spans (0 when they touch or overlap)."""
        return max(0, max(self.start, other.start) - min(self.end, other.end))

    def contains(self, position: int) -> bool:
        return self.start <= position < self.end

    @property
    def start_s(self) -> float:
        return seconds(self.start)

    @property
    def end_s(self) -> float:
        return seconds(self.end)


def total_overlap(a: list[Span], b: list[Span]) -> int:
    """Total length of the intersection of two sorted, disjoint span lists."""
    i = j = 0
    total = 0
    while i < len(a) and j < len(b):
        total += a[i].overlap(b[j])
        if a[i].end <= b[j].end:
            i += 1
        else:
            j += 1
    return total


def total_duration(spans: list[Span]) -> int:
    return sum(s.duration for s in spans)


@dataclass(frozen=True)
class AudioBlock:
    """A block of 16 kHz int16 audio, shape ``(n, channels)``, starting at ``start``."""

    start: int
    samples: np.ndarray

    @property
    def end(self) -> int:
        return self.start + int(self.samples.shape[0])

    @property
    def channels(self) -> int:
        return int(self.samples.shape[1])


# --- Voice activity ---------------------------------------------------------


@dataclass(frozen=True)
class SpeechStarted:
    """A party began speaking at ``start``; known at ``detected_at``."""

    speaker: Speaker
    start: int
    detected_at: int


@dataclass(frozen=True)
class SpeechEnded:
    """A party's speech run ``span`` ended; known at ``detected_at`` (after the hangover)."""

    speaker: Speaker
    span: Span
    detected_at: int


VoiceActivity = SpeechStarted | SpeechEnded


@dataclass(frozen=True)
class PartyProgress:
    """Where one party's voice activity stands after a block.

    ``voiced_until`` is the end of the last voiced frame: inside a run, speech
    is only counted up to there, never up to "now", so a party who has just
    gone quiet is not credited with the hangover.
    """

    speaker: Speaker
    run_start: int | None
    voiced_until: int
    position: int


# --- Utterances -------------------------------------------------------------


@dataclass(frozen=True)
class UtteranceAudio:
    """A stretch of one party's speech, ready to transcribe.

    ``seq`` orders final utterances across both parties by the moment they
    were handed over; partial hypotheses (``final`` False) carry ``seq`` -1.
    ``audio`` is float32 in [-1, 1] at 16 kHz and includes a little audio
    around ``span`` so Whisper hears the onset and the last syllable.
    """

    seq: int
    speaker: Speaker
    span: Span
    audio: np.ndarray
    ready_at: int  # when the segmenter handed it over (the live moment)
    final: bool = True
    # The same party's previous utterance of this turn, whose audio leads ``audio``
    # (the first ``context_samples`` samples), so Whisper hears the whole sentence.
    context: Span | None = None
    context_samples: int = 0


@dataclass(frozen=True)
class Transcript:
    """What the recogniser made of one ``UtteranceAudio``."""

    text: str
    language: str
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    decode_seconds: float = 0.0  # measured wall time, for as-if-live timing


@dataclass(frozen=True)
class Utterance:
    """A finalised, transcribed utterance: the unit of the call's transcript."""

    id: int
    speaker: Speaker
    span: Span
    text: str
    language: str
    final_at: int  # audio time the final text would be on screen live

    @property
    def start_s(self) -> float:
        return self.span.start_s

    @property
    def end_s(self) -> float:
        return self.span.end_s


@dataclass(frozen=True)
class PartialTranscript:
    """Provisional text for an utterance still in progress (shown lighter)."""

    utterance_id: int
    speaker: Speaker
    span: Span
    text: str
    at: int


# --- Events -----------------------------------------------------------------


class TalkOverReason(str, enum.Enum):
    OVERLAP = "overlap"  # agent kept talking over the customer past the minimum
    CUTOFF = "cutoff"  # customer stopped soon after the agent cut in


@dataclass(frozen=True)
class TalkOverEvent:
    """The agent took the floor while the customer held it.

    ``start`` is where the agent came in; ``end`` is where the overlap ended
    (provisional while it is still going on). ``utterance`` is the agent's
    utterance, known once it has been finalised.
    """

    id: int
    time: int
    start: int
    end: int
    reason: TalkOverReason
    customer_start: int
    utterance: int | None = None
    customer_utterance: int | None = None

    kind: str = field(default="talkover", init=False)


@dataclass(frozen=True)
class TalkOverUpdate:
    """Later knowledge about a talk-over: its final extent, or that it was a backchannel."""

    event_id: int
    end: int
    utterance: int | None
    retracted: bool  # this update withdraws the talk-over
    at: int
    reason: str = ""  # why it was withdrawn, in words (kept with the call)
    # The talk-over as now known (its extent and utterance so far): set by the engine, so a
    # consumer replaces what it shows by ``event_id`` instead of merging updates itself.
    event: TalkOverEvent | None = None


@dataclass(frozen=True)
class RepeatEvent:
    """The customer made a request again that they had already made."""

    id: int
    time: int
    utterance: int
    repeats: tuple[int, ...]
    count: int
    cue: str | None = None  # a cue phrase such as "as I said", when one was heard
    similarity: float = 0.0

    kind: str = field(default="repeat", init=False)


@dataclass(frozen=True)
class TranscriptLag:
    """Live only: how far the transcript is behind the audio (0 once it has caught up).

    ``behind`` is the capture position minus the hand-over time of the oldest
    utterance not yet transcribed; ``degraded`` says the recogniser is using its
    cheaper settings to catch up.
    """

    behind: int
    at: int
    degraded: bool = False


Event = TalkOverEvent | RepeatEvent
EngineOutput = (
    SpeechStarted
    | SpeechEnded
    | PartialTranscript
    | Utterance
    | TalkOverEvent
    | TalkOverUpdate
    | RepeatEvent
    | TranscriptLag
)
