"""Live transcript and prompts in a terminal (``assistant demo --console``, ``listen``)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from assistant.analysis.stats import CallStats
from assistant.records import (
    EngineOutput,
    PartialTranscript,
    RepeatEvent,
    Speaker,
    TalkOverEvent,
    TalkOverUpdate,
    TranscriptLag,
    Utterance,
)
from assistant.timebase import clock, seconds
from assistant.wording import SPEAKER_LABEL


class ConsolePrinter:
    """Prints final utterances and prompts as they happen; partials only on a terminal."""

    def __init__(self, stream: TextIO = sys.stdout) -> None:
        self.stream = stream
        self._colour = stream.isatty()
        self._partial_shown = False
        self._texts: dict[int, Utterance] = {}

    def __call__(self, item: EngineOutput) -> None:
        if isinstance(item, Utterance):
            self._texts[item.id] = item
            who = SPEAKER_LABEL[item.speaker]
            self._line(f"{clock(item.span.start):>7}  {who:<8}  {item.text}")
        elif isinstance(item, PartialTranscript) and self._colour:
            text = f"{clock(item.span.start):>7}  {SPEAKER_LABEL[item.speaker]:<8}  {item.text} …"
            self.stream.write(f"\r\033[2m{text[:110]}\033[0m\033[K")
            self.stream.flush()
            self._partial_shown = True
        elif isinstance(item, TalkOverEvent):
            self._prompt(item.time, "LET THEM FINISH",
                         "you came in while the customer was still speaking")
        elif isinstance(item, TalkOverUpdate) and item.retracted:
            self._line(f"{clock(item.at):>7}  (withdrawn: that was only a backchannel)")
        elif isinstance(item, TranscriptLag):
            if item.behind:
                how = ": catching up with lighter decoding" if item.degraded else ""
                self._line(f"{clock(item.at):>7}  (transcript {seconds(item.behind):.0f} s "
                           f"behind{how})")
            else:
                self._line(f"{clock(item.at):>7}  (transcript caught up)")
        elif isinstance(item, RepeatEvent):
            earlier = ", ".join(clock(self._texts[i].span.start) for i in item.repeats
                                if i in self._texts)
            self._prompt(item.time, "THEY ASKED AGAIN",
                         f"request made {item.count} times (before at {earlier}): "
                         "acknowledge it")

    def _prompt(self, at: int, title: str, detail: str) -> None:
        bold, reset = ("\033[1;33m", "\033[0m") if self._colour else ("", "")
        self._line(f"{clock(at):>7}  {bold}▶ {title}{reset}: {detail}")

    def _line(self, text: str) -> None:
        if self._partial_shown:
            self.stream.write("\r\033[K")
            self._partial_shown = False
        self.stream.write(text + "\n")
        self.stream.flush()


def summary_lines(talk: dict[Speaker, int], talkovers: int, repeats: int) -> list[str]:
    parts = ", ".join(f"{SPEAKER_LABEL[s]} {seconds(v):.0f} s" for s, v in talk.items())
    return [f"Talk time: {parts}", f"Talk-overs: {talkovers} · repeated requests: {repeats}"]


def print_summary(stats: CallStats, notes: Sequence[str] = ()) -> None:
    """After a call: a blank line, talk time, talk-overs and repeats, then each note."""
    print()
    for line in summary_lines(stats.talk_time, stats.talkovers, stats.repeats):
        print(line)
    for note in notes:
        print(f"Note: {note}")
