"""RepeatDetector: repeated requests in EN/SV/DA, and everything that is not one."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.analysis.repeat import RepeatDetector
from assistant.config import RepeatConfig
from assistant.records import RepeatEvent, Span, Speaker, Utterance
from assistant.timebase import samples

SCENARIOS = Path(__file__).resolve().parents[2] / "shared" / "scenarios"

Turn = tuple[str, str]  # ("a" agent | "c" customer, text)


def call(
    turns: list[Turn],
    language: str | None = "en",
    config: RepeatConfig | None = None,
    utterance_language: str | None = None,
) -> list[RepeatEvent]:
    """Feed a scripted call, one utterance per turn, in order, with plausible timing."""
    detector = RepeatDetector(config or RepeatConfig(), itertools.count(), language)
    return [e for u in _utterances(turns, utterance_language or language) for e in detector.feed(u)]


def _utterances(turns: list[Turn], language: str | None) -> list[Utterance]:
    out, t = [], 0.0
    for i, (who, text) in enumerate(turns):
        start, end = t + 0.5, t + 0.5 + 0.07 * len(text) + 0.3
        speaker = Speaker.AGENT if who == "a" else Speaker.CUSTOMER
        span = Span(samples(start), samples(end))
        out.append(Utterance(i, speaker, span, text, language or "", samples(end + 0.8)))
        t = end
    return out


def found(events: list[RepeatEvent]) -> list[tuple[int, tuple[int, ...], int]]:
    return [(e.utterance, e.repeats, e.count) for e in events]


# --- The public scenario scripts ----------------------------------------------------------


def _scenarios() -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted(SCENARIOS.glob("*.json"))]


def _script_utterances(script: dict, texts: list[str] | None = None) -> list[Utterance]:
    """The script's turns with the timing rules of the scenario README (``after``)."""
    out, quiet = [], 0.0
    for i, turn in enumerate(script["turns"]):
        text = texts[i] if texts else turn["text"]
        duration = 0.06 * len(turn["text"]) + 0.3
        start = max(0.0, quiet + turn.get("after", 0.5))
        end = start + duration
        quiet = max(quiet, end)
        speaker = Speaker.AGENT if turn["speaker"] == "agent" else Speaker.CUSTOMER
        span = Span(samples(start), samples(end))
        out.append(Utterance(i, speaker, span, text, script["language"], samples(end + 1.0)))
    return sorted(out, key=lambda u: u.final_at)


def _check_labels(script: dict, events: list[RepeatEvent]) -> None:
    labels = script["labels"]["repeat"]
    assert len(events) == len(labels), (script["id"], found(events))
    for (later, earlier), event in zip(sorted(labels), sorted(events, key=lambda e: e.utterance),
                                       strict=True):
        allowed = set(earlier) if isinstance(earlier, list) else {earlier}
        assert event.utterance == later
        assert set(event.repeats) & allowed
        assert set(event.repeats) <= allowed
        assert event.count == len(allowed) + 1


def _run_script(script: dict, texts: list[str] | None = None) -> list[RepeatEvent]:
    detector = RepeatDetector(RepeatConfig(), itertools.count(), script["language"])
    return [e for u in _script_utterances(script, texts) for e in detector.feed(u)]


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared/scenarios is not beside the repo")
@pytest.mark.parametrize("script", _scenarios(), ids=lambda s: s["id"])
def test_public_scenarios_match_their_repeat_labels(script: dict) -> None:
    _check_labels(script, _run_script(script))


def _asr_like(text: str) -> str:
    """What Whisper tends to do to a line: punctuation lost, case lost, an ending garbled."""
    words = text.lower().replace(",", "").replace(".", "").replace("?", "").split()
    swaps = {"subscription": "subscriptions", "cancel": "cancell", "abonnemanget": "abonnemang",
             "just": "jus", "please": "pleased", "säga": "säja"}
    return " ".join(swaps.get(w, w) for w in words)


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared/scenarios is not beside the repo")
@pytest.mark.parametrize("script", _scenarios(), ids=lambda s: s["id"])
def test_public_scenarios_survive_asr_like_damage(script: dict) -> None:
    texts = [_asr_like(t["text"]) for t in script["turns"]]
    _check_labels(script, _run_script(script, texts))


@pytest.mark.skipif(not SCENARIOS.is_dir(), reason="shared/scenarios is not beside the repo")
def test_detector_language_may_come_later() -> None:
    script = next(s for s in _scenarios() if s["id"] == "sv-uppsagning")
    detector = RepeatDetector(RepeatConfig(), itertools.count())
    events = []
    for u in _script_utterances(script):
        if u.speaker is Speaker.CUSTOMER:
            detector.set_language("sv")
        events += detector.feed(replace(u, language=""))
    _check_labels(script, events)


