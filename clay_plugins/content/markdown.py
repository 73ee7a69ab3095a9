"""The one tokenizer of the content checks: a page's Markdown as markdown-it-py tokens, with lines.

Every rule that looks inside a page body (links and images, heading ids, attribute lists, raw
HTML) reads the `Document` made here, never the text with regular expressions: code blocks,
code spans, fences of any length and HTML comments are then what the parser says they are, and
a rule cannot disagree with another about where a fence ends.

The site renders with Python-Markdown (with `admonition`, `attr_list`, `md_in_html`, `tables`,
`toc`, `fenced_code`); markdown-it-py follows CommonMark, the same syntax for everything an
editor writes, and is set up here to read the same extensions:

- admonitions (`!!! note "Title"` with an indented body): mdit-py-plugins' `admon`;
- tables: markdown-it's own GFM tables;
- attribute lists (`## Plan { #plan }`, `![](x.jpg){ .decorative }`, `{: .class }`): an inline
  rule below, with Python-Markdown's own syntax and its own parser of the attributes
  (`markdown.extensions.attr_list.get_attrs_and_remainder`), so an attribute is read as the
  build reads it;
- every link destination is kept as written: markdown-it would refuse `javascript:` links and
  leave them as text, which is exactly what the checks must see.

Where the two parsers could still read a page differently, the build does not depend on this
module: every rendered page is vetted again (content/html.py, `VetExtension`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin

# Python-Markdown's attr_list syntax (markdown/extensions/attr_list.py, BASE_RE): `{`, an
# optional `:`, then everything up to the last `}` of the line.
ATTR_LIST = re.compile(r"\{:?[ ]*([^}\n ][^\n]*)[ ]*\}")


@dataclass(frozen=True)
class AttrList:
    """An attribute list as Python-Markdown reads it: `{ #id .class key="value" }`."""

    line: int
    text: str  # as written, braces included
    # (name, value) as Python-Markdown reads them: `#id` is ("id", …), `.c` is (".", "c")
    attrs: tuple[tuple[str, str], ...]

    def get(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None

    @property
    def classes(self) -> list[str]:
        return [c for k, v in self.attrs if k in (".", "class") for c in v.split()]


@dataclass(frozen=True)
class Link:
    """A Markdown link or image (inline, reference or autolink)."""

    line: int
    url: str  # the destination as written (reference links: their definition's)
    image: bool
    text: str  # an image's alternative text, a link's text (plain)
    attrs: AttrList | None = None  # the attribute list right after it


@dataclass(frozen=True)
class Html:
    """Raw HTML as written: a block (`html_block`) or one inline tag or comment."""

    line: int
    text: str
    block: bool


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str  # the heading's text, without its attribute list
    attrs: AttrList | None = None  # its trailing attribute list (`{#action-1}`)

    @property
    def id(self) -> str | None:
        return self.attrs.get("id") if self.attrs is not None else None


@dataclass
class Document:
    """What the checks read of one page; lines are the file's (front matter counted)."""

    links: list[Link] = field(default_factory=list)
    html: list[Html] = field(default_factory=list)
    attr_lists: list[AttrList] = field(default_factory=list)
    headings: list[Heading] = field(default_factory=list)


def _attr_list_rule(state: StateInline, silent: bool) -> bool:
    """`{ … }` in inline text: an attribute list, as Python-Markdown's attr_list reads it."""
    if state.src[state.pos] != "{":
        return False
    end = state.src.find("\n", state.pos)
    m = ATTR_LIST.match(state.src, state.pos, len(state.src) if end < 0 else end)
    if m is None:
        return False
    if not silent:
        token = state.push("attr_list", "", 0)
        token.content = m.group(1).strip()
        token.markup = m.group(0)
    state.pos = m.end()
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").use(admon_plugin)
    md.inline.ruler.push("clay_attr_list", _attr_list_rule)
    # the checks see every destination as written, dangerous ones included
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def _attrs(token: Token, line: int) -> AttrList:
    attrs, _ = get_attrs_and_remainder(token.content)
    return AttrList(line, token.markup, tuple((str(k), str(v)) for k, v in attrs))


def tokens(text: str, first_line: int = 1) -> list[Token]:
    """markdown-it's block tokens of `text`, their `map` counted from `first_line` - 1."""
    found = _parser().parse(text)
    if first_line != 1:
        for token in found:
            if token.map is not None:
                token.map = [token.map[0] + first_line - 1, token.map[1] + first_line - 1]
    return found


def parse(text: str, body_line: int = 1) -> Document:
    """The document of a page whose body (after its front matter) is `text`, starting at line
    `body_line` of the file."""
    doc = Document()
    blocks = tokens(text, body_line)
    heading: Token | None = None
    for i, block in enumerate(blocks):
        line = (block.map[0] + 1) if block.map else body_line
        if block.type == "html_block":
            doc.html.append(Html(line, block.content, True))
        elif block.type == "heading_open":
            heading = block
        elif block.type == "inline":
            before = blocks[i - 1] if i else None
            _inline(doc, block.children or [], line,
                    heading if before is heading and heading is not None else None)
            heading = None
    return doc


def _inline(doc: Document, children: list[Token], line: int, heading: Token | None) -> None:
    """Links, images, raw HTML and attribute lists of one paragraph, heading or cell."""
    open_links: list[tuple[Token, int, list[str]]] = []
    heading_text: list[str] = []
    last_attrs: AttrList | None = None
    for at, child in enumerate(children):
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1
            continue
        if kind == "attr_list":
            attrs = _attrs(child, line)
            doc.attr_lists.append(attrs)
            last_attrs = attrs
            previous = children[at - 1] if at else None
            if previous is not None and previous.type in ("image", "link_close"):
                _attach(doc, previous, attrs)
            continue
        last_attrs = None if kind != "text" or child.content.strip() else last_attrs
        if kind == "text" or kind == "code_inline":
            heading_text.append(child.content)
            for _, _, words in open_links:
                words.append(child.content)
        elif kind == "image":
            alt = "".join(c.content for c in child.children or [] if c.type != "softbreak")
            doc.links.append(Link(line, str(child.attrs.get("src", "")), True, alt))
            child.meta["clay_link"] = len(doc.links) - 1
        elif kind == "link_open":
            open_links.append((child, line, []))
        elif kind == "link_close" and open_links:
            opened, opened_line, words = open_links.pop()
            doc.links.append(Link(opened_line, str(opened.attrs.get("href", "")), False,
                                  "".join(words)))
            child.meta["clay_link"] = len(doc.links) - 1
        elif kind == "html_inline":
            doc.html.append(Html(line, child.content, False))
        line += child.content.count("\n") if kind in ("html_inline", "text") else 0
    if heading is not None:
        level = int(heading.tag[1:]) if heading.tag[1:].isdigit() else 1
        doc.headings.append(Heading((heading.map[0] + 1) if heading.map else line, level,
                                    "".join(heading_text).strip(), last_attrs))


def _attach(doc: Document, token: Token, attrs: AttrList) -> None:
    index = token.meta.get("clay_link")
    if isinstance(index, int) and 0 <= index < len(doc.links):
        link = doc.links[index]
        doc.links[index] = Link(link.line, link.url, link.image, link.text, attrs)


def headings(text: str, body_line: int = 1) -> Iterator[Heading]:
    yield from parse(text, body_line).headings
