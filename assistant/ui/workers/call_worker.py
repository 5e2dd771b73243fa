"""One call on a worker thread: load the model, run ``CallSession``, store the call.

Threads, from the audio outward:

- the pipeline's front thread iterates ``_blocks()``: it leaves each block in
  the ``BlockTap`` (a reference assignment), appends it to the call's WAV and
  queues it for the loudspeaker; no Qt, no waiting;
- this worker's QThread runs ``CallSession.run``; its ``on_output`` stores each
  record and emits the matching typed signal of ``EngineSignals``, which lives
  in the GUI thread, so Qt delivers it queued;
- the GUI thread only reacts to signals and polls the tap for the meters.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone

from PySide6.QtCore import QObject, Signal, Slot

from assistant.config import EngineConfig
from assistant.engine.asr_stage import LiveClock
from assistant.engine.result import CallResult
from assistant.engine.session import CallSession, light_model_loader, live_config
from assistant.errors import AssistantError
from assistant.i18n import QT_TRANSLATE_NOOP
from assistant.records import (
    AudioBlock,
    EngineOutput,
    PartialTranscript,
    RepeatEvent,
    SpeechEnded,
    SpeechStarted,
    TalkOverEvent,
    TalkOverUpdate,
    TranscriptLag,
    Utterance,
)
from assistant.settings import AppSettings
from assistant.store import CallRecorder, CallStore, NewCall
from assistant.ui.live_stats import BlockTap, DeviceNote
from assistant.ui.playback import SoundPlayer
from assistant.ui.workers.sources import CallAudio

log = logging.getLogger(__name__)


class EngineSignals(QObject):
    """The engine's records as typed Qt signals. Lives in the GUI thread."""

    speech_started = Signal(SpeechStarted)
    speech_ended = Signal(SpeechEnded)
    partial = Signal(PartialTranscript)
    utterance = Signal(Utterance)
    talkover = Signal(TalkOverEvent)
    talkover_update = Signal(TalkOverUpdate)
    repeat = Signal(RepeatEvent)
    lag = Signal(TranscriptLag)

    def emit_record(self, item: EngineOutput) -> None:
        signal = {
            SpeechStarted: self.speech_started, SpeechEnded: self.speech_ended,
            PartialTranscript: self.partial, Utterance: self.utterance,
            TalkOverEvent: self.talkover, TalkOverUpdate: self.talkover_update,
            RepeatEvent: self.repeat, TranscriptLag: self.lag,
        }.get(type(item))
        if signal is not None:
            signal.emit(item)


@dataclass(frozen=True)
class CallPlan:
    kind: str  # "demo" | "live" (the store's source)
    title: str
    settings: AppSettings
    open_audio: Callable[[Callable[[DeviceNote], None]], CallAudio]  # (notices) -> audio;
    # called on the worker thread
    language: str | None = None  # overrides the settings (the demo is in English)
    play_sound: bool = False


@dataclass(frozen=True)
class CallOutcome:
    call_id: int | None  # in the library, when it could be stored
    result: CallResult | None
    stopped_early: bool


