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
- a reference definition may end a paragraph, as in Python-Markdown;
- every link destination is kept as written: markdown-it would refuse `javascript:` links and
  leave them as text, which is exactly what the checks must see.

Where the two parsers could still read a page differently, the build does not depend on this
module: every rendered page is vetted again (content/html.py, `VetExtension`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown_it import MarkdownIt, rules_block, rules_inline
from markdown_it.rules_block import StateBlock
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
    """A Markdown link or image (inline, reference or autolink), or a reference definition."""

    line: int
    url: str  # the destination as written (reference links: their definition's)
    image: bool
    text: str  # an image's alternative text, a link's text (plain)
    attrs: AttrList | None = None  # the attribute list right after it
    column: int | None = None  # of its `[` (`!` for an image), from 1
    url_column: int | None = None  # of its destination's first character, from 1
    # a reference link (`[text][label]`): its destination is its definition's, checked there
    reference: bool = False


@dataclass(frozen=True)
class Html:
    """Raw HTML as written: a block (`html_block`) or one inline tag or comment."""

    line: int
    text: str
    block: bool
    # the column (from 1) where each line of `text` starts in the file
    columns: tuple[int, ...] = (1,)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of `text[offset]`."""
        k = self.text.count("\n", 0, offset)
        start = self.text.rfind("\n", 0, offset) + 1
        column = self.columns[k] if k < len(self.columns) else 1
        return self.line + k, column + offset - start


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
    definitions: list[Link] = field(default_factory=list)  # `[label]: destination`
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
        token.meta["clay_span"] = (state.pos, m.end())
    state.pos = m.end()
    return True


def _where(state: StateInline, start: int, label: int) -> tuple[int, int | None]:
    """The offset of the `]` that closes the label opening at `label`, and of the destination
    of the link (None for a reference link), computed as markdown-it's own link rule finds
    them."""
    end = state.md.helpers.parseLinkLabel(state, label, label == start)
    pos = end + 1
    if end < 0 or pos >= state.posMax or state.src[pos] != "(":
        return end, None
    pos += 1
    while pos < state.posMax and state.src[pos] in " \t\n":
        pos += 1
    if pos < state.posMax and state.src[pos] == "<":
        pos += 1
    return end, pos


def _positioned(rule: Callable[[StateInline, bool], bool], kinds: tuple[str, ...],
                label: int | None, *, located: bool = True) -> Callable[[StateInline, bool], bool]:
    """`rule`, recording in its first token's meta the range it read in the inline source
    (`clay_span`), where its label closes (links and images); and, when `located`, where it
    starts and where its destination starts (the links' and raw HTML's positions)."""
    def run(state: StateInline, silent: bool) -> bool:
        start, count = state.pos, len(state.tokens)
        closes, destination = None, None
        if not silent and label is not None and state.src[start:start + 1] in ("[", "!"):
            closes, destination = _where(state, start, start + label)
        if not rule(state, silent):
            return False
        if not silent:
            for token in state.tokens[count:]:
                if token.type in kinds:
                    token.meta["clay_span"] = (start, state.pos)
                    token.meta["clay_label_end"] = closes
                    if located:
                        token.meta["clay_start"] = start
                        token.meta["clay_url"] = destination
                    break
        return True

    return run


def _definitions(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's reference rule, recording each definition's line and destination."""
    known = set(state.env.get("references", {}))
    if not rules_block.reference(state, start, end, silent):
        return False
    if not silent:
        for label, ref in state.env.get("references", {}).items():
            if label not in known:
                state.env.setdefault("clay_definitions", []).append((start, ref["href"]))
    return True


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark").enable("table").use(admon_plugin)
    md.inline.ruler.push("clay_attr_list", _attr_list_rule)
    md.inline.ruler.at("link", _positioned(rules_inline.link, ("link_open",), 0))
    md.inline.ruler.at("image", _positioned(rules_inline.image, ("image",), 1))
    md.inline.ruler.at("html_inline", _positioned(rules_inline.html_inline, ("html_inline",),
                                                  None))
    md.inline.ruler.at("backticks", _positioned(rules_inline.backtick, ("code_inline",), None,
                                                located=False))
    md.inline.ruler.at("autolink", _positioned(rules_inline.autolink, ("link_open",), None,
                                               located=False))
    # Python-Markdown reads `[label]: target` on any line of a paragraph as a definition
    # (CommonMark only before one): so do the checks
    md.block.ruler.at("reference", _definitions, {"alt": ["paragraph"]})
    # the checks see every destination as written, dangerous ones included
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    return md


def _columns(source: str, lines: list[str], first: int) -> tuple[int, ...]:
    """Where each line of `source` (a block's text as markdown-it gives it: container markers
    and indentation taken away) starts in the file's lines from index `first`, from 1."""
    found: list[int] = []
    for k, part in enumerate(source.split("\n")):
        line = lines[first + k] if 0 <= first + k < len(lines) else ""
        kept = part.rstrip()
        if kept and line.rstrip().endswith(kept):
            found.append(len(line.rstrip()) - len(kept) + 1)
        else:
            at = line.find(part) if part else -1
            found.append(at + 1 if at >= 0 else 1)
    return tuple(found)


def _attrs(token: Token, line: int) -> AttrList:
    attrs, _ = get_attrs_and_remainder(token.content)
    return AttrList(line, token.markup, tuple((str(k), str(v)) for k, v in attrs))


def tokens(text: str, first_line: int = 1, env: dict[str, Any] | None = None) -> list[Token]:
    """markdown-it's block tokens of `text`, their `map` counted from `first_line` - 1; `env`
    receives the reference definitions (`clay_definitions`: line, target). The readers of a
    page's body (its links and raw HTML, its typography) ask for the same text one after the
    other: it is tokenized once, and they only read the tokens."""
    found, definitions = _tokenized(text, first_line)
    if env is not None and definitions:
        env.setdefault("clay_definitions", []).extend(definitions)
    return list(found)


@lru_cache(maxsize=1)  # the last page's: its readers ask one right after the other
def _tokenized(text: str, first_line: int
               ) -> tuple[tuple[Token, ...], tuple[tuple[int, str], ...]]:
    env: dict[str, Any] = {}
    found = _parser().parse(text, env)
    if first_line != 1:
        for token in found:
            if token.map is not None:
                token.map = [token.map[0] + first_line - 1, token.map[1] + first_line - 1]
    return tuple(found), tuple(env.get("clay_definitions", []))


def parse(text: str, body_line: int = 1) -> Document:
    """The document of a page whose body (after its front matter) is `text`, starting at line
    `body_line` of the file."""
    doc = Document()
    _parse_into(doc, text, body_line)
    return doc


def _parse_into(doc: Document, text: str, body_line: int) -> None:
    env: dict[str, Any] = {}
    blocks = tokens(text, body_line, env)
    lines = text.split("\n")
    for start, url in env.get("clay_definitions", []):
        line = lines[start] if start < len(lines) else ""
        close = line.find("]:")
        column = None
        if close >= 0:
            column = close + 2 + len(line[close + 2:]) - len(line[close + 2:].lstrip()) + 1
            column += 1 if line[column - 1:column] == "<" else 0
        doc.definitions.append(Link(start + body_line, url, False, "", column=column,
                                    url_column=column))
    heading: Token | None = None
    for i, block in enumerate(blocks):
        first = (block.map[0] - body_line + 1) if block.map else 0
        line = first + body_line
        if block.type == "html_block":
            _html_block(doc, block.content, lines, first, body_line)
        elif block.type == "heading_open":
            heading = block
        elif block.type == "inline":
            before = blocks[i - 1] if i else None
            columns = _columns(block.content, lines, first)
            _inline(doc, block.children or [], line, columns, block.content,
                    heading if before is heading and heading is not None else None)
            heading = None


def _html_block(doc: Document, content: str, lines: list[str], first: int,
                body_line: int) -> None:
    """A block of raw HTML; one opened with `markdown` (md_in_html) has Markdown inside, which
    Python-Markdown renders: its lines after the opening one are read as Markdown."""
    columns = _columns(content, lines, first)
    opening, newline, inner = content.partition("\n")
    tag = _first_tag(opening)
    if tag is not None and newline and inner.strip() and any(
            k == "markdown" and v != "0" for k, v in tag):
        doc.html.append(Html(first + body_line, opening, True, columns[:1]))
        _parse_into(doc, "\n".join(lines[first + 1:first + 1 + inner.count("\n") + 1]),
                    first + 1 + body_line)
        return
    doc.html.append(Html(first + body_line, content, True, columns))


def _first_tag(text: str) -> list[tuple[str, str | None]] | None:
    from clay_plugins.content.html import tags  # content/html.py reads this module's types

    found = [t for t in tags(text) if not t.closing]
    return list(found[0].attrs) if found else None


def _inline(doc: Document, children: list[Token], line: int, columns: tuple[int, ...],
            source: str, heading: Token | None) -> None:
    """Links, images, raw HTML and attribute lists of one paragraph, heading or cell."""
    open_links: list[tuple[Token, int, list[str]]] = []
    heading_text: list[str] = []
    last_attrs: AttrList | None = None
    first = line
    starts = [0]  # offset of each line of `source`
    for part in source.split("\n")[:-1]:
        starts.append(starts[-1] + len(part) + 1)

    def at(offset: object) -> tuple[int, int] | None:
        if not isinstance(offset, int):
            return None
        k = bisect_right(starts, offset) - 1
        return first + k, (columns[k] if k < len(columns) else 1) + offset - starts[k]

    for index, child in enumerate(children):
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            line += 1
            continue
        if kind == "attr_list":
            attrs = _attrs(child, line)
            doc.attr_lists.append(attrs)
            last_attrs = attrs
            previous = children[index - 1] if index else None
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
            doc.links.append(_link(child, line, True, alt, at))
            child.meta["clay_link"] = len(doc.links) - 1
        elif kind == "link_open":
            open_links.append((child, line, []))
        elif kind == "link_close" and open_links:
            opened, opened_line, words = open_links.pop()
            doc.links.append(_link(opened, opened_line, False, "".join(words), at))
            child.meta["clay_link"] = len(doc.links) - 1
        elif kind == "html_inline":
            where = at(child.meta.get("clay_start"))
            start_line, column = where if where is not None else (line, 1)
            doc.html.append(Html(start_line, child.content, False, (column,) + tuple(
                columns[start_line - first + 1:start_line - first + 1
                        + child.content.count("\n")])))
        line += child.content.count("\n") if kind in ("html_inline", "text") else 0
    if heading is not None:
        level = int(heading.tag[1:]) if heading.tag[1:].isdigit() else 1
        doc.headings.append(Heading((heading.map[0] + 1) if heading.map else line, level,
                                    "".join(heading_text).strip(), last_attrs))


def _link(token: Token, line: int, image: bool, text: str,
          at: Callable[[object], tuple[int, int] | None]) -> Link:
    url = str(token.attrs.get("src" if image else "href", ""))
    start = at(token.meta.get("clay_start"))
    destination = at(token.meta.get("clay_url"))
    autolink = token.markup == "autolink"
    return Link(start[0] if start else line, url, image, text,
                column=start[1] if start else None,
                url_column=destination[1] if destination else None,
                reference=destination is None and not autolink and start is not None)


def _attach(doc: Document, token: Token, attrs: AttrList) -> None:
    index = token.meta.get("clay_link")
    if isinstance(index, int) and 0 <= index < len(doc.links):
        doc.links[index] = replace(doc.links[index], attrs=attrs)


def headings(text: str, body_line: int = 1) -> Iterator[Heading]:
    yield from parse(text, body_line).headings


# --------------------------------------------------------------------------------------------
# the text a reader reads (content/typography.py's rules look only there)


@dataclass(frozen=True)
class Prose:
    """A part of one line of the file that is text: what typography rules may look at."""

    line: int  # of the file, from 1
    start: int  # the column of its first character in that line, from 0
    end: int  # the column after its last
    block: int  # its block (paragraph, heading, cell, title, raw HTML), numbered in order


# raw HTML elements whose content is not text to read
_RAW = frozenset({"pre", "code", "script", "style", "textarea"})


def prose(text: str, body_line: int = 1) -> list[Prose]:
    """The parts of a body (starting at line `body_line` of the file) that are text, as the
    tokens say: not code (fenced, indented, inline), raw HTML (tags and their attributes,
    comments, the content of `<pre>`, `<code>`, `<script>`, `<style>`, `<textarea>`),
    autolinks, a link's destination and title, a reference's label or definition, an
    attribute list, nor an admonition's syntax (its quoted title is text)."""
    reader = _ProseReader()
    reader.read(text, body_line)
    return reader.found


class _ProseReader:
    def __init__(self) -> None:
        self.found: list[Prose] = []
        self.blocks = 0

    def read(self, text: str, body_line: int) -> None:
        lines = text.split("\n")
        title = False
        for block in tokens(text, body_line):
            first = (block.map[0] - body_line + 1) if block.map else 0
            if block.type == "admonition_title_open":
                title = True
            elif block.type == "inline" and title:
                title = False
                # the title as written between quotes; the one markdown-it makes from the
                # type (`!!! note` is titled "Note") is not in the file
                line = lines[first] if 0 <= first < len(lines) else ""
                at = line.find(f'"{block.content}"') if block.content else -1
                if at >= 0:
                    self._add(block.content, [], (at + 2,), first + body_line)
            elif block.type == "inline":
                self._add(block.content, _not_prose(block.children or [], 0),
                          _columns(block.content, lines, first), first + body_line)
            elif block.type == "html_block":
                opening, newline, inner = block.content.partition("\n")
                tag = _first_tag(opening)
                columns = _columns(block.content, lines, first)
                if tag is not None and newline and inner.strip() and any(
                        k == "markdown" and v != "0" for k, v in tag):
                    # md_in_html: Python-Markdown renders the lines inside as Markdown
                    self._add(opening, _html_not_text(opening), columns[:1], first + body_line)
                    self.read("\n".join(lines[first + 1:first + 1 + inner.count("\n") + 1]),
                              first + 1 + body_line)
                else:
                    self._add(block.content, _html_not_text(block.content), columns,
                              first + body_line)

    def _add(self, source: str, skip: list[tuple[int, int]], columns: tuple[int, ...],
             line: int) -> None:
        """The parts of `source` (a block's text, its line k at column columns[k] of file
        line `line + k`) outside the `skip` ranges, one per line, as one block."""
        block, self.blocks = self.blocks, self.blocks + 1
        starts = [0]
        for part in source.split("\n")[:-1]:
            starts.append(starts[-1] + len(part) + 1)
        pos = 0
        kept: list[tuple[int, int]] = []
        for start, end in sorted(skip):
            if start > pos:
                kept.append((pos, start))
            pos = max(pos, end)
        if pos < len(source):
            kept.append((pos, len(source)))
        for start, end in kept:
            k = bisect_right(starts, start) - 1
            while k < len(starts) and start < end:
                line_end = starts[k + 1] - 1 if k + 1 < len(starts) else len(source)
                if min(end, line_end) > start:
                    column = (columns[k] if k < len(columns) else 1) - 1 + start - starts[k]
                    self.found.append(Prose(line + k, column,
                                            column + min(end, line_end) - start, block))
                k += 1
                if k < len(starts):
                    start = max(start, starts[k])


def _not_prose(children: list[Token], offset: int) -> list[tuple[int, int]]:
    """The ranges of an inline source (its tokens `children`, whose positions are recorded
    relative to `offset`) that are not text."""
    skip: list[tuple[int, int]] = []
    raw: tuple[str, int] | None = None  # a raw element open: its name and where it starts
    for child in children:
        span = child.meta.get("clay_span")
        if span is None:
            continue
        start, end = span[0] + offset, span[1] + offset
        if child.type == "html_inline":
            tag = _first_tag_name(child.content)
            if raw is None and tag is not None and not tag[1] and tag[0] in _RAW:
                raw = (tag[0], start)
            elif raw is None:
                skip.append((start, end))
            elif tag is not None and tag[1] and tag[0] == raw[0]:
                skip.append((raw[1], end))
                raw = None
        elif raw is not None:
            continue  # inside a raw element: skipped with it
        elif child.type in ("code_inline", "attr_list") or child.markup == "autolink":
            skip.append((start, end))
        elif child.type in ("link_open", "image"):
            closes = child.meta.get("clay_label_end")
            if isinstance(closes, int):
                skip.append((closes + offset, end))  # `](destination "title")`, `][label]`
            if child.type == "image":  # its alternative text, read from after `![`
                skip += _not_prose(child.children or [], start + 2)
    if raw is not None:
        skip.append((raw[1], 1 << 62))  # never closed: the rest of the block
    return skip


def _first_tag_name(text: str) -> tuple[str, bool] | None:
    from clay_plugins.content.html import tags

    found = tags(text)
    return (found[0].name, found[0].closing) if found else None


def _html_not_text(text: str) -> list[tuple[int, int]]:
    """The ranges of raw HTML that are not text: all but the text between tags outside the
    raw elements (`_RAW`), as Python's HTML parser reads it."""
    reader = _HtmlText(text)
    reader.feed(text)
    reader.close()
    skip: list[tuple[int, int]] = []
    pos = 0
    for start, end in reader.parts:
        if start > pos:
            skip.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        skip.append((pos, len(text)))
    return skip


class _HtmlText(HTMLParser):
    """Where the text of raw HTML is (character references are not text)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.starts = [0]
        at = text.find("\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = text.find("\n", at + 1)
        self.depth = 0  # raw elements open
        self.parts: list[tuple[int, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.depth += tag in _RAW

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # `<br/>`: nothing inside

    def handle_endtag(self, tag: str) -> None:
        if tag in _RAW and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            line, column = self.getpos()
            start = self.starts[line - 1] + column
            self.parts.append((start, start + len(data)))
