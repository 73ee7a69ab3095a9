"""Keyboard use without a mouse: a working skip link first on every page, a visible focus
indicator, the language switch and the search operable, the 404 page's ways out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import readers, walk
from tests.walk import (
    ACTIVE,
    RECORDER,
    fresh,
    log,
    on_screen,
    tab_to,
    to_start,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    for page in readers.browser_page(browser, viewport={"width": 1280, "height": 800}):
        page.context.add_init_script(RECORDER)
        yield page


# The skip link, the focus indicator and the language switch of every kind of page are checked
# on the browser's walk of the session (tests/walk.py, on the desktop): the skip link is the
# first Tab stop, visible, and leads into the content; the tab stops that follow it (and the
# header's, on the home pages) show a focus indicator; Tab reaches the language switch and
# Enter opens the same page in the other language.


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_skip_link_first_visible_and_working(request: pytest.FixtureRequest, name: str) -> None:
    record = walk.record(request, name, "desktop")
    assert record.checked["skip"] == len(record.pages)
    assert not record["skip"], "\n".join(record["skip"])


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_focus_is_visible(request: pytest.FixtureRequest, name: str) -> None:
    record = walk.record(request, name, "desktop")
    assert record.checked["focus"] == len(record.pages)
    assert not record["focus"], "\n".join(sorted(set(record["focus"])))


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_language_switch_with_keyboard(request: pytest.FixtureRequest, name: str) -> None:
    record = walk.record(request, name, "desktop")
    switched = {kind for (_lang, kind) in record.pages} & walk.SWITCH_KINDS
    assert "home" in switched and record.checked["keyboard-switch"] >= len(switched)
    assert not record["keyboard-switch"], "\n".join(record["keyboard-switch"])


SEARCH_FIELD = "input[type=search], input[name=query], [role=search] input"
SEARCH_OPENER = "button[aria-controls*=search], [class*=search] button"


NARROW = {"width": 640, "height": 720}  # a 1280 px wide screen zoomed to 200 %
DRAWER_OPENER = "button.clay-drawer-button"
# aria-expanded of the drawer's button, and whether aria-controls names the drawer
DRAWER_STATE = """(sel) => {
    const b = document.querySelector(sel);
    const target = document.getElementById(b.getAttribute('aria-controls') || '');
    return {expanded: b.getAttribute('aria-expanded'),
            controls: !!(target && target.matches('.md-sidebar--primary'))};
}"""


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_narrow_screen_focus_stays_on_screen_and_drawer_opens_with_keyboard(
    request: pytest.FixtureRequest, browser: Any, name: str
) -> None:
    """On a phone or a zoomed desktop the navigation is a drawer: Tab never takes the focus
    into it while it is closed (off-screen), and the keyboard opens and closes it."""
    site = readers.get_served_site(request, name)
    problems = []
    for page in readers.browser_page(browser, viewport=NARROW):
        page.context.add_init_script(RECORDER)
        for (lang, kind), rel in sorted(site.pages.items()):
            if kind not in ("home", "meetings/REPORT", "action-plan/CHAPTER"):
                continue
            where = readers.describe(site, lang, kind, rel) + " at 640 px"
            fresh(page, site.page_url(rel))
            log(page)
            for _ in range(25):
                page.keyboard.press("Tab")
            for el in log(page):
                if el["w"] == 0 or el["x"] + el["w"] <= 0 or el["x"] >= el["vw"]:
                    problems.append(f"{where}: Tab puts the focus off-screen on <{el['tag']} "
                                    f"class='{el['cls']}'> {el['text']!r} (x={el['x']:.0f})")
            to_start(page)
            if not tab_to(page, DRAWER_OPENER, limit=10):
                problems.append(f"{where}: Tab never reaches the navigation drawer's button")
                continue
            page.keyboard.press("Enter")
            # Material slides the drawer in: look at the end of the slide
            page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
            opened = page.evaluate("document.getElementById('__drawer').checked")
            inside = page.evaluate(
                "!!document.activeElement.closest('.md-sidebar--primary')")
            el = page.evaluate(ACTIVE)
            if not (opened and inside and el and on_screen(el)):
                problems.append(f"{where}: Enter on the drawer's button: open={opened}, focus "
                                f"in the drawer={inside}, focused element {el}")
                continue
            state = page.evaluate(DRAWER_STATE, DRAWER_OPENER)
            if state != {"expanded": "true", "controls": True}:
                problems.append(f"{where}: the open drawer's button says {state}")
            page.keyboard.press("Escape")
            closed = not page.evaluate("document.getElementById('__drawer').checked")
            back = page.evaluate(f"document.activeElement.matches(\"{DRAWER_OPENER}\")")
            if not (closed and back):
                problems.append(f"{where}: Escape: closed={closed}, "
                                f"focus back on the button={back}")
            state = page.evaluate(DRAWER_STATE, DRAWER_OPENER)
            if state != {"expanded": "false", "controls": True}:
                problems.append(f"{where}: the closed drawer's button says {state}")
            page.keyboard.press("Space")  # a button: Space works as Enter does
            if not page.evaluate("document.getElementById('__drawer').checked"):
                problems.append(f"{where}: Space on the drawer's button does not open it")
            page.keyboard.press("Escape")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_search_reached_and_typed_with_keyboard(
    request: pytest.FixtureRequest, page: Any, name: str
) -> None:
    """Tab reaches the search field, or a button that opens it with Enter; typing works."""
    site = readers.get_served_site(request, name)
    for (lang, kind), rel in sorted(site.pages.items()):
        if kind != "home":
            continue
        where = readers.describe(site, lang, kind, rel)
        fresh(page, site.page_url(rel))
        assert tab_to(page, f"{SEARCH_FIELD}, {SEARCH_OPENER}"), \
            f"{where}: Tab never reaches the search"
        if not page.evaluate("(sel) => document.activeElement.matches(sel)", SEARCH_FIELD):
            page.keyboard.press("Enter")
            if not page.evaluate("(sel) => document.activeElement.matches(sel)", SEARCH_FIELD):
                assert tab_to(page, SEARCH_FIELD, limit=3), \
                    f"{where}: Enter on the search button leads to no search field"
        page.keyboard.type("ceramica")
        assert page.evaluate("document.activeElement.value") == "ceramica", where


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_404_page_at_a_missing_address_leads_home_and_to_search(
    request: pytest.FixtureRequest, page: Any, name: str
) -> None:
    """GitHub Pages serves /404.html at the missing address itself: its links work from there."""
    site = readers.get_served_site(request, name)
    body = (site.root / "404.html").read_bytes()
    missing = site.url + "en/meetings/2099/no-such-page/"
    page.route(missing + "*", lambda route: route.fulfill(
        status=404, body=body, content_type="text/html; charset=utf-8"))
    try:
        for lang in readers.languages():
            home = site.url + ("" if lang == readers.languages()[0] else f"{lang}/")
            readers.goto(page, missing, status=404)
            section = f".clay-404 section[lang='{lang}']"
            assert page.locator(section).count() == 1, f"[{site.name}] 404: no {lang} part"
            link = page.locator(f"{section} a[href]").first
            link.focus()
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == home, f"[{site.name}] 404 ({lang}): home link opens {page.url}"
            readers.goto(page, missing, status=404)
            page.locator(f"{section} input[type=search]").focus()
            page.keyboard.type("ceramica")
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.url == home + "?q=ceramica", f"[{site.name}] 404 ({lang}): {page.url}"
            assert page.evaluate("document.documentElement.lang") == lang
            # the home page's search takes the words over
            query = page.locator("input[name=query], input[type=search]").first
            query.wait_for(state="attached")
            page.wait_for_function(
                "() => [...document.querySelectorAll('input[name=query], input[type=search]')]"
                ".some(i => i.value === 'ceramica')", timeout=5000)
    finally:
        page.unroute(missing + "*")


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_wide_tables_scroll_with_the_keyboard(request: pytest.FixtureRequest, name: str) -> None:
    """On a phone a table wider than the screen scrolls in a frame that Tab reaches, named as a
    region for its table, with a visible focus indicator, which the arrow keys scroll; on a
    desktop where the table fits, its frame is neither a tab stop nor a region
    (clay-keyboard.js: only while it overflows). Checked on the walk's pages with tables
    (walk.table_frames)."""
    problems = []
    for viewport in sorted(walk.VIEWPORTS):
        record = walk.record(request, name, viewport)
        assert record.checked["tables"] == len(
            [kind for _lang, kind in record.pages if kind in walk.TABLE_KINDS])
        problems += record["tables"]
    assert not problems, "\n".join(problems)
    if name == "repo":
        assert walk.record(request, name, "phone").checked["table-keys"], (
            "no table overflows on a phone: the test checks nothing")
