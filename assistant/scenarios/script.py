"""Scenario scripts: a call written as turns, with the events it must raise.

The format is specified in ``shared/scenarios/README.md``. Parsing checks
everything the renderer and the scorer rely on, so a bad script fails here
with one line naming the turn or label at fault, not later with a traceback.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.records import Speaker

DEFAULT_AFTER_S = 0.5
DEFAULT_RATE_WPM = 165
PARTIES = (Speaker.AGENT, Speaker.CUSTOMER)

# Keys a turn or the labels may carry. Anything else is most likely a typo
# ("aftr") that would silently change the ground truth, so it is rejected.
_TURN_KEYS = {"speaker", "text", "after", "rate"}
# A rendered timeline is the script plus these per turn; accepted (and
# ignored) so that a timeline file can be read back as its script.
TIMING_KEYS = {"start", "end", "start_sample", "end_sample"}
_LABEL_KEYS = {"talkover", "repeat"}
_VOICE_KEYS = {"agent", "customer"}
# The id names files on disk; keep it to one safe path component.
_ID_PATTERN = re.compile(r"^[\w][\w.-]*$")


@dataclass(frozen=True)
class Turn:
    """One thing said by one party."""

    speaker: Speaker
    text: str
    after: float = DEFAULT_AFTER_S  # seconds after the line went quiet; < 0 overlaps
    rate: int = DEFAULT_RATE_WPM  # words per minute

    def to_json(self) -> dict[str, Any]:
        return {"speaker": self.speaker.value, "text": self.text, "after": self.after,
                "rate": self.rate}


@dataclass(frozen=True)
class RepeatLabel:
    """Customer turn ``later`` repeats the request made in any of ``earlier``."""

    later: int
    earlier: tuple[int, ...]

    def to_json(self) -> list[Any]:
        # A single earlier turn is written as a bare int, as scripts usually do.
        earlier: Any = self.earlier[0] if len(self.earlier) == 1 else list(self.earlier)
        return [self.later, earlier]


@dataclass(frozen=True)
class Labels:
    """The events that must be raised; everything else must not be."""

    talkover: tuple[int, ...] = ()
    repeat: tuple[RepeatLabel, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"talkover": list(self.talkover), "repeat": [r.to_json() for r in self.repeat]}


@dataclass(frozen=True)
class Voices:
    """espeak-ng voice names per party."""

    agent: str
    customer: str

    def of(self, speaker: Speaker) -> str:
        return self.agent if speaker is Speaker.AGENT else self.customer


@dataclass(frozen=True)
class ScenarioScript:
    """A parsed, validated scenario script with every default filled in."""

    id: str
    language: str
    voices: Voices
    turns: tuple[Turn, ...]
    labels: Labels = field(default_factory=Labels)
    telephone: bool = False

    def to_json(self) -> dict[str, Any]:
        """The script in its file format, defaults written out."""
        return {
            "id": self.id,
            "language": self.language,
            "voices": {"agent": self.voices.agent, "customer": self.voices.customer},
            "telephone": self.telephone,
            "turns": [t.to_json() for t in self.turns],
            "labels": self.labels.to_json(),
        }


def load_script(path: Path | str) -> ScenarioScript:
    """Read and validate ``<id>.json``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read scenario script {path}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not valid JSON: {exc}") from exc
    return parse_script(data, source=str(path))


def parse_script(data: Any, *, source: str = "scenario script") -> ScenarioScript:
    """Validate a script already decoded from JSON; errors name ``source``."""
    if not isinstance(data, Mapping):
        raise InputError(f"{source}: expected a JSON object")
    scenario_id = _required_str(data, "id", source)
    if not _ID_PATTERN.match(scenario_id):
        raise InputError(f"{source}: id {scenario_id!r} must be letters, digits, '.', '_', '-'")
    source = f"{source} ({scenario_id})" if scenario_id not in source else source
    language = _required_str(data, "language", source)
    telephone = data.get("telephone", False)
    if not isinstance(telephone, bool):
        raise InputError(f"{source}: 'telephone' must be true or false")
    turns = _parse_turns(data.get("turns"), source)
    return ScenarioScript(
        id=scenario_id,
        language=language,
        voices=_parse_voices(data.get("voices"), language, source),
        turns=turns,
        labels=_parse_labels(data.get("labels"), turns, source),
        telephone=telephone,
    )


