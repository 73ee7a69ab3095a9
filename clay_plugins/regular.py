"""Reading a file that an editor names to `clay` (`clay new meeting --image`, `clay import`).

Only a regular file is read (a link to one is followed): a FIFO, a socket or a device
(`/dev/zero`, a terminal) is refused at once, before a byte is read (the file is opened
non-blocking, so even opening a FIFO with no writer returns at once). Its size is checked with
`fstat` on the opened file before reading, and no more than `limit` bytes are ever read (a file
that grows while it is read is refused too): a 3 GB file costs nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


class Refused(Exception):
    """The file is not one `clay` reads: `reason` says why, in words."""

    def __init__(self, path: Path, reason: str, *, too_large: bool = False) -> None:
        self.path = path
        self.reason = reason
        self.too_large = too_large
        super().__init__(f"{path}: {reason}")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def read(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path` (at most `limit`), or Refused."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise Refused(path, "no such file") from None
    except OSError as exc:
        raise Refused(path, f"it cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a file")
            raise Refused(path, f"{kind}, not a regular file — give the path of a file")
        if info.st_size > limit:
            raise Refused(path, f"{_megabytes(info.st_size)}, larger than the "
                                f"{_megabytes(limit)} allowed", too_large=True)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise Refused(path, f"it grew past the {_megabytes(limit)} allowed while it "
                                    "was read", too_large=True)
        return b"".join(chunks)
    except OSError as exc:
        raise Refused(path, f"it cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
