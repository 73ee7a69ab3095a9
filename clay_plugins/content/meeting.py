"""The meeting-report contract: one Markdown file per meeting and its optional translations.

Pure Python (no MkDocs import): the `clay-meetings` plugin and the `clay check` command both
call `load_meetings`. The contract itself is documented in clay_plugins/meetings/CONTRACT.md;
to add a fact, add it to `FACTS`, parse it in `_parse_facts` and document it there.

Files, in `docs/meetings/` (static-i18n's suffix layout):
- `YYYY-MM-DD-<slug>.md`: the Romanian report, which holds every fact;
- `YYYY-MM-DD-<slug>.<lang>.md`: its translation, with its own `title` and `summary`, an optional
  translated `venue`, and no fact that differs from the Romanian one;
- `index.md`, `index.<lang>.md`: the introductions of the generated index (not reports).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clay_plugins.content import frontmatter, typography
from clay_plugins.content.findings import ContentError, Finding, Severity, display_path
from clay_plugins.content.importer import find_todos

FORMATS = ("online", "in-person", "hybrid")
SUMMARY_MAX = 300

# Keys of the Romanian front matter (the facts are written once, there).
FACTS = (
    "title", "summary", "date", "time", "series", "number", "format", "platform", "venue",
    "organiser", "participants", "topics", "action_plan",
)
REQUIRED = ("title", "summary", "date", "format")
_FACT_KEYS = frozenset(FACTS)
# What a translation may say differently: its own texts and a translated place name.
TRANSLATABLE = ("title", "summary", "venue")
# The usual MkDocs / Material page settings, allowed in either file.
PAGE_SETTINGS = frozenset({
    "hide", "search", "template", "description", "icon", "status", "subtitle", "tags",
    "comments", "social", "nav_title",
})

_NAME = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?P<lang>[a-z]{2,3}))?\.md$"
)
_INDEX = re.compile(r"^index(?:\.[a-z]{2,3})?\.md$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?:\s*-\s*(\d{1,2}):(\d{2}))?$")



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


@dataclass
class _Source:
    lang: str
    file: str
    path: str  # display path
    name: re.Match[str]
    fm: frontmatter.FrontMatter



def load_meetings(
    docs_dir: Path,
    settings: MeetingSettings,
    *,
    root: Path,
    texts: dict[str, frontmatter.FrontMatter] | None = None,
) -> tuple[list[Meeting], list[Finding]]:
    """Read every report in `docs_dir/meetings/`; return the meetings and every finding.

    When `texts` is given, the front matter (with the text) of every file read is put in it,
    by file name, so that the build can hand them to MkDocs instead of reading and parsing
    each file a second time.

    Never raises for bad content: a report with an error is left out of the list and the
    error is among the findings (the plugin then stops the build, `clay check` reports it).
    Meetings are sorted by date, then by file name.
    """
    findings: list[Finding] = []
    folder = Path(docs_dir) / "meetings"
    default = settings.default_language
    others = set(settings.languages[1:])
    originals: dict[str, _Source] = {}
    translations: dict[str, dict[str, _Source]] = {}
    if not folder.is_dir():
        return [], findings

    # the folder's display path once (os.path.relpath asks the system for the working
    # directory on every call), then each file's name under it
    shown = display_path(str(folder), str(root))
    # names sorted as text (sorting Path objects costs more than reading the folder)
    names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".md") and e.is_file())
    base = str(folder)
    for name in names:
        if _INDEX.match(name):
            continue
        file = os.path.join(base, name)  # a string: a Path per file costs more than reading it
        path = name if shown == "." else f"{shown}/{name}"
        match = _NAME.match(name)
        lang = (match.group("lang") if match else None) or default
        if match is None or (match.group("lang") and lang not in others):
            langs = ", ".join(f"`.{x}.md`" for x in sorted(others)) or "none"
            findings.append(Finding(
                path, None, None,
                "the file name is not `YYYY-MM-DD-<slug>.md` (slug: lower-case letters, digits "
                "and hyphens)",
                "rename it, e.g. `2021-04-08-stakeholder-meeting.md`; translations end in "
                f"{langs}",
                code="meeting.filename",
            ))
            continue
        try:
            text = frontmatter.read_source(file)
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding(
                path, None, None, f"the file cannot be read as UTF-8 text ({exc})",
                "save it as UTF-8 (in Word: Save as → Plain text → UTF-8)",
                code="meeting.encoding",
            ))
            continue
        # the full scan is per character: skip clean files (four substring searches are
        # much faster than a regular expression's character class over the whole text)
        if any(letter in text for letter in typography.CEDILLA):
            findings.extend(typography.check_cedilla(text, path))
        if "TODO" in text:  # a fact `clay import` could not recognise stops the build too
            findings.extend(find_todos(text, path))
        try:
            fm = frontmatter.parse(text, path)
        except ContentError as exc:
            findings.extend(exc.findings)
            continue
        if texts is not None:
            texts[name] = fm
        if not fm.lines and fm.end_line == 0:
            findings.append(Finding(
                path, 1, None, "the report has no front matter",
                "start the file with `---`, the keys `title`, `summary`, `date` and `format`, "
                "and `---`",
                code="meeting.no-frontmatter",
            ))
            continue
        source = _Source(lang, file, path, match, fm)
        stem = f"{match.group('date')}-{match.group('slug')}"
        if lang == default:
            originals[stem] = source
        else:
            translations.setdefault(stem, {})[lang] = source

    meetings: list[Meeting] = []
    for stem, source in originals.items():
        meeting = _meeting(stem, source, translations.get(stem, {}), settings, findings)
        if meeting is not None:
            meetings.append(meeting)
    for stem, by_lang in sorted(translations.items()):
        if stem not in originals:
            for source in by_lang.values():
                findings.append(Finding(
                    source.path, None, None,
                    f"this translation has no Romanian report `{stem}.md` beside it",
                    f"add `docs/meetings/{stem}.md`, or give this file the name of its "
                    "Romanian report",
                    code="meeting.orphan-translation",
                ))

    meetings.sort(key=lambda m: (m.date, m.stem))
    _number(meetings, findings)
    for meeting in meetings:
        for lang in settings.languages[1:]:
            if lang not in meeting.translated:
                findings.append(Finding(
                    meeting.path, None, None,
                    f"no translation in `{lang}` yet: the {lang} site lists the report as "
                    f"available in {default} only",
                    f"add `docs/meetings/{meeting.stem}.{lang}.md` with `title` and `summary`",
                    Severity.INFO, "meeting.untranslated",
                ))
    findings.sort(key=lambda f: (f.path, f.line or 0, f.column or 0, f.message))
    return meetings, findings


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity is Severity.ERROR]


# --------------------------------------------------------------------------------------------
# Validation of one report


class _Problems:
    """Collects the findings of one file, so that one report can report several problems."""

    def __init__(self, source: _Source, sink: list[Finding]) -> None:
        self.source = source
        self.sink = sink
        self.count = 0

    def add(self, key: str | None, message: str, fix: str, code: str) -> None:
        line = self.source.fm.line_of(key) if key else 1
        self.sink.append(Finding(self.source.path, line, None, message, fix, code=code))
        self.count += 1

    def warn(self, key: str, message: str, fix: str, code: str) -> None:
        line = self.source.fm.line_of(key)
        self.sink.append(Finding(
            self.source.path, line, None, message, fix, Severity.WARNING, code,
        ))


def _text(value: Any) -> str | None:
    if type(value) is str:  # nearly always: read for every key of two thousand files
        return value.strip() or None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        text = str(value).strip()
        return text or None
    return None


def _raw_scalar(source: _Source, key: str) -> str | None:
    """The value of `key` exactly as written (YAML 1.1 reads `10:30` as a number of minutes)."""
    line = source.fm.lines.get(key)
    if not line or line > len(source.fm.raw_lines):
        return None
    raw = source.fm.raw_lines[line - 1].split(":", 1)[1]
    raw = raw.split(" #", 1)[0].strip().strip("'\"")
    return raw or None


def _parse_date(value: Any, key: str, p: _Problems) -> dt.date | None:
    text = _text(value)
    m = _DATE.match(text or "")
    if not m:
        p.add(key, f"`{key}` must be a date written `YYYY-MM-DD`, not `{text}`",
              "write e.g. `date: 2021-04-08`", "meeting.date")
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        p.add(key, f"`{text}` is not a day of the calendar",
              "check the day and the month (e.g. February has 28 or 29 days)", "meeting.date")
        return None


_Time = tuple[dt.time, dt.time | None]


def _parse_time(source: _Source, value: Any, p: _Problems) -> tuple[str, _Time] | None:
    text = _raw_scalar(source, "time") if isinstance(value, int) else _text(value)
    text = text if text is not None else str(value)
    m = _TIME.match(text)
    bad = ("`time` must be `HH:MM` or `HH:MM-HH:MM` (Bucharest time)",
           "write e.g. `time: \"10:00\"` or `time: \"10:00-12:30\"`", "meeting.time")
    if not m:
        p.add("time", f"{bad[0]}, not `{text}`", bad[1], bad[2])
        return None
    try:
        start = dt.time(int(m.group(1)), int(m.group(2)))
        end = dt.time(int(m.group(3)), int(m.group(4))) if m.group(3) else None
    except ValueError:
        p.add("time", f"`{text}` is not a time of day", bad[1], bad[2])
        return None
    if end is not None and end <= start:
        p.add("time", f"the meeting ends (`{end:%H:%M}`) before it starts (`{start:%H:%M}`)",
              "write the start first: `HH:MM-HH:MM`", bad[2])
        return None
    normal = f"{start:%H:%M}" + (f"-{end:%H:%M}" if end else "")
    return normal, (start, end)


def _whole(value: Any, key: str, p: _Problems, *, minimum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        p.add(key, f"`{key}` must be a whole number, {minimum} or more, not `{value}`",
              f"write e.g. `{key}: {max(minimum, 1) if key != 'participants' else 20}`",
              f"meeting.{key}")
        return None
    return value


def _id_list(
    value: Any, key: str, known: dict[str, dict[str, str]], p: _Problems, what: str
) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        p.add(key, f"`{key}` must be a list", f"write e.g. `{key}: [{next(iter(known), 'id')}]`",
              f"meeting.{key}")
        return []
    ids: list[str] = []
    for item in items:
        text = _text(item) or ""
        if text not in known:
            p.add(key, f"unknown {what} `{text}`",
                  f"use one of: {', '.join(known) or '(none declared)'}; new ones are declared "
                  "under `clay-meetings` in mkdocs.yml", f"meeting.{key}")
        elif text not in ids:
            ids.append(text)
    return ids


def _unknown_keys(source: _Source, allowed: frozenset[str], p: _Problems) -> None:
    for key in source.fm.data:
        if key not in allowed and key not in PAGE_SETTINGS:
            p.warn(str(key), f"unknown front-matter key `{key}` (it is ignored)",
                   f"check the spelling; the report keys are: {', '.join(FACTS)}",
                   "meeting.unknown-key")


def _meeting(
    stem: str,
    source: _Source,
    translations: dict[str, _Source],
    settings: MeetingSettings,
    findings: list[Finding],
) -> Meeting | None:
    p = _Problems(source, findings)
    data = source.fm.data
    default = settings.default_language
    _unknown_keys(source, _FACT_KEYS, p)
    for key in REQUIRED:
        if _text(data.get(key)) is None:
            p.add(None, f"the required key `{key}` is missing or empty",
                  f"add a line `{key}: …` to the front matter", "meeting.missing")

    title = _text(data.get("title"))
    summary = _text(data.get("summary"))
    if summary and len(summary) > SUMMARY_MAX:
        p.add("summary", f"the summary has {len(summary)} characters, more than {SUMMARY_MAX}",
              "shorten it to one or two sentences; the report's text says the rest",
              "meeting.summary")

    date = None
    if "date" in data and _text(data.get("date")) is not None:
        date = _parse_date(data["date"], "date", p)
        if date is not None and date.isoformat() != source.name.group("date"):
            p.add("date", f"the file name says {source.name.group('date')} but `date` is "
                  f"{date.isoformat()}",
                  "make them equal: rename the file or correct the date", "meeting.date-name")

    time_text, time = None, None
    if data.get("time") is not None:
        parsed = _parse_time(source, data["time"], p)
        if parsed:
            time_text, time = parsed

    series = settings.default_series
    if data.get("series") is not None:
        series = _text(data["series"]) or ""
        if series not in settings.series:
            p.add("series", f"unknown series `{series}`",
                  f"use one of: {', '.join(settings.series) or '(none declared)'}; new ones "
                  "are declared under `clay-meetings` in mkdocs.yml", "meeting.series")

    number = None
    if data.get("number") is not None:
        number = _whole(data["number"], "number", p, minimum=1)

    fmt = _text(data.get("format"))
    if fmt is not None and fmt not in FORMATS:
        p.add("format", f"unknown format `{fmt}`", f"use one of: {', '.join(FORMATS)}",
              "meeting.format")
    platform = _text(data.get("platform"))
    venue = _text(data.get("venue"))
    if fmt in ("online", "hybrid") and platform is None:
        p.add("format", f"a meeting held `{fmt}` needs a `platform`",
              "add e.g. `platform: Cisco Webex`", "meeting.platform")
    if fmt in ("in-person", "hybrid") and venue is None:
        p.add("format", f"a meeting held `{fmt}` needs a `venue`",
              "add e.g. `venue: Casa de Cultură, Horezu`", "meeting.venue")

    organiser = settings.organiser
    if data.get("organiser") is not None:
        organiser = _text(data["organiser"]) or ""
        if not organiser:
            p.add("organiser", "`organiser` is empty", "write the organiser or remove the line",
                  "meeting.organiser")
    participants = None
    if data.get("participants") is not None:
        participants = _whole(data["participants"], "participants", p, minimum=0)
    topics = _id_list(data.get("topics") or [], "topics", settings.topics, p, "topic")
    chapters: list[int] = []
    raw_chapters = data.get("action_plan")
    if raw_chapters is not None:
        items = raw_chapters if isinstance(raw_chapters, list) else [raw_chapters]
        for item in items:
            value = _whole(item, "action_plan", p, minimum=1)
            if value is not None and value not in chapters:
                chapters.append(value)

    titles = {default: title or ""}
    summaries = {default: summary or ""}
    venues = {default: venue} if venue else {}
    paths = {default: source.path}
    translated = {default}
    for lang, tr in sorted(translations.items()):
        if _translation(tr, source, titles, summaries, venues, p.sink, settings):
            translated.add(lang)
            paths[lang] = tr.path
        else:
            p.count += 1
    if p.count or date is None or fmt is None or title is None or summary is None:
        return None
    for lang in settings.languages:
        titles.setdefault(lang, titles[default])
        summaries.setdefault(lang, summaries[default])
        if venue:
            venues.setdefault(lang, venue)
    return Meeting(
        src_uri=f"meetings/{stem}.md",
        path=source.path,
        stem=stem,
        slug=source.name.group("slug"),
        lines=dict(source.fm.lines),
        date=date,
        time=time,
        time_text=time_text,
        series=series,
        number=number or 0,
        number_explicit=number is not None,
        format=fmt,
        platform=platform,
        venue=venues,
        organiser=organiser,
        participants=participants,
        topics=topics,
        action_plan=chapters,
        titles=titles,
        summaries=summaries,
        translated=translated,
        paths=paths,
        default_language=default,
    )


def _same(a: Any, b: Any) -> bool:
    def norm(v: Any) -> Any:
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v if isinstance(v, bool | int) else str(v).strip()

    return bool(norm(a) == norm(b))


def _translation(
    tr: _Source,
    original: _Source,
    titles: dict[str, str],
    summaries: dict[str, str],
    venues: dict[str, str],
    sink: list[Finding],
    settings: MeetingSettings,
) -> bool:
    p = _Problems(tr, sink)
    data = tr.fm.data
    _unknown_keys(tr, _FACT_KEYS, p)
    for key in ("title", "summary"):
        if _text(data.get(key)) is None:
            p.add(None, f"the translation's `{key}` is missing or empty",
                  f"add a line `{key}: …` in this language", "meeting.missing")
    summary = _text(data.get("summary"))
    if summary and len(summary) > SUMMARY_MAX:
        p.add("summary", f"the summary has {len(summary)} characters, more than {SUMMARY_MAX}",
              "shorten it to one or two sentences", "meeting.summary")
    for key, value in data.items():
        if key in TRANSLATABLE or key not in FACTS:
            continue
        if key == "time" and isinstance(value, int):
            value = _raw_scalar(tr, "time")
            theirs = original.fm.data.get("time")
            theirs = _raw_scalar(original, "time") if isinstance(theirs, int) else theirs
        else:
            theirs = original.fm.data.get(key)
        if key not in original.fm.data or not _same(value, theirs):
            shown = "(not set)" if key not in original.fm.data else f"`{theirs}`"
            p.add(key, f"`{key}: {value}` differs from the Romanian report ({original.path} says "
                  f"{shown})",
                  "facts are written once, in the Romanian report: remove this line or make "
                  "both equal", "meeting.translation-differs")
    if p.count:
        return False
    titles[tr.lang] = str(_text(data["title"]))
    summaries[tr.lang] = str(summary)
    venue = _text(data.get("venue"))
    if venue:
        venues[tr.lang] = venue
    return True


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
