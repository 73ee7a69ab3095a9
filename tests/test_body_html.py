"""Issue 26, Markdown bodies: HTML, links and attribute lists that can run or load code are refused.

Every payload of the issue is put in a meeting report, an action-plan chapter and an ordinary
page (docs/privacy.md); each is refused at its line with its code by `clay check` and by the
strict build (the same findings, from `load_content`), and no published file holds it. The
build's safety net (content/html.py's `VetExtension`) is shown on its own: it refuses each
payload in the HTML that Python-Markdown renders, and a page where the two Markdown parsers
disagree (a fence that Python-Markdown does not close) fails the build, naming the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import markdown
import pytest
from mkdocs.exceptions import PluginError

from clay_plugins.cli import main
from clay_plugins.content import html as html_rules
from clay_plugins.content import markdown as markdown_module
from tests.sitebuild import BuildFailed, build_site, content_config, make_site

# (payload on one line, the code refusing it); every payload carries `clayxss`, which must be
# in no published file
PAYLOADS: list[tuple[str, str]] = [
    ("<script>alert('clayxss')</script>", "html.element"),
    ('<iframe src="https://clayxss.example/"></iframe>', "html.element"),
    ('Text <img src="x.jpg" alt="clayxss" onerror="alert(1)"> text.', "html.handler"),
    ('<a href="javascript:alert(\'clayxss\')">x</a>', "html.url"),
    ("[x](javascript:alert('clayxss'))", "html.url"),
    ("[x](data:text/html;base64,Y2xheXhzcw==) clayxss", "html.url"),
    ('<meta http-equiv="refresh" content="0;url=https://clayxss.example/">', "html.element"),
    ('<base href="https://clayxss.example/">', "html.element"),
    ('<form action="https://clayxss.example/"><input type="password" name="p"></form>',
     "html.element"),
    ('<object data="clayxss.swf"></object>', "html.element"),
    ("<style>body { display: none } /* clayxss */</style>", "html.element"),
    ('<embed src="clayxss.swf">', "html.element"),
    ('<svg onload="alert(\'clayxss\')"></svg>', "html.element"),
    ('<button onclick="alert(1)">clayxss</button>', "html.element"),
    ('<link rel="stylesheet" href="https://clayxss.example/x.css">', "html.element"),
    ('<a href="vbscript:msgbox(\'clayxss\')">x</a>', "html.url"),
    ('<a href=" JaVa&#x09;ScRiPt:alert(\'clayxss\')">x</a>', "html.url"),
    ('## Titlu clayxss { onclick="alert(1)" }', "html.handler"),
    ('![poza clayxss](https://example.org/p.jpg){: onmouseover="alert(1)" }', "html.handler"),
    ('[legătura clayxss](https://example.org/){ onclick="alert(1)" }', "html.handler"),
    ('<span style="background: url(https://clayxss.example/t.gif)">x</span>', "html.attribute"),
]
# a paragraph whose attribute list is on the line after it
PARAGRAPH = ("Un paragraf clayxss.\n{: onmouseover=\"alert(1)\" }\n", "html.handler")
# what stays allowed: the inline HTML editors use
HARMLESS = """Apa<br>rece H<sub>2</sub>O, 10<sup>3</sup>, <abbr title="Uniunea Europeană">UE</abbr>,
<span class="nota">o notă</span>, <a href="https://example.org/" title="t">o legătură</a>,
<a href="mailto:x@example.org">scrieți-ne</a>, <kbd>Ctrl</kbd>.

<div markdown class="admonition note">
Text **în** div.
</div>

<details><summary>Mai mult</summary>Text.</details>

## Plan { #plan title="Planul" }

