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
- Entries are written atomically (a temporary file, then a rename), so two builds at once or
  a build stopped half-way never leave a truncated entry; an entry that cannot be read or
  written is made again, never an error of the build.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

DEFAULT = Path(".cache") / "clay"


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

    def get(self, kind: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The result made from `key` (all that it depends on), from the folder or `make()`."""
        path = self.path(kind, key)
        if path is None:
            return make()
        try:
            return path.read_bytes()
        except OSError:
            pass
        data = make()
        self._store(path, data)
        return data

    def path(self, kind: str, key: str) -> Path | None:
        """Where the result made from `key` is kept (None: no cache)."""
        if self.folder is None:
            return None
        digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self.folder / kind / digest[:2] / digest

    def put(self, kind: str, key: str, data: bytes) -> Path | None:
        """Keep `data` as the result of `key`; its path, or None when it could not be kept."""
        path = self.path(kind, key)
        if path is None:
            return None
        self._store(path, data)
        return path if path.is_file() else None

    @staticmethod
    def _store(path: Path, data: bytes) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as file:
                    file.write(data)
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError:
            pass  # a read-only or full disk: the result was made, the next build makes it again

