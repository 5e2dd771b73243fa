"""The call library's SQLite schema, and opening it safely.

Versions only ever move forward: each migration is a script applied in its
own transaction, and ``schema_version`` says how far a database has come.
A database from a newer program is refused rather than guessed at.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import InputError
from assistant.store.files import private_file

# Times are integer samples at 16 kHz (the engine's one clock); seconds only at display.
_V1 = """
CREATE TABLE calls (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    source          TEXT NOT NULL CHECK (source IN ('live', 'file', 'demo')),
    title           TEXT NOT NULL,
    started_at      TEXT NOT NULL,          -- ISO 8601, UTC
    ended_at        TEXT,
    status          TEXT NOT NULL CHECK (status IN ('recording', 'finished', 'recovered')),
    language        TEXT,
    model           TEXT NOT NULL,
    keep_audio      INTEGER NOT NULL,
    audio_file      TEXT,                   -- name under <root>/audio/, NULL without audio
    source_path     TEXT,                   -- the original recording of a "file" call
    recording_path  TEXT,                   -- RecordingInfo.path
    source_rate     INTEGER,
    source_channels INTEGER,
    duration        INTEGER,                -- samples; NULL while recording
    talk_agent      INTEGER,                -- stats; NULL while recording, or when the
    talk_customer   INTEGER,                -- party was not part of the call's layout
    talk_unknown    INTEGER,
    overlap         INTEGER,
    talkovers       INTEGER,
    repeats         INTEGER,
    notes           TEXT NOT NULL DEFAULT '[]',   -- JSON list of strings
    lock_token      TEXT                    -- <root>/locks/<token>.lock, held while recording
);
CREATE INDEX calls_started ON calls (started_at DESC);

CREATE TABLE utterances (
    id           INTEGER PRIMARY KEY,       -- stable rowid, so the FTS index can follow it
    call_id      INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    utterance_id INTEGER NOT NULL,          -- the engine's id within the call
    speaker      TEXT NOT NULL,
    start        INTEGER NOT NULL,
    "end"        INTEGER NOT NULL,
    text         TEXT NOT NULL,
    edited_text  TEXT,                      -- a reviewer's correction; NULL until then
    language     TEXT NOT NULL,
    final_at     INTEGER NOT NULL,
    UNIQUE (call_id, utterance_id)
);

CREATE TABLE events (
    id                 INTEGER PRIMARY KEY,
    call_id            INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    event_id           INTEGER NOT NULL,    -- the engine's id (one sequence per kind)
    kind               TEXT NOT NULL CHECK (kind IN ('talkover', 'repeat')),
    time               INTEGER NOT NULL,
    start              INTEGER,
    "end"              INTEGER,
    utterance          INTEGER,
    customer_start     INTEGER,
    customer_utterance INTEGER,
    repeats            TEXT,                -- JSON list of utterance ids
    count              INTEGER,
    cue                TEXT,
    similarity         REAL,
    reason             TEXT,                -- talk-over: 'overlap' | 'cutoff'
    retracted          INTEGER NOT NULL DEFAULT 0,
    retract_reason     TEXT,
    UNIQUE (call_id, kind, event_id)
);

CREATE TABLE speech_spans (
    id      INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    speaker TEXT NOT NULL,
    start   INTEGER NOT NULL,
    "end"   INTEGER NOT NULL
);
CREATE INDEX speech_spans_call ON speech_spans (call_id, speaker, start);

