"""Both sides of a live call as one stream of 16 kHz two-channel blocks.

``LiveCallSource.blocks()`` is what the pipeline's front thread iterates:
it opens the devices, turns their callbacks' blocks into contiguous
``AudioBlock``s (agent channel 0, customer channel 1) on the one call clock,
and keeps going when a device disappears: its side becomes silence, the
user is told, and it is reopened when it comes back. Everything here runs
on the thread that iterates ``blocks()``; PortAudio's threads only copy.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import math
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import numpy as np

from assistant.capture import pulse
from assistant.capture.align import AlignConfig, ClockAligner, StreamPlacer
from assistant.capture.devices import DeviceRef, InputDevice, list_inputs, resolve
from assistant.capture.echo import EchoConfig, EchoGate
from assistant.capture.stream import ERROR, FINISHED, CaptureError, CaptureStream, Notice
from assistant.capture.timeline import CallTimeline
from assistant.errors import InputError
from assistant.records import AudioBlock, Speaker
from assistant.timebase import FRAME_SAMPLES, SAMPLE_RATE, samples

PARTIES = (Speaker.AGENT, Speaker.CUSTOMER)  # lane (and output channel) order
_log = logging.getLogger(__name__)
_MAX_BLOCK = 10 * FRAME_SAMPLES  # 300 ms: after a stall, catch up in engine-sized pieces


@dataclass(frozen=True)
class CaptureSpec:
    """Where each party's voice comes from: two devices, or the two sides of one stereo input."""

    agent: DeviceRef | None = None
    customer: DeviceRef | None = None
    stereo: DeviceRef | None = None
    agent_channel: str = "left"

    def __post_init__(self) -> None:
        two = self.agent is not None and self.customer is not None
        if two == (self.stereo is not None) or (not two and (self.agent or self.customer)):
            raise InputError("give either an agent and a customer device, or one stereo device")
        if self.agent_channel not in ("left", "right"):
            raise InputError(f"agent channel must be left or right, not {self.agent_channel!r}")

    def describe(self) -> str:
        if self.stereo is not None:
            return f"stereo {self.stereo}, agent on the {self.agent_channel}"
        return f"agent {self.agent}, customer {self.customer}"


@dataclass(frozen=True)
class CaptureConfig:
    block_s: float = 0.02  # device callback block: fewer wake-ups than 10 ms, same prompt timing
    buffer_s: float = 2.0  # audio a stream may hold for the reader before dropping
    wait_s: float = 0.3  # a lane this late goes out as silence rather than hold the other up
    stall_s: float = 1.0  # no audio at all for this long: the device is gone
    first_audio_s: float = 5.0  # ... but a fresh stream may take a while to start (PulseAudio)
    retry_s: float = 1.0  # how often a gone device is looked for
    report_s: float = 5.0  # at most one overflow notice per this long
    align: AlignConfig = field(default_factory=AlignConfig)
    echo: EchoConfig | None = field(default_factory=EchoConfig)  # None: no leak gating


class StatusKind(str, enum.Enum):
    OPENED = "opened"
    LOST = "lost"  # a device disappeared: its side is silence meanwhile
    BACK = "back"  # ... and is recording again
    OVERFLOW = "overflow"  # audio was lost (driver overflow or a full queue)
    ECHO = "echo"  # the customer leaks into the agent's microphone: use a headset


@dataclass(frozen=True)
class CaptureStatus:
    kind: StatusKind
    message: str
    position: int  # call clock, samples
    party: Speaker | None = None


@dataclass(frozen=True)
class PartyReport:
    """What the capture of one party's side had to fill in or lost."""

    start_s: float  # silence before its device's first sample (start-up, not a gap)
    silence_s: float  # filled with silence after that (the device was gone or late)
    late_s: float  # dropped: arrived after their stretch had gone out
    overflows: int  # driver overflows
    dropped_blocks: int  # blocks dropped because the queue was full
    slipped_samples: int  # the aligner's corrections

    @property
    def lossy(self) -> bool:
        """Worth a note with the call."""
        return self.silence_s >= 0.5 or bool(self.overflows) or bool(self.dropped_blocks)


@dataclass(frozen=True)
class Level:
    rms_dbfs: float
    peak_dbfs: float
    connected: bool


def _dbfs(value: float) -> float:
    return 20.0 * math.log10(max(value, 1e-6))


