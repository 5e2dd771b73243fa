"""Transcribing many recordings at once: in local processes (``--jobs``) or on a Dask cluster.

Qt-free. Each worker process loads the model once and returns a typed ``FileOutcome`` per
file; the caller stores results and writes outputs, so nothing is stored by a worker.
"""

from assistant.batch.job import FileJob, FileOutcome, JobSettings, transcribe_job

__all__ = ["FileJob", "FileOutcome", "JobSettings", "transcribe_job"]
