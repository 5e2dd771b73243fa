"""`assistant eval`: the report logic (fast, hand-made scores), bad input (fast, a stand-in
recogniser), and the real base model on every public scenario (slow)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.cli import eval_cmd
from assistant.cli.main import main
from assistant.evaluation import (
    HEADER,
    ScenarioError,
    ScenarioRun,
    exit_code,
    find_scripts,
    percentile,
    report_json,
    table_row,
    total_lines,
    totals,
)
from assistant.records import Transcript
from assistant.scenarios import FalsePositive, KindScore, LabelMatch, MissedLabel, ScenarioScore

TINY_CALL = {
    "id": "tiny-eval",
    "language": "en",
    "turns": [
        {"speaker": "agent", "text": "Hello, how can I help you?"},
        {"speaker": "customer", "text": "I would like to pay my bill.", "after": 0.5},
    ],
    "labels": {"talkover": [], "repeat": []},
}


NONE = KindScore()


def run(scenario: str, *, talkover: KindScore = NONE, repeat: KindScore = NONE,
        missed: tuple[MissedLabel, ...] = (), false: tuple[FalsePositive, ...] = (),
        matches: tuple[LabelMatch, ...] = (), latencies: tuple[float, ...] = (0.5, 1.5),
        telephone: bool = False) -> ScenarioRun:
    score = ScenarioScore(scenario, talkover, repeat, matches, missed, false)
    return ScenarioRun(f"/x/{scenario}.json", scenario, "en", "en", telephone, score, latencies,
                       audio_seconds=20.0, decode_seconds=5.0)


GOOD = run("good", talkover=KindScore(tp=1),
           matches=(LabelMatch("talkover", 2, 0, 8.1, latency=0.1),))
BAD = run("bad", repeat=KindScore(fp=1, fn=1),
          missed=(MissedLabel("repeat", 3, (10.0, 20.0)),),
          false=(FalsePositive("repeat", 0, 4.25),), telephone=True)


# --- Report logic ---------------------------------------------------------------


def test_percentile_interpolates_between_ranks_like_numpy() -> None:
    values = [3.0, 1.0, 2.0, 10.0]
    for q in (0, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert percentile([], 50) is None
    assert percentile([7.0], 95) == 7.0


def test_totals_add_counts_and_pool_latencies() -> None:
    t = totals([GOOD, BAD, ScenarioError("/x/broken.json", "broken")])
    assert (t.scenarios, t.passed, t.errors) == (2, 1, 1)
    assert t.talkover == KindScore(tp=1) and t.repeat == KindScore(fp=1, fn=1)
    assert t.talkover_latencies == (0.1,)
    assert t.transcript_latencies == (0.5, 1.5, 0.5, 1.5)
    assert (t.audio_seconds, t.decode_seconds) == (40.0, 10.0)
    assert not t.ok


@pytest.mark.parametrize(
    ("items", "code"),
    [([GOOD], 0), ([GOOD, BAD], 1), ([GOOD, ScenarioError("p", "m")], 1), ([], 1)],
)
def test_exit_code_is_zero_only_when_everything_ran_and_passed(items, code) -> None:
    assert exit_code(items) == code


def test_table_rows_line_up_with_the_header_and_say_pass_or_fail() -> None:
    good, bad = table_row(GOOD), table_row(BAD)
    assert good.split()[:4] == ["good", "en", "no", "20.0"]
    assert "1/0/0" in good and good.endswith("pass")
    assert "0/1/1" in bad and "yes" in bad and bad.endswith("FAIL")
    # Latency p50/p95 of (0.5, 1.5): 1.00 and 1.45; the talk-over max is 0.10.
    assert "1.00/1.45" in good and "0.10" in good
    header = HEADER.splitlines()[0]
    assert header.index("result") == good.index("pass")


def test_total_lines_give_prf_per_kind_and_name_each_failure() -> None:
    text = "\n".join(total_lines([GOOD, BAD]))
    assert "total: 1 of 2 scenarios passed" in text
    assert "precision 1.00  recall 1.00  F1 1.00" in text  # talk-over
    assert "precision 0.00  recall 0.00  F1 0.00" in text  # repeat
    assert "bad: missed repeat of turn 3 (an event in 10.00-20.00 s would have matched)" in text
    assert "bad: false repeat at 4.25 s" in text
    assert "good:" not in text


def test_json_report_is_complete_and_serialisable() -> None:
    doc = json.loads(json.dumps(report_json([GOOD, BAD, ScenarioError("p", "p: broken")])))
    assert doc["passed"] is False
    assert [s["scenario"] for s in doc["scenarios"]] == ["good", "bad"]
    assert doc["errors"] == [{"path": "p", "message": "p: broken"}]
    good = doc["scenarios"][0]
    assert good["passed"] is True and good["talkover"]["tp"] == 1
    assert good["transcript_latency"] == {"n": 2, "p50": 1.0, "p95": 1.45, "max": 1.5}
    assert doc["total"]["repeat"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0,
                                      "recall": 0.0, "f1": 0.0}
    assert doc["total"]["errors"] == 1


def test_find_scripts_expands_folders_and_reports_bad_paths(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name in ("b.json", "a.json", "README.md"):
        (folder / name).write_text("{}")
    empty = tmp_path / "empty"
    empty.mkdir()
    found = list(find_scripts([folder, tmp_path / "missing.json", empty]))
    assert found[:2] == [folder / "a.json", folder / "b.json"]
    assert isinstance(found[2], ScenarioError) and "no such file" in found[2].message
    assert isinstance(found[3], ScenarioError) and "no scenario scripts" in found[3].message


# --- The command, with a stand-in recogniser (fast) ----------------------------------


class SilentRecognizer:
    """Hears nothing: enough to drive the whole pipeline without a model."""

    model_name = "stand-in"
    multilingual = False

    def transcribe(self, audio, language, prefix=None) -> Transcript:
        return Transcript(text="", language="en", decode_seconds=0.01)

    def transcribe_many(self, requests, language, **options) -> list[Transcript]:
        return [self.transcribe(r.audio, language) for r in requests]

    def transcribe_timed(self, audio, language):
        return []

    def transcribe_timed_batch(self, audios, language):
        return [[] for _ in audios]

    def detect_language(self, audio):
        return "en", 1.0


@pytest.fixture()
def stand_in(monkeypatch) -> None:
    monkeypatch.setattr(eval_cmd, "load_recognizer", lambda args, config: SilentRecognizer())


def test_bad_paths_and_scripts_are_one_line_each_and_the_rest_still_runs(
    stand_in, tmp_path, capsys
) -> None:
    good = tmp_path / "tiny-eval.json"
    good.write_text(json.dumps(TINY_CALL))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    swedish = tmp_path / "sv.json"
    swedish.write_text(json.dumps({**TINY_CALL, "id": "sv-call", "language": "sv"}))
    code = main(["eval", str(tmp_path / "nope.json"), str(broken), str(swedish), str(good)])
    out, err = capsys.readouterr()
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("assistant: error: ") for line in lines)
    assert "nope.json: no such file" in lines[0]
    assert "broken.json: not valid JSON" in lines[1]
    assert "English-only" in lines[2]
    assert "tiny-eval" in out and "total: 1 of 1 scenarios passed, 3 could not run" in out


def test_json_output_and_success_exit(stand_in, tmp_path, capsys) -> None:
    good = tmp_path / "tiny-eval.json"
    good.write_text(json.dumps(TINY_CALL))
    assert main(["eval", str(good), "--json", "--telephone"]) == 0
    doc = json.loads(capsys.readouterr().out)
    (scenario,) = doc["scenarios"]
    assert scenario["scenario"] == "tiny-eval" and scenario["telephone"] is True
    assert doc["passed"] is True and doc["total"]["scenarios"] == 1


def test_a_bad_language_override_is_one_clean_line(stand_in, tmp_path, capsys) -> None:
    assert main(["eval", str(tmp_path), "--language", "xx"]) == 2
    assert "unknown language code 'xx'" in capsys.readouterr().err


# --- The real model on the public examples (slow) ------------------------------------


@pytest.mark.slow
def test_every_public_scenario_passes(shared_dir, base_model_dir, capsys) -> None:
    """`assistant eval ../shared/scenarios`: one model load, renders from the cache."""
    code = main(["eval", str(shared_dir / "scenarios"), "--json", "--model",
                 str(base_model_dir)])
    doc = json.loads(capsys.readouterr().out)
    failures = {s["scenario"]: {"missed": s["missed"], "false_positives": s["false_positives"]}
                for s in doc["scenarios"] if not s["passed"]}
    assert doc["total"]["scenarios"] == 8 and not doc["errors"]
    assert not failures, json.dumps(failures, indent=1)
    assert code == 0
