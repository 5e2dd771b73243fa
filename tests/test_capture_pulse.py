"""Real devices: a private PulseAudio daemon whose null sinks play the two sides of a call.

``assistant devices`` lists the monitors by name and marks them; ``assistant
listen`` keeps recording when the customer's device vanishes mid-call and
picks it up again when it comes back, with nothing lost on the agent's side
and the gap filled with exactly as much silence as it lasted.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from assistant.capture.align import AlignConfig
from tests import pulse

pytestmark = [pytest.mark.usefixtures("quiet_lines"),
              pytest.mark.skipif(not pulse.available(), reason="PulseAudio is not installed")]
RATE = 16_000


@pytest.fixture(scope="module")
def small_model() -> str:
    """The smallest installed model: this test is about capture, not transcription."""
    from tests.conftest import MODELS

    return "tiny.en" if (MODELS / "tiny.en" / "model.bin").is_file() else "base"


def run_cli(server, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant", *args], env=server.env,
                          capture_output=True, text=True, timeout=120)


def test_devices_lists_the_monitors_by_name_and_marks_them(server):
    proc = run_cli(server, "devices", "--json")
    assert proc.returncode == 0, proc.stderr
    found = {d["name"]: d for d in json.loads(proc.stdout)}
    for sink in pulse.SINKS:
        device = found[f"{sink}.monitor"]
        assert device["host_api"] == "PulseAudio" and device["loopback"]
    listing = run_cli(server, "devices")
    assert "customer_line.monitor" in listing.stdout and "loopback" in listing.stdout


def test_devices_meter_shows_a_level_for_what_plays(server, tmp_path):
    tone = (0.3 * 32767 * np.sin(2 * np.pi * 440 * np.arange(10 * RATE) / RATE)).astype(np.int16)
    player = server.play("agent_line", pulse.write_mono_wav(tmp_path / "tone.wav", tone, RATE))
    try:
        proc = run_cli(server, "devices", "--meter", "--seconds", "4", "agent_line.monitor",
                       "customer_line")
    finally:
        player.kill()
    assert proc.returncode == 0, proc.stderr
    last = {line.split()[0]: float(line.split()[-1]) for line in proc.stdout.splitlines()
            if line.startswith("  ") and line.split()[0].endswith(".monitor")
            and line.split()[-1].lstrip("-").replace(".", "").isdigit()}
    assert last["agent_line.monitor"] > -20  # the tone peaks at -10 dBFS
    assert last["customer_line.monitor"] < -60


def test_an_unknown_device_name_says_what_exists(server):
    proc = run_cli(server, "listen", "--agent-device", "no such mic", "--customer-device",
                   "customer_line.monitor")
    assert proc.returncode == 2
    assert "no such mic" in proc.stderr and "customer_line.monitor" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- a device that vanishes mid-call ---------------------------------------------------


def lag_of(recorded: np.ndarray, played: np.ndarray, at: int, length: int = RATE,
           search: int = 4 * RATE) -> tuple[int, float]:
    """Where ``played[at:at+length]`` lies in ``recorded`` (samples), and how well it matches:
    the median over its quarter seconds, so one deliberate slip in there does not count."""
    found = pulse.piece_lags(recorded, played, search=search, start=at, stop=at + length)
    return int(np.median([lag for _, lag, _ in found])), float(np.median([r for *_, r in found]))


def frame_dbfs(x: np.ndarray, frame: int = 480) -> np.ndarray:
    frames = x[:len(x) // frame * frame].astype(np.float64).reshape(-1, frame) / 32768
    return 10 * np.log10(np.mean(frames ** 2, axis=1) + 1e-12)


def stored_audio(data_dir) -> tuple[np.ndarray, dict]:
    from assistant.store import CallStore

    with CallStore(data_dir) as store:
        (summary,) = store.list_calls()
        call = store.get_call(summary.id)
    assert call.audio_path is not None
    pcm, rate = pulse.read_wav(call.audio_path)
    assert rate == RATE and pcm.shape[1] == 2
    return pcm, {"status": summary.status, "duration": summary.duration_s,
                 "notes": call.result.notes}


def test_a_customer_device_that_vanishes_mid_call_loses_nothing(server, tmp_path, small_model):
    agent, first, second = (pulse.band_noise(s, seed) for s, seed in ((20, 1), (20, 2), (10, 3)))
    wavs = {name: pulse.write_mono_wav(tmp_path / f"{name}.wav", x, RATE)
            for name, x in (("agent", agent), ("first", first), ("second", second))}
    duration = 13.0
    listen = pulse.ListenProcess(server, [
        "--agent-device", "agent_line.monitor", "--customer-device", "customer_line.monitor",
        "--language", "en", "--model", small_model, "--duration", str(duration),
        "--data-dir", str(tmp_path / "data")], tmp_path)
    try:
        listen.wait_for_stderr("recording from", count=2, timeout=120)
        played = time.monotonic()
        server.play("agent_line", wavs["agent"])
        customer = server.play("customer_line", wavs["first"])
        pulse.until(played + 3.0)
        # PulseAudio moves the player, and our recording stream, to the default sink and
        # source ("elsewhere"): the customer's voice goes on there, but is not the line.
        server.unload_sink("customer_line")
        told = listen.wait_for_stderr("customer side lost", timeout=10)
        pulse.until(told + 2.0)
        customer.kill()  # else PulseAudio moves it back when the sink returns
        server.load_sink("customer_line")
        # A fresh null sink takes a moment to run; play once the capture hears it again.
        listen.wait_for_stderr("customer side back", timeout=15)
        returned = time.monotonic()
        server.play("customer_line", wavs["second"])
        listen.finish()
    finally:
        listen.kill()
    ended = time.monotonic()
    # Told because the stream was seen to move, at once, not after the no-audio timeout.
    (lost,) = [line for _, line in listen.stderr if "customer side lost" in line]
    assert "customer_line.monitor went away" in lost, lost

    pcm, call = stored_audio(tmp_path / "data")
    assert call["status"] == "finished"
    # The recording is as long as the call: the gap was filled.
    assert abs(len(pcm) / RATE - duration) < 0.05
    call_start = json_call_start(listen)
    assert ended - call_start >= duration  # nothing was squeezed out of the timeline

    # The agent's side: one lag from start to end (give or take the aligner's slips, which
    # follow the sound server's buffering by a few ms), and never a silent frame.
    lag0, rho0 = lag_of(pcm[:, 0], agent, at=RATE // 2)
    lag1, rho1 = lag_of(pcm[:, 0], agent, at=round((duration - 2) * RATE) - lag0)
    assert rho0 > 0.9 and rho1 > 0.9
    assert abs(lag1 - lag0) <= 0.01 * RATE
    agent_levels = frame_dbfs(pcm[lag0 + 480:, 0])
    assert agent_levels.min() > -30, "the agent's side has a gap"

    def position(moment: float) -> int:
        """Where a moment of the test's clock lies in the recording, by the agent's signal
        (played at ``played``): if anything later than it is, by the player's start-up."""
        return lag0 + round((moment - played) * RATE)

    # The customer's side: the first signal up to the moment it vanished, at the agent's lag
    # (give or take the two players' start-up)...
    lag_c, rho_c = lag_of(pcm[:, 1], first, at=RATE // 2)
    assert rho_c > 0.9 and abs(lag_c - lag0) <= 0.03 * RATE
    # ...then silence: from the moment the test was told of the loss (after the capture saw
    # it, however slowly anything ran) until the second signal, played once it was back.
    # Not the default source it was moved to, nor what was left of the line when it came
    # back before anything played there. One 30 ms frame allows for where blocks land.
    lag_2, rho_2 = lag_of(pcm[:, 1], second, at=RATE // 2,
                          search=round((returned - played + 4) * RATE))
    assert rho_2 > 0.9 and lag_2 + RATE <= len(pcm)
    frame = 480
    gone_from, gone_to = position(told) + frame, lag_2 - frame
    assert gone_to - gone_from > RATE  # the test waited two seconds before bringing it back
    assert frame_dbfs(pcm[gone_from:gone_to, 1]).max() < -60

    statuses = [r for _, r in listen.records if r["kind"] == "status"]
    assert [s["status"] for s in statuses if "customer" in s["message"]][-2:] == ["lost", "back"]
    assert any("customer side" in note for note in call["notes"])


def json_call_start(listen: pulse.ListenProcess) -> float:
    """Monotonic time of call position 0, from the ``call`` record's wall-clock start."""
    from datetime import datetime

    (call,) = [r for _, r in listen.records if r["kind"] == "call"]
    wall = datetime.fromisoformat(call["started_at"]).timestamp()
    return time.monotonic() - (time.time() - wall)


def test_ctrl_c_ends_the_call_cleanly_and_keeps_all_of_it(server, tmp_path, small_model):
    """No --duration: Ctrl-C (SIGINT) ends the call; what was heard is kept, the call is
    finished in the library, and every sample of its recording is accounted for: the agent's
    voice as played, or silence the capture filled in and reported, never a lost stretch."""
    import signal

    agent = pulse.band_noise(30, 8)
    wav = pulse.write_mono_wav(tmp_path / "agent.wav", agent, RATE)
    listen = pulse.ListenProcess(server, [
        "--agent-device", "agent_line.monitor", "--customer-device", "customer_line.monitor",
        "--language", "en", "--model", small_model, "--data-dir", str(tmp_path / "data")],
        tmp_path)
    try:
        listen.wait_for_stderr("recording from", count=2, timeout=120)
        player = server.play("agent_line", wav)
        pulse.until(time.monotonic() + 4.0)
        listen.proc.send_signal(signal.SIGINT)
        listen.wait_for_stderr("ending the call", timeout=10)
        stdout = listen.finish(timeout=120)
        player.kill()
    finally:
        listen.kill()
    assert "Talk time" in stdout and "Traceback" not in listen.stderr_text
    pcm, call = stored_audio(tmp_path / "data")
    assert call["status"] == "finished"
    (end,) = [r for _, r in listen.records if r["kind"] == "end"]
    assert len(pcm) == end["samples"]  # the whole call is in the recording
    capture = end["capture"]["agent"]
    assert capture["late_s"] == 0 and capture["dropped_blocks"] == 0  # nothing thrown away

    # The agent's side: the played signal at one lag, contiguous, up to where its audio
    # ended; after that only the silence the capture filled in when the call ended (the
    # customer's lane had got that much further), exactly as much as it reported.
    voice = pcm[:, 0]
    last = int(np.flatnonzero(voice)[-1]) + 1
    filled = round(capture["silence_s"] * RATE)
    assert len(voice) - last - filled in (0, 1)  # noise may end on a zero sample by chance
    lag, _ = lag_of(voice, agent, at=RATE // 2)
    found = pulse.piece_lags(voice[:last], agent[:last - lag - 4000])  # pieces wholly recorded
    good = [at for at, _, rho in found if rho > 0.9]
    assert len(good) >= 0.9 * len(found) and len(found) >= 8, found
    assert frame_dbfs(voice[lag + 480:last]).min() > -30  # no gap, to the end of its audio


def test_two_devices_fed_in_sync_are_recorded_in_sync(server, tmp_path, small_model):
    """A combine sink plays one stream into both lines at once: their monitors are two
    devices with two streams, and the call must have them within a couple of ms."""
    module = server.pactl("load-module", "module-combine-sink", "sink_name=both",
                          "slaves=agent_line,customer_line").strip()
    try:
        signal_ = pulse.band_noise(10, 9)
        wav = pulse.write_mono_wav(tmp_path / "both.wav", signal_, RATE)
        listen = pulse.ListenProcess(server, [
            "--agent-device", "agent_line.monitor", "--customer-device",
            "customer_line.monitor", "--language", "en", "--model", small_model,
            "--duration", "8", "--data-dir", str(tmp_path / "data")], tmp_path)
        try:
            listen.wait_for_stderr("recording from", count=2, timeout=120)
            server.play("both", wav)
            listen.finish()
        finally:
            listen.kill()
    finally:
        server.pactl("unload-module", module)
    pcm, _ = stored_audio(tmp_path / "data")
    # Stretch by stretch (the aligner may slip either side by whole samples), both sides
    # hold the same sound, placed within the aligner's tolerance of each other: its
    # deadband, twice (each side may sit at its edge). A loaded machine delivers late, so
    # the start may be placed up to a few ms off and slewed back (seen on a loaded CI box:
    # 4.8 ms apart at first, within 0.3 ms after 2 s); a stretch a slip falls in matches
    # less well (rho 0.4-0.8), still clearly itself: noise against other noise stays < 0.1.
    # Under heavier load the first placement is further off (3.8 ms) and the slew, 1 ms per
    # block at most, spreads its slips over more stretches (4 of 28 under 0.3): so a quarter
    # may be mid-slew, and once slewed, the last two seconds must all be there and in sync.
    agent, customer = (pulse.piece_lags(pcm[:, ch], signal_[:len(pcm) - RATE])
                       for ch in range(2))
    pairs = list(zip(agent, customer, strict=True))
    both = [(a[1], c[1]) for a, c in pairs if a[2] > 0.3 and c[2] > 0.3]
    assert len(both) >= 0.75 * len(agent) and len(agent) >= 16, (agent, customer)
    assert all(a[2] > 0.3 and c[2] > 0.3 for a, c in pairs[-8:]), (agent, customer)
    tolerance = 2 * AlignConfig().deadband
    assert all(abs(a - c) <= tolerance for a, c in both), both
