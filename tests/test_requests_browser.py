"""No failed request and no console message of error or warning level on any kind of page, in
either language, of the repository's site and of the fixture site (every kind of page, under a
sub-path as a GitHub Pages project site), each built for the address it is served from; and the
language switch of every kind of page leads to the same page's translation (issue 22).

Every kind of page is loaded on the browser's walk of the session (tests/walk.py), on a desktop
and on a phone, and watched until the network is idle: Material's script fetches `sitemap.xml`
next to every `<link rel="alternate">` of a page once the page has loaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import pytest

from tests import readers, walk
from tests.walk import Watch, expected_switch, visit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=sorted(walk.VIEWPORTS))
def watched(browser: Any, request: pytest.FixtureRequest) -> Iterator[tuple[Any, Watch]]:
    with walk.watching(browser, request.param) as [watching]:
        yield watching


@pytest.mark.parametrize("viewport", sorted(walk.VIEWPORTS))
@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_no_failed_request_nor_console_error_on_any_kind_of_page(
    request: pytest.FixtureRequest, name: str, viewport: str
) -> None:
    record = walk.record(request, name, viewport)
    # every kind of page, and the 404 page at a missing address in every language
    assert record.checked["requests"] == len(record.pages) + len(readers.languages())
    assert not record["requests"], "\n".join(record["requests"])


def test_the_watch_sees_failed_requests_and_console_errors(
    served_site: str, watched: tuple[Any, Watch]
) -> None:
    """The check can fail: a missing file fetched by a script and a console error are seen."""
    page, watch = watched
    assert visit(page, watch, served_site) == []
    page.evaluate("async () => { await fetch('missing/sitemap.xml'); console.error('boom'); }")
    page.wait_for_timeout(100)
    found = "\n".join(watch.take())
    assert "HTTP 404: " + served_site + "missing/sitemap.xml" in found
    assert "console error: boom" in found


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_language_switch_lands_on_the_same_page_in_the_other_language(
    request: pytest.FixtureRequest, name: str
) -> None:
    """With the mouse, on the desktop: the switch of every kind of page (the 404 page aside:
    test_keyboard checks that it leads to both homes) opens the page's translation, or the
    other language's home from an untranslated page, with no failed request."""
    record = walk.record(request, name, "desktop")
    pages = [kind for (lang, kind) in record.pages if lang != "*"]
    assert record.checked["switch"] == len(pages) * (len(readers.languages()) - 1)
    assert not record["switch"], "\n".join(record["switch"])


def test_expected_switch_reads_the_sitemap(request: pytest.FixtureRequest) -> None:
    """The expectations themselves: a translated page's translation, the untranslated report's
    other language home."""
    fixture = readers.get_served_site(request, "fixture")
    report = "meetings/2030-03-05-fixture-online/index.html"
    assert expected_switch(fixture, report, "en") == urljoin(fixture.url, "en/" + report[:-10])
    untranslated = "meetings/2030-06-20-fixture-in-person/index.html"
    assert expected_switch(fixture, untranslated, "en") == fixture.url + "en/"
    assert expected_switch(fixture, "en/" + untranslated, "ro") == (
        fixture.url + untranslated[:-10])


def test_the_switch_checks_compare_where_the_switch_leads(
    request: pytest.FixtureRequest, browser: Any
) -> None:
    """The checks can fail: from a report, the switches (mouse and keyboard) lead to its
    translation, which is not the translation the privacy page expects."""
    site = readers.get_served_site(request, "repo")
    report, privacy = site.pages[("ro", "meetings/REPORT")], site.pages[("ro", "privacy")]
    translation = expected_switch(site, report, "en")
    with walk.watching(browser, "desktop") as [(page, watch)]:
        assert visit(page, watch, site.page_url(report)) == []
        assert walk.switch_with_mouse(page, watch, site, report, "en", "report") == []
        assert walk.switch_with_keyboard(page, site, report, "en", "report") == []
        for found in (walk.switch_with_mouse(page, watch, site, privacy, "en", "privacy"),
                      walk.switch_with_keyboard(page, site, privacy, "en", "privacy")):
            assert len(found) == 1 and f"opens {translation} (lang='en')" in found[0], found
        # the page stayed where it was: the switches' navigations were held
        assert page.url == site.page_url(report)
