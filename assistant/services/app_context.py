"""What the app is given at start-up: settings, where they live, the call library.

Passed explicitly to the windows that need it; nothing here is global.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant import settings as settings_io
from assistant.errors import AssistantError
from assistant.services.call_audio import DEMO_CALL
from assistant.services.library import open_library
from assistant.services.prompts import LINGER_MS
from assistant.settings import AppSettings
from assistant.store import CallStore


@dataclass
class AppContext:
    settings: AppSettings
    settings_path: Path | None  # None: changes are not saved (e.g. a throwaway test app)
    store: CallStore | None  # None when the library could not be opened (see store_problem)
    store_problem: str | None = None
    demo_file: Path = DEMO_CALL
    demo_speed: float = 1.0  # 1.0 = real time; tests may play faster
    demo_language: str | None = "en"
    play_sound: bool = True
    linger_ms: int = LINGER_MS

    @classmethod
    def open(cls, settings: AppSettings, settings_path: Path | None, **kwargs: object
             ) -> AppContext:
        """Opens the call library (recovering calls a crash left open)."""
        store, problem = open_store(settings.data_path())
        return cls(settings, settings_path, store, problem, **kwargs)  # type: ignore[arg-type]

    def save_settings(self, new: AppSettings) -> str | None:
        """Keep ``new``; returns a problem to show when it could not be written."""
        self.settings = new
        if self.settings_path is None:
            return None
        try:
            settings_io.save(new, self.settings_path)
        except OSError as exc:
            return f"settings could not be saved to {self.settings_path}: {exc.strerror or exc}"
        return None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def open_store(root: Path) -> tuple[CallStore | None, str | None]:
    problems: list[str] = []
    try:
        store = open_library(root, on_recover_error=lambda exc: problems.append(
            f"an interrupted call could not be recovered: {exc}"))
    except AssistantError as exc:
        return None, f"calls will not be saved: {exc}"
    return store, problems[0] if problems else None
