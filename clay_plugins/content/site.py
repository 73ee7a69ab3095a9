"""The site's content, loaded once: the items of every content type, and every finding.

The one object that the build plugins (through clay_plugins/build.py) and the `clay` command
receive. Pure Python, no MkDocs import: `SiteSettings` is made from mkdocs.yml by the caller.
Nothing here names a content type: the types are those of the registry (content/registry.py),
each read by the engine of content/schema.py from its declaration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clay_plugins.cache import Cache
from clay_plugins.content import history, leftovers, registry, schema
from clay_plugins.content import pages as pages_module
from clay_plugins.content import photos as photos_module
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.source import Pages
from clay_plugins.l10n import E_


@dataclass(frozen=True)
class SiteSettings:
    """What the contracts depend on, as mkdocs.yml says it."""

    root: Path  # the folder of mkdocs.yml: paths in findings are relative to it
    docs_dir: Path
    languages: Sequence[str]  # the built languages, the default first
    # each content type's settings as its plugin made them from its options, by the type's
    # name (`ContentType.options`; `ContentType.settings` reads them)
    type_settings: Mapping[str, Any] = field(default_factory=dict)
    # the theme's template folders (overrides/, the theme, the plugins' own), first wins: a
    # page's `template:` must name a file in one of them
    template_dirs: Sequence[str] = ()
    # the files of docs/ that mkdocs.yml names (extra_css, extra_javascript, the theme's logo
    # and favicon), by src_uri: published although no page links to them
    site_files: frozenset[str] = frozenset()
    # the plugins that are on, by the key of the content type they publish
    # (`ContentType.plugin`): a type whose plugin is off is not loaded, its files are ordinary
    # pages; None: every registered type is loaded
    content_types: frozenset[str] | None = None
    # the modules of the site's own content types (`extra: content_types:`), after the built-in
    types: Sequence[str] = ()

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def kinds(self) -> tuple[schema.ContentType, ...]:
        """The registered types that this site loads (their plugin, if they have one, is on),
        as it configures them (a folder set in mkdocs.yml)."""
        return tuple(k.configure(k, k.settings(self)) if k.configure else k
                     for k in registry.content_types(self.types)
                     if not k.plugin or self.content_types is None
                     or k.plugin in self.content_types)


@dataclass
class SiteContent:
    settings: SiteSettings
    # the valid items of each content type, by the type's name, in the type's order
    items: dict[str, list[schema.Item]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)  # every finding, sorted
    # every Markdown page of docs/ as read once (and those that could not be read)
    pages: Pages = field(default_factory=lambda: Pages({}, set()))
    # every photo of docs/, read and checked, by src_uri, with how it is published
    # (content/photos.py)
    photos: dict[str, photos_module.Photo] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_src = {src: item for items in self.items.values() for item in items
                        for src in item.src_uris.values()}
        # the relations the declarations give (`Field.refers`): (type, identifier) -> the
        # items whose field names that item, by type, each in its type's order
        self._referring: dict[tuple[str, Any], dict[str, list[schema.Item]]] = {}
        for name, items in self.items.items():
            for item in items:
                for f in item.kind.fields:
                    if not f.refers:
                        continue
                    value = item.values.get(f.name)
                    for named in dict.fromkeys(value if isinstance(value, list) else
                                               [] if value is None else [value]):
                        found = self._referring.setdefault((f.refers, named), {})
                        found.setdefault(name, []).append(item)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    def item_for(self, src_uri: str) -> schema.Item | None:
        """The item whose file (in any language) is `src_uri` (relative to docs/)."""
        return self._by_src.get(src_uri)

    def of(self, name: str) -> list[schema.Item]:
        """The items of the type `name` (none when it is not loaded), in the type's order."""
        return self.items.get(name, [])

    def named(self, name: str) -> dict[Any, schema.Item]:
        """The items of the type `name` by the value of its `identifier`, in the type's order."""
        return {item.values[item.kind.identifier]: item for item in self.of(name)}

    def referring(self, item: schema.Item, name: str) -> list[schema.Item]:
        """The items of the type `name` whose fields refer to `item` (`Field.refers`), in their
        type's order."""
        key = item.values.get(item.kind.identifier) if item.kind.identifier else None
        return self._referring.get((item.kind.name, key), {}).get(name, [])


def load_content(settings: SiteSettings, previous: SiteContent | None = None) -> SiteContent:
    """Read and check every page under `settings.docs_dir`: the rules of every page
    (content/pages.py), then each loaded content type's contract on the pages read there, then
    the rules across types and files. The one list of rules of the build and of `clay check`.
    Never raises for content. `previous`, the content of the same settings read before (by
    `clay serve`), lends the parsed front matter of the pages whose text is the same."""
    reuse = previous.pages.sources if previous is not None else None
    pages, findings = pages_module.read_pages(settings, reuse)
    kinds = settings.kinds()
    items: dict[str, list[schema.Item]] = {}
    own: dict[str, Any] = {}
    for kind in kinds:
        own[kind.name] = kind.settings(settings)
        items[kind.name], found = schema.load_items(kind, pages, settings.languages,
                                                    own[kind.name])
        findings += found
    content = SiteContent(settings, items, [], pages)
    for kind in kinds:
        if kind.references is not None:
            findings += kind.references(items[kind.name], content)
    # links to the pages generated from the content (each year's and topic's list of meetings)
    generated = {uri for kind in kinds if kind.pages is not None
                 for uri in kind.pages(items[kind.name], own[kind.name])}
    findings = [f for f in findings if pages.missing_links.get(f) not in generated]
    findings += _taken_addresses(pages, generated, kinds, settings)
    leads = [use for kind in kinds if kind.photos
             for use in photos_module.lead_uses(pages, kind.folder, settings.default_language,
                                                kind.photos)]
    texts = [uri for kind in kinds for item in items[kind.name] for uri in item.src_uris.values()]
    used = photos_module.uses(pages, leads, texts, settings.site_files)
    # every photo of docs/ is read, used or not: none is published as it is
    used += photos_module.unused(
        used, [uri for uri, kind in pages.files.items() if kind == "photo"],
        display_path(str(settings.docs_dir), str(settings.root)))
    photos, photo_findings = photos_module.check(
        used, settings.docs_dir, Cache.beside(settings.root / "mkdocs.yml"))
    findings += photo_findings
    findings += history.stale_translations(settings, pages)
    findings += leftovers.find(settings.docs_dir, settings.root)
    content.findings, content.photos = _tidy(findings), photos
    return content


def _taken_addresses(pages: Pages, generated: set[str],
                     kinds: Sequence[schema.ContentType], settings: SiteSettings) -> list[Finding]:
    """A page of docs/ (in any language) at the address of a page generated from the content
    (a year's list of meetings, the plan's print edition): both cannot be published. A type's
    own folder index (docs/meetings/index.md) is not one: it introduces the generated list."""
    introductions = {f"{kind.folder}/index.md" for kind in kinds}
    suffixes = [".md", *(f".{lang}.md" for lang in settings.languages[1:])]
    findings: list[Finding] = []
    for src_uri in sorted(generated - introductions):
        base = src_uri.removesuffix(".md")
        for uri in (base + suffix for suffix in suffixes):
            if uri in pages.sources or uri in pages.broken:
                findings.append(Finding(
                    display_path(str(settings.docs_dir / uri), str(settings.root)), None, None,
                    E_("this file takes the address of a "
                       "page the site generates from its content"),
                    E_("rename or move it"), Severity.ERROR, "page.generated",
                ))
    return findings


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
