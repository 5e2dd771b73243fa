"""A call's review as one self-contained HTML page (the timeline drawn as inline SVG),
and the summary as an HTML fragment for the desktop review window.

No scripts, fonts or images from anywhere: the page opens offline and can be
mailed. Colours follow the app's themes (Okabe–Ito blue and orange for the
parties, which stay distinct for the common forms of colour blindness) and
every mark also has words, never colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from assistant.engine.result import CallResult
from assistant.i18n import catalogue
from assistant.i18n.formatting import number
from assistant.records import RepeatEvent, Span, Speaker, TalkOverEvent, total_overlap
from assistant.report.markdown import after_nth, times_asked
from assistant.report.palette import DARK, LIGHT, Palette
from assistant.review.summary import (
    CUE_GOOD,
    CUE_POOR,
    CUTOFF,
    ENDED,
    HOLD,
    MONOLOGUE,
    REPEAT,
    SILENCE,
    TALKOVER,
    CallReview,
    Marker,
    cue_label,
    moment_name,
    review_call,
)
from assistant.review.timing import union
from assistant.timebase import SAMPLE_RATE, clock, seconds
from assistant.wording import describe_event, speaker_label

Link = Callable[[int, str], str]  # (sample to play from, html text) -> html


def _anchor_to(utterance: int | None) -> Link:
    def link(_at: int, text: str) -> str:
        return f'<a href="#u{utterance}">{text}</a>' if utterance is not None else text
    return link


def _plain(_at: int, text: str) -> str:
    return text


# --- Timeline -----------------------------------------------------------------------


def _tick_step(duration_s: float, most: int = 12) -> float:
    for step in (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600):
        if duration_s / step <= most:
            return float(step)
    return 7200.0


def _marker_shape(kind: str, x: float, y: float, colour: str) -> str:
    if kind in (TALKOVER, CUTOFF, ENDED):  # a downward triangle: someone came in
        return (f'<path d="M{x - 6:.1f},{y - 5:.1f} L{x + 6:.1f},{y - 5:.1f} L{x:.1f},'
                f'{y + 6:.1f} Z" fill="{colour}"/>')
    if kind == REPEAT:  # a diamond
        return (f'<path d="M{x:.1f},{y - 7:.1f} L{x + 6:.1f},{y:.1f} L{x:.1f},{y + 7:.1f} '
                f'L{x - 6:.1f},{y:.1f} Z" fill="{colour}"/>')
    if kind == CUE_GOOD:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'
    if kind == CUE_POOR:  # a square
        return (f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
                f'fill="{colour}"/>')
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>'


def timeline_svg(review: CallReview, palette: Palette = LIGHT, width: int = 1000,
                 marker_href: Callable[[Marker], str | None] | None = None) -> str:
    """The call as two lanes of speech with overlaps and events marked, as an SVG element."""
    result = review.result
    left, right = 84, 12
    span_w = width - left - right
    duration = max(result.recording.duration, 1, *(s.end for spans in result.speech.values()
                                                    for s in spans))
    rows = {"markers": (10, 30), Speaker.AGENT: (40, 70), Speaker.CUSTOMER: (82, 112)}
    axis_y = 124
    height = 146
    speakers: list[Speaker] = [s for s in (Speaker.AGENT, Speaker.CUSTOMER)
                               if s in result.speech]
    if not speakers:  # mono: one lane
        speakers = [s for s in result.speech][:1] or [Speaker.UNKNOWN]
        rows[speakers[0]] = (40, 70)
        axis_y, height = 84, 104

    def x(position: int) -> float:
        return left + span_w * max(0, min(position, duration)) / duration

    def w(span: Span) -> float:
        return max(1.0, x(span.end) - x(span.start))

    p = palette
    lane_top = rows[speakers[0]][0]
    lane_bottom = rows[speakers[-1]][1]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 {width} '
           f'{height}" width="100%" role="img" aria-label="Timeline of the call: speech of '
           f'each party, overlaps and events">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="{p.surface}"/>']
    # Silences first (under everything).
    for m in review.markers:
        if m.kind in (SILENCE, HOLD) and m.span is not None:
            opacity = 0.35 if m.kind == HOLD else 0.2
            out.append(f'<rect x="{x(m.span.start):.1f}" y="{lane_top - 4}" '
                       f'width="{w(m.span):.1f}" height="{lane_bottom - lane_top + 8}" '
                       f'fill="{p.silence}" fill-opacity="{opacity}"><title>'
                       f'{escape(m.detail)}</title></rect>')
    for speaker in speakers:
        top, bottom = rows[speaker]
        colour = p.speaker(speaker)
        out.append(f'<rect x="{left}" y="{top}" width="{span_w}" height="{bottom - top}" '
                   f'fill="{p.background}" stroke="{p.border}" stroke-width="0.5"/>')
        out.append(f'<text x="{left - 8}" y="{(top + bottom) / 2 + 4:.1f}" text-anchor="end" '
                   f'font-size="13" font-weight="600" fill="{colour}">'
                   f'{escape(speaker_label(speaker, review.language))}</text>')
        for span in union(result.speech.get(speaker, [])):
            out.append(f'<rect x="{x(span.start):.1f}" y="{top + 3}" width="{w(span):.1f}" '
                       f'height="{bottom - top - 6}" rx="2" fill="{colour}"/>')
    if len(speakers) == 2:
        agent = union(result.speech.get(Speaker.AGENT, []))
        customer = union(result.speech.get(Speaker.CUSTOMER, []))
        for a in agent:
            for c in customer:
                both = a & c
                if both is not None:
                    out.append(f'<rect x="{x(both.start):.1f}" y="{lane_top}" '
                               f'width="{w(both):.1f}" height="{lane_bottom - lane_top}" '
                               f'fill="{p.talkover}" fill-opacity="0.28" stroke="{p.talkover}" '
                               f'stroke-width="1"><title>Both speaking: '
                               f'{seconds(both.duration):.1f} s at {clock(both.start)}</title>'
                               '</rect>')
    mono = next((m for m in review.markers if m.kind == MONOLOGUE and m.span), None)
    if mono is not None and mono.span is not None and Speaker.AGENT in rows:
        top = rows[Speaker.AGENT][0] - 3
        out.append(f'<line x1="{x(mono.span.start):.1f}" y1="{top}" x2="{x(mono.span.end):.1f}" '
                   f'y2="{top}" stroke="{p.agent}" stroke-width="2" stroke-dasharray="4 3">'
                   f'<title>{escape(mono.detail)}</title></line>')
    # Ticks.
    total_s = seconds(duration)
    step = _tick_step(total_s)
    t = 0.0
    while t <= total_s + 1e-9:
        tx = x(round(t * SAMPLE_RATE))
        out.append(f'<line x1="{tx:.1f}" y1="{lane_bottom + 2}" x2="{tx:.1f}" '
                   f'y2="{axis_y - 8}" stroke="{p.border}"/>')
        out.append(f'<text x="{tx:.1f}" y="{axis_y + 6}" text-anchor="middle" font-size="11" '
                   f'fill="{p.muted}">{clock(round(t * SAMPLE_RATE)).split(".")[0]}</text>')
        t += step
    # Event markers on top, in the marker row.
    y_mark = (rows["markers"][0] + rows["markers"][1]) / 2
    for m in review.markers:
        if m.kind in (SILENCE, HOLD, MONOLOGUE):
            continue
        colour = p.marker(m.kind)
        shape = _marker_shape(m.kind, x(m.at), y_mark, colour)
        guide = (f'<line x1="{x(m.at):.1f}" y1="{y_mark + 6:.1f}" x2="{x(m.at):.1f}" '
                 f'y2="{lane_bottom}" stroke="{colour}" stroke-width="1" '
                 f'stroke-opacity="0.6"/>')
        body = f"{guide}{shape}<title>{escape(m.label)}: {escape(m.detail)}</title>"
        href = marker_href(m) if marker_href else None
        out.append(f'<a href="{escape(href)}">{body}</a>' if href else f"<g>{body}</g>")
    out.append("</svg>")
    return "\n".join(out)


# --- Sections (shared by the page and the desktop summary) ---------------------------


def _time(link: Link, at: int) -> str:
    return link(at, clock(at))


def _times(times: int, language: str) -> str:
    text = escape(times_asked(times, language))
    return text if times == 1 else f"<b>{text}</b>"


def requests_html(review: CallReview, link: Link, compact: bool = False) -> str:
    lang = review.language
    t = catalogue(lang).gettext
    if not review.requests:
        return f"<p>{escape(t('No requests were recognised.'))}</p>"
    if compact:  # a narrow panel: one block per request
        parts = []
        for r in review.requests:
            when = ", ".join(_time(link, s) for s in r.starts)
            if r.acknowledged_at is not None:
                ack = (t("acknowledged at {time}", time=_time(link, r.acknowledged_at))
                       + escape(after_nth(r, lang)))
            else:
                ack = f"<b>{escape(t('not acknowledged'))}</b>"
            head = (f"<b>{escape(r.label)}</b>: " if r.label != r.quote else "")
            asked = t("asked {times} ({when})", times=_times(r.times, lang), when=when)
            parts.append(f"<p>{head}<span class='quote'>\u201c{escape(r.quote)}\u201d</span>"
                         f"<br>{asked} · {ack}</p>")
        return "\n".join(parts)
    rows = [f"<table class='requests'><tr><th>{escape(t('Request'))}</th>"
            f"<th>{escape(t('Asked'))}</th><th>{escape(t('When'))}</th>"
            f"<th>{escape(t('Acknowledged'))}</th></tr>"]
    for r in review.requests:
        times = _times(r.times, lang)
        when = ", ".join(_time(link, s) for s in r.starts)
        if r.acknowledged_at is not None:
            ack = (t("yes, at {time}", time=_time(link, r.acknowledged_at))
                   + escape(after_nth(r, lang)))
        else:
            ack = f"<b>{escape(t('no'))}</b>"
        quote = ("" if r.label == r.quote
                 else f"<br><span class='quote'>\u201c{escape(r.quote)}\u201d</span>")
        rows.append(f"<tr><td><b>{escape(r.label)}</b>{quote}</td><td>{times}</td>"
                    f"<td>{when}</td><td>{ack}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def moments_html(review: CallReview, link: Link, compact: bool = False) -> str:
    lang = review.language
    t = catalogue(lang).gettext
    if not review.moments:
        return f"<p>{escape(t('None: the agent let the customer finish.'))}</p>"
    customer, agent = speaker_label(Speaker.CUSTOMER, lang), speaker_label(Speaker.AGENT, lang)
    if compact:  # a narrow panel: one block per moment
        parts = []
        for m in review.moments:
            name = escape(moment_name(m.kind, lang))
            said = "".join(
                f"<br><span class='{css}'>{escape(who)}:</span> \u201c{escape(text)}\u201d"
                for css, who, text in (("customer", customer, m.customer_text),
                                       ("agent", agent, m.agent_text)) if text)
            parts.append(f"<p>{_time(link, m.start)} <b>{name}</b>: {escape(m.sentence)}"
                         f"{said}</p>")
        return "\n".join(parts)
    rows = [f"<table class='moments'><tr><th>{escape(t('When'))}</th>"
            f"<th>{escape(t('What'))}</th><th>{escape(t('Customer was saying'))}</th>"
            f"<th>{escape(t('Agent said'))}</th></tr>"]
    for m in review.moments:
        name = escape(moment_name(m.kind, lang))
        rows.append(f"<tr><td>{_time(link, m.start)}</td><td><b>{name}</b><br>"
                    f"{escape(m.sentence)}</td><td class='customer'>{escape(m.customer_text)}"
                    f"</td><td class='agent'>{escape(m.agent_text)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def cues_html(review: CallReview, link: Link) -> str:
    lang = review.language
    t = catalogue(lang).gettext
    if not review.cues:
        none = t("No listening cues were found in the agent's words.")
        return f"<p>{escape(none)}</p>"
    parts = []
    for title, hits, css in ((t("Worth a second look"), review.poor_cues, "poor"),
                             (t("Good listening"), review.good_cues, "good")):
        if not hits:
            continue
        parts.append(f"<h3 class='{css}'>{escape(title)}</h3><ul class='cues {css}'>")
        for hit in hits:
            category = review.cue_set.category(hit.category)
            advice = (f" <span class='advice'>{escape(cue_label(category.advice, lang))}</span>"
                      if category and category.advice else "")
            label = escape(cue_label(hit.label, lang))
            parts.append(f"<li>{_time(link, hit.time)} <b>{label}</b>: "
                         f"\u201c{escape(hit.context)}\u201d{advice}</li>")
        parts.append("</ul>")
    return "\n".join(parts)


def figures_html(review: CallReview, link: Link, compact: bool = False) -> str:
    listen = escape(catalogue(review.language).gettext("listen"))
    rows = ["<table class='stats' width='100%'>"]
    for f in review.figures:
        value = escape(f.value)
        if f.at is not None:
            value += f" <span class='listen'>({link(f.at, listen)})</span>"
        css = " class='notable'" if f.notable else ""
        if f.notable:
            value = f"<b>{value}</b>"
        explain = f"<span class='explain'>{escape(f.explanation)}</span>"
        if compact:  # the explanation under the value: a narrow panel has no third column
            rows.append(f"<tr{css}><th width='30%'>{escape(f.label)}</th>"
                        f"<td>{value}<br>{explain}</td></tr>")
        else:
            rows.append(f"<tr{css}><th>{escape(f.label)}</th><td>{value}</td>"
                        f"<td>{explain}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def transcript_html(result: CallResult, link: Link, language: str = "en") -> str:
    rows = ["<table class='transcript'>"]
    pending: list[TalkOverEvent | RepeatEvent] = list(result.events)

    def event_row(event: TalkOverEvent | RepeatEvent) -> str:
        return (f"<tr class='event {event.kind}'><td>{_time(link, event.time)}</td><td></td>"
                f"<td>{escape(describe_event(event, result, language))}</td></tr>")

    for u in result.utterances:
        while pending and pending[0].time < u.span.start:
            rows.append(event_row(pending.pop(0)))
        rows.append(f"<tr id='u{u.id}' class='{u.speaker.value}'><td class='time'>"
                    f"{_time(link, u.span.start)}</td><td class='who'>"
                    f"{escape(speaker_label(u.speaker, language))}</td>"
                    f"<td>{escape(u.text)}</td></tr>")
    rows += [event_row(e) for e in pending]
    if not result.utterances:
        nothing = escape(catalogue(language).gettext("(nothing was transcribed)"))
        rows.append(f"<tr><td></td><td></td><td>{nothing}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


# --- The page -----------------------------------------------------------------------


def _css(p: Palette, dark: Palette) -> str:
    def colours(q: Palette) -> str:
        return (f"--bg:{q.background};--surface:{q.surface};--text:{q.text};--muted:{q.muted};"
                f"--border:{q.border};--agent:{q.agent};--customer:{q.customer};"
                f"--talkover:{q.talkover};--repeat:{q.repeat};--good:{q.good};--poor:{q.poor}")

    return f"""
