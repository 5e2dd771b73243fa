"""Voice activity: exact framing, timing of real voiced bursts, and noise rejection."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.audio.vad import VoiceActivityDetector
from assistant.config import VadConfig
from assistant.records import Speaker, SpeechEnded, SpeechStarted
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE
from tests.synthetic import call, seconds_to_samples, voiced

TOLERANCE = 3 * FRAME_SAMPLES  # onset/offset of a voiced burst within 90 ms


def run(audio: np.ndarray, block: int, config: VadConfig | None = None) -> list:
    vad = VoiceActivityDetector(Speaker.AGENT, config or VadConfig())
    events = []
    for at in range(0, len(audio), block):
        events += vad.feed(audio[at : at + block], at)
    return events + vad.flush()


def test_same_events_whatever_the_block_size() -> None:
    audio = call(6.0, [(0, 0.7, 1.3), (0, 2.9, 0.8), (0, 4.4, 1.0)])[:, 0].copy()
    reference = run(audio, len(audio))
    assert len(reference) == 6
    for block in (1, 160, 479, 480, 481, 4000, 7919):
        assert run(audio, block) == reference, f"block size {block}"


def test_positions_are_whole_frames_and_match_the_burst() -> None:
    audio = call(5.0, [(0, 1.0, 2.0)])[:, 0].copy()
    events = run(audio, 1000)
    started, ended = events
    assert isinstance(started, SpeechStarted) and isinstance(ended, SpeechEnded)
    assert started.start % FRAME_SAMPLES == 0 and ended.span.end % FRAME_SAMPLES == 0
    assert abs(started.start - seconds_to_samples(1.0)) <= TOLERANCE
    assert abs(ended.span.end - seconds_to_samples(3.0)) <= TOLERANCE
    # The end is only known once the hangover has passed, the start a few frames in.
    hangover = seconds_to_samples(VadConfig().hangover_s)
    assert ended.detected_at - ended.span.end == pytest.approx(hangover, abs=FRAME_SAMPLES)
    assert 0 < started.detected_at - started.start <= 4 * FRAME_SAMPLES


def test_short_pauses_are_bridged_and_long_ones_split() -> None:
    audio = call(6.0, [(0, 0.5, 1.0), (0, 1.65, 1.0), (0, 3.5, 1.0)])[:, 0].copy()
    spans = [e.span for e in run(audio, 4000) if isinstance(e, SpeechEnded)]
    assert len(spans) == 2  # 0.15 s pause bridged, 0.85 s pause splits
    assert abs(spans[0].end - seconds_to_samples(2.65)) <= TOLERANCE


def _noise(kind: str, seconds: float = 60.0, seed: int = 3) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE)
    if kind == "white":
        x = rng.normal(0, 0.05, n)
    elif kind == "brown":
        x = np.cumsum(rng.normal(0, 1, n))
        x = x - np.convolve(x, np.ones(801) / 801, mode="same")  # keep it bounded
        x = x / np.abs(x).max() * 0.4
    elif kind == "hum":
        t = np.arange(n) / SAMPLE_RATE
        x = 0.2 * np.sin(2 * np.pi * 50 * t) + 0.1 * np.sin(2 * np.pi * 150 * t)
    else:
        x = np.zeros(n)
    return (x * 32767).astype(np.int16)


@pytest.mark.parametrize("kind", ["silence", "white", "brown", "hum"])
def test_a_minute_of_silence_or_steady_noise_is_not_speech(kind: str) -> None:
    assert run(_noise(kind), 4000) == []


def test_speech_in_telephone_level_noise_is_still_found() -> None:
    audio = call(6.0, [(0, 2.0, 2.0)], channels=1, noise_dbfs=-40.0)[:, 0].copy()
    started = [e for e in run(audio, 4000) if isinstance(e, SpeechStarted)]
    # Noise masks the first syllable's rise a little: allow one more frame than in quiet.
    late = started[0].start - seconds_to_samples(2.0)
    assert len(started) == 1 and -TOLERANCE <= late <= TOLERANCE + 2 * FRAME_SAMPLES


def test_gaps_in_the_input_are_refused() -> None:
    vad = VoiceActivityDetector(Speaker.AGENT, VadConfig())
    vad.feed(voiced(0.5), 0)
    with pytest.raises(ValueError, match="contiguous"):
        vad.feed(voiced(0.5), 12345)
