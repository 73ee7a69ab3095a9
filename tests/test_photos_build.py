"""Photos in whole `--strict` builds of both languages (issue 21): the published copies (widths,
formats, no metadata, no source), the markup, thumbnails, link previews, JSON-LD, feed, JSON,
each bad input, and the cache (a second build resizes nothing). Synthetic photos only
(tests/photos.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from clay_plugins.cli.site import load_site
from clay_plugins.content import images
from clay_plugins.content.findings import Severity
from clay_plugins.content.site import load_content
from tests import photos
from tests.fixtures.meetings.support import CORPUS, SITE_URL, corpus_site, report
from tests.sitebuild import BuildFailed, BuildResult, build_site

STEM = "2022-05-10-test-photos"
ALT_RO, ALT_EN = "Participanții la masa rotundă", "The participants at the round table"


def layout(root: Path, *, lead: bytes, extra: dict[str, str | None] | None = None,
           files: dict[str, bytes] | None = None) -> Path:
    chapter = (CORPUS / "action-plan/01-context.md").read_text(encoding="utf-8")
    texts: dict[str, str | None] = {
        f"meetings/{STEM}.md": report(
            title="Fotografii", summary="Rezumat.", date="2022-05-10", format="online",
            platform="Zoom", image=f"{STEM}.jpg", image_alt=ALT_RO,
            image_credit="Ion Popescu") + "\n![Atelierul de ceramică](atelier.heic)\n",
        f"meetings/{STEM}.en.md": report(title="Photos", summary="Summary.", image_alt=ALT_EN)
        + "\n![The pottery workshop](atelier.heic)\n",
        "action-plan/01-context.md": chapter + "\n![Harta regiunii](harta.png)\n",
        **(extra or {}),
    }
    cfg = corpus_site(root, extra=texts)
    docs = root / "docs"
    for rel, data in {f"meetings/{STEM}.jpg": lead, "meetings/atelier.heic": photos.heic(),
                      "action-plan/harta.png": photos.png_with_alpha(),
                      **(files or {})}.items():
        (docs / rel).write_bytes(data)
    return cfg


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, BuildResult]:
    """The photo site's mkdocs.yml, its cache folder and its build."""
    root = tmp_path_factory.mktemp("photos-site")
    cache = tmp_path_factory.mktemp("photos-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAY_CACHE_DIR", str(cache))
        cfg = layout(root, lead=photos.jpeg_with_gps(gps=False))
        return cfg, cache, build_site(cfg)


@pytest.fixture(scope="module")
def site(built: tuple[Path, Path, BuildResult]) -> BuildResult:
    return built[2]


def published(site: BuildResult, pattern: str) -> list[Path]:
    return sorted(site.site.glob(pattern))


def test_strict_build_publishes_copies_not_sources(site: BuildResult) -> None:
    assert site.warnings == []
    for prefix in ("", "en/"):
        assert not (site.site / prefix / f"meetings/{STEM}.jpg").exists()
        assert not (site.site / prefix / "meetings/atelier.heic").exists()
        assert not (site.site / prefix / "action-plan/harta.png").exists()
        lead = published(site, f"{prefix}meetings/{STEM}-*")
        # shown portrait (EXIF orientation 6 of a 2400×1800 source): 1800 wide, never upscaled
        widths = sorted({int(p.stem.rsplit("-", 1)[1]) for p in lead})
        assert widths == [160, 480, 960, 1600]
        assert {p.suffix for p in lead} == {".webp", ".jpg"}
        # the PNG with transparency keeps a PNG fallback; 600 px wide: no copy is wider
        png = published(site, f"{prefix}action-plan/harta-*")
        assert {p.suffix for p in png} == {".webp", ".png"}
        assert max(int(p.stem.rsplit("-", 1)[1]) for p in png) == 600


def test_copies_are_upright_and_carry_no_metadata(site: BuildResult) -> None:
    copies = [p for p in published(site, "**/*-*-[0-9]*.*")
              if p.suffix in (".webp", ".jpg", ".png")]
    assert len(copies) >= 40
    for path in copies:
        with photos.opened(path.read_bytes()) as image:
            assert image.format in ("WEBP", "JPEG", "PNG")
            assert not image.getexif(), path
            assert not set(image.info) & {"exif", "xmp", "icc_profile", "comment",
                                          "XML:com.adobe.xmp", "photoshop"}, path
            if "-test-photos-" in path.name:
                assert image.height > image.width  # orientation applied
            width = int(path.stem.rsplit("-", 1)[1])
            assert image.width == width
    with photos.opened((site.site / "action-plan").glob("harta-*-600.png").__next__()
                       .read_bytes()) as image:
        assert image.mode == "RGBA"


