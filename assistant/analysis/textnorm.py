"""Text normalisation for comparing what callers say (English, Swedish, Danish).

Transcripts differ in spelling, punctuation, contractions, number format and
word endings even when the words are the same; everything here maps them onto
one comparable form. Word lists live in ``assistant/data/lexicon/<lang>.json``
and the request types in ``assistant/data/requests/``, so users can extend them;
any other language gets a generic fallback (all lists merged, no stemming)
rather than nothing.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import Stemmer

from assistant.analysis.taxonomy import request_types

LANGUAGES = ("en", "sv", "da")
GENERIC = "*"

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'"})
# A word: letters and digits (Unicode-aware), possibly with inner apostrophes.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_DIGITS = re.compile(r"\d+")
_SENTENCE = re.compile(r"([^.!?;]+)([.!?;]*)")


@dataclass(frozen=True)
class Phrase:
    """A lexicon entry: consecutive words, each a stem or a prefix ("cancel*", "säg* upp")."""

    text: str
    words: tuple[str, ...]  # stems, or raw prefixes where ``open`` says so
    open: tuple[bool, ...] = ()  # per word: matches any word starting with it

    def spans(
        self,
        tokens: Sequence[str],
        stems: Sequence[str],
        fuzzy: float = 0.0,
        present: Container[str] | None = None,
    ) -> list[tuple[int, int]]:
        """Where the phrase occurs, as ``(start, end)`` token indices.

        ``fuzzy`` > 0 also accepts a single long word that is merely similar,
        because Whisper often garbles one or two letters of a key word.
        ``present``: all tokens and stems, when the caller has them as a set.
        """
        n = len(self.words)
        first = self.words[0] if n else ""
        present = present if present is not None else {*tokens, *stems}
        if n and not self._is_open(0) and first not in present:
            found = []  # the common case, decided without the loop below
        else:
            found = [
                (i, i + n)
                for i in range(len(tokens) - n + 1)
                if n and all(self._hit(k, tokens[i + k], stems[i + k]) for k in range(n))
            ]
        if not found and fuzzy and n == 1 and len(first) >= 6:
            near = self._near
            found = [(i, i + 1) for i in range(len(tokens)) if near(tokens[i], stems[i], fuzzy)]
        return found

    def _is_open(self, k: int) -> bool:
        return bool(self.open) and self.open[k]

    def _hit(self, k: int, token: str, stem: str) -> bool:
        word = self.words[k]
        if self._is_open(k):
            return token.startswith(word)
        return stem == word or token == word

    def _near(self, token: str, stem: str, fuzzy: float) -> bool:
        word = self.words[0]
        if self._is_open(0):
            stem = token[: len(word)]
            if len(stem) < len(word):
                return False
        elif len(stem) < 5 or 2 * min(len(stem), len(word)) < fuzzy * (len(stem) + len(word)):
            return False  # lengths alone rule it out: no n-grams needed
        elif len(word) - len(stem) >= 3 and (word.startswith(stem) or word.endswith(stem)):
            # A whole word inside the key word is another word, not a misspelling of it:
            # Danish "mellem" (between) is not "mellemleder" (a manager).
            return False
        return char_ngram_similarity(stem, word) >= fuzzy


@dataclass(frozen=True)
class Lexicon:
    """One language's word lists, loaded once and normalised like transcripts."""

    language: str
    stemmer: str | None
    contractions: Mapping[str, tuple[str, ...]]
    suffixes: tuple[tuple[str, str], ...]
    numbers: Mapping[str, int]
    ambiguous_numbers: frozenset[str]
    number_connectors: frozenset[str]
    stopwords: frozenset[str]
    weak_words: frozenset[str]  # stemmed
    min_word_len: int  # shorter tokens never count as content (letters spelled out)
    backchannels: tuple[Phrase, ...] = ()
    strong_cues: tuple[Phrase, ...] = ()
    weak_cues: tuple[Phrase, ...] = ()
    repeat_asks: tuple[Phrase, ...] = ()
    repeat_asks_short: tuple[Phrase, ...] = ()
    request_markers: tuple[Phrase, ...] = ()
    new_request_markers: tuple[Phrase, ...] = ()
    negations: frozenset[str] = frozenset()
    clause_words: frozenset[str] = frozenset()
    past_suffixes: tuple[str, ...] = ()
    past_before: frozenset[str] = frozenset()
    affirmations: tuple[Phrase, ...] = ()
    clarify_words: tuple[Phrase, ...] = ()
    intents: Mapping[str, tuple[Phrase, ...]] = field(default_factory=dict)
    objects: Mapping[str, tuple[Phrase, ...]] = field(default_factory=dict)

    def stem(self, words: Iterable[str]) -> list[str]:
        words = list(words)
        if self.stemmer is None:
            return words
        return list(_stemmer(self.stemmer).stemWords(words))

    def is_content(self, token: str) -> bool:
        """A word that carries meaning: not a stopword, a number, or a spelled-out letter."""
        return (
            len(token) >= self.min_word_len
            and token not in self.stopwords
            and not _DIGITS.fullmatch(token)
        )


