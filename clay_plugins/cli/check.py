"""`clay check`: every content check, without building the site.

The contracts are checked by the same functions the plugins call during the build
(`load_meetings`, `load_chapters`, `check_meeting_references`), so the command and the CI
never disagree. Added here, because they need no build either: Romanian typography, internal
links and images, alternative text, `TODO` markers left by `clay import`, placeholder text left
by `clay new`, pages whose translation is missing or orphaned, and translations older in git
than their Romanian source.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clay_plugins.cli import atomic
from clay_plugins.cli.site import Site
from clay_plugins.content import typography
from clay_plugins.content.chapter import check_meeting_references, load_chapters
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.importer import find_todos
from clay_plugins.content.links import LinkChecker
from clay_plugins.content.meeting import load_meetings

# Text that `clay new` writes for the editor to replace: publishing it is a mistake.
PLACEHOLDERS = {
    "ro": (
        "Rezumatul întâlnirii, în una sau două propoziții.",
        "Textul raportului: scrieți aici ce s-a discutat, cine a participat și ce urmează.",
        "Rezumatul capitolului, în una sau două propoziții.",
        "Textul capitolului: scrieți aici conținutul lui.",
    ),
    "en": (
        "The meeting in one or two sentences.",
        "The report's text: write here what was discussed, who took part and what comes next.",
        "The chapter in one or two sentences.",
        "The chapter's text: write its content here.",
    ),
}


@dataclass
class Report:
    findings: list[Finding]
    checked: list[Path] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)  # what --fix changed

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def failed(self) -> bool:
        return any(f.severity is not Severity.INFO for f in self.findings)


def content_files(site: Site) -> list[Path]:
    return sorted(p for p in site.docs_dir.rglob("*.md") if p.is_file())


def select(site: Site, paths: Iterable[Path]) -> tuple[list[Path], list[str]]:
    """The Markdown files under docs/ named by `paths` (files or folders), and what was skipped."""
    chosen: list[Path] = []
    skipped: list[str] = []
    docs = site.docs_dir
    for raw in paths:
        path = raw.resolve()
        if path.is_dir():
            chosen += sorted(p for p in path.rglob("*.md") if p.is_file() and _under(p, docs))
            if not _under(path, docs) and not _under(docs, path):
                skipped.append(f"{raw}: not a folder of the site's docs/")
        elif not path.exists():
            skipped.append(f"{raw}: no such file")
        elif path.suffix != ".md" or not _under(path, docs):
            skipped.append(f"{raw}: not a Markdown page under docs/")
        else:
            chosen.append(path)
    return sorted(set(chosen)), skipped


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def fix_files(site: Site, files: list[Path]) -> tuple[list[Finding], list[Finding]]:
    """Apply the safe typography fixes to each file; return what was changed and, one finding
    per file, what could not be changed. Each file is replaced atomically or left
    byte-identical (see `atomic`), and a file that fails does not stop the others."""
    changed: list[Finding] = []
    unfixed: list[Finding] = []
    for file in files:
        shown = display_path(str(file), str(site.root))
        try:
            text = file.read_bytes().decode("utf-8")  # exact: BOM and line endings kept
        except OSError as exc:
            unfixed.append(_unfixed(shown, f"it cannot be read ({atomic.reason_of(exc)})"))
            continue
        except UnicodeDecodeError:
            unfixed.append(_unfixed(shown, "it is not UTF-8 text",
                                    "save it as UTF-8 (e.g. from a text editor), then run "
                                    "`clay check --fix` again"))
            continue
        fixed, findings = typography.fix(text, shown,
                                         romanian=site.language_of(file) == site.default_language)
        if fixed == text:
            continue
        try:
            atomic.write_text(file, fixed)
        except atomic.WriteError as exc:
            unfixed.append(_unfixed(shown, exc.reason))
            continue
        changed += findings
    return changed, unfixed


def _unfixed(shown: str, reason: str, fix: str = "") -> Finding:
    return Finding(
        shown, None, None, f"`--fix` changed nothing in this file: {reason}",
        fix or "remove the cause, then run `clay check --fix` again, or correct the lines "
        "reported below by hand",
        Severity.ERROR, "fix.unwritten",
    )


def run(site: Site, paths: Iterable[Path] = (), *, fix: bool = False) -> tuple[Report, list[str]]:
    paths = list(paths)
    if paths:
        files, skipped = select(site, paths)
    else:
        files, skipped = content_files(site), []
    fixed, unfixed = fix_files(site, files) if fix else ([], [])
    everything = content_files(site)
    findings = unfixed + _contracts(site)
    findings += _translations(site, everything)
    links = LinkChecker(site.docs_dir,
                        translation_suffixes=tuple(f".{x}" for x in site.languages[1:]))
    for file in files:
        findings += _file_checks(site, file, links)
    if paths:
        wanted = {display_path(str(f), str(site.root)) for f in files}
        findings = [f for f in findings if f.path in wanted]
    report = Report(_tidy(findings), files, fixed)
    return report, skipped


def _contracts(site: Site) -> list[Finding]:
    meetings, findings = load_meetings(site.docs_dir, site.meetings, root=site.root)
    chapters, plan_findings = load_chapters(site.docs_dir, site.plan, root=site.root)
    findings = findings + plan_findings
    findings += check_meeting_references(meetings, chapters, directory=site.plan.directory)
    return findings


def _file_checks(site: Site, file: Path, links: LinkChecker) -> list[Finding]:
    shown = display_path(str(file), str(site.root))
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Finding(shown, None, None, f"the file cannot be read as UTF-8 text ({exc})",
                        "save it as UTF-8", code="file.encoding")]
    lang = site.language_of(file)
    findings = typography.check(text, shown, romanian=lang == site.default_language)
    findings += links.check(text, file, shown)
    findings += find_todos(text, shown)
    findings += _placeholders(text, shown)
    return findings


def _placeholders(text: str, shown: str) -> list[Finding]:
    findings: list[Finding] = []
    phrases = [p for p in (*PLACEHOLDERS["ro"], *PLACEHOLDERS["en"]) if p in text]
    if not phrases:
        return findings
    for n, line in enumerate(text.split("\n"), start=1):
        for phrase in phrases:
            col = line.find(phrase)
            if col >= 0:
                findings.append(Finding(
                    shown, n, col + 1,
                    "placeholder text written by `clay new` is still here",
                    "replace it with the real text before publishing",
                    Severity.WARNING, "content.placeholder",
                ))
    return findings


def _translations(site: Site, files: list[Path]) -> list[Finding]:
    """Orphaned and missing translations of the other pages (the meeting and chapter contracts
    report their own), and translations older in git than their source (all pages)."""
    findings: list[Finding] = []
    own = (site.docs_dir / "meetings", site.docs_dir / site.plan.directory)
    present = set(files)
    times = _git_times(site.root, site.docs_dir)
    for file in files:
        lang = site.language_of(file)
        if lang == site.default_language:
            if any(_under(file, d) and file.parent == d for d in own):
                continue
            for other in site.languages[1:]:
                translation = file.with_name(f"{file.name[:-3]}.{other}.md")
                if translation not in present:
                    findings.append(Finding(
                        display_path(str(file), str(site.root)), None, None,
                        f"no `{other}` translation of this page yet: the {other} site shows "
                        "the Romanian text",
                        f"add `{display_path(str(translation), str(site.root))}` when it is "
                        "translated",
                        Severity.INFO, "translation.missing",
                    ))
            continue
        source = file.with_name(file.name[: -len(f".{lang}.md")] + ".md")
        shown = display_path(str(file), str(site.root))
        if source not in present:
            if not any(file.parent == d for d in own):
                findings.append(Finding(
                    shown, None, None,
                    f"this translation has no Romanian page `{source.name}` beside it",
                    "add the Romanian page, or give this file the name of its Romanian page "
                    f"plus `.{lang}`",
                    code="translation.orphan",
                ))
            continue
        t_source, t_translation = times.get(source), times.get(file)
        if t_source is not None and t_translation is not None and t_translation < t_source:
            findings.append(Finding(
                shown, None, None,
                "possibly stale: this translation was last committed before its source "
                f"{display_path(str(source), str(site.root))} changed",
                "compare the two and bring the translation up to date (commit it with the "
                "Romanian change)",
                Severity.WARNING, "translation.stale",
            ))
    return findings


def _git_times(root: Path, docs_dir: Path) -> dict[Path, int]:
    """Time of the last commit touching each file under docs/ (one `git log` for all); a file
    changed in the working tree counts as newer than any commit, since the editor is at it."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            ["git", "-c", "core.quotepath=off", "log", "--format=%x00%ct", "--name-only",
             "--no-renames", "--", str(docs_dir)],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
        status = subprocess.run(
            ["git", "status", "--porcelain=v1", "-z", "--untracked-files=all", "--",
             str(docs_dir)],
            cwd=root, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}  # not a git checkout: nothing to compare
    times: dict[Path, int] = {}
    current = 0
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = int(line[1:])
        elif line.strip():
            times.setdefault((Path(top) / line.strip()).resolve(), current)
    entries = iter(status.split("\x00"))
    for entry in entries:
        if len(entry) < 4:
            continue
        times[(Path(top) / entry[3:]).resolve()] = sys.maxsize
        if entry[0] in "RC":
            next(entries, None)  # the old name of a renamed or copied file
    return times


