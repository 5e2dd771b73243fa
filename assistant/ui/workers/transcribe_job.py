"""Transcribing recordings for the library in a child process, with progress and cancel.

The child (``assistant.services.transcribe_child``) reports ``batch_messages``,
a JSON line each; this side reads them as they come (QProcess signals, no
polling, no waiting) and turns them into typed signals. Cancel terminates the
child, and kills it if it has not gone after a grace period.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from assistant.services import transcribe_child
from assistant.services.batch_messages import (
    BatchDone,
    BatchMessage,
    Failed,
    FileProgress,
    FileSaved,
    FileStarted,
    Loading,
    from_line,
)
from assistant.settings import AppSettings

KILL_AFTER_MS = 3000


class TranscribeJob(QObject):
    loading = Signal()
    file_started = Signal(int, str, object)  # index, path, duration in seconds or None
    progress = Signal(int, float)  # index, seconds transcribed
    file_saved = Signal(int, int, list)  # index, call id, notes
    file_failed = Signal(int, str)  # index (-1: the whole batch), message
    finished = Signal(int, int, bool)  # saved, failed, cancelled

    def __init__(self, files: list[Path], settings: AppSettings, data_dir: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files = files
        self.cancelled = False
        self._done_seen = False
        self._saved = self._failed = 0
        self._buffer = b""
        self._process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("HF_HUB_OFFLINE", "1")
        env.insert("PYTHONUNBUFFERED", "1")
        env.insert("PYTHONIOENCODING", "utf-8")
        self._process.setProcessEnvironment(env)
        self._process.setProgram(sys.executable)
        self._process.setArguments(["-m", "assistant.services.transcribe_child",
                                    *transcribe_child.arguments(settings, data_dir, files)])
        self._process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self._process.readyReadStandardOutput.connect(self._read)
        self._process.readyReadStandardError.connect(self._read_errors)
        self._errors = ""
        self._process.finished.connect(self._on_finished)
        self._process.errorOccurred.connect(self._on_error)
        self._kill = QTimer(self)
        self._kill.setSingleShot(True)
        self._kill.setInterval(KILL_AFTER_MS)
        self._kill.timeout.connect(self._process.kill)

    def start(self) -> None:
        self._process.start()

    @property
    def running(self) -> bool:
        return self._process.state() != QProcess.ProcessState.NotRunning

    def cancel(self) -> None:
        if self.running:
            self.cancelled = True
            self._process.terminate()
            self._kill.start()

    def wait(self, ms: int) -> None:
        """Only for shutting down: let a terminated child go (bounded)."""
        self._process.waitForFinished(ms)

    def _read(self) -> None:
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            message = from_line(line)
            if message is not None:  # else a stray print from a library: not ours
                self._handle(message)

    def _read_errors(self) -> None:
        text = bytes(self._process.readAllStandardError().data()).decode("utf-8", "replace")
        self._errors = (self._errors + text)[-4000:]  # the tail explains a crash

    def _handle(self, message: BatchMessage) -> None:
        if isinstance(message, Loading):
            self.loading.emit()
        elif isinstance(message, FileStarted):
            self.file_started.emit(message.index, message.path, message.duration)
        elif isinstance(message, FileProgress):
            self.progress.emit(message.index, float(message.seconds))
        elif isinstance(message, FileSaved):
            self._saved += 1
            self.file_saved.emit(message.index, message.call_id, list(message.notes))
        elif isinstance(message, Failed):
            self._failed += 1
            self.file_failed.emit(-1 if message.index is None else message.index,
                                  message.message)
        elif isinstance(message, BatchDone):
            self._done_seen = True

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.file_failed.emit(-1, f"could not start the transcriber ({sys.executable})")
            self.finished.emit(0, len(self.files), False)

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._kill.stop()
        self._read()
        if not self._done_seen and not self.cancelled:
            self._read_errors()
            last = (self._errors.strip().splitlines() or [f"exit status {code}"])[-1]
            self.file_failed.emit(-1, f"the transcriber stopped unexpectedly: {last}")
        self.finished.emit(self._saved, max(self._failed, 0), self.cancelled)
