"""The foundation in headless Chromium (Playwright driving Debian's chromium, see conftest.py),
on the repository's site served from a loopback HTTP server:

- the language switch in the header leads from a translated Romanian page to its English
  version and back, and from an untranslated one to the English home page;
- the EU block is within the first screen, with no scrolling, on the home page of both
  languages at 360x740 and 1280x800;
- every request the pages make goes to the site's own origin, and nothing they load is missing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import serving
from tests.fixtures.untranslated.support import make_untranslated_site
from tests.sitebuild import build_site

pytestmark = pytest.mark.browser

VIEWPORTS = [(360, 740), (1280, 800)]
# Pages of the frame that exist in both languages whatever content is added later.
TABS = 3  # pages loading at once (see test_every_request_stays_on_the_sites_origin)
PAGES = ["", "en/", "accessibility/", "en/accessibility/", "privacy/", "en/privacy/",
         "meetings/", "en/meetings/", "action-plan/", "en/action-plan/"]


def switch_language(page: Any, lang: str) -> None:
    """Open Material's language selector in the header and choose `lang`."""
    selector = page.locator(".md-header .md-select").first
    selector.hover()  # the list opens on hover (and on focus, for the keyboard)
    link = selector.locator(f"a.md-select__link[hreflang={lang}]")
    link.wait_for(state="visible", timeout=5000)
    with page.expect_navigation():
        link.click()


@pytest.mark.parametrize("width,height", VIEWPORTS)
def test_language_switch_goes_to_the_translation_and_back(
    browser: Any, served_site: str, width: int, height: int
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.goto(served_site + "accessibility/")
        assert page.locator("html").get_attribute("lang") == "ro"
        ro_title = page.title()
        assert "Sud-Vest" in ro_title  # the site name in Romanian

        switch_language(page, "en")
        assert page.url == served_site + "en/accessibility/"
        assert page.locator("html").get_attribute("lang") == "en"
        assert "South-West" in page.title()  # the site name in English
        assert page.locator(".clay-fallback").count() == 0  # a real translation, no notice

        switch_language(page, "ro")
        assert page.url == served_site + "accessibility/"
        assert page.locator("html").get_attribute("lang") == "ro"
        assert page.title() == ro_title
    finally:
        ctx.close()


def test_language_switch_of_an_untranslated_page(browser: Any, tmp_path: Any) -> None:
    """tests/fixtures/untranslated: from the Romanian page with no English version the switch
    leads to the English home page; its copy under /en/ shows the notice and switches back."""
    (tmp_path / "site").mkdir()
    with serving(tmp_path / "site") as base:
        build_site(make_untranslated_site(tmp_path, base))
        ctx = browser.new_context(viewport={"width": 1280, "height": 800})
        try:
            page = ctx.new_page()
            page.goto(base + "only-ro/")
            switch_language(page, "en")
            assert page.url == base + "en/"
            assert page.locator("html").get_attribute("lang") == "en"

            page.goto(base + "en/only-ro/")
            notice = page.locator(".clay-fallback")
            assert notice.is_visible()
            assert notice.inner_text().strip() == "This page is available in Romanian only."
            assert page.locator("article [lang=ro] h1").first.is_visible()
            switch_language(page, "ro")
            assert page.url == base + "only-ro/"
        finally:
            ctx.close()


@pytest.mark.parametrize("width,height", VIEWPORTS)
@pytest.mark.parametrize("path,name", [("", "Uniunea Europeană"), ("en/", "European Union")])
def test_eu_block_is_in_the_first_screen(
    browser: Any, served_site: str, width: int, height: int, path: str, name: str
) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = ctx.new_page()
        page.goto(served_site + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.scrollY") == 0
        for part in (".clay-eu", ".clay-eu__emblem", ".clay-eu__name", ".clay-eu__fund"):
            element = page.locator(part).first
            assert element.is_visible(), part
            box = element.bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0, part
            assert box["x"] >= 0 and box["y"] >= 0, (part, box)
            assert box["x"] + box["width"] <= width + 0.5, (part, box, width)
            assert box["y"] + box["height"] <= height + 0.5, (part, box, height)
        assert page.locator(".clay-eu__name").first.inner_text().strip() == name
        emblem = page.locator(".clay-eu__emblem").first.bounding_box()
        assert emblem is not None and emblem["height"] >= 20  # large enough to be recognised
        # nothing covers the emblem (e.g. a fixed header drawn over it)
        covered = page.evaluate(
            """() => { const e = document.querySelector('.clay-eu__emblem');
                       const r = e.getBoundingClientRect();
                       const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                       return !(hit && (hit === e || e.contains(hit))); }"""
        )
        assert covered is False
    finally:
        ctx.close()


def test_every_request_stays_on_the_sites_origin(browser: Any, served_site: str) -> None:
    base = served_site
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base))
    requests: list[tuple[str, str]] = []
    failed: list[str] = []
    missing: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.on("request", lambda r: requests.append((r.resource_type, r.url)))
    context.on("requestfailed", lambda r: failed.append(r.url))

    def on_response(response: Any) -> None:
        if response.status >= 400:
            missing.append(response.url)

    context.on("response", on_response)
    # every page, and a search from a link (`?q=`), which opens the site's search and loads its
    # index; in TABS tabs, the next pages loading while one's network goes idle (as the walk,
    # tests/walk.py: each tab in front while it is waited for, a tab behind others of its context
    # gets hardly any animation frames)
    urls = [base + path for path in PAGES] + [base + path + "?q=CLAY" for path in ("", "en/")]
    try:
        tabs = [context.new_page() for _ in range(TABS)]
        for tab, url in zip(tabs, urls, strict=False):
            tab.goto(url, wait_until="commit")
        for i in range(len(urls)):
            tab = tabs[i % TABS]
            tab.bring_to_front()
            tab.wait_for_load_state("networkidle")
            if i + TABS < len(urls):
                tab.goto(urls[i + TABS], wait_until="commit")
    finally:
        context.close()

    assert len(requests) >= len(PAGES)
    kinds = {kind for kind, _ in requests}
    assert {"document", "stylesheet", "script"} <= kinds, kinds
    assert any("/pagefind/" in url for _, url in requests), "the search loaded no index"
    elsewhere = [
        (kind, url) for kind, url in requests
        if not url.startswith(("data:", "blob:")) and not url.startswith(origin + "/")
    ]
    assert elsewhere == []
    assert failed == []
    # Nothing the pages load is missing, Material's own probe included: its script fetches
    # `sitemap.xml` next to every `<link rel="alternate">` (clay-i18n: hreflang in the sitemap
    # only, a sitemap next to the feed and calendar).
    assert missing == []
