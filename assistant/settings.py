"""The desktop app's settings: a plain dataclass, saved as JSON in the user config dir.

Qt-free so it can be tested headless and read by other tools. The app loads
one ``AppSettings`` at start-up and passes it down; nothing reads it from a
global. Devices are remembered by name (and host API), never by index: an
index changes whenever a headset is plugged in.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.asr.models import DEFAULT_MODEL
from assistant.capture.devices import DeviceRef
from assistant.config import EngineConfig, TalkOverConfig
from assistant.errors import InputError
from assistant.i18n.languages import SYSTEM, UI_LANGUAGES, resolve
from assistant.store.types import clean_name

SETTINGS_VERSION = 1
THEMES = ("system", "dark", "light")
INPUT_MODES = ("two_devices", "stereo_device")
MIN_OVERLAP_RANGE = (0.2, 5.0)  # seconds, as `--min-overlap` on the command line


@dataclass(frozen=True)
class AppSettings:
    # How the two sides of the call reach the app: the agent's microphone and the
    # customer's audio (a monitor/loopback of the output) as two devices, or one stereo
    # call-recording adapter with one party per channel.
    input_mode: str = "two_devices"
    agent_device: DeviceRef | None = None
    customer_device: DeviceRef | None = None
    agent_channel: str = "left"  # for a stereo device
    language: str = "auto"
    model: str = DEFAULT_MODEL  # a name under the models folder, or a model folder
    models_dir: str | None = None  # None: the default models folder
    min_overlap_s: float = TalkOverConfig.min_overlap_s
    show_talkover: bool = True
    show_repeat: bool = True
    keep_audio: bool = True
    # Personal data redaction (assistant/privacy): "all", "none" or a comma list of
    # categories; and whether the stored recording keeps redacted words audible.
    redact: str = "all"
    keep_unredacted_audio: bool = False
    data_dir: str | None = None  # None: the default call library folder
    theme: str = "system"
    agent_name: str = ""  # who takes the calls: stored on each live call, for team figures
    # The language of the window and the live prompts ("system": the computer's locale),
    # and of reviews and exports ("ui": the window's).
    ui_language: str = "system"
    report_language: str = "ui"
    first_run_done: bool = False
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # unknown keys, kept

    def validated(self) -> tuple[AppSettings, list[str]]:
        """A copy with every out-of-range value reset to its default, and what was reset."""
        problems: list[str] = []
        fixes: dict[str, Any] = {}
        default = AppSettings()

        def reset(name: str, why: str) -> None:
            problems.append(f"{name}: {why}; using {getattr(default, name)!r}")
            fixes[name] = getattr(default, name)

        if self.input_mode not in INPUT_MODES:
            reset("input_mode", f"unknown input mode {self.input_mode!r}")
        if self.agent_channel not in ("left", "right"):
            reset("agent_channel", "must be left or right")
        if not isinstance(self.language, str) or not _language_ok(self.language):
            reset("language", f"unknown language {self.language!r}")
        if not isinstance(self.model, str) or not self.model.strip():
            reset("model", "empty")
        low, high = MIN_OVERLAP_RANGE
        if not isinstance(self.min_overlap_s, int | float) or not low <= self.min_overlap_s <= high:
            reset("min_overlap_s", f"must be between {low} and {high} seconds")
        if not isinstance(self.redact, str) or not _redact_ok(self.redact):
            reset("redact", f"unknown redaction categories {self.redact!r}")
        if self.theme not in THEMES:
            reset("theme", f"must be one of {', '.join(THEMES)}")
        try:
            fixes.setdefault("agent_name", clean_name(self.agent_name) or "")
        except InputError as exc:
            reset("agent_name", str(exc))
        if self.ui_language not in (SYSTEM, *UI_LANGUAGES):
            reset("ui_language", f"must be one of {SYSTEM}, {', '.join(UI_LANGUAGES)}")
        if self.report_language not in ("ui", *UI_LANGUAGES):
            reset("report_language", f"must be one of ui, {', '.join(UI_LANGUAGES)}")
        return dataclasses.replace(self, **fixes), problems

    def engine_config(self, base: EngineConfig | None = None) -> EngineConfig:
        """The engine settings these app settings stand for."""
        from assistant.engine.configure import build_engine_config, redaction_config

        # Checked by ``validated`` (a bad value was reset to "all" when the file was read).
        return build_engine_config(
            self.language, self.min_overlap_s, base=base,
            privacy=redaction_config(self.redact, self.keep_unredacted_audio))

    def ui_language_code(self, system_locale: str) -> str:
        """The window's language: the setting, or the system locale's when it says so."""
        return resolve(self.ui_language, system_locale)

    def report_language_code(self, system_locale: str) -> str:
        """The language reviews and exports are written in."""
        if self.report_language in UI_LANGUAGES:
            return self.report_language
        return self.ui_language_code(system_locale)

    def models_path(self) -> Path:
        from assistant.paths import default_models_dir

        return Path(self.models_dir).expanduser() if self.models_dir else default_models_dir()

    def data_path(self) -> Path:
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        from assistant.paths import user_data_dir

        return user_data_dir() / "calls"


def _redact_ok(text: str) -> bool:
    from assistant.privacy import parse_categories

    try:
        parse_categories(text)
    except ValueError:
        return False
    return True


def _language_ok(code: str) -> bool:
    # Whisper's codes are two or three lowercase letters ("en", "haw"); checked against
    # the model's list when a call starts, so loading settings never imports Whisper.
    return code == "auto" or (code.isalpha() and code.islower() and 2 <= len(code) <= 3)


def default_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path("listening-assistant", appauthor=False) / "settings.json"


_FIELDS = {f.name: f for f in dataclasses.fields(AppSettings) if f.name != "extra"}
_TYPES: dict[str, tuple[type, ...]] = {
    "input_mode": (str,), "agent_channel": (str,), "language": (str,), "model": (str,),
    "models_dir": (str, type(None)), "min_overlap_s": (int, float), "show_talkover": (bool,),
    "show_repeat": (bool,), "keep_audio": (bool,), "redact": (str,),
    "keep_unredacted_audio": (bool,), "data_dir": (str, type(None)),
    "theme": (str,), "agent_name": (str,), "first_run_done": (bool,), "ui_language": (str,),
    "report_language": (str,),
}


def _device(raw: object) -> DeviceRef | None:
    if isinstance(raw, dict) and isinstance(raw.get("name"), str) and raw["name"]:
        host = raw.get("host_api")
        return DeviceRef(raw["name"], host if isinstance(host, str) else "")
    if isinstance(raw, str) and raw:  # a bare name
        return DeviceRef(raw)
    return None


def from_dict(raw: dict[str, Any]) -> tuple[AppSettings, list[str]]:
    """Settings from parsed JSON; wrong types fall back to defaults, with a note each."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    extra = {}
    for key, value in raw.items():
        if key in ("agent_device", "customer_device"):
            values[key] = _device(value)
            if value is not None and values[key] is None:
                problems.append(f"{key}: not a device name; forgotten")
        elif key in _TYPES:
            wanted = _TYPES[key]
            bad_bool = isinstance(value, bool) and bool not in wanted
            if isinstance(value, wanted) and not bad_bool:
                values[key] = value
            else:
                problems.append(f"{key}: {value!r} has the wrong type; using the default")
        elif key != "version":
            extra[key] = value
    settings, more = AppSettings(**values, extra=extra).validated()
    return settings, problems + more


def to_dict(settings: AppSettings) -> dict[str, Any]:
    out: dict[str, Any] = {"version": SETTINGS_VERSION, **settings.extra}
    for name in _FIELDS:
        value = getattr(settings, name)
        out[name] = dataclasses.asdict(value) if isinstance(value, DeviceRef) else value
    return out


def load(path: Path) -> tuple[AppSettings, list[str]]:
    """Settings from ``path``; defaults when it does not exist or cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return AppSettings(), []
    except OSError as exc:
        return AppSettings(), [f"cannot read {path}: {exc.strerror or exc}; using defaults"]
    try:
        raw = json.loads(text)
    except ValueError as exc:
        return AppSettings(), [f"{path} is not valid JSON ({exc}); using defaults"]
    if not isinstance(raw, dict):
        return AppSettings(), [f"{path} does not hold a settings object; using defaults"]
    return from_dict(raw)


def save(settings: AppSettings, path: Path) -> None:
    """Write atomically: a crash mid-write leaves the previous settings intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_dict(settings), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
