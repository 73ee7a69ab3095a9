"""Internal links and images of a Markdown file: targets that do not exist, images without
alternative text.

`clay check` runs this without building the site. Only what can be known from the files is
checked: a link to a Markdown page or to a file with an extension (an image, a PDF...) must
name a file under `docs/`; links to directories (`2021/`) and to generated outputs (`feed.xml`,
`calendar.ics`, `meetings.json`) are left to the strict build, which knows the generated pages.
A link to a Markdown page the plugins generate (`meetings/2021/index.md`) is good: the caller
gives the static ones in `existing` and drops the rest from `missing` once the content is loaded.
External links (`https:`, `mailto:`...) and same-page anchors are not checked.

The links, images, reference definitions and raw HTML are those content/markdown.py's one
tokenization finds, with their lines and columns: code (fenced, indented, `inline`), comments
and front matter are what the parser says they are; `<img>` and `<a>` are read by an HTML
parser. A reference link is checked at its definition (`[label]: file.md`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from clay_plugins.content import html as html_rules
from clay_plugins.content import markdown
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.typography import front_matter_end
from clay_plugins.l10n import E_

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# outputs the plugins generate (feeds, calendars, open data): only the build knows them
GENERATED_SUFFIXES = (".xml", ".ics", ".json")


def document(text: str) -> markdown.Document:
    """The page `text` (front matter included) as the one tokenizer reads it: lines are the
    file's."""
    lines = text.split("\n")
    fm_end = front_matter_end(lines)
    if fm_end < 0:
        return markdown.parse(text)
    return markdown.parse("\n".join(lines[fm_end + 1:]), fm_end + 2)


def _decorative(link: markdown.Link) -> bool:
    """`![](rule.png){ .decorative }`: an image marked as decorative (attr_list), whose empty
    alternative text is then intended (screen readers skip it)."""
    return link.attrs is not None and "decorative" in link.attrs.classes


def _value_offset(written: str, name: str) -> int | None:
    """Where the value of attribute `name` starts in the tag `written` (after its quote)."""
    lower = written.lower()
    at = lower.find(name)
    while at >= 0:
        end = at + len(name)
        if at > 0 and lower[at - 1].isspace():
            while end < len(lower) and lower[end].isspace():
                end += 1
            if end < len(lower) and lower[end] == "=":
                end += 1
                while end < len(lower) and lower[end].isspace():
                    end += 1
                return end + (1 if lower[end:end + 1] in ("'", '"') else 0)
        at = lower.find(name, end)
    return None


def _html_targets(
    doc: markdown.Document,
) -> Iterator[tuple[str, int, int, str | None, int, bool]]:
    """(tag name, line, column, its src or href, the column of that value, whether it has an
    alt) of the <img> and <a> elements of the page's raw HTML."""
    for fragment in doc.html:
        for tag in html_rules.tags(fragment.text):
            if tag.closing or tag.name not in ("img", "a"):
                continue
            line, column = fragment.position(tag.start)
            name = "src" if tag.name == "img" else "href"
            value = tag.get(name)
            at = _value_offset(fragment.text[tag.start:tag.end], name)
            where = fragment.position(tag.start + at)[1] if at is not None else column
            yield tag.name, line, column, value, where, any(k == "alt" for k, _ in tag.attrs)