def _required_str(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if value is None:
        raise InputError(f"{where}: missing '{key}'")
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{where}: '{key}' must be a non-empty string")
    return value.strip()


def _parse_voices(data: Any, language: str, source: str) -> Voices:
    defaults = {"agent": f"{language}+m3", "customer": f"{language}+f2"}
    if data is None:
        return Voices(**defaults)
    if not isinstance(data, Mapping):
        raise InputError(f"{source}: 'voices' must be an object with 'agent' and 'customer'")
    unknown = sorted(set(data) - _VOICE_KEYS)
    if unknown:
        raise InputError(f"{source}: voices: unknown party {unknown[0]!r}")
    names = {party: _required_str(data, party, f"{source}: voices") if party in data
             else default for party, default in defaults.items()}
    return Voices(**names)


def _parse_turns(data: Any, source: str) -> tuple[Turn, ...]:
    if data is None:
        raise InputError(f"{source}: missing 'turns'")
    if not isinstance(data, list) or not data:
        raise InputError(f"{source}: 'turns' must be a non-empty list")
    return tuple(_parse_turn(item, f"{source}: turn {i}") for i, item in enumerate(data))


def _parse_turn(data: Any, where: str) -> Turn:
    if not isinstance(data, Mapping):
        raise InputError(f"{where}: expected an object")
    unknown = sorted(set(data) - _TURN_KEYS - TIMING_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown key {unknown[0]!r} (expected one of "
                         f"{', '.join(sorted(_TURN_KEYS))})")
    speaker = data.get("speaker")
    if speaker not in [p.value for p in PARTIES]:
        raise InputError(f"{where}: unknown speaker {speaker!r} (expected 'agent' or 'customer')")
    text = _required_str(data, "text", where)
    after = _number(data.get("after", DEFAULT_AFTER_S), "after", where)
    rate = _number(data.get("rate", DEFAULT_RATE_WPM), "rate", where)
    if rate <= 0 or rate != int(rate):
        raise InputError(f"{where}: 'rate' must be a positive whole number of words per minute")
    return Turn(speaker=Speaker(speaker), text=text, after=after, rate=int(rate))


def _number(value: Any, key: str, where: str) -> float:
    # bool is an int subclass in Python; "after": true is a mistake, not 1 second.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{where}: '{key}' must be a number, not {value!r}")
    return float(value)


def _parse_labels(data: Any, turns: tuple[Turn, ...], source: str) -> Labels:
    if data is None:
        return Labels()
    if not isinstance(data, Mapping):
        raise InputError(f"{source}: 'labels' must be an object")
    unknown = sorted(set(data) - _LABEL_KEYS)
    if unknown:
        raise InputError(f"{source}: labels: unknown kind {unknown[0]!r} "
                         "(expected 'talkover' or 'repeat')")
    talkover = _list(data.get("talkover", []), f"{source}: labels.talkover")
    repeat = _list(data.get("repeat", []), f"{source}: labels.repeat")
    talkover_turns = tuple(
        _turn_index(v, turns, Speaker.AGENT, f"{source}: labels.talkover[{n}]")
        for n, v in enumerate(talkover)
    )
    if len(set(talkover_turns)) != len(talkover_turns):
        raise InputError(f"{source}: labels.talkover lists a turn twice")
    repeats = tuple(
        _repeat_label(v, turns, f"{source}: labels.repeat[{n}]") for n, v in enumerate(repeat)
    )
    if len({r.later for r in repeats}) != len(repeats):
        raise InputError(f"{source}: labels.repeat has two labels for the same later turn "
                         "(list all its earlier turns in one label)")
    return Labels(talkover=talkover_turns, repeat=repeats)


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list")
    return value


def _turn_index(value: Any, turns: tuple[Turn, ...], speaker: Speaker, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{where}: expected a turn index, not {value!r}")
    if not 0 <= value < len(turns):
        raise InputError(f"{where}: turn {value} does not exist (there are {len(turns)} turns)")
    if turns[value].speaker is not speaker:
        raise InputError(f"{where}: turn {value} is spoken by the {turns[value].speaker}, "
                         f"expected the {speaker}")
    return value


def _repeat_label(value: Any, turns: tuple[Turn, ...], where: str) -> RepeatLabel:
    if not isinstance(value, list) or len(value) != 2:
        raise InputError(f"{where}: expected a pair [later, earlier]")
    later = _turn_index(value[0], turns, Speaker.CUSTOMER, where)
    raw = value[1] if isinstance(value[1], list) else [value[1]]
    if not raw:
        raise InputError(f"{where}: the earlier side lists no turns")
    earlier = tuple(_turn_index(v, turns, Speaker.CUSTOMER, where) for v in raw)
    if len(set(earlier)) != len(earlier):
        raise InputError(f"{where}: the earlier side lists a turn twice")
    for index in earlier:
        if index >= later:
            raise InputError(f"{where}: earlier turn {index} is not before turn {later}")
    return RepeatLabel(later=later, earlier=earlier)
