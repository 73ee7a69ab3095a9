"""The editors' messages in their languages (clay_plugins/locale/*/LC_MESSAGES/editors.po): a
finding is an `E_` msgid plus the values of its placeholders, said by `finding.text(lang)`;
`clay check --lang ro|en` (default: the site's default language) speaks it; code, path, line and
column are the same in every language."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from clay_plugins import l10n
from clay_plugins.cli import main
from clay_plugins.content.findings import Finding
from tests.sitebuild import build_site, make_site
from tests.test_cli_check import BAD, BAD_FINDINGS


def _check(cfg: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["check", "--config", str(cfg), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("bad") / "site", BAD)


def test_a_finding_is_a_msgid_and_its_values() -> None:
    finding = Finding("docs/x.md", 3, 7, l10n.E_("`{name}` must be text", name="title"),
                      l10n.E_("write `{name}: …` on one line, in quotes if it contains `:` or "
                              "`#`", name="title"), code="meeting.title")
    assert finding.message == "`{name}` must be text"
    assert finding.args == (("name", "title"),)
    assert finding.text("en") == (
        "docs/x.md:3:7: `title` must be text — write `title: …` on one line, in quotes if it "
        "contains `:` or `#`")
    assert finding.text("ro") == (
        "docs/x.md:3:7: `title` trebuie să fie text — scrieți `title: …` pe un singur rând, "
        "între ghilimele dacă conține `:` sau `#`")
    assert str(finding) == finding.text("en")
    # what the editor wrote is a value, never part of the text: braces in it stay as they are
    braces = Finding("docs/x.md", 1, None, l10n.E_("`{name}` must be text", name="{x}"), "")
    assert braces.text("ro") == "docs/x.md:1: `{x}` trebuie să fie text — "


def test_a_text_not_in_the_editors_catalog_is_refused() -> None:
    finding = Finding("docs/x.md", 1, None, "an English sentence nobody marked", "fix it")
    with pytest.raises(l10n.CatalogError, match="no entry for 'an English sentence"):
        finding.text("ro")


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_check_speaks_the_language_asked(
    bad_site: Path, capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    code, out, _ = _check(bad_site, capsys, "--format", "json", "--lang", lang)
    data = json.loads(out)
    assert code == 1
    assert [(f["path"], f["line"], f["column"], f["code"]) for f in data["findings"]] == (
        BAD_FINDINGS)
    english = {(f["path"], f["line"], f["column"]): f for f in json.loads(_check(
        bad_site, capsys, "--format", "json", "--lang", "en")[1])["findings"]}
    for f in data["findings"]:
        other = english[(f["path"], f["line"], f["column"])]
        if lang == "en":
            assert f == other
        else:
            assert f["message"] != other["message"], f


def test_check_speaks_the_sites_default_language_by_default(
    bad_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, err = _check(bad_site, capsys)
    _, out_ro, err_ro = _check(bad_site, capsys, "--lang", "ro")
    _, out_en, err_en = _check(bad_site, capsys, "--lang", "en")
    assert (out, err) == (out_ro, err_ro) != (out_en, err_en)
    cedilla = [line for line in out.splitlines() if ":2:30:" in line]
    assert cedilla == ["docs/meetings/2021-04-08-raport.md:2:30: litera „ş” (cu sedilă) este "
                       "caracterul greșit pentru limba română — scrieți „ș” (virgulă dedesubt) "
                       "în loc; `clay check --fix` o face"]
    # the lines keep their places: path, line and column of every line are the same
    def places(out: str) -> list[str]:
        return [line.split(": ")[0] for line in out.splitlines() if line.startswith("docs/")]

    assert places(out_ro) == places(out_en) != []


def test_check_refuses_a_language_without_editors_catalog(
    bad_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _check(bad_site, capsys, "--lang", "it")
    assert code == 2
    assert "`it`" in err


def test_the_build_logs_the_findings_clay_check_finds(tmp_path: Path) -> None:
    """The build's log says the findings in the site's default language (Romanian), the same
    lines as `clay check`, each record carrying its finding; `CLAY_LANG=en` makes it English,
    the lines of `clay check --lang en`."""
    page = "Planul regiunii ãn „curs”.\n"  # a warning: the tilde of line 1, column 17
    cfg = make_site(tmp_path, {"pagina.md": page, "pagina.en.md": "Text.\n"})
    said = {}
    for lang in ("ro", "en"):
        result = build_site(cfg, strict=False, lang=None if lang == "ro" else lang)
        warnings = [r for r in result.messages if r.levelno == logging.WARNING
                    and hasattr(r, "clay_finding")]
        assert [(r.clay_finding.code, r.clay_finding.where()) for r in warnings] == [
            ("typography.tilde", "docs/pagina.md:1:17")]
        said[lang] = warnings[0].getMessage()
        assert said[lang] == "clay: " + warnings[0].clay_finding.text(lang)
    assert said["ro"] != said["en"]
