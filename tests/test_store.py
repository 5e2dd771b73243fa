"""The call library: results round-trip, recording is incremental, files stay private."""

from __future__ import annotations

import os
import sqlite3
import stat
import wave
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from assistant.analysis.stats import compute_stats
from assistant.engine.result import CallResult, RecordingInfo
from assistant.errors import InputError
from assistant.records import (
    AudioBlock,
    EngineOutput,
    RepeatEvent,
    Span,
    Speaker,
    SpeechEnded,
    TalkOverEvent,
    TalkOverReason,
    TalkOverUpdate,
    Utterance,
)
from assistant.report.render import FORMATS, render
from assistant.store import CallStore, NewCall
from assistant.store import schema as store_schema

S = 16000
T0 = datetime(2026, 11, 22, 14, 3, tzinfo=timezone.utc)


def new_call(title: str = "Call 2026-11-22 14:03", *, source: str = "live",
             started_at: datetime = T0, keep_audio: bool = True,
             source_path: str | None = None) -> NewCall:
    return NewCall(source=source, title=title, started_at=started_at, language=None,
                   model="base", keep_audio=keep_audio, source_path=source_path)


def call_outputs() -> list[EngineOutput]:
    """A short two-party call in the order the engine reports it."""
    agent, customer = Speaker.AGENT, Speaker.CUSTOMER
    u = [
        Utterance(0, agent, Span(0, 2 * S), "Brightway Home, how can I help?", "en", 3 * S),
        Utterance(1, customer, Span(2 * S + 8000, 7 * S), "I would like a refund, please.",
                  "en", 8 * S),
        Utterance(2, agent, Span(5 * S, 5 * S + 6000), "Mm hmm.", "en", 7 * S),
        Utterance(3, agent, Span(8 * S, 11 * S), "I can send you a new one tomorrow.", "en",
                  12 * S),
        Utterance(4, customer, Span(11 * S, 14 * S), "As I said, I want a refund.", "en",
                  15 * S),
        Utterance(5, agent, Span(13 * S, 16 * S), "Let me just check the order.", "en", 17 * S),
    ]
    backchannel = TalkOverEvent(0, 5 * S + 4800, 5 * S, 5 * S + 4800, TalkOverReason.OVERLAP,
                                2 * S + 8000)
    talkover = TalkOverEvent(1, 13 * S + 4800, 13 * S, 13 * S + 4800, TalkOverReason.CUTOFF,
                             11 * S, customer_utterance=4)
    repeat = RepeatEvent(0, 15 * S, 4, (1,), 2, cue="as I said", similarity=0.75)
    return [
        SpeechEnded(agent, Span(0, 2 * S), 2 * S + 4000), u[0],
        backchannel, SpeechEnded(agent, Span(5 * S, 5 * S + 6000), 6 * S),
        SpeechEnded(customer, Span(2 * S + 8000, 7 * S), 7 * S + 4000), u[1], u[2],
        TalkOverUpdate(0, 5 * S + 6000, 2, True, 7 * S, "backchannel: 'Mm hmm.'"),
        SpeechEnded(agent, Span(8 * S, 11 * S), 11 * S + 4000), u[3],
        talkover, SpeechEnded(customer, Span(11 * S, 14 * S), 14 * S + 4000), u[4], repeat,
        SpeechEnded(agent, Span(13 * S, 16 * S), 16 * S + 4000), u[5],
        TalkOverUpdate(1, 14 * S, 5, False, 17 * S),
    ]


def sample_result(path: str = "call.wav") -> CallResult:
    """What ``CallAnalysis.result`` makes of ``call_outputs``."""
    outputs = call_outputs()
    utterances = sorted((o for o in outputs if isinstance(o, Utterance)),
                        key=lambda u: (u.span.start, u.id))
    speech: dict[Speaker, list[Span]] = {Speaker.AGENT: [], Speaker.CUSTOMER: []}
    for o in outputs:
        if isinstance(o, SpeechEnded):
            speech[o.speaker].append(o.span)
    speech = {k: sorted(v) for k, v in speech.items()}
    talkover = TalkOverEvent(1, 13 * S + 4800, 13 * S, 14 * S, TalkOverReason.CUTOFF, 11 * S,
                             utterance=5, customer_utterance=4)
    withdrawn = TalkOverEvent(0, 5 * S + 4800, 5 * S, 5 * S + 6000, TalkOverReason.OVERLAP,
                              2 * S + 8000, utterance=2)
    repeats = [o for o in outputs if isinstance(o, RepeatEvent)]
    return CallResult(
        recording=RecordingInfo(path, 17 * S, 44100, 2),
        language="en",
        model="base",
        utterances=utterances,
        talkovers=[talkover],
        repeats=repeats,
        speech=speech,
        stats=compute_stats(speech, 1, 1),
        latencies=[u.final_at - u.span.end for u in sorted(utterances, key=lambda u: u.id)],
        withdrawn_talkovers=[withdrawn],
        notes=["a note"],
    )


