"""The photos of a build: resized copies published, the sources withheld, `<picture>` markup.

The sources are those `SiteContent.photos` has read and checked (content/photos.py): the lead
photos of the reports and the images in the text of the reports and chapters. For each, the
build publishes copies at `images.WIDTHS` (never wider than the source) and a thumbnail for the
lists, each in WebP and in JPEG (PNG when the photo has transparency), made by Pillow
(content/images.py) without any metadata. Every copy is kept in the site's cache
(clay_plugins/cache.py) under the hash of the source's bytes, the size, the format, the encoder
settings and Pillow's version: a rebuild with unchanged photos resizes nothing.

- The copies sit beside their source, named `<source stem>-<8 hex of its hash>-<width>.<ext>`
  (a changed photo gets new names, so no browser keeps showing the old one), in every
  language's folder, as static-i18n publishes every file beside the pages. They are written
  after the pages (`write`, from on_post_build, as the meetings' calendars are), not as
  `File`s, which MkDocs would copy byte by byte on every build (8 copies of each photo, in each
  language). Each is a new regular file of its own (clay_plugins/published.py),
  never a link into the cache: a change to a file in `site/` cannot reach the cache, and the
  cache's bytes are checked (clay_plugins/cache.py) before they are published.
- The source itself stays in the build's `Files` until the pages are rendered (MkDocs checks
  the Markdown image links against them) and is removed from them in `on_env`, before MkDocs
  copies the static files: it is never published.
- `rewrite` replaces each `<img>` MkDocs rendered for a source (found by an HTML parser), in
  the report or chapter, by a `<picture>` (the template `clay/picture.html`, which a site may
  override).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from clay_plugins import published
from clay_plugins.cache import Cache
from clay_plugins.content import html as html_rules
from clay_plugins.content import images
from clay_plugins.content.photos import Photo
from clay_plugins.l10n import E_, render

# What share of the window a photo takes: the content column of Material's grid (both sidebars
# from 76.25em, the navigation from 60em, the whole width less the margins on a phone).
SIZES = "(min-width: 76.25em) 36rem, (min-width: 60em) calc(100vw - 15rem), calc(100vw - 1.6rem)"
_SETTINGS = repr((images.WEBP, images.WEBP_SMALL, images.JPEG, images.PNG))
# a long side no picture reaches: the copy at the photo's own address keeps its size
_KEEP_SIZE = 1_000_000
# the spec of that copy (`_Made.spec`): the source's size and format
_WHOLE = (0, 0, "whole")
_NAME = re.compile(r"[^a-z0-9]+")
# attributes of the rendered <img> that the <picture> sets itself
_OWN = {"src", "srcset", "sizes", "width", "height", "loading", "decoding", "alt"}


@dataclass(frozen=True)
class _Made:
    photo: Photo
    spec: tuple[int, int, str]  # width, height, format
    key: str  # the cache's
    sha256: bytes  # of the bytes measured when the page was made
    data: bytes | None  # kept when there is no cache


@dataclass(frozen=True)
class Variant:
    dest: str  # site-root-relative, without the language's prefix: "meetings/x-1a2b3c4d-960.webp"
    width: int
    height: int
    mime: str
    length: int  # bytes


@dataclass(frozen=True)
class Picture:
    src_uri: str
    webp: tuple[Variant, ...]  # narrowest first
    fallback: tuple[Variant, ...]  # JPEG (PNG with transparency), the same widths
    thumb_webp: Variant
    thumb: Variant

    @property
    def large(self) -> Variant:
        """The widest fallback: link previews (og:image), the feed's enclosure, the data."""
        return self.fallback[-1]


def _made_bytes(source: bytes, spec: tuple[int, int, str]) -> bytes:
    """One copy of a source: the whole picture without metadata (`_WHOLE`), or a resized one."""
    if spec == _WHOLE:
        return images.clean_copy(source, max_side=_KEEP_SIZE, keep_format=True)[0]
    return images.derivatives(source, [spec])[0]


