"""The program's log: a rotating file in the user log folder, for an app run all day.

What goes in: commands started and how they ended, device losses and returns,
and every exception that ends a worker thread (capture, recogniser) or the
program. Never what was said: transcript text is not logged anywhere.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import threading
from pathlib import Path
from types import TracebackType

LOGGER = "assistant"
LOG_FILE = "assistant.log"
MAX_BYTES = 1 << 20  # 1 MiB a file, the current one and 4 before it
BACKUPS = 4
_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"


def user_log_dir() -> Path:
    """``~/.local/state/listening-assistant/log`` on Linux (``$XDG_STATE_HOME``)."""
    from platformdirs import user_log_path

    return user_log_path("listening-assistant", appauthor=False)


def start_logging(folder: Path | None = None) -> Path | None:
    """Log to ``folder/assistant.log`` (default: the user log folder); returns the file,
    or None when it cannot be written (the program runs on without a log)."""
    logger = logging.getLogger(LOGGER)
    for handler in logger.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)  # already logging
    path = (folder or user_log_dir()) / LOG_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True)
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    _log_uncaught()
    return path


def log_folder() -> Path:
    """Where the log is being written (the user log folder when not logging yet)."""
    for handler in logging.getLogger(LOGGER).handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename).parent
    return user_log_dir()


def _log_uncaught() -> None:
    """Exceptions nobody catches, on any thread, reach the log before the default hooks."""
    log = logging.getLogger(LOGGER)
    previous_thread_hook = threading.excepthook
    previous_hook = sys.excepthook

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not SystemExit:
            name = args.thread.name if args.thread else "?"
            log.error("uncaught exception on thread %s", name, exc_info=args.exc_value)
        previous_thread_hook(args)

    def hook(kind: type[BaseException], value: BaseException,
             tb: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            log.critical("uncaught exception", exc_info=(kind, value, tb))
        previous_hook(kind, value, tb)

    threading.excepthook = thread_hook
    sys.excepthook = hook
