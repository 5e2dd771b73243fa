"""`assistant transcribe` with the real base model on every public call scenario:
the labelled talk-overs and repeats are found, and nothing else."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.scenarios import load_script, render_scenario, score_transcript
from tests.cli_helpers import run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def transcribed(shared_dir, base_model_dir, tmp_path_factory) -> dict[str, tuple]:
    """Render all scripts, then one CLI run per language (the model loads once per run)."""
    renders = tmp_path_factory.mktemp("renders")
    out = tmp_path_factory.mktemp("out")
    by_language: dict[str, list] = defaultdict(list)
    for path in sorted((shared_dir / "scenarios").glob("*.json")):
        script = load_script(path)
        by_language[script.language].append(render_scenario(script, renders))
    for language, rendered in by_language.items():
        proc = run_cli("transcribe", *(str(r.wav) for r in rendered), "--language", language,
                       "--format", "json,md,srt,vtt,txt", "--out", str(out),
                       "--data-dir", str(out / "library"))
        assert proc.returncode == 0, proc.stderr
    return {
        r.timeline.script.id: (r, json.loads((out / f"{r.wav.stem}.json").read_text()), out)
        for rendered in by_language.values() for r in rendered
    }


SCENARIOS = ["da-afbrydelse", "en-backchannels", "en-cancel-repeat", "en-good-call",
             "en-spelling-not-repeat", "en-talkover-refund", "en-turn-end-overlap",
             "sv-uppsagning"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_labelled_events_found_and_nothing_else(transcribed, scenario) -> None:
    rendered, doc, _ = transcribed[scenario]
    score = score_transcript(rendered.timeline, doc)
    assert score.passed, json.dumps(score.to_json(), indent=1)


def test_json_contract(transcribed) -> None:
    rendered, doc, _ = transcribed["en-talkover-refund"]
    assert set(doc) >= {"audio", "language", "model", "utterances", "events", "stats"}
    assert doc["audio"]["channels"] == 2 and doc["audio"]["sample_rate"] == 16000
    assert doc["language"] == "en" and doc["model"] == "base"
    speakers = {u["speaker"] for u in doc["utterances"]}
    assert speakers == {"agent", "customer"}
    ids = [u["id"] for u in doc["utterances"]]
    assert len(ids) == len(set(ids))
    talkover = next(e for e in doc["events"] if e["kind"] == "talkover")
    assert talkover["utterance"] in ids and talkover["start"] < talkover["time"] <= talkover["end"]
    stats = doc["stats"]
    assert stats["talkovers"] == 1 and stats["repeats"] == 0
    # The agent's turn overlaps the customer's by 3.5 s in the script.
    assert stats["overlap_time"] == pytest.approx(3.5, abs=0.15)
    turns = rendered.timeline.turns
    agent_talk = sum(t.end - t.start for t in turns if t.speaker.value == "agent")
    assert stats["talk_time"]["agent"] == pytest.approx(agent_talk, rel=0.06)


def test_repeat_event_names_all_earlier_requests(transcribed) -> None:
    _, doc, _ = transcribed["en-cancel-repeat"]
    repeats = [e for e in doc["events"] if e["kind"] == "repeat"]
    assert [e["count"] for e in repeats] == [2, 3]
    assert set(repeats[0]["repeats"]) < set(repeats[1]["repeats"])


def test_readable_formats_written(transcribed) -> None:
    rendered, doc, out = transcribed["en-cancel-repeat"]
    stem = rendered.wav.stem
    md = (out / f"{stem}.md").read_text()
    assert "Repeat at" in md and "**[0:03.8] Customer:**" in md
    srt = (out / f"{stem}.srt").read_text().strip().split("\n\n")
    assert len(srt) == len(doc["utterances"]) and " --> " in srt[0]
    vtt = (out / f"{stem}.vtt").read_text()
    assert vtt.startswith("WEBVTT") and "Customer: " in vtt
    txt = (out / f"{stem}.txt").read_text().splitlines()
    assert len(txt) == len(doc["utterances"])


def test_mono_recording_says_talk_over_needs_two_channels(shared_dir, tmp_path) -> None:
    clip = shared_dir / "data" / "joinly-osr-en-8k" / "OSR_us_000_0034_8k.wav"
    proc = run_cli("transcribe", str(clip), "--language", "en", "--format", "json",
                   "--out", str(tmp_path), "--data-dir", str(tmp_path / "library"))
    assert proc.returncode == 0, proc.stderr
    assert "talk-over and repeated-request detection are off" in proc.stdout
    assert "need two channels" in proc.stdout
    doc = json.loads((tmp_path / f"{Path(clip).stem}.json").read_text())
    assert {u["speaker"] for u in doc["utterances"]} == {"unknown"}
    assert doc["events"] == [] and len(doc["utterances"]) >= 8
