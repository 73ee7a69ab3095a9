"""Whole `--strict` builds of the fixture corpus (tests/fixtures/meetings/corpus) in both languages:
the generated pages, the report header, JSON-LD, Open Graph, feed, calendar and JSON."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import feedparser
import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup

from tests.fixtures.meetings.support import SITE_URL, corpus_site, report
from tests.sitebuild import BuildFailed, BuildResult, build_site

HYBRID_RO = "Hibrid </script><script>alert(1)</script> & „ghilimele”"
HYBRID_EN = "Hybrid </script><b>bold</b> & <i>"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    root = tmp_path_factory.mktemp("meetings-site")
    cfg = corpus_site(root)
    return cfg, build_site(cfg)


@pytest.fixture(scope="module")
def site(built: tuple[Path, BuildResult]) -> BuildResult:
    return built[1]


def h1(page: BeautifulSoup) -> str:
    return page.h1.get_text(strip=True).removesuffix("¶")


def entries(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".clay-meetings .clay-meeting-entry h3 a")]


def browse(page: BeautifulSoup) -> list[tuple[str, str, str]]:
    """The archive and topic links under a list: (label, count, address)."""
    return [
        (li.a.get_text(strip=True), li.select_one(".clay-meetings__count").get_text(), li.a["href"])
        for li in page.select(".clay-meetings__browse li") if li.a
    ]


def test_build_is_strict_clean(site: BuildResult) -> None:
    assert site.warnings == []


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_generated_file_exists(site: BuildResult, prefix: str) -> None:
    for rel in [
        "meetings/index.html", "meetings/2019/index.html", "meetings/2020/index.html",
        "meetings/2021/index.html", "meetings/topics/funding/index.html",
        "meetings/topics/indicators/index.html", "meetings/topics/action-plan/index.html",
        "meetings/topics/regional-analysis/index.html",
        "meetings/topics/policy-instrument/index.html", "meetings/feed.xml",
        "meetings/calendar.ics", "meetings/meetings.json",
        "meetings/2021-04-08-test-sixth/index.html", "meetings/2021-04-08-test-sixth.ics",
    ]:
        assert (site.site / prefix / rel).is_file(), prefix + rel
    # no page for a year without meetings, nor for a topic no report lists
    assert not (site.site / prefix / "meetings/2018").exists()


def test_romanian_index_lists_the_newest_and_the_archives(site: BuildResult) -> None:
    page = site.soup("meetings/index.html")
    assert "Introducerea listei de întâlniri." in page.get_text()
    # the index lists the `index_items` newest (20: here every one), in one list, newest first;
    # the grouping by year is the year pages' alone
    assert not page.select(".clay-meetings__year")
    assert entries(page) == [
        HYBRID_RO, "A șasea întâlnire de test", "Întâlnire online de test",
        "Conferința de test", "Întâlnire de test la Horezu",
    ]
    assert page.select_one(".clay-meetings__older") is None  # nothing left out
    # the year archives and the topics, with their counts
    assert browse(page) == [
        ("2021", "(2)", "2021/"), ("2020", "(2)", "2020/"), ("2019", "(1)", "2019/"),
        ("Planul de acțiune", "(2)", "topics/action-plan/"),
        ("Indicatori", "(2)", "topics/indicators/"),
        ("Finanțare", "(2)", "topics/funding/"),
        ("Analiza regională", "(1)", "topics/regional-analysis/"),
        ("Instrumentul de politică", "(1)", "topics/policy-instrument/"),
    ]
    facts = [p.get_text(" ", strip=True) for p in page.select(".clay-meeting-entry__facts")]
    assert facts[1].startswith("8 aprilie 2021 · a 6-a întâlnire · online (Cisco Webex)")
    assert "prima întâlnire" in facts[3]
    assert "cu prezență fizică (Sala de test, Horezu)" in facts[4]
    assert "a 2-a întâlnire" in facts[4]
    # the links work from the index
    for a in page.select(".clay-meeting-entry h3 a"):
        target = (site.site / "meetings" / a["href"] / "index.html").resolve()
        assert target.is_file(), a["href"]


def test_english_index_marks_untranslated_reports(site: BuildResult) -> None:
    page = site.soup("en/meetings/index.html")
    assert entries(page) == [
        HYBRID_EN, "The sixth test meeting", "Întâlnire online de test",
        "Conferința de test", "Test meeting in Horezu",
    ]
    articles = page.select(".clay-meetings .clay-meeting-entry")
    online = articles[2]
    assert "Romanian only" in online.get_text()
    assert online.select_one("h3 a")["lang"] == "ro"
    assert online.select_one(".clay-meeting-entry__summary")["lang"] == "ro"
    assert "Romanian only" not in articles[1].get_text()
    assert not articles[1].select_one("h3 a").has_attr("lang")
    facts = [p.get_text(" ", strip=True) for p in page.select(".clay-meeting-entry__facts")]
    assert facts[1].startswith("8 April 2021 · 6th meeting · online (Cisco Webex)")
    assert "25 November 2020 · 5th meeting" in facts[2]
    assert "1st meeting" in facts[3]
    assert "in person (Test hall, Horezu)" in facts[4]  # the translated venue


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_index_shows_totals_and_subscription_links(site: BuildResult, prefix: str) -> None:
    page = site.soup(f"{prefix}meetings/index.html")
    assert page.select_one('[data-total="meetings"]').get_text() == "5"
    assert page.select_one('[data-total="participants"]').get_text() == "32"
    row = page.select_one('tr[data-year="2021"]')
    assert [c.get_text() for c in row.find_all(["th", "td"])] == ["2021", "2", "1", "0", "1", "12"]
    # no meeting of 2020 has a known count: no total, rather than a misleading 0
    unknown = page.select_one('tr[data-year="2020"]').find_all("td")[-1].get_text()
    assert unknown == ("not known" if prefix else "necunoscut")
    links = {a["href"] for a in page.select(".clay-meetings__subscribe a")}
    assert links == {"feed.xml", "calendar.ics", "meetings.json"}
    head = {(lnk.get("type"), lnk["href"]) for lnk in page.head.select('link[rel="alternate"]')}
    assert ("application/rss+xml", f"{SITE_URL}{prefix}meetings/feed.xml") in head
    assert ("text/calendar", f"{SITE_URL}{prefix}meetings/calendar.ics") in head


def test_year_and_topic_pages(site: BuildResult) -> None:
    year = site.soup("meetings/2019/index.html")
    assert h1(year) == "Întâlnirile din 2019"
    assert entries(year) == ["Întâlnire de test la Horezu"]
    current = year.select_one('.clay-meetings__browse [aria-current="page"]')
    assert current.get_text() == "2019"
    topic = site.soup("en/meetings/topics/indicators/index.html")
    assert h1(topic) == "Meetings: Indicators"
    assert entries(topic) == [HYBRID_EN, "The sixth test meeting"]
    for a in topic.select(".clay-meeting-entry h3 a"):
        target = (site.site / "en/meetings/topics/indicators" / a["href"] / "index.html")
        assert target.resolve().is_file(), a["href"]


def test_generated_pages_have_language_switch_and_sitemap_entries(site: BuildResult) -> None:
    page = site.soup("en/meetings/2021/index.html")
    assert page.html["lang"] == "en"
    entry = next(url for url in site.soup("sitemap.xml").find_all("url")
                 if url.loc.get_text() == f"{SITE_URL}en/meetings/2021/")
    hreflang = {lnk["hreflang"]: lnk["href"] for lnk in entry.find_all("xhtml:link")}
    assert hreflang["ro"] == f"{SITE_URL}meetings/2021/"
    assert hreflang["en"] == f"{SITE_URL}en/meetings/2021/"
    switch = [a["href"] for a in page.select(".md-select a[hreflang]")]
    assert any(href.endswith("meetings/2021/") and "en/" not in href for href in switch), switch
    sitemap = site.read("sitemap.xml")
    for url in ("meetings/2021/", "en/meetings/2021/", "en/meetings/topics/funding/"):
        assert f"<loc>{SITE_URL}{url}</loc>" in sitemap
    # reports and generated pages stay out of the navigation
    nav = page.select_one(".md-nav--primary").get_text()
    assert "2021" not in nav and "test" not in nav.lower()


def test_report_header_in_each_language(site: BuildResult) -> None:
    ro = site.soup("meetings/2021-04-08-test-sixth/index.html")
    header = ro.select_one(".clay-meeting-header")
    assert header["lang"] == "ro"
    text = header.get_text(" ", strip=True)
    assert "a 6-a întâlnire · Grupul regional al actorilor relevanți" in text
    assert "8 aprilie 2021 , 10:00–12:30 (ora României)" in text
    assert "Cisco Webex" in text and "ADR Sud-Vest Oltenia" in text
    topics = [a.get_text() for a in header.select(".clay-meeting-header__topics a")]
    assert topics == ["Planul de acțiune", "Indicatori", "Finanțare"]
    chapter = header.select_one(".clay-meeting-header__chapters a")
    assert chapter.get_text() == "Capitolul 1: Contextul regional"
    base = site.site / "meetings/2021-04-08-test-sixth"
    assert (base / chapter["href"] / "index.html").resolve().is_file()
    ics = header.select_one(".clay-meeting-header__calendar a")["href"]
    assert (base / ics).resolve().is_file()
    # previous and next within the series: 5th before, the hybrid (7th) after
    prev = header.select_one('a[rel="prev"]')
    nxt = header.select_one('a[rel="next"]')
    assert "Întâlnire online de test" in prev.get_text()
    assert (base / prev["href"] / "index.html").resolve().is_file()
    assert HYBRID_RO in nxt.get_text()

    en = site.soup("en/meetings/2021-04-08-test-sixth/index.html")
    header = en.select_one(".clay-meeting-header")
    text = header.get_text(" ", strip=True)
    assert "6th meeting · Regional stakeholder group" in text
    assert "8 April 2021 , 10:00–12:30 (Romanian time)" in text
    assert header.select_one(".clay-meeting-header__chapters a").get_text() == (
        "Chapter 1: Regional context"
    )
    # the untranslated neighbour is named in Romanian, marked as such
    prev = header.select_one('a[rel="prev"] span')
    assert prev["lang"] == "ro" and prev.get_text() == "Întâlnire online de test"


def test_series_do_not_mix(site: BuildResult) -> None:
    page = site.soup("en/meetings/2020-03-01-test-conference/index.html")
    header = page.select_one(".clay-meeting-header")
    assert "1st meeting · Test conference" in header.get_text(" ", strip=True)
    assert header.select_one('a[rel="prev"]') is None
    assert header.select_one('a[rel="next"]') is None
    first = site.soup("meetings/2019-04-22-test-horezu/index.html")
    assert first.select_one('.clay-meeting-header a[rel="prev"]') is None


def test_untranslated_report_under_en_has_an_english_header(site: BuildResult) -> None:
    page = site.soup("en/meetings/2020-11-25-test-online/index.html")
    assert page.select_one(".clay-fallback") is not None  # clay-i18n's notice
    header = page.select_one(".clay-meeting-header")
    assert header["lang"] == "en"
    assert "25 November 2020" in header.get_text()


def _jsonld(page: BeautifulSoup) -> dict[str, object]:
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_jsonld_event(site: BuildResult) -> None:
    data = _jsonld(site.soup("meetings/2021-04-08-test-sixth/index.html"))
    assert data["@type"] == "Event"
    assert data["startDate"] == "2021-04-08T10:00:00+03:00"  # summer time in Bucharest
    assert data["endDate"] == "2021-04-08T12:30:00+03:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "name": "Cisco Webex"}
    assert data["organizer"] == {"@type": "Organization", "name": "ADR Sud-Vest Oltenia"}
    assert data["inLanguage"] == "ro"
    assert data["url"] == f"{SITE_URL}meetings/2021-04-08-test-sixth/"

    horezu = _jsonld(site.soup("en/meetings/2019-04-22-test-horezu/index.html"))
    assert horezu["startDate"] == "2019-04-22"
    assert horezu["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert horezu["location"]["@type"] == "Place"
    assert horezu["location"]["name"] == "Test hall, Horezu"
    assert horezu["inLanguage"] == "en"

    untranslated = _jsonld(site.soup("en/meetings/2020-11-25-test-online/index.html"))
    assert untranslated["inLanguage"] == "ro"

    hybrid = _jsonld(site.soup("meetings/2021-06-10-test-hybrid/index.html"))
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [x["@type"] for x in hybrid["location"]] == ["VirtualLocation", "Place"]
    assert hybrid["startDate"] == "2021-06-10T14:00:00+03:00"
    assert hybrid["name"] == HYBRID_RO


@pytest.mark.parametrize("prefix, title", [("", HYBRID_RO), ("en/", HYBRID_EN)])
def test_front_matter_text_is_escaped_in_pages(site: BuildResult, prefix: str, title: str) -> None:
    raw = site.read(f"{prefix}meetings/2021-06-10-test-hybrid/index.html")
    assert "<script>alert(1)" not in raw and "<b>bold</b>" not in raw
    assert "<b>tags</b>" not in raw and "<b>etichete</b>" not in raw
    script = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in script and "\\u003c/script\\u003e" in script and "\\u0026" in script
    page = BeautifulSoup(raw, "lxml")
    assert page.h1.get_text() == title
    assert page.title.get_text().startswith(title)
    og = {m["property"]: m["content"] for m in page.head.select("meta[property]")}
    assert og["og:title"] == title
    # and in every list that shows it
    for rel in ("meetings/index.html", "meetings/2021/index.html", "index.html"):
        text = site.read(prefix + rel)
        assert "<script>alert(1)" not in text and "<b>bold</b>" not in text, rel
        shown = [a.get_text() for a in BeautifulSoup(text, "lxml").select(".clay-meeting-entry a")]
        assert title in shown, rel


def test_open_graph(site: BuildResult) -> None:
    page = site.soup("en/meetings/2021-04-08-test-sixth/index.html")
    og = {m["property"]: m["content"] for m in page.head.select("meta[property]")}
    assert og["og:type"] == "article"
    assert og["og:title"] == "The sixth test meeting"
    assert og["og:description"] == "Summary of the sixth test meeting."
    assert og["og:url"] == f"{SITE_URL}en/meetings/2021-04-08-test-sixth/"
    assert og["og:locale"] == "en_GB"
    assert og["article:published_time"] == "2021-04-08"


def test_home_page_shows_the_latest_reports(site: BuildResult) -> None:
    for prefix, heading, first in (("", "Ultimele întâlniri", HYBRID_RO),
                                   ("en/", "Latest meetings", HYBRID_EN)):
        page = site.soup(f"{prefix}index.html")
        section = page.select_one(".clay-meetings--latest")
        assert section.h2.get_text() == heading
        titles = [a.get_text() for a in section.select(".clay-meeting-entry h3 a")]
        assert len(titles) == 3 and titles[0] == first
        links = [a["href"] for a in section.select("p > a")]
        assert links[0] == "meetings/"


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_feed(site: BuildResult, prefix: str) -> None:
    parsed = feedparser.parse(site.read(f"{prefix}meetings/feed.xml"))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.link == f"{SITE_URL}{prefix}meetings/"
    links = [e.link for e in parsed.entries]
    assert links[0] == f"{SITE_URL}{prefix}meetings/2021-06-10-test-hybrid/"
    assert all(link.startswith(SITE_URL + prefix + "meetings/") for link in links)
    dates = [e.published_parsed for e in parsed.entries]
    assert dates == sorted(dates, reverse=True) and len(dates) == 5
    assert parsed.entries[0].title == (HYBRID_EN if prefix else HYBRID_RO)
    if prefix:
        online = next(e for e in parsed.entries if "test-online" in e.link)
        assert "(Romanian only)" in online.summary


def _calendar(site: BuildResult, rel: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(site.read(rel))


def test_calendar(site: BuildResult) -> None:
    ro = _calendar(site, "meetings/calendar.ics")
    en = _calendar(site, "en/meetings/calendar.ics")
    events = {str(e["UID"]): e for e in ro.walk("VEVENT")}
    assert len(events) == 5
    assert {str(e["UID"]) for e in en.walk("VEVENT")} == set(events)  # same UIDs
    zones = ro.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Bucharest"]
    sixth = events["clay-meeting-2021-04-08-test-sixth"]
    start = sixth.decoded("DTSTART")
    assert start == dt.datetime(2021, 4, 8, 10, 0, tzinfo=start.tzinfo)
    assert start.utcoffset() == dt.timedelta(hours=3)
    assert sixth["DTSTART"].params["TZID"] == "Europe/Bucharest"
    horezu = events["clay-meeting-2019-04-22-test-horezu"]
    assert horezu.decoded("DTSTART") == dt.date(2019, 4, 22)  # all-day
    assert horezu.decoded("DTEND") == dt.date(2019, 4, 23)
    assert str(horezu["LOCATION"]) == "Sala de test, Horezu"
    en_events = {str(e["UID"]): e for e in en.walk("VEVENT")}
    assert str(en_events["clay-meeting-2019-04-22-test-horezu"]["LOCATION"]) == "Test hall, Horezu"
    assert str(en_events["clay-meeting-2021-06-10-test-hybrid"]["SUMMARY"]) == HYBRID_EN
    single = _calendar(site, "en/meetings/2021-04-08-test-sixth.ics")
    assert [str(e["UID"]) for e in single.walk("VEVENT")] == ["clay-meeting-2021-04-08-test-sixth"]
    assert single.walk("VTIMEZONE")
    all_day = _calendar(site, "meetings/2019-04-22-test-horezu.ics")
    assert not all_day.walk("VTIMEZONE")


def test_meetings_json(site: BuildResult) -> None:
    data = json.loads(site.read("en/meetings/meetings.json"))
    assert data["language"] == "en"
    first = data["meetings"][0]
    assert first["title"] == HYBRID_EN
    assert first["url"] == {
        "ro": f"{SITE_URL}meetings/2021-06-10-test-hybrid/",
        "en": f"{SITE_URL}en/meetings/2021-06-10-test-hybrid/",
    }
    online = next(m for m in data["meetings"] if m["id"].endswith("test-online"))
    assert online["title"] == "Întâlnire online de test" and online["text_language"] == "ro"
    assert online["translated"] == ["ro"]
    sixth = next(m for m in data["meetings"] if m["id"].endswith("test-sixth"))
    assert {k: sixth[k] for k in ("date", "time", "series", "number", "format", "platform",
                                  "participants", "topics", "action_plan")} == {
        "date": "2021-04-08", "time": "10:00-12:30", "series": "stakeholder-group", "number": 6,
        "format": "online", "platform": "Cisco Webex", "participants": None,
        "topics": ["action-plan", "indicators", "funding"], "action_plan": [1],
    }
    totals = data["totals"]
    assert totals["meetings"] == 5 and totals["participants"] == 32
    assert totals["by_format"] == {"online": 2, "in-person": 2, "hybrid": 1}
    assert totals["by_year"]["2020"] == {
        "meetings": 2, "participants": 0, "meetings_with_participant_count": 0,
        "online": 1, "in-person": 1, "hybrid": 0,
    }
    ro = json.loads(site.read("meetings/meetings.json"))
    assert ro["meetings"][0]["title"] == HYBRID_RO


def _snapshot(site_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(site_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site_dir.rglob("*")) if p.is_file()
    }


def test_second_build_in_the_same_process_is_identical(built: tuple[Path, BuildResult]) -> None:
    cfg, first = built
    before = _snapshot(first.site)
    again = build_site(cfg)  # a freshly loaded config, as every `mkdocs serve` rebuild
    after = _snapshot(again.site)
    assert after == before
    # nothing piles up: still five entries per index
    assert len(entries(again.soup("en/meetings/index.html"))) == 5


@pytest.mark.parametrize("items, expected", [(2, 2), (0, 5)])
def test_feed_carries_the_newest_feed_items(tmp_path: Path, items: int, expected: int) -> None:
    result = build_site(corpus_site(tmp_path, feed_items=items))
    for prefix in ("", "en/"):
        parsed = feedparser.parse(result.read(f"{prefix}meetings/feed.xml"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        links = [e.link for e in parsed.entries]
        assert len(links) == expected
        assert links[0] == f"{SITE_URL}{prefix}meetings/2021-06-10-test-hybrid/"
        # the calendar and the data still have every meeting
        assert result.read(f"{prefix}meetings/calendar.ics").count("BEGIN:VEVENT") == 5
        assert len(json.loads(result.read(f"{prefix}meetings/meetings.json"))["meetings"]) == 5


def _without_directory_urls(cfg: Path) -> Path:
    data = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    data["use_directory_urls"] = False
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return cfg


def test_directory_urls_are_required(tmp_path: Path) -> None:
    # every link to a report is meetings/<stem>/: without directory URLs they would all break
    with pytest.raises(BuildFailed, match="remove `use_directory_urls: false` from mkdocs.yml"):
        build_site(_without_directory_urls(corpus_site(tmp_path / "on")))
    # with the plugin disabled the reports are plain pages: nothing to require
    result = build_site(_without_directory_urls(corpus_site(tmp_path / "off", enabled=False)))
    assert (result.site / "meetings/2021-04-08-test-sixth.html").is_file()


def test_disabled_plugin_still_builds(tmp_path: Path) -> None:
    result = build_site(corpus_site(tmp_path, enabled=False))
    assert result.warnings == []
    assert (result.site / "meetings/2021-04-08-test-sixth/index.html").is_file()
    assert not (result.site / "meetings/feed.xml").exists()
    assert not (result.site / "meetings/2021").exists()
    page = result.soup("meetings/2021-04-08-test-sixth/index.html")
    assert page.select_one(".clay-meeting-header") is None
    assert "clay-meetings--latest" not in result.read("index.html")


def test_without_index_pages_the_list_still_has_its_page(tmp_path: Path) -> None:
    cfg = corpus_site(tmp_path, extra={"meetings/index.md": None, "meetings/index.en.md": None},
                      home_latest=0)
    # the navigation names meetings/index.md; without it MkDocs warns about the nav entry
    result = build_site(cfg, strict=False)
    page = result.soup("en/meetings/index.html")
    assert h1(page) == "Meetings"
    assert len(entries(page)) == 5
    assert "clay-meetings--latest" not in result.read("index.html")


HIDDEN = "hide:\n  - toc\n"
# three reports of unusual shape, built together (each test below looks at its own)
EXTRAS: dict[str, str | bytes] = {
    "meetings/2022-01-10-settings.md": report(
        title="Setări", summary="Rezumat.", date="2022-01-10", format="online",
        platform="Zoom").replace("---\n\nText", f"{HIDDEN}---\n\nText"),
    "meetings/2022-01-10-settings.en.md": report(
        title="Settings", summary="Summary.").replace("---\n\nText", f"{HIDDEN}---\n\nText"),
    # saved on Windows
    "meetings/2022-02-14-windows.md": report(
        title="Ferestre", summary="Rezumat.", date="2022-02-14", format="in-person",
        venue="Craiova",
    ).replace("---\n\nText", f"{HIDDEN}---\n\nText").replace("\n", "\r\n").encode("utf-8"),
    "meetings/2022-03-14-key.md": report(
        title="Cheie", summary="Rezumat.", date="2022-03-14", format="online", platform="Zoom",
    ).replace("---\n\nText.", "---\n\nData: 14 martie 2022, la Craiova.\nLocul: sala mare.\n"),
}


@pytest.fixture(scope="module")
def extras(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    result = build_site(corpus_site(tmp_path_factory.mktemp("extras"), extra=EXTRAS))
    assert result.warnings == []
    return result


def test_page_settings_in_a_report_still_apply(extras: BuildResult) -> None:
    """MkDocs gets a report's metadata from the plugin (parsed once, in on_files): Material's
    page settings in either file still take effect, in both languages."""
    for rel in ("meetings/2022-01-10-settings/index.html",
                "en/meetings/2022-01-10-settings/index.html"):
        page = extras.soup(rel)
        assert page.select_one(".md-sidebar--secondary").has_attr("hidden")
        assert page.select_one(".clay-meeting-header") is not None
    shown = extras.soup("meetings/2021-04-08-test-sixth/index.html")
    assert not shown.select_one(".md-sidebar--secondary").has_attr("hidden")


def test_report_saved_with_windows_line_endings(extras: BuildResult) -> None:
    """An editor's file saved on Windows (`\\r\\n`) reads as MkDocs reads it: its front matter,
    page settings and text are the same as with `\\n`."""
    page = extras.soup("meetings/2022-02-14-windows/index.html")
    assert h1(page) == "Ferestre"
    assert page.select_one(".md-sidebar--secondary").has_attr("hidden")
    assert page.select_one(".clay-meeting-header dd time").get_text() == "14 februarie 2022"
    assert "\r" not in extras.read("meetings/2022-02-14-windows/index.html")


def test_a_text_that_starts_like_a_key_is_kept(extras: BuildResult) -> None:
    """A report whose text begins with a line such as `Data: …` keeps it. MkDocs reads such a
    line as metadata (MultiMarkdown style) when a text has no YAML front matter, which is what
    it is given once the plugin has read the front matter itself."""
    body = extras.soup("meetings/2022-03-14-key/index.html").select_one(".md-content").get_text()
    assert "Data: 14 martie 2022, la Craiova." in body and "Locul: sala mare." in body
