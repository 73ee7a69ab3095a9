"""axe-core (node_modules, pinned in package.json) in headless Chromium: no violation of the WCAG
2.0/2.1 A and AA rules, nor of `aria-allowed-role` and `scrollable-region-focusable`
(readers.AXE_RULES), on any kind of page, in either language, of the repository's site and of
the fixture site that has every kind of page; on a desktop and on a 320 px phone. (A window
of 360 px with a mouse has the phone's layout: Material gives every width from 220 to 479 px
the same one, "mobile portrait", with the drawer and the scrolling tables, and at 320 px every
region that scrolls at 360 px scrolls too; axe's rules do not depend on the pointer.)

Every kind of page is checked on the browser's one walk of the session (tests/walk.py), which
loads each page once per width for all the checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests import readers, walk

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=sorted(walk.VIEWPORTS))
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    for page in readers.browser_page(browser, **walk.VIEWPORTS[request.param]):
        page.context.add_init_script(path=str(readers.AXE))  # parsed once per page load
        yield page


def test_axe_core_is_installed() -> None:
    assert readers.AXE.exists(), "node_modules/axe-core/axe.min.js is missing: run `npm ci`"


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_every_kind_of_page_exists(request: pytest.FixtureRequest, name: str) -> None:
    site = readers.get_site(request, name)
    if name == "repo":
        # the repository's content may not have every kind yet (e.g. no report in a year);
        # the frame's pages are always there
        required = {(lang, kind) for lang, kind in readers.required_kinds()
                    if kind in ("home", "accessibility", "meetings", "action-plan", "404")}
    else:
        required = readers.required_kinds()
    missing = sorted(required - set(site.pages))
    assert not missing, f"[{name} site] no page of kind(s): {missing}; found {sorted(site.pages)}"


@pytest.mark.parametrize("viewport", sorted(walk.VIEWPORTS))
@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_no_wcag_a_aa_violation(request: pytest.FixtureRequest, name: str, viewport: str) -> None:
    record = walk.record(request, name, viewport)
    assert record.checked["axe"] == len(record.pages)
    assert not record["axe"], "axe-core WCAG A/AA violations:\n" + "\n".join(record["axe"])


def test_axe_reports_a_violation(page: Any, served_site: str) -> None:
    """The check can fail: a page with an unlabelled image link and low-contrast text fails it."""
    readers.goto(page, served_site)
    page.evaluate("""() => {
        const a = document.createElement('a'); a.href = '#x';
        a.innerHTML = '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">';
        document.querySelector('article').append(a);
        const p = document.createElement('p'); p.textContent = 'faint';
        p.style.color = '#ddd'; p.style.background = '#fff';
        document.querySelector('article').append(p);
    }""")
    ids = {v["id"] for v in readers.run_axe(page)}
    assert {"image-alt", "color-contrast"} <= ids, ids


def test_axe_reports_a_disallowed_role_and_an_unreachable_scrolling_region(
    page: Any, served_site: str
) -> None:
    """The two rules added to the WCAG ones run: a label with the role button, and a wide table
    in a scrolling frame that cannot take the focus, fail."""
    readers.goto(page, served_site)
    page.evaluate("""() => {
        const article = document.querySelector('article');
        const label = document.createElement('label'); label.textContent = 'menu';
        label.setAttribute('role', 'button'); label.tabIndex = 0;
        article.append(label);
        const wrap = document.createElement('div');
        wrap.style.cssText = 'overflow-x: auto; width: 100px';
        wrap.innerHTML = '<table><tr><td style="white-space: nowrap">'
            + 'a very wide cell of text that overflows its frame</td></tr></table>';
        article.append(wrap);
    }""")
    ids = {v["id"] for v in readers.run_axe(page)}
    assert {"aria-allowed-role", "scrollable-region-focusable"} <= ids, ids
