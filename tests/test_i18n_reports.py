"""Reviews and exports in the report language: Swedish and Danish headings, labels and
numbers, the right ``<html lang>``, whatever language the call itself was in."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from assistant.report.render import render
from assistant.review.summary import review_call
from assistant.store import CallStore
from tests.cli_helpers import run_cli
from tests.test_store import new_call, sample_result

# Headings a reader finds the sections by, per language.
HEADINGS = {
    "en": ["What the customer asked for", "Talk-overs and cut-offs", "Listening cues",
           "Statistics", "Transcript"],
    "sv": ["Vad kunden bad om", "Pratat i mun och avbrott", "Lyssningssignaler", "Statistik",
           "Utskrift"],
    "da": ["Hvad kunden bad om", "Talt ind over og afbrydelser", "Lyttesignaler", "Statistik",
           "Udskrift"],
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.h2: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_h2 = tag == "h2"

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data.strip())
            self._in_h2 = False


@pytest.fixture(scope="module")
def result():
    return sample_result()  # an English call


@pytest.mark.parametrize("language", ["en", "sv", "da"])
def test_the_html_review_is_in_the_report_language_and_says_so(result, language):
    page = _Page()
    page.feed(render(result, "html", review_call(result, language=language)))
    assert page.lang == language
    assert page.h2 == ["Tidslinje" if language == "sv" else
                       "Tidslinje" if language == "da" else "Timeline", *HEADINGS[language]]


@pytest.mark.parametrize("language", ["sv", "da"])
def test_the_markdown_review_has_no_english_left_but_the_calls_own_words(result, language):
    text = render(result, "md", review_call(result, language=language))
    for heading in HEADINGS[language]:
        assert f"## {heading}" in text
    # The call was in English: its words stay as said; everything around them is translated.
    assert "I would like a refund, please." in text
    without_quotes = re.sub(r"[“\"][^”\"]*[”\"]|\*\*\[[^\n]*", "", text)
    for english in ("What the customer asked for", "Talk time", "Statistics", "Agent",
                    "Customer", "not acknowledged", "words per minute", "Dead air"):
        assert english not in without_quotes, english
    # Decimal comma and the language's percent sign.
    assert re.search(r"\d,\d s", text) and "\u00a0%" in text


def test_request_labels_and_speakers_follow_the_report_language(result):
    sv = review_call(result, language="sv")
    da = review_call(result, language="da")
    assert [r.label for r in sv.requests] == ["Återbetalning"]
    assert [r.label for r in da.requests] == ["Refusion"]
    assert sv.figures[0].value.startswith("Handläggare ")
    assert da.figures[0].value.startswith("Medarbejder ")
    assert render(result, "txt", language="da").splitlines()[0].endswith(
        "Medarbejder: Brightway Home, how can I help?")


def test_calls_export_writes_the_chosen_language(tmp_path):
    root = tmp_path / "library"
    with CallStore(root) as store:
        call_id = store.save_result(new_call("refund call"), sample_result())
    proc = run_cli("calls", "--data-dir", str(root), "export", str(call_id), "--format",
                   "html", "--report-language", "da")
    assert proc.returncode == 0, proc.stderr
    assert '<html lang="da">' in proc.stdout and "Hvad kunden bad om" in proc.stdout
    bad = run_cli("calls", "--data-dir", str(root), "export", str(call_id),
                  "--report-language", "fr")
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert "invalid choice: 'fr'" in bad.stderr


def test_redaction_tags_and_counts_are_in_the_report_language(result):
    """Tags are stored in English; a Swedish review and export show them in Swedish, the JSON
    keeps them as stored, and the review counts what was removed in Swedish."""
    import dataclasses
    import json

    first, *rest = result.utterances
    tagged = dataclasses.replace(result, utterances=[
        dataclasses.replace(first, text="My card is [card number], mail [e-mail address]."),
        *rest])
    review = review_call(tagged, language="sv")
    assert "Personuppgifter censurerade innan samtalet sparades: 1 kortnummer, " \
           "1 e-postadress." in review.notes
    for fmt in ("md", "html", "txt"):
        text = render(tagged, fmt, review if fmt != "txt" else None, language="sv")
        assert "[kortnummer]" in text and "[e-postadress]" in text, fmt
        assert "[card number]" not in text, fmt
    stored = json.loads(render(tagged, "json", language="sv"))
    assert stored["utterances"][0]["text"] == "My card is [card number], mail [e-mail address]."
    english = review_call(tagged)
    assert "Personal data redacted before storing: 1 card number, 1 e-mail address." \
        in english.notes
