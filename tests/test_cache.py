"""The cache of library results (clay_plugins/cache.py) and the calendars that use it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from icalendar import Calendar

from clay_plugins.cache import Cache
from clay_plugins.meetings import outputs
from tests.fixtures.meetings.support import corpus_site
from tests.sitebuild import build_site


def test_a_result_is_made_once_and_read_back(tmp_path: Path) -> None:
    cache, made = Cache(tmp_path / "c"), []

    def make() -> bytes:
        made.append(1)
        return b"result"

    assert cache.get("k", "inputs", make) == b"result"
    assert cache.get("k", "inputs", make) == b"result"
    assert cache.get("k", "other inputs", make) == b"result"
    assert len(made) == 2
    assert not list((tmp_path / "c").rglob(".tmp-*"))


def test_an_unusable_folder_only_costs_the_making(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert Cache(blocker).get("k", "x", lambda: b"made") == b"made"
    assert Cache(None).get("k", "x", lambda: b"made") == b"made"


def test_clay_cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAY_CACHE_DIR", str(tmp_path / "ci-cache"))
    assert Cache.beside(tmp_path / "mkdocs.yml").folder == tmp_path / "ci-cache"
    monkeypatch.setenv("CLAY_CACHE_DIR", "")
    assert Cache.beside(tmp_path / "mkdocs.yml").folder is None
    monkeypatch.delenv("CLAY_CACHE_DIR")
    assert Cache.beside(tmp_path / "mkdocs.yml").folder == tmp_path / ".cache" / "clay"


def test_a_rebuild_serialises_no_event_again_and_writes_the_same_calendars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAY_CACHE_DIR", raising=False)
    cfg = corpus_site(tmp_path / "site")
    first = build_site(cfg)
    calendars = {p: p.read_bytes() for p in first.site.rglob("*.ics")}
    assert calendars and (tmp_path / "site" / ".cache" / "clay" / "ics-event").is_dir()

    def fail(_properties: outputs.Properties) -> None:
        raise AssertionError("an event was serialised again")

    monkeypatch.setattr(outputs, "event", fail)
    second = build_site(cfg)
    assert {p: p.read_bytes() for p in second.site.rglob("*.ics")} == calendars
    for data in calendars.values():
        assert Calendar.from_ical(data).walk("VEVENT")
    # a changed report is a new entry, not a stale one
    report = sorted((tmp_path / "site" / "docs" / "meetings").glob("20*-*.md"))[0]
    report.write_text(report.read_text(encoding="utf-8").replace("title: ", "title: New ", 1),
                      encoding="utf-8")
    monkeypatch.undo()
    os.environ.pop("CLAY_CACHE_DIR", None)
    third = build_site(cfg)
    assert any(b"New " in p.read_bytes() for p in third.site.rglob("*.ics"))
