"""The meetings benchmark's own parts: its synthetic site builds, and its statistics hold."""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

import pytest

from benchmarks import bench_meetings
from benchmarks.bench_meetings import layout, median_interval, verdict
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


def test_verdict_needs_the_whole_interval_on_one_side_of_the_budget() -> None:
    assert verdict(3.5, 9.9) == "met"
    assert verdict(8.0, 10.0) == "met"  # at most 10 %
    assert verdict(6.1, 10.5) == "undecided"  # the runs cannot tell
    assert verdict(10.1, 14.0) == "not met"


@pytest.mark.parametrize(
    ("ratios", "judged", "status"),
    [
        ([1.05] * 9, "met", 0),
        ([1.20] * 9, "not met", 1),
        ([1.02, 1.18, 1.04, 1.16, 1.09, 1.12, 1.03, 1.15, 1.11], "undecided", 1),
    ],
)
def test_check_gives_the_verdict_as_exit_status_and_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ratios: list[float], judged: str,
    status: int,
) -> None:
    # The timings are made up (each plugin-on build takes the next ratio times 6 s), so that
    # the verdict and its exit status, not the machine, are what is tested.
    queue = iter(ratios)

    def fake_build(cfg: Path, site: Path) -> tuple[float, float]:
        site.mkdir()
        seconds = 6.0 * next(queue) if cfg.parent.name == "on" else 6.0
        return seconds, seconds

    monkeypatch.setattr(bench_meetings, "build", fake_build)
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [
        "bench_meetings.py", "-n", "2", "-r", str(len(ratios)), "--no-search",
        "--tmp", str(tmp_path), "--check", "--summary", str(summary),
    ])
    assert bench_meetings.main() == status
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n## clay-meetings")  # appended, not overwritten
    assert f"- budget (+10% of the wall time, at N = 1000; here N = 2): {judged}\n" in text
    assert "- wall: plugin off 6.00 s" in text


@pytest.mark.parametrize(
    ("options", "error"),
    [
        (["--check", "--one-cpu"], "--check judges the alternated runs"),
        (["--check", "-r", "3"], "--check needs at least 9 runs"),
        (["--cpu-ratio", "--check", "-r", "5"], "--check needs at least 9 runs"),
        (["--cpu-ratio", "--one-cpu"], "--cpu-ratio judges alternated builds"),
        (["--growth", "300", "100"], "the smaller first"),
        (["--growth", "100", "300", "--cpu-ratio"], "not allowed with argument"),
        (["--reference-cpu", "20"], "go with --build-time"),
    ],
)
def test_check_refuses_what_it_cannot_judge(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, options: list[str],
    error: str,
) -> None:
    monkeypatch.setattr(sys, "argv", ["bench_meetings.py", *options])
    with pytest.raises(SystemExit) as stop:
        bench_meetings.main()
    assert stop.value.code == 2
    assert error in capsys.readouterr().err


# --- issue 19's budgets, in CPU time ----------------------------------------------------------


def run_bench(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seconds: dict[str, list[float]],
    *options: str,
) -> tuple[int, str]:
    """Run the benchmark with made-up builds: the site folder named `name` (on, off, small,
    large) takes the next of seconds[name] in CPU time, and twice that in wall time. The exit
    status and the summary written."""
    queues = {name: iter(values) for name, values in seconds.items()}

    def fake_build(cfg: Path, site: Path) -> tuple[float, float]:
        site.mkdir()
        if site.name == "warm-up":
            return 1.0, 1.0
        cpu = next(queues[cfg.parent.name])
        return 2 * cpu, cpu

    monkeypatch.setattr(bench_meetings, "build", fake_build)
    tmp_path.mkdir(exist_ok=True)
    summary = tmp_path / "summary.md"
    monkeypatch.setattr(sys, "argv", [
        "bench_meetings.py", "--no-search", "--tmp", str(tmp_path), "--summary", str(summary),
        *options,
    ])
    status = bench_meetings.main()
    return status, summary.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("on", "judged", "status"),
    [
        ([6.5] * 4 + [6.0] * 5, "met", 0),  # the median ratio 1.083x
        ([6.6] * 9, "met", 0),  # 1.10x: within
        ([6.0] * 4 + [6.9] * 5, "not met", 1),  # 1.15x
    ],
)
def test_cpu_ratio_judges_the_median_of_the_runs_cpu_ratios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, on: list[float], judged: str, status: int,
) -> None:
    got, summary = run_bench(tmp_path, monkeypatch, {"on": on, "off": [6.0] * 9},
                             "-n", "2", "-r", "9", "--cpu-ratio", "--check")
    assert got == status
    assert summary.startswith("## clay-meetings: what the plugin adds to the build\n")
    assert "(budget: within 1.10x)" in summary
    assert re.search(r"^- budget \(issue 19: .* at N = 300; here N = 2\): " + judged + "$",
                     summary, re.M), summary