class Pictures:
    """The photos of one build (shared by its languages)."""

    def __init__(self, photos: dict[str, Photo], cache: Cache, lang: str | None = None) -> None:
        self.lang = lang  # the editors' language of the build's errors (None: English)
        self.pictures: dict[str, Picture] = {}
        self._cache = cache
        self._made: dict[str, _Made] = {}  # dest -> how to get its bytes
        # every photo file of docs/: none is published as it is
        self._sources = set(photos)
        for src_uri, photo in sorted(photos.items()):
            if photo.picture:
                self.pictures[src_uri] = self._make(photo, cache)
            if photo.file:
                self._made[src_uri] = self._whole(photo, cache)
        self._published: set[str] = set()

    @staticmethod
    def _whole(photo: Photo, cache: Cache) -> _Made:
        """The copy published at the photo's own address (another page shows it, or links to
        it): the same format and size, upright, in sRGB, without metadata."""
        key = f"{images.VERSION}\n{_SETTINGS}\n{photo.digest}\nwhole"
        data = cache.load("photo", key)
        if data is None:
            data = _made_bytes(photo.path.read_bytes(), _WHOLE)
            cache.put("photo", key, data)
        return _Made(photo, _WHOLE, key, hashlib.sha256(data).digest(),
                     None if cache.folder else data)

    def _make(self, photo: Photo, cache: Cache) -> Picture:
        ext = "png" if photo.alpha else "jpg"
        # each width fitted to the formats' limits (a screenshot taller than WebP takes is
        # published narrower): two widths may become one
        sizes = sorted({images.output_size(photo.width, photo.height, w) for w in images.WIDTHS})
        thumb = images.output_size(photo.width, photo.height, images.THUMB)
        specs = [(w, h, fmt) for w, h in sizes for fmt in ("webp", ext)] + [
            (*thumb, "webp"), (*thumb, ext)]
        folder, name = posixpath.split(photo.src_uri)
        stem = _NAME.sub("-", name.rsplit(".", 1)[0].lower()).strip("-") or "photo"
        keys = [f"{images.VERSION}\n{_SETTINGS}\n{photo.digest}\n{w}x{h}.{fmt}"
                for w, h, fmt in specs]
        found = [cache.load("photo", key) for key in keys]
        missing = [i for i, data in enumerate(found) if data is None]
        if missing:
            outputs = images.derivatives(photo.path.read_bytes(), [specs[i] for i in missing])
            for i, output in zip(missing, outputs, strict=True):
                found[i] = output
                cache.put("photo", keys[i], output)
        variants = []
        for i, (w, h, fmt) in enumerate(specs):
            dest = posixpath.join(folder, f"{stem}-{photo.digest[:8]}-{w}.{fmt}")
            data = found[i]
            assert data is not None
            # without a cache, the bytes are kept until they are written; with one, the
            # entry is read again then (and checked against this hash) to spare the memory
            self._made[dest] = _Made(photo, specs[i], keys[i], hashlib.sha256(data).digest(),
                                     None if cache.folder else data)
            variants.append(Variant(dest, w, h, images.MIME[fmt], len(data)))
        count = len(sizes) * 2
        return Picture(photo.src_uri, tuple(variants[0:count:2]), tuple(variants[1:count:2]),
                       variants[count], variants[count + 1])

    def get(self, src_uri: str | None) -> Picture | None:
        return self.pictures.get(src_uri) if src_uri else None

    def write(self, site_dir: str, prefix: str) -> None:
        """Write this language's copies of every photo into the site (once per language)."""
        if prefix in self._published:
            return
        self._published.add(prefix)
        folders: set[Path] = set()
        for dest, made in self._made.items():
            target = Path(site_dir, prefix + dest)
            if target.parent not in folders:
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise published.WriteError(target.parent, exc, self.lang) from None
                folders.add(target.parent)
            published.write(target, self._bytes(made), self.lang)

    def _bytes(self, made: _Made) -> bytes:
        """The copy's bytes: the ones made, or the cache's entry when it still holds them (a
        changed entry is made again: what was measured for the page must be what is written)."""
        if made.data is not None:
            return made.data
        data = self._cache.load("photo", made.key)
        if data is None or hashlib.sha256(data).digest() != made.sha256:
            try:
                source = made.photo.path.read_bytes()
            except OSError as exc:
                raise PluginError(render(E_(
                    "{path}: the photo cannot be read any more ({reason}) — build again",
                    path=str(made.photo.path), reason=published.reason(exc)), self.lang)) from None
            data = _made_bytes(source, made.spec)
            self._cache.put("photo", made.key, data)
        return data

    def withhold(self, files: Files) -> None:
        """Remove every photo file of docs/ from `files`: MkDocs would copy them, metadata and
        all (`write` publishes the copies at their own address where one is wanted)."""
        for file in list(files):
            if file.src_uri in self._sources and not file.generated_by:
                files.remove(file)

    # -- markup

    def view(self, picture: Picture, base: str) -> dict[str, Any]:
        """What clay/picture.html reads: the URLs of `picture`'s copies, each `base` + its
        name (`base`: the way from the page to the photo's folder)."""
        def url(v: Variant) -> str:
            return base + posixpath.basename(v.dest)

        return {
            "webp": ", ".join(f"{url(v)} {v.width}w" for v in picture.webp),
            "srcset": ", ".join(f"{url(v)} {v.width}w" for v in picture.fallback),
            "src": url(picture.fallback[-1]),
            "width": picture.fallback[-1].width,
            "height": picture.fallback[-1].height,
            "sizes": SIZES,
        }

    def thumb(self, picture: Picture, base: str) -> dict[str, Any]:
        return {
            "webp": base + posixpath.basename(picture.thumb_webp.dest),
            "src": base + posixpath.basename(picture.thumb.dest),
            "width": picture.thumb.width,
            "height": picture.thumb.height,
        }

    def rewrite(self, html: str, page_url: str, prefix: str, macro: Any) -> str:
        """`html` with each `<img>` of a source as `macro(view, alt, attrs)` (a <picture>)."""
        if "<img" not in html:
            return html
        # MkDocs made each src relative to the page's URL
        here = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)

        def replace(tag: html_rules.Tag) -> str | None:
            attrs = {k: v or "" for k, v in tag.attrs}
            src = attrs.get("src", "")
            if not src or ":" in src or src.startswith(("/", "#")):
                return None
            target = posixpath.normpath(posixpath.join(here, src.split("#")[0].split("?")[0]))
            picture = self.pictures.get(target.removeprefix(prefix))
            if picture is None:
                return None
            folder = posixpath.dirname(prefix + picture.src_uri) + "/"
            base = get_relative_url(folder, page_url).rstrip("/") + "/"
            base = "" if base == "./" else base
            # no handler passes into the <picture> (the build refuses them before, too)
            rest = {k: v for k, v in attrs.items() if k not in _OWN and not k.startswith("on")}
            return str(macro(self.view(picture, base), attrs.get("alt", ""), rest))

        return html_rules.replace_tags(html, "img", replace)
