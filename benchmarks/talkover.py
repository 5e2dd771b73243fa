"""Talk-over from timing and acoustics alone: the front end on every evaluation set.

    python -m benchmarks.talkover [--sets public,tune,test,real] [--telephone] [--verbose]

Runs only the real-time half (VAD and talk-over detector, no recogniser, so no
withdrawals by words) on each call, scores the talk-over events with the
scenarios' rules, and reports P/R/F1 per set and per language, with the
front end's CPU time per 30 ms frame of two-channel audio. This is what the
agent sees live before any words are known; ``assistant eval`` gives the
final figures with the recogniser.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.audio.source import FileAudioSource
from assistant.config import ChannelLayout, EngineConfig
from assistant.engine.front import CallFrontEnd
from assistant.evaluation.real_speech import build_real_set
from assistant.evaluation.sets import OWN_SCENARIO_DIR, Half, split_of
from assistant.records import TalkOverEvent, TalkOverUpdate
from assistant.scenarios import KindScore, Timeline, load_script, render_scenario
from assistant.scenarios.score import ScenarioScore, score_scenario
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE
from benchmarks.common import CACHE, SHARED, machine_description


@dataclass(frozen=True)
class Call:
    set: str
    language: str
    wav: Path
    timeline: Timeline
    kind: str = ""


@dataclass(frozen=True)
class Result:
    call: Call
    score: ScenarioScore
    cpu_s: float
    frames: int
    retracted: int


def _scenarios(folder: Path, name: str, telephone: bool, half: Half | None) -> Iterator[Call]:
    for path in sorted(folder.glob("*.json")):
        script = load_script(path)
        if half is not None and (split_of(script.id) is not half or "-to-" not in script.id):
            continue
        rendered = render_scenario(script, CACHE / "talkover" / name,
                                   telephone=True if telephone else None)
        yield Call(name, script.language, rendered.wav, rendered.timeline)


def calls(sets: list[str], telephone: bool) -> Iterator[Call]:
    for name in sets:
        if name == "public":
            yield from _scenarios(SHARED / "scenarios", name, telephone, None)
        elif name in ("tune", "test"):
            yield from _scenarios(OWN_SCENARIO_DIR, name, telephone, Half(name))
        elif name.startswith("real"):
            for built in build_real_set(SHARED / "data", CACHE.parent):
                half = built.half.value if built.half else "ami"
                if name in ("real", f"real-{half}"):
                    yield Call(f"real-{half}", built.timeline.script.language, built.wav,
                               built.timeline, f"{built.kind} ({built.variant})")


def run(call: Call, config: EngineConfig) -> Result:
    front = CallFrontEnd(config, ChannelLayout.stereo("left"))
    fired: dict[int, TalkOverEvent] = {}
    retracted: set[int] = set()
    cpu = 0.0
    for block in FileAudioSource(call.wav).blocks():
        t0 = time.process_time()
        out = front.feed(block)
        cpu += time.process_time() - t0
        for e in out.events:
            if isinstance(e, TalkOverEvent):
                fired[e.id] = e
            elif isinstance(e, TalkOverUpdate) and e.retracted:
                retracted.add(e.event_id)
    for e in front.finish().events:
        if isinstance(e, TalkOverEvent):
            fired[e.id] = e
        elif isinstance(e, TalkOverUpdate) and e.retracted:
            retracted.add(e.event_id)
    events = [{"kind": "talkover", "time": e.time / SAMPLE_RATE}
              for i, e in fired.items() if i not in retracted]
    score = score_scenario(call.timeline, events, min_overlap_s=config.talkover.min_overlap_s)
    return Result(call, score, cpu, front.position // FRAME_SAMPLES, len(retracted))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="public,tune,test,real")
    parser.add_argument("--telephone", action="store_true",
                        help="render the scripted sets as telephone audio")
    parser.add_argument("--verbose", action="store_true", help="every call, not only failures")
    args = parser.parse_args()
    config = EngineConfig()
    totals: dict[tuple[str, str], KindScore] = defaultdict(KindScore)
    latencies: dict[str, list[float]] = defaultdict(list)
    cpu = frames = 0.0
    for call in calls(args.sets.split(","), args.telephone):
        result = run(call, config)
        s = result.score
        totals[(call.set, call.language)] += s.talkover
        totals[(call.set, "all")] += s.talkover
        latencies[call.set] += s.latencies
        cpu += result.cpu_s
        frames += result.frames
        if args.verbose or not s.passed:
            what = "ok  " if s.passed else "FAIL"
            detail = "; ".join([f"missed turn {m.turn}" for m in s.missed] +
                               [f"false at {f.time:.2f}" for f in s.false_positives])
            print(f"{what} {call.set:<9} {s.scenario:<44} {call.kind:<28} {detail}")
    print("\n".join(machine_description()))
    print(f"{'set':<10} {'lang':<4} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}")
    for (name, lang), k in sorted(totals.items()):
        print(f"{name:<10} {lang:<4} {k.tp:>4} {k.fp:>4} {k.fn:>4}  {k.precision:5.2f} "
              f"{k.recall:5.2f} {k.f1:5.2f}")
    for name, values in sorted(latencies.items()):
        if values:
            print(f"latency {name}: max {max(values):.2f} s over {len(values)} events")
    if frames:
        print(f"front end CPU: {cpu / frames * 1e6:.1f} µs per 30 ms frame of two channels "
              f"({cpu:.1f} s for {frames * FRAME_SAMPLES / SAMPLE_RATE:.0f} s of audio)")


if __name__ == "__main__":
    main()
