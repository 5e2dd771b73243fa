"""Listening cues: phrases in the agent's words that show poor listening, or good listening.

Phrase sets live in ``assistant/data/cues/<language>.json`` (the format is documented
in that file's ``_doc``); a user's own folder of files with the same names may
be passed in and is merged over them. Phrases are normalised exactly like
transcripts (``assistant.analysis.textnorm``), and matching tolerates what
speech recognition does to words: contractions written either way, other word
endings (stems), a misspelt long word, and one extra word inside a phrase
("that is just our policy"). A negation never bridges a phrase and undoes one
it follows, so "I don't understand" and "jag förstår inte" are not "I understand".
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.analysis.textnorm import (
    LANGUAGES,
    Lexicon,
    char_ngram_similarity,
    load_lexicon,
    normalize,
    tokenize,
)
from assistant.errors import InputError
from assistant.paths import package_data
from assistant.records import Speaker, Utterance
from assistant.timebase import seconds

BUILTIN_DIR = package_data("cues")  # inside the package: a pip-installed copy has them too
KINDS = ("poor", "good")
MAX_GAP = 1  # extra words allowed between two words of a phrase
_FUZZY_MIN_LEN = 5  # shorter words must match exactly (or by stem)
_FUZZY_SIMILARITY = 0.75  # character-trigram similarity that also counts as the same word


@dataclass(frozen=True)
class CuePhrase:
    """One phrase as written in a cue file, and its comparable form."""

    text: str
    words: tuple[str, ...]  # normalised tokens (prefixes for open words)
    stems: tuple[str, ...]
    open: tuple[bool, ...]  # per word: a '*' prefix


@dataclass(frozen=True)
class CueCategory:
    key: str
    label: str
    kind: str  # "poor" | "good"
    advice: str
    phrases: tuple[str, ...]
    prompt: str | None = None
    live: bool = False  # a live prompt during the call (off unless a cue file says so)


@dataclass(frozen=True)
class CueSet:
    """The categories in force for one language, and the files they came from."""

    language: str | None
    categories: tuple[CueCategory, ...]
    sources: tuple[Path, ...] = ()

    def category(self, key: str) -> CueCategory | None:
        return next((c for c in self.categories if c.key == key), None)


@dataclass(frozen=True)
class CueHit:
    """A cue phrase heard in one agent utterance."""

    category: str
    kind: str
    label: str
    phrase: str  # as written in the cue file
    said: str  # the matching words, normalised ("i am sorry")
    utterance: int
    speaker: Speaker
    time: int  # the utterance's start: where to listen from
    text: str = ""  # the whole utterance as transcribed ("I'm sorry I'm out now.")

    @property
    def context(self) -> str:
        """The utterance as said, shortened around the cue when it is long."""
        text = " ".join(self.text.split()) or self.said
        if len(text) <= 120:
            return text
        first = self.said.split()[0] if self.said else ""
        at = max(0, text.lower().find(first) - 40) if first else 0
        part = text[at: at + 110].rsplit(" ", 1)[0]
        return ("…" if at else "") + part + "…"

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category, "kind": self.kind, "label": self.label,
                "phrase": self.phrase, "said": self.said, "utterance": self.utterance,
                "time": round(seconds(self.time), 3)}


# --- Files --------------------------------------------------------------------------


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read cue file {path}: {exc.strerror or exc}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"cue file {path} is not valid JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("categories", {}), dict):
        raise InputError(f"cue file {path}: expected an object with \"categories\": {{...}}")
    return data


def _strings(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InputError(f"{where}: expected a list of strings")
    return [v for v in value if v.strip()]


def _merge(base: dict[str, dict[str, Any]], extra: Mapping[str, Any], path: Path) -> None:
    """Lay a user's categories over the built-in ones (phrases added, the rest replaced)."""
    for key, entry in extra.items():
        where = f"cue file {path}, category {key!r}"
        if not isinstance(entry, dict):
            raise InputError(f"{where}: expected an object")
        target = base.setdefault(key, {"phrases": []})
        for name, value in entry.items():
            if name == "phrases":
                target["phrases"] = [*target.get("phrases", []), *_strings(value, where)]
            elif name == "exclude":
                drop = {_fold(p) for p in _strings(value, where)}
                target["phrases"] = [p for p in target.get("phrases", []) if _fold(p) not in drop]
            else:
                target[name] = value


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _category(key: str, raw: Mapping[str, Any], sources: Sequence[Path]) -> CueCategory | None:
    where = f"cue category {key!r} (from {', '.join(map(str, sources))})"
    if raw.get("enabled", True) is False:
        return None
    kind = raw.get("kind", "poor")
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    for name in ("label", "advice", "prompt"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            raise InputError(f"{where}: {name} must be text")
    phrases = tuple(dict.fromkeys(_strings(raw.get("phrases", []), where)))
    return CueCategory(key=key, label=raw.get("label") or key.replace("_", " ").capitalize(),
                       kind=kind, advice=raw.get("advice") or "", phrases=phrases,
                       prompt=raw.get("prompt"), live=raw.get("live") is True)


def _language_code(language: str | None) -> str | None:
    code = (language or "").lower().split("-")[0].split("_")[0]
    return code or None


def load_cues(language: str | None, user_dir: Path | None = None, *,
              builtin_dir: Path = BUILTIN_DIR) -> CueSet:
    """The cue categories for ``language``: the built-in file, then ``user_dir``'s, merged.

    An unknown or missing language gets every built-in language's phrases (the
    transcript may be in any of them). ``user_dir`` may hold files for other
    languages too (``de.json``); a missing folder or file is simply not used.
    """
    code = _language_code(language)
    folders = [builtin_dir] + ([user_dir] if user_dir is not None else [])
    codes = [code] if code else []
    if code not in LANGUAGES and not any((f / f"{code}.json").is_file() for f in folders):
        codes = list(LANGUAGES)  # no phrases for it: look for those of every language
    categories: dict[str, dict[str, Any]] = {}
    sources: dict[str, list[Path]] = {}
    used: list[Path] = []
    for folder in folders:
        for c in codes:
            path = folder / f"{c}.json"
            if not path.is_file():
                continue
            found = _read(path).get("categories", {})
            _merge(categories, found, path)
            for key in found:
                sources.setdefault(key, []).append(path)
            used.append(path)
    built = (_category(k, v, sources.get(k, [])) for k, v in categories.items())
    return CueSet(language=code, categories=tuple(c for c in built if c is not None),
                  sources=tuple(used))


# --- Matching -----------------------------------------------------------------------


def compile_phrase(text: str, lex: Lexicon) -> CuePhrase:
    """Normalise a phrase like a transcript; words ending in '*' stay prefixes."""
    words: list[str] = []
    opened: list[bool] = []
    for part in text.replace("…", " ").split():
        if part.endswith("*") and part.rstrip("*"):
            for token in tokenize(part.rstrip("*")):
                words.append(token)
                opened.append(False)
            opened[-1] = True
        else:
            for token in normalize(part, lex.language):
                words.append(token)
                opened.append(False)
    # Contractions may span written words ("that's" -> "that is"): normalise the whole
    # phrase when nothing is open, so the tokens are exactly those of a transcript.
    if not any(opened):
        words = normalize(text.replace("…", " "), lex.language)
        opened = [False] * len(words)
    stems = lex.stem(w if not o else "" for w, o in zip(words, opened, strict=True))
    return CuePhrase(text, tuple(words), tuple(stems), tuple(opened))


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (limit + 1) once it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=65536)
def _similar(token: str, word: str) -> bool:
    """A long word garbled a little by ASR: one edit (two in long words), or close n-grams."""
    if len(token) < _FUZZY_MIN_LEN or len(word) < _FUZZY_MIN_LEN:
        return False
    if any(ch.isdigit() for ch in token + word):
        return False
    limit = 1 if max(len(token), len(word)) < 9 else 2
    if _edit_distance(token, word, limit) <= limit:
        return True
    return char_ngram_similarity(token, word) >= _FUZZY_SIMILARITY


