"""Word error rate on real speech: the engine against plain faster-whisper, same model.

    .venv/bin/python -m benchmarks.wer [--model base] [--show-text]
    .venv/bin/python -m benchmarks.wer --as-if-live --pads full,0.5,1,2 --no-plain

Clips from ``../shared/data`` that have exact references (see its SOURCES.md):
jfk.flac, the 8 kHz Harvard sentences, stereo_diarization.wav per channel, and
the five Danish NST clips with prompt texts (not the unverified ones).

- engine: ``replay_file`` in batch mode (what ``assistant transcribe`` does
  without ``--as-if-live``), or as if live with ``--as-if-live`` (one decode
  per utterance, as ``assistant listen`` does); the transcript is its
  utterances in time order, per channel for the two-speaker stereo file.
  ``--pads`` runs the engine once per encoder pad (seconds of silence after
  each utterance instead of Whisper's 30 s window; ``full`` is the 30 s window)
  and prints one WER column per pad: how the pad was chosen.
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

    def __init__(self, model_dir: Path, beam_size: int, threads: int, *,
                 pad: float | str | None = "default", min_window: float | None = None,
                 as_if_live: bool = False) -> None:
        from assistant.asr.whisper import WhisperRecognizer
        from assistant.config import EngineConfig
        from assistant.privacy.categories import RedactionConfig

        base = EngineConfig()
        options = dataclasses.replace(base.transcription, beam_size=beam_size,
                                      cpu_threads=threads)
        if pad != "default":
            options = dataclasses.replace(options, pad_s=pad)
        if min_window is not None:
            options = dataclasses.replace(options, min_window_s=min_window)
        # Recognition is measured, not redaction: a digit run of six or more ("tester en to
        # tre ..." heard as "345678") would otherwise count as the one word "[number]".
        self.config = dataclasses.replace(base, transcription=options,
                                          privacy=RedactionConfig(enabled=False))
        self.as_if_live = as_if_live
        self.recognizer = WhisperRecognizer(model_dir, self.config.transcription)

    def transcribe(self, audio: Path, language: str, per_channel: bool) -> list[str]:
        from assistant.engine.replay import replay_file
        from assistant.records import Speaker

        config = dataclasses.replace(self.config, transcription=dataclasses.replace(
            self.config.transcription, language=language))
        result = replay_file(audio, config, self.recognizer, as_if_live=self.as_if_live).result
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


def sweep_table(rows: Sequence[Row], sweeps: Sequence[tuple[str, Sequence[int]]]) -> list[str]:
    """WER per clip for each setting of a sweep (one column each), totals per language."""
    head = "{:<44} {:<4} {:>5}".format("clip", "lang", "words")
    lines = [head + "".join(f" {label:>9}" for label, _ in sweeps)]
    for i, r in enumerate(rows):
        lines.append(f"{r.name:<44} {r.language:<4} {r.words:>5}"
                     + "".join(f" {_pct(errors[i], r.words):>9}" for _, errors in sweeps))
    groups = [(f"total {lang}", [i for i, r in enumerate(rows) if r.language == lang])
              for lang in dict.fromkeys(r.language for r in rows)]
    groups.append(("total", list(range(len(rows)))))
    for label, members in groups:
        words = sum(rows[i].words for i in members)
        lines.append("{:<44} {:<4} {:>5}".format(label, "", words) + "".join(
            f" {_pct(sum(errors[i] for i in members), words):>9}" for _, errors in sweeps))
    return [line.rstrip() for line in lines]


def engine_errors(clip: Clip, engine: Engine) -> tuple[int, int, list[str]]:
    """(word errors, reference words, texts) of the engine on one clip."""
    audio = first_channel_wav(clip) if clip.first_channel_only else clip.audio
    texts = engine.transcribe(audio, clip.language, clip.per_channel)
    errors = words = 0
    for ref, hyp in zip(clip.references, texts, strict=True):
        e, n = word_error_count(ref, hyp, clip.language)
        errors, words = errors + e, words + n
    return errors, words, texts


def _pad(value: str) -> float | None:
    return None if value == "full" else float(value)


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
    parser.add_argument("--as-if-live", action="store_true",
                        help="the engine as if live (one decode per utterance), not batch")
    parser.add_argument("--pads", default=None, metavar="LIST",
                        help="sweep: encoder pads in seconds, comma-separated, 'full' for the "
                             "30 s window (engine only, one WER column per pad)")
    parser.add_argument("--min-window", type=float, default=None, metavar="S",
                        help="shortest encoder window in seconds (default: the engine's)")
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
    mode = "as if live" if args.as_if_live else "batch"
    if args.pads:
        sweeps: list[tuple[str, list[int]]] = []
        rows = []
        for pad in args.pads.split(","):
            engine = Engine(model_dir, beam, args.threads, pad=_pad(pad),
                            min_window=args.min_window, as_if_live=args.as_if_live)
            measured = [engine_errors(clip, engine) for clip in todo]
            sweeps.append((f"pad {pad}", [m[0] for m in measured]))
            rows = [Row(c.name, c.language, m[1], m[0], 0, ()) for c, m in zip(todo, measured,
                                                                                 strict=True)]
            if args.show_text:
                for clip, (errors, _, texts) in zip(todo, measured, strict=True):
                    if errors:
                        print(f"pad {pad} {clip.name}: {' | '.join(texts)}")
        print(f"\nengine ({mode}) WER by encoder pad; min window "
              f"{args.min_window if args.min_window is not None else 'default'} s")
        print("\n".join(sweep_table(rows, sweeps)))
        return 0
    engine = Engine(model_dir, beam, args.threads, as_if_live=args.as_if_live)
    plain = Plain(model_dir, beam, args.threads)
    print(f"engine: {mode}")
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
