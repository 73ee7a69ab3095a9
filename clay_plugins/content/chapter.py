"""The action-plan contract: one Markdown file per chapter and language.

`docs/action-plan/NN-<slug>.md` is a Romanian chapter, `NN-<slug>.en.md` its English
translation (any other built language works the same way). The Romanian file holds the facts
(`chapter`, `status`, `updated`, `actions` with their timeframe); every language's file holds its
own `title`, `summary` and action titles, and may translate the actions' `players`, `costs` and
`funding`. A fact a translation repeats must equal the Romanian one.

Pure Python, no MkDocs import. `TYPE` is the declaration the registry (content/registry.py)
reads; its keys are `FIELDS` and `ACTIONS` (the engine in content/schema.py reads, checks and
pairs them across languages and makes each chapter a `Chapter`, each action an `Action`). This
module adds the chapter's own rules: the number in the file name, unique chapter numbers and
action ids, the action headings and heading ids of the body (`_check_body`, the one place that
scans the Markdown). The contract in words: clay_plugins/action_plan/CONTRACT.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol

from clay_plugins.content import markdown, schema
from clay_plugins.content.fields import calendar_date, choice, names, one_line, text, whole
from clay_plugins.content.findings import Finding
from clay_plugins.content.schema import Check, Field, Records, Value
from clay_plugins.content.source import Source
from clay_plugins.l10n import C_, E_

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


class Action(schema.Part):
    """One action of a chapter; its fields are `ACTIONS.fields` (`action.timeframe`)."""

    @property
    def anchor(self) -> str:
        """The heading id of the action, the same in every language: `action-1`."""
        return f"action-{self.id}"

    def title(self, lang: str, default: str) -> str:
        return str(self.text("title", lang))


class Chapter(schema.Item):
    """One chapter in every language; its fields are `FIELDS` (`chapter.status`, …)."""

    @property
    def number(self) -> int:
        return int(self.values["chapter"])

    @property
    def slug(self) -> str:
        return str(self.name["slug"])

    @property
    def directory(self) -> str:
        return self.kind.folder

    @property
    def draft(self) -> bool:
        return bool(self.status == "draft")

    def title(self, lang: str) -> str:
        return str(self.text("title", lang))

    def summary(self, lang: str) -> str:
        """The summary of `lang`'s file (none when it leaves it out), else the original's."""
        return str(self.texts[self.text_language(lang)].get("summary") or "")


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
        check.fail(E_("`timeframe: {value}` is not in the form `YYYY-MM to YYYY-MM`", value=value),
                   E_("write the first and the last month, the first not after the last, e.g. "
                      "`timeframe: 2021-06 to 2023-05`; leave the line out while it is not known"))
    return Timeframe((y1, m1), (y2, m2))


def _action_id(value: Any, check: Check) -> str:
    ident = str(value).strip()
    if not _ACTION_ID.match(ident):
        check.fail(E_("`id: {value}` is not a usable action id", value=value),
                   E_("use a number or lower-case letters, digits and hyphens, e.g. `id: 1`"))
    return ident


_MONTHS = r"[0-9]{4}-[0-9]{2}\s+to\s+[0-9]{4}-[0-9]{2}"
timeframe = Value(_timeframe, lambda settings: {"type": "string", "pattern": f"^{_MONTHS}$"},
                  lambda tf: tf.text)
# a number or words (`1`, `digital-skills`): one shape, so that an editor offers text
action_id = Value(_action_id, lambda settings: {
    "type": ["integer", "string"], "minimum": 0, "pattern": _ACTION_ID.pattern})

FIELDS = (
    Field("chapter", whole(minimum=1), required=True, code="number",
          description=E_("the chapter number, equal to NN in the file name"),
          help=E_("the chapter's number"), option="number"),
    Field("title", one_line, required=True, translatable=True, missing="title-missing",
          help=E_("the title")),
    Field("status", choice(STATUSES), required=True, missing="status-missing",
          example="status: draft` (text still being written) or `status: final",
          default=lambda s: "draft"),
    Field("updated", calendar_date, required=True, missing="updated-missing",
          example="updated: 2021-04-08", help=E_("YYYY-MM-DD (default: today)"),
          default=lambda s: date.today()),
    Field("summary", one_line, translatable=True, help=E_("one or two sentences")),
)
ACTIONS = Records(
    "actions", E_("action"), Field("id", action_id, required=True, example="id: 1",
                               description=E_("a number or lower-case words joined by hyphens")),
    fields=(
        Field("title", text(), required=True, translatable=True, code="action-title",
              missing="action-title", hint="…"),
        Field("timeframe", timeframe, hint="2021-06 to 2023-05",
              description=E_("the first and the last month, YYYY-MM to YYYY-MM")),
        Field("players", names, translatable=True, hint="[ADR Sud-Vest Oltenia]"),
        Field("costs", text(), translatable=True),
        Field("funding", text(), translatable=True),
    ),
    part=Action,
)


def _rules(entry: schema.Entry, settings: ActionPlanSettings) -> None:
    """The chapter's own rules: the number in its file name, the headings of its body."""
    source, default = entry.original, settings.default
    facts = entry.values[default]
    number = int(entry.name.group("chapter"))
    slug = entry.name.group("slug")
    if facts.get("chapter", number) != number:
        written = facts["chapter"]
        entry.error(source, ("chapter",),
                    E_("`chapter: {written}` does not match the number {number:02d} in the file "
                       "name", written=written, number=number),
                    E_("rename the file to `{written:02d}-{slug}.md` or write `chapter: {number}`",
                       written=written, slug=slug, number=number), "chapter.number-name")
    actions = [r.id for r in facts.get("actions", [])]
    ids = _check_body(entry, source, actions, {})
    for lang, translation in entry.sources.items():
        if lang != default:
            own = entry.values[lang].get("actions", {})
            _check_body(entry, translation, [a for a in actions if a in own], ids)


