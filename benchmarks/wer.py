"""Word error rate on real speech: the engine against plain faster-whisper, same model.

    .venv/bin/python -m benchmarks.wer [--model base] [--show-text]

Clips from ``../shared/data`` that have exact references (see its SOURCES.md):
jfk.flac, the 8 kHz Harvard sentences, stereo_diarization.wav per channel, and
the five Danish NST clips with prompt texts (not the unverified ones).

- engine: ``replay_file`` in batch mode (what ``assistant transcribe`` does
  without ``--as-if-live``); the transcript is its utterances in time order,
  per channel for the two-speaker stereo file.
- plain: ``WhisperModel.transcribe`` on the whole clip (per channel for the
  stereo file), same model, int8 on the CPU, same language and beam size,
  faster-whisper's own defaults otherwise.
jfk.flac (near-identical channels) and the Danish clips (two microphones on one
speaker) are one speaker: both sides get the first channel, written once to a
16 kHz mono WAV. Normalisation: ``common.normalise``.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import wave
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks.common import CACHE, MODELS, SHARED, THREADS, machine_description, pin_threads
from benchmarks.common import wer as word_error_count

DATA = SHARED / "data"
DANISH = ("u0013002", "u0042008", "u0042009", "u0042010", "u0042011")


@dataclass(frozen=True)
class Clip:
    name: str
    audio: Path
    language: str
    references: tuple[str, ...]  # the whole clip, or (left, right) for one speaker per channel
    first_channel_only: bool = False  # several microphones on one speaker

    @property
    def per_channel(self) -> bool:
        return len(self.references) == 2


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8").strip()


def clips(data: Path = DATA) -> list[Clip]:
    fw, osr, da = data / "faster-whisper", data / "joinly-osr-en-8k", data / "danspeech-nst-da"
    found = [
        # Nearly (not sample-exactly) the same signal on both channels: one channel.
        Clip("faster-whisper/jfk", fw / "jfk.flac", "en", (_text(fw / "jfk.txt"),),
             first_channel_only=True),
        Clip("joinly-osr-en-8k/OSR_us_000_0034_8k", osr / "OSR_us_000_0034_8k.wav", "en",
             (_text(osr / "OSR_us_000_0034_8k.txt"),)),
        Clip("faster-whisper/stereo_diarization", fw / "stereo_diarization.wav", "en",
             (_text(fw / "stereo_diarization.left.txt"),
              _text(fw / "stereo_diarization.right.txt"))),
    ]
    found += [Clip(f"danspeech-nst-da/{n}", da / f"{n}.wav", "da", (_text(da / f"{n}.txt"),),
                   first_channel_only=True) for n in DANISH]
    return found


def first_channel_wav(clip: Clip) -> Path:
    """The clip's first channel as 16 kHz mono WAV (cached): the same file for both sides."""
    from faster_whisper import decode_audio

    target = CACHE / "wer" / f"{clip.audio.stem}.ch0.wav"
    if not target.is_file():
        left, _ = decode_audio(str(clip.audio), sampling_rate=16000, split_stereo=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        pcm = np.clip(np.round(left * 32768), -32768, 32767).astype("<i2")
        with wave.open(str(target), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(16000)
            out.writeframes(pcm.tobytes())
    return target


class Engine:
    """The assistant's engine, batch mode, one model load for all clips."""

    def __init__(self, model_dir: Path, beam_size: int, threads: int) -> None:
        from assistant.asr.whisper import WhisperRecognizer
        from assistant.config import EngineConfig

        base = EngineConfig()
        self.config = dataclasses.replace(base, transcription=dataclasses.replace(
            base.transcription, beam_size=beam_size, cpu_threads=threads))
        self.recognizer = WhisperRecognizer(model_dir, self.config.transcription)

    def transcribe(self, audio: Path, language: str, per_channel: bool) -> list[str]:
        from assistant.engine.replay import replay_file
        from assistant.records import Speaker

        config = dataclasses.replace(self.config, transcription=dataclasses.replace(
            self.config.transcription, language=language))
        result = replay_file(audio, config, self.recognizer).result
        utterances = sorted(result.utterances, key=lambda u: u.span.start)
        if not per_channel:
            return [" ".join(u.text for u in utterances)]
        return [" ".join(u.text for u in utterances if u.speaker is who)
                for who in (Speaker.AGENT, Speaker.CUSTOMER)]  # agent is the left channel


class Plain:
    """faster-whisper as its README shows it: ``WhisperModel.transcribe`` on the file."""

    def __init__(self, model_dir: Path, beam_size: int, threads: int) -> None:
        from faster_whisper import WhisperModel

        self.beam_size = beam_size
        self.model = WhisperModel(str(model_dir), device="cpu", compute_type="int8",
                                  cpu_threads=threads, local_files_only=True)

    def transcribe(self, audio: Path, language: str, per_channel: bool) -> list[str]:
        from faster_whisper import decode_audio

        inputs: Sequence[str | np.ndarray] = (
            decode_audio(str(audio), split_stereo=True) if per_channel else [str(audio)])
        texts = []
        for source in inputs:
            segments, _ = self.model.transcribe(source, language=language,
                                                beam_size=self.beam_size)
            texts.append(" ".join(s.text.strip() for s in segments))
        return texts


@dataclass(frozen=True)
class Row:
    name: str
    language: str
    words: int
    engine_errors: int
    plain_errors: int
    texts: tuple[tuple[str, str, str], ...]  # (reference, engine, plain) per channel


def _pct(errors: int, words: int) -> str:
    return f"{100 * errors / words:6.1f}%" if words else "     -"


_LINE = "{:<44} {:<4} {:>5}  {:>6} {:>7}  {:>6} {:>7}"


def table(rows: Sequence[Row]) -> list[str]:
    lines = [_LINE.format("clip", "lang", "words", "engine", "WER", "plain", "WER"),
             _LINE.format("", "", "", "errors", "", "errors", "")]
    for r in rows:
        lines.append(_LINE.format(r.name, r.language, r.words, r.engine_errors,
                                  _pct(r.engine_errors, r.words), r.plain_errors,
                                  _pct(r.plain_errors, r.words)))
    groups = [(f"total {lang} ({sum(r.language == lang for r in rows)} clips)",
               [r for r in rows if r.language == lang])
              for lang in dict.fromkeys(r.language for r in rows)]
    groups.append((f"total ({len(rows)} clips, WER over all words)", list(rows)))
    for label, group in groups:
        words = sum(r.words for r in group)
        eng, plain = sum(r.engine_errors for r in group), sum(r.plain_errors for r in group)
        lines.append(_LINE.format(label, "", words, eng, _pct(eng, words), plain,
                                  _pct(plain, words)))
    return [line.rstrip() for line in lines]


def measure(clip: Clip, engine: Engine, plain: Plain) -> Row:
    audio = first_channel_wav(clip) if clip.first_channel_only else clip.audio
    engine_texts = engine.transcribe(audio, clip.language, clip.per_channel)
    plain_texts = plain.transcribe(audio, clip.language, clip.per_channel)
    words = eng = pl = 0
    texts = []
    channels = ("left: ", "right: ") if clip.per_channel else ("",)
    for label, ref, e, p in zip(channels, clip.references, engine_texts, plain_texts,
                                strict=True):
        e_err, n = word_error_count(ref, e, clip.language)
        p_err, _ = word_error_count(ref, p, clip.language)
        words, eng, pl = words + n, eng + e_err, pl + p_err
        texts.append((label + ref, e, p))
    return Row(clip.name, clip.language, words, eng, pl, tuple(texts))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.wer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="base", help="model under models/ (default: base)")
    parser.add_argument("--beam-size", type=int, default=None,
                        help="beam size for both (default: the engine's)")
    parser.add_argument("--threads", type=int, default=THREADS)
    parser.add_argument("--show-text", action="store_true",
                        help="print reference, engine and plain text for clips with errors")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"WER benchmark skipped: {DATA} not found (the shared test audio is not beside "
              "the repository)")
        return 0
    threads_env = pin_threads(args.threads)
    from assistant.asr.models import is_multilingual
    from assistant.config import TranscriptionOptions

    model_dir = MODELS / args.model
    if not (model_dir / "model.bin").is_file():
        print(f"error: model {model_dir} is not installed", file=sys.stderr)
        return 1
    beam = args.beam_size or TranscriptionOptions.beam_size
    todo = [c for c in clips() if c.language == "en" or is_multilingual(model_dir)]
    print("WER on real speech: engine (assistant, batch replay_file) vs plain faster-whisper "
          "(WhisperModel.transcribe)")
    print(*machine_description(), sep="\n")
    print(f"model {args.model} (int8, CPU), beam {beam}, ctranslate2 cpu_threads "
          f"{args.threads}, " + " ".join(f"{k}={v}" for k, v in threads_env.items()
                                         if k.endswith("THREADS")))
    if len(todo) < len(clips()):
        print(f"skipped the Danish clips: model {args.model} is English-only")
    engine, plain = Engine(model_dir, beam, args.threads), Plain(model_dir, beam, args.threads)
    rows = [measure(clip, engine, plain) for clip in todo]
    print()
    print("\n".join(table(rows)))
    if args.show_text:
        for row in rows:
            for ref, e, p in row.texts if row.engine_errors or row.plain_errors else ():
                print(f"\n{row.name}\n  reference: {ref}\n  engine:    {e}\n  plain:     {p}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
