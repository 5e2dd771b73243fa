"""`assistant calls stats` on a library filled by `assistant transcribe` with rendered call
scenarios, checked against figures recomputed here from the stored rows with plain SQL."""

from __future__ import annotations

import json
import sqlite3
import statistics
from collections import Counter
from pathlib import Path

import pytest

from assistant.review.requests import INTENT_LABELS
from assistant.review.summary import review_call
from assistant.scenarios import load_script, render_scenario
from assistant.store import CallStore
from tests.cli_helpers import run_cli

pytestmark = pytest.mark.slow

S = 16000
# Two agents over two weeks (Wednesdays at noon UTC: the same week in any time zone).
CALLS = {
    "en-cancel-repeat": ("Anna", ("billing",), "2026-11-18T12:00:00.000000+00:00"),
    "en-talkover-refund": ("Anna", ("billing", "refunds"), "2026-11-25T12:00:00.000000+00:00"),
    "en-good-call": ("Bo", (), "2026-11-18T12:00:00.000000+00:00"),
    "en-backchannels": ("Bo", ("billing",), "2026-11-25T12:00:00.000000+00:00"),
}
WEEKS = {"2026-11-18": "2026-W47", "2026-11-25": "2026-W48"}


@pytest.fixture(scope="module")
def library(shared_dir, tmp_path_factory) -> Path:
    """The four scenarios rendered and transcribed by the real CLI (tiny.en: one model load
    per agent), then dated into two weeks."""
    renders = tmp_path_factory.mktemp("renders")
    root = tmp_path_factory.mktemp("team") / "library"
    by_agent: dict[tuple[str, tuple[str, ...]], list[Path]] = {}
    for name, (agent, tags, _) in CALLS.items():
        wav = render_scenario(load_script(shared_dir / "scenarios" / f"{name}.json"), renders).wav
        by_agent.setdefault((agent, tags), []).append(wav)
    for (agent, tags), wavs in by_agent.items():
        proc = run_cli("transcribe", *map(str, wavs), "--language", "en", "--model", "tiny.en",
                       "--format", "json", "--out", str(renders), "--data-dir", str(root),
                       "--agent", agent, *(a for t in tags for a in ("--tag", t)), "-q")
        assert proc.returncode == 0, proc.stderr
    with sqlite3.connect(root / "calls.sqlite3") as db:
        for name, (_, _, started) in CALLS.items():
            db.execute("UPDATE calls SET started_at = ? WHERE title = ?", (started, f"{name}.wav"))
    return root


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _expected(root: Path, where: str = "1", params: tuple = ()) -> dict:
    """The figures recomputed from the rows: talk from speech spans, talk-overs and repeats
    from the events table, cues and request types from each call's own review."""
    db = sqlite3.connect(root / "calls.sqlite3")
    ids = [r[0] for r in db.execute(f"SELECT id FROM calls c WHERE {where} ORDER BY id", params)]
    per_call = []
    for call_id in ids:
        spans = {who: _union([(a, b) for a, b in db.execute(
            'SELECT start, "end" FROM speech_spans WHERE call_id = ? AND speaker = ?',
            (call_id, who))]) for who in ("agent", "customer")}
        agent = sum(b - a for a, b in spans["agent"])
        customer = sum(b - a for a, b in spans["customer"])
        talkovers = db.execute("SELECT count(*) FROM events WHERE call_id = ? AND "
                               "kind = 'talkover' AND retracted = 0", (call_id,)).fetchone()[0]
        repeats = db.execute("SELECT count(*) FROM events WHERE call_id = ? AND kind = 'repeat'",
                             (call_id,)).fetchone()[0]
        started = db.execute("SELECT started_at FROM calls WHERE id = ?", (call_id,)).fetchone()[0]
        with CallStore(root) as store:
            review = review_call(store.get_call(call_id).result)
        per_call.append({
            "week": WEEKS[started[:10]], "agent": agent, "ratio": agent / (agent + customer),
            "talkovers": talkovers, "repeats": repeats,
            "types": [r.intents for r in review.requests if r.repeated],
            "poor": len(review.poor_cues), "good": len(review.good_cues)})
    db.close()
    return {"calls": per_call}


