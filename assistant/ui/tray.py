"""The tray icon: start or stop a call, and the compact panel, without the main window.

Built whether or not the desktop has a tray (the menu is the same object either
way); shown only where there is one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from assistant.ui.i18n import translate
from assistant.ui.workers.call_controller import CallState


class Tray(QSystemTrayIcon):
    def __init__(self, icon: QIcon, *, toggle_call: Callable[[], object],
                 toggle_compact: Callable[[], object], show_window: Callable[[], object],
                 quit_app: Callable[[], object], parent: QWidget | None = None) -> None:
        super().__init__(icon, parent)
        self.idle = True
        self.menu = QMenu(parent)
        self.start_action = self._add(toggle_call)
        self.compact_action = self._add(toggle_compact)
        self.window_action = self._add(show_window)
        self.menu.addSeparator()
        self.quit_action = self._add(quit_app)
        self.setContextMenu(self.menu)
        self.retranslate()
        # A click on the icon itself: the panel, what an agent mid-call wants to see.
        self.activated.connect(
            lambda reason: toggle_compact() if reason == QSystemTrayIcon.ActivationReason.Trigger
            else None)
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.show()

    def _add(self, slot: Callable[[], object]) -> QAction:
        action = QAction(self.menu)
        action.triggered.connect(lambda _=False: slot())
        self.menu.addAction(action)
        return action

    def retranslate(self) -> None:
        """The texts in the window's language; the main window calls it on a language change
        (a tray icon is not a widget and gets no change event of its own)."""
        self.start_action.setText(translate("Tray", "Start call") if self.idle
                                  else translate("Tray", "Stop call"))
        self.compact_action.setText(translate("Tray", "Compact panel"))
        self.window_action.setText(translate("Tray", "Show window"))
        self.quit_action.setText(translate("Tray", "Quit"))
        self.setToolTip(translate("Tray", "Listening assistant") if self.idle
                        else translate("Tray", "Listening assistant: in a call"))

    def show_state(self, state: CallState) -> None:
        self.idle = state is CallState.IDLE
        self.retranslate()