CREATE TABLE feedback (
    id         INTEGER PRIMARY KEY,
    call_id    INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    event_id   INTEGER REFERENCES events (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,               -- e.g. 'not_helpful'
    created_at TEXT NOT NULL
);

-- Full-text search over what was said, corrected or not (external content: no copy).
CREATE VIRTUAL TABLE utterances_fts USING fts5 (
    text, edited_text, content = 'utterances', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER utterances_fts_insert AFTER INSERT ON utterances BEGIN
    INSERT INTO utterances_fts (rowid, text, edited_text)
    VALUES (new.id, new.text, new.edited_text);
END;
CREATE TRIGGER utterances_fts_delete AFTER DELETE ON utterances BEGIN
    INSERT INTO utterances_fts (utterances_fts, rowid, text, edited_text)
    VALUES ('delete', old.id, old.text, old.edited_text);
END;
CREATE TRIGGER utterances_fts_update AFTER UPDATE OF text, edited_text ON utterances BEGIN
    INSERT INTO utterances_fts (utterances_fts, rowid, text, edited_text)
    VALUES ('delete', old.id, old.text, old.edited_text);
    INSERT INTO utterances_fts (rowid, text, edited_text)
    VALUES (new.id, new.text, new.edited_text);
END;
"""

# Who took the call, and free tags, so a team lead can compare calls across agents and topics.
_V2 = """
ALTER TABLE calls ADD COLUMN agent TEXT;               -- the agent's name; NULL when not known
CREATE INDEX calls_agent ON calls (agent COLLATE NOCASE);
CREATE TABLE call_tags (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    tag     TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (call_id, tag)
);
CREATE INDEX call_tags_tag ON call_tags (tag);

-- Each call's figures for the team statistics (assistant.services.team), kept so that a
-- library of thousands of calls is not read again whole: JSON, valid for ``key`` (the
-- code's and the cue files' versions) at the call's ``revision``, which the triggers
-- below move on whenever anything the figures come from changes.
ALTER TABLE calls ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
CREATE TABLE call_figures (
    call_id  INTEGER PRIMARY KEY REFERENCES calls (id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    key      TEXT NOT NULL,
    figures  TEXT NOT NULL
);
CREATE TRIGGER call_figures_utterances_insert AFTER INSERT ON utterances BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.call_id;
END;
CREATE TRIGGER call_figures_utterances_update AFTER UPDATE ON utterances BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.call_id;
END;
CREATE TRIGGER call_figures_utterances_delete AFTER DELETE ON utterances BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = old.call_id;
END;
CREATE TRIGGER call_figures_events_insert AFTER INSERT ON events BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.call_id;
END;
CREATE TRIGGER call_figures_events_update AFTER UPDATE ON events BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.call_id;
END;
CREATE TRIGGER call_figures_events_delete AFTER DELETE ON events BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = old.call_id;
END;
CREATE TRIGGER call_figures_speech_spans_insert AFTER INSERT ON speech_spans BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.call_id;
END;
CREATE TRIGGER call_figures_speech_spans_update AFTER UPDATE ON speech_spans BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.call_id;
END;
CREATE TRIGGER call_figures_speech_spans_delete AFTER DELETE ON speech_spans BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = old.call_id;
END;
CREATE TRIGGER call_figures_calls_update AFTER UPDATE OF status, duration, language,
    talk_agent, talk_customer, talk_unknown, overlap, talkovers, repeats ON calls BEGIN
    UPDATE calls SET revision = revision + 1 WHERE id = new.id;
END;
"""

# Index i holds the script that takes a database from version i to i + 1.
MIGRATIONS: list[str] = [_V1, _V2]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL, foreign keys on."""
    private_file(path)  # SQLite gives the -wal and -shm files the database file's mode
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=check_same_thread,
                           timeout=10.0)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
        # WAL survives a killed process with every committed transaction; NORMAL only
        # risks the last commits on power loss, which the status changes guard with FULL.
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.DatabaseError(f"cannot use write-ahead logging (journal mode {mode})")
        conn.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        conn.close()
        raise
    return conn


def _statements(script: str) -> list[str]:
    """Split a script into statements (triggers hold semicolons of their own)."""
    out, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement: {pending!r}")
    return out


def _version(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to ``SCHEMA_VERSION``; returns the version found before."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    found = _version(conn)
    if found > SCHEMA_VERSION:
        raise InputError(f"the call library was written by a newer version of the assistant "
                         f"(schema {found}, this one knows {SCHEMA_VERSION}): update it")
    for version in range(found, SCHEMA_VERSION):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the write lock.
            if _version(conn) == version:
                for statement in _statements(MIGRATIONS[version]):
                    conn.execute(statement)
                conn.execute("DELETE FROM schema_version")
                conn.execute("INSERT INTO schema_version VALUES (?)", (version + 1,))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return found


@contextmanager
def transaction(conn: sqlite3.Connection, *, durable: bool = False) -> Iterator[None]:
    """One write transaction; ``durable`` ones (status changes) are fsynced on commit."""
    if durable:
        conn.execute("PRAGMA synchronous = FULL")
    conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no upgrade deadlocks later
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
    finally:
        if durable:
            conn.execute("PRAGMA synchronous = NORMAL")