class CallWorker(QObject):
    status = Signal(str)  # "Loading model…", "Listening", "Finishing the transcript…"
    call_started = Signal(object)  # the library's call id, or None
    failed = Signal(str)  # one friendly line
    done = Signal(CallOutcome)

    def __init__(self, plan: CallPlan, signals: EngineSignals, tap: BlockTap,
                 store: CallStore | None) -> None:
        super().__init__()
        self.plan = plan
        self.signals = signals
        self.tap = tap
        self.store = store
        self._lock = threading.Lock()
        self._session: CallSession | None = None
        self._audio: CallAudio | None = None
        self._stop = False

    # --- any thread --------------------------------------------------------

    def stop(self) -> None:
        """Stop listening; what was heard is still transcribed. Thread-safe."""
        with self._lock:
            self._stop = True
            if self._audio is not None:
                self._audio.stop()  # the blocks end after what was heard

    def abort(self) -> None:
        """Stop now, dropping what is not transcribed yet (quitting). Thread-safe."""
        with self._lock:
            self._stop = True
            if self._audio is not None:
                self._audio.stop()
            if self._session is not None:
                self._session.abort()

    # --- worker thread -----------------------------------------------------

    @Slot()
    def run(self) -> None:
        outcome = CallOutcome(None, None, True)
        try:
            outcome = self._run()
        except AssistantError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: the GUI stays up and says so
            log.exception("the call stopped on an error")
            self.failed.emit(f"the call stopped on an unexpected error: {exc}")
        finally:
            self.done.emit(outcome)

    def _run(self) -> CallOutcome:
        from assistant.asr.models import resolve_model
        from assistant.asr.whisper import WhisperRecognizer

        settings = self.plan.settings
        config = live_config(settings.engine_config())
        if self.plan.language is not None:
            config = _with_language(config, self.plan.language)
        # The devices first: a wrong one is reported in a moment, not after the model.
        audio = self.plan.open_audio(self.tap.notes.put)
        player: SoundPlayer | None = None
        recorder: CallRecorder | None = None
        try:
            self.status.emit(QT_TRANSLATE_NOOP("LiveView", "Loading model…"))
            model_dir = resolve_model(settings.model, settings.models_path())
            recognizer = WhisperRecognizer(model_dir, config.transcription)
            if self._stop:
                return CallOutcome(None, None, True)
            player = SoundPlayer.open() if self.plan.play_sound else None
            recorder = self._start_recording(recognizer.model_name,
                                             config.transcription.language)
            raw = recorder is not None and audio.record_raw(recorder.write_audio)
            session = CallSession(audio.layout, config, recognizer,
                                  LiveClock(lambda: self.tap.position),
                                  light_model=light_model_loader(
                                      settings.models_path(), config.transcription.cpu_threads))
            with self._lock:
                self._session, self._audio = session, audio
                if self._stop:
                    audio.stop()
            self.status.emit(QT_TRANSLATE_NOOP("LiveView", "Listening"))
            session.run(self._blocks(audio, None if raw else recorder, player),
                        self._output(recorder))
            self.status.emit(QT_TRANSLATE_NOOP("LiveView", "Saving the call…"))
            result = session.result(audio.recording(self.tap.position), audio.notes())
            call_id = None
            if recorder is not None:
                recorder.finish(result)
                call_id = recorder.call_id
            return CallOutcome(call_id, result, self._stop)
        finally:
            if recorder is not None:
                recorder.close()
            if player is not None:
                player.close()
            audio.close()

    def _start_recording(self, model: str, language: str | None) -> CallRecorder | None:
        if self.store is None:
            return None
        call = NewCall(source=self.plan.kind, title=self.plan.title,
                       started_at=datetime.now(timezone.utc), language=language, model=model,
                       keep_audio=self.plan.settings.keep_audio)
        try:
            recorder = self.store.start_call(call)
        except AssistantError as exc:
            self.failed.emit(f"this call is not being saved: {exc}")
            return None
        self.call_started.emit(recorder.call_id)
        return recorder

    def _blocks(self, audio: CallAudio, recorder: CallRecorder | None,
                player: SoundPlayer | None) -> Iterator[AudioBlock]:
        # Runs on the pipeline's front thread: hand-overs only.
        for block in audio.blocks():
            self.tap.put(block)
            if recorder is not None:
                recorder.write_audio(block)
            if player is not None:
                player.feed(block)
            yield block

    def _output(self, recorder: CallRecorder | None) -> Callable[[EngineOutput], None]:
        def on_output(item: EngineOutput) -> None:
            if recorder is not None:
                recorder.record(item)  # stored first, so "not helpful" finds the event
            self.signals.emit_record(item)

        return on_output


def _with_language(config: EngineConfig, language: str) -> EngineConfig:
    return dataclasses.replace(
        config, transcription=dataclasses.replace(config.transcription, language=language))
