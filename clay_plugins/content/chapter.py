"""The action-plan contract: one Markdown file per chapter and language.

`docs/action-plan/NN-<slug>.md` is a Romanian chapter, `NN-<slug>.en.md` its English
translation (any other built language works the same way). The Romanian file holds the facts
(`chapter`, `status`, `updated`, `actions` with their timeframe); every language's file holds its
own `title`, `summary` and action titles, and may translate the actions' `players`, `costs` and
`funding`. A fact a translation repeats must equal the Romanian one.

Pure Python, no MkDocs import: `site.load_content` (the build and `clay check`) calls
`load_chapters` with the pages of docs/. The keys are declared in `FIELDS` and `ACTIONS` (the
engine in content/schema.py reads, checks and pairs them across languages); this module adds the
chapter's own rules: the number in the file name, unique chapter numbers and action ids, the
action headings and heading ids of the body. The contract in words:
clay_plugins/action_plan/CONTRACT.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

from clay_plugins.content import markdown, schema
from clay_plugins.content.fields import calendar_date, choice, names, one_line, text, whole
from clay_plugins.content.findings import Finding
from clay_plugins.content.schema import Check, Field, Records
from clay_plugins.content.source import Pages, Source

STATUSES = ("draft", "final")
DIRECTORY = "action-plan"
PAGE_SETTINGS = schema.PAGE_SETTINGS

_TIMEFRAME = re.compile(r"^([0-9]{4})-([0-9]{2})\s+to\s+([0-9]{4})-([0-9]{2})$")
_ACTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class ActionPlanSettings:
    """What the contract depends on: the built languages (the default first) and the folder."""

    languages: list[str]
    directory: str = DIRECTORY

    @property
    def default(self) -> str:
        return self.languages[0]

    @classmethod
    def from_plugin_options(
        cls, options: Mapping[str, Any], languages: Sequence[str]
    ) -> ActionPlanSettings:
        langs = list(dict.fromkeys(languages)) or ["ro"]
        directory = str(options.get("directory") or DIRECTORY).strip("/")
        return cls(languages=langs, directory=directory)


@dataclass(frozen=True)
class Timeframe:
    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]

    @property
    def text(self) -> str:
        return f"{self.start[0]:04d}-{self.start[1]:02d} to {self.end[0]:04d}-{self.end[1]:02d}"


@dataclass
class Action:
    id: str
    chapter: int
    line: int  # line of the entry in the Romanian file
    titles: dict[str, str] = field(default_factory=dict)
    timeframe: Timeframe | None = None
    players: dict[str, list[str]] = field(default_factory=dict)  # lang -> names
    costs: dict[str, str] = field(default_factory=dict)
    funding: dict[str, str] = field(default_factory=dict)

    @property
    def anchor(self) -> str:
        """The heading id of the action, the same in every language: `action-1`."""
        return f"action-{self.id}"

    def title(self, lang: str, default: str) -> str:
        return self.titles.get(lang) or self.titles[default]

    def text_of(self, name: str, lang: str, default: str) -> Any:
        values: dict[str, Any] = getattr(self, name)
        return values.get(lang, values.get(default))


@dataclass
class Chapter:
    number: int
    slug: str
    stem: str  # `01-regional-context`
    src_uri: str  # of the Romanian file, relative to docs_dir
    path: str  # of the Romanian file, relative to the repository root (what editors see)
    lines: dict[str, int]  # front-matter key -> line in the Romanian file
    directory: str
    default_language: str
    titles: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)
    status: str = "draft"
    updated: date = date(1970, 1, 1)
    actions: list[Action] = field(default_factory=list)
    translated: set[str] = field(default_factory=set)
    src_uris: dict[str, str] = field(default_factory=dict)  # lang -> src_uri
    paths: dict[str, str] = field(default_factory=dict)  # lang -> display path
    bodies: dict[str, str] = field(default_factory=dict)  # lang -> Markdown after front matter

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles[self.default_language]

    def summary(self, lang: str) -> str:
        if lang in self.translated:
            return self.summaries.get(lang, "")
        return self.summaries.get(self.default_language, "")

    def text_language(self, lang: str) -> str:
        """Language the chapter is read in under `lang`: its own, or the Romanian original."""
        return lang if lang in self.translated else self.default_language

    def url_for(self, lang: str) -> str:
        prefix = "" if lang == self.default_language else f"{lang}/"
        return f"{prefix}{self.directory}/{self.stem}/"


class MeetingLike(Protocol):
    """What the cross-check needs of a meeting (clay_plugins.content.meeting.Meeting)."""

    path: str
    lines: dict[str, int]
    action_plan: list[int]


# --------------------------------------------------------------------------------------------
# the declaration


def _timeframe(value: Any, check: Check) -> Timeframe:
    m = _TIMEFRAME.match(str(value).strip())
    y1, m1, y2, m2 = (int(x) for x in m.groups()) if m else (0, 0, 0, 0)
    if not m or not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
        check.fail(f"`timeframe: {value}` is not in the form `YYYY-MM to YYYY-MM`",
                   "write the first and the last month, the first not after the last, e.g. "
                   "`timeframe: 2021-06 to 2023-05`; leave the line out while it is not known")
    return Timeframe((y1, m1), (y2, m2))


def _action_id(value: Any, check: Check) -> str:
    ident = str(value).strip()
    if not _ACTION_ID.match(ident):
        check.fail(f"`id: {value}` is not a usable action id",
                   "use a number or lower-case letters, digits and hyphens, e.g. `id: 1`")
    return ident


FIELDS = (
    Field("chapter", whole(minimum=1), required=True, code="number",
          description="the chapter number, equal to NN in the file name"),
    Field("title", one_line, required=True, translatable=True, missing="title-missing"),
    Field("status", choice(STATUSES), required=True, missing="status-missing",
          example="status: draft` (text still being written) or `status: final"),
    Field("updated", calendar_date, required=True, missing="updated-missing",
          example="updated: 2021-04-08"),
    Field("summary", one_line, translatable=True),
)
ACTIONS = Records(
    "actions", "action", Field("id", _action_id, example="id: 1"),
    fields=(
        Field("title", text(), required=True, translatable=True, code="action-title",
              missing="action-title"),
        Field("timeframe", _timeframe),
        Field("players", names, translatable=True),
        Field("costs", text(), translatable=True),
        Field("funding", text(), translatable=True),
    ),
)
CHAPTER_KEYS = tuple(f.name for f in FIELDS) + ("actions",)
ACTION_KEYS = ("id",) + tuple(f.name for f in ACTIONS.fields)
KIND = schema.ContentType(
    prefix="chapter", noun="chapter", folder=DIRECTORY,
    pattern=re.compile(r"(?P<num>[0-9]{2,3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"),
    name_form="NN-<slug>.md",
    name_fix="rename it like `01-regional-context.md` (two digits, a hyphen, lower-case words "
    "joined by hyphens)",
    fields=FIELDS, records=(ACTIONS,),
    codes={"filename": "file-name", "translation-differs": "inherited-differs"},
)


# --------------------------------------------------------------------------------------------
# loading


def load_chapters(
    pages: Pages, settings: ActionPlanSettings
) -> tuple[dict[int, Chapter], list[Finding]]:
    """Every chapter of `pages.under(settings.directory)` by number, and every problem found.
    Never raises. A chapter with an error is left out; the caller stops the build on errors.
    """
    kind = KIND if settings.directory == DIRECTORY else replace(KIND, folder=settings.directory)
    entries, findings = schema.load(kind, pages, settings.languages, settings)
    chapters: dict[int, Chapter] = {}
    action_owners: dict[str, Chapter] = {}
    for entry in entries:
        chapter = _chapter(entry, settings)
        findings.extend(entry.findings)
        if chapter is None:
            continue
        other = chapters.get(chapter.number)
        if other is not None:
            findings.append(Finding(
                chapter.path, chapter.lines.get("chapter", 1), None,
                f"chapter number {chapter.number} is already used by {other.path}",
                "give every chapter its own number (and rename the file to match)",
                code="chapter.duplicate",
            ))
            continue
        taken = [a for a in chapter.actions if a.id in action_owners]
        for action in taken:
            findings.append(Finding(
                chapter.path, action.line, None,
                f"action id `{action.id}` is already used in {action_owners[action.id].path}",
                "give every action of the plan its own id", code="chapter.action-duplicate",
            ))
        if taken:
            continue
        action_owners.update((action.id, chapter) for action in chapter.actions)
        chapters[chapter.number] = chapter
        findings.extend(schema.untranslated(kind, entry, settings.languages))
    findings.sort(key=lambda f: (f.path, f.line or 0, f.column or 0, f.code, f.message))
    return dict(sorted(chapters.items())), findings


def _chapter(entry: schema.Entry, settings: ActionPlanSettings) -> Chapter | None:
    """The chapter's own rules, then its Chapter when its files have no error."""
    source, default = entry.original, settings.default
    facts = entry.values[default]
    number = int(entry.name.group("num"))
    slug = entry.name.group("slug")
    if facts.get("chapter", number) != number:
        written = facts["chapter"]
        entry.error(source, ("chapter",),
                    f"`chapter: {written}` does not match the number {number:02d} in the file "
                    "name", f"rename the file to `{written:02d}-{slug}.md` or write "
                    f"`chapter: {number}`", "chapter.number-name")
    actions = [Action(r.id, number, r.position[0]) for r in facts.get("actions", [])]
    ids = _check_body(entry, source, actions, {})
    for lang, translation in entry.sources.items():
        if lang != default:
            own = entry.values[lang].get("actions", {})
            _check_body(entry, translation, [a for a in actions if a.id in own], ids)
    if not entry.ok:
        return None
    chapter = Chapter(
        number=number, slug=slug, stem=entry.stem, src_uri=source.src_uri, path=source.path,
        lines=dict(source.fm.lines), directory=settings.directory, default_language=default,
        status=facts["status"], updated=facts["updated"], actions=actions,
    )
    for lang, own in entry.sources.items():
        values = entry.values[lang]
        chapter.titles[lang] = values["title"]
        if values.get("summary"):
            chapter.summaries[lang] = values["summary"]
        chapter.translated.add(lang)
        chapter.src_uris[lang] = own.src_uri
        chapter.paths[lang] = own.path
        chapter.bodies[lang] = own.fm.body
        records = values.get("actions", [])
        by_id = {r.id: r for r in records} if isinstance(records, list) else records
        for action in actions:
            texts = by_id[action.id].values
            action.titles[lang] = texts["title"]
            if lang == default and "timeframe" in texts:
                action.timeframe = texts["timeframe"]
            for name in ("players", "costs", "funding"):
                if texts.get(name):
                    getattr(action, name)[lang] = texts[name]
    return chapter


