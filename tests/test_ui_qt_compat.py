"""The guard against a PySide6 that drops references to None/True/False (see qt_compat)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

STRESS = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QApplication, QWidget
    from assistant.ui import qt_compat

    guarded = qt_compat.protect_singletons()
    app = QApplication([])

    class Busy(QObject):
        ping = Signal(object)

    class Widget(QWidget):
        def resizeEvent(self, event):  # a Python override returning None
            pass

    busy, widget = Busy(), Widget()
    busy.ping.connect(lambda item: None)
    for i in range(200_000):
        busy.ping.emit(i)
    for i in range(20_000):
        widget.resize(100 + i % 50, 80)
        widget.property("missing")
    print("guarded" if guarded else "not needed")
""")


def test_many_emits_and_overrides_do_not_abort_the_interpreter():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", STRESS], env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "dealloc" not in proc.stderr
    assert proc.stdout.strip() in ("guarded", "not needed")


def test_guard_is_idempotent_and_harmless():
    from assistant.ui import qt_compat

    first = qt_compat.protect_singletons()
    count = sys.getrefcount(None)
    assert qt_compat.protect_singletons() == first
    assert abs(sys.getrefcount(None) - count) < 1000  # not applied twice