:root {{ {colours(p)}; }}
@media (prefers-color-scheme: dark) {{ :root {{ {colours(dark)}; }} }}
body {{ font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
       background: var(--bg); color: var(--text); }}
main {{ max-width: 1100px; margin: 0 auto; padding: 24px; }}
h1 {{ font-size: 24px; margin: 0 0 4px; }} h2 {{ font-size: 18px; margin: 28px 0 8px; }}
h3 {{ font-size: 15px; margin: 12px 0 4px; }} h3.poor {{ color: var(--poor); }}
h3.good {{ color: var(--good); }}
.meta, .quote, .explain, .advice, .legend, .listen {{ color: var(--muted); }}
table {{ border-collapse: collapse; width: 100%; background: var(--surface); }}
th, td {{ text-align: left; vertical-align: top; padding: 6px 10px;
         border-bottom: 1px solid var(--border); }}
table.stats th {{ width: 22%; }}
td.agent, tr.agent .who {{ color: var(--agent); }}
td.customer, tr.customer .who {{ color: var(--customer); }}
tr.agent td:last-child, tr.customer td:last-child {{ color: var(--text); }}
.who {{ font-weight: 600; white-space: nowrap; }} .time {{ white-space: nowrap; }}
tr.event td {{ color: var(--muted); font-style: italic; }}
tr.event.talkover td:last-child {{ color: var(--talkover); }}
tr.event.repeat td:last-child {{ color: var(--repeat); }}
a {{ color: inherit; }} svg.timeline {{ border: 1px solid var(--border); border-radius: 8px; }}
:target td {{ background: color-mix(in srgb, var(--agent) 18%, transparent); }}
"""


def _legend(p: Palette, language: str) -> str:
    t = catalogue(language).gettext
    items = [(p.agent, t("agent speaking")), (p.customer, t("customer speaking")),
             (p.talkover, t("both at once / talk-over") + " ▼"),
             (p.repeat, t("repeated request") + " ◆"),
             (p.poor, t("cue worth a look") + " ■"), (p.good, t("good listening") + " ●"),
             (p.silence, t("dead air"))]
    return "<p class='legend'>" + " · ".join(
        f"<span style='color:{c}'>■</span> {escape(t)}" for c, t in items) + "</p>"


def to_html(result: CallResult, *, review: CallReview | None = None,
            language: str = "en") -> str:
    """The review as a self-contained page: summary, timeline (SVG) and transcript.

    In the review's language (or ``language`` for a new one); ``<html lang>`` says which.
    """
    review = review or review_call(result, language=language)
    lang = review.language
    t = catalogue(lang).gettext
    rec = result.recording
    notes = "".join(f"<p class='meta'>{escape(t('Note: {note}', note=n))}</p>"
                    for n in review.notes)

    def link_to_line(at: int, text: str) -> str:
        u = min((u for u in result.utterances if u.span.end > at),
                key=lambda u: abs(u.span.start - at), default=None)
        return _anchor_to(u.id if u else None)(at, text)

    def marker_href(m: Marker) -> str | None:
        u = min((u for u in result.utterances if u.span.end > m.at),
                key=lambda u: abs(u.span.start - m.at), default=None)
        return f"#u{u.id}" if u else None

    overlap = total_overlap(union(result.speech.get(Speaker.AGENT, [])),
                            union(result.speech.get(Speaker.CUSTOMER, [])))
    heading = escape(t("Call review: {title}", title=review.title))
    meta = escape(t("Duration {duration} · language {language} · model {model} · "
                    "{utterances} utterances · {seconds} s of both speaking at once",
                    duration=clock(rec.duration), language=result.language or t("unknown"),
                    model=result.model, utterances=len(result.utterances),
                    seconds=number(seconds(overlap), lang, 1)))
    h = {key: escape(t(key)) for key in ("Timeline", "What the customer asked for",
                                         "Talk-overs and cut-offs", "Listening cues",
                                         "Statistics", "Transcript")}
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="listening-assistant">
<title>{heading}</title>
<style>{_css(LIGHT, DARK)}</style>
</head>
<body>
<main>
<header>
<h1>{heading}</h1>
<p class="meta">{meta}</p>
{notes}
</header>
<section id="timeline">
<h2>{h["Timeline"]}</h2>
{timeline_svg(review, LIGHT, marker_href=marker_href)}
{_legend(LIGHT, lang)}
</section>
<section id="requests">
<h2>{h["What the customer asked for"]}</h2>
{requests_html(review, link_to_line)}
</section>
<section id="talkovers">
<h2>{h["Talk-overs and cut-offs"]}</h2>
{moments_html(review, link_to_line)}
</section>
<section id="cues">
<h2>{h["Listening cues"]}</h2>
{cues_html(review, link_to_line)}
</section>
<section id="statistics">
<h2>{h["Statistics"]}</h2>
{figures_html(review, link_to_line)}
</section>
<section id="transcript">
<h2>{h["Transcript"]}</h2>
{transcript_html(result, _plain, lang)}
</section>
</main>
</body>
</html>
"""


