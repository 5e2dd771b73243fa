"""Agent names and tags on calls, the schema migration that adds them, and `assistant calls
stats|list|tag|agent` through the real CLI on a real library (no model needed)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from assistant.store import CallQuery, CallStore, rows
from assistant.store import schema as store_schema
from tests.cli_helpers import assert_one_clean_error, run_cli
from tests.test_store import new_call, sample_result


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path_factory, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


def test_a_version_1_library_is_migrated_and_keeps_its_calls(tmp_path, monkeypatch) -> None:
    root = tmp_path / "calls"
    root.mkdir()
    with monkeypatch.context() as m:  # the library as the previous release wrote it
        m.setattr(store_schema, "MIGRATIONS", store_schema.MIGRATIONS[:1])
        m.setattr(store_schema, "SCHEMA_VERSION", 1)
        old = store_schema.connect(root / "calls.sqlite3")
        store_schema.migrate(old)
    call_id = old.execute(
        "INSERT INTO calls (source, title, started_at, status, model, keep_audio) "
        "VALUES ('file', 'before the upgrade', '2026-11-22T14:03:00.000000+00:00', "
        "'finished', 'base', 0)").lastrowid
    rows.write_rows(old, call_id, sample_result())
    rows.write_totals(old, call_id, sample_result())
    old.close()
    with CallStore(root) as store:
        [summary] = store.list_calls()
        assert (summary.id, summary.title, summary.agent, summary.tags) == (
            call_id, "before the upgrade", None, ())
        assert store.get_call(call_id).result.utterances == sample_result().utterances
        store.set_agent(call_id, "  Anna   Berg ")
        assert store.tag(call_id, add=["Billing", "billing", " week 48 "]) == (
            "Billing", "week 48")
        assert store.tag(call_id, remove=["BILLING"]) == ("week 48",)
        assert store.get_call(call_id).summary.agent == "Anna Berg"
    db = sqlite3.connect(root / "calls.sqlite3")
    assert db.execute("SELECT version FROM schema_version").fetchall() == [
        (store_schema.SCHEMA_VERSION,)]


def test_deleting_a_call_deletes_its_tags(tmp_path) -> None:
    with CallStore(tmp_path / "calls") as store:
        call_id = store.save_result(dataclasses.replace(new_call(), tags=("a", "b")),
                                    sample_result())
        store.delete_call(call_id)
        assert store.tags() == []


@pytest.fixture
def library(tmp_path) -> Path:
    """Four calls, two agents, a tag, two languages, over two weeks."""
    root = tmp_path / "library"
    # Midweek at noon UTC: the same ISO week in any time zone.
    wednesday = new_call().started_at.replace(day=18, hour=12)  # 2026-11-18: week 47
    with CallStore(root) as store:
        for i, (agent, tags, language, day) in enumerate([
                ("Anna", ("billing",), "en", 0), ("Bo", (), "en", 1),
                ("anna", ("billing", "vip"), "en", 7), ("Bo", ("Billing",), "sv", 8)]):
            started = wednesday + timedelta(days=day)
            call = dataclasses.replace(new_call(f"call {i}", started_at=started),
                                       agent=agent, tags=tags)
            store.save_result(call, dataclasses.replace(sample_result(), language=language))
    return root


def calls(root: Path, *args: str):
    return run_cli("calls", "--data-dir", str(root), *args)


def test_list_filters_by_agent_and_tags_in_any_case(library) -> None:
    with CallStore(library) as store:
        assert [c.title for c in store.query(CallQuery(agent="ANNA"))] == ["call 2", "call 0"]
        assert [c.title for c in store.query(CallQuery(tags=("billing", "Vip")))] == ["call 2"]
        assert store.agents() == ["Anna", "Bo"] and store.tags() == ["billing", "vip"]
    proc = calls(library, "list", "--tag", "billing", "--language", "en")
    assert proc.returncode == 0, proc.stderr
    header, *rows = proc.stdout.splitlines()
    assert "Agent" in header.split()
    assert [r.split()[0] for r in rows] == ["3", "1"]
    assert rows[0].endswith("call 2  [billing, vip]")


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_list_as_csv_and_json(library, fmt) -> None:
    proc = calls(library, "list", "--format", fmt, "--agent", "bo")
    assert proc.returncode == 0 and proc.stderr == ""
    if fmt == "json":
        rows = json.loads(proc.stdout)
        tags = [r["tags"] for r in rows]
    else:
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        tags = [r["tags"].split(", ") if r["tags"] else [] for r in rows]
    assert [str(r["id"]) for r in rows] == ["4", "2"]
    assert [r["agent"] for r in rows] == ["Bo", "Bo"] and tags == [["Billing"], []]
    assert [r["language"] for r in rows] == ["sv", "en"]
    assert float(rows[0]["duration_s"]) == 17.0


def test_stats_per_week_with_filters(library) -> None:
    proc = calls(library, "stats", "--format", "json", "--tag", "billing")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [(p["period"], p["calls"]) for p in doc["periods"]] == [("2026-W47", 1),
                                                                   ("2026-W48", 2)]
    overall = doc["overall"]
    assert overall["calls"] == 3 and overall["talkovers"] == 3
    # Each call: one talk-over (the other was withdrawn) in 8.375 s of agent talk.
    assert overall["agent_talk_s"] == pytest.approx(3 * 8.375, abs=0.01)
    assert overall["talkovers_per_hour"] == pytest.approx(3600 / 8.375, rel=1e-3)
    assert overall["repeat_share"] == 1.0
    # The Swedish call's English words are no Swedish request type.
    assert overall["repeated_types"] == [{"type": "Refund", "count": 2},
                                         {"type": "Other (no type)", "count": 1}]
    table = calls(library, "stats", "--period", "all", "--language", "sv")
    assert table.returncode == 0, table.stderr
    header, row = table.stdout.splitlines()[:2]
    assert header.split()[:2] == ["Period", "Calls"] and row.split()[:2] == ["all", "1"]
    none = calls(library, "stats", "--agent", "nobody")
    assert none.returncode == 0 and none.stdout.strip() == "No calls match."


def test_tag_and_agent_commands(library) -> None:
    assert "Agent: Anna · tags: billing\n" in calls(library, "show", "1").stdout
    proc = calls(library, "tag", "1", "escalated", "Week 48")
    assert proc.returncode == 0 and proc.stdout.strip() == (
        "Call 1 tags: billing, escalated, Week 48")
    assert calls(library, "tag", "1", "billing", "--remove").stdout.strip() == (
        "Call 1 tags: escalated, Week 48")
    assert calls(library, "agent", "1", "Cleo").stdout.strip() == "Call 1 agent: Cleo"
    assert calls(library, "agent", "1", "").stdout.strip() == "Call 1 agent: (not known)"


@pytest.mark.parametrize("args, needle", [
    (("tag", "1", "a,b"), "cannot contain a comma"),
    (("tag", "99", "x"), "no call with id 99"),
    (("agent", "x", "Anna"), "call id must be a number"),
    (("stats", "--since", "yesterday"), "is not a date"),
    (("stats", "--top", "0"), "--top must be at least 1"),
])
def test_bad_input_is_one_clean_line(library, args, needle) -> None:
    assert_one_clean_error(calls(library, *args), needle)


@pytest.mark.parametrize("args", [("stats", "--period", "year"), ("list", "--format", "xml")])
def test_unknown_choices_get_the_usage(library, args) -> None:
    proc = calls(library, *args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "invalid choice" in proc.stderr.splitlines()[-1]


def test_periods_cross_years_and_the_timeline_keeps_empty_ones() -> None:
    from datetime import datetime, timezone

    from assistant.services.team import CallFigures, team_stats

    def call(i: int, day: tuple[int, int, int]) -> CallFigures:
        return CallFigures(i, datetime(*day, 12, tzinfo=timezone.utc), "en", None, (), True,
                           60 * 16000, 60 * 16000, 1, 0, (), 5 * 16000, 0, 1)

    calls = [call(1, (2026, 12, 30)), call(2, (2027, 1, 1)), call(3, (2027, 1, 20))]
    weeks = team_stats(calls, "week")
    assert [(p.period, p.calls) for p in weeks.periods] == [("2026-W53", 2), ("2027-W03", 1)]
    assert [label for label, p in weeks.timeline() if p is None] == ["2027-W01", "2027-W02"]
    months = team_stats(calls, "month")
    assert [label for label, _ in months.timeline()] == ["2026-12", "2027-01"]
    assert weeks.overall.talkovers_per_hour == pytest.approx(60.0)  # 3 in 3 minutes


def test_a_mono_recording_counts_as_a_call_but_has_no_sides(tmp_path) -> None:
    from assistant.analysis.stats import compute_stats
    from assistant.records import Speaker
    from assistant.services.team import library_figures, team_stats

    two_party = sample_result()
    mono_speech = {Speaker.UNKNOWN: [s for spans in two_party.speech.values() for s in spans]}
    mono = dataclasses.replace(
        two_party, utterances=[dataclasses.replace(u, speaker=Speaker.UNKNOWN)
                               for u in two_party.utterances],
        talkovers=[], withdrawn_talkovers=[], repeats=[], speech=mono_speech,
        stats=compute_stats(mono_speech, 0, 0))
    with CallStore(tmp_path / "calls") as store:
        store.save_result(new_call("stereo"), two_party)
        store.save_result(new_call("mono"), mono)
        overall = team_stats(library_figures(store, CallQuery())).overall
    assert (overall.calls, overall.two_party_calls, overall.calls_with_repeat) == (2, 1, 1)
    assert overall.repeat_share == 1.0 and overall.talk_ratio is not None
    assert overall.talk_ratio.n == 1 and overall.monologue_s is not None
    assert overall.monologue_s.n == 1


def test_figures_are_kept_until_the_call_changes(tmp_path) -> None:
    from assistant.services.team import library_figures

    root = tmp_path / "calls"
    with CallStore(root) as store:
        call_id = store.save_result(new_call(), sample_result())
        [first] = library_figures(store, CallQuery())
        assert first.good_cues == 0 and first.talkovers == 1
    with sqlite3.connect(root / "calls.sqlite3") as db:  # mark the kept copy to see it used
        db.execute("UPDATE call_figures SET figures = json_set(figures, '$.talkovers', 7)")
    with CallStore(root) as store:
        store.tag(call_id, add=["vip"])  # who and what: read fresh, never kept
        [kept] = library_figures(store, CallQuery())
        assert (kept.talkovers, kept.tags) == (7, ("vip",))
        store.set_correction(call_id, 3, "I'm so sorry, I understand how frustrating that is.")
        [fresh] = library_figures(store, CallQuery())
        assert fresh.talkovers == 1 and fresh.good_cues >= 1  # the corrected words count
