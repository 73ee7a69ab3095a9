"""Our copies of Material's templates, and the changes we made to each, recorded as diffs.

Where overrides/ replaces a Material partial (or a block of base.html) by a copy, the copy's
differences from the installed original are recorded in tests/material-copies/<name>.diff, and
tests/test_material_copies.py fails when the installed original or our copy no longer gives
exactly that diff: an upgrade of Material that changes a copied original fails loudly, and a
change of ours is reviewed as a change of the recorded diff.

After reviewing such a failure (what changed upstream, whether our change still applies):

    .venv/bin/python -m tests.material_copies --update
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import material

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "overrides"
MATERIAL = Path(material.__file__).resolve().parent / "templates"
RECORDED = Path(__file__).resolve().parent / "material-copies"


@dataclass(frozen=True)
class Copy:
    ours: str  # under overrides/, "#block" for one block of a template
    original: str  # under Material's templates/

    @property
    def name(self) -> str:
        return self.ours.replace("/", "__").replace("#", "--") + ".diff"


# Every template in overrides/ that starts from a copy of Material's (the others are ours).
COPIES = (
    Copy("partials/header.html", "partials/header.html"),
    Copy("partials/toc.html", "partials/toc.html"),
    Copy("partials/alternate.html", "partials/alternate.html"),
    Copy("partials/copyright.html", "partials/copyright.html"),
    Copy("partials/content.html", "partials/content.html"),
    Copy("partials/footer.html", "partials/footer.html"),
    Copy("partials/nav-item.html", "partials/nav-item.html"),
    Copy("main.html#site_meta", "base.html#site_meta"),
    Copy("main.html#htmltitle", "base.html#htmltitle"),
    Copy("main.html#config", "base.html#config"),
)


def _block(text: str, name: str) -> str:
    """The text of `{% block name %}…{% endblock %}` (blocks of these templates do not nest
    a block of the same name)."""
    start = re.search(r"\{%-?\s*block\s+" + re.escape(name) + r"\s*-?%\}", text)
    if start is None:
        raise LookupError(f"no block {name}")
    depth, pos = 1, start.end()
    tag = re.compile(r"\{%-?\s*(block\s+\w+|endblock(?:\s+\w+)?)\s*-?%\}")
    for m in tag.finditer(text, pos):
        depth += 1 if m.group(1).startswith("block") else -1
        if depth == 0:
            return text[start.start():m.end()] + "\n"
    raise LookupError(f"block {name} is not closed")


def _read(folder: Path, spec: str) -> str:
    path, _, block = spec.partition("#")
    text = (folder / path).read_text(encoding="utf-8")
    return _block(text, block) if block else text


def diff(copy: Copy) -> str:
    """The unified diff from Material's installed original to our copy."""
    original = _read(MATERIAL, copy.original).splitlines(keepends=True)
    ours = _read(OVERRIDES, copy.ours).splitlines(keepends=True)
    return "".join(difflib.unified_diff(
        original, ours, f"material/{copy.original}", f"overrides/{copy.ours}", n=2,
    ))


def update() -> None:
    RECORDED.mkdir(exist_ok=True)
    for copy in COPIES:
        (RECORDED / copy.name).write_text(diff(copy), encoding="utf-8")
        print(f"recorded {RECORDED.relative_to(REPO) / copy.name}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.material_copies --update")
    update()
