"""The `clay` command: start, check, fix and import the site's content.

    clay new meeting --date 2021-04-08 --title "…" --format online --platform "Cisco Webex"
    clay new chapter --number 3 --title "…"       (any content type: `clay new TYPE --help`)
    clay check [--fix] [--format text|json|github|summary] [PATH…]
    clay import FILE [--output PATH] [--slug SLUG] [--dry-run]
    clay serve [-a IP:PORT] [--site-dir DIR]

Exit status: 0 when all is well, 1 when a check found errors or warnings (or the command could
not do its work), 2 for a usage or configuration problem.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from clay_plugins.cli import atomic
from clay_plugins.cli import check as check_cmd
from clay_plugins.cli import serve as serve_cmd
from clay_plugins.cli.imports import plan_import, recover, write_plan
from clay_plugins.cli.new import NewError, add_options, given_values, new_item
from clay_plugins.cli.site import Site, SiteError, load_site
from clay_plugins.content.drafts import said
from clay_plugins.content.findings import display_path
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.content.reading import LIMITS, ImportProblem
from clay_plugins.content.registry import content_types
from clay_plugins.content.schema import language_name
from clay_plugins.l10n import (
    E_,
    EDITORS,
    EN_,
    CatalogError,
    EditorsError,
    Text,
    catalog,
    editors_language,
)
from clay_plugins.l10n import render as say


def _parser(site: Site | None, lang: str | None) -> argparse.ArgumentParser:
    """The command line, its help in the editors' language `lang` (None: English): our texts,
    and argparse's own words that a help page shows (the usage's prefix, the sections' titles,
    `--help`); argparse's error messages stay its own, in English."""

    def t(text: Text) -> str:
        return say(text, lang)

    usage = t(E_("usage: "))

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage_: str | None, actions: Iterable[argparse.Action],
                      groups: Iterable[Any], prefix: str | None = None) -> None:
            super().add_usage(usage_, actions, groups, usage if prefix is None else prefix)

    def command(parser: argparse.ArgumentParser) -> tuple[Any, Any]:
        """The sections of a command's help: its arguments and its options (with --help)."""
        arguments = parser.add_argument_group(t(E_("arguments")))
        options = parser.add_argument_group(t(E_("options")))
        options.add_argument("-h", "--help", action="help",
                             help=t(E_("show this help and exit")))
        return arguments, options

    def common(options: Any) -> None:
        options.add_argument("--config", type=Path, metavar="MKDOCS_YML", help=t(E_(
            "the site's mkdocs.yml (default: found from the current folder up)")))
        options.add_argument("--lang", metavar="LANG", help=t(E_(
            "the language of the messages, e.g. ro or en (default: the site's default "
            "language)")))

    parser = argparse.ArgumentParser(
        prog="clay", description=t(E_("Start, check, fix and import the CLAY site's content.")),
        add_help=False, formatter_class=Formatter,
    )
    command(parser)
    sub = parser.add_subparsers(title=t(E_("commands")), dest="command", required=True,
                                metavar="COMMAND")

    # one `clay new <type>` per content type of the site (content/registry.py), its options
    # from the type's declaration
    kinds = site.kinds() if site else content_types()
    languages = list(site.languages) if site else ["ro", "en"]
    new = sub.add_parser("new", help=t(E_("start a new item: {types}",
                                          types=", ".join(k.name for k in kinds))),
                         add_help=False, formatter_class=Formatter)
    command(new)
    types = new.add_subparsers(title=t(E_("content types")), dest="kind", required=True,
                               metavar="TYPE")
    others = ", ".join(say(language_name(code), lang) for code in languages[1:])
    for kind in kinds:
        noun, folder = said(kind.noun, lang), kind.folder
        p = types.add_parser(kind.name, help=t(E_(
            "a {noun} in docs/{folder}/ and its translations: {languages}", noun=noun,
            folder=folder, languages=others)) if others else t(E_(
                "a {noun} in docs/{folder}/", noun=noun, folder=folder)),
            add_help=False, formatter_class=Formatter)
        _, options = command(p)
        common(options)
        add_options(options, kind, languages, lang)

    k = sub.add_parser("check", help=t(E_("check the content without building the site")),
                       add_help=False, formatter_class=Formatter)
    arguments, options = command(k)
    common(options)
    arguments.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                           help=t(E_("files or folders under docs/ (default: all of docs/)")))
    options.add_argument("--fix", action="store_true",
                         help=t(E_("correct the letters and quotation marks in place")))
    options.add_argument("--format", dest="output", choices=("text", "json", "github", "summary"),
                         default="text", help=t(E_(
                             "github: annotations for GitHub Actions; summary: Markdown tables in "
                             "Romanian and English for a pull request's job summary")))

    i = sub.add_parser("import", help=t(E_(
        "turn a Word (.docx) or text report into a meeting report")), description=t(E_(
            "Turn a Word (.docx) or UTF-8 text report into a meeting report. Limits: {limits}. "
            "Nothing existing is overwritten.", limits=LIMITS)),
        add_help=False, formatter_class=Formatter)
    arguments, options = command(i)
    common(options)
    arguments.add_argument("file", type=Path, metavar="FILE")
    options.add_argument("--output", type=Path, metavar="PATH", help=t(E_(
        "where to write (default: docs/{folder}/…)", folder=MEETING.folder)))
    options.add_argument("--slug", help=t(E_("the file name's words (default: from the title)")))
    options.add_argument("--dry-run", action="store_true", help=t(E_(
        "show what would be written (file names and the report), write nothing")))
    s = sub.add_parser("serve", help=t(E_("preview the site, updated on every save")),
                       description=t(E_(
                           "Build the site once, then show each saved change: a report renders "
                           "again only the pages that show it, anything else builds the whole "
                           "site again.")), add_help=False, formatter_class=Formatter)
    _, options = command(s)
    common(options)
    options.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="IP:PORT",
                         help=t(E_("where to serve (default: 127.0.0.1:8000)")))
    options.add_argument("--site-dir", type=Path, metavar="DIR", help=t(E_(
        "where to write the site (default: a temporary folder)")))
    return parser


