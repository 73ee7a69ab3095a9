"""Every internal link and resource of the built sites resolves, and every external link is
well-formed (external links are not fetched).

Looked at: href, src, srcset, action and poster in every HTML page (including `#anchors`, checked
against the ids of the target page); url() in stylesheets; every URL in the feeds, the
calendars, the sitemap and the JSON files. The 404 page is served at any missing address, so its
links must not be relative to its own address."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest

from tests import readers

URL_ATTRS = ("href", "src", "action", "poster", "data")
URL_ELEMENTS = {"loc", "link", "url", "uri", "icon", "logo"}  # XML elements whose text is a URL
SCHEMES_NOT_CHECKED = ("data:",)
TEXT_URL = re.compile(r"""https?://[^\s"'<>\\]+""")
# files that are the search engine's own (index chunks), not pages
NOT_CHECKED_DIRS = {"search", "pagefind", "admin"}  # admin/: tests/test_admin_*.py


class Checker:
    def __init__(self, site: readers.Site) -> None:
        self.site = site
        self.root = site.root
        self.problems: list[str] = []
        self.external: list[str] = []

    # -- resolution --

    @cache  # noqa: B019 - one checker per site and test
    def ids(self, rel: str) -> frozenset[str]:
        tree = lxml.html.fromstring((self.root / rel).read_bytes())
        found = {el.get("id") for el in tree.iter() if isinstance(el.tag, str) and el.get("id")}
        found |= {el.get("name") for el in tree.iter("a") if el.get("name")}
        return frozenset(found)

    def target_file(self, path: str) -> str | None:
        """The built file for a path relative to the site root, or None."""
        path = unquote(path)
        candidates = [path + "index.html"] if path.endswith("/") or not path else [
            path, path + "/index.html"]
        for candidate in candidates:
            if (self.root / candidate).is_file():
                return candidate
        return None

    def check(self, where: str, url: str, base: str | None) -> None:
        """Check one URL found in `where`; `base` is the absolute address it is relative to
        (None where relative URLs are not allowed: feeds, calendars, sitemaps, JSON)."""
        url = url.strip()
        if not url or url.startswith(SCHEMES_NOT_CHECKED):
            return
        if url.startswith("javascript:"):
            self.problems.append(f"{where}: javascript: URL {url!r}")
            return
        if url.startswith(("mailto:", "tel:")):
            mail = re.fullmatch(r"mailto:[^@\s]+@[^@\s]+\.\w+.*", url)
            if url.startswith("mailto:") and not mail:
                self.external.append(f"{where}: malformed e-mail link {url!r}")
            return
        if url.startswith("//"):
            url = "https:" + url
        absolute = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) is not None
        if not absolute and base is None:
            self.problems.append(f"{where}: relative URL {url!r} where an absolute one is needed")
            return
        full = urljoin(base or "", url)
        if not full.startswith(self.site.site_url):
            site_host = urlsplit(self.site.site_url)
            parts = urlsplit(full)
            if (parts.scheme, parts.netloc) == (site_host.scheme, site_host.netloc):
                self.problems.append(f"{where}: {url!r} is outside the site ({full})")
            else:
                self.check_external(where, url)
            return
        parts = urlsplit(full[len(self.site.site_url) - 1:])
        target = self.target_file(parts.path.lstrip("/"))
        if target is None:
            self.problems.append(f"{where}: {url!r} leads nowhere ({parts.path} is not built)")
            return
        fragment = unquote(parts.fragment)
        if fragment and target.endswith(".html") and fragment not in self.ids(target):
            self.problems.append(f"{where}: {url!r}: no id {fragment!r} in /{target}")

    def check_external(self, where: str, url: str) -> None:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if (parts.scheme not in ("http", "https")
                or not re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", host)
                or re.search(r"\s", url) or re.search(r"%(?![0-9A-Fa-f]{2})", url)):
            self.external.append(f"{where}: malformed external URL {url!r}")

    # -- sources --

    def html_page(self, rel: str) -> None:
        address = readers.page_address(rel)
        where = f"/{address}"
        tree = lxml.html.fromstring((self.root / rel).read_bytes())
        base = self.site.site_url + address
        is_404 = rel == "404.html"
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in URL_ATTRS:
                value = el.get(attr)
                if value is None or (attr == "data" and el.tag != "object"):
                    continue
                if is_404 and not re.match(r"^([a-zA-Z][\w+.-]*:|/|#)", value.strip()):
                    self.problems.append(
                        f"{where}: relative {attr}={value!r} breaks when the 404 page is "
                        "served at a missing address")
                    continue
                self.check(f"{where} <{el.tag} {attr}>", value, base)
            srcset = el.get("srcset")
            if srcset:
                for candidate in srcset.split(","):
                    if candidate.strip():
                        self.check(f"{where} <{el.tag} srcset>", candidate.split()[0], base)

    def stylesheet(self, rel: str) -> None:
        text = (self.root / rel).read_text(encoding="utf-8", errors="replace")
        base = self.site.site_url + rel
        for match in re.finditer(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)", text):
            value = match.group(2)
            if value.startswith("#"):  # SVG filter/marker references inside the stylesheet
                continue
            self.check(f"/{rel} url()", value, base)

    def xml_file(self, rel: str) -> None:
        where = f"/{rel}"
        tree = lxml.etree.parse(str(self.root / rel))
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for name, value in el.attrib.items():
                if name in ("href", "url", "src") or value.startswith(("http:", "https:")):
                    self.check(f"{where} @{lxml.etree.QName(name).localname}", value, None)
            text = (el.text or "").strip()
            if not text:
                continue
            tag = lxml.etree.QName(el).localname
            if tag in URL_ELEMENTS or re.fullmatch(r"https?://\S+", text):
                self.check(f"{where} <{tag}>", text, None)
            elif "<" in text and re.search(r"<(a|img)\b", text):
                # HTML carried in the feed (description, content): its links must be absolute
                fragment = lxml.html.fragment_fromstring(text, create_parent="div")
                for inner in fragment.iter("a", "img"):
                    for attr in ("href", "src"):
                        if inner.get(attr):
                            self.check(f"{where} <{lxml.etree.QName(el).localname}> "
                                       f"<{inner.tag} {attr}>", inner.get(attr), None)

    def calendar(self, rel: str) -> None:
        text = (self.root / rel).read_text(encoding="utf-8")
        unfolded = re.sub(r"\r?\n[ \t]", "", text)
        for line in unfolded.splitlines():
            name = re.split(r"[;:]", line, maxsplit=1)[0].upper()
            value = line.split(":", 1)[1] if ":" in line else ""
            value = value.replace("\\,", ",").replace("\\;", ";").replace("\\n", " ")
            if name == "URL":
                self.check(f"/{rel} URL", value, None)
            else:
                for url in TEXT_URL.findall(value):
                    self.check(f"/{rel} {name}", url.rstrip(".,;)"), None)

    def json_file(self, rel: str) -> None:
        def strings(node: object) -> Iterator[str]:
            if isinstance(node, str):
                yield node
            elif isinstance(node, dict):
                for value in node.values():
                    yield from strings(value)
            elif isinstance(node, list):
                for value in node:
                    yield from strings(value)

        for value in strings(json.loads((self.root / rel).read_text(encoding="utf-8"))):
            if re.fullmatch(r"https?://\S+", value):
                self.check(f"/{rel}", value, None)

    def run(self) -> Checker:
        for path in sorted(self.root.rglob("*")):
            if not path.is_file():
                continue
            rel = path.relative_to(self.root).as_posix()
            top = rel.split("/", 1)[0]
            if top in NOT_CHECKED_DIRS:
                continue
            suffix = path.suffix.lower()
            if suffix == ".html" and top not in readers.NOT_PAGES:
                self.html_page(rel)
            elif suffix == ".css":
                self.stylesheet(rel)
            elif suffix == ".xml":
                self.xml_file(rel)
            elif suffix == ".ics":
                self.calendar(rel)
            elif suffix == ".json" and top not in readers.NOT_PAGES:
                self.json_file(rel)
        return self


