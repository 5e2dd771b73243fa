"""One live call, whichever front end shows it: audio in, ``CallSession``, the library, sinks.

``assistant listen``, ``assistant demo --console`` and the app's call worker
all run a call through ``LiveCall``; they differ only in where the audio
comes from (``CallAudio``) and what they do with the records (``LiveCallHooks``).

Threads: ``run()`` runs ``CallSession.run`` on the caller's thread, whose
pipeline iterates the blocks on its front thread. ``on_block`` is called
there (hand-overs only, never waiting); ``on_output`` on the caller's thread,
after the record is stored. ``stop()`` and ``abort()`` may be called from
any thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime

from assistant.asr.whisper import Recognizer
from assistant.config import EngineConfig
from assistant.engine.asr_stage import LiveClock
from assistant.engine.result import CallResult
from assistant.engine.session import CallSession
from assistant.errors import AssistantError
from assistant.i18n import QT_TRANSLATE_NOOP
from assistant.records import AudioBlock, EngineOutput
from assistant.services.call_audio import CallAudio
from assistant.store import CallRecorder, CallStore, NewCall


@dataclass(frozen=True)
class CallKeeping:
    """How the call is kept in the library."""

    store: CallStore
    source: str  # the store's source: "live" or "demo"
    keep_audio: bool = True
    title: str | None = None  # None: "Call YYYY-MM-DD HH:MM", its start in local time
    agent: str | None = None  # who takes the call (Settings, or --agent)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class CallStarted:
    """The call is being listened to (and recorded, when ``call_id`` is set)."""

    call_id: int | None
    started_at: datetime  # UTC, of call position 0
    model: str


@dataclass(frozen=True)
class LiveCallOutcome:
    call_id: int | None  # in the library, when it could be stored
    result: CallResult | None  # None: stopped before listening began
    stopped_early: bool


def _ignore(_item: object) -> None:
    pass


@dataclass(frozen=True)
class LiveCallHooks:
    on_output: Callable[[EngineOutput], None] = _ignore  # after the record is stored
    on_block: Callable[[AudioBlock], None] = _ignore  # front thread: must not block
    on_status: Callable[[str], None] = _ignore  # "Loading model…", "Listening", … (English)
    on_started: Callable[[CallStarted], None] = _ignore
    # The library could not start the call: None fails the call, else it goes on unsaved.
    on_unsaved: Callable[[AssistantError], None] | None = None


class LiveCall:
    def __init__(self, audio: CallAudio, config: EngineConfig,
                 load_recognizer: Callable[[], Recognizer],
                 hooks: LiveCallHooks | None = None, keeping: CallKeeping | None = None,
                 light_model: Callable[[], Recognizer | None] | None = None) -> None:
        """``config`` is the live one (``live_config``); the model loads in ``run()``, after
        the audio was opened, so a wrong device is reported in a moment."""
        self.audio = audio
        self.config = config
        self.hooks = hooks or LiveCallHooks()
        self.keeping = keeping
        self._load = load_recognizer
        self._light_model = light_model
        self._lock = threading.Lock()
        self._session: CallSession | None = None
        self._stopped = False
        self.position = 0  # end of the last block handed to the engine (samples)

    # --- any thread --------------------------------------------------------

    def stop(self) -> None:
        """Stop listening; what was heard is still transcribed."""
        with self._lock:
            self._stopped = True
            self.audio.stop()  # the blocks end after what was heard

    def abort(self) -> None:
        """Stop now, dropping what is not transcribed yet."""
        with self._lock:
            self._stopped = True
            self.audio.stop()
            if self._session is not None:
                self._session.abort()

    # --- the caller's thread -------------------------------------------------

    def run(self) -> LiveCallOutcome:
        hooks = self.hooks
        recorder: CallRecorder | None = None
        try:
            hooks.on_status(QT_TRANSLATE_NOOP("LiveView", "Loading model…"))
            recognizer = self._load()
            if self._stopped:
                return LiveCallOutcome(None, None, True)
            started_at = self.audio.start()
            recorder = self._start_recording(started_at, recognizer.model_name)
            raw = recorder is not None and self.audio.record_raw(recorder.write_audio)
            session = CallSession(self.audio.layout, self.config, recognizer,
                                  LiveClock(lambda: self.position), light_model=self._light_model)
            with self._lock:
                self._session = session
                if self._stopped:
                    self.audio.stop()
            hooks.on_started(CallStarted(recorder.call_id if recorder else None, started_at,
                                         recognizer.model_name))
            hooks.on_status(QT_TRANSLATE_NOOP("LiveView", "Listening"))
            session.run(self._blocks(None if raw else recorder), self._output(recorder))
            hooks.on_status(QT_TRANSLATE_NOOP("LiveView", "Saving the call…"))
            recorded_to = recorder.audio_path if recorder is not None else None
            result = session.result(self.audio.recording(self.position, recorded_to),
                                    self.audio.notes())
            call_id = None
            if recorder is not None:
                recorder.finish(result)
                call_id = recorder.call_id
                recorder = None
            return LiveCallOutcome(call_id, result, self._stopped)
        finally:
            if recorder is not None:
                recorder.close()  # left "recording": the next start recovers it
            self.audio.close()

    def _start_recording(self, started_at: datetime, model: str) -> CallRecorder | None:
        keeping = self.keeping
        if keeping is None:
            return None
        title = keeping.title or f"Call {started_at.astimezone():%Y-%m-%d %H:%M}"
        call = NewCall(source=keeping.source, title=title, started_at=started_at,
                       language=self.config.transcription.language, model=model,
                       keep_audio=keeping.keep_audio, agent=keeping.agent, tags=keeping.tags,
                       # Redacted utterances are muted in the stored audio unless kept as said.
                       mute_redacted=not self.config.privacy.keep_unredacted_audio)
        try:
            return keeping.store.start_call(call)
        except AssistantError as exc:
            if self.hooks.on_unsaved is None:
                raise
            self.hooks.on_unsaved(exc)
            return None

    def _blocks(self, recorder: CallRecorder | None) -> Iterator[AudioBlock]:
        # The pipeline's front thread: hand-overs only.
        for block in self.audio.blocks():
            self.position = block.end
            self.hooks.on_block(block)
            if recorder is not None:
                recorder.write_audio(block)
            yield block

    def _output(self, recorder: CallRecorder | None) -> Callable[[EngineOutput], None]:
        def on_output(item: EngineOutput) -> None:
            if recorder is not None:
                recorder.record(item)  # stored first, so "not helpful" finds the event
            self.hooks.on_output(item)

        return on_output


def run_live_call(audio: CallAudio, config: EngineConfig,
                  load_recognizer: Callable[[], Recognizer],
                  hooks: LiveCallHooks | None = None, keeping: CallKeeping | None = None,
                  light_model: Callable[[], Recognizer | None] | None = None
                  ) -> LiveCallOutcome:
    """A whole call, start to stored result (see ``LiveCall`` to stop it from elsewhere)."""
    return LiveCall(audio, config, load_recognizer, hooks, keeping, light_model).run()
