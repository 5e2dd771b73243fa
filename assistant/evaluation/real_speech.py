"""The real-speech evaluation set: two-channel calls built from real recordings.

Two kinds of call, both written as rendered-scenario pairs (``<id>.wav``,
16-bit, agent on channel 0, and ``<id>.timeline.json``), so they are scored by
the very rules of the scenarios (``assistant.scenarios.score``):

- the 13 AMI headset clips of ``hotato-ami-ihm-2ch``, whole, with ch0 as the
  agent: a "take" is the agent cutting in, a "bc" clip an agent backchannel.
  Each take was judged against the scenarios README's definition; one is a
  turn-end overlap, not a talk-over (``AMI_NOT_TALKOVER``).
- calls placed from real utterances (``real_sources``): cut-ins mid-turn and
  0.5-1.0 s into the customer's speech, cut-offs (the customer's audio stops
  mid-word), cut-ins in the customer's short pauses, early starts as the
  customer finishes, backchannels both ways, short overlapping reactions and
  friendly calls. Where each piece is placed is the ground truth.

Every call comes in three variants: as recorded (16 kHz), a narrowband line
(8 kHz, 300-3400 Hz, white noise at 15 dB SNR per channel) and a leaky one
(the agent's voice echoing faintly into the customer's channel and the
customer's into the agent's, -25 to -35 dB, slightly delayed). All noise and
every choice is seeded, so the set is the same on every build.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.evaluation.real_sources import AmiClip, Library, Piece, load_library
from assistant.evaluation.sets import Half, split_of
from assistant.records import Span, Speaker
from assistant.scenarios import dsp
from assistant.scenarios.render import TELEPHONE_BAND_HZ, TELEPHONE_RATE, write_wav
from assistant.scenarios.script import Labels, ScenarioScript, Turn, Voices
from assistant.scenarios.timeline import TimedTurn, Timeline, load_timeline
from assistant.timebase import SAMPLE_RATE

# Bump whenever the calls would come out differently: it names the cache folder.
REAL_SET_VERSION = "3"
# Seeds every choice of the constructed calls; fixed, so the set never changes by accident.
PLAN_SEED = "real-speech-1"
TELEPHONE_SNR_DB = 15.0
LEAD_S, TAIL_S = 0.5, 1.0
FADE_S = 0.01  # a cut-off ends in 10 ms: the speaker stops mid-word
# hotato's "take" clips judged not to be talk-overs under the scenarios README
# ("the agent takes the floor while the customer is still making a point"),
# from their transcripts and timing (ch0 = agent, ch1 = customer):
# - en2002b-take-0149: the agent's "Yeah" at 3.0 s is a backchannel; its turn
#   ("Well, just sort of...") starts at 4.0 s as the customer's question ("what
#   are we gonna put into that?") ends at 4.1 s: an answer, not a cut-in.
# - en2002b-take-1069: the customer is trailing off ("...all that stuff. So.
#   Anyways.") when the agent starts: an early start as the customer closes.
# - es2002a-take-0677: the customer ends a question with a trailing "or" and the
#   agent comes in 0.38 s before its end: an early start at a turn end.
# The other three are cut-ins: the customer stops mid-phrase ("Is there something
# that I should", "what do you", "and just indicate") as the agent takes over.
AMI_NOT_TALKOVER = frozenset({
    "ami-en2002b-take-0149", "ami-en2002b-take-1069", "ami-es2002a-take-0677"})
VARIANTS = ("16k", "tel", "leak")


@dataclass(frozen=True)
class Placed:
    """A piece on one party's channel, from ``start`` s; ``cut_s``: it stops there, mid-word."""

    speaker: Speaker
    piece: Piece
    start: float
    cut_s: float | None = None
    talkover: bool = False

    @property
    def seconds(self) -> float:
        return self.cut_s if self.cut_s is not None else self.piece.seconds

    @property
    def end(self) -> float:
        return self.start + self.seconds


@dataclass(frozen=True)
class CallPlan:
    """One constructed call: where each real piece goes, and what it is."""

    id: str
    language: str
    kind: str
    placed: tuple[Placed, ...]


@dataclass(frozen=True)
class RealCall:
    """A call ready to write: audio at its own rate, and its ground truth."""

    id: str
    plan: str  # the call it is a variant of (the split looks at this)
    kind: str
    variant: str
    language: str
    rate: int
    audio: np.ndarray  # int16 (n, 2), agent on channel 0
    timeline: Timeline

    @property
    def half(self) -> Half | None:
        """Constructed calls fall in a tuning or test half; the AMI clips in neither."""
        return None if self.kind.startswith("ami") else split_of(self.plan)