def tone(start: int, n: int) -> np.ndarray:
    """Recognisable two-channel audio: sample i of the call holds i (mod 2**15) on the left."""
    left = (np.arange(start, start + n) % 32768).astype(np.int16)
    return np.stack([left, -left], axis=1)


@pytest.fixture
def store(tmp_path):
    with CallStore(tmp_path / "calls") as s:
        yield s


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- whole results ----------------------------------------------------------


def test_save_result_round_trips_a_call_result(store) -> None:
    result = sample_result()
    call_id = store.save_result(new_call("call.wav", source="file", source_path="/nope.wav"),
                                result)
    stored = store.get_call(call_id)
    assert stored.result == result
    for fmt in FORMATS:
        assert render(stored.result, fmt) == render(result, fmt)
    s = stored.summary
    assert (s.id, s.title, s.source, s.status) == (call_id, "call.wav", "file", "finished")
    assert (s.duration_s, s.language, s.talkovers, s.repeats) == (17.0, "en", 1, 1)
    assert s.started_at == T0
    assert s.has_audio and stored.audio_path is None  # the original is gone: nothing to play


def test_save_result_without_audio_points_at_the_original(store, tmp_path) -> None:
    original = tmp_path / "call.ogg"
    original.write_bytes(b"OggS original")
    kept = store.save_result(new_call(source="file", source_path=str(original)),
                             sample_result())
    assert store.get_call(kept).audio_path == original
    assert not any((store.root / "audio").iterdir())  # nothing copied
    text_only = store.save_result(new_call(source="file", source_path=str(original),
                                           keep_audio=False), sample_result(), audio=original)
    assert store.get_call(text_only).audio_path is None
    assert not store.get_call(text_only).summary.has_audio
    assert not any((store.root / "audio").iterdir())


def test_save_result_copies_given_audio_privately(store, tmp_path) -> None:
    original = tmp_path / "call.OGG"
    original.write_bytes(b"OggS bytes")
    os.chmod(original, 0o644)
    call_id = store.save_result(new_call(source="file"), sample_result(), audio=original)
    copy = store.get_call(call_id).audio_path
    assert copy == store.root / "audio" / f"{call_id}.ogg"
    assert copy.read_bytes() == b"OggS bytes" and _mode(copy) == 0o600
    assert [p.name for p in (store.root / "audio").iterdir()] == [copy.name]  # no temp left
    store.delete_call(call_id)
    assert not copy.exists() and original.exists()  # the user's own file is never deleted


def test_list_is_newest_first_with_limit(store) -> None:
    ids = [store.save_result(new_call(f"call {i}", started_at=T0 + timedelta(minutes=m)),
                             sample_result()) for i, m in enumerate([5, 1, 9])]
    assert [c.id for c in store.list_calls()] == [ids[2], ids[0], ids[1]]
    assert [c.id for c in store.list_calls(limit=2)] == [ids[2], ids[0]]


def test_unknown_ids_are_input_errors(store) -> None:
    with pytest.raises(InputError, match="no call with id 42"):
        store.get_call(42)
    with pytest.raises(InputError, match="no call with id 42"):
        store.delete_call(42)


def test_delete_removes_rows_index_and_audio(store) -> None:
    rec = store.start_call(new_call())
    rec.write_audio(AudioBlock(0, tone(0, S)))
    for item in call_outputs():
        rec.record(item)
    rec.finish(sample_result())
    other = store.save_result(new_call("other"), sample_result())
    store.add_feedback(rec.call_id, "not_helpful", sample_result().talkovers[0])
    wav = store.root / "audio" / f"{rec.call_id}.wav"
    assert wav.is_file()
    store.delete_call(rec.call_id)
    assert not wav.exists()
    assert [c.id for c in store.list_calls()] == [other]
    db = sqlite3.connect(store.root / "calls.sqlite3")
    for table in ("utterances", "events", "speech_spans", "feedback"):
        (left,) = db.execute(f"SELECT count(*) FROM {table} WHERE call_id = ?",
                             (rec.call_id,)).fetchone()
        assert left == 0, table
    # The full-text index followed the cascade: only the other call's text is left.
    (indexed,) = db.execute("SELECT count(*) FROM utterances_fts").fetchone()
    assert indexed == len(sample_result().utterances)
    assert [c.id for c in store.search("refund")] == [other]


