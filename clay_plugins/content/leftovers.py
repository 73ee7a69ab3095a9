"""What an interrupted `clay` command left in docs/: the build and `clay check` report it.

Every file `clay` writes is first a temporary file whose name ends in `TEMPORARY` (cli/atomic.py:
`.<name>.<random>.clay-tmp`), and `clay import` writes a whole report into a temporary folder
(`.<report>.<random>.clay-tmp/`) before moving it into place (cli/imports.py). A command killed
at the wrong moment (kill -9, a power cut) leaves them there. MkDocs publishes no file whose
name starts with a dot, but they would be committed, and an import killed while it placed its
files may also have left some of its images beside the reports: those are named too (they are
the same files as the ones in the temporary folder).

Finding code given here:

- `file.temporary` (warning): a temporary file or folder of an interrupted `clay` command, or
  an image an interrupted `clay import` left; delete it (or run the import again, which removes
  what the interrupted one left).
"""

from __future__ import annotations

import os
from pathlib import Path

from clay_plugins.content.findings import Finding, Severity, display_path

TEMPORARY = ".clay-tmp"


def staged_files(staging: Path) -> list[Path]:
    """The files an interrupted import placed beside its temporary folder `staging` (the same
    inode under the same name in the folder above)."""
    placed = []
    try:
        names = sorted(os.listdir(staging))
    except OSError:
        return []
    for name in names:
        inside, outside = staging / name, staging.parent / name
        try:
            if outside.is_file() and not outside.is_symlink() and os.path.samefile(inside,
                                                                                    outside):
                placed.append(outside)
        except OSError:
            continue
    return placed


def report_of(staging: Path) -> Path:
    """The report an import's temporary folder `.<report stem>.<random>.clay-tmp` was for."""
    stem = staging.name.removeprefix(".").removesuffix(TEMPORARY).rsplit(".", 1)[0]
    return staging.parent / f"{stem}.md"


def orphans(staging: Path) -> list[Path]:
    """What an interrupted import placed without its report: nothing once the report is there
    (the import was complete, only its temporary folder is left)."""
    if report_of(staging).exists():
        return []
    return staged_files(staging)


def find(docs_dir: Path, root: Path) -> list[Finding]:
    """A finding for each leftover under `docs_dir` (links are not followed)."""
    findings = []
    for folder, dirs, files in os.walk(docs_dir):
        for name in sorted(files + dirs):
            if not name.endswith(TEMPORARY):
                continue
            path = Path(folder, name)
            shown = display_path(str(path), str(root))
            if name in dirs:
                findings.append(Finding(
                    shown, None, None, "an interrupted `clay import` left this temporary folder",
                    "run the same `clay import` again (it removes what is left), or delete the "
                    "folder and the files reported beside it", Severity.WARNING,
                    "file.temporary"))
                findings += [Finding(
                    display_path(str(placed), str(root)), None, None,
                    f"an interrupted `clay import` left this file (a copy of `{shown}/"
                    f"{placed.name}`), without its report",
                    "run the same `clay import` again, or delete it with the temporary folder",
                    Severity.WARNING, "file.temporary") for placed in orphans(path)]
            else:
                findings.append(Finding(
                    shown, None, None, "a temporary file of an interrupted `clay` command",
                    "delete it (the file it was written for is complete, old or new)",
                    Severity.WARNING, "file.temporary"))
        dirs[:] = [d for d in dirs if not d.endswith(TEMPORARY)]
    return findings
