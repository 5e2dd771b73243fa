"""The call library: every call, live or from a file, as rows in SQLite plus its audio.

Layout under ``root``: ``calls.sqlite3`` (WAL), ``audio/<id>.wav`` (or the
original's suffix for imported files) and ``locks/<token>.lock`` (held while
a call records). Folders are 0700 and files 0600.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from assistant.engine.result import CallResult, RecordingInfo
from assistant.errors import InputError
from assistant.privacy import RedactionConfig, Redactor
from assistant.records import RepeatEvent, TalkOverEvent
from assistant.store import queries, rows
from assistant.store.files import FILE_MODE, CallLock, private_dir
from assistant.store.recorder import CallRecorder
from assistant.store.schema import connect, migrate, transaction
from assistant.store.types import (
    FINISHED,
    RECORDING,
    RECOVERED,
    CallSummary,
    NewCall,
    StoredCall,
    clean_name,
    clean_tags,
)
from assistant.store.wavfile import frame_count, repair
from assistant.timebase import SAMPLE_RATE

RECOVERED_NOTE = ("recovered after the program stopped during the call: the last second of "
                  "audio and the words being transcribed at that moment may be missing")

_SUMMARY = """
SELECT c.id, c.title, c.source, c.started_at, c.duration, c.language, c.model, c.status,
       coalesce(c.talkovers, (SELECT count(*) FROM events e WHERE e.call_id = c.id
                              AND e.kind = 'talkover' AND NOT e.retracted)),
       coalesce(c.repeats, (SELECT count(*) FROM events e WHERE e.call_id = c.id
                            AND e.kind = 'repeat')),
       c.keep_audio, c.audio_file, c.source_path, c.agent,
       (SELECT json_group_array(tag) FROM (SELECT t.tag FROM call_tags t
                                          WHERE t.call_id = c.id ORDER BY t.tag))
