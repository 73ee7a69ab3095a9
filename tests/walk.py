"""One walk of headless Chromium over every kind of page of both sites (tests/readers.py), in
both languages, on a desktop and on a phone, made once per test session; the browser tests
assert on what it recorded.

Loading a page in Chromium is most of a browser test's CPU time, and five checks used to load
every kind of page on their own: the requests and console (test_requests_browser), axe-core
(test_accessibility), the keyboard's skip link and focus indicator (test_keyboard), the
layout at 320 px (test_mobile_print), the Content-Security-Policy (test_csp_browser), and the
language switch (test_requests_browser, test_keyboard). Here each page is loaded once per
width, watched until the network is idle, and every check reads that load (the next pages load
in other tabs of the same context meanwhile, each tab with its own watch):

- desktop, 1280 x 800: failed requests and console messages, CSP violations and whether
  Material's inline script ran, axe-core, the skip link and the focus indicator (the home pages
  also from the top, through the header); then the language switch with the mouse, and on the
  frame's pages (`SWITCH_KINDS`) with the keyboard from the top of the page again: where each
  click or Enter leads is the address of the navigation it starts, held (`HOLD`) so that the
  page need not load twice;
- phone, 320 x 640 (`is_mobile`, touch): failed requests and console messages, axe-core, and
  no sideways scrolling nor text under 16 px. (A phone from 220 to 479 px wide gets Material's
  one "mobile portrait" layout, with the drawer and the scrolling tables; the narrowest is
  checked.)
- on both, on the pages with tables, each table's scrolling frame (`table_frames`).

Both sites are built for the loopback address they are served from (conftest.repo_site and
readers.fixture_site), so their absolute links, feed and calendar ones included, lead where a
reader's browser goes and nothing may leave the loopback servers.

The walk is made once per test session, whichever xdist worker needs it first: each part (a
site at a width) is made under a file lock in the session's shared temporary folder and its
record written there as JSON for the other worker; a worker that needs a part another is making
makes a part nobody has started meanwhile (so that the two share the walk) and then waits.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests import readers

VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True},
}
MISSING = "no-such-page/"  # an address the site does not have: its 404 page is served there
HEADER_TAB_STOPS = 15  # focus indicator: the header and navigation, on the home pages
CONTENT_TAB_STOPS = 8  # and the content of every kind of page, from the skip link's target
# the language switch is the site frame's: with the keyboard, the home, a report and an
# untranslated page suffice
SWITCH_KINDS = {"home", "meetings/REPORT", "meetings/REPORT (untranslated)", "privacy"}
MIN_TEXT_PX = 16
TABS = 3  # pages of the walk loading at once (see walk)

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

# every Content-Security-Policy violation the page sees, from its first script on
CSP_RECORDER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
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

OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (scroll <= width) return null;
    // the widest culprits that are not inside a container scrolling on its own
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right <= width + 1 || r.width === 0) continue;
        let clipped = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') {
                clipped = true; break;
            }
        }
        if (!clipped) culprits.push(el.tagName.toLowerCase()
            + (el.id ? '#' + el.id : '')
            + (typeof el.className === 'string' && el.className
               ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
            + ` (right edge ${Math.round(r.right)} px)`);
    }
    return {width, scroll, culprits: culprits.slice(-5)};
}"""

SMALL_TEXT = """(min) => {
    const found = [];
    const article = document.querySelector('.md-content article, .md-content');
    if (!article) return ['no .md-content'];
    const blocks = article.querySelectorAll('p, li, dd, dt, td, th, blockquote, figcaption');
    for (const el of blocks) {
        const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
        if (!own || !el.getClientRects().length) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < min - 0.01) found.push(`<${el.tagName.toLowerCase()}${
            typeof el.className === 'string' && el.className ? ' class=' + el.className : ''}> `
            + `${size.toFixed(1)} px: ${el.textContent.trim().slice(0, 40)}`);
    }
    return found;
}"""


# --- the keyboard -----------------------------------------------------------------------------


