"""The recognition stage: utterance audio in, recognised text out, in order.

A plain object; the pipeline runs it on its own thread. How the moment a
transcript "appears" is stamped depends on the clock it is given:
``SimulatedClock`` replays a file as if live on this CPU (one recogniser,
measured decode times), ``LiveClock`` reads the capture position, and
``InstantClock`` is for batch work where only the text matters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from assistant.asr.decoder import Request
from assistant.asr.whisper import Recognizer
from assistant.engine.load import LoadGovernor, LoadMode
from assistant.records import PartialTranscript, Span, Speaker, Transcript, UtteranceAudio
from assistant.timebase import SAMPLE_RATE, samples

# Fast speech is about 4 words a second (6-7 syllables); twice that, plus a word or
# two cut at the piece's edges, is more than anyone says.
_MAX_WORDS_PER_SECOND = 8.0
_EDGE_WORDS = 2


def _too_many_words(text: str, seconds: float) -> bool:
    return len(text.split()) > _EDGE_WORDS + _MAX_WORDS_PER_SECOND * seconds


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
    """Transcribes jobs in order; fixes the call language once, on the customer's speech.

    ``process_batch`` takes whatever is waiting: every final utterance (both
    parties) goes through the recogniser in one batch, and a partial hypothesis
    only when no final is waiting. With a ``governor`` (live capture only) the
    stage sheds work while it is behind; ``light_model`` is loaded the first time
    it is needed then, for English calls.
    """

    def __init__(
        self,
        recognizer: Recognizer,
        clock: AsrClock,
        language: str | None,
        language_from: frozenset[Speaker] = frozenset({Speaker.CUSTOMER, Speaker.UNKNOWN}),
        *,
        governor: LoadGovernor | None = None,
        light_model: Callable[[], Recognizer | None] | None = None,
        temperatures: tuple[float, ...] | None = None,
    ) -> None:
        self.recognizer = recognizer
        self.clock = clock
        self.language = language
        self.language_probability: float | None = None
        self._language_from = language_from
        self.governor = governor
        self._light_model = light_model
        self._light_recognizer: Recognizer | None = None
        self.temperatures = temperatures  # the retry schedule (None: the recogniser's own)
        self.decode_seconds = 0.0
        self.decodes = 0
        self.batches = 0
        self.skipped_partials = 0
        self.echoes = 0  # pieces decoded again because their text could not fit them
        self._previous: dict[Speaker, tuple[Span, str]] = {}  # last final per party

    def process(self, job: UtteranceAudio) -> list[AsrOutput]:
        return self.process_batch([job])

    def process_batch(self, jobs: list[UtteranceAudio], behind: int = 0) -> list[AsrOutput]:
        """Everything waiting, in hand-over order; ``behind``: the live lag (samples)."""
        mode = self.governor.update(behind) if self.governor is not None else LoadMode.NORMAL
        finals = [job for job in jobs if job.final]
        partials = [job for job in jobs if not job.final]
        if finals:
            self.skipped_partials += len(partials)  # finals first
            return self._finals(finals, mode)
        if mode is not LoadMode.NORMAL:
            self.skipped_partials += len(partials)
            return []
        latest = {job.speaker: job for job in partials}  # older partials are stale
        self.skipped_partials += len(partials) - len(latest)
        return self._partials(list(latest.values()))

    def flush(self) -> list[AsrOutput]:
        return []

    def _finals(self, jobs: list[UtteranceAudio], mode: LoadMode) -> list[AsrOutput]:
        detect_seconds = sum(self._fix_language(job) for job in jobs)
        requests = [self._request(job, first=i == 0) for i, job in enumerate(jobs)]
        recognizer, light = self._recognizer_for(mode)
        transcripts = recognizer.transcribe_many(requests, self.language, light=light,
                                                 temperatures=self.temperatures)
        transcripts = self._without_echoes(jobs, requests, transcripts, recognizer, light)
        self.batches += 1
        for job, transcript in zip(jobs, transcripts, strict=True):
            self._previous[job.speaker] = (job.span, transcript.text)
            self._account(transcript.decode_seconds)
        self.decode_seconds += detect_seconds
        spent = detect_seconds + sum(t.decode_seconds for t in transcripts)
        # One batch: every text appears when the batch is done.
        final_at = self.clock.done_at(jobs[-1].ready_at, spent)
        return [Recognised(job, transcript, final_at)
                for job, transcript in zip(jobs, transcripts, strict=True)]

    def _without_echoes(self, jobs: list[UtteranceAudio], requests: list[Request],
                        transcripts: list[Transcript], recognizer: Recognizer,
                        light: bool) -> list[Transcript]:
        """A piece decoded after its turn's previous piece sometimes comes back as that
        piece's text again: a 0.4 s Danish piece on an 8 kHz line as the 12 words before
        it, which the repeat detector then took for the customer saying it again. Text
        no one could say in the piece's own time is decoded again from the piece alone.
        """
        echoes = [i for i, (job, request, transcript)
                  in enumerate(zip(jobs, requests, transcripts, strict=True))
                  if request.prefix and _too_many_words(
                      transcript.text, (len(job.audio) - job.context_samples) / SAMPLE_RATE)]
        if not echoes:
            return transcripts
        again = recognizer.transcribe_many(
            [Request(jobs[i].audio[jobs[i].context_samples :]) for i in echoes],
            self.language, light=light, temperatures=self.temperatures)
        out = list(transcripts)
        for i, transcript in zip(echoes, again, strict=True):
            spent = out[i].decode_seconds + transcript.decode_seconds
            out[i] = replace(transcript, decode_seconds=spent)
        self.echoes += len(echoes)
        return out

    def _request(self, job: UtteranceAudio, first: bool) -> Request:
        """The turn's previous piece in front, its text forced, when that text is known.

        Only for the first job of a batch: a later one's previous piece may be in the
        same batch, its text not known yet.
        """
        previous = self._previous.get(job.speaker)
        if first and job.context is not None and previous is not None \
                and previous[0] == job.context and previous[1]:
            return Request(job.audio, prefix=previous[1])
        return Request(job.audio[job.context_samples :])

    def _recognizer_for(self, mode: LoadMode) -> tuple[Recognizer, bool]:
        if mode is not LoadMode.LIGHT:
            return self.recognizer, False
        if self.governor is not None:
            self.governor.light_decodes += 1
        if self.language == "en" and self._light_model is not None:
            if self._light_recognizer is None:
                self._light_recognizer = self._light_model()
                if self._light_recognizer is None:
                    self._light_model = None  # not installed: the light settings only
            if self._light_recognizer is not None:
                return self._light_recognizer, True
        return self.recognizer, True

    def _partials(self, jobs: list[UtteranceAudio]) -> list[AsrOutput]:
        if not jobs or self.language is None:
            self.skipped_partials += len(jobs)
            return []
        if all(self.clock.busy_at(job.ready_at) for job in jobs):
            self.skipped_partials += len(jobs)
            return []
        transcripts = self.recognizer.transcribe_many([Request(j.audio) for j in jobs],
                                                      self.language, temperatures=(0.0,),
                                                      provisional=True)
        for transcript in transcripts:
            self._account(transcript.decode_seconds)
        at = self.clock.done_at(max(j.ready_at for j in jobs),
                                sum(t.decode_seconds for t in transcripts))
        return [PartialTranscript(-1, job.speaker, job.span, transcript.text, at)
                for job, transcript in zip(jobs, transcripts, strict=True) if transcript.text]

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
