"""The preview served: MkDocs' live-reload server over the folder `Preview` writes.

The server watches the sources (`Preview.sources`) and, on a change, calls `update` from its
build loop, then reloads the open pages; a request for a page waits while an update runs, so a
page is never read half-written. The search index is made after the page is served: once no
edit has come for `INDEX_QUIET` seconds, in a thread of its own.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from clay_plugins.serve.preview import Outcome, Preview

INDEX_QUIET = 2.0  # seconds without an edit before the search index is made again
POLL = 0.1  # seconds between two looks at the sources (MkDocs' default is 0.5)


class Indexer(threading.Thread):
    """Makes the search index once the edits pause (`Preview.index`), under the lock the
    updates hold."""

    def __init__(self, preview: Preview, lock: threading.Lock,
                 done: Callable[[bool], None]) -> None:
        super().__init__(daemon=True, name="clay-serve-index")
        self.preview, self.lock, self.done = preview, lock, done
        self.wanted = threading.Event()

    def run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            # a new edit within the quiet time starts the wait again
            while self.wanted.wait(INDEX_QUIET):
                self.wanted.clear()
            with self.lock:
                try:
                    made = self.preview.index()
                except Exception as exc:  # noqa: BLE001 - a failed index never stops the preview
                    self.done(False)
                    raise SystemExit(str(exc)) from None
            self.done(made)


def serve(preview: Preview, host: str, port: int, report: Callable[[Outcome], None],
          indexed: Callable[[bool], None]) -> None:
    """Build, then serve and update until interrupted (Ctrl+C)."""
    lock = threading.Lock()
    indexer = Indexer(preview, lock, indexed)
    report(preview.build())
    indexer.start()
    indexer.wanted.set()

    def update() -> None:
        with lock:
            outcome = preview.update()
            for root in preview.sources.roots if preview.sources else ():
                server.watch(str(root))
        report(outcome)
        if outcome.kind in ("pages", "build"):
            indexer.wanted.set()

    site_url = preview.config.site_url if preview.config else None
    server = LiveReloadServer(update, host, port, str(preview.site_dir),
                              mount_path=urlsplit(site_url or "/").path, polling_interval=POLL)
    for root in preview.sources.roots if preview.sources else ():
        server.watch(str(root))
    Path(preview.site_dir).mkdir(parents=True, exist_ok=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
