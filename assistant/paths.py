"""Where things live on disk. Resolved once at the CLI/app boundary and passed in."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from assistant.errors import AssistantError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent


def package_data(*parts: str) -> Path:
    """A file or folder shipped inside the package, under ``assistant/data/``.

    Found through ``importlib.resources``, so it is wherever pip installed the
    package (site-packages) as much as in a source checkout.
    """
    found = resources.files("assistant").joinpath("data", *parts)
    if not isinstance(found, Path):  # a zipped install: PyAV and Whisper need real files
        raise AssistantError(f"assistant/data/{'/'.join(parts)} is inside a zip archive: "
                             "install the package as files (pip install listening-assistant)")
    return found


def is_source_checkout() -> bool:
    """Running from the project's own folder (``pyproject.toml`` beside the package)."""
    return (PROJECT_DIR / "pyproject.toml").is_file()


def default_models_dir() -> Path:
    """``models/`` of the source checkout; the user data folder's for an installed copy."""
    if is_source_checkout():
        return PROJECT_DIR / "models"
    return user_data_dir() / "models"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("listening-assistant", appauthor=False)
