"""Optional live prompts beyond the two built-in ones (both off unless switched on):
a listening-cue phrase whose category asks for a live prompt ("live": true in a
cue file), and a long silence on the line (a hold of 30 s by default).

Plain objects for the app's analysis side: feed finalised utterances and the
front end's ``PartyProgress``; each returns the prompts to show, if any.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.records import PartyProgress, Speaker, Utterance
from assistant.review.cues import CueDetector, CueSet
from assistant.review.timing import TimingConfig
from assistant.timebase import clock, samples


@dataclass(frozen=True)
class LivePrompt:
    kind: str  # "cue" | "hold"
    title: str  # the prompt's words ("Say what you CAN do", "Still there?")
    detail: str
    at: int  # the moment it became due (samples)


class LiveCues:
    def __init__(self, cues: CueSet, timing: TimingConfig | None = None, *,
                 phrases: bool = False, holds: bool = False) -> None:
        self.detector = CueDetector(cues)
        self.hold = samples((timing or TimingConfig()).hold_s)
        self.phrases = phrases
        self.holds = holds
        self._silence_prompted = False

    def on_utterance(self, utterance: Utterance) -> list[LivePrompt]:
        """A prompt for each cue in the agent's words whose category is marked live."""
        if not self.phrases:
            return []
        hits = self.detector.feed(utterance)
        return [LivePrompt("cue", text, f"{hit.label}: \u201c{hit.context}\u201d",
                           utterance.final_at)
                for hit, text in self.detector.live_prompts(hits)]

    def on_progress(self, progress: Mapping[Speaker, PartyProgress], now: int
                    ) -> LivePrompt | None:
        """Once per silence: nobody has spoken for the hold time."""
        if not self.holds or not progress:
            return None
        if any(p.run_start is not None for p in progress.values()):
            self._silence_prompted = False
            return None
        last = max(p.voiced_until for p in progress.values())
        if last == 0 or now - last < self.hold or self._silence_prompted:
            return None  # nobody has spoken yet (not a hold), or it is still short
        self._silence_prompted = True
        return LivePrompt("hold", "Still there? Tell the customer what you are doing",
                          f"Nobody has spoken since {clock(last)}.", last + self.hold)
