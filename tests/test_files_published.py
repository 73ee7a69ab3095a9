"""Every file copied from docs/ passes a rule (issue 26), the same in the strict build and in
`clay check` (both through content/site.py's load_content): pictures anywhere in docs/ are
published only as copies without metadata (or not at all when unused), SVG drawings only when
nothing in them runs or loads, documents on the allowlist as they are, everything else refused;
files at the addresses the plugins generate refused; page names follow one rule; a picture of
any shape is published. Each payload (GPS position, camera, comment, XMP, script) is checked
absent from every published file. Synthetic pictures only."""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from clay_plugins.cli import main
from clay_plugins.content import files, images
from clay_plugins.content.meeting import TYPE as MEETING
from tests import photos
from tests.fixtures.meetings.support import CORPUS, corpus_site, report
from tests.sitebuild import BuildFailed, BuildResult, build_site

# what must never be published: the camera, the comment and the XMP packet of PAYLOAD_JPEG (its
# GPS position is checked by opening every published picture), the script of the hostile files
CAMERA, COMMENT, XMP = b"ClayLeakCam", b"clay-payload-comment", b"clay-payload-xmp"
SCRIPT = b"clayPayloadScript"
MARKERS = (CAMERA, COMMENT, XMP, SCRIPT)
PICTURE_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".jpe", ".png", ".webp")
STEM = "2022-05-10-test-foto"


def payload_jpeg(size: tuple[int, int] = (900, 600)) -> bytes:
    """A camera's JPEG: EXIF with the camera and a GPS position, an XMP packet, a comment."""
    exif = Image.Exif()
    exif[0x010F] = CAMERA.decode()
    position = exif.get_ifd(photos.GPS_IFD)
    position[1], position[2] = "N", (44.0, 52.0, 30.0)
    position[3], position[4] = "E", (24.0, 0.0, 45.0)
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + XMP + b"</x:xmpmeta>"
    photos._pattern(size).save(out, "JPEG", quality=90, exif=exif, xmp=xmp, comment=COMMENT)
    return out.getvalue()


def gif_with_comment() -> bytes:
    out = io.BytesIO()
    photos._pattern((64, 48)).convert("P").save(out, "GIF", comment=COMMENT)
    return out.getvalue()


def tall_png(size: tuple[int, int] = (1170, 19000)) -> bytes:
    """A phone's screenshot of a whole page: taller than WebP can hold."""
    out = io.BytesIO()
    photos._pattern(size).save(out, "PNG", compress_level=1)
    return out.getvalue()


SAFE_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
            b'<defs><circle id="c" r="4"/></defs><use href="#c" x="5" y="5"/></svg>')
HOSTILE_SVG = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg"><script>clayPayloadScript()</script></svg>',
    "handler": b'<svg xmlns="http://www.w3.org/2000/svg" onload="clayPayloadScript()"/>',
    "foreign": (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns='
                b'"http://www.w3.org/1999/xhtml">clayPayloadScript</div></foreignObject></svg>'),
    "external": (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
                 b'xlink"><image xlink:href="https://example.com/clayPayloadScript.png"/></svg>'),
    "javascript-link": (b'<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:'
                        b'clayPayloadScript()"><text>x</text></a></svg>'),
    "animated-link": (b'<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="href" '
                      b'to="javascript:clayPayloadScript()"/><text>x</text></a></svg>'),
    "stylesheet": (b'<?xml-stylesheet href="https://example.com/clayPayloadScript.css"?>'
                   b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    "css-import": (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import "https://example.com'
                   b'/clayPayloadScript.css";</style></svg>'),
    "entity": (b'<!DOCTYPE svg [<!ENTITY x "clayPayloadScript">]><svg xmlns="http://www.w3.org'
               b'/2000/svg"><text>&x;</text></svg>'),
    "not-svg": b'<html><body>clayPayloadScript</body></html>',
    "broken": b'<svg xmlns="http://www.w3.org/2000/svg"><g>clayPayloadScript',
}


def leaks(root: Path) -> list[str]:
    """Every published file holding a payload, and every published picture with a GPS
    position, EXIF or a comment."""
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        found += [f"{path}: {m!r}" for m in MARKERS if m in data]
        if path.suffix.lower() in PICTURE_SUFFIXES:
            with photos.opened(data) as image:
                if image.getexif() or "comment" in image.info or "xmp" in image.info:
                    found.append(f"{path}: metadata")
    return found


def check_json(cfg: Path) -> list[dict[str, Any]]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["check", "--config", str(cfg), "--format", "json"])
    data = json.loads(out.getvalue())
    found: list[dict[str, Any]] = data["findings"] if isinstance(data, dict) else data
    return found


def has(found: list[dict[str, Any]], code: str, path: str) -> bool:
    return any(f["code"] == code and f["path"] == path for f in found)


