"""Batch recognition: a party's consecutive utterances share one Whisper window.

Offline, where nobody waits for a single line, up to 14 s of one party's
speech is laid out with a second of silence between utterances and decoded
once with timestamps; each segment goes back to the utterance it falls in. A
segment that spans two utterances (rare), or an utterance left without text,
is decoded on its own. Same-party context usually helps Whisper too. Full
windows wait for three more and the four are decoded side by side
(``transcribe_timed_batch``: one per decoding worker at a time, so both cores
stay busy till the last window of the four), as are the utterances left to
decode on their own.

Windows are encoded with a short pad, not Whisper's 30 s (``ShortWindow``), and
the encoder's cost grows faster than its input. On one thread per worker 14 s
windows beat longer ones: wall time of ``assistant transcribe`` on the 3-minute
benchmark call 5.8-6.0 s with 14 s windows, 6.0-6.3 s with 16-18 s, 7.8 s with
20 s; on the 10-minute one 21.8-23.3 s against 25.3-26.7 s with 20 s; 12 s
leaves more utterances to decode on their own (Intel Xeon with AMX, two 1-thread
workers; with one 2-thread worker on an AMD EPYC, 20 s had been best).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from assistant.asr.decoder import Request
from assistant.asr.whisper import Recognizer, TimedText
from assistant.engine.asr_stage import AsrClock, AsrOutput, AsrStage, Recognised
from assistant.records import Speaker, Transcript, UtteranceAudio
from assistant.timebase import SAMPLE_RATE, samples

_STRADDLE_S = 0.2  # a segment overlapping two utterances by more than this is ambiguous
_UNHEARD_S = 1.0  # an utterance running this far past the window's last text was cut short


@dataclass
class _Pack:
    jobs: list[UtteranceAudio] = field(default_factory=list)
    length: int = 0  # samples, including the gaps


class PackedAsrStage(AsrStage):
    """Same interface as ``AsrStage``; results are released in hand-over order."""

    def __init__(
        self,
        recognizer: Recognizer,
        clock: AsrClock,
        language: str | None,
        window_s: float = 14.0,
        gap_s: float = 1.0,
        batch: int = 4,
    ) -> None:
        super().__init__(recognizer, clock, language)
        self._window = samples(window_s)
        self._gap = np.zeros(samples(gap_s), dtype=np.float32)
        self._packs: dict[Speaker, _Pack] = {}
        self._full: list[_Pack] = []  # closed windows waiting for a batch
        self._batch = batch
        self._done: dict[int, Recognised] = {}
        self._next_seq = 0
        self.packs_decoded = 0
        self.fallbacks = 0

    def process_batch(self, jobs: list[UtteranceAudio], behind: int = 0) -> list[AsrOutput]:
        return [out for job in jobs for out in self.process(job)]

    def process(self, job: UtteranceAudio) -> list[AsrOutput]:
        if not job.final:
            return []  # nobody watches partial text offline
        self._account(self._fix_language(job))
        pack = self._packs.setdefault(job.speaker, _Pack())
        size = len(job.audio) - job.context_samples + len(self._gap)
        if pack.jobs and pack.length + size > self._window:
            self._full.append(pack)
            if len(self._full) >= self._batch:
                self._decode(self._full)
                self._full = []
            pack = self._packs[job.speaker] = _Pack()
        pack.jobs.append(job)
        pack.length += size
        return self._release()

    def flush(self) -> list[AsrOutput]:
        packs = self._full + [pack for pack in self._packs.values() if pack.jobs]
        for first in range(0, len(packs), self._batch):
            self._decode(packs[first : first + self._batch])
        self._full = []
        self._packs.clear()
        return self._release(everything=True)

    def _release(self, everything: bool = False) -> list[AsrOutput]:
        """Hand results on in the order the utterances ended, as live would."""
        out: list[AsrOutput] = []
        while self._next_seq in self._done:
            out.append(self._done.pop(self._next_seq))
            self._next_seq += 1
        if everything:
            out.extend(self._done.pop(seq) for seq in sorted(self._done))
        return out

    def _decode(self, packs: list[_Pack]) -> None:
        if not packs:
            return
        started = time.perf_counter()
        windows: list[np.ndarray] = []
        layouts: list[list[tuple[float, float]]] = []
        for pack in packs:
            parts: list[np.ndarray] = []
            bounds: list[tuple[float, float]] = []
            position = 0
            for job in pack.jobs:
                audio = job.audio[job.context_samples :]
                bounds.append((position / SAMPLE_RATE, (position + len(audio)) / SAMPLE_RATE))
                parts += [audio, self._gap]
                position += len(audio) + len(self._gap)
            windows.append(np.concatenate(parts))
            layouts.append(bounds)
        decoded = self.recognizer.transcribe_timed_batch(windows, self.language)
        self.packs_decoded += len(packs)
        language = self.language or "en"
        share = (time.perf_counter() - started) / sum(len(pack.jobs) for pack in packs)
        alone: list[UtteranceAudio] = []  # decoded on their own, all together
        for pack, segments, bounds in zip(packs, decoded, layouts, strict=True):
            texts, unclear = _assign(segments, bounds)
            for i, job in enumerate(pack.jobs):
                # Ambiguous, or nothing survived the hallucination filters (a looping
                # window loses all its text): decode this utterance on its own.
                if i in unclear or not texts[i]:
                    alone.append(job)
                else:
                    self._finish(job, Transcript(" ".join(texts[i]).strip(), language,
                                                 decode_seconds=share))
        self.fallbacks += len(alone)
        transcripts = self.recognizer.transcribe_many(
            [Request(job.audio[job.context_samples :]) for job in alone], self.language)
        for job, transcript in zip(alone, transcripts, strict=True):
            self._finish(job, transcript)

    def _finish(self, job: UtteranceAudio, transcript: Transcript) -> None:
        self._account(transcript.decode_seconds)
        final_at = self.clock.done_at(job.ready_at, transcript.decode_seconds)
        self._done[job.seq] = Recognised(job, transcript, final_at)


def _assign(
    segments: list[TimedText], bounds: list[tuple[float, float]]
) -> tuple[list[list[str]], set[int]]:
    """Each segment's text to the utterance it overlaps most; ambiguous ones flagged."""
    texts: list[list[str]] = [[] for _ in bounds]
    unclear: set[int] = set()
    # Whisper may stop before the window's end (a batch keeps no unfinished segment,
    # where a single decode would go on from its last timestamp): an utterance with
    # more than _UNHEARD_S of itself after the last segment is decoded on its own.
    heard_to = max((seg.end for seg in segments), default=0.0)
    unclear.update(i for i, (a, b) in enumerate(bounds) if b - max(a, heard_to) > _UNHEARD_S)
    for seg in segments:
        overlaps = [max(0.0, min(seg.end, b) - max(seg.start, a)) for a, b in bounds]
        touched = [i for i, o in enumerate(overlaps) if o > _STRADDLE_S]
        if len(touched) > 1:
            unclear.update(touched)
            continue
        if max(overlaps) > 0:
            best = int(np.argmax(overlaps))
        else:  # a segment placed in a gap: give it to the nearest utterance
            mid = (seg.start + seg.end) / 2
            best = min(range(len(bounds)),
                       key=lambda i: min(abs(mid - bounds[i][0]), abs(mid - bounds[i][1])))
        texts[best].append(seg.text)
    return texts, unclear