def test_lead_photo_markup_in_both_languages(site: BuildResult) -> None:
    for prefix, alt, caption in (("", ALT_RO, "Foto: Ion Popescu"),
                                 ("en/", ALT_EN, "Photo: Ion Popescu")):
        page = site.soup(f"{prefix}meetings/{STEM}/index.html")
        figure = page.select_one("figure.clay-photo--lead")
        assert figure is not None and figure.figcaption.get_text() == caption
        img = figure.picture.img
        assert img["alt"] == alt and img["width"] == "1600" and img["height"] == "2133"
        assert "loading" not in img.attrs  # the lead photo loads at once
        assert img["sizes"] and img["srcset"].count("w,") == 2
        source = figure.picture.source
        assert source["type"] == "image/webp" and "1600.webp 1600w" in source["srcset"]
        for url in [img["src"], source["srcset"].split()[0]]:
            assert (site.site / prefix / "meetings" / STEM / url).resolve().is_file()


def test_body_photos_are_lazy_pictures_with_the_pages_alt(site: BuildResult) -> None:
    for rel, alt in ((f"meetings/{STEM}/index.html", "Atelierul de ceramică"),
                     (f"en/meetings/{STEM}/index.html", "The pottery workshop"),
                     ("action-plan/01-context/index.html", "Harta regiunii")):
        page = site.soup(rel)
        img = next(i for i in page.select("picture img") if i["alt"] == alt)
        assert img["loading"] == "lazy" and img["decoding"] == "async"
        assert img["width"] and img["height"] and img["sizes"] and img["srcset"]
        assert ".heic" not in str(page) and "harta.png" not in str(page)


def test_thumbnails_in_the_lists(site: BuildResult) -> None:
    for rel in ("meetings/index.html", "meetings/2022/index.html", "index.html",
                "en/meetings/index.html", "en/meetings/2022/index.html", "en/index.html"):
        page = site.soup(rel)
        thumbs = page.select("picture.clay-meeting-entry__thumb img")
        assert len(thumbs) == 1, rel
        img = thumbs[0]
        assert img["loading"] == "lazy" and img["alt"] == "" and img["width"] == "160"
        target = (site.site / rel).parent / img["src"]
        assert target.resolve().is_file(), rel
        assert target.stat().st_size < 12_000
        webp = (site.site / rel).parent / page.select_one(
            "picture.clay-meeting-entry__thumb source")["srcset"]
        assert webp.stat().st_size < 5_000


def test_link_preview_json_ld_feed_and_data(site: BuildResult) -> None:
    for prefix, alt in (("", ALT_RO), ("en/", ALT_EN)):
        page = site.soup(f"{prefix}meetings/{STEM}/index.html")

        def meta(key: str, page: BeautifulSoup = page) -> str:
            tag = page.find("meta", attrs={"property": key}) or page.find(
                "meta", attrs={"name": key})
            return str(tag["content"])

        url = meta("og:image")
        assert url.startswith(SITE_URL + prefix) and url.endswith("-1600.jpg")
        assert (meta("og:image:width"), meta("og:image:height")) == ("1600", "2133")
        assert meta("og:image:alt") == alt and meta("twitter:card") == "summary_large_image"
        event = json.loads(page.find("script", type="application/ld+json").string)
        assert event["image"]["url"] == url and event["image"]["width"] == 1600
        local = site.site / url.removeprefix(SITE_URL)
        feed = feedparser.parse(site.read(f"{prefix}meetings/feed.xml"))
        item = next(e for e in feed.entries if STEM in e.link)
        enclosure = item.enclosures[0]
        assert enclosure.href == url and enclosure.type == "image/jpeg"
        assert int(enclosure.length) == local.stat().st_size
        data = json.loads(site.read(f"{prefix}meetings/meetings.json"))
        entry = next(m for m in data["meetings"] if m["id"] == f"clay-meeting-{STEM}")
        assert entry["image"]["url"] == url and entry["image"]["alt"] == alt
        assert all(m["image"] is None for m in data["meetings"] if m is not entry)


