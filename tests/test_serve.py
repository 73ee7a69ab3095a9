"""`clay serve`'s incremental preview (clay_plugins/serve/): after each edit, the folder it
serves is the same, file for file, as a cold `mkdocs build` of the same sources
(tests/site_diff.py), and an edited report re-renders only the pages that show it."""

from __future__ import annotations

import inspect
import os
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build

from clay_plugins.serve import mkdocs_private
from clay_plugins.serve.preview import Outcome, Preview
from tests import site_diff
from tests.fixtures.meetings.support import corpus_site, report
from tests.sitebuild import build_site, make_site, repo_config

SIXTH = "meetings/2021-04-08-test-sixth"


def test_mkdocs_private_steps_are_those_the_preview_calls() -> None:
    """The preview's one use of MkDocs' private side: a MkDocs release that changes these
    two steps fails here, not in an editor's preview."""
    populate = inspect.signature(mkdocs_build._populate_page).parameters
    build = inspect.signature(mkdocs_build._build_page).parameters
    # as MkDocs 1.6 declares them, and as mkdocs_private.render_pages passes them
    assert tuple(populate) == ("page", "config", "files", "dirty")
    assert tuple(build) == ("page", "config", "doc_files", "nav", "env", "dirty", "excluded")
    assert "_populate_page" in inspect.getsource(mkdocs_private)


def _edit(path: Path, pattern: str, replacement: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert changed != text, f"{pattern!r} not in {path}"
    _write(path, changed)


def _write(path: Path, text: str) -> None:
    stat = path.stat() if path.exists() else None
    path.write_text(text, encoding="utf-8")
    if stat is not None:  # a save within the file system's time resolution is still seen
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


def _same_as_cold_build(cfg: Path, preview: Preview, tmp: Path) -> None:
    cold = tmp / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    config_site = build_site(cfg).site
    config_site.rename(cold)
    found = site_diff.compare(cold, preview.site_dir)
    assert found.problems == [], "\n".join(found.problems[:20])
    assert found.files > 50


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Preview]:
    cfg = corpus_site(tmp_path / "site")
    preview = Preview(cfg, tmp_path / "preview")
    assert preview.build().kind == "build"
    return cfg, preview


def test_edits_of_a_report_render_only_its_pages_and_equal_a_cold_build(
        corpus: tuple[Path, Preview], tmp_path: Path) -> None:
    cfg, preview = corpus
    docs = cfg.parent / "docs"
    site = preview.site_dir
    untouched = site / "accessibility" / "index.html"
    written = untouched.stat().st_mtime_ns
    edits = [
        ("title", lambda: _edit(docs / f"{SIXTH}.md", r"^title: .*$", "title: Un titlu nou")),
        # what the lists count (every list page shows the totals)
        ("participants", lambda: _edit(docs / f"{SIXTH}.md", r"^format: ",
                                       "participants: 17\nformat: ")),
        ("topics", lambda: _edit(docs / f"{SIXTH}.md", r"^topics: .*$",
                                 "topics: [funding, policy-instrument]")),
        ("translation's text", lambda: _edit(docs / f"{SIXTH}.en.md", r"^The text",
                                             "The new text")),
    ]
    for what, edit in edits:
        edit()
        outcome = preview.update()
        assert outcome.kind == "pages", (what, outcome)
        assert 0 < outcome.pages < 40, (what, outcome)
        _same_as_cold_build(cfg, preview, tmp_path)
        # a page that shows no report is not written again
        assert untouched.stat().st_mtime_ns == written, what
    assert "Un titlu nou" in (site / SIXTH / "index.html").read_text(encoding="utf-8")
    assert preview.update().kind == "none"


