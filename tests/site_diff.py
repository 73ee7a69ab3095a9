"""Compare two builds of the site file by file: `make canary` builds it with MkDocs and with
ProperDocs and requires them identical apart from the generator's name.

    python -m tests.site_diff SITE_A SITE_B [--expect-generator ProperDocs]

The only normalisation is the content of `<meta name="generator" content="…">` in HTML pages
(MkDocs writes `mkdocs-1.6.1, …`, ProperDocs `mkdocs-ProperDocs 1.6.7, …`); every other byte of
every file (pages, feeds, calendars, sitemaps, the search index) must be the same, and the two
folders must hold the same files. Prints one line per difference and exits 1 when there is
any; `--expect-generator` also requires that word in every generator tag of SITE_B (so a
canary that silently built with MkDocs twice fails)."""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR = re.compile(rb'(<meta name="generator" content=")([^"]*)(")')


@dataclass
class Comparison:
    files: int = 0
    generator_only: int = 0
    problems: list[str] = field(default_factory=list)


def files_of(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def normalise(data: bytes) -> tuple[bytes, list[bytes]]:
    """The page with each generator tag's content replaced, and the contents it had."""
    found = [m.group(2) for m in GENERATOR.finditer(data)]
    return GENERATOR.sub(rb"\1GENERATOR\3", data), found


def first_difference(a: bytes, b: bytes, rel: str) -> str:
    try:
        lines_a, lines_b = a.decode("utf-8").splitlines(), b.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return f"{rel}: binary files differ ({len(a)} and {len(b)} bytes)"
    diff = [line for line in difflib.unified_diff(lines_a, lines_b, lineterm="", n=0)
            if not line.startswith(("---", "+++"))]
    return f"{rel}: differs: " + " | ".join(line[:200] for line in diff[:5])


def compare(a: Path, b: Path, expect_generator: str | None = None) -> Comparison:
    result = Comparison()
    names_a, names_b = files_of(a), files_of(b)
    result.problems += [f"{rel}: only in {a}" for rel in sorted(names_a - names_b)]
    result.problems += [f"{rel}: only in {b}" for rel in sorted(names_b - names_a)]
    for rel in sorted(names_a & names_b):
        result.files += 1
        data_a, data_b = (a / rel).read_bytes(), (b / rel).read_bytes()
        if rel.endswith(".html"):
            (data_a, _), (data_b, generators) = normalise(data_a), normalise(data_b)
            if expect_generator and not all(expect_generator.encode() in g for g in generators):
                result.problems.append(f"{rel}: generator {generators!r} does not name "
                                       f"{expect_generator}")
            if data_a == data_b and (a / rel).read_bytes() != (b / rel).read_bytes():
                result.generator_only += 1
        if data_a != data_b:
            result.problems.append(first_difference(data_a, data_b, rel))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_a", type=Path)
    parser.add_argument("site_b", type=Path)
    parser.add_argument("--expect-generator", metavar="WORD",
                        help="a word every generator tag of SITE_B must contain")
    args = parser.parse_args(argv)
    for site in (args.site_a, args.site_b):
        if not (site / "index.html").is_file():
            print(f"{site}: not a built site (no index.html)", file=sys.stderr)
            return 2
    result = compare(args.site_a, args.site_b, args.expect_generator)
    for problem in result.problems:
        print(problem)
    print(f"{result.files} files compared, {result.generator_only} differ only by the "
          f"generator's name, {len(result.problems)} other difference(s)")
    return 1 if result.problems else 0


if __name__ == "__main__":
    sys.exit(main())
