"""``assistant calls list|show|export|delete``: the library of recorded and transcribed calls."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from assistant.errors import InputError
from assistant.output.formats import FORMATS, SPEAKER_LABEL, describe_event, render
from assistant.records import RepeatEvent, TalkOverEvent
from assistant.store import CallStore, CallSummary, StoredCall
from assistant.timebase import clock, seconds

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

    p = action("list", "list the calls, newest first")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="show at most N calls")
    p.set_defaults(run=run_list)
    p = action("show", "print a call's transcript with its talk-overs and repeated requests")
    p.add_argument("id", metavar="ID", help="the call's id (see `assistant calls list`)")
    p.set_defaults(run=run_show)
    p = action("export", "write a call as Markdown, JSON, SRT, WebVTT or plain text")
    p.add_argument("id", metavar="ID", help="the call's id")
    p.add_argument("--format", default="md", metavar="FORMAT",
                   help=f"one of {', '.join(FORMATS)} (default: md)")
    p.add_argument("--out", type=Path, default=None, metavar="PATH",
                   help="a file, or a folder for call-ID.FORMAT (default: standard output)")
    p.set_defaults(run=run_export)
    p = action("delete", "delete a call: its transcript, events and the library's audio")
    p.add_argument("id", metavar="ID", help="the call's id")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(run=run_delete)

    def usage(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    parser.set_defaults(run=usage)


def open_store(data_dir: Path | None, notices: TextIO | None = None) -> CallStore:
    """The library, with any call a crash left unfinished recovered first (and said so)."""
    store = CallStore(data_dir or CallStore.default_root())
    try:
        recovered = store.recover()
        for call_id in recovered:
            title = store.get_call(call_id).summary.title
            print(f"Recovered call {call_id} ({title}): it was still being recorded when the "
                  "program stopped.", file=notices or sys.stdout)
    except BaseException:
        store.close()
        raise
    return store


def parse_id(text: str) -> int:
    digits = text.strip().lstrip("#")
    if not digits.isdigit():
        raise InputError(f"call id must be a number (see `assistant calls list`), got '{text}'")
    return int(digits)


def _started(summary: CallSummary) -> str:
    return summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M")  # the user's local time


def _length(summary: CallSummary) -> str:
    minutes, secs = divmod(round(summary.duration_s), 60)
    return f"{minutes}:{secs:02d}"


def run_list(args: argparse.Namespace) -> int:
    if args.limit is not None and args.limit < 1:
        raise InputError("--limit must be at least 1")
    with open_store(args.data_dir) as store:
        calls = store.list_calls(args.limit)
        if not calls:
            print(f"No calls in the library yet ({store.root}).")
            return 0
    print(f"{'ID':>5}  {'Started':16}  {'Length':>6}  {'Status':9}  {'Talk-overs':>10}  "
          f"{'Repeats':>7}  Title")
    for c in calls:
        print(f"{c.id:>5}  {_started(c):16}  {_length(c):>6}  {c.status:9}  {c.talkovers:>10}  "
              f"{c.repeats:>7}  {c.title}")
    return 0


def _load(args: argparse.Namespace) -> StoredCall:
    call_id = parse_id(args.id)
    with open_store(args.data_dir) as store:
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


def run_export(args: argparse.Namespace) -> int:
    fmt = args.format.strip().lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"unknown export format '{args.format}': choose from "
                         f"{', '.join(FORMATS)}")
    call_id = parse_id(args.id)
    target: Path | None = args.out
    if target is not None:
        if target.is_dir() or str(target).endswith(("/", "\\")):
            target = target / f"call-{call_id}.{fmt}"
        if not target.parent.is_dir():
            raise InputError(f"--out {args.out}: folder {target.parent} does not exist")
    # Exporting to the terminal: recovery notices must not end up inside the export.
    notices = sys.stdout if target is not None else sys.stderr
    with open_store(args.data_dir, notices) as store:
        text = render(store.get_call(call_id).result, fmt)
    if target is None:
        sys.stdout.write(text)
        return 0
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror or exc}") from None
    print(f"Wrote {target}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    call_id = parse_id(args.id)
    with open_store(args.data_dir) as store:
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
