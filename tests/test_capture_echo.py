"""The customer leaking into the agent's microphone is not the agent talking.

The agent channel is built as the agent's own speech plus an attenuated,
delayed copy of the customer channel (speakers instead of a headset), from
a rendered scenario with one real talk-over (agent turn 2).
"""

from __future__ import annotations

import wave

import numpy as np
import pytest

from assistant.capture.echo import EchoConfig, EchoGate
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.front import CallFrontEnd
from assistant.records import AudioBlock, Span, Speaker, SpeechEnded, TalkOverEvent, total_overlap
from assistant.scenarios import load_script, render_scenario
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE

DELAY_S = 0.15  # speaker output latency plus the way through the room


@pytest.fixture(scope="module")
def call(shared_dir, tmp_path_factory):
    script = load_script(shared_dir / "scenarios" / "en-talkover-refund.json")
    rendered = render_scenario(script, tmp_path_factory.mktemp("echo"))
    with wave.open(str(rendered.wav)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2)
    return pcm.astype(np.float32) / 32768.0, rendered.timeline


def leaky(pcm: np.ndarray, gain: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Agent microphone = own voice + the customer through the room; int16 channels."""
    agent, customer = pcm[:, 0], pcm[:, 1]
    delay = round(DELAY_S * SAMPLE_RATE)
    mic = agent.copy()
    mic[delay:] += gain * customer[:-delay]
    mic += np.random.default_rng(seed).standard_normal(len(mic)).astype(np.float32) * 3e-4
    pad = -len(mic) % FRAME_SAMPLES
    as16 = [np.clip(np.pad(x, (0, pad)) * 32768, -32768, 32767).astype(np.int16)
            for x in (mic, customer)]
    return as16[0], as16[1]


def gate(agent: np.ndarray, customer: np.ndarray, config: EchoConfig | None = None):
    echo = EchoGate(config or EchoConfig())
    rng = np.random.default_rng(1)
    out, i = [], 0
    while i < len(agent):  # blocks of varying whole-frame sizes, as the live source emits
        n = FRAME_SAMPLES * int(rng.integers(1, 8))
        out.append(echo.process(agent[i:i + n], customer[i:i + n]))
        i += n
    return echo, np.concatenate(out)


def front_end(agent: np.ndarray, customer: np.ndarray):
    front = CallFrontEnd(EngineConfig(), ChannelLayout.stereo("left"))
    stereo = np.stack([agent, customer], axis=1)
    items = []
    for start in range(0, len(stereo), 4800):
        out = front.feed(AudioBlock(start, stereo[start:start + 4800]))
        items += out.activity + out.events
    out = front.finish()
    items += out.activity + out.events
    agent_speech = sorted(i.span for i in items
                          if isinstance(i, SpeechEnded) and i.speaker is Speaker.AGENT)
    talkovers = [i for i in items if isinstance(i, TalkOverEvent)]
    return agent_speech, talkovers


def spans_of(timeline, speaker: Speaker) -> list[Span]:
    return [Span(round(t.start * SAMPLE_RATE), round(t.end * SAMPLE_RATE))
            for t in timeline.of(speaker)]


def customer_only(timeline) -> list[Span]:
    """Where only the customer speaks (with the leak's delay): anything the agent VAD hears
    there is leak."""
    agent = spans_of(timeline, Speaker.AGENT)
    out = []
    delay = round(DELAY_S * SAMPLE_RATE)
    for c in spans_of(timeline, Speaker.CUSTOMER):
        c = Span(c.start + delay, c.end + delay)
        cuts = [c.start, c.end]
        for a in agent:
            if a & c:
                cuts += [max(a.start, c.start), min(a.end, c.end)]
        cuts.sort()
        for s, e in zip(cuts[::2], cuts[1::2], strict=True):
            if e > s and not any(Span(s, e) & a for a in agent):
                out.append(Span(s, e))
    return out


def test_leak_is_not_agent_speech_and_the_agents_own_speech_still_is(call):
    pcm, timeline = call
    mic, customer = leaky(pcm, gain=0.3)  # -10 dB: a laptop on speakers
    echo, gated = gate(mic, customer)
    leak_zone = customer_only(timeline)
    assert sum(s.duration for s in leak_zone) > 5 * SAMPLE_RATE

    raw_speech, raw_talkovers = front_end(mic, customer)
    speech, talkovers = front_end(gated, customer)
    agent_turn_2 = timeline.turns[2]
    # Without the gate the front end's own cross-talk check keeps most of this loud
    # leak (-10 dB) out of the agent's speech, and raises no false prompt...
    assert total_overlap(raw_speech, leak_zone) < 0.5 * SAMPLE_RATE
    assert all(abs(t.start / SAMPLE_RATE - agent_turn_2.start) < 0.3 for t in raw_talkovers)
    # ...with it, at most the moments before the leak was first measured slip through.
    assert total_overlap(speech, leak_zone) < 0.2 * SAMPLE_RATE
    # The agent's real speech, including the real talk-over, is all still there.
    for turn in spans_of(timeline, Speaker.AGENT):
        heard = total_overlap(speech, [turn])
        assert heard > 0.8 * turn.duration, (turn, heard)
    assert len(talkovers) == 1  # the labelled one (agent turn 2), no false ones
    assert abs(talkovers[0].start / SAMPLE_RATE - agent_turn_2.start) < 0.3

    assert echo.delay is not None and abs(echo.delay / SAMPLE_RATE - DELAY_S) < 0.005
    assert echo.coupling_db is not None and abs(echo.coupling_db - (-10.5)) < 2.0
    assert echo.warning  # "use a headset"


def test_faint_coupling_does_not_warn(call):
    pcm, _ = call
    mic, customer = leaky(pcm, gain=0.01)  # -40 dB: a good headset
    echo, _ = gate(mic, customer)
    assert not echo.warning


def test_no_leak_gates_nothing(call):
    pcm, _ = call
    mic, customer = leaky(pcm, gain=0.0)
    echo, gated = gate(mic, customer)
    assert echo.coupling_db is None and not echo.warning
    assert echo.leak_frames == 0
    assert np.array_equal(gated, mic)


def test_blocks_must_be_whole_frames():
    with pytest.raises(ValueError):
        EchoGate().process(np.zeros(100, np.int16), np.zeros(100, np.int16))
