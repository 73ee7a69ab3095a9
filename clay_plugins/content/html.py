"""What a page body may contain: no HTML, link or attribute that can run or load code.

One allowlist, applied twice:

- by the content checks (`check_body`, from content/pages.py for every page, so the build and
  `clay check` give the same findings): the raw HTML, links, images and attribute lists that
  content/markdown.py finds in the Markdown, each HTML fragment parsed by Python's HTML parser;
- by the build on every page Python-Markdown rendered (`VetExtension`, a postprocessor that
  runs last): whatever the Markdown parsers' readings of a page, the HTML that would be
  published is parsed and anything outside the allowlist fails the build, naming the page.

Refused (errors):

- `html.element`: an element outside `ELEMENTS` (`script`, `iframe`, `frame`, `object`,
  `embed`, `applet`, `form`, `input`, `button`, `meta`, `base`, `link`, `style`, `svg`, `math`,
  `template`...): each can run code, load a document, or change how the page loads;
- `html.handler`: any `on…` attribute (`onerror`, `onclick`...), in HTML or an attribute list;
- `html.url`: a `javascript:`, `vbscript:` or `data:` address, in an HTML attribute, a Markdown
  link or image, or an attribute list. `data:image/…` too: an image written into the page
  would bypass the photo pipeline, which removes the location and the camera's metadata;
- `html.attribute`: `style` that loads something (`url(`, `@import`, `expression(`) and the
  attributes that only serve the refused elements (`srcdoc`, `http-equiv`, `formaction`...).

Editors' harmless HTML stays: `<br>`, `<sup>`, `<sub>`, `<abbr title>`, `<span>`, `<div
markdown class>`, `<details>`, tables, `<img src alt>`, links to https: and mailto: addresses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from mkdocs.exceptions import PluginError

from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.markdown import AttrList, Document
from clay_plugins.l10n import E_


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What Python-Markdown and its extensions write, and the inline HTML editors use.
ELEMENTS = _words("""
a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup data dd del
details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li
main mark nav ol p picture pre q rp rt ruby s samp section small source span strong sub summary
sup table tbody td tfoot th thead time tr u ul var wbr
""")
# Attributes whose value is an address (the browser loads or follows it).
URL_ATTRIBUTES = _words("""
href src srcset action formaction xlink:href poster background cite data codebase longdesc
lowsrc dynsrc ping usemap manifest profile icon archive classid
""")
# Attributes that exist only for the refused elements, or that make the browser load or run.
REFUSED_ATTRIBUTES = _words("""
srcdoc http-equiv formaction form xmlns:xlink is nonce integrity autofocus contenteditable
""")
REFUSED_SCHEMES = ("javascript", "vbscript", "data")
_STYLE_LOADS = ("url(", "@import", "expression(", "\\", "behavior", "-moz-binding")
# C0 controls and space, which browsers strip before reading an address's scheme; tabs and
# line breaks they remove anywhere in it (the URL standard)
_STRIP = "".join(chr(c) for c in range(0x21))


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    fix: str
    line: int = 0  # from 0, inside the fragment


def scheme(url: str) -> str | None:
    """The refused scheme of `url` as a browser reads it (`JaVa\\tScRiPt:`), else None."""
    value = unescape(url).strip(_STRIP)
    value = value.replace("\t", "").replace("\n", "").replace("\r", "")
    head, colon, _ = value.partition(":")
    if not colon:
        return None
    head = head.lower()
    return head if head in REFUSED_SCHEMES else None


def url_problem(url: str, where: str) -> Problem | None:
    found = scheme(url)
    if found is None:
        return None
    shown = shown_text(url)
    return Problem(
        "html.url",
        E_("{where} `{shown}` is a `{found}:` address, which can run code or hide content",
           where=where, shown=shown, found=found),
        E_("link to an https:// address or to a file of the site; put an image in docs/ beside the "
           "page and show it as ![what it shows](file.jpg)"),
    )


def shown_text(text: str, limit: int = 40) -> str:
    """`text` for a one-line message: invisible characters as `�`, cut at `limit`, its braces
    doubled (an editors' message is a format string: content/findings.py)."""
    shown = "".join(c if c.isprintable() else "\ufffd" for c in text)
    shown = shown if len(shown) <= limit else shown[:limit - 1] + "…"
    return literal(shown)


def literal(text: str) -> str:
    """`text` written into an editors' message as it is (its braces doubled)."""
    return text.replace("{", "{{").replace("}", "}}")


def _srcset_urls(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        words = candidate.split()
        if words:
            yield words[0]


def attribute_problems(attrs: Iterable[tuple[str, str | None]], where: str) -> Iterator[Problem]:
    """What is wrong with the attributes of an element (HTML, or an attribute list)."""
    for raw_name, raw_value in attrs:
        name, value = raw_name.lower(), raw_value or ""
        if name.startswith("on"):
            yield Problem(
                "html.handler",
                E_("the attribute `{shown_text}` of {where} runs a script",
                   shown_text=shown_text(raw_name), where=where),
                E_("remove it: a page of the site carries no script"),
            )
        elif name in REFUSED_ATTRIBUTES:
            yield Problem(
                "html.attribute",
                E_("the attribute `{shown_text}` of {where} is not allowed in a page",
                   shown_text=shown_text(raw_name), where=where),
                E_("remove it"),
            )
        elif name == "style" and any(s in value.lower().replace(" ", "") for s in _STYLE_LOADS):
            yield Problem(
                "html.attribute",
                E_("the style of {where} loads something (`url(`, `@import`…)", where=where),
                E_("remove the style, or keep only colours, sizes and alignment"),
            )
        elif name in URL_ATTRIBUTES:
            urls = _srcset_urls(value) if name == "srcset" else (value,)
            for url in urls:
                problem = url_problem(url, E_("the `{shown_text}` of {where}",
                                              shown_text=shown_text(raw_name), where=where))
                if problem is not None:
                    yield problem


def element_problems(tag: str, attrs: list[tuple[str, str | None]]) -> Iterator[Problem]:
    if tag not in ELEMENTS:
        yield Problem(
            "html.element",
            E_("the HTML element <{shown_text}> is not allowed in a page (it can run or load code, "
               "or change how the page loads)", shown_text=shown_text(tag)),
            E_("remove it; show a video, a map or a form as a link to its page, a picture as "
               "![what it shows](file.jpg)"),
        )
    yield from attribute_problems(attrs, E_("<{shown_text}>", shown_text=shown_text(tag)))


class _Vetter(HTMLParser):
    """Every start tag of an HTML text and what is wrong with it, by line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0] - 1
        for problem in element_problems(tag, attrs):
            self.problems.append(Problem(problem.code, problem.message, problem.fix, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_pi(self, data: str) -> None:
        self.problems.append(Problem(
            "html.element", E_("an XML processing instruction is not allowed in a page"),
            E_("remove it"), self.getpos()[0] - 1))

    def unknown_decl(self, data: str) -> None:
        self.problems.append(Problem(
            "html.element", E_("the declaration <![{shown_text}]> is not allowed in a page",
                               shown_text=shown_text(data, 20)),
            E_("remove it"), self.getpos()[0] - 1))


def html_problems(text: str) -> list[Problem]:
    """What is wrong with an HTML text (a fragment or a whole rendered page)."""
    vetter = _Vetter()
    vetter.feed(text)
    vetter.close()
    return vetter.problems


def _attr_list_problems(attrs: AttrList) -> Iterator[Problem]:
    yield from attribute_problems(attrs.attrs, E_("the attribute list `{shown_text}`",
                                                  shown_text=shown_text(attrs.text, 60)))


def check_body(doc: Document, path: str) -> list[Finding]:
    """The refusals of a page's body, one error per problem, at its line."""
    findings: list[Finding] = []

    def add(line: int, problem: Problem) -> None:
        findings.append(Finding(path, line + problem.line, None, problem.message, problem.fix,
                                Severity.ERROR, problem.code))

    for fragment in doc.html:
        for problem in html_problems(fragment.text):
            add(fragment.line, problem)
    for link in doc.links:
        found = url_problem(link.url, E_("the image") if link.image else E_("the link"))
        if found is not None:
            add(link.line, found)
    for attrs in doc.attr_lists:
        for problem in _attr_list_problems(attrs):
            add(attrs.line, problem)
    return findings


# --- the build's safety net -----------------------------------------------------------------

class UnsafeHtml(PluginError):
    """A rendered page outside the allowlist: MkDocs stops the build on it, before the page
    is written, and prints the finding (one line naming the page)."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(str(finding))
        self.finding = finding


class _VetPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, docs: str) -> None:
        super().__init__(md)
        self.docs = docs

    def run(self, text: str) -> str:
        problems = html_problems(text)
        if problems:
            first = problems[0]
            more = E_(" ({n} more after it)", n=len(problems) - 1) if len(problems) > 1 else ""
            finding = Finding(self._page(), None, None,
                              E_("{message}, in the page as rendered{more}",
                                 message=first.message, more=more), first.fix,
                              Severity.ERROR, first.code)
            raise UnsafeHtml(finding)
        return text

    def _page(self) -> str:
        # MkDocs renders each page with its own Markdown instance, whose link processor knows
        # the page's file; without it the error still stops the build, and MkDocs' own line
        # before it names the page
        file = getattr(self.md.treeprocessors["relpath"], "file", None) \
            if "relpath" in self.md.treeprocessors else None
        src = getattr(file, "src_uri", None)
        if not isinstance(src, str):
            return literal(self.docs)
        return literal(src if self.docs in ("", ".") else f"{self.docs}/{src}")


class VetExtension(Extension):
    """Python-Markdown extension: fail the page whose rendered HTML is outside the allowlist
    (`docs`: the docs folder as editors see it, for the page's path)."""

    def __init__(self, docs: str = "docs") -> None:
        super().__init__()
        self.docs = docs

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # after every other postprocessor (the raw HTML is put back at 30): the final HTML
        md.postprocessors.register(_VetPostprocessor(md, self.docs), "clay_vet", -100)


def vet_extension_present(extensions: list[Any]) -> bool:
    return any(isinstance(e, VetExtension) for e in extensions)


# --- reading and editing rendered HTML ------------------------------------------------------

@dataclass(frozen=True)
class Tag:
    """A start or end tag of an HTML text, where it is in the text."""

    name: str
    attrs: tuple[tuple[str, str | None], ...]
    start: int  # offset of `<`
    end: int  # offset after `>`
    closing: bool = False

    def get(self, name: str) -> str | None:
        for key, value in self.attrs:
            if key == name:
                return value
        return None


class _Tags(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0]
        at = text.find("\n")
        while at >= 0:
            self.line_starts.append(at + 1)
            at = text.find("\n", at + 1)
        self.found: list[Tag] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        written = self.get_starttag_text() or ""
        self.found.append(Tag(tag, tuple(attrs), start, start + len(written)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        close = self.text.find(">", start)
        self.found.append(Tag(tag, (), start, len(self.text) if close < 0 else close + 1, True))


def tags(text: str) -> list[Tag]:
    """Every start and end tag of `text` (rendered HTML), in order, as the HTML parser reads
    them (attribute values unescaped)."""
    parser = _Tags(text)
    parser.feed(text)
    parser.close()
    return parser.found


def ids(text: str) -> set[str]:
    """The `id`s of the elements of `text`."""
    return {value for tag in tags(text) if not tag.closing
            for key, value in tag.attrs if key == "id" and value}


def end_of_first(text: str, name: str) -> int:
    """The offset after the first `</name>` of `text`, or -1 when it has none. The text is
    parsed a kilobyte at a time up to there (a report's heading comes first; the parser
    reads a text given in pieces as it reads it whole)."""
    parser = _Tags(text)
    seen = 0
    for start in range(0, len(text), _PIECE):
        parser.feed(text[start:start + _PIECE])
        for tag in parser.found[seen:]:
            if tag.closing and tag.name == name:
                return tag.end
        seen = len(parser.found)
    parser.close()
    return next((tag.end for tag in parser.found[seen:] if tag.closing and tag.name == name),
                -1)


_PIECE = 1024


def replace_tags(text: str, name: str, replace: Callable[[Tag], str | None]) -> str:
    """`text` with each start tag `name` replaced by `replace(tag)` (kept when it gives None)."""
    pieces: list[str] = []
    pos = 0
    for tag in tags(text):
        if tag.closing or tag.name != name:
            continue
        new = replace(tag)
        if new is not None:
            pieces += [text[pos:tag.start], new]
            pos = tag.end
    return "".join(pieces) + text[pos:] if pieces else text
