"""Digit sequences in a transcript, whether Whisper wrote them as digits or as words.

Whisper writes a number read out digit by digit in many ways: "4111 1111",
"457-12", "four five seven", "fyra fem sju", "fire fem syv", "forty-five",
"fyrtiofem", "femogfyrre", "nittonhundraåttiofem". ``digit_runs`` finds each
stretch of such tokens (with spaces, dashes, commas, dots or slashes between
them) and gives its characters' extent and the digits it stands for, so the
validators downstream only ever see digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

_UNITS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"],
    "sv": ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio"],
    "da": ["nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni"],
}
_TEENS = {
    "en": ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
           "seventeen", "eighteen", "nineteen"],
    "sv": ["tio", "elva", "tolv", "tretton", "fjorton", "femton", "sexton", "sjutton",
           "arton", "nitton"],
    "da": ["ti", "elleve", "tolv", "tretten", "fjorten", "femten", "seksten", "sytten",
           "atten", "nitten"],
}
_TENS = {  # 20, 30, ... 90
    "en": ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
    "sv": ["tjugo", "trettio", "fyrtio", "femtio", "sextio", "sjuttio", "åttio", "nittio"],
    "da": ["tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems"],
}
_EXTRA_UNITS = {
    "en": {"oh": 0, "o": 0, "nought": 0},
    "sv": {"en": 1, "tvåa": 2, "etta": 1},
    "da": {"et": 1},
}
_HUNDRED = {"en": "hundred", "sv": "hundra", "da": "hundrede"}
_REPEAT = {"en": {"double": 2, "triple": 3}, "sv": {}, "da": {}}
_AND = {"en": "and", "sv": "och", "da": "og"}
# Said between the groups of a number: "… twelve dash one two three four".
_SPOKEN_DASH = {"en": {"dash", "hyphen", "minus"}, "sv": {"streck", "bindestreck"},
                "da": {"streg", "bindestreg"}}
# What may stand between the digits of one number as Whisper writes it.
_SEPARATOR = re.compile(r"[\s\-–—/,.:+()]*")
_TOKEN = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class DigitRun:
    """``text[start:end]`` reads as the digits ``digits``; ``plus`` when written "+46 …"."""

    start: int
    end: int
    digits: str
    spoken: bool  # some of it was words
    plus: bool = False


@dataclass(frozen=True)
class _Word:
    value: int
    kind: str  # "unit" 0-9, "teen" 10-19, "tens" 20-90, "num" any other value or digits
    digits: str


class NumberWords:
    """Number words of English plus one language (Swedish or Danish), read token by token."""

    def __init__(self, language: str | None) -> None:
        langs = ["en"] + ([language] if language in ("sv", "da") else [])
        self.language = language
        self._words: dict[str, _Word] = {}
        self._tens: dict[str, int] = {}
        self._units: dict[str, int] = {}
        self.hundred = {_HUNDRED[lang] for lang in langs}
        self.repeat: dict[str, int] = {}
        self.conjunctions = {_AND[lang] for lang in langs}
        self.dashes = set().union(*(_SPOKEN_DASH[lang] for lang in langs))
        for lang in langs:
            for value, word in enumerate(_UNITS[lang]):
                self._units[word] = value
            self._units.update(_EXTRA_UNITS[lang])
            for value, word in enumerate(_TEENS[lang], start=10):
                self._words[word] = _Word(value, "teen", str(value))
            for value, word in enumerate(_TENS[lang], start=2):
                self._tens[word] = value * 10
            self.repeat.update(_REPEAT[lang])
        for word, value in self._units.items():
            self._words[word] = _Word(value, "unit", str(value))
        for word, value in self._tens.items():
            self._words[word] = _Word(value, "tens", str(value))
        self._compound = self._compound_pattern()

    def _compound_pattern(self) -> re.Pattern[str]:
        # "fyrtiofem", "twentyone" (tens + unit); Danish "femogfyrre" (unit + og + tens).
        tens = "|".join(sorted(self._tens, key=len, reverse=True))
        units = "|".join(sorted((w for w, v in self._units.items() if v > 0 and len(w) > 1),
                                key=len, reverse=True))
        return re.compile(rf"(?:(?P<t>{tens})(?P<u>{units})|(?P<u2>{units})og(?P<t2>{tens}))")

    def word(self, token: str) -> _Word | None:
        token = token.lower()
        if token.isdigit():
            return _Word(int(token), "num", token)
        found = self._words.get(token)
        if found is not None:
            return found
        for part in self.hundred:  # "nittonhundraåttiofem" = 1985
            head, sep, tail = token.partition(part)
            if sep and head:
                left, right = self.word(head), self.word(tail) if tail else None
                if left is not None and left.value < 100 and (not tail or right is not None):
                    low = right.value if right is not None else 0
                    if low < 100:
                        value = left.value * 100 + low
                        return _Word(value, "num", str(value))
        match = self._compound.fullmatch(token)
        if match:
            tens = self._tens[match["t"] or match["t2"]]
            unit = self._units[match["u"] or match["u2"]]
            return _Word(tens + unit, "num", str(tens + unit))
        return None


@cache
def number_words(language: str | None) -> NumberWords:
    """Read-only once built: one per language for the whole program."""
    return NumberWords(language)


def digit_runs(text: str, language: str | None) -> list[DigitRun]:
    """Every stretch of ``text`` that reads as a sequence of digits, in order."""
    words = number_words(language if language in ("sv", "da") else None)
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    runs: list[DigitRun] = []
    i = 0
    while i < len(tokens):
        run = _read_run(text, tokens, i, words)
        if run is None:
            i += 1
            continue
        found, i = run
        runs.append(found)
    return runs


def _read_run(text: str, tokens: list[tuple[int, int, str]], i: int,
              words: NumberWords) -> tuple[DigitRun, int] | None:
    """The run starting at token ``i`` (None if that token is no number), and where it ends."""
    parts: list[str] = []
    start = end = tokens[i][0]
    spoken = False
    pending_unit: _Word | None = None  # a unit that "og"/"and" + tens may still join (DA)
    open_tens = False  # the last part is a bare tens word ("forty") a unit may complete
    j = i
    while j < len(tokens):
        t_start, t_end, token = tokens[j]
        if j > i and not _SEPARATOR.fullmatch(text[tokens[j - 1][1]:t_start]):
            break
        low = token.lower()
        times = words.repeat.get(low)
        if times and j + 1 < len(tokens):  # "double five"
            nxt = words.word(tokens[j + 1][2])
            if nxt is not None and nxt.kind == "unit":
                parts.append(nxt.digits * times)
                spoken, end, j = True, tokens[j + 1][1], j + 2
                pending_unit, open_tens = None, False
                continue
        if low in words.dashes and parts and j + 1 < len(tokens) \
                and words.word(tokens[j + 1][2]) is not None:
            pending_unit, open_tens, j = None, False, j + 1
            continue
        if low in words.conjunctions and parts and j + 1 < len(tokens):
            nxt = words.word(tokens[j + 1][2])
            if pending_unit is not None and nxt is not None and nxt.kind == "tens":
                # Danish "fem og fyrre" = 45: the unit already written becomes the ones.
                parts[-1] = str(nxt.value + pending_unit.value)
                pending_unit, end, j = None, tokens[j + 1][1], j + 2
                open_tens = False
                continue
            break
        if low in words.hundred and parts and parts[-1].isdigit() and int(parts[-1]) < 100:
            # "nineteen hundred eighty-five" → 1985; a bare "… hundred" → 00.
            nxt = words.word(tokens[j + 1][2]) if j + 1 < len(tokens) else None
            if nxt is not None and nxt.value < 100:
                low_part = nxt.value
                step = 2
                if nxt.kind == "tens" and j + 2 < len(tokens):
                    unit = words.word(tokens[j + 2][2])
                    if unit is not None and unit.kind == "unit" and unit.value:
                        low_part, step = nxt.value + unit.value, 3
                parts[-1] += f"{low_part:02d}"
                spoken, end, j = True, tokens[j + step - 1][1], j + step
            else:
                parts[-1] += "00"
                spoken, end, j = True, t_end, j + 1
            pending_unit, open_tens = None, False
            continue
        word = words.word(token)
        if word is None:
            break
        if word.kind == "unit" and word.value and open_tens:
            parts[-1] = str(int(parts[-1]) + word.value)  # "forty five" = 45
            pending_unit = None
        else:
            parts.append(word.digits)
            pending_unit = word if word.kind == "unit" else None
        open_tens = word.kind == "tens"
        spoken = spoken or not token.isdigit()
        end, j = t_end, j + 1
    if j == i:
        return None
    plus = text[max(0, start - 1):start] == "+"
    if plus:
        start -= 1
    digits = "".join(parts)
    if not digits:
        return None
    return DigitRun(start, end, digits, spoken, plus), j

