"""Fill a call library with rendered English scenarios and grab the Team view as a PNG.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/team_screenshot.py --out docs/team-view.png

The scenarios (../shared/scenarios and eval/scenarios) are rendered with espeak-ng
and transcribed by the real ``assistant transcribe`` (tiny.en), each under one of
three agents, then dated one per working day backwards from today so the charts
have weeks to show. ``--library`` keeps (and reuses) the library.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AGENTS = ("Anna", "Bo", "Cleo")


def fill(library: Path, limit: int) -> None:
    from assistant.scenarios import load_script, render_scenario

    scripts = sorted((REPO.parent / "shared" / "scenarios").glob("en-*.json"))
    scripts += sorted((REPO / "eval" / "scenarios").glob("en-*.json"))
    scripts = scripts[:limit]
    with tempfile.TemporaryDirectory() as tmp:
        wavs: dict[str, list[str]] = {a: [] for a in AGENTS}
        for i, path in enumerate(scripts):
            wav = render_scenario(load_script(path), Path(tmp)).wav
            wavs[AGENTS[i % len(AGENTS)]].append(str(wav))
        for agent, files in wavs.items():
            subprocess.run([sys.executable, "-m", "assistant", "transcribe", *files,
                            "--language", "en", "--model", "tiny.en", "--no-audio",
                            "--format", "json", "--out", tmp, "--data-dir", str(library),
                            "--agent", agent, "-q"], check=True, cwd=REPO)
    # One call per working day, going back from today (the newest call today).
    with sqlite3.connect(library / "calls.sqlite3") as db:
        ids = [r[0] for r in db.execute("SELECT id FROM calls ORDER BY id DESC")]
        day = datetime.now(timezone.utc).replace(hour=10, minute=0, second=0, microsecond=0)
        for call_id in ids:
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            db.execute("UPDATE calls SET started_at = ? WHERE id = ?",
                       (day.isoformat(timespec="microseconds"), call_id))
            day -= timedelta(days=1)


def grab(library: Path, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from assistant.store import CallStore
    from assistant.ui import theme
    from assistant.ui.views.team_view import TeamView

    app = QApplication([])
    theme.apply(app, theme.LIGHT)
    with CallStore(library) as store:
        view = TeamView(store)
        view.resize(1280, 760)
        view.show()
        view.refresh()
        while view.stats is None:
            app.processEvents()
        app.processEvents()
        view.grab().save(str(out))
        view.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "team-view.png")
    parser.add_argument("--library", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=45, help="at most this many scenarios")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library = args.library or Path(tmp) / "library"
        if not (library / "calls.sqlite3").exists():
            fill(library, args.limit)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        grab(library, args.out)
    print(f"Wrote {args.out}")


if __name__ == "__main__":
    main()
