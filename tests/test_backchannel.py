"""is_backchannel: acknowledgements only, however Whisper spells them."""

from __future__ import annotations

import pytest

from assistant.analysis.backchannel import is_backchannel

BACKCHANNELS = [
    ("Mm-hmm.", "en"),
    ("Mm hmm", "en"),
    ("Mhm.", "en"),
    ("Hmm.", "en"),
    ("M-hm", "en"),
    ("Mmm.", "en"),
    ("Uh-huh.", "en"),
    ("Uh huh, right.", "en"),
    ("Yeah, yeah.", "en"),
    ("Yeaaah.", "en"),
    ("Right, I see.", "en"),
    ("Okay.", "en"),
    ("OK, got it.", "en"),
    ("Sure.", "en"),
    ("Yes, that's right.", "en"),
    ("Oh, I see.", "en"),
    ("I understand.", "en"),
    ("Ja precis.", "sv"),
    ("Ja.", "sv"),
    ("Mm, okej.", "sv"),
    ("MMOK", "sv"),  # Whisper running "mm, ok" together
    ("Jaha, just det.", "sv"),
    ("Absolut.", "sv"),
    ("Jaja.", "sv"),
    ("Nemlig, ja.", "da"),
    ("Javel.", "da"),
    ("Præcis.", "da"),
    ("Netop.", "da"),
    ("Ja, okay.", "da"),
    ("Mm.", "da"),
    ("Okay.", None),  # the language may not be known yet
    ("Precis, precis.", None),
    ("Mm-hmm.", "de"),  # any other language: the merged lists and the hums
]

NOT_BACKCHANNELS = [
    ("Right, so what you need to do is go to the website.", "en"),
    ("Okay so what you need to do is fill in the form.", "en"),
    ("I see. Let me look at your account right now.", "en"),
    ("Sure, what is the new address?", "en"),
    ("Great, that is done.", "en"),
    ("No.", "en"),
    ("Sorry?", "en"),
    ("Could you repeat that?", "en"),
    ("Yes, it is four seven one.", "en"),
    ("Right right right right right right right.", "en"),  # too long to be a mere backchannel
    ("", "en"),
    ("...", "en"),
    ("Ja, men det är vår policy.", "sv"),
    ("Okej, jag förstår, men då måste du ringa banken.", "sv"),
    ("Nemlig, men det kan jeg ikke gøre noget ved.", "da"),
    ("Undskyld, jeg afbrød dig.", "da"),
    ("Jeg er ked af det.", "da"),
]


@pytest.mark.parametrize(("text", "language"), BACKCHANNELS)
def test_backchannels_are_recognised(text: str, language: str | None) -> None:
    assert is_backchannel(text, language)


@pytest.mark.parametrize(("text", "language"), NOT_BACKCHANNELS)
def test_other_speech_is_not_a_backchannel(text: str, language: str | None) -> None:
    assert not is_backchannel(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [("Uh-huh, sure thing.", "en"), ("Mm, jag hör dig.", "sv"), ("Ja, det forstår jeg.", "da"),
     ("Yeah, makes sense.", "en"), ("Okej, toppen.", "sv"), ("Fint, tak.", "da")],
)
def test_held_out_backchannels(text: str, language: str) -> None:
    # Not tuned on: phrasings kept aside to check the lists are general.
    assert is_backchannel(text, language)