def on_screen(el: dict[str, Any]) -> bool:
    return (el["w"] > 0 and el["h"] > 0 and el["x"] >= 0 and el["y"] >= 0
            and el["x"] + el["w"] <= el["vw"] and el["y"] + el["h"] <= el["vh"]
            and float(el["opacity"]) > 0 and el["visibility"] == "visible")


def fresh(page: Any, url: str) -> None:
    readers.goto(page, url)
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")


def to_start(page: Any) -> None:
    """The keyboard back at the start of the loaded page, as after a fresh load: the next Tab
    reaches its first focusable element (the body focused is where sequential navigation
    starts), at the top, with no fragment in the address."""
    page.evaluate("""() => {
        history.replaceState(null, '', location.pathname + location.search);
        scrollTo(0, 0);
        const body = document.body, had = body.hasAttribute('tabindex');
        body.tabIndex = -1;
        body.focus({preventScroll: true});
        if (!had) body.removeAttribute('tabindex');
    }""")


def log(page: Any) -> list[dict[str, Any]]:
    return list(page.evaluate("() => window.__focusLog.splice(0)"))


def tab_to(page: Any, selector: str, limit: int = 80) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => !!document.activeElement?.matches(sel)", selector):
            return True
    return False


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


def skip_link(page: Any, where: str) -> tuple[list[str], list[str]]:
    """From a page whose focus is at its start: the skip link is the first Tab stop, visible,
    and leads into the content (skip problems); the tab stops that follow it show a focus
    indicator (focus problems)."""
    skip: list[str] = []
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    if not first or "md-skip" not in (first["cls"] or ""):
        return [f"{where}: the first Tab reaches {first}, not a skip link"], []
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
        return skip + [f"{where}: the skip link's target #{target} is not in the content"], []
    log(page)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    after = log(page)
    if not after or not (after[-1]["inContent"] or after[-1]["afterContent"]):
        skip.append(f"{where}: after the skip link, Tab reaches {after[-1:]}, "
                    "which is before the content")
    focus = indicator_problems(after, where)
    focus += focus_problems(page, where, CONTENT_TAB_STOPS - 1)
    return skip, focus


# --- the tables' scrolling frames -------------------------------------------------------------

TABLE_KINDS = {"home", "meetings", "meetings/YYYY"}  # the pages with tables
# Each scrolling frame of a table: whether it overflows, and what it says to assistive tech.
TABLE_FRAMES = """() => [...document.querySelectorAll('.md-typeset__scrollwrap')].map(w => ({
    overflows: w.scrollWidth > w.clientWidth, tabindex: w.getAttribute('tabindex'),
    role: w.getAttribute('role'), label: w.getAttribute('aria-label')}))"""


def table_frames(page: Any, lang: str, where: str) -> tuple[list[str], int]:
    """A table wider than the screen scrolls in a frame that Tab reaches, named as a region for
    its table, with a visible focus indicator, which the arrow keys scroll; a frame whose table
    fits is neither a tab stop nor a region (clay-keyboard.js: only while it overflows). The
    problems, and how many frames were scrolled with the keyboard (one per page is enough)."""
    problems, scrolled = [], 0
    word = {"ro": "Tabel", "en": "Table"}[lang]
    for i, frame in enumerate(page.evaluate(TABLE_FRAMES)):
        named = (frame["tabindex"] == "0" and frame["role"] == "region"
                 and (frame["label"] or "").startswith(word))
        bare = frame["tabindex"] is frame["role"] is frame["label"] is None
        if frame["overflows"] != named or (not named and not bare):
            problems.append(f"{where}: table frame {i}: {frame}")
        if not frame["overflows"] or scrolled:
            continue
        to_start(page)
        log(page)
        if not tab_to(page, ".md-typeset__scrollwrap[tabindex='0']", limit=120):
            problems.append(f"{where}: Tab never reaches table frame {i}")
            continue
        problems += indicator_problems(log(page)[-1:], where)
        page.keyboard.press("ArrowRight")
        try:  # the browser may animate the scroll: its start is enough
            page.wait_for_function("w => w.scrollLeft > 0", arg=page.locator(
                f":nth-match(.md-typeset__scrollwrap, {i + 1})").element_handle(),
                timeout=2000)
            scrolled += 1
        except PlaywrightTimeout:
            problems.append(f"{where}: ArrowRight does not scroll table frame {i}")
    return problems, scrolled


