"""What the customer asked for: distinct requests, how often, and whether acknowledged.

The repeat events come from the real ``RepeatDetector``, fed as the engine feeds it.
"""

from __future__ import annotations

import itertools

from assistant.analysis.repeat import RepeatDetector
from assistant.analysis.stats import compute_stats
from assistant.config import RepeatConfig
from assistant.engine.result import CallResult, RecordingInfo
from assistant.records import Span, Speaker, Utterance
from assistant.review.requests import summarize_requests

S = 16000


def call(language: str, lines: list[tuple[str, str]]) -> CallResult:
    """A call from (speaker, text) lines, 3 s each, 0.5 s apart, with real repeat events."""
    utterances = []
    for i, (who, text) in enumerate(lines):
        span = Span(round(i * 3.5 * S), round((i * 3.5 + 3) * S))
        speaker = Speaker.AGENT if who == "A" else Speaker.CUSTOMER
        utterances.append(Utterance(i, speaker, span, text, language, span.end + S // 2))
    detector = RepeatDetector(RepeatConfig(), itertools.count(), language)
    repeats = [e for u in utterances for e in detector.feed(u)]
    speech = {s: [u.span for u in utterances if u.speaker is s]
              for s in (Speaker.AGENT, Speaker.CUSTOMER)}
    return CallResult(RecordingInfo("call.wav", utterances[-1].span.end + S, 16000, 2),
                      language, "base", utterances, [], repeats, speech,
                      compute_stats(speech, 0, len(repeats)))


def test_english_refund_asked_three_times_then_acknowledged() -> None:
    result = call("en", [
        ("A", "Brightway Home, how can I help?"),
        ("C", "I would like a refund for the broken kettle, please."),
        ("A", "I can send you a new kettle tomorrow."),
        ("C", "No, I want my money back."),
        ("A", "The new model is much better, you know."),
        ("C", "As I said, I just want a refund."),
        ("A", "Of course. I've started the refund, it takes five days."),
        ("C", "And can you change my delivery address?"),
        ("A", "Yes, I have changed the address for you."),
    ])
    requests = summarize_requests(result)
    first = requests[0]
    assert first.label == "Refund" and first.times == 3 and first.repeated
    assert first.utterances == (1, 3, 5)
    assert first.quote == "I would like a refund for the broken kettle, please."
    assert first.acknowledged_by == 6 and first.acknowledged_after == 3
    change = requests[1]
    assert change.times == 1 and "Change" in change.label and change.acknowledged_by == 8


def test_a_request_the_agent_never_names_is_not_acknowledged() -> None:
    result = call("en", [
        ("A", "Hello, how can I help?"),
        ("C", "I want to cancel my subscription."),
        ("A", "I'm so sorry to hear that. Have you seen our new offers?"),
        ("C", "Thank you, bye."),
    ])
    (request,) = summarize_requests(result)
    assert request.intents == ("cancel",) and request.times == 1
    assert not request.acknowledged  # empathy is not an acknowledgement of the request


def test_swedish_cancellation_repeated() -> None:
    result = call("sv", [
        ("A", "Välkommen till kundtjänst, vad kan jag hjälpa till med?"),
        ("C", "Jag vill säga upp mitt abonnemang."),
        ("A", "Vi har ett nytt erbjudande just nu som är väldigt bra."),
        ("C", "Jag sa ju att jag vill säga upp abonnemanget."),
        ("A", "Okej, jag säger upp abonnemanget åt dig nu."),
    ])
    (request,) = summarize_requests(result)
    assert request.intents == ("cancel",) and request.times == 2
    assert request.acknowledged_by == 4 and request.acknowledged_after == 2


def test_danish_refund_acknowledged_at_once() -> None:
    result = call("da", [
        ("A", "Goddag, hvad kan jeg hjælpe med?"),
        ("C", "Jeg vil gerne have pengene tilbage for min ordre."),
        ("A", "Det forstår jeg godt. Jeg sender en refusion af pengene i dag."),
    ])
    (request,) = summarize_requests(result)
    assert request.times == 1 and not request.repeated
    assert request.acknowledged_by == 2 and request.acknowledged_after == 1


def test_repeated_requests_come_first() -> None:
    result = call("en", [
        ("A", "How can I help?"),
        ("C", "Can you change my delivery address?"),
        ("A", "Sure, I have changed the address."),
        ("C", "I also want to cancel my subscription."),
        ("A", "Let me tell you about our loyalty discount."),
        ("C", "Like I told you, cancel the subscription."),
    ])
    requests = summarize_requests(result)
    assert requests[0].intents == ("cancel",) and "change" in requests[1].intents
    assert [r.times for r in requests] == [2, 1]


def test_chit_chat_is_not_a_request() -> None:
    result = call("en", [
        ("A", "Thanks for calling, how are you today?"),
        ("C", "I'm fine thanks, the weather is lovely."),
        ("A", "Glad to hear it."),
    ])
    assert summarize_requests(result) == []