@dataclass(frozen=True)
class BuiltCall:
    id: str
    plan: str
    kind: str
    variant: str
    half: Half | None
    wav: Path
    timeline_path: Path
    timeline: Timeline = field(repr=False)


def part_of(call: BuiltCall) -> str:
    """``ami`` for the AMI clips, else the half of the placed call (``tune``/``test``)."""
    return call.half.value if call.half is not None else "ami"


def variant_of(call_id: str) -> str:
    """The variant a built call's id names: ``16k``, ``tel`` or ``leak``."""
    return next((v for v in VARIANTS[1:] if call_id.endswith(f"-{v}")), VARIANTS[0])


# --- plans ----------------------------------------------------------------------------


class _Planner:
    """Draws pieces and timings for the constructed calls, from one seeded generator."""

    def __init__(self, library: Library, language: str, seed: str) -> None:
        self.lib = library
        self.language = language
        self.rng = np.random.default_rng(int.from_bytes(
            hashlib.sha256(f"{seed}:{language}".encode()).digest()[:8], "little"))

    def pick(self, pool: list[Piece], avoid: str | None = None) -> Piece:
        choices = [p for p in pool if p.speaker != avoid] or pool
        return choices[int(self.rng.integers(len(choices)))]

    def u(self, low: float, high: float) -> float:
        return round(float(self.rng.uniform(low, high)), 2)

    def pool(self, min_s: float = 0.0, max_s: float = 1e9) -> list[Piece]:
        return self.lib.of(self.language, min_s=min_s, max_s=max_s)

    def agents(self, min_s: float, max_s: float = 1e9) -> list[Piece]:
        # Danish and German have few voices: agents may come from the English pool.
        own = self.pool(min_s, max_s)
        return own if len(own) >= 3 else own + self.lib.of("en", min_s=min_s, max_s=max_s)

    def tokens(self, max_s: float) -> list[Piece]:
        return [p for p in self.lib.backchannels if p.seconds <= max_s]

    def pair(self, min_s: float) -> tuple[Piece, Piece] | None:
        """Two pieces of one speaker that follow each other (one turn with a pause in it)."""
        pieces = self.pool(1.2)
        pairs = [(a, b) for a, b in itertools.pairwise(pieces)
                 if a.speaker == b.speaker and a.seconds + b.seconds >= min_s and
                 "+" not in a.name + b.name]
        return pairs[int(self.rng.integers(len(pairs)))] if pairs else None


