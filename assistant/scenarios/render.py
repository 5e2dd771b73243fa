"""Render a scenario script to two-channel call audio with an exact timeline.

Each turn is synthesised alone, resampled to 16 kHz and trimmed to where its
speech starts and ends, then placed on its party's channel. Because the
audio outside a turn is exactly silent (before telephone noise), the
timeline is ground truth to the sample.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.paths import PROJECT_DIR, is_source_checkout
from assistant.records import Span, Speaker
from assistant.scenarios import dsp
from assistant.scenarios.espeak import espeak_version, synthesize
from assistant.scenarios.script import ScenarioScript
from assistant.scenarios.timeline import (
    TAIL_S,
    Timeline,
    build_timeline,
    load_timeline,
    place_turns,
)
from assistant.timebase import SAMPLE_RATE, samples

# Bump whenever the rendered audio or timeline would change for the same
# script: it is part of the cache key, so stale renders are never reused.
RENDERER_VERSION = "1"

TELEPHONE_RATE = 8_000
TELEPHONE_BAND_HZ = (300.0, 3400.0)
TELEPHONE_SNR_DB = 20.0
PEAK = 10 ** (-3 / 20)  # -3 dBFS: headroom for players and for the decoder of lossy copies
CHANNELS = {Speaker.AGENT: 0, Speaker.CUSTOMER: 1}


@dataclass(frozen=True)
class RenderedScenario:
    """The two files of a rendered scenario, and the timeline they were written from."""

    wav: Path
    timeline_path: Path
    timeline: Timeline
    from_cache: bool


def default_cache_dir() -> Path:
    """``.cache/scenarios`` of the source checkout; the user cache dir for other installs."""
    if is_source_checkout():
        return PROJECT_DIR / ".cache" / "scenarios"
    from platformdirs import user_cache_path

    return user_cache_path("listening-assistant", appauthor=False) / "scenarios"


def render_scenario(
    script: ScenarioScript,
    out_dir: Path | str,
    *,
    telephone: bool | None = None,
    cache_dir: Path | str | None = None,
) -> RenderedScenario:
    """Write ``<id>.wav`` and ``<id>.timeline.json`` into ``out_dir``.

    ``telephone`` overrides the script's flag. Renders are cached under
    ``cache_dir`` (``default_cache_dir()`` when None), keyed by everything
    that shapes the audio, so an unchanged script is only copied.
    """
    if telephone is not None:
        script = dataclasses.replace(script, telephone=telephone)
    entry = Path(cache_dir or default_cache_dir()) / f"{script.id}-{cache_key(script)[:20]}"
    names = (f"{script.id}.wav", f"{script.id}.timeline.json")
    hit = all((entry / name).is_file() for name in names)
    if not hit:
        _render_into_cache(script, entry)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (out / name).resolve() != (entry / name).resolve():
            shutil.copyfile(entry / name, out / name)
    return RenderedScenario(
        wav=out / names[0],
        timeline_path=out / names[1],
        timeline=load_timeline(out / names[1]),
        from_cache=hit,
    )


def cache_key(script: ScenarioScript) -> str:
    """Hash of the script (telephone flag included), the TTS version and this renderer."""
    identity = {
        "script": script.to_json(),
        "espeak": espeak_version(),
        "renderer": RENDERER_VERSION,
    }
    blob = json.dumps(identity, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()


def render_audio(script: ScenarioScript) -> tuple[np.ndarray, Timeline]:
    """The call as int16 ``(n, 2)`` samples, and its timeline (no files, no cache)."""
    voiced = [_synthesize_turn(script, i) for i in range(len(script.turns))]
    spans = place_turns(script, [len(v) for v in voiced])
    total = max(s.end for s in spans) + samples(TAIL_S)
    mix = np.zeros((total, 2))
    for turn, span, audio in zip(script.turns, spans, voiced, strict=True):
        # Added, not assigned: a party may (oddly) overlap themselves.
        mix[span.start:span.end, CHANNELS[turn.speaker]] += audio
    rate = TELEPHONE_RATE if script.telephone else SAMPLE_RATE
    timeline = build_timeline(script, spans, total, telephone=script.telephone, sample_rate=rate)
    if script.telephone:
        mix = _telephone(mix, timeline)
    peak = float(np.max(np.abs(mix)))
    return dsp.to_int16(mix * (PEAK / peak)), timeline


def _synthesize_turn(script: ScenarioScript, index: int) -> np.ndarray:
    turn = script.turns[index]
    audio, rate = synthesize(turn.text, script.voices.of(turn.speaker), turn.rate)
    return dsp.trim_silence(dsp.resample(audio, rate, SAMPLE_RATE))


def _telephone(mix: np.ndarray, timeline: Timeline) -> np.ndarray:
    """Narrowband line: 300-3400 Hz, 8 kHz, white noise at a fixed SNR per channel."""
    low, high = TELEPHONE_BAND_HZ
    channels = [
        dsp.resample(dsp.band_limit(mix[:, ch], SAMPLE_RATE, low, high), SAMPLE_RATE,
                     TELEPHONE_RATE)
        for ch in range(2)
    ]
    n = round(timeline.duration * TELEPHONE_RATE)
    line = np.stack([c[:n] for c in channels], axis=1)
    # Seeded from the id, so the same scenario always gets the same noise.
    seed = int.from_bytes(hashlib.sha256(timeline.id.encode("utf-8")).digest()[:8], "little")
    noise = np.random.default_rng(seed).standard_normal(line.shape)
    for speaker, ch in CHANNELS.items():
        spans = [Span(t.start_sample, t.end_sample) for t in timeline.of(speaker)]
        speech = _speech_power(line[:, ch], spans)
        if speech > 0:
            noise[:, ch] *= np.sqrt(speech / 10 ** (TELEPHONE_SNR_DB / 10))
        else:  # a party with no turns still gets a faint line hiss
            noise[:, ch] *= 10 ** (-60 / 20)
    return line + noise


def _speech_power(x: np.ndarray, spans: list[Span]) -> float:
    """Mean power over the union of ``spans`` (a mask, so overlapping turns count once)."""
    mask = np.zeros(len(x), dtype=bool)
    for span in spans:
        mask[span.start:span.end] = True
    return dsp.power(x[mask])


def _render_into_cache(script: ScenarioScript, entry: Path) -> None:
    """Render into a private directory, then rename it into place.

    Several test processes may render the same scenario at once; the rename
    is atomic, so nobody ever reads half-written files.
    """
    entry.parent.mkdir(parents=True, exist_ok=True)
    if entry.exists():  # an incomplete entry (files deleted by hand): start afresh
        shutil.rmtree(entry)
    pcm, timeline = render_audio(script)
    staging = Path(tempfile.mkdtemp(prefix=f".{entry.name}-", dir=entry.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the cache is shared like any other dir
    try:
        write_wav(staging / f"{script.id}.wav", pcm, timeline.sample_rate)
        timeline.save(staging / f"{script.id}.timeline.json")
        try:
            os.rename(staging, entry)
        except OSError:
            if not entry.is_dir():  # not just a concurrent render that won the race
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def write_wav(path: Path, pcm: np.ndarray, rate: int) -> None:
    """16-bit PCM WAV; ``pcm`` is int16 ``(n, channels)``."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(int(pcm.shape[1]))
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.ascontiguousarray(pcm, dtype="<i2").tobytes())
