"""Batch throughput against the number of worker processes, in one run on this machine.

    .venv/bin/python -m benchmarks.cluster [--model base] [--copies 2] [--rounds 1]

The public scenarios, rendered (cached under ``.cache/bench/cluster``), make a batch of
``8 × copies`` two-party calls. The same batch is transcribed, each as one whole
``assistant transcribe`` process (start, model loads, decode, outputs, library):

    one by one      a plain local run, --threads 2
    --jobs 2        two local processes, one thread each
    cluster 1       a Dask scheduler and one worker (--nthreads 1), --threads 2
    cluster 2       the same with two workers, --threads 1

Each cluster's workers are started before the clock starts and load their model with the
first file, as they would for the first batch of a day. Throughput is files per minute
and audio seconds per wall second; the ratio to one-by-one is the result (the machine is
shared: absolute times are noise, ratios from one run are not). With 2 cores, two
processes of one thread beat one process of two threads only as far as one decode does
not already keep both cores busy.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import CACHE, MODELS, REPO, SHARED, machine_description, run_measured

_WAIT_S = 300


@dataclass
class DaskCluster:
    """A scheduler and workers started with Dask's own commands, on 127.0.0.1."""

    address: str
    workers: dict[str, subprocess.Popen]


def _dask(args: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """In its own process group, so killing it takes a worker's nanny and process."""
    dask = Path(sys.executable).with_name("dask")
    return subprocess.Popen([str(dask), *args], stdout=log.open("w"), stderr=subprocess.STDOUT,
                            start_new_session=True, cwd=REPO,
                            env={**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})})


def stop(proc: subprocess.Popen) -> None:
    """Kills the process group (SIGKILL: a worker dying, not one retiring)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)


def until(condition, what: str, timeout: float = _WAIT_S):
    """Polls ``condition`` until it returns something true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise TimeoutError(f"timed out waiting for {what}")


@contextlib.contextmanager
def dask_cluster(workers: int, logs: Path, *, allowed_failures: int = 1
                 ) -> Iterator[DaskCluster]:
    """``dask scheduler`` and ``workers`` × ``dask worker --nthreads 1 --nworkers 1`` (named
    w1, w2, …), random ports; returns once every worker has joined."""
    from distributed import Client

    address_file = logs / "scheduler.json"
    address_file.unlink(missing_ok=True)
    env = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(allowed_failures)}
    procs = [_dask(["scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address",
                    "127.0.0.1:0", "--scheduler-file", str(address_file)],
                   logs / "scheduler.log", env)]
    try:
        address = until(lambda: address_file.is_file() and json.loads(
            address_file.read_text() or "{}").get("address"), "the scheduler")
        started = {}
        for n in range(1, workers + 1):
            name = f"w{n}"
            started[name] = _dask(["worker", address, "--nthreads", "1", "--nworkers", "1",
                                   "--name", name, "--host", "127.0.0.1",
                                   "--dashboard-address", "127.0.0.1:0"], logs / f"{name}.log")
            procs.append(started[name])
        with Client(address, set_as_default=False, timeout=60) as client:
            client.wait_for_workers(workers, timeout=_WAIT_S)
        yield DaskCluster(address, started)
    finally:
        for proc in reversed(procs):
            stop(proc)


def batch(copies: int) -> list[Path]:
    """The rendered scenarios, each linked ``copies`` times under its own name."""
    from assistant.scenarios import load_script, render_scenario

    folder = CACHE / "cluster"
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for script in sorted((SHARED / "scenarios").glob("*.json")):
        wav = render_scenario(load_script(script), folder).wav
        for n in range(copies):
            link = folder / f"{wav.stem}-{n}.wav"
            if not link.exists():
                link.symlink_to(wav.name)
            files.append(link)
    return files


def _audio_s(files: list[Path]) -> float:
    total = 0.0
    for path in files:
        with wave.open(str(path)) as w:
            total += w.getnframes() / w.getframerate()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="base")
    parser.add_argument("--copies", type=int, default=1, help="each scenario this many times")
    parser.add_argument("--rounds", type=int, default=1, help="each configuration this often")
    args = parser.parse_args()
    files = batch(args.copies)
    audio = _audio_s(files)
    print("\n".join(machine_description()))
    print(f"batch: {len(files)} calls, {audio:.0f} s of audio, model {args.model}")
    common = ["--model", args.model, "--models-dir", str(MODELS), "--format", "json", "-q"]
    runs = {
        "one by one": ([], 0, 2),
        "--jobs 2": (["--jobs", "2"], 0, 1),
        "cluster 1 worker": ([], 1, 2),
        "cluster 2 workers": ([], 2, 1),
    }
    walls: dict[str, list[float]] = {name: [] for name in runs}
    with tempfile.TemporaryDirectory(prefix="bench-cluster-") as tmp:
        for _ in range(args.rounds):
            for name, (extra, workers, threads) in runs.items():
                out = Path(tmp) / name.replace(" ", "-") / str(len(walls[name]))
                out.mkdir(parents=True)
                argv = [sys.executable, "-m", "assistant", "transcribe", *map(str, files),
                        *common, *extra, "--threads", str(threads), "--out", str(out),
                        "--data-dir", str(out / "library")]
                with contextlib.ExitStack() as stack:
                    if workers:
                        cluster = stack.enter_context(dask_cluster(workers, out))
                        argv += ["--cluster", cluster.address]
                    measured = run_measured(argv, env={"HF_HUB_OFFLINE": "1"})
                if measured.returncode != 0:
                    raise SystemExit(f"{name}: failed:\n{measured.stderr}")
                walls[name].append(measured.wall_s)
    base = statistics.median(walls["one by one"])
    print(f"{'':<20} {'wall s':>8} {'files/min':>10} {'audio s/s':>10} {'vs one by one':>14}")
    for name, values in walls.items():
        wall = statistics.median(values)
        print(f"{name:<20} {wall:8.1f} {len(files) / wall * 60:10.1f} {audio / wall:10.2f} "
              f"{base / wall:13.2f}x")


if __name__ == "__main__":
    main()
