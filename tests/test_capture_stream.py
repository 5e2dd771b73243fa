"""The audio callback only copies, counts what it loses, and never hides an exception;
LiveCallSource turns two devices' queued blocks into one call (no sound server needed)."""

from __future__ import annotations

import queue
import time
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.capture import source as source_mod
from assistant.capture import stream as stream_mod
from assistant.capture.devices import DeviceRef, InputDevice
from assistant.capture.source import CaptureConfig, CaptureSpec, LiveCallSource
from assistant.capture.stream import ERROR, CaptureError, CaptureStream
from assistant.timebase import SAMPLE_RATE

OK = SimpleNamespace(input_overflow=False)


def device(name: str, rate: int = 48000, channels: int = 1) -> InputDevice:
    return InputDevice(DeviceRef(name, "Test"), name, channels, rate, loopback=False)


def block(frames: int, value: float, channels: int = 1) -> np.ndarray:
    return np.full((frames, channels), value, np.float32)


def test_callback_copies_into_a_slot_and_the_reader_frees_it():
    notices: queue.SimpleQueue = queue.SimpleQueue()
    stream = CaptureStream(device("mic"), notices, block_s=0.01, buffer_s=0.04)
    data = block(stream.blocksize, 0.25)
    before = time.monotonic()
    stream._callback(data, stream.blocksize, None, OK)
    after = time.monotonic()
    data[:] = 0.0  # PortAudio reuses its buffer: the slot must hold a copy
    owner, generation, slot, frames, at = notices.get_nowait()
    assert owner is stream and generation == stream.generation and frames == stream.blocksize
    assert before <= at <= after  # stamped on the monotonic clock, when it arrived
    assert np.all(stream.take(slot, frames) == 0.25)
    assert stream.counters.blocks == 1 and stream.counters.dropped_blocks == 0


def test_a_full_pool_drops_and_counts_instead_of_blocking():
    notices: queue.SimpleQueue = queue.SimpleQueue()
    stream = CaptureStream(device("mic"), notices, block_s=0.01, buffer_s=0.04)  # 4 slots
    data = block(stream.blocksize, 0.1)
    for _ in range(10):  # nobody reads: a callback that waited for a slot would hang here
        stream._callback(data, stream.blocksize, None, SimpleNamespace(input_overflow=True))
    assert stream.counters.blocks == 4
    assert stream.counters.dropped_blocks == 6
    assert stream.counters.dropped_frames == 6 * stream.blocksize
    assert stream.counters.overflows == 10
    _, _, slot, frames, _ = notices.get_nowait()
    stream.take(slot, frames)  # one slot free again: the next block gets in
    stream._callback(data, stream.blocksize, None, OK)
    assert stream.counters.blocks == 5


def test_an_exception_in_the_callback_is_kept_queued_and_stops_the_stream():
    notices: queue.SimpleQueue = queue.SimpleQueue()
    stream = CaptureStream(device("mic"), notices, block_s=0.01)
    stream._abort = KeyboardInterrupt  # stands in for sounddevice.CallbackAbort
    wrong = block(stream.blocksize, 0.1, channels=3)  # cannot be copied into a mono slot
    with pytest.raises(KeyboardInterrupt):
        stream._callback(wrong, stream.blocksize, None, OK)
    assert isinstance(stream.error, ValueError)
    assert notices.get_nowait()[2] == ERROR


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def fake_devices(monkeypatch):
    """Streams that "open" without PortAudio; the test plays the callbacks itself."""
    clock = FakeClock()
    monkeypatch.setattr(stream_mod.time, "monotonic", clock.monotonic)
    monkeypatch.setattr(source_mod.time, "monotonic", clock.monotonic)

    def fake_open(self: CaptureStream) -> None:
        self.generation += 1
        self._stream = object()
        self.last_data = clock.now

    def fake_close(self: CaptureStream) -> None:
        if self._stream is not None:
            self.generation += 1
            self._stream = None

    monkeypatch.setattr(CaptureStream, "open", fake_open)
    monkeypatch.setattr(CaptureStream, "close", fake_close)
    return clock


def test_a_callback_error_is_raised_by_blocks(fake_devices):
    devices = [device("mic"), device("loop")]
    source = LiveCallSource(CaptureSpec(agent=DeviceRef("mic"), customer=DeviceRef("loop")),
                            devices=devices)
    source.start()
    agent_stream = source._inputs[0].stream
    agent_stream._abort = RuntimeError
    with pytest.raises(RuntimeError):
        agent_stream._callback(block(10, 0.1, channels=2), 10, None, OK)
    with pytest.raises(CaptureError, match="agent side failed"):
        next(source.blocks())


def test_two_devices_at_two_rates_come_out_as_one_call(fake_devices):
    """A 48 kHz headset and a 44.1 kHz loopback opened 70 ms apart: a click played on both at
    the same moment lands at the same call position, and the call is as long as it lasted."""
    clock = fake_devices
    devices = [device("mic", 48000), device("loop", 44100)]
    raw = []
    source = LiveCallSource(
        CaptureSpec(agent=DeviceRef("mic"), customer=DeviceRef("loop")),
        CaptureConfig(buffer_s=10.0), duration_s=3.0, devices=devices,
        on_raw=raw.append)
    source.start()
    start = clock.now
    click_at = start + 1.5
    agent, customer = (inp.stream for inp in source._inputs)
    events = []  # (callback time, stream, block)
    for stream, opened in ((agent, 0.05), (customer, 0.12)):
        frames = stream.blocksize
        t = start + opened
        while t < start + 3.3:
            first = t  # capture time of the block's first sample
            times = first + np.arange(frames) / stream.rate
            # One sample of the click: after resampling, the peak is where it was played.
            data = np.where(np.abs(times - click_at) <= 0.5 / stream.rate, 0.9, 0.0)
            data = data.astype(np.float32)
            # The callback runs when the block is complete, sometimes a little late.
            late = 0.004 if len(events) % 7 == 0 else 0.0003
            events.append((first + frames / stream.rate + late, stream, data[:, None]))
            t += frames / stream.rate
    for at, stream, data in sorted(events, key=lambda e: e[0]):
        clock.now = at
        stream._callback(data, len(data), None, OK)
    clock.now = start + 3.5
    blocks = list(source.blocks())
    assert [b.start for b in blocks] == [sum(len(x.samples) for x in blocks[:i])
                                         for i in range(len(blocks))]
    call = np.concatenate([b.samples for b in blocks])
    assert call.shape == (3 * SAMPLE_RATE, 2)
    assert np.array_equal(np.concatenate([b.samples for b in raw]), call)  # no echo to gate
    peaks = [int(np.argmax(call[:, ch])) for ch in range(2)]
    expected = round(1.5 * SAMPLE_RATE)
    # The headset's first callback ran 4 ms late; the prompter ones after it put that right.
    for peak in peaks:
        assert abs(peak - expected) <= 0.001 * SAMPLE_RATE, peaks
    assert abs(peaks[0] - peaks[1]) <= 0.001 * SAMPLE_RATE
    # Before each device opened: silence, counted as start-up, not as a gap.
    report = source.report()
    assert 0.04 < report["agent"]["start_s"] < 0.07
    assert 0.11 < report["customer"]["start_s"] < 0.14
    assert report["agent"]["silence_s"] == report["customer"]["silence_s"] == 0.0
