"""Building the desktop app for tests: a throwaway settings file and call library, offscreen."""

from __future__ import annotations

import os
import sqlite3
import wave
from pathlib import Path

from assistant.services.app_context import DEMO_CALL, AppContext
from assistant.settings import AppSettings
from assistant.ui import theme
from assistant.ui.main_window import MainWindow
from assistant.ui.widgets.prompt_card import LINGER_MS

TEST_SPEED = 3.0  # the demo at 3x real time: prompts within seconds, same engine
# ms: waits on the real model. A safety net for a machine shared and loaded, never an
# expectation of speed (speed is for benchmarks/): 180 s was not enough at load 9 on 2 cores.
LONG = 600_000


def make_window(qtbot, tmp_path: Path, *, theme_name: str = "dark", speed: float = TEST_SPEED,
                linger_ms: int = LINGER_MS, **settings: object) -> MainWindow:
    from PySide6.QtWidgets import QApplication

    values: dict[str, object] = {"data_dir": str(tmp_path / "library"), "first_run_done": True,
                                 "theme": theme_name}
    values.update(settings)
    app_settings = AppSettings(**values)  # type: ignore[arg-type]
    theme.apply(QApplication.instance(), theme.resolve(theme_name))
    ctx = AppContext.open(app_settings, tmp_path / "settings.json", demo_speed=speed,
                          play_sound=False, linger_ms=linger_ms)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def speak_english(app) -> None:
    """The window and the reports back in English (what every other test reads)."""
    from assistant.ui.i18n import apply_settings

    apply_settings(app, AppSettings(ui_language="en", report_language="en"))


def short_call(tmp_path: Path, seconds: float = 14.0) -> Path:
    """The first seconds of the demo call as a stereo 16 kHz WAV (agent left)."""
    import numpy as np

    from assistant.audio.source import FileAudioSource

    blocks = []
    for block in FileAudioSource(DEMO_CALL).blocks():
        blocks.append(block.samples)
        if block.end >= seconds * 16000:
            break
    path = tmp_path / "short-call.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(16000)
        out.writeframes(np.concatenate(blocks).astype("<i2").tobytes())
    return path


def feedback_rows(data_dir: Path) -> list[tuple]:
    with sqlite3.connect(data_dir / "calls.sqlite3") as conn:
        return conn.execute("SELECT call_id, kind, event_id FROM feedback").fetchall()


def screenshot_dir(tmp_path: Path) -> Path:
    """``UI_SCREENSHOTS`` when set (to look at them), else the test's own folder."""
    folder = Path(os.environ.get("UI_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
