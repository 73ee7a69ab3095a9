"""The site's content, loaded once: every meeting, every chapter, and every finding.

The one object that the build plugins (through clay_plugins/build.py) and the `clay` command
receive. Pure Python, no MkDocs import: `SiteSettings` is made from mkdocs.yml by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clay_plugins.cache import Cache
from clay_plugins.content import history
from clay_plugins.content import pages as pages_module
from clay_plugins.content import photos as photos_module
from clay_plugins.content.chapter import (
    ActionPlanSettings,
    Chapter,
    check_meeting_references,
    load_chapters,
)
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.meeting import (
    Meeting,
    MeetingSettings,
    generated_pages,
    load_meetings,
)
from clay_plugins.content.source import Pages


@dataclass(frozen=True)
class SiteSettings:
    """What the contracts depend on, as mkdocs.yml says it."""

    root: Path  # the folder of mkdocs.yml: paths in findings are relative to it
    docs_dir: Path
    languages: Sequence[str]  # the built languages, the default first
    meetings: MeetingSettings
    plan: ActionPlanSettings
    # the theme's template folders (overrides/, the theme, the plugins' own), first wins: a
    # page's `template:` must name a file in one of them
    template_dirs: Sequence[str] = ()
    # the files of docs/ that mkdocs.yml names (extra_css, extra_javascript, the theme's logo
    # and favicon), by src_uri: published although no page links to them
    site_files: frozenset[str] = frozenset()
    # the content types loaded and checked (their plugin is on): "meetings", "plan"; the files
    # of the others are ordinary pages
    content_types: frozenset[str] = frozenset({"meetings", "plan"})

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass
class SiteContent:
    settings: SiteSettings
    meetings: list[Meeting] = field(default_factory=list)  # oldest first
    chapters: dict[int, Chapter] = field(default_factory=dict)  # by number, in order
    findings: list[Finding] = field(default_factory=list)  # every finding, sorted
    # every Markdown page of docs/ as read once (and those that could not be read)
    pages: Pages = field(default_factory=lambda: Pages({}, set()))
    # every photo of docs/, read and checked, by src_uri, with how it is published
    # (content/photos.py)
    photos: dict[str, photos_module.Photo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._meeting_by_src: dict[str, Meeting] = {}
        for meeting in self.meetings:
            for lang in meeting.translated:
                suffix = "" if lang == meeting.default_language else f".{lang}"
                self._meeting_by_src[f"meetings/{meeting.stem}{suffix}.md"] = meeting
        self._chapter_by_src = {
            src: chapter for chapter in self.chapters.values()
            for src in chapter.src_uris.values()
        }
        self._discussed: dict[int, list[Meeting]] = {}
        for meeting in self.meetings:
            for number in dict.fromkeys(meeting.action_plan):
                self._discussed.setdefault(number, []).append(meeting)
        for listed in self._discussed.values():
            listed.sort(key=lambda m: (m.date, m.number, m.src_uri), reverse=True)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def meeting_for(self, src_uri: str) -> Meeting | None:
        """The meeting whose report (in any language) is `src_uri` (relative to docs/)."""
        return self._meeting_by_src.get(src_uri)

    def chapter_for(self, src_uri: str) -> Chapter | None:
        """The chapter whose text (in any language) is `src_uri` (relative to docs/)."""
        return self._chapter_by_src.get(src_uri)

    def meetings_of_chapter(self, number: int) -> list[Meeting]:
        """The meetings whose `action_plan` names chapter `number`, newest first."""
        return self._discussed.get(number, [])


def load_content(settings: SiteSettings) -> SiteContent:
    """Read and check every page under `settings.docs_dir`: the rules of every page
    (content/pages.py), then the contract of each content type in `settings.content_types` on
    the pages read there, then the rules across files. The one list of rules of the build and
    of `clay check`. Never raises for content."""
    pages, findings = pages_module.read_pages(settings)
    meetings: list[Meeting] = []
    chapters: dict[int, Chapter] = {}
    if "meetings" in settings.content_types:
        meetings, meeting_findings = load_meetings(pages, settings.meetings)
        findings += meeting_findings
        # links to the pages generated from the content (each year's and topic's list)
        generated = generated_pages(meetings, settings.meetings)
        findings = [f for f in findings if pages.missing_links.get(f) not in generated]
    if "plan" in settings.content_types:
        chapters, plan_findings = load_chapters(pages, settings.plan)
        findings += plan_findings
        if "meetings" in settings.content_types:
            findings += check_meeting_references(
                meetings, chapters, directory=settings.plan.directory)
    used = photos_module.uses(
        pages, photos_module.lead_uses(pages, "meetings", settings.default_language)
        if "meetings" in settings.content_types else [],
        photos_module.page_uris(meetings, chapters, settings.default_language),
        settings.site_files)
    # every photo of docs/ is read, used or not: none is published as it is
    used += photos_module.unused(
        used, [uri for uri, kind in pages.files.items() if kind == "photo"],
        display_path(str(settings.docs_dir), str(settings.root)))
    photos, photo_findings = photos_module.check(
        used, settings.docs_dir, Cache.beside(settings.root / "mkdocs.yml"))
    findings += photo_findings
    findings += history.stale_translations(settings, pages)
    return SiteContent(settings, meetings, chapters, _tidy(findings), pages, photos)


def _tidy(findings: list[Finding]) -> list[Finding]:
    """One finding per problem, sorted: the same finding (path, line, column, code) is kept
    once, and a value still reading `TODO` is reported once, as a TODO, not again as a wrong
    value of its key."""
    todo_lines = {(f.path, f.line) for f in findings if f.code == "frontmatter.todo"}
    seen: set[tuple[object, ...]] = set()
    unique: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.path, f.line or 0, f.column or 0, f.code,
                                             f.message)):
        if f.code != "frontmatter.todo" and f.line is not None and (f.path, f.line) in todo_lines:
            continue
        key = (f.path, f.line, f.column, f.code or f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique
