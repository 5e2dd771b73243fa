"""Live load handling: the governor's steps, the lag on screen, prompts that never wait.

The pipeline test runs a rendered scenario through the live path (a
``LiveClock`` session, as ``assistant listen`` and the app build it) with the
real base model made slower per decode, and the audio handed over faster than
real time: the recogniser falls behind, as on a loaded machine.
"""

from __future__ import annotations

import io

import pytest

from assistant.cli.console import ConsolePrinter
from assistant.engine.load import LagPolicy, LoadGovernor, LoadMode
from assistant.records import TranscriptLag
from assistant.timebase import SAMPLE_RATE


def test_governor_drops_partials_first_then_goes_light_and_comes_back_with_hysteresis():
    governor = LoadGovernor(LagPolicy(skip_partials_s=1.5, light_s=4.0, recover_s=0.8))
    s = SAMPLE_RATE
    assert governor.update(0) is LoadMode.NORMAL
    assert governor.update(2 * s) is LoadMode.PARTIALS_OFF
    assert governor.update(5 * s) is LoadMode.LIGHT
    assert governor.update(2 * s) is LoadMode.LIGHT  # not yet caught up: stays light
    assert governor.update(s // 2) is LoadMode.PARTIALS_OFF  # one step back at a time
    assert governor.update(s) is LoadMode.PARTIALS_OFF  # between recover and skip: holds
    assert governor.update(0) is LoadMode.NORMAL
    assert governor.changes == 4


def test_console_says_how_far_behind_and_when_caught_up():
    out = io.StringIO()
    printer = ConsolePrinter(out)
    printer(TranscriptLag(12 * SAMPLE_RATE + 4000, 60 * SAMPLE_RATE, degraded=True))
    printer(TranscriptLag(0, 75 * SAMPLE_RATE))
    lines = out.getvalue().splitlines()
    assert "transcript 12 s behind" in lines[0] and "catching up" in lines[0]
    assert "1:00.0" in lines[0]
    assert "caught up" in lines[1]


@pytest.mark.slow
def test_behind_live_the_lag_is_reported_and_talkovers_do_not_wait(
        shared_dir, base_recognizer, tmp_path):
    import dataclasses

    from assistant.audio.source import FileAudioSource
    from assistant.config import ChannelLayout, EngineConfig
    from assistant.engine.asr_stage import LiveClock
    from assistant.engine.session import CallSession, live_config
    from assistant.records import TalkOverEvent, Utterance
    from assistant.scenarios import load_script, render_scenario
    from tests.test_deterministic import SlowedRecognizer

    wav = render_scenario(load_script(shared_dir / "scenarios" / "en-talkover-refund.json"),
                          tmp_path).wav
    config = live_config(EngineConfig())
    config = dataclasses.replace(config, transcription=dataclasses.replace(
        config.transcription, language="en"))
    position = [0]

    def blocks():
        for block in FileAudioSource(wav).blocks():  # as fast as it decodes: far ahead
            position[0] = block.end
            yield block

    session = CallSession(ChannelLayout.stereo("left"), config,
                          SlowedRecognizer(base_recognizer, delay_s=0.3),
                          LiveClock(lambda: position[0]))
    seen: list[object] = []
    session.run(blocks(), seen.append)

    lags = [item for item in seen if isinstance(item, TranscriptLag)]
    assert any(lag.behind >= 2 * SAMPLE_RATE for lag in lags), lags
    assert lags[-1].behind == 0  # and it says so once it has caught up
    assert session.asr.governor is not None and session.asr.governor.light_decodes > 0
    assert session.counters.max_behind >= 2 * SAMPLE_RATE
    # The talk-over went out while earlier speech was still waiting for its text.
    first_talkover = next(i for i, item in enumerate(seen) if isinstance(item, TalkOverEvent))
    event = seen[first_talkover]
    assert isinstance(event, TalkOverEvent)
    later_texts = [item for item in seen[first_talkover:] if isinstance(item, Utterance)
                   and item.span.end < event.time]
    assert later_texts, "the talk-over prompt waited for the recogniser"
    texts = " ".join(u.text.lower() for u in seen if isinstance(u, Utterance))
    assert "refund" in texts