class CueMatcher:
    """Finds the phrases of a ``CueSet`` in text of one language."""

    def __init__(self, cues: CueSet) -> None:
        self.cues = cues
        self.lexicon = load_lexicon(cues.language)
        self._compiled: list[tuple[CueCategory, CuePhrase]] = []
        for category in cues.categories:
            for text in category.phrases:
                phrase = compile_phrase(text, self.lexicon)
                if phrase.words:
                    self._compiled.append((category, phrase))
        self._negations = self.lexicon.negations

    def _word_hit(self, phrase: CuePhrase, k: int, token: str, stem: str) -> bool:
        word = phrase.words[k]
        if phrase.open[k]:
            return token.startswith(word)
        if token == word or stem == phrase.stems[k]:
            return True
        return _similar(token, word) or _similar(stem, phrase.stems[k])

    def _find(self, phrase: CuePhrase, tokens: Sequence[str], stems: Sequence[str]
              ) -> tuple[int, int] | None:
        """First occurrence as (start, end) token indices, words in order with small gaps."""
        n = len(phrase.words)
        for start in range(len(tokens)):
            if not self._word_hit(phrase, 0, tokens[start], stems[start]):
                continue
            at, ok = start, True
            for k in range(1, n):
                found = None
                for step in range(1, MAX_GAP + 2):
                    i = at + step
                    if i >= len(tokens):
                        break
                    if self._word_hit(phrase, k, tokens[i], stems[i]):
                        found = i
                        break
                    if tokens[i] in self._negations:
                        break  # "i do not understand" never bridges to "i understand"
                if found is None:
                    ok = False
                    break
                at = found
            # "jag förstår inte", "jeg forstår ikke": a negation right after undoes it.
            if ok and not (at + 1 < len(tokens) and tokens[at + 1] in self._negations):
                return start, at + 1
        return None

    def match(self, text: str) -> list[tuple[CueCategory, CuePhrase, str]]:
        """Each category found in ``text`` once: (category, phrase, the words as said).

        Where phrases overlap, the longest wins ("I'm sorry to hear" over "I'm sorry").
        """
        tokens = normalize(text, self.lexicon.language)
        if not tokens:
            return []
        stems = self.lexicon.stem(tokens)
        found: list[tuple[int, int, CueCategory, CuePhrase]] = []
        for category, phrase in self._compiled:
            where = self._find(phrase, tokens, stems)
            if where is not None:
                found.append((*where, category, phrase))
        found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
        taken: list[tuple[int, int]] = []
        seen: set[str] = set()
        out: list[tuple[CueCategory, CuePhrase, str]] = []
        for start, end, category, phrase in found:
            if category.key in seen or any(start < e and s < end for s, e in taken):
                continue
            seen.add(category.key)
            taken.append((start, end))
            out.append((category, phrase, " ".join(tokens[start:end])))
        return out


