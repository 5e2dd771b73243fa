"""What the customer asked for: the distinct requests of a call, how many times each
was made, and whether the agent acknowledged it.

Requests are the customer's utterances that ``assistant.analysis.repeat.describe``
reads as a request (or that a repeat event names). The engine's repeat events
say which of them are the same request; utterances of one customer turn that
name the same action are one making of it (self-repair, "I want to cancel.
Cancel the subscription."). The agent acknowledged a request when their reply
(their next turn, backchannels aside) names its action, or, for a request
without a known action (a question), takes up one of its longer key words
("recycle") or two of them: empathy alone ("I'm sorry") is not an
acknowledgement of what was asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.analysis.backchannel import is_backchannel
from assistant.analysis.repeat import Said, compatible, describe
from assistant.analysis.textnorm import Lexicon, find, load_lexicon, normalize
from assistant.config import RepeatConfig
from assistant.engine.result import CallResult
from assistant.i18n import catalogue
from assistant.records import Speaker, Utterance
from assistant.wording import INTENT_LABELS

_QUOTE_CHARS = 140
_SENTENCE = re.compile(r"[^.!?;]+[.!?;]*")


@dataclass(frozen=True)
class Request:
    """One distinct request and every utterance in which the customer made it."""

    label: str  # "Refund", "Cancel · subscription", or the customer's words
    quote: str  # the sentence in which it was first made
    intents: tuple[str, ...]
    utterances: tuple[int, ...]  # the customer's utterances that make it, in time order
    starts: tuple[int, ...]  # where each of them starts (samples)
    times: int  # how many times it was made (separate turns, as the repeat detector counts)
    acknowledged_by: int | None  # the agent utterance that first acknowledged it
    acknowledged_at: int | None  # where that utterance starts
    acknowledged_after: int | None  # after which making of it (1 = the first time)

    @property
    def repeated(self) -> bool:
        return self.times > 1

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_by is not None

    @property
    def first(self) -> int:
        return self.starts[0]


class _Groups:
    """Union-find over utterance ids."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def mentioned_intents(text: str, lex: Lexicon, config: RepeatConfig) -> frozenset[str]:
    """Request actions named anywhere in ``text``, negated or not ("we can't refund it")."""
    tokens = normalize(text, lex.language)
    stems = lex.stem(tokens)
    return frozenset(name for name, phrases in lex.intents.items()
                     if find(phrases, tokens, stems, config.intent_similarity))


