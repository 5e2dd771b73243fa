"""The words people read: speaker labels, event sentences, ordinals, lengths, request
names, and what a prompt card says. One place for the app, the terminal and every export.

Prompt cards (Qt-free, so they are tested headless):

A repeated request is named by what the customer asked for, read from their
own words with the same lexicons the repeat detector uses: "They've asked
to cancel the subscription 3 times". The request actions are shared by every
language, so a Swedish "säga upp" is named in the agent's language, whichever
that is ("Kunden har bett att få säga upp abonnemanget 3 gånger").
When no action is recognised, an English request's verb phrase is quoted
("to send the invoice") for an English-speaking agent; failing that,
"They've asked this 3 times". Texts go through the core catalogue
(``assistant.i18n``), keyed by the English below.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache

from assistant.analysis.repeat import describe
from assistant.analysis.textnorm import Lexicon, load_lexicon
from assistant.config import RepeatConfig
from assistant.engine.result import CallResult
from assistant.i18n import catalogue
from assistant.i18n import formatting as fmt
from assistant.privacy import CATEGORIES, localise_tags
from assistant.records import RepeatEvent, Speaker, TalkOverEvent
from assistant.timebase import clock, seconds

# Request action → words for "They've asked ___ N times". "{it}" becomes the object
# ("the subscription") when one was named, else the text after the bar.
_ACTIONS: dict[str, str] = {
    "manager": "for a manager",
    "cancel": "to cancel {it|it}",
    "refund": "for a refund",
    "return": "to return {it|it}",
    "replace": "for a replacement",
    "repair": "for a repair",
    "transfer": "to be put through",
    "complaint": "to make a complaint",
    "callback": "for a call back",
    "pause": "to pause {it|it}",
    "activate": "to activate {it|it}",
    "upgrade": "to upgrade",
    "downgrade": "to downgrade",
    "change": "to change {it|something}",
    "payment": "to pay in instalments",
    "explain": "for an explanation",
    "deliver": "for {it|their delivery}",
    "compensation": "for compensation",
    "remove_charge": "to remove {it|a charge}",
    "move": "to move {it|their service}",
    "block": "to block {it|their card}",
    "reconnect": "to be reconnected",
    "unlock": "to unlock {it|their phone}",
    "password": "for a password reset",
    "extension": "for more time to pay",
    "discount": "for a discount",
    "send_document": "for it in writing",
    "port_number": "to keep their number",
    "add_service": "to add {it|a service}",
    "reschedule": "to reschedule",
    "delete_data": "to delete their data",
    "opt_out": "for no more marketing",
}
_OBJECTS = {
    "subscription": "the subscription", "order": "the order", "bill": "the bill",
    "device": "the device", "address": "the address", "internet": "the internet",
    "card": "the card", "appointment": "the appointment", "person": "someone else",
}
_SLOT = re.compile(r"\{it\|([^}]*)\}")

# English request openers, longest first; what follows is the verb phrase.
_OPENERS = re.compile(
    r"\b(?:i (?:just |really |only )?(?:want|need|would like|'d like|wanted) (?:you )?to|"
    r"(?:can|could|would|will) you(?: please| just)?|please)\s+(?P<rest>[^.?!,;]+)",
    re.IGNORECASE,
)
_SWAP = {"me": "them", "my": "their", "i": "they", "mine": "theirs", "myself": "themselves"}
_MAX_WORDS = 4
_DANGLING = frozenset(("the", "a", "an", "their", "to", "and", "or", "for", "with", "at", "of",
                       "on", "in", "from", "about"))


@lru_cache(maxsize=8)
def _lexicon(language: str | None) -> Lexicon:
    return load_lexicon(language)


def _from_action(text: str, language: str | None, ui_language: str) -> str | None:
    said = describe(text, _lexicon(language), RepeatConfig())
    words = catalogue(ui_language).gettext
    for action, template in _ACTIONS.items():
        if action in said.intents:
            thing = next((words(_OBJECTS[g]) for g in sorted(said.object_groups)
                          if g in _OBJECTS), None)
            return _fill(words(template), thing)
    return None


def _fill(template: str, thing: str | None) -> str:
    return _SLOT.sub(lambda m: thing or m.group(1), template)


def _from_verb_phrase(text: str) -> str | None:
    found = _OPENERS.search(text)
    if not found:
        return None
    words = [w for w in found.group("rest").split() if w.lower() not in ("please", "just")]
    words = [_SWAP.get(w.lower(), w) for w in words[:_MAX_WORDS]]
    while words and words[-1].lower() in _DANGLING:
        words = words[:-1]
    return f"to {' '.join(words)}" if words else None


def request_wording(texts: Iterable[str], language: str | None,
                    ui_language: str = "en") -> str | None:
    """What was asked for, from the repeat first and then the earlier asks.

    ``language``: the call's; ``ui_language``: the agent's, which the wording is in.
    """
    texts = [t for t in texts if t and t.strip()]
    for text in texts:
        wording = _from_action(text, language, ui_language)
        if wording:
            return wording
    if language in (None, "en") and ui_language == "en":
        for text in texts:
            wording = _from_verb_phrase(text)
            if wording:
                return wording
    return None


def repeat_title(count: int, wording: str | None, ui_language: str = "en") -> str:
    words = catalogue(ui_language).gettext
    if wording is None:
        return words("They've asked this {count} times", count=count)
    return words("They've asked {wording} {count} times", wording=wording, count=count)


def repeat_advice(ui_language: str = "en") -> str:
    return catalogue(ui_language).gettext("Acknowledge it")


def talkover_title(ui_language: str = "en") -> str:
    return catalogue(ui_language).gettext("Let them finish")


def talkover_advice(ui_language: str = "en") -> str:
    return catalogue(ui_language).gettext("The customer was still speaking")


# --- The shared vocabulary of transcripts, reviews and exports ---------------------------
# English here is the catalogue's key; each function takes the language it is read in.

SPEAKER_LABEL = {Speaker.AGENT: "Agent", Speaker.CUSTOMER: "Customer", Speaker.UNKNOWN: "Speaker"}


def speaker_label(speaker: Speaker, language: str = "en") -> str:
    """"Agent", "Customer" in a report's language."""
    return catalogue(language).pgettext("speaker", SPEAKER_LABEL[speaker])