@dataclass
class _Input:
    """One open-able stream and the parties (lanes) its channels feed."""

    device: InputDevice
    stream: CaptureStream
    placer: StreamPlacer
    parties: tuple[Speaker, ...]  # per stream channel; one party: channels are mixed down
    up: bool = False
    next_retry: float = 0.0
    watched: pulse.Watched | None = None  # a PulseAudio stream, and the source it must record
    reported: tuple[int, int] = (0, 0)  # overflow/drop counters already reported
    next_report: float = 0.0
    blocks_at_open: int = 0
    announce: StatusKind | None = None  # to tell the user once its audio flows

    @property
    def label(self) -> str:
        return " and ".join(p.value for p in self.parties if p in PARTIES) or "call"


class LiveCallSource:
    """Live two-party capture; iterate ``blocks()`` on the pipeline's front thread."""

    def __init__(
        self,
        spec: CaptureSpec,
        config: CaptureConfig | None = None,
        *,
        duration_s: float | None = None,
        on_status: Callable[[CaptureStatus], None] | None = None,
        on_raw: Callable[[AudioBlock], None] | None = None,
        devices: list[InputDevice] | None = None,
    ) -> None:
        """Resolves the devices by name now, so a wrong name fails before anything starts."""
        self.spec = spec
        self.config = config or CaptureConfig()
        self.on_status = on_status
        self.on_raw = on_raw
        frames = math.ceil(samples(duration_s) / FRAME_SAMPLES) if duration_s else None
        self.duration = frames * FRAME_SAMPLES if frames else None
        self.echo = EchoGate(self.config.echo) if self.config.echo is not None else None
        self.status_log: list[CaptureStatus] = []
        self.timeline = CallTimeline(len(PARTIES), FRAME_SAMPLES)
        self.call_start = 0.0
        self.started_at: datetime | None = None  # wall clock (UTC) of call position 0
        self._levels = {p: Level(-120.0, -120.0, False) for p in PARTIES}
        self._notices: queue.SimpleQueue[Notice] = queue.SimpleQueue()
        self._stop = threading.Event()
        self._pulse: pulse.PulseWatch | None = None
        self._warned_echo = False
        devices = list_inputs() if devices is None else devices
        if spec.stereo is not None:
            stereo = resolve(spec.stereo, devices)
            if stereo.channels < 2:
                raise InputError(f"{stereo.ref} has {stereo.channels} input channel; a stereo "
                                 "device needs two")
            left, right = PARTIES if spec.agent_channel == "left" else PARTIES[::-1]
            self._inputs = [self._input(stereo, (left, right))]
        else:
            assert spec.agent is not None and spec.customer is not None
            agent, customer = resolve(spec.agent, devices), resolve(spec.customer, devices)
            if agent.ref == customer.ref:
                raise InputError(f"the agent and the customer cannot both be {agent.ref}: for "
                                 "one stereo input use --stereo-device")
            self._inputs = [self._input(agent, (Speaker.AGENT,)),
                            self._input(customer, (Speaker.CUSTOMER,))]

    def _input(self, device: InputDevice, parties: tuple[Speaker, ...]) -> _Input:
        stream = CaptureStream(device, self._notices, channels=len(parties),
                               block_s=self.config.block_s, buffer_s=self.config.buffer_s)
        aligner = ClockAligner(0.0, self.config.align)
        watched = pulse.Watched(stream.tag, device.pulse_source) if device.pulse_source else None
        return _Input(device, stream, StreamPlacer(stream.rate, len(parties), aligner), parties,
                      watched=watched)

    # -- what the app reads (any thread) -------------------------------------

    @property
    def position(self) -> int:
        """End of the audio handed out so far (call clock, samples)."""
        return self.timeline.emitted

    @property
    def devices(self) -> list[InputDevice]:
        return [inp.device for inp in self._inputs]

    def levels(self) -> dict[Speaker, Level]:
        return dict(self._levels)

    @property
    def echo_warning(self) -> bool:
        return self.echo is not None and self.echo.warning

    def stop(self) -> None:
        """End the call: what has been captured still comes out, then ``blocks()`` ends."""
        self._stop.set()

    def party_reports(self) -> dict[Speaker, PartyReport]:
        """What was lost or filled in, per party: for the call's notes."""
        out = {}
        for party, lane in zip(PARTIES, self.timeline.lanes, strict=True):
            inp = next(i for i in self._inputs if party in i.parties)
            c = inp.stream.counters
            out[party] = PartyReport(
                start_s=lane.counters.lead / SAMPLE_RATE,
                silence_s=lane.counters.silence / SAMPLE_RATE,
                late_s=lane.counters.late / SAMPLE_RATE,
                overflows=c.overflows, dropped_blocks=c.dropped_blocks,
                slipped_samples=inp.placer.aligner.slipped)
        return out

    def report(self) -> dict[str, dict[str, float]]:
        """``party_reports`` as JSON (``assistant listen --events-jsonl``'s end line)."""
        return {party.value: dataclasses.asdict(r) for party, r in self.party_reports().items()}

    # -- the front thread ----------------------------------------------------

    def blocks(self) -> Iterator[AudioBlock]:
        self.start()
        try:
            while True:
                stopping = self._stop.is_set()
                self._wait_and_read(0.0 if stopping else 0.02)
                now = time.monotonic()
                self._supervise(now)
                yield from self._emit(now, final=stopping)
                if stopping or (self.duration is not None and self.position >= self.duration):
                    return
        finally:
            self.close()

    def close(self) -> None:
        for inp in self._inputs:
            inp.stream.close()
            inp.up = False
        if self._pulse is not None:
            self._pulse.close()
            self._pulse = None

    def start(self) -> None:
        """Open the devices and start the call clock (``blocks()`` does it if need be)."""
        if self.started_at is not None:
            return
        self.call_start = time.monotonic()
        self.started_at = datetime.now(timezone.utc) - timedelta(
            seconds=time.monotonic() - self.call_start)
        if any(inp.device.pulse_source for inp in self._inputs):
            self._pulse = pulse.PulseWatch()
        for inp in self._inputs:
            inp.placer.aligner.call_start = self.call_start
            self._open(inp, self.call_start, first=True)

    def _status(self, kind: StatusKind, message: str, party: Speaker | None = None) -> None:
        status = CaptureStatus(kind, message, self.position, party)
        self.status_log.append(status)
        _log.log(logging.WARNING if kind in (StatusKind.LOST, StatusKind.OVERFLOW)
                 else logging.INFO, "capture: %s", message)
        if self.on_status is not None:
            self.on_status(status)

    def _open(self, inp: _Input, now: float, first: bool = False) -> None:
        try:
            inp.stream.open()
        except CaptureError as exc:
            inp.next_retry = now + self.config.retry_s
            if first:
                self._status(StatusKind.LOST, f"{inp.label} side: {exc}; recording silence "
                             "for it until the device appears", inp.parties[0])
            return
        inp.up = True
        inp.blocks_at_open = inp.stream.counters.blocks
        inp.placer.end()  # the next block starts a session at its own capture time
        if self._pulse is not None and inp.watched is not None:
            self._pulse.attach(inp.watched)
        inp.announce = StatusKind.OPENED if first else StatusKind.BACK

    def _lose(self, inp: _Input, now: float, why: str, cut_back: float = 0.0) -> None:
        inp.stream.close()
        inp.up = False
        inp.placer.end()
        inp.next_retry = now + self.config.retry_s
        if cut_back:  # what it recorded after it was gone belongs to another source
            cut = round((now - cut_back - self.call_start) * SAMPLE_RATE)
            for party in inp.parties:
                self.timeline.lanes[PARTIES.index(party)].truncate(cut)
        self._status(StatusKind.LOST, f"{inp.label} side lost ({why}): recording silence for "
                     "it; it will resume when the device is back", inp.parties[0])

    def _wait_and_read(self, timeout: float) -> None:
        """Take every block the callbacks have queued, waiting up to ``timeout`` for the first."""
        try:
            notice = self._notices.get(timeout=timeout) if timeout > 0 else \
                self._notices.get_nowait()
        except queue.Empty:
            return
        while True:
            self._take(notice)
            try:
                notice = self._notices.get_nowait()
            except queue.Empty:
                return

    def _take(self, notice: Notice) -> None:
        stream, generation, slot, frames, at = notice
        if generation != stream.generation:
            return  # from a stream since closed; its slots are void
        inp = next(i for i in self._inputs if i.stream is stream)
        if slot == ERROR:
            raise CaptureError(f"the audio callback for the {inp.label} side failed: "
                               f"{stream.error!r}") from stream.error
        if slot == FINISHED:
            if inp.up:
                self._lose(inp, at, "the stream ended")
            return
        block = stream.take(slot, frames)
        if inp.announce is not None:
            verb = "recording from" if inp.announce is StatusKind.OPENED else \
                "back: recording again from"
            self._status(inp.announce, f"{inp.label} side {verb} {inp.device.ref}",
                         inp.parties[0])
            inp.announce = None
        if block.shape[1] > inp.placer.channels:  # a mono party from a stereo-only device
            block = block.mean(axis=1, keepdims=True)
        captured = at - frames / stream.rate - stream.latency
        start, out = inp.placer.feed(block, captured)
        if len(inp.parties) == 1:
            lane = self.timeline.lanes[PARTIES.index(inp.parties[0])]
            lane.put(start, out.mean(axis=1) if out.shape[1] > 1 else out[:, 0])
        else:
            for ch, party in enumerate(inp.parties):
                self.timeline.lanes[PARTIES.index(party)].put(start, out[:, ch])

    def _supervise(self, now: float) -> None:
        cfg = self.config
        self._watch_pulse(now)
        for inp in self._inputs:
            started = inp.stream.counters.blocks > inp.blocks_at_open
            limit = cfg.stall_s if started else cfg.first_audio_s
            if inp.up and now - inp.stream.last_data > limit:
                self._lose(inp, now, f"no audio for {limit:g} s")
            elif not inp.up and now >= inp.next_retry and not inp.device.pulse_source:
                self._open(inp, now)  # PortAudio devices: just try again
            c = inp.stream.counters
            lost = (c.overflows, c.dropped_blocks)
            if lost != inp.reported and now >= inp.next_report:
                inp.next_report = now + cfg.report_s
                self._status(StatusKind.OVERFLOW, f"{inp.label} side: audio lost "
                             f"({c.overflows} driver overflows, {c.dropped_blocks} blocks "
                             "dropped so far)", inp.parties[0])
                inp.reported = lost
        if self.echo is not None and self.echo.warning and not self._warned_echo:
            self._warned_echo = True
            self._status(StatusKind.ECHO, "the customer's voice reaches the agent's microphone "
                         f"(coupling {self.echo.coupling_db:.0f} dB): use a headset; the leak "
                         "is not counted as the agent speaking", Speaker.AGENT)

    def _watch_pulse(self, now: float) -> None:
        """PulseAudio moves a vanished source's streams to the default source: lose them."""
        if self._pulse is None:
            return
        pulsed = [i for i in self._inputs if i.watched is not None]
        moved, back = self._pulse.poll(
            now, [i.watched for i in pulsed if i.up and i.watched],
            [i.watched for i in pulsed if not i.up and i.watched])
        for inp in pulsed:
            if inp.watched in moved:
                self._lose(inp, now, f"{inp.device.pulse_source} went away", cut_back=0.03)
            elif inp.watched in back:
                self._open(inp, now)

    # -- out to the engine ---------------------------------------------------

    def _emit(self, now: float, final: bool) -> Iterator[AudioBlock]:
        lanes = self.timeline.lanes
        live = round((now - self.call_start) * SAMPLE_RATE)
        overdue = live - samples(self.config.wait_s)
        healthy = [lanes[PARTIES.index(p)].end for i in self._inputs if i.up for p in i.parties
                   if p in PARTIES]
        for inp in self._inputs:
            for party in inp.parties:
                lane = lanes[PARTIES.index(party)]
                if final:
                    lane.pad_to(max(ln.end for ln in lanes))
                elif not inp.up:  # gone: silence, as far as the other side has got
                    lane.pad_to(min(live, max(healthy)) if healthy else overdue)
                else:
                    lane.pad_to(overdue)  # late: its stretch goes out as silence
        end = self.timeline.ready()
        if final:
            end = max(end, min(ln.end for ln in lanes))
        if self.duration is not None:
            end = min(end, self.duration)
        while self.position < end:
            piece = min(end, self.position + _MAX_BLOCK)
            yield self._block(piece)

    def _block(self, end: int) -> AudioBlock:
        start = self.position
        raw = self.timeline.take(end)
        for ch, party in enumerate(PARTIES):
            x = raw[:, ch].astype(np.float32) / 32768.0
            up = any(i.up for i in self._inputs if party in i.parties)
            self._levels[party] = Level(_dbfs(float(np.sqrt(np.mean(x * x)))),
                                        _dbfs(float(np.max(np.abs(x)))), up)
        if self.on_raw is not None:
            self.on_raw(AudioBlock(start, raw))
        engine = raw
        if self.echo is not None and len(raw) % FRAME_SAMPLES == 0:
            engine = raw.copy()
            engine[:, 0] = self.echo.process(raw[:, 0], raw[:, 1])
        return AudioBlock(start, engine)
