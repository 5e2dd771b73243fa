"""Windows decoded side by side give what each gives on its own, in the right window."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.analysis.textnorm import normalize
from assistant.timebase import SAMPLE_RATE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def windows(shared_dir) -> list[np.ndarray]:
    from faster_whisper import decode_audio

    data = shared_dir / "data"
    jfk = decode_audio(str(data / "faster-whisper" / "jfk.flac"), SAMPLE_RATE)
    left, _ = decode_audio(str(data / "faster-whisper" / "stereo_diarization.wav"),
                           SAMPLE_RATE, split_stereo=True)
    assert len(jfk) < 30 * SAMPLE_RATE and len(left) < 30 * SAMPLE_RATE
    return [jfk.astype(np.float32), left.astype(np.float32)]


def words(pieces) -> str:
    return " ".join(normalize(" ".join(p.text for p in pieces), "en"))


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_batch_matches_one_window_at_a_time(base_recognizer, windows, order):
    audios = [windows[i] for i in order]
    together = base_recognizer.transcribe_timed_batch(audios, "en")
    alone = [base_recognizer.transcribe_timed(a, "en") for a in audios]
    assert len(together) == len(audios)
    for audio, batch, single in zip(audios, together, alone, strict=True):
        assert batch and words(batch) == words(single)
        # Times are within their own window, not the concatenation the batch decoded.
        assert all(0 <= p.start < p.end <= len(audio) / SAMPLE_RATE + 0.5 for p in batch)
    assert "ask not what your country" in words(together[order.index(0)])


def test_a_retry_gives_the_same_text_whatever_was_decoded_before(base_model_dir, shared_dir,
                                                                  windows):
    """CTranslate2 seeds its sampler once per thread, so a sampled retry depended on all
    that was sampled before it; the retries are beam searches now, and repeatable."""
    from faster_whisper import decode_audio

    from assistant.asr.whisper import WhisperRecognizer
    from assistant.config import TranscriptionOptions

    # A bar no text reaches: every decode is retried.
    options = TranscriptionOptions(language="da", log_prob_threshold=0.5,
                                   temperatures=(0.0, 0.5))
    recognizer = WhisperRecognizer(base_model_dir, options)
    clip = decode_audio(str(shared_dir / "data" / "danspeech-nst-da" / "u0042011.wav"),
                        SAMPLE_RATE).astype(np.float32)
    first = recognizer.transcribe(clip, "da")
    for audio in windows:  # other calls in between
        recognizer.transcribe(audio, "en")
    again = recognizer.transcribe(clip, "da")
    assert first.text and (again.text, again.avg_logprob) == (first.text, first.avg_logprob)


def test_an_utterance_decodes_the_same_whatever_it_is_batched_with(base_recognizer, windows):
    """Live, both parties' utterances are decoded together when both wait; which ones
    wait together depends on timing, so the words must not depend on the company."""
    from assistant.asr.decoder import Request

    short = windows[0][: 4 * SAMPLE_RATE]  # "And so, my fellow Americans" (4 s)
    alone = base_recognizer.transcribe_many([Request(short)], "en")[0]
    for company in ([windows[1]], [windows[1], windows[0]]):
        together = base_recognizer.transcribe_many([Request(a) for a in (*company, short)],
                                                   "en")[-1]
        assert (together.text, together.avg_logprob) == (alone.text, alone.avg_logprob)
    assert "fellow americans" in " ".join(normalize(alone.text, "en"))
