"""Acoustic evidence that the customer said the same words again.

When Whisper garbles a phrase (it does, on Swedish and Danish telephone
speech), the words of two utterances may not match even though the audio
does: the customer said "säga upp abonnemanget" twice. Here each utterance
becomes a sequence of cepstral frames (MFCC, mean/variance normalised per
utterance so the channel and level cancel out), and two utterances are
compared by the longest stretch along which their frames stay close: a
diagonal of the frame distance matrix, allowed to drift by a frame per step
for small changes of speaking rate. Silence never matches silence.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from assistant.timebase import SAMPLE_RATE

_WIN, _HOP, _NFFT = 400, 160, 512  # 25 ms windows every 10 ms
_MELS, _CEPS = 40, 13
HOP_SECONDS = _HOP / SAMPLE_RATE
_SILENCE_DB = 30.0  # frames this far below the utterance's loudest are pauses
_FAR = 9.0  # distance given to anything that must never match


@lru_cache(maxsize=1)
def _filters() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mel filterbank (telephone band, so 8 kHz audio compares with 16 kHz), DCT, window."""
    def to_mel(f: np.ndarray) -> np.ndarray:
        return 2595.0 * np.log10(1.0 + f / 700.0)

    edges_mel = np.linspace(to_mel(np.array(100.0)), to_mel(np.array(3800.0)), _MELS + 2)
    edges = np.floor((_NFFT + 1) * 700.0 * (10 ** (edges_mel / 2595.0) - 1) / SAMPLE_RATE)
    bins = np.arange(_NFFT // 2 + 1)
    bank = np.zeros((_MELS, len(bins)), dtype=np.float32)
    for i in range(_MELS):
        lo, mid, hi = edges[i], edges[i + 1], edges[i + 2]
        rise = (bins - lo) / max(mid - lo, 1.0)
        fall = (hi - bins) / max(hi - mid, 1.0)
        bank[i] = np.clip(np.minimum(rise, fall), 0.0, None)
    dct = np.cos(np.pi / _MELS * (np.arange(_MELS) + 0.5)[None, :]
                 * np.arange(1, _CEPS + 1)[:, None]).astype(np.float32)
    return bank, dct, np.hamming(_WIN).astype(np.float32)


@dataclass(frozen=True)
class SpokenFrames:
    """An utterance as unit-length cepstral frames; pauses flagged."""

    frames: np.ndarray  # (n, 13) float32, rows of unit length
    voiced: np.ndarray  # (n,) bool

    @property
    def seconds(self) -> float:
        return len(self.frames) * HOP_SECONDS


def spoken_frames(audio: np.ndarray) -> SpokenFrames:
    """Features of one utterance (float32 audio at 16 kHz)."""
    bank, dct, window = _filters()
    x = audio.astype(np.float32)
    if len(x) < _WIN + _HOP:
        return SpokenFrames(np.zeros((0, _CEPS), np.float32), np.zeros(0, bool))
    x = np.concatenate((x[:1], x[1:] - 0.97 * x[:-1]))
    count = 1 + (len(x) - _WIN) // _HOP
    index = np.arange(_WIN)[None, :] + _HOP * np.arange(count)[:, None]
    power = np.abs(np.fft.rfft(x[index] * window, _NFFT)) ** 2
    log_mel = np.log(power @ bank.T + 1e-8)
    loudness = 10.0 * np.log10(np.exp(log_mel).sum(axis=1) + 1e-12)
    voiced = loudness > loudness.max() - _SILENCE_DB
    ceps = log_mel @ dct.T
    if voiced.sum() > 1:  # normalise on speech only, so pauses do not skew it
        mean, std = ceps[voiced].mean(axis=0), ceps[voiced].std(axis=0) + 1e-6
    else:
        mean, std = ceps.mean(axis=0), ceps.std(axis=0) + 1e-6
    ceps = (ceps - mean) / std
    ceps /= np.linalg.norm(ceps, axis=1, keepdims=True) + 1e-9
    return SpokenFrames(ceps.astype(np.float32), voiced)


def longest_shared_stretch(
    a: SpokenFrames, b: SpokenFrames, max_distance: float = 0.45, window_s: float = 0.2
) -> float:
    """Seconds of the longest stretch of ``a`` that ``b`` also contains.

    A stretch counts while the mean cosine distance over a sliding window of
    ``window_s`` stays under ``max_distance`` along one diagonal (±1 frame drift).
    """
    n, m = len(a.frames), len(b.frames)
    span = max(2, round(window_s / HOP_SECONDS))
    if n < span or m < span:
        return 0.0
    dist = 1.0 - a.frames @ b.frames.T
    # A pause in one against a pause in the other says nothing; a quiet consonant
    # against speech is simply far apart, so only pause-against-pause is barred.
    dist[np.logical_not(a.voiced)[:, None] & np.logical_not(b.voiced)[None, :]] = _FAR
    padded = np.pad(dist, ((0, 0), (1, 1)), constant_values=_FAR)
    dist = np.minimum(np.minimum(padded[:, :-2], padded[:, 1:-1]), padded[:, 2:])
    # Shear so each diagonal becomes a column, then slide a window down the columns.
    diagonals = n + m
    rows = np.arange(n)[:, None]
    cols = rows + np.arange(diagonals)[None, :] - n
    inside = (cols >= 0) & (cols < m)
    sheared = np.where(inside, dist[rows, np.clip(cols, 0, m - 1)], _FAR)
    sums = np.vstack((np.zeros((1, diagonals)), np.cumsum(sheared, axis=0)))
    close = (sums[span:] - sums[:-span]) / span < max_distance
    run = np.zeros(diagonals, dtype=np.int32)
    longest = 0
    for row in close:
        run = (run + 1) * row
        longest = max(longest, int(run.max()))
    return (longest + span - 1) * HOP_SECONDS if longest else 0.0
