"""What the words change, on real speech through the real recogniser.

Calls of the real-speech set, built here from ../shared (skipped without it):
an "Okay." the customer goes on from is not a wrap-up, and a piece the
recogniser echoes from the one before is not a repeated request.
"""

from __future__ import annotations

import json

import pytest

from assistant.evaluation.real_sources import load_library
from assistant.evaluation.real_speech import _plan_calls, plans
from assistant.scenarios.render import write_wav
from tests.cli_helpers import run_cli

pytestmark = pytest.mark.slow

CALL = "real-en-early-cut-in-0"


@pytest.mark.parametrize("variant", ["16k", "leak"])
def test_an_okay_the_customer_goes_on_from_keeps_the_prompt(
        shared_dir, base_model_dir, tmp_path, variant) -> None:
    plan = next(p for p in plans(load_library(shared_dir / "data")) if p.id == CALL)
    call = next(c for c in _plan_calls(plan) if c.variant == variant)
    wav = tmp_path / f"{call.id}.wav"
    write_wav(wav, call.audio, call.rate)
    proc = run_cli("transcribe", str(wav), "--language", "en", "--format", "json",
                   "--out", str(tmp_path), "--data-dir", str(tmp_path / "library"))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / f"{call.id}.json").read_text())
    talkovers = [e for e in doc["events"] if e["kind"] == "talkover"]
    agent_in = next(t.start for t in call.timeline.turns if t.speaker.value == "agent")
    assert len(talkovers) == 1, doc["events"]
    assert abs(talkovers[0]["start"] - agent_in) < 0.3


def test_a_short_piece_echoing_the_one_before_is_no_repeated_request(
        shared_dir, base_model_dir, tmp_path) -> None:
    # Real Danish speech on an 8 kHz line: the customer's 0.4 s last piece, decoded
    # after the 3.3 s before it (its text forced as a prefix), came back as those 12
    # words again, and the repeat detector prompted for it. As if live, on any CPU.
    plan = next(p for p in plans(load_library(shared_dir / "data"))
                if p.id == "real-da-pause-cut-in-0")
    call = next(c for c in _plan_calls(plan) if c.variant == "tel")
    write_wav(tmp_path / f"{call.id}.wav", call.audio, call.rate)
    timeline = tmp_path / f"{call.id}.timeline.json"
    call.timeline.save(timeline)
    proc = run_cli("eval", "--decode-seconds", "0.3", "--json", str(timeline))
    report = json.loads(proc.stdout)
    assert report["total"]["repeat"]["fp"] == 0, proc.stdout
    assert report["total"]["talkover"]["tp"] == 1 and proc.returncode == 0, proc.stdout
