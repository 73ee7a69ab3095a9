"""Shared fixtures: the repository's site built once per session, a local HTTP server for it,
and headless Chromium driven by Playwright (Debian's chromium, or the executable CLAY_CHROMIUM
names; Playwright cannot download one)."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.sitebuild import BuildResult, build_site, make_site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

LOOPBACK = "127.0.0.1"  # the address of every test server, the only one the browser reaches
MEMORY = Path("/dev/shm")  # a tmpfs on Debian, half the memory by default
MEMORY_NEEDED = 8 << 30  # bytes free: a whole run leaves about 0.7 GB, pytest keeps three runs


def pytest_configure(config: pytest.Config) -> None:
    """The run's temporary files (tmp_path, Chromium's profiles) in memory when there is room:
    the suite writes and removes tens of thousands of small files (every test builds sites),
    and on a disk's file system the kernel spends twice the CPU time on them. Workers inherit
    the controller's TMPDIR; a TMPDIR already set is kept."""
    if "TMPDIR" in os.environ or not MEMORY.is_dir():
        return
    memory = os.statvfs(MEMORY)
    if memory.f_bavail * memory.f_frsize < MEMORY_NEEDED:
        return
    folder = MEMORY / f"clay-tests-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.stat().st_uid != os.getuid():  # someone else's: not a place for ours
        return
    os.environ["TMPDIR"] = str(folder)
    tempfile.tempdir = None  # tempfile reads TMPDIR again

CHROMIUM_ARGS = [
    "--no-sandbox",  # as root
    "--disable-gpu",
    "--disable-background-networking",  # no calls to a network this machine does not have
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # nothing may leave the loopback servers: every other host, an IP address or `localhost`
    # too, is not found, so a page's request elsewhere fails (net::ERR_NAME_NOT_RESOLVED) and
    # the browser tests report it (test_browser_smoke). Chromium does it without stopping each
    # request on its way, as Playwright's routes do (a sixth of the walk's CPU time)
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {LOOPBACK}",
]


def chromium_path() -> str | None:
    """CLAY_CHROMIUM when it is set (and then only it: the executable of an installed Chrome or
    Chromium, e.g. the GitHub runner's /usr/bin/google-chrome), else Debian's chromium."""
    chosen = os.environ.get("CLAY_CHROMIUM")
    candidates = (chosen,) if chosen else ("/usr/bin/chromium", shutil.which("chromium"))
    for candidate in candidates:
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def _repo_site_served(tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[tuple[BuildResult, str]]:
    """The repository's own site (docs/, mkdocs.yml, overrides/), built strict once, for the
    loopback address it is served from (site_url = the server's URL, port included, as GitHub
    Pages serves a site from its site_url): its absolute links (canonical, hreflang, the feeds
    and calendars) lead where a reader's browser goes."""
    root = tmp_path_factory.mktemp("repo-site")
    (root / "site").mkdir()
    with serving(root / "site") as url:
        yield build_site(make_site(root, use_repo_docs=True, site_url=url)), url


@pytest.fixture(scope="session")
def repo_site(_repo_site_served: tuple[BuildResult, str]) -> BuildResult:
    """The repository's site, built strict once per test process (see _repo_site_served)."""
    return _repo_site_served[0]


class _QuietHandler(SimpleHTTPRequestHandler):
    late: tuple[str, ...] = ()  # the file endings answered `delay` seconds late
    delay = 0.0

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:
        if self.late and self.path.split("?")[0].endswith(self.late):
            time.sleep(self.delay)  # this request's thread only: the others go on
        super().do_GET()


def serve_directory(directory: Path, late: tuple[str, ...] = (), delay: float = 0.0
                    ) -> tuple[ThreadingHTTPServer, str]:
    """A loopback HTTP server for `directory` (the caller shuts it down), and its base URL; the
    files whose names end in one of `late` are answered `delay` seconds late, each on its own."""
    handler = functools.partial(type("Handler", (_QuietHandler,), {"late": late, "delay": delay}),
                                directory=str(directory))
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{LOOPBACK}:{server.server_port}/"


@contextlib.contextmanager
def serving(directory: Path, late: tuple[str, ...] = (), delay: float = 0.0) -> Iterator[str]:
    """Serve `directory` on loopback for the duration of the block; yield its base URL (`late`
    and `delay`: see serve_directory)."""
    server, url = serve_directory(directory, late, delay)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served_site(_repo_site_served: tuple[BuildResult, str]) -> str:
    """Base URL (ending in /) of the loopback HTTP server serving the repository's built site,
    which is also its site_url."""
    return _repo_site_served[1]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium. Fails (never skips) when the browser is missing and
    CLAY_REQUIRE_BROWSER=1 (set by .ci/run); skips with a reason otherwise."""
    path = chromium_path()
    if path is None:
        chosen = os.environ.get("CLAY_CHROMIUM")
        message = (f"chromium is not installed at CLAY_CHROMIUM={chosen}" if chosen else
                   "Debian's chromium is not installed (`make browser` installs it; "
                   "CLAY_CHROMIUM names another Chrome or Chromium)")
        if os.environ.get("CLAY_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


# --- the order of the files -------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest work first, so that the workers finish together: pytest-xdist hands the next
    file to the first worker that is free, in this order when `--no-loadscope-reorder` is
    given (the Makefile's; otherwise it orders the files by their number of tests). The browser
    files first (the first two start the browser's walk together, tests/walk.py), then the large
    generated sites, then the rest, each in collection order."""

    def weight(item: pytest.Item) -> int:
        if item.get_closest_marker("browser"):
            return 0
        return 1 if item.get_closest_marker("slow") else 2

    files: dict[Path, int] = {}
    for item in items:
        files[item.path] = min(files.get(item.path, 2), weight(item))
    items.sort(key=lambda item: files[item.path])
