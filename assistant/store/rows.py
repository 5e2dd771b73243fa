"""``CallResult`` to rows and back. Every function runs inside the caller's transaction."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from assistant.analysis.stats import CallStats, compute_stats
from assistant.engine.result import CallResult, RecordingInfo
from assistant.records import (
    RepeatEvent,
    Span,
    Speaker,
    TalkOverEvent,
    TalkOverReason,
    TalkOverUpdate,
    Utterance,
)
from assistant.timebase import SAMPLE_RATE

_TALK_COLUMNS = {Speaker.AGENT: "talk_agent", Speaker.CUSTOMER: "talk_customer",
                 Speaker.UNKNOWN: "talk_unknown"}


# --- writing ------------------------------------------------------------------


def put_utterance(conn: sqlite3.Connection, call_id: int, u: Utterance) -> None:
    # An upsert that leaves edited_text alone: a reviewer's correction outlives a re-save.
    conn.execute(
        'INSERT INTO utterances (call_id, utterance_id, speaker, start, "end", text, language, '
        "final_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (call_id, utterance_id) DO UPDATE "
        'SET speaker = excluded.speaker, start = excluded.start, "end" = excluded."end", '
        "text = excluded.text, language = excluded.language, final_at = excluded.final_at",
        (call_id, u.id, u.speaker.value, u.span.start, u.span.end, u.text, u.language,
         u.final_at),
    )
    if u.speaker is not Speaker.AGENT:  # the call's language is the customer's (as live)
        conn.execute("UPDATE calls SET language = ? WHERE id = ? AND language IS NULL",
                     (u.language, call_id))


def put_event(conn: sqlite3.Connection, call_id: int, event: TalkOverEvent | RepeatEvent,
              retracted: bool = False, retract_reason: str | None = None) -> None:
    """Insert or overwrite an event; its row id stays, so feedback on it stays attached."""
    if isinstance(event, TalkOverEvent):
        values: tuple[object, ...] = (
            call_id, event.id, "talkover", event.time, event.start, event.end, event.utterance,
            event.customer_start, event.customer_utterance, None, None, None, None,
            event.reason.value, int(retracted), retract_reason)
    else:
        values = (call_id, event.id, "repeat", event.time, None, None, event.utterance, None,
                  None, json.dumps(list(event.repeats)), event.count, event.cue,
                  event.similarity, None, 0, None)
    conn.execute(
        'INSERT INTO events (call_id, event_id, kind, time, start, "end", utterance, '
        "customer_start, customer_utterance, repeats, count, cue, similarity, reason, retracted, "
        "retract_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (call_id, kind, event_id) DO UPDATE SET time = excluded.time, "
        'start = excluded.start, "end" = excluded."end", utterance = excluded.utterance, '
        "customer_start = excluded.customer_start, "
        "customer_utterance = excluded.customer_utterance, repeats = excluded.repeats, "
        "count = excluded.count, cue = excluded.cue, similarity = excluded.similarity, "
        "reason = excluded.reason, retracted = excluded.retracted, "
        "retract_reason = excluded.retract_reason",
        values,
    )


def apply_update(conn: sqlite3.Connection, call_id: int, update: TalkOverUpdate) -> None:
    """A talk-over's final extent, its agent utterance, or its withdrawal (a backchannel)."""
    conn.execute(
        'UPDATE events SET "end" = max(coalesce("end", ?), ?), '
        "utterance = coalesce(?, utterance), retracted = max(retracted, ?), "
        "retract_reason = coalesce(?, retract_reason) "
        "WHERE call_id = ? AND kind = 'talkover' AND event_id = ?",
        (update.end, update.end, update.utterance, int(update.retracted),
         update.reason if update.retracted else None, call_id, update.event_id),
    )


