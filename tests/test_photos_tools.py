"""Photos in the editors' tools (issue 21): `clay check` (missing `image_alt` in either language,
a missing, corrupt or unsupported photo, a large one, one with a GPS position), `--fix` (the
metadata removed, the picture kept), `clay new meeting --image`, `clay import` (tests/test_import.py
has the Word document; here: its photos resized). Synthetic photos only (tests/photos.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from clay_plugins.cli import main
from clay_plugins.cli import photos as cli_photos
from clay_plugins.content import frontmatter
from clay_plugins.content import photos as rules
from tests import photos
from tests.fixtures.meetings.support import report
from tests.sitebuild import make_site

HEAD = {"summary": "Rezumat.", "date": "2022-05-10", "format": "online", "platform": "Zoom"}
RO, EN = "docs/meetings/2022-05-10-foto.md", "docs/meetings/2022-05-10-foto.en.md"


def site(tmp_path: Path, image: bytes, *, alt_en: bool = True, **keys: Any) -> Path:
    files: dict[str, str | bytes] = {
        "meetings/2022-05-10-foto.md": report(title="Foto", **HEAD, image="foto.jpg",
                                              image_alt="Masa rotundă", **keys),
        "meetings/2022-05-10-foto.en.md": report(
            title="Photo", summary="Summary.", **({"image_alt": "The table"} if alt_en else {})),
        "meetings/foto.jpg": image,
    }
    return make_site(tmp_path / "site", files)


def check(cfg: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, Any]]:
    main(["check", "--config", str(cfg), "--format", "json", *args])
    data = json.loads(capsys.readouterr().out)
    found = data["findings"] if isinstance(data, dict) else data
    return [f for f in found if f["code"].startswith(("photo.", "meeting.image"))]


def codes(found: list[dict[str, Any]]) -> list[tuple[str, str, int | None]]:
    return [(f["code"], f["path"], f["line"]) for f in found]


def test_check_reports_missing_alt_gps_and_size(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules, "MAX_SOURCE_BYTES", 1000)
    cfg = site(tmp_path, photos.jpeg_with_gps(), alt_en=False)
    assert codes(check(cfg, capsys)) == [
        ("meeting.image-alt", EN, 2), ("photo.size", RO, 7), ("photo.gps", RO, 7)]


@pytest.mark.parametrize(("data", "code"), [(photos.CORRUPT, "photo.unreadable"),
                                            (photos.truncated(), "photo.unreadable"),
                                            (photos.gif(), "photo.format")])
def test_check_reports_a_bad_photo(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   data: bytes, code: str) -> None:
    assert codes(check(site(tmp_path, data), capsys)) == [(code, RO, 7)]


def test_fix_removes_the_metadata_and_keeps_the_picture(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = site(tmp_path, photos.jpeg_with_gps((1200, 900)))
    source = cfg.parent / "docs/meetings/foto.jpg"
    assert check(cfg, capsys, "--fix") == []
    with photos.opened(source.read_bytes()) as image:
        assert image.format == "JPEG" and image.size == (900, 1200)  # turned upright
        assert not image.getexif() and "xmp" not in image.info and "comment" not in image.info
    assert not list(source.parent.glob(".*tmp*"))  # written atomically, nothing left over


def test_new_meeting_with_a_heic_photo(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = make_site(tmp_path / "site", {})
    monkeypatch.chdir(cfg.parent)
    heic = tmp_path / "IMG_0001.HEIC"
    # small: encoding HEIC is slow, and the resizing is the same for every format (tested below)
    heic.write_bytes(photos.heic((800, 600)))
    assert main(["new", "meeting", "--config", str(cfg), "--date", "2022-03-15",
                 "--title", "Atelier", "--format", "online", "--platform", "Zoom",
                 "--image", str(heic), "--image-alt", "Atelierul de ceramică"]) == 0
    folder = cfg.parent / "docs/meetings"
    written = folder / "2022-03-15-atelier.jpg"
    with photos.opened(written.read_bytes()) as image:
        assert image.format == "JPEG" and image.size == (800, 600) and not image.getexif()
    ro = frontmatter.parse((folder / "2022-03-15-atelier.md").read_text(encoding="utf-8"), "x")
    assert ro.data["image"] == written.name and ro.data["image_alt"] == "Atelierul de ceramică"
    en = frontmatter.parse((folder / "2022-03-15-atelier.en.md").read_text(encoding="utf-8"), "x")
    assert en.data["image_alt"] == "TODO"
    capsys.readouterr()
    main(["check", "--config", str(cfg), "--format", "json"])
    found = json.loads(capsys.readouterr().out)
    found = found["findings"] if isinstance(found, dict) else found
    assert ("frontmatter.todo", "docs/meetings/2022-03-15-atelier.en.md") in {
        (f["code"], f["path"]) for f in found}


def test_new_meeting_refuses_a_file_that_is_not_a_photo(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(tmp_path / "site", {})
    bad = tmp_path / "x.jpg"
    bad.write_bytes(photos.CORRUPT)
    assert main(["new", "meeting", "--config", str(cfg), "--date", "2022-03-15",
                 "--title", "Atelier", "--format", "online", "--platform", "Zoom",
                 "--image", str(bad)]) == 1
    assert "--image" in capsys.readouterr().err
    assert not list((cfg.parent / "docs/meetings").glob("2022-03-15-*"))


def test_tools_write_photos_at_most_2400_pixels_without_metadata() -> None:
    data, ext = cli_photos.prepared(photos.jpeg_with_gps((4000, 3000)))
    with photos.opened(data) as image:
        assert ext == "jpg" and image.size == (1800, 2400) and not image.getexif()
    data, ext = cli_photos.prepared(photos.png_with_alpha())
    with photos.opened(data) as image:
        assert ext == "png" and image.mode == "RGBA"
