"""Open or drop recordings: they are transcribed one batch at a time, with progress and cancel.

Files added while a batch runs wait for the next one. Each finished file
lands in the library (``call_saved``); problems are listed in one line each.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assistant.settings import AppSettings
from assistant.ui.i18n import is_language_change, plural, translate
from assistant.ui.workers.transcribe_job import TranscribeJob

AUDIO_FILTER = ("Recordings (*.wav *.flac *.mp3 *.m4a *.ogg *.opus *.aac *.wma *.webm *.mp4);;"
                "All files (*)")


def _recordings(n: int) -> str:
    return plural(n, translate("TranscribePanel", "1 recording"),
                  translate("TranscribePanel", "%n recordings"))


class TranscribePanel(QFrame):
    call_saved = Signal(int)  # the library id of a newly transcribed call
    batch_finished = Signal()

    def __init__(self, settings: Callable[[], AppSettings], data_dir: Callable[[], Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self._settings = settings
        self._data_dir = data_dir
        self.job: TranscribeJob | None = None
        self.waiting: list[Path] = []
        self._duration: float | None = None
        self._problems: list[str] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        top = QHBoxLayout()
        # Texts are set in retranslate(), in the window's language.
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.choose_files)
        top.addWidget(self.open_button)
        self.label = QLabel()
        self.label.setObjectName("muted")
        self.label.setWordWrap(True)
        top.addWidget(self.label, 1)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()
        top.addWidget(self.cancel_button)
        layout.addLayout(top)
        self.bar = QProgressBar()
        self.bar.hide()
        layout.addWidget(self.bar)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setObjectName("muted")
        self.problems.hide()
        layout.addWidget(self.problems)
        self.retranslate()

    def retranslate(self) -> None:
        self.open_button.setText(translate("TranscribePanel", "Open recordings…"))
        self.open_button.setToolTip(translate(
            "TranscribePanel", "Transcribe call recordings into the library (stereo: "
            "one party per channel). You can also drop files here."))
        if self.job is None:  # otherwise the progress says what is going on
            self.label.setText(translate(
                "TranscribePanel", "Drop recordings anywhere on this window to transcribe "
                "them."))
        self.cancel_button.setText(translate("TranscribePanel", "Cancel"))
        self.cancel_button.setToolTip(translate(
            "TranscribePanel", "Stop transcribing; files already finished stay in the "
            "library"))

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, translate(
            "TranscribePanel", "Transcribe recordings"), "", AUDIO_FILTER)
        self.add_files([Path(n) for n in names])

    def add_files(self, files: list[Path]) -> None:
        files = [f for f in files if f not in self.waiting]
        if not files:
            return
        self.waiting.extend(files)
        if self.job is None:
            self._start_next()
        else:
            self._show_queue()

    def cancel(self) -> None:
        self.waiting.clear()
        if self.job is not None:
            self.label.setText(translate("TranscribePanel", "Cancelling…"))
            self.job.cancel()

    def shutdown(self) -> None:
        self.waiting.clear()
        if self.job is not None:
            self.job.cancel()
            self.job.wait(5000)

    @property
    def busy(self) -> bool:
        return self.job is not None

    # --- one batch ------------------------------------------------------------

    def _start_next(self) -> None:
        files, self.waiting = self.waiting, []
        self._problems = []
        self.problems.hide()
        job = TranscribeJob(files, self._settings(), self._data_dir(), self)
        job.loading.connect(lambda: self.label.setText(translate(
            "TranscribePanel", "Loading the speech model…")))
        job.file_started.connect(self._on_file)
        job.progress.connect(self._on_progress)
        job.file_saved.connect(self._on_saved)
        job.file_failed.connect(self._on_failed)
        job.finished.connect(self._on_finished)
        self.job = job
        self.bar.setRange(0, 0)  # busy until the first file reports its length
        self.bar.show()
        self.cancel_button.show()
        self.label.setText(translate("TranscribePanel", "Starting to transcribe %1…").replace(
            "%1", _recordings(len(files))))
        job.start()

    def _name(self, index: int) -> str:
        job = self.job
        if job and 0 <= index < len(job.files):
            return job.files[index].name
        return translate("TranscribePanel", "recording")

    def _on_file(self, index: int, _path: str, duration: object) -> None:
        total = len(self.job.files) if self.job else 1
        self._duration = float(duration) if isinstance(duration, int | float) else None
        self.label.setText(translate("TranscribePanel", "Transcribing %1 (%2 of %3)").replace(
            "%1", self._name(index)).replace("%2", str(index + 1)).replace("%3", str(total)))
        if self._duration:
            self.bar.setRange(0, 1000)
            self.bar.setValue(0)
        else:
            self.bar.setRange(0, 0)

    def _on_progress(self, _index: int, seconds: float) -> None:
        if self._duration:
            self.bar.setValue(min(1000, round(1000 * seconds / self._duration)))

    def _on_saved(self, index: int, call_id: int, notes: list) -> None:
        self.bar.setValue(self.bar.maximum())
        for note in notes:
            self._problem(f"{self._name(index)}: {note}")
        self.call_saved.emit(call_id)

    def _on_failed(self, index: int, message: str) -> None:
        self._problem(message if index < 0 else f"{self._name(index)}: {message}")

    def _problem(self, text: str) -> None:
        self._problems.append(text)
        self.problems.setText("\n".join(self._problems[-6:]))
        self.problems.show()

    def _on_finished(self, saved: int, failed: int, cancelled: bool) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.deleteLater()
        self.bar.hide()
        self.cancel_button.hide()
        if cancelled:
            self.label.setText(translate("TranscribePanel", "Cancelled after %1.").replace(
                "%1", _recordings(saved)))
        elif failed:
            self.label.setText(translate(
                "TranscribePanel", "Done: %1 added to the library, %2 could not be read."
            ).replace("%1", _recordings(saved)).replace("%2", str(failed)))
        else:
            self.label.setText(translate(
                "TranscribePanel", "Done: %1 added to the library.").replace(
                "%1", _recordings(saved)))
        self.batch_finished.emit()
        if self.waiting:
            self._start_next()

    def _show_queue(self) -> None:
        self.label.setText(self.label.text().split(" · ")[0] + " · " + plural(
            len(self.waiting), translate("TranscribePanel", "1 more waiting"),
            translate("TranscribePanel", "%n more waiting")))
