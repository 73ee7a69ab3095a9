"""Benchmark: what clay-meetings adds to the build's wall time.

Generates N synthetic meeting reports per language (Romanian + English translation each) in a
temporary site that uses the repository's mkdocs.yml and overrides/, then builds it with
`mkdocs build --strict` in a fresh process, alternately with the plugin on and with
`enabled: false`, and prints the median of several runs of each and their ratio. Off, the
reports are ordinary pages: the rules of every page read them, but they are not parsed or
checked as reports (tests/test_build_state.py holds it), so the ratio is the plugin's whole
cost. The budget (issue 3): at N = 1000 per language the plugin adds at most 10%.

Every build writes into a new, empty site folder, as a build on a fresh CI checkout does,
and the whole benchmark runs in a RAM file system (/dev/shm) when there is one (`--tmp`).
On this project's machines (ext4 on a virtual disk) a build into a folder it has just
emptied measures the file system rather than the build: ext4 allocates an inode slowly while
thousands were deleted in the last minutes (the kernel's `recently_deleted` check), so every
file costs more the more files were deleted, and the cost grows from run to run. On a fresh
CI disk, as in RAM, a file costs a few tens of microseconds.

The machines are shared: the speed of the processor varies by a fifth from one build to the
next, so two builds one after the other can differ by more than the budget. The builds
alternate (on, off, off, on, …), each run gives the ratio of its two builds, and the figure
is the median of those ratios over many runs (`-r`), printed with their spread and a 90 %
bootstrap interval for that median (the runs resampled; the budget is met with a margin when
the interval's upper end is under it).

`--paired` runs the two builds of a run at the same time instead, each pinned to a processor
of its own (with Pagefind's threads). Both then see the same machine, but they also share its
cache and memory, which costs the larger build more: interleaved in one window at N = 1000,
six alternated runs gave a median ratio of 1.079 and six pairs 1.143. A build runs alone in
CI and on an editor's machine, so alternated builds are the default. `--one-cpu` puts
both builds of a run on one processor, where they take turns every few milliseconds and
so see the same processor speed: their CPU times (the `cpu` line; the `wall` line then means
nothing) are the steadiest comparison of the work each does, within a few percent from run
to run where alternated wall times vary by a fifth.

`--instructions` counts instead the machine instructions each build executes, with valgrind's
cachegrind (both builds at once, about seven minutes at N = 1000): the count does not depend on
the machine's speed or load, so one run of each build gives the same figure every time (Python's
hash seed is fixed), where timings need many runs. It counts the work in user space of the build
and of the processes it starts (Pagefind, run through npm's wrapper in Node.js; its threads may
vary the count by a few million), not the kernel's (writing files), and an instruction is not a
fixed time (a loop in C runs more of them per nanosecond than Python's interpreter): a check of
the work the plugin adds, to read beside the timings.

    .venv/bin/python benchmarks/bench_meetings.py            # N = 1000, 9 runs each
    .venv/bin/python benchmarks/bench_meetings.py -n 200 -r 5 --no-search
    .venv/bin/python benchmarks/bench_meetings.py --no-search --instructions

By default the site is built as configured, Pagefind search index (clay-search) included, as
CI and `make site` build it; `--no-search` leaves the indexer out of both builds, which makes
the ratio stricter (the same added cost over a smaller build).

Issue 19's budgets, measured in CPU time (user + system of the build's process and of the
processes it waits for, Pagefind included), which a shared machine's load changes far less than
wall time:

- `--cpu-ratio` (N = 300 unless `-n`): the alternated runs above, judged on their CPU time: the
  median of the runs' on/off ratios stays within 1.10x;
- `--growth 100 300`: plugin-on builds at the two sizes, alternated; the median of the runs'
  CPU-time ratios (the larger over the smaller) stays within 3.3x;
- `--build-time` (N = 2000 unless `-n`, 3 builds unless `-r`): plugin-on builds one after the
  other; the median wall time stays under 1.2x of 17 s, the build's time before issue 19 on a
  quiet 2-core machine (`--reference`), and, given `--reference-cpu S`, the median CPU time
  under 1.2x of S.

    .venv/bin/python benchmarks/bench_meetings.py --cpu-ratio -r 9 --check
    .venv/bin/python benchmarks/bench_meetings.py --growth 100 300 -r 9 --check
    .venv/bin/python benchmarks/bench_meetings.py --build-time --check

These modes always print their verdict (`met` or `not met`, from the median, as the issue
words the budgets); with `--check` their exit status is 0 only when it is `met`.

`--check` turns the alternated runs' figure (9 runs at least) into a verdict and an exit
status: 0 when the budget is met with a margin (the 90 % interval of the median ratio ends
within it), 1 when it is not met (the interval starts above it) or cannot be told from these
runs (the interval spans it: more runs, or a quieter machine). `--summary FILE` appends the
figures as Markdown to FILE (GitHub's `$GITHUB_STEP_SUMMARY`). The workflow
.github/workflows/benchmark.yml runs both on a GitHub-hosted runner, a virtual machine given to
that one job:

    .venv/bin/python benchmarks/bench_meetings.py -r 21 --check --summary summary.md
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.fixtures.meetings.support import CORPUS, config  # noqa: E402
from tests.sitebuild import make_site  # noqa: E402

FORMATS = ["online", "in-person", "hybrid"]
TOPICS = ["action-plan", "indicators", "funding", "regional-analysis", "policy-instrument"]
PARAGRAPH_RO = (
    "Participanții au discutat despre sprijinul pentru firmele din domeniul ceramicii, despre "
    "finanțare și despre indicatorii proiectului. Echipa a prezentat pașii următori. "
)
PARAGRAPH_EN = (
    "The participants discussed support for ceramics firms, funding and the project's "
    "indicators. The team presented the next steps. "
)


def report(i: int, lang: str) -> tuple[str, str]:
    day = dt.date(2000, 1, 1) + dt.timedelta(days=7 * i)
    stem = f"{day.isoformat()}-synthetic-meeting-{i}"
    fmt = FORMATS[i % 3]
    keys = {"title": f"Întâlnirea sintetică {i}", "summary": f"Rezumatul întâlnirii {i}.",
            "date": day.isoformat(), "format": fmt}
    if fmt != "in-person":
        keys["platform"] = "Cisco Webex"
    if fmt != "online":
        keys["venue"] = "Craiova"
    if i % 2:
        keys["time"] = '"10:00-12:00"'
    if i % 5 == 0:
        keys["participants"] = str(10 + i % 30)
    keys["topics"] = "[" + ", ".join(TOPICS[j % 5] for j in range(i % 3 + 1)) + "]"
    body = PARAGRAPH_RO * 8
    if lang == "en":
        keys = {"title": f"Synthetic meeting {i}", "summary": f"Summary of meeting {i}."}
        body = PARAGRAPH_EN * 8
        name = f"meetings/{stem}.en.md"
    else:
        name = f"meetings/{stem}.md"
    front = "\n".join(f"{k}: {v}" for k, v in keys.items())
    text = f"---\n{front}\n---\n\n## Desfășurare\n\n{body}\n\n## Concluzii\n\n{body}\n"
    return name, text


def layout(root: Path, n: int, enabled: bool, search: bool = False) -> Path:
    files: dict[str, str | bytes] = {
        str(p.relative_to(CORPUS)): p.read_text(encoding="utf-8")
        for p in CORPUS.rglob("*.md") if not p.name[:4].isdigit() or "action-plan" in str(p)
    }
    for i in range(n):
        for lang in ("ro", "en"):
            name, text = report(i, lang)
            files[name] = text
    cfg = config(enabled=enabled)
    if search:
        cfg["plugins"].insert(0, "clay-search")
    return make_site(root, files, config=cfg)


def median_interval(
    values: list[float], level: float = 0.9, rounds: int = 4000, seed: int = 0
) -> tuple[float, float]:
    """A bootstrap interval for the median of `values`: the runs resampled with replacement
    `rounds` times, the middle `level` of the medians found. The seed is fixed, so the same
    runs give the same interval."""
    draw = random.Random(seed)
    medians = sorted(
        statistics.median(draw.choices(values, k=len(values))) for _ in range(rounds)
    )
    cut = round(rounds * (1 - level) / 2)
    return medians[cut], medians[rounds - 1 - cut]


BUDGET = 10.0  # issue 3: the plugin adds at most 10 % to the build's wall time, at N = 1000
CHECK_RUNS = 9  # the fewest alternated runs --check judges
# Issue 19's budgets, in CPU time (user + system of the build and the processes it waits for)
CPU_RATIO_BUDGET = 1.10  # plugin on / plugin off, median of the runs' ratios, at N = 300
CPU_RATIO_N = 300
GROWTH_BUDGET = 3.3  # 300 / 100 reports per language, plugin on, median of the runs' ratios
BUILD_REFERENCE = 17.0  # seconds: the 2000-report build before issue 19, quiet 2-core machine
BUILD_BUDGET = 1.2  # times the reference
BUILD_N = 2000
BUILD_RUNS = 3  # a build of 2000 reports per language takes tens of seconds


def verdict(low: float, high: float, budget: float = BUDGET) -> str:
    """What a 90 % interval (in %) for the median on/off ratio says of the budget: `met` when
    the whole interval is within it, `not met` when the whole interval is above it, and
    `undecided` when it spans the budget (the runs cannot tell)."""
    if high <= budget:
        return "met"
    if low > budget:
        return "not met"
    return "undecided"


def at_most(value: float, limit: float) -> str:
    """Issue 19's rule for a median ratio or time: `met` when it is within `limit`."""
    return "met" if value <= limit else "not met"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _command(cfg: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(cfg),
            "--site-dir", str(site)]


