"""Running a recording through the engine: in batch, or "as if live".

As-if-live replays the file through the same stages as live capture, with a
simulated clock: each transcript is stamped with the moment it would have
appeared on this CPU, using the measured decode times.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.asr.whisper import Recognizer
from assistant.audio.source import FileAudioSource, damage_report
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.asr_stage import AsrClock, AsrStage, InstantClock, SimulatedClock
from assistant.engine.pipeline import PipelineCounters
from assistant.engine.result import CallResult, RecordingInfo
from assistant.engine.session import CallSession, live_config
from assistant.records import AudioBlock, EngineOutput
from assistant.timebase import SAMPLE_RATE

MONO_NOTE = (
    "mono recording: speakers are unknown, and talk-over and repeated-request detection "
    "are off because they need two channels (one party per channel)"
)
IDENTICAL_NOTE = "both channels carry the same signal: treated as a mono recording"
_PEEK = 10 * SAMPLE_RATE  # audio inspected to tell a real two-party recording from dual mono


@dataclass
class Replay:
    """The result of one file, and anything wrong with the file itself."""

    result: CallResult
    damage: str | None
    counters: PipelineCounters
    asr: AsrStage
    notes: list[str] = field(default_factory=list)


def _identical_channels(blocks: list[AudioBlock]) -> bool:
    voiced = [b.samples for b in blocks if b.channels == 2 and np.abs(b.samples).max() > 64]
    if not voiced:
        return False
    return all(
        np.max(np.abs(s[:, 0].astype(np.int32) - s[:, 1].astype(np.int32))) <= 16 for s in voiced
    )


def _choose_layout(
    source: FileAudioSource, agent_channel: str
) -> tuple[ChannelLayout, Iterator[AudioBlock], list[str]]:
    """Stereo is one party per channel; mono (or dual mono) is both parties together."""
    blocks = source.blocks()
    if source.channels == 1:
        return ChannelLayout.mono(), blocks, [MONO_NOTE]
    peeked: list[AudioBlock] = []
    for block in blocks:
        peeked.append(block)
        if block.end >= _PEEK:
            break
    rest = itertools.chain(peeked, blocks)
    if _identical_channels(peeked):
        mono = (AudioBlock(b.start, np.ascontiguousarray(b.samples[:, :1])) for b in rest)
        return ChannelLayout.mono(), mono, [IDENTICAL_NOTE, MONO_NOTE]
    return ChannelLayout.stereo(agent_channel), rest, []


def paced(blocks: Iterable[AudioBlock], speed: float = 1.0) -> Iterator[AudioBlock]:
    """Hands blocks over no faster than they would arrive from a live device."""
    import time

    started = time.monotonic()
    for block in blocks:
        due = started + block.start / SAMPLE_RATE / speed
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)  # stands in for the sound card's clock
        yield block


def replay_file(
    path: str | Path,
    config: EngineConfig,
    recognizer: Recognizer,
    *,
    agent_channel: str = "left",
    as_if_live: bool = False,
    decode_seconds: float | None = None,
    on_output: Callable[[EngineOutput], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> Replay:
    source = FileAudioSource(path)
    layout, blocks, notes = _choose_layout(source, agent_channel)
    # As if live: with decodes timed here, or each taking ``decode_seconds`` (SimulatedClock).
    clock: AsrClock = SimulatedClock(decode_seconds) if as_if_live else InstantClock()
    if as_if_live:
        config = live_config(config)
    session = CallSession(layout, config, recognizer, clock, batch=not as_if_live)
    session.run(blocks, on_output, on_progress)
    recording = RecordingInfo(
        path=str(path),
        duration=source.decoded_samples,
        sample_rate=source.info.sample_rate,
        channels=source.info.channels,
    )
    result = session.result(recording, notes)
    return Replay(result, damage_report(source), session.counters, session.asr, notes)
