"""Benchmark (issue 21): the CPU a rebuild with unchanged photos costs, against the same site
without photos; and the cold first build, which resizes every photo.

Two sites of N synthetic reports per language (bench_meetings.py's), the second with a lead
photo for each report (a 2000×1500 JPEG made with Pillow, each different). Each is built with
`mkdocs build --strict` in a fresh process (CPU time: user + system of the process); the photo
site is built once cold (no cache), then the two are built alternately, each run's ratio is
photo / plain, and the figure is the median of the ratios. Budget: at most 1.10x.

    .venv/bin/python benchmarks/bench_photos.py            # N = 100, 5 runs
    .venv/bin/python benchmarks/bench_photos.py -n 100 -r 9
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_meetings import build, layout, report  # noqa: E402
from tests import photos  # noqa: E402

BUDGET = 1.10


def photo_site(root: Path, n: int) -> Path:
    cfg = layout(root, n, enabled=True)
    docs = root / "docs"
    for i in range(n):
        name, _ = report(i, "ro")
        path = docs / name
        stem = path.name.removesuffix(".md")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("\n---\n", f"\nimage: {stem}.jpg\nimage_alt: Masa {i}\n---\n",
                                     1), encoding="utf-8")
        en = path.with_name(f"{stem}.en.md")
        en.write_text(en.read_text(encoding="utf-8").replace(
            "\n---\n", f"\nimage_alt: Table {i}\n---\n", 1), encoding="utf-8")
        (docs / "meetings" / f"{stem}.jpg").write_bytes(photos.plain_jpeg((2000, 1500), i))
    return cfg


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100, help="reports (and photos) per language")
    parser.add_argument("-r", type=int, default=5, help="alternated runs")
    args = parser.parse_args()
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    with tempfile.TemporaryDirectory(prefix="bench-photos-", dir=base) as tmp:
        plain = layout(Path(tmp) / "plain", args.n, enabled=True)
        with_photos = photo_site(Path(tmp) / "photos", args.n)
        count = 0

        def cpu(cfg: Path) -> float:
            nonlocal count
            count += 1
            site = cfg.parent / f"site-{count}"
            seconds = build(cfg, site)[1]
            shutil.rmtree(site)
            return seconds

        cold_plain, cold_photos = cpu(plain), cpu(with_photos)
        ratios = []
        for i in range(args.r):
            if i % 2:
                b, a = cpu(with_photos), cpu(plain)
            else:
                a, b = cpu(plain), cpu(with_photos)
            ratios.append(b / a)
            print(f"run {i + 1}: plain {a:.2f} s, photos {b:.2f} s, ratio {b / a:.3f}")
    median = statistics.median(ratios)
    print(f"N = {args.n} reports per language, {args.n} photos (2000×1500 JPEG)")
    print(f"cold first build: plain {cold_plain:.2f} s CPU, with photos {cold_photos:.2f} s CPU "
          f"({cold_photos / cold_plain:.2f}x: every photo resized)")
    print(f"rebuild, photos unchanged: median CPU ratio {median:.3f} "
          f"(runs {min(ratios):.3f}–{max(ratios):.3f}); budget {BUDGET:.2f}x: "
          f"{'met' if median <= BUDGET else 'NOT met'}")
    return 0 if median <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
