"""The meetings index stays small at any number of reports (issue 22): it lists the
`index_items` newest reports, the year archives and the topics, and the year pages list every
report.

The site of a thousand reports per language is the suite's largest build: its tests are
`slow`, out of `make test-fast`."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import urljoin

import pytest

from benchmarks.bench_meetings import layout
from tests.fixtures.meetings.support import corpus_site
from tests.sitebuild import BuildResult, build_site

REPORTS = 1000  # per language
BUDGET = 30 * 1024  # bytes of /meetings/ compressed


def _titles(site: BuildResult, rel: str) -> list[str]:
    page = site.soup(rel)
    return [a.get_text(strip=True) for a in page.select(".clay-meetings .clay-meeting-entry h3 a")]


def _reached(site: BuildResult, prefix: str) -> set[str]:
    """The report pages the year archives linked from the index link to, as site paths."""
    index_url = f"{prefix}meetings/"
    index = site.soup(f"{index_url}index.html")
    years = [a["href"] for a in index.select(".clay-meetings__browse a")
             if a["href"].rstrip("/").isdigit()]
    assert years
    reached: set[str] = set()
    for href in years:
        year_url = urljoin(index_url, href)
        page = site.soup(f"{year_url}index.html")
        for a in page.select(".clay-meeting-entry h3 a"):
            target = urljoin(year_url, a["href"])
            assert (site.site / target / "index.html").is_file(), target
            reached.add(target)
    return reached


@pytest.mark.parametrize(("items", "shown"), [(2, 2), (0, 0)])
def test_index_items_limits_the_index_not_the_archives(
    tmp_path: Path, items: int, shown: int
) -> None:
    site = build_site(corpus_site(tmp_path, index_items=items))
    for prefix, older in (("", "Cele mai recente 2 din 5"), ("en/", "The newest 2 of 5")):
        index = site.soup(f"{prefix}meetings/index.html")
        assert len(_titles(site, f"{prefix}meetings/index.html")) == shown
        note = index.select_one(".clay-meetings__older")
        assert (note is not None and note.get_text().startswith(older)) == bool(shown), prefix
        # no "nothing published yet" when the index only lists none of them
        assert index.select_one('[data-total="meetings"]').get_text() == "5"
        assert "nicio întâlnire" not in index.get_text()
        # every report is on its year's page
        assert len(_reached(site, prefix)) == 5


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(layout(tmp_path_factory.mktemp("large"), REPORTS, True))


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_index_is_small_at_a_thousand_reports(large: BuildResult, prefix: str) -> None:
    html = (large.site / prefix / "meetings/index.html").read_bytes()
    # gzip's fastest level compresses least: under the budget at it, under it at any level
    size = len(gzip.compress(html, compresslevel=1))
    assert size < BUDGET, f"{prefix}meetings/: {size} bytes compressed"
    assert len(_titles(large, f"{prefix}meetings/index.html")) == 20  # index_items' default
    index = large.soup(f"{prefix}meetings/index.html")
    assert index.select_one('[data-total="meetings"]').get_text() == str(REPORTS)


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_report_is_on_a_year_page(large: BuildResult, prefix: str) -> None:
    reports = {
        f"{prefix}meetings/{p.parent.name}/"
        for p in (large.site / prefix / "meetings").glob("*-synthetic-meeting-*/index.html")
    }
    assert len(reports) == REPORTS
    assert _reached(large, prefix) == reports
