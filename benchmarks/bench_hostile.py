"""Benchmark: the CPU time that hostile and broken input costs, against its budgets.

The tests prove that every hostile input gives its finding and never hangs (a generous
RLIMIT_CPU guard, tests/hostile.py); how quickly is judged here, where a busy machine cannot
fail the suite. The inputs are the tests' own tables, so a new case is timed as soon as it is
tested. Budgets, in CPU time of this process (time.process_time):

- a hostile front matter of tests/hostile.py read and checked (both content types): 1 s
- `clay check` of a small site holding one case of tests/test_hostile_files.py: 3 s
- `load_content` of a page just under the size limit: 3 s
- a strict build of that small site, which refuses the file: 10 s (`--no-builds` skips them)

    .venv/bin/python benchmarks/bench_hostile.py            # every case once, the worst shown
    .venv/bin/python benchmarks/bench_hostile.py --check    # exit status 1 when a budget is not met
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from clay_plugins.cli import main as clay  # noqa: E402
from clay_plugins.cli.site import load_site  # noqa: E402
from clay_plugins.content.chapter import TYPE as CHAPTER  # noqa: E402
from clay_plugins.content.chapter import ActionPlanSettings  # noqa: E402
from clay_plugins.content.meeting import TYPE as MEETING  # noqa: E402
from clay_plugins.content.pages import MAX_PAGE_BYTES  # noqa: E402
from clay_plugins.content.schema import load_items  # noqa: E402
from clay_plugins.content.site import load_content  # noqa: E402
from tests import hostile, test_hostile_files  # noqa: E402
from tests.sitebuild import BuildFailed, build_site, make_site  # noqa: E402
from tests.test_meetings_model import SETTINGS  # noqa: E402

BUDGETS = {"front matter": 1.0, "clay check": 3.0, "large page": 3.0, "strict build": 10.0}
clock: Callable[[], float] = time.process_time  # the tests of this script replace it


@dataclass(frozen=True)
class Timing:
    kind: str  # a key of BUDGETS
    case: str
    seconds: float

    @property
    def met(self) -> bool:
        return self.seconds < BUDGETS[self.kind]


def timed(kind: str, case: str, work: Callable[[], object]) -> Timing:
    start = clock()
    work()
    return Timing(kind, case, clock() - start)


def front_matter(row: hostile.Hostile) -> None:
    found, _ = hostile.pages({row.file: row.text})
    load_items(MEETING, found, SETTINGS.languages, SETTINGS)
    plan = ActionPlanSettings(["ro", "en"])
    load_items(CHAPTER, found, plan.languages, plan)


def check(cfg: Path) -> None:
    with contextlib.redirect_stdout(io.StringIO()):
        status = clay(["check", "--config", str(cfg), "--format", "json"])
    if status != 1:  # each case has its finding: anything else times the wrong thing
        raise SystemExit(f"{cfg.parent}: `clay check` exited with {status}, not 1")


def build(cfg: Path) -> None:
    with test_hostile_files._fifo_watchdog(cfg.parent / "docs", 10.0), \
            contextlib.suppress(BuildFailed):
        build_site(cfg)


def large_page(root: Path) -> Callable[[], object]:
    line = "„Un” text [legătură](index.md) ![poză](lipsa.png) ş.\n"
    text = "# Mare\n\n" + line * ((MAX_PAGE_BYTES - 100) // len(line.encode("utf-8")))
    cfg = make_site(root, {**test_hostile_files.BASE, "privacy.md": text},
                    config=test_hostile_files._config())
    site = load_site(cfg)
    return lambda: load_content(site)


def measure(root: Path, *, builds: bool, only: str | None) -> list[Timing]:
    timings = [timed("front matter", row.name, lambda row=row: front_matter(row))
               for row in hostile.TABLE if only in (None, row.name)]
    for i, case in enumerate(test_hostile_files.CASES):
        if only not in (None, case.id):
            continue
        cfg = test_hostile_files._site(root / f"check-{i}", case)
        timings.append(timed("clay check", case.id, lambda cfg=cfg: check(cfg)))
        if builds:
            cfg = test_hostile_files._site(root / f"build-{i}", case)
            timings.append(timed("strict build", case.id, lambda cfg=cfg: build(cfg)))
    if only in (None, "large-page"):
        timings.append(timed("large page", "large-page", large_page(root / "large")))
    return timings


def report(timings: list[Timing]) -> str:
    lines = ["| measure | budget | cases | worst case | CPU s | verdict |",
             "| --- | --- | --- | --- | --- | --- |"]
    for kind, budget in BUDGETS.items():
        of_kind = [t for t in timings if t.kind == kind]
        if not of_kind:
            continue
        worst = max(of_kind, key=lambda t: t.seconds)
        verdict = "met" if all(t.met for t in of_kind) else "not met"
        lines.append(f"| {kind} | {budget:g} s | {len(of_kind)} | {worst.case} | "
                     f"{worst.seconds:.2f} | {verdict} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="exit status 1 when a case is over its budget")
    parser.add_argument("--no-builds", action="store_true", help="skip the strict builds")
    parser.add_argument("--only", metavar="CASE", help="one case, by its name in the tables")
    args = parser.parse_args(argv)
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="bench-hostile-", dir=base) as tmp:
        timings = measure(Path(tmp), builds=not args.no_builds, only=args.only)
    if not timings:
        parser.error(f"no case is named {args.only}")
    print(report(timings))
    for t in timings:
        if not t.met:
            print(f"over budget: {t.kind} {t.case} {t.seconds:.2f} s "
                  f"(budget {BUDGETS[t.kind]:g} s)")
    return 1 if args.check and not all(t.met for t in timings) else 0


if __name__ == "__main__":
    sys.exit(main())
