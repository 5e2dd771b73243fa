"""One call on a worker thread: a thin Qt adapter around the services' ``LiveCall``.

Threads, from the audio outward:

- the pipeline's front thread iterates the call's blocks: each is left in
  the ``BlockTap`` (a reference assignment), appended to the call's WAV and
  queued for the loudspeaker; no Qt, no waiting;
- this worker's QThread runs ``LiveCall.run``; its ``on_output`` (after the
  record is stored) emits the matching typed signal of ``EngineSignals``,
  which lives in the GUI thread, so Qt delivers it queued;
- the GUI thread only reacts to signals and polls the tap for the meters.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot

from assistant.engine.configure import load_recognizer
from assistant.engine.session import light_model_loader, live_config
from assistant.errors import AssistantError
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
from assistant.services.call_audio import CallAudio
from assistant.services.live_call import (
    CallKeeping,
    CallStarted,
    LiveCall,
    LiveCallHooks,
    LiveCallOutcome,
)
from assistant.services.live_stats import BlockTap, DeviceNote
from assistant.services.playback import SoundPlayer
from assistant.settings import AppSettings
from assistant.store import CallStore

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


CallOutcome = LiveCallOutcome  # what the views are told when a call ends


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
        self._call: LiveCall | None = None
        self._player: SoundPlayer | None = None
        self._stop = False

    # --- any thread --------------------------------------------------------

    def stop(self) -> None:
        """Stop listening; what was heard is still transcribed. Thread-safe."""
        with self._lock:
            self._stop = True
            if self._call is not None:
                self._call.stop()

    def abort(self) -> None:
        """Stop now, dropping what is not transcribed yet (quitting). Thread-safe."""
        with self._lock:
            self._stop = True
            if self._call is not None:
                self._call.abort()

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
            if self._player is not None:
                self._player.close()
            self.done.emit(outcome)

    def _run(self) -> CallOutcome:
        plan, settings = self.plan, self.plan.settings
        if plan.language is not None:
            settings = dataclasses.replace(settings, language=plan.language)
        config = live_config(settings.engine_config())
        # The devices first: a wrong one is reported in a moment, not after the model.
        audio = plan.open_audio(self.tap.notes.put)
        keeping = None if self.store is None else CallKeeping(
            self.store, plan.kind, settings.keep_audio, plan.title,
            agent=settings.agent_name if plan.kind == "live" else None)
        hooks = LiveCallHooks(
            on_output=self.signals.emit_record, on_block=self._on_block,
            on_status=self.status.emit, on_started=self._on_started,
            on_unsaved=lambda exc: self.failed.emit(f"this call is not being saved: {exc}"))
        models = settings.models_path()
        call = LiveCall(audio, config,
                        lambda: load_recognizer(settings.model, models, config.transcription),
                        hooks, keeping,
                        light_model_loader(models, config.transcription.cpu_threads))
        with self._lock:
            self._call = call
            if self._stop:
                call.stop()
        return call.run()

    def _on_started(self, started: CallStarted) -> None:
        # Sound starts with the call, after the model has loaded.
        self._player = SoundPlayer.open() if self.plan.play_sound else None
        if started.call_id is not None:
            self.call_started.emit(started.call_id)

    def _on_block(self, block: AudioBlock) -> None:
        # The pipeline's front thread: hand-overs only.
        self.tap.put(block)
        if self._player is not None:
            self._player.feed(block)

