"""Talk-over detection from timing alone, through the real VAD on voiced bursts.

Channel 0 is the agent, channel 1 the customer (the scenario convention).
"""

from __future__ import annotations

import pytest

from assistant.config import ChannelLayout, EngineConfig, TalkOverConfig
from assistant.engine.front import CallFrontEnd
from assistant.records import TalkOverEvent, TalkOverReason, TalkOverUpdate
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE
from tests.synthetic import blocks, call

AGENT, CUSTOMER = 0, 1
SLACK = 4 * FRAME_SAMPLES  # VAD onset/offset of a synthetic burst


def detect(bursts, duration=12.0, config: TalkOverConfig | None = None, block=4000):
    front = CallFrontEnd(EngineConfig(talkover=config or TalkOverConfig()),
                         ChannelLayout.stereo("left"))
    events = []
    for b in blocks(call(duration, bursts), block):
        events += front.feed(b).events
    events += front.finish().events
    fired = [e for e in events if isinstance(e, TalkOverEvent)]
    updates = [e for e in events if isinstance(e, TalkOverUpdate)]
    return fired, updates


def at(seconds: float) -> int:
    return round(seconds * SAMPLE_RATE)


def test_agent_coming_in_mid_turn_fires_once_the_overlap_reaches_the_minimum() -> None:
    fired, updates = detect([(CUSTOMER, 0.5, 6.0), (AGENT, 3.5, 4.5)])
    assert len(fired) == 1
    event = fired[0]
    assert event.reason is TalkOverReason.OVERLAP
    assert abs(event.start - at(3.5)) <= SLACK
    # The minimum overlap after the agent came in, not later.
    assert abs(event.time - at(3.5 + TalkOverConfig().min_overlap_s)) <= SLACK
    assert abs(event.customer_start - at(0.5)) <= SLACK
    assert len(updates) == 1 and abs(updates[0].end - at(6.5)) <= SLACK


def test_the_result_does_not_depend_on_block_size() -> None:
    bursts = [(CUSTOMER, 0.5, 6.0), (AGENT, 3.5, 4.5)]
    reference = detect(bursts, block=4000)
    for block in (160, 480, 1111, 8000):
        assert detect(bursts, block=block) == reference


def test_minimum_overlap_is_configurable() -> None:
    fired, _ = detect([(CUSTOMER, 0.5, 6.0), (AGENT, 3.5, 4.5)],
                      config=TalkOverConfig(min_overlap_s=2.0))
    assert abs(fired[0].time - at(5.5)) <= SLACK


@pytest.mark.parametrize("length", [0.4, 0.7, 0.9])
def test_backchannels_inside_a_customer_turn_do_not_fire(length: float) -> None:
    fired, _ = detect([(CUSTOMER, 0.5, 8.0), (AGENT, 3.0, length), (AGENT, 6.0, length)])
    assert fired == []


@pytest.mark.parametrize("early", [0.2, 0.3, 0.45])
def test_agent_starting_a_few_hundred_ms_before_the_customer_ends_does_not_fire(
    early: float,
) -> None:
    fired, _ = detect([(CUSTOMER, 0.5, 4.0), (AGENT, 4.5 - early, 3.0)])
    assert fired == []


def test_customer_talking_over_the_agent_is_not_the_agents_talk_over() -> None:
    fired, _ = detect([(AGENT, 0.5, 6.0), (CUSTOMER, 3.0, 5.0)])
    assert fired == []


@pytest.mark.parametrize("lead", [0.0, 0.2, 0.35])
def test_both_starting_together_is_not_a_talk_over(lead: float) -> None:
    fired, _ = detect([(CUSTOMER, 1.0, 5.0), (AGENT, 1.0 + lead, 5.0)])
    assert fired == []


@pytest.mark.parametrize("lead", [0.6, 0.9])
def test_an_agent_coming_in_under_a_second_into_the_customers_turn_still_talks_over(
    lead: float,
) -> None:
    # The customer's turn need not be a second old: 0.5 s of it is the floor.
    fired, _ = detect([(CUSTOMER, 1.0, 5.0), (AGENT, 1.0 + lead, 3.0)])
    assert len(fired) == 1 and fired[0].reason is TalkOverReason.OVERLAP
    due = 1.0 + lead + TalkOverConfig().min_overlap_s
    assert abs(fired[0].time - at(due)) <= SLACK