def corpus_text(rel: str, extra: str) -> str:
    return (CORPUS / rel).read_text(encoding="utf-8") + extra


@contextlib.contextmanager
def own_cache(tmp: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CLAY_CACHE_DIR", str(tmp / "cache"))
        yield


# --- pictures anywhere in docs/, SVG and documents: published safely ------------------------

PUBLISHED_TEXTS = {
    "index.md": corpus_text("index.md", "\n![Harta regiunii](harta.jpg)\n\n"
                                        "![Desen](desen.svg)\n"),
    "privacy.md": corpus_text("privacy.md", "\n[Descarcă fotografia](poza.jfif), "
                                            "[cealaltă](alta.jpe) și [raportul](raport.pdf).\n"),
    "accessibility.md": corpus_text("accessibility.md",
                                    f"\n![Masa rotundă](meetings/{STEM}.jpg)\n"),
    f"meetings/{STEM}.md": report(
        title="Fotografii", summary="Rezumat.", date="2022-05-10", format="online",
        platform="Zoom", image=f"{STEM}.jpg", image_alt="Masa rotundă"),
    f"meetings/{STEM}.en.md": report(title="Photos", summary="Summary.",
                                     image_alt="The round table"),
}
PUBLISHED_FILES = {
    "harta.jpg": payload_jpeg(),
    "poza.jfif": payload_jpeg((640, 480)),
    "alta.jpe": payload_jpeg((480, 640)),
    f"meetings/{STEM}.jpg": payload_jpeg((1200, 800)),
    "meetings/neutilizat.jpg": payload_jpeg((300, 200)),
    "desen.svg": SAFE_SVG,
    "raport.pdf": b"%PDF-1.4\n% a document offered for download\n%%EOF\n",
}


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, list[dict[str, Any]],
                                                                  str]:
    root = tmp_path_factory.mktemp("files-published")
    cfg = corpus_site(root / "site", extra=dict(PUBLISHED_TEXTS))
    for rel, data in PUBLISHED_FILES.items():
        (cfg.parent / "docs" / rel).write_bytes(data)
    with own_cache(root):
        with pytest.raises(BuildFailed) as strict:
            build_site(cfg)
        site = build_site(cfg, strict=False)
        found = check_json(cfg)
    return site, found, strict.value.text


def test_no_published_file_carries_a_payload(published: tuple[BuildResult, Any, str]) -> None:
    site, _, _ = published
    assert leaks(site.site) == []


@pytest.mark.parametrize("rel", ["harta.jpg", "poza.jfif", "alta.jpe", f"meetings/{STEM}.jpg"])
def test_a_picture_used_outside_a_report_is_published_clean_at_its_address(
        published: tuple[BuildResult, Any, str], rel: str) -> None:
    site, _, _ = published
    for prefix in ("", "en/"):
        data = (site.site / prefix / rel).read_bytes()
        assert data != PUBLISHED_FILES[rel]
        with photos.opened(data) as image, photos.opened(PUBLISHED_FILES[rel]) as source:
            assert image.format == "JPEG" and image.size == source.size
            assert not image.getexif().get_ifd(photos.GPS_IFD)


def test_an_ordinary_page_showing_a_reports_lead_photo_gets_the_published_copy(
        published: tuple[BuildResult, Any, str]) -> None:
    site, _, _ = published
    page = BeautifulSoup(site.read("accessibility/index.html"), "lxml")
    img = next(i for i in page.select("article img") if STEM in i["src"])
    assert (site.site / "accessibility" / img["src"]).resolve().is_file()
    # the report itself still shows its resized copies
    assert list(site.site.glob(f"meetings/{STEM}-*-480.webp"))


def test_an_unused_picture_is_reported_and_not_published(
        published: tuple[BuildResult, Any, str]) -> None:
    site, found, strict = published
    assert not list(site.site.rglob("neutilizat*"))
    for code in ("file.unused", "photo.gps"):
        assert has(found, code, "docs/meetings/neutilizat.jpg")
    assert "docs/meetings/neutilizat.jpg: no page shows the photo" in strict


def test_a_gps_position_anywhere_is_the_report_photos_warning(
        published: tuple[BuildResult, Any, str]) -> None:
    site, found, strict = published
    gps = {(f["path"], f["line"]) for f in found if f["code"] == "photo.gps"}
    index_line = PUBLISHED_TEXTS["index.md"].split("\n").index("![Harta regiunii](harta.jpg)") + 1
    privacy_line = len(PUBLISHED_TEXTS["privacy.md"].rstrip("\n").split("\n"))
    assert gps == {("docs/index.md", index_line), ("docs/privacy.md", privacy_line),
                   (f"docs/meetings/{STEM}.md", 7), ("docs/meetings/neutilizat.jpg", None)}
    for path, line in gps:
        assert (f"{path}:{line}:" if line else f"{path}:") in strict
    assert {f["severity"] for f in found if f["code"] == "photo.gps"} == {"warning"}
    # the same findings, one line each, in the build that published
    assert sum("records the place where it was taken" in w for w in site.warnings) == 5


