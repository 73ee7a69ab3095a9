"""The meeting-report contract: one Markdown file per meeting and its optional translations.

Pure Python (no MkDocs import). `TYPE` is the declaration the registry (content/registry.py)
reads: the engine in content/schema.py then discovers, reads, checks and pairs the reports, and
makes each a `Meeting` (an `Item`: `meeting.date`, `meeting.text("title", lang)`); `clay new`,
the JSON Schema and the guides' tables come from the same declaration. To add a fact, add its
`Field` to `FIELDS` (and show it in a template): nothing else names the fields. This module
adds the report's own rules (the date in the file name, a platform or venue by format, a lead
photo's text in every language, the numbering of a series). The contract in words:
clay_plugins/meetings/CONTRACT.md.

Files, in `docs/meetings/` (static-i18n's suffix layout):
- `YYYY-MM-DD-<slug>.md`: the Romanian report, which holds every fact;
- `YYYY-MM-DD-<slug>.<lang>.md`: its translation, with its own `title` and `summary`, an optional
  translated `venue`, and no fact that differs from the Romanian one;
- `index.md`, `index.<lang>.md`: the introductions of the generated index (not reports).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from clay_plugins.content import schema
from clay_plugins.content.chapter import check_meeting_references
from clay_plugins.content.fields import calendar_date, choice, list_of, one_line, text, whole
from clay_plugins.content.findings import Finding
from clay_plugins.content.photos import photo
from clay_plugins.content.schema import Check, Field, Value
from clay_plugins.l10n import C_, E_

FORMATS = ("online", "in-person", "hybrid")
SUMMARY_MAX = 300
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?$")
_DECLARED = E_("under `clay-meetings` in mkdocs.yml")


class Hours(NamedTuple):
    """`time:` parsed: the start and, if written, the end (Bucharest time)."""

    start: dt.time
    end: dt.time | None

    @property
    def text(self) -> str:
        """As written, normalised: "10:00" or "10:00-12:00"."""
        return f"{self.start:%H:%M}" + (f"-{self.end:%H:%M}" if self.end else "")


def _time(value: Any, check: Check) -> Hours:
    """`HH:MM` or `HH:MM-HH:MM` (YAML 1.1 reads an unquoted `10:30` as 630 minutes)."""
    written = check.written() or str(value).strip()
    fix = E_('write e.g. `time: "10:00"` or `time: "10:00-12:30"`')
    m = _TIME.match(written)
    if not m:
        check.fail(E_("`time` must be `HH:MM` or `HH:MM-HH:MM` (Bucharest time), not `{written}`",
                      written=written),
                   fix)
    try:
        start = dt.time(int(m.group(1)), int(m.group(2)))
        end = dt.time(int(m.group(3)), int(m.group(4))) if m.group(3) else None
    except ValueError:
        check.fail(E_("`{written}` is not a time of day", written=written), fix)
    if end is not None and end <= start:
        check.fail(E_("the meeting ends (`{end:%H:%M}`) before it starts (`{start:%H:%M}`)",
                      end=end, start=start),
                   E_("write the start first: `HH:MM-HH:MM`"))
    return Hours(start, end)


_HOUR = r"([01]?[0-9]|2[0-3]):[0-5][0-9]"
time_of_day = Value(_time, lambda settings: {
    "type": "string", "pattern": rf"^{_HOUR}(\s*-\s*{_HOUR})?$"}, lambda hours: hours.text)

# The contract, one line per key (the order is the order of the hints, of `clay new`'s file
# and of CONTRACT.md's table).
FIELDS = (
    Field("title", text(), required=True, translatable=True, description=E_("the title"),
          help=E_("the title")),
    Field("summary", text(max_length=SUMMARY_MAX, what=E_("summary")), required=True,
          translatable=True, description=E_("one or two sentences"),
          help=E_("one or two sentences")),
    Field("date", calendar_date, required=True, example="date: 2021-04-08",
          help=E_("day of the meeting, YYYY-MM-DD")),
    Field("time", time_of_day, description=E_("HH:MM or HH:MM-HH:MM"),
          hint=E_("10:00  # or 10:00-12:00, Bucharest time"), help=E_("HH:MM or HH:MM-HH:MM, "
          "Bucharest time")),
    Field("series", choice(lambda s: s.series, what=E_("series"), declared=_DECLARED),
          default=lambda s: s.default_series, help=E_("a series declared in mkdocs.yml")),
    Field("number", whole(minimum=1), description=E_("ordinal within the series"),
          default=lambda s: 0,
          hint=E_("1  # when absent: the previous report's number plus one"),
          help=E_("the meeting's number in its series")),
    Field("format", choice(FORMATS), required=True, example="format: online"),
    Field("platform", text(), description=E_("for online and hybrid meetings"),
          when="format", when_values=("online", "hybrid"), example="platform: Cisco Webex",
          hint=E_("Cisco Webex  # for online and hybrid meetings"),
          help=E_("for online and hybrid meetings, e.g. 'Cisco Webex'")),
    Field("venue", text(), translatable=True,
          description=E_("for in-person and hybrid meetings"),
          when="format", when_values=("in-person", "hybrid"),
          example="venue: Casa de Cultură, Horezu",
          hint=E_("place, town  # for in-person and hybrid meetings"),
          help=E_("for in-person and hybrid meetings: place and town")),
    Field("organiser", text(), default=lambda s: s.organiser),
    Field("participants", whole(minimum=0, example=20), hint=E_("0  # a whole number")),
    Field("topics", list_of(choice(lambda s: s.topics, what=E_("topic"), declared=_DECLARED),
                            example="funding"), default=lambda s: [],
          help=E_("topic ids separated by commas")),
    Field("action_plan", list_of(whole(minimum=1), example="1"), default=lambda s: [],
          hint=E_("[1]  # numbers of the action-plan chapters discussed"),
          help=E_("chapter numbers separated by commas"), refers="chapter"),
    Field("image", photo, description=E_("the lead photo, a file beside the report"),
          public=False),
    Field("image_alt", one_line, translatable=True, code="image-alt", when="image",
          per_language=True,
          description=E_("what the lead photo shows, in the language of the file"),
          help=E_("what the photo shows")),
    Field("image_credit", one_line, translatable=True, code="image-credit",
          description=E_("author or source of the lead photo"), hint=E_("the photo's author"),
          help=E_("the photo's author or source")),
)


@dataclass
class MeetingSettings:
    """What the plugin configuration declares (`clay-meetings` in mkdocs.yml)."""

    organiser: str
    series: dict[str, dict[str, str]]  # id -> {lang: label}; the first is the default
    topics: dict[str, dict[str, str]]  # id -> {lang: label}
    languages: list[str] = field(default_factory=lambda: ["ro", "en"])  # the default first

    @classmethod
    def from_plugin_options(cls, options: Mapping[str, Any],
                            languages: Sequence[str]) -> MeetingSettings:
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


class Meeting(schema.Item):
    """One meeting: the facts of its Romanian report and the texts of every language. Its
    fields are `FIELDS` (`meeting.date`, `meeting.topics`, …); here only what is computed."""

    @property
    def uid(self) -> str:
        """Stable identifier of the meeting, the same in every language (calendar UID, JSON id)."""
        return f"clay-meeting-{self.stem}"

    @property
    def slug(self) -> str:
        return str(self.name["slug"])

    @property
    def year(self) -> int:
        return int(self.date.year)

    @property
    def time_text(self) -> str | None:
        return self.time.text if self.time else None

    def title(self, lang: str) -> str:
        return str(self.text("title", lang))

    def summary(self, lang: str) -> str:
        return str(self.text("summary", lang))

    def venue_for(self, lang: str) -> str | None:
        venue: str | None = self.text("venue", lang)
        return venue

    def image_alt(self, lang: str) -> str:
        """The lead photo's text alternative in the language of the page of `lang`."""
        return str(self.text("image_alt", self.text_language(lang)) or "")

    def image_credit(self, lang: str) -> str | None:
        credit: str | None = self.text("image_credit", lang)
        return credit


