"""Running the real ``assistant`` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str, cwd: Path | None = None, timeout: float = 600,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONUNBUFFERED": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=cwd or REPO, env=env, capture_output=True, text=True, timeout=timeout,
    )


def assert_one_clean_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    """Exactly one line on stderr, no traceback, and a non-zero exit."""
    assert proc.returncode != 0, proc.stdout
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert "Traceback" not in proc.stderr, proc.stderr
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle.lower() in lines[0].lower(), lines[0]
    return lines[0]
