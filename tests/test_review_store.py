"""The library's query API: search, filters and sorting; corrections; feedback listing."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from assistant.errors import InputError
from assistant.records import Utterance
from assistant.report.render import render
from assistant.store import CallQuery, CallStore
from assistant.store.queries import fts_query, sort_key
from tests.test_store import T0, new_call, sample_result


def _result(language: str = "en", text: dict[int, str] | None = None, talkovers: bool = True,
            repeats: bool = True):
    base = sample_result()
    utterances = [dataclasses.replace(u, text=(text or {}).get(u.id, u.text), language=language)
                  for u in base.utterances]
    stats = dataclasses.replace(base.stats, talkovers=len(base.talkovers) if talkovers else 0,
                                repeats=len(base.repeats) if repeats else 0)
    return dataclasses.replace(base, language=language, utterances=utterances,
                               talkovers=base.talkovers if talkovers else [],
                               withdrawn_talkovers=base.withdrawn_talkovers if talkovers else [],
                               repeats=base.repeats if repeats else [], stats=stats)


@pytest.fixture
def library(tmp_path):
    with CallStore(tmp_path / "calls") as store:
        ids = {
            "refund": store.save_result(new_call("Refund call", started_at=T0),
                                        _result()),
            "swedish": store.save_result(
                new_call("Uppsägning", started_at=T0 + timedelta(days=2)),
                _result("sv", {1: "Jag vill säga upp mitt abonnemang.",
                               4: "Jag sa ju att jag vill säga upp det."}, talkovers=False)),
            "quiet": store.save_result(
                new_call("A calm call", started_at=T0 - timedelta(days=5)),
                _result("da", {1: "Hvor er min pakke?", 4: "Den er ikke kommet."},
                        talkovers=False, repeats=False)),
        }
        yield store, ids


def _ids(calls) -> list[int]:
    return [c.id for c in calls]


def test_search_finds_a_word_said_in_a_stored_call(library) -> None:
    store, ids = library
    assert _ids(store.query(CallQuery(text="refund"))) == [ids["refund"]]
    assert _ids(store.query(CallQuery(text="abonnemang"))) == [ids["swedish"]]
    # As you type: the last word may be unfinished; diacritics do not matter.
    assert _ids(store.query(CallQuery(text="saga upp abonnem"))) == [ids["swedish"]]
    assert _ids(store.query(CallQuery(text="i wan"))) == [ids["refund"]]
    assert _ids(store.query(CallQuery(text="i wan", prefix=False))) == []
    # The title counts too, and words must all be in one utterance.
    assert _ids(store.query(CallQuery(text="calm call"))) == [ids["quiet"]]
    assert store.query(CallQuery(text="refund abonnemang")) == []
    # Query syntax in the user's text is only words.
    assert store.query(CallQuery(text='refund" OR "x')) == []
    assert store.matching_utterances(ids["refund"], "refund") == [1, 4]


def test_filters_and_their_combinations(library) -> None:
    store, ids = library
    assert _ids(store.query(CallQuery())) == [ids["swedish"], ids["refund"], ids["quiet"]]
    assert _ids(store.query(CallQuery(language="sv"))) == [ids["swedish"]]
    assert _ids(store.query(CallQuery(language="SV-se"))) == []
    assert _ids(store.query(CallQuery(has_talkovers=True))) == [ids["refund"]]
    assert _ids(store.query(CallQuery(has_repeats=True))) == [ids["swedish"], ids["refund"]]
    assert _ids(store.query(CallQuery(has_repeats=False))) == [ids["quiet"]]
    assert _ids(store.query(CallQuery(since=T0))) == [ids["swedish"], ids["refund"]]
    assert _ids(store.query(CallQuery(since=T0, until=T0 + timedelta(days=1)))) == [
        ids["refund"]]
    assert _ids(store.query(CallQuery(text="refund", has_talkovers=True, language="en"))) == [
        ids["refund"]]
    assert store.languages() == ["da", "en", "sv"]


def test_sort_by_any_column(library) -> None:
    store, ids = library
    by_title = store.query(CallQuery(sort="title", descending=False))
    assert [c.title for c in by_title] == ["A calm call", "Refund call", "Uppsägning"]
    assert _ids(store.query(CallQuery(sort="talkovers")))[0] == ids["refund"]
    oldest = store.query(CallQuery(sort="date", descending=False, limit=1))
    assert _ids(oldest) == [ids["quiet"]]
    assert _ids(store.query(CallQuery(sort="language", descending=False))) == [
        ids["quiet"], ids["refund"], ids["swedish"]]
    assert sort_key("Talk-overs") == "talkovers"
    with pytest.raises(InputError, match="cannot sort by 'colour'"):
        store.query(CallQuery(sort="colour"))


def test_fts_query_quotes_every_word() -> None:
    assert fts_query("  ") is None
    assert fts_query('say "hi" now', prefix=False) == '"say" "hi" "now"'
    assert fts_query("cancel sub") == '"cancel" "sub"*'


def test_a_correction_is_kept_searched_and_exported(library) -> None:
    store, ids = library
    call_id = ids["refund"]
    assert store.set_correction(call_id, 3, "I can send you a new kettle tomorrow.") is True
    assert store.corrections(call_id) == {
        3: ("I can send you a new one tomorrow.", "I can send you a new kettle tomorrow.")}
    edited = store.get_call(call_id).result
    assert edited.utterance(3) == Utterance(
        3, edited.utterance(3).speaker, edited.utterance(3).span,
        "I can send you a new kettle tomorrow.", "en", edited.utterance(3).final_at)
    assert "new kettle tomorrow" in render(edited, "md")
    assert "new kettle tomorrow" in render(edited, "srt")
    assert store.get_call(call_id, edited=False).result.utterance(3).text == (
        "I can send you a new one tomorrow.")
    assert _ids(store.query(CallQuery(text="kettle"))) == [call_id]
    # The recognised text (or nothing) again removes the correction.
    assert store.set_correction(call_id, 3, "  I can send you a new one tomorrow. ") is False
    assert store.corrections(call_id) == {}
    assert store.query(CallQuery(text="kettle")) == []
    store.set_correction(call_id, 3, "Something else.")
    assert store.set_correction(call_id, 3, None) is False
    with pytest.raises(InputError, match="has no utterance 99"):
        store.set_correction(call_id, 99, "x")
    with pytest.raises(InputError, match="no call with id 999"):
        store.set_correction(999, 0, "x")


def test_feedback_is_listed(library) -> None:
    store, ids = library
    call_id = ids["refund"]
    talkover = sample_result().talkovers[0]
    first = store.add_feedback(call_id, "not_helpful", talkover)
    second = store.add_feedback(ids["quiet"], "great_call")
    mine = store.feedback(call_id)
    assert [(f.id, f.kind, f.event_kind, f.event_id) for f in mine] == [
        (first, "not_helpful", "talkover", talkover.id)]
    assert [f.id for f in store.feedback()] == [first, second]
    assert store.feedback(ids["quiet"])[0].event_kind is None
