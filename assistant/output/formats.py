"""Call results as files: JSON (the contract other tools build on), Markdown,
SRT, WebVTT and plain text. Seconds appear here and only here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from assistant.engine.result import CallResult
from assistant.i18n import catalogue
from assistant.i18n.formatting import number, ordinal
from assistant.records import RepeatEvent, Speaker, TalkOverEvent, Utterance
from assistant.timebase import clock, seconds

FORMATS = ("json", "md", "html", "srt", "vtt", "txt")
SPEAKER_LABEL = {Speaker.AGENT: "Agent", Speaker.CUSTOMER: "Customer", Speaker.UNKNOWN: "Speaker"}


def speaker_label(speaker: Speaker, language: str = "en") -> str:
    """"Agent", "Customer" in a report's language."""
    return catalogue(language).pgettext("speaker", SPEAKER_LABEL[speaker])


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


def describe_event(event: TalkOverEvent | RepeatEvent, result: CallResult,
                   language: str = "en") -> str:
    """One plain-language sentence about an event, for transcripts and terminals."""
    t = catalogue(language).gettext
    if isinstance(event, TalkOverEvent):
        overlap = number(seconds(event.end - event.start), language, 1)
        message = ("Talk-over at {time}: the agent came in at {start} while the customer was "
                   "speaking and the customer stopped ({seconds} s)."
                   if event.reason.value == "cutoff" else
                   "Talk-over at {time}: the agent came in at {start} while the customer was "
                   "speaking and kept talking ({seconds} s).")
        return t(message, time=clock(event.time), start=clock(event.start), seconds=overlap)
    earlier = [result.utterance(i) for i in event.repeats]
    when = ", ".join(clock(u.span.start) for u in earlier if u is not None)
    cue = f' ("{event.cue}")' if event.cue else ""
    return t("Repeat at {time}: the customer made this request for the {nth} time{cue}; "
             "earlier at {when}.", time=clock(event.time), nth=ordinal(event.count, language),
             cue=cue, when=when)


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


def _review(fmt: str) -> Callable[[CallResult, str], str]:
    """The call review (summary, then transcript) of ``assistant.review``, loaded when used."""
    def run(result: CallResult, language: str) -> str:
        from assistant.review.export import render_review  # late: it imports this module

        return render_review(result, fmt, language=language)

    return run


# Each takes the call and the language of its words for people (JSON has none).
RENDERERS: dict[str, Callable[[CallResult, str], str]] = {
    "json": lambda r, _language: json.dumps(to_json(r), indent=2, ensure_ascii=False) + "\n",
    "md": _review("md"),  # the review's summary, then the transcript with events inline
    "html": _review("html"),
    "srt": to_srt,
    "vtt": to_vtt,
    "txt": to_text,
}


def render(result: CallResult, fmt: str, language: str = "en") -> str:
    """``result`` as ``fmt``; headings, labels and numbers in ``language`` (en, sv, da)."""
    return RENDERERS[fmt](result, language)
