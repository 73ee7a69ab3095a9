"""Writing an editor's file so that it is either the old file or the new one, never a mix.

Every file `clay` writes (`check --fix`, `new`, `import`) goes through `write`: the new bytes go
to a temporary file in the same folder (so the final rename never crosses file systems), are
flushed and fsynced, get the old file's permissions, and only then replace the file with
`os.replace` (atomic on POSIX and Windows). When anything fails (disk full, a file-size limit,
a read-only file or folder) the temporary file is removed, the original is byte-identical, and
`WriteError` says which file and why, in one line.

`create=True` never replaces an existing file: the temporary file is hard-linked to the name,
which fails when the name exists, so two imports at once cannot overwrite each other either.

`unchanged=Snapshot` (what `clay check --fix` read) replaces the file only if it is still what
was read: its size, modification time, inode and bytes are compared once the new bytes are
on disk, just before the rename; an editor's save made meanwhile raises `Changed` and is kept.
(The rename follows the comparison within microseconds; no lock between processes that do not
take part is possible on a plain file.)
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is full",
    errno.EFBIG: "the file is larger than the system allows",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the disk is read-only",
    errno.EEXIST: "the file exists already",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
}


class WriteError(Exception):
    """A file could not be written; the original (if any) is unchanged."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: not written, {reason}")


class Changed(WriteError):
    """The file changed since it was read: it was not replaced."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "changed while fixing, run again")


@dataclass(frozen=True)
class Snapshot:
    """A file as it was read: what `write(unchanged=…)` compares before replacing it."""

    size: int
    mtime_ns: int
    inode: int
    data: bytes

    @classmethod
    def read(cls, path: Path) -> Snapshot:
        """The file's bytes and what fstat says of them (OSError when it cannot be read)."""
        with open(path, "rb") as file:
            before = os.fstat(file.fileno())
            data = file.read()
            after = os.fstat(file.fileno())
        if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) \
                or len(data) != after.st_size:
            # written while it was read: a snapshot that matches nothing
            return cls(-1, -1, -1, data)
        return cls(after.st_size, after.st_mtime_ns, after.st_ino, data)

    def matches(self, path: Path) -> bool:
        try:
            now = path.stat()
            if (now.st_size, now.st_mtime_ns, now.st_ino) != (self.size, self.mtime_ns,
                                                             self.inode):
                return False
            return path.read_bytes() == self.data
        except OSError:
            return False


def reason_of(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write(path: Path, data: bytes, *, create: bool = False,
          unchanged: Snapshot | None = None) -> None:
    """Replace (or, with `create`, make) `path` with `data` atomically; raise WriteError
    (Changed when `path` is no longer what `unchanged` read)."""
    try:
        old = path.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteError(path, reason_of(exc)) from None
    if old is not None:
        if create:
            raise WriteError(path, _REASONS[errno.EEXIST])
        # checked on the mode, not with os.access: root may write anyway, but an editor who
        # made a file read-only means it
        if not old.st_mode & stat.S_IWUSR:
            raise WriteError(path, "the file is read-only")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".clay-tmp",
                                        dir=path.parent)
    except OSError as exc:
        raise WriteError(path, reason_of(exc)) from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, stat.S_IMODE(old.st_mode) if old is not None else _new_file_mode())
        if unchanged is not None and not unchanged.matches(path):
            raise Changed(path)
        if create:
            _link(tmp, path)
        else:
            os.replace(tmp, path)
        sync_folder(path.parent)
    except OSError as exc:
        raise WriteError(path, reason_of(exc)) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def write_text(path: Path, text: str, *, create: bool = False,
               unchanged: Snapshot | None = None) -> None:
    """UTF-8 text, written exactly (no newline translation)."""
    write(path, text.encode("utf-8"), create=create, unchanged=unchanged)


def _link(tmp: Path, path: Path) -> None:
    """Give `tmp` the name `path` unless that name exists (a hard link fails then)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        # a file system without hard links: the small window between the test and the rename
        # is the best it allows
        if path.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(tmp, path)


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
