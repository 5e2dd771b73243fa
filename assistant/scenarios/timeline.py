"""Where every turn of a rendered scenario lies: the ground truth on the file's clock.

Placement works in integer samples at 16 kHz (``assistant.timebase``); the
timeline written next to the audio gives each turn both in seconds and in
samples at the file's own rate (8 kHz for telephone renders).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.records import Span, Speaker
from assistant.scenarios.script import ScenarioScript, parse_script
from assistant.timebase import SAMPLE_RATE, samples

LEAD_S = 0.5  # silence before the first turn
TAIL_S = 1.0  # silence after the last turn


def place_turns(script: ScenarioScript, lengths: Sequence[int]) -> list[Span]:
    """Spans (16 kHz samples) of the turns, given each turn's length in samples.

    The reference point of a turn is the latest end among all earlier turns,
    so a backchannel inside a long turn does not move the turns after it. A
    negative ``after`` overlaps the turn that ends there, by at most its length.
    The first turn starts after the lead-in; its ``after`` has no earlier turn
    to refer to and is ignored.
    """
    if len(lengths) != len(script.turns):
        raise ValueError("one length per turn is needed")
    spans: list[Span] = []
    for turn, length in zip(script.turns, lengths, strict=True):
        if not spans:
            start = samples(LEAD_S)
        else:
            latest = max(spans, key=lambda s: (s.end, s.start))
            offset = samples(turn.after)
            start = latest.end + max(offset, -latest.duration)
        spans.append(Span(start, start + length))
    return spans


@dataclass(frozen=True)
class TimedTurn:
    """One turn as rendered: seconds from the start of the file, and samples."""

    index: int
    speaker: Speaker
    text: str
    start: float
    end: float
    start_sample: int  # at the file's sample rate
    end_sample: int

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """A rendered scenario's script and where each of its turns lies in the audio."""

    script: ScenarioScript  # with ``telephone`` as rendered
    sample_rate: int
    duration: float
    turns: tuple[TimedTurn, ...]

    @property
    def id(self) -> str:
        return self.script.id

    @property
    def telephone(self) -> bool:
        return self.script.telephone

    def of(self, speaker: Speaker) -> list[TimedTurn]:
        return [t for t in self.turns if t.speaker is speaker]

    def to_json(self) -> dict[str, Any]:
        """The script's JSON plus timing per turn and for the file."""
        data = self.script.to_json()
        for turn_json, turn in zip(data["turns"], self.turns, strict=True):
            turn_json.update(start=turn.start, end=turn.end, start_sample=turn.start_sample,
                             end_sample=turn.end_sample)
        data.update(sample_rate=self.sample_rate, duration=self.duration,
                    telephone=self.telephone)
        return data

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")


def build_timeline(
    script: ScenarioScript, spans: Sequence[Span], total: int, *, telephone: bool, sample_rate: int
) -> Timeline:
    """Convert 16 kHz placement to the file's rate, widening (never cutting) each span."""
    def to_rate(position: int, *, ceil: bool) -> int:
        scaled = position * sample_rate
        return -(-scaled // SAMPLE_RATE) if ceil else scaled // SAMPLE_RATE

    turns = []
    for index, (turn, span) in enumerate(zip(script.turns, spans, strict=True)):
        first, last = to_rate(span.start, ceil=False), to_rate(span.end, ceil=True)
        turns.append(TimedTurn(index, turn.speaker, turn.text, first / sample_rate,
                               last / sample_rate, first, last))
    length = to_rate(total, ceil=True)
    return Timeline(
        script=dataclasses.replace(script, telephone=telephone),
        sample_rate=sample_rate,
        duration=length / sample_rate,
        turns=tuple(turns),
    )


def load_timeline(path: Path | str) -> Timeline:
    """Read ``<id>.timeline.json``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read timeline {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from exc
    return parse_timeline(data, source=str(path))


def parse_timeline(data: Any, *, source: str = "timeline") -> Timeline:
    """A timeline decoded from JSON: the script's fields plus the timing fields."""
    if not isinstance(data, dict) or not isinstance(data.get("turns"), list):
        raise InputError(f"{source}: expected a timeline object with 'turns'")
    script = parse_script(data, source=source)  # the timing fields are ignored there
    try:
        sample_rate = int(data["sample_rate"])
        duration = float(data["duration"])
        turns = tuple(
            TimedTurn(i, turn.speaker, turn.text, float(t["start"]), float(t["end"]),
                      int(t["start_sample"]), int(t["end_sample"]))
            for i, (turn, t) in enumerate(zip(script.turns, data["turns"], strict=True))
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{source}: missing or bad timing field: {exc}") from exc
    return Timeline(script=script, sample_rate=sample_rate, duration=duration, turns=turns)
