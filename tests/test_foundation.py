"""The foundation of the site, asserted on real strict builds: the repository's own site and a
fixture site with a page that has no English translation.

- both languages, Romanian at the root and English under /en/, with matching `<html lang>`;
- hreflang annotations in the sitemap only (none in the pages: Material's script would fetch a
  sitemap next to each), between real translations, reciprocal, with x-default, and none
  claiming an English version of an untranslated page; a sitemap next to every
  `<link rel="alternate">` a page keeps (the feed and calendar), where Material's script looks;
- the untranslated page under /en/: its text marked `lang="ro"`, an English notice, and a
  language switch that leads to pages that exist (the English home from the Romanian page);
- the EU block and the links to the accessibility statement and privacy notice on every page;
- no request to another host: no third-party URL in any script, stylesheet, font, image,
  frame, preconnect/preload or CSS `url()`;
- `site_url` read from the SITE_URL environment variable.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config

from tests.fixtures.untranslated.support import make_untranslated_site
from tests.sitebuild import REPO, BuildResult, build_site

SITE_URL = "https://example.org/clay/"

EU = {
    "ro": ("Uniunea Europeană", "Fondul European de Dezvoltare Regională"),
    "en": ("European Union", "European Regional Development Fund"),
}
FOOTER = {
    "ro": ("Declarație de accesibilitate", "Notă de confidențialitate"),
    "en": ("Accessibility statement", "Privacy notice"),
}
NOTICE_EN = "This page is available in Romanian only."

# --- reading a built site ------------------------------------------------------------------


@dataclass
class Page:
    rel: str  # path below the site folder, e.g. "en/privacy/index.html"
    url: str  # its absolute URL under site_url
    soup: BeautifulSoup
    alternates: dict[str, str] = field(default_factory=dict)  # its hreflang, from the sitemap

    @property
    def lang(self) -> str:
        html = self.soup.find("html")
        assert isinstance(html, Tag)
        return str(html.get("lang", ""))

    @property
    def is_fallback(self) -> bool:
        return self.soup.select_one(".clay-fallback") is not None

    def hreflang(self) -> dict[str, str]:
        """The page's hreflang annotations: its entry's alternates in the sitemap."""
        return self.alternates

    def switch(self) -> dict[str, str]:
        """Targets of Material's language selector in the header, by language."""
        return {
            str(a["hreflang"]): urljoin(self.url, str(a["href"]))
            for a in self.soup.select(".md-header .md-select a.md-select__link[hreflang]")
        }


class Site:
    def __init__(self, result: BuildResult, site_url: str) -> None:
        self.root = result.site
        self.site_url = site_url
        self.pages: dict[str, Page] = {}
        for path in sorted(self.root.rglob("*.html")):
            rel = path.relative_to(self.root).as_posix()
            if rel.startswith("admin/"):
                continue  # the web editor, not a page of the site (tests/test_admin_*.py)
            url = site_url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
            self.pages[rel] = Page(rel, url, soup)
        entries = sitemap(self)
        for page in self.pages.values():
            page.alternates = entries.get(page.url, {})

    def file_for(self, url: str) -> Path | None:
        """The built file a URL of this site is served from, or None when it is elsewhere."""
        url = urldefrag(url)[0].split("?")[0]
        if not url.startswith(self.site_url):
            return None
        rel = url[len(self.site_url):]
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return self.root / rel

    def page_at(self, url: str) -> Page:
        path = self.file_for(url)
        assert path is not None and path.is_file(), f"{url} is not a page of the site"
        return self.pages[path.relative_to(self.root).as_posix()]

    def content_pages(self) -> Iterator[Page]:
        """Every page but the 404 page."""
        return (p for rel, p in self.pages.items() if rel != "404.html")


def expected_lang(rel: str) -> str:
    return "en" if rel.startswith("en/") else "ro"


@pytest.fixture(scope="module")
def repo(repo_site: BuildResult, served_site: str) -> Site:
    return Site(repo_site, served_site)  # built for the address it is served from


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """tests/fixtures/untranslated: a site whose page `only-ro.md` has no English version."""
    root = tmp_path_factory.mktemp("untranslated")
    result = build_site(make_untranslated_site(root, SITE_URL))
    assert not result.warnings, result.warnings
    return Site(result, SITE_URL)


