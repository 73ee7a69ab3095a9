"""The photos in the editors' tools: `clay check --fix` (metadata removed from a source that
records a GPS position), `clay import` and `clay new meeting --image` (photos written upright, at
most `IMPORT_LONG_SIDE` pixels on their long side, without metadata).

The image work is content/images.py's (Pillow); files are replaced atomically (cli/atomic.py).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from clay_plugins.cli import atomic
from clay_plugins.content import images
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.photos import IMPORT_LONG_SIDE
from clay_plugins.content.site import SiteContent
from clay_plugins.l10n import E_

# a long side no camera reaches: `--fix` keeps the picture's size
_KEEP_SIZE = 1_000_000
# the largest photo `clay new meeting --image` reads (a camera's JPEG is a few MB; the size is
# checked with stat before a byte is read)
MAX_INPUT_BYTES = 64 * 1024 * 1024


def prepared(data: bytes) -> tuple[bytes, str]:
    """A photo as the tools write it beside a report: (bytes, extension: jpg or png)."""
    return images.clean_copy(data, max_side=IMPORT_LONG_SIDE)


def strip_gps(content: SiteContent, root: Path,
              wanted: Callable[[str], bool]) -> tuple[list[Finding], list[Finding]]:
    """Remove every metadata of each source that records a GPS position (in the same format, the
    same size, upright): (what was changed, what could not be)."""
    fixed: list[Finding] = []
    unfixed: list[Finding] = []
    # a photo an item names in its front matter is fixed when the item's file is wanted
    leads = {item.values[name]: item.path for items in content.items.values()
             for item in items for name in item.kind.photos if item.values.get(name)}
    for photo in content.photos.values():
        shown = display_path(str(photo.path), str(root))
        if not photo.gps or not (wanted(shown) or wanted(leads.get(photo.src_uri, ""))):
            continue
        try:
            read = atomic.Snapshot.read(photo.path)
            data, _ = images.clean_copy(read.data, max_side=_KEEP_SIZE, keep_format=True)
            atomic.write(photo.path, data, unchanged=read)
        except atomic.Changed:
            from clay_plugins.cli.check import changed_meanwhile

            unfixed.append(changed_meanwhile(shown))
            continue
        except (OSError, images.PhotoError, atomic.WriteError) as exc:
            unfixed.append(Finding(
                shown, None, None, E_("`--fix` could not remove the photo's metadata ({exc})",
                                      exc=exc),
                E_("open the photo in an editor and save it without location data"),
                Severity.ERROR, "fix.unwritten"))
            continue
        fixed.append(Finding(shown, None, None, E_("removed the photo's metadata (GPS position, "
                                                   "camera "
                                                   "data)"), "", Severity.INFO, "photo.gps"))
    return fixed, unfixed


_FM_END = re.compile(r"^---\s*$", re.MULTILINE)


def with_lead(text: str, name: str, alt: str | None) -> str:
    """The report's `text` with `image: name` and its `image_alt` (a `TODO` that `clay check`
    reports when there is no text alternative) at the end of its front matter."""
    ends = list(_FM_END.finditer(text))
    if len(ends) < 2:
        return text
    cut = ends[1].start()
    alt_line = _yaml(alt) if alt and alt.strip() else "TODO"
    return text[:cut] + f"image: {name}\nimage_alt: {alt_line}\n" + text[cut:]


def _yaml(markdown: str) -> str:
    """The alternative text of a Markdown image (references and backslash escapes) as the
    plain text of a front-matter value."""
    from clay_plugins.content.importer import yaml_text

    text = html.unescape(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|<>])", r"\1", markdown))
    return yaml_text(" ".join(text.split()))
