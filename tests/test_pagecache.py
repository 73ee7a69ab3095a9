"""clay-pagecache: a build that takes pages from the cache writes the very site that a build
with an empty cache writes from the same sources (tests/site_diff.py, every file, every byte),
after a change to a report, a template or mkdocs.yml too; an entry that is not intact is made
again; a page whose making warned is not kept."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from clay_plugins.pagecache import plugin
from tests.fixtures.meetings.support import corpus_site
from tests.site_diff import compare
from tests.sitebuild import BuildResult, build_site

REPORT = "meetings/2021-04-08-test-sixth.md"
CHANGED = '<p class="changed"></p>\n'


def _build(cfg: Path, cache: Path, into: Path, monkeypatch: pytest.MonkeyPatch,
           *, strict: bool = True) -> tuple[BuildResult, int, int]:
    """Build with the cache in `cache`, keep the site in `into`; the pages reused and made
    (and checks that every page made was kept, but for those that warned)."""
    monkeypatch.setenv("CLAY_CACHE_DIR", str(cache))
    result = build_site(cfg, strict=strict)
    shutil.copytree(result.site, into)
    counts = [getattr(r, "clay_pages", None) for r in result.messages]
    found = [c for c in counts if c is not None]
    assert len(found) == 2  # one record per language
    reused, made, kept = (sum(c[k] for c in found) for k in ("reused", "made", "kept"))
    assert made - kept == len([w for w in result.warnings if "a warning" in w])
    return result, reused, made


def _same(a: Path, b: Path) -> None:
    result = compare(a, b)
    assert result.files > 100
    assert result.problems == []


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return corpus_site(tmp_path / "site")


def test_a_build_from_the_cache_is_the_build_without_it(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _, reused, made = _build(site, cache, tmp_path / "cold", monkeypatch)
    assert reused == 0 and made >= 40  # both languages' pages
    _, reused, made_again = _build(site, cache, tmp_path / "warm", monkeypatch)
    assert (reused, made_again) == (made, 0)
    _same(tmp_path / "cold", tmp_path / "warm")
    entries = [p for p in (cache / "page").rglob("*") if p.is_file()]
    assert len(entries) == made


@pytest.mark.parametrize("change", ["report", "template", "config"])
def test_a_changed_source_remakes_what_shows_it(
    change: str, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _, _, total = _build(site, cache, tmp_path / "first", monkeypatch)
    root = site.parent
    if change == "report":
        path = root / "docs" / REPORT
        path.write_text(path.read_text(encoding="utf-8").replace(
            "title: A șasea întâlnire de test", "title: A șasea întâlnire, redenumită"),
            encoding="utf-8")
    elif change == "template":
        path = root / "overrides" / "partials" / "copyright.html"
        path.write_text(path.read_text(encoding="utf-8") + "<!-- changed -->\n",
                        encoding="utf-8")
    else:
        path = root / "mkdocs.yml"
        cfg = yaml.safe_load(path.read_text(encoding="utf-8"))
        cfg["copyright"] = "Changed copyright"
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    _, reused, made = _build(site, cache, tmp_path / "warm", monkeypatch)
    _, cold_reused, _ = _build(site, tmp_path / "empty", tmp_path / "cold", monkeypatch)
    assert cold_reused == 0
    _same(tmp_path / "cold", tmp_path / "warm")
    first, warm = (tmp_path / "first" / "index.html"), (tmp_path / "warm" / "index.html")
    if change == "report":
        # the report, its neighbours and the lists again; the pages that show no report not
        assert 0 < made < total and reused + made == total
        shown = (tmp_path / "warm" / "meetings" / "2021-04-08-test-sixth" / "index.html")
        assert "redenumită" in shown.read_text(encoding="utf-8")
        assert (tmp_path / "first" / "privacy" / "index.html").read_bytes() == (
            tmp_path / "warm" / "privacy" / "index.html").read_bytes()
    else:
        # every page shows the site's frame
        assert (reused, made) == (0, total)
        assert first.read_bytes() != warm.read_bytes()


def test_an_entry_that_is_not_intact_is_made_again(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    _, _, total = _build(site, cache, tmp_path / "cold", monkeypatch)
    entries = sorted(p for p in (cache / "page").rglob("*") if p.is_file())
    damaged = entries[::3]
    for path in damaged:
        data = bytearray(path.read_bytes())
        data[-20] ^= 0x55  # a byte of the page's HTML
        path.write_bytes(bytes(data))
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # truncated
    _, reused, made = _build(site, cache, tmp_path / "warm", monkeypatch)
    assert made == len(damaged) + 1 and reused == total - made
    _same(tmp_path / "cold", tmp_path / "warm")
    _, reused, made = _build(site, cache, tmp_path / "again", monkeypatch)
    assert (reused, made) == (total, 0)  # replaced by intact entries


def test_a_page_whose_making_warned_is_not_kept(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a hook (a plugin of the site's own) warns while one page is made: the warning must come
    # again on every build (a strict build fails on it), so that page is made every time
    hook = site.parent / "warn.py"
    hook.write_text(
        "import logging\n"
        "log = logging.getLogger('mkdocs.hooks.warn')\n"
        "def on_page_content(html, page, **kwargs):\n"
        "    if page.file.src_uri == 'accessibility.md':\n"
        "        log.warning('accessibility.md: a warning')\n"
        "    return html\n", encoding="utf-8")
    cfg = yaml.safe_load(site.read_text(encoding="utf-8"))
    cfg["hooks"] = ["warn.py"]
    site.write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    cache = tmp_path / "cache"
    first, _, made = _build(site, cache, tmp_path / "cold", monkeypatch, strict=False)
    warned = [w for w in first.warnings if "a warning" in w]
    assert len(warned) == 2  # the page in both languages (untranslated under en/)
    second, reused, made_again = _build(site, cache, tmp_path / "warm", monkeypatch,
                                        strict=False)
    assert [w for w in second.warnings if "a warning" in w] == warned
    assert made_again == 2 and reused == made - 2
    _same(tmp_path / "cold", tmp_path / "warm")


def test_what_every_page_depends_on_is_read_once_per_build_and_again_by_the_next(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs.yml and the site's templates are read once for a build and all its languages; a
    second build of the same config object (as a program calling MkDocs' `build` twice makes
    it) reads them again, so a template changed in between is on every page. The plugin's
    count of the warnings leaves MkDocs' logger when the build ends."""
    monkeypatch.setenv("CLAY_CACHE_DIR", str(tmp_path / "cache"))
    reads = []
    read = plugin._user_config
    monkeypatch.setattr(plugin, "_user_config", lambda config: reads.append(1) or read(config))
    handlers = list(logging.getLogger("mkdocs").handlers)
    config = load_config(str(site))
    build(config)
    assert len(reads) == 1  # for both languages
    assert logging.getLogger("mkdocs").handlers == handlers
    template = site.parent / "overrides" / "partials" / "copyright.html"
    template.write_text(template.read_text(encoding="utf-8") + CHANGED, encoding="utf-8")
    build(config)
    assert len(reads) == 2
    for page in ("index.html", "en/index.html", "privacy/index.html"):
        assert CHANGED in Path(config.site_dir, page).read_text(encoding="utf-8")
