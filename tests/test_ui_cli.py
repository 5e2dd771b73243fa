"""`assistant demo` opens the app, or falls back to the terminal where no window can open."""

from __future__ import annotations

import pytest

from assistant.ui.launch import app_unavailable_reason
from tests.cli_helpers import assert_one_clean_error, run_cli

NO_DISPLAY = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")


@pytest.fixture
def no_display(monkeypatch):
    for var in NO_DISPLAY:
        monkeypatch.delenv(var, raising=False)


def test_reason_follows_the_environment(monkeypatch, no_display):
    monkeypatch.setattr("sys.platform", "linux")
    assert "no display" in (app_unavailable_reason() or "")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    assert app_unavailable_reason() is None
    monkeypatch.delenv("WAYLAND_DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # chosen by the user: trusted
    assert app_unavailable_reason() is None


def test_app_without_a_display_is_one_clean_line(no_display):
    proc = run_cli("app", timeout=120)
    assert_one_clean_error(proc, "no display")


def test_demo_help_offers_the_console():
    proc = run_cli("demo", "--help", timeout=60)
    assert proc.returncode == 0 and "--console" in proc.stdout


def test_demo_without_a_display_falls_back_to_the_terminal(no_display, base_model_dir):
    proc = run_cli("demo", "--speed", "20", timeout=600)
    assert proc.returncode == 0, proc.stderr
    notes = [line for line in proc.stderr.splitlines() if line.startswith("assistant:")]
    assert notes == ["assistant: no display to open the app on: showing the demo in this "
                     "terminal (assistant demo --console)"]
    assert "Talk-overs:" in proc.stdout
