"""clay-search: Pagefind indexes per language, diacritic-free queries, ranking, one run per build.

A fixture site in both languages is built strict; its Pagefind bundle is then queried through
Pagefind's own browser API (pagefind.js in headless Chromium, from a loopback server), the way
the header search queries it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from clay_plugins.search.plugin import SearchPlugin, page_is_indexed
from tests.conftest import serving
from tests.sitebuild import REPO, BuildFailed, BuildResult, build_site, make_site, repo_config

BODY = "Grupul regional s-a reunit la Craiova pentru a discuta despre {word} și despre alte teme."

PAGES = {
    "index.md": "# Acasă\n\nSite-ul proiectului CLAY.\n",
    "index.en.md": "# Home\n\nThe CLAY project site.\n",
    # same text, three spellings of one word: comma-below diacritics, none, legacy cedillas
    "finantare.md": "# Apel unu\n\n" + BODY.format(word="finanțare") + "\n",
    "fara-diacritice.md": "# Apel doi\n\n" + BODY.format(word="finantare") + "\n",
    "sedinte.md": "# Apel trei\n\n" + BODY.format(word="şedinţa consiliului") + "\n",
    "sedinta-noua.md": "# Apel patru\n\n" + BODY.format(word="ședința consiliului") + "\n",
    "intalnire.md": "# Raport\n\nÎntâlnirea grupului a avut loc la Horezu, unde s-a vorbit "
                    "despre ceramică.\n",
    "finantare.en.md": "# Call one\n\nThe regional group met in Craiova to discuss funding.\n",
    # kept out of the index by its front matter (Material's documented key)
    "tiparire.md": "---\nsearch:\n  exclude: true\n---\n\n# Tipărire\n\nfinanțare\n",
    # excluded too, with markup that Pagefind would index if it read the page at all
    "notite.md": "---\nsearch:\n  exclude: true\n---\n\n# Notițe\n\n"
                 "<div data-pagefind-body markdown>finanțare</div>\n",
}


def fixture_config() -> dict[str, Any]:
    """The repository's configuration with only the plugins this test is about."""
    config = repo_config()
    config["plugins"] = [
        p for p in config["plugins"]
        if (next(iter(p)) if isinstance(p, dict) else p) in ("clay-search", "i18n", "clay-i18n")
    ]
    config["nav"] = [{"Acasă": "index.md"}]
    config["not_in_nav"] = "/*.md"
    return config


def make_fixture(root: Path) -> Path:
    return make_site(root, PAGES, config=fixture_config(), site_url="http://127.0.0.1/")


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(make_fixture(tmp_path_factory.mktemp("search-site")))


# --- pure functions -------------------------------------------------------------------------

class _Page:
    def __init__(self, meta: dict[str, Any]) -> None:
        self.meta = meta


@pytest.mark.parametrize(
    ("meta", "indexed"),
    [({}, True), ({"search": {"exclude": True}}, False), ({"search": {"exclude": False}}, True),
     ({"search": "exclude"}, True)],
)
def test_front_matter_excludes_a_page(meta: dict[str, Any], indexed: bool) -> None:
    assert page_is_indexed(_Page(meta)) is indexed  # type: ignore[arg-type]


# --- configuration --------------------------------------------------------------------------

def test_material_search_next_to_clay_search_is_an_error(tmp_path: Path) -> None:
    config = fixture_config()
    config["plugins"].insert(0, "search")
    with pytest.raises(BuildFailed, match=r"remove `search` from `plugins`"):
        build_site(make_site(tmp_path, PAGES, config=config))


def test_missing_pagefind_says_to_run_npm_ci(tmp_path: Path) -> None:
    config = fixture_config()
    config["plugins"] = [
        {"clay-search": {"binary": "no_modules/.bin/pagefind"}} if p == "clay-search" else p
        for p in config["plugins"]
    ]
    with pytest.raises(BuildFailed, match=r"no_modules/\.bin/pagefind is missing\) — run `npm ci`"):
        build_site(make_site(tmp_path, PAGES, config=config))


# --- the built files ------------------------------------------------------------------------

def test_index_made_by_the_pagefind_pinned_in_package_json(fixture_site: BuildResult) -> None:
    # 1.6.0 counts diacritic variants toward its chunk size (benchmarks/SEARCH.md)
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    entry = json.loads(
        (fixture_site.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    )
    assert entry["version"] == pinned["dependencies"]["pagefind"] == "1.6.0"


def test_one_index_per_language(fixture_site: BuildResult) -> None:
    bundle = fixture_site.site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    for lang in ("ro", "en"):
        assert list(bundle.glob(f"pagefind.{lang}_*.pf_meta")), f"no {lang} index in {bundle}"
        assert list(bundle.glob(f"index/{lang}_*.pf_index")), f"no {lang} index chunk"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"ro", "en"}
    # the excluded pages are not in it: Pagefind is given the indexed pages only
    assert entry["languages"]["ro"]["page_count"] == 6
    assert entry["languages"]["en"]["page_count"] == 6  # 2 translations + 4 untranslated copies


