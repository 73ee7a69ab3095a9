"""Internal links and images as `clay check` sees them (clay_plugins/content/links.py)."""

from __future__ import annotations

from pathlib import Path

from clay_plugins.content.links import LinkChecker


def check(tmp_path: Path, text: str, name: str = "meetings/r.md") -> list[tuple[object, ...]]:
    docs = tmp_path / "docs"
    for rel in ("meetings/poza.png", "meetings/index.md", "action-plan/01-a.md",
                "despre.en.md", "files/plan.pdf"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("x", encoding="utf-8")
    file = docs / name
    file.write_text(text, encoding="utf-8")
    found = LinkChecker(docs).check(text, file, name)
    return [(f.line, f.column, f.code) for f in found]


def test_existing_targets_and_what_is_not_checked(tmp_path: Path) -> None:
    text = (
        "[a](index.md) [b](../action-plan/01-a.md#action-1) [c](#sus) [d](https://x.ro/y.md)\n"
        "[e](mailto:a@b.ro) [f](2021/) [g](feed.xml) [h](calendar.ics) [i](../files/plan.pdf)\n"
        "![Poza](poza.png \"titlu\") ![Poza](<poza.png>) [j](../despre.md) [k](index.md?x=1)\n"
        "`[x](lipsa.md)` <!-- [y](lipsa.md) -->\n"
        "```\n![](lipsa.png)\n```\n"
        "[![Poza](poza.png)](index.md)\n"
    )
    assert check(tmp_path, text) == []


def test_missing_targets_alt_text_and_absolute_links(tmp_path: Path) -> None:
    text = (
        "[a](lipsa.md) ![](poza.png)\n"  # missing page at 5; no alt at 15
        "![ ](<nu-e.png>)\n"  # no alt at 1; missing image at 7 (inside the angle brackets)
        "[b](/meetings/index.md) [c](../../afara.md)\n"  # absolute at 5; outside at 29
        "[ref]: ../action-plan/02-b.md\n"  # reference definition: missing at 8
        "![][ref] <img src=\"poza.png\" alt=\"\"> <img src=\"poza.png\">\n"  # alt 1, 38
        "<a href=\"lipsa.pdf\">PDF</a>\n"  # missing at 10
    )
    assert check(tmp_path, text) == [
        (1, 5, "links.missing"), (1, 15, "links.alt"),
        (2, 1, "links.alt"), (2, 7, "links.missing"),
        (3, 5, "links.absolute"), (3, 29, "links.outside"),
        (4, 8, "links.missing"),
        (5, 1, "links.alt"), (5, 38, "links.alt"),
        (6, 10, "links.missing"),
    ]


def test_front_matter_is_not_body(tmp_path: Path) -> None:
    assert check(tmp_path, "---\ntitle: \"[x](lipsa.md)\"\n---\n\nText.\n") == []


def test_the_files_known_from_a_walk_of_docs(tmp_path: Path) -> None:
    """The page reader walks docs/ once and hands the checker what it found: the checker then
    reads no folder (here there is none), and a file it was not given does not exist."""
    checker = LinkChecker(tmp_path / "nowhere", existing={"meetings/poza.png", "despre.en.md"})
    text = "![Poza](poza.png) [d](../despre.md) ![Harta](harta.png)\n"
    found = checker.check_src(text, "meetings/r.md", "docs/meetings/r.md")
    assert [(f.path, f.line, f.column, f.code) for f in found] == [
        ("docs/meetings/r.md", 1, 46, "links.missing"),
    ]


def test_an_image_marked_decorative_needs_no_alternative_text(tmp_path: Path) -> None:
    text = (
        "![](poza.png){ .decorative }\n"
        "![](poza.png){: .wide .decorative }\n"
        "![](poza.png){ .decorative-ish }\n"  # not the marker: still a finding
    )
    assert check(tmp_path, text) == [(3, 1, "links.alt")]