def add_span(conn: sqlite3.Connection, call_id: int, speaker: Speaker, span: Span) -> None:
    conn.execute('INSERT INTO speech_spans (call_id, speaker, start, "end") VALUES (?, ?, ?, ?)',
                 (call_id, speaker.value, span.start, span.end))


def write_rows(conn: sqlite3.Connection, call_id: int, result: CallResult) -> None:
    """Make the call's utterances, events and speech exactly those of ``result``."""
    for u in result.utterances:
        put_utterance(conn, call_id, u)
    _keep_only(conn, "utterances", "utterance_id", call_id, (u.id for u in result.utterances))
    for t in result.talkovers:
        put_event(conn, call_id, t)
    for t in result.withdrawn_talkovers:
        old = conn.execute("SELECT retract_reason FROM events WHERE call_id = ? AND "
                           "kind = 'talkover' AND event_id = ?", (call_id, t.id)).fetchone()
        put_event(conn, call_id, t, retracted=True, retract_reason=old[0] if old else None)
    for r in result.repeats:
        put_event(conn, call_id, r)
    talkover_ids = [t.id for t in (*result.talkovers, *result.withdrawn_talkovers)]
    _keep_only(conn, "events", "event_id", call_id, talkover_ids, "kind = 'talkover'")
    _keep_only(conn, "events", "event_id", call_id, (r.id for r in result.repeats),
               "kind = 'repeat'")
    conn.execute("DELETE FROM speech_spans WHERE call_id = ?", (call_id,))
    for speaker, spans in result.speech.items():
        for span in spans:
            add_span(conn, call_id, speaker, span)


def _keep_only(conn: sqlite3.Connection, table: str, column: str, call_id: int,
               ids: Iterable[int], where: str = "1") -> None:
    keep = json.dumps(sorted(set(ids)))
    conn.execute(f"DELETE FROM {table} WHERE call_id = ? AND {where} AND {column} NOT IN "
                 "(SELECT value FROM json_each(?))", (call_id, keep))


def write_totals(conn: sqlite3.Connection, call_id: int, result: CallResult) -> None:
    """The call row's copy of the result: recording, language, stats and notes."""
    rec, stats = result.recording, result.stats
    talk = {col: stats.talk_time.get(speaker) for speaker, col in _TALK_COLUMNS.items()}
    conn.execute(
        "UPDATE calls SET recording_path = ?, duration = ?, source_rate = ?, source_channels = ?, "
        "language = coalesce(?, language), model = ?, talk_agent = ?, talk_customer = ?, "
        "talk_unknown = ?, overlap = ?, talkovers = ?, repeats = ?, notes = ? WHERE id = ?",
        (rec.path, rec.duration, rec.sample_rate, rec.channels, result.language, result.model,
         talk["talk_agent"], talk["talk_customer"], talk["talk_unknown"], stats.overlap,
         stats.talkovers, stats.repeats, json.dumps(result.notes), call_id),
    )


# --- reading ------------------------------------------------------------------


def _utterances(conn: sqlite3.Connection, call_id: int, edited: bool) -> list[Utterance]:
    text = "coalesce(edited_text, text)" if edited else "text"
    rows = conn.execute(
        f'SELECT utterance_id, speaker, start, "end", {text}, language, final_at FROM utterances '
        'WHERE call_id = ? ORDER BY start, utterance_id', (call_id,)).fetchall()
    return [Utterance(id=r[0], speaker=Speaker(r[1]), span=Span(r[2], r[3]), text=r[4],
                      language=r[5], final_at=r[6]) for r in rows]


