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
    "en-agent-mentions-what-was-said": ("en", [HELLO, ("c", "I want to cancel my subscription."),
                                             ("a", "I hear what you said, but have you seen our "
                                              "offers?"),
                                             ("c", "Please cancel my subscription.")]),
    "sv-var-det-något-mer": ("sv", [HEJ, ("c", "Jag vill säga upp mitt abonnemang."),
                                    ("a", "Okej. Var det något mer?"),
                                    ("c", "Ja, som jag sa, jag vill säga upp abonnemanget.")]),
    "en-why-cant-you": ("en", [HELLO, ("c", "I'd like to cancel my subscription."), OFFER,
                                ("c", "Why can't you just cancel my subscription?")]),
    "sv-varför-kan-ni-inte": ("sv", [HEJ, ("c", "Jag vill säga upp mitt abonnemang."), ERBJ,
                                     ("c", "Varför kan ni inte bara säga upp abonnemanget?")]),
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
    "en-reported-action": ("en", [
        HELLO, ("c", "I already talked to someone last week about my bill."),
        ("a", "Okay. What can I do for you today?"), ("c", "I want to talk to a manager.")]),
    "en-problem-is-no-action": ("en", [
        HELLO, ("c", "My phone keeps shutting down every evening."),
        ("a", "That's odd. Let me check your account."), ("c", "I want to cancel my contract.")]),
    "en-still-not-working": ("en", [
        HELLO, ("c", "My internet is not working."), ("a", "I have reset your line now."),
        ("c", "It is still not working.")]),
    "sv-fortfarande": ("sv", [
        HEJ, ("c", "Mitt internet fungerar inte."), ("a", "Jag har startat om din linje nu."),
        ("c", "Internet fungerar fortfarande inte.")]),
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
    "da-allerede-opsagt": ("da", [
        GODDAG, ("c", "Jeg har allerede opsagt det gamle abonnement, men I sender stadig "
                      "regninger."),
        ("a", "Hvad kan jeg ellers hjælpe med?"), ("c", "Jeg vil gerne opsige mit abonnement.")]),
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


def test_other_languages_fall_back_to_generic_word_lists() -> None:
    turns: list[Turn] = [
        ("a", "Guten Tag, wie kann ich helfen?"),
        ("c", "Ich möchte meinen Vertrag kündigen, bitte."),
        ("a", "Wir haben ein neues Angebot für Sie."),
        ("c", "Ich möchte meinen Vertrag kündigen."),
    ]
    assert found(call(turns, "de")) == [(3, (1,), 2)]
    turns[3] = ("c", "Nein danke, das Angebot interessiert mich nicht.")
    assert call(turns, "de") == []


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
    assert len(detector._prompted_turns) <= config.max_history
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


def test_a_word_inside_a_key_word_does_not_name_its_request() -> None:
    # Danish "mellem" (between) opens "mellemleder" (a manager): garbled Danish is full
    # of such words, and it made a complaint said twice look like a request for a manager.
    from assistant.analysis.repeat import describe
    from assistant.analysis.textnorm import load_lexicon

    lexicon = load_lexicon("da")
    assert "manager" not in describe("Der er noget mellem os.", lexicon, RepeatConfig()).intents
    assert "manager" in describe("Jeg vil tale med en mellemleder.", lexicon,
                                 RepeatConfig()).intents


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


# --- Calls written as a check on generality ---------------------------------------------------
# Written after the rules above, not tuned to. The last batch (from "Thanks for holding") was run
# once before any change: 6 of 7 repeats found, no false alarms; the miss ("put me through" ~
# "transfer me") led to the "transfer" action group. Format: "<language> <later>><earlier,...>"
# (or "-" for no repeat), then one line per utterance, "a:" agent or "c:" customer.