@cache
def checked(root: Path, site_url: str) -> Checker:
    return Checker(readers.Site("", root, site_url)).run()


def report(name: str, lines: list[str]) -> str:
    unique = sorted(set(lines))
    return f"[{name} site] {len(unique)} problem(s):\n" + "\n".join(unique[:60])


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_every_internal_link_and_resource_resolves(request: pytest.FixtureRequest,
                                                   name: str) -> None:
    site = readers.get_site(request, name)
    checker = checked(site.root, site.site_url)
    assert not checker.problems, report(name, checker.problems)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_every_external_link_is_well_formed(request: pytest.FixtureRequest, name: str) -> None:
    site = readers.get_site(request, name)
    checker = checked(site.root, site.site_url)
    assert not checker.external, report(name, checker.external)


def test_feeds_calendars_sitemap_and_json_are_checked(request: pytest.FixtureRequest) -> None:
    """The fixture site's non-HTML files with links are all looked at (the check has work)."""
    site = readers.get_site(request, "fixture")
    kinds = {p.suffix for p in site.root.rglob("*") if p.is_file()}
    assert ".xml" in kinds  # the sitemap at least
    if "clay-meetings" in readers.configured_plugins():
        for rel in ("meetings/feed.xml", "meetings/calendar.ics", "meetings/meetings.json"):
            assert (site.root / rel).is_file(), f"fixture site: no {rel}"