def summary_fragment(review: CallReview, palette: Palette, link: Link) -> str:
    """The summary (no timeline, no transcript) as simple HTML for Qt's rich text.

    ``link(at, text)`` makes a clickable time; the review window plays from ``at``.
    """
    p = palette
    style = (f"<style>h2 {{ font-size: 13pt; margin-top: 14px; margin-bottom: 4px; }}"
             f"h3 {{ font-size: 11pt; margin-bottom: 2px; }}"
             f"th {{ text-align: left; color: {p.muted}; font-weight: 600; padding: 3px 6px; }}"
             f"td {{ padding: 3px 6px; vertical-align: top; }}"
             f"a {{ color: {p.agent}; text-decoration: none; }}"
             f".quote, .explain, .advice, .listen {{ color: {p.muted}; }}"
             f".agent {{ color: {p.agent}; }} .customer {{ color: {p.customer}; }}"
             f"h3.poor {{ color: {p.poor}; }} h3.good {{ color: {p.good}; }}</style>")
    t = catalogue(review.language).gettext
    notes = "".join(f"<p class='explain'>{escape(t('Note: {note}', note=n))}</p>"
                    for n in review.notes)
    h = {key: escape(t(key)) for key in ("What the customer asked for",
                                         "Talk-overs and cut-offs", "Listening cues",
                                         "Statistics")}
    return (f"{style}{notes}<h2>{h['What the customer asked for']}</h2>"
            f"{requests_html(review, link, compact=True)}"
            f"<h2>{h['Talk-overs and cut-offs']}</h2>{moments_html(review, link, compact=True)}"
            f"<h2>{h['Listening cues']}</h2>{cues_html(review, link)}"
            f"<h2>{h['Statistics']}</h2>{figures_html(review, link, compact=True)}")
