"""Every page of docs/, read once, and the rules that every Markdown page has.

`read_pages` walks docs/ once. It refuses what MkDocs would publish from outside the docs folder
(a file or folder link whose target is elsewhere) and what it would copy raw or render under a
name no rule looks at (`.MD`, `.markdown`...); it reads each `.md` page once as UTF-8 and parses
its front matter once; then it applies to EVERY page — reports, chapters and ordinary pages such
as `docs/privacy.md` alike — the rules that do not depend on the kind of page: Romanian
typography, internal links and images, `TODO` values left by `clay import`, placeholder text
left by `clay new`, the page settings that MkDocs and Material read from any page (`template`,
`hide`, `search`, `title`, `description`), and the translation pairing of ordinary pages. The
content types (meetings, chapters) then take their pages from the returned `Pages`.

The build (through `site.load_content`) and `clay check` both call this, so they report the
same findings for the same files. Pure Python: no MkDocs import.

Finding codes given here, besides those of the checks it runs (`typography.*`, `links.*`,
`frontmatter.*` with `frontmatter.todo`, `content.placeholder`, `translation.missing`,
`translation.orphan`):

- `file.symlink` (error): a file or folder of docs/ is a link to something outside docs/ (or
  to nothing); MkDocs would publish the target.
- `file.symlink-loop` (error): a folder link points to a folder that contains it.
- `file.special` (error): a named pipe or a device in docs/ (MkDocs would wait on it forever).
- `file.unreadable` (error): a page the system does not let us read.
- `page.extension` (error): a Markdown page named other than `*.md` (`.MD`, `.markdown`...).
- `page.encoding` (error): the page is not UTF-8 text (the line of the first bad byte).
- `page.nul` (error): the page contains a NUL character (not a text file).
- `page.size` (error): the page is larger than `MAX_PAGE_BYTES`.
- `page.template`, `page.hide`, `page.search`, `page.title`, `page.description` (error): a
  page setting MkDocs or Material would fail on or misread.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clay_plugins.content import files, frontmatter, typography
from clay_plugins.content import html as html_rules
from clay_plugins.content.drafts import every_placeholder
from clay_plugins.content.findings import ContentError, Finding, Severity, display_path
from clay_plugins.content.importer import find_todos
from clay_plugins.content.links import LinkChecker, document
from clay_plugins.content.source import Pages, Source
from clay_plugins.l10n import E_

if TYPE_CHECKING:  # site.py imports this module
    from clay_plugins.content.site import SiteSettings

# What MkDocs takes for Markdown (mkdocs.utils.markdown_extensions), compared without case:
# only `.md` is a page here, every other spelling is refused rather than published unchecked.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
# A page this large is not text an editor wrote; rendering it would hold the build for minutes.
MAX_PAGE_BYTES = 2_000_000


# The names Material's templates look for in `hide:` (base.html and its partials).
HIDE_NAMES = ("navigation", "toc", "footer", "path", "tags", "feedback")
# The characters a typography rule can report: a page without any is not scanned. Straight
# quotes count only after the front matter, where they are text (before it, YAML syntax).
_TYPO_ANY = (*typography.CEDILLA, *typography.COMBINING, *typography.ZERO_WIDTH,
             *typography.BIDI)
_TYPO_RO = (*_TYPO_ANY, *typography.TILDE, typography.EN_OPEN)
# What a link, an image or a refusal of content/html.py needs in a body.
_BODY_MARKS = ("[", "<", "{", ":", "&")
_FM_END = re.compile(r"^\s*(?:---|\.\.\.)\s*$", re.MULTILINE)  # typography.front_matter_end


@dataclass
class _Walk:
    """What one walk of docs/ found."""

    pages: list[tuple[str, str, int]] = field(default_factory=list)  # (src_uri, abs path, size)
    existing: set[str] = field(default_factory=set)  # every publishable file, by src_uri
    files: dict[str, str] = field(default_factory=dict)  # other files, by src_uri: their kind
    findings: list[Finding] = field(default_factory=list)


@dataclass(frozen=True)
class _Rules:
    """What the file rules (content/files.py) depend on."""

    languages: tuple[str, ...]
    typed: frozenset[str]  # the content types' folders: their declarations check languages
    site_files: frozenset[str]  # what mkdocs.yml names (stylesheets, scripts, logo, icon)
    # the files the content types' plugins write into their folders (calendars, the feed), by
    # folder
    written: tuple[tuple[str, tuple[str, ...]], ...]


def read_pages(settings: SiteSettings,
               reuse: Mapping[str, Source] | None = None) -> tuple[Pages, list[Finding]]:
    """Every Markdown page of `settings.docs_dir`, read and parsed once, and every finding of
    the rules every page has. Never raises for content. A page whose text is that of its
    Source in `reuse` (an earlier reading of the same settings: `clay serve` after an edit)
    keeps that Source's parsed front matter."""
    docs = os.path.realpath(settings.docs_dir)
    shown_docs = display_path(docs, str(settings.root))
    rules = _Rules(tuple(settings.languages), frozenset(_typed_folders(settings)),
                   frozenset(settings.site_files),
                   tuple((kind.folder, kind.files) for kind in settings.kinds() if kind.files))
    walk = _walk(docs, shown_docs, rules)
    findings = walk.findings
    suffixes = tuple(f".{lang}" for lang in settings.languages[1:])
    links = LinkChecker(Path(docs), translation_suffixes=suffixes,
                        existing=walk.existing | generated_pages(settings))
    templates = _Templates(settings.template_dirs)
    phrases = placeholder_texts(settings)
    sources: dict[str, Source] = {}
    broken: set[str] = set()
    for src_uri, file, size in walk.pages:
        path = _shown(shown_docs, src_uri)
        lang = _language(src_uri, settings.languages)
        text, problems = _read(file, path, size)
        findings += problems
        if text is None:
            broken.add(src_uri)
            continue
        findings += _text_rules(text, src_uri, path, romanian=lang == settings.languages[0],
                                links=links, phrases=phrases)
        known = reuse.get(src_uri) if reuse is not None else None
        if known is not None and known.text == text and known.path == path:
            findings += _page_settings(known.fm, path, templates)
            sources[src_uri] = known
            continue
        try:
            fm = frontmatter.parse(text, path)
        except ContentError as exc:
            findings += exc.findings
            broken.add(src_uri)
            continue
        except RecursionError:
            # the loader bounds nesting itself; this is the last guard against a traceback
            findings.append(Finding(
                path, None, None, E_("the front matter is nested too deeply to be read"),
                E_("write each key on its own line, with its value as plain text or a short list"),
                code="frontmatter.nesting",
            ))
            broken.add(src_uri)
            continue
        findings += _page_settings(fm, path, templates)
        sources[src_uri] = Source(src_uri, path, lang, text, fm)
    findings += _translations(settings, [uri for uri, _, _ in walk.pages], shown_docs)
    return Pages(sources, broken, links.missing, walk.files, links.references), findings


