"""A two-channel 16 kHz WAV that grows while the call goes on and survives a crash.

The header is written first with placeholder sizes; PCM is appended straight
to the OS (no user-space buffer, so a killed process loses nothing it has
handed over); the size fields are rewritten and the file fsynced once per
``sync_every`` samples of audio, so even a power cut loses at most that much.
``repair`` fixes the header of a file whose writer died, from its length.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from assistant.store.files import FILE_MODE
from assistant.timebase import SAMPLE_RATE

CHANNELS = 2
SAMPLE_WIDTH = 2
FRAME_BYTES = CHANNELS * SAMPLE_WIDTH
HEADER_BYTES = 44
_MAX_DATA = 0xFFFFFFFF - (HEADER_BYTES - 8)  # a RIFF size field is 32 bits


def _header(data_bytes: int) -> bytes:
    byte_rate = SAMPLE_RATE * FRAME_BYTES
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, CHANNELS, SAMPLE_RATE, byte_rate,
                                    FRAME_BYTES, 8 * SAMPLE_WIDTH)
            + b"data" + struct.pack("<I", data_bytes))


def _write_at(fd: int, offset: int, data: bytes) -> None:
    # lseek + write rather than pwrite, which Windows lacks; the position is restored.
    here = os.lseek(fd, 0, os.SEEK_CUR)
    os.lseek(fd, offset, os.SEEK_SET)
    os.write(fd, data)
    os.lseek(fd, here, os.SEEK_SET)


def _write_sizes(fd: int, data_bytes: int) -> None:
    data_bytes = min(data_bytes, _MAX_DATA)
    _write_at(fd, 4, struct.pack("<I", 36 + data_bytes))
    _write_at(fd, 40, struct.pack("<I", data_bytes))


class GrowingWav:
    """Appends ``(n, 2)`` int16 frames; not thread-safe (one audio thread writes)."""

    def __init__(self, path: Path, sync_every: int = SAMPLE_RATE // 2) -> None:
        self.path = path
        self.frames = 0
        self._sync_every = sync_every
        self._unsynced = 0
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT | os.O_TRUNC
                                       | getattr(os, "O_BINARY", 0), FILE_MODE)
        os.write(self._fd, _header(0))
        os.fsync(self._fd)

    def append(self, frames: np.ndarray) -> None:
        if self._fd is None:
            raise ValueError(f"{self.path} is closed")
        data = np.ascontiguousarray(frames, dtype="<i2").tobytes()
        view = memoryview(data)
        while view:  # os.write may write less than asked
            view = view[os.write(self._fd, view):]
        n = len(data) // FRAME_BYTES
        self.frames += n
        self._unsynced += n
        if self._unsynced >= self._sync_every:
            self.sync()

    def sync(self) -> None:
        """Sizes in the header match the data, and both are on disk."""
        if self._fd is None:
            return
        _write_sizes(self._fd, self.frames * FRAME_BYTES)
        os.fsync(self._fd)
        self._unsynced = 0

    def silence(self, start: int, end: int) -> None:
        """Zero frames ``start..end`` already written (what lies beyond is left alone)."""
        if self._fd is None:
            raise ValueError(f"{self.path} is closed")
        start, end = max(0, start), min(end, self.frames)
        if end > start:
            _write_at(self._fd, HEADER_BYTES + start * FRAME_BYTES,
                      bytes((end - start) * FRAME_BYTES))
            os.fsync(self._fd)  # the words must not outlive a crash on disk

    @property
    def closed(self) -> bool:
        return self._fd is None

    def close(self) -> None:
        if self._fd is None:
            return
        try:
            self.sync()
        finally:
            os.close(self._fd)
            self._fd = None


def repair(path: Path) -> int:
    """Make a WAV left by a dead writer valid: whole frames only, sizes from the file length.

    Returns the number of frames it holds.
    """
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        size = os.fstat(fd).st_size
        if size < HEADER_BYTES:  # died before the header was down: start a valid empty file
            os.ftruncate(fd, 0)
            _write_at(fd, 0, _header(0))
            os.fsync(fd)
            return 0
        frames = (size - HEADER_BYTES) // FRAME_BYTES
        os.ftruncate(fd, HEADER_BYTES + frames * FRAME_BYTES)  # a half-written last frame
        _write_sizes(fd, frames * FRAME_BYTES)
        os.fsync(fd)
        return frames
    finally:
        os.close(fd)


def frame_count(path: Path) -> int:
    """Frames in a store WAV judged by its length (valid while it is still growing)."""
    try:
        size = path.stat().st_size
    except OSError:
        return 0
    return max(0, size - HEADER_BYTES) // FRAME_BYTES