def test_search_finds_said_and_corrected_text(store) -> None:
    call_id = store.save_result(new_call(), sample_result())
    store.save_result(new_call("other"), CallResult(**{**sample_result().__dict__,
                                                       "utterances": []}))
    assert [c.id for c in store.search("Refund")] == [call_id]
    assert store.search("unicorn") == []
    assert store.search('"*) OR NEAR(') == []  # never FTS5 syntax errors from user text
    db = sqlite3.connect(store.root / "calls.sqlite3")
    with db:
        db.execute("UPDATE utterances SET edited_text = 'I want a voucher' WHERE call_id = ? "
                   "AND utterance_id = 4", (call_id,))
    assert [c.id for c in store.search("voucher")] == [call_id]
    texts = [u.text for u in store.get_call(call_id).result.utterances]
    assert "I want a voucher" in texts
    assert "I want a voucher" not in [u.text for u in
                                      store.get_call(call_id, edited=False).result.utterances]


def test_feedback_needs_a_stored_event(store) -> None:
    call_id = store.save_result(new_call(), sample_result())
    assert store.add_feedback(call_id, "not_helpful", sample_result().repeats[0]) > 0
    with pytest.raises(InputError, match="no repeat event 9"):
        store.add_feedback(call_id, "not_helpful",
                           RepeatEvent(9, 0, 0, (), 2))
    with pytest.raises(InputError, match="no call with id 77"):
        store.add_feedback(77, "not_helpful")


# --- recording a call as it happens -----------------------------------------


def test_recorder_rows_are_visible_while_recording(store) -> None:
    rec = store.start_call(new_call())
    reader = sqlite3.connect(store.root / "calls.sqlite3")
    outputs = call_outputs()
    for item in outputs[:2]:
        rec.record(item)
    texts = [r[0] for r in reader.execute("SELECT text FROM utterances WHERE call_id = ?",
                                          (rec.call_id,))]
    assert texts == ["Brightway Home, how can I help?"]
    (spans,) = reader.execute("SELECT count(*) FROM speech_spans").fetchone()
    assert spans == 1
    for item in outputs[2:]:
        rec.record(item)
    (status, language) = reader.execute("SELECT status, language FROM calls").fetchone()
    assert (status, language) == ("recording", "en")
    assert reader.execute("SELECT retracted, utterance, \"end\" FROM events WHERE "
                          "kind = 'talkover' ORDER BY event_id").fetchall() == [
        (1, 2, 5 * S + 6000), (0, 5, 14 * S)]
    summary = store.list_calls()[0]
    assert (summary.status, summary.talkovers, summary.repeats) == ("recording", 1, 1)
    rec.close()


def test_record_from_another_thread(store) -> None:
    import threading

    rec = store.start_call(new_call())
    errors: list[BaseException] = []

    def consume() -> None:
        try:
            for item in call_outputs():
                rec.record(item)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    worker = threading.Thread(target=consume)
    worker.start()
    worker.join()
    assert not errors
    rec.finish(sample_result())
    assert store.get_call(rec.call_id).result == sample_result()


def test_finish_is_authoritative_and_keeps_corrections(store) -> None:
    rec = store.start_call(new_call())
    for start in range(0, 17 * S, 1600):
        rec.write_audio(AudioBlock(start, tone(start, 1600)))
    for item in call_outputs():
        rec.record(item)
    db = sqlite3.connect(store.root / "calls.sqlite3", isolation_level=None)
    db.execute("UPDATE utterances SET edited_text = 'fixed' WHERE utterance_id = 0")
    db.execute("INSERT INTO utterances (call_id, utterance_id, speaker, start, \"end\", text, "
               "language, final_at) VALUES (?, 99, 'agent', 0, 1, 'stray', 'en', 1)",
               (rec.call_id,))
    result = sample_result(str(store.root / "audio" / f"{rec.call_id}.wav"))
    rec.finish(result)
    rec.close()  # idempotent after finish
    stored = store.get_call(rec.call_id, edited=False)
    assert stored.result == result
    assert stored.summary.status == "finished"
    assert store.get_call(rec.call_id).result.utterances[0].text == "fixed"
    (ended, lock) = db.execute("SELECT ended_at, lock_token FROM calls").fetchone()
    assert ended is not None and lock is None
    assert not any((store.root / "locks").iterdir())
    with wave.open(str(stored.audio_path)) as w:
        assert (w.getnchannels(), w.getframerate(), w.getnframes()) == (2, S, 17 * S)
        audio = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(-1, 2)
    assert np.array_equal(audio, tone(0, 17 * S))
    with pytest.raises(ValueError, match="closed"):
        rec.finish(result)