def _plans(library: Library, language: str, per_kind: int) -> Iterator[CallPlan]:
    p = _Planner(library, language, PLAN_SEED)
    A, C = Speaker.AGENT, Speaker.CUSTOMER
    for n in range(per_kind):
        tag = f"real-{language}"
        # The agent comes in 1.5-3 s into the customer's point and talks on; the customer too.
        c = p.pick(p.pool(4.5))
        at = p.u(1.5, 3.0)
        a = p.pick(p.agents(2.5), avoid=c.speaker)
        yield CallPlan(f"{tag}-cut-in-{n}", language, "cut-in",
                       (Placed(C, c, LEAD_S), Placed(A, a, LEAD_S + at, talkover=True)))
        # ... only 0.5-1.0 s after the customer began, for 2-3.5 s.
        c = p.pick(p.pool(4.0))
        at = p.u(0.5, 1.0)
        a = p.pick(p.agents(2.0, 3.6), avoid=c.speaker)
        yield CallPlan(f"{tag}-early-cut-in-{n}", language, "early cut-in",
                       (Placed(C, c, LEAD_S), Placed(A, a, LEAD_S + at, talkover=True)))
        # The customer stops mid-word 0.4-1.0 s after the agent came in; the agent goes on.
        c = p.pick(p.pool(4.0))
        at = p.u(1.5, min(3.0, c.seconds - 1.2))
        a = p.pick(p.agents(2.5), avoid=c.speaker)
        yield CallPlan(f"{tag}-cut-off-{n}", language, "cut-off",
                       (Placed(C, c, LEAD_S, cut_s=at + p.u(0.4, 1.0)),
                        Placed(A, a, LEAD_S + at, talkover=True)))
        # The agent jumps into a 0.35-0.5 s pause of the customer's turn, which goes on.
        pair = p.pair(4.0)
        if pair is not None:
            first, second = pair
            pause = p.u(0.35, 0.5)
            a = p.pick(p.agents(2.5), avoid=first.speaker)
            yield CallPlan(f"{tag}-pause-cut-in-{n}", language, "pause cut-in", (
                Placed(C, first, LEAD_S),
                Placed(A, a, LEAD_S + first.seconds + p.u(0.1, pause - 0.1), talkover=True),
                Placed(C, second, LEAD_S + first.seconds + pause)))
        # The agent starts 0.15-0.45 s before the customer's natural end: no talk-over.
        c = p.pick(p.pool(1.5))
        a = p.pick(p.agents(2.0), avoid=c.speaker)
        yield CallPlan(f"{tag}-early-start-{n}", language, "early start", (
            Placed(C, c, LEAD_S), Placed(A, a, LEAD_S + c.seconds - p.u(0.15, 0.45))))
        # Real backchannels of the agent inside the customer's turn.
        c = p.pick(p.pool(4.0))
        tokens = [p.pick(p.tokens(0.6)) for _ in range(2)]
        first_at = p.u(1.0, max(1.1, c.seconds / 2 - 0.7))
        second_at = p.u(first_at + 1.2, max(first_at + 1.3, c.seconds - 0.8))
        placed = [Placed(C, c, LEAD_S), Placed(A, tokens[0], LEAD_S + first_at)]
        if second_at + tokens[1].seconds < c.seconds - 0.3:
            placed.append(Placed(A, tokens[1], LEAD_S + second_at))
        a = p.pick(p.agents(1.5), avoid=c.speaker)
        placed.append(Placed(A, a, LEAD_S + c.seconds + p.u(0.3, 0.8)))
        yield CallPlan(f"{tag}-backchannel-{n}", language, "backchannel", tuple(placed))
        # The customer's small sounds inside the agent's long explanation.
        q = p.pick(p.pool(1.2, 3.0))
        a = p.pick(p.agents(5.0), avoid=q.speaker)
        start = LEAD_S + q.seconds + p.u(0.3, 0.7)
        placed = [Placed(C, q, LEAD_S), Placed(A, a, start)]
        at = start + p.u(1.0, 2.0)
        while at + 0.6 < start + a.seconds - 0.8:
            token = p.pick(p.tokens(0.6))
            placed.append(Placed(C, token, at))
            at += token.seconds + p.u(1.5, 3.0)
        yield CallPlan(f"{tag}-listener-sounds-{n}", language, "listener in agent turn",
                       tuple(placed))
        # A short reaction over the end of the customer's sentence ("yeah, I can imagine").
        c = p.pick(p.pool(1.2, 3.0))
        token = p.pick([t for t in p.lib.backchannels if t.seconds >= 0.7])
        react = LEAD_S + c.seconds - p.u(0.4, min(0.8, token.seconds))
        a = p.pick(p.agents(1.5), avoid=c.speaker)
        yield CallPlan(f"{tag}-short-overlap-{n}", language, "short overlap", (
            Placed(C, c, LEAD_S), Placed(A, token, react),
            Placed(A, a, react + token.seconds + p.u(0.6, 1.0))))
        # A friendly exchange: turns after short gaps, one early start, one backchannel.
        a1, c1 = p.pick(p.agents(1.2, 4.0)), p.pick(p.pool(3.0))
        a2, c2 = p.pick(p.agents(1.2, 4.0), avoid=c1.speaker), p.pick(p.pool(1.2, 4.0))
        t_c1 = LEAD_S + a1.seconds + p.u(0.3, 0.8)
        t_a2 = t_c1 + c1.seconds - p.u(0.1, 0.3)
        t_c2 = t_a2 + a2.seconds + p.u(0.3, 0.8)
        yield CallPlan(f"{tag}-friendly-{n}", language, "friendly", (
            Placed(A, a1, LEAD_S), Placed(C, c1, t_c1),
            Placed(A, p.pick(p.tokens(0.6)), t_c1 + p.u(1.0, max(1.1, c1.seconds - 1.2))),
            Placed(A, a2, t_a2), Placed(C, c2, t_c2)))


def plans(library: Library) -> list[CallPlan]:
    out = list(_plans(library, "en", 3)) + list(_plans(library, "da", 2))
    out += [p for p in _plans(library, "de", 1) if p.kind in ("cut-in", "early start")]
    return out


# --- audio ------------------------------------------------------------------------------


def _seed(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256(":".join(parts).encode()).digest()[:8], "little")


def _rms_db(x: np.ndarray) -> float:
    return 10 * float(np.log10(dsp.power(x) + 1e-20))


