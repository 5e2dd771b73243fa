"""The window in the agent's language: Qt's translators, installed and switched at run time.

Texts are marked with ``translate("Context", "English text")`` (what
``pyside6-lupdate`` collects into ``assistant/data/i18n/assistant_<lang>.ts``);
the compiled ``.qm`` files are loaded from package data. Installing a
translator makes Qt send every widget a ``LanguageChange`` event; widgets with
fixed texts set them in a ``retranslate()`` method that runs then and at start.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from assistant.i18n.languages import DEFAULT, UI_LANGUAGES
from assistant.i18n.languages import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP  # re-exported
from assistant.paths import package_data
from assistant.records import Speaker
from assistant.settings import AppSettings

_PROPERTY = "assistant_ui_language"
_REPORT_PROPERTY = "assistant_report_language"
# Qt's own locale for each language: QLocale formats numbers in spin boxes and dates.
_QT_LOCALES = {"en": "en_GB", "sv": "sv_SE", "da": "da_DK"}


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``text`` in the window's language."""
    return QCoreApplication.translate(context, text, disambiguation, n)


_SPEAKERS = {Speaker.AGENT: QT_TRANSLATE_NOOP("Speaker", "Agent"),
             Speaker.CUSTOMER: QT_TRANSLATE_NOOP("Speaker", "Customer"),
             Speaker.UNKNOWN: QT_TRANSLATE_NOOP("Speaker", "Speaker")}


def speaker_name(speaker: Speaker) -> str:
    """"Agent", "Customer" in the window's language."""
    return translate("Speaker", _SPEAKERS[speaker])


def plural(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (translated already), with ``%n`` as ``n``.

    English, Swedish and Danish have one singular and one plural form; two plain
    messages keep ``pyside6-lupdate`` (which does not see counts in Python) exact.
    """
    return (one if n == 1 else many).replace("%n", str(n))


def system_locale() -> str:
    """The computer's locale name ("sv_SE"), as Qt reads it from the environment."""
    return QLocale.system().name()


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange


def current_language() -> str:
    """The language installed with ``install`` ("en" before any)."""
    app = QCoreApplication.instance()
    value = app.property(_PROPERTY) if app is not None else None
    return value if isinstance(value, str) and value in UI_LANGUAGES else DEFAULT


def report_language() -> str:
    """The language reviews and exports are written in (Settings; "en" before any)."""
    app = QCoreApplication.instance()
    value = app.property(_REPORT_PROPERTY) if app is not None else None
    return value if isinstance(value, str) and value in UI_LANGUAGES else DEFAULT


def apply_settings(app: QCoreApplication, settings: AppSettings) -> str:
    """The settings' window and report languages, in force from now; the window's."""
    app.setProperty(_REPORT_PROPERTY, settings.report_language_code(system_locale()))
    return install(app, settings.ui_language_code(system_locale()))


def _app_translations(language: str) -> str | None:
    """The compiled translations' file; compiled now in a checkout that was not set up."""
    compiled = package_data("i18n", f"assistant_{language}.qm")
    source = compiled.with_suffix(".ts")
    if not compiled.is_file() and source.is_file():
        from assistant.i18n.qm import compile_all

        try:
            compile_all([source], compiled.parent)
        except OSError:
            return None
    return str(compiled) if compiled.is_file() else None


def install(app: QCoreApplication, language: str) -> str:
    """Switch the app to ``language`` (one of ``UI_LANGUAGES``); what it now speaks.

    The previous translators are removed first, so switching back to English
    leaves nothing translated behind.
    """
    for old in app.findChildren(QTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    if language not in UI_LANGUAGES:
        language = DEFAULT
    app.setProperty(_PROPERTY, language)
    QLocale.setDefault(QLocale(_QT_LOCALES[language]))
    if language == DEFAULT:
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
        return language
    # Qt's own words (the Save and Cancel buttons of dialogs), shipped with PySide6.
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}",
                    QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
    path = _app_translations(language)
    ours = QTranslator(app)
    if path is not None and ours.load(path):
        app.installTranslator(ours)
    return language