def test_write_audio_keeps_the_file_on_the_call_clock(store) -> None:
    rec = store.start_call(new_call())
    rec.write_audio(AudioBlock(0, tone(0, 1000)))
    rec.write_audio(AudioBlock(1500, tone(1500, 500)))  # 500 samples dropped by the device
    rec.write_audio(AudioBlock(1800, tone(1800, 400)))  # 200 repeated ones
    rec.write_audio(AudioBlock(2200, tone(2200, 300)[:, :1]))  # a mono block
    with pytest.raises(ValueError, match="int16"):
        rec.write_audio(AudioBlock(2500, tone(2500, 10).astype(np.float32)))
    rec.finish(sample_result())
    rec.write_audio(AudioBlock(2500, tone(2500, 10)))  # late blocks after the end are dropped
    with wave.open(str(store.root / "audio" / f"{rec.call_id}.wav")) as w:
        audio = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(-1, 2)
    expected = tone(0, 2500)
    expected[1000:1500] = 0
    expected[2200:, 1] = expected[2200:, 0]
    assert np.array_equal(audio, expected)


def test_keep_audio_false_writes_no_audio(store) -> None:
    rec = store.start_call(new_call(keep_audio=False))
    rec.write_audio(AudioBlock(0, tone(0, S)))
    rec.finish(sample_result())
    assert not any((store.root / "audio").iterdir())
    stored = store.get_call(rec.call_id)
    assert stored.audio_path is None and not stored.summary.has_audio


# --- the database itself ----------------------------------------------------


def test_files_and_folders_are_private(tmp_path) -> None:
    root = tmp_path / "calls"
    old = os.umask(0o022)
    try:
        with CallStore(root) as store:
            rec = store.start_call(new_call())
            rec.write_audio(AudioBlock(0, tone(0, S)))
            rec.record(call_outputs()[1])
            locks = list((root / "locks").iterdir())
            assert [_mode(p) for p in locks] == [0o600]
            rec.finish(sample_result())
            files = [p for p in root.rglob("*") if p.is_file()]  # the WAL goes at close
            names = {p.name for p in files}
            assert {"calls.sqlite3", "calls.sqlite3-wal", "calls.sqlite3-shm", "1.wav"} <= names
            assert {p.name: _mode(p) for p in files} == {n: 0o600 for n in names}
    finally:
        os.umask(old)
    for folder in (root, root / "audio", root / "locks"):
        assert _mode(folder) == 0o700, folder


def test_a_folder_that_is_not_ours_keeps_its_mode(tmp_path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    os.chmod(home, 0o755)
    (home / "notes.txt").write_text("the user's own")
    CallStore(home).close()  # e.g. --data-dir ~
    CallStore(home).close()
    assert _mode(home) == 0o755
    assert _mode(home / "audio") == _mode(home / "locks") == 0o700
    assert _mode(home / "calls.sqlite3") == 0o600


def test_wal_and_schema_version(store) -> None:
    db = sqlite3.connect(store.root / "calls.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("SELECT version FROM schema_version").fetchall() == [
        (store_schema.SCHEMA_VERSION,)]
    columns = {r[1] for r in db.execute("PRAGMA table_info(utterances)")}
    assert "edited_text" in columns


def test_migrations_run_forward_once(tmp_path, monkeypatch) -> None:
    root = tmp_path / "calls"
    CallStore(root).close()
    v2 = "ALTER TABLE calls ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;\n"
    monkeypatch.setattr(store_schema, "MIGRATIONS", [*store_schema.MIGRATIONS, v2])
    monkeypatch.setattr(store_schema, "SCHEMA_VERSION", len(store_schema.MIGRATIONS))
    CallStore(root).close()
    CallStore(root).close()  # nothing left to do the second time
    db = sqlite3.connect(root / "calls.sqlite3")
    assert db.execute("SELECT version FROM schema_version").fetchall() == [
        (store_schema.SCHEMA_VERSION,)]
    assert "reviewed" in {r[1] for r in db.execute("PRAGMA table_info(calls)")}


def test_newer_schema_is_refused(tmp_path) -> None:
    root = tmp_path / "calls"
    CallStore(root).close()
    with sqlite3.connect(root / "calls.sqlite3") as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(InputError, match="newer version"):
        CallStore(root)


def test_damaged_database_is_an_input_error(tmp_path) -> None:
    root = tmp_path / "calls"
    root.mkdir()
    (root / "calls.sqlite3").write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(InputError, match="cannot open the call library"):
        CallStore(root)
    with pytest.raises(InputError, match="cannot use"):
        CallStore(root / "calls.sqlite3")  # a file where the folder should be


def test_new_call_must_be_valid() -> None:
    with pytest.raises(ValueError, match="source"):
        new_call(source="tape")
    with pytest.raises(ValueError, match="timezone"):
        new_call(started_at=datetime(2026, 1, 1))
