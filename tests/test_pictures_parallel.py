"""The photos the cache lacks are resized in threads, one per processor: the copies are those
that one photo at a time gives, and each is kept in the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from clay_plugins import pictures
from clay_plugins.cache import Cache
from clay_plugins.content import images
from clay_plugins.content.photos import Photo
from tests import photos


def _photos(folder: Path) -> list[Photo]:
    shown = []
    for i, size in enumerate([(900, 600), (600, 900), (1200, 800)]):
        path = folder / f"p{i}.jpg"
        path.write_bytes(photos.plain_jpeg(size, shade=40 * i))
        shown.append(Photo(src_uri=f"meetings/p{i}.jpg", path=path, digest=f"{i:064x}",
                           size=path.stat().st_size, width=size[0], height=size[1],
                           alpha=False, gps=False, metadata=False))
    return shown


def test_threads_make_the_copies_one_photo_at_a_time_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = _photos(tmp_path)
    cache = Cache(tmp_path / "cache")
    monkeypatch.setattr(pictures.os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    made = pictures._resized(shown, cache)
    for photo in shown:
        specs, keys = pictures._specs(photo)
        assert made[photo.src_uri] == images.derivatives(photo.path.read_bytes(), specs)
        assert [cache.load("photo", key) for key in keys] == made[photo.src_uri]
    # the next build takes them from the cache: no photo is read again
    for photo in shown:
        photo.path.unlink()
    assert pictures._resized(shown, cache) == made
