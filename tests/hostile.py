"""ONE table of hostile front-matter inputs, as data, for the unit tests (tests/test_meetings_
model.py, tests/test_action_plan_content.py) and the whole-build tests of the other layers.

Each row: the file (its src_uri under docs/), its whole text, the finding code it must produce
(None: the file is accepted, and every text in it must come out escaped in every output) and
the line of that finding. Every row is decided in a fraction of a second: the budget is
benchmarks/bench_hostile.py's, the tests only stop a runaway (`runaway_guard`).
"""

from __future__ import annotations

import contextlib
import resource
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from types import FrameType
from typing import NamedTuple

from clay_plugins.content import frontmatter
from clay_plugins.content.findings import ContentError, Finding
from clay_plugins.content.source import Pages, Source

MARKUP = '</title><script>alert("x")</script><b>&amp;</b>'


# CPU seconds after which a test of hostile input is stopped. Not a budget (those are in
# benchmarks/bench_hostile.py, judged by `make bench`): every case takes well under a second, so
# this generous limit is reached only by a hang (an alias bomb expanded, a loop), which it turns
# into a failure instead of a suite that never ends.
RUNAWAY_CPU_SECONDS = 120


class Runaway(Exception):
    """A test used more than RUNAWAY_CPU_SECONDS of CPU time: a hang, not a slow machine."""


@contextlib.contextmanager
def runaway_guard(seconds: int = RUNAWAY_CPU_SECONDS) -> Iterator[None]:
    """Raise Runaway once this process has spent `seconds` more CPU time (RLIMIT_CPU, so the
    kernel counts, and a busy machine does not make a test fail). Outside the main thread no
    handler can be installed: SIGXCPU then ends the process (pytest-xdist reports the test
    that was running)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = int(usage.ru_utime + usage.ru_stime) + seconds
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise Runaway(f"more than {seconds} s of CPU time: the code under test ran away")

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGXCPU, stop) if main else None
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
        if main:
            signal.signal(signal.SIGXCPU, previous)


class Hostile(NamedTuple):
    name: str
    file: str  # src_uri, relative to docs/
    text: str
    code: str | None
    line: int | None


def report(**keys: object) -> str:
    """A meeting report: the good keys, changed or removed (None) by `keys`."""
    good: dict[str, object] = dict(title="T", summary="S", date="2021-05-05", format="online",
                                   platform="Webex")
    good.update(keys)
    lines = [f"{k}: {v}" for k, v in good.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\nText.\n"


def chapter(**keys: object) -> str:
    good: dict[str, object] = dict(chapter=1, title="T", status="draft", updated="2021-04-08")
    good.update(keys)
    lines = [f"{k}: {v}" for k, v in good.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n## Text\n"


def _bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines)


M, C = "meetings/2021-05-05-x.md", "action-plan/01-x.md"
TABLE: tuple[Hostile, ...] = (
    Hostile("alias-bomb", M, report(hide="x\n" + _bomb()), "frontmatter.aliases", 8),
    Hostile("alias-cycle", M, report(topics="&t [*t]"), "frontmatter.aliases", 7),
    Hostile("deep-nesting", M, report(hide="[" * 50 + "]" * 50), "frontmatter.nesting", 7),
    Hostile("libyaml-depth", M, report(hide="[" * 3000 + "]" * 3000), "frontmatter.nesting", 7),
    Hostile("deep-block", C, chapter(hide="\n" + "".join(
        " " * i + "- a:\n" for i in range(1, 40, 2))), "frontmatter.nesting", 11),
    Hostile("duplicate-key", M, report(title="T\ntitle: U"), "frontmatter.duplicate-key", 3),
    Hostile("duplicate-nested", C, chapter(actions="\n  - id: 1\n    title: A\n    title: B"),
            "frontmatter.duplicate-key", 9),
    Hostile("oversized", M, report(summary="x" * 70_000), "frontmatter.size", 1),
    Hostile("nul-byte", M, report(title="T\x00"), "frontmatter.control-character", 2),
    Hostile("escape-char", C, chapter(title="T\x1b[31m"), "frontmatter.control-character", 3),
    Hostile("python-tag", M, report(title="!!python/object/apply:os.system [ls]"),
            "frontmatter.yaml", 2),
    Hostile("bad-int-tag", M, report(participants="!!int many"), "frontmatter.yaml", 2),
    Hostile("unclosed", M, "---\ntitle: T\n", "frontmatter.unclosed", 1),
    Hostile("date-after-9999-12-30", "meetings/9999-12-31-x.md", report(date="9999-12-31"),
            "meeting.date", 4),
    Hostile("date-before-1900", "meetings/0001-01-01-x.md", report(date="0001-01-01"),
            "meeting.date", 4),
    Hostile("updated-far", C, chapter(updated="9999-12-31"), "chapter.updated", 5),
    Hostile("title-list", M, report(title="[a, b]"), "meeting.title", 2),
    Hostile("title-mapping", C, chapter(title="{a: b}"), "chapter.title", 3),
    Hostile("participants-text", M, report(participants="many"), "meeting.participants", 7),
    Hostile("number-bool", M, report(number="yes"), "meeting.number", 7),
    Hostile("topics-mapping", M, report(topics="{a: b}"), "meeting.topics", 7),
    Hostile("time-list", M, report(time="[10]"), "meeting.time", 7),
    Hostile("status-list", C, chapter(status="[draft]"), "chapter.status", 4),
    Hostile("actions-text", C, chapter(actions="all of them"), "chapter.actions", 6),
    Hostile("players-mapping", C, chapter(actions="\n  - id: 1\n    title: A\n    players: {a: 1}")
            + "\n{#action-1}\n", "chapter.players", 9),
    Hostile("key-not-text", M, report(**{"[1, 2]": "x"}), "frontmatter.yaml", 7),
    Hostile("markup-meeting", M, report(
        title=f"'{MARKUP}'", summary=f"'{MARKUP}'", format="hybrid", platform=f"'{MARKUP}'",
        venue=f"'{MARKUP}'", organiser=f"'{MARKUP}'"), None, None),
    Hostile("markup-chapter", "action-plan/02-x.md", chapter(
        chapter=2, title=f"'{MARKUP}'", summary=f"'{MARKUP}'", actions=(
            f"\n  - id: 1\n    title: '{MARKUP}'\n    players: ['{MARKUP}']\n"
            f"    costs: '{MARKUP}'\n    funding: '{MARKUP}'")).replace(
        "## Text", "## Action {#action-1}"), None, None),
)


def pages(files: dict[str, str], languages: Sequence[str] = ("ro", "en"),
          ) -> tuple[Pages, list[Finding]]:
    """The pages of `files` (src_uri -> text) as the page reader gives them."""
    result, findings = Pages({}, set()), []
    for uri, text in sorted(files.items()):
        path = f"docs/{uri}"
        try:
            fm = frontmatter.parse(text, path)
        except ContentError as exc:
            findings.extend(exc.findings)
            result.broken.add(uri)
            continue
        suffix = uri.removesuffix(".md").rpartition("/")[2].partition(".")[2]
        lang = suffix if suffix in languages[1:] else languages[0]
        result.sources[uri] = Source(uri, path, lang, text, fm)
    return result, findings


def has(findings: Iterable[Finding], code: str, path: str, line: int | None) -> bool:
    return any(f.code == code and f.path == path and (line is None or f.line == line)
               for f in findings)
