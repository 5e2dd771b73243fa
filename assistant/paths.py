"""Where things live on disk. Resolved once at the CLI/app boundary and passed in."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
ASSETS_DIR = PROJECT_DIR / "assets"


def default_models_dir() -> Path:
    """``models/`` of the source checkout; the user data dir for other installs."""
    if (PROJECT_DIR / "pyproject.toml").is_file():
        return PROJECT_DIR / "models"
    return user_data_dir() / "models"


def user_data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("listening-assistant", appauthor=False)
