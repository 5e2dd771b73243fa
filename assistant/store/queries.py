"""Querying the call library: full-text search, filters and sorting; corrections and feedback.

Everything here runs inside ``CallStore`` (its connection, its lock); the
store's small methods (``query``, ``set_correction``, ``feedback``,
``matching_utterances``, ``languages``) are the public face.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone

from assistant.errors import InputError

# The counts as the list shows them: the call row's totals, or the events so far.
TALKOVERS_SQL = ("coalesce(c.talkovers, (SELECT count(*) FROM events e WHERE e.call_id = c.id "
                 "AND e.kind = 'talkover' AND NOT e.retracted))")
REPEATS_SQL = ("coalesce(c.repeats, (SELECT count(*) FROM events e WHERE e.call_id = c.id "
               "AND e.kind = 'repeat'))")

# Sort keys (as the CLI and the library view name them) and what they order by.
SORT_COLUMNS: dict[str, str] = {
    "id": "c.id",
    "agent": "c.agent COLLATE NOCASE",
    "title": "c.title COLLATE NOCASE",
    "started": "c.started_at",
    "duration": "c.duration",
    "language": "c.language",
    "source": "c.source",
    "status": "c.status",
    "model": "c.model",
    "talkovers": TALKOVERS_SQL,
    "repeats": REPEATS_SQL,
}
SORT_ALIASES = {"date": "started", "start": "started", "length": "duration",
                "talk-overs": "talkovers", "talk_overs": "talkovers", "lang": "language"}


def sort_key(name: str) -> str:
    """A sort column by any of its names ("date", "Talk-overs"), or InputError."""
    key = name.strip().lower()
    key = SORT_ALIASES.get(key, key)
    if key not in SORT_COLUMNS:
        raise InputError(f"cannot sort by '{name}': choose from {', '.join(SORT_COLUMNS)}")
    return key


@dataclass(frozen=True)
class CallQuery:
    """Which calls to list, and in what order. Every filter left at None lets all through."""

    text: str = ""  # words said (or corrected) in one utterance, or in the title
    language: str | None = None  # "sv" also matches "sv-SE"
    since: datetime | None = None  # started at or after (timezone-aware)
    until: datetime | None = None  # started before
    has_talkovers: bool | None = None  # True: at least one; False: none
    has_repeats: bool | None = None
    agent: str | None = None  # taken by this agent (any case)
    tags: tuple[str, ...] = ()  # carrying every one of these tags (any case)
    sort: str = "started"  # a key of SORT_COLUMNS
    descending: bool = True
    limit: int | None = None
    prefix: bool = True  # the last word may be unfinished (search as you type)


@dataclass(frozen=True)
class Feedback:
    id: int
    call_id: int
    kind: str  # e.g. "not_helpful"
    created_at: datetime
    event_kind: str | None  # "talkover" | "repeat", or None for the call as a whole
    event_id: int | None  # the engine's id of the event


def fts_query(text: str, prefix: bool = True) -> str | None:
    """The user's words as an FTS5 query: each one quoted (never query syntax), all needed;
    with ``prefix`` the last also matches longer words."""
    words = re.findall(r"\w+", text)
    if not words:
        return None
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def _utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("dates in a query must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def build(query: CallQuery) -> tuple[str, tuple[object, ...]]:
    """``WHERE ... ORDER BY ... LIMIT ...`` for the store's summary SELECT, and its parameters."""
    where: list[str] = []
    params: list[object] = []
    match = fts_query(query.text, query.prefix)
    if match is not None:
        where.append("(c.id IN (SELECT u.call_id FROM utterances_fts f JOIN utterances u "
                     "ON u.id = f.rowid WHERE utterances_fts MATCH ?) "
                     "OR c.title LIKE ? ESCAPE '\\')")
        like = query.text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [match, f"%{like}%"]
    if query.language:
        code = query.language.strip().lower()
        where.append("(lower(c.language) = ? OR lower(c.language) LIKE ?)")
        params += [code, f"{code}-%"]
    if query.since is not None:
        where.append("c.started_at >= ?")
        params.append(_utc(query.since))
    if query.until is not None:
        where.append("c.started_at < ?")
        params.append(_utc(query.until))
    if query.agent is not None and query.agent.strip():
        where.append("c.agent = ? COLLATE NOCASE")
        params.append(" ".join(query.agent.split()))
    for tag in query.tags:
        where.append("c.id IN (SELECT t.call_id FROM call_tags t WHERE t.tag = ?)")
        params.append(" ".join(tag.split()))
    for flag, expression in ((query.has_talkovers, TALKOVERS_SQL),
                             (query.has_repeats, REPEATS_SQL)):
        if flag is not None:
            where.append(f"{expression} {'>' if flag else '='} 0")
    order = SORT_COLUMNS[sort_key(query.sort)]
    direction = "DESC" if query.descending else "ASC"
    # NULLs (a call still recording has no duration yet) sort last either way.
    sql = (("WHERE " + " AND ".join(where)) if where else "") + (
        f" ORDER BY ({order}) IS NULL, {order} {direction}, c.started_at DESC, c.id DESC")
    if query.limit is not None:
        if query.limit < 1:
            raise InputError("a query's limit must be at least 1")
        sql += f" LIMIT {int(query.limit)}"
    return sql, tuple(params)


