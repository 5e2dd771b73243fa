"""Numbers, dates and durations as a reader of each language expects them (Qt-free).

A small table for the app's three languages rather than a locale library: the
conventions are few and fixed (CLDR's): Swedish groups thousands with a
no-break space and writes a decimal comma, Danish groups with a full stop,
English with a comma; Danish writes "2. december" and "kl. 14.05".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from assistant.i18n.languages import ensure_language

NBSP = "\u00a0"


@dataclass(frozen=True)
class LocaleFormat:
    decimal: str
    group: str
    percent: str  # the sign with its spacing
    months: tuple[str, ...]
    day_suffix: str  # "2." in Danish
    time_sep: str
    at: str  # between a date and a time
    hours: str  # the unit after h:mm:ss


_ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                   "September", "October", "November", "December")
_SWEDISH_MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                   "september", "oktober", "november", "december")
_DANISH_MONTHS = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
                  "september", "oktober", "november", "december")

FORMATS = {
    "en": LocaleFormat(".", ",", "%", _ENGLISH_MONTHS, "", ":", ", ", "h"),
    "sv": LocaleFormat(",", NBSP, NBSP + "%", _SWEDISH_MONTHS, "", ":", " ", "tim"),
    "da": LocaleFormat(",", ".", NBSP + "%", _DANISH_MONTHS, ".", ".", " kl. ", "t"),
}


def _fmt(language: str) -> LocaleFormat:
    return FORMATS[ensure_language(language)]


def number(value: float, language: str, decimals: int = 0) -> str:
    """``1234.5`` as "1,234.5", "1 234,5" or "1.234,5"."""
    f = _fmt(language)
    text = f"{value:,.{decimals}f}"  # Python's own: "," groups, "." decimal
    return text.replace(",", "\0").replace(".", f.decimal).replace("\0", f.group)


def percent(fraction: float, language: str) -> str:
    """``0.42`` as "42%" (English) or "42 %" (Swedish, Danish)."""
    return number(round(fraction * 100), language) + _fmt(language).percent


def long_date(day: date, language: str) -> str:
    """"2 December 2026", "2 december 2026", "2. december 2026"."""
    f = _fmt(language)
    return f"{day.day}{f.day_suffix} {f.months[day.month - 1]} {day.year}"


def short_date(day: date, language: str) -> str:
    """For tables: "2026-12-02" (English, Swedish) or "02.12.2026" (Danish)."""
    if ensure_language(language) == "da":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.year}-{day.month:02d}-{day.day:02d}"


def time_of_day(moment: datetime, language: str) -> str:
    """"14:05", or "14.05" in Danish."""
    return f"{moment.hour:02d}{_fmt(language).time_sep}{moment.minute:02d}"


def date_time(moment: datetime, language: str) -> str:
    """A date and time in a sentence: "2 December 2026, 14:05", "2. december 2026 kl. 14.05"."""
    f = _fmt(language)
    return f"{long_date(moment, language)}{f.at}{time_of_day(moment, language)}"


def short_date_time(moment: datetime, language: str) -> str:
    return f"{short_date(moment, language)} {time_of_day(moment, language)}"


def ordinal(n: int, language: str) -> str:
    """"2nd", "2:a", "2."."""
    lang = ensure_language(language)
    if lang == "da":
        return f"{n}."
    if lang == "sv":  # 1:a, 2:a, 3:e ... 11:e, 12:e, 21:a, 22:a
        return f"{n}:{'a' if n % 10 in (1, 2) and n % 100 not in (11, 12) else 'e'}"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def duration(seconds: float, language: str) -> str:
    """Seconds for short spans ("2.5 s", "2,5 s"), m:ss min for longer, h:mm:ss past an hour."""
    if seconds < 60:
        return f"{number(seconds, language, 1 if seconds < 10 else 0)} s"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d} {_fmt(language).hours}"
    return f"{minutes}:{secs:02d} min"