@lru_cache(maxsize=8)
def _stemmer(name: str) -> Any:
    return Stemmer.Stemmer(name)


def find(
    phrases: Iterable[Phrase], tokens: Sequence[str], stems: Sequence[str], fuzzy: float = 0.0
) -> list[tuple[Phrase, int, int]]:
    """Every occurrence of any of ``phrases``, as ``(phrase, start, end)``."""
    present = {*tokens, *stems}
    return [(p, s, e) for p in phrases for s, e in p.spans(tokens, stems, fuzzy, present)]


# --- Tokens -------------------------------------------------------------------


def sentences(text: str) -> list[tuple[str, bool]]:
    """The sentences of a transcript, each with whether it ends in a question mark."""
    return [(m[1], "?" in m[2]) for m in _SENTENCE.finditer(text) if m[1].strip()]


def tokenize(text: str) -> list[str]:
    """NFKC, lowercase, unified apostrophes; words of letters/digits, punctuation dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    return _WORD.findall(text)


def _expand(tokens: Iterable[str], lex: Lexicon) -> list[str]:
    """Expand contractions ("don't" -> "do not") and drop leftover apostrophes."""
    out: list[str] = []
    for token in tokens:
        if token in lex.contractions:
            out.extend(lex.contractions[token])
            continue
        for suffix, replacement in lex.suffixes:
            if token.endswith(suffix) and len(token) > len(suffix):
                token = token[: -len(suffix)] + replacement
                break
        out.extend(token.replace("'", "").split())
    return out


def normalize(text: str, language: str | None) -> list[str]:
    """Comparable tokens: lowercase words, contractions expanded, numbers as digits."""
    lex = load_lexicon(language)
    return _numbers_to_digits(_expand(tokenize(text), lex), lex)


def content_stems(text: str, language: str | None) -> list[str]:
    """Stems of the meaningful words: stopwords, numbers and single letters removed."""
    lex = load_lexicon(language)
    return lex.stem(t for t in normalize(text, language) if lex.is_content(t))


# --- Numbers --------------------------------------------------------------------


def _number_value(token: str, lex: Lexicon) -> int | None:
    """Value of a number word, including compounds such as "tjugofem" or "femogtyve"."""
    if token in lex.numbers:
        return lex.numbers[token]
    parts = _split_compound(token, lex)
    values = _chunk_values(parts, lex) if parts else []
    return values[0] if len(values) == 1 else None


def _split_compound(token: str, lex: Lexicon) -> list[str] | None:
    """Split a run-together number word into known parts, or None."""
    if len(token) < 5:
        return None
    for cut in range(len(token) - 2, 1, -1):
        head, tail = token[:cut], token[cut:]
        if head in lex.numbers or head in lex.number_connectors:
            rest = [tail] if tail in lex.numbers else _split_compound(tail, lex)
            if rest is not None:
                return [head, *rest]
    return None


def _chunk_values(words: Sequence[str], lex: Lexicon) -> list[int]:
    """Group number words into numbers: "four seven one" -> 4, 7, 1; "three thousand" -> 3000."""
    chunks: list[int] = []
    current: int | None = None
    joined = False  # the previous word was a connector ("and", "og")
    for word in words:
        if word in lex.number_connectors:
            joined = True
            continue
        value = lex.numbers[word]
        if current is None:
            current = value
        elif value >= 100:
            current = max(current, 1) * value
        elif _combines(current, value, joined):
            current += value
        else:
            chunks.append(current)
            current = value
        joined = False
    if current is not None:
        chunks.append(current)
    return chunks


def _combines(current: int, value: int, joined: bool) -> bool:
    """Whether ``value`` continues the number ("twenty" + "one") instead of starting another.

    A connector joins "hundred and five" and Danish "fem og tyve" (5 + 20).
    """
    low = current % 100
    if low == 0:
        return current > 0
    if joined and low < 10 and value < 100 and value % 10 == 0:
        return True
    return value < 10 and low >= 20 and low % 10 == 0


def _numbers_to_digits(tokens: list[str], lex: Lexicon) -> list[str]:
    """Number words become digits, and adjacent digit groups join ("471 229" -> "471229")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        end = _number_run(tokens, i, lex)
        run = tokens[i:end]
        # "one", "en", "et" are also pronouns/articles: alone they stay words.
        if any(w not in lex.ambiguous_numbers and w not in lex.number_connectors for w in run):
            words = [p for w in run for p in
                     ([w] if w in lex.numbers or w in lex.number_connectors
                      else _split_compound(w, lex) or [])]
            out.extend(str(v) for v in _chunk_values(words, lex))
            i = end
        else:
            out.append(tokens[i])
            i += 1
    return _join_digits(out)