def build_pair(
    builds: dict[str, tuple[Path, Path]], cpus: list[int] | None = None
) -> dict[str, tuple[float, float]]:
    """Start every build (name -> (config, site folder)) at once; the wall time and CPU time
    (user + system) of each, from the common start to its own end.

    With `cpus`, the i-th build and everything it starts (Pagefind's threads) run on the i-th
    processor only: otherwise the build that reaches Pagefind first spreads its threads over
    both processors and slows the other build down while that one is still rendering pages."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    os.sync()
    start = time.perf_counter()
    running: dict[int, str] = {}
    for i, (name, (cfg, site)) in enumerate(builds.items()):
        pin = None if cpus is None else functools.partial(os.sched_setaffinity, 0, {cpus[i]})
        process = subprocess.Popen(_command(cfg, site), env=env, cwd=cfg.parent, preexec_fn=pin)
        running[process.pid] = name
    done: dict[str, tuple[float, float]] = {}
    while running:
        pid, status, usage = os.wait4(-1, 0)
        found = running.pop(pid, None)
        if found is None:
            continue
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"the build with the plugin {found} failed")
        done[found] = (time.perf_counter() - start, usage.ru_utime + usage.ru_stime)
    return done


def build(cfg: Path, site: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `mkdocs build --strict` process that
    writes the site into `site` (a folder that does not exist yet)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # The previous build left tens of megabytes of pages for the kernel to write back: flush
    # them first, or this build pays for some of that one's writing.
    os.sync()
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(
        _command(cfg, site),
        check=True, env=env, cwd=cfg.parent,
    )
    return time.perf_counter() - start, _cpu() - cpu


def instructions(builds: dict[str, tuple[Path, Path]], logs: Path) -> dict[str, int]:
    """The instructions each build (name -> (config, site folder)) executes, with the processes
    it starts, counted by cachegrind; the builds run at once (a count does not depend on the
    other's load). Each process's count goes to a file in `logs`: Pagefind's stderr is read by
    clay-search, not printed."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    running = {}
    for name, (cfg, site) in builds.items():
        (logs / name).mkdir(parents=True)
        running[name] = subprocess.Popen(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
             "--trace-children=yes", f"--log-file={logs / name}/%p.log", *_command(cfg, site)],
            env=env, cwd=cfg.parent, stderr=subprocess.PIPE, text=True,
        )
    counts: dict[str, int] = {}
    for name, process in running.items():
        _, err = process.communicate()
        # one count per process: the build, and Pagefind (npm's wrapper, then its binary)
        found = [
            re.search(r"I\s+refs:\s+([\d,]+)", log.read_text(encoding="utf-8", errors="replace"))
            for log in sorted((logs / name).glob("*.log"))
        ]
        if process.returncode != 0 or not found or None in found:
            raise SystemExit(f"the build with the plugin {name} failed:\n{err[-2000:]}")
        counts[name] = sum(int(f.group(1).replace(",", "")) for f in found if f is not None)
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, help="reports per language (default: 1000; "
                        f"{CPU_RATIO_N} with --cpu-ratio, {BUILD_N} with --build-time)")
    parser.add_argument("-r", "--runs", type=int, help="builds of each variant "
                        f"(default: 9; {BUILD_RUNS} with --build-time)")
    parser.add_argument("--no-search", action="store_true", help="leave out clay-search")
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if os.access(shm, os.W_OK) else None,
                        help="folder for the sites and their builds (default: /dev/shm)")
    parser.add_argument("--paired", action="store_true",
                        help="run the two builds of each run at once, one per processor")
    parser.add_argument("--unpinned", action="store_true",
                        help="with --paired: let the builds share the processors")
    parser.add_argument("--one-cpu", action="store_true",
                        help="both builds of a run at once on one processor (compare CPU times)")
    parser.add_argument("--instructions", action="store_true",
                        help="count each build's instructions with cachegrind (one run each)")
    issue19 = parser.add_mutually_exclusive_group()
    issue19.add_argument("--cpu-ratio", action="store_true",
                         help=f"judge the alternated runs' CPU time (within {CPU_RATIO_BUDGET}x)")
    issue19.add_argument("--growth", type=int, nargs=2, metavar=("SMALL", "LARGE"),
                         help=f"CPU time of plugin-on builds at two sizes (within "
                              f"{GROWTH_BUDGET}x)")
    issue19.add_argument("--build-time", action="store_true",
                         help=f"time plugin-on builds (under {BUILD_BUDGET}x of --reference)")
    parser.add_argument("--reference", type=float, default=BUILD_REFERENCE,
                        help="with --build-time: the wall time (s) the budget is relative to")
    parser.add_argument("--reference-cpu", type=float,
                        help="with --build-time: also judge the CPU time against these seconds")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 unless the budget is met (with a margin, for wall time)")
    parser.add_argument("--summary", type=Path,
                        help="append the figures as Markdown to this file")
    args = parser.parse_args()
    alternated = not (args.growth or args.build_time)
    if args.n is None:
        args.n = BUILD_N if args.build_time else CPU_RATIO_N if args.cpu_ratio else 1000
    if args.runs is None:
        args.runs = BUILD_RUNS if args.build_time else 9
    if (args.paired or args.one_cpu or args.instructions) and not alternated:
        parser.error("--growth and --build-time run their builds one at a time")
    if args.cpu_ratio and (args.paired or args.one_cpu or args.instructions):
        parser.error("--cpu-ratio judges alternated builds, run one at a time")
    if args.check and (args.paired or args.one_cpu or args.instructions):
        parser.error("--check judges the alternated runs' wall time, the budget's measure")
    if args.check and not args.build_time and args.runs < CHECK_RUNS:
        parser.error(f"--check needs at least {CHECK_RUNS} runs (-r): with fewer, the interval "
                     "says little of how the runs vary")
    if args.growth and not 0 < args.growth[0] < args.growth[1]:
        parser.error("--growth SMALL LARGE: two sizes, the smaller first")
    if (args.reference_cpu is not None or args.reference != BUILD_REFERENCE) and not (
        args.build_time
    ):
        parser.error("--reference and --reference-cpu go with --build-time")
    args.paired = args.paired or args.one_cpu
    if args.unpinned and not args.paired:
        parser.error("--unpinned goes with --paired")
    if args.paired and not (args.unpinned or args.one_cpu) and len(os.sched_getaffinity(0)) < 2:
        parser.error("--paired pins each build to a processor of its own: two are needed")
    with tempfile.TemporaryDirectory(prefix="bench-meetings-", dir=args.tmp) as tmp:
        if args.growth:
            return growth(args, Path(tmp))
        if args.build_time:
            return build_time(args, Path(tmp))
        return on_and_off(args, Path(tmp))


