"""The request taxonomy: what a contact-centre customer asks for, in every language.

``assistant/data/requests/taxonomy.json`` names the request types and the
families of types that may be one request in other words; each language's
``<lang>.json`` gives a type's patterns (how its action is named, matched by
the lexicon) and examples (whole requests, for the semantic signal).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "sv", "da")


@dataclass(frozen=True)
class RequestTaxonomy:
    """Request types and which of them may be the same request."""

    types: Mapping[str, str]  # type -> what it means
    families: tuple[frozenset[str], ...]
    without_object: frozenset[str] = frozenset()  # "call me back": no thing to compare

    def kin(self, name: str) -> frozenset[str]:
        """The types that may be the same request as ``name`` (itself included)."""
        return frozenset({name}.union(*(f for f in self.families if name in f)))

    def related(self, a: Iterable[str], b: Iterable[str]) -> bool:
        """Whether some type of ``a`` may be the same request as some type of ``b``."""
        b = frozenset(b)
        return any(self.kin(x) & b for x in a)

    def shared(self, a: Iterable[str], b: Iterable[str]) -> frozenset[str]:
        """The types of ``a`` and ``b`` that have a relative on the other side."""
        a, b = frozenset(a), frozenset(b)
        return frozenset({x for x in a if self.kin(x) & b} | {y for y in b if self.kin(y) & a})


def _read(name: str) -> dict[str, Any]:
    path = resources.files("assistant") / "data" / "requests" / name
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def load_taxonomy() -> RequestTaxonomy:
    raw = _read("taxonomy.json")
    return RequestTaxonomy(
        types=dict(raw["types"]),
        families=tuple(frozenset(f) for f in raw.get("families", [])),
        without_object=frozenset(raw.get("without_object", [])),
    )


@cache
def request_types(language: str) -> dict[str, Any]:
    """A language's ``types`` (patterns, examples per type) and extra ``objects``.

    Any language but en, sv and da gets all three merged.
    """
    if language in LANGUAGES:
        return _read(f"{language}.json")
    merged: dict[str, Any] = {"types": {}, "objects": {}}
    for code in LANGUAGES:
        raw = _read(f"{code}.json")
        for name, entry in raw["types"].items():
            target = merged["types"].setdefault(name, {"patterns": [], "examples": []})
            target["patterns"] += entry.get("patterns", [])
            target["examples"] += entry.get("examples", [])
        for name, words in raw.get("objects", {}).items():
            merged["objects"][name] = merged["objects"].get(name, []) + words
    return merged


def examples(language: str) -> dict[str, tuple[str, ...]]:
    """Example requests per type, for the semantic signal."""
    return {name: tuple(entry.get("examples", []))
            for name, entry in request_types(language)["types"].items()}