def test_broken_links_are_found(tmp_path: Path) -> None:
    """The check can fail: each kind of broken link in a small hand-made site is reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><body><h2 id="here">x</h2>'
        '<a href="a/">ok</a><a href="#here">ok</a><a href="a/#there">ok</a>'
        '<a href="missing/">1</a><a href="#nowhere">2</a><a href="a/#none">3</a>'
        '<img src="pic.png" srcset="pic.png 1x, pic2.png 2x"><a href="https://exa mple.org/">5</a>'
        '<a href="http://example.org/x/a/">ok</a></body></html>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text('<p id="there">y</p>', encoding="utf-8")
    (tmp_path / "404.html").write_text('<a href="a/">relative</a>', encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(
        '<urlset><url><loc>http://example.org/x/gone/</loc></url>'
        '<url><loc>a/</loc></url></urlset>', encoding="utf-8")
    (tmp_path / "cal.ics").write_text(
        "BEGIN:VCALENDAR\r\nURL:http://example.org/x/g\r\n one/\r\nEND:VCALENDAR\r\n",
        encoding="utf-8")
    checker = Checker(readers.Site("t", tmp_path, "http://example.org/x/")).run()
    text = "\n".join(checker.problems)
    for needle in ("'missing/'", "'#nowhere'", "'a/#none'", "'pic.png'", "'pic2.png'",
                   "relative href='a/'", "/sitemap.xml <loc>: 'http://example.org/x/gone/'",
                   "relative URL 'a/'", "/cal.ics URL: 'http://example.org/x/gone/'"):
        assert needle in text, f"{needle} not reported in:\n{text}"
    assert len(checker.problems) == 10, text
    assert any("exa mple" in line for line in checker.external)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_404_page_leads_to_each_language_home(request: pytest.FixtureRequest, name: str) -> None:
    """The 404 page links every language's home, in its text and in the language switch
    (absolute paths: it is served at any missing address)."""
    site = readers.get_site(request, name)
    tree = lxml.html.fromstring((site.root / "404.html").read_bytes())
    langs = readers.languages()
    for i, lang in enumerate(langs):
        home = site.base_path + ("" if i == 0 else f"{lang}/")
        switch = [a.get("href") for a in tree.xpath(f"//a[@hreflang='{lang}']")]
        assert switch and all(href == home for href in switch), \
            f"[{name} site] 404 language switch to {lang}: {switch}, expected {home}"
        text_links = tree.xpath(f"//*[contains(@class,'clay-404')]//*[@lang='{lang}']//a/@href")
        assert home in text_links, f"[{name} site] 404 ({lang}) links {text_links}, not {home}"
        forms = tree.xpath(f"//*[contains(@class,'clay-404')]//*[@lang='{lang}']//form")
        assert forms and forms[0].get("action") == home and forms[0].xpath(".//input[@name='q']"), \
            f"[{name} site] 404 ({lang}): no search form sending q= to {home}"
