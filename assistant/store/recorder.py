"""Writing one call to the library while it happens.

Two threads touch a recorder: the audio (front) thread calls ``write_audio``
and never waits for SQLite; one consumer thread calls ``record`` with what
the engine finds, and each item is committed at once so a crash keeps it.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from assistant.engine.result import CallResult
from assistant.privacy import has_tags
from assistant.records import (
    AudioBlock,
    EngineOutput,
    RepeatEvent,
    Span,
    SpeechEnded,
    TalkOverEvent,
    TalkOverUpdate,
    Utterance,
)
from assistant.store import rows
from assistant.store.files import CallLock
from assistant.store.schema import connect, transaction
from assistant.store.types import FINISHED, RECORDING
from assistant.store.wavfile import GrowingWav


class CallRecorder:
    def __init__(self, db_path: Path, call_id: int, lock: CallLock,
                 audio_path: Path | None, *, mute_redacted: bool = True) -> None:
        self.call_id = call_id
        self.mute_redacted = mute_redacted
        self._mutes: list[Span] = []  # redacted spans the audio has not reached yet
        self.audio_path = audio_path
        self._lock = lock
        self._wav = GrowingWav(audio_path) if audio_path is not None else None
        # Its own connection: record() runs on the consumer thread, not the creator's.
        self._conn = connect(db_path, check_same_thread=False)
        self._db = threading.Lock()  # record() and finish()/close() may race at shutdown
        self._audio = threading.Lock()  # so may write_audio() and closing the file
        self._closed = False

    # --- audio thread ---------------------------------------------------------

    def write_audio(self, block: AudioBlock) -> None:
        """Append a block at its place on the call's clock (agent left, customer right)."""
        frames = block.samples
        if frames.ndim != 2 or frames.shape[1] not in (1, 2) or frames.dtype != np.int16:
            raise ValueError(f"audio blocks are (n, 2) int16, got {frames.shape} {frames.dtype}")
        if frames.shape[1] == 1:  # a mono source: the same signal on both sides
            frames = np.repeat(frames, 2, axis=1)
        with self._audio:
            wav = self._wav
            if wav is not None and not wav.closed:
                self._append(wav, block.start, frames)
                if self._mutes:
                    self._apply_mutes(wav)

    @staticmethod
    def _append(wav: GrowingWav, start: int, frames: np.ndarray) -> None:
        # Keep sample N of the file at sample N of the call, so review playback and the
        # transcript agree even when the device dropped or repeated a little audio.
        if start > wav.frames:
            wav.append(np.zeros((start - wav.frames, 2), np.int16))
        skip = wav.frames - start
        if skip < len(frames):
            wav.append(frames[max(0, skip):])

    def _mute(self, span: Span) -> None:
        """Silence an utterance whose words were redacted, now or once its audio is written."""
        with self._audio:
            wav = self._wav
            if wav is None or wav.closed:
                return
            wav.silence(span.start, span.end)
            if span.end > wav.frames:
                self._mutes.append(span)

    def _apply_mutes(self, wav: GrowingWav) -> None:
        # Called with the audio lock held, after appending.
        waiting = []
        for span in self._mutes:
            wav.silence(span.start, span.end)
            if span.end > wav.frames:
                waiting.append(span)
        self._mutes = waiting

    # --- consumer thread ------------------------------------------------------

    def record(self, item: EngineOutput) -> None:
        """Store one engine output now; partial text and speech onsets are not kept."""
        with self._db:
            if self._closed:
                return
            with transaction(self._conn):
                if isinstance(item, Utterance):
                    rows.put_utterance(self._conn, self.call_id, item)
                    if self.mute_redacted and has_tags(item.text):
                        self._mute(item.span)
                elif isinstance(item, TalkOverEvent | RepeatEvent):
                    rows.put_event(self._conn, self.call_id, item)
                elif isinstance(item, TalkOverUpdate):
                    rows.apply_update(self._conn, self.call_id, item)
                elif isinstance(item, SpeechEnded):
                    rows.add_span(self._conn, self.call_id, item.speaker, item.span)

    def finish(self, result: CallResult) -> None:
        """The engine's final word on the call replaces what was recorded along the way."""
        with self._db:
            if self._closed:
                raise ValueError(f"call {self.call_id} is already closed")
            if self.mute_redacted:  # also what a sink never handed to record()
                for utterance in result.utterances:
                    if has_tags(utterance.text):
                        self._mute(utterance.span)
            self._close_audio()
            ended = datetime.now(timezone.utc).isoformat()
            with transaction(self._conn, durable=True):
                rows.write_rows(self._conn, self.call_id, result)
                rows.write_totals(self._conn, self.call_id, result)
                self._conn.execute(
                    "UPDATE calls SET status = ?, ended_at = ?, lock_token = NULL "
                    "WHERE id = ? AND status = ?", (FINISHED, ended, self.call_id, RECORDING))
            self._shut(remove_lock=True)

    def close(self) -> None:
        """Let go of the call; unfinished, it stays "recording" until ``recover``."""
        with self._db:
            if not self._closed:
                self._close_audio()
                # The lock file stays, so recovery can tell which lock to test.
                self._shut(remove_lock=False)

    def _close_audio(self) -> None:
        with self._audio:
            if self._wav is not None:
                self._wav.close()

    def _shut(self, remove_lock: bool) -> None:
        self._closed = True
        self._conn.close()
        self._lock.release(remove=remove_lock)

    def __enter__(self) -> CallRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
