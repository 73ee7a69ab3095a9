"""Issue 25 changed how the site is made, not what it publishes: the repository's pages built by
the code of the commit before the issue (`BASE`) and by today's code give the same addresses,
the same feeds, calendars, JSON and sitemaps to the byte, and every finding code the guides
explained then is still given.

Both builds read today's docs/, each with its own mkdocs.yml, overrides/ and clay_plugins/ (the
old ones from git, imported before the installed package through PYTHONPATH), so only the code
differs. HTML pages may change (later issues change the templates); their addresses may not.
New files are allowed. Needs git's history (a shallow clone skips it); `slow`: two whole builds.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from tests.finding_codes import all_codes
from tests.sitebuild import REPO
from tests.test_cli_docs import explained

# main before issue 25's first commit (benchmarks/RESULTS.md names it too)
BASE = "b170daa4239ac9831b135641966dea3075b59bba"
# the data files of the site: compared byte for byte
DATA_SUFFIXES = (".xml", ".ics", ".json", ".gz")
# Pagefind's index is left out of both builds (the slowest step, and its files are named by a
# hash of their content): tests/test_search*.py judge it by what it finds
INTERNAL = ("pagefind/",)


def _git(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, check=False)


def _build(root: Path, out: Path, pythonpath: str | None) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": "https://example.org/clay/",
           "SOURCE_DATE_EPOCH": "1617840000"}
    env.pop("PYTHONPATH", None)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                           "-d", str(out)], cwd=root, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]


def _layout(root: Path, tree: bytes | None) -> Path:
    """today's docs/ beside the mkdocs.yml, overrides/ and clay_plugins/ of `tree` (a tar from
    `git archive`), or beside today's mkdocs.yml and overrides/ when None."""
    root.mkdir(parents=True)
    if tree is None:
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "overrides", root / "overrides")
    else:
        with tarfile.open(fileobj=io.BytesIO(tree)) as tar:
            tar.extractall(root, filter="data")
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    config.write_text("".join(x for x in lines if x.strip() != "- clay-search"), encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    if (REPO / "node_modules").is_dir():
        (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    return root


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and not p.relative_to(site).as_posix().startswith(INTERNAL)}


def differences(before: Path, after: Path) -> list[str]:
    """What `after` lost or changed of `before`'s addresses and data files."""
    old, new = files_of(before), files_of(after)
    found = [f"{rel}: no longer published" for rel in sorted(old - new)]
    found += [f"{rel}: changed" for rel in sorted(old & new)
              if rel.endswith(DATA_SUFFIXES) and not rel.startswith("assets/")
              and (before / rel).read_bytes() != (after / rel).read_bytes()]
    return found


def test_differences_are_found(tmp_path: Path) -> None:
    before, after = tmp_path / "a", tmp_path / "b"
    for site, feed in ((before, b"<rss/>"), (after, b"<rss>x</rss>")):
        (site / "meetings" / "r").mkdir(parents=True)
        (site / "meetings" / "feed.xml").write_bytes(feed)
        (site / "index.html").write_bytes(b"<html>" + feed)
    (before / "meetings" / "r" / "index.html").write_bytes(b"<html>")
    (after / "schemas").mkdir()
    (after / "schemas" / "meeting.json").write_bytes(b"{}")
    assert differences(before, after) == ["meetings/r/index.html: no longer published",
                                          "meetings/feed.xml: changed"]


@pytest.mark.slow
def test_the_site_is_the_same_as_before_issue_25(tmp_path: Path) -> None:
    tree = _git("archive", "--format=tar", BASE, "mkdocs.yml", "overrides", "clay_plugins")
    if tree.returncode != 0:
        pytest.skip(f"commit {BASE[:7]} is not in this clone (a shallow one?)")
    old_root = _layout(tmp_path / "old", tree.stdout)
    _build(old_root, tmp_path / "before", pythonpath=str(old_root))
    _build(_layout(tmp_path / "new", None), tmp_path / "after", pythonpath=None)
    before, after = tmp_path / "before", tmp_path / "after"
    # the old build ran the old code, not the installed package
    assert not (before / "schemas").exists() and (after / "schemas" / "meeting.json").is_file()
    assert differences(before, after) == []
    assert any(rel.endswith("meetings.json") for rel in files_of(before))
    # every finding code the guides explained then is still given
    codes, _ = all_codes()
    for guide in ("CONTRIBUTING.md", "CONTRIBUTING.en.md"):
        shown = _git("show", f"{BASE}:{guide}")
        assert shown.returncode == 0, shown.stderr
        then = tmp_path / guide
        then.write_bytes(shown.stdout)
        assert explained(then) - codes == set(), guide
