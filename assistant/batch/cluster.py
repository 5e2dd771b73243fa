"""``--cluster ADDRESS``: a batch spread over the workers of a running Dask scheduler.

The files are read here and shipped with their job, so workers need no shared disk,
only the package and its models (loaded once per worker process, from the worker's
own models folder unless ``--models-dir`` names one that exists on every worker).
At most a few files per worker thread are in flight, so a batch of thousands of
recordings never sits in the scheduler's memory at once. Results come back as each
file finishes; nothing is stored on a worker.

A worker that dies mid-file: the scheduler hands the file to another worker (up to
its ``distributed.scheduler.allowed-failures``); a task that raises is retried once
(``retries=1``). A file that still fails is an outcome with a one-line error.
"""

from __future__ import annotations

import queue
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from assistant.batch.job import (
    FileJob,
    FileOutcome,
    JobSettings,
    pin_process_threads,
    transcribe_job,
)
from assistant.errors import InputError

CONNECT_TIMEOUT_S = 10  # a wrong address fails in seconds; a live scheduler answers in ms
WORKERS_TIMEOUT_S = 60  # a scheduler with no worker at all: say so rather than wait forever
_POLL_S = 0.5  # how often a notice about a lost worker is looked for while files run
FILES_PER_THREAD = 2  # in flight per worker thread: one running, one ready to start


def _on_worker(job: FileJob) -> FileOutcome:
    """The task, in a Dask worker process."""
    pin_process_threads(job.settings.config.transcription.cpu_threads)
    return transcribe_job(job)


def task_key(job: FileJob, batch: str) -> str:
    """Readable in the scheduler's dashboard; unique across batches and clients."""
    return f"transcribe-{Path(job.name).name}-{job.index}-{batch}"


def connect(address: str) -> Any:
    """A Dask client on ``address`` with at least one worker, or a one-line InputError."""
    try:
        from distributed import Client
    except ImportError:
        raise InputError("--cluster needs Dask distributed: pip install "
                         "'listening-assistant[cluster]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"--cluster {address}: no Dask scheduler answers there "
                         f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
                         ) from None
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
    except TimeoutError:
        client.close()
        raise InputError(f"--cluster {address}: the scheduler has no workers (none joined in "
                         f"{WORKERS_TIMEOUT_S} s): start some with `dask worker {address}`"
                         ) from None
    return client


def run_on_cluster(
    address: str,
    settings: JobSettings,
    names: Sequence[str],
    *,
    on_notice: Callable[[str], None] = lambda text: None,
) -> Iterator[FileOutcome]:
    """Yields each file's outcome as it finishes (not in order). ``on_notice`` hears, in
    this thread, of workers lost while they had files (those files are being retried)."""
    client = connect(address)  # first: says so in one line when Dask is not installed
    from distributed import wait

    notices: queue.Queue[dict] = queue.Queue()
    # Called on the client's event-loop thread: only queue it, the caller's thread says it.
    client.subscribe_topic("all", lambda event: notices.put(event[1]))
    batch = uuid.uuid4().hex[:8]
    todo = list(enumerate(names))
    todo.reverse()
    running: dict[Any, FileJob] = {}
    try:
        while todo or running:
            room = FILES_PER_THREAD * max(1, sum(client.nthreads().values())) - len(running)
            while todo and room > 0:
                index, name = todo.pop()
                try:
                    audio = Path(name).read_bytes()
                except OSError as exc:
                    yield FileOutcome(index, name, None, error=f"{name}: cannot be read "
                                      f"({exc.strerror or exc})")
                    continue
                job = FileJob(index, name, settings, audio)
                key = task_key(job, batch)
                running[client.submit(_on_worker, job, key=key, retries=1, pure=False)] = job
                room -= 1
            _tell(notices, running, on_notice)
            if not running:
                continue
            try:
                done = wait(list(running), timeout=_POLL_S, return_when="FIRST_COMPLETED").done
            except TimeoutError:
                continue
            _tell(notices, running, on_notice)
            for future in done:
                job = running.pop(future)
                yield _outcome(future, job)
                future.release()
    finally:
        for future in running:
            future.cancel()
        client.close()


def _tell(notices: queue.Queue[dict], running: dict[Any, FileJob],
          on_notice: Callable[[str], None]) -> None:
    while not notices.empty():
        event = notices.get_nowait()
        if not isinstance(event, dict) or event.get("action") != "remove-worker":
            continue
        lost = set(event.get("processing-tasks", ()))
        # Running or queued there, the scheduler starts each again elsewhere, unless it has
        # now failed too often: that one is already erred and gets its own error line.
        again = sorted(job.name for future, job in running.items()
                       if future.key in lost and future.status != "error")
        if again:
            how = "left" if event.get("expected") else "died"
            on_notice(f"worker {event.get('worker')} {how} holding {', '.join(again)}: "
                      "sent to another worker")


def _outcome(future: Any, job: FileJob) -> FileOutcome:
    from distributed import KilledWorker

    if future.status == "finished":
        outcome: FileOutcome = future.result()
        return outcome
    if future.status == "error":
        exc = future.exception()
        if isinstance(exc, KilledWorker):
            why = "every worker that tried it died"
        else:
            first = (str(exc).strip().splitlines() or [""])[0]
            why = f"it failed on the cluster twice ({type(exc).__name__}: {first})"
    else:
        why = f"the scheduler lost it ({future.status})"
    return FileOutcome(job.index, job.name, None, error=f"{job.name}: not transcribed: {why}; "
                       "nothing stored")
