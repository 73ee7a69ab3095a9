"""What the search index holds on the repository's own site: the reports and chapters, not the
generated lists that repeat their titles and summaries (meetings index, the home page's latest
reports, the action-plan contents, a chapter's footer), not the year and topic archives at all,
and not the facts header repeated on every report, except the platform, venue and topics a
reader searches for."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from tests.sitebuild import BuildResult
from tests.test_search import QUERY  # Pagefind's own API, as the header search calls it

LISTS = {
    "index.html": ".clay-meetings--latest",
    "en/index.html": ".clay-meetings--latest",
    "meetings/index.html": ".clay-meetings",
    "en/meetings/index.html": ".clay-meetings",
    "action-plan/index.html": ".clay-plan-contents",
    "en/action-plan/index.html": ".clay-plan-contents",
}
# the year and topic archives are lists only: kept out of the search altogether
ARCHIVES = [
    "meetings/2019/index.html",
    "en/meetings/2019/index.html",
    "meetings/topics/funding/index.html",
    "en/meetings/topics/funding/index.html",
]
REPORT = "meetings/2019-04-22-analiza-swot-horezu/index.html"


def _soup(site: BuildResult, rel: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(rel), "lxml")


def _ignored(element: Tag) -> bool:
    return element.has_attr("data-pagefind-ignore") or element.find_parent(
        attrs={"data-pagefind-ignore": True}) is not None


@pytest.mark.parametrize(("rel", "selector"), sorted(LISTS.items()))
def test_generated_lists_are_not_indexed(repo_site: BuildResult, rel: str, selector: str) -> None:
    page = _soup(repo_site, rel)
    body = page.select_one("[data-pagefind-body]")
    assert body is not None, f"{rel}: the page is not indexed at all"
    lists = body.select(selector)
    assert lists, f"{rel}: no {selector} in the indexed content"
    for element in lists + body.select(".clay-meeting-entry"):
        assert _ignored(element), f"{rel}: {selector} is indexed (add data-pagefind-ignore)"


@pytest.mark.parametrize("rel", ARCHIVES)
def test_archives_are_not_indexed(repo_site: BuildResult, rel: str) -> None:
    page = _soup(repo_site, rel)
    assert page.select(".clay-meeting-entry"), f"{rel}: not an archive of reports"
    assert not page.select("[data-pagefind-body]"), f"{rel} is indexed"


def test_report_header_indexes_only_what_readers_search_for(repo_site: BuildResult) -> None:
    page = _soup(repo_site, REPORT)
    title = page.select_one("[data-pagefind-body] h1")
    assert title is not None and not _ignored(title)
    header = page.select_one("[data-pagefind-body] .clay-meeting-header")
    assert header is not None
    facts = header.select(".clay-meeting-header__facts > dd")
    kept = [dd for dd in facts if not _ignored(dd)]
    # the venue ("Horezu") and the topics; not the date, format, organiser or participants
    assert [dd.get_text(" ", strip=True) for dd in kept][0] == "Horezu"
    assert kept[1].select(".clay-meeting-header__topics li")
    assert len(kept) == 2, [dd.get_text(" ", strip=True) for dd in kept]
    for element in header.select("dt, .clay-meeting-header__ordinal, "
                                 ".clay-meeting-header__calendar, .clay-meeting-header__series"):
        assert _ignored(element), element


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page()
    yield tab
    tab.close()


@pytest.mark.browser
@pytest.mark.parametrize(("path", "query"), [("", "horezu"), ("en/", "horezu")])
def test_search_points_to_reports_not_to_lists(
    page: Any, served_site: str, path: str, query: str
) -> None:
    page.goto(served_site + path)
    found = [result["url"] for result in page.evaluate(QUERY, [query])]
    prefix = "/" + path
    assert f"{prefix}meetings/2019-04-22-analiza-swot-horezu/" in found, found
    for rel in [*LISTS, *ARCHIVES]:
        url = "/" + rel.removesuffix("index.html")
        assert url not in found, f"{query!r} finds the generated list {url}: {found}"
