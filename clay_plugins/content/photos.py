"""The photos of docs/: which are published, how, and the rules, for the build and `clay check`.

An item of a content type names photos in its front matter with the fields its declaration
gives the `photo` value type (a report's lead photo, `image`: see
clay_plugins/meetings/CONTRACT.md); any page shows photos in its text (Markdown images, `<img>`)
or links to them (`[Descarcă](poza.jpg)`); mkdocs.yml may name one as the theme's logo. Every
file of docs/ with a photo's suffix (content/files.py, `PHOTO_SUFFIXES`) is a *source*, used or
not: the build never publishes the file itself, only copies of it made without any metadata
(clay_plugins/pictures.py):

- a photo an item of a content type shows (a photo field, an image in its text) is published as
  resized copies in WebP and JPEG (PNG with transparency), shown through a `<picture>`;
- a photo an ordinary page shows, that any page links to, or that mkdocs.yml names, is
  published at its own address as one copy of the same format and size, without metadata;
- a photo nothing uses is not published at all, and reported.

`check` decodes each source whole once (content/images.py, through Pillow) and keeps what it
learnt in the site's cache (clay_plugins/cache.py), keyed by the hash of the file's bytes, so
that an unchanged photo is not decoded again by the next build or check.

Finding codes given here:

- `photo.missing` (error): the report's `image` names a file that does not exist.
- `photo.unreadable` (error): the file is not an image, or it is truncated or damaged.
- `photo.format` (error): the file is an image of another format (GIF, TIFF, …).
- `photo.size` (warning): the source is larger than `MAX_SOURCE_BYTES`; readers get resized
  copies, but every copy of the repository carries it.
- `photo.gps` (warning): the source's EXIF data gives the place it was taken; `clay check
  --fix` removes its metadata.
- `photo.shape` (warning): the picture is far longer than wide (or the reverse), or larger than
  a format can hold: readers get it narrower than it is.
- `file.unused` (warning): no page shows the photo or links to it; it is not published.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clay_plugins.cache import Cache
from clay_plugins.content.files import JPEG_SUFFIXES, PHOTO_SUFFIXES
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.images import MAX_SIDE, VERSION
from clay_plugins.content.schema import Check, Value
from clay_plugins.content.source import Pages
from clay_plugins.l10n import E_

# what a report's `image` may name: the formats the pipeline takes (`.jfif` and `.jpe` are JPEG)
ACCEPTED_SUFFIXES = (*JPEG_SUFFIXES, ".png", ".webp", ".heic", ".heif")
MAX_SOURCE_BYTES = 8 * 1024 * 1024
# the long side of the photos `clay import` and `clay new meeting --image` write
IMPORT_LONG_SIDE = 2400
# A large picture this many times longer than wide (a phone's screenshot of a whole page is 16)
# is a strip readers scroll through (a small one, such as a decorative rule, is left alone); one
# longer than a format can hold (images.MAX_SIDE) is published narrower than it is
MAX_RATIO = 8
STRIP_SIDE = 4000
_SCHEME = ("http:", "https:", "data:", "ftp:", "mailto:", "file:")

# how a page uses a photo
PICTURE = "picture"  # shown by a report or a chapter: resized copies in a <picture>
FILE = "file"  # shown by another page, linked to, or named by mkdocs.yml: a copy at its address
UNUSED = "unused"  # nothing uses it: not published


def photo_file(value: Any, check: Check) -> str:
    """`image:`: a photo file beside the report, given by a relative path; the src_uri of the
    file (relative to docs/) is the parsed value."""
    fix = E_("write the name of a photo file beside the report, e.g. `image: "
             "2021-04-08-horezu.jpg`")
    if not isinstance(value, str) or not value.strip():
        check.fail(E_("`{name}` must be the name of a photo file", name=check.name), fix)
    name = value.strip()
    if name.lower().startswith(_SCHEME) or "/" in name or "\\" in name:
        check.fail(E_("`{name}: {name2}` is not a file beside the report",
                      name=check.name, name2=name), fix)
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        check.fail(E_("`{name}` is not a JPEG, PNG, WebP or HEIC photo", name=name),
                   E_("export the photo as JPEG, PNG, WebP or HEIC (.jpg, .png, .webp, .heic)"))
    here = posixpath.dirname(check.source.src_uri)
    resolved = posixpath.normpath(posixpath.join(here, name))
    return resolved


# a file name beside the item (no folder, no scheme) with a photo's suffix, in any case
_PHOTO = "^[^/\\\\:]+(" + "|".join(
    "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in suffix)
    for suffix in ACCEPTED_SUFFIXES) + ")$"
# the value type of a field naming a photo (a report's `image`): any type that declares one
# gets its photos read, checked and published (`lead_uses`)
photo = Value(photo_file, lambda settings: {"type": "string", "pattern": _PHOTO}, photo=True)


@dataclass(frozen=True)
class Use:
    """A use of a photo: the report's lead photo, an image or a link in a page's text, a file
    mkdocs.yml names; or none (`UNUSED`, at the photo's own path)."""

    image: str  # the photo's src_uri
    page: str  # display path of the page (of the photo itself when UNUSED)
    line: int | None
    column: int | None
    how: str = PICTURE  # PICTURE, FILE or UNUSED


@dataclass(frozen=True)
class Photo:
    """A source, read and checked."""

    src_uri: str
    path: Path
    digest: str  # sha256 of its bytes: the cache key of everything made from it
    size: int
    width: int
    height: int
    alpha: bool
    gps: bool
    metadata: bool
    picture: bool = True  # published as resized copies in a <picture> (a report or chapter)
    file: bool = False  # published at its own address, as one copy without metadata


def uses(pages: Pages, leads: Iterable[tuple[str, str, int | None]],
         texts: Iterable[str], site_files: Iterable[str] = ()) -> list[Use]:
    """The uses of photos: `leads` as (image src_uri, page path, line); every image of the
    pages `texts` (src_uris of reports and chapters); every image of the other pages and every
    link of any page to a file with a photo's suffix; the files mkdocs.yml names
    (`site_files`, src_uris)."""
    found = [Use(image, page, line, None) for image, page, line in leads]
    shown = set(texts)
    seen: set[tuple[str, str]] = set()
    for src_uri, source in sorted(pages.sources.items()):
        for line, column, target, is_image in pages.references.get(src_uri, ()):
            if not target.lower().endswith(PHOTO_SUFFIXES):
                continue
            how = PICTURE if is_image and src_uri in shown else FILE
            if (target, how) not in seen:  # the first use of each kind is what matters
                seen.add((target, how))
                found.append(Use(target, source.path, line, column, how))
    found += [Use(uri, "mkdocs.yml", None, None, FILE) for uri in sorted(site_files)
              if uri.lower().endswith(PHOTO_SUFFIXES)]
    return found


def unused(found: Iterable[Use], sources: Iterable[str], shown_docs: str) -> list[Use]:
    """An `UNUSED` use of each photo of `sources` (src_uris of every photo file of docs/) that
    `found` does not use."""
    used = {use.image for use in found}
    return [Use(uri, f"{shown_docs}/{uri}" if shown_docs != "." else uri, None, None, UNUSED)
            for uri in sorted(sources) if uri not in used]


def _digest(path: Path, stat: os.stat_result, cache: Cache) -> str:
    """The sha256 of the file's bytes, remembered (as git's index does) for the file's path,
    size, times and inode: an unchanged photo is not read again by the next build."""
    key = (f"{path}\n{stat.st_size}\n{stat.st_mtime_ns}\n{stat.st_ctime_ns}\n{stat.st_ino}")
    return cache.get("photo-digest", key,
                     lambda: hashlib.sha256(path.read_bytes()).hexdigest().encode(),
                     valid=_is_digest).decode()


def _is_digest(data: bytes) -> bool:
    return len(data) == 64 and all(c in b"0123456789abcdef" for c in data)


def _is_inspection(data: bytes) -> bool:
    """What `_inspected` keeps: an error (three texts) or the facts, each of its type."""
    facts = json.loads(data)
    if not isinstance(facts, dict):
        return False
    if "error" in facts:
        error = facts["error"]
        return (isinstance(error, list) and len(error) == 3
                and all(isinstance(x, str) for x in error))
    return (isinstance(facts.get("format"), str)
            and all(type(facts.get(k)) is int and facts[k] > 0 for k in ("width", "height"))
            and all(type(facts.get(k)) is bool for k in ("alpha", "gps", "metadata")))


def _inspected(path: Path, digest: str, cache: Cache) -> dict[str, Any]:
    from clay_plugins.content import images  # Pillow: imported when a photo is new

    def make() -> bytes:
        try:
            result: dict[str, Any] = images.inspect(path.read_bytes()).as_dict()
        except images.PhotoError as exc:
            result = {"error": [exc.code, exc.message, exc.fix]}
        return json.dumps(result).encode()

    return dict(json.loads(cache.get("photo-inspection", f"{VERSION}\n{digest}", make,
                                     valid=_is_inspection)))


def check(found: list[Use], docs_dir: Path, cache: Cache) -> tuple[dict[str, Photo],
                                                                   list[Finding]]:
    """Each source used, read once (by src_uri), and the findings about them (at their first
    use; a missing file in the text is `links.missing`'s). The photos returned say how each is
    published (`Photo.picture`, `Photo.file`); an unused one is returned with neither."""
    photos: dict[str, Photo] = {}
    findings: list[Finding] = []
    seen: set[str] = set()
    how: dict[str, set[str]] = {}
    for use in found:
        how.setdefault(use.image, set()).add(use.how)
    for use in found:
        if use.image in seen:
            continue
        seen.add(use.image)
        path = docs_dir / use.image

        try:
            stat = path.stat()
            digest = _digest(path, stat, cache) if path.is_file() else None
        except OSError:
            digest = None
        if digest is None:
            if use.column is None and use.how == PICTURE:
                # a lead photo (in the text, links.missing says it)
                findings.append(Finding(
                    use.page, use.line, None,
                    E_("the photo `{image}` does not exist", image=use.image),
                    E_("check the file name (letters, case, extension) or add the photo beside the "
                       "report"), code="photo.missing"))
            continue
        try:
            facts = _inspected(path, digest, cache)
        except OSError:
            continue  # gone since: the next run says so
        if "error" in facts:
            kind, message, fix = facts["error"]
            findings.append(Finding(
                use.page, use.line, use.column, E_("the photo `{image}`: {message}",
                                                   image=use.image, message=message), fix,
                code="photo.format" if kind == "photo.format" else "photo.unreadable"))
            continue
        uses_of = how[use.image]
        photo = photos[use.image] = Photo(
            use.image, path, digest, stat.st_size, facts["width"], facts["height"],
            facts["alpha"], facts["gps"], facts["metadata"], picture=PICTURE in uses_of,
            file=FILE in uses_of)
        findings += _rules(photo, use)
    return photos, findings


def _rules(photo: Photo, use: Use) -> list[Finding]:
    """The warnings about a readable source, at its first use."""
    findings: list[Finding] = []

    def warn(message: str, fix: str, code: str) -> None:
        findings.append(Finding(use.page, use.line, use.column, message, fix,
                                Severity.WARNING, code=code))

    if use.how == UNUSED:
        warn(E_("no page shows the photo `{image}` or links to it: it is not published",
                image=use.image),
             E_("show it on a page (`![what it shows](name.jpg)`), link to it, or delete it"),
             "file.unused")
    if photo.size > MAX_SOURCE_BYTES:
        warn(E_("the photo `{image}` has {value:.1f} MB, more than {value2} MB (readers get small "
                "copies, but the repository keeps it)",
                image=use.image, value=photo.size / 1048576, value2=MAX_SOURCE_BYTES // 1048576),
             E_("export it at most {IMPORT_LONG_SIDE} pixels on its long side, or add it with "
                "`clay new meeting --image`", IMPORT_LONG_SIDE=IMPORT_LONG_SIDE), "photo.size")
    if photo.gps:
        warn(E_("the photo `{image}` records the place where it was taken (GPS) and the repository "
                "publishes it", image=use.image),
             E_("run `clay check --fix` to remove its metadata"), "photo.gps")
    long_side, short_side = max(photo.width, photo.height), min(photo.width, photo.height)
    if long_side > MAX_SIDE or (long_side > MAX_RATIO * short_side
                                and long_side > STRIP_SIDE):
        warn(E_("the photo `{image}` is {width}×{height} pixels: readers see a long thin "
                "strip{value}",
                image=use.image, width=photo.width, height=photo.height,
                value=E_(" (the copies are at most {side} pixels long)", side=MAX_SIDE)
                if long_side > MAX_SIDE else ""),
             E_("crop it to the part that matters, or split it into several pictures"),
             "photo.shape")
    return findings


def lead_uses(pages: Pages, folder: str, default: str,
              keys: Iterable[str]) -> list[tuple[str, str, int | None]]:
    """(image, page path, line) of the photos the items of `folder` name in their front matter
    (in their original, under `keys`: the type's fields of the `photo` value type), whether or
    not the rest of the item is valid: every problem is reported at once. A bad value is the
    contract's finding."""
    found: list[tuple[str, str, int | None]] = []
    keys = tuple(keys)
    for uri, source in sorted(pages.under(folder).items()):
        if source.lang != default:
            continue
        for key in keys:
            value = source.fm.data.get(key)
            if not isinstance(value, str):
                continue
            name = value.strip()
            if name and "/" not in name and "\\" not in name and ":" not in name \
                    and name.lower().endswith(ACCEPTED_SUFFIXES):
                found.append((posixpath.join(posixpath.dirname(uri), name), source.path,
                              source.fm.position(key)[0]))
    return found
