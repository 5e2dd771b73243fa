"""The customer's voice leaking into the agent's microphone (speakers instead of a headset).

A plain stage, no threads: blocks of both channels in, the agent channel
out with leak-only frames silenced, so the VAD never takes the customer's
voice for the agent talking (which would raise false talk-overs).

Every ``update_s`` of audio in which the customer spoke, the agent channel
is cross-correlated with the customer channel over lags up to
``max_delay_s`` (the loudspeaker path runs *after* the capture of the
customer's side, so the leak always lags). A clear peak gives the leak's
delay and its coupling (least-squares gain). Then, per 30 ms frame, the
customer's energy at that delay times the coupling predicts the leak: an
agent frame no louder than that (plus a margin) is leak, not speech. When
the agent really speaks, the microphone is far louder than the leak, so
real talk-overs still count.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE


@dataclass(frozen=True)
class EchoConfig:
    max_delay_s: float = 0.5  # speaker output latency + the acoustic path
    window_s: float = 0.5  # audio correlated per estimate
    update_s: float = 0.25  # how often the estimate is renewed (while the customer speaks)
    first_s: float = 0.06  # ... and before there is one
    min_correlation: float = 0.5  # normalised peak that shows the agent channel is the customer
    margin_db: float = 6.0  # an agent frame this far above the predicted leak is speech
    tail_frames: int = 2  # earlier customer frames whose reverberation may still leak
    active_dbfs: float = -50.0  # customer quieter than this: nothing worth estimating
    warn_coupling_db: float = -25.0  # coupling above this: "use a headset"
    warn_after: int = 4  # confident estimates needed before warning
    gated_dbfs: float = -70.0  # what a leak frame is turned down to (below any VAD's floor)


def _energy(x: np.ndarray) -> float:
    return float(np.dot(x, x))


def _dbfs(energy: float, n: int) -> float:
    return 10.0 * math.log10(max(energy / max(n, 1), 1e-12))


class EchoGate:
    """Decides per frame whether the agent channel is only the customer leaking."""

    def __init__(self, config: EchoConfig = EchoConfig(), frame: int = FRAME_SAMPLES) -> None:
        self.config = config
        self.frame = frame
        self.max_delay = round(config.max_delay_s * SAMPLE_RATE)
        self.window = round(config.window_s * SAMPLE_RATE)
        self._keep = self.window + self.max_delay + (config.tail_frames + 1) * frame
        self._agent = np.zeros(self._keep, np.float32)
        self._customer = np.zeros(self._keep, np.float32)
        self._since_update = 0
        self.delay: int | None = None  # samples the leak lags the customer by
        self.gain = 0.0  # leak amplitude relative to the customer channel
        self.correlation = 0.0
        self.estimates = 0  # confident estimates so far
        self.leak_frames = 0
        self.frames = 0

    @property
    def coupling_db(self) -> float | None:
        """How loud the leak is relative to the customer's side, when known."""
        if self.delay is None or self.gain <= 0:
            return None
        return 20.0 * math.log10(self.gain)

    @property
    def warning(self) -> bool:
        """High coupling, established: the agent should use a headset."""
        coupling = self.coupling_db
        return (coupling is not None and self.estimates >= self.config.warn_after
                and coupling > self.config.warn_coupling_db)

    def process(self, agent: np.ndarray, customer: np.ndarray) -> np.ndarray:
        """The agent channel (int16) with leak-only frames turned down; lengths are whole frames."""
        n = len(agent)
        if n % self.frame or len(customer) != n:
            raise ValueError("echo gate takes equal blocks of whole frames")
        a = agent.astype(np.float32) / 32768.0
        c = customer.astype(np.float32) / 32768.0
        self._agent = np.concatenate([self._agent, a])[-(self._keep + n):]
        self._customer = np.concatenate([self._customer, c])[-(self._keep + n):]
        out = agent.copy()
        base = len(self._agent) - n  # index of this block's first sample in the history
        for f in range(0, n, self.frame):
            self.frames += 1
            self._since_update += self.frame
            # Until the leak is first measured, look more often: it is slipping through.
            every = self.config.update_s if self.delay is not None else self.config.first_s
            if self._since_update >= every * SAMPLE_RATE:
                self._since_update = 0
                self._estimate(base + f + self.frame)
            if self._is_leak(base + f):
                self.leak_frames += 1
                out[f:f + self.frame] = self._turn_down(agent[f:f + self.frame])
        return out

    def _is_leak(self, start: int) -> bool:
        if self.delay is None:
            return False
        cfg = self.config
        frame = self._agent[start:start + self.frame]
        c_end = start + self.frame - self.delay
        c_start = max(0, c_end - (cfg.tail_frames + 1) * self.frame)
        # The loudest customer frame that can still be ringing in the room.
        leak_src = self._customer[c_start:c_end]
        if len(leak_src) < self.frame:
            return False
        frames = leak_src[len(leak_src) % self.frame:].reshape(-1, self.frame)
        loudest = float(np.max(np.einsum("ij,ij->i", frames, frames)))
        if _dbfs(loudest, self.frame) < cfg.active_dbfs:
            return False  # the customer was quiet: nothing to leak
        predicted = self.gain ** 2 * loudest
        return _energy(frame) <= predicted * 10 ** (cfg.margin_db / 10)

    def _turn_down(self, frame: np.ndarray) -> np.ndarray:
        x = frame.astype(np.float32)
        rms = math.sqrt(_energy(x) / len(x)) if len(x) else 0.0
        target = 32768.0 * 10 ** (self.config.gated_dbfs / 20)
        if rms <= target:
            return frame
        return np.rint(x * (target / rms)).astype(np.int16)

    def _estimate(self, end: int) -> None:
        """Delay and coupling from the last ``window`` samples, if the customer spoke."""
        cfg = self.config
        w, d = self.window, self.max_delay
        if end < w + d:
            return
        a = self._agent[end - w:end]
        c = self._customer[end - w - d:end]
        if _dbfs(_energy(c[d:]), w) < cfg.active_dbfs:
            return
        size = 1 << (len(c) + w - 1).bit_length()
        # xc[k] = sum_t a[t] * c[t + d - k]: the agent against the customer k samples earlier.
        spectrum = np.fft.rfft(a[::-1], size) * np.fft.rfft(c, size)
        full = np.fft.irfft(spectrum, size)
        xc = full[w - 1 + d - np.arange(d + 1)]
        csq = np.concatenate([[0.0], np.cumsum(c.astype(np.float64) ** 2)])
        lags = np.arange(d + 1)
        c_energy = csq[d - lags + w] - csq[d - lags]
        a_energy = _energy(a)
        if a_energy <= 0:
            return
        rho = xc / np.sqrt(np.maximum(c_energy * a_energy, 1e-20))
        # Lags where the customer was all but silent would divide noise by nothing.
        rho[c_energy < 0.05 * float(c_energy.max())] = 0.0
        best = int(np.argmax(rho))
        self.correlation = float(rho[best])
        if self.correlation < cfg.min_correlation or c_energy[best] <= 0:
            return  # no leak, or the agent talking too (double talk): keep the last estimate
        gain = float(xc[best] / c_energy[best])
        # Smooth in the log domain: a single odd window should not swing the gate.
        if self.delay is None:
            self.gain = gain
        else:
            self.gain = math.exp(0.7 * math.log(self.gain) + 0.3 * math.log(max(gain, 1e-6)))
        self.delay = best
        self.estimates += 1
