"""A stand-in for `content/pages.py`'s `read_pages`, replaced by pages.read_pages at merge.

It reads the Markdown pages of docs/ (or of one folder of it) once each, with
`frontmatter.read_source` and `frontmatter.parse`, into the `Pages` the content types take, and
applies the two rules every page has today (cedilla letters, `TODO` left by `clay import`).
The real page reader (helper core-fm) adds the rest: symlinks, extensions, every page's rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clay_plugins.content import frontmatter, typography
from clay_plugins.content.findings import ContentError, Finding, display_path
from clay_plugins.content.importer import find_todos
from clay_plugins.content.source import Pages, Source

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from clay_plugins.content.site import SiteSettings


def _read_pages(settings: SiteSettings) -> tuple[Pages, list[Finding]]:
    """Every `*.md` page of docs/ (replaced by pages.read_pages at merge)."""
    docs = Path(settings.docs_dir)
    files = sorted(p for p in docs.rglob("*.md") if p.is_file())
    return read_files(files, docs, Path(settings.root), settings.languages, "page")


def read_folder(docs_dir: Path, folder: str, root: Path, languages: Sequence[str],
                prefix: str) -> tuple[Pages, list[Finding]]:
    """The `*.md` pages directly in `docs_dir/folder`, for the loaders' old call forms."""
    where = Path(docs_dir) / folder
    files = sorted(p for p in where.glob("*.md") if p.is_file()) if where.is_dir() else []
    return read_files(files, Path(docs_dir), Path(root), languages, prefix)


def read_files(files: Iterable[Path], docs: Path, root: Path, languages: Sequence[str],
               prefix: str) -> tuple[Pages, list[Finding]]:
    pages = Pages({}, set())
    findings: list[Finding] = []
    for file in files:
        src_uri = file.relative_to(docs).as_posix()
        path = display_path(str(file), str(root))
        try:
            text = frontmatter.read_source(file)
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(Finding(
                path, None, None, f"the file cannot be read as UTF-8 text ({exc})",
                "save it as UTF-8 (in most editors: Save as… → Encoding UTF-8)",
                code=f"{prefix}.encoding",
            ))
            pages.broken.add(src_uri)
            continue
        if any(letter in text for letter in typography.CEDILLA):
            findings.extend(typography.check_cedilla(text, path))
        if "TODO" in text:
            findings.extend(find_todos(text, path))
        try:
            fm = frontmatter.parse(text, path)
        except ContentError as exc:
            findings.extend(exc.findings)
            pages.broken.add(src_uri)
            continue
        stem = file.name.removesuffix(".md")
        suffix = stem.rpartition(".")[2] if "." in stem else ""
        lang = suffix if suffix in languages[1:] else languages[0]
        pages.sources[src_uri] = Source(src_uri, path, lang, text.removeprefix("\ufeff"), fm)
    return pages, findings
