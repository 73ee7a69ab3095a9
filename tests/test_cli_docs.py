"""The editors' guide is true: its examples pass `clay check` and build strict, both languages of
the guide show the same examples, every message code is explained, and the pre-commit hook runs
`clay check`."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from clay_plugins.cli import main
from tests.finding_codes import all_codes
from tests.sitebuild import REPO, build_site, make_site
from tests.test_cli_new import frame_pages

GUIDES = (REPO / "CONTRIBUTING.md", REPO / "CONTRIBUTING.en.md")
_EXAMPLE = re.compile(r"^`docs/(?P<path>[^`]+\.md)`:\n\n```markdown\n(?P<text>.*?)^```$",
                      re.MULTILINE | re.DOTALL)


def examples(guide: Path) -> dict[str, str]:
    return {m.group("path"): m.group("text")
            for m in _EXAMPLE.finditer(guide.read_text(encoding="utf-8"))}


def test_both_guides_show_the_same_examples() -> None:
    ro, en = (examples(g) for g in GUIDES)
    assert sorted(ro) == [
        "action-plan/03-actiuni.en.md", "action-plan/03-actiuni.md",
        "meetings/2021-04-08-finalizarea-planului-de-actiune.en.md",
        "meetings/2021-04-08-finalizarea-planului-de-actiune.md",
    ]
    assert ro == en


def test_examples_pass_the_check_and_build(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(tmp_path / "site", {**frame_pages(), **examples(GUIDES[0])})
    assert main(["check", "--lang", "en", "--config", str(cfg)]) == 0
    assert capsys.readouterr().out == ""
    result = build_site(cfg)
    page = result.read("meetings/2021-04-08-finalizarea-planului-de-actiune/index.html")
    assert "A șasea întâlnire, online, pentru finalizarea planului de acțiune" in page
    assert "The actions of the plan" in result.read("en/action-plan/03-actiuni/index.html")


_TABLE_CODES = re.compile(r"^\| *((?:`[a-z]+\.[a-z][a-z0-9_-]*`[^|]*?)+)\|", re.MULTILINE)


def explained(guide: Path) -> set[str]:
    """The codes in the first column of the guide's tables of messages."""
    text = guide.read_text(encoding="utf-8")
    return {code for cell in _TABLE_CODES.findall(text)
            for code in re.findall(r"`([a-z]+\.[a-z][a-z0-9_-]*)`", cell)}


def test_every_message_code_is_explained_in_both_guides() -> None:
    codes, unresolved = all_codes()
    assert not unresolved, ("write these finding codes as string literals (or list them in "
                            f"tests/finding_codes.py's declared_codes()): {unresolved}")
    # read from the declarations, from f-strings and through helpers, not only from literals
    assert {"meeting.number", "chapter.action-title", "chapter.status-missing", "page.template",
            "page.title", "frontmatter.aliases", "chapter.h1", "import.link", "file.symlink",
            "typography.cedilla", "links.alt", "translation.stale", "fix.unwritten"} <= codes
    for guide in GUIDES:
        documented = explained(guide)
        assert not codes - documented, f"{guide.name} does not explain {sorted(codes - documented)}"
        # and explains none the code no longer gives (a renamed or removed rule)
        assert not documented - codes, f"{guide.name} explains {sorted(documented - codes)}"
        assert not documented - codes, f"{guide.name} explains unknown {sorted(documented - codes)}"


def test_pre_commit_hook_runs_clay_check(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    hook = next(h for h in hooks if h["id"] == "clay-check")
    command = shlex.split(hook["entry"])
    assert command[:2] == ["clay", "check"]
    assert re.search(hook["files"], "docs/meetings/2021-04-08-x.md")
    assert not re.search(hook["files"], "clay_plugins/cli/check.py")
    # what pre-commit runs, with a changed file passed as it passes them
    cfg = make_site(tmp_path / "site", {"pagina.md": "Text cu ş.\n", "pagina.en.md": "Text.\n"})
    changed = str(cfg.parent / "docs" / "pagina.md")
    assert main([*command[1:], "--lang", "en", "--config", str(cfg), changed]) == 1
    assert "docs/pagina.md:1:9: the letter “ş”" in capsys.readouterr().out
