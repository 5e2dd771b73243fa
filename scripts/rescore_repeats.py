"""Re-run the repeat detector on what the recogniser heard, without the recogniser.

    .venv/bin/assistant eval --set tune --keep /tmp/keep          # once: Whisper, minutes
    .venv/bin/python scripts/rescore_repeats.py /tmp/keep/tune    # then: seconds per change

Reads each call's engine JSON and timeline from ``--keep``, feeds its
utterances (in audio order, with the customer's voice features from the
rendered audio) to a fresh ``RepeatDetector``, and scores the repeat events
with the scenario rules; talk-over events are kept as the engine raised them.
For tuning on the tuning half only: the figures to report come from
``assistant eval``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import wave
from pathlib import Path
from typing import Any

import numpy as np

from assistant.analysis.acoustic import spoken_frames
from assistant.analysis.repeat import RepeatDetector
from assistant.config import RepeatConfig
from assistant.records import Span, Speaker, Utterance
from assistant.scenarios import KindScore, load_timeline, render_scenario, score_scenario
from assistant.scenarios.dsp import resample
from assistant.timebase import SAMPLE_RATE, samples

TIMELINE = ".timeline.json"
CONFIG = RepeatConfig()


def _customer_audio(timeline_path: Path, work: Path) -> np.ndarray:
    """The customer's channel at 16 kHz, from the render cache (or a wav beside the timeline)."""
    timeline = load_timeline(timeline_path)
    wav = timeline_path.with_name(timeline_path.name[: -len(TIMELINE)] + ".wav")
    if not wav.is_file():
        wav = render_scenario(timeline.script, work, telephone=timeline.telephone).wav
    with wave.open(str(wav)) as handle:
        rate, channels = handle.getframerate(), handle.getnchannels()
        pcm = np.frombuffer(handle.readframes(handle.getnframes()), "<i2").reshape(-1, channels)
    return resample(pcm[:, 1].astype(np.float64) / 32768.0, rate, SAMPLE_RATE).astype(np.float32)


def rescore(timeline_path: Path, work: Path, verbose: bool) -> KindScore:
    timeline = load_timeline(timeline_path)
    doc: dict[str, Any] = json.loads(
        timeline_path.with_name(timeline.id + ".json").read_text("utf-8"))
    audio = _customer_audio(timeline_path, work)
    utterances = [
        Utterance(u["id"], Speaker(u["speaker"]), Span(samples(u["start"]), samples(u["end"])),
                  u["text"], doc.get("language") or "", samples(u["end"]))
        for u in doc["utterances"]
    ]
    detector = RepeatDetector(CONFIG, itertools.count(), timeline.script.language)
    events = [e for e in doc["events"] if e["kind"] != "repeat"]
    for u in sorted(utterances, key=lambda u: (u.span.end, u.id)):
        voice = spoken_frames(audio[u.span.start : u.span.end]) \
            if u.speaker is Speaker.CUSTOMER else None
        for e in detector.feed(u, voice):
            events.append({"kind": "repeat", "time": u.span.end / SAMPLE_RATE,
                           "utterance": e.utterance, "repeats": list(e.repeats)})
    score = score_scenario(timeline, events, doc["utterances"])
    if verbose and not score.passed:
        print(f"== {timeline.id}")
        texts = {u.id: f"{u.speaker.value[0]} {u.text}" for u in utterances}
        for u in sorted(utterances, key=lambda u: u.span.start):
            print(f"   {u.id:>3} {u.span.start / SAMPLE_RATE:6.1f} {texts[u.id]}")
        for m in score.missed:
            print(f"   missed {m.kind} of turn {m.turn}: {timeline.turns[m.turn].text}")
        for f in score.false_positives:
            event = events[f.event]
            print(f"   false {f.kind} at {f.time:.1f}: {event.get('utterance')} "
                  f"repeats {event.get('repeats')}")
    return score.repeat


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path, help="folders written by eval --keep")
    parser.add_argument("-q", "--quiet", action="store_true", help="totals only")
    args = parser.parse_args(argv)
    total = KindScore()
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.dirs:
            for path in sorted(folder.glob("*" + TIMELINE)):
                total += rescore(path, Path(tmp), not args.quiet)
    print(f"repeat: tp {total.tp} fp {total.fp} fn {total.fn}  P {total.precision:.2f} "
          f"R {total.recall:.2f} F1 {total.f1:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
