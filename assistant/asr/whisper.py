"""faster-whisper behind a small interface: one utterance in, one ``Transcript`` out.

Guards against Whisper's habit of inventing text on silence or noise: the
VAD already gates what reaches it, and here no-speech/log-probability/
compression thresholds drop what still looks invented. Nothing is ever
conditioned on previous text, so one hallucination cannot seed the next.
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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
    # oneDNN keeps a compiled primitive per input shape (up to 1024), and every short
    # encoder window has its own length: a 20-minute call peaked at 409 MB RSS with the
    # cache and 382 MB without, for the same CPU time (73.8 / 73.7 s; Intel Xeon, VNNI).
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "0")


_M_MMAP_THRESHOLD = -3  # glibc mallopt parameter
_MMAP_THRESHOLD_BYTES = 128 * 1024


def keep_heap_from_growing() -> None:
    """Large buffers straight from the kernel, and back to it when freed (glibc only).

    Encoder windows differ in size from one utterance to the next, and glibc's moving
    mmap threshold (up to 32 MB) soon puts their buffers on the heap, where freed space
    is fragmented rather than returned: a 20-minute call peaked at 457 MB RSS against
    410 MB with the threshold held at 128 KiB, for 5 % more CPU (Intel Xeon with VNNI,
    base int8, two runs side by side). Python's own objects stayed at 19 MB throughout.
    The price is a page fault for every page of every fresh buffer: 3 of 10 CPU-s on a
    3-minute call. One malloc arena with glibc's own threshold instead took that call
    from 7.3 to 5.5 s, but two hours then peaked at 573 MB (Intel Xeon with AMX).
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES)
    except (OSError, AttributeError):
        pass  # not glibc (musl): nothing to tune


def decoding_workers(cpu_threads: int) -> tuple[int, int]:
    """CTranslate2 workers and threads per worker for ``cpu_threads`` in all.

    Two workers (both parties, or two windows, at once) of one thread each on two
    cores: the decoder's steps are too small to share between threads (measured in
    ``assistant.asr.decoder``'s docstring). More than two workers would idle live,
    where at most two utterances wait.
    """
    workers = max(1, min(2, cpu_threads))
    return workers, max(1, cpu_threads // workers)


class Recognizer(Protocol):
    """What the ASR stage needs from a speech recogniser."""

    model_name: str
    multilingual: bool

    def transcribe(
        self, audio: np.ndarray, language: str | None, prefix: str | None = None
    ) -> Transcript: ...

    def transcribe_many(
        self, requests: Sequence[Request], language: str | None, *, light: bool = False,
        temperatures: Sequence[float] | None = None, provisional: bool = False,
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
        workers, threads = decoding_workers(options.cpu_threads)
        pin_threads(threads)
        keep_heap_from_growing()
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
                cpu_threads=threads,
                num_workers=workers,
                local_files_only=True,
            )
        except (RuntimeError, ValueError, OSError) as exc:
            raise AssistantError(f"could not load model {model_dir}: {exc}") from None
        window = None if options.pad_s is None else ShortWindow(options.pad_s,
                                                                 options.min_window_s)
        self._decoder = ShortWindowDecoder(self._model, options, window)
        # Behind live: greedy, no retry, and a tighter token budget.
        light = dataclasses.replace(options, beam_size=1, temperatures=options.temperatures[:1],
                                    max_tokens_per_second=min(8.0, options.max_tokens_per_second))
        self._light = ShortWindowDecoder(self._model, light, window)

    @property
    def encoded_frames(self) -> int:
        """Mel frames through the encoder so far (10 ms each): what the decodes cost."""
        return self._decoder.encoded_frames + self._light.encoded_frames

    def transcribe(
        self, audio: np.ndarray, language: str | None, prefix: str | None = None
    ) -> Transcript:
        """Text of ``audio``; with ``prefix``, the audio begins with speech already
        transcribed as ``prefix``, which is forced and left out of the result."""
        return self.transcribe_many([Request(audio, prefix)], language)[0]

    def transcribe_many(
        self, requests: Sequence[Request], language: str | None, *, light: bool = False,
        temperatures: Sequence[float] | None = None, provisional: bool = False,
    ) -> list[Transcript]:
        """Each request's text; the requests are decoded side by side, one per worker.

        ``light``: the cheaper settings the live recogniser falls back to while it is
        behind (no retry, a shorter token budget). ``temperatures``: the
        retries' schedule, when not the recogniser's own (live allows fewer).
        ``provisional``: partial text, shown until the final replaces it.
        """
        if not requests:
            return []
        started = time.perf_counter()
        if not self.multilingual:
            language = "en"
        decoder = self._light if light else self._decoder
        # Partial text, or a recogniser behind: not worth a wider retry.
        decoded = decoder.decode(requests, language,
                                 temperatures=None if light else temperatures,
                                 widen=not (light or provisional))
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

    def transcribe_timed(self, audio: np.ndarray, language: str | None) -> list[TimedText]:
        """Pieces of up to 30 s of speech with their times (to pack utterances offline)."""
        return self.transcribe_timed_batch([audio], language)[0]

    def transcribe_timed_batch(
        self, audios: list[np.ndarray], language: str | None
    ) -> list[list[TimedText]]:
        """``transcribe_timed`` of several windows, decoded side by side.

        Each window goes to a decoding worker of its own as one is free
        (``ShortWindowDecoder``). A window whose text fails the filters comes back
        without it, and the caller decodes those utterances on their own.
        """
        if not audios:
            return []
        if not self.multilingual:
            language = "en"
        requests = [Request(a, timestamps=True) for a in audios]
        o = self.options
        out: list[list[TimedText]] = []
        # No retry for a whole window (each would cost a decode of all of it):
        # the utterances of a window that fails are decoded on their own, with retries.
        decoded = self._decoder.decode(requests, language, temperatures=(0.0,))
        for audio, d in zip(audios, decoded, strict=True):
            if (d.no_speech_prob > o.no_speech_threshold and d.avg_logprob < o.log_prob_threshold) \
                    or d.avg_logprob < o.drop_below_logprob \
                    or d.compression_ratio > o.compression_ratio_threshold:
                out.append([])  # silent, unlikely or looping: nothing to trust in it
                continue
            length = len(audio) / SAMPLE_RATE
            out.append([TimedText(start, end if end >= 0 else length, text, d.avg_logprob,
                                  d.no_speech_prob)
                        for start, end, text in d.pieces if not _HALLUCINATIONS.match(text)])
        return out

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        if not self.multilingual:
            return "en", 1.0
        return self._decoder.detect_language(audio)
