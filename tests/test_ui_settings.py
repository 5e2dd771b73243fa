"""The app's settings file: defaults, round trip, validation, and what a bad file does."""

from __future__ import annotations

import json

import pytest

from assistant import settings as io
from assistant.errors import InputError
from assistant.settings import AppSettings, DeviceRef


def test_missing_file_gives_defaults(tmp_path):
    settings, problems = io.load(tmp_path / "nope.json")
    assert settings == AppSettings()
    assert problems == []
    assert not settings.first_run_done


def test_round_trip_keeps_devices_by_name_and_unknown_keys(tmp_path):
    path = tmp_path / "deep" / "settings.json"
    original = AppSettings(
        agent_device=DeviceRef("Jabra Evolve2 65", "PulseAudio"),
        customer_device=DeviceRef("Monitor of Jabra Evolve2 65"), language="sv",
        min_overlap_s=1.5, show_repeat=False, keep_audio=False, data_dir=str(tmp_path / "d"),
        theme="light", first_run_done=True, extra={"window": {"x": 3}})
    io.save(original, path)
    raw = json.loads(path.read_text())
    assert raw["agent_device"] == {"name": "Jabra Evolve2 65", "host_api": "PulseAudio"}
    assert "index" not in json.dumps(raw)  # never a device index
    assert raw["window"] == {"x": 3}
    loaded, problems = io.load(path)
    assert problems == []
    assert loaded == original
    assert loaded.extra == {"window": {"x": 3}}
    assert not list(path.parent.glob(".settings-*"))  # the temporary file is gone


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", ""])
def test_unreadable_file_gives_defaults_and_says_so(tmp_path, text):
    path = tmp_path / "settings.json"
    path.write_text(text)
    settings, problems = io.load(path)
    assert settings == AppSettings()
    assert len(problems) == 1 and str(path) in problems[0]


def test_bad_values_are_reset_one_by_one(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "language": "english!", "min_overlap_s": 99, "theme": "pink", "keep_audio": "yes",
        "show_talkover": False, "agent_device": 7, "customer_device": "USB Audio",
        "input_mode": "three", "agent_channel": "middle", "model": "tiny.en",
    }))
    settings, problems = io.load(path)
    assert settings.language == "auto"
    assert settings.min_overlap_s == AppSettings.min_overlap_s
    assert settings.theme == "system"
    assert settings.keep_audio is True  # a string is not a bool
    assert settings.show_talkover is False  # valid values survive
    assert settings.model == "tiny.en"
    assert settings.agent_device is None
    assert settings.customer_device == DeviceRef("USB Audio")  # a bare name is accepted
    assert settings.input_mode == "two_devices" and settings.agent_channel == "left"
    joined = " ".join(problems)
    for key in ("language", "min_overlap_s", "theme", "keep_audio", "agent_device",
                "input_mode", "agent_channel"):
        assert key in joined


def test_bool_is_not_a_number(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"min_overlap_s": True}))
    settings, problems = io.load(path)
    assert settings.min_overlap_s == AppSettings.min_overlap_s and problems


def test_engine_config_carries_sensitivity_and_language():
    config = AppSettings(min_overlap_s=0.7, language="da").engine_config()
    assert config.talkover.min_overlap_s == 0.7
    assert config.transcription.language == "da"
    assert AppSettings().engine_config().transcription.language is None  # auto: detect
    with pytest.raises(InputError):
        AppSettings(language="xx").engine_config()


def test_paths_default_and_chosen(tmp_path):
    chosen = AppSettings(data_dir=str(tmp_path / "calls"), models_dir=str(tmp_path / "m"))
    assert chosen.data_path() == tmp_path / "calls"
    assert chosen.models_path() == tmp_path / "m"
    assert AppSettings().data_path().name == "calls"
    assert io.default_path().name == "settings.json"