FROM calls c
"""


def _utc(moment: datetime) -> str:
    # One fixed width, so the text sorts in time order.
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


class CallStore:
    def __init__(self, root: Path, *, redaction: RedactionConfig | None = None) -> None:
        self.root = root
        # A reviewer's correction is redacted like the recogniser's words (all categories
        # unless told otherwise): typing the right card number must not store it.
        self._redactor = Redactor(redaction)
        self.db_path = root / "calls.sqlite3"
        self.audio_dir = root / "audio"
        self.locks_dir = root / "locks"
        try:
            private_dir(root, ours=False)  # 0700 when we create it; else the user's choice
            private_dir(self.audio_dir)
            private_dir(self.locks_dir)
        except OSError as exc:
            raise InputError(f"cannot use {root} for the call library: "
                             f"{exc.strerror or exc}") from None
        self._mutex = threading.RLock()  # one connection, usable from any one thread at a time
        try:
            self._conn = connect(self.db_path, check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise InputError(f"cannot open the call library {self.db_path}: {exc}") from None
        with self._guard():
            migrate(self._conn)

    @staticmethod
    def default_root() -> Path:
        from assistant.paths import user_data_dir

        return user_data_dir() / "calls"

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """Serialise use of the connection; a damaged database is the user's one-line problem."""
        with self._mutex:
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise InputError(f"the call library {self.db_path} cannot be read or "
                                 f"written: {exc}") from None

    # --- writing calls --------------------------------------------------------

    def start_call(self, call: NewCall) -> CallRecorder:
        # The lock is taken before the row exists, so no other process ever sees this
        # call "recording" without a live lock and recovers it from under us.
        token = uuid.uuid4().hex
        lock = CallLock(self.locks_dir / f"{token}.lock")
        if not lock.acquire():
            raise RuntimeError(f"fresh lock {lock.path} is held by someone else")
        try:
            with self._guard() as conn, transaction(conn, durable=True):
                call_id = self._insert(conn, call, RECORDING, token)
                audio_file = f"{call_id}.wav" if call.keep_audio else None
                conn.execute("UPDATE calls SET audio_file = ? WHERE id = ?",
                             (audio_file, call_id))
            audio = self.audio_dir / audio_file if audio_file else None
            try:
                return CallRecorder(self.db_path, call_id, lock, audio,
                                    mute_redacted=call.mute_redacted)
            except (OSError, sqlite3.Error) as exc:
                raise InputError(f"cannot record a call in {self.root}: "
                                 f"{getattr(exc, 'strerror', None) or exc}") from None
        except BaseException:
            lock.release(remove=False)  # a row left behind is recovered like a crash
            raise

    def save_result(self, call: NewCall, result: CallResult, audio: Path | None = None) -> int:
        """Store a finished call in one transaction; ``audio`` is copied as it is, if given."""
        incoming: Path | None = None
        if audio is not None and call.keep_audio:
            # Copied under a temporary name first: a half-copied file never looks stored.
            incoming = self.audio_dir / f".incoming-{uuid.uuid4().hex}{audio.suffix.lower()}"
            _private_copy(audio, incoming)
        try:
            with self._guard() as conn, transaction(conn, durable=True):
                call_id = self._insert(conn, call, FINISHED, None)
                audio_file = f"{call_id}{incoming.suffix}" if incoming else None
                conn.execute("UPDATE calls SET ended_at = ?, audio_file = ? WHERE id = ?",
                             (_utc(datetime.now(timezone.utc)), audio_file, call_id))
                rows.write_rows(conn, call_id, result)
                rows.write_totals(conn, call_id, result)
                if incoming is not None and audio_file is not None:
                    os.replace(incoming, self.audio_dir / audio_file)
        finally:
            if incoming is not None:
                incoming.unlink(missing_ok=True)
        return call_id

    @staticmethod
    def _insert(conn: sqlite3.Connection, call: NewCall, status: str, token: str | None) -> int:
        cur = conn.execute(
            "INSERT INTO calls (source, title, started_at, status, language, model, keep_audio, "
            "source_path, lock_token, agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (call.source, call.title, _utc(call.started_at), status, call.language, call.model,
             int(call.keep_audio), call.source_path, token, call.agent))
        assert cur.lastrowid is not None
        conn.executemany("INSERT OR IGNORE INTO call_tags (call_id, tag) VALUES (?, ?)",
                         [(cur.lastrowid, tag) for tag in call.tags])
        return cur.lastrowid

    # --- crash recovery -------------------------------------------------------

    def recover(self) -> list[int]:
        """Finish the calls a crash left "recording"; a call whose recorder lives is left alone."""
        with self._guard() as conn:
            pending = conn.execute("SELECT id, lock_token FROM calls WHERE status = ? "
                                   "ORDER BY id", (RECORDING,)).fetchall()
        recovered = []
        for call_id, token in pending:
            lock = CallLock(self.locks_dir / f"{token or uuid.uuid4().hex}.lock")
            if not lock.acquire():
                continue  # its recorder still holds the lock: a call going on right now
            try:
                if self._recover_one(call_id):
                    recovered.append(call_id)
            finally:
                lock.release(remove=True)
        return recovered

    def _recover_one(self, call_id: int) -> bool:
        with self._guard() as conn:
            row = conn.execute("SELECT status, audio_file, started_at, title FROM calls "
                               "WHERE id = ?", (call_id,)).fetchone()
            if row is None or row[0] != RECORDING:
                return False  # finished or recovered by someone else meanwhile
            audio = self.audio_dir / row[1] if row[1] else None
            frames = None
            if audio is not None and audio.is_file():
                try:
                    frames = repair(audio)
                except OSError:
                    audio = None  # unreadable audio must not keep the words from being kept
            result = rows.load_result(conn, call_id, edited=False, duration=frames)
            result = dataclasses.replace(
                result,
                recording=RecordingInfo(str(audio) if audio else row[3],
                                        result.recording.duration, SAMPLE_RATE, 2),
                notes=[*result.notes, RECOVERED_NOTE])
            ended = datetime.fromisoformat(row[2]) + timedelta(
                seconds=result.recording.duration / SAMPLE_RATE)
            with transaction(conn, durable=True):
                rows.write_totals(conn, call_id, result)
                conn.execute("UPDATE calls SET status = ?, ended_at = ?, lock_token = NULL "
                             "WHERE id = ? AND status = ?",
                             (RECOVERED, _utc(ended), call_id, RECORDING))
        return True

    # --- reading --------------------------------------------------------------

    def list_calls(self, limit: int | None = None) -> list[CallSummary]:
        """Newest first."""
        return self._summaries("", (), limit)

    def search(self, text: str) -> list[CallSummary]:
        """Calls where one utterance (as said or as corrected) holds every word of ``text``."""
        words = re.findall(r"\w+", text)
        if not words:
            return []
        # Each word quoted: the user's text is words to find, never FTS5 query syntax.
        query = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        where = ("WHERE c.id IN (SELECT u.call_id FROM utterances_fts f JOIN utterances u "
                 "ON u.id = f.rowid WHERE utterances_fts MATCH ?)")
        return self._summaries(where, (query,), None)

    def query(self, query: queries.CallQuery) -> list[CallSummary]:
        """Calls matching a search and filters, in the order asked for (see ``CallQuery``)."""
        where, params = queries.build(query)
        with self._guard() as conn:
            found = conn.execute(f"{_SUMMARY} {where}", params).fetchall()
            return [self._summary(conn, r) for r in found]

    def matching_utterances(self, call_id: int, text: str) -> list[int]:
        """The call's utterances holding every word of ``text`` (the last may be unfinished)."""
        with self._guard() as conn:
            return queries.matching_utterances(conn, call_id, text)

    def languages(self) -> list[str]:
        with self._guard() as conn:
            return queries.languages(conn)

    def agents(self) -> list[str]:
        """The agents named on calls, A to Z."""
        with self._guard() as conn:
            return queries.agents(conn)

    def tags(self) -> list[str]:
        """Every tag in use, A to Z."""
        with self._guard() as conn:
            return queries.tags(conn)

    # --- figures kept for the team statistics -------------------------------------

    def revisions(self, call_ids: Iterable[int]) -> dict[int, int]:
        """How often each call's content has changed (read before loading the calls whose
        figures are to be kept: a change meanwhile then leaves those figures unused)."""
        wanted = json.dumps(sorted(set(call_ids)))
        with self._guard() as conn:
            return dict(conn.execute("SELECT id, revision FROM calls WHERE id IN "
                                     "(SELECT value FROM json_each(?))", (wanted,)).fetchall())

    def kept_figures(self, call_ids: Iterable[int], key: str) -> dict[int, str]:
        """The figures kept for these calls under ``key`` and still current."""
        wanted = json.dumps(sorted(set(call_ids)))
        with self._guard() as conn:
            return dict(conn.execute(
                "SELECT f.call_id, f.figures FROM call_figures f JOIN calls c ON c.id = f.call_id "
                "AND c.revision = f.revision WHERE f.key = ? AND f.call_id IN "
                "(SELECT value FROM json_each(?))", (key, wanted)).fetchall())

    def keep_figures(self, figures: dict[int, tuple[int, str]], key: str) -> None:
        """Keep calls' figures: call id -> (the revision they were computed at, the text)."""
        if not figures:
            return
        with self._guard() as conn, transaction(conn):
            # A call deleted meanwhile has nothing to keep figures for.
            conn.executemany("INSERT OR REPLACE INTO call_figures (call_id, revision, key, "
                             "figures) SELECT id, ?, ?, ? FROM calls WHERE id = ?",
                             [(revision, key, text, call_id)
                              for call_id, (revision, text) in figures.items()])

    # --- who and what a call was -----------------------------------------------

    def set_agent(self, call_id: int, agent: str | None) -> None:
        """Name the agent who took the call (None or blank: not known)."""
        name = clean_name(agent)
        with self._guard() as conn, transaction(conn):
            if conn.execute("UPDATE calls SET agent = ? WHERE id = ?",
                            (name, call_id)).rowcount == 0:
                raise InputError(f"no call with id {call_id}")

    def tag(self, call_id: int, add: Iterable[str] = (), remove: Iterable[str] = ()
            ) -> tuple[str, ...]:
        """Add and remove tags of a call (case-insensitively); returns its tags now."""
        added, removed = clean_tags(add), clean_tags(remove)
        with self._guard() as conn, transaction(conn):
            if conn.execute("SELECT 1 FROM calls WHERE id = ?", (call_id,)).fetchone() is None:
                raise InputError(f"no call with id {call_id}")
            conn.executemany("DELETE FROM call_tags WHERE call_id = ? AND tag = ?",
                             [(call_id, t) for t in removed])
            conn.executemany("INSERT OR IGNORE INTO call_tags (call_id, tag) VALUES (?, ?)",
                             [(call_id, t) for t in added])
            return tuple(r[0] for r in conn.execute(
                "SELECT tag FROM call_tags WHERE call_id = ? ORDER BY tag", (call_id,)))

    def _summaries(self, where: str, params: tuple[object, ...],
                   limit: int | None) -> list[CallSummary]:
        sql = f"{_SUMMARY} {where} ORDER BY c.started_at DESC, c.id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._guard() as conn:
            found = conn.execute(sql, params).fetchall()
            return [self._summary(conn, r) for r in found]

    def _summary(self, conn: sqlite3.Connection, r: tuple) -> CallSummary:
        (call_id, title, source, started, duration, language, model, status, talkovers,
         repeats, keep_audio, audio_file, source_path, agent, tags) = r
        if duration is None:  # still recording: how far it has come
            duration = frame_count(self.audio_dir / audio_file) if audio_file else 0
            if not duration:
                last = conn.execute('SELECT max("end") FROM speech_spans WHERE call_id = ?',
                                    (call_id,)).fetchone()[0]
                duration = last or 0
        return CallSummary(
            id=call_id, title=title, source=source, started_at=datetime.fromisoformat(started),
            duration_s=duration / SAMPLE_RATE, language=language, model=model, status=status,
            talkovers=talkovers, repeats=repeats,
            has_audio=bool(keep_audio) and bool(audio_file or source_path),
            agent=agent, tags=tuple(json.loads(tags)) if tags else ())

    def get_call(self, call_id: int, *, edited: bool = True) -> StoredCall:
        """The whole call; ``edited`` uses a reviewer's corrected text where there is one."""
        with self._guard() as conn:
            found = conn.execute(f"{_SUMMARY} WHERE c.id = ?", (call_id,)).fetchone()
            if found is None:
                raise InputError(f"no call with id {call_id}")
            summary = self._summary(conn, found)
            # A call still recording is as long as its audio so far (the row says nothing yet).
            live = summary.status == RECORDING
            so_far = round(summary.duration_s * SAMPLE_RATE) if live else None
            result = rows.load_result(conn, call_id, edited=edited, duration=so_far)
        keep_audio, audio_file, source_path = found[10:13]
        return StoredCall(summary, result, self._audio_path(keep_audio, audio_file, source_path))

    def _audio_path(self, keep: int, audio_file: str | None, source: str | None) -> Path | None:
        if not keep:
            return None
        if audio_file and (self.audio_dir / audio_file).is_file():
            return self.audio_dir / audio_file
        if source and Path(source).is_file():
            return Path(source)  # a transcribed file: the review plays the original
        return None

    def add_feedback(self, call_id: int, kind: str,
                     event: TalkOverEvent | RepeatEvent | None = None) -> int:
        """Remember what the user thought of a prompt (e.g. "not_helpful"); returns its id."""
        with self._guard() as conn, transaction(conn):
            event_row = None
            if event is not None:
                found = conn.execute("SELECT id FROM events WHERE call_id = ? AND kind = ? AND "
                                     "event_id = ?", (call_id, event.kind, event.id)).fetchone()
                if found is None:
                    raise InputError(f"call {call_id} has no {event.kind} event {event.id}")
                event_row = found[0]
            elif conn.execute("SELECT 1 FROM calls WHERE id = ?", (call_id,)).fetchone() is None:
                raise InputError(f"no call with id {call_id}")
            cur = conn.execute("INSERT INTO feedback (call_id, event_id, kind, created_at) "
                               "VALUES (?, ?, ?, ?)",
                               (call_id, event_row, kind, _utc(datetime.now(timezone.utc))))
            assert cur.lastrowid is not None
            return cur.lastrowid

    def feedback(self, call_id: int | None = None) -> list[queries.Feedback]:
        """What users thought of prompts, oldest first: one call's, or the whole library's."""
        with self._guard() as conn:
            return queries.feedback(conn, call_id)

    # --- corrections ----------------------------------------------------------

    def set_correction(self, call_id: int, utterance_id: int, text: str | None) -> bool:
        """Keep a reviewer's wording of an utterance (exports and search use it); None,
        blank or the recognised text itself removes it. Returns whether one is kept."""
        with self._guard() as conn, transaction(conn):
            if text:
                row = conn.execute("SELECT language FROM utterances WHERE call_id = ? AND "
                                   "utterance_id = ?", (call_id, utterance_id)).fetchone()
                text = self._redactor.redact(text, row[0] if row else None).text
            return queries.set_correction(conn, call_id, utterance_id, text)

    def corrections(self, call_id: int) -> dict[int, tuple[str, str]]:
        """utterance id -> (as recognised, as corrected), for corrected utterances."""
        with self._guard() as conn:
            return queries.corrections(conn, call_id)

    # --- removing -------------------------------------------------------------

    def delete_call(self, call_id: int) -> None:
        """Rows (utterances, events, spans, feedback by cascade) and the library's audio copy.

        The user's original recording of a transcribed file is never touched.
        """
        with self._guard() as conn:
            row = conn.execute("SELECT status, lock_token, audio_file FROM calls WHERE id = ?",
                               (call_id,)).fetchone()
            if row is None:
                raise InputError(f"no call with id {call_id}")
            status, token, audio_file = row
            lock = CallLock(self.locks_dir / f"{token or uuid.uuid4().hex}.lock")
            if status == RECORDING and not lock.acquire():
                raise InputError(f"call {call_id} is being recorded right now")
            try:
                with transaction(conn, durable=True):
                    conn.execute("DELETE FROM calls WHERE id = ?", (call_id,))
            finally:
                lock.release(remove=True)
        if audio_file:
            (self.audio_dir / audio_file).unlink(missing_ok=True)

    def close(self) -> None:
        with self._mutex:
            self._conn.close()

    def __enter__(self) -> CallStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _private_copy(source: Path, target: Path) -> None:
    try:
        with open(source, "rb") as src:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                         FILE_MODE)
            with os.fdopen(fd, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
                dst.flush()
                os.fsync(dst.fileno())
    except OSError as exc:
        target.unlink(missing_ok=True)
        raise InputError(f"cannot copy {source} into the call library: "
                         f"{exc.strerror or exc}") from None

