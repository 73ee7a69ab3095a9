"""The documents a newcomer reads stay short and point at what exists.

- README.md stays under 1,800 words (as `wc -w` counts them): what the site is, the commands,
  editing, the layout, publishing, limits. Figures go to benchmarks/RESULTS.md.
- Every relative link of the README, the guides, the contracts and the results file names a file
  or folder of the repository (a renamed or deleted file fails here, not in a reader's hands).
"""

from __future__ import annotations

import re

import pytest

from tests.sitebuild import REPO

README_WORDS = 1800
DOCUMENTS = ["README.md", "CONTRIBUTING.md", "CONTRIBUTING.en.md",
             "clay_plugins/meetings/CONTRACT.md", "clay_plugins/action_plan/CONTRACT.md",
             "benchmarks/RESULTS.md"]
# a Markdown link's target: [text](target) or [text](target "title")
LINK = re.compile(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def relative_links(text: str) -> list[str]:
    """The link targets that are paths in the repository (not URLs, not anchors of the page)."""
    text = re.sub(r"```.*?```", "", text, flags=re.S)  # examples, not links
    text = re.sub(r"`[^`\n]*`", "", text)  # the same in a line
    return [target.split("#", 1)[0] for target in LINK.findall(text)
            if not re.match(r"^([a-z][a-z0-9+.-]*:|#)", target)]


def test_the_readme_is_short() -> None:
    words = len((REPO / "README.md").read_text(encoding="utf-8").split())
    assert words < README_WORDS, (
        f"README.md has {words} words (limit {README_WORDS}): say it shorter, or move figures to "
        "benchmarks/RESULTS.md and details to the document they belong to")


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_relative_link_names_a_file_of_the_repository(document: str) -> None:
    path = REPO / document
    missing = [target for target in relative_links(path.read_text(encoding="utf-8"))
               if not (path.parent / target).exists()]
    assert not missing, f"{document} links to what is not in the repository: {missing}"


def test_links_are_found() -> None:
    """The check above can fail: it sees relative links, and skips URLs, anchors and code."""
    text = ("[a](docs/x.md) [b](https://example.org/) [c](#part) [d](../y.md#z \"title\")\n"
            "```\n[e](not-a-link.md)\n```\n`![f](example.jpg)`\n")
    assert relative_links(text) == ["docs/x.md", "../y.md"]
    assert not (REPO / "docs/x.md").exists()