def _number_run(tokens: list[str], start: int, lex: Lexicon) -> int:
    """End of the run of number words (joined by "and", "og") starting at ``start``."""
    end = start
    while end < len(tokens):
        if tokens[end] in lex.number_connectors and end > start and end + 1 < len(tokens):
            if _number_value(tokens[end + 1], lex) is None:
                break
        elif _number_value(tokens[end], lex) is None:
            break
        end += 1
    return end


def _join_digits(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for t in tokens:
        if out and t.isdigit() and out[-1].isdigit():
            out[-1] += t
        else:
            out.append(t)
    return out


# --- Character n-grams ---------------------------------------------------------------


def char_ngrams(text: str, n: int = 3) -> Counter[str]:
    """Character n-grams with spaces removed, so split and run-together words agree."""
    return Counter(_ngrams(text, n))


@lru_cache(maxsize=65536)
def _ngrams(text: str, n: int) -> Counter[str]:
    # Cached: the same words are compared again and again; callers must not mutate it.
    s = "".join(text.split())
    if len(s) < n:
        return Counter([s]) if s else Counter()
    return Counter(s[i : i + n] for i in range(len(s) - n + 1))


def char_ngram_similarity(a: str, b: str, n: int = 3) -> float:
    """Dice coefficient of character n-gram multisets (1.0 equal, 0.0 nothing shared).

    Robust to the small spelling errors ASR makes ("cancell", "abonnemanget"
    vs "abonnemang") and to words split or joined differently.
    """
    return dice(_ngrams(a, n), _ngrams(b, n))


def dice(a: Counter[str], b: Counter[str]) -> float:
    """Dice coefficient of two multisets (n-gram counts)."""
    total = a.total() + b.total()
    if total == 0:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return 2.0 * sum(min(c, large[k]) for k, c in small.items() if k in large) / total


# --- Lexicon loading --------------------------------------------------------------


def _read(language: str) -> dict[str, Any]:
    path = resources.files("assistant") / "data" / "lexicon" / f"{language}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _merge(raws: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Union of several languages' lists: the fallback when the language is unknown."""
    merged: dict[str, Any] = {"stemmer": None}
    for raw in raws:
        for key, value in raw.items():
            if key in ("_doc", "stemmer"):
                continue
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                target = merged.setdefault(key, {})
                for k, v in value.items():
                    target[k] = target.get(k, []) + v if isinstance(v, list) else v
    return merged


def load_lexicon(language: str | None) -> Lexicon:
    """The lexicon for an ISO 639-1 code ("sv", "en-GB"); unknown or None: the generic one."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    return _load(code if code in LANGUAGES else GENERIC)


@cache
def _load(code: str) -> Lexicon:
    raw = _read(code) if code in LANGUAGES else _merge([_read(c) for c in LANGUAGES])
    return _build(code if code in LANGUAGES else GENERIC, _with_requests(raw, code))


def _with_requests(raw: dict[str, Any], code: str) -> dict[str, Any]:
    """The lexicon plus the request taxonomy's patterns (as intents) and objects."""
    requests = request_types(code)
    objects = dict(raw.get("objects", {}))
    for name, words in requests.get("objects", {}).items():
        objects[name] = [*objects.get(name, []), *words]
    intents = {name: list(entry.get("patterns", []))
               for name, entry in requests["types"].items()}
    return {**raw, "intents": intents, "objects": objects}


def _build(language: str, raw: dict[str, Any]) -> Lexicon:
    suffixes = raw.get("contraction_suffixes", {}).items()
    base = Lexicon(
        language=language,
        stemmer=raw.get("stemmer"),
        contractions={k: tuple(v.split()) for k, v in raw.get("contractions", {}).items()},
        suffixes=tuple(sorted(suffixes, key=lambda kv: -len(kv[0]))),
        numbers=dict(raw.get("numbers", {})),
        ambiguous_numbers=frozenset(raw.get("ambiguous_numbers", [])),
        number_connectors=frozenset(raw.get("number_connectors", [])),
        stopwords=frozenset(raw.get("stopwords", [])),
        weak_words=frozenset(),
        # Without a language's own stopword list, short words are mostly function words.
        min_word_len=2 if language != GENERIC else 4,
    )

    def phrases(key: str, source: Mapping[str, Any] = raw) -> tuple[Phrase, ...]:
        return tuple(_phrase(e, base) for e in source.get(key, []) if e.strip())

    cues = raw.get("repeat_cues", {})
    return replace(
        base,
        weak_words=frozenset(base.stem(raw.get("weak_words", []))),
        backchannels=phrases("backchannels"),
        strong_cues=phrases("strong", cues),
        weak_cues=phrases("weak", cues),
        repeat_asks=phrases("repeat_asks"),
        repeat_asks_short=phrases("repeat_asks_short"),
        request_markers=phrases("request_markers"),
        new_request_markers=phrases("new_request_markers"),
        negations=frozenset(raw.get("negations", [])),
        clause_words=frozenset(raw.get("clause_words", [])),
        past_suffixes=tuple(raw.get("past_suffixes", [])),
        past_before=frozenset(raw.get("past_before", [])),
        affirmations=phrases("affirmations"),
        clarify_words=phrases("clarify_words"),
        intents={k: phrases(k, raw.get("intents", {})) for k in raw.get("intents", {})},
        objects={k: phrases(k, raw.get("objects", {})) for k in raw.get("objects", {})},
    )


def _phrase(entry: str, lex: Lexicon) -> Phrase:
    """Normalise a lexicon entry like a transcript; words ending in '*' stay prefixes."""
    entry = unicodedata.normalize("NFKC", entry.strip().lower())
    if "*" not in entry:
        words = _numbers_to_digits(_expand(tokenize(entry), lex), lex)
        return Phrase(entry, tuple(lex.stem(words)))
    parts: list[tuple[str, bool]] = []
    for word in entry.split():
        if word.endswith("*"):
            parts.append((word.rstrip("*"), True))
        else:
            parts.extend((w, False) for w in lex.stem(_expand(tokenize(word), lex)))
    return Phrase(entry, tuple(w for w, _ in parts), tuple(o for _, o in parts))
