"""Synthetic test audio: speech-like voiced bursts whose timing is known exactly.

A jittered pulse train shaped by three formant bands and a syllable-rate
envelope: webrtcvad hears it as voice, so detector timing can be tested
without a TTS engine, to the sample.
"""

from __future__ import annotations

import numpy as np

from assistant.records import AudioBlock
from assistant.timebase import SAMPLE_RATE

FORMANTS = ((700.0, 130.0), (1200.0, 150.0), (2600.0, 250.0))


def voiced(seconds: float, f0: float = 140.0, seed: int = 0, level: float = 0.3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = round(seconds * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    phase = np.cumsum(2 * np.pi * f0 * (1 + 0.03 * np.sin(2 * np.pi * 3 * t)) / SAMPLE_RATE)
    source = 0.5 * np.sign(np.sin(phase)) + 0.5 * np.sin(phase)
    spectrum = np.fft.rfft(source)
    freqs = np.fft.rfftfreq(n, 1 / SAMPLE_RATE)
    shape = sum(1.0 / (1.0 + ((freqs - fc) / bw) ** 2) for fc, bw in FORMANTS)
    shaped = np.fft.irfft(spectrum * shape, n)
    envelope = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * t + rng.uniform(0, 2 * np.pi))
    out = shaped * envelope
    out = out / max(np.abs(out).max(), 1e-9) * level
    return (out * 32767).astype(np.int16)


def call(duration: float, bursts: list[tuple[int, float, float]], channels: int = 2,
         noise_dbfs: float | None = None, seed: int = 1) -> np.ndarray:
    """A (n, channels) int16 call with voiced bursts ``(channel, start_s, length_s)``."""
    n = round(duration * SAMPLE_RATE)
    out = np.zeros((n, channels), dtype=np.float64)
    for i, (ch, start, length) in enumerate(bursts):
        burst = voiced(length, f0=120.0 + 60.0 * ch, seed=seed + i).astype(np.float64)
        at = round(start * SAMPLE_RATE)
        out[at : at + len(burst), ch] += burst[: n - at]
    if noise_dbfs is not None:
        rng = np.random.default_rng(seed)
        out += rng.normal(0, 32768 * 10 ** (noise_dbfs / 20), out.shape)
    return np.clip(out, -32768, 32767).astype(np.int16)


def blocks(audio: np.ndarray, size: int = 4000) -> list[AudioBlock]:
    return [AudioBlock(at, audio[at : at + size]) for at in range(0, len(audio), size)]


def seconds_to_samples(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)
