"""tests/site_diff.py, the comparison behind `make canary` (MkDocs against ProperDocs): two
sites identical apart from the generator's name pass; any other difference is reported with
the file, and so is a file that only one build wrote."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import site_diff

PAGE = ('<!doctype html><html lang="ro"><head><meta name="generator" content="{gen}">'
        "<title>x</title></head><body>\n<p>{text}</p>\n</body></html>\n")


def site(root: Path, gen: str, text: str = "Întâlniri", extra: dict[str, bytes] | None = None
         ) -> Path:
    for rel, data in {"index.html": PAGE.format(gen=gen, text=text).encode(),
                      "en/index.html": PAGE.format(gen=gen, text="Meetings").encode(),
                      "sitemap.xml.gz": b"\x1f\x8b\x08\x00same",
                      "meetings/feed.xml": b"<rss/>\n", **(extra or {})}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root


def test_identical_apart_from_the_generator_passes(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    a = site(tmp_path / "a", "mkdocs-1.6.1, mkdocs-material")
    b = site(tmp_path / "b", "mkdocs-ProperDocs 1.6.7, mkdocs-material")
    assert site_diff.main([str(a), str(b), "--expect-generator", "ProperDocs"]) == 0
    assert "4 files compared, 2 differ only by the generator's name, 0 other" in \
        capsys.readouterr().out


def test_any_other_difference_is_reported_with_its_file(tmp_path: Path) -> None:
    a = site(tmp_path / "a", "mkdocs-1.6.1", extra={"meetings/feed.xml": b"<rss>1</rss>"})
    b = site(tmp_path / "b", "ProperDocs 1.6.7", text="Intalniri",
             extra={"meetings/feed.xml": b"<rss>2</rss>", "sitemap.xml.gz": b"\x1f\x8b\xff"})
    problems = site_diff.compare(a, b).problems
    assert [p.split(":")[0] for p in problems] == ["index.html", "meetings/feed.xml",
                                                   "sitemap.xml.gz"]
    assert "Intalniri" in problems[0] and "binary" in problems[2]


def test_a_file_written_by_one_build_only_is_reported(tmp_path: Path) -> None:
    a = site(tmp_path / "a", "g")
    b = site(tmp_path / "b", "g", extra={"meetings/calendar.ics": b"BEGIN:VCALENDAR"})
    assert site_diff.compare(a, b).problems == [f"meetings/calendar.ics: only in {b}"]


def test_the_expected_generator_must_be_named(tmp_path: Path) -> None:
    """A canary that built twice with MkDocs (identical pages) fails instead of passing."""
    a, b = site(tmp_path / "a", "mkdocs-1.6.1"), site(tmp_path / "b", "mkdocs-1.6.1")
    assert site_diff.main([str(a), str(b)]) == 0
    assert site_diff.main([str(a), str(b), "--expect-generator", "ProperDocs"]) == 1


def test_a_folder_that_is_not_a_site_is_refused(tmp_path: Path) -> None:
    a = site(tmp_path / "a", "g")
    assert site_diff.main([str(a), str(tmp_path / "missing")]) == 2
