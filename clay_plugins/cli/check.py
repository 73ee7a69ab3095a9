"""`clay check`: every content check, without building the site.

Every rule comes from `content.site.load_content`, the function the build plugins call: the
rules of every page (typography, internal links and images, `TODO` values, placeholder text,
page settings, files from outside docs/, translations of ordinary pages and, from git's
history, translations older than their source) and the contracts of meeting reports and
action-plan chapters. So the command and the build never disagree.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from clay_plugins.cli import atomic
from clay_plugins.cli.photos import strip_gps
from clay_plugins.cli.site import Site
from clay_plugins.content import typography
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.pages import MAX_PAGE_BYTES, read_pages
from clay_plugins.content.site import load_content
from clay_plugins.l10n import E_, EN_, CatalogError
from clay_plugins.l10n import render as say


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


def select(site: Site, paths: Iterable[Path]) -> tuple[list[str], list[str]]:
    """The display paths (files, or folders ending in `/`) under docs/ named by `paths`, and
    what was skipped. A link is named, not followed: `clay check docs/x.md` reports on the
    link `x.md` itself."""
    chosen: list[str] = []
    skipped: list[str] = []
    docs = site.docs_dir
    for raw in paths:
        absolute = raw.absolute()
        # resolve the folders above, not the name itself (it may be a link to refuse)
        path = absolute.parent.resolve() / absolute.name if absolute.name else absolute
        if path.is_dir() and not path.is_symlink():
            path = path.resolve()
            if _under(path, docs):
                chosen.append(display_path(str(path), str(site.root)).rstrip("/") + "/")
            elif _under(docs, path):
                chosen.append(display_path(str(docs), str(site.root)).rstrip("/") + "/")
            else:
                skipped.append(E_("{path}: not a folder of the site's docs/", path=raw))
        elif not path.exists() and not path.is_symlink():
            skipped.append(E_("{path}: no such file", path=raw))
        elif not _under(path, docs):
            skipped.append(E_("{path}: not a file under docs/", path=raw))
        else:
            chosen.append(display_path(str(path), str(site.root)))
    return sorted(set(chosen)), skipped


def _under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _wanted(path: str, chosen: list[str]) -> bool:
    return any(path == c or (c.endswith("/") and (path.startswith(c) or c == "./"))
               for c in chosen)


def fix_files(site: Site, files: list[Path]) -> tuple[list[Finding], list[Finding]]:
    """Apply the safe typography fixes to each file; return what was changed and, one finding
    per file, what could not be changed. Each file is replaced atomically or left
    byte-identical (see `atomic`), and a file that fails does not stop the others."""
    changed: list[Finding] = []
    unfixed: list[Finding] = []
    for file in files:
        shown = display_path(str(file), str(site.root))
        try:
            read = atomic.Snapshot.read(file)
            text = read.data.decode("utf-8")  # exact: BOM and line endings kept
        except OSError as exc:
            unfixed.append(_unfixed(shown, E_("it cannot be read ({reason_of})",
                                              reason_of=atomic.reason_of(exc))))
            continue
        except UnicodeDecodeError:
            unfixed.append(_unfixed(shown, E_("it is not UTF-8 text"),
                                    E_("save it as UTF-8 (e.g. from a text editor), then run `clay "
                                       "check --fix` again")))
            continue
        if len(read.data) > MAX_PAGE_BYTES:  # not read by the checks either (page.size)
            unfixed.append(_unfixed(shown, E_(
                "the page has {size:,} bytes, more than the {MAX_PAGE_BYTES:,} a page may have",
                size=len(read.data), MAX_PAGE_BYTES=MAX_PAGE_BYTES),
                E_("split it into several pages, or offer the data as a file to download")))
            continue
        fixed, findings = typography.fix(text, shown,
                                         romanian=site.language_of(file) == site.default_language)
        if fixed == text:
            continue
        try:  # only if no editor saved the file since it was read
            atomic.write_text(file, fixed, unchanged=read)
        except atomic.Changed:
            unfixed.append(changed_meanwhile(shown))
            continue
        except atomic.WriteError as exc:
            unfixed.append(_unfixed(shown, exc.reason))
            continue
        changed += findings
    return changed, unfixed


def changed_meanwhile(shown: str) -> Finding:
    return Finding(shown, None, None, E_("changed while fixing, run again: `--fix` wrote nothing "
                                         "to this file (it was saved after `--fix` had read it)"),
                   E_("run `clay check --fix` again"), Severity.WARNING, "fix.changed")


def _unfixed(shown: str, reason: str, fix: str = "") -> Finding:
    return Finding(
        shown, None, None, E_("`--fix` changed nothing in this file: {reason}", reason=reason),
        fix or E_("remove the cause, then run `clay check --fix` again, or correct the lines "
                  "reported below by hand"),
        Severity.ERROR, "fix.unwritten",
    )


def run(site: Site, paths: Iterable[Path] = (), *, fix: bool = False) -> tuple[Report, list[str]]:
    paths = list(paths)
    chosen, skipped = select(site, paths) if paths else ([], [])
    if paths and not chosen:
        return Report([]), skipped

    def wanted(path: str) -> bool:
        return not paths or _wanted(path, chosen)

    fixed: list[Finding] = []
    unfixed: list[Finding] = []
    if fix:
        # the Markdown pages of docs/ as the page reader finds them: never a link that leads
        # outside docs/, a pipe or a page not named `*.md`
        found, _ = read_pages(site)
        fixed, unfixed = fix_files(site, [
            site.docs_dir / uri for uri in sorted((*found.sources, *found.broken))
            if wanted(display_path(str(site.docs_dir / uri), str(site.root)))])
    content = load_content(site)
    if fix and any(p.gps for p in content.photos.values()):
        photo_fixed, photo_unfixed = strip_gps(content, site.root, wanted)
        fixed, unfixed = fixed + photo_fixed, unfixed + photo_unfixed
        content = load_content(site)
    findings = unfixed + content.findings
    checked = sorted(site.docs_dir / uri for uri in (*content.pages.sources, *content.pages.broken)
                     if wanted(display_path(str(site.docs_dir / uri), str(site.root))))
    findings = [f for f in findings if wanted(f.path)]
    return Report(sorted(findings, key=_order), checked, fixed), skipped


def _order(f: Finding) -> tuple[object, ...]:
    return (f.severity is Severity.INFO, f.path, f.line or 0, f.column or 0, f.message)


# --- output --------------------------------------------------------------------------------

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_line(f: Finding, lang: str | None = None) -> str:
    """A GitHub Actions workflow command: an annotation on the file and line."""
    props = [f"file={_escape_property(f.path)}"]
    if f.line is not None:
        props.append(f"line={f.line}")
        if f.column is not None:
            props.append(f"col={f.column}")
    text = _escape_data(f"{f.what(lang)} — {f.how(lang)}")
    return f"::{GITHUB_LEVEL[f.severity]} {','.join(props)}::{text}"


# The job summary of a pull request (`--format summary`, appended to $GITHUB_STEP_SUMMARY by
# .github/workflows/pr.yml): what an editor reads on the pull request's check, in Romanian and
# English. GitHub renders it as Markdown with HTML: every text is escaped.
SUMMARY_LANGUAGES = ("ro", "en")
SUMMARY_WORDS = {
    "title": E_("Content check"), "ok": E_("No problem: the files follow the contract."),
    "where": E_("Where"), "what": E_("What is wrong"), "how": E_("How to fix it"),
    "notes": E_("For information (they do not fail the check)"),
}


def _cell(text: str) -> str:
    """One table cell: one line, HTML escaped, no column separator."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "&#124;")


