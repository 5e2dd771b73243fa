"""Streaming resampling of device audio to 16 kHz, in numpy alone.

A rational polyphase windowed-sinc (Kaiser) filter: output sample ``j`` lies
exactly at input position ``j * down / up``, so sample counts stay exact
integers however the device blocks are cut (44.1 kHz: up 160, down 441).
The filter is centred on that position (zero phase): no timing offset, only
a processing delay of ``half`` input samples, which the caller never sees as
a shift on the call clock.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from assistant.timebase import SAMPLE_RATE

# Fewer lobes than the scenario renderer: live audio is headed for a VAD and
# Whisper, not for sample-exact ground truth, and each lobe costs CPU per sample.
_ZERO_CROSSINGS = 10
_KAISER_BETA = 8.0
_ROLLOFF = 0.9  # cutoff as a fraction of the lower Nyquist (7.2 kHz at 16 kHz)


@functools.lru_cache(maxsize=16)
def polyphase_table(up: int, down: int) -> tuple[np.ndarray, int]:
    """Taps per output phase ``(up, 2*half)`` as float32, and ``half``.

    Phase ``p`` is the output at input position ``base + p / up``; its taps
    apply to input samples ``base - half + 1 .. base + half``.
    """
    cutoff = min(1.0, up / down) * _ROLLOFF
    half = math.ceil(_ZERO_CROSSINGS / cutoff)
    offsets = np.arange(-half + 1, half + 1)
    t = np.arange(up)[:, None] / up - offsets[None, :]
    window = np.i0(_KAISER_BETA * np.sqrt(np.clip(1.0 - (t / half) ** 2, 0.0, None)))
    taps = cutoff * np.sinc(cutoff * t) * window
    taps /= taps.sum(axis=1, keepdims=True)  # unity gain at DC for every phase
    return taps.astype(np.float32), half


class StreamResampler:
    """Resamples ``(n, channels)`` float32 blocks from ``rate`` to 16 kHz, keeping state.

    After ``n`` input samples and ``flush()``, exactly ``ceil(n * up / down)``
    samples have come out: those whose position lies inside the input.
    """

    def __init__(self, rate: int, channels: int, out_rate: int = SAMPLE_RATE) -> None:
        if rate <= 0 or channels <= 0:
            raise ValueError(f"bad stream format: {rate} Hz, {channels} channels")
        g = math.gcd(rate, out_rate)
        self.up, self.down = out_rate // g, rate // g
        self.channels = channels
        self.passthrough = self.up == self.down
        table: tuple[np.ndarray, int] = polyphase_table(self.up, self.down) \
            if not self.passthrough else (np.ones((1, 1), np.float32), 1)
        self._taps, self._half = table
        # Input held for taps still to come: starts with half-1 zeros so output 0
        # (at input position 0) can be computed like any other.
        self._buf = np.zeros((self._half - 1, channels), np.float32)
        self._buf_start = -(self._half - 1)  # input index of _buf[0]
        self.consumed = 0  # input samples taken in
        self.produced = 0  # output samples handed out
        self._tap_range = np.arange(2 * self._half)

    def output_position(self, input_index: int) -> float:
        """Where input sample ``input_index`` lies on the output's sample grid."""
        return input_index * self.up / self.down

    def process(self, block: np.ndarray) -> np.ndarray:
        block = np.asarray(block, np.float32).reshape(-1, self.channels)
        self.consumed += len(block)
        if self.passthrough:
            self.produced += len(block)
            return block.copy()
        self._buf = np.concatenate([self._buf, block]) if len(self._buf) else block.copy()
        return self._emit(self.consumed - self._half - 1)

    def flush(self) -> np.ndarray:
        """The outputs still inside the input, computed against trailing zeros."""
        if self.passthrough:
            return np.zeros((0, self.channels), np.float32)
        pad = np.zeros((self._half, self.channels), np.float32)
        self._buf = np.concatenate([self._buf, pad])
        # Outputs must lie strictly before the end of the real input.
        return self._emit(self.consumed - 1, position_limit=self.consumed)

    def _emit(self, last_base: int, position_limit: int | None = None) -> np.ndarray:
        """Every output whose base index is at most ``last_base`` (all its taps are here)."""
        # j*down // up <= last_base  <=>  j*down < (last_base + 1) * up
        end = -(-(last_base + 1) * self.up // self.down)
        if position_limit is not None:
            end = min(end, -(-position_limit * self.up // self.down))
        n = max(0, end - self.produced)
        if n == 0:
            return np.zeros((0, self.channels), np.float32)
        js = np.arange(self.produced, self.produced + n, dtype=np.int64)
        base, phase = np.divmod(js * self.down, self.up)
        first = base - (self._half - 1) - self._buf_start
        windows = self._buf[first[:, None] + self._tap_range[None, :]]  # (n, taps, ch)
        out = np.einsum("ntc,nt->nc", windows, self._taps[phase]).astype(np.float32)
        self.produced += n
        # Keep only what the next output still needs.
        next_base = self.produced * self.down // self.up
        drop = next_base - (self._half - 1) - self._buf_start
        if drop > 0:
            self._buf = self._buf[drop:]
            self._buf_start += drop
        return out
