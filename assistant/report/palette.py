"""The colours of everything shown to people: the app's themes and the exported pages.

The two parties use the Okabe–Ito blue and orange, which stay distinct for
the common forms of colour blindness; talk-overs and repeats a third and a
fourth hue. ``assistant.ui.theme`` builds the app's themes from these, so the
window and an exported review never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.records import Speaker
from assistant.review.summary import (
    CUE_GOOD,
    CUE_POOR,
    CUTOFF,
    ENDED,
    HOLD,
    MONOLOGUE,
    REPEAT,
    SILENCE,
    TALKOVER,
)


@dataclass(frozen=True)
class Palette:
    background: str
    surface: str  # cards, panels
    surface_alt: str  # inputs, table stripes
    text: str
    muted: str  # secondary lines; still ≥ 4.5:1 on ``background``
    border: str
    agent: str
    customer: str
    agent_bubble: str
    customer_bubble: str
    talkover: str
    repeat: str
    good: str
    poor: str  # a poor listening cue in a review
    warn: str  # a warning in the app
    silence: str
    accent: str  # buttons, selection, links

    def speaker(self, speaker: Speaker | None) -> str:
        return self.customer if speaker is Speaker.CUSTOMER else self.agent

    def marker(self, kind: str) -> str:
        return {TALKOVER: self.talkover, CUTOFF: self.talkover, REPEAT: self.repeat,
                CUE_POOR: self.poor, CUE_GOOD: self.good, SILENCE: self.silence,
                HOLD: self.silence, MONOLOGUE: self.agent, ENDED: self.talkover}.get(
                    kind, self.muted)


LIGHT = Palette(background="#f6f7f9", surface="#ffffff", surface_alt="#eef0f3", text="#1b1f24",
                muted="#525b66", border="#cfd4db", agent="#0061a0", customer="#a15c00",
                agent_bubble="#e3f0fa", customer_bubble="#fbefdc", talkover="#c2410c",
                repeat="#8b3fb5", good="#137a52", poor="#b45309", warn="#9a5b00",
                silence="#8a94a3", accent="#0072b2")
DARK = Palette(background="#1b1d21", surface="#25282e", surface_alt="#2e3239", text="#eceff3",
               muted="#a9b0bb", border="#3b4049", agent="#56b4e9", customer="#e69f00",
               agent_bubble="#1f3442", customer_bubble="#3a2f17", talkover="#ff7a45",
               repeat="#d59cff", good="#3fbf8f", poor="#ffb454", warn="#ffb454",
               silence="#6b7280", accent="#56b4e9")
PALETTES = {"light": LIGHT, "dark": DARK}
