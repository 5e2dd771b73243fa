"""Voice activity per channel: webrtcvad on 30 ms frames and a run collector.

Like py-webrtcvad's example collector, a run starts when most frames in a
short window are voiced and ends after a hangover of silence, but every
position is an exact sample count rather than an accumulated float.

Before webrtcvad hears a frame, three level checks run (all in dB, per 30 ms):
it must stand above the channel's noise floor, within ``dynamic_range_db`` of
the channel's recent loudest speech (so the other party's faint bleed is not
speech), and not be only the other party leaking in (``CrossTalk``, decided
across both channels by the front end). Quiet channels are then lifted
towards a normal speaking level, because webrtcvad misses speech below about
-40 dBFS RMS, and real headsets and phone lines are often that quiet.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
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


_FFT = 2 * FRAME_SAMPLES + 64  # 1024: room for the autocorrelation without wrap-around
_PITCH_LAGS = (SAMPLE_RATE // 400, SAMPLE_RATE // 60 + 1)  # voices from 60 to 400 Hz


@functools.lru_cache(maxsize=1)
def _spectral_tables() -> tuple[np.ndarray, slice, np.ndarray, np.ndarray, float]:
    window = (np.hanning(FRAME_SAMPLES) / 32768.0).astype(np.float32)
    freqs = np.fft.rfftfreq(_FFT, 1.0 / SAMPLE_RATE)
    # 250-2500 Hz holds most of a voice's energy and lies inside a telephone band;
    # hum and rumble lie below it, and much of white line noise above it.
    in_band = np.flatnonzero((freqs >= 250.0) & (freqs <= 2500.0))
    band = slice(int(in_band[0]), int(in_band[-1]) + 1)
    # The pitch is looked for in 100-3000 Hz after a first-difference tilt (+6 dB
    # per octave), which turns rumble and brown noise white, so that only a comb
    # of harmonics still repeats.
    tilt = np.abs(1.0 - 0.95 * np.exp(-2j * np.pi * freqs / SAMPLE_RATE)) ** 2
    voice = np.where((freqs >= 100.0) & (freqs <= 3000.0), tilt, 0.0).astype(np.float32)
    hann = np.hanning(FRAME_SAMPLES)
    window_ac = np.fft.irfft(np.abs(np.fft.rfft(hann, _FFT)) ** 2, _FFT)
    window_ac = np.maximum(window_ac / window_ac[0], 1e-3)[: _PITCH_LAGS[1]].astype(np.float32)
    norm = 2.0 / (_FFT * float(np.dot(hann, hann)))
    return window, band, voice, window_ac, norm


@dataclass(frozen=True)
class FrameMeasure:
    """What one 30 ms frame of one channel sounds like, cheaply."""

    level_dbfs: float  # RMS level in the 250-2500 Hz band
    periodicity: float  # 0..1: how clearly the frame repeats at a voice's pitch
    pitch_lag: int = 0  # the period (samples) it repeats at best


def measure_frames(frames_: np.ndarray) -> list[FrameMeasure]:
    """Band level and periodicity of int16 frames, shape ``(480, channels)``, in one FFT."""
    window, band, voice, window_ac, norm = _spectral_tables()
    spectrum = np.fft.rfft(frames_.T * window, _FFT, axis=1)
    power = spectrum.real**2 + spectrum.imag**2
    levels = 10.0 * np.log10(power[:, band].sum(axis=1) * norm + 1e-15)
    lo, hi = _PITCH_LAGS
    ac = np.fft.irfft(power * voice, _FFT, axis=1)[:, :hi] / window_ac
    out = []
    for ch in range(power.shape[0]):
        zero = float(ac[ch, 0])
        lags = ac[ch, lo:]
        top = float(lags.max())
        # A period repeats at its multiples too: the shortest lag nearly as strong
        # as the best (then the peak next to it) is the pitch, not a subharmonic.
        first = int(np.argmax(lags >= 0.85 * top)) if top > 0 else 0
        best = first + int(np.argmax(lags[first:first + first // 8 + 3]))
        periodicity = top / zero if zero > 0 else 0.0
        out.append(FrameMeasure(float(levels[ch]), min(1.0, max(0.0, periodicity)), lo + best))
    return out


def measure_frame(frame: np.ndarray) -> FrameMeasure:
    """``measure_frames`` for one channel's int16 frame."""
    return measure_frames(frame.reshape(-1, 1))[0]


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


