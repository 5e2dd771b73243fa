"""Turning evaluation runs into a table for people, JSON for machines, and an exit code."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.runner import EvalItem, ScenarioError, ScenarioRun
from assistant.scenarios import KindScore, ScenarioScore

KINDS = ("talkover", "repeat")


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0-100), linear between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Totals:
    """Everything summed over the scenarios that ran."""

    scenarios: int
    passed: int
    errors: int
    talkover: KindScore
    repeat: KindScore
    talkover_latencies: tuple[float, ...]
    transcript_latencies: tuple[float, ...]
    audio_seconds: float
    decode_seconds: float

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.passed == self.scenarios


def totals(items: Sequence[EvalItem]) -> Totals:
    runs = [i for i in items if isinstance(i, ScenarioRun)]
    talkover, repeat = KindScore(), KindScore()
    for run in runs:
        talkover += run.score.talkover
        repeat += run.score.repeat
    return Totals(
        scenarios=len(runs),
        passed=sum(r.passed for r in runs),
        errors=sum(isinstance(i, ScenarioError) for i in items),
        talkover=talkover,
        repeat=repeat,
        talkover_latencies=tuple(x for r in runs for x in r.score.latencies),
        transcript_latencies=tuple(x for r in runs for x in r.transcript_latencies),
        audio_seconds=sum(r.audio_seconds for r in runs),
        decode_seconds=sum(r.decode_seconds for r in runs),
    )


def groups(items: Sequence[EvalItem]) -> dict[tuple[str, str], list[ScenarioRun]]:
    """Runs by (set, language), sets in the order they ran, languages sorted within."""
    runs = [i for i in items if isinstance(i, ScenarioRun)]
    order = list(dict.fromkeys(r.set_name for r in runs))
    out: dict[tuple[str, str], list[ScenarioRun]] = {}
    for name in order:
        for language in sorted({r.call_language for r in runs if r.set_name == name}):
            out[(name, language)] = [r for r in runs
                                     if r.set_name == name and r.call_language == language]
    return out


def exit_code(items: Sequence[EvalItem]) -> int:
    """0 only when every scenario ran and passed (no false positive, no miss)."""
    return 0 if items and totals(items).ok else 1


# --- JSON -----------------------------------------------------------------------


def _latency_json(values: Sequence[float]) -> dict[str, Any]:
    return {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
            "max": max(values) if values else None}


def run_json(run: ScenarioRun) -> dict[str, Any]:
    return {
        **run.score.to_json(),
        "set": run.set_name,
        "path": run.path,
        "language": run.language,
        "detected_language": run.detected,
        "telephone": run.telephone,
        "audio_seconds": round(run.audio_seconds, 3),
        "decode_seconds": round(run.decode_seconds, 3),
        "talkover_latency": _latency_json(run.score.latencies),
        "transcript_latency": _latency_json(run.transcript_latencies),
    }


def _totals_json(t: Totals) -> dict[str, Any]:
    return {"scenarios": t.scenarios, "passed": t.passed, "talkover": t.talkover.to_json(),
            "repeat": t.repeat.to_json()}


def sets_json(items: Sequence[EvalItem]) -> dict[str, Any]:
    """Per set: its totals, and the same per language."""
    grouped = groups(items)
    out: dict[str, Any] = {}
    for name in dict.fromkeys(n for n, _ in grouped):
        keys = [k for k in grouped if k[0] == name]
        out[name or "-"] = {
            **_totals_json(totals([r for k in keys for r in grouped[k]])),
            "languages": {k[1]: _totals_json(totals(grouped[k])) for k in keys},
        }
    return out


def report_json(items: Sequence[EvalItem]) -> dict[str, Any]:
    t = totals(items)
    return {
        "sets": sets_json(items),
        "passed": t.ok and bool(items),
        "scenarios": [run_json(i) for i in items if isinstance(i, ScenarioRun)],
        "errors": [{"path": i.path, "message": i.message}
                   for i in items if isinstance(i, ScenarioError)],
        "total": {
            "scenarios": t.scenarios,
            "passed": t.passed,
            "errors": t.errors,
            "talkover": t.talkover.to_json(),
            "repeat": t.repeat.to_json(),
            "talkover_latency": _latency_json(t.talkover_latencies),
            "transcript_latency": _latency_json(t.transcript_latencies),
            "audio_seconds": round(t.audio_seconds, 3),
            "decode_seconds": round(t.decode_seconds, 3),
        },
    }


# --- Table ----------------------------------------------------------------------

_ROW = "{:<26} {:<4} {:<3} {:>6}  {:>8}  {:>8}  {:>7}  {:>13}  {}"
HEADER = (
    _ROW.format("scenario", "lang", "tel", "audio", "talk-ovr", "repeat", "TO lat",
                "final p50/p95", "result")
    + "\n"
    + _ROW.format("", "", "", "s", "tp/fp/fn", "tp/fp/fn", "max s", "s", "").rstrip()
)


def _counts(k: KindScore) -> str:
    return f"{k.tp}/{k.fp}/{k.fn}"


def _s(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def table_row(run: ScenarioRun) -> str:
    lat = run.transcript_latencies
    return _ROW.format(
        run.scenario[:26], run.language or "auto", "yes" if run.telephone else "no",
        f"{run.audio_seconds:.1f}", _counts(run.score.talkover), _counts(run.score.repeat),
        _s(max(run.score.latencies, default=None)),
        f"{_s(percentile(lat, 50))}/{_s(percentile(lat, 95))}",
        "pass" if run.passed else "FAIL",
    ).rstrip()


def failure_lines(score: ScenarioScore) -> list[str]:
    """What went wrong in one scenario, one line per miss or false positive."""
    lines = [f"  {score.scenario}: missed {m.kind} of turn {m.turn} "
             f"(an event in {m.window[0]:.2f}-{m.window[1]:.2f} s would have matched)"
             for m in score.missed]
    lines += [f"  {score.scenario}: false {f.kind} at {f.time:.2f} s"
              for f in score.false_positives]
    return lines


def _kind_line(name: str, k: KindScore) -> str:
    return (f"  {name:<10} tp {k.tp:>3}  fp {k.fp:>3}  fn {k.fn:>3}   precision {k.precision:.2f}"
            f"  recall {k.recall:.2f}  F1 {k.f1:.2f}")


def _latency_line(name: str, values: Sequence[float], unit: str) -> str:
    return (f"  {name:<30} p50 {_s(percentile(values, 50))} s  p95 "
            f"{_s(percentile(values, 95))} s  max {_s(max(values, default=None))} s "
            f"(n={len(values)} {unit})")


def total_lines(items: Sequence[EvalItem]) -> list[str]:
    t = totals(items)
    rtf = t.decode_seconds / t.audio_seconds if t.audio_seconds else 0.0
    errors = f", {t.errors} could not run" if t.errors else ""
    lines = [f"total: {t.passed} of {t.scenarios} scenarios passed{errors}",
             _kind_line("talk-over", t.talkover), _kind_line("repeat", t.repeat),
             _latency_line("talk-over after detectable", t.talkover_latencies, "events"),
             _latency_line("final transcript after speech", t.transcript_latencies,
                           "utterances"),
             f"  recogniser busy {t.decode_seconds:.1f} s for {t.audio_seconds:.1f} s of call "
             f"audio (as if live, {rtf:.2f} of real time)"]
    failures = [line for i in items if isinstance(i, ScenarioRun) for line in
                failure_lines(i.score)]
    if failures:
        lines += ["failures:", *failures]
    return lines


# --- Per set and per language -----------------------------------------------------

_BREAKDOWN = "{:<7} {:<4} {:>5}  {:<27}  {:<27}"


def _prf(k: KindScore) -> str:
    if k.tp == k.fp == k.fn == 0:
        return "-"
    return f"{k.precision:.2f} {k.recall:.2f} {k.f1:.2f} ({_counts(k)})"


def breakdown_lines(items: Sequence[EvalItem]) -> list[str]:
    """P, R and F1 per kind for every set and language, then each set as a whole."""
    grouped = groups(items)
    if not grouped:
        return []
    lines = ["by set and language:",
             _BREAKDOWN.format("set", "lang", "calls", "talk-over P R F1 (tp/fp/fn)",
                               "repeat P R F1 (tp/fp/fn)").rstrip()]
    names = list(dict.fromkeys(name for name, _ in grouped))
    for name in names:
        keys = [k for k in grouped if k[0] == name]
        for key in keys:
            t = totals(grouped[key])
            lines.append(_BREAKDOWN.format(name or "-", key[1], t.scenarios, _prf(t.talkover),
                                           _prf(t.repeat)).rstrip())
        if len(keys) > 1:
            t = totals([r for k in keys for r in grouped[k]])
            lines.append(_BREAKDOWN.format(name or "-", "all", t.scenarios, _prf(t.talkover),
                                           _prf(t.repeat)).rstrip())
    return lines
