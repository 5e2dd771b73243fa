"""Ctrl+C in the terminal that started the app closes it, as its window's close button does.

Qt's event loop runs in C++, and Python runs a signal handler only when it next
executes Python code, which in an idle app may be never: Ctrl+C did nothing.
``signal.set_wakeup_fd`` makes the C-level handler also write a byte to a socket
that a ``QSocketNotifier`` watches, so the loop wakes at once, runs a (Python)
slot, and with it the handler. No polling timer.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import threading
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier


def close_on_interrupt(parent: QObject, close: Callable[[], None]) -> Callable[[], None]:
    """Call ``close`` on SIGINT while the event loop runs; returns what undoes it."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None  # signals are only delivered to the main thread
    wake_read, wake_write = socket.socketpair()
    wake_read.setblocking(False)
    wake_write.setblocking(False)
    previous_fd = signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(wake_read.fileno(), QSocketNotifier.Type.Read, parent)

    def drain() -> None:
        with contextlib.suppress(OSError):
            wake_read.recv(4096)

    notifier.activated.connect(drain)

    def on_interrupt(signum: int, frame: FrameType | None) -> None:
        close()

    previous = signal.signal(signal.SIGINT, on_interrupt)

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)
        signal.set_wakeup_fd(previous_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        wake_read.close()
        wake_write.close()

    return restore
