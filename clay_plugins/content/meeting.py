"""The meeting-report contract: one Markdown file per meeting and its optional translations.

Pure Python (no MkDocs import): `site.load_content` (the build and `clay check`) calls
`load_meetings` with the pages of docs/. The contract itself is documented in
clay_plugins/meetings/CONTRACT.md; to add a fact, add its line to `FIELDS` (the engine in
content/schema.py then reads, checks and pairs it across languages), read it in `_meeting`, add
it to `Meeting.facts()`, and document it there.

Files, in `docs/meetings/` (static-i18n's suffix layout):
- `YYYY-MM-DD-<slug>.md`: the Romanian report, which holds every fact;
- `YYYY-MM-DD-<slug>.<lang>.md`: its translation, with its own `title` and `summary`, an optional
  translated `venue`, and no fact that differs from the Romanian one;
- `index.md`, `index.<lang>.md`: the introductions of the generated index (not reports).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from clay_plugins.content import schema
from clay_plugins.content.fields import calendar_date, choice, list_of, one_line, text, whole
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.photos import photo_file
from clay_plugins.content.schema import Check, Field
from clay_plugins.content.source import Pages

FORMATS = ("online", "in-person", "hybrid")
SUMMARY_MAX = 300
PAGE_SETTINGS = schema.PAGE_SETTINGS
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?$")
_DECLARED = "under `clay-meetings` in mkdocs.yml"


def _time(value: Any, check: Check) -> tuple[str, tuple[dt.time, dt.time | None]]:
    """`HH:MM` or `HH:MM-HH:MM` (YAML 1.1 reads an unquoted `10:30` as 630 minutes)."""
    written = check.written() or str(value).strip()
    fix = "write e.g. `time: \"10:00\"` or `time: \"10:00-12:30\"`"
    m = _TIME.match(written)
    if not m:
        check.fail(f"`time` must be `HH:MM` or `HH:MM-HH:MM` (Bucharest time), not `{written}`",
                   fix)
    try:
        start = dt.time(int(m.group(1)), int(m.group(2)))
        end = dt.time(int(m.group(3)), int(m.group(4))) if m.group(3) else None
    except ValueError:
        check.fail(f"`{written}` is not a time of day", fix)
    if end is not None and end <= start:
        check.fail(f"the meeting ends (`{end:%H:%M}`) before it starts (`{start:%H:%M}`)",
                   "write the start first: `HH:MM-HH:MM`")
    return f"{start:%H:%M}" + (f"-{end:%H:%M}" if end else ""), (start, end)


# The contract, one line per key (the order is the order of the hints and of CONTRACT.md).
FIELDS = (
    Field("title", text(), required=True, translatable=True, description="the title"),
    Field("summary", text(max_length=SUMMARY_MAX, what="summary"), required=True,
          translatable=True, description="one or two sentences"),
    Field("date", calendar_date, required=True, example="date: 2021-04-08"),
    Field("time", _time, description="HH:MM or HH:MM-HH:MM"),
    Field("series", choice(lambda s: s.series, what="series", declared=_DECLARED)),
    Field("number", whole(minimum=1), description="ordinal within the series"),
    Field("format", choice(FORMATS), required=True, example="format: online"),
    Field("platform", text(), description="for online and hybrid meetings"),
    Field("venue", text(), translatable=True, description="for in-person and hybrid meetings"),
    Field("organiser", text()),
    Field("participants", whole(minimum=0, example=20)),
    Field("topics", list_of(choice(lambda s: s.topics, what="topic", declared=_DECLARED),
                            example="funding")),
    Field("action_plan", list_of(whole(minimum=1), example="1")),
    Field("image", photo_file, description="the lead photo, a file beside the report"),
    Field("image_alt", one_line, translatable=True, code="image-alt",
          description="what the lead photo shows, in the language of the file"),
    Field("image_credit", one_line, translatable=True, code="image-credit",
          description="author or source of the lead photo"),
)
FACTS = tuple(f.name for f in FIELDS)
REQUIRED = tuple(f.name for f in FIELDS if f.required)
TRANSLATABLE = tuple(f.name for f in FIELDS if f.translatable)
KIND = schema.ContentType(
    prefix="meeting", noun="report", folder="meetings",
    pattern=re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"),
    name_form="YYYY-MM-DD-<slug>.md",
    name_fix="rename it, e.g. `2021-04-08-stakeholder-meeting.md` (the slug: lower-case "
    "letters, digits and hyphens)",
    fields=FIELDS, codes={"language": "filename"}, no_frontmatter="no-frontmatter",
)


@dataclass
class MeetingSettings:
    """What the plugin configuration declares (`clay-meetings` in mkdocs.yml)."""

    organiser: str
    series: dict[str, dict[str, str]]  # id -> {lang: label}; the first is the default
    topics: dict[str, dict[str, str]]  # id -> {lang: label}
    languages: list[str] = field(default_factory=lambda: ["ro", "en"])  # the default first

    @classmethod
    def from_plugin_options(cls, options: dict[str, Any], languages: list[str]) -> MeetingSettings:
        def labels(value: Any) -> dict[str, dict[str, str]]:
            return {
                str(key): {str(k): str(v) for k, v in (names or {}).items()}
                for key, names in (value or {}).items()
            }

        return cls(
            organiser=str(options.get("organiser") or ""),
            series=labels(options.get("series")),
            topics=labels(options.get("topics")),
            languages=list(languages) or ["ro"],
        )

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def default_series(self) -> str:
        return next(iter(self.series), "")

    def series_label(self, series: str, lang: str) -> str:
        names = self.series.get(series, {})
        return names.get(lang) or names.get(self.default_language) or series

    def topic_label(self, topic: str, lang: str) -> str:
        names = self.topics.get(topic, {})
        return names.get(lang) or names.get(self.default_language) or topic


@dataclass
class Meeting:
    """One meeting: the facts of its Romanian report and the texts of every language."""

    src_uri: str  # of the Romanian report, e.g. "meetings/2021-04-08-slug.md"
    path: str  # the Romanian report as an editor sees it, e.g. "docs/meetings/2021-04-08-slug.md"
    stem: str  # "2021-04-08-slug"
    slug: str  # "slug"
    lines: dict[str, int]  # front-matter key -> line in the Romanian report
    date: dt.date
    time: tuple[dt.time, dt.time | None] | None
    time_text: str | None  # as written, normalised: "10:00" or "10:00-12:00"
    series: str
    number: int
    number_explicit: bool
    format: str
    platform: str | None
    venue: dict[str, str]  # lang -> place; every language has one when the meeting has a venue
    organiser: str
    participants: int | None
    topics: list[str]
    action_plan: list[int]
    titles: dict[str, str]  # lang -> title; untranslated languages get the Romanian title
    summaries: dict[str, str]  # likewise
    translated: set[str]  # languages with their own file (always the default language)
    paths: dict[str, str] = field(default_factory=dict)  # lang -> display path of its file
    default_language: str = "ro"
    image: str | None = None  # the lead photo's src_uri ("meetings/2021-04-08-x.jpg")
    image_alts: dict[str, str] = field(default_factory=dict)  # lang -> text alternative
    image_credits: dict[str, str] = field(default_factory=dict)  # lang -> author or source

    @property
    def uid(self) -> str:
        """Stable identifier of the meeting, the same in every language (calendar UID, JSON id)."""
        return f"clay-meeting-{self.stem}"

    @property
    def year(self) -> int:
        return self.date.year

    def url_for(self, lang: str) -> str:
        """URL of the report relative to the site root, with directory URLs."""
        prefix = "" if lang == self.default_language else f"{lang}/"
        return f"{prefix}meetings/{self.stem}/"

    def text_language(self, lang: str) -> str:
        """Language the title and summary are written in, for a reader of `lang`."""
        return lang if lang in self.translated else self.default_language

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[self.default_language]

    def summary(self, lang: str) -> str:
        return self.summaries.get(lang) or self.summaries[self.default_language]

    def venue_for(self, lang: str) -> str | None:
        return self.venue.get(lang) or self.venue.get(self.default_language)

    def image_alt(self, lang: str) -> str:
        """The lead photo's text alternative in the language of the page of `lang`."""
        return self.image_alts.get(self.text_language(lang)) or self.image_alts.get(
            self.default_language, "")

    def image_credit(self, lang: str) -> str | None:
        return self.image_credits.get(lang) or self.image_credits.get(self.default_language)

    def facts(self) -> dict[str, Any]:
        """The language-independent facts, with the front-matter key names."""
        return {
            "date": self.date.isoformat(),
            "time": self.time_text,
            "series": self.series,
            "number": self.number,
            "format": self.format,
            "platform": self.platform,
            "organiser": self.organiser,
            "participants": self.participants,
            "topics": list(self.topics),
            "action_plan": list(self.action_plan),
        }


