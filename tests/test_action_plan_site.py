"""clay-action-plan in whole `--strict` builds of a fixture plan, in Romanian and English.

The fixture (synthetic, not the real plan): chapter 1 final and translated, chapter 2 a draft
with two actions and translated, chapter 10 a draft not translated (numeric order, fallback
under /en/), two meetings that discussed chapters 1 and 2. Every bad input of the contract is
built too: each must stop the build with its one `path:line: what — fix` line.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from clay_plugins.action_plan.plugin import ActionPlanPlugin
from tests.sitebuild import (
    BuildFailed,
    BuildResult,
    build_site,
    content_config,
    make_site,
    plugin_entry,
)

CH1 = """---
chapter: 1
title: Contextul regional
status: final
updated: 2021-04-08
summary: Rezumatul capitolului întâi.
---

## Regiunea {#regiunea}

Vezi [programul](https://www.interregeurope.eu/) și [acțiunea 1](02-actiuni.md#action-1).
Rezumat în [tabelul acțiunilor](index.md#actions);
vezi [întâlnirile](02-actiuni.md#discussed-at).
"""
CH1_EN = """---
title: Regional context
summary: Summary of chapter one.
---

## The region {#regiunea}

See [the programme](https://www.interregeurope.eu/) and [action 1](02-actiuni.md#action-1).
Summary in [the table of actions](index.md#actions); see [the meetings](02-actiuni.md#discussed-at).
"""
CH2 = """---
chapter: 2
title: Acțiunile planului <b>
status: draft
updated: 2021-05-10
summary: Cele două acțiuni.
actions:
  - id: 1
    title: Colaborare între sectoare
    timeframe: 2021-06 to 2023-05
    players:
      - ADR Sud-Vest Oltenia
      - Camera de Comerț
    costs: 10 000 euro
    funding: POR 2014–2020
  - id: 2
    title: Monitorizarea proiectelor
---

Introducere.

## Acțiunea 1 {#action-1}

Text despre acțiunea 1.

## Acțiunea 2 {#action-2}

Text despre acțiunea 2.
"""
CH2_EN = """---
title: The actions of the plan <b>
summary: The two actions.
actions:
  - id: 1
    title: Collaboration between sectors
    players:
      - ADR South-West Oltenia
      - Chamber of Commerce
  - id: 2
    title: Monitoring the projects
---

Introduction.

## Action 1 {#action-1}

About action 1.

## Action 2 {#action-2}

About action 2.
"""
CH10 = """---
chapter: 10
title: Anexa
status: draft
updated: 2021-06-01
---

## Surse

Doar în română.
"""
MEETING_A = """---
title: Întâlnirea A
summary: Prima întâlnire a fixturii.
date: 2020-11-25
format: online
platform: Cisco Webex
action_plan:
  - 2
---

Raport A.
"""
MEETING_A_EN = """---
title: Meeting A
summary: The fixture's first meeting.
---

Report A.
"""
MEETING_B = """---
title: Întâlnirea B
summary: A doua întâlnire a fixturii.
date: 2021-04-08
format: in-person
venue: Horezu
action_plan:
  - 2
  - 1
---

Raport B.
"""
BASE = {
    "index.md": "# Acasă\n\nText.\n",
    "index.en.md": "# Home\n\nText.\n",
    "accessibility.md": "# Accesibilitate\n\nText.\n",
    "privacy.md": "# Confidențialitate\n\nText.\n",
    "meetings/index.md": "# Întâlniri\n\nText.\n",
    "meetings/index.en.md": "# Meetings\n\nText.\n",
    "meetings/2020-11-25-a.md": MEETING_A,
    "meetings/2020-11-25-a.en.md": MEETING_A_EN,
    "meetings/2021-04-08-b.md": MEETING_B,
    "action-plan/index.md": "# Planul de acțiune\n\nIntroducerea planului.\n",
    "action-plan/index.en.md": "# Action plan\n\nIntroduction to the plan.\n",
    "action-plan/01-context.md": CH1,
    "action-plan/01-context.en.md": CH1_EN,
    "action-plan/02-actiuni.md": CH2,
    "action-plan/02-actiuni.en.md": CH2_EN,
    "action-plan/10-anexa.md": CH10,
}


def build_fixture(root: Path, files: dict[str, str | None] | None = None) -> BuildResult:
    merged = {**BASE, **(files or {})}
    return build_site(make_site(
        root, {k: v for k, v in merged.items() if v is not None}, config=content_config()
    ))


def article(result: BuildResult, rel: str) -> Tag:
    found = result.soup(rel).select_one("article")
    assert found is not None
    return found


def heading_text(tag: Tag | None) -> str:
    assert tag is not None
    for link in tag.select(".headerlink"):
        link.decompose()
    return tag.get_text(strip=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_fixture(tmp_path_factory.mktemp("plan"))


# ---------------------------------------------------------------------------- contents page


@pytest.mark.parametrize(("rel", "lang", "expected"), [
    ("action-plan/index.html", "ro", [
        ("Capitolul 1", "Contextul regional", "Versiune finală", "8 aprilie 2021",
         "Rezumatul capitolului întâi."),
        ("Capitolul 2", "Acțiunile planului <b>", "Ciornă", "10 mai 2021", "Cele două acțiuni."),
        ("Capitolul 10", "Anexa", "Ciornă", "1 iunie 2021", None),
    ]),
    ("en/action-plan/index.html", "en", [
        ("Chapter 1", "Regional context", "Final version", "8 April 2021",
         "Summary of chapter one."),
        ("Chapter 2", "The actions of the plan <b>", "Draft", "10 May 2021", "The two actions."),
        ("Chapter 10", "Anexa", "Draft", "1 June 2021", None),
    ]),
])
def test_contents_lists_chapters_in_order_with_status_date_and_summary(
    site: BuildResult, rel: str, lang: str, expected: list[tuple]
) -> None:
    page = site.soup(rel)
    assert page.html is not None and page.html["lang"] == lang
    items = page.select(".clay-plan-chapters > li")
    got = []
    for li in items:
        summary = li.select_one(".clay-plan-chapter__summary")
        got.append((
            li.select_one(".clay-plan-chapter__number").get_text(strip=True),
            li.select_one(".clay-plan-chapter__title a").get_text(strip=True),
            li.select_one(".clay-status").get_text(strip=True),
            li.select_one("time").get_text(strip=True),
            summary.get_text(strip=True) if summary else None,
        ))
    assert got == expected
    # drafts are marked as drafts, the final chapter is not
    drafts = [("clay-status--draft" in li.select_one(".clay-status")["class"]) for li in items]
    assert drafts == [False, True, True]
    assert [li.select_one("time")["datetime"] for li in items] == [
        "2021-04-08", "2021-05-10", "2021-06-01"]
    links = [li.select_one(".clay-plan-chapter__title a")["href"] for li in items]
    assert links == ["01-context/", "02-actiuni/", "10-anexa/"]
    # the front matter is escaped, never markup
    assert "<b>" not in str(page.select(".clay-plan-chapters")[0]).replace("&lt;b&gt;", "")


def test_contents_shows_the_introduction_first_and_marks_untranslated_chapters(
    site: BuildResult,
) -> None:
    for rel, intro in (("action-plan/index.html", "Introducerea planului."),
                       ("en/action-plan/index.html", "Introduction to the plan.")):
        text = article(site, rel).get_text(" ", strip=True)
        assert intro in text
        assert text.index(intro) < text.index("Contextul regional" if "en" not in rel
                                              else "Regional context")
    en = site.soup("en/action-plan/index.html")
    tenth = en.select(".clay-plan-chapters > li")[2]
    assert tenth.select_one(".clay-plan-chapter__title a")["lang"] == "ro"
    assert "in Romanian only" in tenth.get_text()
    ro = site.soup("action-plan/index.html")
    assert ro.select_one(".clay-plan-original") is None


def test_actions_table_has_timeframe_players_costs_funding_in_each_language(
    site: BuildResult,
) -> None:
    def rows(rel: str) -> list[list[str]]:
        table = site.soup(rel).select_one(".clay-plan-table table")
        assert table is not None and table.select_one("caption") is not None
        return [[c.get_text(" ", strip=True) for c in tr.select("th, td")]
                for tr in table.select("tr")]

    assert rows("action-plan/index.html") == [
        ["Acțiunea", "Capitol", "Calendar", "Actori implicați", "Costuri", "Surse de finanțare"],
        ["Colaborare între sectoare", "2", "iunie 2021 – mai 2023",
         "ADR Sud-Vest Oltenia; Camera de Comerț", "10 000 euro", "POR 2014–2020"],
        ["Monitorizarea proiectelor", "2", "nestabilit încă", "nestabilit încă",
         "nestabilit încă", "nestabilit încă"],
    ]
    assert rows("en/action-plan/index.html") == [
        ["Action", "Chapter", "Timeframe", "Players involved", "Costs", "Funding sources"],
        ["Collaboration between sectors", "2", "June 2021 – May 2023",
         "ADR South-West Oltenia; Chamber of Commerce", "10 000 euro", "POR 2014–2020"],
        ["Monitoring the projects", "2", "not set yet", "not set yet", "not set yet",
         "not set yet"],
    ]
    en = site.soup("en/action-plan/index.html").select(".clay-plan-table table tbody tr")[0]
    cells = en.select("td")
    assert cells[3]["lang"] == "ro"  # costs not translated: marked as Romanian text
    assert "lang" not in cells[2].attrs  # players translated
    assert en.select_one("th a")["href"] == "02-actiuni/#action-1"
    assert [t["datetime"] for t in cells[1].select("time")] == ["2021-06", "2023-05"]


def test_contents_links_the_print_edition(site: BuildResult) -> None:
    for rel in ("action-plan/index.html", "en/action-plan/index.html"):
        assert site.soup(rel).select_one(".clay-plan-print-link a")["href"] == "print/"


# ---------------------------------------------------------------------------- chapter pages


@pytest.mark.parametrize(("rel", "number", "status", "title", "title_lang", "prev", "next"), [
    ("action-plan/01-context/index.html", "Capitolul 1", "Versiune finală",
     "Contextul regional", None, None, "../02-actiuni/"),
    ("action-plan/02-actiuni/index.html", "Capitolul 2", "Ciornă", "Acțiunile planului <b>",
     None, "../01-context/", "../10-anexa/"),
    ("action-plan/10-anexa/index.html", "Capitolul 10", "Ciornă", "Anexa", None,
     "../02-actiuni/", None),
    ("en/action-plan/02-actiuni/index.html", "Chapter 2", "Draft",
     "The actions of the plan <b>", None, "../01-context/", "../10-anexa/"),
    ("en/action-plan/10-anexa/index.html", "Chapter 10", "Draft", "Anexa", "ro",
     "../02-actiuni/", None),
])
def test_chapter_header_and_pager(
    site: BuildResult, rel: str, number: str, status: str, title: str,
    title_lang: str | None, prev: str | None, next: str | None,  # noqa: A002
) -> None:
    page = article(site, rel)
    header = page.select_one("header.clay-chapter-header")
    assert header is not None
    assert header.select_one(".clay-chapter-header__number").get_text(strip=True) == number
    assert header.select_one(".clay-status").get_text(strip=True) == status
    h1s = page.select("h1")
    assert len(h1s) == 1 and h1s[0].get_text(strip=True) == title
    assert h1s[0].get("lang") == title_lang
    pager = page.select_one("nav.clay-chapter-pager")
    got_prev = pager.select_one("a[rel=prev]")
    got_next = pager.select_one("a[rel=next]")
    assert (got_prev["href"] if got_prev else None) == prev
    assert (got_next["href"] if got_next else None) == next
    assert pager.select_one(".clay-chapter-pager__contents")["href"] == "../"


def test_untranslated_chapter_under_en_is_romanian_text_in_an_english_frame(
    site: BuildResult,
) -> None:
    page = site.soup("en/action-plan/10-anexa/index.html")
    assert page.html["lang"] == "en"
    assert page.select_one(".clay-fallback") is not None  # clay-i18n's notice
    header = page.select_one("header.clay-chapter-header")
    assert header["lang"] == "en"
    assert header.find_parent(attrs={"lang": "ro"}) is not None
    assert "Doar în română." in page.get_text()


def test_links_to_generated_anchors_pass_anchor_validation(tmp_path: Path) -> None:
    """MkDocs checks anchors only when its logger is above DEBUG (mkdocs/structure/pages.py),
    which tests/sitebuild.build_site sets: build here at INFO, as `mkdocs build` does."""
    bad = {"action-plan/01-context.en.md": CH1_EN.replace("#discussed-at", "#nowhere")}
    cfg = make_site(tmp_path, {**BASE, **bad}, config=content_config())
    logger = logging.getLogger("mkdocs")
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    try:
        with pytest.raises(Abort):
            build(load_config(str(cfg), strict=True))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)
    problems = [r.getMessage() for r in records]
    # the broken anchor is reported (on the chapter and in the print edition);
    # `index.md#actions` and `#discussed-at`, ids of generated HTML, pass
    assert problems and all("'02-actiuni.md#nowhere'" in p for p in problems), problems


def test_action_anchors_are_the_same_in_both_languages(site: BuildResult) -> None:
    for rel in ("action-plan/02-actiuni/index.html", "en/action-plan/02-actiuni/index.html"):
        page = article(site, rel)
        assert [h["id"] for h in page.select("h2[id^=action-]")] == ["action-1", "action-2"]
    for rel in ("action-plan/01-context/index.html", "en/action-plan/01-context/index.html"):
        page = article(site, rel)
        assert page.select_one("h2#regiunea") is not None
        assert page.select_one('a[href="../02-actiuni/#action-1"]') is not None
        # links to the ids of generated HTML pass MkDocs' strict anchor validation
        assert page.select_one('a[href="../#actions"]') is not None
        assert page.select_one('a[href="../02-actiuni/#discussed-at"]') is not None


# ---------------------------------------------------------------------------- meetings


def test_chapter_lists_the_meetings_that_discussed_it_newest_first(site: BuildResult) -> None:
    def listed(rel: str) -> list[tuple[str, str, str]]:
        section = site.soup(rel).select_one(".clay-chapter-meetings")
        if section is None:
            return []
        return [(a["href"], a.select_one("time").get_text(strip=True),
                 a.get_text(" ", strip=True)) for a in section.select("li a")]

    assert listed("action-plan/02-actiuni/index.html") == [
        ("../../meetings/2021-04-08-b/", "8 aprilie 2021", "8 aprilie 2021 — Întâlnirea B"),
        ("../../meetings/2020-11-25-a/", "25 noiembrie 2020", "25 noiembrie 2020 — Întâlnirea A"),
    ]
    assert listed("en/action-plan/02-actiuni/index.html") == [
        ("../../meetings/2021-04-08-b/", "8 April 2021", "8 April 2021 — Întâlnirea B"),
        ("../../meetings/2020-11-25-a/", "25 November 2020", "25 November 2020 — Meeting A"),
    ]
    assert [x[0] for x in listed("action-plan/01-context/index.html")] == [
        "../../meetings/2021-04-08-b/"]
    assert listed("action-plan/10-anexa/index.html") == []
    untranslated = site.soup("en/action-plan/02-actiuni/index.html").select(
        ".clay-chapter-meetings li a span")
    assert untranslated[0]["lang"] == "ro" and "lang" not in untranslated[1].attrs


def test_meeting_pages_link_the_chapters_they_discussed(site: BuildResult) -> None:
    for rel, prefix in (("meetings/2021-04-08-b/index.html", ""),
                        ("en/meetings/2021-04-08-b/index.html", "en/")):
        hrefs = {a["href"] for a in article(site, rel).select("a[href]")}
        assert "../../action-plan/02-actiuni/" in hrefs, (prefix, hrefs)
        assert "../../action-plan/01-context/" in hrefs


# ---------------------------------------------------------------------------- print edition


@pytest.mark.parametrize(("rel", "langs", "titles"), [
    ("action-plan/print/index.html", ["ro", "ro", "ro"],
     ["Contextul regional", "Acțiunile planului <b>", "Anexa"]),
    ("en/action-plan/print/index.html", ["en", "en", "ro"],
     ["Regional context", "The actions of the plan <b>", "Anexa"]),
])
def test_print_edition_holds_every_chapter_in_order(
    site: BuildResult, rel: str, langs: list[str], titles: list[str]
) -> None:
    page = site.soup(rel)
    sections = page.select("section.clay-print-chapter")
    assert [s["id"] for s in sections] == ["chapter-1-text", "chapter-2-text", "chapter-10-text"]
    assert [s["lang"] for s in sections] == langs
    assert [s.select_one("h2.clay-chapter-header__title").get_text(strip=True)
            for s in sections] == titles
    # the chapters' own headings sit one level below the chapter titles, ids kept
    assert [h["id"] for h in sections[1].select("h3[id^=action-]")] == ["action-1", "action-2"]
    assert "Doar în română." in sections[2].get_text()
    assert len(page.select("h1")) == 1
    # the print stylesheet is linked; it hides the frame and breaks pages between chapters
    hrefs = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert any(h.endswith("assets/clay-action-plan/action-plan.css") for h in hrefs)


def test_print_stylesheet_rules(site: BuildResult) -> None:
    css = site.read("assets/clay-action-plan/action-plan.css")
    rules = css[css.index("@media print"):]
    assert re.search(r"\.md-header,[^{]*\.md-sidebar,[^{]*\{\s*display: none !important;", rules)
    assert ".md-search" in rules and ".clay-chapter-pager" in rules
    assert re.search(r"\.clay-print-chapter \{ break-before: page;", rules)
    assert re.search(r"\.clay-print-chapter:first-of-type \{ break-before: auto;", rules)
    assert 'a[href^="http"]::after' in rules and "attr(href)" in rules


def test_print_edition_is_out_of_search_but_in_sitemap_and_language_switch(
    site: BuildResult,
) -> None:
    entry = next(url for url in site.soup("sitemap.xml").find_all("url")
                 if url.loc.get_text() == "https://example.org/clay/en/action-plan/print/")
    hreflang = {link["hreflang"]: link["href"] for link in entry.find_all("xhtml:link")}
    assert hreflang["ro"] == "https://example.org/clay/action-plan/print/"
    assert hreflang["en"] == "https://example.org/clay/en/action-plan/print/"
    sitemap = site.read("sitemap.xml")
    for url in ("action-plan/", "en/action-plan/", "action-plan/print/",
                "en/action-plan/print/"):
        assert f"<loc>https://example.org/clay/{url}</loc>" in sitemap
    switch = [a["href"] for a in site.soup("action-plan/index.html").select(
        "a[hreflang]")]
    assert "../en/action-plan/" in switch


# ---------------------------------------------------------------------------- generated index


def test_contents_page_is_generated_when_there_is_no_introduction(tmp_path: Path) -> None:
    result = build_fixture(tmp_path, {
        "action-plan/index.md": None, "action-plan/index.en.md": None,
    })
    for rel, title in (("action-plan/index.html", "Planul de acțiune"),
                       ("en/action-plan/index.html", "Action plan")):
        page = result.soup(rel)
        assert heading_text(page.select_one("article h1")) == title
        assert len(page.select(".clay-plan-chapters > li")) == 3
    # a Romanian-only introduction is not shown as a foreign copy under /en/
    result = build_fixture(tmp_path / "ro-only", {"action-plan/index.en.md": None})
    page = result.soup("en/action-plan/index.html")
    assert page.select_one(".clay-fallback") is None
    assert heading_text(page.select_one("article h1")) == "Action plan"
    assert "Introducerea planului." not in page.get_text()
    assert "Introducerea planului." in result.read("action-plan/index.html")


# ---------------------------------------------------------------------------- rebuilds


def snapshot(site_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(site_dir).as_posix(): p.read_bytes()
            for p in sorted(site_dir.rglob("*")) if p.is_file()}


def test_rebuild_gives_identical_output(tmp_path: Path) -> None:
    """As `mkdocs serve` does: the same sources built again with a freshly loaded config."""
    cfg = make_site(tmp_path, BASE, config=content_config())
    first = snapshot(build_site(cfg).site)
    second = snapshot(build_site(cfg).site)
    assert first.keys() == second.keys()
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []
    # nothing piled up across the builds or the languages
    page = BeautifulSoup(second["action-plan/index.html"], "lxml")
    assert len(page.select(".clay-plan-chapters > li")) == 3
    assert len(page.select(".clay-plan-table table tbody tr")) == 2
    assert len(BeautifulSoup(second["action-plan/02-actiuni/index.html"], "lxml").select(
        ".clay-chapter-meetings li")) == 2
    css_links = page.select('link[href$="clay-action-plan/action-plan.css"]')
    assert len(css_links) == 1


# ---------------------------------------------------------------------------- bad input


# Each rule is asserted on the model (test_action_plan_content.py); these builds show that an
# error stops the build with its one line and publishes no contents, also for a rule across
# the two plugins (a report naming a chapter).
@pytest.mark.parametrize(("files", "where", "named"), [
    pytest.param({"action-plan/01-alt.md": CH1}, "docs/action-plan/01-context.md:2: ",
                 "docs/action-plan/01-alt.md", id="duplicate-number"),
    pytest.param({"meetings/2020-11-25-a.md": MEETING_A.replace("  - 2\n", "  - 2\n  - 7\n")},
                 "docs/meetings/2020-11-25-a.md:7: ", "7", id="meeting-names-missing-chapter"),
])
def test_bad_input_stops_the_build_with_one_line(
    tmp_path: Path, files: dict[str, str], where: str, named: str
) -> None:
    """The line starts with the file and the line, and names the other file or the value."""
    with pytest.raises(BuildFailed) as failed:
        build_fixture(tmp_path, files)
    lines = str(failed.value).splitlines()
    assert any(line.startswith(where) and named in line[len(where):] for line in lines), lines
    assert not (tmp_path / "site" / "action-plan" / "index.html").exists()


def test_cedilla_in_a_chapter_fails_the_strict_build(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        build_fixture(tmp_path, {"action-plan/10-anexa.md": CH10.replace("Doar", "Doar ş")})
    # one line, prefixed `clay: ` (the content findings, as `clay check` prints them)
    assert any("docs/action-plan/10-anexa.md:10:6: the letter “ş” (with cedilla)" in line
               for line in failed.value.text.splitlines())


def test_plugin_options_are_validated() -> None:
    errors, warnings = ActionPlanPlugin().load_config({"directory": "../x"})
    assert [(key, str(exc)) for key, exc in errors] == [
        ("directory", "must name a folder inside docs_dir, e.g. `action-plan`")]
    errors, warnings = ActionPlanPlugin().load_config({"enabled": "yes"})
    assert [key for key, _ in errors] == ["enabled"]
    errors, warnings = ActionPlanPlugin().load_config({})
    assert (errors, warnings) == ([], [])


def test_disabled_plugin_leaves_plain_pages(tmp_path: Path) -> None:
    config = content_config()
    entry = plugin_entry(config, "clay-action-plan")
    assert entry is not None
    entry["enabled"] = False
    # Links to the anchors the plugin generates (#discussed-at, index.md#actions) have nothing
    # to point at without it: those are the only warnings, everything else still builds.
    result = build_site(make_site(tmp_path, BASE, config=config), strict=False)
    assert result.warnings, "the fixture links to generated anchors"
    assert all("#discussed-at" in w or "#actions" in w for w in result.warnings), result.warnings
    page = result.soup("action-plan/02-actiuni/index.html")
    assert page.select_one("header.clay-chapter-header") is None
    assert page.select_one("h2#action-1") is not None
    assert not (result.site / "action-plan" / "print").exists()


def test_one_language_site_without_static_i18n(tmp_path: Path) -> None:
    config = content_config()
    config["plugins"] = [p for p in config["plugins"]
                         if not (isinstance(p, dict) and "i18n" in p)]
    romanian = {k: v for k, v in BASE.items() if ".en." not in k}
    result = build_site(make_site(tmp_path, romanian, config=config))
    page = result.soup("action-plan/index.html")
    assert [a["href"] for a in page.select(".clay-plan-chapter__title a")] == [
        "01-context/", "02-actiuni/", "10-anexa/"]
    assert page.select_one(".clay-plan-original") is None
    chapter = result.soup("action-plan/02-actiuni/index.html")
    assert chapter.select_one(".clay-chapter-header__number").get_text() == "Capitolul 2"
    assert len(chapter.select(".clay-chapter-meetings li")) == 2
    printed = result.soup("action-plan/print/index.html")
    assert len(printed.select("section.clay-print-chapter")) == 3
    assert not (result.site / "en").exists()
