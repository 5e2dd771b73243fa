"""``assistant calls list|show|export|delete``: the library of recorded and transcribed calls."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from assistant.cli import team_cmd
from assistant.errors import InputError
from assistant.i18n.languages import UI_LANGUAGES
from assistant.records import RepeatEvent, TalkOverEvent
from assistant.report.render import FORMATS, render
from assistant.services.library import open_library
from assistant.store import CallQuery, CallStore, CallSummary, StoredCall
from assistant.store.queries import SORT_COLUMNS, sort_key
from assistant.timebase import clock, seconds
from assistant.wording import SPEAKER_LABEL, describe_event, length_text

_DATA_DIR_HELP = "folder of the call library (default: the user data folder, {})"


def register(sub: argparse._SubParsersAction) -> None:
    default = CallStore.default_root()
    parser = sub.add_parser(
        "calls",
        help="list, show, export and delete the calls kept in the local library",
        description="Every call, live or transcribed from a file, is kept in a library on this "
        "machine (readable by you only).",
    )
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                        help=_DATA_DIR_HELP.format(default))
    actions = parser.add_subparsers(dest="calls_action", metavar="ACTION")

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        p = actions.add_parser(name, help=help_, description=help_[0].upper() + help_[1:] + ".")
        # Also accepted after the action; SUPPRESS keeps it from hiding the one given before.
        p.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                       help=_DATA_DIR_HELP.format(default))
        return p

    p = action("list", "list the calls, newest first (or as CSV or JSON)")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="show at most N calls")
    p.add_argument("--search", default="", metavar="TEXT",
                   help="only calls in which one utterance (as said or as corrected) holds "
                        "every word of TEXT, or whose title does")
    team_cmd.add_filters(p)
    p.add_argument("--has-talkovers", action="store_true",
                   help="only calls with at least one talk-over")
    p.add_argument("--has-repeats", action="store_true",
                   help="only calls in which the customer had to repeat a request")
    p.add_argument("--sort", default="started", metavar="COLUMN",
                   help=f"order by one of {', '.join(SORT_COLUMNS)} (default: started, newest "
                        "first; text columns A to Z)")
    p.add_argument("--reverse", action="store_true", help="the other way round")
    p.add_argument("--format", default="table", choices=team_cmd.LIST_FORMATS,
                   help="a table to read, or csv or json for other tools (default: table)")
    p.set_defaults(run=run_list)
    p = action("show", "print a call's transcript with its talk-overs and repeated requests")
    p.add_argument("id", metavar="ID", help="the call's id (see `assistant calls list`)")
    p.set_defaults(run=run_show)
    p = action("export", "write calls as a review (Markdown, HTML) or as JSON, SRT, WebVTT or "
                         "plain text")
    p.add_argument("ids", nargs="+", metavar="ID", help="the call's id; several need --out DIR")
    p.add_argument("--format", default="md", metavar="FORMAT",
                   help=f"one of {', '.join(FORMATS)}, or several joined by commas "
                        "(default: md). md and html are the review: what the customer asked "
                        "for, talk-overs, listening cues, statistics, then the transcript")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="a file, or a folder for call-ID.FORMAT (default: standard output)")
    p.add_argument("--cues", type=Path, default=None, metavar="DIR",
                   help="a folder of your own listening-cue files (en.json, sv.json, ...) laid "
                        "over the built-in ones (default: the cues folder in the user data "
                        "folder, if there is one)")
    p.add_argument("--report-language", choices=UI_LANGUAGES, default="en",
                   help="the language of the review and the exports' headings, labels and "
                        "numbers, whatever the call's language (default: en)")
    p.set_defaults(run=run_export)
    p = action("delete", "delete a call: its transcript, events and the library's audio")
    p.add_argument("id", metavar="ID", help="the call's id")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(run=run_delete)
    team_cmd.register_actions(action)

    def usage(args: argparse.Namespace) -> int:
        parser.print_help()  # no action: what the actions are
        return 0

    parser.set_defaults(run=usage)


def open_store(data_dir: Path | None, notices: TextIO | None = None, *,
               create: bool = True) -> CallStore:
    """The library, with any call a crash left unfinished recovered first (and said so).

    ``create=False`` is for commands that only look at a library: a ``--data-dir`` naming
    a folder that does not exist is then a typo to point out, not a new empty library.
    """
    if not create and data_dir is not None and not data_dir.exists():
        raise InputError(f"--data-dir {data_dir}: no such folder, so no call library there")
    out = notices or sys.stdout
    return open_library(data_dir, lambda line: print(line, file=out))


def parse_id(text: str) -> int:
    digits = text.strip().lstrip("#")
    if not digits.isdigit():
        raise InputError(f"call id must be a number (see `assistant calls list`), got '{text}'")
    return int(digits)


def _started(summary: CallSummary) -> str:
    return summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M")  # the user's local time


def _length(summary: CallSummary) -> str:
    return length_text(summary.duration_s)


def parse_date(text: str, *, end_of_day: bool = False) -> datetime:
    """``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` in local time (or with an offset), aware.

    ``end_of_day``: a plain date means the moment after that day (for --until).
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"'{text}' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    plain = len(text.strip()) <= 10
    if end_of_day and plain:
        moment += timedelta(days=1)
    return moment if moment.tzinfo is not None else moment.astimezone()


def list_query(args: argparse.Namespace) -> CallQuery:
    """The list command's options as a library query."""
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit must be at least 1")
    column = sort_key(args.sort)
    # Newest, longest and most first; names A to Z: what one looks for at the top.
    descending = column not in ("title", "language", "source", "status", "model")
    return dataclasses.replace(
        team_cmd.filter_query(args), text=args.search,
        has_talkovers=True if args.has_talkovers else None,
        has_repeats=True if args.has_repeats else None,
        sort=column, descending=descending != args.reverse, limit=args.limit)


def run_list(args: argparse.Namespace) -> int:
    query = list_query(args)
    filtered = query != CallQuery(sort=query.sort, descending=query.descending,
                                  limit=query.limit, prefix=False)
    notices = sys.stderr if args.format != "table" else sys.stdout
    with open_store(args.data_dir, notices, create=False) as store:
        calls = store.query(query)
        if args.format != "table":
            team_cmd.write_list(calls, args.format)
            return 0
        if not calls:
            if filtered:
                print("No calls match.")
            else:
                print(f"No calls in the library yet ({store.root}).")
            return 0
    # The agent column only once calls have agents: a single agent's library stays narrow.
    width = max((len(c.agent or "-") for c in calls if c.agent), default=0)
    agent = f"{'Agent':{max(width, 5)}}  " if width else ""
    print(f"{'ID':>5}  {'Started':16}  {'Length':>6}  {'Status':9}  {'Talk-overs':>10}  "
          f"{'Repeats':>7}  {'Lang':4}  {agent}Title")
    for c in calls:
        who = f"{(c.agent or '-'):{max(width, 5)}}  " if width else ""
        tags = f"  [{', '.join(c.tags)}]" if c.tags else ""
        print(f"{c.id:>5}  {_started(c):16}  {_length(c):>6}  {c.status:9}  {c.talkovers:>10}  "
              f"{c.repeats:>7}  {(c.language or '-'):4}  {who}{c.title}{tags}")
    return 0


def _load(args: argparse.Namespace) -> StoredCall:
    call_id = parse_id(args.id)
    with open_store(args.data_dir, create=False) as store:
        return store.get_call(call_id)


def run_show(args: argparse.Namespace) -> int:
    print(transcript_text(_load(args)), end="")
    return 0


def transcript_text(call: StoredCall) -> str:
    """A readable transcript for the terminal, events where they happened."""
    s, result = call.summary, call.result
    stats = result.stats
    talk = ", ".join(f"{SPEAKER_LABEL[k]} {seconds(v):.0f} s" for k, v in stats.talk_time.items())
    audio = str(call.audio_path) if call.audio_path else "not kept"
    lines = [
        f"Call {s.id}: {s.title}",
        f"{_started(s)} · {_length(s)} · {s.status} · {s.source} · "
        f"language {s.language or 'unknown'} · model {s.model}",
        f"Audio: {audio}",
        *([f"Agent: {s.agent or 'not known'} · tags: {', '.join(s.tags) or 'none'}"]
          if s.agent or s.tags else []),
        f"Talk time: {talk or 'none'} · overlap {seconds(stats.overlap):.1f} s · "
        f"talk-overs {stats.talkovers} · repeated requests {stats.repeats}",
        *(f"Note: {n}" for n in result.notes),
        "",
    ]
    pending: list[TalkOverEvent | RepeatEvent] = list(result.events)
    for u in result.utterances:
        while pending and pending[0].time < u.span.start:
            lines.append(f"  ! {describe_event(pending.pop(0), result)}")
        lines.append(f"[{clock(u.span.start)}] {SPEAKER_LABEL[u.speaker]}: {u.text}")
    lines += [f"  ! {describe_event(e, result)}" for e in pending]
    if not result.utterances:
        lines.append("(nothing was transcribed)")
    return "\n".join(lines) + "\n"


def export_formats(text: str) -> list[str]:
    formats = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    for fmt in formats:
        if fmt not in FORMATS:
            raise InputError(f"unknown export format '{fmt}': choose from {', '.join(FORMATS)}")
    if not formats:
        raise InputError(f"--format needs a format: one of {', '.join(FORMATS)}")
    return list(dict.fromkeys(formats))


def default_cues_dir() -> Path | None:
    """The user's own cue files, when they have made the folder (resolved here, passed on)."""
    from assistant.paths import user_data_dir

    folder = user_data_dir() / "cues"
    return folder if folder.is_dir() else None


def _export_text(call: StoredCall, fmt: str, cues: Path | None, language: str = "en") -> str:
    if cues is None:
        return render(call.result, fmt, language=language)  # what `transcribe` writes
    from assistant.review.summary import review_call

    review = (review_call(call.result, cues_dir=cues, language=language)
              if fmt in ("md", "html") else None)
    return render(call.result, fmt, review, language=language)


def run_export(args: argparse.Namespace) -> int:
    formats = export_formats(args.format)
    call_ids = list(dict.fromkeys(parse_id(i) for i in args.ids))
    cues: Path | None = args.cues if args.cues is not None else default_cues_dir()
    if cues is not None and not cues.is_dir():
        raise InputError(f"--cues {cues}: no such folder")
    target: Path | None = args.out
    many = len(call_ids) > 1 or len(formats) > 1
    as_folder = False
    if target is not None:
        as_folder = target.is_dir() or str(target).endswith(("/", "\\")) or many
        if not (as_folder and target.is_dir()) and not target.parent.is_dir():
            raise InputError(f"--out {args.out}: folder {target.parent} does not exist")
    elif many:
        raise InputError("several calls or formats need --out DIR (a folder to write them to)")
    # Exporting to the terminal: recovery notices must not end up inside the export.
    notices = sys.stdout if target is not None else sys.stderr
    outputs: list[tuple[Path | None, str]] = []
    with open_store(args.data_dir, notices, create=False) as store:
        for call_id in call_ids:  # every id is checked before anything is written
            call = store.get_call(call_id)
            for fmt in formats:
                path = None
                if target is not None:
                    path = target / f"call-{call_id}.{fmt}" if as_folder else target
                outputs.append((path, _export_text(call, fmt, cues, args.report_language)))
    if target is not None and as_folder and not target.is_dir():
        try:
            target.mkdir()  # a new folder for several files
        except OSError as exc:
            raise InputError(f"cannot make {target}: {exc.strerror or exc}") from None
    for path, text in outputs:
        if path is None:
            sys.stdout.write(text)
            continue
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
        print(f"Wrote {path}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    call_id = parse_id(args.id)
    with open_store(args.data_dir, create=False) as store:
        title = store.get_call(call_id).summary.title
        if not args.yes:
            if not sys.stdin.isatty():
                raise InputError(f"not deleting call {call_id} without --yes (there is no "
                                 "terminal to ask on)")
            answer = input(f"Delete call {call_id} ({title}) and its recording? [y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                print("Nothing deleted.")
                return 1
        store.delete_call(call_id)
    print(f"Deleted call {call_id} ({title}).")
    return 0