# --------------------------------------------------------------------------------------------
# Loading


def load_meetings(
    pages: Pages, settings: MeetingSettings
) -> tuple[list[Meeting], list[Finding]]:
    """The meetings of `pages.under("meetings")`, oldest first (by date, then file name), and
    every finding of the contract. Never raises for bad content: a report with an error is left
    out of the list and the error is among the findings.
    """
    entries, findings = schema.load(KIND, pages, settings.languages, settings)
    meetings = []
    for entry in entries:
        meeting = _meeting(entry, settings)
        findings.extend(entry.findings)
        if meeting is not None:
            meetings.append(meeting)
    meetings.sort(key=lambda m: (m.date, m.stem))
    _number(meetings, findings)
    by_stem = {entry.stem: entry for entry in entries}
    for meeting in meetings:
        findings.extend(schema.untranslated(KIND, by_stem[meeting.stem], settings.languages))
    findings.sort(key=lambda f: (f.path, f.line or 0, f.column or 0, f.code, f.message))
    return meetings, findings


# --------------------------------------------------------------------------------------------
# The pages clay-meetings generates: the plugin generates exactly these, and the link check
# (content/pages.py, site.load_content) takes them as existing, so that a link to
# `meetings/2021/index.md` passes in `clay check` as in the build.

INDEX_PAGE = f"{KIND.folder}/index.md"  # generated unless docs/ has this introduction