def test_a_clean_svg_and_a_document_are_published_as_they_are(
        published: tuple[BuildResult, Any, str]) -> None:
    site, found, _ = published
    assert (site.site / "desen.svg").read_bytes() == SAFE_SVG
    assert (site.site / "raport.pdf").read_bytes() == PUBLISHED_FILES["raport.pdf"]
    assert not [f for f in found if f["code"].startswith("file.") and f["code"] != "file.unused"]


# --- refused files: one line each, in the build and in `clay check` -------------------------

REFUSED: dict[str, tuple[bytes | str, str]] = {
    # (content, code)
    "pagina.html": (b"<script>clayPayloadScript()</script>", "file.type"),
    "meetings/program.exe": (b"MZ clayPayloadScript", "file.type"),
    "assets/extra.js": (b"clayPayloadScript()", "file.type"),  # mkdocs.yml does not name it
    "animatie.gif": (gif_with_comment(), "photo.format"),
    **{f"desen-{name}.svg": (svg, "file.svg") for name, svg in HOSTILE_SVG.items()},
    "meetings/2021-04-08-test-sixth.ics": (b"BEGIN:VCALENDAR clayPayloadScript", "file.generated"),
    "meetings/calendar.ics": (b"BEGIN:VCALENDAR clayPayloadScript", "file.generated"),
    "meetings/feed.xml": (b"<rss>clayPayloadScript</rss>", "file.generated"),
    "meetings/meetings.json": (b'{"clayPayloadScript": 1}', "file.generated"),
    "sitemap.xml": (b"<urlset>clayPayloadScript</urlset>", "file.generated"),
    "pagefind/pagefind.js": (b"clayPayloadScript()", "file.generated"),
    "schemas/meeting.pdf": (b"%PDF clayPayloadScript", "file.generated"),
    "admin/index.md": ("# Admin\n\nclayPayloadScript\n", "file.generated"),
    "en/index.md": ("# English\n\nclayPayloadScript\n", "file.generated"),
    "meetings/2021-04-08-test-sixth..md": (
        report(title="Dublură", summary="Rezumat.", date="2021-04-08", format="online",
               platform="Zoom") + "clayPayloadScript\n", "meeting.filename"),
    "-despre.md": ("# Despre\n\nclayPayloadScript\n", "file.name"),
    "Despre Noi.md": ("# Despre\n\nclayPayloadScript\n", "file.name"),
    "despre..en.md": ("# About\n\nclayPayloadScript\n", "file.name"),
}


@pytest.fixture(scope="module")
def refused(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict[str, Any]], Path]:
    root = tmp_path_factory.mktemp("files-refused")
    cfg = corpus_site(root / "site", extra={
        "index.md": corpus_text("index.md", "\n![Animație](animatie.gif)\n")})
    for rel, (content, _) in REFUSED.items():
        path = cfg.parent / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    with own_cache(root):
        with pytest.raises(BuildFailed) as failed:
            build_site(cfg, strict=False)  # errors stop even a build that is not strict
        found = check_json(cfg)
    return failed.value.text, found, cfg.parent / "site"


@pytest.mark.parametrize("rel", sorted(REFUSED))
def test_a_refused_file_is_one_line_in_the_build_and_in_check(
        refused: tuple[str, list[dict[str, Any]], Path], rel: str) -> None:
    text, found, site = refused
    code = REFUSED[rel][1]
    path = f"docs/{rel}"
    # the GIF: where index.md shows it
    line = len(corpus_text("index.md", "\n").split("\n")) if rel == "animatie.gif" else None
    shown = "docs/index.md" if rel == "animatie.gif" else path
    assert any(f["code"] == code and f["path"] == shown and f["line"] == line
               and f["severity"] == "error" for f in found), found
    lines = [x for x in text.split("\n") if x.startswith(f"{shown}:")
             and (rel in x or shown == path)]
    assert lines and all(" — " in x for x in lines), text
    assert not site.exists() or leaks(site) == []


def test_the_name_rule_keeps_the_twin_report_in_every_list(
        refused: tuple[str, list[dict[str, Any]], Path]) -> None:
    """`2021-04-08-test-sixth..md` is refused (by the report type's declaration, with its code);
    `2021-04-08-test-sixth.md` stays the report (its findings are not mixed with the refused
    file's)."""
    _, found, _ = refused
    twin = [f for f in found if f["path"] == "docs/meetings/2021-04-08-test-sixth..md"]
    assert [f["code"] for f in twin] == ["meeting.filename"]
    assert not [f for f in found if f["path"] == "docs/meetings/2021-04-08-test-sixth.md"
                and f["severity"] == "error"]