@pytest.fixture(params=["repo", "fixture_site"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


# --- languages -----------------------------------------------------------------------------


def test_repo_site_has_its_foundation_pages_in_both_languages(repo: Site) -> None:
    for rel in ("index.html", "accessibility/index.html", "privacy/index.html",
                "action-plan/index.html", "meetings/index.html"):
        assert repo.pages[rel].lang == "ro", rel
        assert repo.pages["en/" + rel].lang == "en", rel
    # the frame pages and the home page are real translations, not fallback copies
    for rel in ("index.html", "accessibility/index.html"):
        assert not repo.pages["en/" + rel].is_fallback, rel


def test_html_lang_matches_the_language_of_each_page(site: Site) -> None:
    assert site.pages["index.html"].lang == "ro"
    assert site.pages["en/index.html"].lang == "en"
    for page in site.content_pages():
        assert page.lang == expected_lang(page.rel), page.rel


def test_404_page_language_matches_its_texts(site: Site) -> None:
    page = site.pages["404.html"]
    lang = page.lang
    assert lang in ("ro", "en")
    assert EU[lang][0] in page.soup.select_one(".clay-eu").get_text()  # type: ignore[union-attr]


def test_site_name_is_translated(repo: Site) -> None:
    assert "ADR Sud-Vest Oltenia" in repo.pages["index.html"].soup.title.get_text()  # type: ignore[union-attr]
    assert "ADR South-West Oltenia" in repo.pages["en/index.html"].soup.title.get_text()  # type: ignore[union-attr]


# --- hreflang and the sitemap: real translations only --------------------------------------


def test_hreflang_links_pair_real_translations_only(site: Site) -> None:
    for page in site.content_pages():
        links = page.hreflang()
        if not links:
            continue
        assert set(links) == {"ro", "en", "x-default"}, (page.rel, links)
        assert links["x-default"] == links["ro"]
        assert links[expected_lang(page.rel)] == page.url, (page.rel, links)
        for lang in ("ro", "en"):
            target = site.page_at(links[lang])
            assert not target.is_fallback, f"{page.rel}: hreflang={lang} names a fallback copy"
            assert target.lang == lang, (page.rel, target.rel)
            # reciprocal: the translation lists the same pair
            assert {k: v for k, v in target.hreflang().items()} == links, (page.rel, target.rel)


def test_every_translated_page_has_its_hreflang_pair(site: Site) -> None:
    for page in site.content_pages():
        if page.rel.startswith("en/"):
            continue
        en = site.pages.get("en/" + page.rel)
        assert en is not None
        if en.is_fallback:
            assert page.hreflang() == {} and en.hreflang() == {}, page.rel
        else:
            assert page.hreflang()["en"] == en.url, page.rel


def sitemap(site: Site) -> dict[str, dict[str, str]]:
    soup = BeautifulSoup((site.root / "sitemap.xml").read_bytes(), "lxml-xml")
    entries: dict[str, dict[str, str]] = {}
    for url in soup.find_all("url"):
        loc_tag = url.find("loc")
        assert loc_tag is not None
        loc = loc_tag.get_text(strip=True)
        assert loc not in entries, f"{loc} twice in the sitemap"
        entries[loc] = {
            str(link["hreflang"]): str(link["href"])
            for link in url.find_all("link", attrs={"rel": "alternate"})
        }
    return entries


def test_sitemap_lists_every_real_page_and_no_fallback_copy(site: Site) -> None:
    entries = sitemap(site)
    real = {p.url for p in site.content_pages() if not p.is_fallback}
    assert set(entries) == real
    for loc, alternates in entries.items():
        if alternates:
            assert set(alternates) == {"ro", "en", "x-default"}, loc
            assert alternates["x-default"] == alternates["ro"], loc
            for href in alternates.values():
                assert not site.page_at(href).is_fallback, f"{loc}: alternate {href} is a copy"


def test_no_hreflang_link_in_the_pages(site: Site) -> None:
    """Material's script fetches `sitemap.xml` next to every `<link rel="alternate">`: a
    per-page hreflang link would make a failed request on every page view."""
    for page in site.pages.values():
        assert page.soup.select("link[hreflang]") == [], page.rel


def test_a_sitemap_next_to_every_alternate_link(site: Site) -> None:
    """The `<link rel="alternate">` kept in the pages (feed and calendar autodiscovery) have a
    valid sitemap next to them, listing its folder's index page with its hreflang alternates."""
    seen: set[str] = set()
    for page in site.pages.values():
        links = page.soup.select('link[rel="alternate"]')
        assert {str(link.get("type")) for link in links} <= {
            "application/rss+xml", "text/calendar"}, page.rel
        for link in links:
            near = urljoin(urljoin(page.url, str(link["href"])), "sitemap.xml")
            if near in seen:
                continue
            seen.add(near)
            path = site.file_for(near)
            assert path is not None and path.is_file(), f"{page.rel}: no {near}"
            soup = BeautifulSoup(path.read_bytes(), "lxml-xml")
            urlset = soup.find("urlset")
            assert urlset is not None and urlset.get("xmlns") == (
                "http://www.sitemaps.org/schemas/sitemap/0.9"), near
            folder = near[: -len("sitemap.xml")]
            locs = [loc.get_text(strip=True) for loc in soup.find_all("loc")]
            assert locs == [folder], near  # the folder's index page, under the sitemap
            entry = {str(x["hreflang"]): str(x["href"]) for x in soup.find_all("link")}
            assert entry == site.page_at(folder).hreflang(), near
    # the repository's site has its meetings' feed and calendar (the frame's fixture has none)
    assert seen or "meetings/index.html" not in site.pages


def test_sitemap_uses_site_url(site: Site) -> None:
    assert all(loc.startswith(site.site_url) for loc in sitemap(site))


def test_compressed_sitemap_is_the_same_sitemap(site: Site) -> None:
    # MkDocs writes it next to sitemap.xml: it must be the same, not one language's
    gz = site.root / "sitemap.xml.gz"
    assert gzip.decompress(gz.read_bytes()) == (site.root / "sitemap.xml").read_bytes()


# --- the untranslated page -----------------------------------------------------------------


def test_untranslated_page_under_en_is_marked_romanian_with_a_notice(fixture_site: Site) -> None:
    page = fixture_site.pages["en/only-ro/index.html"]
    assert page.lang == "en" and page.is_fallback
    article = page.soup.select_one(".md-content")
    assert article is not None
    notice = article.select_one(".clay-fallback")
    assert notice is not None and notice.get_text(strip=True) == NOTICE_EN
    nearest = notice.find_parent(attrs={"lang": True})
    assert nearest is not None and nearest.get("lang") == "en"  # the notice itself is English
    marked = article.select_one('[lang="ro"]')
    assert marked is not None
    assert "Doar în română" in marked.get_text()
    assert "Această pagină nu are traducere" in marked.get_text()
    # every word of the Romanian text is inside the lang="ro" element
    outside = article.get_text(" ", strip=True).replace(marked.get_text(" ", strip=True), "")
    assert "română" not in outside and "traducere" not in outside


def test_notice_only_on_untranslated_copies(fixture_site: Site) -> None:
    with_notice = sorted(p.rel for p in fixture_site.pages.values() if p.is_fallback)
    assert with_notice == ["en/only-ro/index.html"]
    assert NOTICE_EN not in fixture_site.pages["only-ro/index.html"].soup.get_text()


def test_no_page_claims_an_english_version_of_the_untranslated_page(fixture_site: Site) -> None:
    copy = fixture_site.site_url + "en/only-ro/"
    assert fixture_site.pages["only-ro/index.html"].hreflang() == {}
    assert fixture_site.pages["en/only-ro/index.html"].hreflang() == {}
    for page in fixture_site.pages.values():
        assert copy not in page.hreflang().values(), page.rel
    entries = sitemap(fixture_site)
    assert copy not in entries
    assert entries[fixture_site.site_url + "only-ro/"] == {}
    assert all(copy not in alternates.values() for alternates in entries.values())


def test_language_switch_targets(fixture_site: Site) -> None:
    s = fixture_site
    # a translated page switches to its translation, both ways
    ro, en = s.pages["section/translated/index.html"], s.pages["en/section/translated/index.html"]
    assert ro.switch()["en"] == en.url == s.site_url + "en/section/translated/"
    assert en.switch()["ro"] == ro.url == s.site_url + "section/translated/"
    # the untranslated Romanian page switches to the English home page
    assert s.pages["only-ro/index.html"].switch()["en"] == s.site_url + "en/"
    # its copy under /en/ switches back to the Romanian page
    assert s.pages["en/only-ro/index.html"].switch()["ro"] == s.site_url + "only-ro/"


def test_language_switch_leads_to_existing_pages_of_that_language(site: Site) -> None:
    for page in site.content_pages():
        switch = page.switch()
        assert set(switch) == {"ro", "en"}, page.rel
        for lang, url in switch.items():
            target = site.page_at(url)
            assert target.lang == lang, (page.rel, url)
            assert not (lang == "en" and target.is_fallback), f"{page.rel}: switch to a copy"


# --- the site frame on every page ----------------------------------------------------------


def test_eu_block_on_every_page(site: Site) -> None:
    for page in site.pages.values():
        lang = page.lang
        block = page.soup.select_one(".clay-eu")
        assert block is not None, page.rel
        # in the header area, before the page content
        assert block.find_parent(class_="md-banner") is not None, page.rel
        # the emblem is one file for every page, named by its alt text in the page's language
        img = block.find("img", class_="clay-eu__emblem")
        assert isinstance(img, Tag) and str(img.get("alt", "")).strip(), page.rel
        drawing = site.file_for(urljoin(page.url, str(img["src"])))
        assert drawing is not None and drawing.is_file(), (page.rel, img["src"])
        svg = BeautifulSoup(drawing.read_text(encoding="utf-8"), "xml").find("svg")
        assert isinstance(svg, Tag), page.rel
        rect = svg.find("rect")
        assert isinstance(rect, Tag) and str(rect.get("fill")).lower() in ("#039", "#003399")
        stars = svg.find_all("use") or svg.select("path, polygon")
        assert len(stars) == 12, f"{page.rel}: {len(stars)} stars"
        star = svg.find(id=re.compile("star"))
        assert isinstance(star, Tag) and str(star.get("fill")).lower() in ("#fc0", "#ffcc00")
        name, fund = EU[lang]
        text = " ".join(block.get_text(" ").split())
        assert name in text and fund in text, (page.rel, text)


def test_footer_links_to_accessibility_and_privacy_on_every_page(site: Site) -> None:
    for page in site.pages.values():
        lang = page.lang
        links = {
            a.get_text(" ", strip=True): urljoin(page.url, str(a["href"]))
            for a in page.soup.select(".md-footer a[href]")
        }
        prefix = site.site_url + ("en/" if lang == "en" else "")
        accessibility, privacy = FOOTER[lang]
        assert links.get(accessibility) == prefix + "accessibility/", (page.rel, links)
        assert links.get(privacy) == prefix + "privacy/", (page.rel, links)
        for url in (links[accessibility], links[privacy]):
            assert site.page_at(url).lang == lang


# --- no third-party requests ---------------------------------------------------------------

RESOURCE_ATTRS = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "input": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
}
NAVIGATION_RELS = {"canonical", "alternate", "prev", "next", "search", "license", "author"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


def third_party(url: str, base: str, host: str) -> bool:
    url = url.strip()
    if not url or url.startswith(("data:", "#", "blob:", "about:")):
        return False
    return urlsplit(urljoin(base, url)).hostname not in (None, host)


def resource_urls(page: Page) -> Iterator[tuple[str, str]]:
    for tag, attrs in RESOURCE_ATTRS.items():
        for el in page.soup.find_all(tag):
            for attr in attrs:
                value = el.get(attr)
                if value:
                    for part in (str(value).split(",") if attr == "srcset" else [str(value)]):
                        yield f"<{tag} {attr}>", part.strip().split(" ")[0]
    for link in page.soup.find_all("link", href=True):
        rels = set(link.get("rel") or [])
        if not rels <= NAVIGATION_RELS:  # stylesheet, icon, preconnect, preload, manifest, ...
            yield f"<link rel={' '.join(sorted(rels))}>", str(link["href"])
    for script in page.soup.find_all("script", src=False):
        if script.get("type") != "application/ld+json":  # JSON-LD names things, loads nothing
            for url in re.findall(r"""(?:https?:)?//[^\s"'<>()]+""", script.get_text()):
                yield "<script> text", url
    for style in page.soup.find_all("style"):
        for m in CSS_URL.finditer(style.get_text()):
            yield "<style>", m.group(2) or m.group(4)
    for el in page.soup.find_all(style=True):
        for m in CSS_URL.finditer(str(el["style"])):
            yield "style=", m.group(2) or m.group(4)


def test_no_third_party_resource_in_any_page(site: Site) -> None:
    host = urlsplit(site.site_url).hostname or ""
    offenders = [
        (page.rel, where, url)
        for page in site.pages.values()
        for where, url in resource_urls(page)
        if third_party(url, page.url, host)
    ]
    assert offenders == []
    # the check sees the resources it is meant to see
    home = list(resource_urls(site.pages["index.html"]))
    assert any(w == "<script src>" for w, _ in home)
    assert any(w == "<link rel=stylesheet>" for w, _ in home)


def test_no_third_party_url_in_any_stylesheet(site: Site) -> None:
    host = urlsplit(site.site_url).hostname or ""
    sheets = sorted(site.root.rglob("*.css"))
    assert sheets
    offenders = []
    for sheet in sheets:
        base = site.site_url + sheet.relative_to(site.root).as_posix()
        for m in CSS_URL.finditer(sheet.read_text(encoding="utf-8")):
            url = m.group(2) or m.group(4)
            if third_party(url, base, host):
                offenders.append((sheet.name, url))
    assert offenders == []


def test_no_web_fonts_from_another_host(site: Site) -> None:
    for page in site.pages.values():
        html = str(page.soup)
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page.rel


def test_third_party_check_catches_what_it_must(tmp_path: Path) -> None:
    """The checks above are not blind: they report a third-party script, font and image."""
    html = (
        '<html lang="ro"><head><link rel="preconnect" href="https://fonts.gstatic.com">'
        '<link rel="stylesheet" href="//cdn.example.net/x.css">'
        '<style>@font-face{src:url("https://fonts.gstatic.com/a.woff2")}</style></head>'
        '<body><img srcset="a.png 1x, https://img.example.net/b.png 2x">'
        '<iframe src="https://www.youtube.com/embed/x"></iframe>'
        '<script src="https://www.googletagmanager.com/gtag/js"></script>'
        "<script>fetch('https://stats.example.net/hit')</script>"
        '<script type="application/ld+json">{"@context": "https://schema.org"}</script>'
        '<a href="https://interreg.eu/">a link is no request</a></body></html>'
    )
    page = Page("index.html", SITE_URL, BeautifulSoup(html, "lxml"))
    found = {url for _, url in resource_urls(page) if third_party(url, page.url, "example.org")}
    assert found == {
        "https://fonts.gstatic.com", "//cdn.example.net/x.css", "https://fonts.gstatic.com/a.woff2",
        "https://img.example.net/b.png", "https://www.youtube.com/embed/x",
        "https://www.googletagmanager.com/gtag/js", "https://stats.example.net/hit",
    }


# --- site_url from the environment ---------------------------------------------------------


def test_site_url_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://adr-oltenia.github.io/clay-site/")
    assert load_config(str(REPO / "mkdocs.yml")).site_url == "https://adr-oltenia.github.io/clay-site/"
    monkeypatch.delenv("SITE_URL")
    default = load_config(str(REPO / "mkdocs.yml")).site_url
    assert default and urlsplit(default).hostname in ("127.0.0.1", "localhost")


def test_built_links_follow_site_url_under_a_path(fixture_site: Site) -> None:
    """A GitHub Pages project site lives under a path: canonical and hreflang URLs keep it."""
    home = fixture_site.pages["en/index.html"]
    canonical = home.soup.select_one("link[rel=canonical]")
    assert canonical is not None and canonical["href"] == SITE_URL + "en/"
    assert home.hreflang()["ro"] == SITE_URL