def generated_pages(settings: SiteSettings) -> set[str]:
    """The pages the content plugins generate whatever the content holds (the meetings' list,
    the plan's contents and print edition), by src_uri: a link to one is good even when docs/
    has no such file. The pages generated from the content (a year's or a topic's list of
    meetings) are added by `site.load_content` once the content types have loaded it."""
    return {uri for kind in settings.kinds() if kind.pages is not None
            for uri in kind.pages([], kind.settings(settings))}


# --- the walk -------------------------------------------------------------------------------

def _shown(shown_docs: str, src_uri: str) -> str:
    return src_uri if shown_docs == "." else f"{shown_docs}/{src_uri}"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(docs: str, shown_docs: str, rules: _Rules) -> _Walk:
    """Walk docs/ as MkDocs does (it follows folder links), refusing links that lead outside
    it and folder links that lead back into their own path (MkDocs would loop)."""
    found = _Walk()
    if not os.path.isdir(docs):
        return found
    stack: list[tuple[str, str, tuple[str, ...]]] = [(docs, "", (docs,))]
    while stack:
        folder, rel, ancestors = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue  # unreadable: MkDocs skips it too (os.walk ignores the error)
        for entry in entries:
            if _excluded(entry.name, rel):
                continue
            src_uri = f"{rel}{entry.name}"
            shown = _shown(shown_docs, src_uri)
            target = entry.path
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                problem = _link_problem(target, docs, shown)
                if problem is not None:
                    found.findings.append(problem)
                    continue
            if entry.is_dir():
                if target in ancestors:
                    found.findings.append(Finding(
                        shown, None, None,
                        E_("this folder link points to a "
                           "folder that contains it (an endless loop)"),
                        E_("delete the link; put the files it should show in this folder"),
                        code="file.symlink-loop",
                    ))
                    continue
                stack.append((entry.path, f"{src_uri}/", (*ancestors, target)))
                continue
            _add_file(found, entry, src_uri, shown, rules)
    found.pages.sort()
    return found