def set_correction(conn: sqlite3.Connection, call_id: int, utterance_id: int,
                   text: str | None) -> bool:
    """Save a reviewer's wording of one utterance; None, blank or the original text
    removes the correction. Returns whether the utterance now has one."""
    row = conn.execute("SELECT text FROM utterances WHERE call_id = ? AND utterance_id = ?",
                       (call_id, utterance_id)).fetchone()
    if row is None:
        if conn.execute("SELECT 1 FROM calls WHERE id = ?", (call_id,)).fetchone() is None:
            raise InputError(f"no call with id {call_id}")
        raise InputError(f"call {call_id} has no utterance {utterance_id}")
    cleaned = " ".join(text.split()) if text is not None else ""
    edited = cleaned if cleaned and cleaned != row[0].strip() else None
    conn.execute("UPDATE utterances SET edited_text = ? WHERE call_id = ? AND utterance_id = ?",
                 (edited, call_id, utterance_id))
    return edited is not None


def corrections(conn: sqlite3.Connection, call_id: int) -> dict[int, tuple[str, str]]:
    """utterance id -> (as recognised, as corrected), for the corrected utterances."""
    rows = conn.execute("SELECT utterance_id, text, edited_text FROM utterances WHERE "
                        "call_id = ? AND edited_text IS NOT NULL", (call_id,)).fetchall()
    return {r[0]: (r[1], r[2]) for r in rows}


def feedback(conn: sqlite3.Connection, call_id: int | None = None) -> list[Feedback]:
    """Feedback given on prompts and calls, oldest first (one call's, or all)."""
    sql = ("SELECT f.id, f.call_id, f.kind, f.created_at, e.kind, e.event_id FROM feedback f "
           "LEFT JOIN events e ON e.id = f.event_id")
    params: tuple[object, ...] = ()
    if call_id is not None:
        sql += " WHERE f.call_id = ?"
        params = (call_id,)
    rows = conn.execute(sql + " ORDER BY f.created_at, f.id", params).fetchall()
    return [Feedback(r[0], r[1], r[2], datetime.fromisoformat(r[3]), r[4], r[5]) for r in rows]


def matching_utterances(conn: sqlite3.Connection, call_id: int, text: str,
                        prefix: bool = True) -> list[int]:
    """The call's utterances (engine ids) that hold every word of ``text``, in time order."""
    match = fts_query(text, prefix)
    if match is None:
        return []
    rows = conn.execute(
        "SELECT u.utterance_id FROM utterances_fts f JOIN utterances u ON u.id = f.rowid "
        "WHERE utterances_fts MATCH ? AND u.call_id = ? ORDER BY u.start, u.utterance_id",
        (match, call_id)).fetchall()
    return [r[0] for r in rows]


def languages(conn: sqlite3.Connection) -> list[str]:
    """The languages of the calls in the library, most frequent first."""
    rows = conn.execute("SELECT c.language, count(*) FROM calls c WHERE c.language IS NOT NULL "
                        "GROUP BY c.language ORDER BY count(*) DESC, c.language").fetchall()
    return [r[0] for r in rows]


def agents(conn: sqlite3.Connection) -> list[str]:
    """The agents named on calls, A to Z (one spelling of each)."""
    rows = conn.execute("SELECT min(agent) FROM calls WHERE agent IS NOT NULL "
                        "GROUP BY agent COLLATE NOCASE ORDER BY agent COLLATE NOCASE").fetchall()
    return [r[0] for r in rows]


def tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag in use, A to Z (one spelling of each)."""
    rows = conn.execute("SELECT min(tag) FROM call_tags GROUP BY tag "
                        "ORDER BY tag").fetchall()
    return [r[0] for r in rows]
