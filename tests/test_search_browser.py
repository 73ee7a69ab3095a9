"""The header search of the repository's site, used with the keyboard only in headless Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    yield tab
    context.close()


def tab_to_search(page: Any) -> None:
    """Press Tab from the top of the page until the search button has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('clay-search__toggle')"):
            return
    raise AssertionError("the header search button cannot be reached with the Tab key")


def results(page: Any) -> list[dict[str, str]]:
    """The result links, once the first is shown: the status says how many results there are
    before their titles and excerpts are fetched and listed."""
    page.locator(".clay-search__results a").first.wait_for(timeout=10_000)
    links: list[dict[str, str]] = page.eval_on_selector_all(
        ".clay-search__results a",
        "links => links.map(a => ({href: a.href, text: a.textContent, lang: a.lang}))",
    )
    return links


def test_keyboard_search_without_diacritics_on_the_romanian_site(
    page: Any, served_site: str
) -> None:
    page.goto(served_site)
    requests: list[str] = []
    tab_to_search(page)
    page.on("request", lambda request: requests.append(request.url))
    toggle = page.locator(".clay-search__toggle")
    assert toggle.get_attribute("aria-expanded") == "false"

    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "clay-search-input"
    page.keyboard.type("intalnirea")
    status = page.locator(".clay-search__status")
    status.filter(has_text=re.compile(r"rezultat")).wait_for(timeout=10_000)
    assert "„intalnirea”" in status.inner_text()
    found = results(page)
    assert found, status.inner_text()
    assert any("întâlnir" in r["text"].lower() for r in found), found
    assert all("/en/" not in r["href"] for r in found), found
    # the search fetched only the site's own files
    assert requests and all(u.startswith(served_site) for u in requests), requests
    # no horizontal scrolling at 320 px with the results open
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    # Tab past the close button to the first result, and follow it
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.href") == found[0]["href"]
    page.keyboard.press("Enter")
    page.wait_for_url(found[0]["href"])


def test_escape_closes_and_returns_to_the_button(page: Any, served_site: str) -> None:
    page.goto(served_site)
    tab_to_search(page)
    page.keyboard.press("Enter")
    page.keyboard.type("ceramica")
    page.keyboard.press("Escape")
    assert page.locator("#clay-search-panel").is_hidden()
    assert page.locator(".clay-search__toggle").get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.classList.contains('clay-search__toggle')")


def test_english_site_gives_english_results_in_english(page: Any, served_site: str) -> None:
    page.goto(served_site + "en/")
    tab_to_search(page)
    page.keyboard.press("Enter")
    assert page.locator("label[for=clay-search-input]").inner_text() == "Search the site"
    page.keyboard.type("meeting")
    status = page.locator(".clay-search__status")
    status.filter(has_text=re.compile(r"results? for")).wait_for(timeout=10_000)
    found = results(page)
    assert found, status.inner_text()
    assert all(f"{served_site}en/" in r["href"] for r in found), found
    # English pages come first; an untranslated page would follow, marked as Romanian
    langs = [r["lang"] or "en" for r in found]
    assert langs == sorted(langs, key=lambda lang: lang != "en"), found


def test_query_in_the_address_opens_the_search(page: Any, served_site: str) -> None:
    # the 404 page's form sends the words to the home page as ?q=
    page.goto(served_site + "?q=finantare")
    status = page.locator(".clay-search__status")
    status.filter(has_text=re.compile(r"rezultat")).wait_for(timeout=10_000)
    assert page.locator("#clay-search-input").input_value() == "finantare"
    assert results(page)
    marks = page.locator(".clay-search__excerpt mark").all_inner_texts()
    assert any(m.lower().startswith("finanț") for m in marks), marks
