"""The recognition stage: utterance audio in, recognised text out, in order.

A plain object; the pipeline runs it on its own thread. How the moment a
transcript "appears" is stamped depends on the clock it is given:
``SimulatedClock`` replays a file as if live on this CPU (one recogniser,
measured decode times), ``LiveClock`` reads the capture position, and
``InstantClock`` is for batch work where only the text matters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from assistant.asr.whisper import Recognizer
from assistant.records import PartialTranscript, Span, Speaker, Transcript, UtteranceAudio
from assistant.timebase import SAMPLE_RATE, samples


class AsrClock(Protocol):
    def done_at(self, ready_at: int, decode_seconds: float) -> int:
        """Audio time at which a decode of work handed over at ``ready_at`` completes."""
        ...

    def busy_at(self, moment: int) -> bool:
        """Whether the recogniser would still be busy at ``moment`` (skip partials then)."""
        ...


class SimulatedClock:
    """As-if-live replay: a single recogniser works through jobs in order of hand-over.

    Each decode takes as long as it was measured to take (this CPU, under its load
    now); or, given ``decode_seconds``, that long every time, as on a reference
    machine: then the replay, its events and their times are the same on any CPU.
    """

    def __init__(self, decode_seconds: float | None = None) -> None:
        self.free_at = 0
        self._fixed = None if decode_seconds is None else samples(decode_seconds)

    def done_at(self, ready_at: int, decode_seconds: float) -> int:
        start = max(ready_at, self.free_at)
        self.free_at = start + (self._fixed if self._fixed is not None
                                else samples(decode_seconds))
        return self.free_at

    def busy_at(self, moment: int) -> bool:
        return self.free_at > moment


class LiveClock:
    """Live capture: completion is whatever the capture position is now."""

    def __init__(self, position: Callable[[], int]) -> None:
        self._position = position

    def done_at(self, ready_at: int, decode_seconds: float) -> int:
        return max(ready_at, self._position())

    def busy_at(self, moment: int) -> bool:
        return False  # the pipeline drops stale partials from its queue instead


class InstantClock:
    """Batch transcription: stamp results as if decoding took no time."""

    def done_at(self, ready_at: int, decode_seconds: float) -> int:
        return ready_at

    def busy_at(self, moment: int) -> bool:
        return False


@dataclass(frozen=True)
class Recognised:
    """A final utterance's transcript, before the analysis stage gives it an id."""

    job: UtteranceAudio
    transcript: Transcript
    final_at: int


AsrOutput = Recognised | PartialTranscript


class AsrStage:
    """Transcribes jobs in order; fixes the call language once, on the customer's speech."""

    def __init__(
        self,
        recognizer: Recognizer,
        clock: AsrClock,
        language: str | None,
        language_from: frozenset[Speaker] = frozenset({Speaker.CUSTOMER, Speaker.UNKNOWN}),
    ) -> None:
        self.recognizer = recognizer
        self.clock = clock
        self.language = language
        self.language_probability: float | None = None
        self._language_from = language_from
        self.decode_seconds = 0.0
        self.decodes = 0
        self.skipped_partials = 0
        self._previous: dict[Speaker, tuple[Span, str]] = {}  # last final per party

    def process(self, job: UtteranceAudio) -> list[AsrOutput]:
        if not job.final:
            return self._partial(job)
        detect_seconds = self._fix_language(job)
        transcript = self._transcribe_in_context(job)
        self._previous[job.speaker] = (job.span, transcript.text)
        self._account(transcript.decode_seconds + detect_seconds)
        final_at = self.clock.done_at(job.ready_at, transcript.decode_seconds + detect_seconds)
        return [Recognised(job, transcript, final_at)]

    def flush(self) -> list[AsrOutput]:
        return []

    def _transcribe_in_context(self, job: UtteranceAudio) -> Transcript:
        """Decode with the turn's previous piece in front when its text is known."""
        previous = self._previous.get(job.speaker)
        if job.context is not None and previous is not None and previous[0] == job.context \
                and previous[1]:
            return self.recognizer.transcribe(job.audio, self.language, prefix=previous[1])
        return self.recognizer.transcribe(job.audio[job.context_samples :], self.language)

    def _partial(self, job: UtteranceAudio) -> list[AsrOutput]:
        if self.clock.busy_at(job.ready_at) or self.language is None:
            self.skipped_partials += 1
            return []
        transcript = self.recognizer.transcribe(job.audio, self.language)
        self._account(transcript.decode_seconds)
        at = self.clock.done_at(job.ready_at, transcript.decode_seconds)
        if not transcript.text:
            return []
        return [PartialTranscript(-1, job.speaker, job.span, transcript.text, at)]

    def _fix_language(self, job: UtteranceAudio) -> float:
        """Detect the language once, on the first customer speech long enough to judge."""
        if self.language is not None or job.speaker not in self._language_from:
            return 0.0
        if len(job.audio) < SAMPLE_RATE // 2:
            return 0.0
        import time

        started = time.perf_counter()
        self.language, self.language_probability = self.recognizer.detect_language(job.audio)
        return time.perf_counter() - started

    def _account(self, seconds: float) -> None:
        self.decode_seconds += seconds
        self.decodes += 1
