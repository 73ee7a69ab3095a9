"""Benchmark: what the page cache (clay-pagecache) saves on a rebuild.

Generates N synthetic reports per language (benchmarks/bench_meetings.py's generator, the
repository's mkdocs.yml with clay-search) in a temporary site, then, in each run, three
`mkdocs build --strict` processes in an order that alternates from run to run:

- `cold`: an empty cache (CLAY_CACHE_DIR a new folder): the first build of a fresh checkout;
- `warm`: the cache that the previous builds filled, nothing changed;
- `one`: the same cache, with one report's text changed (a different report each run).

It prints each build's wall and CPU time (user + system of the build and of the processes it
waits for, Pagefind included) and the medians of the runs' ratios warm/cold and one/cold (the
builds of one run see nearly the same machine, so a ratio varies less than a time). Every
build writes into a new site folder, in a RAM file system when there is one (see
bench_meetings.py's docstring for why).

    .venv/bin/python benchmarks/bench_rebuild.py -n 500 -r 3
    .venv/bin/python benchmarks/bench_rebuild.py -n 2000 -r 3
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_meetings import build, layout  # noqa: E402

KINDS = ("cold", "warm", "one")


def change_report(cfg: Path, i: int, run: int) -> None:
    """Change the text of report `i` (its Romanian file): a new sentence for each run."""
    found = sorted((cfg.parent / "docs" / "meetings").glob(f"*-synthetic-meeting-{i}.md"))
    path = found[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Concluzii", f"Modificat la rularea {run}.\n\n## Concluzii",
                                 1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500, help="reports per language (500)")
    parser.add_argument("-r", "--runs", type=int, default=3, help="runs of the three builds")
    parser.add_argument("--no-search", action="store_true", help="leave out clay-search")
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if os.access(shm, os.W_OK) else None,
                        help="folder for the site and its builds (default: /dev/shm)")
    args = parser.parse_args()
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in KINDS}
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-", dir=args.tmp) as name:
        tmp = Path(name)
        cfg = layout(tmp / "site", args.n, True, not args.no_search)
        cache = tmp / "cache"
        os.environ["CLAY_CACHE_DIR"] = str(cache)
        build(cfg, tmp / "warm-up")  # fills the cache, Python's bytecode, the file system's
        shutil.rmtree(tmp / "warm-up")
        orders = [KINDS, ("one", "warm", "cold"), ("warm", "cold", "one")]
        for run in range(args.runs):
            for kind in orders[run % len(orders)]:
                if kind == "cold":
                    empty = tmp / f"empty-{run}"
                    os.environ["CLAY_CACHE_DIR"] = str(empty)
                elif kind == "one":
                    change_report(cfg, (run * 37) % args.n + 1, run)
                site = tmp / f"site-{kind}-{run}"
                wall, cpu = build(cfg, site)
                os.environ["CLAY_CACHE_DIR"] = str(cache)
                if kind == "cold":
                    shutil.rmtree(empty)
                shutil.rmtree(site)
                times[kind].append((wall, cpu))
                print(f"run {run + 1} {kind}: wall {wall:.2f} s, cpu {cpu:.2f} s", flush=True)
    print(f"N = {args.n} reports per language, {args.runs} runs, "
          f"{'without' if args.no_search else 'with'} clay-search, on {os.cpu_count()} "
          f"processors, Python {platform.python_version()}")
    for kind in KINDS:
        wall = statistics.median(t[0] for t in times[kind])
        cpu = statistics.median(t[1] for t in times[kind])
        line = f"{kind}: wall {wall:.2f} s, cpu {cpu:.2f} s (medians)"
        if kind != "cold":
            ratios = [(a[0] / b[0], a[1] / b[1])
                      for a, b in zip(times[kind], times["cold"], strict=True)]
            line += (f"; over cold, median of the runs' ratios: wall "
                     f"{statistics.median(r[0] for r in ratios):.3f}, cpu "
                     f"{statistics.median(r[1] for r in ratios):.3f}")
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
