"""The site's content, loaded once: every meeting, every chapter, and every finding.

The one object that the build plugins (through clay_plugins/build.py) and the `clay` command
receive. Pure Python, no MkDocs import: `SiteSettings` is made from mkdocs.yml by the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from clay_plugins.content._pages_stub import _read_pages
from clay_plugins.content.chapter import (
    ActionPlanSettings,
    Chapter,
    check_meeting_references,
    load_chapters,
)
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.meeting import Meeting, MeetingSettings, load_meetings


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

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass
class SiteContent:
    settings: SiteSettings
    meetings: list[Meeting] = field(default_factory=list)  # oldest first
    chapters: dict[int, Chapter] = field(default_factory=dict)  # by number, in order
    findings: list[Finding] = field(default_factory=list)  # every finding, sorted

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
    """Read and check every content file under `settings.docs_dir`. Never raises for content."""
    pages, findings = _read_pages(settings)
    meetings, meeting_findings = load_meetings(pages, settings.meetings)
    chapters, plan_findings = load_chapters(pages, settings.plan)
    findings = findings + meeting_findings + plan_findings
    findings += check_meeting_references(meetings, chapters, directory=settings.plan.directory)
    findings.sort(key=lambda f: (f.path, f.line or 0, f.column or 0, f.code, f.message))
    return SiteContent(settings, meetings, chapters, findings)
