"""Exporting calls: the review formats (Markdown, HTML) next to the transcript ones.

``render(result, fmt)`` is the one entry point for every format (``FORMATS``);
``render(result, fmt, review=...)`` also takes a review built with a call's
title or a user's cue folder, and ``language=`` the language people read it in.
"""

from __future__ import annotations

from assistant.engine.result import CallResult
from assistant.report.formats import TRANSCRIPT_RENDERERS
from assistant.report.html import to_html
from assistant.report.markdown import to_markdown
from assistant.review.summary import CallReview
from assistant.wording import with_local_tags

FORMATS = ("json", "md", "html", "srt", "vtt", "txt")
REVIEW_FORMATS = ("md", "html")


def render_review(result: CallResult, fmt: str, review: CallReview | None = None,
                  language: str = "en") -> str:
    """``review`` is written in its own language; without one, a review in ``language``."""
    if fmt == "md":
        return to_markdown(result, review=review, language=language)
    if fmt == "html":
        return to_html(result, review=review, language=language)
    raise ValueError(f"not a review format: {fmt!r} (one of {', '.join(REVIEW_FORMATS)})")


def render(result: CallResult, fmt: str, review: CallReview | None = None,
           language: str | None = None) -> str:
    """Any export format, in ``language`` (default: the review's, else English); the review
    formats use ``review`` when given."""
    language = language or (review.language if review is not None else "en")
    if fmt != "json":  # JSON is the tools' contract: its tags stay as stored (English)
        result = with_local_tags(result, language)
    if fmt in REVIEW_FORMATS:
        return render_review(result, fmt, review, language)
    if fmt not in TRANSCRIPT_RENDERERS:
        raise ValueError(f"not a format: {fmt!r} (one of {', '.join(FORMATS)})")
    return TRANSCRIPT_RENDERERS[fmt](result, language)