def _conditions(args: argparse.Namespace, what: str) -> str:
    search = "without" if args.no_search else "with"
    return (f"{what}, {search} clay-search, in {args.tmp or tempfile.gettempdir()}, "
            f"on {os.cpu_count()} processors, Python {platform.python_version()}")


def _ratios_line(label: str, small: str, large: str, times: dict[str, list[float]],
                 budget: str) -> tuple[str, float]:
    """The line that describes the runs' ratios `large`/`small` of one measure, and the median
    of those ratios."""
    t_large, t_small = statistics.median(times[large]), statistics.median(times[small])
    ratios = [a / b for a, b in zip(times[large], times[small], strict=True)]
    low, high = median_interval(ratios)
    median = statistics.median(ratios)
    return (f"{label}: {small} {t_small:.2f} s, {large} {t_large:.2f} s (medians); the runs' "
            f"ratios: median {median:.3f}x (90% interval {low:.3f}x to {high:.3f}x), from "
            f"{min(ratios):.3f}x to {max(ratios):.3f}x{budget}"), median


def growth(args: argparse.Namespace, tmp: Path) -> int:
    """Issue 19: plugin-on builds at two sizes, alternated; the median of the runs' CPU-time
    ratios, larger over smaller, within GROWTH_BUDGET."""
    small_n, large_n = args.growth
    names = {"small": f"N = {small_n}", "large": f"N = {large_n}"}
    sites = {"small": layout(tmp / "small", small_n, True, not args.no_search),
             "large": layout(tmp / "large", large_n, True, not args.no_search)}
    build(sites["small"], tmp / "warm-up")  # the file-system cache and Python's bytecode
    wall: dict[str, list[float]] = {names["small"]: [], names["large"]: []}
    cpu: dict[str, list[float]] = {names["small"]: [], names["large"]: []}
    for run in range(args.runs):
        order = ("large", "small") if run % 2 else ("small", "large")
        for name in order:
            site = tmp / f"site-{name}-{run}"
            w, c = build(sites[name], site)
            wall[names[name]].append(w)
            cpu[names[name]].append(c)
            print(f"run {run + 1} {names[name]}: wall {w:.2f} s, cpu {c:.2f} s", flush=True)
            shutil.rmtree(site)
    lines = [_conditions(args, f"plugins on, {small_n} and {large_n} reports per language, "
                               f"{args.runs} runs each (alternated)")]
    line, _ = _ratios_line("wall", names["small"], names["large"], wall, "")
    lines.append(line)
    line, median = _ratios_line("cpu", names["small"], names["large"], cpu,
                                f" (budget: at most {GROWTH_BUDGET:g}x)")
    lines.append(line)
    judged = at_most(median, GROWTH_BUDGET)
    lines.append(f"budget (issue 19: the CPU time grows at most {GROWTH_BUDGET:g}x from 100 to "
                 f"300 reports per language; here {small_n} to {large_n}): {judged}")
    return finish(lines, args.summary, passed=not args.check or judged == "met",
                  title="clay-meetings: how the build grows with the reports")


