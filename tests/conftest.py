from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODELS = REPO / "models"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "2")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "scenarios").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def base_model_dir() -> Path:
    path = MODELS / "base"
    if not (path / "model.bin").is_file():
        pytest.fail("the base model is not installed: run `make test` "
                    "(or `assistant models install`)")
    return path


@pytest.fixture(scope="session")
def base_recognizer(base_model_dir):
    from assistant.asr.whisper import WhisperRecognizer
    from assistant.config import TranscriptionOptions

    return WhisperRecognizer(base_model_dir, TranscriptionOptions(language="en"))


# --- a private PulseAudio daemon, one per test module that asks for it -----------------


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests import pulse

    with pulse.private_pulse(tmp_path_factory.mktemp("pulse")) as pa:
        yield pa


@pytest.fixture()
def quiet_lines(server):
    """Each test starts with nothing playing, whatever the one before it left running."""
    server.stop_players()
    yield
    server.stop_players()
