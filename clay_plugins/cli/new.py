"""`clay new meeting` / `clay new chapter`: start a report or a chapter and its translation.

The files are written with the facts given, every other key present as a comment, and
placeholder text that builds as it is (so the pair can be previewed at once) and that
`clay check` reports until it is replaced. Before anything is written, the pair is validated
by the contract itself, in a scratch folder.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from clay_plugins import regular
from clay_plugins.cli import atomic
from clay_plugins.cli.check import PLACEHOLDERS
from clay_plugins.cli.photos import MAX_INPUT_BYTES, prepared
from clay_plugins.cli.site import Site
from clay_plugins.content import typography
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.images import PhotoError
from clay_plugins.content.importer import slugify, yaml_text
from clay_plugins.content.site import load_content


class NewError(Exception):
    """The files cannot be created: the message says why and what to do."""


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"(\d{2}):(\d{2})(?:-(\d{2}):(\d{2}))?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def check_slug(slug: str) -> str:
    if not _SLUG.fullmatch(slug) or len(slug) > 80:
        raise NewError(f"--slug {slug!r}: write lower-case letters, digits and hyphens (at most "
                       "80), e.g. intalnirea-de-la-horezu")
    return slug


def check_text(option: str, value: str | None, *, limit: int = 300) -> None:
    if value is None:
        return
    if not value.strip():
        raise NewError(f"{option}: empty — write the text in quotes, e.g. {option} \"…\"")
    if _CONTROL.search(value):
        raise NewError(f"{option}: it holds a line break or a control character — write it on "
                       "one line")
    if len(value) > limit:
        raise NewError(f"{option}: {len(value)} characters — at most {limit}")


def check_day(option: str, value: str) -> None:
    try:
        if not _DAY.fullmatch(value):
            raise ValueError
        dt.date.fromisoformat(value)
    except ValueError:
        raise NewError(f"{option} {value!r}: not a day of the calendar — write it as YYYY-MM-DD, "
                       "e.g. 2021-04-08") from None


def check_time(value: str | None) -> None:
    if value is None:
        return
    m = _TIME.fullmatch(value)
    times = [(int(h), int(mi)) for h, mi in ((m.group(1), m.group(2)), (m.group(3), m.group(4)))
             if h is not None] if m else []
    if not times or any(h > 23 or mi > 59 for h, mi in times) or (
            len(times) == 2 and times[1] <= times[0]):
        raise NewError(f"--time {value!r}: write HH:MM or HH:MM-HH:MM (Bucharest time, the end "
                       "after the start), e.g. 10:00-12:00")


def check_ids(option: str, values: list[str] | None) -> None:
    for value in values or []:
        if not _ID.fullmatch(value):
            raise NewError(f"{option} {value!r}: write the ids declared in mkdocs.yml, lower-case "
                           "letters, digits and hyphens, separated by commas")


def check_number(option: str, value: int | None, *, lowest: int, highest: int = 999) -> None:
    if value is not None and not lowest <= value <= highest:
        raise NewError(f"{option} {value}: write a whole number from {lowest} to {highest}")


@dataclass
class MeetingFacts:
    date: str
    title: str
    format: str
    platform: str | None = None
    venue: str | None = None
    venue_en: str | None = None
    time: str | None = None
    series: str | None = None
    number: int | None = None
    organiser: str | None = None
    participants: int | None = None
    topics: list[str] | None = None
    action_plan: list[int] | None = None
    summary: str | None = None
    title_en: str | None = None
    summary_en: str | None = None
    slug: str | None = None
    image: Path | None = None  # a photo to copy beside the report as its lead photo
    image_alt: str | None = None
    image_alt_en: str | None = None
    image_credit: str | None = None


def _list(values: list[str] | list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def _fact(key: str, value: Any, example: str, written: Callable[[Any], str] = str) -> str:
    """The front-matter line of a fact given on the command line, or, when it is not given,
    the key commented out with an example for the editor."""
    if value is None or value == "" or value == []:
        return f"# {key}: {example}"
    return f"{key}: {written(value)}"


def meeting_texts(facts: MeetingFacts, site: Site) -> tuple[str, str]:
    """The Romanian report and its English translation."""
    ro_ph, en_ph = PLACEHOLDERS["ro"], PLACEHOLDERS["en"]
    series = ", ".join(site.meetings.series) or "none declared"
    topics = ", ".join(site.meetings.topics) or "none declared"
    ro = ["---", f"title: {yaml_text(facts.title)}",
          f"summary: {yaml_text(facts.summary or ro_ph[0])}", f"date: {facts.date}"]
    ro += [
        _fact("time", facts.time, "10:00  # or 10:00-12:00, Bucharest time", yaml_text),
        _fact("series", facts.series,
              f"{site.meetings.default_series or '…'}  # declared: {series}"),
        _fact("number", facts.number, "1  # when absent: the previous report's number plus one"),
        f"format: {facts.format}",
        _fact("platform", facts.platform, "Cisco Webex  # for online and hybrid meetings",
              yaml_text),
        _fact("venue", facts.venue, "place, town  # for in-person and hybrid meetings",
              yaml_text),
        _fact("organiser", facts.organiser, f"{site.meetings.organiser or '…'}  # the default",
              yaml_text),
        _fact("participants", facts.participants, "0  # a whole number"),
        _fact("topics", facts.topics, f"[]  # declared: {topics}", _list),
        _fact("action_plan", facts.action_plan,
              "[1]  # numbers of the action-plan chapters discussed", _list),
    ]
    if facts.image is not None:  # the copy's name (new_meeting); TODO: `clay check` says it
        ro += [f"image: {facts.image.name}",
               f"image_alt: {yaml_text(facts.image_alt) if facts.image_alt else 'TODO'}",
               _fact("image_credit", facts.image_credit, "the photo's author", yaml_text)]
    ro += ["---", "", ro_ph[1], ""]
    en = ["---", f"title: {yaml_text(facts.title_en or facts.title)}",
          f"summary: {yaml_text(facts.summary_en or en_ph[0])}"]
    en.append(_fact("venue", facts.venue_en, "the place's name in English, if it has one",
                    yaml_text))
    if facts.image is not None:
        en.append(f"image_alt: {yaml_text(facts.image_alt_en) if facts.image_alt_en else 'TODO'}")
    en += ["# every other fact comes from the Romanian report", "---", "", en_ph[1], ""]
    ro_text = typography.fix("\n".join(ro), romanian=True)[0]
    en_text = typography.fix("\n".join(en), romanian=False)[0]
    return ro_text, en_text


@dataclass
class ChapterFacts:
    number: int
    title: str
    status: str = "draft"
    updated: str | None = None
    summary: str | None = None
    title_en: str | None = None
    summary_en: str | None = None
    slug: str | None = None


def chapter_texts(facts: ChapterFacts) -> tuple[str, str]:
    ro_ph, en_ph = PLACEHOLDERS["ro"], PLACEHOLDERS["en"]
    updated = facts.updated or dt.date.today().isoformat()
    actions = [
        "# actions:",
        "#   - id: 1",
        "#     title: …",
        "#     timeframe: 2021-06 to 2023-05",
        "#     players: [ADR Sud-Vest Oltenia]",
        "#     costs: …",
        "#     funding: …",
    ]
    ro = ["---", f"chapter: {facts.number}", f"title: {yaml_text(facts.title)}",
          f"status: {facts.status}", f"updated: {updated}",
          f"summary: {yaml_text(facts.summary or ro_ph[2])}", *actions,
          "---", "", ro_ph[3], ""]
    en = ["---", f"title: {yaml_text(facts.title_en or facts.title)}",
          f"summary: {yaml_text(facts.summary_en or en_ph[2])}",
          "# every other fact comes from the Romanian chapter", "---", "", en_ph[3], ""]
    return (typography.fix("\n".join(ro), romanian=True)[0],
            typography.fix("\n".join(en), romanian=False)[0])


def _validate(site: Site, folder: str, names: tuple[str, str], texts: tuple[str, str],
              kind: str, photo: tuple[str, bytes] | None = None) -> list[Finding]:
    """Load the site's reports and chapters plus the new pair, in a scratch copy, as the build
    does (`load_content`), and return what it says about the new pair (a number already used,
    a chapter that does not exist, ...): nothing is written when the pair would break the
    build. The placeholder text the pair is written with is left to `clay check`."""
    with tempfile.TemporaryDirectory(prefix="clay-new-") as tmp:
        root = Path(tmp)
        docs = root / site.docs_dir.relative_to(site.root)
        for sub in ("meetings", site.plan.directory):
            source = site.docs_dir / sub
            (docs / sub).mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                for file in source.glob("*.md"):
                    shutil.copyfile(file, docs / sub / file.name)
        target = docs / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text in zip(names, texts, strict=True):
            (target / name).write_text(text, encoding="utf-8")
        if photo is not None:
            (target / photo[0]).write_bytes(photo[1])
        content = load_content(replace(site, root=root, docs_dir=docs))
        new = {display_path(str(target / name), str(root)) for name in names}
    return [f for f in content.findings if f.severity is not Severity.INFO and f.path in new
            and f.code not in ("content.placeholder", "frontmatter.todo")]


def _write(site: Site, folder: Path, names: tuple[str, str], texts: tuple[str, str],
           kind: str, photo: tuple[str, bytes] | None = None) -> list[Path]:
    paths = [folder / name for name in names] + ([folder / photo[0]] if photo else [])
    docs = site.docs_dir.resolve()
    if any(docs not in p.resolve().parents for p in paths):  # never outside the content
        raise NewError(f"{names[0]}: not a file name inside {site.docs_dir.name}/ — choose "
                       "another --slug")
    for path in paths:
        if path.exists():
            raise NewError(
                f"{display_path(str(path), str(site.root))}: the file exists already — "
                "choose another --slug, or edit that file"
            )
    rel = folder.relative_to(site.docs_dir).as_posix()
    try:
        problems = _validate(site, rel, names, texts, kind, photo)
    except OSError as exc:
        raise NewError(f"{display_path(str(folder), str(site.root))}: the reports cannot be "
                       f"read to check the new pair ({atomic.reason_of(exc)})") from None
    if problems:
        raise NewError("\n".join(str(f) for f in problems))
    written: list[Path] = []
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise atomic.WriteError(folder, atomic.reason_of(exc)) from None
        for path, text in zip(paths, texts, strict=False):
            atomic.write_text(path, text, create=True)
            written.append(path)
        if photo is not None:
            atomic.write(paths[-1], photo[1], create=True)
            written.append(paths[-1])
    except atomic.WriteError as exc:
        for path in written:  # half a pair is worse than none
            path.unlink(missing_ok=True)
        raise NewError(f"{display_path(str(exc.path), str(site.root))}: not written, "
                       f"{exc.reason} — nothing was created") from None
    return paths


def new_meeting(site: Site, facts: MeetingFacts) -> list[Path]:
    check_day("--date", facts.date)
    check_text("--title", facts.title)
    for option, value in (("--summary", facts.summary), ("--summary-en", facts.summary_en)):
        check_text(option, value, limit=1000)
    for option, value in (("--title-en", facts.title_en), ("--platform", facts.platform),
                          ("--venue", facts.venue), ("--venue-en", facts.venue_en),
                          ("--organiser", facts.organiser)):
        check_text(option, value)
    check_time(facts.time)
    check_ids("--series", [facts.series] if facts.series is not None else None)
    check_ids("--topics", facts.topics)
    check_number("--number", facts.number, lowest=1)
    check_number("--participants", facts.participants, lowest=0, highest=100000)
    check_number("--action-plan", min(facts.action_plan or [1]), lowest=1, highest=99)
    slug = check_slug(facts.slug) if facts.slug is not None else slugify(facts.title)
    stem = f"{facts.date}-{slug}"
    other = site.languages[1] if len(site.languages) > 1 else "en"
    names = (f"{stem}.md", f"{stem}.{other}.md")
    photo = None
    if facts.image is not None:  # upright, resized, without metadata (cli/photos.py)
        try:
            # a regular file only, its size checked before reading (never a FIFO, /dev/zero)
            data, ext = prepared(regular.read(facts.image, MAX_INPUT_BYTES))
        except regular.Refused as exc:
            raise NewError(f"--image {facts.image}: {exc.reason}") from None
        except PhotoError as exc:
            raise NewError(f"--image {facts.image}: {exc.message} — {exc.fix}") from None
        photo = (f"{stem}.{ext}", data)
        facts = replace(facts, image=Path(photo[0]))
    return _write(site, site.docs_dir / "meetings", names, meeting_texts(facts, site),
                  "meeting", photo)


def new_chapter(site: Site, facts: ChapterFacts) -> list[Path]:
    check_number("--number", facts.number, lowest=1, highest=99)
    if facts.updated is not None:
        check_day("--updated", facts.updated)
    check_text("--title", facts.title)
    check_text("--title-en", facts.title_en)
    for option, value in (("--summary", facts.summary), ("--summary-en", facts.summary_en)):
        check_text(option, value, limit=1000)
    slug = check_slug(facts.slug) if facts.slug is not None else slugify(facts.title)
    stem = f"{facts.number:02d}-{slug}"
    other = site.languages[1] if len(site.languages) > 1 else "en"
    names = (f"{stem}.md", f"{stem}.{other}.md")
    folder = site.docs_dir / site.plan.directory
    existing = sorted(folder.glob(f"{facts.number:02d}-*.md")) if folder.is_dir() else []
    if existing:
        raise NewError(f"{display_path(str(existing[0]), str(site.root))}: chapter "
                       f"{facts.number} exists already — choose another --number")
    return _write(site, folder, names, chapter_texts(facts), "chapter")
