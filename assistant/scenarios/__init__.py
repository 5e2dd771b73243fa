"""Call scenarios: scripts rendered to two-channel audio with exact ground truth, and scoring.

The format and the scoring rules are specified in ``shared/scenarios/README.md``.
"""

from assistant.scenarios.render import (
    RENDERER_VERSION,
    RenderedScenario,
    cache_key,
    default_cache_dir,
    render_audio,
    render_scenario,
)
from assistant.scenarios.score import (
    REPEAT_GRACE_S,
    TALKOVER_GRACE_S,
    FalsePositive,
    KindScore,
    LabelMatch,
    MissedLabel,
    ScenarioScore,
    ScoreSummary,
    score_scenario,
    score_transcript,
    sum_scores,
)
from assistant.scenarios.script import (
    Labels,
    RepeatLabel,
    ScenarioScript,
    Turn,
    Voices,
    load_script,
    parse_script,
)
from assistant.scenarios.timeline import (
    TimedTurn,
    Timeline,
    load_timeline,
    parse_timeline,
    place_turns,
)

__all__ = [
    "RENDERER_VERSION",
    "REPEAT_GRACE_S",
    "TALKOVER_GRACE_S",
    "FalsePositive",
    "KindScore",
    "LabelMatch",
    "Labels",
    "MissedLabel",
    "RenderedScenario",
    "RepeatLabel",
    "ScenarioScore",
    "ScenarioScript",
    "ScoreSummary",
    "TimedTurn",
    "Timeline",
    "Turn",
    "Voices",
    "cache_key",
    "default_cache_dir",
    "load_script",
    "load_timeline",
    "parse_script",
    "parse_timeline",
    "place_turns",
    "render_audio",
    "render_scenario",
    "score_scenario",
    "score_transcript",
    "sum_scores",
]
