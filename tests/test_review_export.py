"""Every export format of a call, parsed back: SRT and WebVTT with parsers written here,
HTML with html.parser and in Qt's QTextBrowser, JSON loaded, Markdown read for its parts."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from assistant.records import Speaker
from assistant.report.render import FORMATS, render
from assistant.report.render import render as export
from assistant.review.cues import load_cues
from assistant.review.summary import CUTOFF, review_call
from assistant.store import CallStore
from assistant.timebase import seconds
from assistant.wording import SPEAKER_LABEL
from tests.test_store import new_call, sample_result

CORRECTED = "I can send you a brand new kettle tomorrow."


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """The sample call, stored, with one utterance corrected by a reviewer."""
    with CallStore(tmp_path_factory.mktemp("lib")) as store:
        call_id = store.save_result(new_call("Refund call"), sample_result())
        store.set_correction(call_id, 3, CORRECTED)
        yield store.get_call(call_id)


def test_html_is_a_registered_format() -> None:
    assert "html" in FORMATS and "md" in FORMATS


# --- SRT / WebVTT ---------------------------------------------------------------------

_TIME = r"(\d\d):(\d\d):(\d\d)[,.](\d\d\d)"


def _t(h: str, m: str, s: str, ms: str) -> float:
    return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def parse_cues(text: str, vtt: bool) -> list[tuple[int, float, float, str]]:
    """(index, start, end, text) of each cue; strict about the parts of each block."""
    blocks = [b for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    if vtt:
        assert blocks[0].splitlines()[0] == "WEBVTT"
        blocks = blocks[1:]
    sep = r"\." if vtt else ","
    cues = []
    for block in blocks:
        lines = block.strip("\n").split("\n")
        assert len(lines) >= 3, block
        index = int(lines[0])
        m = re.fullmatch(_TIME.replace("[,.]", sep) + " --> " + _TIME.replace("[,.]", sep),
                         lines[1])
        assert m, lines[1]
        start, end = _t(*m.groups()[:4]), _t(*m.groups()[4:])
        assert end >= start
        cues.append((index, start, end, "\n".join(lines[2:])))
    return cues


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_subtitles_parse_back_to_the_transcript(stored, fmt) -> None:
    cues = parse_cues(export(stored.result, fmt), vtt=fmt == "vtt")
    result = stored.result
    assert [c[0] for c in cues] == list(range(1, len(result.utterances) + 1))
    for (_, start, end, text), u in zip(cues, result.utterances, strict=True):
        assert start == pytest.approx(seconds(u.span.start), abs=0.001)
        assert end == pytest.approx(seconds(u.span.end), abs=0.001)
        assert text == f"{SPEAKER_LABEL[u.speaker]}: {u.text}"
    assert any(CORRECTED in c[3] for c in cues)  # exports use the corrections


def test_json_loads_with_the_corrections(stored) -> None:
    data = json.loads(export(stored.result, "json"))
    assert [u["text"] for u in data["utterances"]][3] == CORRECTED
    assert {e["kind"] for e in data["events"]} == {"talkover", "repeat"}


def test_text_has_one_line_per_utterance(stored) -> None:
    lines = export(stored.result, "txt").splitlines()
    assert len(lines) == len(stored.result.utterances)
    assert lines[3].endswith(f"Agent: {CORRECTED}")


# --- Markdown -------------------------------------------------------------------------


def test_markdown_review_has_the_summary_then_the_transcript(stored) -> None:
    md = export(stored.result, "md")
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == ["# Call review: call.wav", "## What the customer asked for",
                        "## Talk-overs and cut-offs", "## Listening cues", "## Statistics",
                        "## Transcript"]
    section = md.split("## What the customer asked for")[1].split("##")[0]
    assert "**Refund**" in section and "asked 2 times (0:02.5, 0:11.0)" in section
    assert "**not acknowledged**" in section
    moments = md.split("## Talk-overs and cut-offs")[1].split("##")[0]
    assert "Cut-off at 0:13.0" in moments and "As I said, I want a refund." in moments
    stats = md.split("## Statistics")[1].split("## Transcript")[0]
    rows = [r for r in stats.splitlines() if r.startswith("| ") and "---" not in r][1:]
    labels = [r.split("|")[1].strip() for r in rows]
    assert {"Talk time", "Talk-to-listen ratio", "Speaking rate", "Longest agent monologue",
            "Talk-overs", "Customer cut off", "Dead air", "Long holds"} <= set(labels)
    assert all(len(r.split("|")) == 5 for r in rows)  # value and explanation in every row
    assert f"**[0:08.0] Agent:** {CORRECTED}" in md


def test_markdown_with_a_users_cues(stored, tmp_path) -> None:
    (tmp_path / "en.json").write_text(json.dumps({"categories": {"upsell": {
        "label": "Upselling", "kind": "poor", "advice": "Solve the problem first.",
        "phrases": ["brand new*"]}}}), encoding="utf-8")
    review = review_call(stored.result, cues=load_cues("en", tmp_path))
    md = export(stored.result, "md", review)
    assert f"[0:08.0] Upselling: “{CORRECTED}” Solve the problem first." in md


# --- HTML -----------------------------------------------------------------------------

_VOID = {"meta", "br", "link", "img", "input", "hr", "rect", "circle", "line", "path"}


class _Page(HTMLParser):
    """Collects ids, text per tag and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.rows: list[list[str]] = []
        self.svg_rects = 0
        self.headings: list[str] = []
        self._cell: list[str] | None = None
        self._heading: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("src", "href"):
            if attrs.get(name) and not attrs[name].startswith("#"):
                self.external.append(attrs[name])
        if tag == "rect":
            self.svg_rects += 1
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = []
        if tag in ("h1", "h2"):
            self._heading = ""
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs) -> None:
        if tag == "rect":
            self.svg_rects += 1

    def handle_endtag(self, tag) -> None:
        if tag in _VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._heading is not None:
            self._heading += data


