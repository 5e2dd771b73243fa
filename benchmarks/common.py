"""Shared by the benchmarks: where things are, the machine, thread pinning, and WER.

Run the benchmarks from the repository root as modules (``python -m benchmarks.wer``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import tempfile
import time
import unicodedata
import wave
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.scenarios import (
    Labels,
    TimedTurn,
    Timeline,
    Turn,
    cache_key,
    load_script,
    render_scenario,
)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODELS = REPO / "models"
CACHE = REPO / ".cache" / "bench"
THREADS = 2
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pin_threads(threads: int = THREADS) -> dict[str, str]:
    """Pin every thread pool (before ctranslate2 loads) and return what was set.

    Subprocesses inherit these, so both sides of a comparison run with the
    same pools; ctranslate2's own ``cpu_threads`` is passed explicitly too.
    """
    env = {var: str(threads) for var in THREAD_VARS}
    env.update(HF_HUB_OFFLINE="1", CT2_VERBOSE="0")
    os.environ.update(env)
    return env


def _first(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
    except OSError:
        return None
    return None


def machine_description() -> list[str]:
    """Lines describing the CPU, memory, GPU and software the numbers were taken on."""
    import ctranslate2
    import faster_whisper

    cpu = _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown CPU"
    flags = (_first("/proc/cpuinfo", "flags") or "").split()
    simd = [f for f in ("avx2", "avx512f", "avx512_vnni", "avx_vnni") if f in flags]
    mem_kb = _first("/proc/meminfo", "MemTotal")
    mem = f"{int(mem_kb.split()[0]) / 1024 ** 2:.1f} GiB" if mem_kb else "unknown"
    gpus = ctranslate2.get_cuda_device_count()
    gpu = f"{gpus} CUDA device(s), not used" if gpus else "none (CPU only)"
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"machine: {cpu}, {os.cpu_count()} logical cores ({', '.join(simd) or 'no AVX2'}), "
        f"{mem} RAM, GPU: {gpu}",
        f"system: {platform.system()} {platform.release()}, Python {platform.python_version()}, "
        f"ctranslate2 {ctranslate2.__version__}, faster-whisper {faster_whisper.__version__}",
        f"load average at start: {load} (the machine is shared; compare ratios, not times)",
    ]


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


# --- Word error rate ----------------------------------------------------------------
#
# Normalisation, applied to reference and hypothesis alike:
# - Unicode NFKC, then lowercase (Danish æ, ø, å are letters and stay as they are).
# - Hyphens and slashes separate words; apostrophes are dropped inside words
#   ("neighbor's" -> "neighbors"); all other punctuation is removed.
# - Numbers: a digit string from 0 to 99 is spelled out in the clip's language
#   (English and Danish), so "1, 2, 3" matches "one two three" / "en to tre";
#   longer digit strings are left as they are. Number words are not changed.
# Nothing else (no spelling variants, no filler-word removal).

_ONES = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
           "seventeen", "eighteen", "nineteen"],
    "da": ["nul", "en", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni", "ti",
           "elleve", "tolv", "tretten", "fjorten", "femten", "seksten", "sytten", "atten",
           "nitten"],
}
_TENS = {  # 20, 30, ... 90
    "en": ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
    "da": ["tyve", "tredive", "fyrre", "halvtreds", "tres", "halvfjerds", "firs", "halvfems"],
}


def number_words(value: int, language: str) -> list[str]:
    """0-99 as words ("twenty one"; Danish "enogtyve" is one word); otherwise the digits."""
    ones, tens = _ONES.get(language), _TENS.get(language)
    if ones is None or tens is None or not 0 <= value <= 99:
        return [str(value)]
    if value < 20:
        return [ones[value]]
    ten, one = divmod(value, 10)
    if not one:
        return [tens[ten - 2]]
    if language == "da":
        return [f"{ones[one]}og{tens[ten - 2]}"]
    return [tens[ten - 2], ones[one]]


_SEPARATORS = re.compile(r"[-‐‑‒–—/]")
_APOSTROPHES = re.compile(r"(?<=\w)['’](?=\w)")


def normalise(text: str, language: str) -> list[str]:
    """Words for WER, as described above."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _APOSTROPHES.sub("", _SEPARATORS.sub(" ", text))
    text = "".join(ch if ch.isalnum() or ch.isspace() else " " for ch in text)
    words: list[str] = []
    for word in text.split():
        if word.isdigit() and len(word) <= 2:
            words += number_words(int(word), language)
        else:
            words.append(word)
    return words


def word_errors(reference: Sequence[str], hypothesis: Sequence[str]) -> int:
    """Substitutions + deletions + insertions: Levenshtein distance over words."""
    previous = list(range(len(hypothesis) + 1))
    for i, ref in enumerate(reference, start=1):
        current = [i]
        for j, hyp in enumerate(hypothesis, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ref != hyp)))
        previous = current
    return previous[-1]


def wer(reference: str, hypothesis: str, language: str) -> tuple[int, int]:
    """(word errors, reference words) after normalisation; WER is their ratio."""
    ref, hyp = normalise(reference, language), normalise(hypothesis, language)
    return word_errors(ref, hyp), len(ref)


# --- Timing a subprocess --------------------------------------------------------------


@dataclass(frozen=True)
class Measured:
    """One child process: wall time, CPU time and peak resident memory."""

    wall_s: float
    cpu_s: float  # user + system, from wait4
    peak_rss_mb: float  # the child's own high-water mark (VmHWM), MiB
    returncode: int
    stdout: str
    stderr: str
    system_s: float = 0.0  # of cpu_s, in the kernel (threads that spin or wake show here)