# --- pictures of any shape ------------------------------------------------------------------

def test_a_screenshot_taller_than_webp_takes_is_published_narrower(tmp_path: Path) -> None:
    cfg = corpus_site(tmp_path / "site", extra={
        f"meetings/{STEM}.md": report(
            title="Captură", summary="Rezumat.", date="2022-05-10", format="online",
            platform="Zoom") + "\n![Captura de ecran a paginii](captura.png)\n",
    })
    (cfg.parent / "docs/meetings/captura.png").write_bytes(tall_png())
    with own_cache(tmp_path):
        found = check_json(cfg)
        with pytest.raises(BuildFailed) as strict:
            build_site(cfg)
        site = build_site(cfg, strict=False)
    report_path = f"docs/meetings/{STEM}.md"
    assert [(f["code"], f["path"], f["line"], f["severity"]) for f in found
            if f["code"].startswith("photo.")] == [("photo.shape", report_path, 11, "warning")]
    assert f"{report_path}:11:31: the photo `meetings/captura.png` is 1170×19000" in \
        strict.value.text
    copies = sorted(site.site.glob("meetings/captura-*"))
    assert copies
    for copy in copies:
        with photos.opened(copy.read_bytes()) as image:
            assert max(image.size) <= images.MAX_SIDE
            assert image.size[1] > 8 * image.size[0]
    page = site.soup(f"meetings/{STEM}/index.html")
    assert page.select_one("article picture img[src*='captura-']") is not None


@pytest.mark.parametrize(("size", "at", "expected"), [
    ((1200, 800), 1600, (1200, 800)),
    ((4000, 3000), 960, (960, 720)),
    ((1170, 19000), 1600, (1008, 16369)),
    ((1, 80_000), 480, (1, 16383)),
])
def test_output_size_fits_every_format(size: tuple[int, int], at: int,
                                       expected: tuple[int, int]) -> None:
    width, height = images.output_size(*size, at)
    assert max(width, height) <= images.MAX_SIDE
    assert (width, height) == expected


# --- the rules themselves -------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(HOSTILE_SVG))
def test_svg_problem_refuses_what_runs_or_loads(name: str) -> None:
    assert files.svg_problem(HOSTILE_SVG[name]) is not None


def test_svg_problem_accepts_a_plain_drawing() -> None:
    assert files.svg_problem(SAFE_SVG) is None


@pytest.mark.parametrize(("name", "good"), [
    ("index.md", True), ("index.en.md", True), ("2021-05-01-test.md", True),
    ("01-context.en.md", True), ("despre_noi.md", True),
    ("2021-05-01-test..md", False), ("2021-05-01-test.md.md", False), (".md", False),
    ("-despre.md", False), ("despre-.md", False), ("despre--noi.md", False),
    ("Despre.md", False), ("despre noi.md", False), ("despre.fr.md", False),
    ("a.b.en.md", False),
])
def test_page_names(name: str, good: bool) -> None:
    assert (files.page_name_problem(name, ("ro", "en"), check_language=True) is None) is good


@pytest.mark.parametrize(("src_uri", "generated"), [
    ("meetings/2021-04-08-x.ics", True), ("meetings/calendar.ics", True),
    ("meetings/feed.xml", True), ("meetings/meetings.json", True), ("sitemap.xml", True),
    ("pagefind/x.js", True), ("schemas/meeting.json", True), ("admin/index.md", True),
    ("en/index.md", True), ("meetings/2021-04-08-x.md", False), ("feed.pdf", False),
    ("admin.md", False), ("meetings/poza.jpg", False),
])
def test_reserved_addresses(src_uri: str, generated: bool) -> None:
    written = {MEETING.folder: MEETING.files}  # the reports' declaration names its files
    assert files.reserved(src_uri, ("ro", "en"), written) is generated


def test_fix_removes_the_gps_of_a_picture_an_ordinary_page_shows(tmp_path: Path) -> None:
    cfg = corpus_site(tmp_path / "site", extra={
        "index.md": corpus_text("index.md", "\n![Harta regiunii](harta.jpg)\n")})
    source = cfg.parent / "docs/harta.jpg"
    source.write_bytes(payload_jpeg())
    with own_cache(tmp_path):
        assert has(check_json(cfg), "photo.gps", "docs/index.md")
        with contextlib.redirect_stdout(io.StringIO()):
            main(["check", "--config", str(cfg), "--fix"])
        assert not [f for f in check_json(cfg) if f["code"].startswith("photo.")]
    data = source.read_bytes()
    assert not [m for m in MARKERS if m in data]
    with photos.opened(data) as image:
        assert not image.getexif() and image.size == (900, 600)
