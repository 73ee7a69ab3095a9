"""Issue 25, one Markdown parser: headings, ids, links, attribute lists and raw HTML from one
tokenization with the file's line numbers; rendered HTML read and edited with an HTML parser.

The bug it fixes: a chapter that shows `{#action-9}` inside a code sample (a ```` fence holding
a ``` line) passed `clay check` and the strict build, and the contents page linked
`…/#action-9`, an anchor that does not exist.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clay_plugins.action_plan.plugin import _demote_headings
from clay_plugins.cli import main
from clay_plugins.content import html as html_rules
from clay_plugins.content import markdown as markdown_module
from tests.sitebuild import BuildFailed, build_site, content_config, make_site

SAMPLE = """## Exemplu

Un capitol arată cum se scrie o acțiune:

````markdown
```
## Acțiunea 9 {#action-9}
```
````
"""
CHAPTER = """---
chapter: 4
title: Capitol
status: draft
updated: 2021-05-10
actions:
  - id: 9
    title: Acțiunea
---

""" + SAMPLE
CHAPTER_EN = """---
title: Chapter
actions:
  - id: 9
    title: The action
---

## Example
"""


def site(tmp_path: Path, chapter: str, chapter_en: str) -> Path:
    config = content_config()
    return make_site(tmp_path, {
        "index.md": "# Acasă\n", "index.en.md": "# Home\n", "privacy.md": "# P\n",
        "privacy.en.md": "# P\n", "accessibility.md": "# A\n", "accessibility.en.md": "# A\n",
        "action-plan/04-capitol.md": chapter, "action-plan/04-capitol.en.md": chapter_en,
    }, config=config)


def test_an_action_id_shown_in_a_code_sample_is_not_a_heading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = site(tmp_path, CHAPTER, CHAPTER_EN)
    status = main(["check", "--lang", "en", "--config", str(cfg), "--format", "json"])
    found = [(f["path"], f["line"], f["code"])
             for f in json.loads(capsys.readouterr().out)["findings"]]
    assert status == 1
    assert ("docs/action-plan/04-capitol.md", 10, "chapter.action-heading") in found
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    assert "docs/action-plan/04-capitol.md:10: no heading has the id `#action-9`" in str(
        failed.value)


def test_the_real_heading_beside_the_sample_is_linked_and_the_sample_kept(
    tmp_path: Path,
) -> None:
    chapter = CHAPTER + "\n## Acțiunea 9 {#action-9}\n\nText.\n"
    chapter_en = CHAPTER_EN + "\n## Action 9 {#action-9}\n\nText.\n"
    result = build_site(site(tmp_path, chapter, chapter_en))
    assert result.warnings == []
    page = result.soup("action-plan/04-capitol/index.html")
    assert page.select_one("h2#action-9") is not None
    contents = result.soup("action-plan/index.html")
    assert contents.select_one('a[href$="04-capitol/#action-9"]') is not None
    # the print edition moves the headings one level down, not the lines of the sample
    printed = result.soup("action-plan/print/index.html")
    assert printed.select_one("h3#action-9") is not None
    assert "```\n## Acțiunea 9 {#action-9}\n```" in printed.select_one("pre code").get_text()


def test_headings_and_their_ids_with_the_file_lines() -> None:
    body = ("# Titlu\n\nText\n\n## A { #a .x }\n\n    ## cod {#no}\n\n~~~\n## nu {#no}\n~~~\n\n"
            "Setext {#s}\n------\n\n!!! note\n    ### În notă {#n}\n")
    found = [(h.line, h.level, h.text, h.id) for h in markdown_module.headings(body, 7)]
    assert found == [(7, 1, "Titlu", None), (11, 2, "A", "a"), (19, 2, "Setext", "s"),
                     (23, 3, "În notă", "n")]


def test_links_images_html_and_attribute_lists_with_their_lines() -> None:
    body = ("Text [a](x.md) și\n![poza](p.jpg){ .decorative }\n`[nu](cod.md)` <span>x</span>\n\n"
            "<div markdown>\nbloc\n</div>\n\n```\n[nu](fence.md) <script>\n```\n\n"
            "[ref]: https://example.org/\n\nVezi [ref].\n")
    doc = markdown_module.parse(body, 3)
    assert [(link.line, link.url, link.image) for link in doc.links] == [
        (3, "x.md", False), (4, "p.jpg", True), (17, "https://example.org/", False)]
    assert doc.links[1].attrs is not None and doc.links[1].attrs.classes == ["decorative"]
    # the `<script>` in the fence is code, not HTML; inside `<div markdown>` Markdown is read
    # (Python-Markdown's md_in_html), so its closing tag is a block of its own
    assert [(h.line, h.block) for h in doc.html] == [(5, False), (5, False), (7, True),
                                                    (9, True)]
    assert [a.line for a in doc.attr_lists] == [4]


def test_rendered_html_is_read_by_an_html_parser() -> None:
    html = ('<h1 id="t">T</h1><p><img alt="a > b" src="p.jpg" onerror="x"> '
            "<!-- <img src=no.jpg> --><code>&lt;img&gt;</code></p>")
    assert html_rules.ids(html) == {"t"}
    assert html_rules.end_of_first(html, "h1") == html.index("</h1>") + len("</h1>")
    # read in pieces: a heading far in, a tag across a piece's end, one in a comment
    long = "<p>" + "x" * 1020 + '<!-- </h1> --><h1 title="a\n>b">T</h1' + "\n" * 3 + "><p>y</p>"
    assert html_rules.end_of_first(long, "h1") == len(long) - len("<p>y</p>")
    assert html_rules.end_of_first(long, "h2") == -1
    seen: list[tuple[tuple[str, str | None], ...]] = []

    def replace(tag: html_rules.Tag) -> str:
        seen.append(tag.attrs)
        return "<picture></picture>"

    out = html_rules.replace_tags(html, "img", replace)
    assert seen == [(("alt", "a > b"), ("src", "p.jpg"), ("onerror", "x"))]
    assert out == html.replace('<img alt="a > b" src="p.jpg" onerror="x">', "<picture></picture>")


def test_the_print_edition_demotes_headings_outside_code_only() -> None:
    body = "## A\n\n```\n## cod\n```\n\n    ## indentat\n\n###### F\n\n> ## Citat\n"
    assert _demote_headings(body) == (
        "### A\n\n```\n## cod\n```\n\n    ## indentat\n\n###### F\n\n> ### Citat\n")


def test_a_pages_body_is_tokenized_once_for_its_typography_and_its_links(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The typography and the links of a page read one tokenization of its body, and each
    finds what it finds alone."""
    from clay_plugins.content import links, typography

    text = ('---\ntitle: "T"\n---\n\n"Citat" cu [o legătură](lipsa.md) și [o definiție].\n\n'
            "[o definiție]: https://example.org/\n")
    markdown_module._tokenized.cache_clear()
    parser = markdown_module._parser()
    calls = []
    real = parser.parse
    monkeypatch.setattr(parser, "parse", lambda *a: calls.append(1) or real(*a))
    found = typography.check(text, "docs/p.md", romanian=True)
    doc = links.document(text)
    assert len(calls) == 1
    assert [f.code for f in found] and [f.line for f in found] == [5, 5]
    assert [(link.line, link.url) for link in doc.links if not link.reference] == [
        (5, "lipsa.md")]
    assert [(d.line, d.url) for d in doc.definitions] == [(7, "https://example.org/")]
    # and the same as each alone, from a parse of its own
    markdown_module._tokenized.cache_clear()
    assert links.document(text) == doc
    assert len(calls) == 2