def build_time(args: argparse.Namespace, tmp: Path) -> int:
    """Issue 19: plugin-on builds of N reports per language one after the other; the median
    wall time under BUILD_BUDGET times `--reference` (and the median CPU time under
    BUILD_BUDGET times `--reference-cpu`, when given)."""
    cfg = layout(tmp / "on", args.n, True, not args.no_search)
    wall: list[float] = []
    cpu: list[float] = []
    for run in range(args.runs):
        site = tmp / f"site-{run}"
        w, c = build(cfg, site)
        wall.append(w)
        cpu.append(c)
        print(f"run {run + 1}: wall {w:.2f} s, cpu {c:.2f} s", flush=True)
        shutil.rmtree(site)
    lines = [_conditions(args, f"plugins on, {args.n} reports per language, {args.runs} builds "
                               "one after the other")]
    limit = BUILD_BUDGET * args.reference
    lines.append(f"wall: median {statistics.median(wall):.2f} s (runs "
                 f"{', '.join(f'{w:.2f}' for w in wall)} s; budget: under {limit:.1f} s)")
    judged = "met" if statistics.median(wall) < limit else "not met"
    budget = (f"budget (issue 19: a bilingual build of {BUILD_N} reports per language under "
              f"{BUILD_BUDGET:g}x of {args.reference:g} s; here N = {args.n}): {judged}")
    cpu_line = (f"cpu: median {statistics.median(cpu):.2f} s (runs "
                f"{', '.join(f'{c:.2f}' for c in cpu)} s")
    if args.reference_cpu is not None:
        cpu_limit = BUILD_BUDGET * args.reference_cpu
        cpu_judged = "met" if statistics.median(cpu) < cpu_limit else "not met"
        lines.append(f"{cpu_line}; budget: under {cpu_limit:.1f} s)")
        lines.append(budget)
        lines.append(f"budget in CPU time (under {BUILD_BUDGET:g}x of {args.reference_cpu:g} "
                     f"s): {cpu_judged}")
        passed = judged == cpu_judged == "met"
    else:
        lines.extend([f"{cpu_line})", budget])
        passed = judged == "met"
    return finish(lines, args.summary, passed=not args.check or passed,
                  title="clay-meetings: the build's time")


