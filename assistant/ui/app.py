"""Starting the desktop app: settings in, a window out, the demo call if asked for."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from assistant import settings as settings_io
from assistant.services.app_context import DEMO_CALL, AppContext
from assistant.settings import AppSettings
from assistant.ui import theme
from assistant.ui.i18n import apply_settings, translate
from assistant.ui.interrupt import close_on_interrupt
from assistant.ui.main_window import MainWindow

APP_NAME = "Listening assistant"


@dataclass(frozen=True)
class LaunchOptions:
    demo: bool = False  # play the bundled demo call as soon as the window is up
    speed: float = 1.0
    demo_file: Path = DEMO_CALL
    settings_path: Path | None = None  # None: the user config dir
    model: str | None = None  # overrides the settings' model for this run
    files: tuple[Path, ...] = ()  # recordings to transcribe into the library
    sound: bool = True


def application(argv: Sequence[str] = ()) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([sys.argv[0] if sys.argv else "assistant", *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName("listening-assistant")
    from assistant.ui.icon import app_icon

    app.setWindowIcon(app_icon())  # every window, the compact panel and reviews too
    return app


def load_settings(path: Path) -> tuple[AppSettings, list[str]]:
    return settings_io.load(path)


def build(options: LaunchOptions) -> tuple[MainWindow, list[str]]:
    """The window for ``options`` (a QApplication must exist)."""
    path = options.settings_path or settings_io.default_path()
    settings, problems = load_settings(path)
    if options.model:
        import dataclasses

        settings = dataclasses.replace(settings, model=options.model)
    app = QApplication.instance()
    assert app is not None
    theme.apply(app, theme.resolve(settings.theme))  # type: ignore[arg-type]
    apply_settings(app, settings)
    ctx = AppContext.open(settings, path, demo_file=options.demo_file, demo_speed=options.speed,
                          play_sound=options.sound)
    window = MainWindow(ctx)
    if problems:
        window.live.banner.say(translate("App", "Some settings were reset: %1")
                               .replace("%1", "; ".join(problems)))
    return window, problems


def run(options: LaunchOptions) -> int:
    app = application()
    window, _problems = build(options)
    window.show()
    if options.demo:
        # After the window is on screen, so the first thing seen is the window, not a wait.
        QTimer.singleShot(0, window.actions_.start_demo)
    elif not window.ctx.settings.first_run_done:
        QTimer.singleShot(0, window.first_run)
    if options.files:
        files = list(options.files)
        QTimer.singleShot(0, lambda: window.open_recordings(files))

    def close() -> None:
        window.close()  # ends a call in progress and saves it, as the close button does
        app.exit(0)  # leaves every event loop, a dialog's too

    restore = close_on_interrupt(app, close)
    if sys.stderr.isatty():
        # From inside the loop: a Ctrl+C before it runs would find nothing to quit.
        QTimer.singleShot(0, lambda: print(f"{APP_NAME} is open; Ctrl+C here closes it.",
                                           file=sys.stderr, flush=True))
    try:
        return int(app.exec())
    finally:
        restore()

