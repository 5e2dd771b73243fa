"""A call's review as Markdown: the summary first, then the transcript with events inline."""

from __future__ import annotations

import re

from assistant.engine.result import CallResult
from assistant.i18n import catalogue
from assistant.records import RepeatEvent, Speaker, TalkOverEvent
from assistant.review.requests import Request
from assistant.review.summary import CallReview, cue_label, moment_name, review_call
from assistant.timebase import clock
from assistant.wording import describe_event, ordinal, speaker_label


def _md(text: str) -> str:
    """Text safe inside a Markdown line or table cell."""
    escaped = (text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*")
               .replace("_", "\\_").replace("`", "\\`"))
    # Line breaks and runs of spaces become one space; a no-break space (Swedish and
    # Danish "53 %", "1 234") stays what it is.
    return re.sub(r"[ \t\r\n\f\v]+", " ", escaped).strip()


def times_asked(times: int, language: str) -> str:
    """"once", "3 times"."""
    return catalogue(language).ngettext("once", "{n} times", times)


def request_lines(review: CallReview) -> list[str]:
    lang = review.language
    t = catalogue(lang).gettext
    lines = []
    for r in review.requests:
        if r.acknowledged and r.acknowledged_at is not None:
            ack = t("acknowledged at {time}", time=clock(r.acknowledged_at)) + after_nth(r, lang)
        else:
            ack = f"**{t('not acknowledged')}**"
        when = ", ".join(clock(s) for s in r.starts)
        label = _md(r.label)
        quote = "" if r.label == r.quote else f" \u2014 \u201c{_md(r.quote)}\u201d"
        asked = t("asked {times} ({when})", times=times_asked(r.times, lang), when=when)
        lines.append(f"- **{label}**{quote}: {asked}; {ack}.")
    return lines


def after_nth(request: Request, language: str = "en") -> str:
    """" (after the 2nd time)" when it took more than one asking, else nothing."""
    n = request.acknowledged_after or 1
    if n == 1:
        return ""
    return " " + catalogue(language).gettext("(after the {nth} time)", nth=ordinal(n, language))


def to_markdown(result: CallResult, *, review: CallReview | None = None,
                language: str = "en") -> str:
    """The review as Markdown, in the review's language (or ``language`` for a new one)."""
    review = review or review_call(result, language=language)
    lang = review.language
    t = catalogue(lang).gettext
    rec = result.recording
    lines = [
        f"# {t('Call review: {title}', title=_md(review.title))}",
        "",
        "- " + t("Duration: {duration} · language: {language} · model: {model}",
                 duration=clock(rec.duration), language=result.language or t("unknown"),
                 model=result.model),
    ]
    lines += [f"- {t('Note: {note}', note=_md(n))}" for n in review.notes]
    lines += ["", f"## {t('What the customer asked for')}", ""]
    lines += request_lines(review) or [t("No requests were recognised.")]
    lines += ["", f"## {t('Talk-overs and cut-offs')}", ""]
    for m in review.moments:
        name = t("{name} at {time}", name=moment_name(m.kind, lang), time=clock(m.start))
        lines.append(f"- **{name}**: {_md(m.sentence)}")
        if m.customer_text:
            lines.append(f"  - {speaker_label(Speaker.CUSTOMER, lang)}: "
                         f"\u201c{_md(m.customer_text)}\u201d")
        if m.agent_text:
            lines.append(f"  - {speaker_label(Speaker.AGENT, lang)}: "
                         f"\u201c{_md(m.agent_text)}\u201d")
    if not review.moments:
        lines.append(t("None: the agent let the customer finish."))
    lines += ["", f"## {t('Listening cues')}", ""]
    for title, hits in ((t("Worth a second look"), review.poor_cues),
                        (t("Good listening"), review.good_cues)):
        if not hits:
            continue
        lines.append(f"**{title}**")
        lines.append("")
        for hit in hits:
            category = review.cue_set.category(hit.category)
            advice = (f" {_md(cue_label(category.advice, lang))}"
                      if category and category.advice else "")
            lines.append(f"- [{clock(hit.time)}] {_md(cue_label(hit.label, lang))}: "
                         f"\u201c{_md(hit.context)}\u201d{advice}")
        lines.append("")
    if not review.cues:
        lines += [t("No listening cues were found in the agent's words."), ""]
    lines += [f"## {t('Statistics')}", "", f"| | | {t('What it means')} |", "|---|---|---|"]
    for f in review.figures:
        value = f"**{_md(f.value)}**" if f.notable else _md(f.value)
        lines.append(f"| {_md(f.label)} | {value} | {_md(f.explanation)} |")
    lines += ["", f"## {t('Transcript')}", ""]
    pending: list[TalkOverEvent | RepeatEvent] = list(result.events)
    for u in result.utterances:
        while pending and pending[0].time < u.span.start:
            lines.append(f"> **{describe_event(pending.pop(0), result, lang)}**\n")
        lines.append(f"**[{clock(u.span.start)}] {speaker_label(u.speaker, lang)}:** {u.text}\n")
    for event in pending:
        lines.append(f"> **{describe_event(event, result, lang)}**\n")
    if not result.utterances:
        lines.append(t("(nothing was transcribed)"))
    return "\n".join(lines).rstrip() + "\n"
