"""Playing a stored call from any moment, both sides mixed; silently when there is no sound."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.review.playback import CallAudio, Player
from assistant.scenarios.render import write_wav

S = 16000


@pytest.fixture
def call_wav(tmp_path):
    """Agent on the left at 1000, customer on the right at 3000 (as int16), 3 s at 16 kHz,
    with one second of silence on the right at the start."""
    n = 3 * S
    left = np.full(n, 1000, dtype=np.int16)
    right = np.full(n, 3000, dtype=np.int16)
    right[:S] = 0
    path = tmp_path / "call.wav"
    write_wav(path, np.stack([left, right], axis=1), S)
    return path


def test_both_sides_are_mixed_from_any_position(call_wav) -> None:
    audio = CallAudio(call_wav).start()
    assert audio.wait(30) and audio.error is None
    assert audio.available == 3 * S
    start = audio.read(0, 10)
    later = audio.read(2 * S, 10)
    assert np.allclose(start, 0.8 * 1000 / 32768, atol=1e-4)
    assert np.allclose(later, 0.8 * 4000 / 32768, atol=1e-4)
    edge = audio.read(3 * S - 5, 10)  # past the end: silence
    assert np.all(edge[5:] == 0) and np.all(edge[:5] > 0)


def test_an_unreadable_file_is_an_error_not_a_crash(tmp_path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"not audio at all" * 100)
    audio = CallAudio(bad).start()
    assert audio.wait(30) and audio.error and "bad.wav" in audio.error
    assert np.all(audio.read(0, 100) == 0)


class FakeStream:
    """Stands in for the sound card: the test pulls buffers through the callback."""

    def __init__(self, callback) -> None:
        self.callback = callback
        self.running = False

    def start(self) -> None:
        self.running = True

    def stop(self) -> None:
        self.running = False

    def close(self) -> None:
        self.running = False

    def pull(self, frames: int) -> np.ndarray:
        out = np.full((frames, 2), 9.0, dtype=np.float32)
        self.callback(out, frames)
        return out


def test_the_player_plays_from_where_it_is_asked() -> None:
    mix = np.arange(4 * S, dtype=np.int16)
    streams: list[FakeStream] = []

    def output(callback):
        streams.append(FakeStream(callback))
        return streams[-1]

    player = Player(CallAudio.from_samples(mix), output)
    player.play(at=2 * S)
    (stream,) = streams
    assert stream.running and player.playing
    out = stream.pull(256)
    expected = mix[2 * S : 2 * S + 256].astype(np.float32) / 32768
    assert np.allclose(out[:, 0], expected) and np.allclose(out[:, 1], expected)
    assert player.position == 2 * S + 256
    player.seek(S)  # a click elsewhere while playing
    assert np.allclose(stream.pull(4)[:, 0], mix[S : S + 4] / 32768)
    player.pause()
    assert not stream.running and not player.playing
    assert np.all(stream.pull(8) == 0)  # paused: silence, and time stands still
    assert player.position == S + 4


def test_playing_stops_at_the_end_and_starts_again_from_the_top() -> None:
    streams: list[FakeStream] = []
    player = Player(CallAudio.from_samples(np.ones(1000, dtype=np.int16)),
                    lambda cb: streams.append(FakeStream(cb)) or streams[-1])
    player.play(at=900)
    streams[0].pull(256)
    assert not player.playing and player.position == 1000
    player.play()
    assert player.playing and player.position == 0


def test_without_sound_the_player_still_keeps_time() -> None:
    now = [100.0]

    def no_device(_callback):
        raise OSError("no default output device")

    player = Player(CallAudio.from_samples(np.zeros(10 * S, dtype=np.int16)), no_device,
                    clock=lambda: now[0])
    player.play(at=S)
    assert player.error == "no sound output (no default output device)"
    assert player.playing
    now[0] += 2.5
    assert player.position == S + 2.5 * S
    player.pause()
    now[0] += 5
    assert player.position == 3.5 * S
    player.play()
    now[0] += 100  # past the end
    assert player.position == 10 * S and not player.playing
