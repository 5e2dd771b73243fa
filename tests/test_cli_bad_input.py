"""Every kind of bad input gets one clear line on stderr and a non-zero exit,
and the other files of the batch are still transcribed."""

from __future__ import annotations

import json
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.scenarios import parse_script, render_scenario
from tests.cli_helpers import assert_one_clean_error, run_cli

TINY_CALL = {
    "id": "tiny-call",
    "language": "en",
    "turns": [
        {"speaker": "agent", "text": "Hello, how can I help you?"},
        {"speaker": "customer", "text": "I would like to pay my bill.", "after": 0.5},
    ],
    "labels": {"talkover": [], "repeat": []},
}


@pytest.fixture(scope="module")
def good_call(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    return render_scenario(parse_script(TINY_CALL), out).wav


def transcribe(tmp: Path, *args: str) -> subprocess.CompletedProcess:
    """The real command, with its call library under ``tmp`` (never the user's own)."""
    return run_cli("transcribe", *args, "--data-dir", str(tmp / "library"))


def _wav(path: Path, channels: int, frames: int, rate: int = 16000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(np.zeros((frames, channels), np.int16).tobytes())
    return path


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    text = tmp / "notes.wav"
    text.write_text("this is not audio, just text renamed to .wav\n")
    empty = tmp / "empty.wav"
    empty.write_bytes(b"")
    truncated = _wav(tmp / "long.wav", 2, 16000 * 20)
    cut = tmp / "truncated.wav"
    cut.write_bytes(truncated.read_bytes()[: 44 + 4 * 16000 * 3])
    directory = tmp / "a-folder.wav"
    directory.mkdir()
    return {
        "missing": (tmp / "nope.wav", "no such file"),
        "directory": (directory, "directory"),
        "text": (text, "not an audio file"),
        "truncated": (cut, "truncated"),
        "zero-bytes": (empty, "empty"),
        "zero-samples": (_wav(tmp / "silent0.wav", 2, 0), "no audio"),
        "three-channels": (_wav(tmp / "three.wav", 3, 16000), "3 audio channels"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", ["missing", "directory", "text", "truncated", "zero-bytes",
                                  "zero-samples", "three-channels"])
def test_bad_file_is_one_line_and_the_batch_goes_on(case, good_call, tmp_path) -> None:
    bad, needle = _bad_inputs(tmp_path)[case]
    out = tmp_path / "out"
    proc = transcribe(tmp_path, str(bad), str(good_call), "--language", "en",
                   "--format", "json", "--out", str(out))
    line = assert_one_clean_error(proc, needle)
    assert str(bad.name) in line
    result = json.loads((out / f"{good_call.stem}.json").read_text())
    assert [u["speaker"] for u in result["utterances"]] == ["agent", "customer"]


@pytest.mark.slow
def test_truncated_file_keeps_what_was_there(tmp_path) -> None:
    bad, _ = _bad_inputs(tmp_path)["truncated"]
    proc = transcribe(tmp_path, str(bad), "--language", "en", "--format", "json",
                   "--out", str(tmp_path))
    assert_one_clean_error(proc, "3.0 s of 20.0 s")
    result = json.loads((tmp_path / "truncated.json").read_text())
    assert result["audio"]["duration"] == pytest.approx(3.0, abs=0.01)


def test_unknown_language_code(good_call, tmp_path) -> None:
    proc = transcribe(tmp_path, str(good_call), "--language", "xx", "--out", str(tmp_path))
    assert_one_clean_error(proc, "unknown language code 'xx'")


def test_missing_model_says_how_to_install(good_call, tmp_path) -> None:
    proc = transcribe(tmp_path, str(good_call), "--model", "large-v9", "--out", str(tmp_path))
    assert_one_clean_error(proc, "not installed", "assistant models install")
    proc = transcribe(tmp_path, str(good_call), "--model", str(tmp_path), "--out",
                   str(tmp_path))
    assert_one_clean_error(proc, "not a CTranslate2 Whisper model folder")


def test_unknown_output_format(good_call, tmp_path) -> None:
    proc = transcribe(tmp_path, str(good_call), "--format", "json,docx", "--out", str(tmp_path))
    assert_one_clean_error(proc, "unknown output format 'docx'")


def test_english_only_model_refuses_other_languages(good_call, tmp_path) -> None:
    proc = transcribe(tmp_path, str(good_call), "--model", "tiny.en", "--language", "sv",
                   "--out", str(tmp_path))
    assert_one_clean_error(proc, "English-only")