def _across(items: list[schema.Item], findings: list[Finding],
            settings: ActionPlanSettings) -> list[schema.Item]:
    """One chapter per number, one action per id in the whole plan (sorted input)."""
    kept: dict[int, schema.Item] = {}
    action_owners: dict[str, schema.Item] = {}
    for chapter in items:
        other = kept.get(chapter.number)
        if other is not None:
            findings.append(Finding(
                chapter.path, chapter.lines.get("chapter", 1), None,
                E_("chapter number {number} is already used by {path}",
                   number=chapter.number, path=other.path),
                E_("give every chapter its own number (and rename the file to match)"),
                code="chapter.duplicate",
            ))
            continue
        taken = [a for a in chapter.actions if a.id in action_owners]
        for action in taken:
            findings.append(Finding(
                chapter.path, action.line, None,
                E_("action id `{id}` is already used in {path}",
                   id=action.id, path=action_owners[action.id].path),
                E_("give every action of the plan its own id"), code="chapter.action-duplicate",
            ))
        if taken:
            continue
        action_owners.update((action.id, chapter) for action in chapter.actions)
        kept[chapter.number] = chapter
    return list(kept.values())


def _configure(kind: schema.ContentType, settings: ActionPlanSettings) -> schema.ContentType:
    return kind if settings.directory == kind.folder else replace(kind, folder=settings.directory)


TYPE = schema.ContentType(
    prefix="chapter", noun=E_("chapter"), folder=DIRECTORY,
    pattern=re.compile(r"(?P<chapter>[0-9]{2,3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"),
    name_form="NN-<slug>.md",
    name_fix=E_("rename it like `01-regional-context.md` (two digits, a hyphen, lower-case words "
    "joined by hyphens)"),
    fields=FIELDS, records=(ACTIONS,),
    codes={"filename": "file-name", "translation-differs": "inherited-differs"},
    stem="{chapter:02d}-{slug}", item=Chapter, options=ActionPlanSettings.from_plugin_options,
    plugin="plan", identifier="chapter",
    configure=_configure, rules=_rules, across=_across,
    order=lambda c: (int(c.name["chapter"]), c.stem),
    pages=lambda items, settings: generated_pages(settings),
    placeholders={
        "summary": C_("placeholder", "The chapter in one or two sentences."),
        "body": C_("placeholder", "The chapter's text: write its content here."),
    },
)


def _check_body(entry: schema.Entry, source: Source, actions: list[str],
                original: dict[str, int]) -> dict[str, int]:
    """The body's rules: no `# h1`, a heading `{#action-<id>}` per action, and (in a
    translation) the heading ids of the original (`original`: id -> line). Returns the ids."""
    fm = source.fm
    ids: dict[str, int] = {}
    # a finding's texts are format strings (content/findings.py): a literal brace is doubled
    # the headings as the one tokenizer reads them: a heading shown in a code sample (a fence
    # of any length, an indented block) is not one
    for heading in markdown.headings(fm.body, fm.body_line):
        if heading.level == 1:
            entry.error(source, heading.line,
                        E_("a chapter has no `# …` heading of its own: its title comes from "
                           "`title:`"),
                        E_("remove this line, or make it a section heading with `## `"),
                        "chapter.h1")
        elif heading.id:
            ids.setdefault(heading.id, heading.line)
    for action in actions:
        anchor = f"action-{action}"
        if anchor not in ids:
            entry.error(source, fm.body_line,
                        E_("no heading has the id `#{anchor}` of action `{action}`",
                           anchor=anchor, action=action),
                        E_("end the heading that describes the action with `{{#{anchor}}}`, e.g. "
                           "`## … {{#{anchor}}}`", anchor=anchor), "chapter.action-heading")
    if source is entry.original:
        return ids
    language = schema.language_name(entry.original.lang)
    for missing in sorted(set(original) - set(ids)):
        entry.error(source, fm.body_line,
                    E_("the heading id `#{missing}` of the {language} chapter (line {original}) is "
                       "missing here",
                       missing=missing, language=language, original=original[missing]),
                    E_("add `{{#{missing}}}` at the end of the matching heading, so that links to "
                       "it work in both languages", missing=missing), "chapter.anchor-missing")
    for extra in sorted(set(ids) - set(original)):
        entry.error(source, ids[extra],
                    E_("the heading id `#{extra}` does not exist in the {language} chapter",
                       extra=extra, language=language),
                    E_("use the ids of {path}, or add `{{#{extra}}}` to the matching heading there",
                       path=entry.original.path, extra=extra), "chapter.anchor-extra")
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
                E_("`action_plan` names chapter {number}, which does not exist", number=number),
                E_("use the number of a chapter in docs/{directory}/ (existing: {known}) or remove "
                   "{number}", directory=directory, known=known, number=number),
                code="meeting.action-plan-chapter",
            ))
    return sorted(findings)

