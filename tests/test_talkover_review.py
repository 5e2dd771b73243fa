"""The words' second look at a talk-over: reactions and the customer's wrap-up withdraw it."""

from __future__ import annotations

from assistant.analysis.talkover_review import TalkOverReview
from assistant.config import TalkOverConfig
from assistant.records import (
    Span,
    Speaker,
    SpeechStarted,
    TalkOverEvent,
    TalkOverReason,
    Utterance,
)
from assistant.timebase import SAMPLE_RATE


def s(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


def event(start: float, time: float, reason=TalkOverReason.CUTOFF) -> TalkOverEvent:
    return TalkOverEvent(id=1, time=s(time), start=s(start), end=s(time), reason=reason,
                         customer_start=s(start - 2.0))


def said(speaker: Speaker, start: float, end: float, text: str, uid: int = 0,
         language: str = "en") -> Utterance:
    return Utterance(uid, speaker, Span(s(start), s(end)), text, language, final_at=s(end + 0.8))


def test_the_customer_wrapping_up_as_the_agent_came_in_withdraws_the_prompt() -> None:
    review = TalkOverReview(TalkOverConfig(), "en")
    review.on_event(event(start=6.0, time=7.6))
    updates = review.on_utterance(
        said(Speaker.CUSTOMER, 5.2, 6.8, "Okay, okay, that makes sense."))
    assert len(updates) == 1 and updates[0].retracted
    assert "closing" in updates[0].reason


def test_a_customer_cut_off_mid_point_keeps_the_prompt() -> None:
    review = TalkOverReview(TalkOverConfig(), "en")
    review.on_event(event(start=6.0, time=7.6))
    assert review.on_utterance(
        said(Speaker.CUSTOMER, 3.0, 6.8, "I was charged twice and the refund never")) == []
    # The agent's utterance, spoken while the prompt was up, confirms it.
    confirm = review.on_utterance(
        said(Speaker.AGENT, 6.0, 10.0, "You need to fill in the refund form online.", 1))
    assert len(confirm) == 1 and not confirm[0].retracted


def test_the_customers_words_known_before_the_prompt_withdraw_it_with_the_next_utterance(
) -> None:
    review = TalkOverReview(TalkOverConfig(), "sv")
    review.on_utterance(said(Speaker.CUSTOMER, 5.0, 6.7, "Ja, okej, det låter bra.",
                             language="sv"))
    review.on_event(event(start=6.1, time=7.5))
    updates = review.on_utterance(
        said(Speaker.AGENT, 6.1, 9.5, "Då skickar jag en bekräftelse på mejlen.", 1, "sv"))
    # Withdrawn once, and not confirmed again by the agent's words.
    assert len(updates) == 1 and updates[0].retracted and "closing" in updates[0].reason


def test_an_agents_reaction_or_laugh_withdraws_the_prompt() -> None:
    for text, language in (("Oh, it did? Great!", "en"), ("Ha ha ha.", "en"),
                           ("Ingen fara, ingen fara.", "sv"), ("Nå, hvor dejligt!", "da")):
        review = TalkOverReview(TalkOverConfig(), language)
        review.on_event(event(start=6.0, time=7.5, reason=TalkOverReason.OVERLAP))
        updates = review.on_utterance(said(Speaker.AGENT, 6.0, 7.9, text, 1, language))
        assert len(updates) == 1 and updates[0].retracted, text


def test_an_okay_the_customer_goes_on_from_is_not_a_wrap_up() -> None:
    # Real AMI speech: "Okay." as the agent comes in, then the customer goes on over
    # the agent before the prompt; the words alone would have read it as a wrap-up.
    went_on = TalkOverReview(TalkOverConfig(), "en")
    went_on.on_speech_started(SpeechStarted(Speaker.CUSTOMER, s(0.5), s(0.6)))
    went_on.on_event(event(start=1.35, time=2.85))
    went_on.on_speech_started(SpeechStarted(Speaker.CUSTOMER, s(2.5), s(2.6)))
    assert went_on.on_utterance(said(Speaker.CUSTOMER, 0.5, 1.8, "Okay.")) == []
    # The same words with the customer quiet after them still withdraw it.
    closed = TalkOverReview(TalkOverConfig(), "en")
    closed.on_speech_started(SpeechStarted(Speaker.CUSTOMER, s(0.5), s(0.6)))
    closed.on_event(event(start=1.35, time=2.85))
    closed.on_speech_started(SpeechStarted(Speaker.CUSTOMER, s(3.2), s(3.3)))  # after the prompt
    updates = closed.on_utterance(said(Speaker.CUSTOMER, 0.5, 1.8, "Okay."))
    assert len(updates) == 1 and updates[0].retracted