def test_a_report_added_deleted_or_redated_rebuilds_the_site(
        corpus: tuple[Path, Preview], tmp_path: Path) -> None:
    cfg, preview = corpus
    docs = cfg.parent / "docs"
    # a new date is a new file name (the name starts with the date)
    for suffix in ("", ".en"):
        old = docs / f"{SIXTH}{suffix}.md"
        _edit(old, r"^date: .*$", "date: 2019-05-02")
        old.rename(docs / "meetings" / f"2019-05-02-test-sixth{suffix}.md")
    assert preview.update().kind == "build"
    _same_as_cold_build(cfg, preview, tmp_path)
    assert (preview.site_dir / "meetings" / "2019-05-02-test-sixth" / "index.html").is_file()
    _write(docs / "meetings" / "2022-02-03-test-added.md", report(
        title="Adăugată", summary="Rezumat.", date="2022-02-03", format="online",
        platform="Zoom", topics="[funding]"))
    assert preview.update().kind == "build"
    _same_as_cold_build(cfg, preview, tmp_path)
    assert (preview.site_dir / "meetings" / "2022-02-03-test-added" / "index.html").is_file()
    (docs / "meetings" / "2020-11-25-test-online.md").unlink()
    assert preview.update().kind == "build"
    _same_as_cold_build(cfg, preview, tmp_path)
    assert not (preview.site_dir / "meetings" / "2020-11-25-test-online").exists()


def test_a_broken_edit_keeps_the_last_good_site_and_says_where(
        corpus: tuple[Path, Preview], tmp_path: Path) -> None:
    cfg, preview = corpus
    source = cfg.parent / "docs" / f"{SIXTH}.md"
    page = preview.site_dir / SIXTH / "index.html"
    good = page.read_bytes()
    _edit(source, r"^date: .*$", "date: 2021-13-45")
    outcome: Outcome = preview.update()
    assert outcome.kind == "broken"
    line = next(n for n, text in enumerate(source.read_text().splitlines(), 1)
                if text.startswith("date:"))
    assert any(p.startswith(f"docs/{SIXTH}.md:{line}:") and " — " in p
               for p in outcome.problems), outcome.problems
    assert page.read_bytes() == good
    _edit(source, r"^date: .*$", "date: 2021-04-08")
    _edit(source, r"^title: .*$", "title: Reparată")
    assert preview.update().kind == "pages"
    _same_as_cold_build(cfg, preview, tmp_path)


def test_a_template_change_rebuilds_the_site(corpus: tuple[Path, Preview],
                                             tmp_path: Path) -> None:
    cfg, preview = corpus
    main = cfg.parent / "overrides" / "main.html"
    _write(main, main.read_text(encoding="utf-8") + "\n{# edited #}\n")
    assert preview.update().kind == "build"
    _same_as_cold_build(cfg, preview, tmp_path)


def test_with_the_search_index_the_preview_equals_a_cold_build(tmp_path: Path) -> None:
    """The search index is made after the page is served (`index`); once made, it is the
    cold build's, byte for byte."""
    cfg = make_site(tmp_path / "site", use_repo_docs=True, config=repo_config())
    preview = Preview(cfg, tmp_path / "preview")
    assert preview.build().kind == "build"
    assert not (preview.site_dir / "pagefind").exists()
    meeting = next(p for p in sorted((cfg.parent / "docs" / "meetings").glob("2*.md"))
                   if not p.name.endswith(".en.md"))
    _edit(meeting, r"^title: .*$", "title: Un titlu căutat")
    assert preview.update().kind == "pages"
    assert preview.index()
    _same_as_cold_build(cfg, preview, tmp_path)


def test_an_edited_report_is_shown_first_and_the_rest_follows(
        corpus: tuple[Path, Preview], tmp_path: Path) -> None:
    """`clay serve` shows the edited report's own pages at once (`complete=False`), and
    writes the pages that list or link it right after (`finish`)."""
    cfg, preview = corpus
    docs = cfg.parent / "docs"
    page = preview.site_dir / SIXTH / "index.html"
    listed = preview.site_dir / "meetings" / "index.html"
    _edit(docs / f"{SIXTH}.md", r"^title: .*$", "title: Întâi pagina ei")
    first = preview.update(complete=False)
    assert first.kind == "pages" and first.pages == 2  # its Romanian and English pages
    assert "Întâi pagina ei" in page.read_text(encoding="utf-8")
    assert "Întâi pagina ei" not in listed.read_text(encoding="utf-8")
    rest = preview.finish()
    assert rest.kind == "pages" and rest.pages > 2
    assert "Întâi pagina ei" in listed.read_text(encoding="utf-8")
    assert preview.finish().kind == "none"
    _same_as_cold_build(cfg, preview, tmp_path)