def _rules(entry: schema.Entry, settings: MeetingSettings) -> None:
    """The report's own rules, beyond each field's."""
    source, default = entry.original, settings.default_language
    facts = entry.values[default]
    date = facts.get("date")
    if date is not None and date.isoformat() != entry.name.group("date"):
        entry.error(source, ("date",),
                    E_("the file name says {group} but `date` is {date}",
                       group=entry.name.group('date'), date=date),
                    E_("make them equal: rename the "
                       "file or correct the date"), "meeting.date-name")


def _number(items: list[schema.Item], findings: list[Finding],
            settings: MeetingSettings) -> list[schema.Item]:
    """Number the meetings without an explicit number and report duplicates (sorted input)."""
    last: dict[str, int] = {}
    seen: dict[tuple[str, int], schema.Item] = {}
    for meeting in items:
        explicit = "number" in meeting.explicit
        if not explicit:
            meeting.values["number"] = last.get(meeting.series, 0) + 1
        last[meeting.series] = meeting.number
        key = (meeting.series, meeting.number)
        other = seen.get(key)
        if other is not None:
            line = meeting.lines.get("number") or meeting.lines.get("date")
            how = "" if explicit else E_(" (counted after the previous report)")
            findings.append(Finding(
                meeting.path, line, None,
                E_("two reports have the number {number}{how} in the series `{series}`: this one "
                   "and {path}",
                   number=meeting.number, how=how, series=meeting.series, path=other.path),
                E_("give each report its own `number`, or correct the `date` of one of them"),
                code="meeting.duplicate-number",
            ))
        else:
            seen[key] = meeting
    return items