# --- requests and the console -----------------------------------------------------------------


class Watch:
    """Every response with a status >= 400, failed request, console message of error or
    warning level and uncaught exception of a page, as readable lines.

    A request cancelled (net::ERR_ABORTED) is not one: navigating away cancels the page's late
    fetches (Material's of sitemap.xml), and Chromium fetches the favicon again after the skip
    link's jump within the page and cancels that when the next page opens. A missing file is
    its response's 404, and a request that would leave the loopback servers is refused with
    another error: both are reported."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        self.allowed_404: str | None = None  # the missing address opened on purpose
        page.on("response", self._response)
        page.on("requestfailed", self._failed)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))

    def _failed(self, request: Any) -> None:
        if "net::ERR_ABORTED" not in (request.failure or ""):
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not (
            response.status == 404 and response.url == self.allowed_404
            and response.request.resource_type == "document"
        ):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message: Any) -> None:
        # Chromium's own lines for the 404 of the missing address itself, and of the server's
        # /favicon.ico, which it asks for on a page that came with a 404 (not the page's icon)
        if self.allowed_404 and "status of 404" in message.text and message.location.get(
                "url") in (self.allowed_404, urljoin(self.allowed_404, "/favicon.ico")):
            return
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def take(self) -> list[str]:
        found, self.problems = self.problems, []
        return found


@contextlib.contextmanager
def watching(browser: Any, viewport: str, *init_scripts: str | Path, tabs: int = 1
             ) -> Iterator[list[tuple[Any, Watch]]]:
    """`tabs` pages in a fresh context at `viewport`, each with its Watch (a request that would
    leave the loopback servers fails: conftest.CHROMIUM_ARGS, and is reported). Init scripts:
    a script's text, or the Path of a file."""
    context = browser.new_context(**VIEWPORTS[viewport])
    for script in init_scripts:
        if isinstance(script, Path):
            context.add_init_script(path=str(script))
        else:
            context.add_init_script(script)
    try:
        yield [(page, Watch(page)) for page in (context.new_page() for _ in range(tabs))]
    finally:
        context.close()


def visit(page: Any, watch: Watch, url: str, status: int = 200,
          until: str = "networkidle") -> list[str]:
    """Open `url`, wait until the network is idle (or `until`), and return what went wrong.
    (Material's script fetches `sitemap.xml` next to every `<link rel="alternate">` of a page
    once the page has loaded: the network is idle after that.)"""
    return arrived(*opened(page, watch, url, status), until)


def opened(page: Any, watch: Watch, url: str, status: int = 200
           ) -> tuple[Any, Watch, Any, int]:
    """Start opening `url` (until the browser has its response), for `arrived`."""
    watch.take()
    watch.allowed_404 = url if status == 404 else None
    return page, watch, page.goto(url, wait_until="commit"), status


def arrived(page: Any, watch: Watch, response: Any, status: int,
            until: str = "networkidle") -> list[str]:
    """Wait until the page `opened` started is loaded and its network idle (or `until`), and
    return what went wrong."""
    page.wait_for_load_state(until)
    problems = watch.take()
    if response is None or response.status != status:
        problems.append(f"HTTP {response.status if response else None} (expected {status})")
    return problems


# --- the language switch ----------------------------------------------------------------------


def sitemap_alternates(site: readers.Site) -> dict[str, dict[str, str]]:
    """Each page of the site's sitemap and its hreflang alternates."""
    return _alternates(site.root / "sitemap.xml")


