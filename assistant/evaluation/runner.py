"""Run the engine on scenario scripts and score it: what ``assistant eval`` does.

Each script is rendered (cached) to two-channel audio with its timeline,
replayed through the engine exactly as ``assistant transcribe --as-if-live``
does, and scored against its labels with the rules of the scenarios README.
A call that is already rendered (``<id>.wav`` beside ``<id>.timeline.json``,
as the real-speech set is built) is replayed and scored the same way.
A bad path or script becomes a ``ScenarioError`` and the others still run.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.asr.whisper import Recognizer, check_language
from assistant.config import EngineConfig
from assistant.engine.replay import replay_file
from assistant.errors import AssistantError, InputError
from assistant.evaluation.sets import PUBLIC_SCENARIO_DIR
from assistant.report.formats import to_json
from assistant.scenarios import (
    ScenarioScore,
    ScenarioScript,
    Timeline,
    load_script,
    load_timeline,
    render_scenario,
)
from assistant.scenarios.score import score_transcript
from assistant.timebase import SAMPLE_RATE

# The public examples live beside the repository (see the scenarios README).
DEFAULT_SCENARIO_DIR = PUBLIC_SCENARIO_DIR
# Rendered scenarios always carry the agent on channel 0 (left).
AGENT_CHANNEL = "left"
DETECT = "auto"  # --language auto: let the engine detect, as it would with no hint
TIMELINE_SUFFIX = ".timeline.json"  # a rendered call: its audio is <id>.wav beside it


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
    set_name: str = ""  # the evaluation set it was run as part of ("" when named by path)
    script_language: str | None = None  # the language the script says the call is in

    @property
    def call_language(self) -> str:
        """The call's language for grouping: the script's, else what the engine used."""
        return self.script_language or self.language or self.detected or "?"

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
    """Scripts named directly, or every ``*.json`` in a folder (sorted, not recursive).

    A ``*.timeline.json`` is a rendered call, evaluated from its audio beside it.
    """
    for path in paths:
        if path.is_dir():
            scripts = sorted(p for p in path.glob("*.json") if p.is_file())
            rendered = [p for p in scripts if p.name.endswith(TIMELINE_SUFFIX)]
            # A folder of rendered calls may also hold the engine's JSON for each.
            scripts = rendered or scripts
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
    decode_seconds: float | None = None,
    set_name: str = "",
    keep_dir: Path | None = None,
) -> ScenarioRun:
    """Render, replay as if live, score. Raises ``AssistantError`` for bad input.

    A ``*.timeline.json`` is not rendered: its ``<id>.wav`` is replayed as it is.
    """
    if path.name.endswith(TIMELINE_SUFFIX):
        timeline = load_timeline(path)
        wav = path.with_name(path.name[: -len(TIMELINE_SUFFIX)] + ".wav")
        if not wav.is_file():
            raise InputError(f"{path}: its audio {wav.name} is not beside it")
    else:
        script = load_script(path)
        _check_model(path, recognizer, scenario_language(script, language))
        rendered = render_scenario(script, work_dir, telephone=True if telephone else None)
        timeline, wav = rendered.timeline, rendered.wav
    return evaluate_rendered(wav, timeline, config, recognizer, path=path, language=language,
                             decode_seconds=decode_seconds, set_name=set_name, keep_dir=keep_dir)


def _check_model(path: Path, recognizer: Recognizer, code: str | None) -> None:
    if not recognizer.multilingual and code != "en":
        raise InputError(f"{path}: model '{recognizer.model_name}' is English-only and the "
                         f"scenario is in '{code or 'an unknown language'}' (use --model base)")


def evaluate_rendered(
    wav: Path,
    timeline: Timeline,
    config: EngineConfig,
    recognizer: Recognizer,
    *,
    path: Path | None = None,
    language: str | None = None,
    decode_seconds: float | None = None,
    set_name: str = "",
    keep_dir: Path | None = None,
) -> ScenarioRun:
    """Replay an already rendered call as if live and score it against its timeline.

    ``keep_dir``: also write the engine's JSON (``<id>.json``) and the timeline
    there, so the detectors can be studied on what the recogniser heard.
    """
    script = timeline.script
    code = scenario_language(script, language)
    _check_model(path or wav, recognizer, code)
    config = dataclasses.replace(
        config, transcription=dataclasses.replace(config.transcription, language=code))
    replay = replay_file(wav, config, recognizer, agent_channel=AGENT_CHANNEL, as_if_live=True,
                         decode_seconds=decode_seconds)
    result = replay.result
    document = to_json(result)
    if keep_dir is not None:
        keep_dir.mkdir(parents=True, exist_ok=True)
        (keep_dir / f"{script.id}.json").write_text(
            json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        timeline.save(keep_dir / f"{script.id}{TIMELINE_SUFFIX}")
    score = score_transcript(timeline, document, min_overlap_s=config.talkover.min_overlap_s)
    return ScenarioRun(
        path=str(path or wav),
        scenario=script.id,
        language=code,
        detected=result.language,
        telephone=timeline.telephone,
        score=score,
        transcript_latencies=tuple(n / SAMPLE_RATE for n in result.latencies),
        audio_seconds=result.recording.duration / SAMPLE_RATE,
        decode_seconds=replay.asr.decode_seconds,
        set_name=set_name,
        script_language=script.language,
    )


def evaluate(
    paths: Iterable[Path],
    config: EngineConfig,
    recognizer: Recognizer,
    *,
    language: str | None = None,
    telephone: bool = False,
    decode_seconds: float | None = None,
    on_item: Callable[[EvalItem], None] | None = None,
    set_name: str = "",
    keep_dir: Path | None = None,
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
                                           language=language, telephone=telephone,
                                           decode_seconds=decode_seconds,
                                           set_name=set_name, keep_dir=keep_dir)
                except AssistantError as exc:
                    item = ScenarioError(str(found), _with_path(str(exc), found))
            items.append(item)
            if on_item is not None:
                on_item(item)
    return items


def _with_path(message: str, path: Path) -> str:
    return message if str(path) in message else f"{path}: {message}"
