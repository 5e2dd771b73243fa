"""Real speech to build evaluation calls from: the recordings in ``../shared/data``.

Every piece is one real person speaking, with a known transcript where the
source has one, cut where that person's speech starts and ends, so placing it
on a channel gives exact ground truth. The AMI clips are taken whole, with
their human annotation (see ``../shared/data/SOURCES.md``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.audio.source import FileAudioSource
from assistant.errors import InputError
from assistant.timebase import SAMPLE_RATE

AMI_DIR = "hotato-ami-ihm-2ch"
_FRAME = SAMPLE_RATE // 100  # 10 ms frames for trimming


@dataclass(frozen=True)
class Piece:
    """One person saying one thing: float64 audio at 16 kHz, trimmed to the speech."""

    name: str  # where it comes from, e.g. "jfk" or "osr-3"
    speaker: str  # who says it (sources' own speaker codes)
    language: str
    text: str
    audio: np.ndarray

    @property
    def seconds(self) -> float:
        return len(self.audio) / SAMPLE_RATE


@dataclass(frozen=True)
class AmiClip:
    """One hotato AMI clip: two headsets, ch0 the party who comes in at 3.0 s."""

    id: str
    category: str  # "should_yield" (a take) or "should_not_yield" (a backchannel)
    audio: np.ndarray  # (n, 2) float64 at 16 kHz
    ch0_segments: tuple[tuple[float, float], ...]
    ch1_segments: tuple[tuple[float, float], ...]
    ch0_text: str
    ch1_text: str
    ch0_speaker: str
    ch1_speaker: str
    description: str


def load_audio(path: Path) -> np.ndarray:
    """A recording as float64 ``(n, channels)`` at 16 kHz (decoded and resampled by PyAV)."""
    source = FileAudioSource(path)
    blocks = [b.samples for b in source.blocks()]
    if not blocks:
        raise InputError(f"{path}: no audio")
    return np.concatenate(blocks).astype(np.float64) / 32768.0


def trim_to_speech(x: np.ndarray, margin_s: float = 0.02,
                   voice_within_db: float | None = None) -> np.ndarray:
    """Cut leading and trailing non-speech by 10 ms frame energy.

    A frame is speech when it stands 15 dB above the recording's quietest
    tenth and within 45 dB of its loudest frame: the first and last such
    frames bound the piece (with ``margin_s`` either side). With
    ``voice_within_db``, the bounds must also lie within that many dB of the
    loudest 30 ms of the voice band (250-2500 Hz), plus 50 ms for a soft
    consonant either side: room noise and breath before a reader starts can be
    loud across the band and still far under their voice.
    """
    n = len(x) // _FRAME
    if n == 0:
        return x[:0]
    frames = x[: n * _FRAME].reshape(n, _FRAME)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    floor, peak = float(np.percentile(level, 10)), float(level.max())
    loud = np.flatnonzero(level > max(floor + 15.0, peak - 45.0))
    if not len(loud):
        return x[:0]
    margin = round(margin_s * SAMPLE_RATE)
    first = max(0, loud[0] * _FRAME - margin)
    last = min(len(x), (loud[-1] + 1) * _FRAME + margin)
    if voice_within_db is not None:
        voice = _voice_band_db(frames)
        near = np.flatnonzero(voice >= voice.max() - voice_within_db)
        soft = round(0.05 * SAMPLE_RATE)
        first = max(first, near[0] * _FRAME - soft)
        last = min(last, (near[-1] + 1) * _FRAME + soft)
    return x[first:last]


def _voice_band_db(frames: np.ndarray) -> np.ndarray:
    """Level of each 10 ms frame in 250-2500 Hz, averaged over 30 ms (a click is not a voice)."""
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(frames.shape[1]), axis=1)) ** 2
    freqs = np.fft.rfftfreq(frames.shape[1], 1.0 / SAMPLE_RATE)
    power = spectrum[:, (freqs >= 250.0) & (freqs <= 2500.0)].sum(axis=1)
    smoothed = np.convolve(power, np.ones(3) / 3, mode="same")
    return np.asarray(10 * np.log10(smoothed + 1e-15))


def speech_runs(x: np.ndarray, min_pause_s: float) -> list[tuple[int, int]]:
    """Stretches of speech separated by pauses of at least ``min_pause_s`` (sample bounds)."""
    n = len(x) // _FRAME
    frames = x[: n * _FRAME].reshape(n, _FRAME)
    level = 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)
    loud = level > max(float(np.percentile(level, 10)) + 15.0, float(level.max()) - 45.0)
    runs: list[tuple[int, int]] = []
    gap = round(min_pause_s * 100)
    start = last = None
    for i, on in enumerate(loud):
        if not on:
            continue
        if start is None:
            start = i
        elif last is not None and i - last > gap:
            runs.append((start * _FRAME, (last + 1) * _FRAME))
            start = i
        last = i
    if start is not None and last is not None:
        runs.append((start * _FRAME, (last + 1) * _FRAME))
    return runs


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def _english(data: Path) -> Iterator[Piece]:
    fw = data / "faster-whisper"
    yield Piece("jfk", "jfk", "en", _text(fw / "jfk.txt"),
                trim_to_speech(load_audio(fw / "jfk.flac")[:, 0]))
    stereo = load_audio(fw / "stereo_diarization.wav")
    for ch, side in ((0, "left"), (1, "right")):
        yield Piece(f"libri-{side}", f"libri-{side}", "en",
                    _text(fw / f"stereo_diarization.{side}.txt"), trim_to_speech(stereo[:, ch]))
    osr = data / "joinly-osr-en-8k"
    audio = load_audio(osr / "OSR_us_000_0034_8k.wav")[:, 0]
    sentences = [s.strip() + "." for s in _text(osr / "OSR_us_000_0034_8k.txt").split(".")
                 if s.strip()]
    runs = speech_runs(audio, min_pause_s=0.8)  # one sentence has a 0.6 s comma pause
    if len(runs) == len(sentences):  # one run per sentence, or the texts would not line up
        for i, ((a, b), text) in enumerate(zip(runs, sentences, strict=True)):
            yield Piece(f"osr-{i}", "osr", "en", text, trim_to_speech(audio[a:b]))
        # Two sentences with the reader's own pause between them: a longer turn.
        for i in range(0, len(runs) - 1, 2):
            a, b = runs[i][0], runs[i + 1][1]
            yield Piece(f"osr-{i}+{i + 1}", "osr", "en", f"{sentences[i]} {sentences[i + 1]}",
                        trim_to_speech(audio[a:b]))


def _danish(data: Path) -> Iterator[Piece]:
    folder = data / "danspeech-nst-da"
    for wav in sorted(folder.glob("u*.wav")):
        reference = wav.with_suffix(".txt")
        # Only the five clips whose prompt text is known carry a transcript.
        text = _text(reference) if reference.is_file() else "(Danish read speech)"
        # The NST recordings open the microphone before the reader starts: 0.4-1.2 s of
        # room noise and breath, 20-45 dB under the voice in its band but loud enough
        # for the energy rule (Whisper's word times agree: "Tester" at 0.64 s, "Hvad"
        # at 0.90 s). Left in, an agent placed to come in 0.4 s before the customer
        # ends began speaking after them, and a "cut-off" was none.
        audio = trim_to_speech(load_audio(wav)[:, 0], voice_within_db=20.0)
        yield Piece(wav.stem, wav.stem[:5], "da", text, audio)


def _german(data: Path) -> Iterator[Piece]:
    folder = data / "verbatim-de-2ch"
    name = "2ch-identical_2spk_de_AusschnittTherapieYVC1000"
    truth = json.loads((folder / f"{name}.ground_truth.json").read_text(encoding="utf-8"))
    utterances = next(iter(truth.values())) if isinstance(truth, dict) else truth
    audio = load_audio(folder / f"{name}.m4a")[:, 0]
    spans = [(float(u["start"]), float(u["end"])) for u in utterances]
    for i, u in enumerate(utterances):
        start, end = spans[i]
        # The timings are approximate; anything overlapping another utterance is left out.
        if any(j != i and s < end and e > start for j, (s, e) in enumerate(spans)):
            continue
        a, b = max(0, round((start - 0.15) * SAMPLE_RATE)), round((end + 0.15) * SAMPLE_RATE)
        yield Piece(f"verbatim-{u['id']}", str(u["speaker"]), "de", str(u["text"]).strip(),
                    trim_to_speech(audio[a:b]))


def _meetings(data: Path, min_s: float = 2.0) -> Iterator[Piece]:
    """Stretches of the pyannote AMI mixes where one person speaks and nobody else within 0.3 s."""
    folder = data / "pyannote-audio"
    for rttm in sorted(folder.glob("*.rttm")):
        turns = []
        for line in rttm.read_text(encoding="utf-8").splitlines():
            f = line.split()
            if len(f) >= 8 and f[0] == "SPEAKER":
                turns.append((float(f[3]), float(f[3]) + float(f[4]), f[7]))
        wav = folder / f"{rttm.stem}.wav"
        if not turns or not wav.is_file():
            continue
        audio = None
        for i, (start, end, who) in enumerate(turns):
            others = sorted((s - 0.3, e + 0.3) for j, (s, e, _) in enumerate(turns) if j != i)
            free, at = [], start
            for s, e in others:  # the turn minus everyone else's speech
                if s > at:
                    free.append((at, min(s, end)))
                at = max(at, e)
            if at < end:
                free.append((at, end))
            for k, (a, b) in enumerate(free):
                if b - a < min_s:
                    continue
                if audio is None:
                    audio = load_audio(wav)[:, 0]
                piece = trim_to_speech(audio[round(a * SAMPLE_RATE): round(b * SAMPLE_RATE)])
                if len(piece) >= min_s * SAMPLE_RATE:
                    yield Piece(f"{rttm.stem}-{i}.{k}", who, "en", "(AMI meeting speech)", piece)


def ami_clips(data: Path) -> list[AmiClip]:
    folder = data / AMI_DIR
    clips = []
    for meta in sorted(folder.glob("ami-*.json")):
        d = json.loads(meta.read_text(encoding="utf-8"))
        ref = d["reference_render"]
        prov = d.get("provenance", {})
        clips.append(AmiClip(
            id=d["id"],
            category=d["category"],
            audio=load_audio(folder / d["audio"]),
            ch0_segments=tuple((float(a), float(b)) for a, b in ref["caller_segments_sec"]),
            ch1_segments=tuple((float(a), float(b)) for a, b in ref["agent_segments_sec"]),
            ch0_text=d["transcript"]["caller"],
            ch1_text=d["transcript"]["agent"],
            ch0_speaker=prov.get("caller", {}).get("global_name", "ch0"),
            ch1_speaker=prov.get("agent", {}).get("global_name", "ch1"),
            description=prov.get("description", ""),
        ))
    return clips


def _split_words(text: str, durations: list[float]) -> list[str]:
    """Share a clip's words among its segments, about equally many per second."""
    words = text.split()
    if len(durations) == 1 or len(words) < len(durations):
        return [text] + ["…"] * (len(durations) - 1)
    total = sum(durations)
    out, at = [], 0
    for i, d in enumerate(durations):
        left = len(durations) - i - 1
        take = len(words) - at - left if not left else max(1, round(len(words) * d / total))
        take = min(take, len(words) - at - left)
        out.append(" ".join(words[at:at + take]))
        at += take
    return out


