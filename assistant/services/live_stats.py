"""Running numbers for the live meters, from the engine's records (Qt-free).

Talk time counts finished speech runs plus the run still going on, up to
the audio position; talk-overs withdrawn as backchannels are not counted.
"""

from __future__ import annotations

import queue
from dataclasses import dataclass, field

import numpy as np

from assistant.records import (
    AudioBlock,
    EngineOutput,
    RepeatEvent,
    Speaker,
    SpeechEnded,
    SpeechStarted,
    TalkOverEvent,
    TalkOverUpdate,
)

SILENCE_DBFS = -90.0


@dataclass
class LiveStats:
    talked: dict[Speaker, int] = field(default_factory=dict)  # finished runs, samples
    running: dict[Speaker, int] = field(default_factory=dict)  # speaker -> run start
    talkovers: set[int] = field(default_factory=set)
    repeats: int = 0

    def feed(self, item: EngineOutput) -> None:
        if isinstance(item, SpeechStarted):
            self.running[item.speaker] = item.start
        elif isinstance(item, SpeechEnded):
            self.running.pop(item.speaker, None)
            self.talked[item.speaker] = self.talked.get(item.speaker, 0) + item.span.duration
        elif isinstance(item, TalkOverEvent):
            self.talkovers.add(item.id)
        elif isinstance(item, TalkOverUpdate) and item.retracted:
            self.talkovers.discard(item.event_id)
        elif isinstance(item, RepeatEvent):
            self.repeats += 1

    def talk_time(self, speaker: Speaker, position: int) -> int:
        run = self.running.get(speaker)
        extra = max(0, position - run) if run is not None else 0
        return self.talked.get(speaker, 0) + extra

    def agent_share(self, position: int) -> float | None:
        """The agent's share of the talking so far, or None before anyone spoke."""
        agent = self.talk_time(Speaker.AGENT, position)
        customer = self.talk_time(Speaker.CUSTOMER, position)
        total = agent + customer
        return agent / total if total else None


def block_levels(block: AudioBlock) -> list[float]:
    """Peak level per channel in dBFS (SILENCE_DBFS for digital silence)."""
    peaks = np.abs(block.samples.astype(np.int32)).max(axis=0) if len(block.samples) else []
    return [20 * float(np.log10(p / 32768.0)) if p > 0 else SILENCE_DBFS for p in peaks]


@dataclass(frozen=True)
class DeviceNote:
    message: str
    problem: bool  # False: news only ("recording from ..."), True: the user should act


class BlockTap:
    """The newest audio block, left where the GUI's meter timer can look at it.

    The front (audio) thread only assigns a reference: no work, no signal, no
    lock. The GUI polls ``latest`` a dozen times a second and measures it there.
    Device notices wait in ``notes`` (a ``SimpleQueue``, whose ``put`` never
    blocks) for the same poll: ``DeviceNote`` s, a mere "recording from ..." or a
    problem such as "the customer's side was lost" or "use a headset".
    """

    def __init__(self) -> None:
        self.latest: AudioBlock | None = None
        self.notes: queue.SimpleQueue[DeviceNote] = queue.SimpleQueue()

    def put(self, block: AudioBlock) -> None:
        self.latest = block

    @property
    def position(self) -> int:
        block = self.latest
        return block.end if block is not None else 0

    def take_notes(self) -> list[DeviceNote]:
        found = []
        while True:
            try:
                found.append(self.notes.get_nowait())
            except queue.Empty:
                return found
