"""Phones and print: no horizontal scrolling at 320 px and body text of at least 16 px on every
kind of page; a report page costs at most 80 KB compressed to load (HTML, CSS and JS actually
requested; images aside); reports, chapters and the print edition print without navigation,
header or search."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from typing import Any

import pytest

from tests import readers, walk
from tests.walk import MIN_TEXT_PX, OVERFLOW, SMALL_TEXT

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}
REPORT_BUDGET = 80 * 1024  # bytes, gzip-compressed
COUNTED = {"document", "stylesheet", "script"}

PRINT_HIDDEN = {
    "header": ".md-header, body > header",
    "navigation": ".md-sidebar--primary, .md-nav--primary, .md-tabs, .md-footer nav, "
                  ".md-footer__inner",
    "search": ".md-search, .clay-search, [role=search]",
}


@pytest.fixture(scope="module")
def phone(browser: Any) -> Iterator[Any]:
    yield from readers.browser_page(browser, viewport=PHONE, device_scale_factor=1,
                                    is_mobile=True, has_touch=True)


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[Any]:
    yield from readers.browser_page(browser, viewport={"width": 1280, "height": 800})


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_no_horizontal_scrolling_at_320px_and_text_at_least_16px(
    request: pytest.FixtureRequest, name: str
) -> None:
    """Every kind of page, on the phone's walk of the session (tests/walk.py, 320 x 640)."""
    record = walk.record(request, name, "phone")
    assert walk.VIEWPORTS["phone"]["viewport"] == PHONE
    assert record.checked["layout"] == len(record.pages)
    assert not record["layout"], "\n".join(record["layout"])


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_report_page_loads_in_at_most_80kb_compressed(
    request: pytest.FixtureRequest, browser: Any, name: str
) -> None:
    site = readers.get_served_site(request, name)
    reports = [rel for (lang, kind), rel in site.pages.items() if kind == "meetings/REPORT"]
    if not reports:
        assert name == "repo" and "clay-meetings" not in readers.configured_plugins(), \
            f"[{name} site] no report page"
        pytest.skip("the repository has no meeting-report page yet")
    for rel in reports:
        # a fresh context: nothing cached, every resource counted once
        for page in readers.browser_page(browser):
            sizes: dict[str, int] = {}

            def count(response: Any, sizes: dict[str, int] = sizes) -> None:
                if response.request.resource_type in COUNTED and response.ok:
                    sizes[response.url] = len(gzip.compress(response.body(), 9))

            page.on("response", count)
            readers.goto(page, site.page_url(rel))
            page.wait_for_load_state("networkidle")
            total = sum(sizes.values())
            detail = "\n".join(f"  {size / 1024:6.1f} KB  {url}" for url, size in
                               sorted(sizes.items(), key=lambda item: -item[1]))
            assert total <= REPORT_BUDGET, (
                f"[{name} site] /{readers.page_address(rel)} costs {total / 1024:.1f} KB "
                f"compressed to load (budget {REPORT_BUDGET // 1024} KB):\n{detail}")
            assert any(url.rstrip("/").endswith(readers.page_address(rel).rstrip("/"))
                       for url in sizes), f"the page itself was not counted:\n{detail}"


PRINTED_KINDS = ("meetings/REPORT", "action-plan/CHAPTER", "action-plan/print")


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_reports_and_chapters_print_without_navigation_header_or_search(
    request: pytest.FixtureRequest, desktop: Any, name: str
) -> None:
    site = readers.get_served_site(request, name)
    checked = 0
    problems = []
    desktop.emulate_media(media="print")
    try:
        for lang, kind, rel in site.kinds():
            if kind.split(" (")[0] not in PRINTED_KINDS:
                continue
            checked += 1
            where = readers.describe(site, lang, kind, rel)
            readers.goto(desktop, site.page_url(rel))
            for part, selector in PRINT_HIDDEN.items():
                shown = desktop.evaluate(
                    "(sel) => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility())"
                    ".map(e => e.tagName.toLowerCase() + '.' + (e.className || ''))", selector)
                if shown:
                    problems.append(f"{where}: the {part} prints: {shown}")
            if not desktop.evaluate(
                    "() => !!document.querySelector('.md-content h1')?.checkVisibility()"):
                problems.append(f"{where}: the page's title does not print")
    finally:
        desktop.emulate_media(media="screen")
    if name == "fixture":
        assert checked >= len([k for k in PRINTED_KINDS
                               if any(kind == k for _, kind in readers.required_kinds())]), \
            "fixture site: a printed kind of page is missing"
    assert not problems, "\n".join(problems)


def test_checks_can_fail(phone: Any, served_site: str) -> None:
    """A page made wider than the phone and with small text is reported."""
    readers.goto(phone, served_site)
    phone.evaluate("""() => {
        const p = document.createElement('p');
        p.textContent = 'small and wide'; p.style.fontSize = '12px'; p.style.width = '600px';
        document.querySelector('.md-content article').append(p);
    }""")
    overflow = phone.evaluate(OVERFLOW)
    assert overflow and overflow["scroll"] > 320
    assert any("12.0 px" in line for line in phone.evaluate(SMALL_TEXT, MIN_TEXT_PX))
