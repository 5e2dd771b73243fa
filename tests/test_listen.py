"""``assistant listen`` on real devices: a rendered call played into two PulseAudio null sinks.

The scenario's agent and customer channels are played with ``paplay`` into
``agent_line`` and ``customer_line``; ``listen`` records their monitors with
the base model. The labelled talk-over must arrive, in time (audio time and
wall clock), and the stored recording must be what was played, with both
channels on one clock.
"""

from __future__ import annotations

import os
import resource
import time
import wave
from datetime import datetime

import numpy as np
import pytest

from assistant.config import TalkOverConfig
from assistant.scenarios import load_script, render_scenario, score_scenario
from assistant.timebase import SAMPLE_RATE
from tests import pulse
from tests.conftest import MODELS

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("quiet_lines"),
              pytest.mark.skipif(not pulse.available(), reason="PulseAudio is not installed")]
RATE = SAMPLE_RATE


@pytest.fixture(scope="module")
def scenario(shared_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("scenario")
    rendered = render_scenario(load_script(shared_dir / "scenarios" / "en-talkover-refund.json"),
                               out)
    pcm, rate = pulse.read_wav(rendered.wav)
    assert rate == RATE
    wavs = [pulse.write_mono_wav(out / f"{name}.wav", pcm[:, ch], rate)
            for ch, name in enumerate(("agent", "customer"))]
    return rendered, pcm, wavs


def lag_and_peak(recorded: np.ndarray, source: np.ndarray) -> tuple[int, float]:
    """Where ``source`` starts in ``recorded``, and the normalised correlation there."""
    r, s = recorded.astype(np.float64), source.astype(np.float64)
    n = 1 << (len(r) + len(s)).bit_length()
    xc = np.fft.irfft(np.fft.rfft(r, n) * np.conj(np.fft.rfft(s, n)), n)[:len(r)]
    lag = int(np.argmax(xc))
    seg = r[lag:lag + len(s)]
    peak = float(np.dot(seg, s[:len(seg)]) / np.sqrt(np.dot(seg, seg) * np.dot(s, s) + 1e-9))
    return lag, peak


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_listen_prompts_in_time_and_records_what_was_played(server, scenario, base_model_dir,
                                                            tmp_path):
    rendered, pcm, (agent_wav, customer_wav) = scenario
    timeline = rendered.timeline
    data = tmp_path / "data"
    listen = pulse.ListenProcess(server, [
        "--agent-device", "agent_line.monitor", "--customer-device", "customer_line.monitor",
        "--language", "en", "--model", "base", "--duration", f"{timeline.duration + 5:.1f}",
        "--data-dir", str(data)], tmp_path)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        listen.wait_for_stderr("recording from", count=2, timeout=180)
        listening_cpu, listening_at = cpu_seconds(listen.proc.pid), time.monotonic()
        server.play("agent_line", agent_wav)
        server.play("customer_line", customer_wav)
        stdout = listen.finish()
    finally:
        listen.kill()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime - children_before.ru_utime
           + children.ru_stime - children_before.ru_stime) - listening_cpu
    cpu_share = cpu / (time.monotonic() - listening_at)
    assert "LET THEM FINISH" in stdout

    # --- the stored recording is what was played, both channels on one clock ------------
    from assistant.store import CallStore

    with CallStore(data) as store:
        (summary,) = store.list_calls()
        call = store.get_call(summary.id)
    assert summary.status == "finished" and call.audio_path is not None
    recorded, rate = pulse.read_wav(call.audio_path)
    assert rate == RATE and recorded.shape[1] == 2
    lags = []
    for ch in range(2):
        # Every audible quarter second is there, all at one lag give or take the aligner's
        # slips (which follow the sound server's buffering within twice its 5 ms deadband):
        # nothing lost, nothing stretched.
        found = pulse.piece_lags(recorded[:, ch], pcm[:, ch])
        good = [lag for _, lag, rho in found if rho > 0.9]
        assert len(good) >= 0.9 * len(found), (ch, found)
        assert max(good) - min(good) <= 0.010 * RATE, (ch, found)
        lags.append(int(np.median(good)))
    # Overlap measured between the channels is true to 30 ms. (This includes the two
    # paplays' start-up skew, up to ~13 ms here; the capture's own share, with both lines
    # fed by one combine sink, is a fraction of a ms: test_capture_pulse.)
    assert abs(lags[0] - lags[1]) <= 0.030 * RATE, lags
    offset = lags[0] / RATE  # call time of the scenario's time 0

    # --- the labelled events arrive, in time ------------------------------------------
    records = listen.records
    (header,) = [r for _, r in records if r["kind"] == "call"]
    call_start = datetime.fromisoformat(header["started_at"]).timestamp()  # wall, position 0
    retracted = {r["event"] for _, r in records if r["kind"] == "talkover_update"
                 and r["retracted"]}
    events = [dict(r, time=r["time"] - offset) for _, r in records
              if r["kind"] in ("talkover", "repeat") and r.get("id") not in retracted]
    utterances = [dict(r, start=r["start"] - offset, end=r["end"] - offset)
                  for _, r in records if r["kind"] == "utterance"]
    # Detectable once the agent has overlapped the customer for the detector's minimum.
    score = score_scenario(timeline, events, utterances,
                           min_overlap_s=TalkOverConfig().min_overlap_s)
    assert score.talkover.tp == 1 and score.talkover.fp == 0, score
    assert score.repeat.fp == 0, score
    (latency,) = score.latencies
    assert latency <= 0.150  # audio time: event after the overlap threshold was reached
    (match,) = score.matches
    received = next(t for t, r in records if r["kind"] == "talkover")
    threshold_wall = call_start + offset + match.time - latency
    assert received - threshold_wall <= 0.150  # wall clock: on screen 150 ms after the moment

    # Transcripts follow the end of speech by the hangover plus one decode: on this 2-core
    # machine base takes 1.5-2.2 s per decode (it pads every utterance to 30 s).
    delays = [t - (call_start + r["end"]) for t, r in records if r["kind"] == "utterance"]
    assert len(delays) >= 4 and float(np.median(delays)) < 4.0, delays
    texts = " ".join(r["text"].lower() for _, r in records if r["kind"] == "utterance")
    assert "refund" in texts and "charged twice" in texts

    # Under one core of the two, with the base model, once it is listening.
    assert cpu_share < 1.0, cpu_share
    print(f"listen: talk-over {latency * 1000:.0f} ms after the threshold in audio, "
          f"{(received - threshold_wall) * 1000:.0f} ms on the wall clock; transcripts "
          f"{np.median(delays):.2f} s after speech (max {max(delays):.2f}); channels "
          f"{abs(lags[0] - lags[1]) / RATE * 1000:.1f} ms apart; CPU {cpu_share:.2f} cores")


