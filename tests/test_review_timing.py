"""Timing cues: talk time, overlap, monologues, dead air, cut-offs and the call's end,
on spans made by hand and on a rendered call through the real VAD front end."""

from __future__ import annotations

import pytest

from assistant.analysis.stats import compute_stats
from assistant.audio.source import FileAudioSource
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.front import CallFrontEnd
from assistant.engine.result import CallResult, RecordingInfo
from assistant.records import Span, Speaker, SpeechEnded, Utterance, total_duration
from assistant.review.timing import (
    TimingConfig,
    compute_timing,
    longest_stretch,
    silences,
    subtract,
    union,
)
from assistant.scenarios import parse_script, render_scenario
from assistant.timebase import samples, seconds

S = 16000
A, C = Speaker.AGENT, Speaker.CUSTOMER


def sp(a: float, b: float) -> Span:
    return Span(round(a * S), round(b * S))


def result(agent: list[Span], customer: list[Span], duration: float,
           utterances: list[Utterance] | None = None) -> CallResult:
    speech = {A: sorted(agent), C: sorted(customer)}
    return CallResult(RecordingInfo("call.wav", round(duration * S), 16000, 2), "en", "base",
                      utterances or [], [], [], speech, compute_stats(speech, 0, 0))


def test_span_algebra() -> None:
    assert union([sp(0, 1), sp(0.5, 2), sp(3, 4)]) == [sp(0, 2), sp(3, 4)]
    assert subtract([sp(0, 10)], [sp(2, 3), sp(5, 6)]) == [sp(0, 2), sp(3, 5), sp(6, 10)]
    assert subtract([sp(0, 2), sp(4, 6)], [sp(1, 5)]) == [sp(0, 1), sp(5, 6)]
    assert silences([sp(0, 1), sp(5, 6), sp(7, 8)], samples(3)) == [sp(1, 5)]


def test_monologue_runs_until_the_customer_speaks() -> None:
    agent = [sp(0, 2), sp(2.5, 6), sp(6.4, 9), sp(12, 13)]
    customer = [sp(9.5, 11)]
    assert longest_stretch(agent, customer, samples(3)) == sp(0, 9)
    # A long silence ends a stretch too: the agent was on hold, not talking on.
    assert longest_stretch([sp(0, 4), sp(10, 12)], [], samples(3)) == sp(0, 4)
    # The agent's speech over the customer is not part of a monologue.
    assert longest_stretch([sp(0, 10)], [sp(0, 4)], samples(3)) == sp(4, 10)


def test_the_listeners_mm_hmm_does_not_break_a_monologue() -> None:
    agent = [sp(0, 8), sp(8.5, 20)]
    customer = [sp(8.1, 8.4)]
    said = [Utterance(0, A, sp(0, 8), "Let me explain how the plan works.", "en", 0),
            Utterance(1, C, sp(8.1, 8.4), "Mm-hmm.", "en", 0),
            Utterance(2, A, sp(8.5, 20), "So every month you pay for what you used.", "en", 0)]
    timing = compute_timing(result(agent, customer, 21, said))
    assert timing.monologue == sp(0, 20)
    bare = compute_timing(result(agent, customer, 21))  # no words known: it counts
    assert bare.monologue == sp(8.5, 20)


def test_talk_time_overlap_and_ratio() -> None:
    timing = compute_timing(result([sp(0, 4), sp(10, 14)], [sp(3, 9)], 15))
    assert timing.talk_time == {A: 8 * S, C: 6 * S}
    assert timing.overlap == 1 * S
    assert timing.agent_share == pytest.approx(8 / 14)


def test_dead_air_and_long_holds() -> None:
    timing = compute_timing(result([sp(0, 2), sp(6, 7), sp(45, 47)], [sp(2.5, 3)], 48))
    assert timing.silences == [sp(3, 6), sp(7, 45)]
    assert timing.holds == [sp(7, 45)]
    assert timing.dead_air == 41 * S and timing.longest_silence == sp(7, 45)
    quick = compute_timing(result([sp(0, 2), sp(6, 7)], [], 8), TimingConfig(dead_air_s=5))
    assert quick.silences == []


