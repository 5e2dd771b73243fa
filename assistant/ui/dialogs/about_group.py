"""Settings → About: the version, and the folders where the app keeps things."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from assistant import __version__
from assistant.settings import AppSettings
from assistant.ui.i18n import QT_TRANSLATE_NOOP, translate

# The folders' names: keys of ``app_folders``, shown translated.
CALLS = QT_TRANSLATE_NOOP("AboutGroup", "Calls")
SETTINGS = QT_TRANSLATE_NOOP("AboutGroup", "Settings")
LOG = QT_TRANSLATE_NOOP("AboutGroup", "Log")


def app_folders(settings: AppSettings, settings_path: Path | None) -> dict[str, Path]:
    """Where the app keeps things: the call library, the settings file's folder, the log."""
    from assistant import settings as settings_io
    from assistant.applog import log_folder

    settings_file = settings_path or settings_io.default_path()
    return {CALLS: settings.data_path(), SETTINGS: settings_file.parent, LOG: log_folder()}


class AboutGroup(QGroupBox):
    def __init__(self, folders: dict[str, Path], parent: QWidget | None = None) -> None:
        """``folders``: label → folder (calls, settings, log), each shown with "Open"."""
        super().__init__(translate("AboutGroup", "About: Listening assistant %1").replace(
            "%1", __version__), parent)
        # A grid, not a form of nested rows: a long path wraps and its row grows with it
        # (longer folder names in Swedish and Danish leave the path less width).
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.paths: dict[str, QLabel] = {}
        for row, (label, folder) in enumerate(folders.items()):
            path = QLabel(str(folder))
            path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            path.setWordWrap(True)
            button = QPushButton(translate("AboutGroup", "Open"))
            button.setToolTip(translate("AboutGroup", "Open %1 in the file manager").replace(
                "%1", str(folder)))
            button.clicked.connect(lambda _=False, f=folder: _open(f))
            grid.addWidget(QLabel(translate("AboutGroup", label)), row, 0)
            grid.addWidget(path, row, 1)
            grid.addWidget(button, row, 2)
            self.paths[label] = path


def _open(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
