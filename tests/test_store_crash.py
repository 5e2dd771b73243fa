"""Crash safety: a call recorded by a process killed with SIGKILL is recovered on the next start."""

from __future__ import annotations

import os
import signal
import sqlite3
import struct
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import InputError
from assistant.records import AudioBlock, SpeechEnded, Utterance
from assistant.store import CallStore
from assistant.store.store import RECOVERED_NOTE
from assistant.store.wavfile import HEADER_BYTES, repair
from tests.test_store import call_outputs, new_call, tone

REPO = Path(__file__).resolve().parents[1]
S = 16000
BLOCK = 1600  # 0.1 s, about what a sound card hands over

# Records a call at the pace of a live one: a block of audio every 0.1 s and an
# engine output every 0.2 s. After each step it reports "<samples> <outputs>" on
# stdout; what it reports has been handed to the recorder and returned.
CHILD = f"""
import sys, time
from pathlib import Path
from assistant.records import AudioBlock
from assistant.store import CallStore
from tests.test_store import call_outputs, new_call, tone

store = CallStore(Path(sys.argv[1]))
rec = store.start_call(new_call())
print("call", rec.call_id, flush=True)
outputs = call_outputs()
started, position, recorded = time.monotonic(), 0, 0
while position < 20 * {S}:  # the parent kills it long before
    delay = started + position / {S} - time.monotonic()
    if delay > 0:
        time.sleep(delay)  # paces the audio like a sound card
    rec.write_audio(AudioBlock(position, tone(position, {BLOCK})))
    position += {BLOCK}
    if position % (2 * {BLOCK}) == 0 and recorded < len(outputs):
        rec.record(outputs[recorded])
        recorded += 1
    print(position, recorded, flush=True)
"""


def _read_header_data_size(path: Path) -> int:
    with open(path, "rb") as f:
        header = f.read(HEADER_BYTES)
    assert header[:4] == b"RIFF" and header[36:40] == b"data"
    return int(struct.unpack("<I", header[40:44])[0])


@pytest.mark.timeout(120)
def test_kill_9_mid_call_loses_at_most_the_last_second(tmp_path) -> None:
    root = tmp_path / "calls"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(root)], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout is not None
    try:
        first = child.stdout.readline().split()
        assert first[:1] == ["call"], child.stderr.read() if child.stderr else ""
        call_id = int(first[1])
        written = recorded = 0
        # Reading the child's reports blocks until it has got this far: no sleeping here.
        while written < 2 * S + S // 2 or recorded < 8:
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else "child ended"
            written, recorded = map(int, line.split())
        child.send_signal(signal.SIGKILL)
        for line in child.stdout:  # reports made between our last read and the kill
            written, recorded = map(int, line.split())
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL

    wav = root / "audio" / f"{call_id}.wav"
    # The header was kept up to date while recording: it lags the data by under a second.
    on_disk = (wav.stat().st_size - HEADER_BYTES) // 4
    assert on_disk - _read_header_data_size(wav) // 4 <= S
    db = sqlite3.connect(root / "calls.sqlite3")
    assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert db.execute("SELECT status FROM calls WHERE id = ?", (call_id,)).fetchone() == (
        "recording",)
    db.close()

    with CallStore(root) as store:
        assert store.recover() == [call_id]
        assert store.recover() == []
        stored = store.get_call(call_id)
    assert stored.summary.status == "recovered"
    assert RECOVERED_NOTE in stored.result.notes
    assert not any((root / "locks").iterdir())

    with wave.open(str(wav)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (2, 2, S)
        frames = w.getnframes()
        audio = np.frombuffer(w.readframes(frames), np.int16).reshape(-1, 2)
    assert written - S <= frames <= written + BLOCK  # at most the last second is lost
    assert np.array_equal(audio, tone(0, frames))
    assert stored.result.recording.duration == frames
    assert stored.summary.duration_s == pytest.approx(frames / S)

    # Everything handed to record() before the kill is there, and the stats were rebuilt.
    before = call_outputs()[:recorded]
    said = [o for o in before if isinstance(o, Utterance)]
    assert {u.id: u for u in stored.result.utterances} == {u.id: u for u in said}
    spans = sorted((o.speaker, o.span) for o in before if isinstance(o, SpeechEnded))
    assert sorted((k, s) for k, v in stored.result.speech.items() for s in v) == spans
    talk = stored.result.stats.talk_time
    assert sum(talk.values()) == sum(span.duration for _, span in spans)


def test_close_without_finish_is_recovered_next_time(tmp_path) -> None:
    root = tmp_path / "calls"
    with CallStore(root) as store:
        rec = store.start_call(new_call())
        rec.write_audio(AudioBlock(0, tone(0, 3 * S)))
        for item in call_outputs()[:6]:
            rec.record(item)
        rec.close()
        rec.close()  # idempotent
    with CallStore(root) as store:
        assert store.recover() == [rec.call_id]
        stored = store.get_call(rec.call_id)
    assert stored.summary.status == "recovered"
    assert stored.result.recording.duration == 3 * S
    assert [u.id for u in stored.result.utterances] == [0, 1]
    assert stored.result.stats.talkovers == 1  # the backchannel was not withdrawn yet


def test_a_call_still_recording_is_left_alone(tmp_path) -> None:
    root = tmp_path / "calls"
    with CallStore(root) as app, CallStore(root) as cli:
        rec = app.start_call(new_call())
        rec.write_audio(AudioBlock(0, tone(0, S)))
        assert cli.recover() == []  # another process (here: handle) still records it
        assert cli.list_calls()[0].status == "recording"
        assert cli.list_calls()[0].duration_s == 1.0
        assert cli.get_call(rec.call_id).result.recording.duration == S
        with pytest.raises(InputError, match="being recorded"):
            cli.delete_call(rec.call_id)
        rec.write_audio(AudioBlock(S, tone(S, S)))
        rec.finish(cli.get_call(rec.call_id).result)
        assert cli.recover() == []
        assert cli.get_call(rec.call_id).summary.status == "finished"


def test_recovering_a_call_without_audio(tmp_path) -> None:
    root = tmp_path / "calls"
    with CallStore(root) as store:
        rec = store.start_call(new_call(keep_audio=False))
        for item in call_outputs():
            rec.record(item)
        rec.close()
        next((root / "locks").iterdir()).unlink()
        assert store.recover() == [rec.call_id]  # a missing lock file means nobody holds it
        stored = store.get_call(rec.call_id)
    assert stored.audio_path is None
    assert stored.result.recording.duration == 16 * S  # the last thing heard
    assert stored.summary.talkovers == 1 and stored.summary.repeats == 1


def test_repair_keeps_whole_frames_and_fixes_the_sizes(tmp_path) -> None:
    path = tmp_path / "x.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(S)
        w.writeframes(tone(0, 1000).tobytes())
    data = path.read_bytes()
    path.write_bytes(data[:4] + b"\0\0\0\0" + data[8:40] + b"\0\0\0\0" + data[44:] + b"\1\2\3")
    assert repair(path) == 1000
    with wave.open(str(path)) as w:
        assert w.getnframes() == 1000
        assert w.readframes(1000) == tone(0, 1000).tobytes()
    path.write_bytes(b"RIFF")  # killed before the header was complete
    assert repair(path) == 0
    with wave.open(str(path)) as w:
        assert (w.getnchannels(), w.getnframes()) == (2, 0)
