"""The `clay` command: start, check, fix and import the site's content.

    clay new meeting --date 2021-04-08 --title "…" --format online --platform "Cisco Webex"
    clay new chapter --number 3 --title "…"
    clay check [--fix] [--format text|json|github] [PATH…]
    clay import FILE [--output PATH] [--slug SLUG] [--dry-run]

Exit status: 0 when all is well, 1 when a check found errors or warnings (or the command could
not do its work), 2 for a usage or configuration problem.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from clay_plugins.cli import atomic
from clay_plugins.cli import check as check_cmd
from clay_plugins.cli.imports import plan_import, recover, write_plan
from clay_plugins.cli.new import ChapterFacts, MeetingFacts, NewError, new_chapter, new_meeting
from clay_plugins.cli.site import Site, SiteError, load_site
from clay_plugins.content.findings import display_path
from clay_plugins.content.meeting import FORMATS
from clay_plugins.content.reading import LIMITS, ImportProblem


def _ids(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _numbers(text: str) -> list[int]:
    try:
        return [int(part) for part in _ids(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: write chapter numbers separated by commas, e.g. 1,2"
        ) from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, metavar="MKDOCS_YML",
                        help="the site's mkdocs.yml (default: found from the current folder up)")
    parser = argparse.ArgumentParser(
        prog="clay", description="Start, check, fix and import the CLAY site's content.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = sub.add_parser("new", help="start a meeting report or an action-plan chapter")
    kinds = new.add_subparsers(dest="kind", required=True, metavar="KIND")
    m = kinds.add_parser("meeting", parents=[common],
                         help="a meeting report and its English translation")
    m.add_argument("--date", required=True, help="day of the meeting, YYYY-MM-DD")
    m.add_argument("--title", required=True, help="Romanian title")
    m.add_argument("--format", required=True, choices=FORMATS)
    m.add_argument("--platform", help="for online and hybrid meetings, e.g. 'Cisco Webex'")
    m.add_argument("--venue", help="for in-person and hybrid meetings: place and town")
    m.add_argument("--venue-en", help="the venue's English name, if it has one")
    m.add_argument("--time", help="HH:MM or HH:MM-HH:MM, Bucharest time")
    m.add_argument("--series", help="a series declared in mkdocs.yml")
    m.add_argument("--number", type=int, help="the meeting's number in its series")
    m.add_argument("--organiser")
    m.add_argument("--participants", type=int)
    m.add_argument("--topics", type=_ids, help="topic ids separated by commas")
    m.add_argument("--action-plan", type=_numbers, help="chapter numbers separated by commas")
    m.add_argument("--summary", help="Romanian summary (one or two sentences)")
    m.add_argument("--title-en", help="English title")
    m.add_argument("--summary-en", help="English summary")
    m.add_argument("--slug", help="the file name's words (default: from the title)")
    m.add_argument("--image", type=Path, metavar="FILE",
                   help="a photo (JPEG, PNG, WebP, HEIC): copied beside the report as its lead "
                   "photo, upright, at most 2400 px, without metadata")
    m.add_argument("--image-alt", help="what the photo shows, in Romanian")
    m.add_argument("--image-alt-en", help="what the photo shows, in English")
    m.add_argument("--image-credit", help="the photo's author or source")

    c = kinds.add_parser("chapter", parents=[common],
                         help="an action-plan chapter and its English translation")
    c.add_argument("--number", type=int, required=True, help="the chapter's number")
    c.add_argument("--title", required=True, help="Romanian title")
    c.add_argument("--status", choices=("draft", "final"), default="draft")
    c.add_argument("--updated", help="YYYY-MM-DD (default: today)")
    c.add_argument("--summary")
    c.add_argument("--title-en")
    c.add_argument("--summary-en")
    c.add_argument("--slug")

    k = sub.add_parser("check", parents=[common],
                       help="check the content without building the site")
    k.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders under docs/ (default: all of docs/)")
    k.add_argument("--fix", action="store_true",
                   help="correct the letters and quotation marks in place")
    k.add_argument("--format", dest="output", choices=("text", "json", "github"),
                   default="text", help="github: annotations for GitHub Actions")

    i = sub.add_parser("import", parents=[common],
                       help="turn a Word (.docx) or text report into a meeting report",
                       description="Turn a Word (.docx) or UTF-8 text report into a meeting "
                       f"report. Limits: {LIMITS}. Nothing existing is overwritten.")
    i.add_argument("file", type=Path)
    i.add_argument("--output", type=Path, help="where to write (default: docs/meetings/…)")
    i.add_argument("--slug", help="the file name's words (default: from the title)")
    i.add_argument("--dry-run", action="store_true",
                   help="show what would be written (file names and the report), write nothing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if hasattr(signal, "SIGXFSZ"):
        # past a file-size limit, a write fails (and `atomic` keeps the original) instead of
        # the process being killed halfway
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        site = load_site(args.config)
    except SiteError as exc:
        print(f"clay: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "new":
            return _new(site, args)
        if args.command == "check":
            return _check(site, args)
        return _import(site, args)
    except OSError as exc:
        # what no content can cause (a full disk, a file-size limit, a read-only disk) in any
        # command, where the command itself had nothing to say: one line, never a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"clay {args.command}: stopped, {where}{atomic.reason_of(exc)} — free some space "
              "(or fix the cause), then run it again", file=sys.stderr)
        return 1


def _new(site: Site, args: argparse.Namespace) -> int:
    try:
        if args.kind == "meeting":
            paths = new_meeting(site, MeetingFacts(
                date=args.date, title=args.title, format=args.format, platform=args.platform,
                venue=args.venue, venue_en=args.venue_en, time=args.time, series=args.series,
                number=args.number, organiser=args.organiser, participants=args.participants,
                topics=args.topics, action_plan=args.action_plan, summary=args.summary,
                title_en=args.title_en, summary_en=args.summary_en, slug=args.slug,
                image=args.image, image_alt=args.image_alt, image_alt_en=args.image_alt_en,
                image_credit=args.image_credit,
            ))
        else:
            paths = new_chapter(site, ChapterFacts(
                number=args.number, title=args.title, status=args.status,
                updated=args.updated, summary=args.summary, title_en=args.title_en,
                summary_en=args.summary_en, slug=args.slug,
            ))
    except NewError as exc:
        print(exc, file=sys.stderr)
        return 1
    for path in paths:
        print(display_path(str(path), str(Path.cwd())))
    # the whole site's view of the new files (a number already used, ...)
    report, _ = check_cmd.run(site, paths)
    problems = [f for f in report.findings
                if f.code not in ("content.placeholder", "frontmatter.todo")
                and f.severity.value != "info"]
    for f in problems:
        print(f, file=sys.stderr)
    print("Replace the placeholder text, then run `clay check`.", file=sys.stderr)
    return 1 if any(f.severity.value == "error" for f in problems) else 0


def _check(site: Site, args: argparse.Namespace) -> int:
    report, skipped = check_cmd.run(site, args.paths, fix=args.fix)
    for note in skipped:
        print(f"clay check: skipped {note}", file=sys.stderr)
    out = check_cmd.render(report, args.output)
    if out:
        print(out)
    if args.output != "json":
        print(check_cmd.summary(report), file=sys.stderr)
    return 1 if report.failed else 0


def _import(site: Site, args: argparse.Namespace) -> int:
    here = str(Path.cwd())
    try:
        if not args.dry_run:  # what an interrupted import left: done or undone
            folder = args.output.parent if args.output else site.docs_dir / "meetings"
            for path in recover(folder):
                print(f"clay import: removed {display_path(str(path), here)}, left by an "
                      "interrupted import", file=sys.stderr)
        plan = plan_import(args.file, docs_dir=site.docs_dir, output=args.output,
                           slug=args.slug, languages=tuple(site.languages[1:]))
        if not args.dry_run:
            write_plan(plan)
    except (ImportProblem, atomic.WriteError) as exc:
        print(f"clay import: {exc}", file=sys.stderr)
        return 1
    for note in plan.notes:
        print(f"clay import: {note}", file=sys.stderr)
    if args.dry_run:
        for path, size in plan.files():
            print(f"would write {display_path(str(path), here)} ({size} bytes)")
        print()
        print(plan.text, end="")
    else:
        print(display_path(str(plan.path), here))
    report = plan.report
    facts = report.facts
    found = [f"{k}={v}" for k, v in (("date", facts.date), ("number", facts.number),
                                     ("format", facts.format), ("platform", facts.platform)) if v]
    print(f"clay import: recognised {', '.join(found) or 'nothing'}", file=sys.stderr)
    if report.todo:
        print(f"clay import: still TODO in the front matter: {', '.join(report.todo)} — "
              "fill them in, then run `clay check`", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