def test_words_per_minute_per_side() -> None:
    said = [Utterance(0, A, sp(0, 6), " ".join(["word"] * 15), "en", 0),
            Utterance(1, C, sp(7, 9), "too short to tell", "en", 0)]
    timing = compute_timing(result([sp(0, 6)], [sp(7, 9)], 10, said))
    assert timing.words == {A: 15, C: 4}
    assert timing.words_per_minute[A] == pytest.approx(150)
    assert timing.words_per_minute[C] is None  # two seconds: no rate worth showing


@pytest.mark.parametrize(("agent", "customer", "cut"), [
    ([sp(5, 9)], [sp(0, 5.8)], True),  # the customer stopped 0.8 s after the agent came in
    ([sp(5, 9)], [sp(0, 5.3)], False),  # 0.3 s: an ordinary early start at a turn's end
    ([sp(5, 9)], [sp(0, 7)], False),  # 2 s: they talked over each other (a talk-over)
    ([sp(5, 6.2)], [sp(0, 5.8)], False),  # the agent did not go on
    ([sp(1.5, 5)], [sp(0, 2.3)], False),  # the customer had only just begun
    ([sp(5, 9)], [sp(0, 5.8), sp(6.1, 8)], False),  # the customer carried on after a breath
])
def test_cut_offs(agent, customer, cut) -> None:
    timing = compute_timing(result(agent, customer, 10))
    assert [c.agent_start for c in timing.cutoffs] == ([agent[0].start] if cut else [])


def test_the_call_ended_while_the_customer_was_speaking() -> None:
    ended = compute_timing(result([sp(0, 3)], [sp(3.5, 9.9)], 10))
    assert ended.ended_over_customer == sp(3.5, 9.9)
    finished = compute_timing(result([sp(0, 3), sp(9, 9.8)], [sp(3.5, 8)], 10))
    assert finished.ended_over_customer is None
    quiet_end = compute_timing(result([sp(0, 3)], [sp(3.5, 8)], 10))
    assert quiet_end.ended_over_customer is None


def test_mono_calls_have_no_two_party_cues() -> None:
    speech = {Speaker.UNKNOWN: [sp(0, 3), sp(8, 9)]}
    mono = CallResult(RecordingInfo("m.wav", 10 * S, 16000, 1), "en", "base", [], [], [],
                      speech, compute_stats(speech, 0, 0))
    timing = compute_timing(mono)
    assert not timing.two_party and timing.agent_share is None and timing.cutoffs == []
    assert timing.monologue is None and timing.silences == [sp(3, 8)]


# --- A rendered call with known timing, through the real VAD ---------------------------

# Turns without punctuation, so each is one unbroken stretch of speech: the timeline's
# start and end of a turn are then exactly where its speech is. The customer's voice is
# one whose word endings the VAD hears in full; see the test after for the default voice.
TIMING_SCRIPT = {
    "id": "review-timing",
    "language": "en",
    "voices": {"agent": "en+m3", "customer": "en+m1"},
    "turns": [
        {"speaker": "customer", "text": "Hello I would like to cancel my subscription please"},
        {"speaker": "agent", "text": "I can certainly help you with that today", "after": 0.5},
        {"speaker": "agent", "text": "First I need to check a few details on your account",
         "after": 0.4},
        {"speaker": "agent", "text": "It will only take a moment so please stay on the line",
         "after": 0.4},
        {"speaker": "customer",
         "text": "Okay thank you but I have been waiting for a very long time already",
         "after": 4.0},
        {"speaker": "agent", "text": "You are welcome and have a lovely day", "after": -0.8},
    ],
    "labels": {"talkover": [], "repeat": []},
}


