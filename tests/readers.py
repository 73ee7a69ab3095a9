"""The reader-side test harness: sites to check and one page of every kind in each language.

Used by test_accessibility, test_keyboard, test_html_validity, test_links, test_mobile_print and
test_images. Two sites are checked:

- "repo": the repository's own site (the `repo_site` / `served_site` fixtures of conftest.py);
- "fixture": the repository's site plus synthetic meeting reports and action-plan chapters that
  follow the editors' contracts (issues 3 and 4), built once per test run for a sub-path of a
  loopback server (`http://127.0.0.1:<port>/clay/`, as a GitHub Pages project site) and served
  there.

Both are built for the address they are served from: their absolute links lead where the
browser goes.

Page kinds are discovered from the built site, not listed by hand: every HTML page is classified
by its address with the variable parts generalised (a year, a report, a chapter, a topic), so a
new kind of page that a plugin starts to generate is checked without touching the tests.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serve_directory
from tests.sitebuild import (
    REPO,
    BuildResult,
    build_site,
    make_site,
    plugin_entry,
    plugin_name,
    repo_config,
)

FIXTURE_PATH = "clay/"  # where the fixture site is served, as a GitHub Pages project site
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe rules run besides the WCAG-tagged ones: a role its element does not allow (axe files it
# under best practices; ARIA in HTML forbids it), and scrollable regions out of the keyboard's
# reach (WCAG 2.1.1; named here so that it runs whatever axe's tags become).
AXE_RULES = ["aria-allowed-role", "scrollable-region-focusable"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

# Folders of the built site that hold no pages (theme assets, search indexes).
NOT_PAGES = {"assets", "search", "pagefind", "admin"}  # admin/: the web editor, not a page


@dataclass
class Site:
    name: str
    root: Path  # the built site folder
    site_url: str  # site_url of the build (absolute links to it are internal)
    url: str = ""  # where it is served (ends in /), when served
    pages: dict[tuple[str, str], str] = field(default_factory=dict)  # (lang, kind) -> rel path

    @property
    def base_path(self) -> str:
        """The path part of site_url, e.g. '/clay/'."""
        path = re.sub(r"^[a-z]+://[^/]+", "", self.site_url)
        return path if path.endswith("/") else path + "/"

    def page_url(self, rel: str) -> str:
        return self.url + page_address(rel)

    def kinds(self) -> list[tuple[str, str, str]]:
        """(lang, kind, rel path) of one page of each kind, in a stable order."""
        return [(lang, kind, rel) for (lang, kind), rel in sorted(self.pages.items())]


def languages() -> list[str]:
    """Languages of the site, the default (built at the root) first."""
    entry = plugin_entry(repo_config(), "i18n") or {}
    langs = entry.get("languages", [])
    ordered = sorted(langs, key=lambda lang: not lang.get("default", False))
    return [lang["locale"] for lang in ordered if lang.get("build", True)] or ["ro"]


def page_address(rel: str) -> str:
    """The address of a built file relative to the site root ('x/index.html' -> 'x/')."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def html_files(root: Path) -> list[str]:
    """Every HTML page of a built site (relative paths, sorted), theme assets aside."""
    found = []
    for path in root.rglob("*.html"):
        rel = path.relative_to(root).as_posix()
        if rel.split("/", 1)[0] in NOT_PAGES:
            continue
        found.append(rel)
    return sorted(found)


def classify(rel: str, text: str = "") -> tuple[str, str]:
    """(language, kind) of a built page from its path: 'en/meetings/2021/index.html' ->
    ('en', 'meetings/YYYY'). The 404 page is one page for both languages: ('*', '404')."""
    langs = languages()
    parts = rel.split("/")
    lang = langs[0]
    if parts[0] in langs[1:]:
        lang, parts = parts[0], parts[1:]
    if parts == ["404.html"]:
        return "*", "404"
    segments = parts[:-1] if parts[-1] == "index.html" else parts
    kind = []
    for i, seg in enumerate(segments):
        if re.fullmatch(r"\d{4}", seg):
            kind.append("YYYY")
        elif re.match(r"\d{4}-\d{2}-\d{2}-", seg):
            kind.append("REPORT")
        elif re.fullmatch(r"\d{1,3}-.+", seg):
            kind.append("CHAPTER")
        elif i > 0 and segments[i - 1] == "topics":
            kind.append("TOPIC")
        else:
            kind.append(seg)
    name = "/".join(kind) or "home"
    if 'class="clay-fallback"' in text:
        name += " (untranslated)"
    return lang, name


