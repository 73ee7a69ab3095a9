"""Markup and script in every text an editor writes never become markup in any output.

One whole `--strict` build, in Romanian and English, where every text field of a meeting report
(and of its translation), of an action-plan chapter (and of its actions) and of ordinary pages
(`title:`, `description:`) holds markup, script and an entity. Each output is parsed as its
readers parse it (BeautifulSoup, json, feedparser and ElementTree, icalendar) and must show the
text as it was written: no element or attribute made of it, nothing escaped twice.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup

from tests.photos import plain_jpeg
from tests.sitebuild import BuildResult, build_site, content_config, make_site, plugin_entry

PAYLOAD = '</title><script>alert(1)</script> "><img src=x onerror=alert(1)> &amp; </script>'


def hostile(name: str) -> str:
    return f"{name} {PAYLOAD}"


def q(text: str) -> str:
    """A YAML scalar (JSON is YAML) holding `text` as it is."""
    return json.dumps(text, ensure_ascii=False)


REPORT = f"""---
title: {q(hostile("Titlu"))}
summary: {q(hostile("Rezumat"))}
date: 2021-04-08
time: "10:00-12:00"
format: hybrid
platform: {q(hostile("Platforma"))}
venue: {q(hostile("Locul"))}
organiser: {q(hostile("Organizator"))}
topics: [funding]
action_plan: [1]
image: foto.jpg
image_alt: {q(hostile("Descrierea fotografiei"))}
image_credit: {q(hostile("Autorul"))}
---

Textul relatării.
"""
REPORT_EN = f"""---
title: {q(hostile("Title"))}
summary: {q(hostile("Summary"))}
venue: {q(hostile("Venue"))}
image_alt: {q(hostile("The photo described"))}
image_credit: {q(hostile("Author"))}
---

The report.
"""
# an earlier meeting of the series: the report's header links to it, its own to the report
EARLIER = """---
title: Întâlnirea anterioară
summary: O întâlnire obișnuită.
date: 2020-11-25
format: online
platform: Webex
---

Text.
"""
CHAPTER = f"""---
chapter: 1
title: {q(hostile("Capitol"))}
status: draft
updated: 2021-05-10
summary: {q(hostile("Rezumatul capitolului"))}
actions:
  - id: 1
    title: {q(hostile("Acțiunea"))}
    timeframe: 2021-06 to 2023-05
    players:
      - {q(hostile("Actor"))}
    costs: {q(hostile("Costuri"))}
    funding: {q(hostile("Finanțare"))}
---

## Acțiunea 1 {{#action-1}}

Text.
"""
CHAPTER_EN = f"""---
title: {q(hostile("Chapter"))}
summary: {q(hostile("Chapter summary"))}
actions:
  - id: 1
    title: {q(hostile("Action"))}
    players:
      - {q(hostile("Player"))}
    costs: {q(hostile("Costs"))}
    funding: {q(hostile("Funding"))}
---

## Action 1 {{#action-1}}