@functools.cache  # a built site does not change during a session: read once, not at every switch
def _alternates(sitemap: Path) -> dict[str, dict[str, str]]:
    soup = BeautifulSoup(sitemap.read_bytes(), "lxml-xml")
    return {
        url.find("loc").get_text(strip=True): {
            str(link["hreflang"]): str(link["href"]) for link in url.find_all("link")
        }
        for url in soup.find_all("url")
    }


def expected_switch(site: readers.Site, rel: str, to: str) -> str:
    """Where the switch to language `to` leads from the page built at `rel`: its translation
    (the sitemap's alternate); from an untranslated page, the other language's home; from the
    copy of an untranslated page under another language, the page itself (its canonical)."""
    soup = BeautifulSoup(Path(site.root, rel).read_text(encoding="utf-8"), "lxml")
    canonical = str(soup.select_one("link[rel=canonical]")["href"])  # type: ignore[index]
    alternates = sitemap_alternates(site)
    home = site.url + ("" if to == readers.languages()[0] else f"{to}/")
    if alternates.get(canonical):
        return alternates[canonical][to]
    if canonical != site.page_url(rel):  # a copy: its canonical is the page in its language
        return canonical
    return home


# The page's navigations held (the Navigation API's `navigate` event, cancelled): the browser
# stays on the page, so the switch's checks need no second load (the page it leads to is one the
# walk loads on its own, and test_foundation_browser follows the switch for real).
HOLD = """() => {
    if (!window.__hold) {
        window.__hold = {on: false, urls: []};
        navigation.addEventListener('navigate', (event) => {
            if (window.__hold.on && event.cancelable && !event.hashChange) {
                window.__hold.urls.push(event.destination.url);
                event.preventDefault();
            }
        });
    }
    window.__hold.on = true;
    window.__hold.urls = [];
}"""
HELD = "() => window.__hold.urls.length > 0"
RELEASE = "() => { window.__hold.on = false; return window.__hold.urls[0]; }"


def _navigation(page: Any, act: Any) -> str | None:
    """The address of the navigation `act` makes the page start, held (see HOLD)."""
    page.evaluate(HOLD)
    try:
        act()
        page.wait_for_function(HELD, timeout=10_000)
    finally:
        started = page.evaluate(RELEASE)
    return str(started) if started else None


def switch_with_mouse(page: Any, watch: Watch, site: readers.Site, rel: str, other: str,
                      where: str) -> list[str]:
    """Hover the header's language switch of the walk's load of the page (after the keyboard's
    checks, with the fragment the skip link added to its address removed: the switch keeps a
    fragment) and click `other`."""
    page.evaluate("() => history.replaceState(null, '', location.pathname + location.search)")
    selector = page.locator(".md-header .md-select").first
    selector.hover()  # the list opens on hover (and on focus)
    link = selector.locator(f"a.md-select__link[hreflang={other}]")
    link.wait_for(state="visible", timeout=5000)
    # Material fades the list in: the click need not wait for the end of the fade
    page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
    watch.take()
    return _landed(site, _navigation(page, link.click), rel, other, where) + [
        f"{where}, switching to {other}: {p}" for p in watch.take()]


def switch_with_keyboard(page: Any, site: readers.Site, rel: str, other: str,
                         where: str) -> list[str]:
    """From the start of the walk's load of the page, with the mouse away from the header:
    Tab to the language switch, to `other`'s link, and press Enter."""
    page.mouse.move(0, page.viewport_size["height"] - 1)
    page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
    to_start(page)
    if not tab_to(page, ".md-select button, .md-select [aria-haspopup], .md-select a"):
        return [f"{where}: Tab never reaches the language switch"]
    langs = readers.languages()
    if not tab_to(page, f".md-select__link[hreflang='{other}']", limit=len(langs) + 2):
        return [f"{where}: Tab from the language switch never reaches {other}"]
    problems = []
    el = page.evaluate(ACTIVE)
    if not on_screen(el):
        problems.append(f"{where}: the focused link to {other} is not visible: {el}")
    return problems + _landed(site, _navigation(page, lambda: page.keyboard.press("Enter")),
                              rel, other, where)


