"""`clay import`: a report written in Word (.docx) or as plain text (a press release) becomes
a Romanian meeting report in the editors' format.

Word files are read with mammoth (well kept, maps styles to clean HTML, gives image alt text);
its HTML is turned into Markdown here. Plain text is taken as Markdown-like paragraphs (a
`**bold**` first paragraph is the title). The facts the contract needs are recognised where the
text states them: the date ("8 aprilie 2021"), the ordinal ("a șasea", "cea de-a șasea", "a 6-a")
and the platform (Cisco Webex, Zoom, Microsoft Teams...), from which the format follows. A
required fact that is not found is written as a visible `TODO`, which `clay check` reports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from clay_plugins.content import typography
from clay_plugins.content.findings import Finding, Severity

TODO = "TODO"

RO_MONTHS = {
    "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "mai": 5, "iunie": 6,
    "iulie": 7, "august": 8, "septembrie": 9, "octombrie": 10, "noiembrie": 11, "decembrie": 12,
}
# feminine (întâlnirea, reuniunea) and masculine (evenimentul) forms, without diacritics
ORDINALS = {
    "prima": 1, "primul": 1, "intai": 1, "intaia": 1, "doua": 2, "doilea": 2, "treia": 3,
    "treilea": 3, "patra": 4, "patrulea": 4, "cincea": 5, "cincilea": 5, "sasea": 6,
    "saselea": 6, "saptea": 7, "saptelea": 7, "opta": 8, "optulea": 8, "noua": 9, "noualea": 9,
    "zecea": 10, "zecelea": 10, "unsprezecea": 11, "unsprezecelea": 11, "douasprezecea": 12,
    "doisprezecelea": 12,
}
ROMAN = {"I": 1, "V": 5, "X": 10}
PLATFORMS = [
    (r"cisco\s+webex|webex", "Cisco Webex"),
    (r"microsoft\s+teams|ms\s+teams", "Microsoft Teams"),
    (r"google\s+meet", "Google Meet"),
    (r"zoom", "Zoom"),
    (r"skype", "Skype"),
    (r"gotomeeting", "GoToMeeting"),
    (r"jitsi(?:\s+meet)?", "Jitsi Meet"),
]
_MEETING_WORDS = r"(?:intalnir\w*|reuniun\w*|sedint\w*|intrunir\w*|eveniment\w*|sesiun\w*)"
_ONLINE_WORDS = re.compile(r"\b(?:online|on-line|virtual\w*|videoconferint\w*|webinar\w*)\b")
_IN_PERSON_WORDS = re.compile(
    r"\b(?:fizic\w*|fata in fata|la sediul|in sala|in incinta)\b"
)
_HYBRID_WORDS = re.compile(r"\bhibrid\w*\b")
DIACRITICS = str.maketrans("ăâîșțşţĂÂÎȘȚŞŢ", "aaistSTAAISTST")


def strip_diacritics(text: str) -> str:
    """Romanian letters to plain ones (ă→a, ș→s, ț→t, â→a, î→i), then any other accent."""
    text = text.translate(DIACRITICS)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def slugify(text: str, *, max_length: int = 40) -> str:
    """A file-name slug: lower case ASCII words joined by hyphens, cut at a word boundary."""
    words = re.findall(r"[a-z0-9]+", strip_diacritics(text).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    # a name does not end on a preposition: `...-de-lucru`, not `...-de-lucru-la`
    parts = slug.split("-")
    while len(parts) > 1 and parts[-1] in _SMALL_WORDS:
        parts.pop()
    return "-".join(parts) or "raport"


_SMALL_WORDS = {"a", "al", "ale", "la", "de", "din", "si", "in", "cu", "pe", "pentru", "the", "of",
                "and", "at", "on"}


@dataclass
class Facts:
    date: str | None = None
    number: int | None = None
    platform: str | None = None
    format: str | None = None


@dataclass
class Imported:
    """A document read from Word or text: its title, Markdown blocks and images."""

    title: str
    blocks: list[str]
    images: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # token -> (data, ext)
    messages: list[str] = field(default_factory=list)


def _parse_date(text: str) -> str | None:
    plain = strip_diacritics(text).lower()
    months = "|".join(RO_MONTHS)
    pattern = re.compile(
        rf"\b(\d{{1,2}})\s+({months})\s+(\d{{4}})\b|\b(\d{{1,2}})[./](\d{{1,2}})[./](\d{{4}})\b"
    )
    for m in pattern.finditer(plain):
        try:
            if m.group(1):
                day = dt.date(int(m.group(3)), RO_MONTHS[m.group(2)], int(m.group(1)))
            else:
                day = dt.date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
        except ValueError:
            continue
        return day.isoformat()
    return None


def _roman(value: str) -> int:
    total = 0
    for i, ch in enumerate(value):
        n = ROMAN[ch]
        total += -n if i + 1 < len(value) and ROMAN[value[i + 1]] > n else n
    return total


def _parse_number(text: str) -> int | None:
    plain = strip_diacritics(text)
    lower = plain.lower()
    words = "|".join(sorted(ORDINALS, key=len, reverse=True))
    m = re.search(
        rf"\b(?:(?:cea\s+de-a|cel\s+de-al|a|al)\s+)?({words})\s+(?:[\w-]+\s+){{0,2}}?"
        rf"{_MEETING_WORDS}\b",
        lower,
    )
    numeric = re.search(
        rf"\b(?:cea\s+de-a|cel\s+de-al|a|al)\s+(\d{{1,3}}|[IVX]+)-(?:a|lea)\s+"
        rf"(?:[\w-]+\s+){{0,2}}?{_MEETING_WORDS}\b",
        plain, re.IGNORECASE,
    )
    found = [x for x in (m, numeric) if x]
    if not found:
        return None
    first = min(found, key=lambda x: x.start())
    value = first.group(1)
    if first is m:
        return ORDINALS[value]
    return int(value) if value.isdigit() else _roman(value.upper())


def _parse_platform(text: str) -> str | None:
    plain = strip_diacritics(text).lower()
    best: tuple[int, str] | None = None
    for pattern, name in PLATFORMS:
        m = re.search(rf"\b(?:{pattern})\b", plain)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name)
    return best[1] if best else None


def recognise(title: str, text: str) -> Facts:
    """The facts the title and the text state, title first."""
    whole = f"{title}\n{text}"
    facts = Facts(date=_parse_date(whole), number=_parse_number(whole),
                  platform=_parse_platform(whole))
    plain = strip_diacritics(whole).lower()
    online = facts.platform is not None or bool(_ONLINE_WORDS.search(plain))
    in_person = bool(_IN_PERSON_WORDS.search(plain))
    if _HYBRID_WORDS.search(plain) or (online and in_person):
        facts.format = "hybrid"
    elif online:
        facts.format = "online"
    elif in_person:
        facts.format = "in-person"
    return facts


# --- reading -------------------------------------------------------------------------------

_BOLD_ONLY = re.compile(r"^\*\*(.+)\*\*$", re.DOTALL)
_BARE_URL = re.compile(r"(?<![<(\[\w])(https?://[^\s<>)\]]+[^\s<>)\].,;:!?])")


def read_text(text: str) -> Imported:
    """Plain text: paragraphs separated by blank lines; a first paragraph in `**…**` (or the first
    short line) is the title."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    if not paragraphs:
        return Imported(TODO, [])
    first = " ".join(line.strip() for line in paragraphs[0].splitlines())
    bold = _BOLD_ONLY.match(first)
    title = bold.group(1).strip() if bold else first.lstrip("# ").strip()
    blocks = []
    for para in paragraphs[1:]:
        joined = " ".join(line.strip() for line in para.splitlines())
        blocks.append(_BARE_URL.sub(r"<\1>", joined))
    return Imported(title, blocks)


