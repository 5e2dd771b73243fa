"""What prompt cards say, and when they are shown (Qt-free parts of the app)."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.records import (
    AudioBlock,
    PartialTranscript,
    RepeatEvent,
    Span,
    Speaker,
    SpeechEnded,
    SpeechStarted,
    TalkOverEvent,
    TalkOverReason,
    TalkOverUpdate,
    Utterance,
)
from assistant.services.live_stats import BlockTap, DeviceNote, LiveStats, block_levels
from assistant.services.prompts import Decision, PromptBook, PromptKind, PromptPolicy, marker_text
from assistant.timebase import samples
from assistant.wording import repeat_title, request_wording


def s(seconds: float) -> int:
    return samples(seconds)


def utt(uid: int, speaker: Speaker, start: float, end: float, text: str,
        language: str = "en") -> Utterance:
    return Utterance(uid, speaker, Span(s(start), s(end)), text, language, s(end))


def talkover(eid: int = 0, at: float = 26.0) -> TalkOverEvent:
    return TalkOverEvent(eid, s(at), s(at - 1), s(at), TalkOverReason.OVERLAP, s(20.0))


@pytest.mark.parametrize(("texts", "language", "wording"), [
    (["I want to cancel my subscription"], "en", "to cancel the subscription"),
    (["Like I told you, I just want my money back, please."], "en", "for a refund"),
    (["Can I speak to your manager?"], "en", "for a manager"),
    (["Jag vill säga upp mitt abonnemang"], "sv", "to cancel the subscription"),
    (["Could you look at my account again"], "en", "to look at their account"),
    (["I need you to call the courier for me"], "en", "to call the courier"),
    (["As I said.", "I would like a refund."], "en", "for a refund"),  # from the earlier ask
    (["Hello there, how are you"], "en", None),
])
def test_request_wording_from_the_customers_words(texts, language, wording):
    assert request_wording(texts, language) == wording


def test_titles():
    assert repeat_title(3, "to cancel") == "They've asked to cancel 3 times"
    assert repeat_title(2, None) == "They've asked this 2 times"


def test_repeat_prompt_quotes_the_customer_and_says_when():
    book = PromptBook()
    for u in (utt(2, Speaker.CUSTOMER, 4.9, 8.0, "I ordered a coffee machine"),
              utt(4, Speaker.CUSTOMER, 11.6, 13.0, "I would like a refund. Please."),
              utt(9, Speaker.CUSTOMER, 30.0, 33.0, "Like I told you, I just want my money back")):
        book.note(u)
    prompt = book.repeat(RepeatEvent(0, s(33.5), 9, (2, 4), 2, "like i told you"))
    assert prompt.kind is PromptKind.REPEAT
    assert prompt.title == "They've asked for a refund 2 times"
    assert prompt.evidence == "“Like I told you, I just want my money back”"
    assert prompt.when == "first asked at 0:04.9 · again at 0:30.0"
    assert prompt.key == "repeat:2"  # one key per request, however often it is repeated


def test_talkover_prompt_quotes_what_the_customer_is_saying():
    book = PromptBook()
    book.note(utt(1, Speaker.CUSTOMER, 10.0, 12.0, "Earlier turn."))
    book.note(utt(5, Speaker.CUSTOMER, 20.0, 23.0, "It is the second one"))
    book.note(PartialTranscript(-1, Speaker.CUSTOMER, Span(s(23.5), s(25)), "that broke", s(25)))
    prompt = book.talkover(talkover())
    assert prompt.title == "Let them finish"
    assert prompt.evidence == "“It is the second one that broke”"
    assert prompt.when == "customer speaking since 0:20.0"
    assert PromptBook().talkover(talkover()).evidence.startswith("(their words")


def test_policy_cools_down_per_key_and_refreshes_a_card_on_screen():
    book, policy = PromptBook(), PromptPolicy(talkover_cooldown_s=20)
    first = book.talkover(talkover(0, at=26))
    assert policy.decide(first, on_screen=False) is Decision.SHOW
    assert policy.decide(book.talkover(talkover(1, at=30)), on_screen=True) is Decision.REFRESH
    assert policy.decide(book.talkover(talkover(2, at=35)), on_screen=False) \
        is Decision.COUNT_ONLY  # 9 s later: not again
    assert policy.decide(book.talkover(talkover(3, at=47)), on_screen=False) is Decision.SHOW
    book.note(utt(1, Speaker.CUSTOMER, 1, 2, "refund please"))
    repeat = book.repeat(RepeatEvent(0, s(48), 1, (0,), 2))
    assert policy.decide(repeat, on_screen=False) is Decision.SHOW  # another key


def test_switched_off_prompts_are_only_counted():
    policy = PromptPolicy(show_talkover=False)
    assert policy.decide(PromptBook().talkover(talkover()), False) is Decision.COUNT_ONLY


def test_markers():
    assert marker_text(talkover()) == "Talk-over at 0:25.0 · both speaking 1.0 s"
    assert "asked 3 times" in marker_text(RepeatEvent(1, s(40), 7, (1, 4), 3))


def test_live_stats_talk_ratio_counts_the_running_turn_and_withdrawn_talkovers():
    stats = LiveStats()
    stats.feed(SpeechStarted(Speaker.CUSTOMER, s(0), s(0.1)))
    stats.feed(SpeechEnded(Speaker.CUSTOMER, Span(s(0), s(6)), s(6.3)))
    stats.feed(SpeechStarted(Speaker.AGENT, s(7), s(7.1)))
    assert stats.agent_share(s(9)) == pytest.approx(2 / 8)
    assert stats.agent_share(0) is None or stats.agent_share(0) == 0
    stats.feed(talkover(0))
    stats.feed(talkover(1))
    stats.feed(TalkOverUpdate(1, s(30), None, True, s(31), "backchannel"))
    stats.feed(RepeatEvent(0, s(40), 3, (1,), 2))
    assert (len(stats.talkovers), stats.repeats) == (1, 1)


def test_levels_and_tap():
    block = AudioBlock(16000, np.array([[16384, 0], [-100, 0]], np.int16))
    agent, customer = block_levels(block)
    assert agent == pytest.approx(-6.02, abs=0.01)
    assert customer == -90.0
    tap = BlockTap()
    assert tap.position == 0
    tap.put(block)
    tap.notes.put(DeviceNote("customer side lost", True))
    assert tap.position == 16002
    assert tap.take_notes() == [DeviceNote("customer side lost", True)]
    assert tap.take_notes() == []
