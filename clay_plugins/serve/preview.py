"""The incremental preview: one whole build, then, for each saved report, only what it changes.

`Preview.build` runs MkDocs' `build()` on a config of its own, with `Capture` (state.py) added to
its plugins, so that each language build's state stays in memory; the search index is made
after the site is written (`Preview.index`), off the way from a save to the page.

`Preview.update` looks at what changed since the last look (the sources' times and sizes):

- a meeting report edited, and nothing that the site's shape depends on (the files, the
  generated pages, the photos) changed with it: the content is loaded and checked again, as
  the build loads it (`load_content`); with any error or warning the site stays as it was
  and the findings are the answer. Otherwise, per language, with that language's state
  restored: the report's own pages first; then (`finish`, which `clay serve` runs after
  showing them) the pages of the reports its header links (before and after the edit), the
  lists that show it (clay-meetings' `shows_edit`), the chapters it names; the feed, the
  calendar, the JSON, the report's own calendar. Nothing else is read or written.
- anything else (mkdocs.yml, a template, overrides/, a plugin's code, a file added or
  removed, a photo, an ordinary page or a chapter): a whole build, as `mkdocs build` makes it.

What the preview writes is what a whole build of the same sources writes, file for file
(tests/test_serve.py), the search index apart while `index` has not run since the edit.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError
from mkdocs.structure.files import Files

from clay_plugins import build as clay_build
from clay_plugins import i18n
from clay_plugins.action_plan.plugin import ActionPlanPlugin
from clay_plugins.content import findings as findings_module
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.content.meeting import Meeting, generated_pages
from clay_plugins.content.site import SiteContent, load_content
from clay_plugins.meetings import views
from clay_plugins.meetings.plugin import MeetingsPlugin
from clay_plugins.search.plugin import SearchPlugin
from clay_plugins.serve.mkdocs_private import render_pages
from clay_plugins.serve.state import Capture, LanguageState

CAPTURE = "clay-serve-capture"  # the name Capture has among the config's plugins


@dataclass
class Outcome:
    """What an update did: `kind` is "none", "pages" (the pages an edit changes), "build"
    (a whole build) or "broken" (the site kept as it was); `problems` are one line each."""

    kind: str
    seconds: float = 0.0
    pages: int = 0
    files: int = 0
    problems: list[str] = field(default_factory=list)


def _empty(folder: Path) -> None:
    """Empty the site folder as `mkdocs build` does (hidden files stay): static-i18n replaces
    MkDocs' cleaning while it builds the other languages, and leaves it replaced when one of
    them fails, so that the next build in the same process would keep the files of the last."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


@dataclass
class _Edit:
    old: SiteContent
    new: SiteContent
    changed: list[tuple[Meeting, Meeting]]  # each edited report, before and after


class _Count(logging.Handler):
    """The warnings and errors MkDocs and the plugins log while pages are rendered again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


class Sources:
    """The files a build reads, by path, with their modification time and size."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = [r for r in dict.fromkeys(p.resolve() for p in roots)]
        self.seen = self.scan()

    def scan(self) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        for root in self.roots:
            if root.is_file():
                st = root.stat()
                found[str(root)] = (st.st_mtime_ns, st.st_size)
                continue
            # followlinks: MkDocs follows folder links under docs/
            for folder, dirs, names in os.walk(root, followlinks=True):
                dirs[:] = [d for d in dirs if d != "__pycache__"]
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    found[path] = (st.st_mtime_ns, st.st_size)
        return found

    def changes(self) -> dict[str, str]:
        """What changed since the last call: path -> "added", "removed" or "modified"."""
        now = self.scan()
        before, self.seen = self.seen, now
        changed = {p: "removed" for p in before.keys() - now.keys()}
        changed.update({p: "added" for p in now.keys() - before.keys()})
        changed.update({p: "modified" for p in now.keys() & before.keys() if now[p] != before[p]})
        return changed


