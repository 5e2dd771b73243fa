"""The system-wide start/stop shortcut, on a real X server (Xvfb) with real key presses (XTest)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest

from tests.ui_helpers import make_window

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")


@pytest.fixture()
def x_display() -> Iterator[str]:
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "640x480x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()  # Xvfb writes it once it accepts connections
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def press(display_name: str, *keys: str) -> None:
    """Hold ``keys`` down in order and let go, as a person at the keyboard would."""
    from Xlib import XK, X, display
    from Xlib.ext import xtest

    d = display.Display(display_name)
    codes = [d.keysym_to_keycode(XK.string_to_keysym(k)) for k in keys]
    for code in codes:
        xtest.fake_input(d, X.KeyPress, code)
    for code in reversed(codes):
        xtest.fake_input(d, X.KeyRelease, code)
    d.sync()
    d.close()


def test_ctrl_shift_space_reaches_the_app_from_anywhere_on_the_display(qtbot, tmp_path,
                                                                       x_display):
    window = make_window(qtbot, tmp_path)
    assert window.enable_global_shortcut(x_display) is None
    assert "from any app" in window.live.hint.text()
    with qtbot.waitSignal(window.hotkey.activated, timeout=10_000):
        press(x_display, "Control_L", "Shift_L", "space")
    # Without the modifiers, space is nobody's business but the focused app's.
    with qtbot.assertNotEmitted(window.hotkey.activated, wait=300):
        press(x_display, "space")
    window.hotkey.stop()


def test_a_shortcut_taken_by_another_program_is_said_and_the_app_keeps_its_own(
        qtbot, tmp_path, x_display):
    from Xlib import XK, X, display

    other = display.Display(x_display)  # another program got there first
    code = other.keysym_to_keycode(XK.string_to_keysym("space"))
    other.screen().root.grab_key(code, X.ControlMask | X.ShiftMask, True, X.GrabModeAsync,
                                 X.GrabModeAsync)
    other.sync()
    try:
        window = make_window(qtbot, tmp_path)
        why = window.enable_global_shortcut(x_display)
        assert why is not None and "already taken" in why
        assert not window.hotkey.active
        assert "while this app has focus" in window.live.hint.text()
    finally:
        other.close()
