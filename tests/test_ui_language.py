"""The window in Swedish, Danish and English: chosen in Settings, switched while it is open.

Real translators from the compiled .qm files, a real window (offscreen); the
texts a person reads are checked, not the translator's internals.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator

from assistant.i18n.qm import compile_ts, read_ts
from assistant.paths import package_data
from assistant.ui.i18n import current_language, install, translate
from tests.conftest import REPO
from tests.ui_helpers import make_window, speak_english

TS = {lang: package_data("i18n", f"assistant_{lang}.ts") for lang in ("sv", "da")}


@pytest.fixture()
def english_after(qapp):
    """Every other test reads the window in English: leave it so."""
    yield qapp
    speak_english(qapp)


def _texts(window) -> dict[str, str]:
    """What a person reads on the window's fixed parts."""
    header = window.library.model.headerData
    return {
        "title": window.windowTitle(),
        "live tab": window.tabs.tabText(0),
        "library tab": window.tabs.tabText(1),
        "menu": window.call_menu.title(),
        "start": window.live.start_button.text(),
        "status": window.live.status.text(),
        "meter": window.live.meter_panel._stat_labels[0].text(),
        "prompts": window.live.prompts.placeholder.text(),
        "review": window.library.review_button.text(),
        "date filter": window.library.filters.dates.itemText(1),
        "column": header(2, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole),
        "open": window.transcribe.open_button.text(),
        "compact": window.compact.start_button.text(),
    }


def test_switching_the_language_in_settings_retranslates_the_open_window(
        qtbot, tmp_path, english_after):
    window = make_window(qtbot, tmp_path)
    english = _texts(window)
    assert english["start"] == "Start call" and english["live tab"] == "Live call"

    seen = {}
    for language in ("sv", "da", "en"):
        # As the Settings dialog's Save does: kept in the settings file, applied at once.
        window._keep(dataclasses.replace(window.ctx.settings, ui_language=language))
        assert current_language() == language
        # Qt posts the change to every window: wait until it has arrived.
        qtbot.waitUntil(lambda: window.live.start_button.text()
                        == translate("LiveView", "Start call")
                        and window.compact.start_button.text()
                        == translate("CompactPanel", "Start"), timeout=60_000)
        seen[language] = _texts(window)
        saved = json.loads((tmp_path / "settings.json").read_text())
        assert saved["ui_language"] == language

    sv, da = seen["sv"], seen["da"]
    assert sv["start"] == "Starta samtal" and da["start"] == "Start opkald"
    assert sv["live tab"] == "Pågående samtal" and da["library tab"] == "Bibliotek"
    assert sv["status"] == "Redo" and da["status"] == "Klar"
    assert sv["column"] == "Längd" and da["column"] == "Længde"
    assert sv["date filter"] == "I dag" and da["date filter"] == "I dag"
    # Every text changed language, and came back to English unchanged.
    for key, text in english.items():
        if key != "title" and text not in ("Bibliotek",):
            assert sv[key] != text, key
    assert seen["en"] == english


def test_the_settings_language_follows_the_system_unless_chosen():
    from assistant.settings import AppSettings

    assert AppSettings().ui_language_code("sv_SE.UTF-8") == "sv"
    assert AppSettings().ui_language_code("da_DK") == "da"
    assert AppSettings().ui_language_code("nb_NO") == "da"  # closer than English
    assert AppSettings().ui_language_code("de_DE") == "en"
    assert AppSettings(ui_language="sv").ui_language_code("da_DK") == "sv"
    chosen = AppSettings(ui_language="da", report_language="sv")
    assert chosen.report_language_code("en_GB") == "sv"
    assert AppSettings(ui_language="da").report_language_code("en_GB") == "da"


def test_qt_formats_numbers_for_the_chosen_language(qapp, english_after):
    install(qapp, "sv")
    assert QLocale().toString(1.5, "f", 1) == "1,5"
    install(qapp, "en")
    assert QLocale().toString(1.5, "f", 1) == "1.5"


@pytest.mark.parametrize("language", ["sv", "da"])
def test_the_compiled_translations_give_every_message_in_qt(qapp, tmp_path, language):
    """Our .ts → .qm compiler, read back by Qt's own QTranslator, message by message."""
    qm = tmp_path / f"assistant_{language}.qm"
    qm.write_bytes(compile_ts(TS[language]))
    translator = QTranslator()
    assert translator.load(str(qm))
    _lang, messages = read_ts(TS[language])
    assert len(messages) > 150
    for m in messages:
        if len(m.translations) == 2:  # one and many
            assert translator.translate(m.context, m.source, None, 1) == m.translations[0]
            assert translator.translate(m.context, m.source, None, 7) == m.translations[1]
        else:
            assert translator.translate(m.context, m.source) == m.translations[0], m.source
    assert translator.translate("MainWindow", "not a message") == ""


def test_the_translation_sources_cover_the_code_and_are_finished(tmp_path):
    """What pyside6-lupdate finds in assistant/ui/ and the Qt-free texts the window shows from
    assistant/services/ (marked QT_TRANSLATE_NOOP) is in each .ts, translated."""
    lupdate = REPO / ".venv" / "bin" / "pyside6-lupdate"
    if not lupdate.exists():
        lupdate = type(REPO)(sys.executable).parent / "pyside6-lupdate"
    found = tmp_path / "found.ts"
    sources = sorted(str(p) for folder in ("ui", "services")
                     for p in (REPO / "assistant" / folder).rglob("*.py"))
    subprocess.run([str(lupdate), *sources, "-ts", str(found)], check=True,
                   capture_output=True)
    in_code = {(c.findtext("name"), m.findtext("source"))
               for c in ET.parse(found).getroot().iter("context") for m in c.iter("message")}
    assert len(in_code) > 150
    for language, path in TS.items():
        root = ET.parse(path).getroot()
        unfinished = [m.findtext("source") for m in root.iter("message")
                      if m.find("translation").get("type") == "unfinished"]
        assert not unfinished, f"{language}: {unfinished}"
        in_ts = {(c.findtext("name"), m.findtext("source"))
                 for c in root.iter("context") for m in c.iter("message")}
        assert in_code <= in_ts, f"{language} lacks {sorted(in_code - in_ts)[:5]}"


def test_translate_is_english_without_a_translator(qapp, english_after):
    install(qapp, "en")
    assert translate("LiveView", "Start call") == "Start call"
    assert QCoreApplication.translate("LiveView", "Start call") == "Start call"
