"""`assistant transcribe --cluster` on a real Dask scheduler with two real worker processes
on this machine, and `--jobs 2` in local processes: every call lands in the library exactly
once with the same events and transcript as a one-by-one local run, also when a worker is
killed while it is transcribing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.scenarios import load_script, render_scenario
from assistant.store import CallStore
from benchmarks.cluster import dask_cluster, stop, until
from tests.cli_helpers import REPO, run_cli
from tests.conftest import MODELS
from tests.terminal import assistant as terminal_assistant

distributed = pytest.importorskip("distributed", reason="the 'cluster' extra is not installed")

pytestmark = pytest.mark.slow

WAIT_S = 300  # generous: the box is shared and these are real processes
ENGINE = ["--model", "tiny.en", "--models-dir", str(MODELS), "--language", "en",
          "--threads", "1", "--format", "json"]


@pytest.fixture(scope="module")
def recordings(shared_dir, tmp_path_factory) -> list[Path]:
    """The English public scenarios, rendered (short two-party calls)."""
    if not (MODELS / "tiny.en" / "model.bin").is_file():
        pytest.skip("tiny.en is not installed in models/")
    out = tmp_path_factory.mktemp("renders")
    scripts = sorted((shared_dir / "scenarios").glob("en-*.json"))
    return [render_scenario(load_script(path), out).wav for path in scripts]


@pytest.fixture(scope="module")
def one_by_one(recordings, tmp_path_factory) -> Path:
    """The reference: a plain local run, one file after the other."""
    out = tmp_path_factory.mktemp("local")
    proc = run_cli("transcribe", *map(str, recordings), *ENGINE, "--out", str(out),
                   "--data-dir", str(out / "library"))
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers on 127.0.0.1, random ports. A worker that
    dies mid-file costs that file one more try (allowed-failures 1), as README advises."""
    with dask_cluster(2, tmp_path_factory.mktemp("dask"), allowed_failures=1) as running, \
            distributed.Client(running.address, set_as_default=False, timeout=60) as client:
        yield running.address, client, running.workers


def _library(root: Path) -> dict[str, list]:
    """title → every stored result with it (a call stored twice would show here)."""
    found: dict[str, list] = {}
    with CallStore(root) as store:
        for summary in store.list_calls():
            found.setdefault(summary.title, []).append(store.get_call(summary.id).result)
    return found


def _assert_same_as_one_by_one(out: Path, reference: Path, recordings: list[Path]) -> None:
    library, expected = _library(out / "library"), _library(reference / "library")
    assert sorted(library) == sorted(r.name for r in recordings)
    for title, results in library.items():
        assert len(results) == 1, f"{title} stored {len(results)} times"
        (got,), (want,) = results, expected[title]
        assert got.events == want.events, title
        # Word for word too: a re-run file meets a worker with another history, and a
        # sampled retry used to depend on it ("M, M, M." for "And then then...", twice in
        # six runs); retries are beam searches now (asr/decoder.py).
        assert [(u.speaker, u.span, u.text) for u in got.utterances] == \
            [(u.speaker, u.span, u.text) for u in want.utterances], title
    for wav in recordings:
        got = json.loads((out / f"{wav.stem}.json").read_text())
        want = json.loads((reference / f"{wav.stem}.json").read_text())
        assert got["events"] == want["events"], wav.name


