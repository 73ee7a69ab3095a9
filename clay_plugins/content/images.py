"""What the site does with a photo, done by Pillow (and pillow-heif for HEIC/HEIF).

Pure Python, no MkDocs import: the build (clay_plugins/pictures.py), `clay check` and its
`--fix`, `clay import` and `clay new meeting --image` all call this module, so a photo is read,
turned upright, converted to sRGB and written without metadata by the same code everywhere.
No image format is handled by hand: Pillow decodes, transposes (`ImageOps.exif_transpose`),
converts colours (`ImageCms`), resizes and encodes; this module only chooses the settings and
makes sure nothing of the source's metadata reaches the output (each output is a new image,
with an empty `info`, saved without `exif`, `icc_profile` or `xmp`).

Outputs are deterministic: the same source bytes and settings give the same bytes (no clock,
no randomness; the encoders are run single-threaded with fixed options).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import asdict, dataclass
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING, Any

from clay_plugins.l10n import E_, EditorsError

if TYPE_CHECKING:
    from PIL import Image


@cache
def _pillow() -> Any:
    """Pillow's Image module with pillow-heif's opener, imported on the first image work: a
    build whose photos are all in the cache never loads them."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    return Image


# Pillow's format names of the accepted sources (HEIF covers .heic and .heif)
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# A photo from a phone has 12 to 50 million pixels; far more is a hostile or broken file
# (Pillow's own limit warns at 89 million and refuses twice that).
MAX_PIXELS = 80_000_000
GPS_IFD = 0x8825
# The longest side a published copy may have: WebP's limit (16383 pixels), the smallest of the
# formats published (JPEG takes 65535): a taller picture is published narrower, never refused
MAX_SIDE = 16383
# what decodes the photos, in the key of everything made from them (read without importing it)
VERSION = f"pillow {metadata.version('pillow')}; pillow-heif {metadata.version('pillow-heif')}"

# encoder settings: part of every cache key (clay_plugins/pictures.py)
WEBP = {"quality": 78, "method": 4}
WEBP_SMALL = {"quality": 70, "method": 4}
JPEG = {"quality": 82, "optimize": True, "progressive": True}
PNG = {"optimize": True}
MIME = {"webp": "image/webp", "jpg": "image/jpeg", "png": "image/png"}
# the widths published for readers (never more than the source's), and the lists' thumbnail
WIDTHS = (480, 960, 1600)
THUMB = 160


class PhotoError(EditorsError):
    """A source that cannot be published: `code` is the finding's (photo.format, …)."""

    def __init__(self, code: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.code, self.message, self.fix = code, message, fix


@dataclass(frozen=True)
class Inspection:
    """What a source is, once decoded whole (kept in the cache by its bytes' hash)."""

    format: str  # Pillow's: JPEG, PNG, WEBP, HEIF
    width: int  # as shown, the camera's orientation applied
    height: int
    alpha: bool  # some pixel is not opaque: the fallback is PNG
    gps: bool  # the EXIF data has a GPS position
    metadata: bool  # EXIF, XMP, IPTC or a colour profile: `clay check --fix` removes them

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _open(data: bytes) -> Image.Image:
    """The source decoded whole, or PhotoError: not an image, another format, truncated."""
    Image = _pillow()  # noqa: N806
    from PIL import UnidentifiedImageError

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except UnidentifiedImageError:
            raise PhotoError("photo.unreadable", E_("the file is not an image Pillow can read, or "
                                                    "it is damaged"),
                             E_("export the photo again as JPEG, PNG, WebP or HEIC")) from None
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning,
                Image.DecompressionBombError) as exc:
            raise PhotoError("photo.unreadable", E_("the image cannot be read ({exc})", exc=exc),
                             E_("export the photo again as JPEG, PNG, WebP or HEIC")) from None
        if image.format not in ACCEPTED_FORMATS:
            raise PhotoError("photo.format", E_("the image is {format}, which the site does not "
                                                "publish", format=image.format),
                             E_("export it as JPEG, PNG, WebP or HEIC"))
        if image.width * image.height > MAX_PIXELS:
            raise PhotoError("photo.unreadable", E_("the image has {width}×{height} pixels, more "
                                                    "than any camera gives",
                                                    width=image.width, height=image.height),
                             E_("export it at a usual size (e.g. 4000 pixels wide at most)"))
        try:
            image.load()
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise PhotoError("photo.unreadable", E_("the image is truncated or damaged ({exc})",
                                                    exc=exc),
                             E_("copy the photo again from the camera or phone")) from None
    return image


def _metadata(image: Image.Image) -> tuple[bool, bool]:
    """(has a GPS position, has any metadata)."""
    exif = image.getexif()
    gps = bool(exif.get_ifd(GPS_IFD))
    info = image.info
    other = any(info.get(k) for k in ("exif", "xmp", "XML:com.adobe.xmp", "icc_profile",
                                      "photoshop", "iptc", "comment"))
    return gps, bool(exif) or other


