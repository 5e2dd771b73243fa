"""``assistant eval --set real``: the real-speech calls through the engine, scored as scenarios.

The calls are built once (``real_speech.build_real_set``) and replayed as if
live exactly like rendered scenarios; the report adds talk-over figures per
part of the set (the AMI clips, and the tuning and test halves of the
constructed calls), per language and per variant (16 kHz, telephone, leaky).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.asr.whisper import Recognizer
from assistant.config import EngineConfig
from assistant.errors import AssistantError
from assistant.evaluation.real_speech import BuiltCall, build_real_set
from assistant.evaluation.runner import EvalItem, ScenarioError, ScenarioRun, evaluate_rendered
from assistant.paths import PROJECT_DIR
from assistant.scenarios import KindScore

DEFAULT_DATA_DIR = PROJECT_DIR.parent / "shared" / "data"
PARTS = ("ami", "tune", "test")


def part_of(call: BuiltCall) -> str:
    return call.half.value if call.half is not None else "ami"


def real_calls(data_dir: Path, cache_dir: Path, parts: Sequence[str] = PARTS) -> list[BuiltCall]:
    return [c for c in build_real_set(data_dir, cache_dir) if part_of(c) in parts]


def evaluate_real(
    calls: Sequence[BuiltCall],
    config: EngineConfig,
    recognizer: Recognizer,
    on_item: Callable[[EvalItem], None] | None = None,
) -> list[EvalItem]:
    """Every call, in order; ``on_item`` sees each as it finishes."""
    items: list[EvalItem] = []
    for call in calls:
        language = call.timeline.script.language
        item: EvalItem
        try:
            item = evaluate_rendered(call.wav, call.wav, call.timeline, language, config,
                                     recognizer)
        except AssistantError as exc:
            item = ScenarioError(str(call.wav), f"{call.wav}: {exc}")
        items.append(item)
        if on_item is not None:
            on_item(item)
    return items


def breakdown_lines(items: Sequence[EvalItem], calls: Sequence[BuiltCall]) -> list[str]:
    """Talk-over P/R/F1 per part, per language and per variant of the real set."""
    by_id = {c.id: c for c in calls}
    groups: dict[str, KindScore] = defaultdict(KindScore)
    for item in items:
        if not isinstance(item, ScenarioRun) or item.scenario not in by_id:
            continue
        call = by_id[item.scenario]
        part, language = part_of(call), call.timeline.script.language
        for key in (f"{part}", f"{part} {language}", f"{part} {call.variant}"):
            groups[key] += item.score.talkover
    lines = ["talk-over by part of the real set (ami: the 13 AMI clips; tune/test: the "
             "halves of the placed calls), language and variant:"]
    for key in sorted(groups, key=lambda k: (PARTS.index(k.split()[0]), k)):
        k = groups[key]
        lines.append(f"  {key:<12} tp {k.tp:>3}  fp {k.fp:>3}  fn {k.fn:>3}   precision "
                     f"{k.precision:.2f}  recall {k.recall:.2f}  F1 {k.f1:.2f}")
    return lines
