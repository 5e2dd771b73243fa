"""One call through the engine, however its audio arrives.

``CallSession`` builds the stages for a call, runs blocks through the
pipeline and assembles the ``CallResult``. File replay, ``assistant listen``
and the desktop app all use it, so live and offline share every stage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path

from assistant.asr.models import is_model_dir
from assistant.asr.whisper import Recognizer
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.asr_stage import AsrClock, AsrStage, LiveClock
from assistant.engine.back import CallAnalysis
from assistant.engine.front import CallFrontEnd
from assistant.engine.load import LoadGovernor
from assistant.engine.packed_asr import PackedAsrStage
from assistant.engine.pipeline import CallPipeline, PipelineCounters
from assistant.engine.result import CallResult, RecordingInfo
from assistant.errors import AssistantError
from assistant.records import AudioBlock, EngineOutput


def live_config(config: EngineConfig, partial_every_s: float = 2.0) -> EngineConfig:
    """Settings for live (and as-if-live) work: latency over the last word of accuracy.

    At most one retry (each costs a whole decode, ~1 s; with sampling, on the
    eight public scenarios one retry rescues 6 of 10 looping decodes, two more
    retries only one), and partial hypotheses for long utterances so the agent
    sees words while they are spoken.
    """
    return dataclasses.replace(
        config,
        segmenter=dataclasses.replace(config.segmenter, partial_every_s=partial_every_s),
        transcription=dataclasses.replace(config.transcription, temperatures=(0.0, 0.5)),
    )


def light_model_loader(
    models_dir: Path, threads: int, name: str = "tiny.en"
) -> Callable[[], Recognizer | None] | None:
    """The smaller model a live English call falls back to while it is behind.

    Loaded only when first needed (tiny.en: ~75 MB, under a second); ``None`` when it
    is not installed, and the recogniser then only uses its lighter settings.
    """
    model_dir = models_dir / name
    if not is_model_dir(model_dir):
        return None

    def load() -> Recognizer | None:
        from assistant.asr.whisper import WhisperRecognizer
        from assistant.config import TranscriptionOptions

        try:
            return WhisperRecognizer(model_dir, TranscriptionOptions(language="en",
                                                                     cpu_threads=threads))
        except AssistantError:
            return None

    return load


class CallSession:
    def __init__(
        self,
        layout: ChannelLayout,
        config: EngineConfig,
        recognizer: Recognizer,
        clock: AsrClock,
        *,
        batch: bool = False,
        light_model: Callable[[], Recognizer | None] | None = None,
    ) -> None:
        """``batch``: offline work, where utterances are packed into shared windows.

        Live capture (a ``LiveClock``) is load-aware: the recogniser batches what is
        waiting, sheds work while it is behind (``light_model``: a smaller model to
        load then, for English calls) and the lag is reported. Replays are not, so
        their results do not depend on the machine's speed.
        """
        self.layout = layout
        self.config = config
        self.model_name = recognizer.model_name
        language = config.transcription.language
        live = isinstance(clock, LiveClock)
        self.front = CallFrontEnd(config, layout)
        self.asr: AsrStage = (
            PackedAsrStage(recognizer, clock, language) if batch
            else AsrStage(recognizer, clock, language,
                          governor=LoadGovernor() if live else None,
                          light_model=light_model if live else None,
                          temperatures=config.transcription.temperatures)
        )
        self.analysis = CallAnalysis(config, layout, language)
        self.pipeline = CallPipeline(self.front, self.asr, self.analysis, load_aware=live)

    @property
    def counters(self) -> PipelineCounters:
        return self.pipeline.counters

    @property
    def position(self) -> int:
        """Audio time the real-time half has reached (samples)."""
        return self.front.position

    def run(
        self,
        blocks: Iterable[AudioBlock],
        on_output: Callable[[EngineOutput], None] | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        """Blocks until every block is analysed (or the session is stopped)."""
        self.pipeline.run(blocks, on_output, on_progress)

    def stop(self) -> None:
        """Stop taking audio; what was heard is still transcribed (thread-safe)."""
        self.pipeline.stop()

    def abort(self) -> None:
        """Stop now and drop pending transcription (thread-safe)."""
        self.pipeline.abort()

    def result(self, recording: RecordingInfo, notes: list[str] | None = None) -> CallResult:
        return self.analysis.result(recording, self.model_name, notes or [])
