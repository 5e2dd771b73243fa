"""Text to speech with the espeak-ng command-line program."""

from __future__ import annotations

import functools
import shutil
import struct
import subprocess

import numpy as np

from assistant.errors import AssistantError

_TIMEOUT_S = 60


@functools.lru_cache(maxsize=1)
def espeak_version() -> str:
    """``espeak-ng --version``: part of the render cache key (new versions sound different)."""
    return _run([_binary(), "--version"], b"").decode("utf-8", "replace").strip()


def synthesize(text: str, voice: str, rate: int) -> tuple[np.ndarray, int]:
    """Mono float64 samples in [-1, 1] and their sample rate (22050 Hz for espeak voices)."""
    # The text goes in on stdin so a line starting with '-' is never read as an option.
    wav = _run([_binary(), "-v", voice, "-s", str(rate), "--stdin", "--stdout"],
               text.encode("utf-8"))
    rate_hz, pcm = _parse_wav(wav, voice)
    if not len(pcm):
        raise AssistantError(f"espeak-ng produced no audio for voice {voice!r}: {text[:40]!r}")
    return pcm.astype(np.float64) / 32768.0, rate_hz


def _binary() -> str:
    path = shutil.which("espeak-ng")
    if path is None:
        raise AssistantError("espeak-ng is not installed (apt-get install espeak-ng)")
    return path


def _run(argv: list[str], stdin: bytes) -> bytes:
    try:
        done = subprocess.run(argv, input=stdin, capture_output=True, timeout=_TIMEOUT_S,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise AssistantError(f"espeak-ng failed to run: {exc}") from exc
    stderr = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0 or not done.stdout:
        reason = stderr.splitlines()[0] if stderr else f"exit status {done.returncode}"
        # An unknown voice lands here: "The specified espeak-ng voice does not exist."
        raise AssistantError(f"espeak-ng {' '.join(argv[1:-1])}: {reason}")
    return done.stdout


def _parse_wav(data: bytes, voice: str) -> tuple[int, np.ndarray]:
    """16-bit mono PCM from espeak's streamed WAV.

    Written to a pipe, the RIFF and data sizes are placeholders (0x7fff...), so
    the chunks are walked by hand and the data chunk runs to the end of the bytes.
    """
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise AssistantError(f"espeak-ng (voice {voice!r}) did not write a WAV file")
    pos, rate = 12, 0
    while pos + 8 <= len(data):
        chunk, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        body = pos + 8
        if chunk == b"fmt ":
            fmt, channels, rate = struct.unpack("<HHI", data[body:body + 8])
            bits = struct.unpack("<H", data[body + 14:body + 16])[0]
            if (fmt, channels, bits) != (1, 1, 16):
                raise AssistantError(f"espeak-ng wrote unexpected WAV format {fmt}/{channels}"
                                     f"/{bits}")
        elif chunk == b"data":
            if not rate:
                break
            payload = data[body:]
            return rate, np.frombuffer(payload[: len(payload) // 2 * 2], dtype="<i2")
        pos = body + size + (size & 1)
    raise AssistantError(f"espeak-ng (voice {voice!r}) wrote a WAV file without audio")