def _tidy(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: the build's cedilla check and this command's typography check
    meet in meeting files; a `TODO` value is reported once, as a TODO."""
    todo_lines = {(f.path, f.line) for f in findings if f.code == "frontmatter.todo"}
    seen: set[tuple[object, ...]] = set()
    unique: list[Finding] = []
    for f in sorted(findings, key=_order):
        if f.code != "frontmatter.todo" and (f.path, f.line) in todo_lines:
            continue
        key = (f.path, f.line, f.column, f.code or f.message)
        if key in seen:
            continue
        seen.add(key)
        unique.append(f)
    return unique


def _order(f: Finding) -> tuple[object, ...]:
    return (f.severity is Severity.INFO, f.path, f.line or 0, f.column or 0, f.message)


# --- output --------------------------------------------------------------------------------

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_line(f: Finding) -> str:
    """A GitHub Actions workflow command: an annotation on the file and line."""
    props = [f"file={_escape_property(f.path)}"]
    if f.line is not None:
        props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
    text = _escape_data(f"{f.message} — {f.fix}")
    return f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{text}"


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        data = {
            "findings": [f.as_dict() for f in report.findings],
            "fixed": [f.as_dict() for f in report.fixed],
            "counts": {s.value: report.count(s) for s in Severity},
            "files": len(report.checked),
            "ok": not report.failed,
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_line(f) for f in report.findings)
    lines = [f"fixed {f}" for f in report.fixed]
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    notes = [f for f in report.findings if f.severity is Severity.INFO]
    lines += [str(f) for f in problems]
    if notes:
        lines.append("For information (does not fail the check):")
        lines += [str(f) for f in notes]
    return "\n".join(lines)


def summary(report: Report) -> str:
    e, w, i = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    head = (f"clay check: {n(len(report.checked), 'file')}, {n(e, 'error')}, "
            f"{n(w, 'warning')}, {n(i, 'note')}")
    if report.fixed:
        head += f"; --fix changed {len(report.fixed)} characters"
    return head + (" — fix the lines above" if report.failed else " — all good")
