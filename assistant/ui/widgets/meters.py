"""Live meters: each side's level (a dead device is obvious), talk ratio, counts, call time.

``MeterModel`` polls the audio tap on the GUI thread a dozen times a second
and folds in the engine's records; ``MetersPanel`` (full) and ``MiniMeters``
(compact mode) draw the same ``MeterReading``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from assistant.records import EngineOutput, RepeatEvent, Speaker, TalkOverEvent, TalkOverUpdate
from assistant.services.live_stats import SILENCE_DBFS, BlockTap, LiveStats, block_levels
from assistant.timebase import SAMPLE_RATE, clock
from assistant.ui import theme
from assistant.ui.i18n import is_language_change, translate

FLOOR_DBFS = -60.0
HEARD_DBFS = -50.0  # anything above this is "the device is alive"
DEAD_AFTER_S = 15.0


@dataclass(frozen=True)
class MeterReading:
    levels: dict[Speaker, float]  # dBFS
    quiet_for_s: dict[Speaker, float]  # seconds without any sound on that side
    agent_share: float | None
    talkovers: int
    repeats: int
    position: int  # samples: the call time


class MeterModel(QObject):
    updated = Signal(MeterReading)

    def __init__(self, tap_source: object, parent: QObject | None = None) -> None:
        """``tap_source`` has a ``tap`` attribute (the controller; a new tap per call)."""
        super().__init__(parent)
        self._tap_source = tap_source
        self.stats = LiveStats()
        self._heard_at: dict[Speaker, int] = {}
        self._speakers: tuple[Speaker, ...] = (Speaker.AGENT, Speaker.CUSTOMER)
        self._timer = QTimer(self)
        self._timer.setInterval(80)
        self._timer.timeout.connect(self.poll)

    def start(self, speakers: tuple[Speaker, ...] = (Speaker.AGENT, Speaker.CUSTOMER)) -> None:
        self.stats = LiveStats()
        self._heard_at = {}
        self._speakers = speakers
        self._timer.start()
        self.poll()

    def stop(self) -> None:
        self._timer.stop()
        self.poll(final=True)

    def feed(self, item: EngineOutput) -> None:
        self.stats.feed(item)
        if isinstance(item, TalkOverEvent | TalkOverUpdate | RepeatEvent) and \
                self._timer.isActive():
            self.poll()  # a count changed: show it with the card, not a tick later

    def poll(self, final: bool = False) -> None:
        tap: BlockTap = self._tap_source.tap  # type: ignore[attr-defined]
        block = tap.latest
        position = tap.position
        levels = {s: SILENCE_DBFS for s in self._speakers}
        if block is not None and not final:
            measured = block_levels(block)
            for speaker, level in zip(self._speakers, measured, strict=False):
                levels[speaker] = level
                if level > HEARD_DBFS:
                    self._heard_at[speaker] = position
        quiet = {s: (position - self._heard_at.get(s, 0)) / SAMPLE_RATE for s in self._speakers}
        self.updated.emit(MeterReading(levels, quiet, self.stats.agent_share(position),
                                       len(self.stats.talkovers), self.stats.repeats, position))


class LevelBar(QWidget):
    """A horizontal level bar in the speaker's colour, with its name on it."""

    def __init__(self, speaker: Speaker, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self.level = SILENCE_DBFS
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_label(label)

    def set_label(self, label: str) -> None:
        self.label = label
        self.setAccessibleName(translate("LevelBar", "%1 level").replace("%1", label))
        self.update()

    def set_level(self, dbfs: float) -> None:
        self.level = dbfs
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        p.setPen(QColor(t.border))
        p.setBrush(QColor(t.surface_alt))
        p.drawRoundedRect(rect, 6, 6)
        share = max(0.0, min(1.0, (self.level - FLOOR_DBFS) / -FLOOR_DBFS))
        if share > 0:
            # A pale fill behind the name keeps the text readable; a solid strip along
            # the bottom carries the level itself.
            width = max(6.0, rect.width() * share)
            colour = QColor(t.speaker_colour(self.speaker))
            p.setPen(Qt.PenStyle.NoPen)
            colour.setAlpha(70)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(rect.x(), rect.y(), width, rect.height()), 6, 6)
            colour.setAlpha(255)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(rect.x() + 2, rect.bottom() - 6, width - 4, 4), 2, 2)
        p.setPen(QColor(t.text))
        p.drawText(rect.adjusted(10, 0, -10, 0),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.label)
        p.end()


