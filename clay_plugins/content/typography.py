"""Romanian typography: the letters and quotation marks that Word and old keyboards get wrong.

- ş ţ Ş Ţ (cedilla, U+015F U+0163 U+015E U+0162) are not ș ț Ș Ț (comma below, U+0219 U+021B
  U+0218 U+021A); they are not Unicode-equivalent, so search and spell-checkers miss them.
  Checked in every content file (English texts name Romanian places and bodies too).
- ã (tilde) is a Portuguese letter that Romanian keyboards produce instead of ă (breve).
- "…" straight quotes, and the English opening quote “ (U+201C) that Word puts in, stand where
  Romanian uses „…” (U+201E … U+201D).
The last two only in Romanian files. Fenced code blocks, inline code, URLs, HTML tags, link
targets, attribute lists and front-matter keys are never checked nor changed; straight quotes in
front matter are YAML syntax, and the quotes of an admonition title (`!!! note "…"`) Markdown
syntax, so both are left alone. Indented lines are checked: in this site's Markdown they are the
content of admonitions and lists, not code (code is always fenced).

Quotes are paired per paragraph (a quotation may wrap over several lines of Markdown): a
straight quote opens after a space, an opening bracket or a dash, or at the start of a line,
unless a quotation is already open in the paragraph; otherwise it closes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clay_plugins.content.findings import Finding, Severity

CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
TILDE = {"ã": "ă", "Ã": "Ă"}
RO_OPEN = "„"  # U+201E
RO_CLOSE = "”"  # U+201D
EN_OPEN = "“"  # U+201C: an opening quote in English, wrong in Romanian

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# the only characters the rules look at: skipping the rest keeps `clay check` fast
_INTERESTING = re.compile("[" + "".join(CEDILLA) + "".join(TILDE) + '"' + RO_OPEN + RO_CLOSE
                          + EN_OPEN + "]")
# Inline spans that are not prose: code, autolinks and bare URLs, HTML tags, link targets
# with their optional title, reference-link definitions, attribute lists.
_NOT_PROSE = re.compile(
    r"`+[^`]*`+"
    r"|<[a-zA-Z/!][^>]*>"
    r"|(?:https?|ftp)://[^\s)>\]]+"
    r"|\bwww\.[^\s)>\]]+"
    r"|\bmailto:[^\s)>\]]+"
    r"|\]\([^)]*\)"
    r"|^\s*\[[^\]]+\]:\s*\S+.*$"
    r"|\{[:#.][^}]*\}"
)
_URL = re.compile(r"(?:https?|ftp)://\S+|\bwww\.\S+|\bmailto:\S+")
# `!!! note "Title"`: the quotes are syntax, the title is prose.
_ADMONITION = re.compile(r'^(\s*(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+[\w-]+)*\s*)(?:"([^"]*)")?\s*$')
_FM_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:[\w-]+\s*:(?:\s+|$))?)(.*)$")
_OPENERS = set(" \t([{—–-/\u00a0„«")


def _spans_without(line: str, start: int, end: int, pattern: re.Pattern[str]) -> Iterator[
    tuple[int, int]
]:
    """The parts of line[start:end] that `pattern` does not match."""
    pos = start
    for m in pattern.finditer(line, start, end):
        if m.start() > pos:
            yield pos, m.start()
        pos = max(pos, m.end())
    if pos < end:
        yield pos, end


def _prose_spans(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    """Yield (line index, start, end) of the parts of each line that are text to check."""
    fm_end = front_matter_end(lines)
    fence: str | None = None
    for i, line in enumerate(lines):
        if i <= fm_end:
            if i == 0 or i == fm_end:
                continue
            m = _FM_VALUE.match(line)
            if m and m.group(2) and not line.lstrip().startswith("#"):
                for s, e in _spans_without(line, m.start(2), len(line), _URL):
                    yield i, s, e
            continue
        fm = _FENCE.match(line)
        if fm:
            marker = fm.group(1)
            if fence is None:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip()[
                len(marker):
            ].strip():
                fence = None
            continue
        if fence is not None:
            continue
        adm = _ADMONITION.match(line)
        if adm:
            if adm.group(2):
                yield i, adm.start(2), adm.end(2)
            continue
        for s, e in _spans_without(line, 0, len(line), _NOT_PROSE):
            yield i, s, e


def front_matter_end(lines: list[str]) -> int:
    """Index of the closing `---` (-1 when there is no front matter)."""
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        return -1
    for j in range(1, len(lines)):
        if lines[j].strip() in ("---", "..."):
            return j
    return len(lines)


def _starts_block(line: str) -> bool:
    """A blank line, a heading or a fence ends the paragraph a quotation may span."""
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or bool(_FENCE.match(line))


def scan(text: str, path: str, *, romanian: bool) -> tuple[str, list[Finding]]:
    """Return the fixed text and one finding per character that is wrong."""
    lines = text.split("\n")
    findings: list[Finding] = []
    changes: dict[int, dict[int, str]] = {}  # line -> column -> replacement
    fm_end = front_matter_end(lines)
    # paragraph number of each line: a quotation never runs past a blank line or a heading
    paragraph: list[int] = []
    number = 0
    for line in lines:
        if _starts_block(line):
            number += 1
        paragraph.append(number)
        if line.lstrip().startswith("#"):
            number += 1  # a heading is a paragraph of its own
    quote_open = False
    current = -1
    for i, start, end in _prose_spans(lines):
        line = lines[i]
        in_fm = i <= fm_end
        if in_fm or paragraph[i] != current:
            quote_open = False
            current = paragraph[i]
        for m in _INTERESTING.finditer(line, start, end):
            col = m.start()
            ch = m.group()
            if ch in CEDILLA:
                good = CEDILLA[ch]
                findings.append(Finding(
                    path, i + 1, col + 1,
                    f"the letter “{ch}” (with cedilla) is the wrong character for Romanian",
                    f"write “{good}” (comma below) instead; `clay check --fix` does it",
                    Severity.WARNING, "typography.cedilla",
                ))
                changes.setdefault(i, {})[col] = good
            elif not romanian:
                continue
            elif ch in TILDE:
                good = TILDE[ch]
                findings.append(Finding(
                    path, i + 1, col + 1,
                    f"“{ch}” (a with tilde) is not a Romanian letter",
                    f"write “{good}” (a with breve) instead; `clay check --fix` does it",
                    Severity.WARNING, "typography.tilde",
                ))
                changes.setdefault(i, {})[col] = good
            elif ch == RO_OPEN:
                quote_open = True
            elif ch == RO_CLOSE:
                quote_open = False
            elif ch == EN_OPEN:
                quote_open = True
                findings.append(Finding(
                    path, i + 1, col + 1,
                    "English opening quotation mark “ in Romanian text",
                    "Romanian quotations open low: write „ instead; `clay check --fix` does it",
                    Severity.WARNING, "typography.quotes",
                ))
                changes.setdefault(i, {})[col] = RO_OPEN
            elif ch == '"' and not in_fm:
                prev = line[col - 1] if col > 0 else " "
                opening = prev in _OPENERS and not quote_open
                quote_open = opening
                good = RO_OPEN if opening else RO_CLOSE
                findings.append(Finding(
                    path, i + 1, col + 1,
                    "straight quotation mark in Romanian text",
                    f"use „…” (here “{good}”); `clay check --fix` does it",
                    Severity.WARNING, "typography.quotes",
                ))
                changes.setdefault(i, {})[col] = good
    for i, at in changes.items():
        chars = list(lines[i])
        for col, good in at.items():
            chars[col] = good
        lines[i] = "".join(chars)
    return "\n".join(lines), findings


def check(text: str, path: str, *, romanian: bool) -> list[Finding]:
    return scan(text, path, romanian=romanian)[1]


def fix(text: str, path: str = "", *, romanian: bool) -> tuple[str, list[Finding]]:
    return scan(text, path, romanian=romanian)


def check_cedilla(text: str, path: str) -> list[Finding]:
    """Only the cedilla letters: what the build itself warns about in every file."""
    return [f for f in check(text, path, romanian=False) if f.code == "typography.cedilla"]
