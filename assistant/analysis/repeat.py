"""Detecting that the customer had to make a request again.

Every finalised customer utterance is compared with what the customer said
in earlier turns (a turn ends when the agent says something that is not a
backchannel, so self-repair inside one turn never counts). Two stretches of
speech make the same request when:

- they name the same request action ("cancel", "end my contract", "säga upp")
  about compatible objects, or share enough content words, after stemming and
  with ASR-tolerant word matching and character n-grams; and
- nothing says otherwise: different actions ("upgrade" vs "cancel"), different
  objects ("cancel my order" vs "cancel my subscription"), a marker of a new
  request ("also"), or an agent who just asked to hear it again.

A cue phrase ("as I said", "jag sa ju") lowers the bar. Repeats of the same
request form a group, so the third time names the first two and counts 3.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.analysis.backchannel import is_backchannel
from assistant.analysis.textnorm import Lexicon, Phrase, char_ngrams, load_lexicon, normalize
from assistant.config import RepeatConfig
from assistant.records import RepeatEvent, Speaker, Utterance

_OBJECT_WINDOW = 4  # words after an action word that may name what it is about
_NEGATION_WINDOW = 3  # words before an action word in which "not" undoes it
_SENTENCE = re.compile(r"([^.!?;]+)([.!?;]*)")


@dataclass(frozen=True)
class _Said:
    """What a stretch of customer speech says, in comparable form."""

    content: frozenset[str]  # stems of the meaningful words
    grams: Counter[str]  # character trigrams of the meaningful words
    intents: frozenset[str]  # request actions named ("cancel", "refund", ...)
    objects: frozenset[str]  # stems of the words right after an action word
    object_groups: frozenset[str]  # their meaning groups ("subscription", ...)
    request: bool  # phrased as a request ("I want", "kan du") or names an action
    new_request: bool  # "also", "one more thing": a further request, not the same one
    affirms: bool  # starts with "yes", "precis", ...: answers the agent's question
    cue: str | None  # the repeat cue phrase heard, if any
    strong_cue: bool

    @property
    def empty(self) -> bool:
        return not self.content and not self.intents


@dataclass
class _Entry:
    """One earlier customer utterance and the group of requests it belongs to."""

    utterance: Utterance
    said: _Said
    group: int
    turn: int


@dataclass
class _Group:
    turns: set[int] = field(default_factory=set)  # customer turns in which it was made
    alerted_turn: int = -1  # the turn of its last event: one prompt per turn


def _phrase_hits(phrases: Iterable[Phrase], tokens: list[str], stems: list[str], fuzzy: float = 0.0
                 ) -> list[tuple[str, int, int]]:
    return [(p.text, s, e) for p in phrases for s, e in p.spans(tokens, stems, fuzzy)]


def _negated(tokens: list[str], start: int, lex: Lexicon) -> bool:
    """"I don't want to cancel": a negation just before the action word undoes it."""
    return any(t in lex.negations for t in tokens[max(0, start - _NEGATION_WINDOW) : start])


def describe(text: str, lex: Lexicon, config: RepeatConfig) -> _Said:
    """Extract the features the comparison needs from one text."""
    tokens = normalize(text, lex.language)
    stems = lex.stem(tokens)
    meaningful = [i for i, t in enumerate(tokens) if lex.is_content(t)]
    actions = {
        name: hits
        for name, phrases in lex.intents.items()
        if (hits := [h for h in _phrase_hits(phrases, tokens, stems, config.intent_similarity)
                     if not _negated(tokens, h[1], lex)])
    }
    objects: set[int] = set()
    for hits in actions.values():
        for _, _, end in hits:
            objects.update(
                i for i in range(end, min(end + _OBJECT_WINDOW, len(tokens)))
                if i in meaningful and stems[i] not in lex.weak_words
            )
    groups = {
        name
        for name, phrases in lex.objects.items()
        for i in objects
        if _phrase_hits(phrases, [tokens[i]], [stems[i]])
    }
    strong = _phrase_hits(lex.strong_cues, tokens, stems)
    cue = strong or _phrase_hits(lex.weak_cues, tokens, stems)
    return _Said(
        content=frozenset(stems[i] for i in meaningful),
        grams=char_ngrams(" ".join(tokens[i] for i in meaningful)),
        intents=frozenset(actions),
        objects=frozenset(stems[i] for i in objects),
        object_groups=frozenset(groups),
        request=bool(actions) or bool(_phrase_hits(lex.request_markers, tokens, stems)),
        new_request=bool(_phrase_hits(lex.new_request_markers, tokens, stems)),
        affirms=any(start == 0 for _, start, _ in _phrase_hits(lex.affirmations, tokens, stems)),
        cue=" ".join(tokens[cue[0][1] : cue[0][2]]) if cue else None,
        strong_cue=bool(strong),
    )


@dataclass(frozen=True)
class AgentSaid:
    """What an agent utterance means for the customer's next turn."""

    asks_repeat: bool  # "Could you repeat that?", "Can you spell it?", "Is that correct?"
    asked_about: frozenset[str]  # request actions named in a question ("Do you want to cancel?")
    asks_which: bool  # "Which subscription ...?": the answer may name the request again