class LinkChecker:
    """Checks the files of one `docs/` folder; knows which files exist."""

    def __init__(self, docs_dir: Path, *, translation_suffixes: tuple[str, ...] = (".en",),
                 existing: set[str] | None = None):
        self.docs_dir = docs_dir.resolve()
        self.translation_suffixes = translation_suffixes
        # the files of docs/ by src_uri, when the caller has walked the folder already
        self._existing: set[str] | None = existing
        # every `links.missing` finding given, with the src_uri its link names
        self.missing: dict[Finding, str] = {}
        # the files of docs/ each page uses, by the page's src_uri: (line, column, src_uri of
        # the file, whether it is shown as an image) of every relative link, image and link
        # definition (content/photos.py decides from them how a photo is published)
        self.references: dict[str, list[tuple[int, int | None, str, bool]]] = {}
        self._uses: list[tuple[int, int | None, str, bool]] = []

    @property
    def existing(self) -> set[str]:
        if self._existing is None:
            self._existing = {
                p.relative_to(self.docs_dir).as_posix()
                for p in self.docs_dir.rglob("*")
                if p.is_file()
            }
        return self._existing

    def check(self, text: str, file: Path, display: str) -> list[Finding]:
        file = file.resolve()
        try:
            src = file.relative_to(self.docs_dir).as_posix()
        except ValueError:
            src = file.name
        return self.check_src(text, src, display)

    def check_src(self, text: str, src_uri: str, display: str,
                  doc: markdown.Document | None = None) -> list[Finding]:
        """The findings of the page `src_uri` (relative to docs/, forward slashes); `doc` is
        its document when the caller has tokenized it already."""
        here = posixpath.dirname(src_uri)
        doc = document(text) if doc is None else doc
        findings: list[Finding] = []
        self._uses = self.references.setdefault(src_uri, [])
        for link in doc.links:
            if link.image and not link.text.strip() and not _decorative(link):
                findings.append(Finding(
                    display, link.line, link.column,
                    E_("image without alternative text"),
                    E_("describe the picture between the first brackets: ![what it shows][ref]")
                    if link.reference else
                    E_("describe the picture between the brackets: ![what it shows](file.jpg), or "
                       "mark a purely decorative one: ![](file.jpg){{ .decorative }}"),
                    Severity.WARNING, "links.alt",
                ))
            if not link.reference:  # a reference link's destination is checked at its label
                findings += self._target(link.url, link.url_column, link.line, here, display,
                                         image=link.image)
        for definition in doc.definitions:
            findings += self._target(definition.url, definition.url_column, definition.line,
                                     here, display, image=False)
        for name, line, column, value, at, alt in _html_targets(doc):
            if name == "img" and not alt:
                findings.append(Finding(
                    display, line, column,
                    E_("image without alternative text"),
                    E_('add alt="what it shows" to the <img> tag (alt="" only for a purely '
                       "decorative image)"),
                    Severity.WARNING, "links.alt",
                ))
            if value is not None:
                findings += self._target(value, at, line, here, display, image=name == "img")
        return sorted(findings, key=lambda f: (f.line or 0, f.column or 0))

    def _target(self, target: str, column: int | None, line_no: int, here: str,
                display: str, *, image: bool) -> list[Finding]:
        target = target.strip()
        if not target or target.startswith("#") or target.startswith("//"):
            return []
        if _SCHEME.match(target):
            return []
        what = "image" if image else "link"
        shown = html_rules.literal(target)  # the message is a format string
        if target.startswith("/"):
            return [Finding(
                display, line_no, column,
                E_("absolute {what} `{shown}`: it breaks when the site is published under a path",
                   what=what, shown=shown),
                E_("write the path relative to this file, e.g. `../meetings/index.md`"),
                Severity.WARNING, "links.absolute",
            )]
        path = unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not path:
            return []
        resolved = posixpath.normpath(posixpath.join(here, path))
        if not resolved.startswith(".."):
            self._uses.append((line_no, column, resolved, image))
        name = posixpath.basename(path)
        if path.endswith("/") or "." not in name:
            return []  # a directory URL, possibly a generated page: the build checks it
        if not image and name.endswith(GENERATED_SUFFIXES):
            return []
        if resolved.startswith("../") or resolved == "..":
            return [Finding(
                display, line_no, column,
                E_("the {what} `{shown}` points outside the docs folder", what=what, shown=shown),
                E_("put the file under docs/ and link to it with a path relative to this file"),
                Severity.ERROR, "links.outside",
            )]
        if self._exists(resolved):
            return []
        fix = (
            E_("check the file name (letters, case, extension) or add the image beside this file")
            if image else
            E_("check the file name and the folder, relative to this file")
        )
        missing = Finding(
            display, line_no, column,
            E_("the {what} `{shown}` points to a file that does not exist ({literal})",
               what=what, shown=shown, literal=html_rules.literal(resolved)),
            fix, Severity.ERROR, "links.missing",
        )
        self.missing[missing] = resolved
        return [missing]

    def _exists(self, src: str) -> bool:
        if src in self.existing:
            return True
        if src.endswith(".md"):
            # `page.md` written in a translation may exist only as its translated `page.en.md`
            stem = src[:-3]
            return any(f"{stem}{suffix}.md" in self.existing
                       for suffix in self.translation_suffixes)
        return False