def test_growth_judges_the_median_of_the_runs_cpu_ratios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    small = [2.0] * 9
    met, summary = run_bench(tmp_path / "met", monkeypatch,
                             {"small": small, "large": [6.0] * 5 + [7.0] * 4},
                             "--growth", "2", "4", "-r", "9", "--check")
    assert met == 0 and "median 3.000x" in summary
    assert summary.startswith("## clay-meetings: how the build grows with the reports\n")
    assert re.search(r"^- budget \(issue 19: .*; here 2 to 4\): met$", summary, re.M)
    worse, summary = run_bench(tmp_path / "worse", monkeypatch,
                               {"small": small, "large": [7.0] * 9},
                               "--growth", "2", "4", "-r", "9", "--check")
    assert worse == 1 and re.search(r"^- budget .*: not met$", summary, re.M)


@pytest.mark.parametrize(
    ("cpu", "options", "judged", "status"),
    [
        ([9.0, 10.0, 11.0], [], ["met"], 0),  # wall 20.0 s < 1.2 x 17 s
        ([9.0, 10.5, 11.0], [], ["not met"], 1),  # wall 21.0 s
        ([9.0, 10.0, 11.0], ["--reference", "20"], ["met"], 0),
        ([9.0, 10.0, 11.0], ["--reference-cpu", "8"], ["met", "not met"], 1),  # 10 > 9.6 s
        ([9.0, 10.0, 11.0], ["--reference-cpu", "9"], ["met", "met"], 0),
    ],
)
def test_build_time_judges_the_median_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpu: list[float], options: list[str],
    judged: list[str], status: int,
) -> None:
    got, summary = run_bench(tmp_path, monkeypatch, {"on": cpu}, "--build-time", "-n", "2",
                             "--check", *options)
    assert got == status
    assert summary.startswith("## clay-meetings: the build's time\n")
    assert re.findall(r"^- budget.*: ((?:not )?met)$", summary, re.M) == judged
    assert "- wall: median" in summary and "- cpu: median 10" in summary


# --- the hostile inputs' budgets (benchmarks/bench_hostile.py) ----------------------------------


@pytest.mark.parametrize(("step", "status"), [(0.4, 0), (1.5, 1)])
def test_hostile_budgets_judge_each_case(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], step: float, status: int,
) -> None:
    """A case that takes `step` CPU seconds against the front matter's budget of 1 s."""
    from benchmarks import bench_hostile

    ticks = iter(range(100))
    monkeypatch.setattr(bench_hostile, "clock", lambda: step * next(ticks))
    got = bench_hostile.main(["--check", "--no-builds", "--only", "alias-bomb"])
    out = capsys.readouterr().out
    assert got == status
    assert f"| front matter | 1 s | 1 | alias-bomb | {step:.2f} |" in out
    assert ("over budget: front matter alias-bomb" in out) is bool(status)


def test_hugo_site_holds_the_same_markdown_as_ours(tmp_path: Path) -> None:
    # bench_hugo.py compares the two tools on the same reports: every Markdown file of our
    # synthetic site, byte for byte, with the list pages under Hugo's name for them.
    from benchmarks.bench_hugo import hugo_site

    docs = layout(tmp_path / "ours", 3, True).parent / "docs"
    hugo = hugo_site(docs, tmp_path / "hugo")
    ours = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    theirs = {p.relative_to(hugo / "content").as_posix() for p in (hugo / "content").rglob("*.md")}
    renamed = {name.replace("index.", "_index.") if name.split("/")[-1].startswith("index.")
               else name for name in ours}
    assert theirs == renamed
    assert {"meetings/_index.md", "meetings/_index.en.md"} <= theirs
    reports = [name for name in ours if "synthetic-meeting" in name]
    assert len(reports) == 6  # 3 reports, each translated
    for name in reports:
        assert (hugo / "content" / name).read_bytes() == (docs / name).read_bytes()
    assert 'defaultContentLanguage = "ro"' in (hugo / "hugo.toml").read_text(encoding="utf-8")
    assert {p.name for p in (hugo / "layouts").iterdir()} == {"baseof.html", "single.html",
                                                              "list.html"}


def test_measure_counts_the_memory_and_cpu_of_the_whole_process_tree(tmp_path: Path) -> None:
    # Our build's peak memory includes Pagefind and npm, which it starts: the sampler must
    # see a child's memory added to its parent's, and wait4's CPU time the child's too.
    from benchmarks.bench_hugo import measure, ratios_line

    touch = "x[::4096] = b'1' * len(x[::4096])"  # resident, not only reserved
    child = f"x = bytearray(80_000_000); {touch}; import time; time.sleep(0.5)"
    parent = (f"x = bytearray(40_000_000); {touch}; import subprocess, sys; "
              f"subprocess.run([sys.executable, '-c', {child!r}])")
    run = measure([sys.executable, "-c", parent], tmp_path, sample=True)
    assert run.peak >= 120_000_000  # the parent's 40 MB and the child's 80 MB at once
    # wait4's: the largest single process (at least the child; Linux counts the forking
    # process's size before exec too, so under a large pytest worker it can be more)
    assert run.maxrss >= 80_000_000
    assert run.cpu > 0
    line, median = ratios_line("wall", [6.0, 8.0, 7.0], [1.0, 1.0, 1.0], "s", 6.0)
    assert median == 7.0 and line.endswith("not met")
    assert ratios_line("wall", [2.0], [1.0], "s", 6.0)[0].endswith(": met")
