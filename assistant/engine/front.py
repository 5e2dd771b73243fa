"""The real-time half of the engine: audio blocks to voice activity, utterance
audio and talk-over events. Cheap (a few µs per frame), so it keeps up live.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from assistant.analysis.talkover import TalkOverDetector
from assistant.audio.vad import FrameClassifier, VoiceActivityDetector, webrtc_classifier
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


@dataclass
class FrontOutput:
    activity: list[VoiceActivity] = field(default_factory=list)
    jobs: list[UtteranceAudio] = field(default_factory=list)
    events: list[TalkOverEvent | TalkOverUpdate] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.activity or self.jobs or self.events)


_EMPTY = np.zeros(0, dtype=np.int16)


class CallFrontEnd:
    """Per channel: VAD and segmenter; across channels: the talk-over detector."""

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
        self.talkover = (
            TalkOverDetector(config.talkover, event_ids or itertools.count())
            if layout.two_party
            else None
        )
        self.position = 0

    def feed(self, block: AudioBlock) -> FrontOutput:
        if block.channels != len(self.layout.speakers):
            raise ValueError(f"expected {len(self.layout.speakers)} channels, got {block.channels}")
        out = FrontOutput()
        for ch, (vad, seg) in enumerate(zip(self.vads, self.segmenters, strict=True)):
            channel = block.samples[:, ch]
            activity = vad.feed(channel, block.start)
            out.activity.extend(activity)
            out.jobs.extend(seg.feed(channel, block.start, activity))
        self.position = block.end
        if self.talkover is not None:
            out.events.extend(self.talkover.feed(out.activity, self.progress()))
        out.jobs.sort(key=lambda j: (j.ready_at, j.seq))
        return out

    def finish(self) -> FrontOutput:
        """End of the call: close open speech and hand over the last utterances."""
        out = FrontOutput()
        for vad, seg in zip(self.vads, self.segmenters, strict=True):
            activity = vad.flush()
            out.activity.extend(activity)
            out.jobs.extend(seg.feed(_EMPTY, self.position, activity))
        if self.talkover is not None:
            out.events.extend(self.talkover.feed(out.activity, self.progress()))
            out.events.extend(self.talkover.flush(self.position))
        return out

    def progress(self) -> dict[Speaker, PartyProgress]:
        return {vad.speaker: vad.progress() for vad in self.vads}

