"""The cache is a cache (issue 26): whatever is left in `.cache/clay/` — entries truncated by a
full disk or a killed build, random bytes, the entries of other keys, symbolic links, folders
and FIFOs where files belong — the build publishes exactly what a build without a cache
publishes, byte for byte, and `site/` holds regular files of its own (no link into the cache,
mode 0644)."""

from __future__ import annotations

import io
import logging
import os
import random
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PIL import Image

from clay_plugins.cache import MAGIC, Cache
from clay_plugins.content import images
from clay_plugins.meetings import outputs
from tests.fixtures.meetings.support import corpus_site, report
from tests.site_diff import compare
from tests.sitebuild import build_site

RED_STEM, BLUE_STEM = "2022-06-01-rosu", "2022-06-02-albastru"
RED, BLUE = (220, 20, 20), (20, 20, 220)


def solid(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (900, 600), colour).save(out, "JPEG", quality=90)
    return out.getvalue()


def colour_of(data: bytes) -> tuple[int, int, int]:
    pixel = Image.open(io.BytesIO(data)).convert("RGB").getpixel((10, 10))
    assert isinstance(pixel, tuple)
    return (int(pixel[0]), int(pixel[1]), int(pixel[2]))


def layout(root: Path) -> Path:
    texts: dict[str, str | None] = {
        f"meetings/{stem}.md": report(
            title=title, summary="Rezumat.", date=date, format="online", platform="Zoom",
            image=f"{stem}.jpg", image_alt=f"Fotografia {title}")
        for stem, title, date in ((RED_STEM, "Roșu", "2022-06-01"),
                                  (BLUE_STEM, "Albastru", "2022-06-02"))
    }
    cfg = corpus_site(root, extra=texts)
    (root / "docs" / "meetings" / f"{RED_STEM}.jpg").write_bytes(solid(RED))
    (root / "docs" / "meetings" / f"{BLUE_STEM}.jpg").write_bytes(solid(BLUE))
    return cfg


def snapshot(site: Path, into: Path) -> Path:
    shutil.rmtree(into, ignore_errors=True)
    shutil.copytree(site, into, symlinks=True)
    return into


def assert_only_own_regular_files(site: Path) -> None:
    odd = []
    for path in site.rglob("*"):
        info = path.lstat()
        if stat.S_ISDIR(info.st_mode):
            continue
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 \
                or stat.S_IMODE(info.st_mode) != 0o644:
            odd.append(f"{path.relative_to(site)}: mode {oct(info.st_mode)}, "
                       f"{info.st_nlink} links")
    assert odd == []


def entries(cache: Path, kind: str | None = None) -> list[Path]:
    base = cache / kind if kind else cache
    return sorted(p for p in base.rglob("*") if p.is_file() and not p.name.startswith("."))


class Built:
    def __init__(self, root: Path, cfg: Path, reference: Path, filled: Path) -> None:
        self.root, self.cfg, self.reference, self.filled = root, cfg, reference, filled

    def rebuild(self, cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        monkeypatch.setenv("CLAY_CACHE_DIR", str(cache))
        return build_site(self.cfg).site

    def same_as_reference(self, site: Path) -> None:
        result = compare(self.reference, site)
        assert result.problems == [] and result.files > 100
        assert_only_own_regular_files(site)
        for stem, colour in ((RED_STEM, RED), (BLUE_STEM, BLUE)):
            for copy in (site / "meetings").glob(f"{stem}-*.jpg"):
                assert colour_of(copy.read_bytes()) == pytest.approx(colour, abs=12)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """A site with a red and a blue photo: its build without a cache (the reference) and a
    cache filled by a first build (whose site must be the reference too)."""
    root = tmp_path_factory.mktemp("cache-site")
    store = tmp_path_factory.mktemp("cache-store")
    cfg = layout(root)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAY_CACHE_DIR", "")
        reference = snapshot(build_site(cfg).site, store / "reference")
        mp.setenv("CLAY_CACHE_DIR", str(store / "filled"))
        site = build_site(cfg).site
    result = Built(root, cfg, reference, store / "filled")
    result.same_as_reference(site)
    assert entries(store / "filled", "photo") and entries(store / "filled", "ics-event") \
        and entries(store / "filled", "photo-digest")
    yield result


def _zero(path: Path) -> None:
    path.write_bytes(b"")


def _half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _random(path: Path) -> None:
    size = path.stat().st_size
    path.write_bytes(random.Random(str(path.name)).randbytes(max(size, 1)))


def _symlink(path: Path) -> None:
    # a link to a copy of the very same bytes elsewhere: still never followed
    outside = path.parent.parent.parent.parent / "outside" / path.name
    outside.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, outside)
    path.unlink()
    path.symlink_to(outside)


def _folder(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _header_only(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(MAGIC) + 130])


def _swap(cache: Path, kind: str) -> None:
    """The entries of `kind` exchanged in pairs: each intact, but another key's."""
    found = entries(cache, kind)
    assert len(found) >= 2
    datas = [p.read_bytes() for p in found]
    for path, data in zip(found, datas[1:] + datas[:1], strict=True):
        path.write_bytes(data)


