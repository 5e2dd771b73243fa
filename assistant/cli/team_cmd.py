"""``assistant calls stats|tag|agent``, and ``calls list --format csv|json``: the library
seen across calls, and who took a call and what it was about."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from assistant.errors import InputError
from assistant.services.team import (
    PERIODS,
    PeriodFigures,
    Spread,
    TeamStats,
    library_figures,
    team_stats,
)
from assistant.store import CallQuery, CallSummary

LIST_FORMATS = ("table", "csv", "json")
LIST_FIELDS = ("id", "started_at", "title", "agent", "tags", "language", "duration_s", "status",
               "source", "model", "talkovers", "repeats")


def add_filters(p: argparse.ArgumentParser) -> None:
    """The filters ``list`` and ``stats`` share (the list has its own --search and flags)."""
    p.add_argument("--language", default=None, metavar="CODE",
                   help="only calls in this language (en, sv, da, ...)")
    p.add_argument("--since", default=None, metavar="DATE",
                   help="only calls started on or after DATE (YYYY-MM-DD, or with a time: "
                        "YYYY-MM-DDTHH:MM; your local time)")
    p.add_argument("--until", default=None, metavar="DATE",
                   help="only calls started before DATE (a plain date includes that day)")
    p.add_argument("--agent", default=None, metavar="NAME",
                   help="only calls taken by this agent (any case)")
    p.add_argument("--tag", action="append", default=[], metavar="TAG",
                   help="only calls with this tag (repeat for calls with every one of them)")


def register_actions(action: Callable[[str, str], argparse.ArgumentParser]) -> None:
    p = action("stats", "figures across calls, per week (or day, month): talk-overs per hour "
                        "of agent talk, calls with a repeated request and the requests most "
                        "often repeated, talk ratio, longest monologue, listening cues")
    add_filters(p)
    p.add_argument("--period", default="week", choices=PERIODS,
                   help="one row per week (Monday to Sunday, your local time), month or day, "
                        "or one row for all (default: week)")
    p.add_argument("--format", default="table", choices=LIST_FORMATS,
                   help="a table to read, or csv or json for other tools (default: table)")
    p.add_argument("--top", type=int, default=3, metavar="N",
                   help="how many of the most often repeated request types to name "
                        "(default: 3)")
    p.add_argument("--cues", type=Path, default=None, metavar="DIR",
                   help="a folder of your own listening-cue files laid over the built-in ones "
                        "(default: the cues folder in the user data folder, if there is one)")
    p.set_defaults(run=run_stats)
    p = action("tag", "add tags to a call (or take them off with --remove)")
    p.add_argument("id", metavar="ID", help="the call's id")
    p.add_argument("tags", nargs="+", metavar="TAG", help="a free label (no commas)")
    p.add_argument("--remove", action="store_true", help="take these tags off the call")
    p.set_defaults(run=run_tag)
    p = action("agent", "name the agent who took a call (an empty name clears it)")
    p.add_argument("id", metavar="ID", help="the call's id")
    p.add_argument("name", metavar="NAME", help="the agent's name")
    p.set_defaults(run=run_agent)


def filter_query(args: argparse.Namespace) -> CallQuery:
    """The shared filters as a query (sorted by start, newest first; ``replace`` the rest)."""
    from assistant.cli.calls_cmd import parse_date

    return CallQuery(
        language=args.language or None,
        since=parse_date(args.since) if args.since else None,
        until=parse_date(args.until, end_of_day=True) if args.until else None,
        agent=args.agent or None, tags=tuple(args.tag), prefix=False)


# --- calls list --format -------------------------------------------------------------


def list_row(c: CallSummary) -> dict[str, object]:
    return {"id": c.id, "started_at": c.started_at.isoformat(), "title": c.title,
            "agent": c.agent, "tags": list(c.tags), "language": c.language,
            "duration_s": round(c.duration_s, 2), "status": c.status, "source": c.source,
            "model": c.model, "talkovers": c.talkovers, "repeats": c.repeats}


def write_list(calls: Sequence[CallSummary], fmt: str) -> None:
    stream = sys.stdout
    rows = [list_row(c) for c in calls]
    if fmt == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        return
    writer = csv.DictWriter(stream, fieldnames=LIST_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**row, "tags": ", ".join(row["tags"]),  # type: ignore[arg-type]
                         "agent": row["agent"] or "", "language": row["language"] or ""})


# --- calls stats -------------------------------------------------------------------------


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.0f}%"


def _num(v: float | None, digits: int = 1) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def _ratio(s: Spread | None) -> str:
    return "-" if s is None else f"{100 * s.median:.0f}% ({100 * s.p25:.0f}-{100 * s.p75:.0f})"


def _monologue(s: Spread | None) -> str:
    return "-" if s is None else f"{s.median:.0f} / {s.p90:.0f} / {s.high:.0f}"


def _types(p: PeriodFigures, top: int) -> str:
    return ", ".join(f"{t} {n}" for t, n in p.repeated_types[:top]) or "-"


_COLUMNS: list[tuple[str, str, Callable[[PeriodFigures, int], str]]] = [
    ("Period", "<", lambda p, _: p.period),
    ("Calls", ">", lambda p, _: str(p.calls)),
    ("Talk-overs/h", ">", lambda p, _: _num(p.talkovers_per_hour)),
    ("Repeated", ">", lambda p, _: _pct(p.repeat_share)),
    ("Talk ratio (IQR)", ">", lambda p, _: _ratio(p.talk_ratio)),
    ("Monologue s (med/p90/max)", ">", lambda p, _: _monologue(p.monologue_s)),
    ("Cues -/+ per call", ">", lambda p, _: f"{_num(p.poor_cues_per_call)} / "
                                            f"{_num(p.good_cues_per_call)}"),
    ("Most repeated", "<", lambda p, top: _types(p, top)),
]


def stats_table(stats: TeamStats, top: int) -> str:
    rows = [*stats.periods, stats.overall] if stats.period != "all" else [stats.overall]
    cells = [[f(p, top) for _, _, f in _COLUMNS] for p in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, (h, _, _) in enumerate(_COLUMNS)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(f"{v:{a}{w}}" for v, (_, a, _), w in zip(values, _COLUMNS, widths,
                                                                  strict=True)).rstrip()

    out = [line([h for h, _, _ in _COLUMNS])]
    for i, r in enumerate(cells):
        if stats.period != "all" and i == len(cells) - 1:
            out.append(line(["-" * w for w in widths]))
        out.append(line(r))
    hours = stats.overall.agent_talk_s / 3600
    out += ["", f"Talk-overs: per hour of the agent's talk ({hours:.2f} h in all). Repeated: "
            "share of two-party calls with a repeated request.",
            "Talk ratio: the agent's share of the talk, median (quartiles). Monologue: the "
            "agent's longest stretch per call."]
    return "\n".join(out) + "\n"


def stats_csv(stats: TeamStats, top: int) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "start", "calls", "two_party_calls", "agent_talk_s", "talkovers",
                     "talkovers_per_hour", "calls_with_repeat", "repeat_share",
                     "talk_ratio_median", "talk_ratio_p25", "talk_ratio_p75",
                     "monologue_median_s", "monologue_p90_s", "monologue_max_s",
                     "poor_cues_per_call", "good_cues_per_call", "most_repeated"])
    for p in [*stats.periods, stats.overall] if stats.period != "all" else [stats.overall]:
        d = p.to_json()
        ratio, mono = d["talk_ratio"] or {}, d["monologue_s"] or {}
        assert isinstance(ratio, dict) and isinstance(mono, dict)
        writer.writerow([
            d["period"], d["start"] or "", d["calls"], d["two_party_calls"], d["agent_talk_s"],
            d["talkovers"], _blank(d["talkovers_per_hour"]), d["calls_with_repeat"],
            _blank(d["repeat_share"]), _blank(ratio.get("median")), _blank(ratio.get("p25")),
            _blank(ratio.get("p75")), _blank(mono.get("median")), _blank(mono.get("p90")),
            _blank(mono.get("high")), _blank(d["poor_cues_per_call"]),
            _blank(d["good_cues_per_call"]),
            "; ".join(f"{t} ({n})" for t, n in p.repeated_types[:top])])
    return out.getvalue()


def _blank(v: object) -> object:
    return "" if v is None else v


def run_stats(args: argparse.Namespace) -> int:
    from assistant.cli.calls_cmd import default_cues_dir, open_store

    if args.top < 1:
        raise InputError("--top must be at least 1")
    cues: Path | None = args.cues if args.cues is not None else default_cues_dir()
    if cues is not None and not cues.is_dir():
        raise InputError(f"--cues {cues}: no such folder")
    query = filter_query(args)
    notices = sys.stderr if args.format != "table" else sys.stdout
    with open_store(args.data_dir, notices, create=False) as store:
        figures = library_figures(store, query, cues)
    stats = team_stats(figures, args.period)
    if args.format == "json":
        print(json.dumps(stats.to_json(), ensure_ascii=False, indent=1))
    elif args.format == "csv":
        sys.stdout.write(stats_csv(stats, args.top))
    elif not figures:
        print("No calls match." if query != CallQuery(prefix=False)
              else "No finished calls in the library yet.")
    else:
        sys.stdout.write(stats_table(stats, args.top))
    return 0


# --- calls tag / agent ---------------------------------------------------------------------


def run_tag(args: argparse.Namespace) -> int:
    from assistant.cli.calls_cmd import open_store, parse_id

    call_id = parse_id(args.id)
    with open_store(args.data_dir, create=False) as store:
        now = (store.tag(call_id, remove=args.tags) if args.remove
               else store.tag(call_id, add=args.tags))
    print(f"Call {call_id} tags: {', '.join(now) or '(none)'}")
    return 0


def run_agent(args: argparse.Namespace) -> int:
    from assistant.cli.calls_cmd import open_store, parse_id

    call_id = parse_id(args.id)
    with open_store(args.data_dir, create=False) as store:
        store.set_agent(call_id, args.name)
        agent = store.get_call(call_id).summary.agent
    print(f"Call {call_id} agent: {agent or '(not known)'}")
    return 0