def help_language(site: Site | None, asked: str | None) -> str | None:
    """The language of `clay`'s help: the one asked for (`--lang`), else the site's default
    language; English (None) when that language has no editors' catalog (the command then
    says so)."""
    return editors_language(asked or (site.default_language if site else None))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # the site first: its content types make `clay new`'s commands and options
    config = argparse.ArgumentParser(add_help=False)
    config.add_argument("--config", type=Path)
    config.add_argument("--lang")
    early = config.parse_known_args(argv)[0]
    site: Site | None = None
    problem: SiteError | None = None
    try:
        site = load_site(early.config)
    except SiteError as exc:
        problem = exc
    help_lang = help_language(site, early.lang)
    asked = early.lang or (site.default_language if site else None)
    if help_lang is None and asked is not None and {"-h", "--help"} & set(argv):
        # said, not silent: the help of a language without an editors' catalog is English
        print("clay: " + say(E_("--lang {lang}: there is no editors' catalog for it, so the help "
                                "is in English", lang=asked), None), file=sys.stderr)
    args = _parser(site, help_lang).parse_args(argv)
    if hasattr(signal, "SIGXFSZ"):
        # past a file-size limit, a write fails (and `atomic` keeps the original) instead of
        # the process being killed halfway
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if site is None:
        # no site, so no default language: the one asked for, else English
        print(f"clay: {_said(problem, early.lang)}", file=sys.stderr)
        return 2
    lang = args.lang or site.default_language
    try:
        catalog(lang, EDITORS)
    except CatalogError as exc:  # not said in a language that has no catalog: in English
        print("clay: " + say(E_("--lang {lang}: {error}", lang=lang, error=str(exc)), None),
              file=sys.stderr)
        return 2
    try:
        if args.command == "new":
            return _new(site, args, lang)
        if args.command == "check":
            return _check(site, args, lang)
        if args.command == "serve":
            return serve_cmd.run(site, args, lang)
        return _import(site, args, lang)
    except OSError as exc:
        # what no content can cause (a full disk, a file-size limit, a read-only disk) in any
        # command, where the command itself had nothing to say: one line, never a traceback
        text = E_("clay {command}: stopped, {file}: {reason} — free some space (or fix the "
                  "cause), then run it again", command=args.command, file=exc.filename,
                  reason=atomic.reason_of(exc)) if exc.filename else E_(
            "clay {command}: stopped, {reason} — free some space (or fix the cause), then run "
            "it again", command=args.command, reason=atomic.reason_of(exc))
        print(say(text, lang), file=sys.stderr)
        return 1


