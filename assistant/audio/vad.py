"""Voice activity per channel: webrtcvad on 30 ms frames and a run collector.

Like py-webrtcvad's example collector, a run starts when most frames in a
short window are voiced and ends after a hangover of silence, but every
position is an exact sample count rather than an accumulated float.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from typing import Protocol

import numpy as np

from assistant.config import VadConfig
from assistant.records import (
    PartyProgress,
    Span,
    Speaker,
    SpeechEnded,
    SpeechStarted,
    VoiceActivity,
)
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE, frames


class FrameClassifier(Protocol):
    def is_speech(self, buf: bytes, sample_rate: int) -> bool: ...


def webrtc_classifier(aggressiveness: int) -> FrameClassifier:
    import webrtcvad  # imported here so the records stay importable without it

    if not 0 <= aggressiveness <= 3:
        raise ValueError(f"VAD aggressiveness must be 0..3, not {aggressiveness}")
    return webrtcvad.Vad(aggressiveness)


def frame_level_dbfs(frame: np.ndarray) -> float:
    """RMS level of an int16 frame in dB full scale, after pre-emphasis.

    The first difference (a gentle high-pass) discounts rumble, hum and brown
    noise, whose energy lies below the speech band, without an extra filter state.
    """
    if len(frame) < 2:
        return -120.0
    as_float = frame.astype(np.float32)  # int16 products would overflow
    emphasised = as_float[1:] - 0.95 * as_float[:-1]
    rms = math.sqrt(float(np.dot(emphasised, emphasised)) / len(emphasised))
    return 20.0 * math.log10(max(rms, 1e-3) / 32768.0)


class NoiseFloor:
    """Background level by minimum statistics over the last few seconds.

    Speech always has pauses and dips between syllables, so the quietest
    frames in a window of a few seconds show the noise, even when webrtcvad
    mistakes steady noise (hum, pink noise) for speech. Minima are kept per
    sub-window so each frame costs O(1).
    """

    def __init__(self, window_frames: int = 134, sub_windows: int = 8) -> None:
        self._sub_len = max(1, window_frames // sub_windows)
        self._minima: deque[float] = deque(maxlen=sub_windows)
        self._current = math.inf
        self._count = 0

    @property
    def level(self) -> float:
        return min(min(self._minima, default=math.inf), self._current)

    def update(self, level_dbfs: float) -> None:
        self._current = min(self._current, level_dbfs)
        self._count += 1
        if self._count == self._sub_len:
            self._minima.append(self._current)
            self._current = math.inf
            self._count = 0


class VoiceActivityDetector:
    """Feeds int16 16 kHz mono audio of one party; returns speech start/end events.

    A plain object: no threads, no clocks of its own. Positions come from the
    ``start`` of each fed block, so gaps or resets in the input stay visible.
    """

    def __init__(
        self,
        speaker: Speaker,
        config: VadConfig,
        classifier_factory: Callable[[int], FrameClassifier] = webrtc_classifier,
    ) -> None:
        self.speaker = speaker
        self.config = config
        self._classifier = classifier_factory(config.aggressiveness)
        self._hangover = frames(config.hangover_s)
        self._window: deque[bool] = deque(maxlen=config.onset_window)
        self._pending = np.zeros(FRAME_SAMPLES, dtype=np.int16)
        self._pending_len = 0
        self._position: int | None = None  # sample position just past the fed audio
        self._run_start: int | None = None
        self._last_voiced_end = 0
        self._silent_frames = 0
        self.noise = NoiseFloor()
        self.frames_seen = 0
        self.voiced_frames = 0

    @property
    def speaking(self) -> bool:
        return self._run_start is not None

    @property
    def run_start(self) -> int | None:
        return self._run_start

    def progress(self) -> PartyProgress:
        return PartyProgress(self.speaker, self._run_start, self._last_voiced_end, self.position)

    @property
    def position(self) -> int:
        """Sample position up to which audio has been classified."""
        return (self._position or 0) - self._pending_len

    def feed(self, audio: np.ndarray, start: int) -> list[VoiceActivity]:
        if audio.dtype != np.int16 or audio.ndim != 1:
            raise TypeError("VoiceActivityDetector.feed expects 1-D int16 audio")
        # The pipeline fills dropped blocks with silence, so the clock never jumps.
        if self._position is None:
            self._position = start
        elif start != self._position:
            raise ValueError(f"audio is not contiguous: expected {self._position}, got {start}")
        out: list[VoiceActivity] = []
        offset = 0
        n = len(audio)
        if self._pending_len:
            take = min(FRAME_SAMPLES - self._pending_len, n)
            self._pending[self._pending_len : self._pending_len + take] = audio[:take]
            self._pending_len += take
            offset = take
            if self._pending_len == FRAME_SAMPLES:
                frame_start = self._position + offset - FRAME_SAMPLES
                self._classify(self._pending, frame_start, out)
                self._pending_len = 0
        while n - offset >= FRAME_SAMPLES:
            frame = audio[offset : offset + FRAME_SAMPLES]
            self._classify(frame, self._position + offset, out)
            offset += FRAME_SAMPLES
        rest = n - offset
        if rest:
            self._pending[:rest] = audio[offset:]
            self._pending_len = rest
        self._position += n
        return out

    def flush(self) -> list[VoiceActivity]:
        """End of input: close any open run at the last voiced sample."""
        out: list[VoiceActivity] = []
        if self._run_start is not None:
            end = max(self._last_voiced_end, self._run_start)
            out.append(SpeechEnded(self.speaker, Span(self._run_start, end), self.position))
            self._run_start = None
        self._window.clear()
        self._silent_frames = 0
        return out

    def _is_voiced(self, frame: np.ndarray) -> bool:
        level = frame_level_dbfs(frame)
        self.noise.update(level)
        floor = max(self.config.min_level_dbfs, self.noise.level + self.config.noise_margin_db)
        if level < floor:
            return False  # too quiet to be speech: spare webrtcvad the work
        return bool(self._classifier.is_speech(frame.tobytes(), SAMPLE_RATE))

    def _classify(self, frame: np.ndarray, frame_start: int, out: list[VoiceActivity]) -> None:
        voiced = self._is_voiced(frame)
        self.frames_seen += 1
        self.voiced_frames += voiced
        frame_end = frame_start + FRAME_SAMPLES
        self._window.append(voiced)
        if self._run_start is None:
            if sum(self._window) >= self.config.onset_voiced:
                # Back-date the onset to the first voiced frame in the window.
                first = next(i for i, v in enumerate(self._window) if v)
                self._run_start = frame_end - (len(self._window) - first) * FRAME_SAMPLES
                self._last_voiced_end = frame_end
                self._silent_frames = 0
                out.append(SpeechStarted(self.speaker, self._run_start, frame_end))
            return
        if voiced:
            self._last_voiced_end = frame_end
            self._silent_frames = 0
            return
        self._silent_frames += 1
        if self._silent_frames >= self._hangover:
            out.append(
                SpeechEnded(self.speaker, Span(self._run_start, self._last_voiced_end), frame_end)
            )
            self._run_start = None
            self._window.clear()
            self._silent_frames = 0
