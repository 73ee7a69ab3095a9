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


def test_only_the_cedilla_outside_romanian() -> None:
    """A page not in the site's default language (pages.py: romanian=False) is told only of
    the cedilla letters."""
    codes = {f.code for f in typography.check('ş "x" ã', "x.md", romanian=False)}
    assert codes == {"typography.cedilla"}


# --- exact fixes (issue 20) ----------------------------------------------------------------

NEVER_CHANGED = [
    # names in other languages
    "Partenerii din São Paulo și din Conceição au răspuns.\n",
    "Delegația din João Pessoa, Mãe de Deus și Kılıçdaroğlu.\n",
    "---\ntitle: Vizita la São Paulo\nsummary: Partenerii din Conceição.\n---\n\nText.\n",
    # web addresses, link targets, autolinks with parentheses, e-mail addresses
    "Vezi [pagina](https://ro.wikipedia.org/wiki/Băileşti_(oraş)) azi.\n",
    "Vezi https://ro.wikipedia.org/wiki/Băileşti_(oraş) azi.\n",
    "Vezi <https://example.org/ştiri_(2021)> azi.\n",
    "Vezi [pagina](<ştiri noi.md> \"titlu\") azi.\n",
    "Scrieți la ştefan.ţurcanu@adroltenia.ro sau <ştefan@adroltenia.ro>.\n",
    "Scrieți la [noi](mailto:ştefan@adroltenia.ro).\n",
    # code: fenced, indented, inline
    "```\nş \"x\" ã\n```\n",
    "Text.\n\n    cod ş \"x\" ã\n    altă linie ţ\n",
    "Text cu `cod \"ş\"` și ``cod ` ţ``.\n",
    # raw HTML: <pre>, comments, attributes
    "<pre>\nş \"x\" ã\n</pre>\n",
    "Text <pre>ş \"x\"</pre> aici.\n",
    "<!-- notă: ş \"x\" ã\n  pe două rânduri ţ -->\n",
    "Text <!-- ş \"x\" --> aici.\n",
    "<span title=\"ş > ţ\" data-x='ã'>text</span>\n",
    # what the editor marked as intentional
    "Orașul Eskişehir. <!-- clay: ignore-typography -->\n",
    "<!-- clay: ignore-typography Eskişehir irmã -->\nLa Eskişehir cu irmã.\n",
    "---\ntitle: Eskişehir  # clay: ignore-typography\n---\n\nText.\n",
]


def test_strings_that_must_never_change() -> None:
    for text in NEVER_CHANGED:
        assert typography.fix(text, romanian=True) == (text, []), text
        for crlf in (text.replace("\n", "\r\n"), text.replace("\n", "\r")):
            assert typography.fix(crlf, romanian=True) == (crlf, []), crlf


def test_romanian_words_beside_foreign_names_still_fixed() -> None:
    text = "Şedinţa de la São Paulo a fost lungã.\n"
    fixed, findings = typography.fix(text, romanian=True)
    assert fixed == "Ședința de la São Paulo a fost lungă.\n"
    assert [f.column for f in findings] == [1, 6, 36]


def test_a_marked_line_or_word_passes_check_and_the_build_check() -> None:
    text = "Orașul Eskişehir. <!-- clay: ignore-typography -->\nŞi aici.\n"
    assert positions(text) == [(2, 1, "typography.cedilla")]
    assert typography.check(text, "x.md", romanian=False)[0].line == 2
    words = "<!-- clay: ignore-typography Eskişehir -->\nLa Eskişehir, Şi.\n"
    assert positions(words) == [(2, 15, "typography.cedilla")]


def test_line_endings_bom_and_final_newline_kept() -> None:
    for text in ("Şi\r\nţ\r\n", "Şi\rţ\r", "Şi\nţ", "\ufeffŞi\r\nţ", "Şi\r\nţ\nã\r"):
        fixed, findings = typography.fix(text, romanian=True)
        expected = text.replace("Ş", "Ș").replace("ţ", "ț").replace("ã", "ă")
        assert fixed == expected
        assert [(f.line, f.column) for f in findings][:2] == [(1, 1), (2, 1)]
        assert typography.fix(fixed, romanian=True) == (fixed, [])


def test_indented_text_of_lists_and_admonitions_is_prose() -> None:
    text = "- punct\n\n    continuare ş\n\n!!! note\n\n    Conţinut.\n"
    assert [line for line, _, _ in positions(text)] == [3, 7]


def test_the_text_is_what_the_one_tokenizer_reads() -> None:
    # content/markdown.py's tokens, the links' and the action ids': Markdown inside an HTML
    # block marked `markdown` (its code left alone), each table cell a block of its own, the
    # text of raw HTML but not its attributes or its <code>
    text = ('<div markdown="1">\n\n```\nş "x"\n```\n\nŞi\n\n</div>\n\n'
            '| a | b |\n|---|---|\n| "x | y" |\n\n<p title="ş">ţ <code>ş</code></p>\n')
    assert positions(text) == [(7, 1, "typography.cedilla"), (13, 3, "typography.quotes"),
                               (13, 9, "typography.quotes"), (15, 14, "typography.cedilla")]
    fixed = typography.fix(text, romanian=True)[0]
    assert fixed == text.replace("Şi", "Și").replace('"x |', "„x |").replace('y" |', "y” |") \
        .replace(">ţ <", ">ț <")
