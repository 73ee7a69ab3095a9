"""The files the plugins write into `site/` themselves (the photos' copies, the reports' own
calendars), and what a build says when the disk is full.

What is published is what GitHub Pages serves, and its artifact follows links: every file we
write is a new regular file of its own, mode 0644 whatever the umask (what a web server reads),
never a link (a hard link into the cache would let a change to `site/` change the cache, a
symbolic one would publish whatever it points to). It is written beside its name and renamed
over it, so a `--dirty` or `mkdocs serve` rebuild replaces a link or an older copy, never
writes through it.

A write that fails (a full disk, a file-size limit, a read-only folder) is one line, the file's
path and the reason, as a `PluginError`: MkDocs prints it and stops the build, no traceback.
`disk_error` does the same for the files MkDocs writes itself (see build.py's
`on_build_error`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError

from clay_plugins.l10n import E_, render

MODE = 0o644

_REASONS = {
    errno.ENOSPC: E_("the disk is full"),
    errno.EDQUOT: E_("the disk quota is full"),
    errno.EFBIG: E_("the file is larger than the system allows"),
    errno.EROFS: E_("the disk is read-only"),
    errno.EACCES: E_("permission denied"),
    errno.EPERM: E_("permission denied"),
}
# the errors that no change to the site's content can fix: the machine's
DISK = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


class WriteError(PluginError):
    """A file of the site could not be written: one line, the path and why, in the editors'
    language `lang` (None: English)."""

    def __init__(self, path: Path | str, exc: OSError, lang: str | None = None) -> None:
        super().__init__(render(E_("{file}: not written, {reason} — free some space (or raise "
                                   "the limit) and build again", file=str(path),
                                   reason=reason(exc)), lang))


def write(path: Path, data: bytes, lang: str | None = None) -> None:
    """`path` as a new regular file (mode 0644) holding `data`; WriteError (said in the
    editors' language `lang`) when it cannot be."""
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as exc:
        raise WriteError(path, exc, lang) from None
    try:
        with os.fdopen(fd, "wb") as file:
            os.fchmod(file.fileno(), MODE)
            file.write(data)
        os.replace(name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise WriteError(path, exc, lang) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


def disk_error(error: BaseException, lang: str | None = None) -> PluginError | None:
    """The one line for a build stopped by the machine (a full disk, a file-size limit, a
    read-only disk) anywhere in MkDocs' writes, in the editors' language `lang` (None:
    English), or None for any other error."""
    if isinstance(error, OSError) and error.errno in DISK:
        if error.filename:
            return WriteError(error.filename, error, lang)
        return PluginError(render(E_("not written, {reason} — free some space (or raise the "
                                     "limit) and build again", reason=reason(error)), lang))
    return None
