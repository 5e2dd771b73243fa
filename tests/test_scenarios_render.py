"""Scenario scripts: parsing the public examples, and rendering them to audio with ground truth."""

from __future__ import annotations

import copy
import dataclasses
import json
import shutil
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.errors import InputError
from assistant.records import Speaker
from assistant.scenarios import (
    RenderedScenario,
    ScenarioScript,
    load_script,
    load_timeline,
    parse_script,
    place_turns,
    render_scenario,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "scenarios"
PUBLIC = sorted(SHARED.glob("*.json")) if SHARED.is_dir() else []


def public(name: str) -> ScenarioScript:
    if not SHARED.is_dir():
        pytest.skip("../shared/scenarios is not present")
    return load_script(SHARED / f"{name}.json")


# --- Parsing ----------------------------------------------------------------


def test_all_public_scripts_parse() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/scenarios is not present")
    assert len(PUBLIC) == 8
    for path in PUBLIC:
        script = load_script(path)
        assert script.id == path.stem
        assert script.voices.agent == f"{script.language}+m3"
        assert script.voices.customer == f"{script.language}+f2"
        assert script.telephone is False
        assert script.turns[0].after == 0.5 and script.turns[0].rate == 165
        for k in script.labels.talkover:
            assert script.turns[k].speaker is Speaker.AGENT


def test_repeat_label_earlier_side_may_be_a_list() -> None:
    labels = public("en-cancel-repeat").labels
    assert [(r.later, r.earlier) for r in labels.repeat] == [(3, (1,)), (5, (1, 3))]
    assert labels.to_json() == {"talkover": [], "repeat": [[3, 1], [5, [1, 3]]]}


VALID: dict[str, Any] = {
    "id": "t",
    "language": "en",
    "turns": [
        {"speaker": "agent", "text": "Hello, how can I help?"},
        {"speaker": "customer", "text": "I want a refund.", "after": 0.4},
        {"speaker": "agent", "text": "Let me see.", "after": -0.3, "rate": 150},
        {"speaker": "customer", "text": "I said I want a refund."},
    ],
    "labels": {"talkover": [2], "repeat": [[3, 1]]},
}


def test_script_defaults_and_round_trip() -> None:
    script = parse_script(VALID)
    assert script.turns[2].after == -0.3 and script.turns[2].rate == 150
    assert script.turns[3].after == 0.5
    assert parse_script(script.to_json()) == script
    partial = parse_script({**VALID, "voices": {"customer": "en-gb+f4"}, "telephone": True})
    assert (partial.voices.agent, partial.voices.customer) == ("en+m3", "en-gb+f4")
    assert partial.telephone


def _broken(path: str, value: Any) -> dict[str, Any]:
    """VALID with the value at a dotted path replaced (``...`` deletes it)."""
    data = copy.deepcopy(VALID)
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if value is ...:
        del target[last]
    elif isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("id", ..., "missing 'id'"),
        ("id", "a/b", "id 'a/b' must be"),
        ("language", "", "'language' must be a non-empty string"),
        ("turns", [], "'turns' must be a non-empty list"),
        ("turns.1.speaker", "caller", "turn 1: unknown speaker 'caller'"),
        ("turns.1.text", ..., "turn 1: missing 'text'"),
        ("turns.1.text", "  ", "turn 1: 'text' must be a non-empty string"),
        ("turns.1.after", "soon", "turn 1: 'after' must be a number"),
        ("turns.1.after", True, "turn 1: 'after' must be a number"),
        ("turns.2.rate", 0, "turn 2: 'rate' must be a positive whole number"),
        ("turns.2.aftr", 0.3, "turn 2: unknown key 'aftr'"),
        ("telephone", "yes", "'telephone' must be true or false"),
        ("voices", {"caller": "en+m1"}, "voices: unknown party 'caller'"),
        ("labels.talkover", [7], r"labels.talkover\[0\]: turn 7 does not exist"),
        ("labels.talkover", [1], r"turn 1 is spoken by the customer, expected the agent"),
        ("labels.talkover", [2, 2], "lists a turn twice"),
        ("labels.talkover", ["2"], "expected a turn index"),
        ("labels.repeat", [[3]], r"labels.repeat\[0\]: expected a pair"),
        ("labels.repeat", [[2, 1]], "turn 2 is spoken by the agent, expected the customer"),
        ("labels.repeat", [[3, [1, 0]]], "turn 0 is spoken by the agent"),
        ("labels.repeat", [[1, 3]], "earlier turn 3 is not before turn 1"),
        ("labels.repeat", [[3, []]], "the earlier side lists no turns"),
        ("labels.repeat", [[3, 1], [3, [1]]], "two labels for the same later turn"),
        ("labels.sentiment", [], "labels: unknown kind 'sentiment'"),
    ],
)
def test_bad_scripts_fail_with_one_clear_line(path: str, value: Any, message: str) -> None:
    with pytest.raises(InputError, match=message) as info:
        parse_script(_broken(path, value))
    assert "\n" not in str(info.value)