def _mix(plan: CallPlan) -> tuple[np.ndarray, list[Span]]:
    """The plan's two channels at 16 kHz (float), each party at its own level, and the spans."""
    rng = np.random.default_rng(_seed(plan.id, "levels"))
    # Agents near a headset's level; customers anywhere from a quiet line to a loud one.
    level = {Speaker.AGENT: rng.uniform(-30, -20), Speaker.CUSTOMER: rng.uniform(-42, -22)}
    spans = []
    pieces = []
    for item in plan.placed:
        audio = item.piece.audio
        if item.cut_s is not None:
            audio = audio[: round(item.cut_s * SAMPLE_RATE)].copy()
            fade = round(FADE_S * SAMPLE_RATE)
            audio[-fade:] *= np.linspace(1.0, 0.0, fade)
        gain = 10 ** ((level[item.speaker] - _rms_db(item.piece.audio)) / 20)
        start = round(item.start * SAMPLE_RATE)
        spans.append(Span(start, start + len(audio)))
        pieces.append((item.speaker, start, audio * gain))
    total = max(s.end for s in spans) + round(TAIL_S * SAMPLE_RATE)
    mix = np.zeros((total, 2))
    for speaker, start, audio in pieces:
        mix[start:start + len(audio), 0 if speaker is Speaker.AGENT else 1] += audio
    return mix, spans


def leaky(mix: np.ndarray, call_id: str) -> np.ndarray:
    """Each channel gets a faint, delayed copy of the other: line echo and headset bleed."""
    rng = np.random.default_rng(_seed(call_id, "leak"))
    out = mix.copy()
    # The agent's voice echoes back on the line: -25 to -30 dB, 40-80 ms late.
    # The customer bleeds into the agent's headset: -30 to -35 dB, 5-20 ms late.
    for src, dst, db, delay_s in ((0, 1, rng.uniform(-30, -25), rng.uniform(0.04, 0.08)),
                                  (1, 0, rng.uniform(-35, -30), rng.uniform(0.005, 0.02))):
        delay = round(delay_s * SAMPLE_RATE)
        echo = dsp.band_limit(mix[:, src], SAMPLE_RATE, 200.0, 3600.0)
        out[delay:, dst] += 10 ** (db / 20) * echo[: len(mix) - delay]
    return out


