"""Choosing the two sides of the call, by name, with a test meter for each.

Used by Settings and by the first-run guide. A remembered device that is not
connected right now stays selected (marked "not connected"), so unplugging a
headset never silently forgets the choice.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assistant.errors import AssistantError
from assistant.records import Speaker
from assistant.services.devices import (
    DeviceChoice,
    LevelProbe,
    capture_help,
    guess_roles,
    list_inputs,
)
from assistant.settings import AppSettings, DeviceRef
from assistant.ui.i18n import translate
from assistant.ui.widgets.meters import LevelBar


class DevicesGroup(QGroupBox):
    def __init__(self, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(translate("DevicesGroup", "Audio devices"), parent)
        self.settings = settings
        self.choices: list[DeviceChoice] = []
        self._probe: LevelProbe | None = None
        self._probe_bar: LevelBar | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(8)

        modes = QVBoxLayout()
        modes.setSpacing(4)
        self.two = QRadioButton(translate("DevicesGroup", "My microphone + the customer's audio"))
        self.stereo = QRadioButton(translate(
            "DevicesGroup", "One stereo device (call-recording adapter)"))
        group = QButtonGroup(self)
        group.addButton(self.two)
        group.addButton(self.stereo)
        (self.stereo if settings.input_mode == "stereo_device" else self.two).setChecked(True)
        self.two.toggled.connect(self._mode_changed)
        modes.addWidget(self.two)
        modes.addWidget(self.stereo)
        layout.addLayout(modes)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.agent_label = QLabel(translate("DevicesGroup", "Your voice"))
        self.agent = QComboBox()
        self.customer_label = QLabel(translate("DevicesGroup", "The customer"))
        self.customer = QComboBox()
        self.channel_label = QLabel(translate("DevicesGroup", "You are on the"))
        self.channel = QComboBox()
        self.channel.addItem(translate("DevicesGroup", "left channel"), "left")
        self.channel.addItem(translate("DevicesGroup", "right channel"), "right")
        self.channel.setCurrentIndex(0 if settings.agent_channel == "left" else 1)
        self.test_agent = QPushButton(translate("DevicesGroup", "Test"))
        self.test_customer = QPushButton(translate("DevicesGroup", "Test"))
        for button in (self.test_agent, self.test_customer):
            button.setToolTip(translate(
                "DevicesGroup", "Show this device's level for a moment: speak, or play something"))
        self.agent_bar = LevelBar(Speaker.AGENT, translate("DevicesGroup", "level"))
        self.customer_bar = LevelBar(Speaker.CUSTOMER, translate("DevicesGroup", "level"))
        rows = [(self.agent_label, self.agent, self.test_agent, self.agent_bar),
                (self.customer_label, self.customer, self.test_customer, self.customer_bar)]
        for r, (label, combo, button, bar) in enumerate(rows):
            combo.setMinimumContentsLength(24)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            grid.addWidget(label, r * 2, 0)
            grid.addWidget(combo, r * 2, 1)
            grid.addWidget(button, r * 2, 2)
            grid.addWidget(bar, r * 2 + 1, 1, 1, 2)
            bar.hide()
        grid.addWidget(self.channel_label, 4, 0)
        grid.addWidget(self.channel, 4, 1)
        layout.addLayout(grid)
        self.test_agent.clicked.connect(lambda: self._test(self.agent, self.agent_bar))
        self.test_customer.clicked.connect(lambda: self._test(self.customer, self.customer_bar))

        self.problem = QLabel()
        self.problem.setObjectName("banner")
        self.problem.setWordWrap(True)
        self.problem.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.problem.hide()
        layout.addWidget(self.problem)
        self.help = QLabel(capture_help(words=translate))
        self.help.setObjectName("muted")
        self.help.setWordWrap(True)
        layout.addWidget(self.help)
        refresh = QPushButton(translate("DevicesGroup", "Look for devices again"))
        refresh.clicked.connect(self.reload)
        row = QHBoxLayout()
        row.addWidget(refresh)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self._poll)
        self._stop_probe = QTimer(self)
        self._stop_probe.setSingleShot(True)
        self._stop_probe.setInterval(8000)
        self._stop_probe.timeout.connect(self.close_probe)
        self.reload()
        self._mode_changed()

    def reload(self) -> None:
        self.close_probe()
        self.choices, problem = list_inputs(translate)
        problem = translate("CallAudio", problem) if problem else None
        self.problem.setText(problem[:1].upper() + problem[1:] + "." if problem else "")
        self.problem.setVisible(bool(problem))
        agent, customer = self.settings.agent_device, self.settings.customer_device
        if agent is None and customer is None:
            agent, customer = guess_roles(self.choices)
        self._fill(self.agent, agent)
        self._fill(self.customer, customer)

    def _fill(self, combo: QComboBox, wanted: DeviceRef | None) -> None:
        combo.clear()
        combo.addItem(translate("DevicesGroup", "(none)"), None)
        for choice in self.choices:
            combo.addItem(choice.label, choice.ref)
        if wanted is not None:
            refs = [combo.itemData(i) for i in range(combo.count())]
            index = next((i for i, r in enumerate(refs) if r == wanted), -1)
            if index < 0:  # the same name under another host API: still the same device
                index = next((i for i, r in enumerate(refs) if r and r.name == wanted.name), -1)
            if index < 0:
                combo.addItem(translate("DevicesGroup", "%1 (not connected)").replace(
                    "%1", wanted.label()), wanted)
                index = combo.count() - 1
            combo.setCurrentIndex(index)

    def _mode_changed(self) -> None:
        stereo = self.stereo.isChecked()
        self.agent_label.setText(translate("DevicesGroup", "Stereo device") if stereo
                                 else translate("DevicesGroup", "Your voice"))
        for widget in (self.customer_label, self.customer, self.test_customer):
            widget.setVisible(not stereo)
        self.channel_label.setVisible(stereo)
        self.channel.setVisible(stereo)

    def apply_to(self, settings: AppSettings) -> AppSettings:
        import dataclasses

        return dataclasses.replace(
            settings,
            input_mode="stereo_device" if self.stereo.isChecked() else "two_devices",
            agent_device=self.agent.currentData(),
            customer_device=None if self.stereo.isChecked() else self.customer.currentData(),
            agent_channel=self.channel.currentData(),
        )

    # --- test meter -------------------------------------------------------------

    def _test(self, combo: QComboBox, bar: LevelBar) -> None:
        self.close_probe()
        ref = combo.currentData()
        choice = next((c for c in self.choices if c.ref == ref), None)
        if choice is None:
            self.problem.setText(translate(
                "DevicesGroup", "That device is not connected right now."))
            self.problem.show()
            return
        try:
            self._probe = LevelProbe(choice)
        except (AssistantError, OSError) as exc:
            self.problem.setText(translate("DevicesGroup", "Cannot open %1: %2").replace(
                "%1", choice.label).replace("%2", str(exc)))
            self.problem.show()
            return
        self._probe_bar = bar
        bar.label = f"{choice.ref.name}: speak or play something"
        bar.show()
        self._timer.start()
        self._stop_probe.start()

    def _poll(self) -> None:
        if self._probe is not None and self._probe_bar is not None:
            self._probe_bar.set_level(self._probe.level())

    def close_probe(self) -> None:
        self._timer.stop()
        if self._probe is not None:
            self._probe.close()
            self._probe = None
        if self._probe_bar is not None:
            self._probe_bar.hide()
            self._probe_bar = None