_POLL_S = 0.05


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def run_measured(argv: Sequence[str], *, cwd: Path = REPO,
                 env: dict[str, str] | None = None) -> Measured:
    """Run ``argv`` and measure it alone.

    Peak memory is the child's own ``VmHWM``, polled until it exits. Not
    ``ru_maxrss``: Linux carries the parent's high-water mark into a child
    across fork+exec, so that would report at least this script's own size
    (and RUSAGE_CHILDREN is the largest of all children so far). CPU time
    comes from ``wait4`` for this child alone. A high-water mark only rises,
    so polling misses at most growth in the last 50 ms before exit.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdout=out, stderr=err,
                                env=None if env is None else {**os.environ, **env})
        peak_kb = 0
        while True:
            peak_kb = max(peak_kb, _vm_hwm_kb(proc.pid) or 0)
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(_POLL_S)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # Popen must not wait again
        if not peak_kb:  # no /proc: fall back to the (possibly inflated) rusage figure
            peak_kb = usage.ru_maxrss
        out.seek(0)
        err.seek(0)
        return Measured(wall, usage.ru_utime + usage.ru_stime, peak_kb / 1024,
                        proc.returncode, out.read().decode("utf-8", "replace"),
                        err.read().decode("utf-8", "replace"), usage.ru_stime)


# --- The benchmark call: rendered scenarios end to end ------------------------------------

GAP_S = 1.0  # silence between scenarios
_RATE = 16_000


@dataclass(frozen=True)
class BuiltCall:
    """A two-channel call made of rendered scenarios, and where every turn lies in it."""

    wav: Path
    timeline: Timeline
    seconds: float
    pieces: int
    scripts: int

    def describe(self, root: Path) -> str:
        where = self.wav.relative_to(root) if self.wav.is_relative_to(root) else self.wav
        return (f"call: {where}: {self.seconds:.1f} s, 2 channels, 16 kHz; {self.pieces} "
                f"rendered scenarios ({self.scripts} public scripts in turn, {GAP_S:g} s "
                f"apart, silence to the end)")


def _read_pcm(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getframerate()) != (2, _RATE):
            raise ValueError(f"{path}: expected a 16 kHz two-channel render")
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2)


def join_timelines(pieces: Sequence[tuple[int, Timeline]], total: int) -> Timeline:
    """One timeline for the whole call: every piece's turns moved to where it was placed."""
    turns: list[TimedTurn] = []
    script_turns: list[Turn] = []
    talkover: list[int] = []
    for offset, tl in pieces:
        first = len(turns)
        turns += [TimedTurn(first + t.index, t.speaker, t.text, t.start + offset / _RATE,
                            t.end + offset / _RATE, t.start_sample + offset,
                            t.end_sample + offset) for t in tl.turns]
        script_turns += tl.script.turns
        talkover += [first + k for k in tl.script.labels.talkover]
    head = pieces[0][1].script
    script = dataclasses.replace(head, id="bench-call", turns=tuple(script_turns),
                                 labels=Labels(talkover=tuple(talkover)))
    return Timeline(script, _RATE, total / _RATE, tuple(turns))


def build_call(scenario_dir: Path, minutes: float, cache: Path,
               languages: Sequence[str] | None = None) -> BuiltCall:
    """Scenarios in turn until the next would not fit, then silence to exactly ``minutes``.

    The WAV is cached by the scripts' render keys and the length; the timeline
    (labels: talk-overs only, repeats across copies would be meaningless) is
    rebuilt each time from the cached renders.
    """
    scripts = [load_script(p) for p in sorted(scenario_dir.glob("*.json"))]
    if languages is not None:  # one language, as a real call is
        scripts = [s for s in scripts if s.language in languages]
    renders = [render_scenario(s, cache / "renders") for s in scripts]
    audio = [_read_pcm(r.wav) for r in renders]
    total, gap = round(minutes * 60 * _RATE), round(GAP_S * _RATE)
    placed: list[tuple[int, int]] = []  # (offset, render index)
    position = 0
    while True:
        i = len(placed) % len(renders)
        if placed and position + len(audio[i]) > total:
            break
        placed.append((position, i))
        position += len(audio[i]) + gap
    total = max(total, placed[-1][0] + len(audio[placed[-1][1]]))
    key = hashlib.sha256(json.dumps([cache_key(s) for s in scripts] + [total, gap]).encode())
    wav = cache / f"call-{minutes:g}min-{key.hexdigest()[:12]}.wav"
    if not wav.is_file():
        pcm = np.zeros((total, 2), dtype="<i2")
        for offset, i in placed:
            pcm[offset:offset + len(audio[i])] = audio[i]
        _write_atomically(wav, [pcm])
    timeline = join_timelines([(offset, renders[i].timeline) for offset, i in placed], total)
    return BuiltCall(wav, timeline, total / _RATE, len(placed), len(scripts))


def build_long_call(call: BuiltCall, hours: float) -> Path:
    """The call looped (with a gap of silence) to ``hours``, streamed to disk in pieces."""
    target = call.wav.with_name(f"{call.wav.stem}-{hours:g}h.wav")
    if target.is_file():
        return target
    pcm = _read_pcm(call.wav)
    silence = np.zeros((round(GAP_S * _RATE), 2), dtype="<i2")
    remaining = round(hours * 3600 * _RATE)

    def chunks() -> Iterator[np.ndarray]:
        nonlocal remaining
        while remaining > 0:
            for piece in (pcm, silence):
                part = piece[:remaining]
                remaining -= len(part)
                yield part

    _write_atomically(target, chunks())
    return target


def _write_atomically(path: Path, chunks: Iterable[np.ndarray]) -> None:
    """16-bit stereo WAV written under a temporary name: never a half file in the cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(_RATE)
        for chunk in chunks:
            out.writeframes(np.ascontiguousarray(chunk).tobytes())
    os.replace(partial, path)