def _excluded(name: str, rel: str) -> bool:
    # MkDocs' own exclusions, which it applies whatever `exclude_docs` says: hidden files and
    # folders, and the top-level templates/ folder
    return name.startswith(".") or (rel == "" and name == "templates")


def _link_problem(target: str, docs: str, shown: str) -> Finding | None:
    if not _inside(target, docs):
        return Finding(
            shown, None, None,
            E_("this is a link to a file or folder outside the docs folder, which the site would "
               "publish"),
            E_("delete the link and copy what the site needs into docs/"),
            code="file.symlink",
        )
    if not os.path.exists(target):
        return Finding(
            shown, None, None, E_("this link points to a file that does not exist"),
            E_("delete the link, or make it point to a file under docs/"),
            code="file.symlink",
        )
    return None


def _add_file(found: _Walk, entry: os.DirEntry[str], src_uri: str, shown: str,
              rules: _Rules) -> None:
    try:
        regular = entry.is_file()
        size = entry.stat().st_size if regular else 0
    except OSError:
        return  # vanished while we looked: MkDocs will not see it either
    if not regular:
        # a named pipe or a device: MkDocs would wait forever reading it
        found.findings.append(Finding(
            shown, None, None, E_("this is not a regular file (a pipe or a device)"),
            E_("delete it from docs/"), code="file.special",
        ))
        return
    if files.reserved(src_uri, rules.languages, dict(rules.written)):
        found.findings.append(Finding(
            shown, None, None,
            E_("this file takes the address of something the site generates (a calendar, the feed, "
               "the data, the sitemap, the search index, the schemas, the web editor or a "
               "language's folder), which it would replace"),
            E_("rename or move it; the site makes that file itself"), code="file.generated",
        ))
        return
    lower = entry.name.lower()
    if lower.endswith(MARKDOWN_SUFFIXES):
        if not entry.name.endswith(".md"):
            stem = entry.name[: entry.name.rfind(".")]
            found.findings.append(Finding(
                shown, None, None,
                E_("a Markdown page must be named `….md` (lower case): under this name it is not "
                   "checked and may be published as it is"),
                E_("rename it to `{stem}.md`", stem=stem), code="page.extension",
            ))
            return
        found.existing.add(src_uri)
        # in a content type's folder, its declaration applies this rule with its own pattern
        # and finding code (`meeting.filename`, content/schema.py)
        problem = None if posixpath.dirname(src_uri) in rules.typed else \
            files.page_name_problem(entry.name, rules.languages, check_language=True)
        if problem is not None:
            found.findings.append(Finding(shown, None, None, *problem, code="file.name"))
            return
        found.pages.append((src_uri, entry.path, size))
        return
    kind = files.kind(src_uri, rules.site_files)
    if kind is None:
        found.findings.append(Finding(
            shown, None, None,
            E_("the site does not publish files of this type (`{name}`): {ALLOWED}",
               name=entry.name, ALLOWED=files.ALLOWED), files.type_fix(src_uri), code="file.type",
        ))
        return
    if kind == "svg":
        unsafe = _svg(entry.path)
        if unsafe is not None:
            found.findings.append(Finding(
                shown, None, None,
                E_("{unsafe}: a drawing on the site's address runs what it holds", unsafe=unsafe),
                E_("export the drawing again as plain SVG (Inkscape: Save as › Plain SVG, or "
                   "Optimized SVG), without scripts, links or embedded files, or as PNG"),
                code="file.svg",
            ))
            return
    found.files[src_uri] = kind
    found.existing.add(src_uri)


