"""Redaction where it meets the library and the settings: the stored recording is muted
over redacted utterances (unless the user keeps unredacted audio), and the options are
checked like every other setting."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np
import pytest

from assistant.privacy import CATEGORIES
from assistant.records import AudioBlock, Span, Speaker, Utterance
from assistant.settings import AppSettings, from_dict, to_dict
from assistant.store import CallStore, NewCall
from tests import pulse
from tests.cli_helpers import assert_one_clean_error, run_cli
from tests.privacy_scenarios import render

S = 16_000


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> np.ndarray:
    """Real (espeak) speech on both channels, (n, 2) int16."""
    rendered = render("en", tmp_path_factory.mktemp("speech"))
    pcm, _ = pulse.read_wav(rendered.wav)
    return np.ascontiguousarray(pcm[: 8 * S])


def record(tmp_path, speech: np.ndarray, mute: bool) -> np.ndarray:
    with CallStore(tmp_path / "data") as store:
        call = NewCall(source="live", title="Call", started_at=datetime.now(timezone.utc),
                       language="en", model="base", mute_redacted=mute)
        with store.start_call(call) as rec:
            rec.write_audio(AudioBlock(0, speech[: 4 * S]))
            rec.record(Utterance(0, Speaker.CUSTOMER, Span(S, 2 * S), "It is [card number].",
                                 "en", 2 * S))
            rec.record(Utterance(1, Speaker.CUSTOMER, Span(2 * S, 3 * S), "Thank you.", "en",
                                 3 * S))
            # Redacted before its audio is all written (the device lags): muted on arrival.
            rec.record(Utterance(2, Speaker.CUSTOMER, Span(int(3.5 * S), 5 * S),
                                 "[e-mail address]", "en", 5 * S))
            rec.write_audio(AudioBlock(4 * S, speech[4 * S:]))
            audio = rec.audio_path
        assert audio is not None
        recorded, _ = pulse.read_wav(audio)
    return recorded


def test_redacted_utterances_are_muted_in_the_stored_audio(tmp_path, speech) -> None:
    recorded = record(tmp_path, speech, mute=True)
    assert len(recorded) == len(speech)
    for start, end in ((S, 2 * S), (int(3.5 * S), 5 * S)):
        assert not np.any(recorded[start:end])  # both channels: each echoes the other
    kept = np.r_[0:S, 2 * S:int(3.5 * S), 5 * S:len(speech)]
    assert np.array_equal(recorded[kept], speech[kept])


def test_unredacted_audio_is_kept_only_when_asked(tmp_path, speech) -> None:
    recorded = record(tmp_path, speech, mute=False)
    assert np.array_equal(recorded, speech)


def test_redaction_settings_round_trip_and_bad_values_fall_back() -> None:
    assert AppSettings().redact == "all" and not AppSettings().keep_unredacted_audio
    settings, problems = from_dict({"redact": "card,email", "keep_unredacted_audio": True})
    assert not problems
    config = settings.engine_config().privacy
    assert config.categories == {"card", "email"} and config.keep_unredacted_audio
    assert from_dict(to_dict(settings))[0] == settings
    settings, problems = from_dict({"redact": "card,passport"})
    assert settings.redact == "all" and "passport" in problems[0]
    off = from_dict({"redact": "none"})[0].engine_config().privacy
    assert not off.enabled
    assert set(AppSettings().engine_config().privacy.categories) == set(CATEGORIES)


def test_unknown_redaction_category_is_one_clean_error(tmp_path) -> None:
    proc = run_cli("transcribe", str(tmp_path / "missing.wav"), "--redact", "card,passport",
                   "--no-store")
    assert_one_clean_error(proc, "--redact", "passport")


def test_a_reviewers_correction_is_redacted_too(tmp_path) -> None:
    with CallStore(tmp_path / "data") as store:
        call = NewCall(source="live", title="Call", started_at=datetime.now(timezone.utc),
                       language="sv", model="base")
        with store.start_call(call) as rec:
            rec.record(Utterance(0, Speaker.CUSTOMER, Span(0, S), "Fyra fem tre nio mott",
                                 "sv", S))
        assert store.set_correction(rec.call_id, 0, "Fyra fem tre nio, ett fyra åtta åtta, "
                                    "noll tre fyra tre, sex fyra sex sju")
        assert store.corrections(rec.call_id)[0][1] == "[card number]"
        assert [c.id for c in store.search("card number")] == [rec.call_id]  # the tag
        assert store.search("sex sju") == []
    for db in (tmp_path / "data").glob("calls.sqlite3*"):  # the WAL too
        assert b"fyra sex sju" not in db.read_bytes().lower()
