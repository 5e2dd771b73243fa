"""Resampling to 16 kHz, two-clock alignment and the call clock's lanes (no devices needed)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from assistant.capture.align import AlignConfig, ClockAligner, StreamPlacer
from assistant.capture.resample import StreamResampler
from assistant.capture.timeline import CallTimeline, Lane
from assistant.timebase import SAMPLE_RATE

# --- resampling ----------------------------------------------------------------


@pytest.mark.parametrize("rate", [8000, 16000, 22050, 44100, 48000])
def test_resampler_counts_are_exact_and_blocking_does_not_matter(rate):
    n = 2 * rate + 123
    t = np.arange(n) / rate
    x = np.stack([np.sin(2 * np.pi * 440 * t), np.sin(2 * np.pi * 1000 * t)], 1)
    x = x.astype(np.float32)
    rng = np.random.default_rng(rate)

    def run(cuts):
        r = StreamResampler(rate, 2)
        pieces = [r.process(x[a:b]) for a, b in itertools.pairwise(cuts)]
        return np.concatenate([*pieces, r.flush()])

    one = run([0, n])
    cuts = sorted({0, n, *rng.integers(1, n, 300).tolist()})
    many = run(cuts)
    assert len(one) == len(many) == -(-n * SAMPLE_RATE // rate)
    np.testing.assert_allclose(one, many, atol=1e-5)
    tt = np.arange(len(one)) / SAMPLE_RATE
    ref = np.stack([np.sin(2 * np.pi * 440 * tt), np.sin(2 * np.pi * 1000 * tt)], 1)
    inner = slice(100, len(one) - 100)  # the edges see the zeros beyond the input
    assert np.abs(one[inner] - ref[inner]).max() < 1e-3


def test_resampler_removes_what_16_khz_cannot_carry():
    rate = 48000
    t = np.arange(rate) / rate
    tone = np.sin(2 * np.pi * 12000 * t).astype(np.float32)[:, None]  # would alias to 4 kHz
    r = StreamResampler(rate, 1)
    y = np.concatenate([r.process(tone[i:i + 480]) for i in range(0, rate, 480)])
    assert np.sqrt(np.mean(y[200:-200] ** 2)) < 1e-3


# --- two clocks ----------------------------------------------------------------


def _simulate(ppm: float, seconds: float, rate: int, start: float, seed: int,
              block: int = 480) -> np.ndarray:
    """Placement error (ms) of a device whose clock is off by ``ppm``, sampled over the call.

    Callbacks run late by a random amount (mostly under a millisecond, now and
    then up to 20 ms, as when the GIL is busy): capture times only ever err late.
    """
    rng = np.random.default_rng(seed)
    aligner = ClockAligner(call_start=0.0)
    true_rate = rate * (1 + ppm * 1e-6)  # device samples per host second
    n_blocks = int(seconds * true_rate / block)
    aligner.begin(start)
    errors = []
    for k in range(n_blocks):
        n_in = k * block
        captured = start + n_in / true_rate
        late = rng.exponential(0.0005) + (rng.random() < 0.02) * rng.uniform(0, 0.02)
        position = n_in * SAMPLE_RATE / rate
        aligner.observe(position, captured + late)
        if k % 50 == 0:
            errors.append((aligner.place(round(position)) - captured * SAMPLE_RATE) / 16.0)
    return np.array(errors)


def test_two_drifting_clocks_stay_within_30_ms_over_an_hour():
    # The agent's headset 100 ppm fast, the customer's loopback 100 ppm slow, opened
    # at different moments: 720 ms apart after an hour if nothing were done.
    agent = _simulate(+100, 3600, 48000, start=0.05, seed=1)
    customer = _simulate(-100, 3600, 44100, start=0.21, seed=2, block=441)
    n = min(len(agent), len(customer))
    between = agent[:n] - customer[:n]  # what an overlap measured across channels is off by
    assert np.abs(agent).max() < 30 and np.abs(customer).max() < 30
    assert np.abs(between).max() < 30
    # In practice each stays within the deadband (5 ms) plus what the minimum filter's
    # window lags a slow clock by (20 s * 100 ppm = 2 ms): far inside the budget.
    assert np.abs(agent).max() < 8 and np.abs(customer).max() < 8


def test_a_late_first_callback_is_put_right():
    aligner = ClockAligner(0.0, AlignConfig())
    aligner.begin(0.100 + 0.040)  # first callback 40 ms late
    for k in range(1, 600):
        aligner.observe(k * 160, 0.100 + k * 0.010 + (0.040 if k < 3 else 0.0003))
    # Settled within the start-up band (1 ms), from the prompt callbacks' 0.3 ms.
    assert abs(aligner.place(600 * 160) - (0.1003 + 6.0) * SAMPLE_RATE) <= 16


def test_placer_slips_a_fast_device_back_onto_the_call_clock():
    rate, ppm, seconds = 48000, 300, 20
    true_rate = rate * (1 + ppm * 1e-6)
    placer = StreamPlacer(rate, 1, ClockAligner(0.0))
    block = 480
    t = np.arange(int(seconds * true_rate)) / true_rate
    x = (0.5 * np.sin(2 * np.pi * 300 * t)).astype(np.float32)[:, None]
    ends = []
    expected_next = None
    for k in range(len(x) // block):
        start, out = placer.feed(x[k * block:(k + 1) * block], 0.5 + k * block / true_rate)
        if expected_next is not None:
            assert start == expected_next  # contiguous within a session
        expected_next = start + len(out)
        ends.append((start + len(out), 0.5 + (k + 1) * block / true_rate))
    placed_end, captured_end = ends[-1]
    # 20 s of a device 300 ppm fast: 96 samples too many, taken out by slips. What is
    # left is at most the deadband (80) and the filter's processing delay (11 samples).
    assert abs(placed_end - captured_end * SAMPLE_RATE) < 80 + 11
    assert placer.aligner.slipped > 20


# --- lanes -------------------------------------------------------------------------


def test_lane_fills_gaps_with_silence_and_drops_what_comes_too_late():
    lane = Lane()
    lane.put(100, np.ones(50, np.float32))  # a device that started 100 samples in
    assert lane.end == 150 and lane.counters.lead == 100 and lane.counters.silence == 0
    assert lane.take(120).tolist() == [0.0] * 100 + [1.0] * 20
    lane.put(110, np.full(20, 2.0, np.float32))  # 10 samples already gone out
    assert lane.counters.late == 10
    assert lane.take(30).tolist() == [1.0] * 30  # the overlap with the tail was dropped
    assert lane.counters.overlap == 10
    lane.put(200, np.ones(10, np.float32))  # the device was gone for a moment
    assert lane.counters.silence == 50


def test_lane_truncate_forgets_only_what_has_not_gone_out():
    lane = Lane()
    lane.put(0, np.ones(100, np.float32))
    lane.take(40)
    lane.truncate(20)
    assert lane.end == 40
    lane.put(0, np.ones(100, np.float32))
    lane.truncate(70)
    assert lane.end == 70


def test_timeline_emits_whole_frames_that_every_lane_has():
    timeline = CallTimeline(2, 480)
    timeline.lanes[0].put(0, np.full(1000, 0.5, np.float32))
    timeline.lanes[1].put(0, np.full(700, -0.5, np.float32))
    assert timeline.ready() == 480
    block = timeline.take(480)
    assert block.shape == (480, 2) and block.dtype == np.int16
    assert block[0].tolist() == [16384, -16384]
    assert timeline.emitted == 480
