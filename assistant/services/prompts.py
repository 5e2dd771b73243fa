"""Which prompts reach the screen, and what they say (Qt-free).

The engine reports every talk-over and repeat; the agent should not see the
same advice every few seconds. ``PromptPolicy`` decides per event, on the
call's one clock (samples), whether it becomes a new card, refreshes a card
still on screen, or is only counted. ``PromptBook`` turns events into
``Prompt`` records with their evidence (the customer's words, and when).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from assistant.i18n import catalogue
from assistant.i18n.formatting import number
from assistant.records import (
    PartialTranscript,
    RepeatEvent,
    Speaker,
    TalkOverEvent,
    Utterance,
)
from assistant.timebase import clock, samples, seconds
from assistant.wording import (
    repeat_advice,
    repeat_title,
    request_wording,
    talkover_advice,
    talkover_title,
)

LINGER_MS = 8000  # how long a prompt card stays on screen before it fades


class PromptKind(str, enum.Enum):
    TALKOVER = "talkover"
    REPEAT = "repeat"


@dataclass(frozen=True)
class Prompt:
    key: str  # cards with one key replace each other ("talkover", "repeat:<first ask>")
    kind: PromptKind
    event_id: int
    title: str
    advice: str
    evidence: str  # the customer's words, quoted
    when: str  # "0:21", or "0:04, 0:11 and now 0:30"
    at: int  # samples: when the engine raised it
    event: TalkOverEvent | RepeatEvent | None = None  # what "not helpful" is stored against


class Decision(str, enum.Enum):
    SHOW = "show"  # a new card
    REFRESH = "refresh"  # replace the card with this key that is still on screen
    COUNT_ONLY = "count_only"  # in cool-down or switched off: meters only


@dataclass
class PromptPolicy:
    """Cool-downs per prompt key, in seconds of call time."""

    show_talkover: bool = True
    show_repeat: bool = True
    talkover_cooldown_s: float = 20.0
    repeat_cooldown_s: float = 30.0
    _last_shown: dict[str, int] = field(default_factory=dict)

    def decide(self, prompt: Prompt, on_screen: bool) -> Decision:
        enabled = self.show_talkover if prompt.kind is PromptKind.TALKOVER else self.show_repeat
        if not enabled:
            return Decision.COUNT_ONLY
        if on_screen:
            return Decision.REFRESH  # still there: update it rather than stack another
        cooldown = (self.talkover_cooldown_s if prompt.kind is PromptKind.TALKOVER
                    else self.repeat_cooldown_s)
        last = self._last_shown.get(prompt.key)
        if last is not None and prompt.at - last < samples(cooldown):
            return Decision.COUNT_ONLY
        self._last_shown[prompt.key] = prompt.at
        return Decision.SHOW


def marker_text(event: TalkOverEvent | RepeatEvent, said_at: int | None = None,
                language: str = "en") -> str:
    """The one-line note an event leaves in the transcript (``said_at``: the repeat's words)."""
    words = catalogue(language).gettext
    if isinstance(event, TalkOverEvent):
        overlap = number(seconds(max(0, event.end - event.start)), language, 1)
        return words("Talk-over at {time} · both speaking {seconds} s",
                     time=clock(event.start), seconds=overlap)
    at = event.time if said_at is None else said_at
    return words("Repeated request at {time} · asked {count} times", time=clock(at),
                 count=event.count)


def _quote(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”" if text else ""


class PromptBook:
    """Keeps the call's words so a prompt can quote the customer.

    Prompts are worded in ``language``, the agent's, whatever language the call is in.
    """

    def __init__(self, language: str = "en") -> None:
        self.language = language
        self.utterances: dict[int, Utterance] = {}
        self._partial: PartialTranscript | None = None  # the customer's words in progress

    def note(self, item: Utterance | PartialTranscript) -> None:
        if isinstance(item, Utterance):
            self.utterances[item.id] = item
            if item.speaker is Speaker.CUSTOMER:
                self._partial = None
        elif item.speaker is Speaker.CUSTOMER:
            self._partial = item

    def customer_words_since(self, start: int) -> str:
        """What the customer has said in the turn that began at ``start`` (so far)."""
        said = [u for u in sorted(self.utterances.values(), key=lambda u: u.span.start)
                if u.speaker is Speaker.CUSTOMER and u.span.end > start]
        words = " ".join(u.text for u in said)
        if self._partial is not None and self._partial.span.end > start:
            words = f"{words} {self._partial.text}".strip()
        return words

    def talkover(self, event: TalkOverEvent) -> Prompt:
        words = self.customer_words_since(event.customer_start)
        lang, text = self.language, catalogue(self.language).gettext
        return Prompt(
            key=PromptKind.TALKOVER.value,
            kind=PromptKind.TALKOVER,
            event_id=event.id,
            title=talkover_title(lang),
            advice=talkover_advice(lang) + " — " + text("you came in at {time}",
                                                        time=clock(event.start)),
            evidence=(_quote(words) if words
                      else text("(their words are still being transcribed)")),
            when=text("customer speaking since {time}", time=clock(event.customer_start)),
            at=event.time,
            event=event,
        )

    def repeat(self, event: RepeatEvent) -> Prompt:
        now = self.utterances.get(event.utterance)
        earlier = [self.utterances[i] for i in event.repeats if i in self.utterances]
        texts = [u.text for u in ([now] if now else []) + earlier]
        language = now.language if now else None
        wording = request_wording(texts, language, self.language)
        text = catalogue(self.language).gettext
        # The group's first ask; the others may be pieces of that same turn.
        first_at = min((u.span.start for u in earlier), default=None)
        parts = ([text("first asked at {time}", time=clock(first_at))]
                 if first_at is not None else [])
        if now is not None:
            parts.append(text("again at {time}", time=clock(now.span.start)))
        when = " · ".join(parts)
        first = min(event.repeats) if event.repeats else event.utterance
        return Prompt(
            key=f"{PromptKind.REPEAT.value}:{first}",
            kind=PromptKind.REPEAT,
            event_id=event.id,
            title=repeat_title(event.count, wording, self.language),
            advice=repeat_advice(self.language),
            evidence=_quote(now.text) if now else "",
            when=when,
            at=event.time,
            event=event,
        )