# --------------------------------------------------------------------------------------------
# The pages clay-meetings generates: the plugin generates exactly these, and the link check
# (content/pages.py, site.load_content) takes them as existing, so that a link to
# `meetings/2021/index.md` passes in `clay check` as in the build.

FOLDER = "meetings"
INDEX_PAGE = f"{FOLDER}/index.md"  # generated unless docs/ has this introduction
# the files clay-meetings writes in the folder: the calendar, the feed, the data, and each
# report's own calendar (`<stem>.ics`); and clay-i18n's sitemap of the folder
CALENDAR, FEED, DATA = "calendar.ics", "feed.xml", "meetings.json"
FILES = (CALENDAR, FEED, DATA, "sitemap.xml", "*.ics")


def generated_pages(meetings: Iterable[schema.Item],
                    settings: MeetingSettings) -> dict[str, tuple[str, str]]:
    """src_uri -> (kind, key) of every list page, in the site's order: the meetings index
    ("index"), each year's ("year", "2021"), newest first, and each declared topic's
    that has reports ("topic", its id)."""
    meetings = list(meetings)
    used = {x for m in meetings for x in m.topics}
    pages = {INDEX_PAGE: ("index", "")}
    for year in sorted({m.year for m in meetings}, reverse=True):
        pages[f"{FOLDER}/{year}/index.md"] = ("year", str(year))
    for topic in settings.topics:
        if topic in used:
            pages[f"{FOLDER}/topics/{topic}/index.md"] = ("topic", topic)
    return pages


def _references(meetings: list[schema.Item], content: Any) -> list[Finding]:
    """A report's `action_plan` names chapters that exist."""
    refers = next(f.refers for f in FIELDS if f.name == "action_plan")
    plan = next((k for k in content.settings.kinds() if k.name == refers), None)
    if plan is None:  # the plan is not published: `action_plan` names nothing to check
        return []
    return check_meeting_references(meetings, content.named(refers), directory=plan.folder)


TYPE = schema.ContentType(
    prefix="meeting", noun=E_("report"), folder=FOLDER,
    pattern=re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"),
    name_form="YYYY-MM-DD-<slug>.md",
    name_fix=E_("rename it, e.g. `2021-04-08-stakeholder-meeting.md` (the slug: lower-case "
    "letters, digits and hyphens)"),
    fields=FIELDS, codes={"language": "filename"}, no_frontmatter="no-frontmatter",
    stem="{date}-{slug}", item=Meeting, options=MeetingSettings.from_plugin_options,
    plugin="meetings",
    rules=_rules,
    across=_number, order=lambda m: (m.date, m.stem),
    pages=lambda items, settings: generated_pages(items, settings), files=FILES,
    references=_references,
    placeholders={
        "summary": C_("placeholder", "The meeting in one or two sentences."),
        "body": C_("placeholder", "The report's text: write here what was discussed, who took "
                   "part and what comes next."),
    },
)