def test_jobs_in_local_processes_match_one_by_one(recordings, one_by_one, tmp_path) -> None:
    proc = run_cli("transcribe", *map(str, recordings), *ENGINE, "--jobs", "2",
                   "--out", str(tmp_path), "--data-dir", str(tmp_path / "library"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    _assert_same_as_one_by_one(tmp_path, one_by_one, recordings)


def test_a_bad_file_on_the_cluster_is_one_line_and_the_rest_is_stored(
        cluster, recordings, tmp_path) -> None:
    address, _, _ = cluster
    bogus = tmp_path / "not-audio.wav"
    bogus.write_text("this is not a recording\n")
    proc = run_cli("transcribe", str(bogus), str(recordings[0]), *ENGINE, "--cluster", address,
                   "--out", str(tmp_path), "--data-dir", str(tmp_path / "library"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    # Named as the user named it, not as the worker's temporary copy.
    assert line.startswith(f"assistant: error: {bogus}: "), line
    assert list(_library(tmp_path / "library")) == [recordings[0].name]


def test_killed_worker_mid_batch_every_call_stored_once_as_one_by_one(
        cluster, recordings, one_by_one, tmp_path) -> None:
    address, client, workers = cluster
    out = tmp_path / "out"
    log = tmp_path / "stderr.txt"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
    batch = subprocess.Popen(
        [sys.executable, "-m", "assistant", "transcribe", *map(str, recordings), *ENGINE,
         "--cluster", address, "--out", str(out), "--data-dir", str(out / "library")],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=log.open("w"), text=True)
    try:
        victim = next(addr for addr, info in
                      client.scheduler_info(n_workers=-1)["workers"].items()
                      if info["name"] == "w1")
        busy = until(lambda: client.processing(workers=[victim]).get(victim),
                      "worker w1 to be given a file")
        stop(workers["w1"])
        stdout, _ = batch.communicate(timeout=WAIT_S)
    finally:
        if batch.poll() is None:
            batch.kill()
    stderr = log.read_text()
    assert batch.returncode == 0, stderr
    assert "Traceback" not in stderr
    # The user is told, in one line, which files the worker had and that they go on.
    (notice,) = stderr.splitlines()
    assert notice.startswith(f"assistant: warning: worker {victim} died holding ")
    # (What it held when it died: the file seen given to it, or, had that just finished,
    # the next one.)
    assert any(str(r) in notice for r in recordings), (busy, notice)
    assert stdout.count("saved as call") == len(recordings)
    _assert_same_as_one_by_one(out, one_by_one, recordings)


def test_jobs_progress_counts_files_on_a_terminal(recordings, tmp_path) -> None:
    with terminal_assistant("transcribe", *map(str, recordings[:2]), *ENGINE, "--jobs", "2",
                            "--out", str(tmp_path), "--no-store") as term:
        code = term.wait()
    assert "Traceback" not in term.text and code == 0, term.text
    assert "0 of 2 files done  [--------------------]" in term.text
    assert "2 of 2 files done  [####################]" in term.text
    assert "\r" in term.raw and "\x1b[K" in term.raw  # redrawn in place, cleared at the end
    summaries = [line for line in term.text.replace("\r", "\n").splitlines() if "→" in line]
    assert sorted(s.split(":")[0] for s in summaries) == sorted(map(str, recordings[:2]))


def test_a_file_whose_worker_dies_too_often_is_one_line_and_not_stored(
        recordings, tmp_path) -> None:
    """allowed-failures 0: the first death is final for what that worker held."""
    files = recordings[:3]
    with dask_cluster(2, tmp_path, allowed_failures=0) as running, \
            distributed.Client(running.address, set_as_default=False, timeout=60) as client:
        batch = subprocess.Popen(
            [sys.executable, "-m", "assistant", "transcribe", *map(str, files), *ENGINE,
             "--cluster", running.address, "--out", str(tmp_path / "out"),
             "--data-dir", str(tmp_path / "library")],
            cwd=REPO, env={**os.environ, "HF_HUB_OFFLINE": "1"}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)
        try:
            victim = next(addr for addr, info in
                          client.scheduler_info(n_workers=-1)["workers"].items()
                          if info["name"] == "w1")
            until(lambda: client.processing(workers=[victim]).get(victim),
                  "worker w1 to be given a file")
            stop(running.workers["w1"])
            _, stderr = batch.communicate(timeout=WAIT_S)
        finally:
            if batch.poll() is None:
                batch.kill()
    assert batch.returncode == 1 and "Traceback" not in stderr, stderr
    failed = [line.removeprefix("assistant: error: ").split(": not transcribed")[0]
              for line in stderr.splitlines()]
    assert failed and all(
        line.endswith("not transcribed: every worker that tried it died; nothing stored")
        for line in stderr.splitlines()), stderr
    stored = _library(tmp_path / "library")
    assert sorted(stored) == sorted(f.name for f in files if str(f) not in failed)
    assert all(len(results) == 1 for results in stored.values())
