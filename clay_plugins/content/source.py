"""One Markdown page of docs/ as read once per build: its text and its parsed front matter.

`content/pages.py` reads every page (and reports what makes a file unreadable); the content
types (meetings, chapters) take the pages of their folder from there, so that each file is read
and its front matter parsed once, by the same code, in the build and in `clay check`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clay_plugins.content.findings import Finding
from clay_plugins.content.frontmatter import FrontMatter


@dataclass(frozen=True)
class Source:
    src_uri: str  # relative to docs/, forward slashes: "meetings/2021-04-08-x.en.md"
    path: str  # as an editor sees it, relative to the repository: "docs/meetings/…"
    lang: str  # from the file name's suffix (`x.en.md`); the default language without one
    text: str  # the file's text: UTF-8, universal newlines, without a byte-order mark
    fm: FrontMatter  # the front matter, parsed by the safe loader


@dataclass
class Pages:
    """Every Markdown page of docs/ that could be read, by src_uri, and the src_uris of the
    pages that exist but could not be read or parsed (their findings say why), so that a
    content type does not also report, e.g., a translation without its original."""

    sources: dict[str, Source]
    broken: set[str]
    # the `links.missing` findings of the pages, each with the src_uri its link names: the
    # pages generated from the content (a year's list of meetings) are known only once the
    # content types have loaded it, and `site.load_content` then drops the links to them
    missing_links: dict[Finding, str] = field(default_factory=dict)
    # every other file of docs/ that passed the file rules, by src_uri: its kind (`photo`,
    # `svg`, `document`, `asset`: content/files.py)
    files: dict[str, str] = field(default_factory=dict)
    # the files of docs/ each page uses, by the page's src_uri: (line, column, src_uri of the
    # file, whether the page shows it as an image), as the link checker read them
    references: dict[str, list[tuple[int, int | None, str, bool]]] = field(default_factory=dict)

    def under(self, folder: str) -> dict[str, Source]:
        """The pages directly in `folder` (e.g. "meetings"), by src_uri."""
        prefix = folder.strip("/") + "/"
        return {
            uri: s for uri, s in self.sources.items()
            if uri.startswith(prefix) and "/" not in uri[len(prefix):]
        }

    def broken_under(self, folder: str) -> set[str]:
        prefix = folder.strip("/") + "/"
        return {u for u in self.broken if u.startswith(prefix) and "/" not in u[len(prefix):]}
