"""Recognising backchannels: "mm-hmm", "yeah, right", "ja precis", "nemlig".

A listener's short acknowledgement overlaps the speaker without taking the
floor, so a talk-over prompt raised on it is withdrawn. The test is on the
text only: every word of the utterance must be part of a backchannel phrase
from the lexicon, or a hum ("mm", "mhm", "hmm"), however Whisper spells it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from assistant.analysis.textnorm import load_lexicon, normalize

MAX_TOKENS = 6  # "Mm-hmm, yeah, right, I see." is still a backchannel; a sentence is not

# Hums and interjections in any language and spelling: "mm", "mhm", "hmm",
# "m-hm", "uh-huh", "aha", "ah", "oh", "mkay" (after letters are squeezed), and
# laughter as Whisper writes it: "ha ha", "hehe", "(laughs)", "[laughter]".
_HUM = re.compile(r"(?:[hm]*m[hm]*|u+h*|uhu|ah|aha|oh|eh|hah|huh|mkay|mok|ok|er|erm"
                  r"|h[ae]h?|laughs|laughter|laughing|chuckles)")


def _squeeze(word: str) -> str:
    """Collapse repeated letters so "mmm", "yeaaah" and "jaaa" match "m", "yeah", "ja"."""
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=16)
def _vocabulary(language: str | None) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """Backchannel phrases as squeezed word tuples, and the single words among them.

    They are compared unstemmed: their written form is what Whisper emits.
    """
    lex = load_lexicon(language)
    phrases = frozenset(
        tuple(_squeeze(w) for w in normalize(p.text, language)) for p in lex.backchannels
    )
    singles = frozenset(p[0] for p in phrases if len(p) == 1)
    return phrases, singles


def _is_single(word: str, singles: frozenset[str]) -> bool:
    return word in singles or _HUM.fullmatch(word) is not None


def _run_together(word: str, singles: frozenset[str]) -> bool:
    """Whether a word is backchannels written as one ("jaja", "mmok", "okayokay")."""
    n = len(word)
    ok = [True] + [False] * n  # ok[i]: word[:i] splits into known pieces
    for end in range(1, n + 1):
        ok[end] = any(ok[start] and _is_single(word[start:end], singles) for start in range(end))
    return n > 0 and ok[n]


def _covered(words: Sequence[str], language: str | None) -> bool:
    """Whether the words split completely into backchannel phrases and hums."""
    phrases, singles = _vocabulary(language)
    longest = max((len(p) for p in phrases), default=1)
    ok = [True] + [False] * len(words)
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - longest), end):
            if not ok[start]:
                continue
            piece = tuple(words[start:end])
            if piece in phrases or (
                len(piece) == 1
                and (_is_single(piece[0], singles) or _run_together(piece[0], singles))
            ):
                ok[end] = True
                break
    return ok[len(words)]


def is_backchannel(text: str, language: str | None) -> bool:
    """True when the whole utterance is only backchannel words ("Mm-hmm.", "Ja precis.").

    ``language`` picks the lexicon; None or an unknown language uses all of them.
    """
    words = [_squeeze(w) for w in normalize(text, language)]
    if not words or len(words) > MAX_TOKENS:
        return False
    return _covered(words, language)
