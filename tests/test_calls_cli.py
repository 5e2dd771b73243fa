"""`assistant calls …` and `assistant transcribe` saving into the library, through the real CLI."""

from __future__ import annotations

import json
import os
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.paths import package_data
from assistant.records import AudioBlock, Speaker
from assistant.report.render import FORMATS, render
from assistant.store import CallStore
from tests.cli_helpers import assert_one_clean_error, run_cli
from tests.test_store import call_outputs, new_call, sample_result, tone


@pytest.fixture(autouse=True)
def _no_real_user_data(tmp_path_factory, monkeypatch) -> None:
    """Even a command run without --data-dir must not touch the user's own library."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture
def library(tmp_path) -> tuple[Path, int]:
    root = tmp_path / "library"
    with CallStore(root) as store:
        call_id = store.save_result(new_call("refund call"), sample_result())
    return root, call_id


def calls(root: Path, *args: str):
    return run_cli("calls", "--data-dir", str(root), *args)


def test_list_shows_the_calls(library) -> None:
    root, call_id = library
    with CallStore(root) as store:
        later = store.save_result(new_call("later call", started_at=new_call().started_at
                                           .replace(hour=15)), sample_result())
    proc = calls(root, "list")
    assert proc.returncode == 0 and proc.stderr == ""
    header, first, second = proc.stdout.splitlines()
    assert header.split()[:3] == ["ID", "Started", "Length"]
    assert first.split()[0] == str(later) and first.endswith("later call")
    assert second.split()[0] == str(call_id) and second.endswith("refund call")
    assert "0:17" in second and "finished" in second
    assert len(calls(root, "list", "--limit", "1").stdout.splitlines()) == 2


def test_empty_library_says_so(tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    proc = calls(tmp_path / "empty", "list")
    assert proc.returncode == 0 and "No calls in the library yet" in proc.stdout


@pytest.mark.parametrize("action", [("list",), ("show", "1"), ("export", "1"),
                                    ("delete", "1", "--yes")])
def test_a_data_dir_that_does_not_exist_is_a_typo_not_a_new_library(tmp_path, action) -> None:
    typo = tmp_path / "librray"
    assert_one_clean_error(calls(typo, *action), f"--data-dir {typo}: no such folder")
    assert not typo.exists()
    after = run_cli("calls", *action, "--data-dir", str(typo))  # after the action, the same
    assert_one_clean_error(after, "no such folder")
    assert not typo.exists()


def test_show_prints_the_transcript_with_events(library) -> None:
    root, call_id = library
    proc = calls(root, "show", str(call_id))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == f"Call {call_id}: refund call"
    assert "[0:11.0] Customer: As I said, I want a refund." in lines
    # Events sit where they happened: after what was said before them.
    said = lines.index("[0:13.0] Agent: Let me just check the order.")
    talkover = next(i for i, line in enumerate(lines) if "Talk-over at 0:13.3" in line)
    repeat = next(i for i, line in enumerate(lines) if "Repeat at 0:15.0" in line)
    assert said < talkover < repeat
    assert "earlier at 0:02.5" in lines[repeat]
    assert "Note: a note" in proc.stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_to_stdout_is_the_rendered_result(library, fmt) -> None:
    root, call_id = library
    proc = calls(root, "export", str(call_id), "--format", fmt)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout == render(sample_result(), fmt)


def test_export_to_a_file_or_a_folder(library, tmp_path) -> None:
    root, call_id = library
    proc = calls(root, "export", str(call_id), "--format", "SRT", "--out",
                 str(tmp_path / "x.srt"))
    assert proc.returncode == 0 and proc.stdout.strip() == f"Wrote {tmp_path / 'x.srt'}"
    assert (tmp_path / "x.srt").read_text() == render(sample_result(), "srt")
    proc = calls(root, "export", str(call_id), "--out", str(tmp_path))  # md by default
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / f"call-{call_id}.md").read_text() == render(sample_result(), "md")


def test_delete_removes_the_call(library) -> None:
    root, call_id = library
    assert_one_clean_error(calls(root, "delete", str(call_id)), "without --yes")
    proc = calls(root, "delete", str(call_id), "--yes")
    assert proc.returncode == 0 and proc.stdout.strip() == f"Deleted call {call_id} (refund call)."
    assert_one_clean_error(calls(root, "show", str(call_id)), f"no call with id {call_id}")
    with CallStore(root) as store:
        assert store.list_calls() == []


@pytest.mark.parametrize(("args", "needle"), [
    (("show", "99"), "no call with id 99"),
    (("show", "abc"), "call id must be a number"),
    (("export", "99", "--format", "json"), "no call with id 99"),
    (("export", "1", "--format", "docx"), "unknown export format 'docx'"),
    (("export", "1", "--out", "/nonexistent/folder/x.md"), "does not exist"),
    (("delete", "99", "--yes"), "no call with id 99"),
    (("delete", "-3", "--yes"), "call id must be a number"),
    (("list", "--limit", "0"), "--limit must be at least 1"),
])
def test_bad_input_is_one_clean_line(library, args, needle) -> None:
    root, _ = library
    assert_one_clean_error(calls(root, *args), needle)


def test_unusable_library_is_one_clean_line(tmp_path) -> None:
    root = tmp_path / "damaged"
    root.mkdir()
    (root / "calls.sqlite3").write_bytes(os.urandom(4096))
    assert_one_clean_error(calls(root, "list"), "cannot open the call library")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert_one_clean_error(calls(not_a_folder, "show", "1"), "cannot use")


def test_every_command_recovers_an_unfinished_call_first(tmp_path) -> None:
    root = tmp_path / "library"
    with CallStore(root) as store:
        rec = store.start_call(new_call("crashed call"))
        rec.write_audio(AudioBlock(0, tone(0, 16000)))
        for item in call_outputs()[:6]:
            rec.record(item)
        rec.close()  # as if the program had died: no finish()
    proc = calls(root, "export", str(rec.call_id), "--format", "json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)  # the notice did not end up inside the export
    assert [u["id"] for u in doc["utterances"]] == [0, 1]
    assert proc.stderr.strip() == (f"Recovered call {rec.call_id} (crashed call): it was still "
                                   "being recorded when the program stopped.")
    proc = calls(root, "list")
    assert "Recovered" not in proc.stdout  # only once
    assert "recovered" in proc.stdout.splitlines()[1]


def test_data_dir_goes_before_or_after_the_action(library) -> None:
    root, call_id = library
    proc = run_cli("calls", "show", str(call_id), "--data-dir", str(root))
    assert proc.returncode == 0 and "refund call" in proc.stdout


def test_default_library_is_in_the_user_data_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    proc = run_cli("calls", "list")
    assert proc.returncode == 0, proc.stderr
    root = tmp_path / "listening-assistant" / "calls"
    assert (root / "calls.sqlite3").is_file()
    assert oct(root.stat().st_mode & 0o777) == oct(0o700)


# --- `assistant transcribe` saves into the library (real model) --------------


@pytest.fixture(scope="module")
def transcribed(tmp_path_factory, base_model_dir) -> tuple[Path, Path]:
    """The demo call transcribed once with the real base model; returns (library, outputs)."""
    base = tmp_path_factory.mktemp("transcribed")
    proc = run_cli("transcribe", str(package_data("demo", "demo-call.ogg")), "--language", "en",
                   "--format", "json", "--out", str(base / "out"),
                   "--data-dir", str(base / "library"))
    assert proc.returncode == 0, proc.stderr
    assert "demo-call.ogg: saved as call 1" in proc.stdout
    return base / "library", base / "out"


@pytest.mark.slow
def test_transcribe_saves_the_call(transcribed) -> None:
    root, out = transcribed
    exported = calls(root, "export", "1", "--format", "json")
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == (out / "demo-call.json").read_text()
    with CallStore(root) as store:
        stored = store.get_call(1)
    s = stored.summary
    assert (s.source, s.title, s.status, s.language) == ("file", "demo-call.ogg", "finished", "en")
    assert s.talkovers >= 1 and s.repeats >= 1 and s.duration_s == pytest.approx(58.7, abs=0.1)
    assert stored.audio_path == package_data("demo", "demo-call.ogg")  # the original, not a copy
    assert not any((root / "audio").iterdir())
    assert set(stored.result.speech) == {Speaker.AGENT, Speaker.CUSTOMER}
    show = calls(root, "show", "1")
    assert "Talk-over at" in show.stdout and "Repeat at" in show.stdout


def _silence(path: Path) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(np.zeros((16000, 2), np.int16).tobytes())
    return path


@pytest.mark.slow
def test_transcribe_no_audio_and_no_store(tmp_path, base_model_dir) -> None:
    wav = _silence(tmp_path / "quiet.wav")
    root = tmp_path / "library"
    common = ("--language", "en", "--format", "txt", "--out", str(tmp_path / "out"),
              "--data-dir", str(root))
    proc = run_cli("transcribe", str(wav), *common, "--no-audio")
    assert proc.returncode == 0, proc.stderr
    with CallStore(root) as store:
        (summary,) = store.list_calls()
        assert not summary.has_audio and store.get_call(summary.id).audio_path is None
    proc = run_cli("transcribe", str(wav), *common, "--no-store")
    assert proc.returncode == 0, proc.stderr
    assert "saved as call" not in proc.stdout
    with CallStore(root) as store:
        assert len(store.list_calls()) == 1
