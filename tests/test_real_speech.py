"""The real-speech evaluation set: built the same every time, with the right ground truth.

Skipped when ../shared is not beside the repository.
"""

from __future__ import annotations

import numpy as np
import pytest

from assistant.evaluation.real_sources import load_library
from assistant.evaluation.real_speech import (
    AMI_NOT_TALKOVER,
    VARIANTS,
    _ami_calls,
    _plan_calls,
    plans,
)
from assistant.evaluation.sets import split_of
from assistant.records import Speaker


@pytest.fixture(scope="module")
def library(shared_dir):
    return load_library(shared_dir / "data")


def test_the_plans_are_the_same_on_every_build(library) -> None:
    first, second = plans(library), plans(library)
    assert [p.id for p in first] == [p.id for p in second]
    assert [[(i.piece.name, i.start, i.cut_s) for i in p.placed] for p in first] == \
        [[(i.piece.name, i.start, i.cut_s) for i in p.placed] for p in second]
    assert {p.language for p in first} == {"en", "da", "de"}


def test_a_placed_call_comes_in_three_variants_with_one_ground_truth(library) -> None:
    plan = next(p for p in plans(library) if p.kind == "cut-off")
    calls = list(_plan_calls(plan))
    again = list(_plan_calls(plan))
    assert [c.variant for c in calls] == list(VARIANTS)
    for a, b in zip(calls, again, strict=True):
        assert np.array_equal(a.audio, b.audio)  # seeded noise and leak
    rates = {c.variant: c.rate for c in calls}
    assert rates == {"16k": 16000, "tel": 8000, "leak": 16000}
    starts = [[t.start for t in c.timeline.turns] for c in calls]
    for row in starts[1:]:
        assert all(abs(x - y) < 1e-3 for x, y in zip(row, starts[0], strict=True))
    # One label, on the agent's turn; all variants fall in the same half.
    truth = calls[0].timeline
    assert len(truth.script.labels.talkover) == 1
    assert truth.turns[truth.script.labels.talkover[0]].speaker is Speaker.AGENT
    assert len({c.half for c in calls}) == 1 and calls[0].half is split_of(plan.id)
    # The customer stops mid-word 0.4-1.0 s after the agent came in.
    customer, agent = truth.turns[0], truth.turns[1]
    assert 0.35 <= customer.end - agent.start <= 1.05


@pytest.mark.parametrize("take", [True, False])
def test_ami_clips_keep_the_agent_on_channel_0_and_the_judged_labels(library, take) -> None:
    clips = [c for c in library.clips if (c.category == "should_yield") == take]
    assert len(clips) == (6 if take else 7)
    for clip in clips:
        call = next(_ami_calls(clip))
        labels = call.timeline.script.labels.talkover
        judged = take and clip.id not in AMI_NOT_TALKOVER
        assert len(labels) == int(judged), clip.id
        if judged:
            turn = call.timeline.turns[labels[0]]
            assert turn.speaker is Speaker.AGENT and abs(turn.start - 3.0) < 0.01
        # Left unswapped and unscaled: channel 0 is the clip's ch0, the one who comes in.
        assert np.allclose(call.audio[:, 0] / 32767.0, clip.audio[:, 0], atol=2e-4)
