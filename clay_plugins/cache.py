"""A folder of results that a library made, named by the hash of what they were made from.

Some outputs cost more to make than the rest of the build together (icalendar writes each
calendar line character by character: the events of a thousand reports per language were most
of clay-meetings' cost), yet depend on nothing but their inputs. Rather than rewriting the
library, the plugins keep what it wrote here and reuse it on the next build (a `mkdocs serve`
rebuild, the next CI run when the folder is kept as a CI cache).

- The key of an entry is the hash of everything the output depends on, the library's version
  included: a changed report, label or library makes a new entry; an entry is never updated.
- The folder is `.cache/clay/` beside mkdocs.yml (ignored by git), or `$CLAY_CACHE_DIR`; an
  empty `CLAY_CACHE_DIR` turns the cache off. Deleting it is always safe (`make clean` does).

The cache is a cache: nothing in it is trusted. A full disk, a killed build, a CI cache restored
half-way or a hand that edits the folder can leave any file there, so

- an entry is written atomically (a temporary file, then a rename): two builds at once or a
  build killed at any moment leave either the whole entry or none;
- an entry starts with a header that holds the hash of its key and the hash of its data, and is
  read only when it is a regular file (never through a symbolic link, never a FIFO or a device)
  whose header matches both: a missing, truncated, corrupt, renamed, symlinked or mistyped entry
  is made again (one debug line says why) and replaced, never used and never an error;
- `get` takes an optional `valid` test of the data itself (the result's type), for what a
  header cannot know;
- nothing outside the cache reads its files by path (the site's photos are copies of the bytes
  `load` checked, never links to them): a change to a published file cannot reach the cache,
  and a change to the cache cannot reach the site.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

DEFAULT = Path(".cache") / "clay"
# the first line of every entry: a format change makes every older entry a miss
MAGIC = b"clay-cache 2\n"
_HEADER = len(MAGIC) + 65 + 65  # MAGIC, the key's sha256 and the data's sha256, each + "\n"
# an entry larger than this is not one we wrote (the largest are photo copies of a few MB)
MAX_ENTRY = 256 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)

log = logging.getLogger("mkdocs.plugins.clay.cache")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Cache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # None: no cache, every result is made

    @classmethod
    def beside(cls, config_file: str | os.PathLike[str] | None) -> Cache:
        """The cache of the site whose mkdocs.yml is `config_file`."""
        chosen = os.environ.get("CLAY_CACHE_DIR")
        if chosen is not None:
            return cls(Path(chosen) if chosen else None)
        root = Path(config_file).parent if config_file else Path.cwd()
        return cls(root / DEFAULT)

    def get(self, kind: str, key: str, make: Callable[[], bytes],
            valid: Callable[[bytes], bool] | None = None) -> bytes:
        """The result made from `key` (all that it depends on): the folder's entry when it is
        intact (and passes `valid`), else `make()`, kept for the next time."""
        data = self.load(kind, key)
        if data is not None and valid is not None and not _passes(valid, data):
            log.debug("cache: %s entry %s holds a result of the wrong type: made again",
                      kind, self._name(key))
            data = None
        if data is None:
            data = make()
            self.put(kind, key, data)
        return data

    def load(self, kind: str, key: str) -> bytes | None:
        """The intact entry of `key`, or None (missing, or not to be trusted: debug line)."""
        path = self.path(kind, key)
        if path is None:
            return None
        problem, data = _read(path, key)
        if problem:
            if problem != "missing":
                log.debug("cache: %s is %s: made again", path, problem)
            return None
        return data

    def path(self, kind: str, key: str) -> Path | None:
        """Where the result made from `key` is kept (None: no cache)."""
        if self.folder is None:
            return None
        digest = self._name(key)
        return self.folder / kind / digest[:2] / digest

    @staticmethod
    def _name(key: str) -> str:
        return _sha256(key.encode("utf-8", "surrogatepass"))

    def put(self, kind: str, key: str, data: bytes) -> bool:
        """Keep `data` as the result of `key`; False when it could not be kept (no cache, a
        read-only or full disk: the next build makes it again)."""
        path = self.path(kind, key)
        if path is None:
            return False
        header = b"%s%s\n%s\n" % (MAGIC, self._name(key).encode(), _sha256(data).encode())
        try:
            _clear(path.parent.parent)
            _clear(path.parent)
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)  # a folder where an entry belongs: not ours to keep
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(header)
                    file.write(data)
                # os.replace replaces a symbolic link itself, never the file it points to
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as exc:
            log.debug("cache: %s not kept (%s)", path, exc.strerror or exc)
            return False
        return True


def _clear(folder: Path) -> None:
    """A file or a symbolic link where one of the cache's folders belongs is removed (an entry
    is never written through a link to somewhere else)."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()


def _passes(valid: Callable[[bytes], bool], data: bytes) -> bool:
    try:
        return bool(valid(data))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return False


def _read(path: Path, key: str) -> tuple[str, bytes]:
    """("", the data) for an intact entry of `key`, else (what is wrong with it, b"")."""
    try:
        # O_NOFOLLOW: a symbolic link is refused, not followed; O_NONBLOCK: a FIFO does not
        # hang the build (it is refused below, as every file that is not a regular one)
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
    except FileNotFoundError:
        return "missing", b""
    except OSError as exc:
        if path.is_symlink():
            return "a symbolic link", b""
        return f"unreadable ({exc.strerror or exc})", b""
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return "not a regular file", b""
        if info.st_size < _HEADER:
            return f"truncated ({info.st_size} bytes)", b""
        if info.st_size > MAX_ENTRY:
            return f"too large ({info.st_size} bytes)", b""
        with os.fdopen(os.dup(fd), "rb") as file:
            raw = file.read(info.st_size + 1)
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})", b""
    finally:
        os.close(fd)
    head, data = raw[:_HEADER], raw[_HEADER:]
    if not head.startswith(MAGIC):
        return "not an entry of this cache", b""
    fields = head[len(MAGIC):].split(b"\n")
    if fields[0] != Cache._name(key).encode():
        return "the entry of another key", b""
    if fields[1] != _sha256(data).encode():
        return "corrupt (its data does not match its hash)", b""
    return "", data