def test_stereo_device_puts_the_agent_on_the_left(server, tmp_path):
    """One stereo input, the agent on its right channel: the call still has the agent left."""
    agent, customer = pulse.band_noise(8, 4), pulse.band_noise(8, 5)
    stereo = np.stack([customer, agent], axis=1)
    wav = tmp_path / "stereo.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(stereo.astype("<i2").tobytes())
    small = "tiny.en" if (MODELS / "tiny.en" / "model.bin").is_file() else "base"
    listen = pulse.ListenProcess(server, [
        "--stereo-device", "agent_line.monitor", "--agent-channel", "right",
        "--model", small, "--language", "en", "--duration", "6",
        "--data-dir", str(tmp_path / "data")], tmp_path)
    try:
        listen.wait_for_stderr("recording from", timeout=180)
        server.play("agent_line", wav)
        listen.finish()
    finally:
        listen.kill()
    from assistant.store import CallStore

    with CallStore(tmp_path / "data") as store:
        (summary,) = store.list_calls()
        recorded, _ = pulse.read_wav(store.get_call(summary.id).audio_path)
    piece = slice(RATE, 3 * RATE)  # noise: each stretch matches only itself
    agent_lag, agent_peak = lag_and_peak(recorded[:, 0], stereo[piece, 1])
    customer_lag, customer_peak = lag_and_peak(recorded[:, 1], stereo[piece, 0])
    assert agent_peak > 0.9 and customer_peak > 0.9
    assert agent_lag == customer_lag  # one device, one clock: to the sample
