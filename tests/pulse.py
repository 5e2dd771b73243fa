"""A private PulseAudio daemon for capture tests: two null sinks stand in for a call.

``agent_line`` and ``customer_line`` are null sinks; what is played into them
(``paplay``) comes out of their monitor sources ``agent_line.monitor`` and
``customer_line.monitor``, which ``assistant listen`` records like any
loopback device. The daemon has its own runtime directory and socket, so it
never touches (or is touched by) a user's sound server, and it is killed at
teardown.

PortAudio lists devices once, when sounddevice is imported, and reaches
PulseAudio only through ALSA's ``pulse`` plugin, which must find a running
server then. So capture code runs in a subprocess started with ``env``
after the daemon is up; nothing here imports sounddevice.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
import wave
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

SINKS = ("agent_line", "customer_line")
# The default sink and source: where PulseAudio moves the streams of a sink that
# vanishes. Being neither line, anything that follows such a move shows up.
ELSEWHERE = "elsewhere"
_READY_TIMEOUT = 20.0


def available() -> bool:
    return all(shutil.which(tool) for tool in ("pulseaudio", "pactl", "paplay"))


def _sink_line(name: str) -> str:
    return (f"module-null-sink sink_name={name} "
            f"sink_properties=device.description={name.replace('_', '-')}")


@dataclass
class PulseServer:
    root: Path
    proc: subprocess.Popen[bytes]
    env: dict[str, str]  # for every client process: the CLI under test, pactl, paplay
    players: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def log(self) -> str:
        path = self.root / "pulse.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def pactl(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True,
                              timeout=10)
        if check and proc.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)}: {proc.stderr.strip()}")
        return proc.stdout

    def sources(self) -> list[str]:
        return [line.split("\t")[1] for line in self.pactl("list", "short", "sources")
                .splitlines() if "\t" in line]

    def sink_module(self, sink: str) -> int | None:
        for line in self.pactl("list", "short", "modules").splitlines():
            fields = line.split("\t")
            if len(fields) >= 3 and f"sink_name={sink} " in f"{fields[2]} ":
                return int(fields[0])
        return None

    def unload_sink(self, sink: str) -> None:
        module = self.sink_module(sink)
        if module is None:
            raise RuntimeError(f"no sink {sink}")
        self.pactl("unload-module", str(module))

    def load_sink(self, sink: str) -> None:
        self.pactl("load-module", *_sink_line(sink).split(" "))

    def play(self, sink: str, wav: Path) -> subprocess.Popen[bytes]:
        """Start playing ``wav`` into ``sink``; returns at once."""
        player = subprocess.Popen(["paplay", f"--device={sink}", str(wav)], env=self.env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.players.append(player)
        return player

    def wait_for(self, condition: str, test: Callable[[], bool], timeout: float = 10.0) -> None:
        """Poll the server until ``test()`` holds (readiness only, never for timing)."""
        deadline = time.monotonic() + timeout
        while not test():
            if time.monotonic() > deadline:
                raise TimeoutError(f"PulseAudio: {condition} did not happen in {timeout} s")
            time.sleep(0.02)

    def stop_players(self) -> None:
        """Silence every line: a player outliving its test would mix into the next one."""
        for player in self.players:
            if player.poll() is None:
                player.kill()
            player.wait()
        self.players.clear()

    def stop(self) -> None:
        self.stop_players()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start(root: Path, sinks: tuple[str, ...] = SINKS) -> PulseServer:
    """Start a daemon under ``root`` with one null sink per name; returns once it answers."""
    dirs = {name: root / name for name in ("runtime", "xdg", "home")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o700)
    socket = root / "runtime" / "native"
    script = root / "daemon.pa"
    script.write_text("\n".join([
        f"load-module module-native-protocol-unix auth-anonymous=1 socket={socket}",
        *(f"load-module {_sink_line(name)}" for name in (*sinks, ELSEWHERE)),
        "load-module module-always-sink",
        f"set-default-sink {ELSEWHERE}",
        f"set-default-source {ELSEWHERE}.monitor",
    ]) + "\n")
    client_conf = root / "client.conf"
    client_conf.write_text("autospawn = no\n")
    base = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    daemon_env = {**base, "PULSE_RUNTIME_PATH": str(dirs["runtime"]),
                  "XDG_RUNTIME_DIR": str(dirs["xdg"]), "HOME": str(dirs["home"])}
    # Clients keep the real HOME (models, caches) but reach only this server.
    client_env = {**base, "PULSE_SERVER": f"unix:{socket}",
                  "PULSE_RUNTIME_PATH": str(dirs["runtime"]),
                  "PULSE_CLIENTCONFIG": str(client_conf)}
    proc = subprocess.Popen(
        ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--system=false",
         "--use-pid-file=no", f"--log-target=file:{root / 'pulse.log'}", "-F", str(script)],
        env=daemon_env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    server = PulseServer(root, proc, client_env)

    def ready() -> bool:
        if proc.poll() is not None:
            raise RuntimeError(f"pulseaudio exited ({proc.returncode}):\n{server.log}")
        done = subprocess.run(["pactl", "info"], env=client_env, capture_output=True,
                              timeout=10)
        return done.returncode == 0 and all(f"{s}.monitor" in server.sources() for s in sinks)

    try:
        server.wait_for("start-up", ready, timeout=_READY_TIMEOUT)
    except BaseException:
        server.stop()
        raise
    return server


@contextlib.contextmanager
def private_pulse(root: Path, sinks: tuple[str, ...] = SINKS) -> Iterator[PulseServer]:
    server = start(root, sinks)
    try:
        yield server
    finally:
        server.stop()


def write_mono_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.ascontiguousarray(samples, dtype="<i2").tobytes())
    return path


def band_noise(seconds: float, seed: int, dbfs: float = -20.0, rate: int = 16_000) -> np.ndarray:
    """int16 noise in the speech band: every stretch is unique, so a lag is unambiguous, and
    nothing in it is lost to resampling."""
    x = np.random.default_rng(seed).standard_normal(round(seconds * rate))
    spectrum = np.fft.rfft(x)
    freqs = np.fft.rfftfreq(len(x), 1 / rate)
    spectrum[(freqs < 200) | (freqs > 3500)] = 0
    x = np.fft.irfft(spectrum, len(x))
    x *= 10 ** (dbfs / 20) / np.sqrt(np.mean(x ** 2))
    return (x * 32767).astype(np.int16)


def read_wav(path: Path) -> tuple[np.ndarray, int]:
    """int16 ``(n, channels)`` and the rate."""
    with wave.open(str(path)) as w:
        data = np.frombuffer(w.readframes(w.getnframes()), "<i2")
        return data.reshape(-1, w.getnchannels()), w.getframerate()


class ListenProcess:
    """``assistant listen`` under test: stderr lines and JSONL records, stamped on arrival.

    The events file is a FIFO read by a thread here, so each record's wall-clock
    receipt is the moment ``listen`` wrote and flushed it, not when a poll found it.
    """

    def __init__(self, server: PulseServer, args: list[str], workdir: Path,
                 env: dict[str, str] | None = None) -> None:
        import sys
        import threading

        self.events_path = workdir / "events.jsonl"
        os.mkfifo(self.events_path)
        self.stderr: list[tuple[float, str]] = []  # (monotonic, line)
        self.records: list[tuple[float, dict]] = []  # (time.time(), record)
        self._changed = threading.Condition()
        env = {**server.env, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1", **(env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "listen", *args,
             "--events-jsonl", str(self.events_path)],
            env=env, cwd=Path(__file__).resolve().parents[1], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout: list[str] = []
        self._threads = [threading.Thread(target=self._read_stderr, daemon=True),
                         threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_events, daemon=True)]
        for thread in self._threads:
            thread.start()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            with self._changed:
                self.stderr.append((time.monotonic(), line.rstrip("\n")))
                self._changed.notify_all()

    def _read_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.stdout.append(line)

    def _read_events(self) -> None:
        import json

        with open(self.events_path, encoding="utf-8") as fifo:  # waits for the writer
            for line in fifo:
                with self._changed:
                    self.records.append((time.time(), json.loads(line)))
                    self._changed.notify_all()

    def wait_for_stderr(self, needle: str, timeout: float = 60.0, count: int = 1) -> float:
        """Monotonic time of the ``count``-th stderr line containing ``needle``."""
        with self._changed:
            def hits() -> list[float]:
                return [t for t, line in self.stderr if needle in line]

            if not self._changed.wait_for(
                    lambda: len(hits()) >= count or self.proc.poll() is not None, timeout):
                raise TimeoutError(f"no {needle!r} on listen's stderr in {timeout} s:\n"
                                   + self.stderr_text)
            if len(hits()) < count:
                raise RuntimeError(f"listen ended without {needle!r}:\n{self.stderr_text}")
            return hits()[count - 1]

    @property
    def stderr_text(self) -> str:
        return "\n".join(line for _, line in self.stderr)

    def finish(self, timeout: float = 300.0) -> str:
        """Wait for exit; returns stdout. Raises if ``listen`` failed."""
        self.proc.wait(timeout=timeout)
        if self._threads[2].is_alive():  # listen never opened the events file: let go of it
            with contextlib.suppress(OSError):
                os.close(os.open(self.events_path, os.O_WRONLY | os.O_NONBLOCK))
        for thread in self._threads:
            thread.join(timeout=10)
        stdout = "".join(self.stdout)
        if self.proc.returncode != 0:
            raise RuntimeError(f"listen exited {self.proc.returncode}:\n{stdout}\n"
                               f"{self.stderr_text}")
        return stdout

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def until(moment: float) -> None:
    """Let the call play on until ``moment`` (monotonic): a test script's timeline, the way a
    caller takes their time, not a wait for anything to become ready."""
    while (left := moment - time.monotonic()) > 0:
        time.sleep(left)


def piece_lags(recorded: np.ndarray, played: np.ndarray, piece: int = 4000,
               search: int = 64_000, start: int = 0,
               stop: int | None = None) -> list[tuple[int, int, float]]:
    """``(at, lag, rho)`` for each audible ``piece``-sample stretch of ``played`` found in
    ``recorded``: checking stretch by stretch allows for the aligner's deliberate slips
    (whole samples, a few ms at most), which a single correlation over everything does not.
    """
    r, s = recorded.astype(np.float64), played.astype(np.float64)
    loud = np.sqrt(np.mean(s ** 2)) * 0.3
    found = []
    stop = len(s) if stop is None else min(stop, len(s))
    for at in range(start, stop - piece + 1, piece):
        p = s[at:at + piece]
        if np.sqrt(np.mean(p ** 2)) < loud:
            continue
        lo = max(0, at - search)
        hay = r[lo:at + search + piece]
        if len(hay) < piece:
            break
        n = 1 << (len(hay) + piece).bit_length()
        xc = np.fft.irfft(np.fft.rfft(hay, n) * np.conj(np.fft.rfft(p, n)), n)
        energy = np.convolve(hay ** 2, np.ones(piece), "valid")
        rho = xc[:len(energy)] / np.sqrt(np.maximum(energy * np.sum(p ** 2), 1e-9))
        best = int(np.argmax(rho))
        found.append((at, lo + best - at, float(rho[best])))
    return found
