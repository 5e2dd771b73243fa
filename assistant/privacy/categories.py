"""What the redactor removes, and the tag each kind of value becomes.

Tags are written in English into what is stored ("[card number]"); ``tag_counts``
reads them back in any of the languages below, so a review can say how many of
each were removed without the values ever being kept anywhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

PERSONAL_ID = "personal_id"  # personnummer / samordningsnummer (SE), CPR (DK)
CARD = "card"  # payment card numbers, Luhn-checked
ACCOUNT = "account"  # IBAN
PHONE = "phone"
EMAIL = "email"
NUMBER = "number"  # any other long digit sequence: a garbled id, an account, an order

CATEGORIES = (PERSONAL_ID, CARD, ACCOUNT, PHONE, EMAIL, NUMBER)

TAGS: dict[str, dict[str, str]] = {
    "en": {PERSONAL_ID: "personal identity number", CARD: "card number",
           ACCOUNT: "account number", PHONE: "phone number", EMAIL: "e-mail address",
           NUMBER: "number"},
    "sv": {PERSONAL_ID: "personnummer", CARD: "kortnummer", ACCOUNT: "kontonummer",
           PHONE: "telefonnummer", EMAIL: "e-postadress", NUMBER: "nummer"},
    "da": {PERSONAL_ID: "CPR-nummer", CARD: "kortnummer", ACCOUNT: "kontonummer",
           PHONE: "telefonnummer", EMAIL: "e-mailadresse", NUMBER: "nummer"},
}
# One value each, in plain English, for counts ("2 card numbers").
PLURALS = {PERSONAL_ID: "personal identity numbers", CARD: "card numbers",
           ACCOUNT: "account numbers", PHONE: "phone numbers", EMAIL: "e-mail addresses",
           NUMBER: "other numbers"}


def tag(category: str, language: str | None = None) -> str:
    labels = TAGS.get(language or "en", TAGS["en"])
    return f"[{labels[category]}]"


_BY_LABEL = {f"[{label}]": category for labels in TAGS.values()
             for category, label in labels.items()}
_TAG = re.compile("|".join(re.escape(t) for t in sorted(_BY_LABEL, key=len, reverse=True)))


def tag_counts(text: str) -> Counter[str]:
    """How many values of each category were redacted in ``text`` (read from its tags)."""
    return Counter(_BY_LABEL[m.group()] for m in _TAG.finditer(text))


def has_tags(text: str) -> bool:
    return _TAG.search(text) is not None


def localise_tags(text: str, language: str | None) -> str:
    """The tags of ``text`` in ``language`` (a report's language), other text as it is."""
    return _TAG.sub(lambda m: tag(_BY_LABEL[m.group()], language), text)


def describe_counts(counts: Counter[str]) -> str:
    """"1 card number, 2 phone numbers": what a review says, never the values."""
    parts = []
    for category in CATEGORIES:
        n = counts.get(category, 0)
        if n:
            one = "other number" if category == NUMBER else TAGS["en"][category]
            parts.append(f"{n} {one if n == 1 else PLURALS[category]}")
    return ", ".join(parts)


@dataclass(frozen=True)
class RedactionConfig:
    """Which categories are redacted (all, by default) and whether stored audio is muted."""

    enabled: bool = True
    categories: frozenset[str] = frozenset(CATEGORIES)
    min_number_digits: int = 6  # shorter digit runs (amounts, times, dates) are kept
    # Off by default: the stored recording has redacted utterances muted. On, the
    # recording keeps what was said, values included (the transcript is still redacted).
    keep_unredacted_audio: bool = False

    def on(self, category: str) -> bool:
        return self.enabled and category in self.categories


def parse_categories(text: str) -> frozenset[str]:
    """ "all", "none" or a comma list such as "card,phone"; ValueError names the unknown ones."""
    text = text.strip().lower()
    if text in ("all", ""):
        return frozenset(CATEGORIES)
    if text == "none":
        return frozenset()
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    unknown = sorted(wanted - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown redaction categories {', '.join(unknown)}: use all, none or "
                         f"some of {', '.join(CATEGORIES)}")
    return frozenset(wanted)
