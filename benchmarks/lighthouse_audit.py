"""Lighthouse audit of the site (`make audit`, issue 22): every page kind in both languages,
with Lighthouse's mobile and desktop settings, on loopback only.

The site is built as `make site` builds it (strict, search index included), with `SITE_URL` set
to the loopback server's address, so that every absolute link of the pages (canonical, hreflang,
feed and calendar, Open Graph) points to the site under test and nothing is fetched elsewhere.
It is served as GitHub Pages serves it: gzip for text, `404.html` with status 404 for a missing
address, `Cache-Control: max-age=600`. Lighthouse (npm `lighthouse`, pinned in package.json:
12.2.3, the last release that runs on Debian's Node 20) runs once per page and setting with
Debian's chromium (`CHROME_PATH`, else `CLAY_CHROMIUM`, else /usr/bin/chromium), error reporting
off (`--no-enable-error-reporting`; Lighthouse has no update check), Chromium's background
networking, component updates and sync off, and its host resolver limited to 127.0.0.1 (every
other name fails to resolve), so no request leaves the machine.

Written to `audit/` (git-ignored): one JSON report per run (`audit/json/`) and `audit/REPORT.md`,
a Markdown table of the accessibility, best-practices and SEO scores (target 100), the
performance score, LCP, CLS, TBT and the transfer size, then every failing audit of the
accessibility, best-practices and SEO categories with the pages it fails on.

Performance figures are Lighthouse's simulated ones (a mid-range phone on slow 4G for mobile,
a desktop on cable for desktop), computed from a trace of this machine: its load moves them,
and the report gives the load average before and after the runs. Lighthouse's back/forward
cache test (a diagnostic that weighs nothing in any score) and full-page screenshot are left
out: they add seconds to every run.

    .venv/bin/python benchmarks/lighthouse_audit.py               # everything: 42 runs
    .venv/bin/python benchmarks/lighthouse_audit.py --only report,404 --presets mobile
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import io
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
LANGUAGES = {"ro": "", "en": "en/"}
PRESETS = ("mobile", "desktop")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
JUDGED = ("accessibility", "best-practices", "seo")  # target 100
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-background-networking --disable-component-update "
    '--disable-sync --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"'
)
COMPRESSED = ("text/", "application/javascript", "application/json", "application/xml",
              "image/svg+xml", "application/rss+xml")
# The 404 page is one page in both languages (site/404.html, what GitHub Pages answers a missing
# address with, at any depth). Lighthouse refuses to audit a page answered with status 404, so
# it is audited at its own address.
NOT_FOUND = "404.html"


# -- the site ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def build(site: Path, base_url: str) -> None:
    env = {**os.environ, "SITE_URL": base_url, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
         "-f", str(REPO / "mkdocs.yml"), "-d", str(site)],
        cwd=REPO, env=env, check=True,
    )


class PagesHandler(SimpleHTTPRequestHandler):
    """GitHub Pages' answers: gzip for text, 404.html for a missing address."""

    cache: dict[tuple[Path, bool], bytes] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self) -> io.BytesIO | None:  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # type: ignore[return-value]  # the redirect
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "404.html", 404
        ctype = self.guess_type(str(path))
        gz = ctype.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
        body = self.cache.get((path, gz))
        if body is None:
            body = path.read_bytes()
            body = self.cache[(path, gz)] = gzip.compress(body, 6) if gz else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.send_header("Vary", "Accept-Encoding")
        if gz:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serving(site: Path, port: int) -> Iterator[None]:
    handler = functools.partial(PagesHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


def page_kinds(site: Path) -> dict[str, str]:
    """Page kind -> its address under a language's root, chosen from the built site."""
    meetings = site / "meetings"
    reports = sorted(p.name for p in meetings.iterdir()
                     if p.is_dir() and re.fullmatch(r"\d{4}-\d\d-\d\d-.+", p.name))
    years = sorted(p.name for p in meetings.iterdir() if p.is_dir() and p.name.isdigit())
    topics = sorted(p.name for p in (meetings / "topics").iterdir() if p.is_dir())
    chapters = sorted(p.name for p in (site / "action-plan").iterdir()
                      if p.is_dir() and re.match(r"\d+-", p.name))
    return {
        "home": "",
        "meetings index": "meetings/",
        "year": f"meetings/{years[-1]}/",
        "topic": f"meetings/topics/{topics[0]}/",
        "report": f"meetings/{reports[-1]}/",
        "chapter": f"action-plan/{chapters[0]}/",
        "contents": "action-plan/",
        "print": "action-plan/print/",
        "accessibility": "accessibility/",
        "privacy": "privacy/",
        "404": NOT_FOUND,
    }


# -- Lighthouse ----------------------------------------------------------------------------------

def chrome_path() -> str:
    return os.environ.get("CHROME_PATH") or os.environ.get("CLAY_CHROMIUM") or "/usr/bin/chromium"


def chrome_version() -> str:
    try:
        done = subprocess.run([chrome_path(), "--version"], capture_output=True, text=True,
                              check=True)
    except (OSError, subprocess.CalledProcessError):
        return chrome_path()
    return done.stdout.strip().splitlines()[0]


def lighthouse(url: str, preset: str, out: Path) -> dict[str, Any]:
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--no-enable-error-reporting",
        "--output=json", f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--skip-audits=bf-cache", "--disable-full-page-screenshot",
        "--max-wait-for-load=60000", f"--chrome-flags={CHROME_FLAGS}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome_path(), "CI": "1"}
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def figures(report: dict[str, Any]) -> dict[str, Any]:
    audits = report["audits"]

    def value(audit: str) -> float | None:
        number = audits.get(audit, {}).get("numericValue")
        return None if number is None else float(number)

    return {
        "scores": {c: report["categories"][c]["score"] for c in CATEGORIES},
        "lcp": value("largest-contentful-paint"),
        "cls": value("cumulative-layout-shift"),
        "tbt": value("total-blocking-time"),
        "bytes": value("total-byte-weight"),
        "failing": {
            ref["id"]: audits[ref["id"]]["title"]
            for c in JUDGED for ref in report["categories"][c]["auditRefs"]
            if audits[ref["id"]]["scoreDisplayMode"] in ("binary", "numeric")
            and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
        },
        "warnings": report.get("runWarnings", []),
        # what the page asked for elsewhere than the site (blocked by the resolver rules)
        "outside": sorted({
            item["url"] for item in audits["network-requests"]["details"]["items"]
            if not item["url"].startswith(("http://127.0.0.1:", "data:", "blob:"))
        }),
    }


# -- the report ----------------------------------------------------------------------------------

def _score(value: float | None) -> str:
    return "–" if value is None else str(round(value * 100))


def table(rows: list[tuple[str, str, str, dict[str, Any]]]) -> str:
    lines = [
        "| page | lang | preset | a11y | best practices | SEO | perf | LCP | CLS | TBT "
        "| transfer |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, lang, preset, f in rows:
        s = f["scores"]
        lcp = "–" if f["lcp"] is None else f"{f['lcp'] / 1000:.1f} s"
        cls = "–" if f["cls"] is None else f"{f['cls']:.3f}"
        tbt = "–" if f["tbt"] is None else f"{f['tbt']:.0f} ms"
        size = "–" if f["bytes"] is None else f"{f['bytes'] / 1024:.0f} KB"
        lines.append(
            f"| {kind} | {lang} | {preset} | {_score(s['accessibility'])} "
            f"| {_score(s['best-practices'])} | {_score(s['seo'])} | {_score(s['performance'])} "
            f"| {lcp} | {cls} | {tbt} | {size} |"
        )
    return "\n".join(lines)


def failures(rows: list[tuple[str, str, str, dict[str, Any]]]) -> str:
    found: dict[str, tuple[str, list[str]]] = {}
    for kind, lang, preset, f in rows:
        for audit, title in f["failing"].items():
            found.setdefault(audit, (title, []))[1].append(f"{kind} {lang} {preset}")
    if not found:
        return "No accessibility, best-practices or SEO audit fails."
    lines = []
    for audit, (title, where) in sorted(found.items()):
        lines.append(f"- `{audit}` ({title}): {len(where)} of {len(rows)} runs — "
                     + ", ".join(where))
    return "\n".join(lines)


def loadavg() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "audit", help="report folder")
    parser.add_argument("--only", default="", help="page kinds, comma-separated (all)")
    parser.add_argument("--presets", default=",".join(PRESETS), help="mobile,desktop")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error("node_modules/.bin/lighthouse is missing: `npm ci` installs it")
    presets = [p for p in args.presets.split(",") if p]
    (args.out / "json").mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    rows: list[tuple[str, str, str, dict[str, Any]]] = []
    started, load_before = dt.datetime.now().astimezone(), loadavg()
    with tempfile.TemporaryDirectory(prefix="clay-audit-") as tmp:
        site = Path(tmp) / "site"
        build(site, base)
        kinds = page_kinds(site)
        chosen = [k for k in kinds if not args.only or k in args.only.split(",")]
        with serving(site, port):
            for kind in chosen:
                for lang, prefix in LANGUAGES.items():
                    if kinds[kind] == NOT_FOUND:
                        if prefix:
                            continue
                        lang = "ro+en"
                    for preset in presets:
                        name = f"{lang}-{kind.replace(' ', '-')}-{preset}"
                        print(f"{name}: {base}{prefix}{kinds[kind]}", flush=True)
                        report = lighthouse(f"{base}{prefix}{kinds[kind]}", preset,
                                            args.out / "json" / f"{name}.json")
                        rows.append((kind, lang, preset, figures(report)))
    version = report["lighthouseVersion"] if rows else "?"
    warnings = sorted({w for *_, f in rows for w in f["warnings"]})
    outside = sorted({u for *_, f in rows for u in f["outside"]})
    text = "\n\n".join([
        f"# Lighthouse audit ({started:%Y-%m-%d %H:%M %Z})",
        f"Lighthouse {version}, {chrome_version()}; the site "
        f"served on loopback (gzip, 404.html for a missing address). Load average before the "
        f"runs {load_before}, after {loadavg()}. Scores out of 100; LCP, CLS and TBT are "
        "Lighthouse's simulated figures; transfer is the page's total transfer size.",
        table(rows),
        "## Failing accessibility, best-practices and SEO audits",
        failures(rows),
        "Requests outside loopback: "
        + (", ".join(f"`{u}`" for u in outside) if outside else "none."),
        *(["## Lighthouse's warnings", "\n".join(f"- {w}" for w in warnings)] if warnings else []),
    ]) + "\n"
    (args.out / "REPORT.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