def _alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        lowest = image.convert("RGBA").getchannel("A").getextrema()[0]
        return bool(lowest < 255)  # type: ignore[operator]
    return False


def inspect(data: bytes) -> Inspection:
    """Decode `data` whole and say what it is; PhotoError when it cannot be published."""
    image = _open(data)
    gps, metadata = _metadata(image)
    orientation = image.getexif().get(0x0112, 1)
    width, height = image.size
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    return Inspection(image.format or "", width, height, _alpha(image), gps, metadata)


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The picture as it should be seen: rotated as the camera says, in sRGB (RGB or RGBA)."""
    from PIL import ImageCms, ImageOps

    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    alpha = _alpha(image)
    mode = "RGBA" if alpha else "RGB"
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
                image = image.convert(mode)
            converted = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are taken as sRGB
    clean = image.convert(mode)
    clean.info = {}  # nothing of the source's metadata travels with the pixels
    return clean


def height_at(width: int, height: int, at: int) -> int:
    """The height of a copy `at` pixels wide of a picture of `width`×`height` as shown."""
    return max(1, round(height * at / width))


def output_size(width: int, height: int, at: int) -> tuple[int, int]:
    """The size of the copy `at` pixels wide (never wider than the picture) of a picture of
    `width`×`height` as shown, made narrower when its height would exceed `MAX_SIDE`."""
    at = min(at, width)
    if height_at(width, height, at) > MAX_SIDE:
        at = max(1, width * MAX_SIDE // height)
    return at, min(height_at(width, height, at), MAX_SIDE)


def _scaled(image: Image.Image, width: int, height: int) -> Image.Image:
    if (width, height) == image.size:
        return image
    scaled = image.resize((width, height), _pillow().Resampling.LANCZOS, reducing_gap=2.0)
    scaled.info = {}
    return scaled


def encode(image: Image.Image, ext: str, *, small: bool = False) -> bytes:
    """`image` in `ext` (webp, jpg, png) with the site's settings and no metadata."""
    out = io.BytesIO()
    if ext == "webp":
        image.save(out, "WEBP", **(WEBP_SMALL if small else WEBP))
    elif ext == "jpg":
        image.convert("RGB").save(out, "JPEG", **JPEG)
    else:
        image.save(out, "PNG", **PNG)
    return out.getvalue()


def derivatives(data: bytes, wanted: list[tuple[int, int, str]]) -> list[bytes]:
    """The source `data` at each (width, height, ext) of `wanted` (the heights from
    `height_at`, of the size `inspect` gives), decoded once.

    A JPEG is decoded at a reduced scale when even the widest published width needs no more
    (libjpeg's `draft`, which costs a fraction of a whole decode); always that scale, whatever
    is `wanted`, so that each output depends only on the source, its width and format."""
    image = _pillow().open(io.BytesIO(data))
    widest = max(WIDTHS)
    if image.format == "JPEG":
        orientation = image.getexif().get(0x0112, 1)
        shown_w, shown_h = (image.height, image.width) if orientation in (5, 6, 7, 8) \
            else image.size
        need = (widest, max(1, shown_h * widest // max(shown_w, 1)))
        if orientation in (5, 6, 7, 8):
            need = (need[1], need[0])
        image.draft("RGB", need)
    upright = _upright_srgb(image)
    return [encode(_scaled(upright, width, height), ext, small=width < 400)
            for width, height, ext in wanted]


def clean_copy(data: bytes, *, max_side: int, keep_format: bool = False) -> tuple[bytes, str]:
    """The photo upright, in sRGB, at most `max_side` pixels on its long side and without any
    metadata: (bytes, extension). The extension is the source's when `keep_format` (HEIC stays
    HEIC: `clay check --fix` keeps the file the front matter names), else jpg (png with
    transparency), for `clay import` and `clay new meeting --image`."""
    image = _open(data)
    source_format = image.format
    upright = _upright_srgb(image)
    if max(upright.size) > max_side:
        upright.thumbnail((max_side, max_side), _pillow().Resampling.LANCZOS)
        upright.info = {}
    if keep_format and source_format == "HEIF":
        out = io.BytesIO()
        upright.save(out, "HEIF", quality=92)
        return out.getvalue(), "heic"
    if keep_format and source_format == "WEBP":
        out = io.BytesIO()
        upright.save(out, "WEBP", quality=92, method=4)
        return out.getvalue(), "webp"
    if keep_format and source_format == "PNG" or _alpha(upright):
        return encode(upright, "png"), "png"
    out = io.BytesIO()
    upright.convert("RGB").save(out, "JPEG", quality=92, optimize=True)
    return out.getvalue(), "jpg"
