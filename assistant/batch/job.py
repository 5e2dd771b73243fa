"""One file's transcription as a self-contained job, runnable in any worker process.

A job carries everything the worker needs (settings, and the audio itself when the
worker cannot read the caller's disk); its outcome is the same ``CallResult`` a local
run makes, with the recording named as the caller named it.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import EngineConfig
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.asr.whisper import WhisperRecognizer
    from assistant.engine.result import CallResult


@dataclass(frozen=True)
class JobSettings:
    """What is the same for every file of a batch."""

    config: EngineConfig
    model: str  # an installed model's name or a model folder, resolved where the job runs
    models_dir: str | None  # None: the worker's own default models folder
    agent_channel: str = "left"
    as_if_live: bool = False


@dataclass(frozen=True)
class FileJob:
    index: int  # position in the batch, from 0
    name: str  # the path as the caller gave it: what outputs and the library show
    settings: JobSettings
    audio: bytes | None = None  # the file's bytes, for a worker on another machine


@dataclass(frozen=True)
class FileOutcome:
    """A finished file: a result (perhaps with damage to report), or an error, never both."""

    index: int
    name: str
    result: CallResult | None
    damage: str | None = None  # the file was damaged; what could be read is in ``result``
    error: str | None = None  # one line: why there is no result


class RecognizerCache:
    """Models loaded in this process, one per (model, options, thread): a worker pays the
    load once, not per file. Per thread because a decoder keeps state between calls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: dict[tuple, WhisperRecognizer] = {}

    def get(self, settings: JobSettings) -> WhisperRecognizer:
        from assistant.engine.configure import load_recognizer
        from assistant.paths import default_models_dir

        options = settings.config.transcription
        key = (settings.model, settings.models_dir, options, threading.get_ident())
        with self._lock:
            if key not in self._loaded:
                models = Path(settings.models_dir) if settings.models_dir else default_models_dir()
                self._loaded[key] = load_recognizer(settings.model, models, options)
            return self._loaded[key]


def pin_process_threads(threads: int) -> None:
    """Before the first model loads in a worker process: its thread pools get the job's
    threads, whatever the process inherited (a Dask nanny sets them all to 1)."""
    from assistant.asr.whisper import decoding_workers

    _, per_worker = decoding_workers(threads)  # the job's threads, as its decoding workers
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(per_worker)
    os.environ["HF_HUB_OFFLINE"] = "1"


# One per worker process: the pool and Dask call ``transcribe_job`` by reference, so the
# loaded models can only live at module level in that process.
_PROCESS_MODELS = RecognizerCache()


def transcribe_job(job: FileJob) -> FileOutcome:
    """Runs in the worker. A problem with the file or the model is an outcome with an error
    (trying again elsewhere would not help); anything else raises, for the caller to retry."""
    try:
        recognizer = _PROCESS_MODELS.get(job.settings)
        if job.audio is None:
            return _replay(job, Path(job.name), recognizer)
        with tempfile.TemporaryDirectory(prefix="assistant-job-") as folder:
            local = Path(folder) / (Path(job.name).name or "audio")
            local.write_bytes(job.audio)
            try:
                return _replay(job, local, recognizer)
            except AssistantError as exc:
                # Say it of the caller's file, not of this worker's temporary copy.
                raise type(exc)(str(exc).replace(str(local), job.name)) from None
    except AssistantError as exc:
        return FileOutcome(job.index, job.name, None, error=str(exc))


def _replay(job: FileJob, path: Path, recognizer: WhisperRecognizer) -> FileOutcome:
    from assistant.services.transcribe import transcribe_recording

    s = job.settings
    replay = transcribe_recording(path, s.config, recognizer, agent_channel=s.agent_channel,
                                  as_if_live=s.as_if_live)
    result = replay.result
    if result.recording.path != job.name:
        result = dataclasses.replace(
            result, recording=dataclasses.replace(result.recording, path=job.name))
    damage = replay.damage.replace(str(path), job.name) if replay.damage else None
    return FileOutcome(job.index, job.name, result, damage=damage)
