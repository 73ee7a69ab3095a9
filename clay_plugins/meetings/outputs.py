"""The machine-readable views of the meetings: RSS feed, iCalendar, JSON, schema.org JSON-LD.

Everything here escapes for its format through a library or an autoescaping environment:
the RSS feed through the plugins' one autoescaping Jinja environment (clay_plugins/build.py),
the calendar through icalendar, JSON through the json module, with `<`, `>` and `&` written as
`\\u003c`-style escapes in JSON-LD so that `</script>` in a title cannot end the script element.
Output depends only on the sources (no clock), so two builds are identical.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from email.utils import format_datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import jinja2
from icalendar import Calendar, Event, Timezone

from clay_plugins.cache import Cache
from clay_plugins.content.meeting import FEED, FOLDER, Meeting, MeetingSettings
from clay_plugins.meetings.text import strings

TZID = "Europe/Bucharest"
TZ = ZoneInfo(TZID)
ATTENDANCE = {
    "online": "https://schema.org/OnlineEventAttendanceMode",
    "in-person": "https://schema.org/OfflineEventAttendanceMode",
    "hybrid": "https://schema.org/MixedEventAttendanceMode",
}

AbsUrl = Callable[[str], str]  # site-root-relative URL -> absolute URL
# a report's lead photo in a language (url, width, height, type, length, alt, credit) or None
ImageOf = Callable[[Meeting, str], dict[str, Any] | None]


def _no_image(meeting: Meeting, lang: str) -> dict[str, Any] | None:
    return None


def start(meeting: Meeting) -> dt.datetime | dt.date:
    """Start of the meeting: a Bucharest time when one is given, else the day."""
    return _moments(meeting.date, meeting.time)[0]


def end(meeting: Meeting) -> dt.datetime | None:
    """End of the meeting, when a time range is given."""
    return _moments(meeting.date, meeting.time)[1]


_Time = tuple[dt.time, dt.time | None] | None


def _moments(day: dt.date, time: _Time) -> tuple[dt.datetime | dt.date, dt.datetime | None]:
    if time is None:
        return day, None
    finish = dt.datetime.combine(day, time[1], TZ) if time[1] is not None else None
    return dt.datetime.combine(day, time[0], TZ), finish


# The forms of a meeting's date and time in each format depend on the date and time only: every
# output of every language asks for them, so each is computed once per meeting (and process).


@lru_cache(maxsize=8192)
def _iso_times(day: dt.date, time: _Time) -> tuple[str, str | None]:
    """ISO 8601 start and end (JSON-LD)."""
    begin, finish = _moments(day, time)
    return begin.isoformat(), finish.isoformat() if finish is not None else None


def place(meeting: Meeting, lang: str) -> str:
    parts = [meeting.venue_for(lang), meeting.platform]
    return ", ".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# JSON-LD


def jsonld_event(
    meeting: Meeting, lang: str, url: str, settings: MeetingSettings,
    image: dict[str, Any] | None = None,
) -> dict[str, Any]:
    text_lang = meeting.text_language(lang)
    begin, finish = _iso_times(meeting.date, meeting.time)
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": f"{url}#event",
        "identifier": meeting.uid,
        "name": meeting.title(lang),
        "description": meeting.summary(lang),
        "url": url,
        "inLanguage": text_lang,
        "startDate": begin,
        "eventAttendanceMode": ATTENDANCE[meeting.format],
        "eventStatus": "https://schema.org/EventScheduled",
        "organizer": {"@type": "Organization", "name": meeting.organiser},
    }
    if finish is not None:
        event["endDate"] = finish
    locations: list[dict[str, Any]] = []
    if meeting.platform and meeting.format in ("online", "hybrid"):
        locations.append({"@type": "VirtualLocation", "name": meeting.platform})
    venue = meeting.venue_for(lang)
    if venue and meeting.format in ("in-person", "hybrid"):
        locations.append({"@type": "Place", "name": venue, "address": venue})
    if locations:
        event["location"] = locations[0] if len(locations) == 1 else locations
    series = settings.series_label(meeting.series, lang)
    event["superEvent"] = {"@type": "EventSeries", "name": series}
    if image is not None:
        event["image"] = {"@type": "ImageObject", "url": image["url"], "width": image["width"],
                          "height": image["height"], "caption": image["alt"]}
    return event


# one encoder for every page: json.dumps builds a new one per call when given options
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def script_json(data: Any) -> str:
    """JSON safe inside <script>: `<`, `>` and `&` as \\u escapes (a title may say </script>)."""
    text = _COMPACT.encode(data)
    for char, escaped in _SCRIPT_ESCAPES:
        if char in text:  # a search costs less than a replace that finds nothing
            text = text.replace(char, escaped)
    return text


# ---------------------------------------------------------------------------------------------
# RSS 2.0


def rss_date(meeting: Meeting) -> str:
    return _rss_date(meeting.date, meeting.time)


@lru_cache(maxsize=8192)
def _rss_date(day: dt.date, time: _Time) -> str:
    """RFC 822 date of the start (the day's midnight when no time is given), Bucharest time."""
    begin = _moments(day, time)[0]
    if not isinstance(begin, dt.datetime):
        begin = dt.datetime.combine(begin, dt.time(0, 0), TZ)
    return format_datetime(begin)


def feed(
    template: jinja2.Template,
    meetings: Sequence[Meeting],
    lang: str,
    settings: MeetingSettings,
    *,
    absolute: AbsUrl,
    prefix: str,
    site_name: str,
    description: str,
    count: int = 0,
    image: ImageOf = _no_image,
) -> str:
    """The RSS feed of `meetings` in `lang`: the newest `count` of them (0: every one)."""
    t = strings(lang)
    newest = sorted(meetings, key=lambda m: (m.date, m.stem), reverse=True)
    if count:
        newest = newest[:count]
    items = [
        {
            "title": m.title(lang),
            "link": absolute(m.url_for(lang)),
            "guid": absolute(m.url_for(lang)),
            "date": rss_date(m),
            "description": m.summary(lang)
            + ("" if lang in m.translated else f" ({t['ro_only']})"),
            "categories": [settings.topic_label(x, lang) for x in m.topics],
            "image": image(m, lang),
        }
        for m in newest
    ]
    return template.render(
        title=f"{t['meetings']} — {site_name}",
        link=absolute(f"{prefix}{FOLDER}/"),
        self_link=absolute(f"{prefix}{FOLDER}/{FEED}"),
        description=description,
        language=lang,
        last=items[0]["date"] if items else None,
        items=items,
    )


# ---------------------------------------------------------------------------------------------
# iCalendar


@lru_cache(maxsize=256)
def vtimezone(first_year: int, last_year: int) -> Timezone:
    """Europe/Bucharest's VTIMEZONE for the years of the meetings.

    Computing the transitions is slow (icalendar says: cache it); the range is kept to the
    meetings' years so the component stays small and the result is reused by every build.
    """
    return Timezone.from_tzinfo(
        TZ, TZID, first_date=dt.date(first_year, 1, 1), last_date=dt.date(last_year + 1, 1, 1)
    )


Properties = tuple[tuple[str, Any], ...]


def event_properties(
    meeting: Meeting, lang: str, settings: MeetingSettings, absolute: AbsUrl
) -> Properties:
    """The VEVENT of `meeting` in `lang` as (property, value) pairs, in the order icalendar
    is given them: all that the event's serialisation depends on."""
    t = strings(lang)
    url = absolute(meeting.url_for(lang))
    props: list[tuple[str, Any]] = [
        ("uid", meeting.uid),  # the same in every language: it is one meeting
        # DTSTAMP is required; the clock would make every build differ: the meeting's day
        ("dtstamp", dt.datetime.combine(meeting.date, dt.time(0, 0), dt.UTC)),
    ]
    begin, finish = start(meeting), end(meeting)
    props.append(("dtstart", begin))
    if finish is not None:
        props.append(("dtend", finish))
    elif not isinstance(begin, dt.datetime):
        props.append(("dtend", begin + dt.timedelta(days=1)))  # all-day: DTEND is the next day
    description = meeting.summary(lang)
    if lang not in meeting.translated:
        description += f" ({t['ro_only']})"
    props += [
        ("summary", meeting.title(lang)),
        ("description", f"{description}\n{t['organiser']}: {meeting.organiser}\n\n{url}"),
        ("url", url),
    ]
    where = place(meeting, lang)
    if where:
        props.append(("location", where))
    props.append(("transp", "TRANSPARENT"))
    if meeting.topics:
        props.append(("categories", [settings.topic_label(x, lang) for x in meeting.topics]))
    return tuple(props)


def event(properties: Properties) -> Event:
    ev = Event()
    for name, value in properties:
        ev.add(name, value)
    return ev


EVENT_CACHE = "ics-event"  # the cache's kind of the serialised events


def serialised(properties: Properties, cache: Cache | None = None) -> bytes:
    """The VEVENT as icalendar writes it. Made once per meeting and language, since the same
    event goes into the whole calendar and into the report's own one; and kept in `cache`
    (clay_plugins/cache.py), keyed by the properties and icalendar's version, because
    icalendar's serialisation of a thousand reports' events was most of the plugin's cost."""
    def make() -> bytes:
        return bytes(event(properties).to_ical())

    if cache is None:
        return make()
    return cache.get(EVENT_CACHE, f"{icalendar.__version__}\n{properties!r}", make,
                     valid=_is_event)


def _is_event(data: bytes) -> bool:
    return data.startswith(b"BEGIN:VEVENT\r\n") and data.endswith(b"END:VEVENT\r\n")


_END = b"END:VCALENDAR\r\n"


@lru_cache(maxsize=64)
def _calendar_head(name: str, lang: str) -> bytes:
    """The calendar's own properties as icalendar writes them, without the END line."""
    cal = Calendar()
    cal.add("prodid", "-//ADR Sud-Vest Oltenia//CLAY meetings//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    return bytes(cal.to_ical()).removesuffix(_END)


@lru_cache(maxsize=256)
def _vtimezone_ical(first_year: int, last_year: int) -> bytes:
    return bytes(vtimezone(first_year, last_year).to_ical())


def calendar(
    meetings: Sequence[Meeting], events: Mapping[str, bytes], *, lang: str, name: str
) -> bytes:
    """An iCalendar file of `meetings`, whose VEVENTs are `events` (by UID, `serialised`).

    Every part is written by icalendar; the file is the calendar's properties, the VTIMEZONE
    and the events in that order, as `Calendar.to_ical()` lays out its subcomponents. Each part
    is serialised once and reused: every report has its own calendar beside the whole one, and
    serialising the VTIMEZONE and every event again for each file would repeat the same work a
    thousand times per language (tests/test_meetings_model.py checks the layout against
    icalendar's own `Calendar.to_ical()`).
    """
    parts = [_calendar_head(name, lang)]
    timed = [m.year for m in meetings if m.time is not None]
    if timed:
        parts.append(_vtimezone_ical(min(timed), max(timed)))
    parts += [events[m.uid] for m in meetings]
    parts.append(_END)
    return b"".join(parts)


# ---------------------------------------------------------------------------------------------
# JSON (open data, programme reporting)


def totals(meetings: Sequence[Meeting]) -> dict[str, Any]:
    by_year: dict[str, dict[str, Any]] = {}
    for m in sorted(meetings, key=lambda m: m.date):
        year = by_year.setdefault(
            str(m.year), {"meetings": 0, "participants": 0, "meetings_with_participant_count": 0,
                          "online": 0, "in-person": 0, "hybrid": 0}
        )
        year["meetings"] += 1
        year[m.format] += 1
        year["participants"] += m.participants or 0
        # a year whose meetings have no known count has no total, not a total of 0
        year["meetings_with_participant_count"] += m.participants is not None
    formats = Counter(m.format for m in meetings)
    return {
        "meetings": len(meetings),
        "participants": sum(m.participants or 0 for m in meetings),
        "meetings_with_participant_count": sum(m.participants is not None for m in meetings),
        "by_format": {f: formats.get(f, 0) for f in ("online", "in-person", "hybrid")},
        "by_year": by_year,
    }


def meetings_json(
    meetings: Sequence[Meeting],
    lang: str,
    languages: Sequence[str],
    settings: MeetingSettings,
    *,
    absolute: AbsUrl,
    image: ImageOf = _no_image,
) -> str:
    entries = []
    for m in sorted(meetings, key=lambda m: (m.date, m.stem), reverse=True):
        venue = m.venue_for(lang)
        entry: dict[str, Any] = {
            "id": m.uid,
            "title": m.title(lang),
            "summary": m.summary(lang),
            "text_language": m.text_language(lang),
            **m.facts(),
            "venue": venue,
            "series_label": settings.series_label(m.series, lang),
            "topic_labels": [settings.topic_label(x, lang) for x in m.topics],
            "url": {x: absolute(m.url_for(x)) for x in languages},
            "translated": [x for x in languages if x in m.translated],
            "ics": absolute(ics_url(m, lang)),
            "image": image(m, lang),
        }
        entries.append(entry)
    data = {
        "language": lang,
        "organiser": settings.organiser,
        "meetings": entries,
        "totals": totals(meetings),
    }
    # Not indented: json's C encoder does not indent, and the pure-Python one that indenting
    # falls back to is many times slower. Browsers and `python -m json.tool` lay it out.
    return json.dumps(data, ensure_ascii=False) + "\n"


def ics_url(meeting: Meeting, lang: str) -> str:
    """The report's own single-event calendar, beside its page: meetings/<stem>.ics."""
    return meeting.url_for(lang).rstrip("/") + ".ics"
