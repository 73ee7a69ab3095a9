"""The Content-Security-Policy of every page (clay_plugins/csp/plugin.py), read from the built
files: where it is, what it allows, and that its hashes are exactly the page's own inline
scripts. What a browser does with it: tests/test_csp_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from clay_plugins.csp.plugin import digest, inline_scripts, with_policy
from tests.fixtures.meetings.support import corpus_site
from tests.sitebuild import build_site

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def directives(value: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for part in value.split(";"):
        name, *sources = part.split()
        assert name not in found
        found[name] = sources
    return found


def test_every_page_has_the_policy_first_with_its_own_scripts_hashes(tmp_path: Path) -> None:
    site = build_site(corpus_site(tmp_path / "site")).site
    # the web editor at /admin/ is not an MkDocs page: it carries its own policy
    pages = sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix()
                   .startswith("admin/"))
    assert len(pages) > 30 and (site / "404.html") in pages
    for path in pages:
        text = path.read_text(encoding="utf-8")
        found = META.findall(text)
        assert len(found) == 1, path
        head = BeautifulSoup(text, "html.parser").head
        assert head is not None
        first = [el for el in head.find_all(True)][:2]
        assert first[0].name == "meta" and first[0].get("charset"), path
        assert first[1].get("http-equiv") == "Content-Security-Policy", path
        policy = directives(found[0])
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
        assert policy["form-action"] == ["'none'"] and policy["frame-src"] == ["'none'"]
        scripts = policy["script-src"]
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"]
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
        own = sorted({digest(s) for s in inline_scripts(text)})
        assert own, path  # Material writes some on every page
        assert scripts[2:] == own, path


def test_a_script_of_the_pages_content_gets_no_hash() -> None:
    page = ('<!doctype html><html><head><meta charset="utf-8"><script>theme()</script></head>'
            '<body><article><script>evil()</script><p>x</p></article>'
            '<script>theme()</script></body></html>')
    out = with_policy(page, "<script>evil()</script><p>x</p>")
    value = META.findall(out)[0]
    assert digest("theme()") in value and digest("evil()") not in value
    # a copy of a theme script in the content takes nothing away from the theme's own one
    out = with_policy(page, "<script>theme()</script>")
    assert digest("theme()") in META.findall(out)[0]
    # a script the content leaves open runs on into the theme's text: it is not the theme's
    content = "<script>evil(); //"
    page = page.replace("<script>evil()</script><p>x</p>", content)
    opened = "evil(); //</article><script>theme()"
    assert opened in inline_scripts(page)
    value = META.findall(with_policy(page, content))[0]
    assert digest(opened) not in value and digest("theme()") in value


def test_hashes_follow_the_browsers_reading_of_the_script() -> None:
    # JSON data is not a script; a script with src has no inline text; CR LF is read as LF
    page = ('<html><head><meta charset="utf-8">'
            '<script id="__config" type="application/json">{"a": 1}</script>'
            '<script src="x.js"></script><script type="module">a()\r\nb()</script>'
            '<script>if (1 < 2 && "</p>") {}</script></head><body></body></html>')
    assert inline_scripts(page) == ["a()\nb()", 'if (1 < 2 && "</p>") {}']
    # what a browser's parser does not read as a script is not one: a `<textarea>`'s or a
    # comment's text; a lone CR is LF, a character reference stays as written
    assert inline_scripts("<p>x</p><textarea><script>t()</script></textarea><!-- <script>c()"
                          "</script> --><SCRIPT TYPE=' Text/JavaScript '>a()\rb &amp; c"
                          "</SCRIPT>") == ["a()\nb &amp; c"]
    assert with_policy("<?xml version='1.0'?><urlset></urlset>") \
        == "<?xml version='1.0'?><urlset></urlset>"
