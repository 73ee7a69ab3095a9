"""Benchmark: how long a saved edit of a report takes to be visible in the preview.

Lays out a site (the repository's own docs with `--repo`, else N synthetic reports per language
from bench_meetings.py's generator, search index on, as `make serve` runs it), starts the
preview in a process of its own (`clay serve`, or `mkdocs serve --strict` with `--server
mkdocs`, the preview before issue 28), waits for its first build, then, run after run, changes
the title of one report (a different one each run) and asks the server for that report's page
every 10 ms until the page holds the new title. The figure of a run is the time from the write
to the first answer that shows it: the watcher's polling, the update and the HTTP answer (the
live-reload server holds a request while an update runs, as the browser's reload would wait).
Between two runs it pauses (`--pause`), so that the search index made after an edit is not the
next edit's cost, as an editor's saves are seconds apart.

    .venv/bin/python benchmarks/bench_serve.py --repo -r 9
    .venv/bin/python benchmarks/bench_serve.py -n 500 -r 9
    .venv/bin/python benchmarks/bench_serve.py -n 500 -r 5 --server mkdocs

Prints one line per run and the median with the range; `--json` also prints them as JSON for
another script (helper "bench"'s comparison with `hugo server`). Not a test: the machine's load
changes the figures (budgets: issue 28, ≈ 1 s at 500 per language, 0.5 s at the repository's
size).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import bench_meetings  # noqa: E402

from tests.sitebuild import make_site, repo_config  # noqa: E402

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 - loopback
            return str(answer.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def layout(root: Path, n: int | None) -> Path:
    """The site: the repository's docs (n None) or n synthetic reports per language."""
    if n is None:
        return make_site(root, use_repo_docs=True, config=repo_config())
    return bench_meetings.layout(root, n, True, search=True)


def reports(docs: Path) -> list[Path]:
    return sorted(p for p in (docs / "meetings").glob("[0-9]*.md")
                  if p.name.count(".") == 1)


def start(server: str, cfg: Path, site: Path, port: int) -> subprocess.Popen[bytes]:
    if server == "clay":
        command = [str(BIN / "clay"), "serve", "--config", str(cfg), "--site-dir", str(site),
                   "-a", f"127.0.0.1:{port}"]
    else:
        command = [str(BIN / "mkdocs"), "serve", "--strict", "-f", str(cfg),
                   "-a", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=cfg.parent, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def measure(args: argparse.Namespace, tmp: Path) -> list[float]:
    cfg = layout(tmp / "site", args.n)
    docs = cfg.parent / "docs"
    chosen = reports(docs)
    # the server serves the site under the path of its site_url, as mkdocs serve does
    found = re.search(r"^site_url: ['\"]?(\S+?)['\"]?$", cfg.read_text(encoding="utf-8"), re.M)
    base = urlsplit(found.group(1) if found else "/").path.rstrip("/") + "/"
    port = _free_port()
    process = start(args.server, cfg, tmp / "served", port)
    times: list[float] = []
    try:
        url = f"http://127.0.0.1:{port}{base}"
        deadline = time.monotonic() + args.timeout
        while _get(url) is None:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the {args.server} preview did not start")
            time.sleep(0.2)
        time.sleep(args.pause)
        for run in range(args.runs):
            source = chosen[(run * 7) % len(chosen)]
            page = f"{url}meetings/{source.stem}/"
            title = f"Titlu schimbat {run} {os.getpid()}"
            text = re.sub(r"^title: .*$", f"title: {title}", source.read_text(encoding="utf-8"),
                          count=1, flags=re.M)
            begin = time.perf_counter()
            source.write_text(text, encoding="utf-8")
            while True:
                body = _get(page)
                if body is not None and title in body:
                    break
                if time.perf_counter() - begin > args.timeout:
                    raise SystemExit(f"{page}: the edit was not visible after {args.timeout} s")
                time.sleep(0.01)
            times.append(time.perf_counter() - begin)
            print(f"run {run + 1}: {times[-1]:.3f} s ({source.name})", flush=True)
            time.sleep(args.pause)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("-n", type=int, help="synthetic reports per language (default: 500)")
    size.add_argument("--repo", action="store_true", help="the repository's own docs/")
    parser.add_argument("-r", "--runs", type=int, default=7, help="edits (default: 7)")
    parser.add_argument("--server", choices=("clay", "mkdocs"), default="clay",
                        help="clay serve (default) or mkdocs serve --strict")
    parser.add_argument("--pause", type=float, default=5.0,
                        help="seconds between two edits (default: 5)")
    parser.add_argument("--timeout", type=float, default=600.0)
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if os.access(shm, os.W_OK) else None,
                        help="where to lay out the site (default: /dev/shm when writable)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    if not args.repo and args.n is None:
        args.n = 500
    if args.repo:
        args.n = None
    with tempfile.TemporaryDirectory(prefix="bench-serve-", dir=args.tmp) as tmp:
        times = measure(args, Path(tmp))
    what = "the repository's docs" if args.n is None else f"{args.n} reports per language"
    print(f"{args.server} serve, {what}: edit visible after {statistics.median(times):.3f} s "
          f"(median of {len(times)}; {min(times):.3f}–{max(times):.3f} s)")
    if args.json:
        print(json.dumps({"server": args.server, "reports_per_language": args.n,
                          "seconds": times, "median": statistics.median(times)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