Text.
"""
FILES = {
    "index.md": "# Acasă\n\nText.\n",
    "index.en.md": "# Home\n\nText.\n",
    "accessibility.md": "# Accesibilitate\n\nText.\n",
    # a page named in the navigation by its own `title:` (nav-item, footer, header, <title>)
    "privacy.md": f"---\ntitle: {q(hostile('Confidențialitate'))}\n"
                  f"description: {q(hostile('Descriere'))}\n---\n\nText.\n",
    # a page with no heading: Material prints its title as the <h1>
    "about.md": f"---\ntitle: {q(hostile('Despre'))}\n---\n\nText fără titlu.\n",
    # a title MkDocs takes from the heading: HTML already, not to be escaped again
    "heading.md": "# A & B <b>x</b>\n\nText.\n",
    "meetings/index.md": "# Întâlniri\n\nText.\n",
    "meetings/2020-11-25-earlier.md": EARLIER,
    "meetings/2021-04-08-hostile.md": REPORT,
    "meetings/2021-04-08-hostile.en.md": REPORT_EN,
    "meetings/foto.jpg": plain_jpeg((800, 600)),
    "action-plan/index.md": "# Planul de acțiune\n\nText.\n",
    "action-plan/01-capitol.md": CHAPTER,
    "action-plan/01-capitol.en.md": CHAPTER_EN,
}
# the texts as written, per language of the pages (English pages show the Romanian facts
# that have no translation)
TEXTS = {
    "ro": {"title": hostile("Titlu"), "summary": hostile("Rezumat"),
           "venue": hostile("Locul"), "chapter": hostile("Capitol"),
           "alt": hostile("Descrierea fotografiei"), "credit": hostile("Autorul")},
    "en": {"title": hostile("Title"), "summary": hostile("Summary"),
           "venue": hostile("Venue"), "chapter": hostile("Chapter"),
           "alt": hostile("The photo described"), "credit": hostile("Author")},
}
PLATFORM, ORGANISER = hostile("Platforma"), hostile("Organizator")
PREFIX = {"ro": "", "en": "en/"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    config = content_config()
    config["nav"] = [
        {"Acasă": "index.md"}, {"Întâlniri": "meetings/index.md"},
        {"Planul de acțiune": "action-plan/index.md"}, {"Accesibilitate": "accessibility.md"},
        "privacy.md",  # its title is its `title:`
    ]
    config["not_in_nav"] = config["not_in_nav"] + "/about.md\n/heading.md\n"
    entry = plugin_entry(config, "clay-meetings")
    assert entry is not None
    root = tmp_path_factory.mktemp("hostile")
    return build_site(make_site(root, FILES, config=config))


def pages(site: BuildResult) -> list[Path]:
    found = sorted(site.site.rglob("*.html"))
    assert len(found) > 20
    return found


def test_build_is_strict_clean(site: BuildResult) -> None:
    assert site.warnings == []


def test_no_page_has_an_element_made_of_text(site: BuildResult) -> None:
    for path in pages(site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        where = str(path.relative_to(site.site))
        assert soup.find_all(attrs={"onerror": True}) == [], where
        assert soup.select('img[src="x"]') == [], where
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                json.loads(script.get_text())  # whole: `</script>` did not end it
            else:
                assert "alert(1)" not in script.get_text(), where
        # `</title>` did not end the page's title
        assert soup.head is not None and len(soup.head.find_all("title")) == 1, where


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_titles_are_shown_as_written(site: BuildResult, lang: str) -> None:
    texts, prefix = TEXTS[lang], PREFIX[lang]
    report = site.soup(f"{prefix}meetings/2021-04-08-hostile/index.html")
    assert report.title is not None and report.title.get_text().startswith(texts["title"])
    header = report.select_one(".md-header__topic[data-md-component=header-topic]")
    assert header is not None and header.get_text(strip=True) == texts["title"]
    assert texts["title"] in report.h1.get_text()
    facts = report.select_one(".clay-meeting-header")
    assert facts is not None
    for text in (texts["venue"], PLATFORM, ORGANISER, f"{texts['chapter']}"):
        assert text in facts.get_text(), text
    earlier = site.soup(f"{prefix}meetings/2020-11-25-earlier/index.html")
    assert texts["title"] in earlier.select_one(".clay-meeting-header__series").get_text()

    chapter = site.soup(f"{prefix}action-plan/01-capitol/index.html")
    assert chapter.title is not None and chapter.title.get_text().startswith(texts["chapter"])
    assert chapter.select_one("#chapter-title").get_text() == texts["chapter"]
    assert texts["title"] in chapter.select_one(".clay-chapter-meetings").get_text()

    for rel in ("privacy/index.html", "about/index.html"):
        page = site.soup(prefix + rel)
        name = hostile("Confidențialitate" if rel.startswith("privacy") else "Despre")
        assert page.title is not None and page.title.get_text().startswith(name), rel
        assert name in page.h1.get_text() or name in page.select_one(
            ".md-header__topic[data-md-component=header-topic]").get_text(), rel
    privacy = site.soup(f"{prefix}privacy/index.html")
    description = privacy.select_one('meta[name="description"]')
    assert description is not None and description["content"] == hostile("Descriere")
    # the navigation and the footer name the page by its title
    accessibility = site.soup(f"{prefix}accessibility/index.html")
    assert hostile("Confidențialitate") in accessibility.select_one(".md-footer").get_text()
    assert hostile("Confidențialitate") in accessibility.select_one(".md-nav").get_text()


def test_a_title_from_a_heading_is_not_escaped_twice(site: BuildResult) -> None:
    page = site.soup("heading/index.html")
    assert page.title is not None and page.title.get_text().startswith("A & B x - ")
    header = page.select_one(".md-header__topic[data-md-component=header-topic]")
    assert header is not None and header.get_text(strip=True) == "A & B x"


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_lists_and_contents_show_texts_as_written(site: BuildResult, lang: str) -> None:
    texts, prefix = TEXTS[lang], PREFIX[lang]
    for rel in ("meetings/index.html", "meetings/2021/index.html",
                "meetings/topics/funding/index.html", "index.html"):
        text = site.soup(prefix + rel).get_text()
        assert texts["title"] in text and texts["summary"] in text, rel
    contents = site.soup(f"{prefix}action-plan/index.html")
    row = contents.select_one("tr#action-1")
    assert row is not None
    names = (("Acțiunea", "Actor", "Costuri", "Finanțare") if lang == "ro"
             else ("Action", "Player", "Costs", "Funding"))
    for name in names:
        assert hostile(name) in row.get_text(), name
    assert texts["chapter"] in contents.select_one(".clay-plan-chapters").get_text()
    printed = site.soup(f"{prefix}action-plan/print/index.html")
    assert texts["chapter"] in printed.select_one(".clay-print-chapter").get_text()


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_open_graph_and_json_ld(site: BuildResult, lang: str) -> None:
    texts, prefix = TEXTS[lang], PREFIX[lang]
    page = site.soup(f"{prefix}meetings/2021-04-08-hostile/index.html")
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:title"] == texts["title"]
    assert og["og:description"] == texts["summary"]
    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    event = json.loads(scripts[0].get_text())
    assert event["name"] == texts["title"]
    assert event["description"] == texts["summary"]
    assert event["organizer"]["name"] == ORGANISER
    places = {x["@type"]: x["name"] for x in event["location"]}
    assert places == {"VirtualLocation": PLATFORM, "Place": texts["venue"]}


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_feed(site: BuildResult, lang: str) -> None:
    texts, prefix = TEXTS[lang], PREFIX[lang]
    raw = (site.site / prefix / "meetings/feed.xml").read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert len(parsed.entries) == 2
    # the XML itself: each text is one text node, as written
    items = ET.fromstring(raw).findall("./channel/item")
    assert items[0].findtext("title") == texts["title"]
    assert (items[0].findtext("description") or "").startswith(texts["summary"])


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_calendars(site: BuildResult, lang: str) -> None:
    texts, prefix = TEXTS[lang], PREFIX[lang]
    for rel in ("meetings/calendar.ics", "meetings/2021-04-08-hostile.ics"):
        calendar = icalendar.Calendar.from_ical((site.site / prefix / rel).read_bytes())
        event = next(e for e in calendar.walk("VEVENT")
                     if str(e["uid"]) == "clay-meeting-2021-04-08-hostile")
        assert str(event["summary"]) == texts["title"]
        assert str(event["description"]).startswith(texts["summary"])
        assert ORGANISER in str(event["description"])
        assert str(event["location"]) == f"{texts['venue']}, {PLATFORM}"


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_meetings_json(site: BuildResult, lang: str) -> None:
    texts, prefix = TEXTS[lang], PREFIX[lang]
    data = json.loads((site.site / prefix / "meetings/meetings.json").read_text("utf-8"))
    entry = next(m for m in data["meetings"] if m["id"] == "clay-meeting-2021-04-08-hostile")
    assert (entry["title"], entry["summary"], entry["venue"]) == (
        texts["title"], texts["summary"], texts["venue"])
    assert (entry["platform"], entry["organiser"]) == (PLATFORM, ORGANISER)


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_photo_texts_are_shown_as_written(site: BuildResult, lang: str) -> None:
    """The lead photo's alternative text and credit, in the page, its preview and the data."""
    texts, prefix = TEXTS[lang], PREFIX[lang]
    page = site.soup(f"{prefix}meetings/2021-04-08-hostile/index.html")
    figure = page.select_one("figure.clay-photo")
    assert figure is not None
    assert [img["alt"] for img in figure.find_all("img")] == [texts["alt"]]
    assert texts["credit"] in figure.figcaption.get_text()
    assert figure.find_all(["script", "b"]) == [] and len(figure.find_all("img")) == 1
    og = {m["property"]: m["content"] for m in page.select("meta[property]")}
    assert og["og:image:alt"] == texts["alt"]
    event = json.loads(page.select_one('script[type="application/ld+json"]').get_text())
    assert event["image"]["caption"] == texts["alt"]
    data = json.loads((site.site / prefix / "meetings/meetings.json").read_text("utf-8"))
    entry = next(m for m in data["meetings"] if m["id"] == "clay-meeting-2021-04-08-hostile")
    assert entry["image"]["alt"] == texts["alt"]
    item = ET.fromstring((site.site / prefix / "meetings/feed.xml").read_bytes()).find(
        "./channel/item/enclosure")
    assert item is not None and item.get("type") == "image/jpeg"
