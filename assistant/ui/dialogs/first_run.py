"""The first-run guide: what the assistant does, and how it hears both sides of a call.

Shown once, before the first live call (never over the demo, never during a
call). Choosing devices here is the same as in Settings.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from assistant.settings import AppSettings
from assistant.ui.dialogs.devices_group import DevicesGroup
from assistant.ui.i18n import QT_TRANSLATE_NOOP, translate

WELCOME = QT_TRANSLATE_NOOP(
    "FirstRunDialog",
    "The assistant listens to your calls on this computer \u2014 nothing leaves it \u2014 and "
    "shows a short prompt when you talk over the customer, or when they have to repeat a "
    "request. To hear both of you it needs two inputs: your microphone, and the customer's "
    "audio as you hear it."
)


class FirstRunDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("FirstRunDialog", "Welcome to the listening assistant"))
        self.settings = settings
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        title = QLabel(translate("FirstRunDialog", "Before your first call"))
        title.setStyleSheet("font-size: 17pt; font-weight: 700;")
        layout.addWidget(title)
        intro = QLabel(translate("FirstRunDialog", WELCOME))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.devices = DevicesGroup(settings)
        layout.addWidget(self.devices, 1)
        later = QLabel(translate(
            "FirstRunDialog", "You can change this at any time in Settings. To see what the "
            "prompts look like first, close this and press \u201cPlay demo call\u201d."))
        later.setObjectName("muted")
        later.setWordWrap(True)
        layout.addWidget(later)
        buttons = QDialogButtonBox()
        buttons.addButton(translate("FirstRunDialog", "Use these devices"),
                          QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(translate("FirstRunDialog", "Not now"),
                          QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 600)

    def result_settings(self) -> AppSettings:
        return dataclasses.replace(self.devices.apply_to(self.settings), first_run_done=True)

    def done(self, result: int) -> None:
        self.devices.close_probe()
        super().done(result)