def test_load_script_reports_bad_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read scenario script"):
        load_script(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.json: not valid JSON"):
        load_script(bad)


def test_placement_follows_the_latest_end_and_caps_overlap() -> None:
    script = parse_script({
        "id": "p", "language": "en",
        "turns": [
            {"speaker": "agent", "text": "a"},
            {"speaker": "customer", "text": "b", "after": 0.5},
            {"speaker": "agent", "text": "mm hmm", "after": -4.0},  # inside turn 1
            {"speaker": "agent", "text": "c", "after": 0.25},  # from the end of turn 1
            {"speaker": "customer", "text": "d", "after": -10.0},  # capped: starts with 3
        ],
    })
    spans = place_turns(script, [16000, 160000, 8000, 48000, 4000])
    starts = [s.start for s in spans]
    assert starts[0] == 8000  # the 0.5 s lead-in
    assert starts[1] == 8000 + 16000 + 8000
    assert starts[2] == spans[1].end - 64000
    assert starts[3] == spans[1].end + 4000  # the backchannel did not move the reference
    assert starts[4] == spans[3].start  # overlap capped at turn 3's length


# --- Rendering --------------------------------------------------------------

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                  reason="espeak-ng is not installed")


def read_wav(path: Path) -> tuple[int, np.ndarray]:
    with wave.open(str(path)) as w:
        assert w.getsampwidth() == 2
        pcm = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        return w.getframerate(), pcm.reshape(-1, w.getnchannels()).astype(np.float64)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scenario-cache")


