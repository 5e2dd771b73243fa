"""Listening cues in the agent's words, in English, Swedish and Danish, as ASR writes them."""

from __future__ import annotations

import json

import pytest

from assistant.errors import InputError
from assistant.records import Span, Speaker, Utterance
from assistant.review.cues import BUILTIN_DIR, CueDetector, CueMatcher, find_cues, load_cues

S = 16000

# (language, agent text, the category it must show) — as Whisper tends to write them.
POSITIVE = [
    ("en", "Well, that's our policy, I'm afraid.", "policy"),
    ("en", "That is just our policy.", "policy"),  # one extra word inside the phrase
    ("en", "thats our pollicy", "policy"),  # no apostrophe, a misspelt word
    ("en", "There's nothing I can do about it.", "policy"),
    ("en", "There is nothing wrong with the router, sir.", "denial"),
    ("en", "You should have read the terms.", "blame"),
    ("en", "Please calm down.", "calm_down"),
    ("en", "OK, I understand.", "empathy"),
    ("en", "I'm sorry to hear that.", "empathy"),
    ("en", "I'm so sorry about that.", "empathy"),
    ("sv", "Ja men så ser vår policy ut tyvärr.", "policy"),
    ("sv", "Det finns inget jag kan göra.", "policy"),
    ("sv", "Det är inget fel på routern.", "denial"),
    ("sv", "Lugna ner dig lite.", "calm_down"),
    ("sv", "Jag förstår.", "empathy"),
    ("sv", "Vad tråkigt att höra.", "empathy"),
    ("da", "Det er vores politik.", "policy"),
    ("da", "Der er ikke noget jeg kan gøre.", "policy"),
    ("da", "Der er ikke noget galt med routeren.", "denial"),
    ("da", "Det er din egen skyld.", "blame"),
    ("da", "Slap nu af.", "calm_down"),  # "nu" between the words
    ("da", "Det beklager jeg.", "empathy"),
    ("da", "Det forstår jeg godt.", "empathy"),
]

# Near misses that must not count.
NEGATIVE = [
    ("en", "I don't understand what you mean."),  # a negation breaks "I understand"
    ("en", "It is not our policy to charge for that."),
    ("en", "Could you tell me your policy number?"),
    ("en", "You should have a look at the app."),  # not "you should have read"
    ("en", "The storm is over, the line is fine now."),
    ("sv", "Jag förstår inte riktigt."),  # Swedish negation after the verb
    ("sv", "Vi har en ny policy för returer."),
    ("da", "Jeg forstår ikke helt."),
    ("da", "Vores politik om returnering er ændret."),
]


@pytest.mark.parametrize(("language", "text", "category"), POSITIVE)
def test_a_cue_is_found(language, text, category) -> None:
    found = [c.key for c, _, _ in CueMatcher(load_cues(language)).match(text)]
    assert category in found, (text, found)


@pytest.mark.parametrize(("language", "text"), NEGATIVE)
def test_a_near_miss_is_not_a_cue(language, text) -> None:
    assert CueMatcher(load_cues(language)).match(text) == []


def test_the_longest_phrase_wins_and_each_category_counts_once() -> None:
    matched = CueMatcher(load_cues("en")).match("I'm sorry to hear that. I'm so sorry.")
    assert [(c.key, said) for c, _, said in matched] == [("empathy", "i am sorry to hear")]


def _utterance(i: int, speaker: Speaker, at: float, text: str, language: str) -> Utterance:
    span = Span(round(at * S), round((at + 2) * S))
    return Utterance(i, speaker, span, text, language, span.end)


def test_only_the_agents_words_count() -> None:
    utterances = [
        _utterance(0, Speaker.CUSTOMER, 0.0, "Calm down? I am perfectly calm!", "en"),
        _utterance(1, Speaker.AGENT, 3.0, "I understand, and there's nothing I can do.", "en"),
        _utterance(2, Speaker.UNKNOWN, 6.0, "That's our policy.", "en"),
    ]
    hits = find_cues(utterances, load_cues("en"))
    assert {(h.category, h.utterance, h.kind) for h in hits} == {
        ("empathy", 1, "good"), ("policy", 1, "poor")}
    assert all(h.time == 3 * S for h in hits)


def test_an_unknown_language_looks_for_every_language() -> None:
    cues = load_cues(None)
    assert {p.name for p in cues.sources} == {"en.json", "sv.json", "da.json"}
    matcher = CueMatcher(cues)
    assert matcher.match("Det er vores politik.") and matcher.match("That's our policy.")


def test_every_built_in_file_is_documented_and_complete() -> None:
    for language in ("en", "sv", "da"):
        data = json.loads((BUILTIN_DIR / f"{language}.json").read_text(encoding="utf-8"))
        assert data["_doc"] and data["language"] == language
        keys = set(data["categories"])
        assert {"policy", "denial", "blame", "calm_down", "empathy"} <= keys
        for category in load_cues(language).categories:
            assert category.phrases and category.label and category.advice
            assert category.kind in ("poor", "good")
            assert not category.live  # live prompts are off unless a user turns them on


def test_a_users_folder_extends_the_built_in_phrases(tmp_path) -> None:
    (tmp_path / "en.json").write_text(json.dumps({"categories": {
        "policy": {"phrases": ["computer says no"], "exclude": ["that's our policy"]},
        "jargon": {"label": "Jargon", "kind": "poor", "advice": "Say it plainly.",
                   "phrases": ["escalation matrix"], "live": True, "prompt": "Plain words"},
        "calm_down": {"enabled": False},
    }}), encoding="utf-8")
    cues = load_cues("en", tmp_path)
    matcher = CueMatcher(cues)

    def keys(text: str) -> list[str]:
        return [c.key for c, _, _ in matcher.match(text)]

    assert keys("Sorry, computer says no.") == ["policy"]
    assert keys("That's our policy.") == []  # excluded by the user
    assert keys("There's nothing I can do.") == ["policy"]  # the rest stays
    assert keys("It goes up the escalation matrix.") == ["jargon"]
    assert keys("Calm down.") == []
    assert cues.sources[-1] == tmp_path / "en.json"
    detector = CueDetector(cues)
    hits = detector.feed(_utterance(0, Speaker.AGENT, 0, "Per the escalation matrix.", "en"))
    assert [(h.category, text) for h, text in detector.live_prompts(hits)] == [
        ("jargon", "Plain words")]
    # The built-in files are untouched: another load without the folder has them all.
    assert CueMatcher(load_cues("en")).match("That's our policy.")


def test_a_users_file_for_another_language_is_used_alone(tmp_path) -> None:
    (tmp_path / "de.json").write_text(json.dumps({"categories": {"policy": {
        "label": "Policy", "kind": "poor", "phrases": ["das ist unsere richtlinie"]}}}),
        encoding="utf-8")
    cues = load_cues("de", tmp_path)
    assert [p.name for p in cues.sources] == ["de.json"]
    assert CueMatcher(cues).match("Das ist unsere Richtlinie.")


@pytest.mark.parametrize("content", [
    "{not json", '["a list"]', '{"categories": {"policy": {"kind": "awful"}}}',
    '{"categories": {"policy": {"phrases": "one string"}}}',
])
def test_a_broken_users_file_is_a_clean_error(tmp_path, content) -> None:
    (tmp_path / "en.json").write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"en\.json"):
        load_cues("en", tmp_path)


def test_a_missing_users_folder_is_no_problem(tmp_path) -> None:
    assert load_cues("sv", tmp_path / "nowhere").categories == load_cues("sv").categories
