"""The rules that need git's history: translations older than their source.

Run by `site.load_content`, so by the build and by `clay check` alike. Outside a git checkout
(a site copied elsewhere, a downloaded archive) they find nothing; in a shallow clone every
file has the same last commit, so nothing is older: CI checks out the whole history
(`fetch-depth: 0` in .github/workflows/).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.source import Pages
from clay_plugins.l10n import E_

if TYPE_CHECKING:
    from clay_plugins.content.site import SiteSettings


def stale_translations(site: SiteSettings, pages: Pages) -> list[Finding]:
    """Translations last committed before their source (the default language's page), every
    page. Commits only: a source being edited does not make its translation stale yet (the
    preview of `mkdocs serve`, strict, would stop at every edit), and a translation being
    edited counts as brought up to date, since the editor is at it."""
    times, changed = _git_times(site.root, site.docs_dir)
    if not times:
        return []
    findings: list[Finding] = []
    for source in pages.sources.values():
        if source.lang == site.default_language:
            continue
        original = source.src_uri[: -len(f".{source.lang}.md")] + ".md"
        if original not in pages.sources and original not in pages.broken:
            continue
        file, of = site.docs_dir / source.src_uri, site.docs_dir / original
        t_source, t_translation = times.get(of.resolve()), times.get(file.resolve())
        if (t_source is not None and t_translation is not None and t_translation < t_source
                and file.resolve() not in changed):
            findings.append(Finding(
                source.path, None, None,
                E_("possibly stale: this translation was last committed before its source {path} "
                   "changed", path=display_path(str(of), str(site.root))),
                E_("compare the two and bring the translation up to date (commit it with the "
                   "Romanian change)"),
                Severity.WARNING, "translation.stale",
            ))
    return findings


def _git_times(root: Path, docs_dir: Path) -> tuple[dict[Path, int], set[Path]]:
    """Time of the last commit touching each file under docs/ (one `git log` for all), and the
    files changed in the working tree (`git status`)."""
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
        return {}, set()  # not a git checkout: nothing to compare
    times: dict[Path, int] = {}
    current = 0
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = int(line[1:])
        elif line.strip():
            times.setdefault((Path(top) / line.strip()).resolve(), current)
    changed: set[Path] = set()
    entries = iter(status.split("\x00"))
    for entry in entries:
        if len(entry) < 4:
            continue
        changed.add((Path(top) / entry[3:]).resolve())
        if entry[0] in "RC":
            next(entries, None)  # the old name of a renamed or copied file
    return times, changed
