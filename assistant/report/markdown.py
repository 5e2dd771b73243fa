"""A call's review as Markdown: the summary first, then the transcript with events inline."""

from __future__ import annotations

from assistant.engine.result import CallResult
from assistant.records import RepeatEvent, TalkOverEvent
from assistant.review.requests import Request
from assistant.review.summary import CUTOFF, CallReview, review_call
from assistant.timebase import clock
from assistant.wording import SPEAKER_LABEL, describe_event, ordinal


def _md(text: str) -> str:
    """Text safe inside a Markdown line or table cell."""
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
                    .replace("_", "\\_").replace("`", "\\`").split())


def request_lines(review: CallReview) -> list[str]:
    lines = []
    for r in review.requests:
        times = "once" if r.times == 1 else f"{r.times} times"
        if r.acknowledged and r.acknowledged_at is not None:
            ack = f"acknowledged at {clock(r.acknowledged_at)}{after_nth(r)}"
        else:
            ack = "**not acknowledged**"
        when = ", ".join(clock(s) for s in r.starts)
        label = _md(r.label)
        quote = "" if r.label == r.quote else f" \u2014 \u201c{_md(r.quote)}\u201d"
        lines.append(f"- **{label}**{quote}: asked {times} ({when}); {ack}.")
    return lines


def after_nth(request: Request) -> str:
    """" (after the 2nd time)" when it took more than one asking, else nothing."""
    n = request.acknowledged_after or 1
    return "" if n == 1 else f" (after the {ordinal(n)} time)"


def to_markdown(result: CallResult, *, review: CallReview | None = None) -> str:
    review = review or review_call(result)
    rec = result.recording
    lines = [
        f"# Call review: {_md(review.title)}",
        "",
        f"- Duration: {clock(rec.duration)} · language: {result.language or 'unknown'} · "
        f"model: {result.model}",
    ]
    lines += [f"- Note: {_md(n)}" for n in review.notes]
    lines += ["", "## What the customer asked for", ""]
    lines += request_lines(review) or ["No requests were recognised."]
    lines += ["", "## Talk-overs and cut-offs", ""]
    for m in review.moments:
        name = "Cut-off" if m.kind == CUTOFF else "Talk-over"
        lines.append(f"- **{name} at {clock(m.start)}**: {_md(m.sentence)}")
        if m.customer_text:
            lines.append(f"  - Customer: \u201c{_md(m.customer_text)}\u201d")
        if m.agent_text:
            lines.append(f"  - Agent: \u201c{_md(m.agent_text)}\u201d")
    if not review.moments:
        lines.append("None: the agent let the customer finish.")
    lines += ["", "## Listening cues", ""]
    for title, hits in (("Worth a second look", review.poor_cues),
                        ("Good listening", review.good_cues)):
        if not hits:
            continue
        lines.append(f"**{title}**")
        lines.append("")
        for hit in hits:
            category = review.cue_set.category(hit.category)
            advice = f" {_md(category.advice)}" if category and category.advice else ""
            lines.append(f"- [{clock(hit.time)}] {_md(hit.label)}: \u201c{_md(hit.context)}\u201d"
                         f"{advice}")
        lines.append("")
    if not review.cues:
        lines += ["No listening cues were found in the agent's words.", ""]
    lines += ["## Statistics", "", "| | | What it means |", "|---|---|---|"]
    for f in review.figures:
        value = f"**{_md(f.value)}**" if f.notable else _md(f.value)
        lines.append(f"| {_md(f.label)} | {value} | {_md(f.explanation)} |")
    lines += ["", "## Transcript", ""]
    pending: list[TalkOverEvent | RepeatEvent] = list(result.events)
    for u in result.utterances:
        while pending and pending[0].time < u.span.start:
            lines.append(f"> **{describe_event(pending.pop(0), result)}**\n")
        lines.append(f"**[{clock(u.span.start)}] {SPEAKER_LABEL[u.speaker]}:** {u.text}\n")
    for event in pending:
        lines.append(f"> **{describe_event(event, result)}**\n")
    if not result.utterances:
        lines.append("(nothing was transcribed)")
    return "\n".join(lines).rstrip() + "\n"
