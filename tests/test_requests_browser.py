"""No failed request and no console message of error or warning level on any kind of page, in
either language, of the repository's site and of the fixture site (every kind of page, under a
sub-path as a GitHub Pages project site), each built for the address it is served from; and the
language switch of every kind of page leads to the same page's translation (issue 22).

Material's script fetches `sitemap.xml` next to every `<link rel="alternate">` of a page once
the page has loaded, so each page is watched until the network is idle.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from tests import readers
from tests.conftest import serving
from tests.sitebuild import build_site, make_site

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}
MISSING = "no-such-page/"  # an address the site does not have: its 404 page is served there


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[readers.Site]]:
    """The repository's site at the root of one loopback server, and the fixture site under
    /clay/ of another, each built with its served address as site_url (its absolute links,
    feed and calendar ones included, lead where a reader's browser goes)."""
    tmp = tmp_path_factory.mktemp("requests")
    (tmp / "repo" / "site").mkdir(parents=True)
    (tmp / "fixture" / "site").mkdir(parents=True)
    (tmp / "www").mkdir()
    (tmp / "www" / "clay").symlink_to(tmp / "fixture" / "site", target_is_directory=True)
    with serving(tmp / "repo" / "site") as repo_url, serving(tmp / "www") as www_url:
        built = []
        for name, url, files in (("repo", repo_url, None),
                                 ("fixture", www_url + "clay/", readers.fixture_files())):
            result = build_site(make_site(tmp / name, files, use_repo_docs=True, site_url=url))
            site = readers.Site(name, result.site, url, url)
            site.pages = readers.discover(site.root, last=name == "fixture")
            built.append(site)
        yield built


class Watch:
    """Every response with a status >= 400, failed request, console message of error or
    warning level and uncaught exception of a page, as readable lines."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        self.allowed_404: str | None = None  # the missing address opened on purpose
        page.on("response", self._response)
        page.on("requestfailed",
                lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"uncaught exception: {e}"))

    def _response(self, response: Any) -> None:
        if response.status >= 400 and not (
            response.status == 404 and response.url == self.allowed_404
            and response.request.resource_type == "document"
        ):
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message: Any) -> None:
        if (self.allowed_404 and message.location.get("url") == self.allowed_404
                and "status of 404" in message.text):
            return  # Chromium's own line for the 404 of the missing address itself
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def take(self) -> list[str]:
        found, self.problems = self.problems, []
        return found


@contextlib.contextmanager
def _watching(browser: Any, viewport: str) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(**VIEWPORTS[viewport])
    # nothing may leave the loopback servers (a request elsewhere fails, and is reported)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1:\d+/).*"), lambda route: route.abort())
    page = context.new_page()
    try:
        yield page, Watch(page)
    finally:
        context.close()


@pytest.fixture(scope="module", params=sorted(VIEWPORTS))
def watched(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, Watch]]:
    with _watching(browser, request.param) as watching:
        yield watching


@pytest.fixture(scope="module")
def desktop(browser: Any) -> Iterator[tuple[Any, Watch]]:
    """The language switch is the same at every width: it is clicked on the desktop."""
    with _watching(browser, "desktop") as watching:
        yield watching


def visit(page: Any, watch: Watch, url: str, status: int = 200,
          until: str = "networkidle") -> list[str]:
    """Open `url`, wait until the network is idle (or `until`), and return what went wrong."""
    watch.take()
    watch.allowed_404 = url if status == 404 else None
    response = page.goto(url, wait_until=until)
    problems = watch.take()
    if response is None or response.status != status:
        problems.append(f"HTTP {response.status if response else None} (expected {status})")
    return problems


def test_no_failed_request_nor_console_error_on_any_kind_of_page(
    sites: list[readers.Site], watched: tuple[Any, Watch]
) -> None:
    page, watch = watched
    problems = []
    for site in sites:
        assert site.pages, f"[{site.name} site] no page found"
        for lang, kind, rel in site.kinds():
            for problem in visit(page, watch, site.page_url(rel)):
                problems.append(f"{readers.describe(site, lang, kind, rel)}: {problem}")
        for lang in readers.languages():
            prefix = "" if lang == readers.languages()[0] else f"{lang}/"
            url = site.url + prefix + MISSING
            for problem in visit(page, watch, url, status=404):
                problems.append(f"[{site.name} site] 404 page at {url}: {problem}")
    assert not problems, "\n".join(problems)


def test_the_watch_sees_failed_requests_and_console_errors(
    sites: list[readers.Site], watched: tuple[Any, Watch]
) -> None:
    """The check can fail: a missing file fetched by a script and a console error are seen."""
    page, watch = watched
    assert visit(page, watch, sites[0].url) == []
    page.evaluate("async () => { await fetch('missing/sitemap.xml'); console.error('boom'); }")
    page.wait_for_timeout(100)
    found = "\n".join(watch.take())
    assert "HTTP 404: " + sites[0].url + "missing/sitemap.xml" in found
    assert "console error: boom" in found


# --- the language switch ----------------------------------------------------------------------


def sitemap_alternates(site: readers.Site) -> dict[str, dict[str, str]]:
    """Each page of the site's sitemap and its hreflang alternates."""
    soup = BeautifulSoup((site.root / "sitemap.xml").read_bytes(), "lxml-xml")
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


def test_language_switch_lands_on_the_same_page_in_the_other_language(
    sites: list[readers.Site], desktop: tuple[Any, Watch]
) -> None:
    page, watch = desktop
    langs = readers.languages()
    problems = []
    for site in sites:
        for lang, kind, rel in site.kinds():
            if lang == "*":
                continue  # the 404 page: test_keyboard checks that it leads to both homes
            where = readers.describe(site, lang, kind, rel)
            for other in (x for x in langs if x != lang):
                # the page's requests are the other test's: here the switch only
                visit(page, watch, site.page_url(rel), until="load")
                selector = page.locator(".md-header .md-select").first
                selector.hover()  # the list opens on hover (and on focus)
                link = selector.locator(f"a.md-select__link[hreflang={other}]")
                link.wait_for(state="visible", timeout=5000)
                with page.expect_navigation(wait_until="load"):
                    link.click()
                want = expected_switch(site, rel, other)
                got_lang = page.evaluate("document.documentElement.lang")
                if page.url != want or got_lang != other:
                    problems.append(f"{where}: the switch to {other} opens {page.url} "
                                    f"(lang={got_lang!r}), not {want}")
                problems += [f"{where}, switched to {other}: {p}" for p in watch.take()]
    assert not problems, "\n".join(problems)


def test_expected_switch_reads_the_sitemap(sites: list[readers.Site]) -> None:
    """The expectations themselves: a translated page's translation, the untranslated report's
    other language home."""
    fixture = sites[1]
    report = "meetings/2030-03-05-fixture-online/index.html"
    assert expected_switch(fixture, report, "en") == urljoin(fixture.url, "en/" + report[:-10])
    untranslated = "meetings/2030-06-20-fixture-in-person/index.html"
    assert expected_switch(fixture, untranslated, "en") == fixture.url + "en/"
    assert expected_switch(fixture, "en/" + untranslated, "ro") == (
        fixture.url + untranslated[:-10])
