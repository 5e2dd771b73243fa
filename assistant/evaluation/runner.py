"""Run the engine on scenario scripts and score it: what ``assistant eval`` does.

Each script is rendered (cached) to two-channel audio with its timeline,
replayed through the engine exactly as ``assistant transcribe --as-if-live``
does, and scored against its labels with the rules of the scenarios README.
A bad path or script becomes a ``ScenarioError`` and the others still run.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.asr.whisper import Recognizer, check_language
from assistant.config import EngineConfig
from assistant.engine.replay import replay_file
from assistant.errors import AssistantError, InputError
from assistant.output.formats import to_json
from assistant.paths import PROJECT_DIR
from assistant.scenarios import (
    ScenarioScore,
    ScenarioScript,
    Timeline,
    load_script,
    render_scenario,
)
from assistant.scenarios.score import score_transcript
from assistant.timebase import SAMPLE_RATE

# The public examples live beside the repository (see the scenarios README).
DEFAULT_SCENARIO_DIR = PROJECT_DIR.parent / "shared" / "scenarios"
# Rendered scenarios always carry the agent on channel 0 (left).
AGENT_CHANNEL = "left"
DETECT = "auto"  # --language auto: let the engine detect, as it would with no hint


@dataclass(frozen=True)
class ScenarioRun:
    """One scenario through the engine: its score and its timings."""

    path: str
    scenario: str
    language: str | None  # as given to the engine; None when it had to detect
    detected: str | None  # the language the engine ended up with
    telephone: bool
    score: ScenarioScore
    transcript_latencies: tuple[float, ...]  # s, end of speech -> final transcript, as if live
    audio_seconds: float
    decode_seconds: float  # recogniser time spent on this call (finals, partials, detection)

    @property
    def passed(self) -> bool:
        return self.score.passed


@dataclass(frozen=True)
class ScenarioError:
    """A path or script that could not be evaluated, said in one line."""

    path: str
    message: str


EvalItem = ScenarioRun | ScenarioError


def find_scripts(paths: Iterable[Path]) -> Iterator[Path | ScenarioError]:
    """Scripts named directly, or every ``*.json`` in a folder (sorted, not recursive)."""
    for path in paths:
        if path.is_dir():
            scripts = sorted(p for p in path.glob("*.json") if p.is_file())
            if not scripts:
                yield ScenarioError(str(path), f"{path}: no scenario scripts (*.json) in folder")
            yield from scripts
        elif path.is_file():
            yield path
        else:
            yield ScenarioError(str(path), f"{path}: no such file or folder")


def scenario_language(script: ScenarioScript, override: str | None) -> str | None:
    """The script's language, unless overridden; ``auto`` means detect."""
    if override is None:
        return check_language(script.language)
    return None if override == DETECT else check_language(override)


def evaluate_script(
    path: Path,
    config: EngineConfig,
    recognizer: Recognizer,
    work_dir: Path,
    *,
    language: str | None = None,
    telephone: bool = False,
) -> ScenarioRun:
    """Render, replay as if live, score. Raises ``AssistantError`` for bad input."""
    script = load_script(path)
    code = scenario_language(script, language)
    if not recognizer.multilingual and code != "en":
        raise InputError(f"{path}: model '{recognizer.model_name}' is English-only and the "
                         f"scenario is in '{code or 'an unknown language'}' (use --model base)")
    rendered = render_scenario(script, work_dir, telephone=True if telephone else None)
    return evaluate_rendered(path, rendered.wav, rendered.timeline, code, config, recognizer)


def evaluate_rendered(
    path: Path,
    wav: Path,
    timeline: Timeline,
    language: str | None,
    config: EngineConfig,
    recognizer: Recognizer,
) -> ScenarioRun:
    """Replay a rendered call (agent on the left) as if live and score it against ``timeline``."""
    config = dataclasses.replace(
        config, transcription=dataclasses.replace(config.transcription, language=language))
    replay = replay_file(wav, config, recognizer, agent_channel=AGENT_CHANNEL, as_if_live=True)
    result = replay.result
    score = score_transcript(timeline, to_json(result),
                             min_overlap_s=config.talkover.min_overlap_s)
    return ScenarioRun(
        path=str(path),
        scenario=timeline.id,
        language=language,
        detected=result.language,
        telephone=timeline.telephone,
        score=score,
        transcript_latencies=tuple(n / SAMPLE_RATE for n in result.latencies),
        audio_seconds=result.recording.duration / SAMPLE_RATE,
        decode_seconds=replay.asr.decode_seconds,
    )


def evaluate(
    paths: Iterable[Path],
    config: EngineConfig,
    recognizer: Recognizer,
    *,
    language: str | None = None,
    telephone: bool = False,
    on_item: Callable[[EvalItem], None] | None = None,
) -> list[EvalItem]:
    """Every script under ``paths``, in order; ``on_item`` sees each as it finishes."""
    items: list[EvalItem] = []
    with tempfile.TemporaryDirectory(prefix="assistant-eval-") as tmp:
        for found in find_scripts(paths):
            item: EvalItem
            if isinstance(found, ScenarioError):
                item = found
            else:
                try:
                    item = evaluate_script(found, config, recognizer, Path(tmp),
                                           language=language, telephone=telephone)
                except AssistantError as exc:
                    item = ScenarioError(str(found), _with_path(str(exc), found))
            items.append(item)
            if on_item is not None:
                on_item(item)
    return items


def _with_path(message: str, path: Path) -> str:
    return message if str(path) in message else f"{path}: {message}"
