"""Whisper decoding at a cost proportional to the speech.

faster-whisper pads every decode to Whisper's 30 s window (3000 mel frames),
so a two-second "yes, please" costs as much to encode as a 25 s explanation.
CTranslate2's Whisper encoder accepts shorter inputs (CTranslate2 PR #1446),
so here each utterance is encoded with only a short pad of silence after it
(``ShortWindow``), and the decoder runs on that.

Each utterance is its own ``generate`` call (features in: CTranslate2 encodes
and decodes it on one of its workers), and the calls of a batch are in flight
together, one worker each. The decoder's per-token step is small matrix
products, which a second thread slows down rather than speeds up: on a 20 s
window, 9.8 ms a token with 2 threads, 5.3 ms with 1, and three windows in one
batched call 22.5 ms a step (Intel Xeon with AMX, base int8). Eight 20 s
windows took 5.6 s one after another on 2 threads, 2.3 s on two 1-thread
workers side by side. An utterance's text also no longer depends on what it
was batched with (a batch padded each encoder input to the longest).

The decoding rules are Whisper's (and faster-whisper's): greedy or beam search
first, and another try when the text loops (compression ratio) or is unlikely
(average log-probability), unless the window looks silent (no-speech
probability). Whisper's tries sample at rising temperatures; here they are beam
searches, because CTranslate2's sampling cannot be seeded per call: its random
generator is per thread and seeded once, at the thread's first sample, so a
sampled retry depended on everything sampled before it in the process (one
Swedish call's words changed with the calls decoded before it, and turned an
answer into a false repeated request). A beam search gives the same text for
the same audio, always.
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.config import TranscriptionOptions
from assistant.timebase import SAMPLE_RATE

HOP = 160  # samples per mel frame (10 ms)
_RETRY_WINDOW_S = 12.0  # the first, cheaper retry of an utterance Whisper said again
FULL_FRAMES = 3000  # Whisper's 30 s window


@dataclass(frozen=True)
class ShortWindow:
    """How much silence an utterance is encoded with.

    ``pad_s`` after the speech, and never less than ``min_window_s`` in all.
    Measured on the real clips in ``../shared/data`` with base (benchmarks/wer.py
    --pad): see ``assistant.config.TranscriptionOptions`` for the chosen values.
    ``None`` (``full``) is Whisper's own 30 s window.
    """

    pad_s: float
    min_window_s: float

    def frames(self, samples: int) -> int:
        speech = -(-samples // HOP)
        frames = max(speech + round(self.pad_s * 100), round(self.min_window_s * 100))
        frames += frames % 2  # the encoder halves the frame rate
        return min(frames, FULL_FRAMES) if speech <= FULL_FRAMES else speech + speech % 2


@dataclass(frozen=True)
class Request:
    """One utterance to decode; ``prefix`` is text already known to open the audio."""

    audio: np.ndarray  # float32, 16 kHz
    prefix: str | None = None
    timestamps: bool = False  # pieces with their times (packed windows), no prefix then


@dataclass(frozen=True)
class Decoded:
    text: str  # without the prefix
    avg_logprob: float
    no_speech_prob: float
    compression_ratio: float
    temperature: float
    tokens: int
    language: str
    # With timestamps: (start s, end s, text) of each piece, in the window's time.
    pieces: tuple[tuple[float, float, str], ...] = ()


def compression_ratio(text: str) -> float:
    """How well the text compresses: loops ("the the the ...") compress far better (> 2.4)."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