![Sigla](https://example.org/sigla.png){ .decorative width="120" }
"""


def body() -> tuple[str, dict[int, str]]:
    """The payloads, each in its own paragraph: the text and the code expected at each line
    (counted in the body: 1 is its first line)."""
    lines: list[str] = []
    expected: dict[int, str] = {}
    for payload, code in PAYLOADS:
        expected[len(lines) + 1] = code
        lines += [payload, ""]
    expected[len(lines) + 2] = PARAGRAPH[1]
    lines += PARAGRAPH[0].split("\n")
    return "\n".join(lines) + "\n", expected


REPORT_FM = """---
title: Întâlnirea
summary: Rezumat.
date: 2021-04-08
format: online
platform: Webex
---
"""
REPORT_EN = "---\ntitle: The meeting\nsummary: Summary.\n---\n\nText.\n"
CHAPTER_FM = """---
chapter: 1
title: Capitol
status: draft
updated: 2021-05-10
---
"""
CHAPTER_EN = "---\ntitle: Chapter\n---\n\nText.\n"
PAGE_FM = "---\ntitle: Confidențialitate\n---\n"
PAGES = {
    "meetings/2021-04-08-raport.md": REPORT_FM,
    "action-plan/01-capitol.md": CHAPTER_FM,
    "privacy.md": PAGE_FM,
}


def hostile_files() -> tuple[dict[str, str | bytes], dict[tuple[str, int], str]]:
    text, expected = body()
    files: dict[str, str | bytes] = {
        "index.md": "# Acasă\n\nText.\n",
        "index.en.md": "# Home\n\nText.\n",
        "meetings/index.md": "# Întâlniri\n",
        "meetings/2021-04-08-raport.en.md": REPORT_EN,
        "action-plan/01-capitol.en.md": CHAPTER_EN,
        "privacy.en.md": "# Privacy\n\nText.\n",
        "accessibility.md": "# Accesibilitate\n",
    }
    where: dict[tuple[str, int], str] = {}
    for rel, front in PAGES.items():
        files[rel] = front + "\n" + text
        first = front.count("\n") + 2  # the body's first line in the file
        for line, code in expected.items():
            where[(f"docs/{rel}", first + line - 1)] = code
    return files, where


def no_published_file_holds_a_payload(site: Path) -> None:
    if not site.exists():
        return
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".txt", ".js"):
            assert b"clayxss" not in path.read_bytes(), path


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[tuple[str, int], str]]:
    files, where = hostile_files()
    config = content_config()
    return make_site(tmp_path_factory.mktemp("body"), files, config=config), where


def test_clay_check_refuses_every_payload_at_its_line(
    hostile_site: tuple[Path, dict[tuple[str, int], str]], capsys: pytest.CaptureFixture[str]
) -> None:
    cfg, where = hostile_site
    status = main(["check", "--lang", "en", "--config", str(cfg), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 1
    found = {(f["path"], f["line"], f["code"]) for f in data["findings"]
             if f["code"].startswith("html.")}
    for (path, line), code in where.items():
        assert (path, line, code) in found, (path, line, code)
    assert all(f["severity"] == "error" for f in data["findings"] if f["code"].startswith("html."))
    # nothing else is refused: the other rules have nothing to say about these pages
    assert {(p, n) for p, n, _ in found} == set(where)


def test_the_strict_build_refuses_them_with_the_same_lines(
    hostile_site: tuple[Path, dict[tuple[str, int], str]]
) -> None:
    cfg, where = hostile_site
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    text = str(failed.value)
    for path, line in where:
        assert f"{path}:{line}: " in text, (path, line)
    no_published_file_holds_a_payload(cfg.parent / "site")


@pytest.mark.parametrize(("payload", "code"), [*PAYLOADS, PARAGRAPH])
def test_the_safety_net_refuses_each_payload_as_rendered(payload: str, code: str) -> None:
    """The HTML Python-Markdown renders of each payload fails the page by itself, whatever the
    checks found (a rule of the build's that does not depend on the checks' parser)."""
    md = markdown.Markdown(extensions=[
        "admonition", "attr_list", "md_in_html", "toc", "tables", "fenced_code",
        html_rules.VetExtension("docs"),
    ])
    with pytest.raises(html_rules.UnsafeHtml) as refused:
        md.convert(payload)
    assert isinstance(refused.value, PluginError)  # MkDocs stops the build on it
    assert (refused.value.finding.path, refused.value.finding.code) == ("docs", code)


def test_harmless_html_passes_the_checks_and_the_safety_net(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert html_rules.check_body(markdown_module.parse(HARMLESS), "x.md") == []
    md = markdown.Markdown(extensions=[
        "admonition", "attr_list", "md_in_html", "toc", "tables", "fenced_code",
        html_rules.VetExtension("docs"),
    ])
    rendered = md.convert(HARMLESS)
    assert '<abbr title="Uniunea Europeană">' in rendered and 'title="Planul"' in rendered


def test_a_page_the_two_parsers_read_differently_fails_the_build(tmp_path: Path) -> None:
    """A ``` fence closed by ````: CommonMark (the checks) reads a code block, Python-Markdown
    (the build) no fence at all, and publishes the script as HTML. The safety net refuses the
    page as rendered, naming it; nothing of it is published."""
    page = "# Pagina\n\n```\n<script>alert('clayxss')</script>\n````\n\nText.\n"
    config = content_config()
    cfg = make_site(tmp_path, {"index.md": "# Acasă\n", "index.en.md": "# Home\n",
                               "pagina.md": page, "pagina.en.md": "# Page\n"}, config=config)
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    assert "docs/pagina.md: the HTML element <script>" in str(failed.value)
    no_published_file_holds_a_payload(tmp_path / "site")
