"""The build's cache, with some results also kept in the preview's memory."""

from __future__ import annotations

from collections.abc import Iterable

from clay_plugins.cache import Cache


class RememberingCache(Cache):
    """The same verified cache (same folder, same entries), with the results of `kinds` also
    kept in memory: after each edit the preview makes every language's feed and calendar
    again from the same events, which the folder would read back one file each."""

    def __init__(self, inner: Cache, kinds: Iterable[str]) -> None:
        super().__init__(inner.folder)
        self.kinds = frozenset(kinds)
        self._memory: dict[tuple[str, str], bytes] = {}

    def load(self, kind: str, key: str) -> bytes | None:
        if kind in self.kinds:
            found = self._memory.get((kind, key))
            if found is not None:
                return found
        data = super().load(kind, key)
        if data is not None and kind in self.kinds:
            self._memory[(kind, key)] = data
        return data

    def put(self, kind: str, key: str, data: bytes) -> bool:
        if kind in self.kinds:
            self._memory[(kind, key)] = data
        return super().put(kind, key, data)
