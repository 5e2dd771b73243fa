"""A guard against a PySide6 that loses references to None, True and False.

PySide6 6.12.0 on Python 3.11 returns ``None``/``True``/``False`` to Python
without taking a reference in several places: every ``Signal.emit`` takes one
from ``True``, every Python override of a virtual (``paintEvent``,
``resizeEvent`` ...) and ``QObject.property`` of a missing name one from
``None``. Python 3.12 made these objects immortal, so such code is harmless
there; on 3.11 a few thousand calls (one demo call's meters and transcript)
bring a count to zero and the interpreter aborts with "none_dealloc" or
"bool_dealloc".

``protect_singletons`` finds out whether the installed PySide6 does this
and, if so, gives the three objects a reserve of references as large as
Python 3.12's "immortal" count, so no realistic session can use it up. It
changes nothing on a sound PySide6 or on Python 3.12+.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # references added to each singleton: ~10^12 lost calls
_PROBES = 64
_done = False


def _emit_takes_references() -> bool:
    """Emits a private signal and sees whether ``True`` lost a reference each time."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    _add_references(True, max(0, lost))  # give back what the probe itself took
    return lost >= _PROBES // 2


def _add_references(obj: object, count: int) -> None:
    if count > 0:
        # ob_refcnt is the first field of every object (a Py_ssize_t) in CPython.
        ctypes.c_ssize_t.from_address(id(obj)).value += count


def protect_singletons() -> bool:
    """Guard None/True/False when needed (once); returns whether the guard is on."""
    global _done
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _done:
        _done = True
        if not _emit_takes_references():
            return False
        for singleton in (None, True, False):
            _add_references(singleton, _RESERVE)
    return sys.getrefcount(None) > _RESERVE