def _sentences(text: str) -> list[tuple[str, bool]]:
    """Sentences and whether each is a question."""
    return [(m[1], "?" in m[2]) for m in _SENTENCE.finditer(text) if m[1].strip()]


def read_agent(text: str, lex: Lexicon, config: RepeatConfig) -> AgentSaid:
    tokens = normalize(text, lex.language)
    sentences = _sentences(text)
    asks = bool(_phrase_hits(lex.repeat_asks, tokens, lex.stem(tokens)))
    # "Sorry?" or "Pardon?" only as a whole sentence: "Sorry, I can't" is no ask.
    short = {p.words for p in lex.repeat_asks_short}
    for sentence, question in sentences:
        if question or len(sentences) == 1:
            asks = asks or tuple(lex.stem(normalize(sentence, lex.language))) in short
    questions = " . ".join(s for s, q in sentences if q)
    asked = describe(questions, lex, config) if questions else None
    q_tokens = normalize(questions, lex.language)
    return AgentSaid(
        asks_repeat=asks,
        asked_about=asked.intents if asked else frozenset(),
        asks_which=bool(_phrase_hits(lex.clarify_words, q_tokens, lex.stem(q_tokens))),
    )


# --- Comparing two stretches of speech ------------------------------------------------


@lru_cache(maxsize=65536)
def _same_word(a: str, b: str, similarity: float) -> bool:
    """Equal stems, one compound containing the other, or a small ASR misspelling."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4 or any(c.isdigit() for c in a + b):
        return False  # short words and codes ("item1" vs "item2") must match exactly
    if len(short) >= 5 and len(long) - len(short) >= 3 and (
        long.startswith(short) or long.endswith(short)
    ):
        return True  # "abonnemang" in "mobilabonnemang"
    return _dice(char_ngrams(a), char_ngrams(b)) >= similarity


def _dice(a: Counter[str], b: Counter[str]) -> float:
    total = sum(a.values()) + sum(b.values())
    return 2.0 * sum((a & b).values()) / total if total else 0.0


def _matches(words: frozenset[str], other: frozenset[str], similarity: float) -> list[str]:
    return [w for w in words if any(_same_word(w, o, similarity) for o in other)]


def _overlap(a: _Said, b: _Said, lex: Lexicon, config: RepeatConfig) -> tuple[float, int]:
    """Weighted soft Dice of content words, and how many non-generic words are shared."""

    def weight(words: Iterable[str]) -> float:
        return sum(config.weak_word_weight if w in lex.weak_words else 1.0 for w in words)

    total = weight(a.content) + weight(b.content)
    if total == 0:
        return 0.0, 0
    hits_a = _matches(a.content, b.content, config.word_similarity)
    hits_b = _matches(b.content, a.content, config.word_similarity)
    strong = sum(1 for w in hits_a if w not in lex.weak_words)
    return (weight(hits_a) + weight(hits_b)) / total, strong


def _objects_compatible(a: _Said, b: _Said, config: RepeatConfig) -> bool:
    """Whether two actions are about the same thing (or one leaves it unsaid: "cancel it")."""
    if not a.objects or not b.objects or a.object_groups & b.object_groups:
        return True
    sim = config.word_similarity
    return bool(_matches(a.objects, b.content, sim) or _matches(b.objects, a.content, sim))


def _compatible(new: _Said, old: _Said, config: RepeatConfig) -> bool:
    """False when the two cannot be one request: different actions or different objects."""
    if new.empty or old.empty:
        return False
    if new.intents and old.intents and not new.intents & old.intents:
        return False  # "upgrade my subscription" is not "cancel my subscription"
    return _objects_compatible(new, old, config)


def _score(new: _Said, old: _Said, lex: Lexicon, config: RepeatConfig) -> tuple[float, int, bool]:
    """Blended score, shared non-generic words, and whether the same action is named."""
    overlap, shared = _overlap(new, old, lex, config)
    score = max(overlap, (overlap + _dice(new.grams, old.grams)) / 2)
    same_action = bool(new.intents & old.intents)
    if same_action:
        score = 1.0 - (1.0 - config.intent_score) * (1.0 - score)
    return score, shared, same_action


def similarity(new: _Said, old: _Said, lex: Lexicon, config: RepeatConfig) -> float | None:
    """How strongly ``new`` makes the request ``old`` made, or None when it does not."""
    if not _compatible(new, old, config):
        return None
    score, shared, same_action = _score(new, old, lex, config)
    if new.cue is not None:
        bar = config.cue_threshold if new.strong_cue else config.weak_cue_threshold
        enough = same_action or shared >= 1
    elif new.new_request:
        return None
    elif same_action or new.request:
        bar, enough = config.threshold, same_action or shared >= config.min_shared_words
    else:  # a statement: only a complaint said again nearly word for word
        strong_words = sum(1 for w in new.content if w not in lex.weak_words)
        bar = config.statement_threshold
        enough = shared >= config.min_shared_words and strong_words >= config.min_statement_words
    return score if enough and score >= bar else None


# --- The detector -------------------------------------------------------------------


class RepeatDetector:
    """Raises a ``RepeatEvent`` when the customer makes a request from an earlier turn again.

    Feed it every finalised utterance of both parties in the order they were
    finalised. Memory is bounded by ``config.max_history`` utterances.
    """

    def __init__(
        self, config: RepeatConfig, ids: Iterator[int], language: str | None = None
    ) -> None:
        self.config = config
        self._ids = ids
        self._language = language
        self._history: deque[_Entry] = deque()
        # Starts of agent speech that ends a customer turn (sorted), and what it asked.
        self._agent_starts: list[int] = []
        self._agent_said: list[AgentSaid] = []
        self._dropped_turns = 0
        self._groups: dict[int, _Group] = {}
        self._members: Counter[int] = Counter()
        self._group_ids = iter(range(1 << 62))
        self._joined: dict[tuple[int, ...], _Said] = {}

    def set_language(self, language: str) -> None:
        """The call's language is known: re-read what was said with its word lists."""
        if language == self._language:
            return
        self._language = language
        self._joined.clear()
        for entry in self._history:
            entry.said = describe(entry.utterance.text, self._lexicon(entry.utterance), self.config)

    def feed(self, utterance: Utterance) -> list[RepeatEvent]:
        if utterance.speaker is Speaker.AGENT:
            self._agent(utterance)
            return []
        if utterance.speaker is Speaker.CUSTOMER:
            return self._customer(utterance)
        return []  # a mono recording: nobody to tell apart

    # --- turns -------------------------------------------------------------------

    def _lexicon(self, utterance: Utterance) -> Lexicon:
        return load_lexicon(self._language or utterance.language or None)

    def _agent(self, utterance: Utterance) -> None:
        lex = self._lexicon(utterance)
        if is_backchannel(utterance.text, lex.language):
            return  # "mm-hmm" does not end the customer's turn
        at = bisect.bisect_left(self._agent_starts, utterance.span.start)
        self._agent_starts.insert(at, utterance.span.start)
        self._agent_said.insert(at, read_agent(utterance.text, lex, self.config))
        if len(self._agent_starts) > self.config.max_history:
            del self._agent_starts[0], self._agent_said[0]
            self._dropped_turns += 1

    def _turn(self, start: int) -> int:
        """Customer turn number of speech starting at ``start``: agent turns before it."""
        return self._dropped_turns + bisect.bisect_left(self._agent_starts, start)

    def _prompted(self, start: int, turn_said: _Said) -> bool:
        """Whether the customer says it because the agent asked: to repeat, confirm or choose."""
        at = bisect.bisect_left(self._agent_starts, start) - 1
        if at < 0:
            return False
        agent = self._agent_said[at]
        answered = turn_said.affirms or agent.asks_which
        return agent.asks_repeat or (answered and bool(agent.asked_about & turn_said.intents))

    # --- customer speech ------------------------------------------------------------

    def _customer(self, utterance: Utterance) -> list[RepeatEvent]:
        lex = self._lexicon(utterance)
        turn = self._turn(utterance.span.start)
        said = describe(utterance.text, lex, self.config)
        by_turn: dict[int, list[_Entry]] = {}
        for entry in self._history:
            by_turn.setdefault(self._turn(entry.utterance.span.start), []).append(entry)
        start = utterance.span.start
        this_turn = [e for e in by_turn.pop(turn, []) if e.utterance.span.start <= start]
        new_units = [said]
        if this_turn:  # a request split over several utterances ("As I said," "cancel it")
            new_units.append(self._join(this_turn, lex, extra=utterance))
        earlier = {t: entries for t, entries in by_turn.items() if t < turn}
        best = self._best_match(new_units, earlier, lex)
        best = best or self._cued_match(new_units, earlier, lex)
        entry = _Entry(utterance, said, self._new_group(), turn)
        event = None
        if best is not None:
            score, matched = best
            self._merge(entry, matched)
            turn_start = this_turn[0].utterance.span.start if this_turn else start
            prompted = self._prompted(turn_start, new_units[-1])
            event = self._event(entry, score, this_turn, prompted)
        self._remember(entry)
        return [event] if event is not None else []

    def _join(self, entries: list[_Entry], lex: Lexicon, extra: Utterance | None = None) -> _Said:
        key = tuple(e.utterance.id for e in entries) + ((extra.id,) if extra else ())
        if key not in self._joined:
            texts = [e.utterance.text for e in entries] + ([extra.text] if extra else [])
            self._joined[key] = describe(" ".join(texts), lex, self.config)
        return self._joined[key]

    def _best_match(
        self, new_units: list[_Said], earlier: dict[int, list[_Entry]], lex: Lexicon
    ) -> tuple[float, list[_Entry]] | None:
        """The earlier utterance (or whole earlier turn) the new speech repeats best."""
        best: tuple[tuple[bool, float], list[_Entry]] | None = None
        for entries in earlier.values():
            candidates = [(e.said, [e]) for e in entries]
            if len(entries) > 1:
                spoken = [e for e in entries if not e.said.empty]
                candidates.append((self._join(entries, lex), spoken))
            for old, named in candidates:
                for new in new_units:
                    score = similarity(new, old, lex, self.config)
                    if score is None or not named:
                        continue
                    # Naming the same action beats sharing words: requests are actions.
                    key = (bool(new.intents & old.intents), score)
                    if best is None or key > best[0]:
                        best = (key, named)
        return (best[0][1], best[1]) if best else None

    def _cued_match(
        self, new_units: list[_Said], earlier: dict[int, list[_Entry]], lex: Lexicon
    ) -> tuple[float, list[_Entry]] | None:
        """"As I said, I want ..." names no words we could match (ASR garbled them):
        trust the cue and take the customer's latest earlier request that fits."""
        cued = [u for u in new_units if u.strong_cue and u.request]
        if not cued:
            return None
        for turn in sorted(earlier, reverse=True)[: self.config.cue_lookback_turns]:
            requests = [e for e in earlier[turn] if e.said.request
                        and _compatible(cued[-1], e.said, self.config)]
            if requests:
                score = max(_score(cued[-1], e.said, lex, self.config)[0] for e in requests)
                return score, requests
        return None

    # --- groups of the same request -------------------------------------------------------

    def _new_group(self) -> int:
        group = next(self._group_ids)
        self._groups[group] = _Group()
        return group

    def _merge(self, entry: _Entry, matched: list[_Entry]) -> None:
        """Put the new utterance, and the groups of those it repeats, into one group."""
        target = matched[0].group
        absorbed = {e.group for e in matched} - {target}
        for old in self._history:
            if old.group in absorbed:
                self._move(old, target)
        for group in absorbed:
            self._groups[target].turns |= self._groups[group].turns
            self._groups.pop(group, None)
        self._groups.pop(entry.group, None)
        entry.group = target

    def _move(self, entry: _Entry, group: int) -> None:
        self._members[entry.group] -= 1
        self._members[group] += 1
        entry.group = group

    def _event(
        self, entry: _Entry, score: float, this_turn: list[_Entry], prompted: bool
    ) -> RepeatEvent | None:
        group = self._groups[entry.group]
        earlier = [e for e in self._history if e.group == entry.group and e.turn < entry.turn]
        group.turns |= {e.turn for e in earlier} | {entry.turn}
        if prompted or group.alerted_turn == entry.turn or not earlier:
            return None  # said again because the agent asked, or already prompted this turn
        group.alerted_turn = entry.turn
        return RepeatEvent(
            id=next(self._ids),
            time=entry.utterance.final_at,
            utterance=entry.utterance.id,
            repeats=tuple(e.utterance.id for e in earlier),
            count=len(group.turns),
            cue=entry.said.cue or next((e.said.cue for e in this_turn if e.said.cue), None),
            similarity=round(score, 3),
        )

    def _remember(self, entry: _Entry) -> None:
        self._history.append(entry)
        self._members[entry.group] += 1
        while len(self._history) > self.config.max_history:
            old = self._history.popleft()
            self._members[old.group] -= 1
            if self._members[old.group] <= 0:
                del self._members[old.group]
                self._groups.pop(old.group, None)
        live = {e.utterance.id for e in self._history}
        self._joined = {k: v for k, v in self._joined.items() if set(k) <= live}
