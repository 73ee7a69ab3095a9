"""Keyboard use without a mouse: a working skip link first on every page, a visible focus
indicator, the language switch and the search operable, the 404 page's ways out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import readers

pytestmark = pytest.mark.browser

HEADER_TAB_STOPS = 15  # focus indicator: the header and navigation, on the home pages
CONTENT_TAB_STOPS = 8  # and the content of every kind of page, from the skip link's target

# Recorded in the page on every focus change (one round trip per page instead of one per key).
RECORDER = """
window.__focusLog = [];
document.addEventListener('focusin', (event) => {
    const el = event.target;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    const main = document.querySelector('.md-content');
    const pos = main ? main.compareDocumentPosition(el) : 0;
    window.__focusLog.push({
        tag: el.tagName.toLowerCase(),
        cls: typeof el.className === 'string' ? el.className : '',
        href: el.getAttribute('href'), hreflang: el.getAttribute('hreflang'),
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 40),
        x: r.left, y: r.top, w: r.width, h: r.height, vw: innerWidth, vh: innerHeight,
        opacity: s.opacity, visibility: s.visibility,
        outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
        shadow: s.boxShadow,
        inContent: !!(pos & Node.DOCUMENT_POSITION_CONTAINED_BY),
        afterContent: !!(pos & Node.DOCUMENT_POSITION_FOLLOWING)});
}, true);
"""

ACTIVE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return {tag: el.tagName.toLowerCase(),
            cls: typeof el.className === 'string' ? el.className : '',
            href: el.getAttribute('href'), x: r.left, y: r.top, w: r.width, h: r.height,
            vw: innerWidth, vh: innerHeight, opacity: s.opacity, visibility: s.visibility};
}"""


@pytest.fixture(scope="module")
def page(browser: Any) -> Iterator[Any]:
    for page in readers.browser_page(browser, viewport={"width": 1280, "height": 800}):
        page.context.add_init_script(RECORDER)
        yield page


def on_screen(el: dict[str, Any]) -> bool:
    return (el["w"] > 0 and el["h"] > 0 and el["x"] >= 0 and el["y"] >= 0
            and el["x"] + el["w"] <= el["vw"] and el["y"] + el["h"] <= el["vh"]
            and float(el["opacity"]) > 0 and el["visibility"] == "visible")


def fresh(page: Any, url: str) -> None:
    readers.goto(page, url)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")


def log(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate("() => window.__focusLog.splice(0)"))


_WALKS: dict[str, tuple[list[str], list[str]]] = {}


def keyboard_walk(page: Any, site: readers.Site) -> tuple[list[str], list[str]]:
    """One keyboard walk over every kind of page of a site (memoised per site): the skip link
    (first Tab stop, visible, leads into the content) and the focus indicator of the tab stops
    that follow it (and of the header's, on the home pages)."""
    if site.name in _WALKS:
        return _WALKS[site.name]
    skip: list[str] = []
    focus: list[str] = []
    for lang, kind, rel in site.kinds():
        where = readers.describe(site, lang, kind, rel)
        if kind == "home":
            fresh(page, site.page_url(rel))
            focus += focus_problems(page, where, HEADER_TAB_STOPS)
        fresh(page, site.page_url(rel))
        page.keyboard.press("Tab")
        first = page.evaluate(ACTIVE)
        if not first or "md-skip" not in (first["cls"] or ""):
            skip.append(f"{where}: the first Tab reaches {first}, not a skip link")
            continue
        # Material fades the skip link in: look at the end of the transition
        page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
        first = page.evaluate(ACTIVE)
        if not on_screen(first):
            skip.append(f"{where}: the focused skip link is not visible: {first}")
        target = (first["href"] or "").lstrip("#")
        in_main = page.evaluate(
            "(id) => { const t = document.getElementById(id);"
            " return !!t && !!t.closest('.md-content'); }", target)
        if not in_main:
            skip.append(f"{where}: the skip link's target #{target} is not in the content")
            continue
        log(page)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        after = log(page)
        if not after or not (after[-1]["inContent"] or after[-1]["afterContent"]):
            skip.append(f"{where}: after the skip link, Tab reaches {after[-1:]}, "
                        "which is before the content")
        focus += indicator_problems(after, where)
        focus += focus_problems(page, where, CONTENT_TAB_STOPS - 1)
    _WALKS[site.name] = (skip, focus)
    return skip, focus


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_skip_link_first_visible_and_working(
    request: pytest.FixtureRequest, page: Any, name: str
) -> None:
    skip, _ = keyboard_walk(page, readers.get_served_site(request, name))
    assert not skip, "\n".join(skip)


def indicator_problems(entries: list[dict[str, Any]], where: str) -> list[str]:
    problems = []
    for el in entries:
        indicator = (el["outline"] != "none" and el["outlineWidth"] >= 1) or (
            el["shadow"] not in ("none", ""))
        if not indicator:
            problems.append(f"{where}: no focus indicator on <{el['tag']} "
                            f"class='{el['cls']}'> {el['text']!r}")
    return problems


