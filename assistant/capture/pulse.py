"""PulseAudio (and PipeWire's pulse server) sources, through ``pactl``.

PortAudio as shipped by Debian (19.6) has no PulseAudio host API: it sees
PulseAudio only as ALSA's ``pulse`` device, which records from the *default*
source. libpulse reads ``PULSE_SOURCE`` from the environment whenever a
client context is created, and the ALSA plugin creates one per opened PCM,
so a stream opened with ``PULSE_SOURCE=<source name>`` records that source
(``target()`` sets it just for the open). Listing sources, telling monitors
from microphones and noticing a source vanish all go through ``pactl``.

When a source vanishes, PulseAudio (15+) and PipeWire do not end the
streams recording it: they move them to the default source, which is
usually the agent's microphone. ``PulseEvents`` watches for that (``pactl
subscribe``) so the capture can close such a stream instead of recording
the wrong party; a ``PULSE_PROP`` tag finds our stream among the others.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field

PULSE_HOST_API = "PulseAudio"
TAG_KEY = "assistant.capture"  # our property on each recording stream
_TIMEOUT = 5.0


@dataclass(frozen=True)
class PulseSource:
    index: int
    name: str
    description: str
    monitor_of: str | None  # the sink whose output this source carries
    rate: int
    channels: int

    @property
    def is_monitor(self) -> bool:
        return self.monitor_of is not None or self.name.endswith(".monitor")


def pactl(*args: str) -> str | None:
    """``pactl``'s output, or None when there is no pactl or no server."""
    exe = shutil.which("pactl")
    if exe is None:
        return None
    try:
        proc = subprocess.run([exe, *args], capture_output=True, text=True, timeout=_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout if proc.returncode == 0 else None


def _json(*args: str) -> list[dict] | None:
    out = pactl("-f", "json", *args)
    if out is None:
        return None
    try:
        data = json.loads(out)
    except ValueError:
        return None
    return data if isinstance(data, list) else None


_SPEC = re.compile(r"(\d+)ch\s+(\d+)Hz")


def _spec(text: str) -> tuple[int, int]:
    match = _SPEC.search(text or "")
    return (int(match.group(2)), int(match.group(1))) if match else (48_000, 2)


def list_sources() -> list[PulseSource]:
    """Every source the server has, monitors included (empty when there is no server)."""
    data = _json("list", "sources")
    if data is not None:
        sources = []
        for s in data:
            rate, channels = _spec(str(s.get("sample_specification", "")))
            # pactl's JSON names the monitored sink in "monitor_source".
            monitor = s.get("monitor_source") or (
                "?" if (s.get("properties") or {}).get("device.class") == "monitor" else None)
            sources.append(PulseSource(int(s["index"]), str(s["name"]),
                                       str(s.get("description") or s["name"]),
                                       str(monitor) if monitor else None, rate, channels))
        return sources
    short = pactl("list", "short", "sources")  # pactl before 16 has no JSON
    sources = []
    for line in (short or "").splitlines():
        fields = line.split("\t")
        if len(fields) >= 4:
            rate, channels = _spec(fields[3])
            sources.append(PulseSource(int(fields[0]), fields[1], fields[1], None, rate, channels))
    return sources


def stream_sources() -> dict[str, tuple[int, int]] | None:
    """For each of our tagged recording streams: (its index, the source index it records).

    None when that cannot be found out (no JSON from an old pactl).
    """
    data = _json("list", "source-outputs")
    if data is None:
        return None
    found = {}
    for out in data:
        tag = (out.get("properties") or {}).get(TAG_KEY)
        if tag:
            found[str(tag)] = (int(out["index"]), int(out["source"]))
    return found


@contextlib.contextmanager
def target(source: str, tag: str) -> Iterator[None]:
    """Environment under which a newly opened ALSA ``pulse`` PCM records ``source``."""
    saved = {k: os.environ.get(k) for k in ("PULSE_SOURCE", "PULSE_PROP")}
    os.environ["PULSE_SOURCE"] = source
    prop = f"{TAG_KEY}={tag} media.role=phone"
    os.environ["PULSE_PROP"] = f"{saved['PULSE_PROP']} {prop}" if saved["PULSE_PROP"] else prop
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass(frozen=True)
class PulseEvent:
    action: str  # new, change, remove
    facility: str  # source, source-output, ...
    index: int


_EVENT = re.compile(r"Event '(\w+)' on ([\w-]+) #(\d+)")


class PulseEvents:
    """``pactl subscribe`` in the background, read without blocking."""

    def __init__(self) -> None:
        exe = shutil.which("pactl")
        self._proc: subprocess.Popen[bytes] | None = None
        self._pending = b""
        if exe is None:
            return
        try:
            self._proc = subprocess.Popen([exe, "subscribe"], stdout=subprocess.PIPE,
                                          stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        except OSError:
            self._proc = None
            return
        assert self._proc.stdout is not None
        os.set_blocking(self._proc.stdout.fileno(), False)

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def poll(self) -> list[PulseEvent]:
        """Events that have arrived since the last call (never waits)."""
        if self._proc is None or self._proc.stdout is None:
            return []
        fd = self._proc.stdout.fileno()
        while select.select([fd], [], [], 0)[0]:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            self._pending += chunk
        *lines, self._pending = self._pending.split(b"\n")
        events = []
        for line in lines:
            match = _EVENT.search(line.decode("utf-8", "replace"))
            if match:
                events.append(PulseEvent(match.group(1), match.group(2), int(match.group(3))))
        return events

    def close(self) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            if self._proc.stdout is not None:
                self._proc.stdout.close()
            self._proc = None


@dataclass(eq=False)
class Watched:
    """One of our recording streams and the source it must record."""

    tag: str
    source: str
    output: int | None = None  # the stream's source-output index
    source_index: int | None = None


@dataclass
class PulseWatch:
    """Which of our streams PulseAudio moved off their source, and which sources are back.

    Event-driven (``pactl subscribe``), with a slow periodic check in case the
    events are not available; ``poll`` never waits for the server unless an
    event (or the period) says something may have changed.
    """

    period_s: float = 5.0
    _events: PulseEvents = field(default_factory=PulseEvents)
    _next_check: float = 0.0

    def attach(self, watched: Watched) -> None:
        """After (re)opening: find the stream, and the source's index."""
        ours = (stream_sources() or {}).get(watched.tag)
        found = next((s for s in list_sources() if s.name == watched.source), None)
        watched.output = ours[0] if ours else None
        watched.source_index = found.index if found else None

    def poll(self, now: float, up: list[Watched], down: list[Watched]
             ) -> tuple[list[Watched], list[Watched]]:
        """(streams no longer recording their source, gone sources that exist again)."""
        events = self._events.poll()
        periodic = now >= self._next_check
        if periodic:
            self._next_check = now + (self.period_s if self._events.alive else 1.0)
        suspect = [w for w in up if periodic or any(
            (e.facility == "source" and e.action == "remove" and e.index == w.source_index)
            or (e.facility == "source-output" and e.index == w.output) for e in events)]
        moved = []
        if suspect:
            names = {s.index: s.name for s in list_sources()}
            where = stream_sources()
            if where is None:  # an old pactl (no JSON): only a vanished source is certain
                moved = [w for w in suspect if w.source not in names.values()]
            else:
                moved = [w for w in suspect
                         if w.tag not in where or names.get(where[w.tag][1]) != w.source]
        back: list[Watched] = []
        if down and (periodic or any(e.facility == "source" for e in events)):
            present = {s.name for s in list_sources()}
            back = [w for w in down if w.source in present]
        return moved, back

    def close(self) -> None:
        self._events.close()
