"""What the HTML templates receive: views (`View`), in the reader's language, page-relative URLs.

Built once per build from the validated meetings; the language-dependent texts of each meeting
are computed once per language and reused by every list and header that shows it (rendering
a list per archive page otherwise repeats the same babel and label work many times).

Every text in a view is the editor's plain text: the templates are rendered by the one
autoescaping environment of clay_plugins/build.py, which escapes it where it is printed. The
only HTML a view holds is what that environment rendered (`Markup`: a list's entries).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Protocol

from markupsafe import Markup, escape

from clay_plugins.build import relative_url
from clay_plugins.content.meeting import (
    CALENDAR,
    DATA,
    FEED,
    FOLDER,
    FORMATS,
    Meeting,
    MeetingSettings,
    generated_pages,
)
from clay_plugins.dates import long_date
from clay_plugins.meetings import outputs
from clay_plugins.meetings.text import ordinal, strings

_UP = "\x00up\x00"  # stands for the way from a list page up to meetings/
_JOIN = "\n    "  # between two entries of a list, at the indentation of the list template


class View(SimpleNamespace):
    """What a template reads as attributes (`m.title`), cheaply; Python code reads it by key.

    Jinja reads `m.title` by trying the attribute first and the key after: on a dict every
    such read raises and catches an AttributeError, and a dict subclass that looks the key up
    first still costs a Python call per read; a namespace's attributes are read in C. The
    report headers and lists make a hundred and fifty thousand such reads per build at a
    thousand reports. Python code reads a view as `view["title"]`, and `vars(view)` is its
    dict (`View(**{**vars(view), "url": …})` copies one with a change).
    """

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.__dict__[key] = value


@lru_cache(maxsize=16)
def texts(lang: str) -> View:
    """The words of `lang` (text.strings) as a View for the templates."""
    return View(**strings(lang))


class Chapter(Protocol):
    """An action-plan chapter as the clay-action-plan plugin exposes it."""

    @property
    def number(self) -> int: ...

    def title(self, lang: str) -> str: ...

    def url_for(self, lang: str) -> str: ...


def newest(meetings: list[Meeting]) -> list[Meeting]:
    """The meetings newest first, as every list shows them."""
    return sorted(meetings, key=lambda m: (m.date, m.stem), reverse=True)


def neighbours(meetings: list[Meeting]) -> dict[str, tuple[Meeting | None, Meeting | None]]:
    """The meetings a report's header links as previous and next: its series' meetings by
    number, by stem (the preview re-renders a changed report's neighbours too)."""
    found: dict[str, tuple[Meeting | None, Meeting | None]] = {}
    by_series: dict[str, list[Meeting]] = {}
    for m in meetings:
        by_series.setdefault(m.series, []).append(m)
    for group in by_series.values():
        group.sort(key=lambda m: (m.number, m.date, m.stem))
        for i, m in enumerate(group):
            before = group[i - 1] if i > 0 else None
            after = group[i + 1] if i + 1 < len(group) else None
            found[m.stem] = (before, after)
    return found


class Site:
    """The views of a build's meetings, made once per build.

    `render_entry` renders an entry of the generated lists (the build's template);
    `thumb_of` gives a report's thumbnail, its URLs starting with the given way to its folder
    (clay_plugins/pictures.py), or None for a report without a photo."""

    def __init__(
        self, meetings: list[Meeting], settings: MeetingSettings, *,
        render_entry: Callable[[View, View], str],
        thumb_of: Callable[[Meeting, str], dict[str, Any] | None],
    ) -> None:
        self.render_entry = render_entry
        self.thumb_of = thumb_of
        self.meetings = meetings  # oldest first
        self.settings = settings
        self.newest = newest(meetings)
        # newest first, by year ("2021") and by topic id: each archive page lists one of these
        self.by_year: dict[str, list[Meeting]] = {}
        self.by_topic: dict[str, list[Meeting]] = {}
        for m in self.newest:
            self.by_year.setdefault(str(m.year), []).append(m)
            for x in m.topics:
                self.by_topic.setdefault(x, []).append(m)
        # the years and topics that have a list page (as the plugin generates them)
        pages = generated_pages(meetings, settings).values()
        self.years = [int(key) for kind, key in pages if kind == "year"]
        self.topics = [key for kind, key in pages if kind == "topic"]
        self.totals = outputs.totals(meetings)
        self.neighbours = neighbours(meetings)
        self._entries: dict[tuple[str, str], View] = {}
        self._topic_views: dict[tuple[tuple[str, ...], str, str, bool], list[View]] = {}
        # An entry of the generated lists is the same HTML on every list page of a language
        # except for the way up to meetings/: rendered once, with a marker for that part.
        self._entry_html: dict[tuple[str, str], str] = {}

    # -- one meeting -----------------------------------------------------------------------------

    def entry(self, m: Meeting, lang: str) -> View:
        """The texts of a meeting in `lang`, without URLs (cached per build)."""
        key = (m.stem, lang)
        cached = self._entries.get(key)
        if cached is None:
            t = strings(lang)
            where = t[f"format.{m.format}"]
            detail = ", ".join(x for x in (m.platform, m.venue_for(lang)) if x)
            text_lang = m.text_language(lang)
            cached = self._entries[key] = View(
                title=m.title(lang),
                summary=m.summary(lang),
                date=long_date(m.date, lang),
                ordinal=ordinal(m.number, lang),
                series=self.settings.series_label(m.series, lang),
                format=where,
                where=f"{where} ({detail})" if detail else where,
            )
            vars(cached).update(  # codes, an ISO date, a path: nothing to escape
                lang=lang,
                text_lang=text_lang,
                # the `lang` attribute its title and summary need on a page of `lang`, if any
                other_lang=text_lang if text_lang != lang else None,
                ro_only=lang not in m.translated,
                iso=m.date.isoformat(),
                target=m.url_for(lang),  # site-root-relative (the links are `url`)
            )
        return cached

    def listed(self, m: Meeting, lang: str) -> str:
        """The HTML of `m` in a generated list, with a marker where the way up to
        `meetings/` goes (rendered once per language by `render_entry`)."""
        key = (m.stem, lang)
        text = self._entry_html.get(key)
        if text is None:
            entry = View(**{**vars(self.entry(m, lang)), "url": f"{_UP}{m.stem}/",
                            "thumb": self.thumb_of(m, _UP)})
            text = self._entry_html[key] = str(self.render_entry(entry, texts(lang)))
        return text

    def linked(self, m: Meeting, lang: str, page_url: str) -> View:
        url = m.url_for(lang)
        folder = relative_url(url.removesuffix(f"{m.stem}/"), page_url).removesuffix("/") + "/"
        return View(**{**vars(self.entry(m, lang)), "url": relative_url(url, page_url),
                       "thumb": self.thumb_of(m, "" if folder == "./" else folder)})

    def _neighbour(self, m: Meeting | None, lang: str, url: str) -> View | None:
        """What a header shows of the previous or next meeting, linked by `url`."""
        if m is None:
            return None
        entry = self.entry(m, lang)
        return View(
            title=entry["title"], date=entry["date"], text_lang=entry["text_lang"],
            other_lang=entry["other_lang"], url=url,
        )

    def _topic_links(self, topics: list[str], lang: str, page_url: str, prefix: str) -> list[View]:
        """The topics of a report as links: a few lists shared by the reports of a folder."""
        folder = page_url[: page_url.rstrip("/").rfind("/") + 1]
        key = (tuple(topics), lang, folder, page_url.endswith("/"))
        views = self._topic_views.get(key)
        if views is None:
            views = self._topic_views[key] = [
                View(label=self.settings.topic_label(x, lang),
                     url=relative_url(f"{prefix}{FOLDER}/topics/{x}/", page_url))
                for x in topics
            ]
        return views

    def header_context(
        self,
        m: Meeting,
        lang: str,
        page_url: str,
        prefix: str,
        chapters: Mapping[int, Chapter] | None,
    ) -> dict[str, Any]:
        before, after = self.neighbours.get(m.stem, (None, None))

        def beside(name: str) -> str:
            return relative_url(f"{prefix}{FOLDER}/{name}", page_url)

        venue = m.venue_for(lang)
        # every declared field in the reader's language (a new field is `m.<name>` in the
        # header template at once), then the ones this header formats
        declared = {f.name: m.text(f.name, lang) if f.translatable else m.values[f.name]
                    for f in m.kind.fields}
        view = View(**{**declared, **vars(self.entry(m, lang))})
        vars(view).update(
            time=m.time_text.replace("-", "–") if m.time_text else None,  # digits and a colon
            platform=m.platform or None,
            venue=venue or None,
            organiser=m.organiser,
            participants=m.participants,
            topics=self._topic_links(m.topics, lang, page_url, prefix) if m.topics else [],
            chapters=[self._chapter(n, lang, page_url, chapters) for n in m.action_plan],
            previous=self._neighbour(before, lang, beside(f"{before.stem}/")) if before else None,
            next=self._neighbour(after, lang, beside(f"{after.stem}/")) if after else None,
            ics=beside(f"{m.stem}.ics"),
        )
        return {"m": view, "t": texts(lang)}

    @staticmethod
    def _chapter(
        number: int,
        lang: str,
        page_url: str,
        chapters: Mapping[int, Chapter] | None,
    ) -> View:
        label = strings(lang)["chapter"].format(number=number)
        chapter = chapters.get(number) if chapters else None
        if chapter is None:
            return View(label=label, url=None)
        title = chapter.title(lang)
        return View(
            label=f"{label}: {title}" if title else label,
            url=relative_url(chapter.url_for(lang), page_url),
        )

    # -- lists ---------------------------------------------------------------------------------

    def list_context(
        self, kind: str, key: str, lang: str, page_url: str, prefix: str, latest: int = 20
    ) -> dict[str, Any]:
        """A generated list: a year's or a topic's reports grouped by year, or, for the index
        (`kind` "index"), the `latest` newest reports: the index stays the same size at any
        number of reports, and the year archives it links list every one."""
        t = texts(lang)
        index = kind == "index"
        if kind == "year":
            chosen = self.by_year.get(key, [])
        elif kind == "topic":
            chosen = self.by_topic.get(key, [])
        else:
            chosen = []
        up = str(escape(relative_url(f"{prefix}{FOLDER}/", page_url).removeprefix("./")))

        def html(meetings: list[Meeting]) -> Markup:
            # the entries' HTML joined, the way up put in once (Markup: rendered by the
            # autoescaping environment, the way up escaped above)
            return Markup(_JOIN.join(self.listed(m, lang) for m in meetings).replace(_UP, up))

        groups: list[View] = []
        # each year's entries (newest first, so the meetings of a year are together)
        of_year: dict[int, list[Meeting]] = {}
        for m in chosen:
            year = m.date.year
            if year not in of_year:
                of_year[year] = []
                url = (None if kind == "year"
                       else relative_url(f"{prefix}{FOLDER}/{year}/", page_url))
                groups.append(View(year=year, url=url))
            of_year[year].append(m)
        for group in groups:
            group["html"] = html(of_year[group["year"]])
        newest = self.newest[:latest] if index else []
        return {
            "t": t,
            "index": index,
            "groups": groups,
            "latest": html(newest) if newest else None,
            # the index shows fewer than all: it says so and where the others are
            "older": (t.older.format(shown=len(newest), total=len(self.newest))
                      if index and len(newest) < len(self.newest) else None),
            "totals": self.totals,
            "formats": [View(id=f, label=strings(lang)[f"format.{f}"]) for f in FORMATS],
            "years": [
                View(year=y, count=len(self.by_year.get(str(y), ())),
                     url=relative_url(f"{prefix}{FOLDER}/{y}/", page_url),
                     current=kind == "year" and str(y) == key)
                for y in self.years
            ],
            "topics": [
                View(label=self.settings.topic_label(x, lang), count=len(self.by_topic.get(x, ())),
                     url=relative_url(f"{prefix}{FOLDER}/topics/{x}/", page_url),
                     current=kind == "topic" and x == key)
                for x in self.topics
            ],
            "links": self._links(prefix, page_url),
        }

    def latest_context(self, count: int, lang: str, page_url: str, prefix: str) -> dict[str, Any]:
        return {
            "t": texts(lang),
            "entries": [self.linked(m, lang, page_url) for m in self.newest[:count]],
            "links": self._links(prefix, page_url),
        }

    @staticmethod
    def _links(prefix: str, page_url: str) -> View:
        return View(
            index=relative_url(f"{prefix}{FOLDER}/", page_url),
            feed=relative_url(f"{prefix}{FOLDER}/{FEED}", page_url),
            calendar=relative_url(f"{prefix}{FOLDER}/{CALENDAR}", page_url),
            json=relative_url(f"{prefix}{FOLDER}/{DATA}", page_url),
        )
