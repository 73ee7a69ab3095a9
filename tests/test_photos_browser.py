"""Photos in a browser (issue 21): axe-core and the Nu Html Checker on the pages that show photos,
and the phone budgets measured in headless Chromium at 360 px.

Two strict builds of both languages from tests/test_photos_build.py's layout: the photo site (the
report with a large portrait JPEG as its lead photo and a HEIC in its text, a report whose lead
photo is a PNG with transparency, and 20 newer reports with a lead photo each, so that the
meetings index shows 20 thumbnails) and its twin, the same files without the lead photos.

- Transfer: bytes the browser received (the navigation's and every resource's `transferSize`) with
  the page loaded until the network is idle, then scrolled to its end until every image has
  loaded and no request is unanswered (the worst case a reader meets), in a fresh context
  (nothing cached).
- Layout shift: the `layout-shift` entries without recent input, summed, each photo arriving
  late (after the text is painted, as on a phone's network), scrolled through likewise.
The figures are printed (`pytest -s`) so that they can be quoted.

The pages of a test load at once, so that their waits for the network to be quiet (half a second
each) overlap: each measured page in a fresh context of its own, the others in a few tabs of one
context, the next loading while one is checked (as tests/walk.py's walk).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests import photos, readers
from tests.conftest import serving
from tests.fixtures.meetings.support import report
from tests.sitebuild import BuildResult, build_site
from tests.test_html_validity import theme_error
from tests.test_photos_build import ALT_EN, ALT_RO, STEM, layout
from tests.walk import VIEWPORTS

pytestmark = pytest.mark.browser

PNG_STEM = "2023-02-01-test-transparent"
THUMBS = 20
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
# how late each photo arrives in the layout-shift measure: after the text is painted, as on a
# phone's network (on loopback it would come before the first paint and nothing could shift)
PHOTO_DELAY = 0.5  # seconds
PHOTO_FILES = (".webp", ".jpg", ".png")
# Chromium flags the shifts of the first half second as "after input" in a page emulating a
# mobile device (is_mobile), though nothing was touched: the layout shift is measured in a
# 360 px window without that emulation (the same layout: the page's viewport is device-width)
NARROW = {"viewport": PHONE["viewport"]}
TABS = 3  # pages of the axe test loading at once (see loaded)
LEAD_BUDGET, INDEX_BUDGET, CLS_BUDGET = 60_000, 80_000, 0.01
_LEAD_KEYS = re.compile(r"^image(_alt|_credit)?: .*\n", re.M)


def reports() -> tuple[dict[str, str | None], dict[str, bytes]]:
    """The reports besides test_photos_build's: one whose lead photo has transparency and
    THUMBS newer ones with a lead photo each (distinct photos, as in life)."""
    texts: dict[str, str | None] = {
        f"meetings/{PNG_STEM}.md": report(
            title="Transparență", summary="Rezumat.", date="2023-02-01", format="online",
            platform="Zoom", image=f"{PNG_STEM}.png", image_alt="Harta județelor"),
        f"meetings/{PNG_STEM}.en.md": report(title="Transparency", summary="Summary.",
                                             image_alt="The map of the counties"),
    }
    files = {f"meetings/{PNG_STEM}.png": photos.png_with_alpha((1200, 800))}
    for day in range(1, THUMBS + 1):
        stem = f"2023-01-{day:02d}-test-photo-{day}"
        texts[f"meetings/{stem}.md"] = report(
            title=f"Întâlnirea {day}", summary="Rezumat.", date=f"2023-01-{day:02d}",
            format="online", platform="Zoom", image=f"{stem}.jpg", image_alt=f"Sala {day}")
        texts[f"meetings/{stem}.en.md"] = report(title=f"Meeting {day}", summary="Summary.",
                                                 image_alt=f"The room {day}")
        # the index shows their 160 px thumbnails only, the same from any source at least 480
        # px wide (the pattern scales with the photo): a small source spares the build the
        # copies at 960 and 1600 px of pages no test here opens
        files[f"meetings/{stem}.jpg"] = photos.plain_jpeg((480, 360), shade=day * 11)
    return texts, files


@dataclass
class Sites:
    photos: readers.Site
    plain: readers.Site  # the same reports without their lead photos
    late: str = ""  # where `photos` is served with every photo PHOTO_DELAY late


def build(root: Path, *, lead_photos: bool) -> readers.Site:
    texts, files = reports()
    cfg = layout(root, lead=photos.jpeg_with_gps(gps=False), extra=texts, files=files)
    if not lead_photos:
        docs = root / "docs" / "meetings"
        for path in docs.glob("*.md"):
            path.write_text(_LEAD_KEYS.sub("", path.read_text(encoding="utf-8")),
                            encoding="utf-8")
        for rel in [f"{STEM}.jpg", *(Path(f).name for f in files)]:
            (docs / rel).unlink()
    built: BuildResult = build_site(cfg)
    assert built.warnings == []
    return readers.Site("photos" if lead_photos else "plain", built.site, "")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sites]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAY_CACHE_DIR", str(tmp_path_factory.mktemp("photos-cache")))
        built = Sites(build(tmp_path_factory.mktemp("photos-browser"), lead_photos=True),
                      build(tmp_path_factory.mktemp("photos-plain"), lead_photos=False))
    with serving(built.photos.root) as photos_url, serving(built.plain.root) as plain_url, \
            serving(built.photos.root, PHOTO_FILES, PHOTO_DELAY) as late_url:
        built.photos.url, built.plain.url, built.late = photos_url, plain_url, late_url
        yield built


# the pages checked, in both languages
PAGES = {"report": f"meetings/{STEM}/", "transparent report": f"meetings/{PNG_STEM}/",
         "meetings index": "meetings/", "home": ""}


def addresses() -> list[tuple[str, str]]:
    return [(f"{name} ({lang})", ("" if lang == "ro" else "en/") + path)
            for lang in ("ro", "en") for name, path in PAGES.items()]


@contextlib.contextmanager
def browser_page(browser: Any, **args: Any) -> Iterator[Any]:
    """A page in a fresh context (no cache), no request leaving the loopback server."""
    yield from readers.browser_page(browser, **args)


class Tab:
    """A page, the address it was sent to and the requests it has not had answered yet
    (neither finished nor failed): Playwright's wait for the network to be idle returns at once
    on a page that was idle once, so it cannot wait for what a scroll started."""

    def __init__(self, page: Any) -> None:
        self.page, self.url, self.response = page, "", None
        self.pending: set[Any] = set()
        page.on("request", self._sent)
        page.on("requestfinished", self._answered)
        page.on("requestfailed", self._answered)

    def _sent(self, request: Any) -> None:
        self.pending.add(request)

    def _answered(self, request: Any) -> None:
        self.pending.discard(request)

    def open(self, url: str) -> None:
        """Start opening `url` (until the browser has its response): `arrived` waits for the
        rest, so that other pages load meanwhile."""
        self.url, self.response = url, self.page.goto(url, wait_until="commit")

    def arrived(self, until: str = "networkidle") -> None:
        """Wait until the page is loaded and its network idle (or `until`), in front (see
        `loaded`)."""
        self.page.bring_to_front()
        self.page.wait_for_load_state(until)
        got = self.response.status if self.response else None
        assert got == 200, f"{self.url}: HTTP {got}"

    def quiet(self) -> None:
        """Wait until every request of the page is answered (in Playwright's time, 30 s)."""
        for _ in range(1500):
            if not self.pending:
                return
            self.page.wait_for_timeout(20)
        raise TimeoutError(f"{self.url}: never answered: {[r.url for r in self.pending]}")


@contextlib.contextmanager
def fresh_tabs(browser: Any, urls: list[str], ready: Callable[[Any, str], None] | None = None,
               **args: Any) -> Iterator[list[Tab]]:
    """Each of `urls` opening in a page of a fresh context of its own (nothing cached, nothing
    shared), all loading at once: each starts before the next context is made (a page of its
    own context gets its animation frames, unlike a tab behind others); `ready` readies a page
    for its address first."""
    with contextlib.ExitStack() as stack:
        tabs = []
        for url in urls:
            tabs.append(Tab(stack.enter_context(browser_page(browser, **args))))
            if ready:
                ready(tabs[-1].page, url)
            tabs[-1].open(url)
        yield tabs


@contextlib.contextmanager
def shared_tabs(browser: Any, count: int, *scripts: Path, **args: Any) -> Iterator[list[Tab]]:
    """`count` tabs of one fresh context, each page running `scripts` first."""
    with browser_page(browser, **args) as first:
        for script in scripts:
            first.context.add_init_script(path=str(script))
        yield [Tab(first), *(Tab(first.context.new_page()) for _ in range(count - 1))]


def loaded(tabs: list[Tab], urls: list[str], until: str = "networkidle") -> Iterator[Tab]:
    """Each of `urls` in turn, loaded in one of `tabs` (of one context) until its network is
    idle (or `until`), while the next ones load in the other tabs (their waits for half a
    second of quiet overlap), as tests/walk.py's walk: brought to front first, as a tab behind
    others of its context gets hardly any animation frames."""
    for i, url in enumerate(urls[:len(tabs)]):
        tabs[i].open(url)
    for i in range(len(urls)):
        tab = tabs[i % len(tabs)]
        tab.arrived(until)
        yield tab
        if i + len(tabs) < len(urls):  # this tab is free: the next page nobody loads yet
            tab.open(urls[i + len(tabs)])


SCROLL = """async () => {
    const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y); await frame();
    }
}"""


def scroll_through(tabs: list[Tab]) -> None:
    """Scroll each page to its end half a screen at a time, a frame and 50 ms apart, as a
    reader does, and wait until every image of each has loaded and none of its requests is
    unanswered (the figures read then are those of the whole page). The pages scroll at once:
    each of its own context, or the one in front of its context (see `loaded`)."""
    for tab in tabs:
        tab.page.evaluate(f"() => {{ window.clayScrolled = ({SCROLL})(); }}")
    for tab in tabs:
        tab.page.evaluate("() => window.clayScrolled")
        tab.page.wait_for_function("() => [...document.images].every(i => i.complete)")
        tab.quiet()


TOTAL = """() => performance.getEntriesByType('navigation')
    .concat(performance.getEntriesByType('resource'))
    .reduce((sum, e) => sum + e.transferSize, 0)"""


def transferred(browser: Any, urls: list[str]) -> list[tuple[int, int]]:
    """Bytes received for each page at 360 px: (loaded until network idle, then scrolled
    through), each in a fresh context of its own (nothing cached), all loading at once."""
    with fresh_tabs(browser, urls, **PHONE) as tabs:
        at_idle = []
        for tab in tabs:
            tab.arrived()
            at_idle.append(int(tab.page.evaluate(TOTAL)))
        scroll_through(tabs)
        return [(idle, int(tab.page.evaluate(TOTAL)))
                for idle, tab in zip(at_idle, tabs, strict=True)]


CLS_OBSERVER = """window.claySift = [0, 0];
new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.claySift[e.hadRecentInput ? 1 : 0] += e.value;
}).observe({type: 'layout-shift', buffered: true});"""


def layout_shift(browser: Any, urls: list[str], html: Any = None) -> list[float]:
    """Cumulative layout shift of each page at 360 px, scrolled through, served where every
    photo arrives PHOTO_DELAY late (`Sites.late`: the server holds each photo's request, the
    page goes on painting), each in a fresh context of its own, all loading at once; `html`
    rewrites the pages' HTML (to show that the measure can fail)."""
    def ready(page: Any, url: str) -> None:
        page.context.add_init_script(CLS_OBSERVER)
        if html:
            page.route(url, lambda route: route.fulfill(
                response=(fetched := route.fetch()), body=html(fetched.text())))

    with fresh_tabs(browser, urls, ready, **NARROW) as tabs:
        for tab in tabs:
            tab.arrived()
        scroll_through(tabs)
        shifts = []
        for tab in tabs:
            shift, after_input = tab.page.evaluate("window.claySift")
            assert after_input == 0, f"{tab.url}: a shift counted after input: nothing was touched"
            shifts.append(float(shift))
        return shifts


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_axe_finds_nothing_on_pages_with_photos(sites: Sites, browser: Any,
                                                viewport: str) -> None:
    problems = []
    urls = [sites.photos.url + path for _name, path in addresses()]
    with shared_tabs(browser, TABS, readers.AXE, **VIEWPORTS[viewport]) as tabs:
        for (name, path), tab in zip(addresses(), loaded(tabs, urls), strict=True):
            readers.settle(tab.page)
            problems += [f"{name} /{path} at {viewport}: {v['id']} ({v['impact']}): "
                         f"{v['help']}\n      " + "\n      ".join(v["nodes"])
                         for v in readers.run_axe(tab.page)]
    print(f"\naxe at {viewport}: {len(addresses())} pages, {len(problems)} violation(s)")
    assert not problems, "axe-core WCAG A/AA violations:\n" + "\n".join(problems)


def test_nu_html_checker_finds_no_new_error(sites: Sites) -> None:
    checked = {path + "index.html" for _name, path in addresses()}
    errors = [f"/{m['rel']} line {m.get('lastLine')}: {m['message']}\n      "
              f"{m.get('extract', '').strip()[:160]}"
              for m in readers.vnu_messages(sites.photos)
              if (m["type"] == "error" or m.get("subType") == "fatal") and not theme_error(m)]
    pages = readers.html_files(sites.photos.root)
    assert checked <= set(pages)
    print(f"\nNu Html Checker: {len(pages)} pages of the photo site (the {len(checked)} above "
          f"among them), {len(errors)} error(s) beyond the theme's allowed one")
    assert not errors, "Nu Html Checker errors:\n" + "\n".join(errors)


def test_the_index_shows_twenty_thumbnails_that_all_load(sites: Sites, browser: Any) -> None:
    """The second index loads in another tab while the first is scrolled through."""
    prefixes = ("", "en/")
    urls = [sites.photos.url + prefix + "meetings/" for prefix in prefixes]
    with shared_tabs(browser, len(urls), **PHONE) as tabs:
        for prefix, tab in zip(prefixes, loaded(tabs, urls, "load"), strict=True):
            scroll_through([tab])
            shown = tab.page.evaluate("""() => [...document.querySelectorAll(
                '.clay-meeting-entry__thumb img')].map(i => [i.currentSrc, i.naturalWidth,
                i.getBoundingClientRect().width])""")
            assert len(shown) == THUMBS, prefix
            for src, natural, width in shown:
                assert src.endswith(".webp") and natural == 160 and 0 < width <= 100, src


def test_a_lead_photo_costs_a_phone_at_most_60_kb(sites: Sites, browser: Any) -> None:
    lines, over = [], []
    measured = [(name, path) for name, path in addresses() if "report" in name]
    # each report with its lead photo, then without
    figures = iter(transferred(browser, [site.url + path for _name, path in measured
                                         for site in (sites.photos, sites.plain)]))
    for (name, _path), with_photo, without in zip(measured, figures, figures, strict=True):
        added = max(w - p for w, p in zip(with_photo, without, strict=True))
        lines.append(f"{name}: {kb(without[1])} without the lead photo, {kb(with_photo[0])} "
                     f"with it at network idle, {kb(with_photo[1])} scrolled through: "
                     f"+{kb(added)} (budget {kb(LEAD_BUDGET)})")
        if added > LEAD_BUDGET:
            over.append(name)
    print("\nTransfer at 360 px, a report:\n  " + "\n  ".join(lines))
    assert not over, f"over the budget: {over}"


def test_twenty_thumbnails_cost_a_phone_at_most_80_kb(sites: Sites, browser: Any) -> None:
    lines, over = [], []
    prefixes = ("", "en/")
    # each index with its thumbnails, then without
    figures = iter(transferred(browser, [site.url + prefix + "meetings/" for prefix in prefixes
                                         for site in (sites.photos, sites.plain)]))
    for prefix, with_thumbs, without in zip(prefixes, figures, figures, strict=True):
        added = max(w - p for w, p in zip(with_thumbs, without, strict=True))
        lines.append(f"meetings index ({prefix or 'ro/'}): {kb(without[1])} without photos, "
                     f"{kb(with_thumbs[0])} with {THUMBS} thumbnails at network idle, "
                     f"{kb(with_thumbs[1])} scrolled through: +{kb(added)} "
                     f"(budget {kb(INDEX_BUDGET)})")
        if added > INDEX_BUDGET:
            over.append(prefix or "ro")
    print("\nTransfer at 360 px, the index:\n  " + "\n  ".join(lines))
    assert not over, f"over the budget: {over}"


def test_photos_do_not_shift_the_layout(sites: Sites, browser: Any) -> None:
    measured = [(name, path) for name, path in addresses()
                if name.startswith(("report", "meetings"))]
    figures = dict(zip([name for name, _path in measured],
                       layout_shift(browser, [sites.late + path for _name, path in measured]),
                       strict=True))
    print(f"\nLayout shift at 360 px, photos {PHOTO_DELAY} s late, scrolled through: " + ", ".join(
        f"{name} {value:.4f}" for name, value in figures.items()) + f" (budget {CLS_BUDGET})")
    assert all(value < CLS_BUDGET for value in figures.values()), figures


def test_the_layout_shift_measure_can_fail(sites: Sites, browser: Any) -> None:
    """Without width and height, the lead photo pushes the text down when it arrives."""
    def undimensioned(text: str) -> str:
        return re.sub(r' (width|height)="\d+"', "", text)

    [shift] = layout_shift(browser, [sites.late + PAGES["report"]], undimensioned)
    print(f"\nLayout shift of the report without width and height: {shift:.4f}")
    assert shift > CLS_BUDGET


def test_the_twin_has_no_lead_photo(sites: Sites) -> None:
    """The comparison is fair: the same pages, only the lead photos and thumbnails gone."""
    for prefix, alt in (("", ALT_RO), ("en/", ALT_EN)):
        with_photo = (sites.photos.root / prefix / PAGES["report"] / "index.html").read_text(
            encoding="utf-8")
        plain = (sites.plain.root / prefix / PAGES["report"] / "index.html").read_text(
            encoding="utf-8")
        assert alt in with_photo and "clay-photo--lead" in with_photo
        assert "clay-photo--lead" not in plain and "<picture>" in plain  # the body photo stays
        index = (sites.plain.root / prefix / "meetings/index.html").read_text(encoding="utf-8")
        assert "clay-meeting-entry__thumb" not in index
