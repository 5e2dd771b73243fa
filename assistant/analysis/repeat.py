"""Detecting that the customer had to make a request again.

Each finalised customer utterance is compared with what the customer said in
earlier turns (a turn ends when the agent says something that is not a
backchannel, so self-repair inside one turn never counts). It repeats a
request when it names the same action ("cancel", "end my contract", "säga
upp") about a compatible object, or shares enough content words (stemmed,
matched despite ASR misspellings, backed by character n-grams); a cue phrase
("as I said", "jag sa ju") lowers the bar. It does not when the actions or
objects differ, it asks for something further ("also"), it only asks about
status, or it answers the agent ("Could you repeat that?", "Which one?").
Repeats of one request form a group: the third time names the first two.
"""

from __future__ import annotations

import bisect
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from assistant.analysis.acoustic import SpokenFrames, longest_shared_stretch
from assistant.analysis.backchannel import is_backchannel
from assistant.analysis.semantic import RequestClassifier, load_embedder
from assistant.analysis.taxonomy import load_taxonomy
from assistant.analysis.textnorm import (
    Lexicon,
    char_ngrams,
    dice,
    find,
    load_lexicon,
    normalize,
    sentences,
)
from assistant.config import RepeatConfig
from assistant.records import RepeatEvent, Speaker, Utterance

_OBJECT_WINDOW = 4  # words after an action word that may name what it is about
_NEGATION_WINDOW = 3  # words before an action word in which "not" undoes it


@dataclass(frozen=True)
class Said:
    """What a stretch of customer speech says, in comparable form."""

    content: frozenset[str]  # stems of the meaningful words
    grams: Counter[str]  # character trigrams of the meaningful words
    intents: frozenset[str]  # request actions named ("cancel", "refund", ...)
    objects: frozenset[str]  # stems of the words right after an action word
    object_groups: frozenset[str]  # their meaning groups ("subscription", ...)
    request: bool  # phrased as a request ("I want", "kan du"), or an action not asked about
    new_request: bool  # "also", "one more thing": a further request, not the same one
    status_question: bool  # only questions, none a request: "Is it cancelled now?"
    affirms: bool  # starts with "yes", "precis", ...: answers the agent's question
    cue: str | None  # the repeat cue phrase heard, if any
    strong_cue: bool
    code_like: bool = False  # mostly digits or single letters: a number or a spelling

    @property
    def empty(self) -> bool:
        return not self.content and not self.intents


def _object_window(tokens: list[str], end: int, lex: Lexicon) -> range:
    """Where an action's object may be: a few words on, within the clause ("..., and ...")."""
    stop = min(len(tokens), end + _OBJECT_WINDOW)
    breaks = [i for i in range(end, stop) if tokens[i] in lex.clause_words]
    return range(end, breaks[0] if breaks else stop)


def _negated_or_reported(
    tokens: list[str], start: int, lex: Lexicon, marker_ends: frozenset[int] = frozenset()
) -> bool:
    """"I don't want to cancel" and "I cancelled it last week" ask for no action;
    "I'd rather you phoned me back" (a request marker just before) still asks."""
    before = tokens[max(0, start - _NEGATION_WINDOW) : start]
    if any(t in lex.negations for t in before):
        return True
    if any(start - _NEGATION_WINDOW <= end <= start for end in marker_ends):
        return False
    word = tokens[start]
    past = any(word.endswith(s) and len(word) > len(s) + 2 for s in lex.past_suffixes)
    # Right after a subject or auxiliary ("I cancelled", "we have changed"): not "in
    # your superior" (Danish "i din overordnede") nor "I am locked out".
    return past and bool(before) and before[-1] in lex.past_before