def _said(exc: Exception | None, lang: str | None) -> str:
    """An error in an editors' language (in English when it is not an EditorsError)."""
    try:
        return exc.text(lang) if isinstance(exc, EditorsError) else str(exc)
    except CatalogError:
        return exc.text(None) if isinstance(exc, EditorsError) else str(exc)


def _new(site: Site, args: argparse.Namespace, lang: str) -> int:
    kind = next(k for k in site.kinds() if k.name == args.kind)
    try:
        paths, notes = new_item(site, kind, given_values(args, kind, site.languages), args.slug,
                                lang=lang)
    except NewError as exc:
        print(_said(exc, lang), file=sys.stderr)
        return 1
    for path in paths:
        print(display_path(str(path), str(Path.cwd())))
    for note in notes:
        print(say(E_("clay new: {note}", note=note), lang), file=sys.stderr)
    # the whole site's view of the new files (a number already used, ...)
    report, _ = check_cmd.run(site, paths)
    problems = [f for f in report.findings
                if f.code not in ("content.placeholder", "frontmatter.todo")
                and f.severity.value != "info"]
    for f in problems:
        print(f.text(lang), file=sys.stderr)
    print(say(E_("Replace the placeholder text, then run `clay check`."), lang), file=sys.stderr)
    return 1 if any(f.severity.value == "error" for f in problems) else 0


def _check(site: Site, args: argparse.Namespace, lang: str) -> int:
    report, skipped = check_cmd.run(site, args.paths, fix=args.fix)
    for note in skipped:
        print(say(E_("clay check: skipped {note}", note=note), lang), file=sys.stderr)
    out = check_cmd.render(report, args.output, lang)
    if out:
        print(out)
    if args.output not in ("json", "summary"):
        print(check_cmd.summary(report, lang), file=sys.stderr)
    return 1 if report.failed else 0


def _import(site: Site, args: argparse.Namespace, lang: str) -> int:
    here = str(Path.cwd())
    try:
        if not args.dry_run:  # what an interrupted import left: done or undone
            folder = args.output.parent if args.output else site.docs_dir / MEETING.folder
            for path in recover(folder):
                print(say(E_("clay import: removed {path}, left by an interrupted import",
                             path=display_path(str(path), here)), lang), file=sys.stderr)
        plan = plan_import(args.file, docs_dir=site.docs_dir, output=args.output,
                           slug=args.slug, languages=tuple(site.languages), editors=lang)
        if not args.dry_run:
            write_plan(plan)
    except (ImportProblem, atomic.WriteError) as exc:
        print(f"clay import: {_said(exc, lang)}", file=sys.stderr)
        return 1
    for note in plan.notes:
        print(f"clay import: {note.text(lang)}", file=sys.stderr)
    for remark in plan.remarks:
        print(say(E_("clay import: {note}", note=remark), lang), file=sys.stderr)
    if args.dry_run:
        for path, size in plan.files():
            print(say(EN_("would write {path} ({n} byte)", "would write {path} ({n} bytes)",
                          n=size, path=display_path(str(path), here)), lang))
        print()
        print(plan.text, end="")
    else:
        for path in (plan.path, *(p for p, _ in plan.translations)):
            print(display_path(str(path), here))
    report = plan.report
    facts = report.facts
    found = [f"{k}={v}" for k, v in (("date", facts.date), ("number", facts.number),
                                     ("format", facts.format), ("platform", facts.platform)) if v]
    print(say(E_("clay import: recognised {facts}", facts=", ".join(found)) if found else
              E_("clay import: recognised nothing"), lang), file=sys.stderr)
    if report.todo:
        print(say(E_("clay import: still TODO in the front matter: {keys} — fill them in, then "
                     "run `clay check`", keys=", ".join(report.todo)), lang), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