def _quote(text: str, lex: Lexicon, config: RepeatConfig) -> str:
    """The sentence that makes the request, else the whole utterance; shortened."""
    parts = [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
    chosen = next((p for p in parts if describe(p, lex, config).request), None)
    quote = (chosen or text).strip()
    if len(quote) > _QUOTE_CHARS:
        quote = quote[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return quote


def _label(intents: Sequence[str], objects: Sequence[str], quote: str,
           language: str = "en") -> str:
    if not intents:
        return quote
    words = catalogue(language).pgettext
    label = " / ".join(words("request", INTENT_LABELS.get(i, i.capitalize())) for i in intents)
    things = ", ".join(words("object", o) for o in objects)
    return f"{label} · {things}" if objects else label


def _turn_of(utterances: Sequence[Utterance], lex: Lexicon) -> dict[int, int]:
    """Customer turn number of each customer utterance: agent turns before it."""
    turn, out = 0, {}
    for u in utterances:
        if u.speaker is Speaker.AGENT and not is_backchannel(u.text, lex.language):
            turn += 1
        elif u.speaker is Speaker.CUSTOMER:
            out[u.id] = turn
    return out


def _reply(utterances: Sequence[Utterance], request: Utterance, lex: Lexicon) -> list[Utterance]:
    """The agent's next turn after ``request`` started: until the customer speaks again."""
    reply: list[Utterance] = []
    for u in utterances:
        if u.span.start <= request.span.start:
            continue
        if u.speaker is Speaker.AGENT and not is_backchannel(u.text, lex.language):
            reply.append(u)
        elif u.speaker is Speaker.CUSTOMER and reply and u.span.start >= reply[0].span.end:
            break
    return reply


def summarize_requests(result: CallResult, config: RepeatConfig | None = None,
                       language: str = "en") -> list[Request]:
    """The distinct requests, the repeated ones first (most often made first), then in
    the order they were first made; labelled in ``language`` (the report's)."""
    config = config or RepeatConfig()
    lex = load_lexicon(result.language)
    ordered = sorted(result.utterances, key=lambda u: (u.span.start, u.id))
    by_id = {u.id: u for u in ordered}
    said: dict[int, Said] = {}
    for u in ordered:
        if u.speaker is Speaker.CUSTOMER and not is_backchannel(u.text, lex.language):
            said[u.id] = describe(u.text, lex, config)
    groups = _Groups()
    counts: dict[int, int] = {}
    named: set[int] = set()
    for event in result.repeats:
        for earlier in event.repeats:
            groups.join(event.utterance, earlier)
        named.update((event.utterance, *event.repeats))
    for event in result.repeats:
        root = groups.find(event.utterance)
        counts[root] = max(counts.get(root, 1), event.count)
    members = [i for i in said if said[i].request or i in named]
    members += [i for i in named if i not in said and i in by_id]
    # Self-repair: a request said twice within one turn is one making of it.
    turns = _turn_of(ordered, lex)
    for i, a in enumerate(members):
        for b in members[:i]:
            sa, sb = said.get(a), said.get(b)
            if (sa and sb and turns.get(a) == turns.get(b) and sa.intents & sb.intents
                    and compatible(sa, sb, config)):
                groups.join(a, b)
    grouped: dict[int, list[int]] = {}
    for i in members:
        grouped.setdefault(groups.find(i), []).append(i)
    requests: list[Request] = []
    for root, ids in grouped.items():
        ids.sort(key=lambda i: (by_id[i].span.start, i))
        intents = sorted({x for i in ids if i in said for x in said[i].intents})
        objects = sorted({x for i in ids if i in said for x in said[i].object_groups})
        quote = _quote(by_id[ids[0]].text, lex, config)
        ack = _acknowledgement(ordered, [by_id[i] for i in ids], intents, said, turns, lex,
                               config)
        requests.append(Request(
            label=_label(intents, objects, quote, language), quote=quote, intents=tuple(intents),
            utterances=tuple(ids), starts=tuple(by_id[i].span.start for i in ids),
            times=counts.get(root, 1),
            acknowledged_by=ack[0].id if ack else None,
            acknowledged_at=ack[0].span.start if ack else None,
            acknowledged_after=ack[1] if ack else None))
    return sorted(requests, key=lambda r: (-r.times, r.first))


def _acknowledgement(ordered: Sequence[Utterance], made: Sequence[Utterance],
                     intents: Sequence[str], said: dict[int, Said], turns: dict[int, int],
                     lex: Lexicon, config: RepeatConfig) -> tuple[Utterance, int] | None:
    """The first agent utterance that acknowledges the request, and after which making
    of it (1 = the first time; utterances of one turn are one making)."""
    content = {w for u in made if u.id in said for w in said[u.id].content
               if w not in lex.weak_words and len(w) >= 4}
    objects = {w for u in made if u.id in said for w in said[u.id].objects}
    seen_turns: set[int | None] = set()
    for utterance in made:
        seen_turns.add(turns.get(utterance.id))
        for reply in _reply(ordered, utterance, lex):
            if intents:
                if mentioned_intents(reply.text, lex, config) & set(intents):
                    return reply, len(seen_turns)
                continue
            shared = set(describe(reply.text, lex, config).content) & content
            if shared & objects or len(shared) >= 2 or any(len(w) >= 5 for w in shared):
                return reply, len(seen_turns)
    return None