def describe(
    text: str, lex: Lexicon, config: RepeatConfig, semantic: RequestClassifier | None = None
) -> Said:
    """Read one text into the features the comparison needs.

    ``semantic``: names the request type by meaning when no pattern names an action.
    """
    tokens = normalize(text, lex.language)
    stems = lex.stem(tokens)
    meaningful = [i for i, t in enumerate(tokens) if lex.is_content(t)]
    markers = find(lex.request_markers, tokens, stems)
    # The "not" of "why can't you cancel it?" asks; it does not undo the action.
    plain = [t if not any(s <= i < e for _, s, e in markers) else "" for i, t in enumerate(tokens)]
    actions: dict[str, list[int]] = {}  # action -> where its words end
    marker_ends = frozenset(e for _, _, e in markers)
    spans: list[tuple[str, int, int]] = []
    for name, phrases in lex.intents.items():
        for _, start, end in find(phrases, tokens, stems, config.intent_similarity):
            if not _negated_or_reported(plain, start, lex, marker_ends):
                actions.setdefault(name, []).append(end)
                spans.append((name, start, end))
    # Words inside an action's own phrase ("money back on my card") are not its object.
    inside = {i for _, start, end in spans for i in range(start, end)}
    objects = {i for ends in actions.values() for end in ends
               for i in _object_window(tokens, end, lex)
               if i in meaningful and i not in inside and stems[i] not in lex.weak_words}
    groups = {name for name, phrases in lex.objects.items() for i in objects
              if find(phrases, tokens[i : i + 1], stems[i : i + 1])}
    marked = bool(markers)
    parts = sentences(text)
    status = bool(parts) and all(q for _, q in parts) and not marked
    if semantic is not None and not actions and not status and meaningful:
        guessed = semantic.classify(text, lex.language)
        if guessed is not None:
            actions[guessed] = []  # no action word, so no object window either
    strong = find(lex.strong_cues, tokens, stems)
    cue = strong or find(lex.weak_cues, tokens, stems)
    return Said(
        content=frozenset(stems[i] for i in meaningful),
        grams=char_ngrams(" ".join(tokens[i] for i in meaningful)),
        intents=frozenset(actions),
        objects=frozenset(stems[i] for i in objects),
        object_groups=frozenset(groups),
        request=marked or (bool(actions) and not status),
        new_request=bool(find(lex.new_request_markers, tokens, stems)),
        status_question=status,
        affirms=any(start == 0 for _, start, _ in find(lex.affirmations, tokens, stems)),
        cue=" ".join(tokens[cue[0][1] : cue[0][2]]) if cue else None,
        strong_cue=bool(strong),
        code_like=_code_like(tokens, lex),
    )


def _code_like(tokens: list[str], lex: Lexicon) -> bool:
    """Mostly digits or lone letters: an account number, a postcode, a spelling."""
    words = [t for t in tokens if t not in lex.stopwords]
    codes = sum(1 for t in words if any(c.isdigit() for c in t) or len(t) == 1)
    return bool(words) and codes * 2 >= len(words)


@dataclass(frozen=True)
class AgentSaid:
    """What an agent utterance means for the customer's next turn."""

    asks_repeat: bool  # "Could you repeat that?", "Can you spell it?", "Is that correct?"
    question: bool  # asks anything: a plain statement in reply is an answer
    asked_about: frozenset[str]  # request actions named in a question ("Do you want to cancel?")
    asks_which: bool  # "Which subscription ...?": the answer may name the request again


