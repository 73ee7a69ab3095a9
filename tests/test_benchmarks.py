"""The meetings benchmark's own parts: its synthetic site builds, and its statistics hold."""

from __future__ import annotations

import statistics
from pathlib import Path

from benchmarks.bench_meetings import layout, median_interval
from tests.sitebuild import build_site


def test_median_interval_brackets_the_median() -> None:
    ratios = [-6.7, 1.4, 3.6, 5.0, 8.1, 9.5, 10.1, 12.0, 15.0, 21.4, 2.2, 7.7, 9.0]
    low, high = median_interval(ratios)
    assert min(ratios) <= low <= statistics.median(ratios) <= high <= max(ratios)
    assert low < high
    assert median_interval(ratios) == (low, high)  # a fixed seed: the same runs, the same figure
    # a wider level gives an interval at least as wide
    wide = median_interval(ratios, level=0.99)
    assert wide[0] <= low and high <= wide[1]


def test_median_interval_of_identical_runs_is_a_point() -> None:
    assert median_interval([8.0] * 9) == (8.0, 8.0)


def test_synthetic_site_builds_strictly_with_the_plugin_on_and_off(tmp_path: Path) -> None:
    # The benchmark's figures mean something only if its site is a valid one in both modes.
    on = build_site(layout(tmp_path / "on", 4, True))
    off = build_site(layout(tmp_path / "off", 4, False))
    for prefix in ("", "en/"):
        index = on.soup(f"{prefix}meetings/index.html")
        entries = index.select(".clay-meeting-entry")
        assert len(entries) == 4, prefix
        assert (on.site / f"{prefix}meetings/feed.xml").is_file()
        assert (on.site / f"{prefix}meetings/2000/index.html").is_file()
        # plugin off: the reports are plain pages, nothing is generated
        assert (off.site / f"{prefix}meetings/2000-01-01-synthetic-meeting-0/index.html").is_file()
        assert not (off.site / f"{prefix}meetings/feed.xml").exists()
        assert not off.soup(f"{prefix}meetings/index.html").select(
            ".clay-meeting-entry"
        )