class _HtmlToMarkdown(HTMLParser):
    """The HTML mammoth produces (headings, paragraphs, lists, links, images, emphasis, tables)
    as Markdown blocks."""

    _INLINE = {"strong": "**", "b": "**", "em": "*", "i": "*"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []  # (tag, markdown)
        self._buf: list[str] = []
        self._block = "p"
        self._lists: list[tuple[str, int]] = []
        self._links: list[str] = []
        self._cells: list[str] | None = None
        self._rows: list[list[str]] = []

    def _flush(self) -> None:
        text = re.sub(r"[ \t]+", " ", "".join(self._buf)).strip()
        text = text.replace(" \n", "\n").replace("\n ", "\n")
        self._buf = []
        if not text or re.fullmatch(r"(\*\*|\*)+", text):
            return
        if self._cells is not None:
            self._cells.append(text.replace("|", "\\|").replace("\n", " "))
            return
        if self._lists:
            kind, count = self._lists[-1]
            indent = "   " * (len(self._lists) - 1)
            marker = f"{count}." if kind == "ol" else "-"
            self.blocks.append(("li", f"{indent}{marker} {text}"))
            return
        self.blocks.append((self._block, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self._block = tag
        elif tag in ("ul", "ol"):
            self._flush()
            self._lists.append((tag, 0))
        elif tag == "li":
            self._flush()
            kind, count = self._lists[-1] if self._lists else ("ul", 0)
            if self._lists:
                self._lists[-1] = (kind, count + 1)
        elif tag in self._INLINE:
            self._buf.append(self._INLINE[tag])
        elif tag == "a":
            # Word's internal bookmarks (`#_Toc…`, footnote references) are not pages: text only
            href = a.get("href", "")
            href = "" if href.startswith("#") else href
            self._links.append(href)
            self._buf.append("[" if href else "")
        elif tag == "img":
            alt = a.get("alt", "").replace("]", "").replace("\n", " ")
            self._buf.append(f"![{alt}]({a.get('src', '')})")
        elif tag == "br":
            self._buf.append("\\\n")
        elif tag == "table":
            self._flush()
            self._rows = []
        elif tag == "tr":
            self._cells = []
        elif tag in ("td", "th"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6"):
            self._flush()
            self._block = "p"
        elif tag == "li":
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag in self._INLINE:
            self._buf.append(self._INLINE[tag])
        elif tag == "a":
            href = self._links.pop() if self._links else ""
            if href:
                self._buf.append(f"]({href})")
        elif tag in ("td", "th"):
            self._flush()
        elif tag == "tr":
            if self._cells is not None:
                self._rows.append(self._cells)
            self._cells = None
        elif tag == "table":
            self._table()

    def _table(self) -> None:
        rows = [r for r in self._rows if r]
        self._rows = []
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
        lines += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        self.blocks.append(("table", "\n".join(lines)))

    def handle_data(self, data: str) -> None:
        text = data.replace("\n", " ")
        if self._block == "p" and not self._lists:
            # Markdown would read these at a line start as syntax
            text = re.sub(r"^(\s*)([#>])", r"\1\\\2", text) if not self._buf else text
        self._buf.append(text)

    def close(self) -> None:
        super().close()
        self._flush()


def read_docx(path: Path) -> Imported:
    import mammoth

    images: dict[str, tuple[bytes, str]] = {}

    def save(image: Any) -> dict[str, str]:
        ext = (mammoth.images.image_filename_extension(image) or "png").lower()
        ext = {"jpeg": "jpg", "x-emf": "emf", "x-wmf": "wmf"}.get(ext, ext)
        token = f"clay-import-image-{len(images) + 1}.{ext}"
        with image.open() as data:
            images[token] = (data.read(), ext)
        return {"src": token}

    try:
        with open(path, "rb") as f:
            result = mammoth.convert_to_html(
                f,
                convert_image=mammoth.images.img_element(save),
                style_map="p[style-name='Title'] => h1:fresh\n"
                          "p[style-name='Subtitle'] => h2:fresh",
            )
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ImportProblem(
            f"{path}: not a Word .docx document ({exc}) — open it in Word and save it again as "
            ".docx (an old .doc file must be saved as .docx first)"
        ) from None
    parser = _HtmlToMarkdown()
    parser.feed(result.value)
    parser.close()
    messages = [m.message for m in result.messages]
    blocks = parser.blocks
    title = TODO
    for i, (tag, text) in enumerate(blocks):
        if tag == "h1":
            title = text
            del blocks[i]
            break
    else:
        if blocks and _BOLD_ONLY.match(blocks[0][1]):
            title = _BOLD_ONLY.match(blocks[0][1]).group(1)  # type: ignore[union-attr]
            del blocks[0]
        elif blocks and len(blocks[0][1]) <= 200:
            title = blocks[0][1]
            del blocks[0]
    markdown: list[str] = []
    for tag, text in blocks:
        if tag.startswith("h") and tag[1:].isdigit():
            markdown.append("#" * int(tag[1:]) + " " + text)
        elif tag == "li" and markdown and markdown[-1].lstrip()[:2] in ("- ", *_numbered()):
            markdown[-1] += "\n" + text
        else:
            markdown.append(text)
    return Imported(title.replace("**", ""), markdown, images, messages)


def _numbered() -> tuple[str, ...]:
    return tuple(f"{n}." for n in range(1, 10))


# --- writing -------------------------------------------------------------------------------

def yaml_text(value: str) -> str:
    """A YAML scalar for text: plain when YAML reads it back as the same text, otherwise
    double-quoted (JSON's double-quoted strings are valid YAML)."""
    if re.fullmatch(r"[\w„”«»()–—.,;!?' /-]+", value) and value[0] not in "-?!'":
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĂÂÎȘȚ„«])")
_DATELINE = re.compile(r"^[^.]{0,80},\s*\d{1,2}\s+\w+\s+\d{4}\.?$")


def summary_of(blocks: list[str]) -> str | None:
    """The first sentence of the first real paragraph, when it fits the 300-character limit."""
    for block in blocks:
        if block.startswith(("#", "!", "|", "-", "<")) or _DATELINE.match(block):
            continue
        plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block).replace("**", "")
        sentence = _SENTENCE_END.split(plain, maxsplit=1)[0].strip()
        return sentence if 0 < len(sentence) <= 300 else None
    return None


@dataclass
class Report:
    text: str
    facts: Facts
    slug: str
    images: dict[str, tuple[bytes, str]]
    messages: list[str]
    todo: list[str]


def build_report(doc: Imported, *, slug: str | None = None) -> Report:
    # Word's cedilla letters and English quotes fixed before anything is taken from the text
    title = typography.fix(doc.title, romanian=True)[0].strip() or TODO
    blocks = [typography.fix(block, romanian=True)[0] for block in doc.blocks]
    facts = recognise(title, "\n\n".join(blocks))
    # a press release's dateline ("Craiova, 8 aprilie 2021") is now the `date` fact
    if blocks and facts.date and _DATELINE.match(blocks[0]) and _parse_date(blocks[0]):
        blocks.pop(0)
    summary = summary_of(blocks)
    todo: list[str] = []
    fm = ["---", f"title: {yaml_text(title)}"]
    if title == TODO:
        todo.append("title")
    if summary:
        fm.append(f"summary: {yaml_text(summary)}")
    else:
        fm.append(f"summary: {TODO}  # one or two sentences, at most 300 characters")
        todo.append("summary")
    if facts.date:
        fm.append(f"date: {facts.date}")
    else:
        fm.append(f"date: {TODO}  # YYYY-MM-DD, the day of the meeting")
        todo.append("date")
    fm.append("# time: HH:MM  # or HH:MM-HH:MM, Bucharest time")
    fm.append("# series: stakeholder-group")
    if facts.number:
        fm.append(f"number: {facts.number}")
    else:
        fm.append("# number:  # the meeting's number in its series; counted when absent")
    if facts.format:
        fm.append(f"format: {facts.format}")
    else:
        fm.append(f"format: {TODO}  # online, in-person or hybrid")
        todo.append("format")
    if facts.format in ("online", "hybrid"):
        if facts.platform:
            fm.append(f"platform: {yaml_text(facts.platform)}")
        else:
            fm.append(f"platform: {TODO}  # e.g. Cisco Webex, Zoom, Microsoft Teams")
            todo.append("platform")
    else:
        fm.append("# platform:  # for online and hybrid meetings, e.g. Cisco Webex")
    if facts.format in ("in-person", "hybrid"):
        fm.append(f"venue: {TODO}  # place and town")
        todo.append("venue")
    else:
        fm.append("# venue:  # for in-person and hybrid meetings: place and town")
    fm += [
        "# organiser: ADR Sud-Vest Oltenia",
        "# participants:  # a whole number",
        "# topics: [action-plan]",
        "# action_plan: [1]",
        "---",
    ]
    body = "\n\n".join(blocks)
    text = "\n".join(fm) + "\n\n" + body.strip() + "\n"
    name = slug or slugify(title if title != TODO else "raport")
    return Report(text, facts, name, dict(doc.images), list(doc.messages), todo)


class ImportProblem(Exception):
    """The file cannot be imported; the message says why and what to do."""


def import_file(source: Path, *, docs_dir: Path, output: Path | None = None,
                slug: str | None = None, meetings_dir: str = "meetings",
                exists: Callable[[Path], bool] = Path.exists) -> tuple[Path, Report]:
    """Read `source` (.docx, or text), write the Romanian report and its images; return its path.

    Raises FileExistsError rather than overwrite a report.
    """
    if source.suffix.lower() == ".docx":
        doc = read_docx(source)
    else:
        try:
            doc = read_text(source.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError:
            raise ImportProblem(
                f"{source}: neither a Word .docx file nor UTF-8 text — save it from Word as "
                ".docx (or as plain text, UTF-8)"
            ) from None
    report = build_report(doc, slug=slug)
    if output is None:
        date = report.facts.date or TODO
        output = docs_dir / meetings_dir / f"{date}-{report.slug}.md"
    if exists(output):
        raise FileExistsError(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    text = report.text
    stem = output.name[:-3] if output.name.endswith(".md") else output.stem
    for n, (token, (data, ext)) in enumerate(report.images.items(), start=1):
        image = output.parent / f"{stem}-{n}.{ext}"
        image.write_bytes(data)
        text = text.replace(f"]({token})", f"]({image.name})")
    output.write_text(text, encoding="utf-8")
    report.text = text
    return output, report


# --- the TODO markers ----------------------------------------------------------------------

_TODO_VALUE = re.compile(r"^(?P<key>[\w-]+)\s*:\s*(?P<value>[\"']?TODO\b)")
TODO_HINTS = {
    "title": "write the title of the report",
    "summary": "write one or two sentences (at most 300 characters) about the meeting",
    "date": "write the day of the meeting as YYYY-MM-DD and rename the file to start with it",
    "format": "write online, in-person or hybrid",
    "platform": "write the platform, e.g. Cisco Webex, Zoom or Microsoft Teams",
    "venue": "write the place and the town",
}


def find_todos(text: str, path: str) -> list[Finding]:
    """One error per front-matter value still reading `TODO` (what `clay import` could not
    recognise)."""
    lines = text.split("\n")
    end = typography.front_matter_end(lines)
    findings: list[Finding] = []
    for i in range(1, max(end, 0)):
        m = _TODO_VALUE.match(lines[i])
        if not m:
            continue
        key = m.group("key")
        findings.append(Finding(
            path, i + 1, m.start("value") + 1,
            f"`{key}` is still TODO: the import could not find it in the text",
            TODO_HINTS.get(key, f"write the value of `{key}`, or remove the line"),
            Severity.ERROR, "frontmatter.todo",
        ))
    return findings
