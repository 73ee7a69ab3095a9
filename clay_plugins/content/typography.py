"""Romanian typography: the letters and quotation marks that Word and old keyboards get wrong.

- ş ţ Ş Ţ (cedilla, U+015F U+0163 U+015E U+0162) are not ș ț Ș Ț (comma below, U+0219 U+021B
  U+0218 U+021A); they are not Unicode-equivalent, so search and spell-checkers miss them.
  Checked in every content file (English texts name Romanian places and bodies too).
- ã (tilde) is a Portuguese letter that Romanian keyboards produce instead of ă (breve).
- "…" straight quotes, and the English opening quote “ (U+201C) that Word puts in, stand where
  Romanian uses „…” (U+201E … U+201D).
The last two only in Romanian files.

The text is read in Unicode's composed form (NFC): `s` followed by a combining cedilla (U+0327),
as some tools write it, is the letter ş, reported and fixed as one; `fix` writes the composed
ș and leaves every other character of the file as it was.

In titles (`title:` keys of the front matter, headings of the body) two kinds of invisible
characters are looked for too: zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF),
reported and removed by `fix` (`typography.zero-width`), and bidirectional controls (U+202A to
U+202E, U+2066 to U+2069), which can show a title reversed or hide part of it: an error
(`typography.bidi`) for the editor to delete. In front matter any bidirectional control is
refused when it is read (`frontmatter.control-character`).

Only text is looked at, as the one tokenizer of the checks reads the body (content/markdown.py's
`prose`, from markdown-it-py's tokens, the same that find links, headings and action ids): never
code (fenced with a fence of any length, indented, `inline`), raw HTML (tags and their
attributes, comments, the content of `<pre>`/`<code>`/`<script>`/`<style>`/`<textarea>`),
autolinks, link targets and titles, reference labels and definitions, attribute lists (read
with Python-Markdown's own syntax, so `fix` never changes their quotes), or an admonition's
syntax (its quoted title is text, its quotes are not); nor web and e-mail addresses written as
text (parentheses included). In front matter, the values after their keys, without YAML
comments or addresses; its straight quotes are YAML syntax and left alone.

A word that is not Romanian is left as it is: one with a letter outside the Romanian alphabet
(São Paulo's neighbour Conceição has ç, Kılıçdaroğlu has ı), and, for ã, one where ã stands
before o or e (São, João, Mãe: Portuguese, never Romanian). An editor marks what is meant:
`<!-- clay: ignore-typography -->` on a line (`# clay: ignore-typography` in front matter)
leaves that line alone; `<!-- clay: ignore-typography Eskişehir irmã -->` anywhere leaves those
words alone in the whole file. The build's checks and `clay check` share `scan`, so both honour
them.

The text is split on every kind of line ending (CRLF, CR, LF) and joined back with the same
ones; a byte-order mark and the final newline (or its absence) are kept, so `fix` changes the
letters it reports and nothing else, and a second `fix` changes nothing.

Quotes are paired per block of the tokens (a paragraph, a heading, a table cell: a quotation may
wrap over several lines of Markdown): a straight quote opens after a space, an opening bracket
or a dash, or at the start of a line, unless a quotation is already open in the block;
otherwise it closes one.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from clay_plugins.content import markdown
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.l10n import E_

CEDILLA = {"ş": "ș", "ţ": "ț", "Ş": "Ș", "Ţ": "Ț"}
TILDE = {"ã": "ă", "Ã": "Ă"}
RO_OPEN = "„"  # U+201E
RO_CLOSE = "”"  # U+201D
EN_OPEN = "“"  # U+201C: an opening quote in English, wrong in Romanian
# the letters of Romanian words, with the wrong forms the rules correct
ROMANIAN_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZăâîșțĂÂÎȘȚ" + "".join(CEDILLA)
    + "".join(TILDE)
)
IGNORE = "clay: ignore-typography"
# combining marks that, after a base letter, compose a wrong letter (ş, ţ, ã)
COMBINING = ("\u0327", "\u0303")
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
BIDI = ("\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
        "\u2069")
_TITLE_KEY = re.compile(r"^\s*(?:-\s+)?title\s*:")

_LINE_END = re.compile(r"(\r\n|\r|\n)")
# the only characters the rules look at: skipping the rest keeps `clay check` fast
_INTERESTING = re.compile("[" + "".join(CEDILLA) + "".join(TILDE) + '"' + RO_OPEN + RO_CLOSE
                          + EN_OPEN + "]")
_IGNORE = re.compile(r"clay:\s*ignore-typography\b(?P<words>[^>\r\n]*?)\s*(?:-->|$)")
_PARENS = r"(?:[^\s()<>]|\((?:[^\s()<>]|\([^\s()<>]*\))*\))+"
# Web and e-mail addresses written as text (Python-Markdown makes no link of them): inside
# the text that the tokenizer finds, they are not words.
_ADDRESS = re.compile(
    r"(?:https?|ftp)://" + _PARENS +
    r"|\bwww\." + _PARENS +
    r"|\bmailto:[^\s)>\]]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
_URL = re.compile(r"(?:https?|ftp)://\S+|\bwww\.\S+|\bmailto:\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_FM_VALUE = re.compile(r"^(\s*(?:-\s+)?(?:[\w-]+\s*:(?:\s+|$))?)(.*)$")
_YAML_COMMENT = re.compile(r"(?:^|\s)#")
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


def _fm_value_end(line: str, start: int) -> int:
    """Where a front-matter value ends: before a YAML comment outside quotes."""
    for m in _YAML_COMMENT.finditer(line, start):
        before = line[start:m.start()]
        if before.count('"') % 2 == 0 and before.count("'") % 2 == 0:
            return m.start()
    return len(line)


def _prose_spans(lines: list[str]) -> Iterator[tuple[int, int, int, int]]:
    """Yield (line index, start, end, block) of the parts of each line that are text to check:
    the values of the front matter (each line its own block, -1), then the text of the body as
    the one tokenizer finds it (content/markdown.py's `prose`), without addresses."""
    fm_end = front_matter_end(lines)
    for i in range(1, min(fm_end, len(lines))):
        line = lines[i]
        m = _FM_VALUE.match(line)
        if m and m.group(2) and not line.lstrip().startswith("#"):
            end = _fm_value_end(line, m.start(2))
            for s, e in _spans_without(line, m.start(2), end, _URL):
                yield i, s, e, -1
    if fm_end >= len(lines):
        return
    for part in markdown.prose("\n".join(lines[fm_end + 1:]), fm_end + 2):
        i = part.line - 1
        for s, e in _spans_without(lines[i], part.start, part.end, _ADDRESS):
            yield i, s, e, part.block


def _composed(line: str) -> tuple[str, list[tuple[int, int, str]]] | None:
    """`line` in composed form (NFC) with its clusters: (start, end) of each base letter and
    its combining marks in `line`, and their composed text. None when nothing composes."""
    if line.isascii() or unicodedata.is_normalized("NFC", line):
        return None
    clusters: list[tuple[int, int, str]] = []
    start = 0
    for k in range(1, len(line) + 1):
        if k == len(line) or not unicodedata.combining(line[k]):
            clusters.append((start, k, unicodedata.normalize("NFC", line[start:k])))
            start = k
    return "".join(c[2] for c in clusters), clusters


def _decomposed(original: str, composed: str, clusters: list[tuple[int, int, str]]) -> str:
    """`composed` (a composed line, changed in places) with each cluster that no change touched
    written back as it was in `original`."""
    out: list[str] = []
    at = 0
    for start, end, text in clusters:
        now = composed[at:at + len(text)]
        out.append(original[start:end] if now == text else now)
        at += len(text)
    return "".join(out)


def _column(clusters: list[tuple[int, int, str]] | None, col: int) -> int:
    """The column in the file of the composed line's column `col`."""
    if clusters is None:
        return col
    at = 0
    for start, _, text in clusters:
        if col < at + len(text):
            return start + (col - at if len(text) > 1 else 0)
        at += len(text)
    return col


def _title_lines(lines: list[str], fm_end: int) -> list[int]:
    """The lines holding a title: `title:` keys of the front matter, headings of the body."""
    found = [i for i in range(1, max(fm_end, 0)) if _TITLE_KEY.match(lines[i])]
    body = "\n".join(lines[fm_end + 1:])
    found += [h.line - 1 for h in markdown.headings(body, fm_end + 2)]
    return found


def front_matter_end(lines: list[str]) -> int:
    """Index of the closing `---` (-1 when there is no front matter)."""
    if not lines or lines[0].strip().lstrip("\ufeff") != "---":
        return -1
    for j in range(1, len(lines)):
        if lines[j].strip() in ("---", "..."):
            return j
    return len(lines)


def _word_at(line: str, col: int) -> str:
    """The letters around line[col] (a word of a name, without digits or punctuation)."""
    start = col
    while start > 0 and line[start - 1].isalpha():
        start -= 1
    end = col + 1
    while end < len(line) and line[end].isalpha():
        end += 1
    return line[start:end]


def _romanian_word(word: str, letter: str, keep: frozenset[str]) -> bool:
    """Whether the rules apply to `letter` in `word` (see the module's docstring)."""
    if word in keep or any(c not in ROMANIAN_LETTERS for c in word):
        return False
    if letter in TILDE:
        at = word.find(letter)
        while at >= 0:
            if word[at + 1:at + 2] in ("o", "e", "O", "E"):
                return False
            at = word.find(letter, at + 1)
    return True


def _marks(lines: list[str]) -> tuple[set[int], frozenset[str]]:
    """The lines an editor marked `clay: ignore-typography`, and the words marked for the file."""
    ignored: set[int] = set()
    words: set[str] = set()
    for i, line in enumerate(lines):
        if IGNORE[:4] not in line:
            continue
        for m in _IGNORE.finditer(line):
            listed = m.group("words").replace(",", " ").split()
            if listed:
                words.update(listed)
            else:
                ignored.add(i)
    return ignored, frozenset(words)


def scan(text: str, path: str, *, romanian: bool) -> tuple[str, list[Finding]]:
    """Return the fixed text and one finding per character that is wrong."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    pieces = _LINE_END.split(text[len(bom):])
    lines, endings = pieces[0::2], pieces[1::2]
    findings: list[Finding] = []
    changes: dict[int, dict[int, str]] = {}  # line -> column -> replacement
    fm_end = front_matter_end(lines)
    ignored, keep = _marks(lines)
    originals = list(lines)
    composed: dict[int, list[tuple[int, int, str]]] = {}
    for i, line in enumerate(lines):
        found = _composed(line)
        if found is not None:
            lines[i], composed[i] = found
    # a quotation never runs past its block (a paragraph, a heading, a cell, a title)
    quote_open = False
    current = -1

    def fix(i: int, col: int, good: str, code: str, message: str, how: str) -> None:
        """A wrong character at line `i`, column `col` (from 0): its finding, and `good` in
        its place."""
        findings.append(Finding(path, i + 1, _column(composed.get(i), col) + 1, message, how,
                                Severity.WARNING, code))
        changes.setdefault(i, {})[col] = good

    for i, start, end, block in _prose_spans(lines):
        if i in ignored:
            continue
        line = lines[i]
        in_fm = i <= fm_end
        if in_fm or block != current:
            quote_open = False
            current = block
        for m in _INTERESTING.finditer(line, start, end):
            col = m.start()
            ch = m.group()
            letter = ch in CEDILLA or ch in TILDE
            if letter and not _romanian_word(_word_at(line, col), ch, keep):
                continue
            if ch in CEDILLA:
                fix(i, col, CEDILLA[ch], "typography.cedilla",
                    E_("the letter “{ch}” (with cedilla) is the wrong character for Romanian",
                       ch=ch),
                    E_("write “{CEDILLA}” (comma below) instead; `clay check --fix` does it",
                       CEDILLA=CEDILLA[ch]))
            elif not romanian:
                continue
            elif ch in TILDE:
                fix(i, col, TILDE[ch], "typography.tilde",
                    E_("“{ch}” (a with tilde) is not a Romanian letter", ch=ch),
                    E_("write “{TILDE}” (a with breve) instead; `clay check --fix` does it (a name "
                       "in another language: see `ignore-typography` in CONTRIBUTING)",
                       TILDE=TILDE[ch]))
            elif ch == RO_OPEN:
                quote_open = True
            elif ch == RO_CLOSE:
                quote_open = False
            elif ch == EN_OPEN:
                quote_open = True
                fix(i, col, RO_OPEN, "typography.quotes",
                    E_("English opening quotation mark “ in Romanian text"),
                    E_("Romanian quotations open low: write „ "
                       "instead; `clay check --fix` does it"))
            elif ch == '"' and not in_fm:
                prev = line[col - 1] if col > 0 else " "
                opening = prev in _OPENERS and not quote_open
                quote_open = opening
                good = RO_OPEN if opening else RO_CLOSE
                fix(i, col, good, "typography.quotes", E_("straight quotation mark in Romanian "
                                                          "text"),
                    E_("use „…” (here “{good}”); `clay check --fix` does it", good=good))
    if any(ch in text[len(bom):] for ch in (*ZERO_WIDTH, *BIDI)):
        for i in _title_lines(lines, fm_end):
            line = lines[i]
            for col, ch in enumerate(line):
                if ch in ZERO_WIDTH:
                    fix(i, col, "", "typography.zero-width",
                        E_("an invisible zero-width character (U+{ord:04X}) in a title",
                           ord=ord(ch)),
                        E_("delete it; `clay check --fix` does it"))
                elif ch in BIDI and i > fm_end:
                    findings.append(Finding(
                        path, i + 1, _column(composed.get(i), col) + 1,
                        E_("an invisible bidirectional control (U+{ord:04X}) in a heading: it can "
                           "show the title reversed or hide part of it", ord=ord(ch)),
                        E_("delete it (retype the heading if the editor does not show it)"),
                        Severity.ERROR, "typography.bidi"))
    for i in range(len(lines)):
        at = changes.get(i)
        if at is None:
            lines[i] = originals[i]  # composing is for reading: the file keeps its form
            continue
        chars = list(lines[i])
        for col, good in at.items():
            chars[col] = good
        lines[i] = "".join(chars)
        if i in composed:
            lines[i] = _decomposed(originals[i], lines[i], composed[i])
    out = [lines[0]]
    for ending, line in zip(endings, lines[1:], strict=True):
        out += (ending, line)
    return bom + "".join(out), findings


def check(text: str, path: str, *, romanian: bool) -> list[Finding]:
    return scan(text, path, romanian=romanian)[1]


def fix(text: str, path: str = "", *, romanian: bool) -> tuple[str, list[Finding]]:
    return scan(text, path, romanian=romanian)