def discover(root: Path, last: bool = False) -> dict[tuple[str, str], str]:
    """One page of every (language, kind) of a built site: the first by path, or the last (the
    fixture site's synthetic reports and chapters sort after the repository's)."""
    pages: dict[tuple[str, str], str] = {}
    for rel in html_files(root):
        key = classify(rel, (root / rel).read_text(encoding="utf-8"))
        if last:
            pages[key] = rel
        else:
            pages.setdefault(key, rel)
    return pages


def configured_plugins() -> set[str]:
    return {plugin_name(entry) for entry in repo_config().get("plugins", [])}


def required_kinds() -> set[tuple[str, str]]:
    """The kinds of page every complete site has (issue 5's list), for the plugins configured."""
    kinds = ["home", "accessibility"]
    plugins = configured_plugins()
    if "clay-meetings" in plugins:
        kinds += ["meetings", "meetings/YYYY", "meetings/topics/TOPIC", "meetings/REPORT"]
    else:
        kinds += ["meetings"]
    if "clay-action-plan" in plugins:
        kinds += ["action-plan", "action-plan/CHAPTER", "action-plan/print"]
    else:
        kinds += ["action-plan"]
    return {(lang, kind) for lang in languages() for kind in kinds} | {("*", "404")}


# --- the fixture site -------------------------------------------------------------------------


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A small valid PNG (one colour)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def fixture_files() -> dict[str, str | bytes]:
    """Synthetic reports and chapters (fixture content, not published), following the editors'
    contracts; dated after the project so that they follow the real reports of the series."""
    cfg = repo_config()
    meetings = plugin_entry(cfg, "clay-meetings") or {}
    topics = list((meetings.get("topics") or {"action-plan": {}}).keys())
    files: dict[str, str | bytes] = {
        "meetings/fixture-photo.png": _png(64, 40, (150, 90, 60)),
        "meetings/fixture-rule.png": _png(64, 2, (120, 120, 120)),
        "meetings/2030-03-05-fixture-online.md": f"""---
title: Întâlnire de test online
summary: O întâlnire inventată pentru testele site-ului, desfășurată online.
date: 2030-03-05
time: "10:00-12:00"
format: online
platform: Cisco Webex
participants: 14
topics: [{topics[0]}]
action_plan: [91]
---

Participanții au discutat primul capitol al planului. Textul are un termen în engleză,
<span lang="en">stakeholder group</span>, marcat cu limba lui.

![Participanți la o masă rotundă, în sala de ședințe](fixture-photo.png)

![](fixture-rule.png){{ .decorative }}

## Concluzii

Grupul a cerut o nouă rundă de consultări; vezi
[capitolul 91](../action-plan/91-fixture-context.md#action-actiunea-1).
""",
        "meetings/2030-03-05-fixture-online.en.md": """---
title: Test meeting online
summary: A made-up meeting for the site's tests, held online.
---

The participants discussed the first chapter of the plan.

![Participants around a table in the meeting room](fixture-photo.png)

![](fixture-rule.png){ .decorative }

## Conclusions

The group asked for another round of consultation; see
[chapter 91](../action-plan/91-fixture-context.md#action-actiunea-1).
""",
        "meetings/2030-06-20-fixture-in-person.md": f"""---
title: Întâlnire de test la Craiova
summary: O a doua întâlnire inventată pentru teste, cu participare fizică, netradusă.
date: 2030-06-20
format: in-person
venue: Sala de conferințe, Craiova
topics: [{topics[-1]}]
---

Raport scurt, doar în limba română.
""",
        "action-plan/91-fixture-context.md": """---
chapter: 91
title: Capitol de test
status: final
updated: 2030-01-15
summary: Un capitol inventat pentru teste.
actions:
  - id: actiunea-1
    title: Acțiunea de test
    timeframe: 2030-01 to 2030-12
    players: [ADR Sud-Vest Oltenia]
    costs: fără costuri
    funding: fonduri proprii
---

## Contextul {#context}

Text de test al capitolului.

## Acțiunea de test {#action-actiunea-1}

Descrierea acțiunii.
""",
        "action-plan/91-fixture-context.en.md": """---
title: Test chapter
summary: A made-up chapter for the tests.
actions:
  - id: actiunea-1
    title: The test action
---

## Context {#context}

Test text of the chapter.

## The test action {#action-actiunea-1}

What the action is.
""",
        "action-plan/92-fixture-draft.md": """---
chapter: 92
title: Capitol de test în lucru
status: draft
updated: 2030-02-01
---

Un capitol în lucru, doar în limba română.
""",
    }
    return files


def build_fixture_site(root: Path, site_url: str) -> BuildResult:
    return build_site(make_site(root, fixture_files(), use_repo_docs=True, site_url=site_url))


