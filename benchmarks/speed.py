"""Speed and memory: ``assistant transcribe`` against plain faster-whisper, in one run.

    .venv/bin/python -m benchmarks.speed [--minutes 10] [--pairs 3] [--no-live]
    .venv/bin/python -m benchmarks.speed --memory-hours 2     # peak RSS only; long

A two-channel call is built by concatenating the rendered public scenarios
(all eight scripts in turn, 1 s of silence between, padded to the length) and
cached under ``.cache/bench``. Then, on that same file and with the same
thread pools:

(a) plain faster-whisper in a subprocess: ``WhisperModel.transcribe`` on each
    channel, same model (int8, CPU), language and beam size, ``vad_filter=False``;
(b) ``assistant transcribe`` in a subprocess, with all analysis.

Both are timed as whole processes (start, model load, decode, output). The
ratio b/a is the result (lower is better); absolute times on a shared machine
are noise. Then the engine replays the call as if live (``replay_file(...,
as_if_live=True)``) for transcript and talk-over latencies.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.common import (
    CACHE,
    MODELS,
    REPO,
    SHARED,
    THREADS,
    BuiltCall,
    Measured,
    build_call,
    build_long_call,
    espeak_available,
    machine_description,
    pin_threads,
    run_measured,
)

TARGET_RATIO = 0.5
TARGET_P50_S, TARGET_P95_S = 0.8, 1.5
TARGET_TALKOVER_S = 0.150
TARGET_RSS_MB, TARGET_RSS_LONG_MB = 500, 500  # and flat: a 2-hour call as a 3-minute one


@dataclass(frozen=True)
class Settings:
    model_dir: Path
    language: str
    beam_size: int
    threads: int


# --- (a) plain faster-whisper, run as a child of this script ------------------------


def plain_worker(wav: str, s: Settings) -> int:
    """Transcribe each channel with plain faster-whisper; print what it did as JSON."""
    from faster_whisper import WhisperModel, decode_audio

    model = WhisperModel(str(s.model_dir), device="cpu", compute_type="int8",
                         cpu_threads=s.threads, local_files_only=True)
    segments = retried = 0
    for channel in decode_audio(wav, split_stereo=True):
        found, _ = model.transcribe(channel, language=s.language, beam_size=s.beam_size,
                                    vad_filter=False)
        for segment in found:  # decoding happens while iterating
            segments += 1
            retried += segment.temperature > 0  # kept from a random (sampled) retry
    print(json.dumps({"segments": segments, "sampled": retried}))
    return 0


def _child_settings(s: Settings) -> list[str]:
    return ["--model", str(s.model_dir), "--language", s.language, "--beam-size",
            str(s.beam_size), "--threads", str(s.threads)]


def run_plain(wav: Path, s: Settings) -> Measured:
    return _checked(run_measured([sys.executable, "-m", "benchmarks.speed", "--plain-worker",
                                  str(wav), *_child_settings(s)]), "plain faster-whisper")


# --- (b) the assistant's CLI ----------------------------------------------------------


def _transcribe_flags() -> list[str]:
    # Saving to the call library is not analysis; skip it where the CLI offers that.
    helped = run_measured([sys.executable, "-m", "assistant", "transcribe", "--help"])
    return ["--no-store"] if "--no-store" in helped.stdout else []


def run_engine(wav: Path, s: Settings, out: Path) -> Measured:
    argv = [sys.executable, "-m", "assistant", "transcribe", str(wav), *_child_settings(s),
            "--format", "json", "--out", str(out), *_transcribe_flags()]
    return _checked(run_measured(argv), "assistant transcribe")


def _segments(m: Measured) -> str:
    try:
        done = json.loads(m.stdout.strip().splitlines()[-1])
        return f"{done['segments']} segments ({done['sampled']} from a sampled retry)"
    except (IndexError, KeyError, ValueError):
        return "? segments"


def _checked(m: Measured, what: str) -> Measured:
    if m.returncode != 0:
        raise SystemExit(f"{what} failed (exit {m.returncode}):\n{m.stderr[-2000:]}")
    return m


# --- As if live -----------------------------------------------------------------------


@dataclass(frozen=True)
class Live:
    transcript: tuple[float, ...]  # s, end of speech -> final transcript
    talkover: tuple[float, ...]  # s, overlap threshold -> talk-over event (matched labels)
    talkover_counts: tuple[int, int, int]  # tp, fp, fn on the call's talk-over labels
    busy_s: float
    partials_dropped: int


def live_replay(call: BuiltCall, s: Settings) -> Live:
    import dataclasses

    from assistant.asr.whisper import WhisperRecognizer
    from assistant.config import EngineConfig
    from assistant.engine.replay import replay_file
    from assistant.report.formats import to_json
    from assistant.scenarios import score_transcript

    base = EngineConfig()
    config = dataclasses.replace(base, transcription=dataclasses.replace(
        base.transcription, language=s.language, beam_size=s.beam_size, cpu_threads=s.threads))
    replay = replay_file(call.wav, config, WhisperRecognizer(s.model_dir, config.transcription),
                         as_if_live=True)
    doc = to_json(replay.result)
    # Only talk-overs are scored here: the call repeats the same scripts, so repeat
    # events across copies are expected and say nothing (the eval scores repeats).
    doc["events"] = [e for e in doc["events"] if e["kind"] == "talkover"]
    score = score_transcript(call.timeline, doc, min_overlap_s=config.talkover.min_overlap_s)
    k = score.talkover
    return Live(tuple(n / 16000 for n in replay.result.latencies), score.latencies,
                (k.tp, k.fp, k.fn), replay.asr.decode_seconds,
                replay.counters.partials_dropped)


# --- Report -----------------------------------------------------------------------------


def _pct(values: Sequence[float], q: float) -> str:
    from assistant.evaluation import percentile

    value = percentile(values, q)
    return "-" if value is None else f"{value:.2f} s"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _row(label: str, m: Measured, seconds: float) -> str:
    return (f"  {label:<46} {m.wall_s:8.1f} {m.wall_s / seconds:7.3f} {m.cpu_s:8.1f} "
            f"{m.peak_rss_mb:7.0f} MiB")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def speed(call: BuiltCall, s: Settings, pairs: int, live: bool) -> list[str]:
    lines = [f"  {'':<46} {'wall s':>8} {'RTF':>7} {'CPU s':>8} {'peak RSS':>11}"]
    ratios, cpu_ratios, rss = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench-speed-") as tmp:
        for n in range(pairs):  # alternate, so drifting load hits both sides alike
            load_before = _load()
            a = run_plain(call.wav, s)
            b = run_engine(call.wav, s, Path(tmp))
            tag = f" (pair {n + 1})" if pairs > 1 else ""
            lines += [_row(f"(a) plain faster-whisper, per channel{tag}", a, call.seconds),
                      _row(f"(b) assistant transcribe{tag}", b, call.seconds),
                      f"  plain made {_segments(a)}; load average before: "
                      f"{load_before}, after: {_load()}"]
            ratios.append(b.wall_s / a.wall_s)
            cpu_ratios.append(b.cpu_s / a.cpu_s)
            rss.append(b.peak_rss_mb)
    ratio = statistics.median(ratios)
    # Plain faster-whisper's temperature fallback samples unseeded (on silence it
    # often falls back), so its time varies from run to run even on an idle machine.
    lines += ["  (plain's time varies run to run: its temperature fallback samples at random; "
              "use --pairs 3 or more)"] if pairs < 3 else []
    lines += [
        f"ratio b/a, wall time: {ratio:.2f}x"
        + (f" (median of {pairs}: {', '.join(f'{r:.2f}' for r in ratios)})" if pairs > 1 else "")
        + f"; CPU time: {statistics.median(cpu_ratios):.2f}x  (lower is better)",
    ]
    targets = [f"  offline time <= {TARGET_RATIO}x plain faster-whisper: {ratio:.2f}x, "
               f"{_verdict(ratio <= TARGET_RATIO)}",
               f"  peak RSS of assistant transcribe <= {TARGET_RSS_MB} MB: "
               f"{max(rss) * 1.048576:.0f} MB, {_verdict(max(rss) * 1.048576 <= TARGET_RSS_MB)}"]
    if live:
        started = time.perf_counter()
        v = live_replay(call, s)
        tp, fp, fn = v.talkover_counts
        worst = max(v.talkover, default=None)
        took = time.perf_counter() - started
        lines += [
            "",
            f"as if live (replay_file as_if_live=True, same call, {took:.0f} s; load average "
            f"after: {_load()}):",
            f"  final transcript after end of speech: p50 {_pct(v.transcript, 50)}, p95 "
            f"{_pct(v.transcript, 95)}, max {_pct(v.transcript, 100)} (n={len(v.transcript)})",
            f"  talk-over event after the overlap threshold: p50 {_pct(v.talkover, 50)}, max "
            f"{_pct(v.talkover, 100)} (n={len(v.talkover)}; talk-over labels tp {tp} fp {fp} "
            f"fn {fn})",
            f"  recogniser busy {v.busy_s:.0f} s for {call.seconds:.0f} s of call "
            f"({v.busy_s / call.seconds:.2f} of real time); partials dropped: "
            f"{v.partials_dropped}",
        ]
        from assistant.evaluation import percentile

        p50, p95 = percentile(v.transcript, 50), percentile(v.transcript, 95)
        targets += [
            f"  final transcript p50 <= {TARGET_P50_S} s: {_pct(v.transcript, 50)}, "
            f"{_verdict(p50 is not None and p50 <= TARGET_P50_S)}",
            f"  final transcript p95 <= {TARGET_P95_S} s: {_pct(v.transcript, 95)}, "
            f"{_verdict(p95 is not None and p95 <= TARGET_P95_S)}",
            f"  talk-over event <= {TARGET_TALKOVER_S * 1000:.0f} ms after the threshold (max): "
            f"{_pct(v.talkover, 100)}, "
            f"{_verdict(worst is not None and worst <= TARGET_TALKOVER_S and not fn)}",
        ]
    return [*lines, "", "targets:", *targets]


def memory(call: BuiltCall, s: Settings, hours: float) -> list[str]:
    long = build_long_call(call, hours)
    print(f"long call: {long.relative_to(REPO)} ({hours:g} h, two channels)", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        b = run_engine(long, s, Path(tmp))
    seconds = hours * 3600
    mb = b.peak_rss_mb * 1.048576  # MiB -> MB, as the targets are stated
    long_verdict = _verdict(mb < TARGET_RSS_LONG_MB) if hours >= 2 else "not judged (< 2 h)"
    return [f"  assistant transcribe on {hours:g} h: peak RSS {b.peak_rss_mb:.0f} MiB "
            f"= {mb:.0f} MB (wall {b.wall_s:.0f} s, RTF {b.wall_s / seconds:.3f})",
            f"  target: peak RSS < {TARGET_RSS_LONG_MB} MB on a 2-hour two-channel file: "
            f"{long_verdict}",
            f"  target: peak RSS <= {TARGET_RSS_MB} MB with base: {_verdict(mb <= TARGET_RSS_MB)}"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="call length (default 10)")
    parser.add_argument("--pairs", type=int, default=1,
                        help="alternate (a) and (b) this many times; report the median ratio")
    parser.add_argument("--no-live", action="store_true", help="skip the as-if-live replay")
    parser.add_argument("--memory-hours", type=float, default=None, metavar="H",
                        help="only: peak RSS of assistant transcribe on an H-hour call")
    parser.add_argument("--model", default="base", help="model under models/ (default: base)")
    parser.add_argument("--language", default="en",
                        help="language given to both (default: en; the call is mostly English)")
    parser.add_argument("--beam-size", type=int, default=None,
                        help="beam size for both (default: the engine's)")
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--plain-worker", metavar="WAV", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    env = pin_threads(args.threads)
    from assistant.config import TranscriptionOptions

    model_dir = Path(args.model) if Path(args.model).is_dir() else MODELS / args.model
    s = Settings(model_dir, args.language, args.beam_size or TranscriptionOptions.beam_size,
                 args.threads)
    if args.plain_worker:
        return plain_worker(args.plain_worker, s)
    if not (SHARED / "scenarios").is_dir() or not espeak_available():
        print("speed benchmark skipped: needs ../shared/scenarios and espeak-ng")
        return 0
    if not (model_dir / "model.bin").is_file() or not 0.5 <= args.minutes <= 600 \
            or args.pairs < 1:
        print("error: bad --model, --minutes (0.5-600) or --pairs", file=sys.stderr)
        return 1
    call = build_call(SHARED / "scenarios", args.minutes, CACHE)
    print("Speed: assistant transcribe vs plain faster-whisper, same file, same threads")
    print(*machine_description(), sep="\n")
    print(f"threads: ctranslate2 cpu_threads={args.threads} on both sides, "
          + ", ".join(f"{k}={v}" for k, v in env.items() if k.endswith("THREADS")))
    print(f"model {model_dir.name} (int8, CPU), language {s.language}, beam {s.beam_size}")
    print(call.describe(REPO), flush=True)
    if args.memory_hours:
        lines = memory(call, s, args.memory_hours)
    else:
        lines = speed(call, s, args.pairs, not args.no_live)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
