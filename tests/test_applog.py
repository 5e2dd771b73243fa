"""The log file: where it is, what reaches it (errors from the audio and recogniser
threads included), and that it rotates rather than grows without end."""

from __future__ import annotations

import logging
import logging.handlers
import stat
import threading
from typing import Any

import pytest

from assistant.applog import LOG_FILE, LOGGER, MAX_BYTES, start_logging
from assistant.audio.source import FileAudioSource
from assistant.capture.stream import CaptureError
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.asr_stage import InstantClock
from assistant.engine.session import CallSession
from tests.cli_helpers import run_cli
from tests.privacy_scenarios import render


@pytest.fixture()
def log_file(tmp_path):
    """Logging into ``tmp_path`` for one test, as the program does into the user's folder."""
    logger = logging.getLogger(LOGGER)
    before = list(logger.handlers)
    hooks = threading.excepthook
    path = start_logging(tmp_path / "log")
    assert path == tmp_path / "log" / LOG_FILE
    yield path
    for handler in logger.handlers[len(before):]:
        handler.close()
        logger.removeHandler(handler)
    threading.excepthook = hooks


def test_cli_logs_into_the_user_log_folder(tmp_path) -> None:
    proc = run_cli("transcribe", str(tmp_path / "missing.wav"), "--no-store",
                   env={"XDG_STATE_HOME": str(tmp_path / "state")})
    assert proc.returncode != 0
    log = tmp_path / "state" / "listening-assistant" / "log" / LOG_FILE
    text = log.read_text()
    assert "transcribe started" in text and "missing.wav" in text
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_uncaught_thread_errors_are_logged(log_file) -> None:
    def fail() -> None:
        raise RuntimeError("something broke on a worker")

    thread = threading.Thread(target=fail, name="worker")
    thread.start()
    thread.join()
    text = log_file.read_text()
    assert "uncaught exception on thread worker" in text and "something broke" in text


def test_the_log_rotates(log_file) -> None:
    log = logging.getLogger(LOGGER)
    for _ in range(3 * MAX_BYTES // 1000):
        log.info("x" * 1000)
    assert log_file.stat().st_size <= MAX_BYTES
    assert log_file.with_name(LOG_FILE + ".1").is_file()


class _FailingRecognizer:
    """The real recogniser on a machine where decoding fails (memory exhausted, say)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def transcribe_many(self, *args: Any, **kwargs: Any) -> list:
        raise MemoryError("cannot allocate the decoder's buffers")


@pytest.mark.slow
@pytest.mark.parametrize("where", ["audio", "recogniser"])
def test_worker_thread_failures_reach_the_log(log_file, base_recognizer, tmp_path,
                                              where) -> None:
    wav = render("en", tmp_path).wav

    def blocks():
        for block in FileAudioSource(wav).blocks():
            if where == "audio" and block.start > 8 * 16_000:
                raise CaptureError("the headset was unplugged and not found again")
            yield block

    recognizer = base_recognizer if where == "audio" else _FailingRecognizer(base_recognizer)
    session = CallSession(ChannelLayout.stereo("left"), EngineConfig(), recognizer,
                          InstantClock())
    with pytest.raises((CaptureError, MemoryError)):
        session.run(blocks())
    text = log_file.read_text()
    assert f"the {where} thread failed" in text
    assert ("unplugged" if where == "audio" else "decoder's buffers") in text