def _stat(value: str) -> tuple[QLabel, QLabel]:
    v = QLabel(value)
    v.setObjectName("statValue")
    v.setAlignment(Qt.AlignmentFlag.AlignLeft)
    name = QLabel()
    name.setObjectName("statLabel")
    return v, name


def share_text(share: float | None) -> str:
    if share is None:
        return "–"
    return f"{round(share * 100)} / {100 - round(share * 100)}"


class MetersPanel(QWidget):
    """Levels, then call time, talk ratio, talk-overs and repeats in big figures."""

    def __init__(self, compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        # Texts are set in retranslate(), in the window's language.
        self.bars = {Speaker.AGENT: LevelBar(Speaker.AGENT, ""),
                     Speaker.CUSTOMER: LevelBar(Speaker.CUSTOMER, "")}
        self.warnings: dict[Speaker, QLabel] = {}
        for speaker, bar in self.bars.items():
            layout.addWidget(bar)
            warn = QLabel()
            warn.setWordWrap(True)
            warn.setStyleSheet(f"color: {theme.current().warn}; font-size: 10pt;")
            warn.hide()
            self.warnings[speaker] = warn
            layout.addWidget(warn)
        grid = QGridLayout()
        grid.setContentsMargins(0, 8, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(0)
        self.time, t_label = _stat("0:00")
        self.ratio, r_label = _stat("–")
        self.talkovers, o_label = _stat("0")
        self.repeats, p_label = _stat("0")
        self._stat_labels = (t_label, r_label, o_label, p_label)
        cells = [(self.time, t_label), (self.ratio, r_label), (self.talkovers, o_label),
                 (self.repeats, p_label)]
        columns = 2 if compact else 4
        for i, (value, label) in enumerate(cells):
            row, col = divmod(i, columns)
            grid.addWidget(value, row * 2, col)
            grid.addWidget(label, row * 2 + 1, col)
        layout.addLayout(grid)
        self.retranslate()

    def retranslate(self) -> None:
        self.bars[Speaker.AGENT].set_label(translate("MetersPanel", "Agent · your microphone"))
        self.bars[Speaker.CUSTOMER].set_label(translate("MetersPanel",
                                                        "Customer · their audio"))
        names = (translate("MetersPanel", "CALL TIME"),
                 translate("MetersPanel", "TALK AGENT / CUSTOMER %"),
                 translate("MetersPanel", "TALK-OVERS"), translate("MetersPanel", "REPEATS"))
        for label, name in zip(self._stat_labels, names, strict=True):
            label.setText(name)

    def changeEvent(self, event: QEvent) -> None:
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def show_reading(self, r: MeterReading) -> None:
        for speaker, bar in self.bars.items():
            bar.set_level(r.levels.get(speaker, SILENCE_DBFS))
            quiet = r.quiet_for_s.get(speaker, 0.0)
            warn = self.warnings[speaker]
            if quiet >= DEAD_AFTER_S:
                text = (translate("MetersPanel", "No sound from your microphone for %1 s: "
                                  "check the device in Settings.")
                        if speaker is Speaker.AGENT else
                        translate("MetersPanel", "No sound from the customer's side for %1 s: "
                                  "check the device in Settings."))
                warn.setText(text.replace("%1", f"{quiet:.0f}"))
                warn.show()
            else:
                warn.hide()
        self.time.setText(clock(r.position).split(".")[0])
        self.ratio.setText(share_text(r.agent_share))
        self.talkovers.setText(str(r.talkovers))
        self.repeats.setText(str(r.repeats))
