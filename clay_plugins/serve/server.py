"""The preview served: MkDocs' live-reload server over the folder `Preview` writes.

The server watches the sources (`Preview.sources`) and, on a change, calls `update` from its
build loop, then reloads the open pages; a request waits while an update runs. An edited
report's own pages come first (`update(complete=False)`): the server shows them at once, and
a thread of its own writes the rest of what the edit changes (`finish`: the lists, the
neighbours, the feed), then has the pages reloaded again; once no edit has come for
`INDEX_QUIET` seconds, it makes the search index.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from clay_plugins.serve.preview import Outcome, Preview

INDEX_QUIET = 2.0  # seconds without an edit before the search index is made again
POLL = 0.1  # seconds between two looks at the sources (MkDocs' default is 0.5)


class Follower(threading.Thread):
    """After each update: the rest of the edit (`finish`), then, once the edits pause, the
    search index (`index`), each under the lock the updates hold."""

    def __init__(self, preview: Preview, lock: threading.Lock,
                 report: Callable[[Outcome], None], indexed: Callable[[bool], None],
                 reload: Callable[[], None]) -> None:
        super().__init__(daemon=True, name="clay-serve-follower")
        self.preview, self.lock = preview, lock
        self.report, self.indexed, self.reload = report, indexed, reload
        self.wanted = threading.Event()

    def _finish(self) -> None:
        with self.lock:
            rest = self.preview.finish()
        if rest.kind != "none":
            self.report(rest)
            self.reload()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            self._finish()
            # a new edit within the quiet time: its rest, and the wait starts again
            while self.wanted.wait(INDEX_QUIET):
                self.wanted.clear()
                self._finish()
            with self.lock:
                made = self.preview.index()
            self.indexed(made)


def serve(preview: Preview, host: str, port: int, report: Callable[[Outcome], None],
          indexed: Callable[[bool], None]) -> None:
    """Build, then serve and update until interrupted (Ctrl+C)."""
    lock = threading.Lock()
    with tempfile.TemporaryDirectory(prefix="clay-serve-reload-") as signals:
        # a file written here makes the server reload the pages (its one public way)
        marker = Path(signals) / "reload"

        def reload() -> None:
            marker.write_text(str(marker.stat().st_mtime_ns + 1 if marker.exists() else 0))

        follower = Follower(preview, lock, report, indexed, reload)
        report(preview.build())
        follower.start()
        follower.wanted.set()

        def update() -> None:
            with lock:
                outcome = preview.update(complete=False)
                for root in preview.sources.roots if preview.sources else ():
                    server.watch(str(root))
            report(outcome)
            if outcome.kind in ("pages", "build"):
                follower.wanted.set()

        site_url = preview.config.site_url if preview.config else None
        server = LiveReloadServer(update, host, port, str(preview.site_dir),
                                  mount_path=urlsplit(site_url or "/").path,
                                  polling_interval=POLL)
        server.watch(signals)
        for root in preview.sources.roots if preview.sources else [preview.config_file]:
            server.watch(str(root))
        Path(preview.site_dir).mkdir(parents=True, exist_ok=True)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
