"""Which of the app's languages a setting or a system locale stands for."""

from __future__ import annotations

from assistant.errors import AssistantError

UI_LANGUAGES = ("en", "sv", "da")
DEFAULT = "en"
SYSTEM = "system"  # the setting that follows the computer's locale
# Each language's name in itself: what a person looks for in a language list.
LANGUAGE_NAMES = {"en": "English", "sv": "Svenska", "da": "Dansk"}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802: the name lupdate reads
    """Marks a window text kept in Qt-free code; the window ``translate``s it where shown."""
    del context
    return text


def from_locale_name(name: str) -> str:
    """The app language for a locale name such as ``sv_SE.UTF-8``, ``da-DK`` or ``C``."""
    code = name.replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    # Norwegian Bokmål readers get Danish: the written languages are close; English is further.
    if code in ("nb", "no", "nn"):
        return "da"
    return code if code in UI_LANGUAGES else DEFAULT


def resolve(choice: str, system_locale: str) -> str:
    """The language a setting means: itself, or the system's when it says ``system``."""
    if choice in UI_LANGUAGES:
        return choice
    return from_locale_name(system_locale)


def ensure_language(code: str) -> str:
    """``code`` if the app speaks it, else a one-line error naming the ones it does."""
    if code not in UI_LANGUAGES:
        raise AssistantError(f"unknown language {code!r}: choose one of "
                             f"{', '.join(UI_LANGUAGES)}")
    return code
