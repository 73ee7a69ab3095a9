"""Dates as the site's pages write them, in each language (babel's CLDR patterns), for every
plugin: a report's date in the meeting lists and a chapter's `updated` date are one format."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

# The locale of each language of the site (also the Open Graph locale of a report).
LOCALES = {"ro": "ro_RO", "en": "en_GB"}


@lru_cache(maxsize=16)
def _locale(lang: str) -> Locale:
    # format_date parses a locale given by name on every call: a third of its time
    return Locale.parse(LOCALES.get(lang, lang))


def long_date(day: dt.date, lang: str) -> str:
    """'8 aprilie 2021' / '8 April 2021': babel's pattern `d MMMM y` (CLDR month names;
    Romanian in lower case), day first in every language, its month and year formatted once
    per month."""
    return f"{day.day} {_month_year(day.year, day.month, lang)}"


@lru_cache(maxsize=4096)
def _month_year(year: int, month: int, lang: str) -> str:
    # `d MMMM y` is the day's number, a space and `MMMM y`: babel formats the part that
    # depends on the language once per month (a call costs tens of microseconds, and the
    # lists and headers show a thousand dates per language)
    return format_date(dt.date(year, month, 1), format="MMMM y", locale=_locale(lang))


def month_year(year: int, month: int, lang: str) -> str:
    """'aprilie 2021' / 'April 2021' on its own (babel's stand-alone `LLLL y`)."""
    return format_date(dt.date(year, month, 1), format="LLLL y", locale=_locale(lang))
