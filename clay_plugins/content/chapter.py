"""The action-plan contract: one Markdown file per chapter and language.

`docs/action-plan/NN-<slug>.md` is a Romanian chapter, `NN-<slug>.en.md` its English
translation (any other built language works the same way). The Romanian file holds the facts
(`chapter`, `status`, `updated`, `actions` with their timeframe); every language's file holds its
own `title`, `summary` and action titles, and may translate the actions' `players`, `costs` and
`funding`. A fact a translation repeats must equal the Romanian one.

Pure Python, no MkDocs import: the `clay-action-plan` plugin and `clay check` both load the
plan through `load_chapters`, so the build and the command report the same problems, one
`path:line: what — fix` line each. The contract in words: clay_plugins/action_plan/CONTRACT.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import yaml

from clay_plugins.content import frontmatter, typography
from clay_plugins.content.findings import ContentError, Finding, Severity, display_path
from clay_plugins.content.importer import find_todos

STATUSES = ("draft", "final")
DIRECTORY = "action-plan"

# `01-regional-context.md`, `01-regional-context.en.md`
_FILE = re.compile(
    r"^(?P<num>[0-9]{2,3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?P<lang>[a-z]{2}))?\.md$"
)
_INDEX = re.compile(r"^index(?:\.[a-z]{2})?\.md$")
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TIMEFRAME = re.compile(r"^([0-9]{4})-([0-9]{2})\s+to\s+([0-9]{4})-([0-9]{2})$")
_ACTION_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_H1 = re.compile(r"^#(?!#)\s*\S")
# `## Heading {#some-id .class}`: the explicit id of an ATX heading (attr_list syntax)
_HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#([A-Za-z][\w-]*)[^}]*\}\s*$")

# Keys of the contract, then the MkDocs/Material page settings either file may carry.
CHAPTER_KEYS = ("chapter", "title", "status", "updated", "summary", "actions")
ACTION_KEYS = ("id", "title", "timeframe", "players", "costs", "funding")
PAGE_SETTINGS = ("hide", "search", "template", "description", "icon", "subtitle", "tags")
# What a translation may write in its own language; every other fact is the Romanian file's.
_TRANSLATED = ("title", "summary")
_ACTION_TRANSLATED = ("title", "players", "costs", "funding")


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
# loading


def load_chapters(
    docs_dir: Path, settings: ActionPlanSettings, *, root: Path
) -> tuple[dict[int, Chapter], list[Finding]]:
    """Every chapter of the plan by number, and every problem found. Never raises.

    A chapter with an error is left out of the result; the caller stops the build on errors.
    """
    folder = docs_dir / settings.directory
    findings: list[Finding] = []
    if not folder.is_dir():
        return {}, findings
    sources: dict[str, dict[str, Path]] = {}  # stem -> lang -> file
    for file in sorted(folder.iterdir()):
        if not file.is_file() or not file.name.endswith(".md") or _INDEX.match(file.name):
            continue
        shown = display_path(str(file), str(root))
        m = _FILE.match(file.name)
        if not m:
            findings.append(Finding(
                shown, None, None,
                "this file name does not follow the chapter pattern `NN-<slug>.md`",
                "rename it like `01-regional-context.md` (two digits, a hyphen, lower-case words "
                "joined by hyphens; `.en.md` for the English translation)",
                code="chapter.file-name",
            ))
            continue
        lang = m.group("lang") or settings.default
        if lang not in settings.languages:
            findings.append(Finding(
                shown, None, None, f"`.{lang}.md` is not a language of this site",
                f"use one of {', '.join(f'`.{x}.md`' for x in settings.languages[1:])} "
                "or no suffix for Romanian",
                code="chapter.language",
            ))
            continue
        stem = f"{m.group('num')}-{m.group('slug')}"
        sources.setdefault(stem, {})[lang] = file

    chapters: dict[int, Chapter] = {}
    owners: dict[int, Chapter] = {}
    action_owners: dict[str, tuple[Chapter, Action]] = {}
    for stem in sorted(sources):
        files = sources[stem]
        if settings.default not in files:
            for _lang, file in sorted(files.items()):
                findings.append(Finding(
                    display_path(str(file), str(root)), None, None,
                    f"this translation has no Romanian chapter `{stem}.md`",
                    f"add `{display_path(str(folder / (stem + '.md')), str(root))}` with the "
                    "chapter's facts, "
                    "or rename this file to match its Romanian chapter",
                    code="chapter.orphan-translation",
                ))
            continue
        chapter, problems = _load_chapter(stem, files, settings, docs_dir, root)
        findings.extend(problems)
        if chapter is None:
            continue
        other = owners.get(chapter.number)
        if other is not None:
            findings.append(Finding(
                chapter.path, chapter.lines.get("chapter", 1), None,
                f"chapter number {chapter.number} is already used by {other.path}",
                "give every chapter its own number (and rename the file to match)",
                code="chapter.duplicate",
            ))
            continue
        duplicate = False
        for action in chapter.actions:
            seen = action_owners.get(action.id)
            if seen is not None:
                findings.append(Finding(
                    chapter.path, action.line, None,
                    f"action id `{action.id}` is already used in {seen[0].path}",
                    "give every action of the plan its own id",
                    code="chapter.action-duplicate",
                ))
                duplicate = True
        if duplicate:
            continue
        for action in chapter.actions:
            action_owners[action.id] = (chapter, action)
        owners[chapter.number] = chapter
        chapters[chapter.number] = chapter
        for lang in settings.languages[1:]:
            if lang not in chapter.translated:
                findings.append(Finding(
                    chapter.path, None, None,
                    f"chapter {chapter.number} has no `{lang}` translation",
                    f"add `{chapter.path[:-3]}.{lang}.md` with `title` (and `summary`); "
                    "until then the Romanian text is shown there",
                    Severity.INFO, "chapter.untranslated",
                ))
    return dict(sorted(chapters.items())), findings


def _load_chapter(
    stem: str, files: dict[str, Path], settings: ActionPlanSettings, docs_dir: Path, root: Path
) -> tuple[Chapter | None, list[Finding]]:
    findings: list[Finding] = []
    default = settings.default
    parsed: dict[str, tuple[frontmatter.FrontMatter, str, str]] = {}
    for lang in [x for x in settings.languages if x in files]:
        file = files[lang]
        shown = display_path(str(file), str(root))
        try:
            text = frontmatter.read_source(file)
        except UnicodeDecodeError:
            findings.append(Finding(
                shown, None, None, "the file is not UTF-8 text",
                "save it as UTF-8 (in most editors: Save as… → Encoding UTF-8)",
                code="chapter.encoding",
            ))
            continue
        findings.extend(typography.check_cedilla(text, shown))
        if "TODO" in text:  # a fact left to fill in stops the build as it fails `clay check`
            findings.extend(find_todos(text, shown))
        try:
            fm = frontmatter.parse(text, shown)
        except ContentError as exc:
            findings.extend(exc.findings)
            continue
        parsed[lang] = (fm, shown, file.relative_to(docs_dir).as_posix())
    if default not in parsed:
        return None, findings

    fm, shown, src_uri = parsed[default]
    errors_before = _errors(findings)
    number_in_name = int(stem.split("-", 1)[0])
    chapter = Chapter(
        number=number_in_name, slug=stem.split("-", 1)[1], stem=stem, src_uri=src_uri,
        path=shown, lines=dict(fm.lines), directory=settings.directory, default_language=default,
    )
    data = fm.data
    findings.extend(_unknown_keys(fm, shown, CHAPTER_KEYS))

    # chapter
    if "chapter" not in data:
        findings.append(Finding(
            shown, 1, None, "the chapter number `chapter` is missing",
            f"add `chapter: {number_in_name}` to the front matter", code="chapter.missing",
        ))
    else:
        number = _whole_number(data["chapter"])
        if number is None or number < 1:
            findings.append(Finding(
                shown, fm.line_of("chapter"), None,
                f"`chapter: {data['chapter']}` is not a whole number of 1 or more",
                f"write the chapter number, e.g. `chapter: {number_in_name}`",
                code="chapter.number",
            ))
        elif number != number_in_name:
            findings.append(Finding(
                shown, fm.line_of("chapter"), None,
                f"`chapter: {number}` does not match the number {number_in_name:02d} "
                "in the file name",
                f"rename the file to `{number:02d}-{chapter.slug}.md` or write "
                f"`chapter: {number_in_name}`",
                code="chapter.number-name",
            ))
        else:
            chapter.number = number

    title = _text(data, "title", fm, shown, findings, required=True)
    if title:
        chapter.titles[default] = title
    summary = _text(data, "summary", fm, shown, findings, required=False)
    if summary:
        chapter.summaries[default] = summary

    # status
    if "status" not in data:
        findings.append(Finding(
            shown, 1, None, "`status` is missing",
            "add `status: draft` (text still being written) or `status: final`",
            code="chapter.status-missing",
        ))
    elif data["status"] not in STATUSES:
        findings.append(Finding(
            shown, fm.line_of("status"), None, f"unknown status `{data['status']}`",
            "write `status: draft` or `status: final`", code="chapter.status",
        ))
    else:
        chapter.status = str(data["status"])

    # updated
    if "updated" not in data:
        findings.append(Finding(
            shown, 1, None, "the date `updated` is missing",
            "add the date of the last change of the text, e.g. `updated: 2021-04-08`",
            code="chapter.updated-missing",
        ))
    else:
        day = _date(data["updated"])
        if day is None:
            findings.append(Finding(
                shown, fm.line_of("updated"), None,
                f"`updated: {data['updated']}` is not a real date in the form YYYY-MM-DD",
                "write an existing date as year-month-day, e.g. `updated: 2021-04-08`",
                code="chapter.updated",
            ))
        else:
            chapter.updated = day

    # actions
    action_lines = _action_lines(fm)
    if "actions" in data:
        chapter.actions = _actions(data["actions"], fm, shown, action_lines, chapter, findings)

    body_ids = {default: _heading_ids(fm.body)}
    _check_body(fm, shown, findings)
    chapter.bodies[default] = fm.body
    chapter.src_uris[default] = src_uri
    chapter.paths[default] = shown
    chapter.translated.add(default)
    _check_action_headings(chapter.actions, body_ids[default], fm, shown, action_lines, findings)

    # translations
    for lang in settings.languages[1:]:
        if lang not in parsed:
            continue
        tfm, tshown, tsrc = parsed[lang]
        ok = _load_translation(chapter, lang, tfm, tshown, data, findings)
        if ok:
            chapter.src_uris[lang] = tsrc
            chapter.paths[lang] = tshown
            chapter.bodies[lang] = tfm.body
            chapter.translated.add(lang)
            ids = _heading_ids(tfm.body)
            for missing in sorted(set(body_ids[default]) - set(ids)):
                findings.append(Finding(
                    tshown, tfm.body_line, None,
                    f"the heading id `#{missing}` of the Romanian chapter "
                    f"(line {fm.body_line + body_ids[default][missing] - 1}) is missing here",
                    f"add `{{#{missing}}}` at the end of the matching heading, so that links "
                    "to it work in both languages",
                    code="chapter.anchor-missing",
                ))
            for extra in sorted(set(ids) - set(body_ids[default])):
                findings.append(Finding(
                    tshown, tfm.body_line + ids[extra] - 1, None,
                    f"the heading id `#{extra}` does not exist in the Romanian chapter",
                    f"use the ids of {shown}, or add `{{#{extra}}}` to the matching "
                    "Romanian heading",
                    code="chapter.anchor-extra",
                ))
    if _errors(findings) > errors_before:
        return None, findings
    return chapter, findings


def _load_translation(
    chapter: Chapter, lang: str, fm: frontmatter.FrontMatter, shown: str,
    original: dict[str, Any], findings: list[Finding],
) -> bool:
    before = _errors(findings)
    data = fm.data
    findings.extend(_unknown_keys(fm, shown, CHAPTER_KEYS))
    title = _text(data, "title", fm, shown, findings, required=True)
    if title:
        chapter.titles[lang] = title
    summary = _text(data, "summary", fm, shown, findings, required=False)
    if summary:
        chapter.summaries[lang] = summary
    for key in ("chapter", "status", "updated"):
        if key in data and key in original and _same(data[key]) != _same(original[key]):
            findings.append(Finding(
                shown, fm.line_of(key), None,
                f"`{key}: {data[key]}` differs from the Romanian chapter "
                f"(`{key}: {original[key]}`)",
                f"remove the line (the translation inherits `{key}`) or make it equal",
                code="chapter.inherited-differs",
            ))
    by_id = {a.id: a for a in chapter.actions}
    lines = _action_lines(fm)
    seen: set[str] = set()
    raw = data.get("actions")
    if raw is not None and not isinstance(raw, list):
        findings.append(Finding(
            shown, fm.line_of("actions"), None, "`actions` must be a list of entries",
            "start each action with `- id: …` on its own line under `actions:`",
            code="chapter.actions",
        ))
        raw = []
    for i, entry in enumerate(raw or []):
        line = lines.get((i, ""), fm.line_of("actions"))
        if not isinstance(entry, dict) or entry.get("id") in (None, ""):
            findings.append(Finding(
                shown, line, None, "this action has no `id`",
                "start the entry with the `id` of the Romanian action it translates, "
                "e.g. `- id: 1`", code="chapter.action-id",
            ))
            continue
        action_id = str(entry["id"])
        action = by_id.get(action_id)
        if action is None:
            findings.append(Finding(
                shown, line, None, f"the Romanian chapter has no action `{action_id}`",
                "use the `id` of an action of the Romanian file, or add the action there first",
                code="chapter.action-unknown",
            ))
            continue
        seen.add(action_id)
        for key in entry:
            if key not in ACTION_KEYS:
                findings.append(_unknown_action_key(shown, lines.get((i, str(key)), line), key))
        if "timeframe" in entry and (
            action.timeframe is None or _timeframe(entry["timeframe"]) != action.timeframe
        ):
            findings.append(Finding(
                shown, lines.get((i, "timeframe"), line), None,
                f"`timeframe: {entry['timeframe']}` differs from the Romanian action "
                f"`{action_id}`",
                "remove the line (the translation inherits the timeframe) or make it equal",
                code="chapter.inherited-differs",
            ))
        t = entry.get("title")
        if not isinstance(t, str) or not t.strip():
            findings.append(Finding(
                shown, lines.get((i, "title"), line), None,
                f"action `{action_id}` has no `title` in this language",
                "add `title: …` with the translated title of the action",
                code="chapter.action-title",
            ))
        else:
            action.titles[lang] = t.strip()
        _action_texts(action, lang, entry, shown, lines, i, line, findings)
    for action in chapter.actions:
        if action.id not in seen:
            findings.append(Finding(
                shown, fm.line_of("actions") if "actions" in data else 1, None,
                f"action `{action.id}` of the Romanian chapter has no entry here",
                f"add `- id: {action.id}` with `title: …` (the translated title) under `actions:`",
                code="chapter.action-untranslated",
            ))
    ids = _heading_ids(fm.body)
    _check_action_headings(
        [a for a in chapter.actions if a.id in seen], ids, fm, shown, lines, findings
    )
    _check_body(fm, shown, findings)
    return _errors(findings) == before


def _actions(
    raw: Any, fm: frontmatter.FrontMatter, shown: str, lines: dict[tuple[int, str], int],
    chapter: Chapter, findings: list[Finding],
) -> list[Action]:
    if not isinstance(raw, list):
        findings.append(Finding(
            shown, fm.line_of("actions"), None, "`actions` must be a list of entries",
            "start each action with `- id: 1` on its own line under `actions:`",
            code="chapter.actions",
        ))
        return []
    default = chapter.default_language
    actions: list[Action] = []
    ids: set[str] = set()
    for i, entry in enumerate(raw):
        line = lines.get((i, ""), fm.line_of("actions"))
        if not isinstance(entry, dict):
            findings.append(Finding(
                shown, line, None, "this action is not a list of `key: value` lines",
                "write the action as `- id: 1` followed by `title: …` and the other fields",
                code="chapter.action",
            ))
            continue
        for key in entry:
            if key not in ACTION_KEYS:
                findings.append(_unknown_action_key(shown, lines.get((i, str(key)), line), key))
        raw_id = entry.get("id")
        if raw_id is None or raw_id == "" or isinstance(raw_id, bool):
            findings.append(Finding(
                shown, line, None, "this action has no `id`",
                "start the entry with `- id: 1` (a number or lower-case words joined by hyphens, "
                "unique in the plan); it makes the anchor `#action-1`",
                code="chapter.action-id",
            ))
            continue
        action_id = str(raw_id).strip()
        if not _ACTION_ID.match(action_id):
            findings.append(Finding(
                shown, lines.get((i, "id"), line), None,
                f"`id: {raw_id}` is not a usable action id",
                "use a number or lower-case letters, digits and hyphens, e.g. `id: 1`",
                code="chapter.action-id",
            ))
            continue
        if action_id in ids:
            findings.append(Finding(
                shown, lines.get((i, "id"), line), None,
                f"action id `{action_id}` appears twice in this chapter",
                "give every action of the plan its own id", code="chapter.action-duplicate",
            ))
            continue
        ids.add(action_id)
        action = Action(id=action_id, chapter=chapter.number, line=line)
        t = entry.get("title")
        if not isinstance(t, str) or not t.strip():
            findings.append(Finding(
                shown, lines.get((i, "title"), line), None, f"action `{action_id}` has no `title`",
                "add `title: …` with the title of the action", code="chapter.action-title",
            ))
        else:
            action.titles[default] = t.strip()
        if "timeframe" in entry and entry["timeframe"] not in (None, ""):
            tf = _timeframe(entry["timeframe"])
            if tf is None:
                findings.append(Finding(
                    shown, lines.get((i, "timeframe"), line), None,
                    f"`timeframe: {entry['timeframe']}` is not in the form `YYYY-MM to YYYY-MM`",
                    "write the first and the last month, the first not after the last, e.g. "
                    "`timeframe: 2021-06 to 2023-05`; leave the line out while it is not known",
                    code="chapter.timeframe",
                ))
            else:
                action.timeframe = tf
        _action_texts(action, default, entry, shown, lines, i, line, findings)
        actions.append(action)
    return actions


def _action_texts(
    action: Action, lang: str, entry: dict[str, Any], shown: str,
    lines: dict[tuple[int, str], int], i: int, line: int, findings: list[Finding],
) -> None:
    if "players" in entry and entry["players"] is not None:
        players = entry["players"]
        if isinstance(players, str):
            players = [players]
        if not isinstance(players, list) or not all(
            isinstance(p, str) and p.strip() for p in players
        ):
            findings.append(Finding(
                shown, lines.get((i, "players"), line), None,
                "`players` must be a list of names",
                "write one player per line, each starting with `- `", code="chapter.players",
            ))
        else:
            action.players[lang] = [p.strip() for p in players]
    for key in ("costs", "funding"):
        if key in entry and entry[key] is not None:
            value = entry[key]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                findings.append(Finding(
                    shown, lines.get((i, key), line), None, f"`{key}` must be text",
                    f"write `{key}: …` on one line, in quotes if it contains `:`",
                    code=f"chapter.{key}",
                ))
            elif value.strip():
                getattr(action, key)[lang] = value.strip()


def _check_action_headings(
    actions: Iterable[Action], ids: dict[str, int], fm: frontmatter.FrontMatter, shown: str,
    lines: dict[tuple[int, str], int], findings: list[Finding],
) -> None:
    for action in actions:
        if action.anchor not in ids:
            findings.append(Finding(
                shown, fm.body_line, None,
                f"no heading has the id `#{action.anchor}` of action `{action.id}`",
                f"end the heading that describes the action with `{{#{action.anchor}}}`, e.g. "
                f"`## … {{#{action.anchor}}}`",
                code="chapter.action-heading",
            ))


def _check_body(fm: frontmatter.FrontMatter, shown: str, findings: list[Finding]) -> None:
    fence: str | None = None
    for offset, line in enumerate(fm.body.split("\n")):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)[0]
            fence = marker if fence is None else (None if fence == marker else fence)
            continue
        if fence is None and _H1.match(line):
            findings.append(Finding(
                shown, fm.body_line + offset, 1,
                "a chapter has no `# …` heading of its own: its title comes from `title:`",
                "remove this line, or make it a section heading with `## `",
                code="chapter.h1",
            ))


def _heading_ids(body: str) -> dict[str, int]:
    """Explicit heading ids of a body (outside code blocks) -> line within the body (1-based)."""
    ids: dict[str, int] = {}
    fence: str | None = None
    for n, line in enumerate(body.split("\n"), start=1):
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)[0]
            fence = marker if fence is None else (None if fence == marker else fence)
            continue
        if fence is None:
            h = _HEADING_ID.match(line)
            if h:
                ids.setdefault(h.group(1), n)
    return ids


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


# --------------------------------------------------------------------------------------------
# helpers


def _errors(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.severity == Severity.ERROR)


def _same(value: Any) -> str:
    return str(value).strip()


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _date(value: Any) -> date | None:
    m = _DATE.match(str(value).strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _timeframe(value: Any) -> Timeframe | None:
    m = _TIMEFRAME.match(str(value).strip())
    if not m:
        return None
    y1, m1, y2, m2 = (int(x) for x in m.groups())
    if not (1 <= m1 <= 12 and 1 <= m2 <= 12) or (y1, m1) > (y2, m2):
        return None
    return Timeframe((y1, m1), (y2, m2))


def _text(
    data: dict[str, Any], key: str, fm: frontmatter.FrontMatter, shown: str,
    findings: list[Finding], *, required: bool,
) -> str:
    if key not in data or data[key] is None:
        if required:
            findings.append(Finding(
                shown, 1, None, f"`{key}` is missing",
                f"add `{key}: …` to the front matter", code=f"chapter.{key}-missing",
            ))
        return ""
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        findings.append(Finding(
            shown, fm.line_of(key), None, f"`{key}` must be text",
            f"write `{key}: …` on one line, in quotes if it contains `:` or `#`",
            code=f"chapter.{key}",
        ))
        return ""
    return " ".join(value.split())


def _unknown_keys(fm: frontmatter.FrontMatter, shown: str, keys: Sequence[str]) -> list[Finding]:
    return [
        Finding(
            shown, fm.line_of(str(key)), None, f"unknown front-matter key `{key}`",
            f"check the spelling; a chapter knows {', '.join(f'`{k}`' for k in keys)} "
            "(and the page settings `hide`, `search`, `template`)",
            Severity.WARNING, "chapter.unknown-key",
        )
        for key in fm.data
        if key not in keys and key not in PAGE_SETTINGS
    ]


def _unknown_action_key(shown: str, line: int, key: Any) -> Finding:
    return Finding(
        shown, line, None, f"unknown action key `{key}`",
        f"check the spelling; an action knows {', '.join(f'`{k}`' for k in ACTION_KEYS)}",
        Severity.WARNING, "chapter.unknown-key",
    )


def _action_lines(fm: frontmatter.FrontMatter) -> dict[tuple[int, str], int]:
    """(index of the entry, key) -> line, and (index, "") -> line of the entry's start."""
    if fm.end_line <= 1:
        return {}
    source = "\n".join(fm.raw_lines[1:fm.end_line - 1])
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[tuple[int, str], int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value in node.value:
        if key_node.value != "actions" or not isinstance(value, yaml.SequenceNode):
            continue
        for i, item in enumerate(value.value):
            lines[(i, "")] = item.start_mark.line + 2
            if isinstance(item, yaml.MappingNode):
                for k, _ in item.value:
                    lines.setdefault((i, str(k.value)), k.start_mark.line + 2)
    return lines
