"""Romanian typography: the letters and quotation marks that Word and old keyboards get wrong.

- ş ţ Ş Ţ (cedilla, U+015F U+0163 U+015E U+0162) are not ș ț Ș Ț (comma below, U+0219 U+021B
  U+0218 U+021A); they are not Unicode-equivalent, so search and spell-checkers miss them.
  Checked in every content file (English texts name Romanian places and bodies too).
- ã (tilde) is a Portuguese letter that Romanian keyboards produce instead of ă (breve).
- "…" straight quotes stand where Romanian uses „…”.
The last two only in Romanian files. Code blocks, inline code, URLs, HTML tags, link targets
and front-matter keys are never checked nor changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from clay_plugins.content.findings import Finding, Severity

CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
TILDE = {"ã": "ă", "Ã": "Ă"}

_FENCE = re.compile(r"^\s*(```|~~~)")
# Inline spans that are not prose: code, autolinks and bare URLs, HTML tags, link targets
# with their optional title, reference-link definitions, attribute lists.
_NOT_PROSE = re.compile(
    r"`+[^`]*`+"
    r"|<[a-zA-Z/!][^>]*>"
    r"|https?://[^\s)>\]]+"
    r"|\]\([^)]*\)"
    r"|^\s*\[[^\]]+\]:\s*\S+.*$"
    r"|\{[:#.][^}]*\}"
    r"|^\s*(?:!!!|\?\?\?\+?)\s.*$"
)
_FM_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:[\w-]+\s*:\s*)?)(.*)$")
_OPENERS = set(" \t([{—–-/\u00a0„«")


def _prose_spans(lines: list[str]) -> Iterator[tuple[int, int, int]]:
    """Yield (line index, start, end) of the parts of each line that are text to check."""
    in_fm = bool(lines) and lines[0].strip() == "---"
    fence: str | None = None
    for i, line in enumerate(lines):
        if in_fm:
            if i == 0:
                continue
            if line.strip() in ("---", "..."):
                in_fm = False
                continue
            m = _FM_VALUE.match(line)
            if m and m.group(2) and not line.lstrip().startswith("#"):
                yield i, m.start(2), len(line)
            continue
        fm = _FENCE.match(line)
        if fm:
            marker = fm.group(1)
            if fence is None:
                fence = marker
            elif marker == fence:
                fence = None
            continue
        if fence is not None:
            continue
        pos = 0
        for m in _NOT_PROSE.finditer(line):
            if m.start() > pos:
                yield i, pos, m.start()
            pos = max(pos, m.end())
        if pos < len(line):
            yield i, pos, len(line)


def _front_matter_end(lines: list[str]) -> int:
    """Index of the closing `---` (-1 when there is no front matter)."""
    if not lines or lines[0].strip() != "---":
        return -1
    for j in range(1, len(lines)):
        if lines[j].strip() in ("---", "..."):
            return j
    return len(lines)


def scan(text: str, path: str, *, romanian: bool) -> tuple[str, list[Finding]]:
    """Return the fixed text and one finding per character that is wrong."""
    lines = text.split("\n")
    findings: list[Finding] = []
    fixed = [list(line) for line in lines]
    quote_open: dict[int, bool] = {}
    fm_end = _front_matter_end(lines)
    for i, start, end in _prose_spans(lines):
        line = lines[i]
        in_fm = i <= fm_end
        for col in range(start, end):
            ch = line[col]
            if ch in CEDILLA:
                good = CEDILLA[ch]
                findings.append(Finding(
                    path, i + 1, col + 1,
                    f"the letter “{ch}” (with cedilla) is the wrong character for Romanian",
                    f"write “{good}” (comma below) instead; `clay check --fix` does it",
                    Severity.WARNING, "typography.cedilla",
                ))
                fixed[i][col] = good
            elif romanian and ch in TILDE:
                good = TILDE[ch]
                findings.append(Finding(
                    path, i + 1, col + 1,
                    f"“{ch}” (a with tilde) is not a Romanian letter",
                    f"write “{good}” (a with breve) instead; `clay check --fix` does it",
                    Severity.WARNING, "typography.tilde",
                ))
                fixed[i][col] = good
            elif romanian and ch == '"' and not in_fm:
                prev = line[col - 1] if col > 0 else " "
                opening = prev in _OPENERS and not quote_open.get(i, False)
                quote_open[i] = opening
                good = "„" if opening else "”"
                findings.append(Finding(
                    path, i + 1, col + 1,
                    "straight quotation mark in Romanian text",
                    f"use „…” (here “{good}”); `clay check --fix` does it",
                    Severity.WARNING, "typography.quotes",
                ))
                fixed[i][col] = good
    return "\n".join("".join(chars) for chars in fixed), findings


def check(text: str, path: str, *, romanian: bool) -> list[Finding]:
    return scan(text, path, romanian=romanian)[1]


def fix(text: str, path: str = "", *, romanian: bool) -> tuple[str, list[Finding]]:
    return scan(text, path, romanian=romanian)


def check_cedilla(text: str, path: str) -> list[Finding]:
    """Only the cedilla letters: what the build itself warns about in every file."""
    return [f for f in check(text, path, romanian=False) if f.code == "typography.cedilla"]
