"""``assistant listen``: a live call from two devices (or one stereo device), as it happens."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from assistant.capture.devices import DeviceRef
from assistant.capture.source import CaptureSpec, CaptureStatus, LiveCallSource
from assistant.cli.common import (
    add_engine_arguments,
    engine_config,
    light_model,
    load_recognizer,
)
from assistant.cli.console import ConsolePrinter, print_summary
from assistant.engine.session import live_config
from assistant.errors import InputError
from assistant.records import (
    EngineOutput,
    RepeatEvent,
    TalkOverEvent,
    TalkOverUpdate,
    Utterance,
)
from assistant.report.formats import event_json, utterance_json
from assistant.services.call_audio import LiveAudio
from assistant.services.library import open_library
from assistant.services.live_call import CallKeeping, CallStarted, LiveCall, LiveCallHooks
from assistant.timebase import SAMPLE_RATE, clock, seconds


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "listen", help="listen to a live call: both sides from your sound devices",
        description="Transcribe a live call and prompt as it happens. The agent's side comes "
        "from a microphone or headset, the customer's from what the computer plays (a monitor "
        "or loopback device), or both from one stereo input. See `assistant devices`.")
    devices = parser.add_argument_group("devices (by name, as `assistant devices` lists them)")
    devices.add_argument("--agent-device", metavar="NAME", help="the agent's microphone/headset")
    devices.add_argument("--customer-device", metavar="NAME",
                         help="the customer's side: a monitor/loopback of the call's output")
    devices.add_argument("--stereo-device", metavar="NAME",
                         help="one stereo input with a party on each channel (see --agent-channel)")
    devices.add_argument("--host-api", default="", metavar="API",
                         help="only look for the devices under this host API (e.g. 'Windows "
                              "WASAPI', 'PulseAudio')")
    add_engine_arguments(parser)
    parser.add_argument("--events-jsonl", type=Path, metavar="PATH",
                        help="append every utterance and event to PATH as JSON lines, as they "
                             "happen")
    parser.add_argument("--duration", type=float, metavar="SECONDS",
                        help="stop after this long (default: until Ctrl-C)")
    library = parser.add_argument_group("call library")
    library.add_argument("--data-dir", type=Path, default=None, metavar="DIR",
                         help="folder of the call library the call is recorded in (default: the "
                              "user data folder)")
    library.add_argument("--agent", default=None, metavar="NAME",
                         help="your name, saved with the call (see `assistant calls stats`)")
    library.add_argument("--tag", action="append", default=[], metavar="TAG",
                         help="a free label for the call (repeat for several)")
    library.add_argument("--no-audio", action="store_true",
                         help="keep the transcript and events, not the call's audio")
    parser.set_defaults(run=run)


def capture_spec(args: argparse.Namespace) -> CaptureSpec:
    api = args.host_api or ""
    if args.stereo_device:
        if args.agent_device or args.customer_device:
            raise InputError("use either --stereo-device or --agent-device with "
                             "--customer-device, not both")
        return CaptureSpec(stereo=DeviceRef(args.stereo_device, api),
                           agent_channel=args.agent_channel)
    if not (args.agent_device and args.customer_device):
        raise InputError("say where each side comes from: --agent-device NAME and "
                         "--customer-device NAME, or --stereo-device NAME "
                         "(`assistant devices` lists them)")
    return CaptureSpec(agent=DeviceRef(args.agent_device, api),
                       customer=DeviceRef(args.customer_device, api))


class EventLog:
    """``--events-jsonl``: one JSON object per line, flushed at once (two threads write)."""

    def __init__(self, path: Path | None) -> None:
        self._lock = threading.Lock()
        self._out: TextIO | None = None
        if path is not None:
            try:
                self._out = path.open("a", encoding="utf-8")
            except OSError as exc:
                raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def write(self, record: dict[str, Any]) -> None:
        if self._out is None:
            return
        line = json.dumps(record, ensure_ascii=False)
        with self._lock:
            self._out.write(line + "\n")
            self._out.flush()

    def output(self, item: EngineOutput) -> None:
        if isinstance(item, Utterance):
            self.write({"kind": "utterance", **utterance_json(item)})
        elif isinstance(item, TalkOverEvent | RepeatEvent):
            self.write({**event_json(item), "id": item.id})
        elif isinstance(item, TalkOverUpdate):
            self.write({"kind": "talkover_update", "event": item.event_id,
                        "end": round(seconds(item.end), 3), "retracted": item.retracted,
                        "reason": item.reason, "time": round(seconds(item.at), 3)})

    def status(self, status: CaptureStatus) -> None:
        """A device's news or trouble: on stderr as it happens, and in the log."""
        print(f"{clock(status.position):>7}  [{status.kind.value}] {status.message}",
              file=sys.stderr, flush=True)
        self.write({"kind": "status", "status": status.kind.value, "message": status.message,
                    "time": round(seconds(status.position), 3)})

    def started(self, started: CallStarted, spec: CaptureSpec) -> None:
        self.write({"kind": "call", "started_at": started.started_at.isoformat(),
                    "sample_rate": SAMPLE_RATE, "capture": spec.describe(),
                    "model": started.model})

    def ended(self, capture: LiveCallSource) -> None:
        """How the call ended, and what the capture filled in or dropped on the way (samples
        and seconds per party): a reader of the log can account for every sample."""
        self.write({"kind": "end", "samples": capture.position,
                    "time": round(seconds(capture.position), 3), "capture": capture.report()})

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


def _install_sigint(first: Callable[[], None], second: Callable[[], None]) -> Callable[[], None]:
    """Ctrl-C ends the call (what was heard is still transcribed); twice, it stops at once."""
    pressed = [0]

    def handler(signum: int, frame: FrameType | None) -> None:
        pressed[0] += 1
        print("\nassistant: ending the call…" if pressed[0] == 1 else
              "\nassistant: stopping now", file=sys.stderr)
        (first if pressed[0] == 1 else second)()

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGINT, handler)

    def restore() -> None:
        signal.signal(signal.SIGINT, previous)

    return restore


def run(args: argparse.Namespace) -> int:
    if args.duration is not None and args.duration <= 0:
        raise InputError("--duration must be positive")
    config = engine_config(args)
    from assistant.store.types import clean_name, clean_tags

    args.agent, args.tag = clean_name(args.agent), clean_tags(args.tag)  # bad ones fail now
    spec = capture_spec(args)
    events = EventLog(args.events_jsonl)
    # Devices are resolved by name before the model loads: a typo fails in a second.
    audio = LiveAudio(spec, events.status, duration_s=args.duration)
    store = open_library(args.data_dir, lambda line: print(line, file=sys.stderr))
    printer = ConsolePrinter()
    restore: list[Callable[[], None]] = []

    def on_started(started: CallStarted) -> None:
        events.started(started, spec)
        print(f"Listening: {spec.describe()}. Ctrl-C ends the call.", flush=True)
        restore.append(_install_sigint(call.stop, call.abort))

    def on_output(item: EngineOutput) -> None:
        printer(item)
        events.output(item)

    call = LiveCall(audio, live_config(config), lambda: load_recognizer(args, config),
                    LiveCallHooks(on_output=on_output, on_started=on_started),
                    CallKeeping(store, "live", keep_audio=not args.no_audio, agent=args.agent,
                                tags=args.tag), light_model(args))
    try:
        result = call.run().result
        events.ended(audio.capture)
    finally:
        for undo in restore:
            undo()
        store.close()
        events.close()
    if result is None:
        return 130  # stopped before the call began
    print_summary(result.stats, audio.notes())
    return 0