@dataclass
class CueDetector:
    """Listening cues in a call: feed finalised utterances (live), or use ``find_cues``.

    Only the agent's words are read; a mono recording (speaker unknown) has none.
    """

    cues: CueSet
    speakers: frozenset[Speaker] = frozenset({Speaker.AGENT})
    _matcher: CueMatcher = field(init=False)

    def __post_init__(self) -> None:
        self._matcher = CueMatcher(self.cues)

    def feed(self, utterance: Utterance) -> list[CueHit]:
        if utterance.speaker not in self.speakers:
            return []
        return [CueHit(category=c.key, kind=c.kind, label=c.label, phrase=p.text, said=said,
                       utterance=utterance.id, speaker=utterance.speaker,
                       time=utterance.span.start, text=utterance.text)
                for c, p, said in self._matcher.match(utterance.text)]

    def live_prompts(self, hits: Iterable[CueHit]) -> list[tuple[CueHit, str]]:
        """The hits whose category asks for a live prompt, with its text (off by default)."""
        out = []
        for hit in hits:
            category = self.cues.category(hit.category)
            if category is not None and category.live and category.prompt:
                out.append((hit, category.prompt))
        return out


def find_cues(utterances: Iterable[Utterance], cues: CueSet) -> list[CueHit]:
    """Every cue in the agent's utterances, in time order."""
    detector = CueDetector(cues)
    hits = [h for u in utterances for h in detector.feed(u)]
    return sorted(hits, key=lambda h: (h.time, h.utterance))
