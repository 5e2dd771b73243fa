"""Cuts one party's speech runs into utterances for the recogniser.

Keeps only a bounded ring of recent audio, so a two-hour call costs the
same memory as a two-minute one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from assistant.config import SegmenterConfig
from assistant.records import (
    Span,
    Speaker,
    SpeechEnded,
    SpeechStarted,
    UtteranceAudio,
    VoiceActivity,
)
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE, samples

_INT16_SCALE = 1.0 / 32768.0


class AudioRing:
    """The last ``capacity`` samples of one channel, addressed by absolute position."""

    def __init__(self, capacity: int) -> None:
        self._buf = np.zeros(capacity, dtype=np.float32)
        self.capacity = capacity
        self.end = 0  # absolute position just past the newest sample

    @property
    def start(self) -> int:
        return max(0, self.end - self.capacity)

    def write(self, audio: np.ndarray, start: int) -> None:
        if start != self.end:
            raise ValueError(f"ring expects audio at {self.end}, got {start}")
        data = audio.astype(np.float32) * _INT16_SCALE if audio.dtype == np.int16 else audio
        n = len(data)
        if n >= self.capacity:
            data = data[n - self.capacity :]
            start += n - self.capacity
            n = self.capacity
        at = start % self.capacity
        first = min(n, self.capacity - at)
        self._buf[at : at + first] = data[:first]
        if first < n:
            self._buf[: n - first] = data[first:]
        self.end = start + n

    def read(self, span: Span) -> np.ndarray:
        """Copy of the samples in ``span``, clipped to what the ring still holds."""
        a, b = max(span.start, self.start), min(span.end, self.end)
        if b <= a:
            return np.zeros(0, dtype=np.float32)
        at, n = a % self.capacity, b - a
        first = min(n, self.capacity - at)
        if first == n:
            return self._buf[at : at + n].copy()
        return np.concatenate((self._buf[at:], self._buf[: n - first]))


@dataclass(frozen=True)
class _HeldPiece:
    span: Span
    detected_at: int


class UtteranceSegmenter:
    """Feeds one party's audio and voice activity; returns utterances to transcribe."""

    def __init__(self, speaker: Speaker, config: SegmenterConfig, seq: Iterator[int]) -> None:
        self.speaker = speaker
        self.config = config
        self._seq = seq
        self._max = samples(config.max_utterance_s)
        self._min = samples(config.min_utterance_s)
        self._pre = samples(config.pre_roll_s)
        self._post = samples(config.post_roll_s)
        self._partial_every = samples(config.partial_every_s)
        self._ring = AudioRing(self._max + self._pre + samples(5.0))
        self._context_gap = samples(config.context_gap_s)
        self._context_max = samples(config.context_max_s)
        self._utterance_start: int | None = None
        self._last_partial = 0
        self._previous: Span | None = None  # the last utterance handed over
        self._join_short = samples(config.join_short_s)
        self._join_gap = samples(config.join_gap_s)
        self._held: _HeldPiece | None = None  # a short piece waiting for its continuation
        self.dropped_short = 0

    def feed(
        self, audio: np.ndarray, start: int, activity: list[VoiceActivity]
    ) -> list[UtteranceAudio]:
        self._ring.write(audio, start)
        now = self._ring.end
        out: list[UtteranceAudio] = []
        for event in activity:
            if isinstance(event, SpeechStarted):
                held = self._held
                if held is not None and event.start - held.span.end <= self._join_gap:
                    self._held = None  # the same sentence goes on: one utterance
                    self._utterance_start = held.span.start
                else:
                    self._release_held(out)
                    self._utterance_start = event.start
                self._last_partial = event.start
            elif isinstance(event, SpeechEnded):
                # Where this run's utterance began: a held piece it joined, or a long cut.
                begin = event.span.start if self._utterance_start is None \
                    else self._utterance_start
                self._utterance_start = None
                self._end_piece(Span(begin, max(begin, event.span.end)), event.detected_at, out)
        if self._utterance_start is not None:
            self._cut_long(now, out)
            self._partial(now, out)
        elif self._held is not None and now - self._held.span.end > self._join_gap:
            self._release_held(out)
        return out

    def finish(self, activity: list[VoiceActivity]) -> list[UtteranceAudio]:
        """End of the call: the last activity (the VAD's flush), and any piece still held."""
        out = self.feed(np.zeros(0, dtype=np.float32), self._ring.end, activity)
        self._release_held(out)
        return out

    def _end_piece(self, span: Span, at: int, out: list[UtteranceAudio]) -> None:
        if self._join_short > span.duration >= self._min:
            self._held = _HeldPiece(span, at)
        else:
            self._emit(span, at, out)

    def _release_held(self, out: list[UtteranceAudio]) -> None:
        """Hand over the held piece: its party stayed quiet, or began a new sentence."""
        if self._held is None:
            return
        held, self._held = self._held, None
        # Ready when the pause had lasted join_gap (never past the audio heard so far), so
        # the moment does not depend on how the audio was cut into blocks.
        ready = max(held.detected_at, min(held.span.end + self._join_gap, self._ring.end))
        self._emit(held.span, ready, out)

    def _emit(self, span: Span, at: int, out: list[UtteranceAudio]) -> None:
        if span.duration < self._min:
            self.dropped_short += 1
            return
        context = self._previous
        if context is not None and (
            span.start - context.end > self._context_gap
            or span.end - context.start > self._context_max
            or context.start - self._pre < self._ring.start
        ):
            context = None
        first = context.start if context is not None else span.start
        audio = self._ring.read(Span(max(0, first - self._pre), span.end + self._post))
        lead = span.start - first
        out.append(UtteranceAudio(next(self._seq), self.speaker, span, audio, at, final=True,
                                  context=context, context_samples=lead))
        self._previous = span

    def _cut_long(self, now: int, out: list[UtteranceAudio]) -> None:
        """Whisper sees 30 s at most: cut very long speech at its quietest moment."""
        assert self._utterance_start is not None
        if now - self._utterance_start < self._max:
            return
        search = Span(max(self._utterance_start + self._max // 2, now - 3 * SAMPLE_RATE), now)
        audio = self._ring.read(search)
        usable = len(audio) // FRAME_SAMPLES * FRAME_SAMPLES
        energy = np.square(audio[:usable]).reshape(-1, FRAME_SAMPLES).sum(axis=1)
        # Among equally quiet frames take the latest, so utterances stay as long as allowed.
        quietest = len(energy) - 1 - int(np.argmin(energy[::-1]))
        cut = search.start + quietest * FRAME_SAMPLES + FRAME_SAMPLES // 2
        self._emit(Span(self._utterance_start, cut), now, out)
        self._utterance_start = cut
        self._last_partial = cut

    def _partial(self, now: int, out: list[UtteranceAudio]) -> None:
        assert self._utterance_start is not None
        if not self._partial_every or now - self._last_partial < self._partial_every:
            return
        self._last_partial = now
        span = Span(self._utterance_start, now)
        audio = self._ring.read(Span(max(0, span.start - self._pre), now))
        out.append(UtteranceAudio(-1, self.speaker, span, audio, now, final=False))
