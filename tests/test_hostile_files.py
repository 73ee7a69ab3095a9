"""Hostile and broken files in docs/: `clay check` and the strict build refuse each one with the
same finding (code, path, line), never with a traceback, a hang or a published file from outside
docs/. (How quickly is benchmarks/bench_hostile.py's budget; here a runaway only fails.)

One table of cases serves both doors. Each case lays out a small site, then may add what a
dictionary of files cannot hold (symbolic links). `clay check` runs every case; the strict build
runs those where it could publish something (links, special files, names), since it reports
what `clay check` reports (tests/test_build_state.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from clay_plugins.cli import main
from clay_plugins.content.pages import MAX_PAGE_BYTES, read_pages
from clay_plugins.content.site import load_content
from tests.hostile import Runaway, runaway_guard
from tests.sitebuild import BuildFailed, build_site, content_config, make_site

# wall seconds after which a reader blocked on a named pipe is let go (the case then fails on
# its finding); nobody should ever be waiting
FIFO_RELEASE_SECONDS = 10.0

BASE: dict[str, str | bytes] = {
    "index.md": "# Acasă\n\nText.\n",
    "index.en.md": "# Home\n\nText.\n",
    "accessibility.md": "# Accesibilitate\n\nText.\n",
    "accessibility.en.md": "# Accessibility\n\nText.\n",
    "privacy.md": "# Confidențialitate\n\nText.\n",
    "privacy.en.md": "# Privacy\n\nText.\n",
    "meetings/index.md": "# Întâlniri\n\nText.\n",
    "meetings/index.en.md": "# Meetings\n\nText.\n",
    "action-plan/index.md": "# Planul de acțiune\n\nText.\n",
    "action-plan/index.en.md": "# Action plan\n\nText.\n",
}

OUTSIDE_SECRET = "SECRET-FROM-OUTSIDE-DOCS"


def _link_file(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(f"# Secret\n\n{OUTSIDE_SECRET}\n", encoding="utf-8")
    (outside / "key.txt").write_text(OUTSIDE_SECRET, encoding="utf-8")
    (root / "docs" / "secret.md").symlink_to(outside / "secret.md")
    (root / "docs" / "assets" / "key.txt").symlink_to(outside / "key.txt")


def _link_folder(root: Path) -> None:
    outside = root.parent / "outside-folder"
    outside.mkdir(exist_ok=True)
    (outside / "page.md").write_text(f"# Page\n\n{OUTSIDE_SECRET}\n", encoding="utf-8")
    (root / "docs" / "more").symlink_to(outside, target_is_directory=True)


def _link_loop(root: Path) -> None:
    (root / "docs" / "meetings" / "again").symlink_to(root / "docs", target_is_directory=True)


def _fifo(root: Path) -> None:
    os.mkfifo(root / "docs" / "pipe.md")


@contextlib.contextmanager
def _fifo_watchdog(docs: Path, after: float) -> Iterator[None]:
    """After `after` seconds, let whoever waits on a named pipe under `docs` read its end, so
    that a build that reads one fails the test instead of hanging the suite."""
    done = threading.Event()

    def release() -> None:
        if done.wait(after):
            return
        while not done.is_set():
            for fifo in (p for p in docs.rglob("*") if p.is_fifo()):
                with contextlib.suppress(OSError):  # ENXIO: nobody is reading it
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            done.wait(0.1)

    watchdog = threading.Thread(target=release, daemon=True)
    watchdog.start()
    try:
        yield
    finally:
        done.set()
        watchdog.join()


def _nested(depth: int) -> str:
    return "---\nhide: " + "[" * depth + "toc" + "]" * depth + "\n---\n\n# Confidențialitate\n"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    expected: tuple[str, int | None, str]  # (path, line, code) of the finding
    setup: Callable[[Path], None] | None = None
    keyword: str = ""  # a word of the message, for the build's log (which has no codes)
    unpublished: tuple[str, ...] = field(default=())  # names no output file may have


CASES = [
    Case("symlink-to-file", {}, ("docs/secret.md", None, "file.symlink"), _link_file,
         "outside", ("secret.md",)),
    Case("symlink-to-folder", {}, ("docs/more", None, "file.symlink"), _link_folder,
         "outside", ("page.md",)),
    Case("symlink-loop", {}, ("docs/meetings/again", None, "file.symlink-loop"), _link_loop,
         "loop"),
    Case("named-pipe", {}, ("docs/pipe.md", None, "file.special"), _fifo, "pipe"),
    Case("upper-case-extension", {"meetings/2021-04-08-atelier.MD": "---\ntitle: X\n---\n"},
         ("docs/meetings/2021-04-08-atelier.MD", None, "page.extension"), None, ".md",
         ("2021-04-08-atelier.MD",)),
    Case("markdown-extension", {"note.markdown": "# Notă\n\nText.\n"},
         ("docs/note.markdown", None, "page.extension"), None, ".md", ("note.markdown",)),
    Case("latin-1-page", {"privacy.md": b"# Confidentialitate\n\nDatele sunt \xbaterse.\n"},
         ("docs/privacy.md", 3, "page.encoding"), None, "UTF-8"),
    Case("nul-bytes", {"privacy.md": b"# Confidentialitate\n\nText\x00\x00 aici.\n"},
         ("docs/privacy.md", 3, "page.nul"), None, "NUL"),
    Case("huge-page", {"privacy.md": "# Mare\n\n" + ("Un text lung [legătură](index.md) ş. "
                                                    * (MAX_PAGE_BYTES // 30))},
         ("docs/privacy.md", None, "page.size"), None, "bytes"),
    Case("missing-template", {"privacy.md": "---\ntemplate: nu-exista.html\n---\n\n# Text\n"},
         ("docs/privacy.md", 2, "page.template"), None, "template"),
    Case("template-outside", {"privacy.md": "---\ntemplate: ../../etc/passwd\n---\n\n# T\n"},
         ("docs/privacy.md", 2, "page.template"), None, "template"),
    Case("nested-hide", {"privacy.md": _nested(4)}, ("docs/privacy.md", 2, "page.hide"),
         None, "hide"),
    Case("unknown-hide", {"privacy.md": "---\nhide:\n  - navigation\n  - sidebar\n---\n"},
         ("docs/privacy.md", 2, "page.hide"), None, "hide"),
    Case("search-not-mapping", {"privacy.md": "---\nsearch: exclude\n---\n\n# T\n"},
         ("docs/privacy.md", 2, "page.search"), None, "search"),
    Case("title-mapping", {"privacy.md": "---\ntitle:\n  ro: Titlu\n---\n\n# T\n"},
         ("docs/privacy.md", 2, "page.title"), None, "title"),
    Case("cedilla-in-ordinary-page", {"privacy.md": "# Confidențialitate\n\nDatele sunt "
                                      "şterse.\n"},
         ("docs/privacy.md", 3, "typography.cedilla"), None, "cedilla"),
    Case("placeholder-in-ordinary-page",
         {"privacy.md": "# Confidențialitate\n\nTextul capitolului: scrieți aici conținutul "
                        "lui.\n"},
         ("docs/privacy.md", 3, "content.placeholder"), None, "placeholder"),
    Case("missing-link-in-ordinary-page",
         {"privacy.md": "# Confidențialitate\n\nVezi [pagina](lipsa.md).\n"},
         ("docs/privacy.md", 3, "links.missing"), None, "lipsa.md"),
]


def _site(tmp_path: Path, case: Case) -> Path:
    cfg = make_site(tmp_path / "site", {**BASE, **case.files}, config=content_config())
    if case.setup is not None:
        case.setup(cfg.parent)
    return cfg


@pytest.fixture(autouse=True)
def _no_runaway() -> Iterator[None]:
    with runaway_guard():
        yield


def _check(cfg: Path, capsys: pytest.CaptureFixture[str],
           *args: str) -> tuple[int, dict[str, Any]]:
    with _fifo_watchdog(cfg.parent / "docs", FIFO_RELEASE_SECONDS):
        code = main(["check", "--lang", "en", "--config", str(cfg), "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_clay_check_reports_the_file(case: Case, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    cfg = _site(tmp_path, case)
    code, data = _check(cfg, capsys)
    found = [(f["path"], f["line"], f["code"]) for f in data["findings"]]
    assert case.expected in found
    assert code == 1
    # the same finding when the file (or its folder) is named on the command line
    code, data = _check(cfg, capsys, str(cfg.parent / case.expected[0]))
    assert case.expected in [(f["path"], f["line"], f["code"]) for f in data["findings"]]
    assert code == 1
    # --fix corrects what it can (the cedilla) and leaves the files it cannot read alone
    path = cfg.parent / case.expected[0]
    before = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    code, data = _check(cfg, capsys, "--fix")
    fixable = case.expected[2] == "typography.cedilla"
    found = [(f["path"], f["line"], f["code"]) for f in data["findings"]]
    assert (case.expected in found) is not fixable
    assert code == (0 if fixable else 1)
    if before is not None and not fixable:
        assert path.read_bytes() == before
    if case.id == "huge-page":  # not read by --fix either, and said so
        assert (case.expected[0], None, "fix.unwritten") in found


# The build reports what `clay check` reports, from the same `load_content`, and stops on an
# error (test_build_state.py proves both for any finding): a whole build adds something only
# where a file could still be published or read through a link, a special file or its name.
PUBLISHABLE = [c for c in CASES if c.setup is not None or c.unpublished]


@pytest.mark.parametrize("case", PUBLISHABLE, ids=[c.id for c in PUBLISHABLE])
def test_strict_build_refuses_the_file(case: Case, tmp_path: Path) -> None:
    cfg = _site(tmp_path, case)
    path, line, _code = case.expected
    with _fifo_watchdog(cfg.parent / "docs", FIFO_RELEASE_SECONDS), \
            pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    # the build's log has the finding's text (no code): `path[:line[:column]]: what — fix`
    where = re.compile(re.escape(path) + (": " if line is None else rf":{line}(:\d+)?: "))
    assert any(where.search(text) and case.keyword in text
               for text in failed.value.text.splitlines())
    site = cfg.parent / "site"
    published = [p for p in site.rglob("*")] if site.exists() else []
    assert not [p for p in published if p.name in case.unpublished]
    assert not [p for p in published if p.is_file() and p.suffix in (".html", ".txt", ".md")
                and OUTSIDE_SECRET in p.read_text(encoding="utf-8", errors="replace")]


def test_a_deep_front_matter_is_one_finding(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Nesting beyond what the YAML loader can build is refused, not a RecursionError."""
    cfg = make_site(tmp_path / "site", {**BASE, "privacy.md": _nested(5000)},
                    config=content_config())
    code, data = _check(cfg, capsys)
    assert ("docs/privacy.md", "frontmatter.nesting") in [
        (f["path"], f["code"]) for f in data["findings"]]
    assert code == 1


