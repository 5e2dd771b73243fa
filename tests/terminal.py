"""Running the real ``assistant`` command in a pseudo-terminal, as a user at a terminal does.

The command gets a new session whose controlling terminal is the pty, so
``isatty()`` is true for stdin, stdout and stderr, and typing Ctrl+C (``\\x03``)
sends SIGINT to it the way a terminal does. Output is read by a thread as it
comes; ``expect`` waits for text to appear (readiness, not timing).
"""

from __future__ import annotations

import fcntl
import os
import re
import struct
import subprocess
import sys
import termios
import threading
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The console script a user runs (the venv's bin/assistant), as installed by pip.
_SCRIPT = Path(sys.executable).with_name("assistant")
ASSISTANT = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "assistant"]
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _become_terminal_session() -> None:  # in the child, before exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class TerminalProcess:
    """A command whose stdin, stdout and stderr are one pty of ``columns`` x ``rows``."""

    def __init__(self, args: Sequence[str], *, env: dict[str, str] | None = None,
                 cwd: Path | None = None, columns: int = 120, rows: int = 40) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._master = master
        self._raw = bytearray()
        self._changed = threading.Condition()
        self._eof = False
        full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
                    "TERM": "xterm-256color", "COLUMNS": str(columns), **(env or {})}
        self.proc = subprocess.Popen(
            list(args), stdin=slave, stdout=slave, stderr=slave, cwd=cwd or REPO,
            env=full_env, preexec_fn=_become_terminal_session, close_fds=True)
        os.close(slave)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._master, 65536)
            except OSError:  # EIO: every holder of the pty's other side has closed it
                chunk = b""
            with self._changed:
                if not chunk:
                    self._eof = True
                    self._changed.notify_all()
                    return
                self._raw += chunk
                self._changed.notify_all()

    @property
    def raw(self) -> str:
        """Everything written to the terminal so far, control sequences included."""
        with self._changed:
            return self._raw.decode("utf-8", errors="replace")

    @property
    def text(self) -> str:
        """What was written, without colour and cursor sequences, one ``\\n`` per line."""
        return _ANSI.sub("", self.raw).replace("\r\n", "\n")

    def expect(self, needle: str, timeout: float = 120.0) -> None:
        """Wait until ``needle`` has been written (or fail, saying what was)."""
        with self._changed:
            def seen() -> bool:
                return needle in _ANSI.sub("", self._raw.decode("utf-8", errors="replace"))

            if not self._changed.wait_for(lambda: seen() or self._eof, timeout):
                raise TimeoutError(f"no {needle!r} on the terminal in {timeout} s:\n{self.text}")
            if not seen():
                raise AssertionError(f"the command ended without {needle!r}:\n{self.text}")

    def type(self, keys: str) -> None:
        """Keys as typed at the terminal: ``"\\x03"`` is Ctrl+C."""
        os.write(self._master, keys.encode())

    def wait(self, timeout: float = 300.0) -> int:
        """The exit status, once the command has ended and all its output is read."""
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=30)
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=30)
        os.close(self._master)

    def __enter__(self) -> TerminalProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def assistant(*args: str, **kwargs: object) -> TerminalProcess:
    """``assistant ARGS`` in a terminal."""
    return TerminalProcess([*ASSISTANT, *args], **kwargs)  # type: ignore[arg-type]