def _vad_result(path) -> CallResult:
    source = FileAudioSource(path)
    front = CallFrontEnd(EngineConfig(), ChannelLayout.stereo())
    speech: dict[Speaker, list[Span]] = {A: [], C: []}
    for block in source.blocks():
        for item in front.feed(block).activity:
            if isinstance(item, SpeechEnded):
                speech[item.speaker].append(item.span)
    for item in front.finish().activity:
        if isinstance(item, SpeechEnded):
            speech[item.speaker].append(item.span)
    speech = {k: sorted(v) for k, v in speech.items()}
    return CallResult(RecordingInfo(str(path), source.decoded_samples, 16000, 2), "en", "none",
                      [], [], [], speech, compute_stats(speech, 0, 0))


def _close(measured: int, expected_s: float, tolerance: float = 0.1) -> None:
    assert abs(seconds(measured) - expected_s) <= tolerance, (seconds(measured), expected_s)


@pytest.mark.slow
def test_timing_of_a_rendered_call_within_a_tenth_of_a_second(tmp_path) -> None:
    rendered = render_scenario(parse_script(TIMING_SCRIPT), tmp_path)
    turns = rendered.timeline.turns
    call = _vad_result(rendered.wav)
    timing = compute_timing(call)
    # Talk time: every turn within 0.1 s; a party's total within 0.1 s per turn (the VAD
    # works in 30 ms frames, so each run gains up to a frame at each end).
    for turn in turns:
        window = sp(turn.start - 0.3, turn.end + 0.3)
        heard = sum(window.overlap(s) for s in union(call.speech[turn.speaker]))
        _close(heard, turn.duration)
    for speaker in (A, C):
        own = rendered.timeline.of(speaker)
        truth = seconds(total_duration(union(sp(t.start, t.end) for t in own)))
        _close(timing.talk_time[speaker], truth, 0.1 * len(own))
    # The agent came in 0.8 s before the customer's turn ended: that much overlap, and
    # the customer stopped within a second while the agent went on: a cut-off.
    _close(timing.overlap, turns[4].end - turns[5].start)
    assert len(timing.cutoffs) == 1
    _close(timing.cutoffs[0].agent_start, turns[5].start)
    _close(timing.cutoffs[0].customer_stop, turns[4].end)
    # Three agent turns with short pauses and no word from the customer: one monologue.
    assert timing.monologue is not None
    _close(timing.monologue.start, turns[1].start)
    _close(timing.monologue.end, turns[3].end)
    _close(timing.monologue.duration, turns[3].end - turns[1].start)
    # Four seconds of nobody speaking before the customer answers: dead air, not a hold.
    assert len(timing.silences) == 1 and timing.holds == []
    _close(timing.silences[0].start, turns[3].end)
    _close(timing.silences[0].duration, turns[4].start - turns[3].end)


@pytest.mark.slow
def test_timing_with_the_default_voices(tmp_path) -> None:
    """With the default customer voice the VAD (webrtcvad, aggressiveness 3) misses the
    quiet last ~0.1 s of "please" and "already", so the customer's turns and the overlap
    come out that much short; the agent's monologue stays within 0.1 s."""
    script = {**TIMING_SCRIPT, "id": "review-timing-default-voices"}
    del script["voices"]
    rendered = render_scenario(parse_script(script), tmp_path)
    turns = rendered.timeline.turns
    timing = compute_timing(_vad_result(rendered.wav))
    for speaker in (A, C):
        own = rendered.timeline.of(speaker)
        truth = seconds(total_duration(union(sp(t.start, t.end) for t in own)))
        _close(timing.talk_time[speaker], truth, 0.15 * len(own))
    _close(timing.overlap, turns[4].end - turns[5].start, 0.15)
    assert timing.monologue is not None
    _close(timing.monologue.duration, turns[3].end - turns[1].start)
    assert len(timing.cutoffs) == 1
