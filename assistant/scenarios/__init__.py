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
    "Labels",
    "RenderedScenario",
    "RepeatLabel",
    "ScenarioScript",
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
]
