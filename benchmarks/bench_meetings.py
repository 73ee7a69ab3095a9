"""Benchmark: what clay-meetings adds to the build's wall time.

Generates N synthetic meeting reports per language (Romanian + English translation each) in a
temporary site that uses the repository's mkdocs.yml and overrides/, then builds it with
`mkdocs build --strict` in a fresh process, alternately with the plugin on and with
`enabled: false`, and prints the median of several runs of each and their ratio.
The budget (issue 3): at N = 1000 per language the plugin adds at most 10%.

    .venv/bin/python benchmarks/bench_meetings.py            # N = 1000, 3 runs each
    .venv/bin/python benchmarks/bench_meetings.py -n 200 -r 5

By default the site is built as configured, Pagefind search index (clay-search) included, as
CI and `make site` build it; `--no-search` leaves the indexer out of both builds, which makes
the ratio stricter (the same added cost over a smaller build).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
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


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(cfg: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `mkdocs build --strict` process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cpu, start = _cpu(), time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(cfg)],
        check=True, env=env, cwd=cfg.parent,
    )
    return time.perf_counter() - start, _cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="reports per language")
    parser.add_argument("-r", "--runs", type=int, default=3, help="builds of each variant")
    parser.add_argument("--no-search", action="store_true", help="leave out clay-search")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-meetings-") as tmp:
        on = layout(Path(tmp) / "on", args.n, True, not args.no_search)
        off = layout(Path(tmp) / "off", args.n, False, not args.no_search)
        build(off)  # warm the file-system cache and Python's bytecode once
        wall: dict[str, list[float]] = {"on": [], "off": []}
        cpu: dict[str, list[float]] = {"on": [], "off": []}
        for run in range(args.runs):
            for name, cfg in (("off", off), ("on", on)) if run % 2 else (("on", on), ("off", off)):
                w, c = build(cfg)
                wall[name].append(w)
                cpu[name].append(c)
                print(f"run {run + 1} {name}: wall {w:.2f} s, cpu {c:.2f} s", flush=True)
        search = "without" if args.no_search else "with"
        print(f"N = {args.n} reports per language, {search} clay-search, "
              f"{args.runs} runs each (median)")
        # On a machine shared with other work, wall time varies with the load; the CPU time
        # of the build process is the steadier measure of the same cost.
        for label, times in (("wall", wall), ("cpu", cpu)):
            t_on, t_off = statistics.median(times["on"]), statistics.median(times["off"])
            print(f"{label}: plugin off {t_off:.2f} s, plugin on {t_on:.2f} s, "
                  f"the plugin adds {100 * (t_on / t_off - 1):+.1f}% (budget: +10%)")


if __name__ == "__main__":
    main()
