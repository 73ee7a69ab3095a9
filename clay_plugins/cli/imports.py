"""`clay import`: where the imported report and its images are written, never over a file.

The report's name comes from its date and title (or `--output`/`--slug`); an existing report or
translation of that name is refused, naming it. Images get generated names beside the report
(`<report>-1.jpg`, …), written upright, at most 2400 pixels on their long side and without
metadata (cli/photos.py); the first photo becomes the lead photo (`image`, with Word's
alternative text as `image_alt`, or `TODO`, which `clay check` reports), out of the text.
When such a name is taken (an editor's photo), the next free number is used and the note
says so. Beside the report, a translation for each other language of the site, drafted as
`clay new` drafts one (content/drafts.py: the title to translate, the placeholder texts of its
language, which `clay check` reports until they are replaced); a translation that exists
already is kept, and said. Every file is created only when its name is free, so even two
imports at once overwrite nothing, and the import is all or nothing (`write_plan`, `recover`).
`dry_run` returns the same plan without writing.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from clay_plugins.cli import atomic, photos
from clay_plugins.content import images, leftovers
from clay_plugins.content.drafts import draft, placeholder_texts
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.importer import TODO, Report, build_report
from clay_plugins.content.leftovers import TEMPORARY
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.content.reading import ImportProblem, read_source
from clay_plugins.l10n import E_, Text


@dataclass
class Plan:
    report: Report
    path: Path
    text: str
    images: list[tuple[Path, bytes]] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    translations: list[tuple[Path, str]] = field(default_factory=list)
    remarks: list[Text] = field(default_factory=list)  # what `clay import` says of its files

    def files(self) -> list[tuple[Path, int]]:
        return [(self.path, len(self.text.encode("utf-8"))),
                *((p, len(text.encode("utf-8"))) for p, text in self.translations),
                *((p, len(data)) for p, data in self.images)]


def _translations(path: Path, languages: tuple[str, ...]) -> list[Path]:
    stem = path.name[:-3] if path.name.endswith(".md") else path.stem
    return [path.with_name(f"{stem}.{lang}.md") for lang in languages]


def plan_import(source: Path, *, docs_dir: Path, output: Path | None = None,
                slug: str | None = None, meetings_dir: str = MEETING.folder,
                languages: tuple[str, ...] = ("ro", "en"), editors: str | None = None) -> Plan:
    """What the import of `source` would write in a site of `languages` (the default first);
    ImportProblem when it cannot be imported or when the report's name is taken. The files'
    comments and the notes' texts are in the editors' language `editors` (None: English)."""
    default = languages[0]
    report = build_report(read_source(source), slug=slug, default=default, editors=editors)
    if output is None:
        output = docs_dir / meetings_dir / f"{report.facts.date or TODO}-{report.slug}.md"
    elif output.suffix != ".md":
        raise ImportProblem(E_("--output {output}: a report is a Markdown file — give a name "
                               "ending in .md", output=output))
    if output.exists():
        raise ImportProblem(E_("{output}: the file exists already — give another --output or "
                               "--slug", output=output))
    stem = output.name[:-3]
    text = report.text
    plan = Plan(report, output, text, notes=list(report.notes))
    taken = {output}
    number = 0
    lead: tuple[str, str | None] | None = None
    for token, original in report.images.items():
        photo = True
        try:  # upright, at most IMPORT_LONG_SIDE pixels, without metadata
            data, ext = photos.prepared(original)
        except images.PhotoError:  # a drawing (EMF, GIF…): as Word has it; `clay check` says
            data, ext, photo = original, token.rsplit(".", 1)[1], False
        number += 1
        image = output.parent / f"{stem}-{number}.{ext}"
        wanted = image
        while image.exists() or image in taken:
            number += 1
            image = output.parent / f"{stem}-{number}.{ext}"
        if image != wanted:
            plan.notes.append(Finding(
                str(wanted), None, None, E_("an image of this name exists already: the imported "
                                            "image is written as `{name}` instead",
                                            name=image.name),
                E_("check which photo "
                   "the report should show"), Severity.INFO, "import.image-name"))
        taken.add(image)
        plan.images.append((image, data))
        if lead is None and photo:  # the first photo is the lead, with Word's alt text
            found = re.search(r"!\[([^\]]*)\]\(" + re.escape(token) + r"\)[ \t]*\n?", text)
            if found:
                lead = (image.name, found.group(1))
                text = text[:found.start()] + text[found.end():]
                continue
        text = text.replace(f"]({token})", f"]({image.name})")
    if lead is not None:
        text = photos.with_lead(text, *lead)
    plan.text = text
    report.text = text
    values = dict(report.values)
    if lead is not None:  # the translations then need their own `image_alt`
        values[("image", default)] = lead[0]
    for lang, translation in zip(languages[1:], _translations(output, languages[1:]),
                                 strict=True):
        if not translation.exists():
            plan.translations.append((translation, draft(MEETING, values, None, languages, lang,
                                                         editors=editors)))
            note = placeholder_texts(MEETING, lang, languages)[1]
            if note is not None:
                plan.remarks.append(note)
        else:
            plan.notes.append(Finding(
                str(translation), None, None, E_("a translation of this name exists already: it "
                                                 "now belongs to "
                                                 "the "
                                                 "imported "
                                                 "report"),
                E_("check that it translates this report"),
                Severity.WARNING, "import.translation-exists"))
    return plan


def write_plan(plan: Plan) -> None:
    """Create the report and its images: all of them, or (killed at any moment, or on any
    error) none once `recover` has run.

    Everything is first written into a temporary folder beside the report
    (`.<report>.<random>.clay-tmp/`, which MkDocs never publishes: its name starts with a dot),
    each file fsynced; then each image, and the report last, is hard-linked to its name, which
    fails when the name is taken (two imports at once overwrite nothing). The report is what
    makes the import visible: until it is there, whatever was placed is the temporary folder's
    files, which `recover` (the next `clay import`) removes and `clay check` reports
    (content/leftovers.py)."""
    folder = plan.path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise atomic.WriteError(folder, E_("a file of that name "
                                           "stands where the folder should be")) from None
    except OSError as exc:
        raise atomic.WriteError(folder, atomic.reason_of(exc)) from None
    # the report last: its translations and images without it are what `recover` removes
    files = [*plan.images, *((p, text.encode("utf-8")) for p, text in plan.translations),
             (plan.path, plan.text.encode("utf-8"))]
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{plan.path.stem}.", suffix=TEMPORARY,
                                        dir=folder))
    except OSError as exc:
        raise atomic.WriteError(folder, atomic.reason_of(exc)) from None
    placed: list[Path] = []
    try:
        for path, data in files:
            atomic.write(staging / path.name, data, create=True)
        for path, _ in files:  # the report last
            _place(staging / path.name, path)
            placed.append(path)
        atomic.sync_folder(folder)
    except atomic.WriteError:
        for path in placed:  # the report was not placed: its images would be orphans
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _place(staged: Path, path: Path) -> None:
    """Give the staged file its name, unless the name is taken."""
    try:
        os.link(staged, path)
    except FileExistsError:
        raise atomic.WriteError(path, atomic.reason_of(FileExistsError(errno.EEXIST, ""))) \
            from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK):
            raise atomic.WriteError(path, atomic.reason_of(exc)) from None
        # a file system without hard links: a copy, made atomically, when the name is free
        try:
            atomic.write(path, staged.read_bytes(), create=True)
        except OSError as exc2:
            raise atomic.WriteError(path, atomic.reason_of(exc2)) from None


def recover(folder: Path) -> list[Path]:
    """Finish what an interrupted import left in `folder`: an import whose report was placed
    is complete (its temporary folder is removed); one whose report was not is undone (the
    images it placed are removed with its temporary folder). What was removed is returned."""
    removed: list[Path] = []
    try:
        stagings = sorted(p for p in folder.iterdir()
                          if p.name.endswith(TEMPORARY) and p.is_dir() and not p.is_symlink())
    except OSError:
        return removed
    for staging in stagings:
        for path in leftovers.orphans(staging):
            path.unlink(missing_ok=True)
            removed.append(path)
        shutil.rmtree(staging, ignore_errors=True)
        removed.append(staging)
    return removed

