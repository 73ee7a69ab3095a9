"""Profile: where a bilingual build of N synthetic reports per language spends its time.

Lays out bench_meetings.py's synthetic site (N reports per language, each translated, with the
Pagefind search index as CI builds it), runs `mkdocs build --strict` once under cProfile in a
fresh process, and prints a summary: the cumulative time of the build's stages (the default
language's build, static-i18n's `on_post_build` that runs the whole build again for English,
Markdown, the theme's templates, Material's navigation, Pagefind, each of our plugins' events)
and the exclusive time grouped by where the code lives (Jinja and the templates, Markdown,
MkDocs, Material, static-i18n, our plugins, YAML, waiting for Pagefind, the rest), which adds up
to the whole. cProfile slows Python code down (by about half here) and not the processes it
waits for, so the shares are a map of the work, not timings.

    .venv/bin/python benchmarks/profile_build.py                 # N = 2000
    .venv/bin/python benchmarks/profile_build.py -n 300 --top 40 --stats build.prof
    .venv/bin/python benchmarks/profile_build.py --sample --rebuild   # one report changed
    make bench BENCH=profile

`--rebuild` profiles the build that follows an unprofiled one into the same folder with the
same cache (`.cache/clay/` beside mkdocs.yml), after one report's text changed: issue 28's
rebuild, where the page cache spares the unchanged pages their rendering.
"""

from __future__ import annotations

import argparse
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from bench_meetings import layout  # noqa: E402
from bench_rebuild import change_report  # noqa: E402

# (label, predicate on (file, line, function)): the stages, by cumulative time; a function
# called inside another counted stage is counted in both (the stages nest)
STAGES: list[tuple[str, str, str]] = [
    ("the whole build (mkdocs.commands.build.build, both languages)", "mkdocs/commands/build.py",
     "build"),
    ("static-i18n's on_post_build (the English build again, and what follows it)",
     "mkdocs_static_i18n/plugin.py", "on_post_build"),
    ("rendering pages (_build_page: templates and the page events)", "mkdocs/commands/build.py",
     "_build_page"),
    ("Markdown to HTML (Page.render)", "mkdocs/structure/pages.py", "render"),
    ("a Markdown instance per page (Markdown.__init__)", "markdown/core.py", "__init__"),
    ("Jinja: Template.render", "jinja2/environment.py", "render"),
    ("Material's navigation (get_navigation)", "mkdocs/structure/nav.py", "get_navigation"),
    ("reading pages' Markdown (_populate_page)", "mkdocs/commands/build.py", "_populate_page"),
    ("files (get_files)", "mkdocs/structure/files.py", "get_files"),
    ("writing files (write_file)", "mkdocs/utils/__init__.py", "write_file"),
    ("waiting for subprocesses (Pagefind through npm)", "subprocess.py", "communicate"),
    ("waiting for subprocesses (subprocess.run)", "subprocess.py", "run"),
    ("YAML (safe_load)", "yaml/__init__.py", "load"),
    ("the garbage collector is not seen by cProfile", "", ""),
]

# exclusive (own) time grouped by where the code lives: the first match wins
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("templates (compiled Jinja: *.html, *.xml)", (".html", ".xml", ".ics", ".j2")),
    ("Jinja2 runtime", ("/jinja2/", "/markupsafe/")),
    ("Markdown and its extensions", ("/markdown/", "/pymdownx/")),
    ("our plugins (clay_plugins)", ("/clay_plugins/",)),
    ("static-i18n", ("/mkdocs_static_i18n/",)),
    ("Material", ("/material/",)),
    ("MkDocs", ("/mkdocs/",)),
    ("YAML", ("/yaml/",)),
    ("icalendar", ("/icalendar/",)),
    ("Babel", ("/babel/",)),
    ("lxml, html5 and other parsers", ("/lxml/", "/html5lib/", "/bs4/", "/selectolax/")),
]


