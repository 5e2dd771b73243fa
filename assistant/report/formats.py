"""Call results as files: JSON (the contract other tools build on), Markdown,
SRT, WebVTT and plain text. Seconds appear here and only here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from assistant.engine.result import CallResult
from assistant.records import RepeatEvent, Speaker, TalkOverEvent, Utterance
from assistant.timebase import clock, seconds

FORMATS = ("json", "md", "html", "srt", "vtt", "txt")
SPEAKER_LABEL = {Speaker.AGENT: "Agent", Speaker.CUSTOMER: "Customer", Speaker.UNKNOWN: "Speaker"}


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


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe_event(event: TalkOverEvent | RepeatEvent, result: CallResult) -> str:
    """One plain-language sentence about an event, for transcripts and terminals."""
    if isinstance(event, TalkOverEvent):
        overlap = seconds(event.end - event.start)
        how = "the customer stopped" if event.reason.value == "cutoff" else "kept talking"
        return (f"Talk-over at {clock(event.time)}: the agent came in at {clock(event.start)} "
                f"while the customer was speaking and {how} ({overlap:.1f} s).")
    earlier = [result.utterance(i) for i in event.repeats]
    when = ", ".join(clock(u.span.start) for u in earlier if u is not None)
    cue = f' ("{event.cue}")' if event.cue else ""
    return (f"Repeat at {clock(event.time)}: the customer made this request for the "
            f"{_ordinal(event.count)} time{cue}; earlier at {when}.")


def _timestamp(samples: int, sep: str) -> str:
    ms = round(seconds(samples) * 1000)
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    sec, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{sec:02d}{sep}{ms:03d}"


def to_srt(result: CallResult) -> str:
    cues = []
    for n, u in enumerate(result.utterances, start=1):
        cues.append(f"{n}\n{_timestamp(u.span.start, ',')} --> {_timestamp(u.span.end, ',')}\n"
                    f"{SPEAKER_LABEL[u.speaker]}: {u.text}\n")
    return "\n".join(cues)


def to_vtt(result: CallResult) -> str:
    cues = ["WEBVTT\n"]
    for n, u in enumerate(result.utterances, start=1):
        cues.append(f"{n}\n{_timestamp(u.span.start, '.')} --> {_timestamp(u.span.end, '.')}\n"
                    f"{SPEAKER_LABEL[u.speaker]}: {u.text}\n")
    return "\n".join(cues)


def to_text(result: CallResult) -> str:
    return "".join(
        f"[{clock(u.span.start)}] {SPEAKER_LABEL[u.speaker]}: {u.text}\n" for u in result.utterances
    )


def _review(fmt: str) -> Callable[[CallResult], str]:
    """The call review (summary, then transcript) of ``assistant.review``, loaded when used."""
    def run(result: CallResult) -> str:
        from assistant.report.render import render_review  # late: it imports this module

        return render_review(result, fmt)

    return run


RENDERERS: dict[str, Callable[[CallResult], str]] = {
    "json": lambda r: json.dumps(to_json(r), indent=2, ensure_ascii=False) + "\n",
    "md": _review("md"),  # the review's summary, then the transcript with events inline
    "html": _review("html"),
    "srt": to_srt,
    "vtt": to_vtt,
    "txt": to_text,
}


def render(result: CallResult, fmt: str) -> str:
    return RENDERERS[fmt](result)