def _check_body(entry: schema.Entry, source: Source, actions: list[Action],
                original: dict[str, int]) -> dict[str, int]:
    """The body's rules: no `# h1`, a heading `{#action-<id>}` per action, and (in a
    translation) the heading ids of the original (`original`: id -> line). Returns the ids."""
    fm = source.fm
    ids: dict[str, int] = {}
    # the headings as the one tokenizer reads them: a heading shown in a code sample (a fence
    # of any length, an indented block) is not one
    for heading in markdown.headings(fm.body, fm.body_line):
        if heading.level == 1:
            entry.error(source, heading.line,
                        "a chapter has no `# …` heading of its own: its title comes from `title:`",
                        "remove this line, or make it a section heading with `## `", "chapter.h1")
        elif heading.id:
            ids.setdefault(heading.id, heading.line)
    for action in actions:
        if action.anchor not in ids:
            entry.error(source, fm.body_line,
                        f"no heading has the id `#{action.anchor}` of action `{action.id}`",
                        f"end the heading that describes the action with `{{#{action.anchor}}}`,"
                        f" e.g. `## … {{#{action.anchor}}}`", "chapter.action-heading")
    if source is entry.original:
        return ids
    language = schema.language_name(entry.original.lang)
    for missing in sorted(set(original) - set(ids)):
        entry.error(source, fm.body_line,
                    f"the heading id `#{missing}` of the {language} chapter "
                    f"(line {original[missing]}) is missing here",
                    f"add `{{#{missing}}}` at the end of the matching heading, so that links "
                    "to it work in both languages", "chapter.anchor-missing")
    for extra in sorted(set(ids) - set(original)):
        entry.error(source, ids[extra],
                    f"the heading id `#{extra}` does not exist in the {language} chapter",
                    f"use the ids of {entry.original.path}, or add `{{#{extra}}}` to the "
                    "matching heading there", "chapter.anchor-extra")
    return ids


