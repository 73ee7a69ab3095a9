"""The photos of the reports and chapters: the contract's rules, for the build and `clay check`.

A report names its lead photo in its front matter (`image`, `image_alt`, `image_credit`: see
clay_plugins/meetings/CONTRACT.md); reports and chapters show other photos in their text as
Markdown images. Every such file with an accepted suffix (`ACCEPTED_SUFFIXES`) is a *source*:
the build publishes resized copies of it without metadata (clay_plugins/pictures.py), never the
file itself. `check` decodes each source whole once (content/images.py, through Pillow) and
keeps what it learnt in the site's cache (clay_plugins/cache.py), keyed by the hash of the
file's bytes, so that an unchanged photo is not decoded again by the next build or check.

Finding codes given here:

- `photo.missing` (error): the report's `image` names a file that does not exist.
- `photo.unreadable` (error): the file is not an image, or it is truncated or damaged.
- `photo.format` (error): the file is an image of another format (GIF, TIFF, …).
- `photo.size` (warning): the source is larger than `MAX_SOURCE_BYTES`; readers get resized
  copies, but every copy of the repository carries it.
- `photo.gps` (warning): the source's EXIF data gives the place it was taken; `clay check
  --fix` removes its metadata.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clay_plugins.cache import Cache
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.images import VERSION
from clay_plugins.content.links import image_targets
from clay_plugins.content.schema import Check
from clay_plugins.content.source import Pages

ACCEPTED_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif")
MAX_SOURCE_BYTES = 8 * 1024 * 1024
# the long side of the photos `clay import` and `clay new meeting --image` write
IMPORT_LONG_SIDE = 2400
_SCHEME = ("http:", "https:", "data:", "ftp:", "mailto:", "file:")


def photo_file(value: Any, check: Check) -> str:
    """`image:`: a photo file beside the report, given by a relative path; the src_uri of the
    file (relative to docs/) is the parsed value."""
    fix = "write the name of a photo file beside the report, e.g. `image: 2021-04-08-horezu.jpg`"
    if not isinstance(value, str) or not value.strip():
        check.fail(f"`{check.name}` must be the name of a photo file", fix)
    name = value.strip()
    if name.lower().startswith(_SCHEME) or "/" in name or "\\" in name:
        check.fail(f"`{check.name}: {name}` is not a file beside the report", fix)
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        check.fail(f"`{name}` is not a JPEG, PNG, WebP or HEIC photo",
                   "export the photo as JPEG, PNG, WebP or HEIC (.jpg, .png, .webp, .heic)")
    here = posixpath.dirname(check.source.src_uri)
    resolved = posixpath.normpath(posixpath.join(here, name))
    return resolved


@dataclass(frozen=True)
class Use:
    """A page that shows a photo: the report's lead photo, or an image in its text."""

    image: str  # the photo's src_uri
    page: str  # display path of the page
    line: int | None
    column: int | None


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


def uses(pages: Pages, leads: Iterable[tuple[str, str, int | None]],
         texts: Iterable[str]) -> list[Use]:
    """The uses of photos: `leads` as (image src_uri, page path, line), then every image of the
    pages `texts` (src_uris) with an accepted suffix."""
    found = [Use(image, page, line, None) for image, page, line in leads]
    for src_uri in texts:
        source = pages.sources.get(src_uri)
        if source is None or ("![" not in source.text and "<img" not in source.text.lower()):
            continue
        for line, column, target in image_targets(source.text, src_uri):
            if target.lower().endswith(ACCEPTED_SUFFIXES):
                found.append(Use(target, source.path, line, column))
    return found


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
    use; a missing file in the text is `links.missing`'s)."""
    photos: dict[str, Photo] = {}
    findings: list[Finding] = []
    seen: set[str] = set()
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
            if use.column is None:  # a lead photo: in the text, links.missing says it
                findings.append(Finding(
                    use.page, use.line, None,
                    f"the photo `{use.image}` does not exist",
                    "check the file name (letters, case, extension) or add the photo beside "
                    "the report", code="photo.missing"))
            continue
        try:
            facts = _inspected(path, digest, cache)
        except OSError:
            continue  # gone since: the next run says so
        if "error" in facts:
            kind, message, fix = facts["error"]
            findings.append(Finding(
                use.page, use.line, use.column, f"the photo `{use.image}`: {message}", fix,
                code="photo.format" if kind == "photo.format" else "photo.unreadable"))
            continue
        photo = photos[use.image] = Photo(
            use.image, path, digest, stat.st_size, facts["width"], facts["height"],
            facts["alpha"], facts["gps"], facts["metadata"])
        if photo.size > MAX_SOURCE_BYTES:
            findings.append(Finding(
                use.page, use.line, use.column,
                f"the photo `{use.image}` has {photo.size / 1048576:.1f} MB, more than "
                f"{MAX_SOURCE_BYTES // 1048576} MB (readers get small copies, but the "
                "repository keeps it)",
                f"export it at most {IMPORT_LONG_SIDE} pixels on its long side, or add it with "
                "`clay new meeting --image`", Severity.WARNING, code="photo.size"))
        if photo.gps:
            findings.append(Finding(
                use.page, use.line, use.column,
                f"the photo `{use.image}` records the place where it was taken (GPS) and the "
                "repository publishes it", "run `clay check --fix` to remove its metadata",
                Severity.WARNING, code="photo.gps"))
    return photos, findings


def lead_uses(pages: Pages, folder: str, default: str,
              key: str) -> list[tuple[str, str, int | None]]:
    """(image, report path, line) of the lead photos the reports of `folder` name (in their
    original, where `key` is written), whether or not the rest of the report is valid: every
    problem is reported at once. A bad `key` value is the contract's finding."""
    found: list[tuple[str, str, int | None]] = []
    for uri, source in sorted(pages.under(folder).items()):
        value = source.fm.data.get(key)
        if source.lang != default or not isinstance(value, str):
            continue
        name = value.strip()
        if name and "/" not in name and "\\" not in name and ":" not in name \
                and name.lower().endswith(ACCEPTED_SUFFIXES):
            found.append((posixpath.join(posixpath.dirname(uri), name), source.path,
                          source.fm.position(key)[0]))
    return found
