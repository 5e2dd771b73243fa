"""The redactor on transcript text as Whisper writes it, in English, Swedish and Danish.

Test numbers are valid: 811228-9874 (personnummer, Skatteverket's example), 211062-5629
(CPR), 4111 1111 1111 1111 (Luhn), SE45 5000 0000 0583 9825 7466 (IBAN).
"""

from __future__ import annotations

import pytest

from assistant.privacy import RedactionConfig, Redactor, localise_tags, parse_categories, tag_counts
from assistant.privacy.numbers import digit_runs

REDACTOR = Redactor()


@pytest.mark.parametrize(("text", "language", "digits"), [
    ("four five seven one two", "en", "45712"),
    ("457-12", "en", "45712"),
    ("4 5 7", "en", "457"),
    ("forty-five", "en", "45"),
    ("double five oh", "en", "550"),
    ("nineteen eighty-five oh three twelve dash one two three four", "en", "198503121234"),
    ("fyra fem sju", "sv", "457"),
    ("fyrtiofem", "sv", "45"),
    ("nittonhundraåttiofem", "sv", "1985"),
    ("nitton hundra åttio fem", "sv", "1985"),
    ("fire fem syv", "da", "457"),
    ("femogfyrre", "da", "45"),
    ("fem og fyrre", "da", "45"),
    ("halvfems", "da", "90"),
])
def test_spoken_digits_are_read_in_each_language(text: str, language: str, digits: str) -> None:
    runs = digit_runs(text, language)
    assert [r.digits for r in runs] == [digits]
    assert (runs[0].start, runs[0].end) == (0, len(text))


@pytest.mark.parametrize(("text", "language", "expected", "category"), [
    # Personal identity numbers: personnummer (SE), CPR (DK), written and spoken.
    ("Mitt personnummer är 811228-9874.", "sv", "Mitt personnummer är [personal identity number].",
     "personal_id"),
    ("Det är åtta ett ett två två åtta, nio åtta sju fyra.", "sv",
     "Det är [personal identity number].", "personal_id"),
    ("nitton åttioett tolv tjugoåtta streck nio åtta sju fyra", "sv",
     "[personal identity number]", "personal_id"),
    ("Mit CPR-nummer er 211062-5629.", "da", "Mit CPR-nummer er [personal identity number].",
     "personal_id"),
    ("Det er to en en nul seks to, fem seks to ni.", "da", "Det er [personal identity number].",
     "personal_id"),
    ("enogtyve ti toogtres seksoghalvtreds niogtyve", "da", "[personal identity number]",
     "personal_id"),
    # Card numbers, Luhn-checked.
    ("My card number is 4111 1111 1111 1111, expiry May.", "en",
     "My card number is [card number], expiry May.", "card"),
    ("It's four one one one, one one one one, one one one one, one one one one.", "en",
     "It's [card number].", "card"),
    ("Kortnumret är fyra ett ett ett ett ett ett ett ett ett ett ett ett ett ett ett.", "sv",
     "Kortnumret är [card number].", "card"),
    ("Kortnummeret er fire en en en en en en en en en en en en en en en.", "da",
     "Kortnummeret er [card number].", "card"),
    # IBAN, phone numbers, e-mail addresses.
    ("My IBAN is SE45 5000 0000 0583 9825 7466.", "en", "My IBAN is [account number].",
     "account"),
    ("Ring mig på 070-123 45 67.", "sv", "Ring mig på [phone number].", "phone"),
    ("Ring på 20 12 34 56.", "da", "Ring på [phone number].", "phone"),
    ("Call me on +46 70 123 45 67.", "en", "Call me on [phone number].", "phone"),
    ("It's anna.svensson@example.com.", "en", "It's [e-mail address].", "email"),
    ("anna dot svensson at example dot com", "en", "[e-mail address]", "email"),
    ("anna punkt svensson snabel-a exempel punkt se", "sv", "[e-mail address]", "email"),
    ("jens punktum hansen snabel-a eksempel punktum dk", "da", "[e-mail address]", "email"),
    # "snabel-a" (@) as Whisper garbles it, the address around it garbled too.
    ("I en spontan hansen snabbelæg simpelthen spontan beko.", "da", "[e-mail address].",
     "email"),
    ("Jens pungtum hansens nævelægsempel pungtum beko.", "da", "[e-mail address].", "email"),
    # A long number no validator accepts (a digit misheard) is still personal data.
    ("four one one one one one one one one one one one one one one two", "en", "[number]",
     "number"),
])
def test_values_become_tags(text: str, language: str, expected: str, category: str) -> None:
    redacted = REDACTOR.redact(text, language)
    assert redacted.text == expected
    assert dict(redacted.counts) == {category: 1}
    assert dict(tag_counts(redacted.text)) == {category: 1}


@pytest.mark.parametrize(("text", "language"), [
    ("I'd like to cancel my subscription, it costs 450 kronor a month.", "en"),
    ("I called at 10:30 on the 3rd of May 2024 about order 12345.", "en"),
    ("I looked at it. Com on, that is wrong.", "en"),
    ("Jag har två barn och en hund, och jag ringde tre gånger.", "sv"),
    ("Jag ska snabba på, han snabbade sig.", "sv"),
    ("Det er min pointe, punktum. Og så er det punktum for i dag.", "da"),
    ("Jeg har to børn og en hund, og jeg har ringet fem gange.", "da"),
])
def test_ordinary_speech_is_left_alone(text: str, language: str) -> None:
    redacted = REDACTOR.redact(text, language)
    assert redacted.text == text
    assert not redacted.changed


def test_categories_can_be_switched_off() -> None:
    text = "Card 4111 1111 1111 1111, mail anna@example.com"
    only_email = Redactor(RedactionConfig(categories=parse_categories("email")))
    assert only_email.redact(text, "en").text == "Card 4111 1111 1111 1111, mail [e-mail address]"
    off = Redactor(RedactionConfig(enabled=False))
    assert off.redact(text, "en").text == text
    with pytest.raises(ValueError, match="unknown redaction categories passport"):
        parse_categories("card,passport")


def test_tags_read_back_in_the_report_language() -> None:
    stored = REDACTOR.redact("Card 4111 1111 1111 1111 and 811228-9874", "sv").text
    assert localise_tags(stored, "sv") == "Card [kortnummer] and [personnummer]"
    assert localise_tags(stored, "da") == "Card [kortnummer] and [CPR-nummer]"
    assert dict(tag_counts(localise_tags(stored, "da"))) == {"card": 1, "personal_id": 1}
