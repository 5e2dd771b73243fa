"""Personal data out of a transcript's text, before anything is stored or shown in an export.

Each value found becomes a tag ("[card number]"). Numbers are read by
``numbers.digit_runs`` (digits or words, EN/SV/DA) and then named by
well-kept validators: python-stdnum for personnummer/samordningsnummer, CPR,
Luhn and IBAN, and phonenumbers for phone numbers. A long digit run that no
validator accepts is still redacted as "[number]": a card number Whisper got
one digit wrong is still the customer's card number.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import phonenumbers
from stdnum import iban, luhn
from stdnum.dk import cpr
from stdnum.se import personnummer

from assistant.privacy.categories import (
    ACCOUNT,
    CARD,
    EMAIL,
    NUMBER,
    PERSONAL_ID,
    PHONE,
    RedactionConfig,
    tag,
)
from assistant.privacy.numbers import DigitRun, digit_runs

_DOT = r"(?:\.|\s+(?:dot|punkt|punktum|prik)\s+)"
_AT = r"(?:\s*@\s*|\s+(?:at|snabel-?a|snabel a)\s+)"
_TLD = r"(?:com|net|org|info|biz|io|eu|se|dk|nu|no|fi|de|uk|co|gov|edu)"
_EMAIL = re.compile(
    rf"[\w+\-]+(?:{_DOT}[\w+\-]+)*{_AT}[\w\-]+(?:{_DOT}[\w\-]+)*{_DOT}{_TLD}\b",
    re.IGNORECASE | re.UNICODE)
_IBAN = re.compile(r"\b[A-Z]{2}\s?\d{2}(?:\s?[A-Z0-9]){10,30}\b")
# Swedes and Danes read an address as "anna punkt svensson snabel-a exempel punkt se":
# "snabel-a" (@) is said for nothing else, and two "punkt"/"punktum" (dot) in one
# clause hardly ever. Whisper often garbles these words ("snabbelæg", "pungtum") and
# the address around them beyond any pattern; where they are heard, a few words
# before them up to the clause's end are taken for the address.
_AT_WORDS = ("snabela",)
_DOT_WORDS = ("punkt", "punktum")
_AT_SIMILARITY, _DOT_SIMILARITY = 0.75, 0.8
_WORDS_BEFORE, _WORDS_AFTER = 5, 4  # an address is a few words either side
_WORD = re.compile(r"[^\W\d_][\w\-]*", re.UNICODE)
_CLAUSE_END = re.compile(r"[.!?;]")
_PHONE_REGIONS = {"sv": ("SE",), "da": ("DK",), "en": ("GB", "US")}


@dataclass(frozen=True)
class Redacted:
    text: str
    counts: Counter[str] = field(default_factory=Counter)  # category -> values removed

    @property
    def changed(self) -> bool:
        return bool(self.counts)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    category: str


class Redactor:
    """Stateless and cheap (a few regexes and validators per utterance)."""

    def __init__(self, config: RedactionConfig | None = None) -> None:
        self.config = config or RedactionConfig()

    def redact(self, text: str, language: str | None) -> Redacted:
        if not self.config.enabled or not text:
            return Redacted(text)
        found = [_Found(m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)]
        if language in ("sv", "da") and not found:
            found += _spoken_address_clauses(text)
        found += [_Found(m.start(), m.end(), ACCOUNT) for m in _IBAN.finditer(text)
                  if iban.is_valid(m.group())]
        for run in digit_runs(text, language):
            category = self._classify(run, language)
            if category is not None:
                found.append(_Found(run.start, run.end, category))
        kept = _without_overlaps(found)
        kept = [f for f in kept if self.config.on(f.category)]
        if not kept:
            return Redacted(text)
        out, at = [], 0
        for f in kept:
            out += [text[at:f.start], tag(f.category)]
            at = f.end
        out.append(text[at:])
        return Redacted("".join(out), Counter(f.category for f in kept))

    def _classify(self, run: DigitRun, language: str | None) -> str | None:
        d = run.digits
        # A CPR number is any valid birth date: outside Danish calls, a phone number
        # such as 070-123 45 67 is more likely than a Danish id.
        checks = ([(PERSONAL_ID, _danish_id)] if language == "da" else []) + [
            (PERSONAL_ID, _swedish_id),
            (CARD, lambda d: 13 <= len(d) <= 19 and luhn.is_valid(d)),
            (PHONE, lambda d: _phone(d, run.plus, language)),
            (PERSONAL_ID, _danish_id)]
        for category, check in checks:
            if check(d):
                return category
        if len(d) >= self.config.min_number_digits:
            return NUMBER
        return None


def _swedish_id(digits: str) -> bool:
    # Also samordningsnummer (day + 60); stdnum checks the date and the Luhn digit.
    return len(digits) in (10, 12) and personnummer.is_valid(digits)


def _danish_id(digits: str) -> bool:
    # CPR numbers have had no check digit since 2007: a valid birth date it must be.
    return len(digits) == 10 and cpr.is_valid(digits)


def _phone(digits: str, plus: bool, language: str | None) -> bool:
    if not 7 <= len(digits) <= 15:
        return False
    candidates: list[tuple[str, str | None]] = [("+" + digits, None)] if plus else []
    candidates += [(digits, region) for region in _PHONE_REGIONS.get(language or "en", ("GB",))]
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return True
    return False


def _without_overlaps(found: list[_Found]) -> list[_Found]:
    """Earlier, then longer, finds win; what overlaps one already kept is dropped."""
    kept: list[_Found] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if kept and f.start < kept[-1].end:
            if f.end > kept[-1].end:  # a longer overlapping find: take both extents
                kept[-1] = _Found(kept[-1].start, f.end, kept[-1].category)
            continue
        kept.append(f)
    return kept


def _like(word: str, targets: tuple[str, ...], similarity: float) -> bool:
    # At least as long as the word meant: "snabba" (hurry) is not "snabel-a".
    return any(len(word) >= len(t) and SequenceMatcher(None, word, t).ratio() >= similarity
               for t in targets)


def _spoken_address_clauses(text: str) -> list[_Found]:
    words = list(_WORD.finditer(text))
    clauses: list[list[int]] = [[]]
    for i in range(len(words)):
        if i and _CLAUSE_END.search(text[words[i - 1].end():words[i].start()]):
            clauses.append([])
        clauses[-1].append(i)
    found = []
    for clause in clauses:
        at, dots = [], []
        for i in clause:
            letters = words[i].group().lower().replace("-", "")
            if _like(letters, _AT_WORDS, _AT_SIMILARITY):
                at.append(i)
            elif _like(letters, _DOT_WORDS, _DOT_SIMILARITY) or letters == "prik":
                dots.append(i)
        if not at and len(dots) < 2:
            continue
        markers = sorted(at + dots)
        first = max(clause[0], markers[0] - _WORDS_BEFORE)
        last = min(clause[-1], markers[-1] + _WORDS_AFTER)
        found.append(_Found(words[first].start(), words[last].end(), EMAIL))
    return found