# --- Rules, in English, Swedish and Danish --------------------------------------------------

HELLO = ("a", "Hello, how can I help you today?")
HEJ = ("a", "Hej, vad kan jag hjälpa dig med?")
GODDAG = ("a", "Goddag, hvad kan jeg hjælpe med?")
OFFER = ("a", "Before we do that, have you seen our new offers?")
ERBJ = ("a", "Men har du sett vårt nya erbjudande med mer surf?")
TILBUD = ("a", "Men har du set vores nye tilbud med mere data?")

REPEATS: dict[str, tuple[str, list[Turn]]] = {
    "en-same-words": ("en", [HELLO, ("c", "I want to cancel my subscription."), OFFER,
                             ("c", "I want to cancel my subscription.")]),
    "en-paraphrase": ("en", [HELLO, ("c", "Please cancel my subscription."), OFFER,
                             ("c", "I want to end my contract.")]),
    "en-cue-short": ("en", [HELLO, ("c", "I'd like a refund for the broken headphones."),
                            ("a", "Have you tried resetting them?"),
                            ("c", "Like I said, I just want my money back.")]),
    "en-manager": ("en", [HELLO, ("c", "Can I speak to a manager, please?"),
                          ("a", "I'm sure I can sort this out for you."),
                          ("c", "I already told you, I want to talk to your supervisor.")]),
    "en-complaint-again": ("en", [HELLO, ("c",
                           "My internet connection drops every evening and the router restarts."),
                           ("a", "Have you checked your email for our newsletter?"),
                           ("c", "My internet connection keeps dropping every evening, the router "
                            "restarts.")]),
    "en-still": ("en", [HELLO, ("c", "I need a replacement for my broken phone."),
                        ("a", "Our phones are very reliable, you know."),
                        ("c", "I still need a replacement phone.")]),
    "sv-avsluta": ("sv", [HEJ, ("c", "Jag vill avsluta mitt abonnemang."), ERBJ,
                          ("c", "Som jag sa, jag vill säga upp avtalet.")]),
    "sv-pengar": ("sv", [HEJ, ("c", "Jag vill ha pengarna tillbaka för min beställning."),
                         ("a", "Har du provat att starta om appen?"),
                         ("c", "Jag vill ha en återbetalning för beställningen.")]),
    "sv-chef": ("sv", [HEJ, ("c", "Kan jag få prata med en chef?"),
                       ("a", "Jag kan säkert hjälpa dig själv."),
                       ("c", "Hur många gånger måste jag säga det, jag vill prata med din chef.")]),
    "da-opsige": ("da", [GODDAG, ("c", "Jeg vil gerne opsige mit abonnement."), TILBUD,
                         ("c", "Nej tak, jeg vil bare opsige abonnementet.")]),
    "da-penge": ("da", [GODDAG, ("c", "Jeg vil have mine penge tilbage for skoene."),
                        ("a", "Har du prøvet at bruge dem lidt mere?"),
                        ("c", "Som jeg sagde, jeg vil have en refusion.")]),
    "en-refusal-then-request": ("en", [
        HELLO, ("c", "I want to cancel my subscription."),
        ("a", "Before you cancel, have you seen our new offers?"),
        ("c", "No, I want to cancel my subscription.")]),
    "sv-nej-sedan-begäran": ("sv", [
        HEJ, ("c", "Jag vill säga upp mitt abonnemang."),
        ("a", "Innan du säger upp, vill du höra om vårt erbjudande?"),
        ("c", "Nej, jag vill säga upp abonnemanget.")]),
    "da-leder": ("da", [GODDAG, ("c", "Jeg vil gerne tale med en leder."),
                        ("a", "Det kan jeg sikkert klare for dig."),
                        ("c", "Jeg har allerede sagt, at jeg vil tale med din chef.")]),
}


@pytest.mark.parametrize("name", sorted(REPEATS))
def test_repeated_request_is_found(name: str) -> None:
    language, turns = REPEATS[name]
    events = call(turns, language)
    assert found(events) == [(3, (1,), 2)], name
    assert 0.0 < events[0].similarity <= 1.0


