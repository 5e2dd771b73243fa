"""The one live-call flow (``services.live_call``) that listen, demo --console and the app run:
real audio through the real engine into a real library."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.audio.source import FileAudioSource
from assistant.config import TalkOverConfig
from assistant.engine.configure import build_engine_config
from assistant.engine.session import live_config
from assistant.records import AudioBlock, EngineOutput, Utterance
from assistant.services.call_audio import DEMO_CALL, DemoAudio
from assistant.services.live_call import CallKeeping, CallStarted, LiveCall, LiveCallHooks
from assistant.store import CallStore

LIVE = live_config(build_engine_config("en", TalkOverConfig.min_overlap_s))


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    """The demo call's first 10 s as a stereo 16 kHz WAV (agent left)."""
    rate, seconds = 16000, 10
    blocks = []
    for block in FileAudioSource(DEMO_CALL).blocks():
        blocks.append(block.samples)
        if block.end >= seconds * rate:
            break
    path = tmp_path_factory.mktemp("audio") / "clip.wav"
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.concatenate(blocks)[: seconds * rate].astype("<i2").tobytes())
    return path


@pytest.mark.slow
def test_a_live_call_is_heard_shown_and_kept(clip, base_recognizer, tmp_path):
    statuses: list[str] = []
    started: list[CallStarted] = []
    outputs: list[EngineOutput] = []
    blocks: list[AudioBlock] = []
    with CallStore(tmp_path / "library") as store:
        call = LiveCall(DemoAudio(clip, speed=50.0), LIVE,
                        lambda: base_recognizer,
                        LiveCallHooks(on_output=outputs.append, on_block=blocks.append,
                                      on_status=statuses.append, on_started=started.append),
                        CallKeeping(store, "demo"))
        outcome = call.run()
        assert statuses == ["Loading model…", "Listening", "Saving the call…"]
        assert outcome.result is not None and not outcome.stopped_early
        (began,) = started
        assert began.call_id == outcome.call_id is not None
        assert began.model == base_recognizer.model_name
        # The result names the audio it came from and lasts as long as what was played.
        recording = outcome.result.recording
        assert recording.path == str(clip)
        assert recording.duration == blocks[-1].end == 10 * 16000
        # Every utterance was shown as it came, and the library has the same call.
        shown = [o for o in outputs if isinstance(o, Utterance)]
        assert shown and sorted(shown, key=lambda u: u.id) == \
            sorted(outcome.result.utterances, key=lambda u: u.id)
        (summary,) = store.list_calls()
        stored = store.get_call(summary.id)
    assert summary.id == outcome.call_id and summary.status == "finished"
    assert summary.source == "demo"
    local = began.started_at.astimezone()
    assert summary.title == f"Call {local:%Y-%m-%d %H:%M}"  # no title given: when it began
    assert {u.text for u in stored.result.utterances} == {u.text for u in shown}


@pytest.mark.slow
def test_stopped_before_it_began_nothing_is_kept(clip, base_recognizer, tmp_path):
    with CallStore(tmp_path / "library") as store:
        call = LiveCall(DemoAudio(clip), LIVE,
                        lambda: base_recognizer, keeping=CallKeeping(store, "demo"))
        call.stop()  # e.g. Stop pressed while the model was loading
        outcome = call.run()
        assert outcome.result is None and outcome.call_id is None and outcome.stopped_early
        assert store.list_calls() == []

