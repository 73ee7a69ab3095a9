"""The print edition of the action plan in headless Chromium, as a reader saving a PDF gets it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serving
from tests.test_action_plan_site import build_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plan_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    result = build_fixture(tmp_path_factory.mktemp("plan-browser"))
    with serving(result.site) as url:
        yield url


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1000, "height": 800})
    yield context.new_page()
    context.close()


def shown(page: Any, selector: str) -> bool:
    return bool(page.eval_on_selector(
        selector, "e => getComputedStyle(e).display !== 'none'"
    ))


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_print_edition_prints_one_chapter_per_sheet_without_the_site_frame(
    plan_url: str, page: Any, lang_prefix: str, tmp_path: Path
) -> None:
    page.goto(f"{plan_url}{lang_prefix}action-plan/print/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-footer", ".md-sidebar--primary", ".headerlink"):
        assert not shown(page, selector), selector
    assert shown(page, ".md-banner")  # the EU block is part of the printed plan
    breaks = page.eval_on_selector_all(
        "section.clay-print-chapter", "els => els.map(e => getComputedStyle(e).breakBefore)"
    )
    assert breaks == ["auto", "page", "page"]
    after = page.eval_on_selector(
        'section.clay-print-chapter a[href^="https://www.interregeurope.eu/"]',
        "e => getComputedStyle(e, '::after').content",
    )
    assert after == '" (https://www.interregeurope.eu/)"'  # the address printed after the link
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 3  # three short chapters, one sheet each

    # on screen the same page keeps the site frame
    page.emulate_media(media="screen")
    assert shown(page, ".md-header")


def test_chapter_page_prints_without_pager(plan_url: str, page: Any) -> None:
    page.goto(f"{plan_url}action-plan/02-actiuni/")
    assert shown(page, ".clay-chapter-pager")
    page.emulate_media(media="print")
    assert not shown(page, ".clay-chapter-pager")
    assert shown(page, ".clay-chapter-header")