def test_a_second_build_resizes_nothing_and_is_identical(
        built: tuple[Path, Path, BuildResult], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The module's site built again (a copy of its sources, so its output stays as the other
    tests read it) with the cache of its first build."""
    cfg, cache, first = built
    before = {p.relative_to(first.site): p.read_bytes()
              for p in first.site.rglob("*-[0-9]*.*") if p.suffix in (".webp", ".jpg", ".png")}
    again = tmp_path / "site"
    shutil.copytree(cfg.parent, again, symlinks=True,
                    ignore=lambda folder, names: ["site"] if Path(folder) == cfg.parent else [])
    monkeypatch.setenv("CLAY_CACHE_DIR", str(cache))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a photo was resized again")

    monkeypatch.setattr(images, "derivatives", refuse)
    second = build_site(again / "mkdocs.yml")
    after = {p.relative_to(second.site): p.read_bytes()
             for p in second.site.rglob("*-[0-9]*.*") if p.suffix in (".webp", ".jpg", ".png")}
    assert after == before and len(before) >= 40


def test_copies_are_deterministic() -> None:
    data = photos.jpeg_with_gps()
    wanted = [(480, 640, "webp"), (480, 640, "jpg")]
    assert images.derivatives(data, wanted) == images.derivatives(data, wanted[::-1])[::-1]


def fails(tmp_path: Path, **kw: object) -> str:
    with pytest.raises(BuildFailed) as failed:
        build_site(layout(tmp_path, **kw))  # type: ignore[arg-type]
    return failed.value.text


@pytest.mark.parametrize(("lead", "code"), [
    (photos.CORRUPT, "photo.unreadable"),
    (photos.truncated(), "photo.unreadable"),
    (photos.gif(), "photo.format"),
])
def test_a_bad_lead_photo_stops_the_build(tmp_path: Path, lead: bytes, code: str) -> None:
    text = fails(tmp_path, lead=lead)
    assert f"docs/meetings/{STEM}.md:7: the photo `meetings/{STEM}.jpg`" in text
    assert "photo" in text.lower()


def test_a_missing_photo_and_alt_stop_the_build(tmp_path: Path) -> None:
    text = fails(tmp_path, lead=photos.plain_jpeg(), extra={
        f"meetings/{STEM}.en.md": report(title="Photos", summary="Summary."),
        "meetings/2022-06-01-test-missing.md": report(
            title="Lipsă", summary="Rezumat.", date="2022-06-01", format="online",
            platform="Zoom", image="nu-exista.jpg", image_alt="Nimic"),
        "meetings/2022-07-01-test-gif.md": report(
            title="GIF", summary="Rezumat.", date="2022-07-01", format="online",
            platform="Zoom", image="poza.gif", image_alt="Nimic"),
    })
    assert "docs/meetings/2022-06-01-test-missing.md:7: the photo" in text
    assert f"docs/meetings/{STEM}.en.md:2" in text and "image_alt" in text
    assert "docs/meetings/2022-07-01-test-gif.md:7:1: `poza.gif` is not a JPEG" in text


def test_a_photo_with_gps_is_a_warning_and_its_copies_have_none(tmp_path: Path) -> None:
    """A warning, so `--strict` fails (as every warning does: test_meetings_errors.py builds
    one); the site built without it publishes copies without the position."""
    cfg = layout(tmp_path, lead=photos.jpeg_with_gps())
    found = [(f.severity, f.code, f.path, f.line) for f in load_content(load_site(cfg)).findings
             if f.severity is not Severity.INFO]
    assert found == [(Severity.WARNING, "photo.gps", f"docs/meetings/{STEM}.md", 7)]
    site = build_site(cfg, strict=False)
    assert len(site.warnings) == 1
    assert site.warnings[0].startswith(f"clay: docs/meetings/{STEM}.md:7")
    for path in site.site.glob(f"meetings/{STEM}-*"):
        with photos.opened(path.read_bytes()) as image:
            assert not image.getexif().get_ifd(photos.GPS_IFD)
