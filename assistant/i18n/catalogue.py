"""A gettext-style message catalogue for what the core writes for people to read.

Messages are keyed by their English text (as gettext does), so the English
catalogue is empty and a missing translation shows the English rather than
nothing. Translations live in ``assistant/data/i18n/<language>.json``:
``{"English": "Svenska"}``, and for counts ``{"English": ["one", "many"]}``
(English, Swedish and Danish all have one singular and one plural form).
Placeholders are ``str.format`` fields, named, so a translation can move them.
A short word that means different things in different places is keyed with its
context, gettext's ``msgctxt``: ``"request|Cancel"``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from assistant.i18n.languages import DEFAULT, ensure_language


@dataclass(frozen=True)
class Catalogue:
    language: str
    messages: Mapping[str, str | list[str]] = field(default_factory=dict)

    def gettext(self, message: str, **values: Any) -> str:
        """``message`` in this language, its ``{fields}`` filled from ``values``."""
        found = self.messages.get(message, message)
        text = found if isinstance(found, str) else found[0]
        return text.format(**values) if values else text

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as meant in ``context`` (the English when there is no translation)."""
        found = self.messages.get(f"{context}|{message}", message)
        return found if isinstance(found, str) else found[0]

    def ngettext(self, singular: str, plural: str, n: int, **values: Any) -> str:
        """The form for ``n`` (``{n}`` is filled in too)."""
        found = self.messages.get(singular)
        forms = found if isinstance(found, list) and len(found) == 2 else [singular, plural]
        return forms[0 if n == 1 else 1].format(n=n, **values)


@cache
def catalogue(language: str) -> Catalogue:
    """The catalogue for one of the app's languages (English: the messages themselves)."""
    ensure_language(language)
    if language == DEFAULT:
        return Catalogue(language)
    from assistant.paths import package_data

    path = package_data("i18n", f"{language}.json")
    messages = json.loads(path.read_text(encoding="utf-8"))
    return Catalogue(language, messages)