def ami_backchannels(clips: list[AmiClip]) -> Iterator[Piece]:
    """The real listener tokens of the AMI backchannel clips ("Mm-hmm", "Okay", "Oh right")."""
    for clip in clips:
        if clip.category != "should_not_yield":
            continue
        texts = _split_words(clip.ch0_text, [b - a for a, b in clip.ch0_segments])
        for k, ((start, end), text) in enumerate(zip(clip.ch0_segments, texts, strict=True)):
            a, b = round(start * SAMPLE_RATE), round(end * SAMPLE_RATE)
            yield Piece(f"{clip.id}-ch0.{k}", clip.ch0_speaker, "en", text,
                        clip.audio[a:b, 0].copy())


@dataclass(frozen=True)
class Library:
    """Every usable piece, by language; ``backchannels`` are the AMI listener tokens."""

    pieces: dict[str, list[Piece]]
    backchannels: list[Piece]
    clips: list[AmiClip]

    def of(self, language: str, *, min_s: float = 0.0, max_s: float = math.inf) -> list[Piece]:
        return [p for p in self.pieces.get(language, []) if min_s <= p.seconds <= max_s]


def load_library(data: Path) -> Library:
    """Read the sources; a missing folder is an ``InputError`` naming it."""
    for sub in (AMI_DIR, "faster-whisper", "joinly-osr-en-8k", "danspeech-nst-da",
                "verbatim-de-2ch", "pyannote-audio"):
        if not (data / sub).is_dir():
            raise InputError(f"{data / sub}: real-speech source folder is missing")
    clips = ami_clips(data)
    pieces = {"en": [*_english(data), *_meetings(data)], "da": list(_danish(data)),
              "de": list(_german(data))}
    return Library(pieces, list(ami_backchannels(clips)), clips)
