"""Every page of the built sites is valid HTML by the Nu Html Checker (npm's vnu-jar, pinned in
package.json: `java -jar node_modules/vnu-jar/build/dist/vnu.jar`, run once on the machine's
Java for all the sites and for an invalid page that proves the check can fail). Every page is
also read by the checker in its own language.

The only errors let through come from the theme itself and cannot be fixed from overrides/:
each is listed below with the reason, and the accessibility statement names it in its
"non-accessible content" section, in both languages (a test checks that the two agree)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

from tests import readers
from tests.sitebuild import REPO

INVALID_PAGE = ('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                '<p><div>block in paragraph</div><img src="a.png"></body></html>')


@pytest.fixture(scope="module")
def invalid_site(tmp_path_factory: pytest.TempPathFactory) -> readers.Site:
    root = tmp_path_factory.mktemp("invalid")
    (root / "index.html").write_text(INVALID_PAGE, encoding="utf-8")
    return readers.Site("invalid", root, "https://example.org/")


def messages(request: pytest.FixtureRequest, site: readers.Site) -> list[dict]:
    """The checker's messages on `site`'s pages, from the one run over every site."""
    invalid = request.getfixturevalue("invalid_site")
    return readers.vnu_messages(site, *readers.all_sites(request), invalid)


@dataclass(frozen=True)
class ThemeError:
    message: str  # regular expression on the checker's message
    extract: str  # regular expression on the checked markup around the error
    statement: str  # words the statement's non-accessible-content section must hold
    why: str


THEME_ERRORS = [
    # Material's base.html writes two hidden checkboxes (the drawer and search toggles) with
    # autocomplete="off" outside any template block: only replacing base.html would remove it.
    ThemeError(
        message=r"^Attribute “autocomplete” is only allowed when the input type is",
        extract=r'class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        statement="`autocomplete`",
        why="Material's base.html, outside any block",
    ),
]

STATEMENTS = {"ro": "docs/accessibility.md", "en": "docs/accessibility.en.md"}


def theme_error(message: dict) -> ThemeError | None:
    for allowed in THEME_ERRORS:
        if re.search(allowed.message, message.get("message", "")) and re.search(
            allowed.extract, message.get("extract", "")
        ):
            return allowed
    return None


def non_accessible_section(lang: str) -> str:
    text = (REPO / STATEMENTS[lang]).read_text(encoding="utf-8")
    match = re.search(r"^## .*\{#non-accessible-content\}\s*$(.*?)(?=^## )", text,
                      flags=re.M | re.S)
    assert match, f"{STATEMENTS[lang]}: no section `## … {{#non-accessible-content}}`"
    return match.group(1)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_every_page_is_valid_html(request: pytest.FixtureRequest, name: str) -> None:
    site = readers.get_site(request, name)
    errors: dict[str, list[str]] = {}
    for message in messages(request, site):
        if message["type"] != "error" and message.get("subType") != "fatal":
            continue
        if theme_error(message):
            continue
        key = f"{message['message']}\n      {message.get('extract', '').strip()[:160]}"
        errors.setdefault(key, []).append(
            f"/{readers.page_address(message['rel'])} line {message.get('lastLine')}")
    report = [f"[{site.name} site] {len(pages)} page(s): {', '.join(pages[:6])}"
              f"{' …' if len(pages) > 6 else ''}\n   {key}" for key, pages in errors.items()]
    assert not report, "Nu Html Checker errors:\n" + "\n".join(report)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_every_allowed_theme_error_still_occurs(request: pytest.FixtureRequest,
                                                name: str) -> None:
    """An entry that no page shows any more goes from the list and from the statement."""
    site = readers.get_site(request, name)
    seen = {theme_error(m) for m in messages(request, site)}
    stale = [e.why for e in THEME_ERRORS if e not in seen]
    assert not stale, f"allowed theme errors no longer found: {stale}: remove them from " \
        "THEME_ERRORS and from the accessibility statement"


@pytest.mark.parametrize("lang", sorted(STATEMENTS))
def test_statement_lists_every_allowed_theme_error(lang: str) -> None:
    section = non_accessible_section(lang)
    missing = [e.statement for e in THEME_ERRORS if e.statement not in section]
    assert not missing, f"{STATEMENTS[lang]}: the non-accessible-content section does not " \
        f"name {missing}"


def test_checker_finds_errors(request: pytest.FixtureRequest,
                              invalid_site: readers.Site) -> None:
    """The check can fail: an invalid page gives errors that the allow-list does not hide."""
    errors = [m for m in messages(request, invalid_site) if m["type"] == "error"]
    assert errors and not any(theme_error(m) for m in errors)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_the_checker_reads_every_page_in_its_language(request: pytest.FixtureRequest,
                                                      name: str) -> None:
    """The checker's language detection ("appears to be written in …") on every page, beside
    tests/test_images.py's checks of `lang`."""
    site = readers.get_site(request, name)
    problems = [f"/{readers.page_address(m['rel'])}: Nu Html Checker: {m['message']}"
                for m in messages(request, site)
                if re.search(r"appears to be written in", m.get("message", ""))
                and m["type"] != "error"]
    assert not problems, f"[{name} site]\n" + "\n".join(problems)


def test_checker_is_npms_vnu_jar_at_the_pinned_release() -> None:
    """The jar that runs is the release package.json pins (not an old copy bundled elsewhere)."""
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    java = shutil.which("java")
    assert java, "java is missing (`make java` installs it)"
    shown = subprocess.run([java, "-jar", str(readers.vnu_jar()), "--version"],
                           capture_output=True, text=True, check=True, timeout=120).stdout
    assert shown.split()[0] == pinned["vnu-jar"], shown