def test_pagefind_reads_only_the_indexed_pages(fixture_site: BuildResult) -> None:
    # the excluded page says data-pagefind-body in its own text: Pagefind would have indexed
    # it (the page counts above) had it been given the page
    assert "data-pagefind-body" in fixture_site.read("notite/index.html")
    assert "data-pagefind-body" in fixture_site.read("en/notite/index.html")
    # the folder of links Pagefind read is gone, and only the bundle was added to the site
    assert not list(fixture_site.site.glob(".clay-search*"))
    assert (fixture_site.site / "pagefind" / "pagefind-entry.json").is_file()


def test_pages_are_linked_or_copied_for_pagefind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    (site / "en" / "a").mkdir(parents=True)
    (site / "en" / "a" / "index.html").write_text("<html lang=en></html>", encoding="utf-8")
    (tmp_path / "elsewhere.html").write_text("x", encoding="utf-8")
    plugin = SearchPlugin()
    plugin._indexed = [
        str(site / "en" / "a" / "index.html"),
        str(site / "never-written" / "index.html"),  # a page with empty output
        str(tmp_path / "elsewhere.html"),  # not in this site
    ]
    linked = tmp_path / "linked"
    plugin._stage(site, linked)
    found = sorted(p.relative_to(linked).as_posix() for p in linked.rglob("*") if p.is_file())
    assert found == ["en/a/index.html"]
    assert (linked / "en" / "a" / "index.html").stat().st_nlink == 2  # a link, not a copy

    def no_links(source: str, target: str) -> None:
        raise PermissionError(1, "hard links not supported", target)

    monkeypatch.setattr(os, "link", no_links)
    copied = tmp_path / "copied"
    plugin._stage(site, copied)
    assert (copied / "en" / "a" / "index.html").read_text(encoding="utf-8") == (
        "<html lang=en></html>"
    )


def test_pagefind_runs_once_after_the_last_language(fixture_site: BuildResult) -> None:
    runs = [r for r in fixture_site.messages if "search index written" in r.getMessage()]
    assert len(runs) == 1, [r.getMessage() for r in runs]
    assert not fixture_site.warnings


def _soup(result: BuildResult, rel: str) -> BeautifulSoup:
    return BeautifulSoup(result.read(rel), "lxml")


def test_only_the_content_is_indexed(fixture_site: BuildResult) -> None:
    page = _soup(fixture_site, "finantare/index.html")
    bodies = page.select("[data-pagefind-body]")
    assert len(bodies) == 1
    assert bodies[0].get("data-pagefind-filter") is None  # a page in the site's language
    assert bodies[0].find("h1") is not None
    for frame in page.select(".clay-eu, .md-header, .md-nav, .md-footer"):
        assert not frame.find_parent(attrs={"data-pagefind-body": True})
    assert not _soup(fixture_site, "tiparire/index.html").select("[data-pagefind-body]")
    assert not _soup(fixture_site, "404.html").select("[data-pagefind-body]")


def test_untranslated_copy_under_en_is_indexed_as_romanian_text(fixture_site: BuildResult) -> None:
    copy = _soup(fixture_site, "en/intalnire/index.html")
    assert copy.html is not None and copy.html.get("lang") == "en"
    body = copy.select_one("[data-pagefind-body]")
    assert body is not None and body.get("lang") == "ro"
    assert body.get("data-pagefind-filter") == "text:ro"
    english = _soup(fixture_site, "en/finantare/index.html").select_one("[data-pagefind-body]")
    assert english is not None and english.get("data-pagefind-filter") is None


def test_header_search_is_labelled_in_the_page_language(fixture_site: BuildResult) -> None:
    for rel, label, toggle_label, text_langs in (
        ("finantare/index.html", "Căutați pe site", "Căutare", "ro"),
        # English first, then the Romanian text of the untranslated pages under /en/
        ("en/finantare/index.html", "Search the site", "Search", "en ro"),
    ):
        page = _soup(fixture_site, rel)
        box = page.select_one(".md-header [data-clay-search]")
        assert box is not None, rel
        assert box["data-text-langs"] == text_langs
        toggle = box.select_one("button.clay-search__toggle")
        assert toggle is not None and toggle.get("aria-label") == toggle_label
        assert toggle.get("aria-controls") == "clay-search-panel"
        field = box.select_one("input[type=search]")
        assert field is not None
        assert box.select_one(f"label[for={field['id']}]").get_text(strip=True) == label
        assert box.select_one("[role=status]") is not None
        # no third-party host: the bundle and the scripts are the site's own, by relative URL
        assert not re.match(r"^[a-z]+:|^//", box["data-bundle"]), box["data-bundle"]
    assert not (fixture_site.site / "search" / "search_index.json").exists()


