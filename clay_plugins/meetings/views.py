"""What the HTML templates receive: plain dicts, in the reader's language, with page-relative URLs.

Built once per build from the validated meetings; the language-dependent texts of each meeting
are computed once per language and reused by every list and header that shows it (rendering
a list per archive page otherwise repeats the same babel and label work many times).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Protocol

from markupsafe import Markup

from clay_plugins.content.meeting import FORMATS, Meeting, MeetingSettings
from clay_plugins.meetings import outputs
from clay_plugins.meetings.text import long_date, ordinal, strings

_UP = "\x00up\x00"  # stands for the way from a list page up to meetings/
_JOIN = "\n    "  # between two entries of a list, at the indentation of the list template


class View(dict[str, Any]):
    """A dict whose keys the templates read as attributes (`m.title`), cheaply.

    Jinja reads `m.title` by trying the attribute first and the key after: on a plain dict
    every such read raises and catches an AttributeError (about 1.5 µs), and the report
    headers and lists make tens of thousands of them per build. Here the key is looked up
    first; names that are not keys are the dict's own attributes as usual. So no view has a
    key named like a dict method (`items`, `update`, …).
    """

    __slots__ = ()

    def __getattribute__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            return super().__getattribute__(name)


@lru_cache(maxsize=16)
def texts(lang: str) -> View:
    """The words of `lang` (text.strings) as a View for the templates."""
    return View(strings(lang))


class Chapter(Protocol):
    """An action-plan chapter as the clay-action-plan plugin exposes it."""

    number: int
    titles: dict[str, str]

    def url_for(self, lang: str) -> str: ...


def rel(target: str, page_url: str) -> str:
    """`target` (site-root-relative) as a link from the page at `page_url`.

    What mkdocs.utils.get_relative_url gives for these URLs (a test compares them), without
    its posixpath.relpath, which asks the operating system for the working directory on every
    call: the lists link thousands of reports.
    """
    base = [p for p in page_url.split("/") if p and p != "."]
    if base and "." in base[-1]:
        base.pop()  # a file (`404.html`, or pages without directory URLs): its folder
    parts = [p for p in target.split("/") if p and p != "."]
    common = 0
    for a, b in zip(base, parts, strict=False):
        if a != b:
            break
        common += 1
    path = "/".join([".."] * (len(base) - common) + parts[common:])
    if not path:
        return "./"
    return path + "/" if target.endswith("/") else path


@lru_cache(maxsize=65536)
def _rel_from_folder(target: str, folder: str) -> str:
    return rel(target, folder)


def link(target: str, page_url: str) -> str:
    """`rel(target, page_url)`, quicker for the pages of one folder (every report's header).

    A report lives in its own folder (`meetings/<stem>/`), so a link from it is `../` and the
    link from its parent folder, which is the same for every report of a language.
    """
    if page_url.endswith("/") and not (target + "/").startswith(page_url):
        parent = page_url[: page_url.rstrip("/").rfind("/") + 1]
        inner = _rel_from_folder(target, parent)
        if inner == "./":  # the parent folder itself
            return "../" if target.endswith("/") else ".."
        return "../" + inner
    return rel(target, page_url)


class Site:
    def __init__(self, meetings: list[Meeting], settings: MeetingSettings) -> None:
        self.meetings = meetings  # oldest first
        self.settings = settings
        self.newest = sorted(meetings, key=lambda m: (m.date, m.stem), reverse=True)
        self.years = sorted({m.year for m in meetings}, reverse=True)
        self.topics = [x for x in settings.topics if any(x in m.topics for m in meetings)]
        self.totals = outputs.totals(meetings)
        self.neighbours: dict[str, tuple[Meeting | None, Meeting | None]] = {}
        by_series: dict[str, list[Meeting]] = {}
        for m in meetings:
            by_series.setdefault(m.series, []).append(m)
        for group in by_series.values():
            group.sort(key=lambda m: (m.number, m.date, m.stem))
            for i, m in enumerate(group):
                before = group[i - 1] if i > 0 else None
                after = group[i + 1] if i + 1 < len(group) else None
                self.neighbours[m.uid] = (before, after)
        self._entries: dict[tuple[str, str], dict[str, Any]] = {}
        # An entry of the generated lists is the same HTML on every list page of a language
        # except for the way up to meetings/: rendered once, with a marker for that part.
        self._entry_html: dict[tuple[str, str], str] = {}
        self.render_entry: Callable[[dict[str, Any], dict[str, str]], str] | None = None

    # -- one meeting -----------------------------------------------------------------------------

    def entry(self, m: Meeting, lang: str) -> dict[str, Any]:
        """The texts of a meeting in `lang`, without URLs (cached per build)."""
        key = (m.uid, lang)
        cached = self._entries.get(key)
        if cached is None:
            t = strings(lang)
            where = t[f"format.{m.format}"]
            detail = ", ".join(x for x in (m.platform, m.venue_for(lang)) if x)
            cached = self._entries[key] = View({
                "lang": lang,
                "title": m.title(lang),
                "summary": m.summary(lang),
                "text_lang": m.text_language(lang),
                "ro_only": lang not in m.translated,
                "date": long_date(m.date, lang),
                "iso": m.date.isoformat(),
                "ordinal": ordinal(m.number, lang),
                "series": self.settings.series_label(m.series, lang),
                "format": where,
                "where": f"{where} ({detail})" if detail else where,
                "target": m.url_for(lang),
            })
        return cached

    def listed(self, m: Meeting, lang: str) -> str:
        """The HTML of `m` in a generated list, with a marker where the way up to
        `meetings/` goes (rendered once per language by `render_entry`)."""
        key = (m.uid, lang)
        html = self._entry_html.get(key)
        if html is None:
            if self.render_entry is None:
                raise RuntimeError("Site.render_entry is not set")
            entry = View(self.entry(m, lang))
            entry["url"] = f"{_UP}{m.stem}/"
            html = self._entry_html[key] = str(self.render_entry(entry, texts(lang)))
        return html

    def linked(self, m: Meeting, lang: str, page_url: str) -> dict[str, Any]:
        entry = View(self.entry(m, lang))
        entry["url"] = link(entry["target"], page_url)
        return entry

    def header_context(
        self,
        m: Meeting,
        lang: str,
        page_url: str,
        prefix: str,
        chapters: Mapping[int, Chapter] | None,
    ) -> dict[str, Any]:
        t = texts(lang)
        view = View(self.entry(m, lang))
        view.update({
            "time": m.time_text.replace("-", "–") if m.time_text else None,
            "platform": m.platform,
            "venue": m.venue_for(lang),
            "organiser": m.organiser,
            "participants": m.participants,
            "topics": [
                View(label=self.settings.topic_label(x, lang),
                     url=link(f"{prefix}meetings/topics/{x}/", page_url))
                for x in m.topics
            ],
            "chapters": [self._chapter(n, lang, page_url, chapters, t) for n in m.action_plan],
            "ics": link(outputs.ics_url(m, lang), page_url),
        })
        before, after = self.neighbours.get(m.uid, (None, None))
        view["previous"] = self.linked(before, lang, page_url) if before else None
        view["next"] = self.linked(after, lang, page_url) if after else None
        return {"m": view, "t": t}

    @staticmethod
    def _chapter(
        number: int,
        lang: str,
        page_url: str,
        chapters: Mapping[int, Chapter] | None,
        t: dict[str, str],
    ) -> dict[str, Any]:
        label = t["chapter"].format(number=number)
        chapter = chapters.get(number) if chapters else None
        if chapter is None:
            return View(label=label, url=None)
        title = chapter.titles.get(lang) or next(iter(chapter.titles.values()), "")
        return View(
            label=f"{label}: {title}" if title else label,
            url=link(chapter.url_for(lang), page_url),
        )

    # -- lists ---------------------------------------------------------------------------------

    def list_context(
        self, kind: str, key: str, lang: str, page_url: str, prefix: str
    ) -> dict[str, Any]:
        t = texts(lang)
        if kind == "year":
            chosen = [m for m in self.newest if str(m.year) == key]
        elif kind == "topic":
            chosen = [m for m in self.newest if key in m.topics]
        else:
            chosen = self.newest
        up = rel(f"{prefix}meetings/", page_url).removeprefix("./")
        groups: list[dict[str, Any]] = []
        entries: list[str] = []
        for m in chosen:
            if not groups or groups[-1]["year"] != m.year:
                url = None if kind == "year" else rel(f"{prefix}meetings/{m.year}/", page_url)
                entries = []
                groups.append(View(year=m.year, url=url, entries=entries))
            entries.append(self.listed(m, lang))
        for group in groups:
            # one string per year: the entries' HTML joined, the way up put in once
            group["html"] = Markup(_JOIN.join(group.pop("entries")).replace(_UP, up))
        return {
            "t": t,
            "index": kind == "index",
            "groups": groups,
            "totals": self.totals,
            "formats": [View(id=f, label=t[f"format.{f}"]) for f in FORMATS],
            "years": [
                View(year=y, url=rel(f"{prefix}meetings/{y}/", page_url),
                     current=kind == "year" and str(y) == key)
                for y in self.years
            ],
            "topics": [
                View(label=self.settings.topic_label(x, lang),
                     url=rel(f"{prefix}meetings/topics/{x}/", page_url),
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
            index=rel(f"{prefix}meetings/", page_url),
            feed=rel(f"{prefix}meetings/feed.xml", page_url),
            calendar=rel(f"{prefix}meetings/calendar.ics", page_url),
            json=rel(f"{prefix}meetings/meetings.json", page_url),
        )