def telephone(mix: np.ndarray, spans_by_channel: list[list[Span]], call_id: str) -> np.ndarray:
    """300-3400 Hz, 8 kHz, white noise 15 dB below each channel's speech."""
    low, high = TELEPHONE_BAND_HZ
    line = np.stack([dsp.resample(dsp.band_limit(mix[:, ch], SAMPLE_RATE, low, high),
                                  SAMPLE_RATE, TELEPHONE_RATE) for ch in range(2)], axis=1)
    noise = np.random.default_rng(_seed(call_id, "noise")).standard_normal(line.shape)
    for ch, spans in enumerate(spans_by_channel):
        mask = np.zeros(len(line), dtype=bool)
        for s in spans:
            mask[s.start // 2: s.end // 2] = True
        speech = dsp.power(line[mask, ch])
        noise[:, ch] *= np.sqrt(speech / 10 ** (TELEPHONE_SNR_DB / 10)) if speech > 0 else 1e-3
    return line + noise


def _to_pcm(x: np.ndarray) -> np.ndarray:
    peak = float(np.max(np.abs(x)))
    # Quiet recordings stay quiet (that is part of the test); only clipping is prevented.
    return dsp.to_int16(x * (0.7 / peak) if peak > 0.7 else x)


# --- timelines ------------------------------------------------------------------------


def _timeline(call_id: str, language: str, turns: list[tuple[Speaker, Span, str, bool]],
              voices: Voices, total: int, rate: int) -> Timeline:
    """Turns (16 kHz spans) in start order, with ``after`` derived from the placement."""
    turns = sorted(turns, key=lambda t: (t[1].start, t[1].end))
    script_turns, timed, latest = [], [], None
    for i, (speaker, span, text, _) in enumerate(turns):
        after = 0.5 if latest is None else (span.start - latest) / SAMPLE_RATE
        script_turns.append(Turn(speaker, text or "…", round(after, 3)))
        first, last = span.start * rate // SAMPLE_RATE, -(-span.end * rate // SAMPLE_RATE)
        timed.append(TimedTurn(i, speaker, text or "…", first / rate, last / rate, first, last))
        latest = span.end if latest is None else max(latest, span.end)
    labels = Labels(talkover=tuple(i for i, t in enumerate(turns) if t[3]))
    script = ScenarioScript(call_id, language, voices, tuple(script_turns), labels,
                            telephone=rate != SAMPLE_RATE)
    length = -(-total * rate // SAMPLE_RATE)
    return Timeline(script, rate, length / rate, tuple(timed))


def _variants(call_id: str, plan_id: str, kind: str, language: str, mix: np.ndarray,
              turns: list[tuple[Speaker, Span, str, bool]], voices: Voices) -> Iterator[RealCall]:
    by_channel = [[span for who, span, _, _ in turns if who is party]
                  for party in (Speaker.AGENT, Speaker.CUSTOMER)]
    for variant in VARIANTS:
        vid = call_id if variant == "16k" else f"{call_id}-{variant}"
        if variant == "tel":
            audio, rate = telephone(mix, by_channel, vid), TELEPHONE_RATE
        elif variant == "leak":
            audio, rate = leaky(mix, vid), SAMPLE_RATE
        else:
            audio, rate = mix, SAMPLE_RATE
        timeline = _timeline(vid, language, turns, voices, len(mix), rate)
        yield RealCall(vid, plan_id, kind, variant, language, rate, _to_pcm(audio), timeline)


def _ami_calls(clip: AmiClip) -> Iterator[RealCall]:
    take = clip.category == "should_yield"
    label_first = take and clip.id not in AMI_NOT_TALKOVER
    turns: list[tuple[Speaker, Span, str, bool]] = []
    for speaker, segments, text in ((Speaker.AGENT, clip.ch0_segments, clip.ch0_text),
                                    (Speaker.CUSTOMER, clip.ch1_segments, clip.ch1_text)):
        for k, (a, b) in enumerate(segments):
            span = Span(round(a * SAMPLE_RATE), round(b * SAMPLE_RATE))
            # The agent comes in at 3.0 s (the clip's annotated onset): that turn is the take.
            label = label_first and speaker is Speaker.AGENT and abs(a - 3.0) < 0.05
            turns.append((speaker, span, text if k == 0 else "…", label))
    kind = "ami take" if take else "ami backchannel"
    if clip.id in AMI_NOT_TALKOVER:
        kind = "ami take, judged no talk-over"
    voices = Voices(f"ami:{clip.ch0_speaker}", f"ami:{clip.ch1_speaker}")
    yield from _variants(f"real-{clip.id}", clip.id, kind, "en", clip.audio, turns, voices)


def _plan_calls(plan: CallPlan) -> Iterator[RealCall]:
    mix, spans = _mix(plan)
    turns = [(item.speaker, span, item.piece.text + ("—" if item.cut_s else ""), item.talkover)
             for item, span in zip(plan.placed, spans, strict=True)]
    voices = Voices(*(",".join(sorted({i.piece.speaker for i in plan.placed
                                        if i.speaker is party})) or "-"
                      for party in (Speaker.AGENT, Speaker.CUSTOMER)))
    yield from _variants(plan.id, plan.id, plan.kind, plan.language, mix, turns, voices)


def real_calls(data_dir: Path) -> Iterator[RealCall]:
    """Every call of the set, AMI clips first; raises ``InputError`` if a source is missing."""
    library = load_library(data_dir)
    for clip in library.clips:
        yield from _ami_calls(clip)
    for plan in plans(library):
        yield from _plan_calls(plan)


# --- files --------------------------------------------------------------------------------


def build_real_set(data_dir: Path, cache_dir: Path) -> list[BuiltCall]:
    """Write the set under ``cache_dir/real-speech-<version>`` once; read it back after that."""
    folder = cache_dir / f"real-speech-{REAL_SET_VERSION}"
    index = folder / "index.json"
    if not index.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".real-speech-", dir=cache_dir))
        try:
            entries = []
            for call in real_calls(data_dir):
                write_wav(staging / f"{call.id}.wav", call.audio, call.rate)
                call.timeline.save(staging / f"{call.id}.timeline.json")
                entries.append({"id": call.id, "plan": call.plan, "kind": call.kind,
                                "variant": call.variant,
                                "half": call.half.value if call.half else None})
            (staging / "index.json").write_text(json.dumps(entries, indent=1) + "\n")
            staging.chmod(0o755)
            try:
                staging.rename(folder)
            except OSError:
                if not index.is_file():  # not just another build that finished first
                    raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    built = []
    for entry in json.loads(index.read_text()):
        wav = folder / f"{entry['id']}.wav"
        timeline_path = folder / f"{entry['id']}.timeline.json"
        half = Half(entry["half"]) if entry["half"] else None
        built.append(BuiltCall(entry["id"], entry["plan"], entry["kind"], entry["variant"], half,
                               wav, timeline_path, load_timeline(timeline_path)))
    return built