def _svg(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            data = handle.read(files.MAX_SVG_BYTES + 1)
    except OSError as exc:
        return E_("the drawing cannot be read ({reason})", reason=exc.strerror)
    return files.svg_problem(data)


def _language(src_uri: str, languages: Any) -> str:
    """`page.en.md` is English, `page.md` is in the default language."""
    parts = posixpath.basename(src_uri).split(".")
    if len(parts) >= 3 and parts[-2] in languages[1:]:
        return str(parts[-2])
    return str(languages[0])


# --- reading --------------------------------------------------------------------------------

def _read(file: str, path: str, size: int) -> tuple[str | None, list[Finding]]:
    """The page's text (UTF-8, universal newlines, no byte-order mark), or None and why."""
    if size > MAX_PAGE_BYTES:
        return None, [Finding(
            path, None, None,
            E_("the page has {size:,} bytes, more than the {MAX_PAGE_BYTES:,} a page may have",
               size=size, MAX_PAGE_BYTES=MAX_PAGE_BYTES),
            E_("split it into several pages, or offer the data as a file to download"),
            code="page.size",
        )]
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return None, [Finding(path, None, None, E_("the file cannot be read ({strerror})",
                                                   strerror=exc.strerror),
                              E_("check that the file exists and can be read"),
                              code="file.unreadable")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start:exc.start].decode("utf-8", "replace")) + 1
        return None, [Finding(
            path, line, column,
            E_("the file is not UTF-8 text (byte 0x{data:02x} here)", data=data[exc.start]),
            E_("save it as UTF-8 (in most editors: Save as… → Encoding UTF-8)"),
            code="page.encoding",
        )]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")  # MkDocs reads pages as utf-8-sig
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        return None, [Finding(
            path, line, at - (text.rfind("\n", 0, at) + 1) + 1,
            E_("the file contains a NUL character: it is not a text file, or it is damaged"),
            E_("delete the character, or save the page again as plain UTF-8 text"),
            code="page.nul",
        )]
    return text, []


# --- the rules of the text ------------------------------------------------------------------

def _text_rules(text: str, src_uri: str, path: str, *, romanian: bool,
                links: LinkChecker, phrases: Sequence[str]) -> list[Finding]:
    findings: list[Finding] = []
    # each rule scans only a page that has what it reports (a substring search is much
    # faster than the rule's scan, at two thousand pages per build)
    if any(ch in text for ch in (_TYPO_RO if romanian else _TYPO_ANY)) or (
            romanian and '"' in text and '"' in text[_body_start(text):]):
        findings += typography.check(text, path, romanian=romanian)
    if "TODO" in text:
        findings += find_todos(text, path)
    findings += placeholders(text, path, phrases)
    # the body tokenized once, for the links and for what a body may contain; a body without
    # a bracket, a tag, an attribute list, a scheme's colon or a character reference has
    # neither (tokenizing a large page takes seconds)
    if any(mark in text[_body_start(text):] for mark in _BODY_MARKS):
        doc = document(text)
        findings += links.check_src(text, src_uri, path, doc)
        findings += html_rules.check_body(doc, path)
    return findings


def _body_start(text: str) -> int:
    """Where the text after the front matter starts (0 without front matter)."""
    first, newline, _ = text.partition("\n")
    if first.strip() != "---" or not newline:
        return 0
    end = _FM_END.search(text, len(first) + 1)
    return end.end() if end else len(text)


def placeholder_texts(settings: SiteSettings) -> tuple[str, ...]:
    """The texts `clay new` writes for the editor to replace (the content types declare them)."""
    return tuple(dict.fromkeys(text for kind in settings.kinds()
                               for text in every_placeholder(kind, settings.languages)))


def placeholders(text: str, path: str, phrases: Sequence[str]) -> list[Finding]:
    """One warning per placeholder sentence of `clay new` still in `text`."""
    phrases = [p for p in phrases if p in text]
    findings: list[Finding] = []
    if not phrases:
        return findings
    for n, line in enumerate(text.split("\n"), start=1):
        for phrase in phrases:
            col = line.find(phrase)
            if col >= 0:
                findings.append(Finding(
                    path, n, col + 1,
                    E_("placeholder text written by `clay new` or `clay import` is still here"),
                    E_("replace it with the real text before publishing"),
                    Severity.WARNING, "content.placeholder",
                ))
    return findings


# --- page settings --------------------------------------------------------------------------