NOT_REPEATS: dict[str, tuple[str, list[Turn]]] = {
    "en-read-back-after-ask": ("en", [
        ("a", "Can I have your account number please?"),
        ("c", "It is four seven one, two two nine, eight."),
        ("a", "Sorry, the line is bad. Could you repeat that?"),
        ("c", "Four seven one, two two nine, eight.")]),
    "en-request-again-after-sorry": ("en", [
        HELLO, ("c", "I want to cancel my subscription."), ("a", "Sorry?"),
        ("c", "I want to cancel my subscription.")]),
    "en-confirm-read-back": ("en", [
        HELLO, ("c", "I'd like to change my address to twelve Baker Street."),
        ("a", "So that is twelve Baker Street, is that correct?"),
        ("c", "Yes, I want to change it to twelve Baker Street.")]),
    "en-spelling": ("en", [
        ("a", "What is your name?"), ("c", "Maria Lindqvist."),
        ("a", "Can you spell that for me?"), ("c", "Maria Lindqvist. L, I, N, D, Q, V, I, S, T.")]),
    "en-name-again-new-question": ("en", [
        HELLO, ("c", "Hi, this is Maria Lindqvist."), ("a", "And who is the account holder?"),
        ("c", "Maria Lindqvist.")]),
    "en-new-question": ("en", [
        HELLO, ("c", "Could you change the address on my bill?"),
        ("a", "Sure, what is the new address?"), ("c", "It is twelve Baker Street, in Leeds.")]),
    "en-different-action": ("en", [
        HELLO, ("c", "I want to upgrade my subscription."), ("a", "Which plan are you on?"),
        ("c", "Actually, I want to cancel my subscription.")]),
    "en-different-object": ("en", [
        HELLO, ("c", "Please cancel my order."), ("a", "Done. Anything else?"),
        ("c", "Please cancel my subscription too.")]),
    "en-also": ("en", [
        HELLO, ("c", "I want to change my address."), ("a", "Done, anything else?"),
        ("c", "I also want to change my phone number.")]),
    "en-topic-overlap": ("en", [
        HELLO, ("c", "I was charged twice for my order last week, and I have been waiting for "
                     "the refund for more than ten days now, and nobody has called me back."),
        ("a", "Okay so what you need to do is fill in the refund form on the website."),
        ("c", "I already filled in the form twice. That is why I am calling.")]),
    "en-answer": ("en", [
        HELLO, ("c", "My television shows a black screen when I turn it on."),
        ("a", "When did it start?"), ("c", "Yesterday evening, after a power cut.")]),
    "en-yes-to-confirmation-question": ("en", [
        HELLO, ("c", "I want to cancel my subscription."),
        ("a", "Okay. Do you want to cancel the whole subscription?"),
        ("c", "Yes, cancel the whole subscription, please.")]),
    "en-which-question": ("en", [
        HELLO, ("c", "I want to cancel my subscription."),
        ("a", "Which subscription would you like to cancel?"),
        ("c", "I want to cancel the mobile subscription.")]),
    "en-negated-action": ("en", [
        HELLO, ("c", "I want to cancel my subscription."), OFFER,
        ("c", "Okay, I don't want to cancel then, I want to downgrade my subscription.")]),
    "sv-ja-på-fråga": ("sv", [
        HEJ, ("c", "Jag vill säga upp mitt abonnemang."),
        ("a", "Vill du säga upp hela abonnemanget?"), ("c", "Ja, säg upp hela abonnemanget.")]),
    "sv-upprepa": ("sv", [
        ("a", "Vad är ditt kundnummer?"), ("c", "Det är fyra sju ett två två nio åtta."),
        ("a", "Förlåt, kan du upprepa det?"), ("c", "Fyra sju ett två två nio åtta.")]),
    "sv-different-action": ("sv", [
        HEJ, ("c", "Jag vill uppgradera mitt abonnemang."), ("a", "Vilket abonnemang har du?"),
        ("c", "Nej förresten, jag vill säga upp mitt abonnemang.")]),
    "sv-new-question": ("sv", [
        HEJ, ("c", "Jag vill byta adress på min faktura."), ("a", "Vad är den nya adressen?"),
        ("c", "Storgatan tolv i Malmö.")]),
    "sv-topic": ("sv", [
        HEJ, ("c", "Jag fick en faktura på tre tusen kronor och jag förstår inte varför."),
        ("a", "Det beror på att du har ringt utomlands."),
        ("c", "Men jag har inte ringt till någon alls.")]),
    "da-gentage": ("da", [
        ("a", "Hvad er dit kundenummer?"), ("c", "Det er fire syv et to to ni otte."),
        ("a", "Undskyld, kan du gentage det?"), ("c", "Fire syv et, to to ni, otte.")]),
    "da-different-object": ("da", [
        GODDAG, ("c", "Jeg vil gerne opsige min ordre."), ("a", "Det er gjort. Ellers andet?"),
        ("c", "Jeg vil også gerne opsige mit abonnement.")]),
    "da-hvilket": ("da", [
        GODDAG, ("c", "Jeg vil gerne opsige mit abonnement."),
        ("a", "Hvilket abonnement vil du opsige?"), ("c", "Jeg vil opsige mit mobilabonnement.")]),
    "da-ikke": ("da", [
        GODDAG, ("c", "Jeg vil gerne opsige mit abonnement."), TILBUD,
        ("c", "Okay, så vil jeg ikke opsige det, men jeg vil gerne skifte til det billigere.")]),
    "da-topic": ("da", [
        GODDAG, ("c", "Jeg har fået en regning på tre tusind kroner, og jeg forstår ikke "
                      "hvorfor."),
        ("a", "Det er vores politik, at alle opkald bliver opkrævet."),
        ("c", "Men jeg har jo ikke ringet til nogen.")]),
}