def built_language(site: readers.Site, url: str) -> str | None:
    """The `lang` of the page built at `url` (None when the site has no page there)."""
    if not url.startswith(site.url):
        return None
    path = site.root / url[len(site.url):].split("#")[0].split("?")[0]
    if url.endswith("/") or path == site.root:
        path = path / "index.html"
    if not path.is_file():
        return None
    html = BeautifulSoup(path.read_bytes(), "lxml").html
    return str(html.get("lang")) if html else None


def _landed(site: readers.Site, url: str | None, rel: str, other: str,
            where: str) -> list[str]:
    want = expected_switch(site, rel, other)
    got_lang = built_language(site, url) if url else None
    if url != want or got_lang != other:
        return [f"{where}: the switch to {other} opens {url} (lang={got_lang!r}), not {want}"]
    return []


# --- the walk ---------------------------------------------------------------------------------


@dataclass
class Record:
    """What one walk of a site at one width found: problem lines by check, how many pages each
    check looked at (so that a test can tell that its check ran), and the pages walked."""

    site: str
    viewport: str
    pages: list[tuple[str, str]] = field(default_factory=list)  # (lang, kind) of each page
    problems: dict[str, list[str]] = field(default_factory=dict)
    checked: dict[str, int] = field(default_factory=dict)

    def add(self, check: str, problems: list[str], looked_at: int = 1) -> None:
        self.problems.setdefault(check, []).extend(problems)
        self.checked[check] = self.checked.get(check, 0) + looked_at

    def __getitem__(self, check: str) -> list[str]:
        return self.problems.get(check, [])


CHECKS = {
    "desktop": ("requests", "csp", "axe", "skip", "focus", "switch", "keyboard-switch",
                "tables", "table-keys"),
    "phone": ("requests", "axe", "layout", "tables", "table-keys"),
}


def walk(browser: Any, site: readers.Site, viewport: str) -> Record:
    record = Record(site.name, viewport, [key for key in sorted(site.pages)])
    for check in CHECKS[viewport]:
        record.problems[check], record.checked[check] = [], 0
    desktop = viewport == "desktop"
    langs = readers.languages()
    assert site.pages, f"[{site.name} site] no page found"
    kinds = site.kinds()
    with watching(browser, viewport, readers.AXE, RECORDER, CSP_RECORDER, tabs=TABS) as tabs:
        # the next pages load in the other tabs while one is checked: their waits for the
        # network to be idle (half a second of quiet each) overlap the checks
        loading = {i: opened(*tabs[i % TABS], site.page_url(kinds[i][2]))
                   for i in range(min(TABS, len(kinds)))}
        for i, (lang, kind, rel) in enumerate(kinds):
            where = readers.describe(site, lang, kind, rel)
            page, watch = tabs[i % TABS]
            page.bring_to_front()  # a tab behind others gets no animation frames
            record.add("requests", [f"{where}: {p}" for p in arrived(*loading.pop(i))])
            if desktop:
                csp = [f"{where}: violation: {v}" for v in page.evaluate("window.__csp || []")]
                # Material's inline scripts ran (their hashes are in the policy)
                if page.evaluate("typeof __md_scope") != "object":
                    csp.append(f"{where}: Material's inline script did not run")
                record.add("csp", csp)
            readers.settle(page)
            record.add("axe", [
                f"{where} at {page.viewport_size['width']} px: rule {v['id']} ({v['impact']}): "
                f"{v['help']}\n      " + "\n      ".join(v["nodes"])
                for v in readers.run_axe(page)])
            if desktop:
                focus: list[str] = []
                if kind == "home":
                    page.evaluate("() => { document.activeElement?.blur(); }")
                    focus += focus_problems(page, where, HEADER_TAB_STOPS)
                    to_start(page)
                else:
                    page.evaluate("() => { document.activeElement?.blur(); }")
                skip, after = skip_link(page, where)
                record.add("skip", skip)
                record.add("focus", focus + after)
                watch.take()  # the focus's moves (Chromium fetches the favicon again after
                #               the skip link's jump within the page), not the page's requests
            else:
                layout = []
                overflow = page.evaluate(OVERFLOW)
                if overflow:
                    layout.append(f"{where}: scrolls sideways at {page.viewport_size['width']} "
                                  f"px (content {overflow['scroll']} px wide): "
                                  f"{', '.join(overflow['culprits'])}")
                small = page.evaluate(SMALL_TEXT, MIN_TEXT_PX)
                if small:
                    layout.append(f"{where}: {len(small)} text block(s) under {MIN_TEXT_PX} "
                                  "px: " + "; ".join(small[:3]))
                record.add("layout", layout)
            if desktop and lang != "*":  # the 404 page: test_keyboard checks its two homes
                for other in (x for x in langs if x != lang):
                    record.add("switch", switch_with_mouse(page, watch, site, rel, other, where))
                for other in (x for x in langs if x != lang):
                    if kind in SWITCH_KINDS:
                        record.add("keyboard-switch",
                                   switch_with_keyboard(page, site, rel, other, where))
                        watch.take()  # the keyboard's checks only, as the mouse's took its own
            if kind in TABLE_KINDS:
                tables, scrolled = table_frames(
                    page, lang, f"{where} at {page.viewport_size['width']} px")
                record.add("tables", tables)
                record.add("table-keys", [], scrolled)
            if i + TABS < len(kinds):  # this tab is free: the next page nobody loads yet
                loading[i + TABS] = opened(page, watch, site.page_url(kinds[i + TABS][2]))
        page, watch = tabs[0]
        for lang in langs:
            url = site.url + ("" if lang == langs[0] else f"{lang}/") + MISSING
            record.add("requests", [f"[{site.name} site] 404 page at {url}: {p}"
                                    for p in visit(page, watch, url, status=404)])
    return record


