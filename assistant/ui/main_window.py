"""The main window: the live call and the library as tabs, menus, shortcuts, drops.

It assembles the parts and routes between them; the parts do the work
(``CallActions`` starts calls, ``CallController`` runs them, the views show
them, ``TranscribePanel`` transcribes recordings).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import QDialog, QMainWindow, QMenu, QTabWidget, QWidget

from assistant.services.app_context import AppContext
from assistant.settings import AppSettings
from assistant.ui.call_actions import CallActions
from assistant.ui.dialogs.about_group import app_folders
from assistant.ui.dialogs.first_run import FirstRunDialog
from assistant.ui.dialogs.settings_dialog import SettingsDialog
from assistant.ui.hotkey import GlobalHotkey
from assistant.ui.i18n import apply_settings, is_language_change, translate
from assistant.ui.icon import app_icon
from assistant.ui.tray import Tray
from assistant.ui.views.compact_view import CompactPanel
from assistant.ui.views.library_view import LibraryView
from assistant.ui.views.live_view import SHORTCUT, LiveView, global_shortcut_hint
from assistant.ui.views.team_view import TeamView
from assistant.ui.views.transcribe_panel import TranscribePanel
from assistant.ui.widgets.meters import MeterModel
from assistant.ui.workers.call_controller import CallController, CallState

COMPACT_SHORTCUT = "Ctrl+Shift+M"


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.controller = CallController(ctx.store, self)
        self.meters = MeterModel(self.controller, self)
        self.live = LiveView(self.controller, self.meters, ctx.linger_ms)
        self.transcribe = TranscribePanel(lambda: self.ctx.settings,
                                          lambda: self.ctx.settings.data_path())
        self.library = LibraryView(ctx.store, self.transcribe)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.live, "")
        self.tabs.addTab(self.library, "")
        self.team = TeamView(ctx.store)  # figures across calls, computed when first shown
        self.tabs.addTab(self.team, "")
        self.setCentralWidget(self.tabs)
        self.compact = CompactPanel(self.controller, self.meters)
        self.actions_ = CallActions(ctx, self.controller, self.meters, self.live, self)

        self.library.problem.connect(self.live.banner.say)
        self.team.problem.connect(self.live.banner.say)
        self.tabs.currentChanged.connect(self._on_tab)
        self.actions_.call_saved.connect(self.library.show_call)
        self.actions_.wants_first_run.connect(self.first_run)
        self.live.compact_requested.connect(self.toggle_compact)
        self.compact.expand_requested.connect(self.toggle_compact)
        self.compact.start_stop.connect(self.actions_.toggle)
        self.meters.updated.connect(self._device_notes)
        self.controller.state_changed.connect(self._on_state)
        self._build_menus()
        self.setWindowIcon(app_icon())
        self.tray = Tray(app_icon(), toggle_call=self.actions_.toggle,
                         toggle_compact=self.toggle_compact, show_window=self.show_window,
                         quit_app=self.close, parent=self)
        self.controller.state_changed.connect(self.tray.show_state)
        self.hotkey = GlobalHotkey(parent=self)
        self.hotkey.activated.connect(self.actions_.toggle)
        if QGuiApplication.platformName() == "xcb":  # X11: the shortcut can be system-wide
            self.enable_global_shortcut()
        if ctx.store_problem:
            self.live.banner.say(ctx.store_problem)
        self.library.refresh()
        self._global_shortcut = False
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(translate("MainWindow", "Listening assistant"))
        self.tabs.setTabText(0, translate("MainWindow", "Live call"))
        self.tabs.setTabText(1, translate("MainWindow", "Library"))
        self.tabs.setTabText(2, translate("MainWindow", "Team"))
        self.file_menu.setTitle(translate("MainWindow", "&File"))
        self.open_action.setText(translate("MainWindow", "Open recordings…"))
        self.quit_action.setText(translate("MainWindow", "Quit"))
        self.call_menu.setTitle(translate("MainWindow", "&Call"))
        self.start_action.setText(translate("MainWindow", "Start or stop call"))
        self.start_action.setToolTip(translate("MainWindow", "Works from any app")
                                     if self._global_shortcut else
                                     translate("MainWindow", "Works while this app has focus"))
        self.demo_action.setText(translate("MainWindow", "Play demo call"))
        self.compact_action.setText(translate("MainWindow", "Compact mode"))
        self.settings_menu.setTitle(translate("MainWindow", "&Settings"))
        self.settings_action.setText(translate("MainWindow", "Settings…"))
        if self._global_shortcut:
            self.compact.start_button.setToolTip(global_shortcut_hint())
        self.tray.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def enable_global_shortcut(self, display: str | None = None) -> str | None:
        """Start/stop from any app; ``None`` on success, else why not (in-app only)."""
        why = self.hotkey.start(display)
        if why is None:
            self._global_shortcut = True
            self.live.set_global_shortcut(True)
            self.start_action.setToolTip(translate("MainWindow", "Works from any app"))
            self.compact.start_button.setToolTip(global_shortcut_hint())
        return why

    def _build_menus(self) -> None:
        # Texts are set in retranslate(), in the window's language.
        bar = self.menuBar()
        self.file_menu = file_menu = bar.addMenu("")
        self.open_action = self._action(file_menu, "Ctrl+O", self._open_recordings)
        file_menu.addSeparator()
        self.quit_action = self._action(file_menu, "Ctrl+Q", self.close)
        self.call_menu = call_menu = bar.addMenu("")
        self.start_action = self._action(call_menu, SHORTCUT, self.actions_.toggle)
        self.demo_action = self._action(call_menu, None, self.actions_.start_demo)
        self.compact_action = self._action(call_menu, COMPACT_SHORTCUT, self.toggle_compact)
        self.settings_menu = bar.addMenu("")
        self.settings_action = self._action(self.settings_menu, "Ctrl+,", self.open_settings)

    def _action(self, menu: QMenu, keys: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(self)
        if keys:
            action.setShortcut(QKeySequence(keys))
            # Any window of the app (the compact panel too) takes the shortcut.
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- modes and dialogs --------------------------------------------------------

    def toggle_compact(self) -> None:
        if self.compact.isVisible():
            area = self.compact.give_back_prompts()
            if area is not None:
                self.live.side.insertWidget(0, area, 1)
            self.compact.hide()
            self.show()
            self.raise_()
        else:
            self.compact.take_prompts(self.live.prompts)
            screen = self.screen().availableGeometry()
            self.compact.resize(self.compact.width(), min(screen.height(), 800))
            self.compact.move(screen.right() - self.compact.width(), screen.top())
            self.compact.show()
            self.hide()

    def open_settings(self) -> None:
        if self.controller.busy:
            self.live.banner.say(translate("MainWindow",
                                           "Settings can be changed after this call"))
            return
        dialog = SettingsDialog(self.ctx.settings, self, folders=self.folders())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._keep(dialog.result_settings())

    def folders(self) -> dict[str, Path]:
        """Where the app keeps things, for Settings → About."""
        return app_folders(self.ctx.settings, self.ctx.settings_path)

    def show_window(self) -> None:
        if self.compact.isVisible():
            self.toggle_compact()
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def first_run(self) -> None:
        dialog = FirstRunDialog(self.ctx.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._keep(dialog.result_settings())
            self.actions_.start_live()

    def _keep(self, settings: AppSettings) -> None:
        problem = self.ctx.save_settings(settings)
        if problem:
            self.live.banner.say(problem)
        self.apply_language()

    def apply_language(self) -> str:
        """Speak the settings' language now (every window retranslates itself)."""
        app = QGuiApplication.instance()
        assert app is not None
        return apply_settings(app, self.ctx.settings)

    def _on_state(self, state: CallState) -> None:
        busy = state is not CallState.IDLE
        self.settings_action.setEnabled(not busy)
        self.demo_action.setEnabled(not busy)
        if busy:
            self.tabs.setCurrentWidget(self.live)

    def _on_tab(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.team:
            self.team.refresh()  # the library may have changed since

    def _device_notes(self, _reading: object) -> None:
        for note in self.controller.tap.take_notes():
            text = note.message[:1].upper() + note.message[1:]
            if note.problem:
                self.live.banner.say(note.message)
            else:
                self.live.hint.setText(text)
            self.compact.status.setText(text)

    # --- recordings ---------------------------------------------------------------

    def _open_recordings(self) -> None:
        self.tabs.setCurrentWidget(self.library)
        self.transcribe.choose_files()

    def open_recordings(self, paths: list[Path]) -> None:
        self.tabs.setCurrentWidget(self.library)
        self.transcribe.add_files(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_recordings(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hotkey.stop()
        self.tray.hide()
        self.controller.shutdown()
        self.transcribe.shutdown()
        self.team.shutdown()
        self.compact.deleteLater()
        self.ctx.close()
        super().closeEvent(event)