def _check(figures: dict, calls: list[dict]) -> None:
    assert figures["calls"] == figures["two_party_calls"] == len(calls)
    agent_s = sum(c["agent"] for c in calls) / S
    assert figures["agent_talk_s"] == pytest.approx(agent_s, abs=0.01)
    talkovers = sum(c["talkovers"] for c in calls)
    assert figures["talkovers"] == talkovers
    assert figures["talkovers_per_hour"] == pytest.approx(talkovers / (agent_s / 3600), rel=1e-3)
    with_repeat = sum(1 for c in calls if c["repeats"])
    assert figures["calls_with_repeat"] == with_repeat
    assert figures["repeat_share"] == pytest.approx(with_repeat / len(calls), abs=1e-4)
    assert figures["talk_ratio"]["median"] == pytest.approx(
        statistics.median(c["ratio"] for c in calls), abs=1e-4)
    assert figures["talk_ratio"]["low"] == pytest.approx(min(c["ratio"] for c in calls), abs=1e-4)
    assert figures["poor_cues_per_call"] == pytest.approx(
        sum(c["poor"] for c in calls) / len(calls), abs=1e-3)
    assert figures["good_cues_per_call"] == pytest.approx(
        sum(c["good"] for c in calls) / len(calls), abs=1e-3)
    # Each repeated request of each call's review, by the names of its types.
    named = Counter(" / ".join(INTENT_LABELS[i] for i in intents) or "Other (no type)"
                    for c in calls for intents in c["types"])
    assert {t["type"]: t["count"] for t in figures["repeated_types"]} == named


def test_stats_are_the_figures_of_the_stored_calls(library) -> None:
    proc = run_cli("calls", "--data-dir", str(library), "stats", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    calls = _expected(library)["calls"]
    assert len(calls) == 4
    _check(doc["overall"], calls)
    assert [p["period"] for p in doc["periods"]] == ["2026-W47", "2026-W48"]
    for period in doc["periods"]:
        _check(period, [c for c in calls if c["week"] == period["period"]])
    # The refund call's talk-over is found from voice timing alone (whatever the words).
    assert doc["overall"]["talkovers"] >= 1


def test_stats_filtered_by_agent_and_tag(library) -> None:
    proc = run_cli("calls", "--data-dir", str(library), "stats", "--format", "json",
                   "--agent", "anna", "--tag", "BILLING", "--period", "all")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    calls = _expected(library, "agent = 'Anna'")["calls"]
    assert len(calls) == 2 and doc["periods"] == [doc["overall"]]
    _check(doc["overall"], calls)
    csv_out = run_cli("calls", "--data-dir", str(library), "stats", "--format", "csv",
                      "--tag", "refunds", "--period", "all")
    header, row = csv_out.stdout.splitlines()
    assert dict(zip(header.split(","), row.split(","), strict=False))["calls"] == "1"


def test_the_team_view_shows_the_same_figures(qtbot, library, tmp_path) -> None:
    from assistant.ui.views.team_view import TeamView

    with CallStore(library) as store:
        view = TeamView(store)
        qtbot.addWidget(view)
        view.resize(1280, 760)
        view.show()
        with qtbot.waitSignal(view.updated, timeout=120_000):
            view.refresh()
        assert view.stats is not None
        calls = _expected(library)["calls"]
        _check(view.stats.overall.to_json(), calls)
        assert [p.period for p in view.stats.periods] == ["2026-W47", "2026-W48"]
        assert view.summary.text().startswith("4 calls · ")
        assert len(view.charts.figure.axes) == 6
        with qtbot.waitSignal(view.updated, timeout=120_000):
            view.agent.setCurrentText("Bo")
        _check(view.stats.overall.to_json(), _expected(library, "agent = 'Bo'")["calls"])
        png = tmp_path / "team.png"
        view.export_png(png)
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        view.shutdown()
