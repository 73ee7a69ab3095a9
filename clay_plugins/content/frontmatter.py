"""Front matter read with line numbers.

MkDocs swallows YAML errors in front matter (the page silently loses its metadata), and
PyYAML turns `2021-02-30` into a bare ValueError without a line. Editors need the file and
the line, so content files are parsed here, dates kept as the strings the editor wrote.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from clay_plugins.content.findings import ContentError, Finding

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")


# libyaml's parser when PyYAML was built with it (the pure-Python one is ~10x slower, and front
# matter parsing is the largest cost of loading a thousand reports).
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """Safe loader that keeps `YYYY-MM-DD` as text so the contracts validate dates themselves."""


class _PyLoader(yaml.SafeLoader):
    """The pure-Python parser, for errors only: it points at the line where the editor erred
    (libyaml often reports the end of the front matter instead)."""


_Loader.yaml_implicit_resolvers = _PyLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# PyYAML's own rule for a plain scalar that reads as a date or a date-time
_TIMESTAMP = next(
    rx for rx in dict(yaml.SafeLoader.yaml_implicit_resolvers["2"]).values()
    if rx.match("2021-04-08")
)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _load(source: str, loader_class: type) -> tuple[yaml.Node | None, Any]:
    # one pass: the node tree gives the line of each key, the data is built from it
    loader = loader_class(source)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else {})
    finally:
        loader.dispose()


@dataclass
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # top-level key -> 1-based line in the file
    text: str  # the whole file
    body_line: int  # 1-based line of the first body line
    end_line: int = 0  # line of the closing `---` (0 when there is no front matter)
    # the file's lines up to the closing `---` (the front matter's, as written)
    raw_lines: list[str] = field(default_factory=list)

    @cached_property
    def body(self) -> str:
        """The text after the front matter. Computed when asked: the build keeps the front
        matter of a thousand reports, and a second copy of each text doubled its memory."""
        if self.end_line == 0:
            return self.text
        return "\n".join(self.text.splitlines()[self.body_line - 1:])

    def line_of(self, key: str) -> int:
        """Line of `key`, or of the opening `---` when the key is missing."""
        return self.lines.get(key, 1)

    def as_pyyaml(self) -> dict[str, Any] | None:
        """The data as PyYAML's safe loader reads it (which is how MkDocs reads a page's
        metadata): a date written plain (`date: 2021-04-08`) is a date, not text. None when
        that cannot be told from this parse: a date-like text inside a list or mapping, or a
        top-level value not on one line.
        """
        data = {key: _fresh(value) for key, value in self.data.items()}  # a page's own copy
        for key, value in self.data.items():
            if isinstance(value, str):
                if not _TIMESTAMP.match(value):
                    continue
                line = self.lines.get(str(key), 0)
                if not 0 < line <= len(self.raw_lines):
                    return None
                written = self.raw_lines[line - 1].partition(":")[2].partition(" #")[0].strip()
                if written[:1] in ("'", '"'):
                    continue  # quoted: text for PyYAML too
                if written != value:
                    return None
                data[key] = _timestamp(value)
            elif isinstance(value, list | dict) and _has_timestamp(value):
                return None
        return data


def _fresh(value: Any) -> Any:
    if isinstance(value, list):
        return [_fresh(v) for v in value]
    if isinstance(value, dict):
        return {k: _fresh(v) for k, v in value.items()}
    return value


def _has_timestamp(value: Any) -> bool:
    if isinstance(value, str):
        return _TIMESTAMP.match(value) is not None
    if isinstance(value, dict):
        return any(_has_timestamp(k) or _has_timestamp(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_timestamp(v) for v in value)
    return False


_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # stateless for a scalar: one for all


def _timestamp(text: str) -> Any:
    """`text` (a YAML timestamp) as PyYAML constructs it: a date, or a date-time."""
    return _CONSTRUCTOR.construct_yaml_timestamp(yaml.ScalarNode(_TIMESTAMP_TAG, text))


def read_source(path: str | os.PathLike[str]) -> str:
    """The text of a UTF-8 file as `Path.read_text` gives it, with universal newlines
    (a report saved on Windows has `\r\n`): in about half the time, because the text layer's
    line-by-line decoding is what costs, at a thousand reports per build."""
    with open(path, "rb") as file:
        text = file.read().decode("utf-8")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def split(text: str) -> tuple[list[str], int, int]:
    """Return (front matter lines, index of the closing fence, index of the body start)."""
    return _split(text.splitlines())


def _split(lines: list[str]) -> tuple[list[str], int, int]:
    if not lines or not _FENCE.match(lines[0].lstrip("\ufeff")):
        return [], -1, 0
    for i in range(1, len(lines)):
        if _END.match(lines[i]):
            return lines[1:i], i, i + 1
    return lines[1:], -2, len(lines)


def parse(text: str, path: str) -> FrontMatter:
    """Parse the front matter of `text`; raise ContentError naming `path` and the line."""
    all_lines = text.splitlines()  # once: a thousand reports are read per build
    fm_lines, end, body_start = _split(all_lines)
    if end == -1:
        return FrontMatter({}, {}, text, 1, 0, [])
    if end == -2:
        raise ContentError([Finding(
            path, 1, 1, "the front matter opened with `---` is never closed",
            "add a line with `---` after the last front-matter key",
            code="frontmatter.unclosed",
        )])
    source = "\n".join(fm_lines)
    try:
        try:
            node, data = _load(source, _Loader)
        except yaml.YAMLError:
            if _Loader.__mro__[1] is yaml.SafeLoader:
                raise
            node, data = _load(source, _PyLoader)  # raises, with the better position
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening `---`
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError([Finding(
            path, line, column, f"the front matter is not valid YAML ({problem})",
            "check the colon after each key and put text containing `:` or `#` in quotes",
            code="frontmatter.yaml",
        )]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Finding(
            path, 1, None, f"the front matter is not valid YAML ({exc})",
            "check the colon after each key and quote text that contains `:`",
            code="frontmatter.yaml",
        )]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError([Finding(
            path, 2, 1, "the front matter must be a list of `key: value` lines",
            "write one `key: value` per line between the two `---` lines",
            code="frontmatter.not-mapping",
        )])
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines.setdefault(str(key_node.value), key_node.start_mark.line + 2)
    return FrontMatter(data, lines, text, body_start + 1, end + 1, all_lines[:end + 1])