def read_agent(text: str, lex: Lexicon, config: RepeatConfig) -> AgentSaid:
    """Read an agent utterance for what it asks of the customer."""
    tokens = normalize(text, lex.language)
    parts = sentences(text)
    asks = bool(find(lex.repeat_asks, tokens, lex.stem(tokens)))
    # "Sorry?" or "Pardon?" count only as a whole sentence: "Sorry, I can't" asks nothing.
    short = {p.words for p in lex.repeat_asks_short}
    asks = asks or any(tuple(lex.stem(normalize(s, lex.language))) in short
                       for s, question in parts if question or len(parts) == 1)
    questions = " . ".join(s for s, question in parts if question)
    q_tokens = normalize(questions, lex.language)
    return AgentSaid(
        asks_repeat=asks,
        question=bool(questions),
        asked_about=describe(questions, lex, config).intents,
        asks_which=bool(find(lex.clarify_words, q_tokens, lex.stem(q_tokens))),
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
    return dice(char_ngrams(a), char_ngrams(b)) >= similarity


def _matches(words: frozenset[str], other: frozenset[str], similarity: float) -> list[str]:
    """The words that also occur in ``other``, exactly or as an ASR variant."""
    exact = words & other
    return [*exact, *(w for w in words - exact if any(_same_word(w, o, similarity) for o in other))]


def _overlap(a: Said, b: Said, lex: Lexicon, config: RepeatConfig) -> tuple[float, int]:
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


def same_request_type(new: Said, old: Said) -> bool:
    """Both name a request type, and some type of one may be the same request as the other's."""
    return bool(new.intents and old.intents) and load_taxonomy().related(new.intents, old.intents)


def compatible(new: Said, old: Said, config: RepeatConfig) -> bool:
    """False when the two cannot be one request: different actions or different objects."""
    if new.empty or old.empty:
        return False
    taxonomy = load_taxonomy()
    if new.intents and old.intents:
        shared = taxonomy.shared(new.intents, old.intents)
        if not shared:
            return False  # "upgrade my subscription" is not "cancel my subscription"
        if shared <= taxonomy.without_object:
            return True  # "call me back after four" vs "... later": the time is no object
    if not new.objects or not old.objects or new.object_groups & old.object_groups:
        return True  # "cancel it" leaves the object to the earlier request
    sim = config.word_similarity
    return bool(_matches(new.objects, old.content, sim) or _matches(old.objects, new.content, sim))


def score(new: Said, old: Said, lex: Lexicon, config: RepeatConfig) -> tuple[float, int]:
    """Blend of word overlap and character n-grams, raised when the action is the same;
    and how many non-generic words are shared."""
    overlap, shared = _overlap(new, old, lex, config)
    blended = max(overlap, (overlap + dice(new.grams, old.grams)) / 2)
    if new.request and same_request_type(new, old):
        return 1.0 - (1.0 - config.intent_score) * (1.0 - blended), shared
    return blended, shared


def similarity(
    new: Said, old: Said, lex: Lexicon, config: RepeatConfig, answering: bool = False
) -> float | None:
    """How strongly ``new`` makes the request ``old`` made, or None when it does not.

    ``answering``: the agent has just asked a question, so a plain statement
    is an answer, not a complaint said again.
    """
    if not compatible(new, old, config):
        return None
    value, shared = score(new, old, lex, config)
    same_action = new.request and same_request_type(new, old)
    # "Still"/"again" only insist on requests: "it's still not working" is news, not a repeat.
    if new.cue is not None and (new.strong_cue or new.request):
        bar = config.cue_threshold if new.strong_cue else config.weak_cue_threshold
        enough = same_action or shared >= 1
    elif new.new_request or new.status_question or (answering and not new.request):
        return None
    elif new.request:
        bar, enough = config.threshold, same_action or shared >= config.min_shared_words
    else:  # a complaint said again: near verbatim only
        strong_words = sum(1 for w in new.content if w not in lex.weak_words)
        bar = config.statement_threshold
        enough = shared >= config.min_shared_words and strong_words >= config.min_statement_words
    return value if enough and value >= bar else None


# --- The detector -------------------------------------------------------------------


@dataclass
class _Entry:
    """One earlier customer utterance, and the request group it belongs to."""

    utterance: Utterance
    said: Said
    turn: int
    group: int  # id of the group's first utterance
    voice: SpokenFrames | None = None  # how it sounded, for when the words were garbled


Match = tuple[float, list[_Entry]]


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
        self._prompted_turns: deque[int] = deque(maxlen=config.max_history)  # one per turn
        self._joined: dict[tuple[int, ...], Said] = {}  # several utterances read as one
        embedder = load_embedder() if config.semantic.enabled else None
        self._semantic = RequestClassifier(embedder, config.semantic) if embedder else None

    def set_language(self, language: str) -> None:
        """The call's language is known: re-read what was said with its word lists."""
        if language == self._language:
            return
        self._language = language
        self._joined.clear()
        for entry in self._history:
            entry.said = self._describe(entry.utterance.text, self._lexicon(entry.utterance))

    def feed(self, utterance: Utterance, voice: SpokenFrames | None = None) -> list[RepeatEvent]:
        """``voice``: the customer utterance's audio features, when the audio is at hand."""
        if utterance.speaker is Speaker.AGENT:
            self._agent(utterance)
            return []
        if utterance.speaker is Speaker.CUSTOMER:
            return self._customer(utterance, voice)
        return []  # a mono recording: nobody to tell apart

    def _lexicon(self, utterance: Utterance) -> Lexicon:
        return load_lexicon(self._language or utterance.language or None)

    def _describe(self, text: str, lex: Lexicon) -> Said:
        return describe(text, lex, self.config, self._semantic)

    # --- turns ------------------------------------------------------------------------

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

    def _agent_before(self, start: int) -> AgentSaid | None:
        at = bisect.bisect_left(self._agent_starts, start) - 1
        return self._agent_said[at] if at >= 0 else None

    # --- customer speech --------------------------------------------------------------

    def _customer(self, utterance: Utterance, voice: SpokenFrames | None) -> list[RepeatEvent]:
        lex = self._lexicon(utterance)
        start = utterance.span.start
        turn = self._turn(start)
        said = self._describe(utterance.text, lex)
        by_turn: dict[int, list[_Entry]] = {}
        for old in self._history:
            by_turn.setdefault(self._turn(old.utterance.span.start), []).append(old)
        this_turn = [e for e in by_turn.pop(turn, []) if e.utterance.span.start <= start]
        units = [said]
        if this_turn:  # a request split over utterances ("As I said," "cancel it")
            units.append(self._join([*this_turn], lex, utterance))
        earlier = {t: entries for t, entries in by_turn.items() if t < turn}
        agent = self._agent_before(this_turn[0].utterance.span.start if this_turn else start)
        answering = agent is not None and agent.question
        best = self._best_match(units, earlier, lex, answering)
        best = best or self._cued_match(units, earlier, lex)
        best = best or self._acoustic_match(units[-1], voice, earlier)
        entry = _Entry(utterance, said, turn, utterance.id, voice)
        event = None
        if best is not None:
            self._merge(entry, best[1])
            prompted = agent is not None and _prompted(agent, units[-1])
            event = None if prompted else self._event(entry, best[0], this_turn)
        self._remember(entry)
        return [event] if event is not None else []

    def _join(self, entries: list[_Entry], lex: Lexicon, extra: Utterance | None = None) -> Said:
        utterances = [e.utterance for e in entries] + ([extra] if extra else [])
        key = tuple(u.id for u in utterances)
        if key not in self._joined:
            text = " ".join(u.text for u in utterances)
            self._joined[key] = self._describe(text, lex)
        return self._joined[key]

    def _best_match(
        self, units: list[Said], earlier: dict[int, list[_Entry]], lex: Lexicon, answering: bool
    ) -> Match | None:
        """The earlier utterance (or whole earlier turn) the new speech repeats best."""
        best: tuple[tuple[bool, float], list[_Entry]] | None = None
        for entries in earlier.values():
            candidates = [(e.said, [e]) for e in entries]
            if len(entries) > 1:
                named = [e for e in entries if not e.said.empty]
                candidates.append((self._join(entries, lex), named))
            for old, named in candidates:
                for new in units:
                    value = similarity(new, old, lex, self.config, answering)
                    # Naming the same action beats sharing words: requests are actions.
                    key = (same_request_type(new, old), value or 0.0)
                    if value is not None and named and (best is None or key > best[0]):
                        best = (key, named)
        return (best[0][1], best[1]) if best else None

    def _cued_match(
        self, units: list[Said], earlier: dict[int, list[_Entry]], lex: Lexicon
    ) -> Match | None:
        """"As I said, I want ..." with no words we can match (ASR garbled them):
        trust the cue and name the customer's latest earlier request that fits."""
        cued = [u for u in units if u.strong_cue and u.request]
        if not cued:
            return None
        for turn in sorted(earlier, reverse=True)[: self.config.cue_lookback_turns]:
            requests = [e for e in earlier[turn]
                        if e.said.request and compatible(cued[-1], e.said, self.config)]
            if requests:
                return max(score(cued[-1], e.said, lex, self.config)[0] for e in requests), requests
        return None

    def _acoustic_match(
        self, new: Said, voice: SpokenFrames | None, earlier: dict[int, list[_Entry]]
    ) -> Match | None:
        """The words did not match, but the customer may have said the same thing:
        a request whose audio shares a long stretch with an earlier request."""
        config = self.config
        # The words may be too garbled to match (that is why we are here), but the
        # new utterance must still read as a request, or say "as I said" and sound
        # like an earlier request: read-backs, answers and complaints said again sound
        # alike too (the same voice), and are not repeated requests. A weak cue is not
        # enough there: "men jeg har jo ikke ringet" ("but I haven't called anyone")
        # is a complaint, and sounded like the customer's earlier "men jeg har slet
        # ikke" on the public Danish call at 8 kHz. Numbers and spellings said again
        # are read-backs whatever the agent's words were.
        if voice is None or new.new_request or new.status_question or new.code_like:
            return None
        best: tuple[float, _Entry] | None = None
        for turn in sorted(earlier, reverse=True)[: config.acoustic_lookback_turns]:
            for old in earlier[turn]:
                if old.voice is None or old.said.code_like:
                    continue
                if not (new.request or (old.said.request and new.strong_cue)):
                    continue
                if not compatible(new, old.said, config):
                    continue  # a different action, even if it sounds alike ("I'd like to ...")
                stretch = longest_shared_stretch(voice, old.voice, config.acoustic_max_distance)
                if stretch >= config.acoustic_min_stretch_s and (
                    best is None or stretch > best[0]
                ):
                    best = (stretch, old)
        if best is None:
            return None
        # Report it on the same 0..1 scale: a stretch twice the minimum is certain.
        value = min(1.0, 0.5 * best[0] / config.acoustic_min_stretch_s)
        return value, [best[1]]

    # --- groups of the same request ---------------------------------------------------

    def _merge(self, entry: _Entry, matched: list[_Entry]) -> None:
        """Put the new utterance, and the groups of those it repeats, into one group."""
        target = matched[0].group
        absorbed = {e.group for e in matched}
        for old in self._history:
            if old.group in absorbed:
                old.group = target
        entry.group = target

    def _event(self, entry: _Entry, value: float, this_turn: list[_Entry]) -> RepeatEvent | None:
        earlier = [e for e in self._history if e.group == entry.group and e.turn < entry.turn]
        if not earlier or entry.turn in self._prompted_turns:
            return None  # one prompt per customer turn, however many requests it repeats
        self._prompted_turns.append(entry.turn)
        cues = [entry.said.cue, *(e.said.cue for e in this_turn)]
        return RepeatEvent(
            id=next(self._ids),
            time=entry.utterance.final_at,
            utterance=entry.utterance.id,
            repeats=tuple(e.utterance.id for e in earlier),
            count=len({e.turn for e in earlier}) + 1,
            cue=next((c for c in cues if c), None),
            similarity=round(value, 3),
        )

    def _remember(self, entry: _Entry) -> None:
        self._history.append(entry)
        while len(self._history) > self.config.max_history:
            self._history.popleft()
        live = {e.utterance.id for e in self._history}
        self._joined = {k: v for k, v in self._joined.items() if set(k) <= live}


def _prompted(agent: AgentSaid, turn_said: Said) -> bool:
    """Whether the customer says it because the agent asked: to repeat, confirm or choose."""
    answered = turn_said.affirms or agent.asks_which
    return agent.asks_repeat or (answered and bool(agent.asked_about & turn_said.intents))
