"""A system-wide start/stop shortcut on X11: it works while the CRM has focus.

The key is grabbed on the X root window, and the X connection's socket is
watched by the Qt event loop (``QSocketNotifier``), so there is no thread and
the slot runs on the GUI thread. Elsewhere (Wayland, Windows, macOS, or the
key already taken by another program) ``start`` says why not, and the app
keeps its in-app shortcut.
"""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, Signal

# Caps Lock and Num Lock change the modifier state; grab with each combination.
_LOCKS = (0, 1 << 1, 1 << 4, (1 << 1) | (1 << 4))  # none, LockMask, Mod2Mask, both
_REPEAT_MS = 600  # presses closer than this are the keyboard's auto-repeat


class GlobalHotkey(QObject):
    """Ctrl+Shift+Space (by default) anywhere on the X display."""

    activated = Signal()

    def __init__(self, key: str = "space", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._display: Any = None
        self._keycode = 0
        self._notifier: QSocketNotifier | None = None
        self._last_press: int | None = None  # X server time (ms) of the last press taken

    def start(self, display_name: str | None = None) -> str | None:
        """Grab the key; ``None`` on success, else why it is not available."""
        name = display_name or os.environ.get("DISPLAY")
        if not name:
            return "no X display (system-wide shortcuts need X11)"
        try:
            from Xlib import XK, X, display, error
        except ImportError:
            return "python-xlib is not installed"
        try:
            self._display = display.Display(name)
        except (error.DisplayError, OSError) as exc:
            return f"cannot open X display {name}: {exc}"
        d = self._display
        self._keycode = d.keysym_to_keycode(XK.string_to_keysym(self.key))
        root = d.screen().root
        caught = error.CatchError(error.BadAccess)
        for lock in _LOCKS:
            root.grab_key(self._keycode, X.ControlMask | X.ShiftMask | lock, True,
                          X.GrabModeAsync, X.GrabModeAsync, onerror=caught)
        d.sync()
        if caught.get_error() is not None:
            self.stop()
            return "Ctrl+Shift+Space is already taken by another program"
        self._notifier = QSocketNotifier(d.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._read)
        return None

    def _read(self) -> None:
        from Xlib import X

        d = self._display
        if d is None:
            return
        while d.pending_events():
            event = d.next_event()
            if event.type == X.KeyPress and event.detail == self._keycode:
                # Holding the keys auto-repeats the press: one start, not start-stop-start.
                repeat = (self._last_press is not None
                          and (event.time - self._last_press) % 2**32 < _REPEAT_MS)
                self._last_press = event.time
                if not repeat:
                    self.activated.emit()

    def stop(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier = None
        if self._display is not None:
            self._display.close()
            self._display = None

    @property
    def active(self) -> bool:
        return self._notifier is not None
