"""The browser the tests drive: it opens the site, and reaches nothing but the loopback servers
(conftest.CHROMIUM_ARGS), so a page's request elsewhere fails, and the tests' watches see it."""

from typing import Any

import pytest

from tests.walk import visit, watching

pytestmark = pytest.mark.browser

ELSEWHERE = ["http://example.org/font.woff2", "https://fonts.googleapis.com/css2",
             "http://93.184.215.14/pixel.gif", "http://localhost:8000/"]


def test_home_page_opens(browser: Any, served_site: str) -> None:
    page = browser.new_page()
    page.goto(served_site)
    assert page.locator("html").get_attribute("lang") == "ro"
    page.close()


def test_a_request_that_would_leave_the_loopback_servers_fails_and_is_reported(
        browser: Any, served_site: str) -> None:
    with watching(browser, "desktop") as [(page, watch)]:
        assert visit(page, watch, served_site) == []
        for url in ELSEWHERE:
            assert page.evaluate("(u) => fetch(u, {mode: 'no-cors'}).then(() => 'answered',"
                                 " () => 'failed')", url) == "failed", url
        page.wait_for_timeout(100)  # the failures' events
        problems = watch.take()
    for url in ELSEWHERE:
        assert f"request failed: {url} (net::ERR_NAME_NOT_RESOLVED)" in problems, problems
