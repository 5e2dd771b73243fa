"""Settings → Privacy: what is redacted before anything is stored, and the audio option."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from assistant.privacy import CATEGORIES, parse_categories
from assistant.settings import AppSettings
from assistant.ui.i18n import QT_TRANSLATE_NOOP, translate

CATEGORY_LABELS = {
    "personal_id": QT_TRANSLATE_NOOP("PrivacyGroup", "Identity numbers (personnummer, CPR)"),
    "card": QT_TRANSLATE_NOOP("PrivacyGroup", "Card numbers"),
    "account": QT_TRANSLATE_NOOP("PrivacyGroup", "IBAN and account numbers"),
    "phone": QT_TRANSLATE_NOOP("PrivacyGroup", "Phone numbers"),
    "email": QT_TRANSLATE_NOOP("PrivacyGroup", "E-mail addresses"),
    "number": QT_TRANSLATE_NOOP("PrivacyGroup", "Other numbers of 6+ digits"),
}


class PrivacyGroup(QGroupBox):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(translate("PrivacyGroup",
                                   "Privacy: replaced by tags before anything is stored"), parent)
        on = parse_categories(settings.redact)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.categories: dict[str, QCheckBox] = {}
        for i, category in enumerate(CATEGORIES):
            box = QCheckBox(translate("PrivacyGroup", CATEGORY_LABELS[category]))
            box.setChecked(category in on)
            self.categories[category] = box
            grid.addWidget(box, i // 2, i % 2)
        layout.addLayout(grid)
        self.keep_unredacted_audio = QCheckBox(translate(
            "PrivacyGroup", "Keep unredacted audio (recordings keep what transcripts hide)"))
        self.keep_unredacted_audio.setObjectName("warning")
        self.keep_unredacted_audio.setChecked(settings.keep_unredacted_audio)
        self.keep_unredacted_audio.setToolTip(translate(
            "PrivacyGroup", "Off: where words were redacted, the stored recording is silent for "
            "that utterance. On: card numbers, identity numbers and the like stay audible in "
            "the library's recordings."))
        layout.addWidget(self.keep_unredacted_audio)
        note = QLabel(translate(
            "PrivacyGroup", "Values are replaced as soon as they are transcribed: the live "
            "view, library, exports and logs never hold them. Reviews count what was redacted."))
        note.setObjectName("muted")
        note.setWordWrap(True)
        layout.addWidget(note)

    def apply_to(self, settings: AppSettings) -> AppSettings:
        chosen = [c for c in CATEGORIES if self.categories[c].isChecked()]
        redact = "all" if len(chosen) == len(CATEGORIES) else ",".join(chosen) or "none"
        return dataclasses.replace(settings, redact=redact,
                                   keep_unredacted_audio=self.keep_unredacted_audio.isChecked())
