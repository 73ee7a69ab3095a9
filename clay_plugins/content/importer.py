"""`clay import`: a report written in Word (.docx) or as plain text (a press release) becomes
a Romanian meeting report in the editors' format.

The document is read by `reading` (as escaped Markdown and plain text, within limits); here its
front matter is made. The facts the contract needs are recognised where the
text states them: the date ("8 aprilie 2021"), the ordinal ("a șasea", "cea de-a șasea", "a 6-a")
and the platform (Cisco Webex, Zoom, Microsoft Teams...), from which the format follows. A
required fact that is not found is written as a visible `TODO`, which `clay check` reports.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import asdict, dataclass, replace

from clay_plugins.content import meeting, typography
from clay_plugins.content.drafts import draft, yaml_text
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.reading import TODO, Block, Imported
from clay_plugins.l10n import E_

__all__ = ["TODO", "Block", "Imported", "build_report", "find_todos", "recognise", "slugify",
           "yaml_text"]

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


# A new file's name without `.md` (the date or number in front, then the slug) is at most this
# long: the web editor's `slug.maxlength` (clay_plugins/admin/config.py), so that both tools
# name a report alike.
NAME_MAX = 51


def slugify(text: str, *, max_length: int = NAME_MAX - len("YYYY-MM-DD-")) -> str:
    """A file-name slug by the web editor's rule (Sveltia CMS's documented slug options
    `encoding: ascii`, `clean_accents: true`, `sanitize_replacement: "-"`, `maxlength`): letters
    without their diacritics, every run of other characters one hyphen, lower case, cut at
    `max_length` characters with no hyphen at the end."""
    words = re.findall(r"[a-z0-9]+", strip_diacritics(text).lower())
    return "-".join(words)[:max_length].rstrip("-") or "raport"


@dataclass
class Facts:
    date: str | None = None
    number: int | None = None
    platform: str | None = None
    format: str | None = None


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


# --- writing -------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĂÂÎȘȚ„«])")
_DATELINE = re.compile(r"^[^.]{0,80},\s*\d{1,2}\s+\w+\s+\d{4}\.?$")


def summary_of(blocks: list[Block]) -> str | None:
    """The first sentence of the first real paragraph, when it fits the 300-character limit."""
    for block in blocks:
        if block.kind != "p" or _DATELINE.match(block.plain):
            continue
        sentence = _SENTENCE_END.split(block.plain, maxsplit=1)[0].strip()
        return sentence if 0 < len(sentence) <= 300 else None
    return None


@dataclass
class Report:
    text: str
    facts: Facts
    slug: str
    images: dict[str, bytes]
    notes: list[Finding]
    todo: list[str]
    # (field, language) -> value as written, in the default language: the translations'
    # drafts take the facts and the texts to translate from them
    values: dict[tuple[str, str], object]


def _fixed(block: Block) -> Block:
    return replace(block, markdown=typography.fix(block.markdown, romanian=True)[0],
                   plain=typography.fix(block.plain, romanian=True)[0])


def build_report(doc: Imported, *, slug: str | None = None, default: str = "ro",
                 editors: str | None = None) -> Report:
    """The report of `doc` in the site's default language (the document's, Romanian), its
    comments in the editors' language `editors` (None: English)."""
    # Word's cedilla letters and English quotes fixed before anything is taken from the text
    title = typography.fix(" ".join(doc.title.split()), romanian=True)[0] or TODO
    blocks = [_fixed(block) for block in doc.blocks]
    facts = recognise(title, "\n\n".join(b.plain for b in blocks))
    # a press release's dateline ("Craiova, 8 aprilie 2021") gives the `date` fact
    if blocks and facts.date and _DATELINE.match(blocks[0].plain) and _parse_date(
            blocks[0].plain):
        blocks.pop(0)
    summary = summary_of(blocks)
    # what the text says, mapped onto the report's declared fields (content/meeting.py);
    # the writer marks every required value it does not say as TODO
    found = {"title": title if title != TODO else None, "summary": summary or None,
             **{k: v for k, v in asdict(facts).items() if k in meeting.TYPE.keys}}
    values = {(key, default): value for key, value in found.items() if value is not None}
    body = "\n\n".join(b.markdown for b in blocks)
    text = draft(meeting.TYPE, values, None, [default], default, todo=True,
                 body=body.strip() + "\n", editors=editors)
    todo = [line.partition(":")[0] for line in text.split("\n---\n", 1)[0].splitlines()
            if line.partition(":")[2].strip().startswith(TODO)]
    name = slug or slugify(title if title != TODO else "raport")
    return Report(text, facts, name, dict(doc.images), list(doc.notes), todo, dict(values))


# --- the TODO markers ----------------------------------------------------------------------

_TODO_VALUE = re.compile(r"^(?P<key>[\w-]+)\s*:\s*(?P<value>[\"']?TODO\b)")
TODO_HINTS = {
    "title": E_("write the title of the report"),
    "summary": E_("write one or two sentences (at most 300 characters) about the meeting"),
    "date": E_("write the day of the meeting as YYYY-MM-DD and rename the file to start with it"),
    "format": E_("write online, in-person or hybrid"),
    "platform": E_("write the platform, e.g. Cisco Webex, Zoom or Microsoft Teams"),
    "venue": E_("write the place and the town"),
    "image_alt": E_("write what the photo shows, in the language of the file"),
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
            E_("`{key}` is still TODO: the import could not find it in the text", key=key),
            TODO_HINTS.get(key) or E_("write the value of `{key}`, or remove the line", key=key),
            Severity.ERROR, "frontmatter.todo",
        ))
    return findings
