"""The same recording gives the same events however fast the recogniser is (issue 10, part 3).

A rendered scenario is replayed as if live twice with the real base model: once
as it is, once wrapped so that every decode takes an extra half second (the real
model, only slower: as on a loaded machine). Transcripts may appear later, but
the utterances, their text and every event, with its audio-time anchor, must be
identical.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest

from assistant.asr.decoder import Request
from assistant.config import EngineConfig
from assistant.engine.replay import replay_file
from assistant.records import Transcript
from assistant.scenarios import load_script, render_scenario

pytestmark = pytest.mark.slow


class SlowedRecognizer:
    """The real recogniser, with every decode made ``delay_s`` slower."""

    def __init__(self, real: Any, delay_s: float) -> None:
        self._real = real
        self._delay = delay_s
        self.model_name = real.model_name
        self.multilingual = real.multilingual
        self.calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def transcribe_many(self, requests: Sequence[Request], language: str | None,
                        **options: Any) -> list[Transcript]:
        self.calls += 1
        started = time.perf_counter()
        time.sleep(self._delay)  # stands in for a CPU shared with other work
        out = self._real.transcribe_many(requests, language, **options)
        spent = (time.perf_counter() - started) / max(1, len(out))
        return [dataclasses.replace(t, decode_seconds=spent) for t in out]

    def transcribe(self, audio: np.ndarray, language: str | None,
                   prefix: str | None = None) -> Transcript:
        return self.transcribe_many([Request(audio, prefix)], language)[0]


def _replay(wav, recognizer) -> Any:
    base = EngineConfig()
    config = dataclasses.replace(base, transcription=dataclasses.replace(
        base.transcription, language="en"))
    return replay_file(wav, config, recognizer, as_if_live=True)


def test_a_slowed_recogniser_gives_identical_transcripts_and_events(
        shared_dir, base_recognizer, tmp_path):
    script = load_script(shared_dir / "scenarios" / "en-cancel-repeat.json")
    wav = render_scenario(script, tmp_path).wav
    fast = _replay(wav, base_recognizer)
    slowed_recognizer = SlowedRecognizer(base_recognizer, delay_s=0.5)
    slow = _replay(wav, slowed_recognizer)
    assert slowed_recognizer.calls > 0

    def transcript(replay: Any) -> list[tuple]:
        return [(u.id, u.speaker, u.span, u.text) for u in replay.result.utterances]

    assert transcript(slow) == transcript(fast)
    assert slow.result.events == fast.result.events
    assert slow.result.withdrawn_talkovers == fast.result.withdrawn_talkovers
    assert fast.result.repeats, "the scenario's repeated request was not found at all"
    # Slower decoding shows in when the text appeared, and only there.
    assert sum(slow.result.latencies) > sum(fast.result.latencies)
