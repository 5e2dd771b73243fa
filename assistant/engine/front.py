"""The real-time half of the engine: audio blocks to voice activity, utterance
audio and talk-over events. Cheap (a few µs per frame), so it keeps up live.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from assistant.analysis.talkover import TalkOverDetector
from assistant.audio.crosstalk import CrossTalk
from assistant.audio.vad import (
    FrameClassifier,
    VoiceActivityDetector,
    measure_frames,
    webrtc_classifier,
)
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.segmenter import UtteranceSegmenter
from assistant.records import (
    AudioBlock,
    PartyProgress,
    Speaker,
    TalkOverEvent,
    TalkOverUpdate,
    UtteranceAudio,
    VoiceActivity,
)
from assistant.timebase import FRAME_SAMPLES


@dataclass
class FrontOutput:
    activity: list[VoiceActivity] = field(default_factory=list)
    jobs: list[UtteranceAudio] = field(default_factory=list)
    events: list[TalkOverEvent | TalkOverUpdate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.activity or self.jobs or self.events)




class CallFrontEnd:
    """Per channel: VAD and segmenter; across channels: leak and the talk-over detector.

    Both channels are cut into the same 30 ms frames here, so the leak check
    sees each frame of both parties at once.
    """

    def __init__(
        self,
        config: EngineConfig,
        layout: ChannelLayout,
        classifier_factory: Callable[[int], FrameClassifier] = webrtc_classifier,
        event_ids: Iterator[int] | None = None,
    ) -> None:
        self.layout = layout
        seq = itertools.count()
        self.vads = [
            VoiceActivityDetector(s, config.vad, classifier_factory) for s in layout.speakers
        ]
        self.segmenters = [UtteranceSegmenter(s, config.segmenter, seq) for s in layout.speakers]
        channels = len(layout.speakers)
        self.crosstalk = CrossTalk(config.vad, channels) if channels > 1 else None
        self.talkover = (
            TalkOverDetector(config.talkover, event_ids or itertools.count())
            if layout.two_party
            else None
        )
        self.position = 0
        self._pending = np.zeros((FRAME_SAMPLES, channels), dtype=np.int16)
        self._pending_len = 0

    def feed(self, block: AudioBlock) -> FrontOutput:
        if block.channels != len(self.layout.speakers):
            raise ValueError(f"expected {len(self.layout.speakers)} channels, got {block.channels}")
        if block.start != self.position:
            raise ValueError(
                f"audio is not contiguous: expected {self.position}, got {block.start}")
        out = FrontOutput()
        per_channel: list[list[VoiceActivity]] = [[] for _ in self.vads]
        for frame_start, frame in self._frames(block):
            self._classify(frame_start, frame, per_channel)
        for ch, seg in enumerate(self.segmenters):
            out.activity.extend(per_channel[ch])
            out.jobs.extend(seg.feed(block.samples[:, ch], block.start, per_channel[ch]))
        self.position = block.end
        if self.talkover is not None:
            out.events.extend(self.talkover.feed(out.activity, self.progress()))
        out.jobs.sort(key=lambda j: (j.ready_at, j.seq))
        return out

    def _frames(self, block: AudioBlock) -> Iterator[tuple[int, np.ndarray]]:
        """Whole 30 ms frames of all channels; a partial one waits for the next block."""
        samples, n, offset = block.samples, block.samples.shape[0], 0
        if self._pending_len:
            take = min(FRAME_SAMPLES - self._pending_len, n)
            self._pending[self._pending_len:self._pending_len + take] = samples[:take]
            self._pending_len += take
            offset = take
            if self._pending_len < FRAME_SAMPLES:
                return
            self._pending_len = 0
            yield block.start + offset - FRAME_SAMPLES, self._pending
        while n - offset >= FRAME_SAMPLES:
            yield block.start + offset, samples[offset:offset + FRAME_SAMPLES]
            offset += FRAME_SAMPLES
        if n - offset:
            self._pending[:n - offset] = samples[offset:]
            self._pending_len = n - offset

    def _classify(self, frame_start: int, frame: np.ndarray,
                  out: list[list[VoiceActivity]]) -> None:
        channels = [np.ascontiguousarray(frame[:, ch]) for ch in range(frame.shape[1])]
        measures = measure_frames(frame)
        leak = [False] * len(channels)
        if self.crosstalk is not None:
            leak = self.crosstalk.update(measures, [v.noise.level for v in self.vads],
                                         [v.ceiling.level for v in self.vads])
        for ch, vad in enumerate(self.vads):
            out[ch] += vad.feed_frame(channels[ch], frame_start, measures[ch], leak[ch])

    def finish(self) -> FrontOutput:
        """End of the call: close open speech and hand over the last utterances."""
        out = FrontOutput()
        for vad, seg in zip(self.vads, self.segmenters, strict=True):
            activity = vad.flush()
            out.activity.extend(activity)
            out.jobs.extend(seg.finish(activity))
        if self.talkover is not None:
            out.events.extend(self.talkover.feed(out.activity, self.progress()))
            out.events.extend(self.talkover.flush(self.position))
        return out

    def progress(self) -> dict[Speaker, PartyProgress]:
        return {vad.speaker: vad.progress() for vad in self.vads}