# --- once per session -------------------------------------------------------------------------

PARTS = [(name, viewport) for viewport in ("desktop", "phone") for name in readers.SITE_NAMES]
_RECORDS: dict[tuple[str, str], Record] = {}


def _shared_folder(request: pytest.FixtureRequest) -> Path:
    """A folder every worker of this session sees: the parent of the workers' temporary
    folders under xdist (as pytest-xdist's documentation shares a session fixture), this
    process's own otherwise."""
    base = request.getfixturevalue("tmp_path_factory").getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "clay-walk"
    folder.mkdir(exist_ok=True)
    return folder


def _make(request: pytest.FixtureRequest, part: tuple[str, str], path: Path) -> Record:
    name, viewport = part
    made = walk(request.getfixturevalue("browser"), readers.get_served_site(request, name),
                viewport)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(made.__dict__), encoding="utf-8")
    os.replace(temporary, path)
    return made


def _load(path: Path) -> Record:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["pages"] = [tuple(key) for key in data["pages"]]
    return Record(**data)


def _part(request: pytest.FixtureRequest, part: tuple[str, str], *, wait: bool) -> bool:
    """Make or read `part` into _RECORDS under its lock; False when another worker holds the
    lock and `wait` is false."""
    folder = _shared_folder(request)
    path = folder / f"{part[0]}-{part[1]}.json"
    with open(folder / f"{part[0]}-{part[1]}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        try:
            _RECORDS[part] = _load(path) if path.exists() else _make(request, part, path)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return True


def record(request: pytest.FixtureRequest, name: str, viewport: str) -> Record:
    """The walk of site `name` at `viewport`, made once per test session."""
    wanted = (name, viewport)
    if wanted not in _RECORDS:
        for part in [wanted, *(p for p in PARTS if p != wanted)]:
            if part not in _RECORDS and _part(request, part, wait=False) and part == wanted:
                break
        if wanted not in _RECORDS:
            _part(request, wanted, wait=True)
    return _RECORDS[wanted]