def _every(change: Callable[[Path], None], kind: str | None = None) -> Callable[[Path], None]:
    def corrupt(cache: Path) -> None:
        for path in entries(cache, kind):
            change(path)
    return corrupt


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "zero-bytes": _every(_zero),
    "half-written": _every(_half),
    "random-bytes": _every(_random),
    "header-only": _every(_header_only),
    "digests-zero-bytes": _every(_zero, "photo-digest"),
    "digests-swapped": lambda cache: _swap(cache, "photo-digest"),
    "copies-swapped": lambda cache: _swap(cache, "photo"),
    "events-swapped": lambda cache: _swap(cache, "ics-event"),
    "inspections-swapped": lambda cache: _swap(cache, "photo-inspection"),
    "symlinks": _every(_symlink),
    "folders": _every(_folder),
    "fifos": _every(_fifo),
}


@pytest.mark.parametrize("name", sorted(CORRUPTIONS))
def test_a_corrupted_cache_publishes_the_clean_build_byte_for_byte(
        built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(built.filled, cache, symlinks=True)
    CORRUPTIONS[name](cache)
    site = built.rebuild(cache, monkeypatch)
    built.same_as_reference(site)
    # the bad entries were replaced by good ones: the next build makes nothing again
    monkeypatch.setattr(images, "derivatives", _refuse)
    monkeypatch.setattr(outputs, "event", _refuse)
    built.same_as_reference(built.rebuild(cache, monkeypatch))


def _refuse(*args: object, **kwargs: object) -> None:
    raise AssertionError("made again from an intact cache")


def test_a_change_to_a_published_file_does_not_reach_the_cache(
        built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(built.filled, cache, symlinks=True)
    site = built.rebuild(cache, monkeypatch)
    before = {p: p.read_bytes() for p in entries(cache)}
    for copy in [*site.rglob("*.jpg"), *site.rglob("*.webp"), *site.rglob("*.ics")]:
        with open(copy, "r+b") as file:  # written in place, as an editor's tool would
            file.write(b"changed")
    assert {p: p.read_bytes() for p in entries(cache)} == before
    built.same_as_reference(built.rebuild(cache, monkeypatch))


def test_copies_are_0644_whatever_the_umask(
        built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(built.filled, cache, symlinks=True)
    old = os.umask(0o077)
    try:
        site = built.rebuild(cache, monkeypatch)
    finally:
        os.umask(old)
    ours = [*site.rglob("*-[0-9]*.jpg"), *site.rglob("*-[0-9]*.webp"),
            *(site / "meetings").glob("20*.ics")]
    assert len(ours) > 20
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in ours} == {oct(0o644)}


def test_a_build_killed_before_its_renames_leaves_a_usable_cache(
        built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every entry's temporary file written, none renamed (as if the build had been killed
    before each rename): the next build ignores the temporary files and publishes the clean
    build."""
    cache = tmp_path / "cache"
    real_replace = os.replace

    def die(src: str, dst: str) -> None:
        if Path(src).name.startswith(".tmp-") and str(cache) in str(dst):
            return  # killed here: the temporary file stays, the entry is not there
        real_replace(src, dst)

    monkeypatch.setenv("CLAY_CACHE_DIR", str(cache))
    monkeypatch.setattr(os, "replace", die)
    build_site(built.cfg)
    monkeypatch.setattr(os, "replace", real_replace)
    leftovers = sorted(cache.rglob(".tmp-*"))
    assert leftovers and not entries(cache)
    for path in leftovers[::2]:  # as if the disk filled up half-way through them
        _half(path)
    built.same_as_reference(built.rebuild(cache, monkeypatch))


# -- the cache itself


def _made(log: list[int], data: bytes = b"result") -> Callable[[], bytes]:
    def make() -> bytes:
        log.append(1)
        return data
    return make


@pytest.mark.parametrize("name", ["zero-bytes", "half-written", "random-bytes", "header-only",
                                  "symlinks", "folders", "fifos"])
def test_a_bad_entry_is_made_again_with_a_debug_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str) -> None:
    cache, made = Cache(tmp_path / "c"), []
    assert cache.get("k", "inputs", _made(made)) == b"result"
    path = cache.path("k", "inputs")
    assert path is not None and path.read_bytes().endswith(b"result")
    CORRUPTIONS[name](tmp_path / "c")
    with caplog.at_level(logging.DEBUG, logger="mkdocs.plugins.clay.cache"):
        assert cache.get("k", "inputs", _made(made)) == b"result"
    assert len(made) == 2
    assert any("made again" in r.getMessage() for r in caplog.records)
    # replaced by an intact entry, a regular file
    assert stat.S_ISREG(path.lstat().st_mode)
    assert cache.get("k", "inputs", _made(made)) == b"result" and len(made) == 2


def test_the_entry_of_another_key_is_not_used(tmp_path: Path) -> None:
    cache, made = Cache(tmp_path / "c"), []
    cache.get("k", "red", _made(made, b"red"))
    cache.get("k", "blue", _made(made, b"blue"))
    red, blue = cache.path("k", "red"), cache.path("k", "blue")
    assert red is not None and blue is not None
    shutil.copyfile(blue, red)
    assert cache.get("k", "red", _made(made, b"red")) == b"red"
    assert len(made) == 3


def test_a_result_of_the_wrong_type_is_made_again(tmp_path: Path) -> None:
    cache, made = Cache(tmp_path / "c"), []
    cache.put("k", "inputs", b"not json")
    data = cache.get("k", "inputs", _made(made, b"{}"), valid=lambda d: d.startswith(b"{"))
    assert data == b"{}" and made == [1]


def test_a_symlinked_folder_of_the_cache_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "k").symlink_to(elsewhere, target_is_directory=True)
    cache = Cache(tmp_path / "c")
    assert cache.get("k", "x", lambda: b"made") == b"made"
    assert list(elsewhere.iterdir()) == []
    assert cache.load("k", "x") == b"made"
