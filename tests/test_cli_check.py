"""`clay check`: every problem of a fixture set with its exact line and column, nothing on a clean
set, `--fix` correct and idempotent, the text / JSON / GitHub formats, exit codes, and stale
translations from git."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from clay_plugins.cli import main
from clay_plugins.cli.check import github_line
from clay_plugins.cli.site import load_site
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.site import load_content
from tests import photos
from tests.sitebuild import commit_site, git, make_site

CLEAN: dict[str, str | bytes] = {
    "meetings/2021-04-08-atelier.md": (
        "---\n"
        "title: A șasea întâlnire a grupului\n"
        "summary: Participanții au discutat „planul de acțiune” al regiunii.\n"
        "date: 2021-04-08\n"
        "format: online\n"
        "platform: Cisco Webex\n"
        "topics: [action-plan]\n"
        "action_plan: [1]\n"
        "---\n"
        "\n"
        "Întâlnirea s-a ținut pe „Webex”, vezi [planul](../action-plan/01-context.md).\n"
        "\n"
        "![Participanții la întâlnire](poza.png)\n"
        "\n"
        "```yaml\n"
        'title: "ş"\n'
        "```\n"
    ),
    "meetings/2021-04-08-atelier.en.md": (
        "---\n"
        "title: The sixth meeting of the group\n"
        "summary: Participants discussed the region's \"action plan\".\n"
        "---\n"
        "\n"
        'The meeting was held on "Webex", see [the plan](../action-plan/01-context.md).\n'
    ),
    "meetings/poza.png": photos.png_with_alpha((8, 8)),  # a photo must be whole (issue 21)
    "action-plan/01-context.md": (
        "---\n"
        "chapter: 1\n"
        "title: Contextul regional\n"
        "status: draft\n"
        "updated: 2021-05-01\n"
        "---\n"
        "\n"
        "Textul capitolului, cu [o întâlnire](../meetings/2021-04-08-atelier.md).\n"
    ),
    "action-plan/01-context.en.md": "---\ntitle: Regional context\n---\n\nThe chapter.\n",
    "pagina.md": "# Pagina\n\nText în română.\n",
    "pagina.en.md": "# Page\n\nEnglish text.\n",
}

BAD_MEETING = (
    "---\n"
    "title: Întâlnirea de la Băileşti\n"  # 2: cedilla at column 30
    "summary: Rezumat scurt.\n"
    "date: 2021-04-08\n"
    "format: online\n"
    "platform: TODO\n"  # 6: TODO at column 11
    "---\n"
    "\n"
    'Şedinţa a fost "bună" şi lungã.\n'  # 9: Ş 1, ţ 6, " 16, " 21, ş 23, ã 30
    "![](poza.png)\n"  # 10: no alt (column 1), missing image (column 5)
    "Vezi [planul](../action-plan/99-lipsa.md) și `cod \"ş\"`.\n"  # 11: missing page, column 15
    "Sursa: https://example.org/ştiri și <img src=\"harta.png\">.\n"  # 12: <img> 37, src 47
)
BAD: dict[str, str | bytes] = {
    "meetings/2021-04-08-raport.md": BAD_MEETING,
    "meetings/2021-04-08-raport.en.md": "---\ntitle: Report\nsummary: Short.\n---\n\nText.\n",
    "action-plan/01-context.md": (
        "---\nchapter: 1\ntitle: Context\nstatus: gata\nupdated: 2021-05-01\n---\n\nText.\n"
    ),
    "action-plan/01-context.en.md": "---\ntitle: Context\n---\n\nText.\n",
    "orfan.en.md": "# Orphan\n",
    "pagina.md": "Planul regiunii ãn \"curs\".\n",  # 1: ã 17, " 20, " 25
}
BAD_FINDINGS = [
    ("docs/action-plan/01-context.md", 4, 1, "chapter.status"),
    ("docs/meetings/2021-04-08-raport.md", 2, 30, "typography.cedilla"),
    ("docs/meetings/2021-04-08-raport.md", 6, 11, "frontmatter.todo"),
    ("docs/meetings/2021-04-08-raport.md", 9, 1, "typography.cedilla"),
    ("docs/meetings/2021-04-08-raport.md", 9, 6, "typography.cedilla"),
    ("docs/meetings/2021-04-08-raport.md", 9, 16, "typography.quotes"),
    ("docs/meetings/2021-04-08-raport.md", 9, 21, "typography.quotes"),
    ("docs/meetings/2021-04-08-raport.md", 9, 23, "typography.cedilla"),
    ("docs/meetings/2021-04-08-raport.md", 9, 30, "typography.tilde"),
    ("docs/meetings/2021-04-08-raport.md", 10, 1, "links.alt"),
    ("docs/meetings/2021-04-08-raport.md", 10, 5, "links.missing"),
    ("docs/meetings/2021-04-08-raport.md", 11, 15, "links.missing"),
    ("docs/meetings/2021-04-08-raport.md", 12, 37, "links.alt"),
    ("docs/meetings/2021-04-08-raport.md", 12, 47, "links.missing"),
    ("docs/orfan.en.md", None, None, "translation.orphan"),
    ("docs/pagina.md", 1, 17, "typography.tilde"),
    ("docs/pagina.md", 1, 20, "typography.quotes"),
    ("docs/pagina.md", 1, 25, "typography.quotes"),
    # information: listed, never fails
    ("docs/pagina.md", None, None, "translation.missing"),
]


def site(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    return make_site(tmp_path / "site", files)


def run_json(
    cfg: Path, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, dict[str, Any]]:
    code = main(["check", "--lang", "en", "--config", str(cfg), "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def keys(data: dict[str, Any]) -> list[tuple[object, ...]]:
    return [(f["path"], f["line"], f["column"], f["code"]) for f in data["findings"]]


def test_clean_set_has_no_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = site(tmp_path, CLEAN)
    code, data = run_json(cfg, capsys)
    assert keys(data) == []
    assert code == 0 and data["ok"] is True and data["files"] == 6


def test_the_repository_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """What CI runs first on every pull request: the site's own files (and, from git, their
    translations' freshness) must be clean, or main itself fails the check."""
    repo = Path(__file__).resolve().parent.parent
    code, data = run_json(repo / "mkdocs.yml", capsys)
    assert [str(Finding(**{**f, "severity": Severity(f["severity"])})) for f in data["findings"]
            if f["severity"] != "info"] == []
    assert code == 0