def on_and_off(args: argparse.Namespace, tmp_dir: Path) -> int:
    """The plugin on against `enabled: false`: alternated runs (the default), pairs at once
    (`--paired`) or instruction counts (`--instructions`); judged with `--check` on the wall
    time (issue 3) or, with `--cpu-ratio`, on the CPU time (issue 19)."""
    tmp = str(tmp_dir)
    on = layout(Path(tmp) / "on", args.n, True, not args.no_search)
    off = layout(Path(tmp) / "off", args.n, False, not args.no_search)
    if args.instructions:
        counts = instructions({"on": (on, Path(tmp) / "site-on"),
                               "off": (off, Path(tmp) / "site-off")}, Path(tmp) / "logs")
        search = "without" if args.no_search else "with"
        return finish([
            f"N = {args.n} reports per language, {search} clay-search: instructions "
            f"executed, plugin off {counts['off']:,}, plugin on {counts['on']:,} "
            f"({100 * (counts['on'] / counts['off'] - 1):+.2f}%; budget: +{BUDGET:g}%)"
        ], args.summary)
    build(off, Path(tmp) / "warm-up")  # the file-system cache and Python's bytecode
    wall: dict[str, list[float]] = {"on": [], "off": []}
    cpu: dict[str, list[float]] = {"on": [], "off": []}
    for run in range(args.runs):
        order = (("off", off), ("on", on)) if run % 2 else (("on", on), ("off", off))
        sites = {name: Path(tmp) / f"site-{name}-{run}" for name, _ in order}
        if not args.paired:
            results = {name: build(cfg, sites[name]) for name, cfg in order}
        else:
            # the order alternates, so each variant gets each processor in turn: the two
            # processors may not be equally fast
            cpus: list[int] | None = sorted(os.sched_getaffinity(0))[:2]
            if args.one_cpu:
                cpus = [min(os.sched_getaffinity(0))] * 2
            elif args.unpinned:
                cpus = None
            results = build_pair({name: (cfg, sites[name]) for name, cfg in order}, cpus)
        for name, _ in order:
            w, c = results[name]
            wall[name].append(w)
            cpu[name].append(c)
            print(f"run {run + 1} {name}: wall {w:.2f} s, cpu {c:.2f} s", flush=True)
        for site in sites.values():  # RAM: a thousand reports' site is about 70 MB
            shutil.rmtree(site)
    search = "without" if args.no_search else "with"
    how = "each pair at the same time" if args.paired else "alternated"
    lines = [f"N = {args.n} reports per language, {search} clay-search, "
             f"{args.runs} runs each ({how}), in {args.tmp or tempfile.gettempdir()}, "
             f"on {os.cpu_count()} processors, Python {platform.python_version()}"]
    judged = ""
    for label, times in (("wall", wall), ("cpu", cpu)):
        t_on, t_off = statistics.median(times["on"]), statistics.median(times["off"])
        ratios = [100 * (a / b - 1) for a, b in zip(times["on"], times["off"], strict=True)]
        spread = (f"; middle half {q[0]:+.1f}% to {q[2]:+.1f}%"
                  if len(ratios) >= 4 and (q := statistics.quantiles(ratios, n=4)) else "")
        low, high = median_interval(ratios)
        # the budget's measure: the wall time (issue 3), or the CPU time with --cpu-ratio
        budget = "" if (label == "cpu") != args.cpu_ratio else (
            f" (budget: within {CPU_RATIO_BUDGET:.2f}x)" if args.cpu_ratio
            else f" (budget: +{BUDGET:g}%)")
        lines.append(
            f"{label}: plugin off {t_off:.2f} s, plugin on {t_on:.2f} s (medians, "
            f"{100 * (t_on / t_off - 1):+.1f}%); the runs' ratios: median "
            f"{statistics.median(ratios):+.1f}% (90% interval {low:+.1f}% to "
            f"{high:+.1f}%), from {min(ratios):+.1f}% to "
            f"{max(ratios):+.1f}%{spread}{budget}"
        )
        if label == "cpu" and args.cpu_ratio:
            median = 1 + statistics.median(ratios) / 100
            judged = at_most(median, CPU_RATIO_BUDGET)
            lines.append(f"budget (issue 19: the CPU time with the plugin on within "
                         f"{CPU_RATIO_BUDGET:.2f}x of the plugin off, median of the runs' "
                         f"ratios {median:.3f}x, at N = {CPU_RATIO_N}; here N = {args.n}): "
                         f"{judged}")
        if label == "wall" and args.check and not args.cpu_ratio:
            judged = verdict(low, high)
    if args.check and not args.cpu_ratio:
        lines.append(f"budget (+{BUDGET:g}% of the wall time, at N = 1000; "
                     f"here N = {args.n}): {judged}")
    return finish(lines, args.summary, passed=not args.check or judged == "met")


def finish(lines: list[str], summary: Path | None, passed: bool = True,
           title: str = "clay-meetings: what the plugin adds to the build") -> int:
    """Print the result's lines, append them to `summary` as Markdown under `title` when one is
    given, and give the exit status."""
    print("\n".join(lines))
    if summary is not None:
        with summary.open("a", encoding="utf-8") as out:
            out.write(f"## {title}\n\n")
            out.write("".join(f"- {line}\n" for line in lines) + "\n")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
