"""``assistant listen``: a live call from two devices (or one stereo device), as it happens."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

from assistant.capture.devices import DeviceRef
from assistant.capture.source import (
    CaptureConfig,
    CaptureSpec,
    CaptureStatus,
    LiveCallSource,
)
from assistant.cli.common import (
    add_engine_arguments,
    engine_config,
    light_model,
    load_recognizer,
)
from assistant.cli.console import ConsolePrinter, summary_lines
from assistant.config import ChannelLayout
from assistant.engine.asr_stage import LiveClock
from assistant.engine.result import RecordingInfo
from assistant.engine.session import CallSession, live_config
from assistant.errors import InputError
from assistant.output.formats import event_json, utterance_json
from assistant.records import (
    EngineOutput,
    RepeatEvent,
    TalkOverEvent,
    TalkOverUpdate,
    Utterance,
)
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

    def close(self) -> None:
        if self._out is not None:
            self._out.close()


def _open_library(args: argparse.Namespace) -> Any:
    """The call store, with calls a crash left unfinished recovered first."""
    from assistant.store import CallStore

    store = CallStore(args.data_dir or CallStore.default_root())
    for call_id in store.recover():
        print(f"Recovered call {call_id}: it was still being recorded when the program "
              "stopped.", file=sys.stderr)
    return store


def _start_recording(store: Any, args: argparse.Namespace, started_at: datetime,
                     language: str | None, model: str) -> Any:
    from assistant.store import NewCall

    local = started_at.astimezone()
    return store.start_call(NewCall(
        source="live", title=f"Call {local:%Y-%m-%d %H:%M}", started_at=started_at,
        language=language, model=model, keep_audio=not args.no_audio,
        mute_redacted=not args.keep_unredacted_audio))


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
    spec = capture_spec(args)
    events = EventLog(args.events_jsonl)

    def on_status(status: CaptureStatus) -> None:
        print(f"{clock(status.position):>7}  [{status.kind.value}] {status.message}",
              file=sys.stderr, flush=True)
        events.write({"kind": "status", "status": status.kind.value, "message": status.message,
                      "time": round(seconds(status.position), 3)})

    # Devices are resolved by name before the model loads: a typo fails in a second.
    source = LiveCallSource(spec, CaptureConfig(), duration_s=args.duration,
                            on_status=on_status)
    store = _open_library(args)
    recorder = None
    try:
        recognizer = load_recognizer(args, config)
        session = CallSession(ChannelLayout.stereo("left"), live_config(config), recognizer,
                              LiveClock(lambda: source.position), light_model=light_model(args))
        source.start()
        assert source.started_at is not None
        recorder = rec = _start_recording(store, args, source.started_at,
                                          config.transcription.language, recognizer.model_name)
        source.on_raw = rec.write_audio
        events.write({"kind": "call", "started_at": source.started_at.isoformat(),
                      "sample_rate": SAMPLE_RATE, "capture": spec.describe(),
                      "model": recognizer.model_name})
        print(f"Listening: {spec.describe()}. Ctrl-C ends the call.", flush=True)
        printer = ConsolePrinter()

        def on_output(item: EngineOutput) -> None:
            printer(item)
            rec.record(item)
            events.output(item)

        restore = _install_sigint(source.stop, session.abort)
        try:
            session.run(source.blocks(), on_output)
        finally:
            restore()
            source.close()
        notes = _notes(source)
        # How the call ended, and what the capture filled in or dropped on the way (samples
        # and seconds per party): a reader of the JSONL can account for every sample.
        events.write({"kind": "end", "samples": source.position,
                      "time": round(seconds(source.position), 3), "capture": source.report()})
        result = session.result(RecordingInfo(str(recorder.audio_path or "live"),
                                              source.position, SAMPLE_RATE, 2), notes)
        recorder.finish(result)
        recorder = None
    finally:
        if recorder is not None:
            recorder.close()  # left "recording": the next start recovers it
        store.close()
        events.close()
    print()
    for line in summary_lines(result.stats.talk_time, result.stats.talkovers,
                              result.stats.repeats):
        print(line)
    for note in notes:
        print(f"Note: {note}")
    return 0


def _notes(source: LiveCallSource) -> list[str]:
    """What the capture had to fill in or drop, and the echo warning: kept with the call."""
    notes = []
    for party, report in source.report().items():
        if report["silence_s"] >= 0.5 or report["overflows"] or report["dropped_blocks"]:
            notes.append(f"{party} side: {report['silence_s']:.1f} s without audio (silence), "
                         f"{int(report['overflows'])} driver overflows, "
                         f"{int(report['dropped_blocks'])} blocks dropped")
    if source.echo_warning and source.echo is not None and source.echo.coupling_db is not None:
        notes.append(f"the customer's voice leaked into the agent's microphone (coupling "
                     f"{source.echo.coupling_db:.0f} dB): use a headset")
    return notes