class _Templates:
    """Whether a `template:` name is a file of the theme's folders (first wins, as Jinja's
    FileSystemLoader looks); unknown folders (none given) check nothing."""

    def __init__(self, dirs: Any) -> None:
        self.dirs = [str(d) for d in dirs]
        self._known: dict[str, bool] = {}

    def exists(self, name: str) -> bool:
        if not self.dirs:
            return True
        if name not in self._known:
            parts = name.split("/")
            # Jinja refuses `..` and absolute names (TemplateNotFound) wherever the file is
            ok = bool(name) and not name.startswith("/") and ".." not in parts
            self._known[name] = ok and any(
                os.path.isfile(os.path.join(d, *parts)) for d in self.dirs
            )
        return self._known[name]


def _page_settings(fm: frontmatter.FrontMatter, path: str, templates: _Templates) -> list[Finding]:
    data = fm.data
    if not data:
        return []
    findings: list[Finding] = []

    def bad(key: str, message: str, fix: str) -> None:
        findings.append(Finding(path, fm.line_of(key), None, message, fix, code=f"page.{key}"))

    if "template" in data:
        name = data["template"]
        if not isinstance(name, str) or not templates.exists(name):
            shown = name if isinstance(name, str) else type(name).__name__
            bad("template", E_("`template: {shown}` names no template of the site's theme",
                               shown=shown),
                E_("remove the line (pages use main.html), or name a file of overrides/"))
    if data.get("hide") is not None:
        hide = data["hide"]
        if not isinstance(hide, list) or not all(isinstance(h, str) and h in HIDE_NAMES
                                                 for h in hide):
            bad("hide", E_("`hide` must be a list of the parts of the page to hide"),
                E_("write e.g. `hide: [toc]`, with names among {items}",
                   items=', '.join(HIDE_NAMES)))
    if "search" in data:
        search = data["search"]
        boost = search.get("boost", 1) if isinstance(search, dict) else None
        if not (isinstance(search, dict) and set(search) <= {"exclude", "boost"}
                and isinstance(search.get("exclude", False), bool)
                and isinstance(boost, int | float) and not isinstance(boost, bool)):
            bad("search", E_("`search` takes only `exclude: true|false` and `boost: <number>`"),
                E_("write `search:` and, on the next line, `  exclude: true` to keep the page out "
                   "of the search"))
    for key in ("title", "description"):
        value = data.get(key)
        if value is not None and (isinstance(value, bool) or
                                  not isinstance(value, str | int | float)):
            bad(key, E_("`{key}` must be plain text, not a list, a mapping or yes/no", key=key),
                E_("write the {key} on the same line after `{key}:`, in quotes if it has `:`",
                   key=key))
    return findings


# --- translations of ordinary pages ---------------------------------------------------------

def _typed_folders(settings: SiteSettings) -> set[str]:
    """The folders of the content types that are loaded (their plugin is on)."""
    return {kind.folder for kind in settings.kinds()}


def _translations(settings: SiteSettings, src_uris: list[str], shown_docs: str) -> list[Finding]:
    """Ordinary pages without their translation (information) and translations without their
    Romanian page (error). The folders of the content types are left to their contracts; a
    page that exists but cannot be read still counts as existing."""
    own = _typed_folders(settings)
    present = set(src_uris)
    default, others = settings.languages[0], settings.languages[1:]
    findings: list[Finding] = []
    for src_uri in src_uris:
        if posixpath.dirname(src_uri) in own:
            continue
        lang = _language(src_uri, settings.languages)
        path = _shown(shown_docs, src_uri)
        if lang == default:
            for other in others:
                translation = f"{src_uri[:-3]}.{other}.md"
                if translation not in present:
                    findings.append(Finding(
                        path, None, None,
                        E_("no `{other}` translation of this page yet: the {other} site shows the "
                           "Romanian text", other=other),
                        E_("add `{shown}` when it is translated",
                           shown=_shown(shown_docs, translation)),
                        Severity.INFO, "translation.missing",
                    ))
            continue
        source = src_uri[: -len(f".{lang}.md")] + ".md"
        if source not in present:
            findings.append(Finding(
                path, None, None,
                E_("this translation has no Romanian page `{basename}` beside it",
                   basename=posixpath.basename(source)),
                E_("add the Romanian page, or give this file the name of its Romanian page plus "
                   "`.{lang}`", lang=lang),
                code="translation.orphan",
            ))
    return findings
