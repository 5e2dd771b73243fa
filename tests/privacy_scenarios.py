"""Calls in which the customer reads out a personal identity number, a card number and an
e-mail address, in English, Swedish and Danish, and the values that must never be kept.

The customer reads the numbers digit by digit in groups, as people do; how Whisper
writes them back (digits, words, one utterance or several) is up to the recogniser.
Values are valid: 811228-9874 (personnummer), 211062-5629 (CPR), 4539 1488 0343 6467
(Luhn).
"""

from __future__ import annotations

import json
from pathlib import Path

from assistant.scenarios import RenderedScenario, load_script, render_scenario

PERSONNUMMER = ("811228", "9874")
CPR = ("211062", "5629")
CARD = ("4539", "1488", "0343", "6467")

SCRIPTS = {
    "en": [
        ("agent", "Thank you for calling, how can I help you today?"),
        ("customer", "Hi, I need to update my payment details."),
        ("agent", "Of course. Can I have your personal identity number, please?"),
        ("customer", "Yes, it is eight one one two two eight, nine eight seven four."),
        ("agent", "Thank you. And the new card number?"),
        ("customer", "Four five three nine, one four eight eight, zero three four three, "
                     "six four six seven."),
        ("agent", "And your e-mail address?"),
        ("customer", "It is anna dot svensson at example dot com."),
        ("agent", "Thank you, that is all updated now."),
    ],
    "sv": [
        ("agent", "Välkommen till kundtjänst, vad kan jag hjälpa dig med?"),
        ("customer", "Hej, jag vill byta betalkort."),
        ("agent", "Absolut. Kan jag få ditt personnummer?"),
        ("customer", "Ja, det är åtta ett ett två två åtta, nio åtta sju fyra."),
        ("agent", "Tack. Och det nya kortnumret?"),
        ("customer", "Fyra fem tre nio, ett fyra åtta åtta, noll tre fyra tre, "
                     "sex fyra sex sju."),
        ("agent", "Och din e-postadress?"),
        ("customer", "Anna punkt svensson snabel-a exempel punkt se."),
        ("agent", "Tack, nu är allt uppdaterat."),
    ],
    "da": [
        ("agent", "Velkommen til kundeservice, hvad kan jeg hjælpe med?"),
        ("customer", "Hej, jeg vil gerne skifte mit betalingskort."),
        ("agent", "Selvfølgelig. Må jeg bede om dit CPR-nummer?"),
        ("customer", "Ja, det er to en en nul seks to, fem seks to ni."),
        ("agent", "Tak. Og det nye kortnummer?"),
        ("customer", "Fire fem tre ni, en fire otte otte, nul tre fire tre, "
                     "seks fire seks syv."),
        ("agent", "Og din e-mailadresse?"),
        ("customer", "Jens punktum hansen snabel-a eksempel punktum dk."),
        ("agent", "Tak, nu er det hele opdateret."),
    ],
}
IDS = {"en": PERSONNUMMER, "sv": PERSONNUMMER, "da": CPR}
ADDRESSES = {"en": ("anna", "svensson", "example", "com"),
             "sv": ("anna", "svensson", "exempel", "se"),
             "da": ("jens", "hansen", "eksempel", "dk")}
_DOTS = (".", " dot ", " punkt ", " punktum ", " prik ")
_ATS = ("@", " at ", " snabel-a ", " snabel a ", " snabela ")


def needles(language: str) -> list[str]:
    """The values as they could be written: the numbers as digits, grouped or not, and the
    address with its "@" and dots in any written form. (A name from the address standing
    on its own, its "punktum" and "snabel-a" turned into other words by the recogniser, is
    no longer recognisable as an address: the tests report it rather than count it.)"""
    ident, card = IDS[language], CARD
    first, last, domain, tld = ADDRESSES[language]
    address = [f"{first}{d}{last}" for d in _DOTS] + [f"{last}{a}{domain}" for a in _ATS]
    address += [f"{domain}{d}{tld}" for d in _DOTS if d != "."] + [f"@{domain}"]
    return [*ident, "".join(ident), "-".join(ident), *card, "".join(card), " ".join(card),
            *address]


def render(language: str, out: Path) -> RenderedScenario:
    turns = [{"speaker": s, "text": t, "after": 0.6} for s, t in SCRIPTS[language]]
    path = out / f"privacy-{language}.json"
    path.write_text(json.dumps({"id": f"privacy-{language}", "language": language,
                                "turns": turns, "labels": {"talkover": [], "repeat": []}},
                               ensure_ascii=False), encoding="utf-8")
    return render_scenario(load_script(path), out)
