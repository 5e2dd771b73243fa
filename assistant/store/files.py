"""Files only the user can read, and a lock that says "this call is still being recorded".

Calls hold what customers said, so everything the store creates is 0600 in
0700 folders, whatever the umask. The lock is an OS file lock: the kernel
drops it when the recording process dies, however it dies, which is how the
next start tells a crashed recording from one that is still going on.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path, *, ours: bool = True) -> Path:
    """A 0700 folder. One that existed before is only tightened when it is ``ours``
    alone: ``--data-dir ~`` must not lock others out of the user's home (what the store
    puts inside is private either way: 0600 files, 0700 subfolders)."""
    existed = path.is_dir()
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if sys.platform != "win32" and (ours or not existed):
        os.chmod(path, DIR_MODE)  # mkdir's mode is masked by the umask
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing; make it readable by the user only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        if sys.platform != "win32":
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


class CallLock:
    """An exclusive, non-blocking lock on one file, held for as long as a call records."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock; False when another open handle (any process) holds it."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        if not _try_lock(fd):
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self, remove: bool = True) -> None:
        if self._fd is None:
            return
        if remove and sys.platform != "win32":
            # Unlink while still locked, so nobody can lock the name between the two steps.
            self.path.unlink(missing_ok=True)
        os.close(self._fd)  # closing the descriptor drops the lock
        self._fd = None
        if remove and sys.platform == "win32":  # pragma: no cover - Windows can't unlink open files
            self.path.unlink(missing_ok=True)

    @property
    def held(self) -> bool:
        return self._fd is not None


if sys.platform == "win32":  # pragma: no cover - the project is developed and tested on Linux
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        # flock, not lockf: flock locks belong to the open file, so a second handle in
        # the same process (the store recovering while its own recorder runs) conflicts too.
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
