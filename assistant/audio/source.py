"""Streaming file decoding: any format PyAV reads, to 16 kHz int16 blocks.

The file is never loaded whole: blocks are decoded, resampled and handed
on one at a time, so a two-hour recording costs the same memory as a short one.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import InputError
from assistant.records import AudioBlock
from assistant.timebase import SAMPLE_RATE

MAX_BLOCK = SAMPLE_RATE // 4  # 250 ms: small enough for prompt timing, large enough to be cheap


@dataclass(frozen=True)
class AudioInfo:
    """What the container says about the recording (before resampling)."""

    path: str
    sample_rate: int
    channels: int
    codec: str
    declared_duration: float | None  # seconds, when the container states it


def _declared_wav_frames(path: Path, channels: int) -> int | None:
    """Frames a WAV header promises; ffmpeg trusts the file size instead, so check here."""
    try:
        with path.open("rb") as fh:
            head = fh.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
                return None
            block_align = 0
            while True:
                chunk = fh.read(8)
                if len(chunk) < 8:
                    return None
                cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
                if cid == b"fmt ":
                    fmt = fh.read(size + (size & 1))
                    block_align = struct.unpack("<H", fmt[12:14])[0] if len(fmt) >= 14 else 0
                elif cid == b"data":
                    # 0 and 0xFFFFFFFF mark streamed WAVs whose length was never filled in.
                    if not block_align or size in (0, 0xFFFFFFFF):
                        return None
                    return size // block_align
                else:
                    fh.seek(size + (size & 1), 1)
    except OSError:
        return None


class FileAudioSource:
    """Decodes one recording into contiguous ``AudioBlock`` s at 16 kHz.

    Raises ``InputError`` with a one-line reason for anything it cannot use.
    After iterating, ``truncated`` tells whether the file ended early.
    """

    def __init__(self, path: str | Path) -> None:
        import av  # ships with faster-whisper; imported here to keep `import assistant` light

        self.path = Path(path)
        if not self.path.exists():
            raise InputError(f"{self.path}: no such file")
        if self.path.is_dir():
            raise InputError(f"{self.path}: is a directory, not an audio file")
        if self.path.stat().st_size == 0:
            raise InputError(f"{self.path}: file is empty (zero bytes)")
        try:
            self._container = av.open(str(self.path))
        except av.FFmpegError as exc:
            reason = exc.strerror or "unreadable"
            raise InputError(
                f"{self.path}: not an audio file that can be decoded ({reason})"
            ) from None
        if not self._container.streams.audio:
            self._container.close()
            raise InputError(f"{self.path}: contains no audio stream")
        self._stream = self._container.streams.audio[0]
        ctx = self._stream.codec_context
        channels = ctx.channels
        if channels not in (1, 2):
            self._container.close()
            raise InputError(
                f"{self.path}: has {channels} audio channels; expected mono, or stereo "
                "with one party per channel"
            )
        declared: float | None = None
        if self._stream.duration is not None and self._stream.time_base is not None:
            declared = float(self._stream.duration * self._stream.time_base)
        wav_frames = _declared_wav_frames(self.path, channels)
        if wav_frames is not None and ctx.sample_rate:
            declared = wav_frames / ctx.sample_rate
        self.info = AudioInfo(str(self.path), ctx.sample_rate or 0, channels, ctx.name, declared)
        self.decoded_samples = 0  # at 16 kHz
        self.error: str | None = None

    @property
    def channels(self) -> int:
        return self.info.channels

    @property
    def decoded_seconds(self) -> float:
        return self.decoded_samples / SAMPLE_RATE

    @property
    def truncated(self) -> bool:
        """The container promised clearly more audio than it held."""
        declared = self.info.declared_duration
        if declared is None or self.error:
            return self.error is not None
        missing = declared - self.decoded_seconds
        return missing > max(0.5, 0.01 * declared)

    def blocks(self) -> Iterator[AudioBlock]:
        import av

        layout = "stereo" if self.channels == 2 else "mono"
        resampler = av.AudioResampler(format="s16", layout=layout, rate=SAMPLE_RATE)
        try:
            for frame in self._container.decode(self._stream):
                for out in resampler.resample(frame):
                    yield from self._split(out.to_ndarray())
            for out in resampler.resample(None):
                yield from self._split(out.to_ndarray())
        except av.FFmpegError as exc:
            # Keep what decoded so far; the caller reports the damage after finishing.
            self.error = f"decoding stopped at {self.decoded_seconds:.1f} s ({exc.strerror})"
        finally:
            self._container.close()
        if self.decoded_samples == 0:
            raise InputError(f"{self.path}: contains no audio (zero samples)")

    def _split(self, packed: np.ndarray) -> Iterator[AudioBlock]:
        # Packed s16 arrives as shape (1, n * channels); make it (n, channels).
        audio = packed.reshape(-1, self.channels)
        for at in range(0, len(audio), MAX_BLOCK):
            part = np.ascontiguousarray(audio[at : at + MAX_BLOCK])
            block = AudioBlock(self.decoded_samples, part)
            self.decoded_samples += len(part)
            yield block

    def close(self) -> None:
        self._container.close()


def damage_report(source: FileAudioSource) -> str | None:
    """One line describing a truncated or damaged file, or None when it was whole."""
    if source.error:
        return f"{source.path}: damaged audio, {source.error}; transcribed what was readable"
    if source.truncated and source.info.declared_duration is not None:
        return (
            f"{source.path}: truncated file, {source.decoded_seconds:.1f} s of "
            f"{source.info.declared_duration:.1f} s present; transcribed what was there"
        )
    return None
