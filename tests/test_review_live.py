"""The optional live prompts: off by default, a live cue category, and a long hold."""

from __future__ import annotations

import json

from assistant.records import PartyProgress, Span, Speaker, Utterance
from assistant.review.cues import load_cues
from assistant.review.live import LiveCues

S = 16000
A, C = Speaker.AGENT, Speaker.CUSTOMER


def agent_says(text: str) -> Utterance:
    return Utterance(0, A, Span(0, 2 * S), text, "en", 3 * S)


def quiet(since: int, now: int) -> dict[Speaker, PartyProgress]:
    return {s: PartyProgress(s, None, since, now) for s in (A, C)}


def test_nothing_is_prompted_unless_switched_on() -> None:
    live = LiveCues(load_cues("en"))
    assert live.on_utterance(agent_says("Calm down, please.")) == []
    assert live.on_progress(quiet(S, 100 * S), 100 * S) is None


def test_a_cue_category_marked_live_prompts(tmp_path) -> None:
    built_in = LiveCues(load_cues("en"), phrases=True)
    assert built_in.on_utterance(agent_says("Calm down, please.")) == []  # not marked live
    (tmp_path / "en.json").write_text(json.dumps({"categories": {"calm_down": {"live": True}}}),
                                      encoding="utf-8")
    live = LiveCues(load_cues("en", tmp_path), phrases=True)
    (prompt,) = live.on_utterance(agent_says("Calm down, please."))
    assert (prompt.kind, prompt.title, prompt.at) == ("cue", "Acknowledge the feeling", 3 * S)
    assert "Calm down, please." in prompt.detail


def test_a_long_hold_prompts_once_per_silence() -> None:
    live = LiveCues(load_cues("en"), holds=True)
    assert live.on_progress(quiet(0, 40 * S), 40 * S) is None  # nobody spoke yet: ringing
    assert live.on_progress(quiet(10 * S, 39 * S), 39 * S) is None
    prompt = live.on_progress(quiet(10 * S, 40 * S), 40 * S)
    assert prompt is not None and prompt.kind == "hold" and prompt.at == 40 * S
    assert live.on_progress(quiet(10 * S, 50 * S), 50 * S) is None  # once
    talking = {A: PartyProgress(A, 51 * S, 52 * S, 52 * S), C: PartyProgress(C, None, 0, 52 * S)}
    assert live.on_progress(talking, 52 * S) is None
    assert live.on_progress(quiet(53 * S, 90 * S), 90 * S) is not None  # a new silence