class Preview:
    def __init__(self, config_file: Path, site_dir: Path, lang: str | None = None) -> None:
        self.lang = lang  # of the findings (None: English)
        self.config_file = config_file.resolve()
        self.site_dir = site_dir.resolve()
        self.config: MkDocsConfig | None = None
        self.states: dict[str, LanguageState] = {}
        self.content: SiteContent | None = None  # the last content that built
        self.sources: Sources | None = None
        self._index_due = False
        self._rest: _Edit | None = None  # what the last edit left to `finish`

    # -- whole builds ---------------------------------------------------------------------------

    def build(self) -> Outcome:
        """A whole build, as `mkdocs build` makes it (the search index apart: `index`)."""
        start = time.perf_counter()
        self.states, self.content, self._rest = {}, None, None
        try:
            config = load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))
        except (ConfigurationError, Abort) as exc:
            return self._broken(start, [str(exc)])
        # the sources are looked at before the build: an edit during it is seen next time
        self.sources = Sources(self._roots(config))
        capture = Capture()
        config.plugins[CAPTURE] = capture
        for plugin in config.plugins.values():
            if isinstance(plugin, SearchPlugin):
                plugin.deferred = True
        _empty(self.site_dir)
        try:
            mkdocs_build.build(config)
        except (PluginError, Abort, SystemExit) as exc:
            return self._broken(start, [str(exc)] if str(exc) else [])
        self.config, self.states = config, capture.states
        self.content = self._plugin(config, clay_build.ContentPlugin).state.content
        self._index_due = True
        return Outcome("build", time.perf_counter() - start)

    def _roots(self, config: MkDocsConfig) -> list[Path]:
        """What a build depends on: docs/, mkdocs.yml, the theme's folders of this site (not
        the installed theme's), our plugins' code and templates, what `watch:` adds."""
        root = self.config_file.parent
        roots = [Path(config.docs_dir), self.config_file,
                 Path(clay_build.__file__).resolve().parent]
        roots += [Path(d) for d in config.theme.dirs if Path(d).resolve().is_relative_to(root)]
        roots += [Path(w) for w in config.watch]
        return [r for r in roots if r.exists()]

    def index(self) -> bool:
        """The search index of the site as it is now (after `build` and each edit)."""
        if not self._index_due or self.config is None:
            return False
        self._index_due = False
        search = self.config.plugins.get("clay-search")
        if not isinstance(search, SearchPlugin) or not search.config.enabled:
            return False
        search.index(self.site_dir, i18n.languages(self.config),
                     clay_build.log_language(self.config))
        return True

    # -- edits ------------------------------------------------------------------------------------

    def update(self, complete: bool = True) -> Outcome:
        """Bring the site up to date with what changed since the last build or update; with
        `complete` False, an edited report's own pages only, the rest left to `finish`."""
        start = time.perf_counter()
        self.finish()  # what an earlier edit left, before this one is compared with it
        if self.sources is None or self.config is None or self.content is None:
            return self.build()
        changes = self.sources.changes()
        if not changes:
            return Outcome("none", time.perf_counter() - start)
        docs = Path(self.config.docs_dir).resolve()
        edited = []
        for path, how in changes.items():
            p = Path(path)
            if how != "modified" or not p.is_relative_to(docs) or p.suffix != ".md":
                return self.build()
            edited.append(p.relative_to(docs).as_posix())
        return self._edit(edited, start, complete)

    def _edit(self, src_uris: list[str], start: float, complete: bool) -> Outcome:
        assert self.config is not None and self.content is not None
        old = self.content
        new = load_content(old.settings, previous=old)
        problems = [f.text(self.lang) for f in new.findings
                    if f.severity in (findings_module.Severity.ERROR,
                                      findings_module.Severity.WARNING)]
        if problems:
            return self._broken(start, problems)
        changed = self._changed_meetings(old, new, src_uris)
        if changed is None:
            return self.build()
        edit = _Edit(old, new, changed)
        self.content = new
        first = self._render(edit, own=True)
        self._rest = edit
        if not complete:
            first.seconds = time.perf_counter() - start
            return first
        rest = self.finish()
        return Outcome("pages", time.perf_counter() - start, first.pages + rest.pages,
                       rest.files, first.problems + rest.problems)

    @staticmethod
    def _changed_meetings(old: SiteContent, new: SiteContent,
                          src_uris: list[str]) -> list[tuple[Meeting, Meeting]] | None:
        """The reports edited, before and after, if only reports were edited and nothing the
        site's shape depends on changed; None otherwise."""
        def shape(content: SiteContent) -> Any:
            return ({name: sorted(tuple(sorted(i.src_uris.items())) for i in items)
                     for name, items in content.items.items()},
                    sorted(generated_pages(content.of(MEETING.name),
                                           MEETING.settings(content.settings))),
                    content.photos)
        if shape(old) != shape(new):
            return None
        pairs = []
        for uri in src_uris:
            before, after = old.item_for(uri), new.item_for(uri)
            if not isinstance(before, Meeting) or not isinstance(after, Meeting):
                return None
            pairs.append((before, after))
        return pairs

    def _render(self, edit: _Edit, own: bool) -> Outcome:
        """Per language: with `own`, the pages of the edited reports; else the rest of what
        the edit changes (the pages that link or list them, the generated files)."""
        start = time.perf_counter()
        config = self.config
        assert config is not None
        old, new, changed = edit.old, edit.new, edit.changed
        edited = {m.stem for pair in changed for m in pair}
        # the edited reports and those whose headers link them, before or after the edit
        stems = set(edited)
        before_all = cast(list[Meeting], old.of(MEETING.name))
        after_all = cast(list[Meeting], new.of(MEETING.name))
        for neighbours in (views.neighbours(before_all), views.neighbours(after_all)):
            for name in edited:
                stems |= {m.stem for m in neighbours.get(name, ()) if m is not None}
        chapters = {n for pair in changed for m in pair for n in m.action_plan}
        meetings = self._plugin(config, MeetingsPlugin)
        plan = next((p for p in config.plugins.values() if isinstance(p, ActionPlanPlugin)
                     and p.enabled), None)
        plugins = [p for p in config.plugins.values()
                   if isinstance(p, clay_build.ContentPlugin) and p.enabled]
        counter = _Count()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(counter)
        pages = files = 0
        try:
            for state in self.states.values():
                state.restore(config)
                for plugin in plugins:
                    plugin.content = new
                plugins[0].state.use_content(new)
                chosen = []
                for file in state.files.documentation_pages():
                    if file.page is None:
                        continue
                    uri, item = file.src_uri, new.item_for(file.src_uri)
                    stem = item.stem if isinstance(item, Meeting) else None
                    if own:
                        if stem in edited:
                            chosen.append(file.page)
                    elif stem not in edited and (
                            stem in stems
                            or any(meetings.shows_edit(uri, before, after,
                                                       (before_all, after_all))
                                   for before, after in changed)
                            or (plan is not None and plan.chapter_of(uri) in chapters)):
                        chosen.append(file.page)
                if not own:
                    # this language's feed, calendar and data, made again from the new
                    # content (from the docs/ files: the plugin reads them, adds its own)
                    scratch = Files([f for f in state.files if f.generated_by is None])
                    known = {id(f) for f in scratch}
                    meetings.generate(scratch, config)
                    for file in scratch:
                        if id(file) not in known and not file.is_documentation_page():
                            file.copy_file()
                            files += 1
                    meetings.write_calendars(config, [after for _, after in changed])
                    files += len(changed)
                render_pages(chosen, config, state.files, state.nav, state.env)
                pages += len(chosen)
        finally:
            logger.removeHandler(counter)
        self._index_due = True
        return Outcome("pages", time.perf_counter() - start, pages, files, counter.lines)

    def finish(self) -> Outcome:
        """What the last edit changes besides the edited reports' own pages (`update`
        with `complete=False` leaves it, so that the page being edited is shown first)."""
        if self._rest is None:
            return Outcome("none")
        edit, self._rest = self._rest, None
        return self._render(edit, own=False)

    # -- helpers --------------------------------------------------------------------------------

    @staticmethod
    def _plugin(config: MkDocsConfig, kind: type) -> Any:
        found = next((p for p in config.plugins.values() if isinstance(p, kind)), None)
        assert found is not None, f"no {kind.__name__} among the site's plugins"
        return found

    def _broken(self, start: float, problems: list[str]) -> Outcome:
        return Outcome("broken", time.perf_counter() - start, problems=problems)
