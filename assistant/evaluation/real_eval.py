"""The real-speech sets' extra view: talk-over per variant (16 kHz, telephone, leaky).

The calls themselves are evaluated like any rendered scenario (``assistant eval
--set real``); ``assistant.evaluation.report`` already breaks them down by set
and language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from assistant.evaluation.real_speech import VARIANTS, variant_of
from assistant.evaluation.runner import EvalItem, ScenarioRun
from assistant.evaluation.sets import REAL_SET_NAMES
from assistant.scenarios import KindScore


def variant_lines(items: Sequence[EvalItem]) -> list[str]:
    """Talk-over P/R/F1 per real set and variant; nothing when no real set ran."""
    groups: dict[tuple[str, str], KindScore] = defaultdict(KindScore)
    for item in items:
        if isinstance(item, ScenarioRun) and item.set_name in REAL_SET_NAMES:
            groups[(item.set_name, variant_of(item.scenario))] += item.score.talkover
    if not groups:
        return []
    lines = ["talk-over on the real sets by variant (16k: as recorded; tel: 8 kHz line, noise "
             "15 dB under the speech; leak: each party faintly in the other's channel):"]
    for name, variant in sorted(groups, key=lambda k: (REAL_SET_NAMES.index(k[0]),
                                                       VARIANTS.index(k[1]))):
        k = groups[(name, variant)]
        lines.append(f"  {name:<10} {variant:<5} tp {k.tp:>3}  fp {k.fp:>3}  fn {k.fn:>3}   "
                     f"precision {k.precision:.2f}  recall {k.recall:.2f}  F1 {k.f1:.2f}")
    return lines
