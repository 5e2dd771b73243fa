"""The analysis half of the engine: transcripts in, utterances and events out.

Runs on the pipeline's consumer side, which hands it front items and
transcripts in audio order; keeps only text and timing, so it stays small
however long the call is.

Events are anchored in audio time, never in when a transcript happened to be
ready: an event raised on an utterance's text has the ``time`` at which that
utterance was handed to the recogniser (its end of speech plus the hangover).
When the text was actually on screen (``Utterance.final_at``, measured) is kept
for the latency figures only. So the same recording gives the same events on a
fast machine and on a loaded one.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from assistant.analysis.acoustic import spoken_frames
from assistant.analysis.repeat import RepeatDetector
from assistant.analysis.stats import compute_stats
from assistant.analysis.talkover_review import TalkOverReview
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.asr_stage import AsrOutput, Recognised
from assistant.engine.result import CallResult, RecordingInfo
from assistant.privacy import Redactor
from assistant.records import (
    EngineOutput,
    PartialTranscript,
    RepeatEvent,
    Span,
    Speaker,
    SpeechEnded,
    SpeechStarted,
    TalkOverEvent,
    TalkOverUpdate,
    Utterance,
)


@dataclass
class _TalkOverState:
    event: TalkOverEvent
    retracted: bool = False
    reason: str = ""


@dataclass
class CallAnalysis:
    """Turns front-end events and recogniser output into the call's record."""

    config: EngineConfig
    layout: ChannelLayout
    language: str | None = None
    repeat_ids: Iterator[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        self._utterance_ids = itertools.count()
        self.repeats = RepeatDetector(self.config.repeat, self.repeat_ids, self.language)
        self.review = TalkOverReview(self.config.talkover, self.language)
        self.utterances: list[Utterance] = []
        self.repeat_events: list[RepeatEvent] = []
        self.talkovers: dict[int, _TalkOverState] = {}
        self.speech: dict[Speaker, list[Span]] = {s: [] for s in self.layout.speakers}
        self.latencies: list[int] = []  # samples from end of speech to final text
        self.redactor = Redactor(self.config.privacy)

    def accept_front(self, items: list[EngineOutput]) -> list[EngineOutput]:
        """Voice activity and talk-over events, straight from the real-time half."""
        out: list[EngineOutput] = []
        for item in items:
            if isinstance(item, SpeechEnded):
                self.speech.setdefault(item.speaker, []).append(item.span)
            elif isinstance(item, SpeechStarted):
                self.review.on_speech_started(item)
            elif isinstance(item, TalkOverEvent):
                self.talkovers[item.id] = _TalkOverState(item)
                self.review.on_event(item)
            elif isinstance(item, TalkOverUpdate):
                item = self._apply(item)
            out.append(item)
        return out

    def accept_asr(self, output: AsrOutput) -> list[EngineOutput]:
        if isinstance(output, PartialTranscript):
            redacted = self.redactor.redact(output.text, self.language)
            return [dataclasses.replace(output, text=redacted.text)]
        return self._recognised(output)

    def _recognised(self, rec: Recognised) -> list[EngineOutput]:
        text = rec.transcript.text.strip()
        if not text:
            return []  # silence or noise the recogniser rightly refused to transcribe
        if self.language is None and rec.job.speaker in (Speaker.CUSTOMER, Speaker.UNKNOWN):
            self.set_language(rec.transcript.language)
        utterance = Utterance(
            id=next(self._utterance_ids),
            speaker=rec.job.speaker,
            span=rec.job.span,
            text=text,
            language=rec.transcript.language,
            final_at=rec.final_at,
        )
        # Personal data leaves here, the one place utterances are made: everything
        # downstream (screen, store, exports, logs) gets the redacted text. The
        # analysis below still reads the words as said; it keeps them in memory only.
        redacted = self.redactor.redact(text, utterance.language)
        kept = dataclasses.replace(utterance, text=redacted.text)
        self.utterances.append(kept)
        self.latencies.append(rec.final_at - rec.job.span.end)
        out: list[EngineOutput] = [kept]
        anchor = rec.job.ready_at  # audio time, whatever the decode took
        for update in self.review.on_utterance(utterance):
            reason = self.redactor.redact(update.reason, utterance.language).text  # quotes words
            out.append(self._apply(dataclasses.replace(update, at=anchor, reason=reason)))
        voice = None
        if utterance.speaker is Speaker.CUSTOMER:
            voice = spoken_frames(rec.job.audio[rec.job.context_samples :])
        for event in self.repeats.feed(utterance, voice):
            event = dataclasses.replace(event, time=anchor)
            self.repeat_events.append(event)
            out.append(event)
        return out

    def set_language(self, language: str) -> None:
        self.language = language
        self.repeats.set_language(language)
        self.review.language = language

    def _apply(self, update: TalkOverUpdate) -> TalkOverUpdate:
        state = self.talkovers.get(update.event_id)
        if state is None:
            return update
        event = state.event
        state.event = dataclasses.replace(
            event,
            end=max(event.end, update.end),
            utterance=update.utterance if update.utterance is not None else event.utterance,
        )
        if update.retracted:
            state.retracted, state.reason = True, update.reason
        return dataclasses.replace(update, end=state.event.end, utterance=state.event.utterance,
                                   event=state.event)

    def result(self, recording: RecordingInfo, model: str, notes: list[str]) -> CallResult:
        talkovers = [s.event for s in self.talkovers.values() if not s.retracted]
        withdrawn = [s.event for s in self.talkovers.values() if s.retracted]
        speech = {s: sorted(spans) for s, spans in self.speech.items()}
        return CallResult(
            recording=recording,
            language=self.language,
            model=model,
            utterances=sorted(self.utterances, key=lambda u: (u.span.start, u.id)),
            talkovers=sorted(talkovers, key=lambda e: e.time),
            withdrawn_talkovers=withdrawn,
            repeats=list(self.repeat_events),
            speech=speech,
            stats=compute_stats(speech, len(talkovers), len(self.repeat_events)),
            latencies=list(self.latencies),
            notes=list(notes),
        )