@functools.cache
def fixture_site() -> Site:
    """The fixture site, built once per test run for the loopback address it is served from,
    under a sub-path like a GitHub Pages project site (its absolute links lead where a reader's
    browser goes: tests/walk.py)."""
    tmp = Path(tempfile.mkdtemp(prefix="clay-readers-"))
    atexit.register(shutil.rmtree, tmp, True)
    serve_root = tmp / "www"
    serve_root.mkdir()
    _server, url = serve_directory(serve_root)
    site_url = url + FIXTURE_PATH
    os.symlink(tmp / "src" / "site", serve_root / FIXTURE_PATH.strip("/"))
    result = build_fixture_site(tmp / "src", site_url)
    site = Site("fixture", result.site, site_url, site_url)
    site.pages = discover(site.root, last=True)
    return site


SITE_NAMES = ["repo", "fixture"]


def built_site_url(root: Path) -> str:
    """The site_url a site was built with: the canonical address of its home page."""
    home = (root / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<link rel="canonical" href="([^"]+)"', home)
    assert match, f"{root}/index.html has no canonical link"
    return match.group(1)


def get_site(request: pytest.FixtureRequest, name: str) -> Site:
    """The named site; the repo site comes from conftest's session fixtures."""
    if name == "fixture":
        return fixture_site()
    built: BuildResult = request.getfixturevalue("repo_site")
    site = Site("repo", built.site, built_site_url(built.site))
    site.pages = discover(site.root)
    return site


def get_served_site(request: pytest.FixtureRequest, name: str) -> Site:
    site = get_site(request, name)
    if name == "repo":
        site.url = request.getfixturevalue("served_site")
    return site


# --- the browser ------------------------------------------------------------------------------


def browser_page(browser: Any, **context_args: Any) -> Iterator[Any]:
    """One page in a fresh browser context, reused by a whole test module (a request that would
    leave the loopback server fails: conftest.CHROMIUM_ARGS)."""
    context = browser.new_context(**context_args)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def goto(page: Any, url: str, status: int = 200) -> None:
    response = page.goto(url, wait_until="load")
    got = response.status if response else None
    assert got == status, f"{url}: HTTP {got}"


def settle(page: Any) -> None:
    """Wait until Material's components are mounted and resize observers have run."""
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def run_axe(page: Any) -> list[dict[str, Any]]:
    """The violations axe-core finds in the page of the WCAG 2.0/2.1 A and AA rules and of
    AXE_RULES."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async ([tags, extra]) => {
            const rules = Object.fromEntries(extra.map(id => [id, {enabled: true}]));
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, rules,
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' — '
                    + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300))}));
        }""",
        [WCAG_TAGS, AXE_RULES],
    )
    return list(result)


def describe(site: Site, lang: str, kind: str, rel: str) -> str:
    return f"[{site.name} site] {kind} ({lang}) /{page_address(rel)}"


# --- the Nu Html Checker ----------------------------------------------------------------------


VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar() -> Path:
    """The Nu Html Checker from npm's vnu-jar (package.json pins the release; `npm ci`)."""
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: `npm ci` installs npm's vnu-jar"
    return VNU_JAR


@functools.cache
def _vnu(roots: tuple[str, ...]) -> dict[str, tuple[dict[str, Any], ...]]:
    import json
    import subprocess

    java = shutil.which("java")
    assert java, "java is missing: the Nu Html Checker runs on the machine's Java (`make java`)"
    files = [str(Path(root) / rel) for root in roots for rel in html_files(Path(root))]
    # every page of every site in one JVM run; the JSON report goes to stderr. A run this short
    # spends half its CPU time in the JVM's optimising (C2) compiler: the quick one alone
    # (TieredStopAtLevel=1) gives the same report for half the CPU.
    proc = subprocess.run(
        [java, "-XX:TieredStopAtLevel=1", "-Xss4m", "-jar", str(vnu_jar()), "--format", "json",
         *files],
        capture_output=True, text=True, check=False,
    )
    report = json.loads(proc.stderr)
    messages: dict[str, list[dict[str, Any]]] = {root: [] for root in roots}
    for message in report["messages"]:
        url = message.get("url", "")
        for root in roots:
            prefix = Path(root).as_posix() + "/"
            if prefix in url:
                messages[root].append({**message, "rel": url.split(prefix, 1)[-1]})
                break
    return {root: tuple(found) for root, found in messages.items()}


def vnu_messages(site: Site, *others: Site) -> list[dict[str, Any]]:
    """Every message of the Nu Html Checker on every page of the site (errors, warnings and
    language detection). The sites passed together are checked in one run, once per session."""
    roots = tuple(sorted({str(site.root), *(str(other.root) for other in others)}))
    return list(_vnu(roots)[str(site.root)])


def all_sites(request: pytest.FixtureRequest) -> list[Site]:
    return [get_site(request, name) for name in SITE_NAMES]