# --------------------------------------------------------------------------------------------
# The pages clay-action-plan generates: the plugin generates exactly these, and the link check
# (content/pages.py) takes them as existing.


def contents_page(directory: str) -> str:
    """The plan's contents (generated, after the introduction of docs/ when there is one)."""
    return f"{directory.strip('/')}/index.md"


def print_page(directory: str) -> str:
    """The plan's print edition: every chapter on one page."""
    return f"{directory.strip('/')}/print.md"


def generated_pages(settings: ActionPlanSettings) -> set[str]:
    return {contents_page(settings.directory), print_page(settings.directory)}


# --------------------------------------------------------------------------------------------
# meetings


def check_meeting_references(
    meetings: Iterable[MeetingLike], chapters: Mapping[int, Chapter], *,
    directory: str = DIRECTORY,
) -> list[Finding]:
    """One error per meeting `action_plan` entry naming a chapter that does not exist."""
    findings: list[Finding] = []
    known = ", ".join(str(n) for n in sorted(chapters)) or "none yet"
    for meeting in meetings:
        for number in meeting.action_plan or []:
            if number in chapters:
                continue
            findings.append(Finding(
                meeting.path, meeting.lines.get("action_plan"), None,
                f"`action_plan` names chapter {number}, which does not exist",
                f"use the number of a chapter in docs/{directory}/ (existing: {known}) "
                f"or remove {number}",
                code="meeting.action-plan-chapter",
            ))
    return sorted(findings)