def generated_pages(meetings: Iterable[Meeting],
                    settings: MeetingSettings) -> dict[str, tuple[str, str]]:
    """src_uri -> (kind, key) of every list page, in the site's order: the meetings index
    ("index"), each year's ("year", "2021"), newest first, and each declared topic's
    that has reports ("topic", its id)."""
    meetings = list(meetings)
    used = {x for m in meetings for x in m.topics}
    pages = {INDEX_PAGE: ("index", "")}
    for year in sorted({m.year for m in meetings}, reverse=True):
        pages[f"{KIND.folder}/{year}/index.md"] = ("year", str(year))
    for topic in settings.topics:
        if topic in used:
            pages[f"{KIND.folder}/topics/{topic}/index.md"] = ("topic", topic)
    return pages


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


def _meeting(entry: schema.Entry, settings: MeetingSettings) -> Meeting | None:
    """The report's own rules, then its Meeting when its files have no error."""
    source, default = entry.original, settings.default_language
    facts = entry.values[default]
    date, fmt = facts.get("date"), facts.get("format")
    if date is not None and date.isoformat() != entry.name.group("date"):
        entry.error(source, ("date",),
                    f"the file name says {entry.name.group('date')} but `date` is {date}",
                    "make them equal: rename the file or correct the date", "meeting.date-name")
    for needed, formats, example in (("platform", ("online", "hybrid"), "Cisco Webex"),
                                     ("venue", ("in-person", "hybrid"), "Casa de Cultură, Horezu")):
        if fmt in formats and needed not in facts:
            entry.error(source, ("format",), f"a meeting held `{fmt}` needs a `{needed}`",
                        f"add e.g. `{needed}: {example}`", f"meeting.{needed}")
    if "image" in facts:
        for lang, own in entry.sources.items():
            if "image_alt" not in own.fm.data:  # a bad value has its finding already
                entry.error(own, ("image",) if lang == default else ("title",),
                            "the report has a lead photo (`image`) but this file gives no "
                            "`image_alt`", "add `image_alt: what the photo shows` in the "
                            "language of this file (a screen reader reads it aloud)",
                            "meeting.image-alt")
    if not entry.ok or date is None or fmt is None:
        return None
    texts = {lang: entry.values[lang] for lang in entry.sources}
    venue = facts.get("venue")
    time_text, time = facts.get("time") or (None, None)
    return Meeting(
        src_uri=source.src_uri,
        path=source.path,
        stem=entry.stem,
        slug=entry.name.group("slug"),
        lines=dict(source.fm.lines),
        date=date,
        time=time,
        time_text=time_text,
        series=facts.get("series", settings.default_series),
        number=facts.get("number", 0),
        number_explicit="number" in facts,
        format=fmt,
        platform=facts.get("platform"),
        venue={lang: texts.get(lang, {}).get("venue") or venue for lang in settings.languages}
        if venue else {},
        organiser=facts.get("organiser", settings.organiser),
        participants=facts.get("participants"),
        topics=facts.get("topics", []),
        action_plan=facts.get("action_plan", []),
        titles={lang: texts.get(lang, facts)["title"] for lang in settings.languages},
        summaries={lang: texts.get(lang, facts)["summary"] for lang in settings.languages},
        translated=set(entry.sources),
        paths={lang: s.path for lang, s in entry.sources.items()},
        default_language=default,
        image=facts.get("image"),
        image_alts={lang: v["image_alt"] for lang, v in texts.items() if v.get("image_alt")},
        image_credits={lang: v["image_credit"] for lang, v in texts.items()
                       if v.get("image_credit")},
    )


def _number(meetings: list[Meeting], findings: list[Finding]) -> None:
    """Number the meetings without an explicit number and report duplicates (sorted input)."""
    last: dict[str, int] = {}
    seen: dict[tuple[str, int], Meeting] = {}
    for meeting in meetings:
        if not meeting.number_explicit:
            meeting.number = last.get(meeting.series, 0) + 1
        last[meeting.series] = meeting.number
        key = (meeting.series, meeting.number)
        other = seen.get(key)
        if other is not None:
            line = meeting.lines.get("number") or meeting.lines.get("date")
            how = "" if meeting.number_explicit else " (counted after the previous report)"
            findings.append(Finding(
                meeting.path, line, None,
                f"two reports have the number {meeting.number}{how} in the series "
                f"`{meeting.series}`: this one and {other.path}",
                "give each report its own `number`, or correct the `date` of one of them",
                code="meeting.duplicate-number",
            ))
        else:
            seen[key] = meeting

