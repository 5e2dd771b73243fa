"""Settings: devices, language, model, talk-over sensitivity, prompts, data.

Opened only between calls (nothing to configure mid-call). Returns a new
``AppSettings``; the caller saves it and passes it on.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from assistant.asr.models import list_models
from assistant.i18n.languages import LANGUAGE_NAMES, SYSTEM, UI_LANGUAGES
from assistant.settings import MIN_OVERLAP_RANGE, AppSettings
from assistant.ui.dialogs.about_group import AboutGroup, app_folders
from assistant.ui.dialogs.devices_group import DevicesGroup
from assistant.ui.dialogs.privacy_group import PrivacyGroup
from assistant.ui.i18n import QT_TRANSLATE_NOOP, translate

LANGUAGES = [("auto", QT_TRANSLATE_NOOP("SettingsDialog",
                                        "Detect (once, on the customer's first words)")),
             ("en", QT_TRANSLATE_NOOP("SettingsDialog", "English")),
             ("sv", QT_TRANSLATE_NOOP("SettingsDialog", "Swedish")),
             ("da", QT_TRANSLATE_NOOP("SettingsDialog", "Danish")),
             ("no", QT_TRANSLATE_NOOP("SettingsDialog", "Norwegian")),
             ("fi", QT_TRANSLATE_NOOP("SettingsDialog", "Finnish")),
             ("de", QT_TRANSLATE_NOOP("SettingsDialog", "German")),
             ("nl", QT_TRANSLATE_NOOP("SettingsDialog", "Dutch")),
             ("fr", QT_TRANSLATE_NOOP("SettingsDialog", "French")),
             ("es", QT_TRANSLATE_NOOP("SettingsDialog", "Spanish"))]


def _browse_row(edit: QLineEdit, title: str, parent: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    button = QPushButton(translate("SettingsDialog", "Choose…"))

    def choose() -> None:
        folder = QFileDialog.getExistingDirectory(parent, title, edit.text())
        if folder:
            edit.setText(folder)

    button.clicked.connect(choose)
    row.addWidget(button)
    return row


class SettingsDialog(QDialog):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None, *,
                 folders: dict[str, Path] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("SettingsDialog", "Settings"))
        self.settings = settings
        outer = QVBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 14)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        self.devices = DevicesGroup(settings)
        left = QVBoxLayout()
        left.setSpacing(10)
        left.addWidget(self.devices, 1)
        left.addWidget(self._app_language_group())
        self.about = AboutGroup(folders or app_folders(settings, None))
        left.addWidget(self.about)
        columns.addLayout(left, 1)
        self.privacy = PrivacyGroup(settings)
        right = QVBoxLayout()
        right.setSpacing(10)
        right.addWidget(self._speech_group())
        right.addWidget(self._prompts_group())
        right.addWidget(self._data_group())
        right.addWidget(self.privacy)
        right.addStretch(1)
        columns.addLayout(right, 1)
        outer.addLayout(columns, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(QSize(1040, 700))  # grows to its minimum when that is larger

    def _app_language_group(self) -> QGroupBox:
        box = QGroupBox(translate("SettingsDialog", "Language of the app"))
        form = QFormLayout(box)
        self.ui_language = QComboBox()
        self.ui_language.addItem(translate("SettingsDialog", "As the computer"), SYSTEM)
        self.report_language = QComboBox()
        self.report_language.addItem(translate("SettingsDialog", "As the window"), "ui")
        for code in UI_LANGUAGES:  # each language in its own name: findable whatever is shown
            self.ui_language.addItem(LANGUAGE_NAMES[code], code)
            self.report_language.addItem(LANGUAGE_NAMES[code], code)
        self.ui_language.setCurrentIndex(max(0, self.ui_language.findData(
            self.settings.ui_language)))
        self.report_language.setCurrentIndex(max(0, self.report_language.findData(
            self.settings.report_language)))
        self.ui_language.setToolTip(translate(
            "SettingsDialog", "The window and the live prompts, whatever language the call is in"))
        self.report_language.setToolTip(translate(
            "SettingsDialog", "Call reviews and exported Markdown and HTML reports"))
        form.addRow(translate("SettingsDialog", "Window and prompts"), self.ui_language)
        form.addRow(translate("SettingsDialog", "Reviews and exports"), self.report_language)
        return box

    def _speech_group(self) -> QGroupBox:
        box = QGroupBox(translate("SettingsDialog", "Speech recognition"))
        form = QFormLayout(box)
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(translate("SettingsDialog", name), code)
        index = self.language.findData(self.settings.language)
        if index < 0:
            self.language.addItem(self.settings.language, self.settings.language)
            index = self.language.count() - 1
        self.language.setCurrentIndex(index)
        form.addRow(translate("SettingsDialog", "Language of the calls"), self.language)
        self.model = QComboBox()
        self.model.setEditable(True)
        self.model.setToolTip(translate(
            "SettingsDialog", "A model installed under the models folder, or a model folder"))
        self._fill_models(self.settings.models_path())
        self.model.setCurrentText(self.settings.model)
        form.addRow(translate("SettingsDialog", "Model"), self.model)
        self.models_dir = QLineEdit(self.settings.models_dir or "")
        self.models_dir.setPlaceholderText(str(AppSettings().models_path()))
        self.models_dir.editingFinished.connect(
            lambda: self._fill_models(self._models_path(), keep=True))
        title = translate("SettingsDialog", "Models folder")
        form.addRow(title, _browse_row(self.models_dir, title, self))
        return box

    def _models_path(self) -> Path:
        text = self.models_dir.text().strip()
        return Path(text).expanduser() if text else AppSettings().models_path()

    def _fill_models(self, folder: Path, keep: bool = False) -> None:
        current = self.model.currentText()
        self.model.clear()
        for model in list_models(folder):
            languages = (translate("SettingsDialog", "multilingual") if model.multilingual
                         else translate("SettingsDialog", "English only"))
            self.model.addItem(model.name)
            self.model.setItemData(self.model.count() - 1, f"{model.path} ({languages})",
                                   Qt.ItemDataRole.ToolTipRole)
        if not self.model.count():
            self.model.setPlaceholderText(translate(
                "SettingsDialog", "no model installed: run `assistant models install`"))
        if keep:
            self.model.setCurrentText(current)

    def _prompts_group(self) -> QGroupBox:
        box = QGroupBox(translate("SettingsDialog", "Prompts"))
        form = QFormLayout(box)
        self.show_talkover = QCheckBox(translate(
            "SettingsDialog", "“Let them finish” when I talk over the customer"))
        self.show_talkover.setChecked(self.settings.show_talkover)
        self.show_repeat = QCheckBox(translate(
            "SettingsDialog", "When the customer has to repeat a request"))
        self.show_repeat.setChecked(self.settings.show_repeat)
        form.addRow(self.show_talkover)
        form.addRow(self.show_repeat)
        self.overlap = QDoubleSpinBox()
        self.overlap.setRange(*MIN_OVERLAP_RANGE)
        self.overlap.setSingleStep(0.1)
        self.overlap.setDecimals(1)
        self.overlap.setSuffix(" s")
        self.overlap.setValue(self.settings.min_overlap_s)
        self.overlap.setToolTip(translate(
            "SettingsDialog", "How long both of you must speak at once before it counts as "
            "talking over them. Lower is more sensitive; short \u201cmm-hmm\u201ds never count."))
        form.addRow(translate("SettingsDialog", "Talk-over after"), self.overlap)
        return box

    def _data_group(self) -> QGroupBox:
        box = QGroupBox(translate("SettingsDialog", "Calls and data (kept on this computer only)"))
        form = QFormLayout(box)
        self.agent_name = QLineEdit(self.settings.agent_name)
        self.agent_name.setPlaceholderText(translate("SettingsDialog", "e.g. Anna Berg"))
        self.agent_name.setToolTip(translate(
            "SettingsDialog", "Saved with each call you take, so a team lead can compare "
            "calls across agents (Team tab, `assistant calls stats`)"))
        form.addRow(translate("SettingsDialog", "Your name"), self.agent_name)
        self.keep_audio = QRadioButton(translate("SettingsDialog", "Keep audio and transcript"))
        self.text_only = QRadioButton(translate("SettingsDialog", "Keep the transcript only"))
        (self.keep_audio if self.settings.keep_audio else self.text_only).setChecked(True)
        form.addRow(self.keep_audio)
        form.addRow(self.text_only)
        self.data_dir = QLineEdit(self.settings.data_dir or "")
        self.data_dir.setPlaceholderText(str(AppSettings().data_path()))
        form.addRow(translate("SettingsDialog", "Data folder"),
                    _browse_row(self.data_dir, translate("SettingsDialog", "Call library folder"),
                                self))
        self.theme = QComboBox()
        for code, name in (("system", translate("SettingsDialog", "Follow the system")),
                           ("dark", translate("SettingsDialog", "Dark")),
                           ("light", translate("SettingsDialog", "Light"))):
            self.theme.addItem(name, code)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.settings.theme)))
        form.addRow(translate("SettingsDialog", "Theme"), self.theme)
        note = QLabel(translate(
            "SettingsDialog", "A new data folder or theme takes effect when the app starts "
            "again."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        form.addRow(note)
        return box

    def result_settings(self) -> AppSettings:
        settings = self.privacy.apply_to(self.devices.apply_to(self.settings))
        settings = dataclasses.replace(
            settings,
            language=self.language.currentData() or self.language.currentText().strip(),
            model=self.model.currentText().strip() or settings.model,
            models_dir=self.models_dir.text().strip() or None,
            min_overlap_s=round(self.overlap.value(), 1),
            show_talkover=self.show_talkover.isChecked(),
            show_repeat=self.show_repeat.isChecked(),
            keep_audio=self.keep_audio.isChecked(),
            data_dir=self.data_dir.text().strip() or None,
            theme=self.theme.currentData(),
            agent_name=self.agent_name.text().strip(),
            ui_language=self.ui_language.currentData(),
            report_language=self.report_language.currentData(),
        )
        return settings.validated()[0]

    def done(self, result: int) -> None:
        self.devices.close_probe()
        super().done(result)
