"""Dates as the site's pages write them, in each language, for every plugin: a report's date in
the meeting lists and a chapter's `updated` date are one format. The patterns are CLDR's (Babel),
for the locale that the language's catalog names (clay_plugins/locale/<lang>, `Language:`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel.dates import format_date, format_skeleton

from clay_plugins.l10n import catalog


def locale_id(lang: str) -> str:
    """The CLDR locale of a language ('ro_RO', 'en_GB'), also the Open Graph locale of a report."""
    return str(catalog(lang).locale)


@lru_cache(maxsize=8192)
def long_date(day: dt.date, lang: str) -> str:
    """'8 aprilie 2021' / '8 April 2021' / '8 aprile 2021': CLDR's long date format."""
    return format_date(day, format="long", locale=catalog(lang).locale)


@lru_cache(maxsize=4096)
def month_year(year: int, month: int, lang: str) -> str:
    """'aprilie 2021' / 'April 2021': CLDR's pattern for the skeleton `yMMMM`."""
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=catalog(lang).locale)