@pytest.fixture(scope="module")
def refund(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> RenderedScenario:
    return render_scenario(public("en-talkover-refund"), tmp_path_factory.mktemp("out"),
                           cache_dir=cache)


@pytest.fixture(scope="module")
def backchannels_phone(cache: Path, tmp_path_factory: pytest.TempPathFactory) -> RenderedScenario:
    return render_scenario(public("en-backchannels"), tmp_path_factory.mktemp("out"),
                           telephone=True, cache_dir=cache)


def turn_mask(rendered: RenderedScenario, speaker: Speaker, n: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    for turn in rendered.timeline.of(speaker):
        mask[turn.start_sample:turn.end_sample] = True
    return mask


CHANNEL = {Speaker.AGENT: 0, Speaker.CUSTOMER: 1}


@pytest.mark.slow
@needs_espeak
def test_wideband_render_files_and_format(refund: RenderedScenario) -> None:
    rate, pcm = read_wav(refund.wav)
    timeline = refund.timeline
    assert refund.wav.name == "en-talkover-refund.wav"
    assert refund.timeline_path.name == "en-talkover-refund.timeline.json"
    assert (rate, pcm.shape[1]) == (16000, 2)
    assert (timeline.sample_rate, timeline.telephone) == (16000, False)
    assert len(pcm) == round(timeline.duration * rate)
    assert timeline.turns[0].start == pytest.approx(0.5)
    assert timeline.duration - max(t.end for t in timeline.turns) == pytest.approx(1.0, abs=1e-3)
    # Loud enough to use, never clipped.
    assert 0.5 * 32767 < np.max(np.abs(pcm)) < 32767
    data = json.loads(refund.timeline_path.read_text(encoding="utf-8"))
    assert {"sample_rate", "duration", "telephone", "labels", "voices"} <= set(data)
    assert {"start", "end", "start_sample", "end_sample", "text"} <= set(data["turns"][2])
    assert load_timeline(refund.timeline_path) == timeline
    # A timeline is the script plus timing: it reads back as the script.
    assert load_script(refund.timeline_path) == public("en-talkover-refund")


@pytest.mark.slow
@needs_espeak
def test_each_turn_is_on_its_channel_and_only_inside_its_span(refund: RenderedScenario) -> None:
    _, pcm = read_wav(refund.wav)
    for speaker, channel in CHANNEL.items():
        mask = turn_mask(refund, speaker, len(pcm))
        assert not np.any(pcm[~mask, channel]), f"{speaker} channel not silent outside its turns"
        for turn in refund.timeline.of(speaker):
            audio = pcm[turn.start_sample:turn.end_sample, channel]
            # Trimmed to the speech: the very first and last samples are sound.
            assert audio[0] != 0 and audio[-1] != 0
            assert np.sqrt(np.mean(audio**2)) > 300, f"turn {turn.index} is too quiet"


@pytest.mark.slow
@needs_espeak
def test_overlap_is_as_scripted(refund: RenderedScenario) -> None:
    rate, pcm = read_wav(refund.wav)
    turns = refund.timeline.turns
    assert turns[1].end - turns[2].start == pytest.approx(3.5, abs=0.03)
    # The same, measured in the audio: the agent's onset after turn 0, the
    # customer's last sound before turn 3.
    agent = np.flatnonzero(pcm[:, 0])
    onset = agent[agent > turns[0].end_sample][0] / rate
    customer = np.flatnonzero(pcm[:, 1])
    offset = (customer[customer < turns[3].start_sample][-1] + 1) / rate
    assert offset - onset == pytest.approx(3.5, abs=0.03)
    assert turns[3].start - turns[2].end == pytest.approx(0.5, abs=1e-3)


@pytest.mark.slow
@needs_espeak
def test_telephone_render_is_narrowband_with_20_db_snr(backchannels_phone: RenderedScenario,
                                                      ) -> None:
    rate, pcm = read_wav(backchannels_phone.wav)
    timeline = backchannels_phone.timeline
    assert (rate, pcm.shape[1], timeline.sample_rate, timeline.telephone) == (8000, 2, 8000, True)
    assert 0.5 * 32767 < np.max(np.abs(pcm)) < 32767
    for speaker, channel in CHANNEL.items():
        x = pcm[:, channel]
        spectrum = np.abs(np.fft.rfft(x)) ** 2
        freqs = np.fft.rfftfreq(len(x), 1 / rate)
        assert spectrum[freqs > 3450].sum() / spectrum.sum() < 0.01
        assert spectrum[freqs < 200].sum() / spectrum.sum() < 0.01
        mask = turn_mask(backchannels_phone, speaker, len(x))
        noise = np.mean(x[~mask] ** 2)
        speech = np.mean(x[mask] ** 2) - noise
        assert 10 * np.log10(speech / noise) == pytest.approx(20.0, abs=1.0)


@pytest.mark.slow
@needs_espeak
def test_telephone_render_keeps_the_scripted_placement(
    backchannels_phone: RenderedScenario,
) -> None:
    turns = backchannels_phone.timeline.turns
    assert turns[1].end - turns[2].start == pytest.approx(4.0, abs=0.03)  # "Mm hmm."
    assert turns[3].end - turns[4].start == pytest.approx(2.5, abs=0.03)  # "Right."
    # The backchannel does not move the reference point: turn 3 follows turn 1.
    assert turns[3].start - turns[1].end == pytest.approx(0.3, abs=0.03)
    _, pcm = read_wav(backchannels_phone.wav)
    for turn in turns:
        if turn.index in (2, 4):  # a backchannel: the other party is talking too
            continue
        inside = pcm[turn.start_sample:turn.end_sample, CHANNEL[turn.speaker]]
        other = pcm[turn.start_sample:turn.end_sample, 1 - CHANNEL[turn.speaker]]
        assert np.mean(inside**2) > 10 * np.mean(other**2)


@pytest.mark.slow
@needs_espeak
def test_cache_hit_is_identical(refund: RenderedScenario, cache: Path, tmp_path: Path) -> None:
    again = render_scenario(public("en-talkover-refund"), tmp_path, cache_dir=cache)
    assert again.from_cache  # nothing was synthesised again
    assert again.wav.read_bytes() == refund.wav.read_bytes()
    assert again.timeline == refund.timeline
    # Deterministic: a render from scratch (another cache) gives the same bytes.
    fresh = render_scenario(public("en-talkover-refund"), tmp_path / "fresh",
                            cache_dir=tmp_path / "cache")
    assert not fresh.from_cache
    assert fresh.wav.read_bytes() == refund.wav.read_bytes()
    assert fresh.timeline_path.read_bytes() == refund.timeline_path.read_bytes()


@pytest.mark.slow
@needs_espeak
def test_changed_script_or_flag_is_not_served_from_cache(cache: Path, tmp_path: Path,
                                                         refund: RenderedScenario) -> None:
    script = public("en-talkover-refund")
    turns = (*script.turns[:4], dataclasses.replace(script.turns[4], after=1.5))
    changed = render_scenario(dataclasses.replace(script, turns=turns), tmp_path,
                              cache_dir=cache)
    assert not changed.from_cache
    assert changed.timeline.turns[4].start - changed.timeline.turns[3].end == pytest.approx(1.5)
