"""faster-whisper behind a small interface: one utterance in, one ``Transcript`` out.

Guards against Whisper's habit of inventing text on silence or noise: the
VAD already gates what reaches it, and here no-speech/log-probability/
compression thresholds drop what still looks invented. Nothing is ever
conditioned on previous text, so one hallucination cannot seed the next.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.asr.decoder import Decoded, Request, ShortWindow, ShortWindowDecoder
from assistant.asr.models import is_multilingual
from assistant.config import TranscriptionOptions
from assistant.errors import AssistantError, InputError
from assistant.records import Transcript
from assistant.timebase import SAMPLE_RATE

# Phrases Whisper produces from silence/noise (subtitle credits in its training data).
_HALLUCINATIONS = re.compile(
    r"^\W*(thanks? (you )?for watching|please subscribe|subtitles? by|"
    r"transcription by|amara\.org|undertekster af|textning|tack för att du tittade|"
    r"tak fordi du så med|\.+|you)\W*$",
    re.IGNORECASE,
)


def supported_languages() -> tuple[str, ...]:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return tuple(_LANGUAGE_CODES)


def check_language(language: str | None) -> str | None:
    """``None``/``auto`` mean detect; anything else must be a Whisper language code."""
    if language in (None, "", "auto"):
        return None
    code = language.lower()
    if code not in supported_languages():
        raise InputError(
            f"unknown language code '{language}': use an ISO 639-1 code Whisper knows "
            "(en, sv, da, de, …) or 'auto'"
        )
    return code


def pin_threads(threads: int) -> None:
    """Keep OpenMP/BLAS pools from oversubscribing the cores; must run before import.

    CTranslate2's OpenMP (libgomp) threads spin between parallel regions unless told
    to sleep: as-if-live on a 2-minute call (python -m benchmarks.live --wait-policies,
    AMD EPYC, 2 cores, shared) took 39.2 CPU-s with ACTIVE, 22.3 unset and 22.2 with
    PASSIVE; live, a spinning pool takes CPU from the softphone between utterances.
    """
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    os.environ["HF_HUB_OFFLINE"] = "1"  # never reach for a model hub
    os.environ.setdefault("CT2_VERBOSE", "0")


class Recognizer(Protocol):
    """What the ASR stage needs from a speech recogniser."""

    model_name: str
    multilingual: bool

    def transcribe(
        self, audio: np.ndarray, language: str | None, prefix: str | None = None
    ) -> Transcript: ...

    def transcribe_many(
        self, requests: Sequence[Request], language: str | None, *, light: bool = False,
        temperatures: Sequence[float] | None = None,
    ) -> list[Transcript]: ...

    def transcribe_timed(self, audio: np.ndarray, language: str | None) -> list[TimedText]: ...

    def transcribe_timed_batch(
        self, audios: list[np.ndarray], language: str | None
    ) -> list[list[TimedText]]: ...

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]: ...


@dataclass(frozen=True)
class TimedText:
    """A timestamped piece of a longer decode (seconds from the start of the audio)."""

    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float


class WhisperRecognizer:
    """A loaded faster-whisper model with this project's decoding options."""

    def __init__(self, model_dir: Path, options: TranscriptionOptions) -> None:
        pin_threads(options.cpu_threads)
        from faster_whisper import WhisperModel

        self.model_name = model_dir.name
        self.options = options
        self.multilingual = is_multilingual(model_dir)
        if options.language not in (None, "en") and not self.multilingual:
            raise AssistantError(
                f"model '{self.model_name}' is English-only; use a multilingual model "
                f"(e.g. --model base) for language '{options.language}'"
            )
        try:
            self._model = WhisperModel(
                str(model_dir),
                device="cpu",
                compute_type="int8",
                cpu_threads=options.cpu_threads,
                num_workers=1,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise AssistantError(f"could not load model {model_dir}: {exc}") from None
        self._batched: Any = None  # faster-whisper's batched pipeline, made when first used
        window = None if options.pad_s is None else ShortWindow(options.pad_s,
                                                                 options.min_window_s)
        self._decoder = ShortWindowDecoder(self._model, options, window)
        # Behind live: greedy, no sampled retry, and a tighter token budget.
        light = dataclasses.replace(options, beam_size=1, temperatures=options.temperatures[:1],
                                    max_tokens_per_second=min(8.0, options.max_tokens_per_second))
        self._light = ShortWindowDecoder(self._model, light, window)

    @property
    def encoded_frames(self) -> int:
        """Mel frames through the encoder so far (10 ms each): what the decodes cost."""
        return self._decoder.encoded_frames + self._light.encoded_frames

    def _common(self) -> dict[str, Any]:
        o = self.options
        return {
            "beam_size": o.beam_size,
            "temperature": list(o.temperatures),
            "no_speech_threshold": o.no_speech_threshold,
            "log_prob_threshold": o.log_prob_threshold,
            "compression_ratio_threshold": o.compression_ratio_threshold,
            "condition_on_previous_text": False,
            "vad_filter": False,  # our own VAD already chose the speech
        }

    def transcribe(
        self, audio: np.ndarray, language: str | None, prefix: str | None = None
    ) -> Transcript:
        """Text of ``audio``; with ``prefix``, the audio begins with speech already
        transcribed as ``prefix``, which is forced and left out of the result."""
        return self.transcribe_many([Request(audio, prefix)], language)[0]

    def transcribe_many(
        self, requests: Sequence[Request], language: str | None, *, light: bool = False,
        temperatures: Sequence[float] | None = None,
    ) -> list[Transcript]:
        """Each request's text, all decoded together (one encoder and decoder batch).

        ``light``: the cheaper settings the live recogniser falls back to while it is
        behind (no sampled retry, a shorter token budget). ``temperatures``: the
        retries' schedule, when not the recogniser's own (live allows fewer).
        """
        if not requests:
            return []
        started = time.perf_counter()
        if not self.multilingual:
            language = "en"
        seeded = [Request(r.audio, r.prefix, seed=len(r.audio)) for r in requests]
        decoder = self._light if light else self._decoder
        decoded = decoder.decode(seeded, language,
                                 temperatures=None if light else temperatures)
        share = (time.perf_counter() - started) / len(requests)
        return [self._transcript(d, share) for d in decoded]

    def _transcript(self, d: Decoded, seconds: float) -> Transcript:
        o = self.options
        text = d.text
        if d.no_speech_prob > o.no_speech_threshold and d.avg_logprob < o.log_prob_threshold:
            text = ""  # Whisper's own rule for a silent window
        elif d.avg_logprob < o.drop_below_logprob or d.compression_ratio > \
                o.compression_ratio_threshold:
            text = ""  # unlikely, or still looping after the retries: invented text
        if _HALLUCINATIONS.match(text):
            text = ""
        return Transcript(text=text, language=d.language,
                          avg_logprob=d.avg_logprob if text else 0.0,
                          no_speech_prob=d.no_speech_prob, decode_seconds=seconds)

    @staticmethod
    def _seed(audio: np.ndarray) -> None:
        """A temperature retry samples; seed it from the audio so reruns agree."""
        import ctranslate2

        ctranslate2.set_random_seed(len(audio))

    def _token_budget(self, audio: np.ndarray) -> int:
        """Room for fast speech, but not for a runaway loop (which costs seconds live)."""
        return min(440, int(24 + self.options.max_tokens_per_second * len(audio) / SAMPLE_RATE))

    def transcribe_timed(self, audio: np.ndarray, language: str | None) -> list[TimedText]:
        """Decode up to 30 s with segment timestamps (used to pack utterances offline)."""
        self._seed(audio)
        segments, _ = self._model.transcribe(
            audio, language=language if self.multilingual else "en",
            max_new_tokens=self._token_budget(audio),
            without_timestamps=False, **self._common()
        )
        return [t for t in (self._keep(seg) for seg in segments) if t is not None]

    def transcribe_timed_batch(
        self, audios: list[np.ndarray], language: str | None
    ) -> list[list[TimedText]]:
        """``transcribe_timed`` of several windows of up to 30 s, decoded side by side.

        On the CPU the decoder's per-token step is small matrix products dominated by
        reading the weights, so stepping several windows together costs little more than
        one. Each window adds ~37 MB of cross-attention cache, so the caller keeps
        batches small (three: 1.25x faster, same peak memory). There is no temperature retry
        here; a window whose text fails the filters comes back without it, and the caller
        decodes those utterances on their own (with retries).
        """
        if len(audios) == 1:
            return [self.transcribe_timed(audios[0], language)]
        from faster_whisper import BatchedInferencePipeline

        if self._batched is None:
            self._batched = BatchedInferencePipeline(_EncodeOneByOne(self._model))
        offsets = np.cumsum([0] + [len(a) for a in audios])
        clips = [{"start": float(a) / SAMPLE_RATE, "end": float(b) / SAMPLE_RATE}
                 for a, b in itertools.pairwise(offsets)]
        o = self.options
        segments, _ = self._batched.transcribe(
            np.concatenate(audios), language=language if self.multilingual else "en",
            clip_timestamps=clips, batch_size=len(audios), without_timestamps=False,
            beam_size=o.beam_size, temperature=o.temperatures[0],
            max_new_tokens=max(self._token_budget(a) for a in audios),
            no_speech_threshold=o.no_speech_threshold,
            log_prob_threshold=o.log_prob_threshold,
            compression_ratio_threshold=o.compression_ratio_threshold,
            vad_filter=False,
        )
        out: list[list[TimedText]] = [[] for _ in audios]
        for seg in segments:
            # ``seek`` is the window's start in 10 ms frames, rounded down: allow a frame.
            window = int(np.searchsorted(offsets, (seg.seek + 1) * SAMPLE_RATE // 100,
                                         side="right")) - 1
            begin = offsets[window] / SAMPLE_RATE
            if (seg.no_speech_prob > o.no_speech_threshold
                    and seg.avg_logprob < o.log_prob_threshold):
                continue  # Whisper's own rule for a silent window
            timed = self._keep(seg, offset=begin)
            if timed is not None:
                out[window].append(timed)
        return out

    def _keep(self, seg: Any, offset: float = 0.0) -> TimedText | None:
        """A segment as ``TimedText``, or ``None`` when it looks invented."""
        if seg.avg_logprob < self.options.drop_below_logprob:
            return None
        if seg.compression_ratio > self.options.compression_ratio_threshold:
            return None
        text = seg.text.strip()
        if not text or _HALLUCINATIONS.match(text):
            return None
        return TimedText(seg.start - offset, seg.end - offset, text, seg.avg_logprob,
                         seg.no_speech_prob)

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        if not self.multilingual:
            return "en", 1.0
        return self._decoder.detect_language(audio)


class _EncodeOneByOne:
    """The model, encoding a batch one window at a time.

    The encoder gains nothing from batching on the CPU, but its attention
    matrices grow with the batch (~70 MB per window); only the decoder's steps
    are worth doing side by side.
    """

    def __init__(self, model: Any) -> None:
        self._model = model

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def encode(self, features: np.ndarray) -> Any:
        import ctranslate2

        if features.ndim == 2:
            return self._model.encode(features)
        outputs = [np.array(self._model.encode(features[i : i + 1]))
                   for i in range(len(features))]
        return ctranslate2.StorageView.from_array(np.concatenate(outputs))


def strip_prefix(text: str, prefix: str) -> str:
    """The part of ``text`` after a forced ``prefix`` (Whisper returns both)."""
    head, prefix = text.strip(), prefix.strip()
    if head.startswith(prefix):
        return head[len(prefix) :].strip()
    # Tokenisation can respell the prefix slightly; cut after its last word instead.
    words = prefix.split()
    if words:
        at = head.find(words[-1], max(0, len(prefix) - 2 * len(words[-1]) - 8))
        if at >= 0:
            return head[at + len(words[-1]) :].strip()
    return head


def audio_seconds(audio: np.ndarray) -> float:
    return len(audio) / SAMPLE_RATE
