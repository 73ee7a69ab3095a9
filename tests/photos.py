"""Synthetic photos for the tests, made with Pillow (no real photo is ever published).

- `jpeg_with_gps`: a large camera-like JPEG, with EXIF (camera, GPS position) and the
  orientation "rotate 90°" (stored landscape, shown portrait), an XMP packet and a comment;
- `png_with_alpha`: a PNG with a transparent part;
- `heic`: a HEIC, as phones write them (pillow-heif);
- `corrupt` / `truncated`: not an image / the first half of a JPEG.
"""

from __future__ import annotations

import io

import pillow_heif
from PIL import Image, ImageDraw

pillow_heif.register_heif_opener()

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _pattern(size: tuple[int, int], mode: str = "RGB") -> Image.Image:
    image = Image.new(mode, size, (180, 120, 60, 255) if mode == "RGBA" else (180, 120, 60))
    draw = ImageDraw.Draw(image)
    w, h = size
    for i in range(0, w, max(1, w // 12)):
        draw.rectangle((i, 0, i + w // 24, h), fill=(40, 90 + i % 100, 160))
    draw.ellipse((w // 4, h // 4, w * 3 // 4, h * 3 // 4), fill=(230, 220, 40))
    return image


def jpeg_with_gps(size: tuple[int, int] = (2400, 1800), *, gps: bool = True) -> bytes:
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # shown rotated 90° clockwise: portrait
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "Model X"  # Model
    if gps:
        position = exif.get_ifd(GPS_IFD)
        position[1], position[2] = "N", (45.0, 9.0, 30.0)  # latitude: Horezu
        position[3], position[4] = "E", (24.0, 0.0, 45.0)
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    _pattern(size).save(out, "JPEG", quality=92, exif=exif, xmp=xmp, comment=b"secret")
    return out.getvalue()


def plain_jpeg(size: tuple[int, int] = (1200, 800), shade: int = 0) -> bytes:
    out = io.BytesIO()
    image = _pattern(size)
    ImageDraw.Draw(image).rectangle((0, 0, 40, 40), fill=(shade % 256, 0, 0))
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


def png_with_alpha(size: tuple[int, int] = (600, 400)) -> bytes:
    image = _pattern(size, "RGBA")
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 3, size[1]), fill=(0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def heic(size: tuple[int, int] = (800, 600)) -> bytes:
    out = io.BytesIO()
    _pattern(size).save(out, "HEIF", quality=80)
    return out.getvalue()


def gif() -> bytes:
    out = io.BytesIO()
    _pattern((64, 48)).convert("P").save(out, "GIF")
    return out.getvalue()


CORRUPT = b"\xff\xd8\xff\xe0 this is not a photo at all"


def truncated() -> bytes:
    data = plain_jpeg()
    return data[: len(data) // 2]


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))
