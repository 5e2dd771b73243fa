"""Starts and stops calls; owns the worker thread so the views never touch one.

The views connect once to ``signals`` (the engine's records) and to the
controller's own signals; a call is one ``CallWorker`` on one QThread. Stop
is a thread-safe call into the session (the worker's thread is busy running
it, so a queued slot would never run); the thread ends when the worker does.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QObject, QThread, Signal

from assistant.i18n import QT_TRANSLATE_NOOP
from assistant.services.live_stats import BlockTap
from assistant.store import CallStore
from assistant.ui.workers.call_worker import CallOutcome, CallPlan, CallWorker, EngineSignals


class CallState(str, enum.Enum):
    IDLE = "idle"
    STARTING = "starting"  # loading the model, opening devices
    RUNNING = "running"
    STOPPING = "stopping"  # no more audio; the last words are being transcribed


class CallController(QObject):
    state_changed = Signal(CallState)
    status = Signal(str)
    problem = Signal(str)  # a friendly line for the banner (never a modal popup)
    call_started = Signal(object)  # the library's id of the call, or None
    call_finished = Signal(CallOutcome)

    def __init__(self, store: CallStore | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.signals = EngineSignals(self)
        self.tap = BlockTap()
        self.state = CallState.IDLE
        self.plan: CallPlan | None = None
        self.call_id: int | None = None
        self._thread: QThread | None = None
        self._worker: CallWorker | None = None

    @property
    def busy(self) -> bool:
        return self.state is not CallState.IDLE

    def start(self, plan: CallPlan) -> bool:
        if self.busy:
            return False
        self.plan = plan
        self.call_id = None
        self.tap = BlockTap()
        thread = QThread(self)
        thread.setObjectName("call-worker")
        worker = CallWorker(plan, self.signals, self.tap, self.store)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.status.connect(self._on_status)
        worker.failed.connect(self.problem)
        worker.call_started.connect(self._on_call_started)
        worker.done.connect(self._on_done)
        thread.finished.connect(worker.deleteLater)
        self._thread, self._worker = thread, worker
        self._set_state(CallState.STARTING)
        thread.start()
        return True

    def stop(self) -> None:
        if self._worker is not None and self.state in (CallState.STARTING, CallState.RUNNING):
            self._set_state(CallState.STOPPING)
            self.status.emit(QT_TRANSLATE_NOOP("LiveView", "Finishing the transcript…"))
            self._worker.stop()

    def shutdown(self, timeout_ms: int = 15000) -> None:
        """On quit: drop pending work and wait for the thread (bounded)."""
        if self._worker is not None:
            self._worker.abort()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(timeout_ms)

    # --- from the worker (queued to the GUI thread) -------------------------

    def _on_status(self, text: str) -> None:
        if text == "Listening" and self.state is CallState.STARTING:
            self._set_state(CallState.RUNNING)
        self.status.emit(text)

    def _on_call_started(self, call_id: object) -> None:
        self.call_id = call_id if isinstance(call_id, int) else None
        self.call_started.emit(call_id)

    def _on_done(self, outcome: CallOutcome) -> None:
        thread = self._thread
        self._thread, self._worker = None, None
        if thread is not None:
            thread.quit()
            thread.wait()  # the worker has returned: this only joins its thread
            thread.deleteLater()
        self._set_state(CallState.IDLE)
        self.call_finished.emit(outcome)

    def _set_state(self, state: CallState) -> None:
        self.state = state
        self.state_changed.emit(state)
