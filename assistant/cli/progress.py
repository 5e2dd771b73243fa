"""A one-line progress display for the terminal: which file, how far, how long it is.

Drawn on stderr and redrawn in place only while stderr is a terminal (and not
``--quiet``); in a pipe or a log it writes nothing, so stdout and stderr stay
what scripts read. The length may be unknown (a stream that does not state
its duration): then it shows how far it has got, without a percentage.
"""

from __future__ import annotations

import shutil
from typing import TextIO

from assistant.timebase import SAMPLE_RATE
from assistant.wording import length_text

_BAR = 20  # characters of bar: 5 % each


class _StatusLine:
    """One line on a terminal, redrawn in place only when its text changes."""

    def __init__(self, stream: TextIO, enabled: bool | None) -> None:
        self.stream = stream
        self.enabled = stream.isatty() if enabled is None else enabled
        self._shown = ""

    def show(self, text: str) -> None:
        if text == self._shown:
            return  # redraw only when what is shown changes
        self._shown = text
        width = shutil.get_terminal_size((80, 24)).columns - 1
        self.stream.write("\r" + text[:width] + "\033[K")
        self.stream.flush()

    def clear(self) -> None:
        """Remove the line, so what is printed next starts on a clean one."""
        if self.enabled and self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
        self._shown = ""


def _bar(done: float) -> str:
    filled = round(min(1.0, done) * _BAR)
    return "#" * filled + "-" * (_BAR - filled)


class FileProgress(_StatusLine):
    """``file 2 of 5: call.wav  42% [########------------] 1:05 of 2:31``.

    The position is how far the file has been read and analysed; the recogniser
    follows a little behind.
    """

    def __init__(self, stream: TextIO, *, enabled: bool | None = None) -> None:
        super().__init__(stream, enabled)
        self._head = ""
        self._total: int | None = None

    def start(self, name: str, index: int, count: int, total_samples: int | None) -> None:
        """A new file: ``index`` counts from 1; ``total_samples`` None when unknown."""
        self._head = f"file {index} of {count}: {name}" if count > 1 else name
        self._total = total_samples if total_samples and total_samples > 0 else None
        self.update(0)

    def update(self, position: int) -> None:
        """``position``: samples (16 kHz) of the file read so far."""
        if not self.enabled:
            return
        if self._total is None:
            text = f"{self._head}  {_mmss(position)} so far"
        else:
            done = min(1.0, position / self._total)
            text = (f"{self._head}  {done:4.0%} [{_bar(done)}] "
                    f"{_mmss(min(position, self._total))} "
                    f"of {_mmss(self._total)}")
            if done >= 1.0:
                # All read; the recogniser is still on the last utterances (up to the
                # pipeline's 32 queued ones, seconds of work), so say so rather than sit at 100%.
                text += ", finishing the transcript"
        self.show(text)  # whole seconds: redrawn at most once per audio second


class BatchProgress(_StatusLine):
    """``3 of 8 files done  [#######-------------]``: a batch whose files run elsewhere (other
    processes or machines), so only whole files are counted. Drawn like ``FileProgress``."""

    def __init__(self, stream: TextIO, total: int, *, enabled: bool | None = None) -> None:
        super().__init__(stream, enabled)
        self.total = total

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        self.show(f"{done} of {self.total} files done  [{_bar(done / max(1, self.total))}]")


def _mmss(position: int) -> str:
    """Whole seconds: the line changes once per second of audio, not at every block."""
    return length_text(position // SAMPLE_RATE)
