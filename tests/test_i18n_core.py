"""The core's languages (Qt-free): catalogues, locale formats, the agent's live prompts."""

from __future__ import annotations

import re
import string
from datetime import datetime

import pytest

from assistant.errors import AssistantError
from assistant.i18n import catalogue, from_locale_name
from assistant.i18n import formatting as fmt
from assistant.records import RepeatEvent, Span, Speaker, TalkOverEvent, TalkOverReason, Utterance
from assistant.services.prompts import PromptBook, marker_text
from assistant.timebase import samples
from assistant.wording import repeat_title, request_wording

NBSP = "\u00a0"


def _fields(text: str) -> set[str]:
    """The ``{name}`` fields, and ``{it|…}`` object slots (their fallback words translated)."""
    slots = len(re.findall(r"\{it\|[^}]*\}", text))
    text = re.sub(r"\{it\|[^}]*\}", "", text)
    names = {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    return names | {f"slot {i}" for i in range(slots)}


@pytest.mark.parametrize("language", ["sv", "da"])
def test_every_translation_keeps_the_placeholders_of_its_english(language):
    messages = catalogue(language).messages
    assert len(messages) > 50
    for english, translated in messages.items():
        if isinstance(translated, list):  # one and many: "{n}" is the count, in either
            assert len(translated) == 2, english
            for form in translated:
                assert _fields(form) - {"n"} == _fields(english) - {"n"}, (english, form)
        else:
            assert translated.strip(), english
            assert _fields(translated) == _fields(english), (english, translated)


def test_english_is_the_message_itself_and_an_unknown_language_is_a_clear_error():
    assert catalogue("en").gettext("Let them finish") == "Let them finish"
    assert catalogue("sv").gettext("not in the catalogue {n}", n=2) == "not in the catalogue 2"
    with pytest.raises(AssistantError, match="unknown language 'fr'"):
        catalogue("fr")


@pytest.mark.parametrize(("name", "language"), [
    ("sv_SE.UTF-8", "sv"), ("da_DK", "da"), ("da-DK", "da"), ("en_US", "en"), ("C", "en"),
    ("fi_FI", "en"), ("nb_NO.UTF-8", "da"), ("sv_FI@euro", "sv")])
def test_the_system_locale_picks_the_language(name, language):
    assert from_locale_name(name) == language


def test_numbers_dates_and_durations_as_each_language_writes_them():
    moment = datetime(2026, 3, 5, 9, 7)
    assert [fmt.number(1234567.5, lang, 1) for lang in ("en", "sv", "da")] == [
        "1,234,567.5", f"1{NBSP}234{NBSP}567,5", "1.234.567,5"]
    assert [fmt.percent(0.634, lang) for lang in ("en", "sv", "da")] == [
        "63%", f"63{NBSP}%", f"63{NBSP}%"]
    assert fmt.date_time(moment, "en") == "5 March 2026, 09:07"
    assert fmt.date_time(moment, "sv") == "5 mars 2026 09:07"
    assert fmt.date_time(moment, "da") == "5. marts 2026 kl. 09.07"
    assert fmt.short_date_time(moment, "sv") == "2026-03-05 09:07"
    assert fmt.short_date_time(moment, "da") == "05.03.2026 09.07"
    assert [fmt.duration(s, "sv") for s in (4.25, 42, 185, 3725)] == [
        "4,2 s", "42 s", "3:05 min", "1:02:05 tim"]
    assert fmt.duration(4.25, "en") == "4.2 s"


@pytest.mark.parametrize(("ui", "title"), [
    ("en", "They've asked to cancel the subscription 3 times"),
    ("sv", "Kunden har bett att få säga upp abonnemanget 3 gånger"),
    ("da", "Kunden har bedt om at opsige abonnementet 3 gange")])
def test_a_swedish_request_is_named_in_the_agents_language(ui, title):
    wording = request_wording(["jag vill säga upp mitt abonnemang nu"], "sv", ui)
    assert repeat_title(3, wording, ui) == title


def test_an_english_verb_phrase_is_quoted_only_for_an_english_speaking_agent():
    texts = ["I need you to call the courier for me"]
    assert request_wording(texts, "en", "en") == "to call the courier"
    assert request_wording(texts, "en", "sv") is None
    assert repeat_title(2, None, "sv") == "Kunden har frågat om det här 2 gånger"


def test_live_prompts_follow_the_agents_language_not_the_calls():
    s = samples
    said = Utterance(3, Speaker.CUSTOMER, Span(s(20.0), s(23.0)),
                     "I want to cancel my subscription", "en", s(23.0))
    first = Utterance(1, Speaker.CUSTOMER, Span(s(4.0), s(6.0)),
                      "I want to cancel my subscription", "en", s(6.0))
    talk = TalkOverEvent(0, s(26.0), s(25.0), s(26.0), TalkOverReason.OVERLAP, s(20.0))
    repeat = RepeatEvent(1, s(23.5), 3, (1,), 2)
    for language, words in (("sv", ("Låt kunden prata klart", "frågade först vid 0:04")),
                            ("da", ("Lad kunden tale færdig", "spurgte første gang ved 0:04"))):
        book = PromptBook(language)
        book.note(first)
        book.note(said)
        assert book.talkover(talk).title == words[0]
        prompt = book.repeat(repeat)
        assert words[1] in prompt.when
        assert "Kunden" in prompt.title
        assert prompt.evidence == "“I want to cancel my subscription”"  # their own words
    assert marker_text(talk, None, "da") == "Talte ind over ved 0:25.0 · begge talte i 1,0 s"


def test_the_language_settings_round_trip_and_bad_values_fall_back(tmp_path):
    from assistant import settings as io
    from assistant.settings import AppSettings

    path = tmp_path / "settings.json"
    io.save(AppSettings(ui_language="da", report_language="sv"), path)
    loaded, problems = io.load(path)
    assert (loaded.ui_language, loaded.report_language, problems) == ("da", "sv", [])
    bad, problems = io.from_dict({"ui_language": "klingon", "report_language": 3})
    assert (bad.ui_language, bad.report_language) == ("system", "ui")
    assert any(p.startswith("ui_language:") for p in problems)
    assert any(p.startswith("report_language:") for p in problems)
