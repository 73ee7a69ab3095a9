"""Issue 26, Text: decomposed cedillas are found and fixed, bidirectional controls are refused in
front matter and headings, zero-width characters in titles are reported and removed, and
`--fix` never changes attribute lists, HTML attributes, code or URLs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clay_plugins.cli import main
from clay_plugins.content import typography
from tests.sitebuild import BuildFailed, build_site, content_config, make_site


def found(text: str, romanian: bool = True) -> list[tuple[int, int, str]]:
    return [(f.line, f.column or 0, f.code)
            for f in typography.check(text, "x.md", romanian=romanian)]


def test_a_decomposed_cedilla_is_found_and_fixed_composed() -> None:
    text = "Craiova, Bai\u0301le, Bǎile\nBăile\u0219ti și Bălce\u015fti, Ba\u0306ile\u0219ti\n" \
           "Ba\u0306ile\u015ft\u0327i are s\u0327i T\u0327.\n"
    # columns of the file: a letter and its combining mark are at the letter's column
    assert found(text) == [(2, 18, "typography.cedilla"), (3, 7, "typography.cedilla"),
                           (3, 8, "typography.cedilla"), (3, 16, "typography.cedilla"),
                           (3, 20, "typography.cedilla")]
    fixed, _ = typography.fix(text, romanian=True)
    # the letters reported are written composed (ș ț Ș Ț); every other character as it was,
    # decomposed forms included (ă written a + U+0306 stays so)
    assert fixed == ("Craiova, Bai\u0301le, Bǎile\nBăile\u0219ti și Bălce\u0219ti, "
                     "Ba\u0306ile\u0219ti\nBa\u0306ile\u0219\u021bi are \u0219i \u021a.\n")
    assert typography.fix(fixed, romanian=True)[1] == []


def test_a_decomposed_tilde_is_found_in_romanian() -> None:
    assert found("Ma\u0303rul\n") == [(1, 2, "typography.tilde")]
    assert typography.fix("Ma\u0303rul\n", romanian=True)[0] == "Mărul\n"


def test_attribute_lists_html_attributes_code_and_urls_are_never_fixed() -> None:
    text = ('## Plan { #plan title="Planul" }\n\n'
            'Text "citat" cu ![poza](p.jpg){: title="Poza" } și [a](https://x.ro/"a") '
            '<abbr title="Uniunea">UE</abbr> `cod "x"` ş.\n')
    fixed, findings = typography.fix(text, romanian=True)
    assert [(f.line, f.column, f.code) for f in findings] == [
        (3, 6, "typography.quotes"), (3, 12, "typography.quotes"),
        (3, 116, "typography.cedilla")]
    assert fixed.startswith('## Plan { #plan title="Planul" }\n')
    assert '{: title="Poza" }' in fixed and '<abbr title="Uniunea">' in fixed
    assert '`cod "x"`' in fixed and '(https://x.ro/"a")' in fixed
    assert 'Text „citat” cu' in fixed and "ș." in fixed


def test_zero_width_characters_in_titles_are_reported_and_removed() -> None:
    text = ("---\ntitle: Pla\u200bnul\nactions:\n  - id: 1\n    title: Ac\u200dțiunea\n---\n\n"
            "## Secți\u2060une {#s}\n\nText cu\u200bspațiu de lățime zero, lăsat.\n")
    assert found(text) == [(2, 11, "typography.zero-width"), (5, 14, "typography.zero-width"),
                           (8, 9, "typography.zero-width")]
    fixed, _ = typography.fix(text, romanian=True)
    assert fixed == text.replace("Pla\u200bnul", "Planul").replace(
        "Ac\u200dțiunea", "Acțiunea").replace("Secți\u2060une", "Secțiune")
    assert typography.fix(fixed, romanian=True)[1] == []


def test_bidi_controls_in_a_heading_are_errors() -> None:
    findings = typography.check("# Titlu \u202eevil\n\nText \u202e.\n", "x.md", romanian=True)
    assert [(f.line, f.column, f.code, f.severity.value) for f in findings] == [
        (1, 9, "typography.bidi", "error")]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    config = content_config()
    return make_site(tmp_path, {
        "index.md": "# Acasă\n", "index.en.md": "# Home\n",
        "privacy.md": "---\ntitle: \"Confiden\u202eția\u202clitate\"\n---\n\nText.\n",
        "privacy.en.md": "# Privacy\n\nText.\n",
        "accessibility.md": "# Accesibilitate \u2067x\u2069\n\nText.\n",
        "accessibility.en.md": "# Accessibility\n",
    }, config=config)


def test_bidi_controls_are_refused_by_clay_check_and_the_build(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["check", "--lang", "en", "--config", str(site), "--format", "json"])
    findings = {(f["path"], f["line"], f["code"])
                for f in json.loads(capsys.readouterr().out)["findings"]}
    assert status == 1
    assert ("docs/privacy.md", 2, "frontmatter.control-character") in findings
    assert ("docs/accessibility.md", 1, "typography.bidi") in findings
    with pytest.raises(BuildFailed) as failed:
        build_site(site)
    assert "docs/privacy.md:2:" in str(failed.value)
    assert "docs/accessibility.md:1:" in str(failed.value)
