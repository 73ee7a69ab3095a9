"""Internal links and images of a Markdown file: targets that do not exist, images without
alternative text.

`clay check` runs this without building the site. Only what can be known from the files is
checked: a link to a Markdown page or to a file with an extension (an image, a PDF...) must
name a file under `docs/`; links to directories (`2021/`) and to generated outputs (`feed.xml`,
`calendar.ics`, `meetings.json`) are left to the strict build, which knows the generated pages.
A link to a Markdown page the plugins generate (`meetings/2021/index.md`) is good: the caller
gives the static ones in `existing` and drops the rest from `missing` once the content is loaded.
External links (`https:`, `mailto:`...) and same-page anchors are not checked.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.typography import front_matter_end

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_COMMENT = re.compile(r"<!--.*?-->")
_TEXT = r"((?:[^\[\]]|\[[^\]]*\])*)"
_DEST = r"\(\s*(<[^>]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
_IMAGE = re.compile(r"!\[" + _TEXT + r"\]" + _DEST)
_LINK = re.compile(r"(?<!!)\[" + _TEXT + r"\]" + _DEST)
_REF_IMAGE = re.compile(r"!\[" + _TEXT + r"\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
_TAG = re.compile(r"<(img|a)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*("([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# `![](rule.png){ .decorative }`: an image marked as decorative (attr_list), whose empty
# alternative text is then intended (screen readers skip it)
_DECORATIVE = re.compile(r"\{:?[^}]*(?<![\w-])\.decorative(?![\w-])[^}]*\}")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# outputs the plugins generate (feeds, calendars, open data): only the build knows them
GENERATED_SUFFIXES = (".xml", ".ics", ".json")


def _lines_to_check(text: str) -> Iterator[tuple[int, str]]:
    """(1-based line number, line with code spans and comments blanked) outside code and
    front matter."""
    lines = text.split("\n")
    fm_end = front_matter_end(lines)
    fence: str | None = None
    for i, line in enumerate(lines):
        if i <= fm_end:
            continue
        m = _FENCE.match(line)
        if m:
            marker = m.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = None
            continue
        if fence is not None:
            continue
        blank = _CODE_SPAN.sub(lambda s: " " * len(s.group()), line)
        blank = _COMMENT.sub(lambda s: " " * len(s.group()), blank)
        yield i + 1, blank


def attributes(text: str) -> dict[str, tuple[str, int]]:
    """HTML attributes: name -> (value, offset of the value in `text`)."""
    found: dict[str, tuple[str, int]] = {}
    for m in _ATTR.finditer(text):
        for group in (3, 4, 5):
            if m.group(group) is not None:
                found[m.group(1).lower()] = (m.group(group), m.start(group))
                break
    return found


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
        self.references: dict[str, list[tuple[int, int, str, bool]]] = {}
        self._uses: list[tuple[int, int, str, bool]] = []

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

    def check_src(self, text: str, src_uri: str, display: str) -> list[Finding]:
        """The findings of the page `src_uri` (relative to docs/, forward slashes)."""
        here = posixpath.dirname(src_uri)
        findings: list[Finding] = []
        self._uses = self.references.setdefault(src_uri, [])
        for line_no, line in _lines_to_check(text):
            if "[" not in line and "<" not in line:
                continue  # no link, image or tag on this line
            for m in _IMAGE.finditer(line):
                if not m.group(1).strip() and not _DECORATIVE.match(line, m.end()):
                    findings.append(Finding(
                        display, line_no, m.start() + 1,
                        "image without alternative text",
                        "describe the picture between the brackets: ![what it shows](file.jpg), "
                        "or mark a purely decorative one: ![](file.jpg){ .decorative }",
                        Severity.WARNING, "links.alt",
                    ))
                findings += self._target(m.group(2), m.start(2), line_no, here, display,
                                         image=True)
            for m in _REF_IMAGE.finditer(line):
                if not m.group(1).strip():
                    findings.append(Finding(
                        display, line_no, m.start() + 1,
                        "image without alternative text",
                        "describe the picture between the first brackets: ![what it shows][ref]",
                        Severity.WARNING, "links.alt",
                    ))
            for m in _LINK.finditer(line):
                findings += self._target(m.group(2), m.start(2), line_no, here, display,
                                         image=False)
            ref = _REF_DEF.match(line)
            if ref:
                findings += self._target(ref.group(1), ref.start(1), line_no, here, display,
                                         image=False)
            for m in _TAG.finditer(line):
                attrs = attributes(m.group(2))
                offset = m.start(2)
                if m.group(1).lower() == "img":
                    if "alt" not in attrs:
                        findings.append(Finding(
                            display, line_no, m.start() + 1,
                            "image without alternative text",
                            'add alt="what it shows" to the <img> tag (alt="" only for '
                            "a purely decorative image)",
                            Severity.WARNING, "links.alt",
                        ))
                    if "src" in attrs:
                        value, at = attrs["src"]
                        findings += self._target(value, offset + at, line_no, here, display,
                                                 image=True)
                elif "href" in attrs:
                    value, at = attrs["href"]
                    findings += self._target(value, offset + at, line_no, here, display,
                                             image=False)
        return sorted(findings, key=lambda f: (f.line or 0, f.column or 0))

    def _target(self, raw: str, start: int, line_no: int, here: str, display: str, *,
                image: bool) -> list[Finding]:
        target = raw[1:-1] if raw.startswith("<") and raw.endswith(">") else raw
        column = start + 1 + (1 if target != raw else 0)
        if not target or target.startswith("#") or target.startswith("//"):
            return []
        if _SCHEME.match(target):
            return []
        what = "image" if image else "link"
        if target.startswith("/"):
            return [Finding(
                display, line_no, column,
                f"absolute {what} `{target}`: it breaks when the site is published under a path",
                "write the path relative to this file, e.g. `../meetings/index.md`",
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
                f"the {what} `{target}` points outside the docs folder",
                "put the file under docs/ and link to it with a path relative to this file",
                Severity.ERROR, "links.outside",
            )]
        if self._exists(resolved):
            return []
        fix = (
            "check the file name (letters, case, extension) or add the image beside this file"
            if image else
            "check the file name and the folder, relative to this file"
        )
        missing = Finding(
            display, line_no, column,
            f"the {what} `{target}` points to a file that does not exist ({resolved})",
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
