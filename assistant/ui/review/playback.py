"""The review's audio for the window: a ``Player`` (Qt-free) with a timer that reports
where it is, so the timeline's playhead and the transcript can follow."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from assistant.review.playback import CallAudio, OutputFactory, Player, sounddevice_output

TICK_MS = 40


class PlaybackController(QObject):
    position_changed = Signal(int)
    state_changed = Signal(bool)  # playing
    status_changed = Signal(str)  # "" when all is well, else why there is no sound

    def __init__(self, output: OutputFactory | None = sounddevice_output,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._output = output
        self.player: Player | None = None
        self.audio: CallAudio | None = None
        self._status = ""
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._was_playing = False
        self._last = -1

    @property
    def status(self) -> str:
        return self._status

    def load(self, path: Path | None, *, missing: str = "") -> None:
        """The call's audio (decoding starts at once), or None: the review keeps time only."""
        self.close()
        self.audio = CallAudio(path).start() if path is not None else None
        self.player = Player(self.audio or CallAudio.from_samples(_empty()), self._output)
        self._set_status(missing if path is None else "")
        self._last = -1
        self._tick()

    def close(self) -> None:
        self._timer.stop()
        if self.player is not None:
            self.player.close()
        if self.audio is not None:
            self.audio.close()
        self.player = self.audio = None
        if self._was_playing:
            self._was_playing = False
            self.state_changed.emit(False)

    @property
    def position(self) -> int:
        return self.player.position if self.player is not None else 0

    @property
    def playing(self) -> bool:
        return self.player is not None and self.player.playing

    def play_from(self, at: int) -> None:
        if self.player is None:
            return
        if self.audio is None:  # no recording: move the playhead, do not pretend to play
            self.player.seek(at)
        else:
            self.player.play(at)
        self._timer.start()
        self._tick()

    def seek(self, at: int) -> None:
        if self.player is not None:
            self.player.seek(at)
            self._tick()

    def toggle(self) -> None:
        if self.player is None or self.audio is None:
            return
        self.player.toggle()
        self._timer.start()
        self._tick()

    def pause(self) -> None:
        if self.player is not None:
            self.player.pause()
            self._tick()

    def _tick(self) -> None:
        player = self.player
        if player is None:
            return
        position = player.position
        if position != self._last:
            self._last = position
            self.position_changed.emit(position)
        playing = player.playing
        if playing != self._was_playing:
            self._was_playing = playing
            self.state_changed.emit(playing)
        problem = (self.audio.error if self.audio is not None and self.audio.error
                   else player.error or "")
        if self.audio is not None and problem and problem != self._status:
            self._set_status(problem)
        if not playing:
            self._timer.stop()

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            self.status_changed.emit(text)


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.int16)
