"""How the command line answers a user who asks for nothing, mistypes an option or a folder,
or has no models: help where help was asked for, one line on stderr for a mistake, the
usage of the command that was actually given, and nothing created by a typo."""

from __future__ import annotations

import os

import pytest

from tests.cli_helpers import REPO, assert_one_clean_error, run_cli
from tests.conftest import MODELS


def test_no_command_prints_the_help_and_succeeds():
    proc = run_cli(timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("usage: assistant") and "transcribe" in proc.stdout


def test_calls_without_an_action_prints_its_help(tmp_path):
    proc = run_cli("calls", "--data-dir", str(tmp_path), timeout=60)
    assert proc.returncode == 0 and proc.stderr == ""
    assert proc.stdout.startswith("usage: assistant calls") and "export" in proc.stdout


@pytest.mark.parametrize("args, usage", [
    (("transcribe", "x.wav", "--bogus"), "usage: assistant transcribe"),
    (("calls", "list", "--bogus"), "usage: assistant calls list"),
    (("models", "install", "--bogus"), "usage: assistant models install"),
    (("--bogus",), "usage: assistant [-h]"),
])
def test_an_unknown_option_shows_the_usage_of_the_command_it_was_given_to(args, usage):
    proc = run_cli(*args, timeout=60)
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(usage), proc.stderr
    command = usage.removeprefix("usage: ").removesuffix(" [-h]")
    assert proc.stderr.splitlines()[-1] == f"{command}: error: unrecognized arguments: --bogus"


def test_models_list_with_no_models_is_one_line_on_stderr(tmp_path):
    proc = run_cli("models", "list", "--models-dir", str(tmp_path), timeout=60)
    assert proc.stdout == ""
    assert_one_clean_error(proc, f"no models in {tmp_path}", "assistant models install")


def test_models_help_names_the_folder_it_uses():
    """A checkout keeps them in its models/ (an installed copy: the wheel test)."""
    proc = run_cli("models", "--help", timeout=60)
    assert proc.returncode == 0
    unwrapped = "".join(proc.stdout.split())  # argparse wraps long paths, at a hyphen too
    assert f"(default:{REPO / 'models'})" in unwrapped


@pytest.fixture
def tiny_source():
    if not (MODELS / "tiny.en" / "INSTALLED.json").is_file():
        pytest.skip("tiny.en is not installed in models/")
    return MODELS


def test_models_install_from_a_local_folder_links_and_verifies(tiny_source, tmp_path):
    target = tmp_path / "models"
    proc = run_cli("models", "install", "tiny.en", "--from", str(tiny_source),
                   "--models-dir", str(target), timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"tiny.en: installing from {tiny_source / 'tiny.en'}" in proc.stderr
    installed = target / "tiny.en" / "model.bin"
    original = tiny_source / "tiny.en" / "model.bin"
    if os.stat(tmp_path).st_dev == os.stat(original).st_dev:
        assert os.path.samefile(installed, original)  # linked: nothing copied
    listing = run_cli("models", "list", "--models-dir", str(target), timeout=60)
    assert listing.returncode == 0
    (row,) = listing.stdout.splitlines()[1:]
    assert row.split()[0] == "tiny.en" and " English only yes " in " ".join(row.split()) + " "
    again = run_cli("models", "install", "tiny.en", "--from", str(tiny_source),
                    "--models-dir", str(target), "--quiet", timeout=60)
    assert again.returncode == 0 and again.stderr == ""


def test_models_install_from_a_folder_checks_every_file(tiny_source, tmp_path):
    damaged = tmp_path / "elsewhere" / "tiny.en"
    damaged.mkdir(parents=True)
    for name in ("model.bin", "tokenizer.json", "vocabulary.txt"):
        os.symlink(tiny_source / "tiny.en" / name, damaged / name)
    config = (tiny_source / "tiny.en" / "config.json").read_text()
    (damaged / "config.json").write_text(config.replace("50257", "50258", 1) + " ")
    proc = run_cli("models", "install", "tiny.en", "--from", str(damaged.parent),
                   "--models-dir", str(tmp_path / "models"), timeout=120)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith(
        "assistant: error: tiny.en/config.json: checksum mismatch")
    assert not (tmp_path / "models" / "tiny.en").exists()
    missing = run_cli("models", "install", "tiny.en", "--from", str(tmp_path / "nope"),
                      "--models-dir", str(tmp_path / "models"), timeout=60)
    assert_one_clean_error(missing, "--from", "no such folder")
