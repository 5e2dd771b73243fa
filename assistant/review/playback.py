"""Playing a stored call from any moment, both parties mixed together (Qt-free).

``CallAudio`` decodes the library's WAV (or the original recording) with
``FileAudioSource`` on a background thread, mixing the two channels into one
as it goes, so playing can start while the rest is still decoding. ``Player``
copies from it in the sound card's callback (``sounddevice``); where no sound
can play, it still keeps time, so a review works silently.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.timebase import SAMPLE_RATE

_MIX_GAIN = 0.8  # two parties summed: a little headroom for their overlaps


class CallAudio:
    """A call's audio as one mixed channel at 16 kHz (int16), filled in the background."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._data = np.zeros(0, dtype=np.int16)
        self._available = 0
        self.done = False
        self.error: str | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()

    @classmethod
    def from_samples(cls, mixed: np.ndarray) -> CallAudio:
        """Already decoded audio (tests, or a call still in memory)."""
        audio = cls("<memory>")
        audio._data = np.ascontiguousarray(mixed, dtype=np.int16)
        audio._available = len(mixed)
        audio.done = True
        return audio

    def start(self) -> CallAudio:
        if self._thread is None and not self.done:
            self._thread = threading.Thread(target=self._decode, name="review-audio",
                                            daemon=True)
            self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block until decoding finished (tests, exports); True when it did."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done

    def close(self) -> None:
        self._stop.set()

    @property
    def available(self) -> int:
        """Samples decoded so far (the whole call once ``done``)."""
        return self._available

    def _decode(self) -> None:
        from assistant.audio.source import FileAudioSource
        from assistant.errors import AssistantError

        try:
            source = FileAudioSource(self.path)
            declared = source.info.declared_duration
            capacity = int((declared or 60.0) * SAMPLE_RATE) + SAMPLE_RATE
            data = np.zeros(capacity, dtype=np.int16)
            filled = 0
            for block in source.blocks():
                if self._stop.is_set():
                    return
                chunk = block.samples.astype(np.int32)
                mixed = chunk.sum(axis=1) if chunk.shape[1] > 1 else chunk[:, 0]
                if chunk.shape[1] > 1:
                    mixed = (mixed * _MIX_GAIN).astype(np.int32)
                mixed16 = np.clip(mixed, -32768, 32767).astype(np.int16)
                end = filled + len(mixed16)
                if end > len(data):
                    grown = np.zeros(max(end, 2 * len(data)), dtype=np.int16)
                    grown[:filled] = data[:filled]
                    data = grown
                data[filled:end] = mixed16
                with self._lock:
                    self._data = data
                    self._available = end
                filled = end
            with self._lock:
                self._data = data[:filled].copy()
                self._available = filled
        except AssistantError as exc:
            self.error = str(exc)
        except Exception as exc:  # a damaged file must not take the review window down
            self.error = f"{self.path}: cannot be played ({exc})"
        finally:
            self.done = True

    def read(self, start: int, frames: int) -> np.ndarray:
        """``frames`` float32 samples from ``start``; silence where there is no audio yet."""
        out = np.zeros(frames, dtype=np.float32)
        with self._lock:
            data, available = self._data, self._available
        begin = max(0, start)
        end = min(start + frames, available)
        if end > begin:
            out[begin - start : end - start] = data[begin:end].astype(np.float32) / 32768.0
        return out


class OutputStream(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...
    def close(self) -> None: ...


Callback = Callable[[np.ndarray, int], None]  # (out buffer (frames, channels), frames)
OutputFactory = Callable[[Callback], OutputStream]


def sounddevice_output(callback: Callback) -> OutputStream:
    """The default output device at 16 kHz, stereo (the mix on both sides)."""
    import sounddevice as sd

    sd.query_devices(kind="output")  # raises when there is no default output

    def run(out: np.ndarray, frames: int, _time: Any, _status: Any) -> None:
        callback(out, frames)

    stream: OutputStream = sd.OutputStream(samplerate=SAMPLE_RATE, channels=2,
                                           dtype="float32", callback=run)
    return stream


class Player:
    """Plays a ``CallAudio`` from any position; keeps time even without a sound card.

    ``position`` moves in the sound card's thread while playing; read it from
    the UI thread on a timer. Without output (``error`` says why), ``position``
    follows the wall clock instead, so the playhead still moves.
    """

    def __init__(self, audio: CallAudio, output: OutputFactory | None = sounddevice_output,
                 clock: Callable[[], float] | None = None) -> None:
        import time

        self.audio = audio
        self._output_factory = output
        self._stream: OutputStream | None = None
        self._lock = threading.Lock()
        self._position = 0
        self._playing = False
        self._clock = clock or time.monotonic
        self._wall_started: tuple[float, int] | None = None  # silent mode: (time, position)
        self.error: str | None = None
        self.end: int | None = None  # stop here (None: the end of the audio)

    # --- control (UI thread) ---------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._playing

    @property
    def position(self) -> int:
        with self._lock:
            if self._playing and self._wall_started is not None:
                started, at = self._wall_started
                self._position = at + int((self._clock() - started) * SAMPLE_RATE)
                self._check_end()
            return self._position

    def play(self, at: int | None = None) -> None:
        if at is not None:
            self.seek(at)
        with self._lock:
            if self._playing:
                return
            if self._finished(self._position):
                self._position = 0  # played to the end: start again
            self._playing = True
        if self._stream is None and self.error is None:
            self._open()
        if self._stream is None:
            with self._lock:
                self._wall_started = (self._clock(), self._position)
            return
        try:
            self._stream.start()
        except Exception as exc:  # the device went away
            self._fail(exc)
            with self._lock:
                self._wall_started = (self._clock(), self._position)

    def pause(self) -> None:
        position = self.position
        with self._lock:
            self._playing = False
            self._wall_started = None
            self._position = position
        if self._stream is not None:
            try:
                self._stream.stop()
            except Exception as exc:
                self._fail(exc)

    def toggle(self) -> None:
        if self._playing:
            self.pause()
        else:
            self.play()

    def seek(self, at: int) -> None:
        with self._lock:
            self._position = max(0, int(at))
            if self._wall_started is not None:
                self._wall_started = (self._clock(), self._position)

    def close(self) -> None:
        self.pause()
        if self._stream is not None:
            with contextlib.suppress(Exception):
                self._stream.close()
            self._stream = None

    # --- internals ---------------------------------------------------------------------

    def _open(self) -> None:
        if self._output_factory is None:
            self.error = "sound output is off"
            return
        try:
            self._stream = self._output_factory(self._callback)
        except Exception as exc:  # no PortAudio, no device, or a rate the device refuses
            self._fail(exc)

    def _fail(self, exc: Exception) -> None:
        self.error = f"no sound output ({exc})" if str(exc) else "no sound output"
        self._stream = None

    def _finished(self, position: int) -> bool:
        end = self.end if self.end is not None else (
            self.audio.available if self.audio.done else None)
        return end is not None and position >= end

    def _check_end(self) -> None:
        if self._finished(self._position):
            end = self.end if self.end is not None else self.audio.available
            self._position = end
            self._playing = False
            self._wall_started = None

    def _callback(self, out: np.ndarray, frames: int) -> None:
        """The sound card's thread: the next ``frames`` of the mix, or silence when paused."""
        with self._lock:
            playing, position = self._playing, self._position
            if playing:
                self._position = position + frames
                self._check_end()
        if not playing:
            out[:] = 0
            return
        mixed = self.audio.read(position, frames)
        if out.ndim == 1:
            out[:] = mixed
        else:
            out[:] = mixed[:, None]