def focus_problems(page: Any, where: str, stops: int) -> list[str]:
    log(page)
    for _ in range(stops):
        page.keyboard.press("Tab")
    return indicator_problems(log(page), where)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_focus_is_visible(request: pytest.FixtureRequest, page: Any, name: str) -> None:
    _, focus = keyboard_walk(page, readers.get_served_site(request, name))
    assert not focus, "\n".join(sorted(set(focus)))


SWITCH_KINDS = {"home", "meetings/REPORT", "meetings/REPORT (untranslated)", "privacy"}


def tab_to(page: Any, selector: str, limit: int = 80) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => !!document.activeElement?.matches(sel)", selector):
            return True
    return False


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_language_switch_with_keyboard(
    request: pytest.FixtureRequest, page: Any, name: str
) -> None:
    site = readers.get_served_site(request, name)
    langs = readers.languages()
    problems = []
    for (lang, kind), rel in sorted(site.pages.items()):
        # the switch is the site frame's: the home, a report and an untranslated page suffice
        if kind not in SWITCH_KINDS:
            continue
        other = next(x for x in langs if x != lang)
        where = readers.describe(site, lang, kind, rel)
        fresh(page, site.page_url(rel))
        if not tab_to(page, ".md-select button, .md-select [aria-haspopup], .md-select a"):
            problems.append(f"{where}: Tab never reaches the language switch")
            continue
        link = f".md-select__link[hreflang='{other}']"
        if not tab_to(page, link, limit=len(langs) + 2):
            problems.append(f"{where}: Tab from the language switch never reaches {other}")
            continue
        el = page.evaluate(ACTIVE)
        if not on_screen(el):
            problems.append(f"{where}: the focused link to {other} is not visible: {el}")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        got = page.evaluate("document.documentElement.lang")
        if got != other:
            problems.append(f"{where}: Enter on the switch to {other} opens {page.url} "
                            f"(lang={got!r})")
    assert not problems, "\n".join(problems)


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
            fresh(page, site.page_url(rel))
            if not tab_to(page, DRAWER_OPENER, limit=10):
                problems.append(f"{where}: Tab never reaches the navigation drawer's button")
                continue
            page.keyboard.press("Enter")
            page.wait_for_timeout(400)  # Material slides the drawer in
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
            page.wait_for_timeout(400)
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


# Each scrolling frame of a table: whether it overflows, and what it says to assistive tech.
TABLE_FRAMES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => ({
    overflows: w.scrollWidth > w.clientWidth, tabindex: w.getAttribute('tabindex'),
    role: w.getAttribute('role'), label: w.getAttribute('aria-label')}))"""


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_wide_tables_scroll_with_the_keyboard(
    request: pytest.FixtureRequest, browser: Any, name: str
) -> None:
    """At 360 px a table wider than the screen scrolls in a frame that Tab reaches, named as a
    region for its table, with a visible focus indicator, which the arrow keys scroll; on a
    desktop where the table fits, its frame is neither a tab stop nor a region
    (clay-keyboard.js: only while it overflows)."""
    site = readers.get_served_site(request, name)
    problems, wide = [], 0
    for width, height in ((360, 740), (1280, 800)):
        for page in readers.browser_page(browser, viewport={"width": width, "height": height}):
            page.context.add_init_script(RECORDER)
            for lang, kind, rel in site.kinds():
                if kind not in ("home", "meetings", "meetings/YYYY"):
                    continue
                where = readers.describe(site, lang, kind, rel) + f" at {width} px"
                fresh(page, site.page_url(rel))
                readers.settle(page)
                word = {"ro": "Tabel", "en": "Table"}[lang]
                for i, frame in enumerate(page.evaluate(TABLE_FRAMES)):
                    named = (frame["tabindex"] == "0" and frame["role"] == "region"
                             and (frame["label"] or "").startswith(word))
                    bare = frame["tabindex"] is frame["role"] is frame["label"] is None
                    if frame["overflows"] != named or (not named and not bare):
                        problems.append(f"{where}: table frame {i}: {frame}")
                    if not frame["overflows"]:
                        continue
                    wide += 1
                    selector = f":nth-match(.md-typeset__scrollwrap, {i + 1})"
                    frame_sel = ".md-typeset__scrollwrap[tabindex='0']"
                    log(page)
                    if not tab_to(page, frame_sel, limit=120):
                        problems.append(f"{where}: Tab never reaches table frame {i}")
                        continue
                    problems += indicator_problems(log(page)[-1:], where)
                    page.keyboard.press("ArrowRight")
                    page.wait_for_timeout(200)
                    scrolled = page.locator(selector).evaluate("w => w.scrollLeft")
                    if not scrolled:
                        problems.append(f"{where}: ArrowRight does not scroll table frame {i}")
                    break  # one frame per page is enough for the keyboard
    assert not problems, "\n".join(problems)
    if name == "repo":
        assert wide, "no table overflows at 360 px: the test checks nothing"