CHECK_CALLS = """
en 5>1
a: Hi, how can I help?
c: I'd like to return these shoes, they don't fit.
a: Did you buy them online or in a store?
c: Online, last week.
a: Would you like a different size instead?
c: No, I just want to send them back and get my money.

en -
a: Hi, how can I help?
c: My package never arrived, where is my order?
a: Could I have your order number?
c: It's five five two, eight one.

en 3>1
a: Hello there.
c: I want to switch to the cheaper plan.
a: Our premium plan has great features, you know.
c: I really just want the cheaper plan, please.

en -
a: Hello there.
c: Can you send me a new invoice? The old one has the wrong name.
a: Sure, what name should be on it?
c: Peter Jensen.
a: Okay, done. Anything else?
c: No, that's all, thank you.

en 5>1
a: Good afternoon.
c: I need to close my account.
a: Let me check a few things first. Is your address still the same?
c: Yes, it is.
a: And your phone number?
c: The same as before. Can you please close my account now?

en -
a: Good afternoon.
c: My bill is much higher than usual this month.
a: Let me see. Did you make any calls abroad?
c: No, I haven't been abroad at all.
a: Hmm, I see some roaming charges here.
c: That can't be right, I was at home all month.

en 3>1
a: Good afternoon.
c: I'd like to pause my gym membership for two months.
a: We can offer you a cheaper plan instead.
c: I don't want a cheaper plan, I want to freeze my membership.

en -
a: Hi.
c: I want to report a fault with my broadband.
a: Right, have you restarted the router?
c: Yes, twice.
a: Okay and are the lights green?
c: Yes, all green.

en -
a: Hi.
c: Could you tell me when my contract ends?
a: It ends in March. Anything else?
c: Yes, I'd also like to know how to cancel it.

sv 3>1
a: Hej, vad kan jag göra för dig?
c: Jag vill byta till ett billigare abonnemang.
a: Vi har faktiskt ett bra erbjudande på det dyra.
c: Nej, jag vill byta till det billigare abonnemanget.

sv -
a: Hej, vad kan jag göra för dig?
c: Jag vill reklamera min tvättmaskin, den läcker.
a: När köpte du den?
c: I januari i år.
a: Och har du kvittot kvar?
c: Ja, det har jag.

sv 5>1
a: Hej, vad kan jag göra för dig?
c: Kan ni ringa mig tillbaka i eftermiddag?
a: Vad gäller ärendet?
c: Det gäller min faktura.
a: Okej, vi kollar på det.
c: Men som jag sa, kan ni ringa tillbaka i eftermiddag?

sv 3>1
a: Hej, vad kan jag göra för dig?
c: Mitt kort är spärrat och jag vill att ni låser upp det.
a: Har du fått ett nytt kort nyligen?
c: Nej, jag vill bara att ni låser upp mitt kort.

sv -
a: Hej.
c: Jag vill ändra min adress.
a: Vad är den nya adressen?
c: Kungsgatan sju i Göteborg.
a: Kan du stava gatan?
c: K U N G S gatan.

da 5>1
a: Hej, hvad kan jeg hjælpe med?
c: Jeg vil gerne klage over min regning.
a: Hvad er dit kundenummer?
c: Det er to tre fire fem.
a: Tak. Hvad drejer det sig om?
c: Som jeg sagde, vil jeg gerne klage over regningen.

da -
a: Hej, hvad kan jeg hjælpe med?
c: Jeg vil gerne have en ny router, min er gået i stykker.
a: Har du prøvet at genstarte den?
c: Ja, mange gange.
a: Okay. Så sender vi en ny.
c: Tak skal du have.

da 3>1
a: Hej, hvad kan jeg hjælpe med?
c: Jeg vil gerne skifte til et billigere abonnement.
a: Vi har også et abonnement med mere data.
c: Nej tak, jeg vil bare have det billigere abonnement.

da -
a: Hej.
c: Jeg vil gerne annullere min bestilling.
a: Er det ordren fra i går?
c: Ja, det er den fra i går.

da 3>1
a: Hej.
c: Jeg vil gerne tale med en leder.
a: Hvad drejer det sig om?
c: Min regning er forkert, og jeg vil tale med en leder.

en -
a: Hi, how can I help?
c: I want to cancel my gym membership.
a: Can I have your membership number?
c: Yes, it's one two three four.
a: Thanks. And your date of birth?
c: Fifth of May, nineteen eighty.

en -
a: Hi, how can I help?
c: My phone screen is cracked and I want it repaired.
a: Is the phone still under warranty?
c: Yes, I bought the phone in June.
a: Great, then we can repair it for free.

en -
a: Hi, how can I help?
c: I was charged for a movie I never ordered.
a: Which movie was it?
c: Some action movie, I never ordered any movie.
a: I'll remove the charge.

en -
a: Hi.
c: I need help setting up my new router.
a: Sure. Is the power light on?
c: Yes, the power light is on.
a: And the internet light?
c: The internet light is blinking orange.

en -
a: Hi.
c: Can you change my payment date to the first of the month?
a: I can do that. Would you also like paperless billing?
c: Sure, why not.
a: Done.
c: And the payment date is changed too?

en 3>1 5>1,3
a: Hi.
c: I want a refund for the concert tickets.
a: The concert was moved to a new date, would you like tickets for that?
c: No, I can't go on the new date. I want my money back.
a: I understand, but our policy is vouchers only.
c: I already told you twice, I want a refund, not a voucher.

en -
a: Hi.
c: Please stop sending me letters.
a: Sure, do you want emails instead?
c: No emails either, thanks.
a: Alright.

sv -
a: Hej.
c: Jag har fått en faktura som jag redan har betalat.
a: Vilket datum betalade du den?
c: Jag betalade den den femte mars.
a: Okej, jag ser betalningen nu.

sv 5>1
a: Hej.
c: Jag vill avsluta mitt konto.
a: Varför vill du avsluta det?
c: Jag flyttar utomlands.
a: Vi har kunder utomlands också, du kan behålla kontot.
c: Nej, jag vill ändå avsluta kontot.

sv -
a: Hej.
c: Min telefon laddar inte.
a: Har du testat en annan laddare?
c: Ja, jag har testat två olika laddare.
a: Då skickar vi en ny telefon.

da -
a: Hej.
c: Jeg har ikke fået min pakke.
a: Hvornår bestilte du den?
c: Jeg bestilte den for to uger siden.
a: Den er på vej.

da 5>1
a: Hej.
c: Jeg vil gerne opsige mit medlemskab.
a: Må jeg spørge hvorfor?
c: Det er for dyrt.
a: Vi kan give dig en rabat.
c: Nej tak, jeg vil stadig gerne opsige mit medlemskab.

da -
a: Hej.
c: Internettet virker ikke.
a: Har du genstartet routeren?
c: Ja, men internettet virker stadig ikke.
a: Så sender vi en tekniker.

en 5>1
a: Thanks for holding, how can I help?
c: I'd like to downgrade my TV package to the basic one.
a: The basic package doesn't include sports, are you sure?
c: Yes, I'm sure, I don't watch sports.
a: We could give you sports for free for a month.
c: Look, I've asked twice now, please just downgrade my package.

en -
a: Hello.
c: I want to update my billing address.
a: No problem. What's your postcode?
c: It's SW1 2AB.
a: And the house number?
c: Twenty two.

en 5>1
a: Hello.
c: My order arrived damaged and I want a replacement.
a: I'm sorry. Can you describe the damage?
c: The box was crushed and the lamp is broken.
a: We can offer a discount code.
c: I don't want a discount, I want a replacement lamp.

en -
a: Hello.
c: Hi, I'm calling about my internet bill.
a: Sure, what's the issue?
c: I was charged for a speed upgrade I never asked for.
a: Let me check.
c: Thanks.

en 3>1
a: Hello.
c: Can you put me through to the billing department?
a: I can help with billing questions too.
c: I'd rather speak to billing directly, please transfer me.

en -
a: Hello.
c: I need to book an engineer visit.
a: Which day works for you?
c: Tuesday morning.
a: Okay, Tuesday at nine. Anything else?
c: Can you also send me a text reminder?

sv 5>1
a: Hej, hur kan jag hjälpa dig?
c: Jag vill säga upp min bredbandstjänst.
a: Har du hittat en annan leverantör?
c: Ja, det har jag.
a: Vi kan matcha deras pris.
c: Nej tack, jag vill fortfarande säga upp bredbandet.

sv -
a: Hej, hur kan jag hjälpa dig?
c: Jag har inte fått min beställning.
a: Vad är ordernumret?
c: Det är tre fyra fem sex.
a: Förlåt, kan du säga det igen?
c: Tre fyra fem sex.

sv -
a: Hej.
c: Kan ni skicka en ny faktura till mig?
a: Vilken faktura gäller det?
c: Fakturan från mars.

sv 3>1
a: Hej.
c: Jag vill ha ersättning för avbrottet i förra veckan.
a: Avbrottet var tyvärr planerat.
c: Jag har ju redan sagt att jag vill ha ersättning för avbrottet.

da 3>1
a: Hej, du taler med kundeservice.
c: Jeg vil gerne have refunderet min billet.
a: Billetten kan desværre ikke refunderes.
c: Jeg vil altså have pengene tilbage for billetten.

da -
a: Hej, du taler med kundeservice.
c: Jeg vil gerne ændre min adresse.
a: Hvad er din nye adresse?
c: Vestergade ti i Aarhus.
a: Tak, det er ændret.

da 5>1
a: Hej.
c: Min telefon er gået i stykker, og jeg vil gerne have den repareret.
a: Hvornår købte du den?
c: For et år siden.
a: Så er den desværre uden for garantien.
c: Hvor mange gange skal jeg sige det, jeg vil have telefonen repareret.

da -
a: Hej.
c: Jeg vil gerne opsige mit abonnement.
a: Er du sikker?
c: Ja, helt sikker.
"""


def _check_calls() -> list[tuple[str, list[Turn], list[tuple[int, set[int]]]]]:
    calls = []
    for block in CHECK_CALLS.strip().split("\n\n"):
        head, *lines = block.splitlines()
        language, *labels = head.split()
        expected = [
            (int(later), {int(i) for i in earlier.split(",")})
            for later, earlier in (label.split(">") for label in labels if label != "-")
        ]
        turns = [(line[0], line[3:]) for line in lines]
        calls.append((language, turns, expected))
    return calls


@pytest.mark.parametrize(("language", "turns", "expected"), _check_calls())
def test_check_calls(
    language: str, turns: list[Turn], expected: list[tuple[int, set[int]]]
) -> None:
    events = call(turns, language)
    assert [e.utterance for e in events] == [later for later, _ in expected]
    for event, (_, allowed) in zip(events, expected, strict=True):
        assert set(event.repeats) & allowed