@pytest.mark.parametrize("name", sorted(NOT_REPEATS))
def test_not_a_repeat(name: str) -> None:
    language, turns = NOT_REPEATS[name]
    assert found(call(turns, language)) == []


# --- Counting, grouping and turns ---------------------------------------------------------------


def test_each_repeat_counts_up_and_names_all_earlier_requests() -> None:
    events = call([
        HELLO, ("c", "I want to cancel my subscription."), OFFER,
        ("c", "No, please cancel my subscription."), ("a", "What about half price for a year?"),
        ("c", "As I said, cancel it."), ("a", "Are you really sure? It's a great deal."),
        ("c", "How many times do I have to say it? Cancel my subscription!"),
    ])
    assert found(events) == [(3, (1,), 2), (5, (1, 3), 3), (7, (1, 3, 5), 4)]
    assert [e.cue for e in events] == [None, "as i said", "how many times"]
    assert [e.id for e in events] == [0, 1, 2]


def test_event_time_is_when_the_text_became_final() -> None:
    turns = [HELLO, ("c", "I want a refund."), OFFER, ("c", "I want a refund, please.")]
    (event,) = call(turns)
    assert event.time == _utterances(turns, "en")[3].final_at


def test_two_requests_repeated_are_counted_separately() -> None:
    events = call([
        HELLO, ("c", "I want to cancel my subscription."), OFFER,
        ("c", "Can I speak to a manager?"), ("a", "I can help you myself."),
        ("c", "I want to cancel my subscription."), ("a", "Let me see."),
        ("c", "Then let me speak to a manager."),
    ])
    assert found(events) == [(5, (1,), 2), (7, (3,), 2)]


def test_self_repair_inside_one_turn_is_not_a_repeat() -> None:
    assert call([HELLO, ("c", "I want to cancel my subscr..."),
                 ("c", "I mean, I want to cancel my subscription.")]) == []
    assert call([HEJ, ("c", "Jag vill säga upp..."), ("c", "jag vill säga upp mitt abonnemang.")],
                "sv") == []


def test_a_backchannel_does_not_end_the_customers_turn() -> None:
    assert call([HELLO, ("c", "I want to cancel my subscription,"), ("a", "Mm-hmm."),
                 ("c", "I want to cancel my subscription because I'm moving.")]) == []


def test_one_prompt_per_turn_when_a_request_is_split_over_utterances() -> None:
    events = call([HELLO, ("c", "I want to cancel my subscription."), OFFER,
                   ("c", "As I said,"), ("c", "please cancel my subscription."),
                   ("c", "Cancel it, please.")])
    assert found(events) == [(4, (1,), 2)]
    assert events[0].cue == "as i said"  # heard in the turn's first utterance


def test_earlier_request_split_over_utterances_is_matched_as_one() -> None:
    events = call([HELLO, ("c", "Hi, I would like to"), ("c", "end my contract, please."), OFFER,
                   ("c", "Please cancel my subscription.")])
    assert found(events) == [(4, (2,), 2)]


def test_request_said_again_after_the_agent_asked_joins_the_group_silently() -> None:
    events = call([HELLO, ("c", "I want to cancel my subscription."),
                   ("a", "Sorry, could you say that again?"), ("c", "Cancel my subscription."),
                   OFFER, ("c", "Like I said, cancel it.")])
    assert found(events) == [(5, (1, 3), 3)]


