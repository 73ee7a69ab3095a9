"""Romanian typography: what is found (exact line and column), what is fixed, what is left alone."""

from __future__ import annotations

from clay_plugins.content import typography
from clay_plugins.content.findings import Severity


def positions(text: str, *, romanian: bool = True) -> list[tuple[int | None, int | None, str]]:
    return [(f.line, f.column, f.code) for f in typography.check(text, "x.md", romanian=romanian)]


def test_cedilla_letters_found_and_fixed_everywhere() -> None:
    text = "---\ntitle: Întâlnire la Craiova ţinută\n---\nŞedinţa a fost în Băileşti.\n"
    fixed, findings = typography.fix(text, "x.md", romanian=False)
    assert [(f.line, f.column) for f in findings] == [(2, 29), (4, 1), (4, 6), (4, 24)]
    assert all(f.severity is Severity.WARNING and f.code == "typography.cedilla" for f in findings)
    assert fixed == "---\ntitle: Întâlnire la Craiova ținută\n---\nȘedința a fost în Băilești.\n"
    assert str(findings[1]).startswith("x.md:4:1: the letter “Ş” (with cedilla)")
    assert "— write “Ș” (comma below)" in str(findings[1])


def test_tilde_only_in_romanian_files() -> None:
    text = "Planul de acţiune ãl regiunii\n"
    assert positions(text) == [(1, 13, "typography.cedilla"), (1, 19, "typography.tilde")]
    assert positions(text, romanian=False) == [(1, 13, "typography.cedilla")]
    assert typography.fix(text, romanian=True)[0] == "Planul de acțiune ăl regiunii\n"


def test_straight_quotes_paired_and_across_wrapped_lines() -> None:
    text = 'El a spus "bine" și apoi "foarte\nbine" la final.\n\n"Alt" paragraf.\n'
    fixed, findings = typography.fix(text, romanian=True)
    assert [(f.line, f.column) for f in findings] == [(1, 11), (1, 16), (1, 26), (2, 5), (4, 1),
                                                      (4, 5)]
    assert fixed == "El a spus „bine” și apoi „foarte\nbine” la final.\n\n„Alt” paragraf.\n"


def test_unclosed_quote_does_not_leak_into_next_paragraph() -> None:
    text = 'Un "citat neînchis\n\nApoi "altul".\n'
    fixed, _ = typography.fix(text, romanian=True)
    assert fixed == "Un „citat neînchis\n\nApoi „altul”.\n"


def test_english_opening_quote_replaced_in_romanian() -> None:
    text = "Proiectul CLAY – “Cross Sector Support” continuă.\n"
    fixed, findings = typography.fix(text, romanian=True)
    assert [(f.line, f.column, f.code) for f in findings] == [(1, 18, "typography.quotes")]
    assert fixed == "Proiectul CLAY – „Cross Sector Support” continuă.\n"
    assert typography.check(text, "x.en.md", romanian=False) == []


def test_existing_romanian_quotes_keep_the_pairing() -> None:
    fixed, _ = typography.fix('Text „deschis" aici.\n', romanian=True)
    assert fixed == "Text „deschis” aici.\n"


def test_code_urls_tags_link_targets_and_keys_untouched() -> None:
    text = (
        "---\n"
        'title: "Titlu cu ghilimele YAML"\n'
        "ştiri: da\n"
        "link: https://example.org/ştiri\n"
        "---\n"
        "Vezi `cod \"ş\"` și <span title=\"ţ\">text</span>.\n"
        "Legătura [aici](ştiri.md \"titlu\") și https://ex.ro/ţară?a=\"b\" și www.ţara.ro.\n"
        "```python\n"
        'x = "ş"\n'
        "```\n"
        "~~~~\n"
        "ţ\n"
        "~~~~\n"
        "[ref]: ştiri.md \"Ştiri\"\n"
        "Paragraf {: .ţ }\n"
    )
    assert typography.check(text, "x.md", romanian=True) == []
    assert typography.fix(text, romanian=True)[0] == text


def test_longer_fence_is_not_closed_by_shorter_one() -> None:
    text = "````\n```\nş\n```\n````\nş\n"
    assert positions(text) == [(6, 1, "typography.cedilla")]


def test_admonition_title_checked_but_its_quotes_are_syntax() -> None:
    text = '!!! note "Ştiri"\n    Conţinut.\n'
    fixed, findings = typography.fix(text, romanian=True)
    assert [(f.line, f.column) for f in findings] == [(1, 11), (2, 8)]
    assert fixed == '!!! note "Știri"\n    Conținut.\n'


def test_fix_is_idempotent() -> None:
    text = 'Şi "citat" cu ã.\n'
    once, first = typography.fix(text, romanian=True)
    twice, second = typography.fix(once, romanian=True)
    assert first and second == [] and twice == once


def test_check_cedilla_only() -> None:
    codes = {f.code for f in typography.check_cedilla('ş "x" ã', "x.md")}
    assert codes == {"typography.cedilla"}
