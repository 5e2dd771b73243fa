"""The desktop pieces of privacy and of running all day: Settings → Privacy and About,
the window and tray icons, the tray's menu, and the .desktop entry."""

from __future__ import annotations

import configparser

from PySide6.QtWidgets import QApplication

from assistant.desktop_entry import APP_ID
from assistant.ui.dialogs.settings_dialog import SettingsDialog
from assistant.ui.icon import app_icon
from assistant.ui.workers.call_controller import CallState
from tests.cli_helpers import run_cli
from tests.ui_helpers import make_window, screenshot_dir

SCREEN = (1280, 800)  # as tests/test_ui_screenshots.py: the dialog must fit


def test_settings_show_privacy_choices_and_where_things_are(qtbot, tmp_path) -> None:
    window = make_window(qtbot, tmp_path, theme_name="light", redact="all")
    dialog = SettingsDialog(window.ctx.settings, window, folders=window.folders())
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(screenshot_dir(tmp_path) / "settings-privacy.png"))
    assert dialog.size().width() <= SCREEN[0] and dialog.size().height() <= SCREEN[1]
    assert all(box.isChecked() for box in dialog.privacy.categories.values())
    assert not dialog.privacy.keep_unredacted_audio.isChecked()  # off by default
    shown = {label: path.text() for label, path in dialog.about.paths.items()}
    assert shown["Calls"] == str(tmp_path / "library")
    assert shown["Settings"] == str(tmp_path)
    assert shown["Log"].endswith("log")
    assert dialog.grab().save(str(screenshot_dir(tmp_path) / "settings-privacy.png"))

    dialog.privacy.categories["phone"].setChecked(False)
    dialog.privacy.keep_unredacted_audio.setChecked(True)
    chosen = dialog.result_settings()
    assert set(chosen.redact.split(",")) == {"personal_id", "card", "account", "email",
                                             "number"}
    assert chosen.keep_unredacted_audio
    assert "phone" not in chosen.engine_config().privacy.categories
    dialog.reject()


def test_window_and_tray_have_the_icon_and_the_tray_drives_the_panel(qtbot, tmp_path) -> None:
    window = make_window(qtbot, tmp_path)
    assert not app_icon().isNull() and not app_icon().pixmap(64, 64).isNull()
    assert not window.windowIcon().isNull()
    tray = window.tray
    assert [a.text() for a in tray.menu.actions() if a.text()] == [
        "Start call", "Compact panel", "Show window", "Quit"]
    tray.compact_action.trigger()
    qtbot.waitUntil(window.compact.isVisible)
    assert not window.isVisible()
    tray.window_action.trigger()
    qtbot.waitUntil(window.isVisible)
    assert not window.compact.isVisible()
    window.controller.state_changed.emit(CallState.RUNNING)
    assert tray.start_action.text() == "Stop call"
    window.controller.state_changed.emit(CallState.IDLE)
    assert tray.start_action.text() == "Start call"
    assert QApplication.instance() is not None


def test_desktop_entry_points_at_this_installation(tmp_path) -> None:
    proc = run_cli("app", "--install-desktop-entry",
                   env={"XDG_DATA_HOME": str(tmp_path / "share")})
    assert proc.returncode == 0, proc.stderr
    entry = tmp_path / "share" / "applications" / f"{APP_ID}.desktop"
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(entry)
    fields = parser["Desktop Entry"]
    assert fields["Type"] == "Application" and fields["Icon"] == APP_ID
    assert fields["Exec"].endswith(" app %F")
    program = fields["Exec"].split(" ")[0]
    assert program.endswith("assistant") or "python" in program
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert icon.read_bytes().startswith(b"<svg")
