"""Call results as transcript files: JSON (the contract other tools build on), SRT, WebVTT
and plain text. The review formats (Markdown, HTML) are ``markdown`` and ``html``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from assistant.engine.result import CallResult
from assistant.records import RepeatEvent, TalkOverEvent, Utterance
from assistant.timebase import clock, seconds
from assistant.wording import speaker_label


def _s(samples: int) -> float:
    return round(seconds(samples), 3)


def event_json(event: TalkOverEvent | RepeatEvent) -> dict[str, Any]:
    if isinstance(event, TalkOverEvent):
        return {
            "kind": "talkover",
            "time": _s(event.time),
            "start": _s(event.start),
            "end": _s(event.end),
            "utterance": event.utterance,
            "reason": event.reason.value,
        }
    return {
        "kind": "repeat",
        "time": _s(event.time),
        "utterance": event.utterance,
        "repeats": list(event.repeats),
        "count": event.count,
        "cue": event.cue,
    }


def utterance_json(u: Utterance) -> dict[str, Any]:
    return {
        "id": u.id,
        "speaker": str(u.speaker),
        "start": _s(u.span.start),
        "end": _s(u.span.end),
        "text": u.text,
    }


def to_json(result: CallResult) -> dict[str, Any]:
    rec = result.recording
    return {
        "audio": {
            "path": rec.path,
            "duration": _s(rec.duration),
            "sample_rate": rec.sample_rate,
            "channels": rec.channels,
        },
        "language": result.language,
        "model": result.model,
        "utterances": [utterance_json(u) for u in result.utterances],
        "events": [event_json(e) for e in result.events],
        "stats": result.stats.to_json(),
        "notes": result.notes,
    }


def _timestamp(samples: int, sep: str) -> str:
    ms = round(seconds(samples) * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    sec, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{sec:02d}{sep}{ms:03d}"


def to_srt(result: CallResult, language: str = "en") -> str:
    cues = []
    for n, u in enumerate(result.utterances, start=1):
        cues.append(f"{n}\n{_timestamp(u.span.start, ',')} --> {_timestamp(u.span.end, ',')}\n"
                    f"{speaker_label(u.speaker, language)}: {u.text}\n")
    return "\n".join(cues)


def to_vtt(result: CallResult, language: str = "en") -> str:
    cues = ["WEBVTT\n"]
    for n, u in enumerate(result.utterances, start=1):
        cues.append(f"{n}\n{_timestamp(u.span.start, '.')} --> {_timestamp(u.span.end, '.')}\n"
                    f"{speaker_label(u.speaker, language)}: {u.text}\n")
    return "\n".join(cues)


def to_text(result: CallResult, language: str = "en") -> str:
    return "".join(f"[{clock(u.span.start)}] {speaker_label(u.speaker, language)}: {u.text}\n"
                   for u in result.utterances)


# Each takes the call and the language of its words for people (JSON has none).
TRANSCRIPT_RENDERERS: dict[str, Callable[[CallResult, str], str]] = {
    "json": lambda r, _language: json.dumps(to_json(r), indent=2, ensure_ascii=False) + "\n",
    "srt": to_srt,
    "vtt": to_vtt,
    "txt": to_text,
}
