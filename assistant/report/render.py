"""Every format a call is rendered in for people, through one ``render``.

The transcript formats (JSON, SRT, WebVTT, text) come from ``formats``; the
review formats (Markdown, HTML: the summary, then the transcript with events
inline) from ``markdown`` and ``html``, with a ``review`` built with a call's
title or a user's cue folder when one is given.
"""

from __future__ import annotations

from assistant.engine.result import CallResult
from assistant.report.formats import TRANSCRIPT_RENDERERS
from assistant.report.html import to_html
from assistant.report.markdown import to_markdown
from assistant.review.summary import CallReview

FORMATS = ("json", "md", "html", "srt", "vtt", "txt")
REVIEW_FORMATS = ("md", "html")


def render(result: CallResult, fmt: str, review: CallReview | None = None) -> str:
    """``fmt`` is one of ``FORMATS``; the review formats use ``review`` when given."""
    if fmt == "md":
        return to_markdown(result, review=review)
    if fmt == "html":
        return to_html(result, review=review)
    if fmt in TRANSCRIPT_RENDERERS:
        return TRANSCRIPT_RENDERERS[fmt](result)
    raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
