"""The commands as a user runs them at a terminal: a real pseudo-terminal, the installed
``assistant`` script, the real model. No traceback, a clean exit, and on a terminal only,
a progress display for ``transcribe`` ("file n of m" for a batch)."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.source import FileAudioSource
from assistant.paths import package_data
from tests import pulse
from tests.cli_helpers import run_cli
from tests.conftest import MODELS
from tests.terminal import assistant

DEMO_CALL = package_data("demo", "demo-call.ogg")


@pytest.fixture(scope="module")
def small_model() -> str:
    """The smallest installed model: these tests are about the terminal, not accuracy."""
    return "tiny.en" if (MODELS / "tiny.en" / "model.bin").is_file() else "base"


def _first_seconds(seconds: float, path: Path) -> Path:
    """The demo call's first ``seconds`` as a stereo 16 kHz WAV."""
    blocks = []
    for block in FileAudioSource(DEMO_CALL).blocks():
        blocks.append(block.samples)
        if block.end >= seconds * 16000:
            break
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.concatenate(blocks)[:round(seconds * 16000)].astype("<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def short_call(tmp_path_factory) -> Path:
    return _first_seconds(20, tmp_path_factory.mktemp("audio") / "short call.wav")


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    return _first_seconds(8, tmp_path_factory.mktemp("audio") / "clip.wav")


def _clean(term, code: int) -> None:
    assert "Traceback" not in term.text, term.text
    assert code == 0, term.text


@pytest.mark.slow
def test_transcribe_shows_progress_file_by_file(short_call, clip, small_model, tmp_path):
    with assistant("transcribe", str(short_call), str(clip), "--model", small_model,
                   "--language", "en", "--out", str(tmp_path / "out"), "--no-store") as term:
        code = term.wait()
    _clean(term, code)
    text = term.text
    # The progress line names the file, its place in the batch, how far and how long.
    assert "file 1 of 2: short call.wav" in text and "file 2 of 2: clip.wav" in text
    assert "100% [####################] 0:20 of 0:20, finishing the transcript" in text
    assert "100% [####################] 0:08 of 0:08, finishing the transcript" in text
    # It is redrawn in place and cleared before each file's summary line.
    assert "\r" in term.raw and "\x1b[K" in term.raw
    lines = text.replace("\r", "\n").splitlines()
    summaries = [line for line in lines if "utterances" in line and "→" in line]
    assert [s.split(":")[0] for s in summaries] == [str(short_call), str(clip)]
    assert json.loads((tmp_path / "out" / "short call.json").read_text())["utterances"]


@pytest.mark.slow
def test_transcribe_quiet_or_off_a_terminal_shows_no_progress(clip, small_model, tmp_path):
    with assistant("transcribe", str(clip), "--model", small_model, "--language", "en",
                   "--out", str(tmp_path), "--no-store", "--quiet") as term:
        code = term.wait()
    _clean(term, code)
    assert "%" not in term.text and "\x1b[K" not in term.raw
    piped = run_cli("transcribe", str(clip), "--model", small_model, "--language", "en",
                    "--out", str(tmp_path), "--no-store")
    assert piped.returncode == 0 and piped.stderr == ""  # a pipe: no progress, no noise


@pytest.fixture(scope="module")
def long_call(tmp_path_factory) -> Path:
    """The demo call three times over (2:56): long enough that the recogniser is busy while
    the file is still being read, on any CPU (the reader runs at most 32 utterances ahead)."""
    pcm = np.concatenate([b.samples for b in FileAudioSource(DEMO_CALL).blocks()])
    path = tmp_path_factory.mktemp("audio") / "long call.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.concatenate([pcm] * 3).astype("<i2").tobytes())
    return path


@pytest.mark.slow
def test_ctrl_c_stops_transcribe_cleanly(long_call, small_model, tmp_path):
    """Ctrl+C while the recogniser decodes: it is stopped and waited for. Leaving with it
    inside native code crashed the interpreter on its way out (SIGSEGV, or "terminate
    called without an active exception")."""
    with assistant("transcribe", str(long_call), "--model", small_model, "--language", "en",
                   "--out", str(tmp_path), "--no-store") as term:
        # Half read: the recogniser's first batch (three 28 s windows) is under way, at least
        # on a machine as busy as this project's; on any, Ctrl+C must end it cleanly.
        term.expect("1:30 of 2:56")
        term.type("\x03")
        code = term.wait()
    assert code == 130, term.text
    assert term.text.rstrip().endswith("assistant: interrupted")
    assert "Traceback" not in term.text and "terminate called" not in term.text


def test_transcribe_of_a_missing_file_in_a_terminal_is_one_line(tmp_path, small_model):
    """The progress display must not swallow or garble the error line of a bad file."""
    with assistant("transcribe", str(tmp_path / "nope.wav"), "--model", small_model,
                   "--no-store") as term:
        code = term.wait()
    assert code == 1 and "Traceback" not in term.text
    assert term.text.strip().splitlines()[-1] == f"assistant: error: {tmp_path}/nope.wav: no " \
                                                 "such file"


@pytest.mark.slow
def test_demo_console_plays_in_a_terminal(short_call, small_model):
    """The demo's first 20 s (the whole call is played by the wheel test and test_ui_cli)."""
    with assistant("demo", "--console", "--speed", "10", "--model", small_model,
                   "--file", str(short_call)) as term:
        code = term.wait()
    _clean(term, code)
    assert "Demo call: short call.wav" in term.text
    assert "Agent" in term.text and "Customer" in term.text and "Talk-overs:" in term.text


@pytest.mark.slow
@pytest.mark.skipif(not pulse.available(), reason="PulseAudio is not installed")
@pytest.mark.usefixtures("quiet_lines")
def test_listen_in_a_terminal_ends_on_ctrl_c(server, small_model, tmp_path):
    """Ctrl+C typed at the terminal (not a signal sent by the test) ends the call; the
    summary is printed and the call is kept."""
    voice = pulse.band_noise(20, 11)
    wav = pulse.write_mono_wav(tmp_path / "agent.wav", voice, 16000)
    with assistant("listen", "--agent-device", "agent_line.monitor", "--customer-device",
                   "customer_line.monitor", "--model", small_model, "--language", "en",
                   "--data-dir", str(tmp_path / "data"), env=server.env) as term:
        term.expect("Ctrl-C ends the call")
        server.play("agent_line", wav)
        term.expect("recording from", timeout=60)
        term.type("\x03")
        term.expect("ending the call")
        code = term.wait()
    _clean(term, code)
    assert "Talk time:" in term.text
    from assistant.store import CallStore

    with CallStore(tmp_path / "data") as store:
        (summary,) = store.list_calls()
    assert summary.status == "finished"


@pytest.mark.slow
def test_app_closes_on_ctrl_c_in_its_terminal(tmp_path):
    """Ctrl+C in the terminal closes the window the way its close button does."""
    env = {"QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    with assistant("app", "--settings", str(tmp_path / "settings.json"), env=env) as term:
        term.expect("Ctrl+C here closes it")
        term.type("\x03")
        code = term.wait(timeout=120)
    _clean(term, code)


def test_progress_without_a_known_length_counts_up():
    """A stream that does not state its length: how far, no percentage, no crash."""
    import io

    from assistant.cli.progress import FileProgress

    out = io.StringIO()
    progress = FileProgress(out, enabled=True)
    progress.start("stream.ogg", 2, 3, None)
    for position in range(0, 5 * 16000, 1600):
        progress.update(position)
    progress.clear()
    shown = [part.removesuffix("\x1b[K") for part in out.getvalue().split("\r")[1:]]
    head = "file 2 of 3: stream.ogg"
    # Redrawn once per second of audio, not at every update; then the line is cleared.
    assert shown == [f"{head}  0:0{n} so far" for n in range(5)] + [""]
