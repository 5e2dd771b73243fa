"""Acoustic evidence of a repeat: real synthesized speech, and the detector's use of it."""

from __future__ import annotations

import itertools
import shutil
import subprocess

import numpy as np
import pytest

from assistant.analysis.acoustic import longest_shared_stretch, spoken_frames
from assistant.analysis.repeat import RepeatDetector
from assistant.config import RepeatConfig
from assistant.records import Span, Speaker, Utterance
from assistant.scenarios.dsp import resample

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")


def speak(text: str, voice: str = "sv+f2") -> np.ndarray:
    wav = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text],
                         capture_output=True, check=True).stdout
    pcm = np.frombuffer(wav[44:], dtype=np.int16).astype(np.float32) / 32768.0
    return resample(pcm, 22050, 16000).astype(np.float32)


def noisy(audio: np.ndarray, snr_db: float = 20.0, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    power = float(np.mean(audio**2))
    return audio + rng.normal(0, np.sqrt(power / 10 ** (snr_db / 10)), len(audio)).astype(
        np.float32)


def test_the_same_phrase_in_other_sentences_is_found() -> None:
    first = spoken_frames(speak("Hej, jag vill säga upp mitt abonnemang."))
    again = spoken_frames(noisy(speak("Nej tack. Jag vill bara säga upp abonnemanget nu.")))
    other = spoken_frames(speak("Mitt internet fungerar inte sedan i måndags."))
    assert longest_shared_stretch(again, first) >= 0.6
    assert longest_shared_stretch(other, first) < 0.5


def test_silence_never_matches_silence() -> None:
    quiet = np.zeros(16000 * 2, dtype=np.float32)
    a = spoken_frames(np.concatenate([quiet, speak("Jag vill ha pengarna tillbaka."), quiet]))
    b = spoken_frames(np.concatenate([quiet, speak("Det regnar i Uppsala idag."), quiet]))
    assert longest_shared_stretch(a, b) < 0.5


def _utterance(uid: int, speaker: Speaker, start_s: float, text: str) -> Utterance:
    start = int(start_s * 16000)
    span = Span(start, start + 32000)
    return Utterance(uid, speaker, span, text, "sv", final_at=span.end + 8000)


def _detector() -> RepeatDetector:
    return RepeatDetector(RepeatConfig(), itertools.count(), "sv")


@pytest.mark.parametrize(("heard", "repeat"), [
    ("Jön hon sagt att jag vill hoppa.", True),  # still reads as a request: "jag vill"
    ("Jön hon är en sak att hoppa.", False),  # reads as nothing asked: the voice alone won't do
])
def test_garbled_words_but_the_same_audio_is_a_repeat_when_it_still_asks(
    heard: str, repeat: bool
) -> None:
    """Whisper garbled the key words the second time; the audio says it was the same request.
    But the same voice saying an answer sounds alike too: what is heard must still ask."""
    request = speak("Jag vill ha pengarna tillbaka för mina hörlurar.")
    again = noisy(speak("Jag har redan sagt att jag vill ha pengarna tillbaka."))
    det = _detector()
    det.feed(_utterance(0, Speaker.AGENT, 0.0, "Hej, vad kan jag hjälpa till med?"))
    assert det.feed(_utterance(1, Speaker.CUSTOMER, 3.0, "Jag vill ha pengarna tillbaka."),
                    spoken_frames(request)) == []
    det.feed(_utterance(2, Speaker.AGENT, 6.0, "Har du testat att ladda dem?"))
    events = det.feed(_utterance(3, Speaker.CUSTOMER, 9.0, heard), spoken_frames(again))
    if repeat:
        assert len(events) == 1 and events[0].repeats == (1,) and events[0].count == 2
    else:
        assert events == []


def test_a_number_read_back_is_not_a_repeat_even_when_the_ask_was_garbled() -> None:
    number = speak("Mitt kundnummer är fyra sju ett två.")
    det = _detector()
    det.feed(_utterance(0, Speaker.AGENT, 0.0, "Vad är ditt kundnummer?"))
    det.feed(_utterance(1, Speaker.CUSTOMER, 3.0, "Mitt kundnummer är 4712."),
             spoken_frames(number))
    det.feed(_utterance(2, Speaker.AGENT, 6.0, "Förlåt, hon bar?"))  # the ask, garbled
    events = det.feed(_utterance(3, Speaker.CUSTOMER, 9.0, "4 7 1 2"),
                      spoken_frames(noisy(speak("Fyra sju ett två."))))
    assert events == []


def test_sounding_alike_without_a_request_on_either_side_stays_silent() -> None:
    said = speak("Det är på Storgatan fem i Uppsala.")
    det = _detector()
    det.feed(_utterance(0, Speaker.AGENT, 0.0, "Vilken adress gäller det?"))
    det.feed(_utterance(1, Speaker.CUSTOMER, 3.0, "Det är på storgatan i Uppsala."),
             spoken_frames(said))
    det.feed(_utterance(2, Speaker.AGENT, 6.0, "Kärlek, stava det?"))
    events = det.feed(_utterance(3, Speaker.CUSTOMER, 9.0, "Det är storken fem uppsala."),
                      spoken_frames(noisy(said)))
    assert events == []