def group_of(file: str) -> str:
    for label, parts in GROUPS:
        if any(part in file for part in parts) or file.endswith(parts):
            return label
    if file == "~":
        return "built-ins (C functions: I/O, regexes, waiting, …)"
    return "Python's standard library and the rest"


Key = tuple[str, int, str]


def from_cprofile(stats: pstats.Stats) -> tuple[dict[Key, tuple[int, float, float]], float]:
    """{(file, line, function): (calls, own s, cumulative s)} and the total, from cProfile."""
    raw = stats.stats  # type: ignore[attr-defined]
    return ({key: (nc, tt, ct) for key, (_, nc, tt, ct, _) in raw.items()},
            stats.total_tt)  # type: ignore[attr-defined]


def summarise(raw: dict[Key, tuple[int, float, float]], total: float, top: int) -> list[str]:
    lines = [f"total profiled time {total:.1f} s", "", "| stage (cumulative) | s | % |",
             "| --- | ---: | ---: |"]
    for label, file, function in STAGES:
        if not file:
            continue
        cumulative = sum(ct for (f, _, fn), (_, _, ct) in raw.items()
                         if f.endswith(file) and fn == function)
        lines.append(f"| {label} | {cumulative:.1f} | {100 * cumulative / total:.1f} |")
    plugins: dict[str, float] = {}
    for (f, _, fn), (_, _, ct) in raw.items():
        if "/clay_plugins/" in f and fn.startswith("on_"):
            where = f.split("/clay_plugins/")[1]
            plugins[f"{where}:{fn}"] = plugins.get(f"{where}:{fn}", 0) + ct
    for name, ct in sorted(plugins.items(), key=lambda kv: -kv[1])[:12]:
        lines.append(f"| our event {name} | {ct:.1f} | {100 * ct / total:.1f} |")
    groups: dict[str, float] = {}
    for (f, _, _), (_, tt, _) in raw.items():
        groups[group_of(f)] = groups.get(group_of(f), 0) + tt
    lines += ["", "| where the code lives (exclusive time) | s | % |", "| --- | ---: | ---: |"]
    for label, tt in sorted(groups.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {label} | {tt:.1f} | {100 * tt / total:.1f} |")
    lines += ["", f"top {top} functions by cumulative time:", "",
              "| function | calls | own s | cumulative s | % |",
              "| --- | ---: | ---: | ---: | ---: |"]
    # the wrappers around the whole run (the interpreter, click, MkDocs' command) say nothing
    wrappers = ("<frozen runpy>", "/click/", "mkdocs/__main__.py", "cProfile", "profile_build.py")
    ranked = sorted(((key, value) for key, value in raw.items()
                     if not any(w in key[0] for w in wrappers) and key[2] != "<built-in method "
                     "builtins.exec>" and key[2] != "<module>"), key=lambda kv: -kv[1][2])
    for (f, line, fn), (calls, tt, ct) in ranked[:top]:
        short = f.split("site-packages/")[-1].split("/work/")[-1]
        lines.append(f"| `{short}:{line}({fn})` | {calls} | {tt:.1f} | {ct:.1f} | "
                     f"{100 * ct / total:.1f} |")
    return lines


def sampled_child(out: Path, argv: list[str], every: float) -> None:
    """Run `mkdocs` with `argv` in this process, sampling its stack every `every` seconds of
    its own CPU time (SIGPROF): time spent waiting (for Pagefind, for a processor on a busy
    machine) is not sampled, so the shares are of the work. Writes {samples, cpu, children,
    own and cumulative counts per function} to `out`; `children` is the CPU time of the
    processes the build waited for (Pagefind and npm)."""
    import json
    import resource
    import signal
    from collections import Counter
    from types import FrameType

    own: Counter[Key] = Counter()
    cumulative: Counter[Key] = Counter()
    count = [0]

    def sample(_: int, frame: FrameType | None) -> None:
        count[0] += 1
        seen: set[Key] = set()
        first = True
        while frame is not None:
            code = frame.f_code
            key = (code.co_filename, code.co_firstlineno, code.co_name)
            if first:
                own[key] += 1
                first = False
            if key not in seen:
                seen.add(key)
                cumulative[key] += 1
            frame = frame.f_back

    from mkdocs.__main__ import cli

    def cpu(who: int) -> float:
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime

    before = cpu(resource.RUSAGE_SELF)
    signal.signal(signal.SIGPROF, sample)
    signal.setitimer(signal.ITIMER_PROF, every, every)
    try:
        cli.main(args=argv, standalone_mode=False)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        out.write_text(json.dumps({
            "samples": count[0], "cpu": cpu(resource.RUSAGE_SELF) - before,
            "children": cpu(resource.RUSAGE_CHILDREN),
            "functions": [[*key, own[key], cumulative[key]] for key in cumulative],
        }), encoding="utf-8")


def from_samples(path: Path) -> tuple[dict[Key, tuple[int, float, float]], float, float]:
    """The sampler's counts as CPU seconds (each function's share of the samples times the
    build's own CPU time), the build's CPU time, and its children's (Pagefind, npm)."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    scale = data["cpu"] / max(data["samples"], 1)
    return ({(f, line, fn): (0, o * scale, c * scale)
             for f, line, fn, o, c in data["functions"]}, data["cpu"], data["children"])


def main() -> int:
    if len(sys.argv) > 3 and sys.argv[1] == "--sampled-child":
        sampled_child(Path(sys.argv[2]), sys.argv[4:], float(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="reports per language (2000)")
    parser.add_argument("--top", type=int, default=30, help="functions listed (30)")
    parser.add_argument("--stats", type=Path, help="keep cProfile's file here")
    parser.add_argument("--no-search", action="store_true", help="leave out clay-search")
    parser.add_argument("--sample", type=float, metavar="SECONDS", nargs="?", const=0.005,
                        help="sample the stack every SECONDS (0.005) of CPU time instead of "
                             "cProfile: no per-call overhead, so pure-Python code is not "
                             "inflated, and no waiting counted")
    shm = Path("/dev/shm")
    parser.add_argument("--tmp", default=str(shm) if os.access(shm, os.W_OK) else None)
    parser.add_argument("--rebuild", action="store_true",
                        help="profile a rebuild with one report changed, after a full build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="profile-build-", dir=args.tmp) as tmp:
        cfg = layout(Path(tmp) / "site-src", args.n, True, not args.no_search)
        out = args.stats or Path(tmp) / "build.prof"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        mkdocs = ["build", "--strict", "-q", "-f", str(cfg), "-d", str(Path(tmp) / "site")]
        if args.sample:
            command = [sys.executable, __file__, "--sampled-child", str(out), str(args.sample),
                       "--", *mkdocs]
        else:
            command = [sys.executable, "-m", "cProfile", "-o", str(out), "-m", "mkdocs", *mkdocs]
        if args.rebuild:
            subprocess.run([sys.executable, "-m", "mkdocs", *mkdocs], check=True, env=env,
                           cwd=cfg.parent)
            change_report(cfg, args.n // 2, 1)
        load = os.getloadavg()
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, cwd=cfg.parent)
        wall = time.perf_counter() - start
        end = os.getloadavg()
        how = f"sampled every {args.sample * 1000:g} ms of CPU" if args.sample else "cProfile"
        what = "a rebuild with one report changed" if args.rebuild else "a cold build"
        print(f"N = {args.n} reports per language, {what}, {how}, {wall:.1f} s wall, load "
              f"average {load[0]:.1f} at the start, {end[0]:.1f} at the end")
        if args.sample:
            raw, total, children = from_samples(out)
            print(f"CPU time: the build's process {total:.1f} s (the shares below), the "
                  f"processes it waited for (Pagefind through npm) {children:.1f} s: "
                  f"{100 * children / (total + children):.0f} % of the build's CPU time")
        else:
            raw, total = from_cprofile(pstats.Stats(str(out)))
        print("\n".join(summarise(raw, total, args.top)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
