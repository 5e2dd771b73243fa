"""Render the demo call script to ``assistant/data/demo/demo-call.ogg`` and its timeline.

    .venv/bin/python scripts/make_demo.py

The WAV stays in the render cache; only the compressed copy is committed.
Vorbis keeps the 16 kHz rate and decodes sample-aligned with the WAV, so
the timeline's sample positions hold for the .ogg as well (Opus would be
decoded at 48 kHz with a resampler's delay).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from assistant.errors import AssistantError
from assistant.paths import PACKAGE_DIR
from assistant.scenarios import load_script, render_scenario

VORBIS_QUALITY = "6"  # q3 audibly hurt recognition of the customer voice; q6 stays ~0.5 MB
MAX_BYTES = 2_000_000


def encode_ogg(wav: Path, ogg: Path) -> None:
    """Two-channel Ogg Vorbis at the WAV's rate, byte-identical from run to run."""
    if shutil.which("ffmpeg") is None:
        raise AssistantError("ffmpeg is not installed (apt-get install ffmpeg)")
    command = [
        "ffmpeg", "-v", "error", "-y", "-i", str(wav),
        "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
        "-c:a", "libvorbis", "-q:a", VORBIS_QUALITY, "-ac", "2", str(ogg),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssistantError(f"ffmpeg failed: {done.stderr.strip().splitlines()[-1:]}")


def make_demo(script_path: Path, out_dir: Path) -> tuple[Path, Path]:
    script = load_script(script_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    ogg = out_dir / f"{script.id}.ogg"
    timeline = out_dir / f"{script.id}.timeline.json"
    with tempfile.TemporaryDirectory() as tmp:
        rendered = render_scenario(script, Path(tmp))
        partial = Path(tmp) / ogg.name
        encode_ogg(rendered.wav, partial)
        if partial.stat().st_size > MAX_BYTES:
            raise AssistantError(f"{ogg.name} would be {partial.stat().st_size} bytes: too big")
        shutil.move(partial, ogg)
        rendered.timeline.save(timeline)
    return ogg, timeline


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    demo_dir = PACKAGE_DIR / "data" / "demo"  # the source tree: this script is for a checkout
    parser.add_argument("--script", type=Path, default=demo_dir / "demo-call.json")
    parser.add_argument("--out-dir", type=Path, default=demo_dir)
    args = parser.parse_args(argv)
    try:
        ogg, timeline = make_demo(args.script, args.out_dir)
    except AssistantError as exc:
        print(f"make_demo: error: {exc}", file=sys.stderr)
        return 2
    print(f"{ogg} ({ogg.stat().st_size / 1000:.0f} KB), {timeline}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