def test_bad_set_every_problem_with_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = site(tmp_path, BAD)
    code, data = run_json(cfg, capsys)
    assert code == 1
    assert keys(data) == BAD_FINDINGS
    assert data["counts"] == {"error": 6, "warning": 12, "info": 1}


def test_check_reports_exactly_what_the_build_loads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`clay check` has no rule of its own outside git: its findings are load_content's, the
    function the build plugins call."""
    cfg = site(tmp_path, BAD)
    _, data = run_json(cfg, capsys)
    content = load_content(load_site(cfg))
    assert sorted(keys(data), key=repr) == sorted(
        ((f.path, f.line, f.column, f.code) for f in content.findings), key=repr)


def test_the_rules_of_every_page_reach_reports_chapters_and_ordinary_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = dict(CLEAN)
    files["meetings/2021-04-08-atelier.md"] = str(files["meetings/2021-04-08-atelier.md"]).replace(
        "action_plan: [1]\n", "action_plan: [1]\nhide: [sidebar]\n")  # line 9
    files["action-plan/01-context.en.md"] = (
        "---\ntitle: Regional context\n---\n\nThe chapter's text: write its content here.\n")
    files["pagina.md"] = (
        "---\nsearch: yes\ntemplate: lipsa.html\n---\n\n# Pagina\n\nDatele „şterse”.\n")
    cfg = site(tmp_path, files)
    code, data = run_json(cfg, capsys)
    assert keys(data) == [
        ("docs/action-plan/01-context.en.md", 5, 1, "content.placeholder"),
        ("docs/meetings/2021-04-08-atelier.md", 9, None, "page.hide"),
        ("docs/pagina.md", 2, None, "page.search"),
        ("docs/pagina.md", 3, None, "page.template"),
        ("docs/pagina.md", 8, 9, "typography.cedilla"),
    ]
    assert code == 1


def test_links_to_the_pages_the_plugins_generate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The meetings' list, each year's and topic's list that has reports, the plan's contents
    and print edition exist for `clay check` as in the build; a year without reports does not."""
    files = dict(CLEAN)
    files["pagina.md"] = (
        "# Pagina\n\n"
        "[Lista](meetings/index.md) și [planul](action-plan/index.md).\n"  # 3
        "[Anul 2021](meetings/2021/index.md) și [tema](meetings/topics/action-plan/index.md).\n"
        "[Tipar](action-plan/print.md).\n"  # 5
        "[Anul 2019](meetings/2019/index.md).\n"  # 6: no report in 2019
        "[Nicio temă](meetings/topics/nimic/index.md).\n"  # 7: no such topic
    )
    code, data = run_json(site(tmp_path, files), capsys)
    missing = [(path, line, kind) for path, line, _, kind in keys(data) if kind.startswith("links")]
    assert missing == [("docs/pagina.md", 6, "links.missing"),
                       ("docs/pagina.md", 7, "links.missing")]
    assert code == 1


