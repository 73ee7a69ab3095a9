"""Front matter read once, safely, with the position of every key.

MkDocs swallows YAML errors in front matter (the page silently loses its metadata), and
PyYAML turns `2021-02-30` into a bare ValueError without a line. Editors need the file and
the line, so content files are parsed here, dates kept as the strings the editor wrote.

One parse, libyaml's (`yaml.CSafeLoader`), composes the node graph; before any Python object
is built from it, one walk of the graph bounds what a file may hold and records where each key
is (`FrontMatter.position`). What is refused, each as one finding with its line:

- front matter larger than `MAX_BYTES` (`frontmatter.size`);
- a control character such as NUL (`frontmatter.control-character`);
- anchors and aliases (`&a`, `*a`) expanding to more than `MAX_ALIAS_NODES` values, or an
  alias inside itself (`frontmatter.aliases`): the few hundred bytes of an "alias bomb" would
  otherwise expand to billions of values in whatever reads the data next;
- nesting deeper than `MAX_DEPTH` (`frontmatter.nesting`);
- a key written twice in the same mapping, at any level (`frontmatter.duplicate-key`, on the
  line of the second): YAML would silently keep the last one.

Nothing here costs more than a fixed amount per byte of front matter, so a hostile file is
refused in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import yaml

from clay_plugins.content.findings import ContentError, Finding

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(---|\.\.\.)[ \t]*$")

MAX_BYTES = 64 * 1024  # a report's front matter is well under 2 KiB
MAX_DEPTH = 10  # a chapter's `actions: - players: - name` is 4 deep
MAX_ALIAS_NODES = 2000  # values reached through aliases; a normal report has none
# C0 controls but tab and newline, DEL, and C1 controls: invisible, and refused by YAML with a
# message an editor cannot act on; and the bidirectional controls (U+202A-U+202E, U+2066-U+2069),
# which can show a value reversed or hide part of it
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")

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


_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})
_MERGE_TAG = "tag:yaml.org,2002:merge"

Key = str | int  # a mapping key (as text) or a list index
Path_ = tuple[Key, ...]


@dataclass
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int]  # top-level key -> 1-based line in the file
    text: str  # the whole file
    body_line: int  # 1-based line of the first body line
    end_line: int = 0  # line of the closing `---` (0 when there is no front matter)
    # (key, index, key, …) -> (line, column) of that key or list item, 1-based, in the file
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # the same paths -> the scalar as written, for the values YAML reads as numbers (YAML 1.1
    # reads `time: 10:30` as 630 minutes; a contract may want the `10:30` the editor wrote)
    numbers_written: dict[Path_, str] = field(default_factory=dict)

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

    def position(self, *keys: Key) -> tuple[int, int | None]:
        """(line, column) of a key or list item: `position("actions", 0, "title")`.

        Falls back to the nearest parent that exists, and to the opening `---` (line 1, no
        column) when not even the top-level key is written.
        """
        path: Path_ = keys
        while path:
            found = self.positions.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return 1, None

    def written(self, *keys: Key) -> str | None:
        """A value YAML read as a number, as the editor wrote it (None for any other)."""
        return self.numbers_written.get(keys)


def _split(lines: list[str]) -> tuple[list[str], int, int]:
    """(front matter lines, index of the closing fence, index of the body start)."""
    if not lines or not _FENCE.match(lines[0].lstrip("\ufeff")):
        return [], -1, 0
    for i in range(1, len(lines)):
        if _END.match(lines[i]):
            return lines[1:i], i, i + 1
    return lines[1:], -2, len(lines)


# --------------------------------------------------------------------------------------------
# the bounded walk of the node graph


class _Refused(Exception):
    def __init__(self, node: yaml.Node, code: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.node, self.code, self.message, self.fix = node, code, message, fix


class _Walk:
    """One pass over the composed graph: bounds, duplicate keys, positions.

    Recursion is bounded by `MAX_DEPTH` (checked before descending), so this never raises
    RecursionError; the work is bounded by the number of nodes libyaml composed (bounded by
    `MAX_BYTES`) plus `MAX_ALIAS_NODES` visits inside aliases.
    """

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.open: set[int] = set()  # the nodes being walked: an alias to one is a cycle
        self.expanded = 0
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.numbers: dict[Path_, str] = {}

    def node(self, node: yaml.Node, path: Path_, depth: int, aliased: bool) -> None:
        ident = id(node)
        if ident in self.open:
            raise _Refused(node, "frontmatter.aliases", "an alias (`*name`) refers to itself",
                           "write the values out instead of using `&name` and `*name`")
        if ident in self.seen:
            aliased = True  # a second visit: this is an alias being expanded
        self.seen.add(ident)
        if aliased:
            self.expanded += 1
            if self.expanded > MAX_ALIAS_NODES:
                raise _Refused(
                    node, "frontmatter.aliases",
                    f"the aliases (`*name`) expand to more than {MAX_ALIAS_NODES} values",
                    "write the values out instead of using `&name` and `*name`",
                )
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _NUMBER_TAGS and not aliased:
                self.numbers.setdefault(path, node.value)
            return
        if depth >= MAX_DEPTH:
            raise _Refused(
                node, "frontmatter.nesting",
                f"the front matter is nested more than {MAX_DEPTH} levels deep",
                "write flat `key: value` lines; lists of lists are not part of any contract",
            )
        self.open.add(ident)
        if isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                if not aliased:
                    self.positions.setdefault((*path, i), _where(item))
                self.node(item, (*path, i), depth + 1, aliased)
        elif isinstance(node, yaml.MappingNode):
            keys: set[tuple[str, str]] = set()
            for key, value in node.value:
                self.node(key, path, depth + 1, aliased)
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG:
                    if (key.tag, key.value) in keys:
                        raise _Refused(
                            key, "frontmatter.duplicate-key",
                            f"the key `{key.value}` is written twice here (YAML keeps only "
                            "the last one)",
                            "remove one of the two lines, or merge them",
                        )
                    keys.add((key.tag, key.value))
                    sub: Path_ = (*path, str(key.value))
                    if not aliased:
                        self.positions.setdefault(sub, _where(key))
                    self.node(value, sub, depth + 1, aliased)
                else:
                    self.node(value, path, depth + 1, aliased)
        self.open.discard(ident)


def _where(node: yaml.Node) -> tuple[int, int]:
    # +1 for 1-based, +1 for the opening `---`
    return node.start_mark.line + 2, node.start_mark.column + 1


# --------------------------------------------------------------------------------------------
# parse


def _error(path: str, line: int, column: int | None, code: str, message: str,
           fix: str) -> ContentError:
    return ContentError([Finding(path, line, column, message, fix, code=code)])


def _yaml_error(path: str, exc: yaml.YAMLError) -> ContentError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening `---`
        column = mark.column + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if "maximum nesting depth" in problem:
            return _error(path, line, column, "frontmatter.nesting",
                          f"the front matter is nested more than {MAX_DEPTH} levels deep",
                          "write flat `key: value` lines")
        return _error(path, line, column, "frontmatter.yaml",
                      f"the front matter is not valid YAML ({problem})",
                      "check the colon after each key and put text containing `:` or `#` "
                      "in quotes")
    return _error(path, 1, None, "frontmatter.yaml", f"the front matter is not valid YAML ({exc})",
                  "check the colon after each key and quote text that contains `:`")


def _compose(source: str) -> yaml.Node | None:
    loader = _Loader(source)
    try:
        return loader.get_single_node()
    except yaml.YAMLError as exc:
        if _Loader.__mro__[1] is yaml.SafeLoader or "nesting depth" in str(exc):
            raise
        error = exc
    finally:
        loader.dispose()
    # the pure-Python parser again, for the better position of the error (libyaml often
    # points at the end of the front matter)
    loader = _PyLoader(source)
    try:
        loader.get_single_node()
    except RecursionError:
        pass
    finally:
        loader.dispose()
    raise error


def parse(text: str, path: str) -> FrontMatter:
    """Parse the front matter of `text`; raise ContentError naming `path` and the line."""
    all_lines = text.splitlines()  # once: a thousand reports are read per build
    fm_lines, end, body_start = _split(all_lines)
    if end == -1:
        return FrontMatter({}, {}, text, 1, 0)
    if end == -2:
        raise _error(path, 1, 1, "frontmatter.unclosed",
                     "the front matter opened with `---` is never closed",
                     "add a line with `---` after the last front-matter key")
    source = "\n".join(fm_lines)
    if len(source) > MAX_BYTES or len(source.encode("utf-8", "replace")) > MAX_BYTES:
        raise _error(path, 1, None, "frontmatter.size",
                     f"the front matter is larger than {MAX_BYTES // 1024} KiB",
                     "keep only the keys of the contract between the `---` lines; long text "
                     "belongs in the body")
    bad = _CONTROL.search(source)
    if bad:
        before = source[:bad.start()]
        line = before.count("\n") + 2
        column = bad.start() - (before.rfind("\n") + 1) + 1
        raise _error(path, line, column, "frontmatter.control-character",
                     f"the front matter contains the invisible control character "
                     f"U+{ord(bad.group()):04X}",
                     "delete it (retype the line if the editor does not show it)")
    walk = _Walk()
    try:
        node = _compose(source)
        if node is not None:
            walk.node(node, (), 0, False)
            loader = _Loader("")
            try:
                data = loader.construct_document(node)
            finally:
                loader.dispose()
        else:
            data = {}
    except _Refused as exc:
        line, column = _where(exc.node)
        raise _error(path, line, column, exc.code, exc.message, exc.fix) from None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    except (ValueError, TypeError, OverflowError) as exc:
        # a value its explicit tag cannot hold, e.g. `!!int abc`
        raise _error(path, 2, None, "frontmatter.yaml",
                     f"the front matter is not valid YAML ({exc})",
                     "remove the `!!` tags: write plain values") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise _error(path, 2, 1, "frontmatter.not-mapping",
                     "the front matter must be a list of `key: value` lines",
                     "write one `key: value` per line between the two `---` lines")
    lines = {str(k[0]): pos[0] for k, pos in walk.positions.items() if len(k) == 1}
    return FrontMatter(data, lines, text, body_start + 1, end + 1, walk.positions, walk.numbers)
