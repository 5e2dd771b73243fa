"""The one clock: integer sample positions at 16 kHz, per channel.

Every stage speaks in sample counts; seconds exist only for display and
for file formats. Keeping integers avoids drift from accumulated floats.
"""

from __future__ import annotations

SAMPLE_RATE = 16_000
FRAME_MS = 30
FRAME_SAMPLES = SAMPLE_RATE * FRAME_MS // 1000  # 480: webrtcvad's 30 ms frame


def seconds(samples: int) -> float:
    """Samples to seconds, for display and file formats only."""
    return samples / SAMPLE_RATE


def samples(seconds_: float) -> int:
    """Seconds (from configuration or user input) to the nearest sample."""
    return round(seconds_ * SAMPLE_RATE)


def frames(seconds_: float) -> int:
    """Seconds to a whole number of VAD frames (at least one)."""
    return max(1, round(seconds_ * 1000 / FRAME_MS))


def clock(samples_: int) -> str:
    """``m:ss.s`` for transcripts and logs."""
    total = samples_ / SAMPLE_RATE
    minutes, secs = divmod(total, 60.0)
    hours, minutes = divmod(int(minutes), 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:04.1f}"
    return f"{minutes}:{secs:04.1f}"