# A request's kind (the repeat detector's intent) as a review names it.
INTENT_LABELS = {
    "cancel": "Cancel", "refund": "Refund", "return": "Return", "replace": "Replacement",
    "upgrade": "Upgrade", "downgrade": "Downgrade", "change": "Change", "manager": "A manager",
    "transfer": "Transfer", "complaint": "Complaint", "repair": "Repair", "pause": "Pause",
    "callback": "A call back", "activate": "Activate", "explain": "An explanation",
    "deliver": "Delivery", "payment": "Payment plan", "compensation": "Compensation",
    "remove_charge": "Remove a charge", "move": "Move", "block": "Block",
    "reconnect": "Reconnect", "unlock": "Unlock", "password": "Password reset",
    "extension": "More time to pay", "discount": "Discount", "send_document": "In writing",
    "port_number": "Keep the number", "add_service": "Add a service",
    "reschedule": "Reschedule", "delete_data": "Delete data", "opt_out": "No marketing",
}


def ordinal(n: int, language: str = "en") -> str:
    """"2nd", "2:a", "2."."""
    return fmt.ordinal(n, language)


def describe_event(event: TalkOverEvent | RepeatEvent, result: CallResult,
                   language: str = "en") -> str:
    """One plain-language sentence about an event, for transcripts and terminals."""
    t = catalogue(language).gettext
    if isinstance(event, TalkOverEvent):
        overlap = fmt.number(seconds(event.end - event.start), language, 1)
        message = ("Talk-over at {time}: the agent came in at {start} while the customer was "
                   "speaking and the customer stopped ({seconds} s)."
                   if event.reason.value == "cutoff" else
                   "Talk-over at {time}: the agent came in at {start} while the customer was "
                   "speaking and kept talking ({seconds} s).")
        return t(message, time=clock(event.time), start=clock(event.start), seconds=overlap)
    earlier = [result.utterance(i) for i in event.repeats]
    when = ", ".join(clock(u.span.start) for u in earlier if u is not None)
    cue = f' ("{event.cue}")' if event.cue else ""
    return t("Repeat at {time}: the customer made this request for the {nth} time{cue}; "
             "earlier at {when}.", time=clock(event.time), nth=ordinal(event.count, language),
             cue=cue, when=when)


def span_text(samples_: int, language: str = "en") -> str:
    """Seconds for short spans, m:ss for long ones: "4.2 s", "1:05 min" ("4,2 s")."""
    return fmt.duration(seconds(samples_), language)


def length_text(seconds_: float) -> str:
    """A call's length, to the second: "4:07", "1:02:09" (the same in every language)."""
    minutes, secs = divmod(round(seconds_), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# How many values of each kind the redactor removed, never what ("1 card number, 2 phone
# numbers"), keyed by the privacy categories.
_REDACTED = {
    "personal_id": ("{n} personal identity number", "{n} personal identity numbers"),
    "card": ("{n} card number", "{n} card numbers"),
    "account": ("{n} account number", "{n} account numbers"),
    "phone": ("{n} phone number", "{n} phone numbers"),
    "email": ("{n} e-mail address", "{n} e-mail addresses"),
    "number": ("{n} other number", "{n} other numbers"),
}


def redaction_counts(counts: Counter[str], language: str = "en") -> str:
    words = catalogue(language)
    return ", ".join(words.ngettext(*_REDACTED[c], counts[c]) for c in CATEGORIES
                     if counts.get(c, 0))


def with_local_tags(result: CallResult, language: str) -> CallResult:
    """``result`` with its redaction tags ("[card number]", stored in English) in
    ``language``: what a review or an export in that language shows."""
    if language == "en":
        return result
    utterances = [replace(u, text=localise_tags(u.text, language)) for u in result.utterances]
    return replace(result, utterances=utterances)
