"""The languages the app speaks to people in (Qt-free).

The window is translated with Qt's own system (``assistant/ui/i18n.py``, ``.ts``
sources); everything the core writes for a person to read (live prompts,
reviews, Markdown and HTML exports) goes through a small gettext-style
``Catalogue`` here, and numbers, dates and durations through ``formatting``.
"""

from assistant.i18n.catalogue import Catalogue, catalogue
from assistant.i18n.languages import (
    LANGUAGE_NAMES,
    QT_TRANSLATE_NOOP,
    UI_LANGUAGES,
    ensure_language,
    from_locale_name,
    resolve,
)

__all__ = ["LANGUAGE_NAMES", "QT_TRANSLATE_NOOP", "UI_LANGUAGES", "Catalogue", "catalogue",
           "ensure_language", "from_locale_name", "resolve"]