def test_html_is_self_contained_and_well_formed(stored) -> None:
    page = _Page()
    page.feed(export(stored.result, "html"))
    page.close()
    assert page.stack == []
    assert page.external == []  # no scripts, styles or images from anywhere
    assert page.headings == ["Call review: call.wav", "Timeline", "What the customer asked for",
                             "Talk-overs and cut-offs", "Listening cues", "Statistics",
                             "Transcript"]
    result = stored.result
    transcript = [r for r in page.rows if len(r) == 3 and r[1] in ("Agent", "Customer")]
    assert [r[2] for r in transcript] == [u.text for u in result.utterances]
    assert {f"u{u.id}" for u in result.utterances} <= page.ids  # the timeline links here
    speech = sum(len(spans) for spans in result.speech.values())
    assert page.svg_rects >= speech  # every speech run is drawn in its lane
    assert any("Refund" in r[0] and "2 times" in r[1] for r in page.rows if len(r) == 4)


def test_the_timeline_svg_marks_overlaps_and_events(stored) -> None:
    review = review_call(stored.result)
    html = export(stored.result, "html", review)
    svg = html[html.index("<svg"): html.index("</svg>")]
    assert svg.count(">Agent</text>") == 1 and svg.count(">Customer</text>") == 1
    assert "Both speaking: 1.0 s at 0:13.0" in svg
    assert "Cut-off: At 0:13.0 the agent came in" in svg
    assert "Repeat ×2" in svg
    assert review.moments[0].kind == CUTOFF


def test_html_opens_in_qt(stored, qapp) -> None:
    from PySide6.QtWidgets import QTextBrowser

    browser = QTextBrowser()
    browser.setHtml(export(stored.result, "html"))
    text = browser.toPlainText()
    for u in stored.result.utterances:
        assert u.text in text
    assert "What the customer asked for" in text and "Longest agent monologue" in text


def test_a_mono_call_exports_without_two_party_sections(stored) -> None:
    import dataclasses

    result = stored.result
    mono = dataclasses.replace(
        result, talkovers=[], repeats=[], withdrawn_talkovers=[],
        utterances=[dataclasses.replace(u, speaker=Speaker.UNKNOWN) for u in result.utterances],
        speech={Speaker.UNKNOWN: [s for spans in result.speech.values() for s in spans]})
    html = render(mono, "html")
    assert ">Speaker</text>" in html and ">Customer</text>" not in html
    assert "No requests were recognised." in render(mono, "md")
