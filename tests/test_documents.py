"""The documents a newcomer reads stay short and point at what exists.

- README.md stays under 1,800 words (as `wc -w` counts them): what the site is, the commands,
  editing, the layout, publishing, limits. Figures go to benchmarks/RESULTS.md.
- Every relative link of the README, the guides, the contracts and the results file names a file
  or folder of the repository (a renamed or deleted file fails here, not in a reader's hands).
- So does every module they name as code (`content/schema.py`, `tests/test_l10n.py`), and
  every `Class.attribute` they offer to developers is one of clay_plugins/.
- Each contract's plugin configuration shows exactly the options of its plugin's `Config`.
"""

from __future__ import annotations

import ast
import re

import pytest
import yaml
from mkdocs.config.base import Config

from clay_plugins.action_plan.config import ActionPlanConfig
from clay_plugins.meetings.config import MeetingsConfig
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


# a module named as code: `content/schema.py`, `tests/test_l10n.py` (outside fenced examples)
MODULE = re.compile(r"`((?:[\w-]+/)*[\w-]+\.py)`")
# an attribute offered to developers: `SiteContent.meetings`, `MeetingsPlugin.content_settings`
ATTRIBUTE = re.compile(r"`([A-Z]\w+)\.(\w+)`")


def _prose(document: str) -> str:
    return re.sub(r"```.*?```", "", (REPO / document).read_text(encoding="utf-8"), flags=re.S)


def _members() -> dict[str, set[str]]:
    """Each class of clay_plugins/ and the names it defines (methods, properties, fields)."""
    found: dict[str, set[str]] = {}
    for file in (REPO / "clay_plugins").rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = found.setdefault(node.name, set())
                for item in node.body:
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                        names.add(item.name)
                    elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                        names.add(item.target.id)
                    elif isinstance(item, ast.Assign):
                        names.update(t.id for t in item.targets if isinstance(t, ast.Name))
    return found


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_code_a_document_names_exists(document: str) -> None:
    """A module is found from the repository, the document's folder, clay_plugins/ or
    clay_plugins/content/ (the contracts say `content/fields.py`, `views.py`)."""
    text, here = _prose(document), (REPO / document).parent
    roots = (REPO, here, REPO / "clay_plugins", REPO / "clay_plugins" / "content")
    missing = [m for m in MODULE.findall(text) if not any((r / m).is_file() for r in roots)]
    assert not missing, f"{document} names modules that do not exist: {missing}"
    members = _members()
    wrong = [f"{cls}.{name}" for cls, name in ATTRIBUTE.findall(text)
             if name not in members.get(cls, set())]
    assert not wrong, f"{document} offers what clay_plugins/ does not define: {wrong}"


def test_named_code_is_found() -> None:
    """The check above can fail: it reads modules and attributes, not examples."""
    text = "`content/schema.py`, `SiteContent.findings`, `x.md`\n```\n`gone.py`\n```\n"
    assert MODULE.findall(re.sub(r"```.*?```", "", text, flags=re.S)) == ["content/schema.py"]
    assert ATTRIBUTE.findall(text) == [("SiteContent", "findings")]
    assert "findings" in _members()["SiteContent"]
    assert "content_settings" in _members()["MeetingsPlugin"]
    assert "nothing_here" not in _members()["SiteContent"]


@pytest.mark.parametrize(("contract", "plugin", "config"), [
    ("clay_plugins/meetings/CONTRACT.md", "clay-meetings", MeetingsConfig),
    ("clay_plugins/action_plan/CONTRACT.md", "clay-action-plan", ActionPlanConfig),
])
def test_each_contract_shows_its_plugins_options(contract: str, plugin: str,
                                                 config: type[Config]) -> None:
    text = (REPO / contract).read_text(encoding="utf-8")
    block = re.search(r"^## Plugin configuration.*?^```yaml\n(.*?)^```", text, re.S | re.M)
    assert block, f"{contract} has no `## Plugin configuration` with a YAML example"
    entries = yaml.safe_load(block.group(1))["plugins"]
    options = next(e[plugin] for e in entries if isinstance(e, dict) and plugin in e)
    declared = set(config())
    assert set(options) == declared, f"{contract}: {plugin}'s options are {sorted(declared)}"