def test_text_format_one_line_per_finding(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cfg = site(tmp_path, BAD)
    assert main(["check", "--lang", "en", "--config", str(cfg)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert "docs/meetings/2021-04-08-raport.md:6:11: `platform` is still TODO: the import could " \
           "not find it in the text — write the platform, e.g. Cisco Webex, Zoom or Microsoft " \
           "Teams" in lines
    assert ("docs/meetings/2021-04-08-raport.md:10:5: the image `poza.png` points to a file that "
            "does not exist (meetings/poza.png) — check the file name (letters, case, extension) "
            "or add the image beside this file") in lines
    # information comes last, under its own heading
    assert lines[-2] == "For information (does not fail the check):"
    assert lines[-1].startswith("docs/pagina.md: no `en` translation of this page yet")
    assert len(lines) == len(BAD_FINDINGS) + 1
    assert "6 errors, 12 warnings, 1 note" in captured.err


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = site(tmp_path, BAD)
    assert main(["check", "--lang", "en", "--config", str(cfg), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(BAD_FINDINGS)
    assert lines[2] == (
        "::error file=docs/meetings/2021-04-08-raport.md,line=6,col=11::`platform` is still "
        "TODO: the import could not find it in the text — write the platform, e.g. Cisco Webex, "
        "Zoom or Microsoft Teams"
    )
    assert lines[1].startswith(
        "::warning file=docs/meetings/2021-04-08-raport.md,line=2,col=30::the letter “ş”")
    assert lines[0].startswith("::error file=docs/action-plan/01-context.md,line=4,col=1::")
    assert lines[-1].startswith("::notice file=docs/pagina.md::no `en` translation")


def test_github_escaping() -> None:
    f = Finding("docs/a,b:c.md", 3, 2, "50% done\nnext", "fix, it", Severity.INFO)
    assert github_line(f) == (
        "::notice file=docs/a%2Cb%3Ac.md,line=3,col=2::50%25 done%0Anext — fix, it"
    )


def test_paths_limit_the_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = site(tmp_path, BAD)
    code, data = run_json(cfg, capsys, str(cfg.parent / "docs" / "pagina.md"))
    assert code == 1
    assert keys(data) == [k for k in BAD_FINDINGS if k[0] == "docs/pagina.md"]
    code, data = run_json(cfg, capsys, str(cfg.parent / "docs" / "action-plan"))
    assert keys(data) == [k for k in BAD_FINDINGS if k[0].startswith("docs/action-plan/")]


def test_info_alone_does_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = {k: v for k, v in CLEAN.items() if k != "pagina.en.md"}
    cfg = site(tmp_path, files)
    code, data = run_json(cfg, capsys)
    assert keys(data) == [("docs/pagina.md", None, None, "translation.missing")]
    assert code == 0


def test_fix_corrects_in_place_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = site(tmp_path, BAD)
    docs = cfg.parent / "docs"
    assert main(["check", "--lang", "en", "--config", str(cfg),
                "--fix"]) == 1  # links, TODO, status remain
    out = capsys.readouterr().out
    assert out.count("fixed ") == 10
    assert (docs / "meetings/2021-04-08-raport.md").read_text(encoding="utf-8") == (
        "---\n"
        "title: Întâlnirea de la Băilești\n"
        "summary: Rezumat scurt.\n"
        "date: 2021-04-08\n"
        "format: online\n"
        "platform: TODO\n"
        "---\n"
        "\n"
        "Ședința a fost „bună” și lungă.\n"
        "![](poza.png)\n"
        "Vezi [planul](../action-plan/99-lipsa.md) și `cod \"ş\"`.\n"
        "Sursa: https://example.org/ştiri și <img src=\"harta.png\">.\n"
    )
    assert (docs / "pagina.md").read_text(encoding="utf-8") == "Planul regiunii ăn „curs”.\n"
    before = {p: p.read_bytes() for p in docs.rglob("*.md")}
    code, data = run_json(cfg, capsys, "--fix")
    assert data["fixed"] == []
    assert {p: p.read_bytes() for p in docs.rglob("*.md")} == before
    assert {k[3] for k in keys(data)} == {
        "chapter.status", "frontmatter.todo", "links.alt", "links.missing",
        "translation.orphan", "translation.missing",
    }


def test_translation_older_in_git_is_possibly_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = site(tmp_path, CLEAN)
    root = cfg.parent
    commit_site(root)
    code, data = run_json(cfg, capsys)
    assert code == 0 and keys(data) == []  # committed together: in sync
    page = root / "docs" / "pagina.md"
    page.write_text("# Pagina\n\nText nou în română.\n", encoding="utf-8")
    git(root, "commit", "-qam", "ro only", when="2021-02-01T10:00:00+00:00")
    code, data = run_json(cfg, capsys)
    assert code == 1
    assert keys(data) == [("docs/pagina.en.md", None, None, "translation.stale")]
    assert "docs/pagina.md" in data["findings"][0]["message"]
    # the editor is updating the translation: not stale while it is changed in the working tree
    (root / "docs" / "pagina.en.md").write_text("# Page\n\nNew English text.\n", encoding="utf-8")
    code, data = run_json(cfg, capsys)
    assert code == 0 and keys(data) == []
    git(root, "commit", "-qam", "en too", when="2021-02-02T10:00:00+00:00")
    code, data = run_json(cfg, capsys)
    assert code == 0 and keys(data) == []


def test_missing_config_is_a_usage_error(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--lang", "en", "--config", str(tmp_path / "nothing.yml")]) == 2
    assert "no such file" in capsys.readouterr().err
