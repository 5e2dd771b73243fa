"""The tray icon: start or stop a call, and the compact panel, without the main window.

Built whether or not the desktop has a tray (the menu is the same object either
way); shown only where there is one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from assistant.ui.workers.call_controller import CallState


class Tray(QSystemTrayIcon):
    def __init__(self, icon: QIcon, *, toggle_call: Callable[[], object],
                 toggle_compact: Callable[[], object], show_window: Callable[[], object],
                 quit_app: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(icon, parent)
        self.setToolTip("Listening assistant")
        self.menu = QMenu(parent)
        self.start_action = self._add("Start call", toggle_call)
        self.compact_action = self._add("Compact panel", toggle_compact)
        self.window_action = self._add("Show window", show_window)
        self.menu.addSeparator()
        self.quit_action = self._add("Quit", quit_app)
        self.setContextMenu(self.menu)
        # A click on the icon itself: the panel, what an agent mid-call wants to see.
        self.activated.connect(
            lambda reason: toggle_compact() if reason == QSystemTrayIcon.ActivationReason.Trigger
            else None)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.show()

    def _add(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.menu)
        action.triggered.connect(lambda _=False: slot())
        self.menu.addAction(action)
        return action

    def show_state(self, state: CallState) -> None:
        idle = state is CallState.IDLE
        self.start_action.setText("Start call" if idle else "Stop call")
        self.setToolTip("Listening assistant" if idle else "Listening assistant: in a call")