class ShortWindowDecoder:
    """Encodes and decodes utterances on a loaded faster-whisper ``WhisperModel``.

    Uses only the model's public parts: its feature extractor, its tokenizer
    and the CTranslate2 ``Whisper`` model it wraps (``encode``, ``generate``,
    ``detect_language``).
    """

    def __init__(self, model: Any, options: TranscriptionOptions, window: ShortWindow | None,
                 retry_beam: int = 5) -> None:
        from faster_whisper.tokenizer import Tokenizer

        self._model = model
        self._ct2 = model.model
        self.options = options
        self.window = window
        self.retry_beam = retry_beam
        self._tokenizers: dict[str | None, Tokenizer] = {}
        self._make_tokenizer = Tokenizer
        self.multilingual = bool(model.model.is_multilingual)
        self.encoded_frames = 0  # mel frames through the encoder (cost accounting)
        self.window_retries = 0  # utterances decoded again in the full window

    # -- features and encoder ---------------------------------------------------------

    def features(self, audio: np.ndarray, window: ShortWindow | None) -> np.ndarray:
        """Log-mel features, padded as faster-whisper does (zeros after the speech)."""
        mel = self._model.feature_extractor(audio)[:, :-1]  # last frame is the STFT's pad
        frames = FULL_FRAMES if window is None else window.frames(len(audio))
        if mel.shape[1] >= frames:
            return np.ascontiguousarray(mel[:, :frames], dtype=np.float32)
        out = np.zeros((mel.shape[0], frames), dtype=np.float32)
        out[:, : mel.shape[1]] = mel
        return out

    def _view(self, features: np.ndarray) -> Any:
        """A batch of one for CTranslate2 (it reads the array in place: keep it alive)."""
        import ctranslate2

        return ctranslate2.StorageView.from_array(features[None])

    # -- language --------------------------------------------------------------------

    def detect_language(self, audio: np.ndarray) -> tuple[str, float]:
        """On the full 30 s window: done once per call, and short windows judge worse."""
        features = self.features(audio[: 30 * SAMPLE_RATE], None)
        self.encoded_frames += features.shape[1]
        token, probability = self._ct2.detect_language(self._view(features))[0][0]
        return token[2:-2], float(probability)

    # -- decoding ------------------------------------------------------------------

    def _tokenizer(self, language: str | None) -> Any:
        if language not in self._tokenizers:
            self._tokenizers[language] = self._make_tokenizer(
                self._model.hf_tokenizer, self._model.model.is_multilingual, task="transcribe",
                language=language or "en")
        return self._tokenizers[language]

    def _prompt(self, tokenizer: Any, request: Request) -> list[int]:
        if request.timestamps:
            return list(tokenizer.sot_sequence)
        prompt = [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        if request.prefix and request.prefix.strip():
            limit = self._model.max_length // 2 - 1
            prompt += tokenizer.encode(" " + request.prefix.strip())[:limit]
        return prompt

    def decode(self, requests: Sequence[Request], language: str | None,
               window: ShortWindow | str | None = "default",
               temperatures: Sequence[float] | None = None,
               widen: bool = True) -> list[Decoded]:
        """Text of each request; all of them through the encoder and decoder together.

        In a short window Whisper sometimes says a sentence again and again ("She saw
        a cat in the neighbor's house. She saw a cat in the neighbor's house. ...",
        2.6 s of speech with a 1 s pad); those are decoded again in a longer window
        (12 s: none of the 75 utterances of the public scenarios looped from 8 s up),
        then in the full one, where a sentence really said twice stays twice.
        ``widen`` False: no such retry (provisional text, or a recogniser behind).
        """
        if not requests:
            return []
        chosen = self.window if window == "default" else window
        assert chosen is None or isinstance(chosen, ShortWindow)
        steps = tuple(temperatures or self.options.temperatures or (0.0,))
        decoded = self._decode(requests, language, chosen, steps)
        ladder: list[ShortWindow | None] = []
        if chosen is not None and widen:
            longer = dataclasses.replace(chosen, min_window_s=_RETRY_WINDOW_S)
            ladder = [longer, None] if longer.min_window_s > chosen.min_window_s else [None]
        for wider in ladder:
            # Whisper's full window costs 1.9 CPU-s an utterance: only a loop goes that
            # far; text that is merely unlikely gets the 12 s window (Danish, mostly
            # unlikely to base, had a final transcript 6.9 s after speech as if live).
            looping = [i for i, d in enumerate(decoded)
                       if (self._doubtful(d, requests[i]) if wider is not None
                           else self._loops(d))]
            if not looping:
                break
            self.window_retries += len(looping)
            again = self._decode([requests[i] for i in looping], language, wider, steps)
            for i, d in zip(looping, again, strict=True):
                decoded[i] = _wider_kept(decoded[i], d)
        return decoded

    def _decode(self, requests: Sequence[Request], language: str | None,
                chosen: ShortWindow | None, temperatures: tuple[float, ...]) -> list[Decoded]:
        features = [self.features(r.audio, chosen) for r in requests]
        # No language yet (auto, before the call's language is fixed): each utterance's own.
        languages = [language] * len(requests) if language or not self.multilingual \
            else [self._ct2.detect_language(self._view(f))[0][0][0][2:-2] for f in features]
        tokenizer = self._tokenizer(languages[0])
        prompts = [self._prompt(self._tokenizer(lang), r)
                   for r, lang in zip(requests, languages, strict=True)]
        budgets = [self._token_budget(r.audio) for r in requests]
        results = self._generate(features, prompts, budgets, tokenizer)
        decoded: list[Decoded] = [
            self._judge(r, t, temperatures[0], tokenizer, lang)
            for r, t, lang in zip(results, prompts, languages, strict=True)]
        # One retry at most: a beam search tried again gives the same text again.
        retry = [i for i, d in enumerate(decoded) if self._needs_retry(d)]
        if len(temperatures) > 1 and retry:
            temperature = temperatures[1]  # only labels the text as retried
            again = self._generate([features[i] for i in retry], [prompts[i] for i in retry],
                                   [budgets[i] for i in retry], tokenizer, retry=True)
            for i, result in zip(retry, again, strict=True):
                candidate = self._judge(result, prompts[i], temperature, tokenizer,
                                        languages[i])
                decoded[i] = candidate if not self._needs_retry(candidate) else _better(
                    decoded[i], candidate, self.options.compression_ratio_threshold)
        return decoded

    def _generate(self, features: list[np.ndarray], prompts: list[list[int]],
                  budgets: list[int], tokenizer: Any, retry: bool = False) -> list[Any]:
        """One ``generate`` call per utterance, all in flight at once (one per worker)."""
        o = self.options
        # A retry (Whisper's next temperature) is a wider beam search that may not say any
        # four words twice: what it is for is mostly a loop.
        sampling: dict[str, Any] = (
            {"beam_size": max(self.retry_beam, o.beam_size), "no_repeat_ngram_size": 4}
            if retry else {"beam_size": o.beam_size})
        from faster_whisper.transcribe import get_suppressed_tokens

        suppressed = list(get_suppressed_tokens(tokenizer, [-1]) or [])
        pending = []
        for f, prompt, budget in zip(features, prompts, budgets, strict=True):
            self.encoded_frames += f.shape[1]
            (job,) = self._ct2.generate(
                self._view(f), [prompt],
                max_length=min(self._model.max_length, len(prompt) + budget),
                return_scores=True, return_no_speech_prob=True, suppress_blank=True,
                suppress_tokens=suppressed, asynchronous=True, **sampling)
            pending.append(job)
        return [job.result() for job in pending]  # ``features`` stay referenced till here

    def _judge(self, result: Any, prompt: list[int], temperature: float,
               tokenizer: Any, language: str | None) -> Decoded:
        tokens = list(result.sequences_ids[0])
        pieces: tuple[tuple[float, float, str], ...] = ()
        if tokenizer.no_timestamps in prompt:
            # The result opens with the forced prefix (the prompt after <|notimestamps|>).
            forced = prompt[prompt.index(tokenizer.no_timestamps) + 1 :]
            if forced and tokens[: len(forced)] == forced:
                tokens = tokens[len(forced) :]
        else:
            pieces = _pieces(tokens, tokenizer)
        scored = len(tokens)
        tokens = [t for t in tokens if t < tokenizer.eot]
        text = tokenizer.decode(tokens).strip()
        return Decoded(text, float(result.scores[0]) * scored / (scored + 1),
                       float(result.no_speech_prob), compression_ratio(text), temperature,
                       len(tokens), language or "en", pieces)

    def _doubtful(self, d: Decoded, request: Request) -> bool:
        """Worth a wider window: said again, or unlikely where it is not silence.

        The demo call's "like I just said, ..." over the agent's voice came back from
        a short window as "I just" (log-probability -2.0) and right from a wider one; its
        "I would like a refund, please" as "I will die curry food please" (-0.86) from
        6 s and right from 12 s (-0.39).
        """
        o = self.options
        silent = d.no_speech_prob > o.no_speech_threshold
        short = len(request.audio) < o.widen_below_speech_s * SAMPLE_RATE
        return says_again(d.text) or (d.avg_logprob < o.widen_below_logprob and short
                                      and not silent)

    def _loops(self, d: Decoded) -> bool:
        return says_again(d.text)

    def _needs_retry(self, d: Decoded) -> bool:
        o = self.options
        if d.no_speech_prob > o.no_speech_threshold and d.avg_logprob < o.log_prob_threshold:
            return False  # a silent window: Whisper's rule is to skip it, not retry
        return d.compression_ratio > o.compression_ratio_threshold \
            or d.avg_logprob < o.log_prob_threshold

    def _token_budget(self, audio: np.ndarray) -> int:
        """Room for fast speech, but not for a runaway loop (which costs seconds live)."""
        return min(440, int(24 + self.options.max_tokens_per_second * len(audio) / SAMPLE_RATE))


def _pieces(tokens: list[int], tokenizer: Any) -> tuple[tuple[float, float, str], ...]:
    """Text between timestamp tokens (<|1.20|> words <|3.40|>), with its times."""
    begin = tokenizer.timestamp_begin
    out: list[tuple[float, float, str]] = []
    start: float | None = None
    words: list[int] = []
    last = 0.0
    for token in tokens:
        if token >= begin:
            last = (token - begin) * 0.02  # Whisper's timestamp step
            if words:
                out.append((start if start is not None else 0.0, last,
                            tokenizer.decode(words).strip()))
                words, start = [], None
            else:
                start = last
        elif token < tokenizer.eot:
            words.append(token)
    if words:  # no closing timestamp: the window ran out
        out.append((start if start is not None else last, -1.0, tokenizer.decode(words).strip()))
    return tuple(piece for piece in out if piece[2])


_WORDS = re.compile(r"\w+")


def says_again(text: str, min_words: int = 3, max_words: int = 16) -> bool:
    """Whether a run of ``min_words`` to ``max_words`` words follows itself ("a b c a b c").

    Sentences Whisper loops on are short; the bound keeps this a few thousand steps
    (it runs on the recogniser's thread, holding the GIL the capture callbacks need).
    """
    words = [w.lower() for w in _WORDS.findall(text)]
    n = len(words)
    for size in range(min_words, min(max_words, n // 2) + 1):
        for start in range(n - 2 * size + 1):
            if words[start] == words[start + size] and \
                    words[start : start + size] == words[start + size : start + 2 * size]:
                return True
    return False


def _wider_kept(narrow: Decoded, wide: Decoded) -> Decoded:
    """The wider window's text unless it is less likely; a loop always loses."""
    narrow_loops, wide_loops = says_again(narrow.text), says_again(wide.text)
    if narrow_loops != wide_loops:
        return narrow if wide_loops else wide
    return wide if wide.avg_logprob >= narrow.avg_logprob else narrow


def _better(old: Decoded, new: Decoded, max_ratio: float) -> Decoded:
    """The retry wins unless it loops where the first did not, or is less likely."""
    if new.compression_ratio > max_ratio >= old.compression_ratio:
        return old
    if old.compression_ratio > max_ratio >= new.compression_ratio:
        return new
    return new if new.avg_logprob >= old.avg_logprob else old
