"""The little signal processing that rendering needs, in numpy alone.

Resampling is a polyphase windowed-sinc (Kaiser) filter: linear
interpolation would alias espeak's 22 kHz highs into the speech band and
smear onsets, which would make the "to the sample" ground truth a lie.
"""

from __future__ import annotations

import functools
import math

import numpy as np

_ZERO_CROSSINGS = 24  # sinc lobes on each side: stopband well below int16 quantisation
_KAISER_BETA = 9.0
_ROLLOFF = 0.94  # cutoff as a fraction of the lower Nyquist: leaves room for the transition
_CHUNK = 16_384  # output samples per vectorised step (bounds memory)


@functools.lru_cache(maxsize=8)
def _polyphase_table(up: int, down: int) -> tuple[np.ndarray, np.ndarray]:
    """Filter taps per output phase, and the input offsets they apply to.

    Output sample n lies at input position n * down / up = base + p / up. Its
    value is the sum over input samples k of x[k] * h(base + p/up - k), with h a
    low-pass sinc at the lower of the two Nyquist frequencies.
    """
    cutoff = min(1.0, up / down) * _ROLLOFF  # in cycles per input sample * 2
    half = math.ceil(_ZERO_CROSSINGS / cutoff)
    offsets = np.arange(-half + 1, half + 1)  # input samples relative to base
    t = np.arange(up)[:, None] / up - offsets[None, :]  # distance to each tap
    window = np.i0(_KAISER_BETA * np.sqrt(np.clip(1.0 - (t / half) ** 2, 0.0, None)))
    taps = cutoff * np.sinc(cutoff * t) * window / np.i0(_KAISER_BETA)
    taps /= taps.sum(axis=1, keepdims=True)  # unity gain at DC for every phase
    return taps, offsets


def resample(x: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Resample a 1-D float signal; output sample 0 is at the same instant as input sample 0."""
    if src_rate == dst_rate:
        return x.astype(np.float64, copy=True)
    g = math.gcd(src_rate, dst_rate)
    up, down = dst_rate // g, src_rate // g
    taps, offsets = _polyphase_table(up, down)
    half = int(offsets[-1])
    padded = np.concatenate([np.zeros(half), np.asarray(x, np.float64), np.zeros(half)])
    n_out = -(-len(x) * up // down)
    out = np.empty(n_out)
    for first in range(0, n_out, _CHUNK):
        n = np.arange(first, min(first + _CHUNK, n_out))
        base, phase = np.divmod(n * down, up)
        index = base[:, None] + offsets[None, :] + half
        out[first:first + len(n)] = np.einsum("ij,ij->i", padded[index], taps[phase])
    return out


def band_limit(x: np.ndarray, rate: int, low_hz: float, high_hz: float,
               transition_hz: float = 200.0) -> np.ndarray:
    """Band-pass by FFT with raised-cosine edges centred on ``low_hz`` and ``high_hz``.

    The smooth edges keep time-domain ringing to a few milliseconds; the
    zero padding keeps the circular convolution from wrapping the end of the
    call onto its start.
    """
    n = len(x)
    size = 1 << math.ceil(math.log2(max(2 * n, 2)))
    freqs = np.fft.rfftfreq(size, 1.0 / rate)
    gain = _raised_edge(freqs, low_hz, transition_hz) * (
        1.0 - _raised_edge(freqs, high_hz, transition_hz))
    spectrum = np.fft.rfft(x, size) * gain
    return np.fft.irfft(spectrum, size)[:n]


def _raised_edge(freqs: np.ndarray, centre: float, width: float) -> np.ndarray:
    """0 below ``centre - width/2``, 1 above ``centre + width/2``, a half cosine between."""
    ramp = np.clip((freqs - (centre - width / 2)) / width, 0.0, 1.0)
    return 0.5 - 0.5 * np.cos(np.pi * ramp)


def trim_silence(x: np.ndarray, threshold_db: float = -60.0) -> np.ndarray:
    """Cut leading and trailing samples quieter than ``threshold_db`` below the peak.

    Sample-level and relative to the turn's own peak: -60 dB keeps the first
    faint glottal pulses and the decay of the last syllable (a frame-energy
    gate would cut quiet onsets), and what it drops is inaudible.
    """
    peak = float(np.max(np.abs(x))) if len(x) else 0.0
    if peak == 0.0:
        return x[:0]
    loud = np.flatnonzero(np.abs(x) > peak * 10 ** (threshold_db / 20))
    return x[loud[0]:loud[-1] + 1]


def power(x: np.ndarray) -> float:
    return float(np.mean(np.square(x))) if len(x) else 0.0


def to_int16(x: np.ndarray) -> np.ndarray:
    """Float in [-1, 1] to int16 PCM, rounding rather than truncating."""
    return np.clip(np.round(x * 32767.0), -32768, 32767).astype(np.int16)