def test_second_build_in_the_same_process_is_identical(
    fixture_site: BuildResult, tmp_path: Path
) -> None:
    cfg = make_fixture(tmp_path)
    first = build_site(cfg)
    names = sorted(p.relative_to(first.site).as_posix()
                   for p in (first.site / "pagefind").rglob("*"))
    second = build_site(cfg)
    again = sorted(p.relative_to(second.site).as_posix()
                   for p in (second.site / "pagefind").rglob("*"))
    assert names == again
    assert len([r for r in second.messages if "search index written" in r.getMessage()]) == 1
    fixture_names = sorted(p.relative_to(fixture_site.site).as_posix()
                           for p in (fixture_site.site / "pagefind").rglob("*"))
    assert names == fixture_names  # deterministic: the same content gives the same files


# --- queries, through Pagefind's browser API ------------------------------------------------

QUERY = """async ([query]) => {
  const root = document.querySelector("[data-clay-search]");
  const bundle = new URL(root.dataset.bundle, document.baseURI).href;
  const pf = await import(bundle + "pagefind.js");
  await pf.options({ baseUrl: new URL(root.dataset.root, document.baseURI).pathname,
                     noWorker: true });
  const found = await pf.search(query);
  return Promise.all(found.results.map(async (r) => {
    const d = await r.data();
    return { url: d.url, score: r.score,
             text: (d.filters.text || [])[0] || document.documentElement.lang };
  }));
}"""


@pytest.fixture(scope="module")
def served(fixture_site: BuildResult) -> Iterator[str]:
    with serving(fixture_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def search(served: str, browser: Any) -> Iterator[Any]:
    page = browser.new_page()
    current: dict[str, str] = {}

    def run(path: str, query: str) -> list[dict[str, Any]]:
        if current.get("path") != path:
            page.goto(served + path)
            current["path"] = path
        results: list[dict[str, Any]] = page.evaluate(QUERY, [query])
        return results

    yield run
    page.close()


def urls(results: list[dict[str, Any]]) -> list[str]:
    return [r["url"] for r in results]


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("finantare", {"/finantare/", "/fara-diacritice/"}),
        ("finanțare", {"/finantare/", "/fara-diacritice/"}),
        ("intalnirea", {"/intalnire/"}),
        ("întâlnirea", {"/intalnire/"}),
        ("sedinta", {"/sedinte/", "/sedinta-noua/"}),  # şedinţa (legacy) and ședința
        ("şedinţa", {"/sedinte/", "/sedinta-noua/"}),
        ("ceramica", {"/intalnire/"}),
    ],
)
def test_romanian_search_ignores_missing_diacritics(
    search: Any, query: str, expected: set[str]
) -> None:
    found = search("finantare/", query)
    assert set(urls(found)) == expected, (query, found)
    assert all(r["text"] == "ro" for r in found)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "first", "then"),
    [
        ("finanțare", "/finantare/", "/fara-diacritice/"),
        ("finantare", "/fara-diacritice/", "/finantare/"),
        ("şedinţa", "/sedinte/", "/sedinta-noua/"),
        ("ședința", "/sedinta-noua/", "/sedinte/"),
    ],
)
def test_exact_diacritics_rank_first(search: Any, query: str, first: str, then: str) -> None:
    found = search("finantare/", query)
    assert urls(found)[:2] == [first, then], found
    assert found[0]["score"] > found[1]["score"], found


@pytest.mark.browser
def test_english_search_returns_english_pages(search: Any) -> None:
    found = search("en/finantare/", "funding")
    assert urls(found) == ["/en/finantare/"], found
    assert found[0]["text"] == "en"
    # Romanian words on the English site: only the untranslated copies under /en/, as Romanian
    found = search("en/finantare/", "intalnirea")
    assert urls(found) == ["/en/intalnire/"], found
    assert found[0]["text"] == "ro"
    assert not any(u.startswith("/en/") for u in urls(search("finantare/", "finantare")))
    assert search("finantare/", "funding") == []


@pytest.mark.browser
def test_header_search_lists_untranslated_pages_after_english_ones(
    served: str, browser: Any
) -> None:
    page = browser.new_page()
    try:
        page.goto(served + "en/?q=Craiova")  # what the 404 page's form sends
        page.locator(".clay-search__results li").first.wait_for(timeout=10_000)
        status = page.locator(".clay-search__status").inner_text()
        assert status == "4 results for “Craiova”.", status
        items = page.eval_on_selector_all(
            ".clay-search__item",
            """items => items.map(li => ({
                href: new URL(li.querySelector('a').href).pathname,
                lang: li.querySelector('a').lang,
                badge: (li.querySelector('.clay-search__lang') || {}).textContent || '',
                excerptLang: li.querySelector('.clay-search__excerpt').lang }))""",
        )
    finally:
        page.close()
    assert items[0] == {"href": "/en/finantare/", "lang": "", "badge": "", "excerptLang": ""}
    assert {i["href"] for i in items[1:]} == {
        "/en/fara-diacritice/", "/en/sedinte/", "/en/sedinta-noua/"}
    for item in items[1:]:
        assert (item["lang"], item["badge"], item["excerptLang"]) == ("ro", "in Romanian", "ro")