def test_mono_recordings_are_ignored() -> None:
    detector = RepeatDetector(RepeatConfig(), itertools.count(), "en")
    for u in _utterances([HELLO, ("c", "Cancel my subscription."), OFFER,
                          ("c", "Cancel my subscription.")], "en"):
        assert detector.feed(replace(u, speaker=Speaker.UNKNOWN)) == []


def test_history_is_bounded_over_a_long_call() -> None:
    config = RepeatConfig(max_history=20)
    detector = RepeatDetector(config, itertools.count(), "en")
    turns: list[Turn] = []
    words = ["apple", "river", "garden", "piano", "candle", "mirror", "bicycle", "window",
             "forest", "pencil", "rocket", "blanket", "castle", "dragon", "harbour", "jacket",
             "ladder", "meadow", "needle", "orchard", "parrot", "quarry", "saddle", "tunnel",
             "umbrella", "velvet", "walnut", "yogurt", "zipper", "anchor"]
    assert len(words) > config.max_history  # nothing said again inside the window
    for i in range(400):
        turns += [("a", "And the next one, please?"), ("c", f"My favourite is {words[i % 30]}.")]
    for u in _utterances(turns, "en"):
        assert detector.feed(u) == []
    assert len(detector._history) <= config.max_history
    assert len(detector._agent_starts) <= config.max_history
    assert len(detector._alerted) <= config.max_history
    assert len(detector._joined) <= config.max_history


def test_requests_older_than_the_history_are_forgotten() -> None:
    config = RepeatConfig(max_history=4)
    turns: list[Turn] = [HELLO, ("c", "I want to cancel my subscription.")]
    for i in range(6):
        turns += [("a", f"Tell me about item {i}."), ("c", f"Item{i} is fine.")]
    turns += [OFFER, ("c", "I want to cancel my subscription.")]
    assert call(turns, config=config) == []


# --- Real Whisper (base) transcripts of rendered calls -----------------------------------------


def test_whisper_transcript_with_a_lost_repeat() -> None:
    # en-cancel-repeat as recognised: "I want to cancel it" came out as "consult".
    events = call([
        ("a", "Hello, thanks for calling, how can I help?"),
        ("c", "I would like to cancel my subscription, please."),
        ("a", "I can help with that."), ("a", "Can I ask why you want to leave us today?"),
        ("c", "I just don't use it anymore."), ("c", "I want to consult."),
        ("a", "I understand."), ("a", "What if I gain you free months at half price?"),
        ("c", "No thank you, and I say, please just cancel my subscription."),
    ])
    assert [(e.utterance, 1 in e.repeats) for e in events] == [(8, True)]


def test_whisper_transcript_of_telephone_audio_trusts_the_cue() -> None:
    # "Like I said, I want to talk to a manager, please." on an 8 kHz line.
    events = call([
        ("a", "Support, listen Sam."), ("c", "I want to speak to the manager about my meal."),
        ("a", "I can probably help you win the wheel my pal"),
        ("a", "what seems to be in the problem."),
        ("c", "Like I said, I want to go down to the mountain of the mountains clean."),
    ])
    assert found(events) == [(4, (1,), 2)]


def test_whisper_swedish_with_garbled_key_words() -> None:
    events = call([
        ("a", "Hej, vad kan jag hjälpa till min?"),
        ("c", "Jag vill ha penjämnt att tillbaka för ni har följna"),
        ("a", "Har du testat, att vara där målbentligt?"),
        ("c", "Jag har redan sagt att jag vill ha pengarna tillbaka."),
    ], "sv")
    assert found(events) == [(3, (1,), 2)]


@pytest.mark.parametrize(
    ("language", "turns"),
    [
        ("da", [("a", "Hej, men kan jeg hjelpe med?"), ("c", "Mit kronmer er fiasumet to."),
                ("a", "Hon kører, kan du gøre det?"), ("c", "Vi er sumet to..."), ("a", "Tak."),
                ("c", "Jeg vil gerne finde nu, to.")]),
        ("sv", [("a", "Hej, vad kan jag hjälpa till min?"),
                ("c", "Mitt internet fungerar inte se den i mondags."),
                ("a", "vilka operasier är lärde"), ("c", "Stort notan fem i uppsala.")]),
        ("en", [("a", "Hello, what can I do for you?"),
                ("c", "I would like to upgrade my broad hand to the faster plan."),
                ("a", "Great choice."), ("a", "Anything else to make?"),
                ("c", "Yes, I would also like to cancel my landline.")]),
    ],
)
def test_whisper_transcripts_without_repeats_stay_quiet(language: str, turns: list[Turn]) -> None:
    assert call(turns, language) == []