def _said(finding: Finding, part: str, lang: str) -> str:
    """The finding's `what` or `how` in `lang`; while the editors' catalog has no entry for it,
    the English text, marked as untranslated (never silently)."""
    try:
        return str(getattr(finding, part)(lang))
    except CatalogError:
        return say(E_("(untranslated) {text}", text=str(getattr(finding, part)(None))), lang)


def summary_markdown(report: Report) -> str:
    """The findings as Markdown tables, one per language: `path:line`, what, how."""
    out = []
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    notes = [f for f in report.findings if f.severity is Severity.INFO]
    for lang in SUMMARY_LANGUAGES:
        words = {name: say(text, lang) for name, text in SUMMARY_WORDS.items()}
        out.append(f"## {words['title']} ({lang})\n")
        if not problems:
            out.append(words["ok"] + "\n")
        count = say(EN_("{n} problem to fix", "{n} problems to fix", n=len(problems)), lang)
        for title, group in ((count, problems),
                             (words["notes"], notes)):
            if not group:
                continue
            out.append(f"**{html.escape(title)}**\n")
            out.append(f"| {words['where']} | {words['what']} | {words['how']} |")
            out.append("| --- | --- | --- |")
            for f in group:
                where = f.path + (f":{f.line}" if f.line is not None else "")
                out.append(f"| <code>{_cell(where)}</code> | {_cell(_said(f, 'what', lang))} | "
                           f"{_cell(_said(f, 'how', lang))} |")
            out.append("")
    return "\n".join(out)


def render(report: Report, fmt: str, lang: str | None = None) -> str:
    """The findings in `fmt`, said in `lang` (an editors' language; None: English)."""
    if fmt == "json":
        data = {
            "findings": [f.as_dict(lang) for f in report.findings],
            "fixed": [f.as_dict(lang) for f in report.fixed],
            "counts": {s.value: report.count(s) for s in Severity},
            "files": len(report.checked),
            "ok": not report.failed,
        }
        return json.dumps(data, ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(github_line(f, lang) for f in report.findings)
    if fmt == "summary":  # in every editors' language, whatever `lang` is
        return summary_markdown(report)
    lines = [say(E_("fixed {finding}", finding=f.text(lang)), lang) for f in report.fixed]
    problems = [f for f in report.findings if f.severity is not Severity.INFO]
    notes = [f for f in report.findings if f.severity is Severity.INFO]
    lines += [f.text(lang) for f in problems]
    if notes:
        lines.append(say(E_("For information (does not fail the check):"), lang))
        lines += [f.text(lang) for f in notes]
    return "\n".join(lines)


def summary(report: Report, lang: str | None = None) -> str:
    e, w, i = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    head = E_("clay check: {files}, {errors}, {warnings}, {notes}",
              files=EN_("{n} file", "{n} files", n=len(report.checked)),
              errors=EN_("{n} error", "{n} errors", n=e),
              warnings=EN_("{n} warning", "{n} warnings", n=w),
              notes=EN_("{n} note", "{n} notes", n=i))
    text = say(head, lang)
    if report.fixed:
        text += say(EN_("; --fix changed {n} character", "; --fix changed {n} characters",
                        n=len(report.fixed)), lang)
    return text + say(E_(" — fix the lines above") if report.failed else E_(" — all good"),
                      lang)