def test_the_base_site_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The cases above differ from a site that passes only by their one file."""
    cfg = make_site(tmp_path / "site", BASE, config=content_config())
    code, data = _check(cfg, capsys)
    assert (code, data["findings"]) == (0, [])
    build_site(cfg)


def test_a_page_just_under_the_size_limit_is_checked(tmp_path: Path) -> None:
    """To its last line: the problems are there, after two megabytes of plain prose."""
    line = "Un text obișnuit, fără nimic de semnalat: doar cuvinte, virgule și punct.\n"
    last = "Ultimul rând: [legătură](index.md) ![poză](lipsa.png) ş.\n"
    room = MAX_PAGE_BYTES - 100 - len(last.encode("utf-8"))
    text = "# Mare\n\n" + line * (room // len(line.encode("utf-8"))) + last
    assert MAX_PAGE_BYTES - 200 < len(text.encode("utf-8")) < MAX_PAGE_BYTES
    cfg = make_site(tmp_path / "site", {**BASE, "privacy.md": text}, config=content_config())
    from clay_plugins.cli.site import load_site

    content = load_content(load_site(cfg))
    found = {(f.code, f.line) for f in content.findings if f.path == "docs/privacy.md"}
    assert found == {("links.missing", text.count("\n")), ("typography.cedilla", text.count("\n"))}


def test_links_inside_docs_are_read_as_pages(tmp_path: Path) -> None:
    """A link to a file or a folder inside docs/ is what MkDocs publishes: a page like any."""
    cfg = make_site(tmp_path / "site", BASE, config=content_config())
    docs = cfg.parent / "docs"
    (docs / "despre.md").symlink_to(docs / "privacy.md")
    (docs / "plan").symlink_to(docs / "action-plan", target_is_directory=True)
    from clay_plugins.cli.site import load_site

    pages, findings = read_pages(load_site(cfg))
    assert {"despre.md", "plan/index.md", "plan/index.en.md"} <= set(pages.sources)
    assert [f for f in findings if f.code.startswith("file.")] == []
    assert os.path.islink(docs / "despre.md")


def test_an_unreadable_page_still_counts_for_its_translation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Romanian page that cannot be read is reported once, not again as a missing original
    of its translation."""
    case = next(c for c in CASES if c.id == "latin-1-page")
    code, data = _check(_site(tmp_path, case), capsys)
    assert [(f["path"], f["line"], f["code"]) for f in data["findings"]] == [case.expected]
    assert code == 1


def test_the_runaway_guard_stops_a_busy_loop() -> None:
    """The guard above is real: a loop that never ends fails, after its CPU seconds."""
    with pytest.raises(Runaway), runaway_guard(1):
        while True:
            pass
