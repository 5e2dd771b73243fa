"""Scoring engine events against scenario labels, with hand-made timelines and events."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.errors import InputError
from assistant.records import Speaker
from assistant.scenarios import (
    KindScore,
    ScenarioScore,
    TimedTurn,
    Timeline,
    parse_script,
    score_scenario,
    score_transcript,
    sum_scores,
)


def make_timeline(
    turns: list[tuple[str, float, float]], talkover: list[int] | None = None,
    repeat: list[list[Any]] | None = None,
) -> Timeline:
    """A timeline with turns exactly where the test says, without rendering audio."""
    script = parse_script({
        "id": "hand-made",
        "language": "en",
        "turns": [{"speaker": s, "text": f"turn {i}"} for i, (s, _, _) in enumerate(turns)],
        "labels": {"talkover": talkover or [], "repeat": repeat or []},
    })
    timed = tuple(
        TimedTurn(i, Speaker(s), f"turn {i}", a, b, round(a * 16000), round(b * 16000))
        for i, (s, a, b) in enumerate(turns)
    )
    return Timeline(script, 16000, max(b for _, _, b in turns) + 1.0, timed)


def talkover(time: float) -> dict[str, Any]:
    return {"kind": "talkover", "time": time, "start": time - 1.0, "end": time, "utterance": None}


def repeat(time: float, utterance: int, repeats: list[int]) -> dict[str, Any]:
    return {"kind": "repeat", "time": time, "utterance": utterance, "repeats": repeats,
            "count": len(repeats) + 1}


# Customer talks 2.0-10.0; the agent comes in at 7.0 and talks to 12.0: 3.0 s of
# overlap, so the window is [7.0, 7.0 + 3.0 + 2.0] = [7.0, 12.0].
TALKOVER_CALL = make_timeline(
    [("agent", 0.5, 1.5), ("customer", 2.0, 10.0), ("agent", 7.0, 12.0)], talkover=[2])


def test_exact_talkover_match_with_latency() -> None:
    score = score_scenario(TALKOVER_CALL, [talkover(8.3)], min_overlap_s=1.0)
    assert score.talkover == KindScore(tp=1, fp=0, fn=0)
    assert score.passed
    (match,) = score.matches
    assert (match.kind, match.turn, match.event, match.time) == ("talkover", 2, 0, 8.3)
    # Detectable at 7.0 + 1.0 (one second of overlap): the event came 0.3 s later.
    assert match.latency == pytest.approx(0.3)
    assert score.latencies == pytest.approx((0.3,))


@pytest.mark.parametrize(
    ("time", "matched"),
    [(7.0, True), (12.0, True), (6.99, False), (12.01, False), (9.5, True)],
)
def test_talkover_window_edges(time: float, matched: bool) -> None:
    score = score_scenario(TALKOVER_CALL, [talkover(time)])
    expected = KindScore(tp=1) if matched else KindScore(fp=1, fn=1)
    assert score.talkover == expected
    assert score.passed is matched


def test_two_events_for_one_label_are_one_hit_and_one_false_positive() -> None:
    score = score_scenario(TALKOVER_CALL, [talkover(9.0), talkover(8.1)])
    assert score.talkover == KindScore(tp=1, fp=1, fn=0)
    assert not score.passed
    # The earliest event is the match, so latency is not inflated by a late duplicate.
    assert score.matches[0].event == 1
    assert [(f.kind, f.event, f.time) for f in score.false_positives] == [("talkover", 0, 9.0)]


def test_latency_counts_overlap_across_customer_turns() -> None:
    # Customer 2-5 and 6-10; agent 4.5-9.0 overlaps 0.5 s, then needs 0.5 s more
    # of the second turn: detectable at 6.5. Overlap 3.5 s: window [4.5, 10.0].
    timeline = make_timeline(
        [("customer", 2.0, 5.0), ("customer", 6.0, 10.0), ("agent", 4.5, 9.0)], talkover=[2])
    score = score_scenario(timeline, [talkover(6.8)], min_overlap_s=1.0)
    assert score.matches[0].latency == pytest.approx(0.3)
    assert score_scenario(timeline, [talkover(10.0)]).talkover.tp == 1
    assert score_scenario(timeline, [talkover(10.05)]).talkover.tp == 0
    # A detector needing more overlap than there is: still a hit, but no latency.
    late = score_scenario(timeline, [talkover(6.8)], min_overlap_s=5.0)
    assert late.talkover.tp == 1
    assert late.matches[0].latency is None
    assert late.latencies == ()


def test_assignment_is_a_maximum_matching_not_first_come() -> None:
    # Label A (agent 3.0-8.0) has window [3.0, 9.6]; label B (agent 7.5-7.55)
    # has [7.5, 9.55]. The event at 7.8 fits both, 9.58 only A: taking 7.8 for
    # A first would leave B without its only event.
    timeline = make_timeline(
        [("customer", 0.0, 7.6), ("agent", 3.0, 8.0), ("agent", 7.5, 7.55)], talkover=[1, 2])
    score = score_scenario(timeline, [talkover(7.8), talkover(9.58)])
    assert score.talkover == KindScore(tp=2)
    assert {(m.turn, m.time) for m in score.matches} == {(1, 9.58), (2, 7.8)}


# Customer requests at turns 1, 3 and 5; 3 repeats 1, 5 repeats 1 or 3.
REPEAT_CALL = make_timeline(
    [
        ("agent", 0.5, 2.0), ("customer", 2.5, 5.0), ("agent", 5.5, 8.0),
        ("customer", 8.5, 11.0), ("agent", 11.5, 14.0), ("customer", 14.5, 17.0),
    ],
    repeat=[[3, 1], [5, [1, 3]]],
)
# The engine's utterances: boundaries a little off the turns, as a VAD's would be.
UTTERANCES = [
    {"id": i, "speaker": t.speaker.value, "start": t.start + 0.1, "end": t.end - 0.05, "text": ""}
    for i, t in enumerate(REPEAT_CALL.turns)
]


def test_exact_repeat_matches() -> None:
    events = [repeat(10.0, 3, [1]), repeat(16.0, 5, [3])]
    score = score_scenario(REPEAT_CALL, events, UTTERANCES)
    assert score.repeat == KindScore(tp=2)
    assert score.talkover == KindScore()
    assert score.passed
    assert [(m.turn, m.event) for m in score.matches] == [(3, 0), (5, 1)]
    assert score.latencies == ()


@pytest.mark.parametrize(
    ("time", "matched"),
    [(8.5, True), (11.0 + 6.0, True), (8.45, False), (17.01, False)],
)
def test_repeat_window_edges(time: float, matched: bool) -> None:
    # Label [3, 1] alone: window [start(3), end(3) + 6.0] = [8.5, 17.0].
    timeline = make_timeline([(t.speaker.value, t.start, t.end) for t in REPEAT_CALL.turns],
                             repeat=[[3, 1]])
    score = score_scenario(timeline, [repeat(time, 3, [1])], UTTERANCES)
    assert score.repeat == (KindScore(tp=1) if matched else KindScore(fp=1, fn=1))


@pytest.mark.parametrize(
    "names",
    [[2], [3], [42], []],
    ids=["agent-utterance", "the-later-turn-itself", "unknown-id", "nothing"],
)
def test_repeat_naming_the_wrong_earlier_utterance_does_not_match(names: list[int]) -> None:
    timeline = make_timeline([(t.speaker.value, t.start, t.end) for t in REPEAT_CALL.turns],
                             repeat=[[3, 1]])
    score = score_scenario(timeline, [repeat(10.0, 3, names)], UTTERANCES)
    assert score.repeat == KindScore(fp=1, fn=1)
    assert score.missed[0].turn == 3
    assert score.missed[0].window == pytest.approx((8.5, 17.0))


def test_repeat_with_a_list_of_earlier_turns_accepts_any_of_them() -> None:
    for names in ([1], [3], [0, 3]):
        score = score_scenario(REPEAT_CALL, [repeat(10.0, 3, [1]), repeat(15.0, 5, names)],
                               UTTERANCES)
        assert score.repeat == KindScore(tp=2), names


def test_double_repeat_events_for_one_label() -> None:
    events = [repeat(10.0, 3, [1]), repeat(10.5, 3, [1]), repeat(16.0, 5, [1, 3])]
    score = score_scenario(REPEAT_CALL, events, UTTERANCES)
    assert score.repeat == KindScore(tp=2, fp=1)
    assert [f.event for f in score.false_positives] == [1]


def test_empty_labels_and_no_events_is_perfect() -> None:
    timeline = make_timeline([("agent", 0.5, 2.0), ("customer", 2.5, 5.0)])
    score = score_scenario(timeline, [])
    for kind in (score.talkover, score.repeat):
        assert (kind.precision, kind.recall, kind.f1) == (1.0, 1.0, 1.0)
    assert score.passed


def test_empty_labels_with_an_event_is_a_false_positive() -> None:
    timeline = make_timeline([("agent", 0.5, 2.0), ("customer", 2.5, 5.0)])
    score = score_scenario(timeline, [talkover(3.0)])
    assert score.talkover == KindScore(fp=1)
    assert (score.talkover.precision, score.talkover.f1) == (0.0, 0.0)
    assert score.repeat.f1 == 1.0
    assert not score.passed


def test_missed_label_scores_zero() -> None:
    score = score_scenario(TALKOVER_CALL, [])
    assert score.talkover == KindScore(fn=1)
    assert (score.talkover.precision, score.talkover.recall, score.talkover.f1) == (0, 0, 0)
    assert [(m.kind, m.turn) for m in score.missed] == [("talkover", 2)]


def test_precision_recall_f1_arithmetic() -> None:
    kind = KindScore(tp=3, fp=1, fn=2)
    assert kind.precision == pytest.approx(0.75)
    assert kind.recall == pytest.approx(0.6)
    assert kind.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert kind + KindScore(tp=1, fn=1) == KindScore(tp=4, fp=1, fn=3)


def test_sum_scores_across_scenarios() -> None:
    good = score_scenario(TALKOVER_CALL, [talkover(8.3)])
    bad = score_scenario(REPEAT_CALL, [talkover(3.0), repeat(10.0, 3, [1])], UTTERANCES)
    total = sum_scores([good, bad])
    assert (total.scenarios, total.passed) == (2, 1)
    assert total.talkover == KindScore(tp=1, fp=1)
    assert total.repeat == KindScore(tp=1, fn=1)
    assert total.latencies == pytest.approx((0.3,))
    assert total.median_latency == pytest.approx(0.3)
    assert total.to_json()["repeat"]["recall"] == 0.5


def test_unknown_event_kinds_are_not_scored_and_bad_events_are_input_errors() -> None:
    score = score_scenario(TALKOVER_CALL, [{"kind": "sentiment", "time": 3.0}, talkover(8.0)])
    assert score.passed
    with pytest.raises(InputError, match=r"events\[0\]\.time"):
        score_scenario(TALKOVER_CALL, [{"kind": "talkover", "time": "soon"}])
    with pytest.raises(InputError, match="repeats"):
        score_scenario(REPEAT_CALL, [{"kind": "repeat", "time": 9.0, "repeats": "1"}])
    with pytest.raises(InputError, match=r"utterances\[0\]"):
        score_scenario(REPEAT_CALL, [], [{"speaker": "customer"}])


def test_score_transcript_reads_the_engine_json_contract() -> None:
    transcript = {
        "audio": {"path": "x.wav", "duration": 18.0, "sample_rate": 16000, "channels": 2},
        "language": "en", "model": "base", "utterances": UTTERANCES,
        "events": [repeat(10.0, 3, [1]), repeat(16.0, 5, [1])], "stats": {},
    }
    score = score_transcript(REPEAT_CALL, transcript)
    assert isinstance(score, ScenarioScore)
    assert score.passed
    assert score.to_json()["repeat"] == {"tp": 2, "fp": 0, "fn": 0, "precision": 1.0,
                                         "recall": 1.0, "f1": 1.0}