def test_customer_sounds_inside_the_agents_turn_give_them_no_floor() -> None:
    # The agent explains for 8 s with pauses; the customer breathes, laughs or says
    # "mm" (0.6-0.9 s) in the agent's pauses and over its speech.
    bursts = [(AGENT, 0.5, 2.5), (CUSTOMER, 2.8, 0.7), (AGENT, 3.3, 2.5),
              (CUSTOMER, 5.4, 0.9), (AGENT, 6.2, 2.5)]
    fired, _ = detect(bursts)
    assert fired == []


def test_customer_cut_off_fires_when_the_agent_keeps_the_floor() -> None:
    # The customer gives up 0.7 s after the agent comes in; the agent keeps going.
    fired, _ = detect([(CUSTOMER, 0.5, 4.5), (AGENT, 4.3, 4.0)])
    assert len(fired) == 1 and fired[0].reason is TalkOverReason.CUTOFF
    config = TalkOverConfig()
    due = 5.0 + config.cutoff_agent_continue_s
    assert abs(fired[0].time - at(due)) <= SLACK


def test_no_cut_off_when_the_customer_had_only_just_begun() -> None:
    fired, _ = detect([(CUSTOMER, 0.5, 1.6), (AGENT, 1.4, 4.0)])
    assert fired == []


def test_agent_jumping_into_a_pause_fires_when_the_customer_carries_on() -> None:
    fired, _ = detect([(CUSTOMER, 0.5, 3.0), (AGENT, 3.85, 4.0), (CUSTOMER, 4.15, 4.0)])
    due = 4.15 + TalkOverConfig().min_overlap_s
    assert len(fired) == 1 and abs(fired[0].time - at(due)) <= SLACK


def test_agent_answering_after_the_customer_finished_is_a_normal_turn() -> None:
    # The customer adds something 1.5 s into the agent's answer: their talk-over, not the agent's.
    fired, _ = detect([(CUSTOMER, 0.5, 3.0), (AGENT, 3.85, 4.0), (CUSTOMER, 5.35, 3.0)])
    assert fired == []


def test_a_short_agent_pause_inside_the_overlap_counts_towards_it() -> None:
    # 0.5 s: under overlap_bridge_s, as a voice's quiet syllables lost in line noise are.
    fired, _ = detect([(CUSTOMER, 0.5, 8.0), (AGENT, 4.0, 0.6), (AGENT, 5.1, 3.0)])
    assert len(fired) == 1
    assert abs(fired[0].time - at(4.0 + TalkOverConfig().min_overlap_s)) <= 2 * SLACK


def test_overlap_accumulates_across_a_longer_agent_pause() -> None:
    fired, _ = detect([(CUSTOMER, 0.5, 8.0), (AGENT, 4.0, 0.6), (AGENT, 5.5, 3.0)])
    assert len(fired) == 1
    rest = TalkOverConfig().min_overlap_s - 0.6  # 0.6 s before the pause, the rest after it
    assert abs(fired[0].time - at(5.5 + rest)) <= 2 * SLACK


def test_mono_calls_have_no_talk_over_detector() -> None:
    front = CallFrontEnd(EngineConfig(), ChannelLayout.mono())
    assert front.talkover is None


def test_a_customer_cut_off_who_tries_again_is_still_cut_off() -> None:
    # Real Danish speech on an 8 kHz line: the customer gives up 0.75 s after the
    # agent comes in, tries again 0.9 s later over the agent (before the agent has
    # talked on long enough to make it a cut-off) and gives up again.
    config = TalkOverConfig(cutoff_agent_continue_s=1.2)
    fired, _ = detect([(CUSTOMER, 0.5, 4.5), (AGENT, 4.25, 4.0), (CUSTOMER, 5.9, 0.4)],
                      config=config)
    assert len(fired) == 1 and fired[0].reason is TalkOverReason.CUTOFF
    assert abs(fired[0].time - at(5.0 + config.cutoff_agent_continue_s)) <= SLACK