class LevelCeiling:
    """The loudest speech of the last few seconds, by maximum statistics (O(1) a frame)."""

    def __init__(self, window_frames: int = 267, sub_windows: int = 8) -> None:
        self._sub_len = max(1, window_frames // sub_windows)
        self._maxima: deque[float] = deque(maxlen=sub_windows)
        self._current = -math.inf
        self._count = 0

    @property
    def level(self) -> float:
        """-inf until speech has been heard."""
        return max(max(self._maxima, default=-math.inf), self._current)

    def update(self, level_dbfs: float | None) -> None:
        """One frame: its level if it was speech, None if not (time still passes)."""
        if level_dbfs is not None:
            self._current = max(self._current, level_dbfs)
        self._count += 1
        if self._count == self._sub_len:
            self._maxima.append(self._current)
            self._current = -math.inf
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
        self.ceiling = LevelCeiling(frames(config.ceiling_window_s))
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
        """One channel on its own (no cross-talk check): any block size."""
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
                out += self._classify(self._pending, frame_start, measure_frame(self._pending))
                self._pending_len = 0
        while n - offset >= FRAME_SAMPLES:
            frame = audio[offset : offset + FRAME_SAMPLES]
            out += self._classify(frame, self._position + offset, measure_frame(frame))
            offset += FRAME_SAMPLES
        rest = n - offset
        if rest:
            self._pending[:rest] = audio[offset:]
            self._pending_len = rest
        self._position += n
        return out

    def feed_frame(
        self, frame: np.ndarray, frame_start: int, measure: FrameMeasure, leak: bool = False
    ) -> list[VoiceActivity]:
        """One whole 30 ms frame, already measured; ``leak``: it is only the other party.

        The front end frames both channels together and calls this; mixing it
        with ``feed`` on one detector is not supported.
        """
        if self._position is None:
            self._position = frame_start
        elif frame_start != self._position:
            raise ValueError(
                f"audio is not contiguous: expected {self._position}, got {frame_start}")
        self._position = frame_start + FRAME_SAMPLES
        return self._classify(frame, frame_start, measure, leak)

    def gain_db(self, level: float = -math.inf) -> float:
        """How much a frame at ``level`` is lifted before webrtcvad hears it (0 when loud)."""
        cfg = self.config
        reference = max(self.ceiling.level, level)
        if reference == -math.inf:  # no speech yet: assume it will stand well above the noise
            reference = self.noise.level + cfg.expected_snr_db
        if not math.isfinite(reference):
            return 0.0
        return min(cfg.max_gain_db, max(0.0, cfg.target_level_dbfs - reference))

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

    def _is_voiced(self, frame: np.ndarray, measure: FrameMeasure, leak: bool) -> bool:
        cfg = self.config
        level = measure.level_dbfs
        self.noise.update(level)
        above_noise = level - self.noise.level
        floor = max(cfg.min_level_dbfs, self.ceiling.level - cfg.dynamic_range_db)
        if level < floor or above_noise < cfg.noise_margin_db or leak:
            self.ceiling.update(None)
            return False  # too quiet to be speech, or only the other party: spare webrtcvad
        # A voice shows its pitch: near the noise (a noisy line) webrtcvad calls
        # everything speech, and on quiet syllables of a clean line it hears nothing.
        voiced = measure.periodicity >= cfg.min_periodicity
        if not voiced and above_noise >= cfg.clear_margin_db:
            gain = self.gain_db(level)
            if gain > 0.5:
                lifted = frame.astype(np.float32) * (10 ** (gain / 20))
                frame = np.clip(lifted, -32768, 32767).astype(np.int16)
            voiced = bool(self._classifier.is_speech(frame.tobytes(), SAMPLE_RATE))
        self.ceiling.update(level if voiced else None)
        return voiced

    def _classify(
        self, frame: np.ndarray, frame_start: int, measure: FrameMeasure, leak: bool = False
    ) -> list[VoiceActivity]:
        out: list[VoiceActivity] = []
        voiced = self._is_voiced(frame, measure, leak)
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
            return out
        if voiced:
            self._last_voiced_end = frame_end
            self._silent_frames = 0
            return out
        self._silent_frames += 1
        if self._silent_frames >= self._hangover:
            out.append(
                SpeechEnded(self.speaker, Span(self._run_start, self._last_voiced_end), frame_end)
            )
            self._run_start = None
            self._window.clear()
            self._silent_frames = 0
        return out
