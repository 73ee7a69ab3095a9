"""The Content-Security-Policy in Chromium (issue 26): on every kind of page of both sites, in
both languages, the policy reports no violation and the console no error, while Material's
inline scripts, the search (Pagefind's WebAssembly), the language switch and the keyboard
script all work; and an inline script injected into a built page does not run."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import readers, walk
from tests.conftest import serving
from tests.walk import CSP_RECORDER

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script(CSP_RECORDER)
    tab = context.new_page()
    tab.errors = []  # type: ignore[attr-defined]
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(f"uncaught: {e}"))
    yield tab
    context.close()


def problems_of(page: Any) -> list[str]:
    found = [f"violation: {v}" for v in page.evaluate("window.__csp || []")]
    found += [f"console: {e}" for e in page.errors]
    page.errors.clear()
    return found


def open_page(page: Any, url: str) -> None:
    page.errors.clear()
    page.goto(url, wait_until="networkidle")


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_no_violation_nor_console_error_on_any_kind_of_page(
        request: pytest.FixtureRequest, name: str) -> None:
    """Every kind of page (the 404 page among them), on the desktop walk of the session
    (tests/walk.py): no violation of the policy, Material's inline script ran, and no console
    error (the console's lines are the walk's "requests" check, also asserted by
    test_requests_browser)."""
    record = walk.record(request, name, "desktop")
    assert record.checked["csp"] == len(record.pages)
    assert ("*", "404") in record.pages
    console = [line for line in record["requests"] if ": console error: " in line
               or ": uncaught exception: " in line]
    assert record["csp"] + console == []


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_search_language_switch_and_keyboard_script_work_under_the_policy(
        served_site: str, page: Any, lang: str) -> None:
    home = served_site + ("" if lang == "ro" else "en/")
    open_page(page, home)
    # search: Pagefind compiles its WebAssembly and finds a page
    page.locator(".clay-search__toggle").click()
    page.locator("#clay-search-input").fill("ceramica" if lang == "ro" else "ceramics")
    page.locator(".clay-search__results a").first.wait_for(timeout=15_000)
    assert problems_of(page) == []
    # the keyboard script: the drawer's button, on a narrow screen
    page.set_viewport_size({"width": 640, "height": 720})
    open_page(page, home)
    opener = page.locator("button.clay-drawer-button")
    assert opener.get_attribute("aria-expanded") == "false"
    opener.click()
    assert opener.get_attribute("aria-expanded") == "true"
    page.set_viewport_size({"width": 1280, "height": 800})
    assert problems_of(page) == []
    # the language switch leads to the other language's page
    open_page(page, home)
    other = "en" if lang == "ro" else "ro"
    href = page.locator(f".md-select__link[hreflang='{other}']").first.get_attribute("href")
    assert href
    open_page(page, page.url.rsplit("/", 1)[0] + "/" + href if not href.startswith("http")
              else href)
    assert page.evaluate("document.documentElement.lang") == other
    assert problems_of(page) == []


def test_an_injected_inline_script_does_not_run(
        page: Any, repo_site: Any, tmp_path: Path) -> None:
    """A built page given an inline script in its body (as a Markdown body that slipped
    through, or a page edited after the build): the browser refuses it, the site's own inline
    scripts still run."""
    site: Path = repo_site.site
    www = tmp_path / "www"
    www.mkdir()
    for entry in site.iterdir():
        if entry.name != "index.html":
            os.symlink(entry, www / entry.name)
    text = (site / "index.html").read_text(encoding="utf-8")
    body = text.index("<body")
    injected = text[:body] + text[body:].replace(
        ">", "><script>window.__injected = 1; document.title = 'pwned'</script>"
        "<img src=x onerror=\"window.__handler = 1\">", 1)
    (www / "index.html").write_text(injected, encoding="utf-8")
    with serving(www) as url:
        open_page(page, url)
        assert page.evaluate("typeof window.__injected") == "undefined"
        assert page.evaluate("typeof window.__handler") == "undefined"
        assert page.title() != "pwned"
        assert page.evaluate("typeof __md_scope") == "object"
        violations = page.evaluate("window.__csp")
    assert len([v for v in violations if v.startswith("script-src")]) == 2, violations
    page.errors.clear()
    shutil.rmtree(www)