def _events(conn: sqlite3.Connection, call_id: int
            ) -> tuple[list[TalkOverEvent], list[TalkOverEvent], list[RepeatEvent]]:
    talkovers: list[TalkOverEvent] = []
    withdrawn: list[TalkOverEvent] = []
    repeats: list[RepeatEvent] = []
    rows = conn.execute(
        'SELECT kind, event_id, time, start, "end", utterance, customer_start, '
        "customer_utterance, repeats, count, cue, similarity, reason, retracted FROM events "
        "WHERE call_id = ? ORDER BY kind, event_id", (call_id,)).fetchall()
    for (kind, eid, time, start, end, utt, cstart, cutt, reps, count, cue, sim, reason,
         retracted) in rows:
        if kind == "talkover":
            event = TalkOverEvent(id=eid, time=time, start=start, end=end,
                                  reason=TalkOverReason(reason), customer_start=cstart,
                                  utterance=utt, customer_utterance=cutt)
            (withdrawn if retracted else talkovers).append(event)
        else:
            repeats.append(RepeatEvent(id=eid, time=time, utterance=utt,
                                       repeats=tuple(json.loads(reps)), count=count, cue=cue,
                                       similarity=sim))
    talkovers.sort(key=lambda e: e.time)
    return talkovers, withdrawn, repeats


def _speech(conn: sqlite3.Connection, call_id: int) -> dict[Speaker, list[Span]]:
    speech: dict[Speaker, list[Span]] = {}
    for speaker, start, end in conn.execute(
            'SELECT speaker, start, "end" FROM speech_spans WHERE call_id = ? '
            "ORDER BY speaker, start, \"end\"", (call_id,)):
        speech.setdefault(Speaker(speaker), []).append(Span(start, end))
    return speech


def load_result(conn: sqlite3.Connection, call_id: int, *, edited: bool = True,
                duration: int | None = None) -> CallResult:
    """The stored call as a ``CallResult``.

    Stats come from the call row once the call is finished; for a call still
    recording (or being recovered) they are rebuilt from the stored rows, as
    the engine would have: talk time and overlap from speech spans.
    ``duration`` overrides the stored one (recovery knows it from the WAV).
    """
    row = conn.execute(
        "SELECT recording_path, source_path, title, duration, source_rate, source_channels, "
        "language, model, talk_agent, talk_customer, talk_unknown, overlap, talkovers, repeats, "
        "notes FROM calls WHERE id = ?", (call_id,)).fetchone()
    (rec_path, source_path, title, stored_duration, rate, channels, language, model,
     *talk_cols, overlap, n_talkovers, n_repeats, notes) = row
    utterances = _utterances(conn, call_id, edited)
    talkovers, withdrawn, repeats = _events(conn, call_id)
    speech = _speech(conn, call_id)
    talk = {s: v for s, v in zip(_TALK_COLUMNS, talk_cols, strict=True) if v is not None}
    for speaker in [*talk, *(u.speaker for u in utterances)]:
        speech.setdefault(speaker, [])  # a party of the call with no speech span stored
    speech = {s: speech[s] for s in sorted(speech, key=list(Speaker).index)}
    if overlap is not None and talk:
        stats = CallStats(talk, overlap, n_talkovers, n_repeats)
    else:
        stats = compute_stats(speech, len(talkovers), len(repeats))
    if duration is None:
        duration = stored_duration if stored_duration is not None else _last_sample(
            utterances, speech, talkovers)
    by_id = sorted(utterances, key=lambda u: u.id)
    return CallResult(
        recording=RecordingInfo(path=rec_path or source_path or title, duration=duration,
                                sample_rate=rate or SAMPLE_RATE, channels=channels or 2),
        language=language,
        model=model,
        utterances=utterances,
        talkovers=talkovers,
        repeats=repeats,
        speech=speech,
        stats=stats,
        latencies=[u.final_at - u.span.end for u in by_id],
        withdrawn_talkovers=withdrawn,
        notes=list(json.loads(notes)),
    )


def _last_sample(utterances: list[Utterance], speech: dict[Speaker, list[Span]],
                 talkovers: list[TalkOverEvent]) -> int:
    ends = [u.span.end for u in utterances] + [e.end for e in talkovers]
    ends += [s.end for spans in speech.values() for s in spans]
    return max(ends, default=0)
