"""Reading the document `clay import` is given: a Word .docx or plain text, as text blocks.

Everything in the document is the editor's (or a stranger's) text, never markup: each block is
kept twice, as Markdown in which every character that Markdown or HTML would read as syntax is
escaped (`&lt;img …&gt;` stays text in the page), and as plain text for the front matter and for
recognising the facts. Word files are read with mammoth (maps Word styles to clean HTML, gives
image alt text) and its HTML is turned into Markdown by markdownify (maintained, handles lists,
tables and whitespace), with three conversions of ours: text is escaped for Python-Markdown
(markdownify's own escaping leaves `<` live there), links keep only `http`, `https` and `mailto`
targets, and images only the ones read from inside the document, under generated names.

Before mammoth reads anything, the file is checked against the limits: see `LIMITS`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag
from markdownify import MarkdownConverter

from clay_plugins import regular
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.l10n import E_, EditorsError

TODO = "TODO"
# the document's parts, uncompressed: a few hundred MB would take minutes to convert
MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 500  # as Word counted them; a meeting report has a few
MAX_PARTS = 2000  # files inside the .docx
LIMITS = E_("at most {megabytes} MB of text and images once uncompressed, {pages} pages and "
            "{parts} parts", megabytes=MAX_BYTES // (1024 * 1024), pages=MAX_PAGES, parts=MAX_PARTS)
LINK_SCHEMES = ("http", "https", "mailto")
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
IMAGE_TOKEN = re.compile(r"clay-import-image-\d+\.(?:png|jpg|gif|webp)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .doc files, and encrypted .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_NOT_TEXT = {".doc": E_("an old Word .doc file"), ".odt": E_("an OpenDocument file"),
             ".rtf": E_("an RTF file"), ".pdf": E_("a PDF file"), ".zip": E_("a zip archive")}


class ImportProblem(EditorsError):
    """The file cannot be imported; the message says why and what to do, in one line."""


@dataclass
class Block:
    markdown: str
    plain: str
    kind: str = "p"  # p, h1…h6, list, table, image


@dataclass
class Imported:
    """A document read from Word or text: its title (plain text), blocks and images."""

    title: str
    blocks: list[Block]
    images: dict[str, bytes] = field(default_factory=dict)  # token -> data
    notes: list[Finding] = field(default_factory=list)


# --- escaping ------------------------------------------------------------------------------

_BACKSLASHED = re.compile(r"([\\`*_\[\]{}|])")
# what Markdown reads as a block only after a space or at the start of a line
_LINE_SYNTAX = re.compile(r"(^|\s)(#{1,6}|-+|\++|=+|!!!)(?=\s|$)")
_LIST_NUMBER = re.compile(r"(^|\s)(\d{1,9})([.)])(?=\s|$)")


def escape(text: str) -> str:
    """Text as Markdown that Python-Markdown (with this site's extensions) shows as the same
    text: HTML-significant characters as entities, Markdown syntax behind a backslash."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _BACKSLASHED.sub(r"\\\1", text)
    text = _LINE_SYNTAX.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _LIST_NUMBER.sub(r"\1\2\\\3", text)


def safe_link(href: str) -> str | None:
    """The target as a Markdown link destination, or None when it is not http(s) or mailto."""
    href = href.strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    if scheme not in LINK_SCHEMES or re.search(r"[\x00-\x1f\x7f]", href):
        return None
    # parentheses stay when they pair up (Wikipedia's `Foo_(bar)`), else they would end the link
    safe = ":/?#@!$&*+,;=%~-._" + ("()" if _balanced(href) else "")
    return quote(href, safe=safe)


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


# a web address, bare or in <…> as people write them in e-mails
_BARE_URL = re.compile(r"<(https?://[^\s<>]+)>"
                       r"|(https?://(?:[^\s<>()]|\([^\s<>()]*\))*"
                       r"(?:[^\s<>().,;:!?'\"\]]|\([^\s<>()]*\)))")


def text_to_markdown(text: str) -> str:
    """Plain text with its web addresses as autolinks, everything else escaped."""
    out: list[str] = []
    pos = 0
    for m in _BARE_URL.finditer(text):
        link = safe_link(m.group(1) or m.group(2))
        if link is None:
            continue
        out += (escape(text[pos:m.start()]), f"<{link}>")
        pos = m.end()
    out.append(escape(text[pos:]))
    return "".join(out)


# --- plain text ----------------------------------------------------------------------------

_BOLD_ONLY = re.compile(r"^\*\*(.+)\*\*$", re.DOTALL)


def read_text(text: str) -> Imported:
    """Plain text: paragraphs separated by blank lines; a first paragraph in `**…**` (or the first
    short line) is the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [" ".join(line.strip() for line in p.splitlines())
                  for p in re.split(r"\n\s*\n", text) if p.strip()]
    if not paragraphs:
        return Imported(TODO, [])
    bold = _BOLD_ONLY.match(paragraphs[0])
    title = bold.group(1).strip() if bold else paragraphs[0].lstrip("# ").strip()
    return Imported(title, [Block(text_to_markdown(p), p) for p in paragraphs[1:]])


def read_source(path: Path) -> Imported:
    """Read a .docx, or a UTF-8 text file, or raise ImportProblem naming what it is instead."""
    suffix = path.suffix.lower()
    try:  # a regular file, its size checked before a byte is read (never a FIFO, /dev/zero)
        data = regular.read(path, MAX_BYTES)
    except regular.Refused as exc:
        raise ImportProblem(E_("{path}: {reason} — {LIMITS}",
                               path=path, reason=exc.reason, LIMITS=LIMITS) if exc.too_large
                            else E_("{path}: {reason}", path=path, reason=exc.reason)) from None
    head = data[:8]
    if suffix == ".docx" or head.startswith(b"PK\x03\x04") or head == _OLE:
        return read_docx(path, data)
    if suffix in _NOT_TEXT:
        raise ImportProblem(E_("{path}: {_NOT_TEXT}, not a Word .docx or text file — open it in "
                               "Word and save it as .docx",
                               path=path, _NOT_TEXT=_NOT_TEXT[suffix]))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text or "\x00" in text:
        raise ImportProblem(
            E_("{path}: neither a Word .docx file nor UTF-8 text — save it from Word as .docx (or "
               "as plain text, UTF-8)", path=path)
        )
    return read_text(text)


# --- Word ----------------------------------------------------------------------------------

def _inspect(path: Path, data: bytes) -> tuple[bytes, list[str]]:
    """The .docx's bytes (`data`, read by read_source) and its linked (external) images, or
    ImportProblem."""
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise ImportProblem(E_("{path}: protected by a password — open it in Word, remove the "
                                   "password (File › Info › Protect Document) and save it again",
                                   path=path))
        raise ImportProblem(E_("{path}: an old Word .doc file — open it in Word and save it as "
                               ".docx (Word Document)", path=path))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ImportProblem(E_("{path}: not a Word .docx document ({exc}) — open it in Word and "
                               "save it again as .docx", path=path, exc=exc)) from None
    with archive:
        parts = archive.infolist()
        names = {p.filename for p in parts}
        if "word/document.xml" not in names:
            raise ImportProblem(E_("{path}: a zip file, but not a Word .docx document (it has no "
                                   "word/document.xml) — save the report from Word as .docx",
                                   path=path))
        total = sum(p.file_size for p in parts)
        if total > MAX_BYTES or len(parts) > MAX_PARTS:
            raise ImportProblem(E_("{path}: too large once uncompressed ({value} KB in {count} "
                                   "parts) — the limit is {LIMITS}; import the report alone",
                                   path=path, value=total // 1024, count=len(parts), LIMITS=LIMITS))
        pages = _xml(archive, "docProps/app.xml")
        count = pages.findtext("{*}Pages") if pages is not None else None
        if count and count.strip().isdigit() and int(count) > MAX_PAGES:
            raise ImportProblem(E_("{path}: {int} pages — the limit is {LIMITS}; import the report "
                                   "alone", path=path, int=int(count), LIMITS=LIMITS))
        rels = _xml(archive, "word/_rels/document.xml.rels")
        linked = [] if rels is None else [
            r.get("Target", "") for r in rels
            if r.get("TargetMode") == "External" and r.get("Type", "").endswith("/image")
        ]
    return data, linked


def _xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(archive.read(name))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, ValueError):
        return None


def read_docx(path: Path, data: bytes | None = None) -> Imported:
    """The .docx at `path` (its bytes `data`, when read_source has read them)."""
    import mammoth
    from mammoth.docx.files import InvalidFileReferenceError

    if data is None:
        try:
            data = regular.read(path, MAX_BYTES)
        except regular.Refused as exc:
            raise ImportProblem(E_("{path}: {reason} — {LIMITS}",
                                   path=path, reason=exc.reason, LIMITS=LIMITS)) from None
    data, linked = _inspect(path, data)
    notes = [_note(path, E_("the image linked to `{target}` is not inside the document and was not "
                            "imported", target=target),
                   E_("insert the picture itself in Word (Insert › Pictures › This Device), or add "
                      "it beside the report by hand"),
                   "import.image-linked") for target in linked]
    images: dict[str, bytes] = {}

    def save(image: Any) -> dict[str, str]:
        ext = IMAGE_TYPES.get((image.content_type or "").lower())
        if ext is None:
            notes.append(_note(path, E_("an image of type `{content_type}` was not imported: "
                                        "browsers cannot show it",
                                        content_type=image.content_type),
                               E_("save it as PNG or JPEG and add it beside the report by hand"),
                               "import.image-type"))
            return {}
        try:
            with image.open() as f:
                content = f.read(MAX_BYTES + 1)
        except InvalidFileReferenceError:
            return {}  # a linked image: listed above
        token = f"clay-import-image-{len(images) + 1}.{ext}"
        images[token] = content
        return {"src": token}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            convert_image=mammoth.images.img_element(save),
            style_map="p[style-name='Title'] => h1.clay-title:fresh\n"
                      "p[style-name='Subtitle'] => h2:fresh",
        )
    except Exception as exc:  # noqa: BLE001 - any broken part is one line, never a traceback
        raise ImportProblem(E_("{path}: Word's reader could not read it ({__name__}: {str}) — open "
                               "it in Word and save it again as .docx",
                               path=path, __name__=type(exc).__name__, str=str(exc)[:200])
                            ) from None
    notes += [_note(path, E_("Word's reader: {message}",
                             message=m.message), E_("check that part of the report"),
                    "import.word", Severity.INFO) for m in result.messages]
    title, blocks = html_to_blocks(result.value, path, notes)
    return Imported(title, blocks, images, notes)


def _note(path: Path, message: str, fix: str, code: str,
          severity: Severity = Severity.WARNING) -> Finding:
    return Finding(path.name, None, None, message, fix, severity, code)


class _Converter(MarkdownConverter):  # type: ignore[misc]
    """markdownify with text escaped for Python-Markdown, and only safe links and images."""

    def __init__(self, path: Path, notes: list[Finding]) -> None:
        super().__init__(heading_style="ATX", bullets="-", newline_style="BACKSLASH",
                         table_infer_header=True, escape_misc=False)
        self.path, self.notes = path, notes

    def escape(self, text: str, parent_tags: Any = None) -> str:
        return escape(text)

    def convert_a(self, el: Tag, text: str, parent_tags: Any = None) -> str:
        href = str(el.get("href") or "")
        if not href or href.startswith("#") or not text.strip():
            return text  # Word's bookmarks (`#_Toc…`) are not pages
        link = safe_link(href)
        if link is None:
            self.notes.append(_note(
                self.path, E_("the link `{href}` was kept as text only: links may lead only to "
                              "http, https and mailto addresses",
                              href=href[:80]), E_("write the web address by hand if it is "
                                                          "one"), "import.link"))
            return text
        return f"[{text}]({link})"

    def convert_img(self, el: Tag, text: str, parent_tags: Any = None) -> str:
        src = str(el.get("src") or "")
        if not IMAGE_TOKEN.fullmatch(src):
            return ""
        alt = escape(" ".join(str(el.get("alt") or "").split()))
        return f"![{alt}]({src})"


def _plain(el: Tag) -> str:
    """The text of a block; the items of a list or a table stay apart."""
    for br in el.find_all("br"):
        br.replace_with(" ")
    separator = "" if el.name == "p" or el.name.startswith("h") else " "
    return " ".join(el.get_text(separator).split())


def html_to_blocks(html: str, path: Path, notes: list[Finding]) -> tuple[str, list[Block]]:
    """mammoth's HTML as the title (Word's Title, else a first heading) and Markdown blocks in
    which no heading is a second `# …` title."""
    soup = BeautifulSoup(html, "html.parser")
    top = [el for el in soup.children if isinstance(el, Tag)]
    title_el = soup.find(class_="clay-title")
    if not isinstance(title_el, Tag) and top and re.fullmatch(r"h[1-6]", top[0].name):
        title_el = top[0]
    title = TODO
    if isinstance(title_el, Tag):
        title = _plain(title_el) or TODO
        top = [el for el in top if el is not title_el]
    headings = [el for el in top if re.fullmatch(r"h[1-6]", el.name)]
    shift = 1 if any(h.name == "h1" for h in headings) else 0
    for h in headings:
        h.name = f"h{min(6, int(h.name[1]) + shift)}"
    converter = _Converter(path, notes)
    blocks: list[Block] = []
    for el in top:
        markdown = converter.convert_soup(el).strip()  # before _plain, which drops <br>
        if not markdown or re.fullmatch(r"[*_\s\\]*", markdown):
            continue
        kind = el.name if el.name != "p" or not markdown.startswith("![") else "image"
        kind = {"ul": "list", "ol": "list"}.get(kind, kind)
        blocks.append(Block(markdown, _plain(el), kind))
    if title == TODO and blocks and blocks[0].kind == "p":
        first = blocks[0]
        if _BOLD_ONLY.match(first.markdown) or len(first.plain) <= 200:
            title = first.plain
            blocks.pop(0)
    return title, blocks
