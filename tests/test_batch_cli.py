"""`assistant transcribe --jobs/--cluster` given what it cannot use: one line, no traceback,
before any model loads or file is read."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from assistant.batch.local import threads_per_job
from assistant.errors import InputError
from tests.cli_helpers import REPO, assert_one_clean_error, run_cli


def test_jobs_share_the_cores_out() -> None:
    assert threads_per_job(1, 2, cores=2) == 2
    assert threads_per_job(2, 2, cores=2) == 1
    assert threads_per_job(2, 4, cores=8) == 4
    assert threads_per_job(3, 4, cores=8) == 2
    with pytest.raises(InputError, match="use at most 2"):
        threads_per_job(3, 1, cores=2)


@pytest.mark.parametrize(("args", "needle"), [
    (["--jobs", "0"], "--jobs must be at least 1"),
    (["--jobs", "2", "--cluster", "tcp://127.0.0.1:8786"], "choose one"),
    (["--jobs", "4096"], "use at most"),
    (["--cluster", "no-port-here"], "no Dask scheduler answers there"),
])
def test_unusable_batch_arguments(args, needle, tmp_path) -> None:
    proc = run_cli("transcribe", str(tmp_path / "call.wav"), "--no-store", "--out",
                   str(tmp_path), *args)
    assert_one_clean_error(proc, needle)


def test_no_scheduler_at_the_address(tmp_path) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = run_cli("transcribe", str(tmp_path / "call.wav"), "--no-store", "--out",
                   str(tmp_path), "--cluster", f"tcp://127.0.0.1:{port}")
    assert_one_clean_error(proc, f"--cluster tcp://127.0.0.1:{port}: no Dask scheduler")


def test_cluster_without_the_extra_says_what_to_install(tmp_path) -> None:
    # An installation without the 'cluster' extra: a `distributed` that cannot be imported
    # shadows the installed one.
    (tmp_path / "distributed.py").write_text("raise ImportError('no distributed here')\n")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", "assistant", "transcribe",
                           str(tmp_path / "call.wav"), "--no-store", "--out", str(tmp_path),
                           "--cluster", "tcp://127.0.0.1:8786"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert_one_clean_error(proc, "pip install 'listening-assistant[cluster]'")
