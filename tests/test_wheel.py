"""The package as a user gets it from pip: build the wheel, install it into a fresh
virtualenv (no checkout beside it), give it the models from this checkout without a second
download, and run the demo and a transcription whose review finds its listening cues.

Dependencies come from the package registries (pip's cache makes later runs quick). The
user's own folders are never touched: XDG_DATA_HOME points into the test's folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import MODELS, REPO

pytestmark = pytest.mark.slow

# What a source tree has that a wheel build must not see (nor write into).
_NOT_SOURCE = (".git", ".venv", "models", "build", "dist", "*.egg-info", ".cache",
               "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "out")


def _run(args: list[str], *, env: dict[str, str], cwd: Path,
         timeout: float = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(args)}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str], Path]:
    """(the venv's bin folder, its environment, a working folder outside the checkout)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(*_NOT_SOURCE))
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update({"HF_HUB_OFFLINE": "1", "XDG_DATA_HOME": str(root / "xdg-data"),
                "XDG_CONFIG_HOME": str(root / "xdg-config"),
                "XDG_CACHE_HOME": str(root / "xdg-cache"), "PYTHONUNBUFFERED": "1"})
    work = root / "work"
    work.mkdir()
    # Built as pip builds any sdist: in an isolated environment with the declared
    # build requirements (setuptools>=77), so a wrong one fails here.
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"),
          str(source)], env=env, cwd=work)
    (wheel,) = (root / "dist").glob("listening_assistant-*.whl")
    venv = root / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], env=env, cwd=work)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheel)], env=env,
         cwd=work, timeout=900)
    return venv / "bin", env, work


def test_the_wheel_carries_the_package_data(installed) -> None:
    dist = next(Path(installed[2]).parent.joinpath("dist").glob("*.whl"))
    names = set(zipfile.ZipFile(dist).namelist())
    for language in ("en", "sv", "da"):
        assert f"assistant/data/cues/{language}.json" in names
        assert f"assistant/data/lexicon/{language}.json" in names
    for language in ("sv", "da"):  # the window's translations, compiled by the build
        assert f"assistant/data/i18n/assistant_{language}.qm" in names
        assert f"assistant/data/i18n/{language}.json" in names
    assert {"assistant/data/demo/demo-call.ogg",
            "assistant/data/demo/demo-call.timeline.json"} <= names
    assert not any(n.startswith(("tests/", "assets/", "models/")) for n in names)


def test_installed_copy_runs_the_demo_and_finds_its_cues(installed, tmp_path) -> None:
    bin_dir, env, work = installed
    assistant = str(bin_dir / "assistant")
    models = Path(env["XDG_DATA_HOME"]) / "listening-assistant" / "models"

    # Help speaks of the folder an installed copy uses, not a checkout's models/.
    helped = _run([assistant, "models", "--help"], env=env, cwd=work)
    assert f"(default:{models})" in "".join(helped.stdout.split())
    # A model from this checkout, verified, without downloading it again: the smallest, as
    # this is about the package, not about recognition.
    model = "tiny.en" if (MODELS / "tiny.en" / "INSTALLED.json").is_file() else "base"
    _run([assistant, "models", "install", model, "--from", str(MODELS)], env=env, cwd=work)
    listed = _run([assistant, "models", "list"], env=env, cwd=work)
    assert str(models / model) in listed.stdout

    # No ../shared beside site-packages: eval asks for scenarios rather than guess a folder.
    no_scenarios = subprocess.run([assistant, "eval"], env=env, cwd=work, capture_output=True,
                                  text=True, timeout=120)
    assert no_scenarios.returncode == 2 and no_scenarios.stderr == (
        "assistant: error: no scenarios given: name scenario scripts or folders of them\n")

    located = _run([str(bin_dir / "python"), "-c",
                    "from assistant.paths import package_data, is_source_checkout; "
                    "print(package_data('demo', 'demo-call.ogg')); print(is_source_checkout())"],
                   env=env, cwd=work)
    demo_call, checkout = located.stdout.split("\n")[:2]
    assert "site-packages" in demo_call and checkout == "False"

    demo = _run([assistant, "demo", "--console", "--speed", "20", "--model", model], env=env,
                cwd=work)
    assert "LET THEM FINISH" in demo.stdout and "Talk-overs:" in demo.stdout

    out = tmp_path / "out"
    done = _run([assistant, "transcribe", demo_call, "--language", "en", "--model", model,
                 "--format", "md,json", "--out", str(out)], env=env, cwd=work)
    assert "saved as call 1" in done.stdout  # into the library in the user data folder
    review = (out / "demo-call.md").read_text(encoding="utf-8")
    cues = review.split("## Listening cues", 1)[1].split("\n## ", 1)[0]
    assert "No listening cues were found" not in cues
    assert any(line.startswith("- [") for line in cues.splitlines()), cues
