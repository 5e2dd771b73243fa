"""``--jobs N``: a batch spread over N local processes, each with its own model.

Processes, not threads: decoding holds the GIL often enough that threads would not
scale, and a crash in one process cannot take the batch down. Spawned, not forked:
a fork would inherit the parent's OpenMP and Qt state. Each process decodes with
``threads_per_job`` CPU threads so that N × threads stays within the cores given.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from assistant.batch.job import (
    FileJob,
    FileOutcome,
    JobSettings,
    pin_process_threads,
    transcribe_job,
)
from assistant.errors import InputError


def usable_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may give fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def threads_per_job(jobs: int, threads: int, cores: int) -> int:
    """At most ``threads`` each, and never more than the cores shared out."""
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    if jobs > cores:
        raise InputError(f"--jobs {jobs}: this machine gives {cores} cores; use at most "
                         f"{cores} (each job decodes on at least one core of its own)")
    return max(1, min(threads, cores // jobs))


def run_local(settings: JobSettings, names: Sequence[str], jobs: int,
              cores: int | None = None) -> Iterator[FileOutcome]:
    """Yields each file's outcome as it finishes (not in order). ``jobs`` processes, each
    decoding with its share of the cores."""
    cores = cores or usable_cores()
    wanted = settings.config.transcription.cpu_threads
    threads_per_job(jobs, wanted, cores)  # more jobs than cores is refused, whatever the batch
    jobs = min(jobs, len(names)) or 1  # fewer files than jobs: the files get the cores
    threads = threads_per_job(jobs, wanted, cores)
    config = settings.config
    settings = dataclasses.replace(settings, config=dataclasses.replace(
        config, transcription=dataclasses.replace(config.transcription, cpu_threads=threads)))
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=pin_process_threads, initargs=(threads,))
    try:
        pending: dict[Future[FileOutcome], FileJob] = {}
        for index, name in enumerate(names):
            job = FileJob(index, name, settings)
            pending[pool.submit(transcribe_job, job)] = job
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                job = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    yield FileOutcome(job.index, job.name, None, error=f"{job.name}: the process "
                                      "transcribing it died (out of memory?); nothing stored")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
