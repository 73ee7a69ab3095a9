"""A content type is its declaration (content/schema.py's `ContentType`): the engine, `clay new`,
the JSON Schemas under `schemas/`, the importer and the guides' tables all follow it.

- the published schemas accept every report and chapter of the repository and reject the
  documented bad inputs, which the engine refuses with the same finding code;
- a type of the tests' own (tests/notices_type.py, named in mkdocs.yml) gets discovery,
  translations, findings, `clay new`, its schema and its pages without touching clay_plugins/;
- a field added to a copy of the meetings' declaration appears in the record, `clay new` and
  the schema;
- the field tables of both CONTRACT.md files and of both guides list the declared keys.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from clay_plugins.cli import main
from clay_plugins.cli.new import add_options, given_values
from clay_plugins.cli.site import Site, load_site
from clay_plugins.content import frontmatter, schemas
from clay_plugins.content.chapter import TYPE as CHAPTER
from clay_plugins.content.drafts import draft
from clay_plugins.content.fields import one_line
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.content.schema import ContentType, Field, Item, load_items
from clay_plugins.content.site import load_content
from clay_plugins.meetings import views
from tests.hostile import pages
from tests.notices_type import TYPE as NOTICE
from tests.photos import GPS_IFD, jpeg_with_gps
from tests.sitebuild import REPO, build_site, make_site, repo_config


@pytest.fixture(scope="module")
def site() -> Site:
    return load_site(REPO / "mkdocs.yml")


def validator(kind: ContentType, site: Site, *, translation: bool = False,
              ) -> jsonschema.Draft202012Validator:
    kind = next(k for k in site.kinds() if k.name == kind.name)
    schema = schemas.json_schema(kind, kind.settings(site), translation=translation)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


# --------------------------------------------------------------------------------------------
# the schemas and the repository's content


def test_the_schemas_accept_every_report_and_chapter_of_the_repository(site: Site) -> None:
    assert load_content(site).errors() == []  # every file below is valid
    checked = 0
    for kind in site.kinds():
        for file in sorted((site.docs_dir / kind.folder).glob("*.md")):
            if file.name.startswith("index."):
                continue
            fm = frontmatter.parse(file.read_text(encoding="utf-8"), file.name)
            translation = file.name.count(".") > 1
            errors = list(validator(kind, site, translation=translation).iter_errors(fm.data))
            assert errors == [], (file, [e.message for e in errors])
            checked += 1
    assert checked == 12  # 3 reports and 3 chapters, each in two languages


MEETING_BASE: dict[str, Any] = {"title": "T", "summary": "S", "date": "2021-04-08",
                                "format": "online", "platform": "Webex"}
CHAPTER_BASE: dict[str, Any] = {"chapter": 1, "title": "T", "status": "draft",
                                "updated": "2021-04-08"}
ACTION = {"id": 1, "title": "A"}
DROP = object()

# (case, type, changes to the base front matter, the engine's code): the bad inputs that the
# two CONTRACT.md files list
BAD = [
    ("no date", MEETING, {"date": DROP}, "meeting.missing"),
    ("date not YYYY-MM-DD", MEETING, {"date": "2021-4-8"}, "meeting.date"),
    ("date not a day", MEETING, {"date": "2021-02-30"}, "meeting.date"),
    ("no title", MEETING, {"title": DROP}, "meeting.missing"),
    ("summary too long", MEETING, {"summary": "x" * 301}, "meeting.summary"),
    ("unknown format", MEETING, {"format": "zoom"}, "meeting.format"),
    ("unknown series", MEETING, {"series": "nope"}, "meeting.series"),
    ("unknown topic", MEETING, {"topics": ["funding", "nope"]}, "meeting.topics"),
    ("bad time", MEETING, {"time": "25:00"}, "meeting.time"),
    ("time not HH:MM", MEETING, {"time": "10.30"}, "meeting.time"),
    ("number not whole", MEETING, {"number": "first"}, "meeting.number"),
    ("participants below 0", MEETING, {"participants": -1}, "meeting.participants"),
    ("online without platform", MEETING, {"platform": DROP}, "meeting.platform"),
    ("in-person without venue", MEETING, {"platform": DROP, "format": "in-person"},
     "meeting.venue"),
    ("image in a folder", MEETING, {"image": "../x.jpg", "image_alt": "a"}, "meeting.image"),
    ("image not a photo", MEETING, {"image": "x.gif", "image_alt": "a"}, "meeting.image"),
    ("image without image_alt", MEETING, {"image": "x.jpg"}, "meeting.image-alt"),
    ("unknown key", MEETING, {"titel": "T"}, "meeting.unknown-key"),
    ("no status", CHAPTER, {"status": DROP}, "chapter.status-missing"),
    ("unknown status", CHAPTER, {"status": "done"}, "chapter.status"),
    ("updated not a date", CHAPTER, {"updated": "08.04.2021"}, "chapter.updated"),
    ("chapter 0", CHAPTER, {"chapter": 0}, "chapter.number"),
    ("actions not a list", CHAPTER, {"actions": "1"}, "chapter.actions"),
    ("action without id", CHAPTER, {"actions": [{"title": "A"}]}, "chapter.action-id"),
    ("action id with a space", CHAPTER, {"actions": [{"id": "a b", "title": "A"}]},
     "chapter.action-id"),
    ("action without title", CHAPTER, {"actions": [{"id": 1}]}, "chapter.action-title"),
    ("bad timeframe", CHAPTER, {"actions": [{**ACTION, "timeframe": "2021 to 2022"}]},
     "chapter.timeframe"),
    ("unknown action key", CHAPTER, {"actions": [{**ACTION, "cost": "1"}]},
     "chapter.unknown-key"),
]


def _front_matter(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    data = {**base, **changes}
    return {k: v for k, v in data.items() if v is not DROP}


def _findings(kind: ContentType, site: Site, files: dict[str, str]) -> list[Finding]:
    found, read = pages(files, site.languages)
    kind = next(k for k in site.kinds() if k.name == kind.name)
    return read + load_items(kind, found, site.languages, kind.settings(site))[1]


@pytest.mark.parametrize(("kind", "changes", "code"), [row[1:] for row in BAD],
                         ids=[row[0] for row in BAD])
def test_the_schemas_reject_what_the_contract_refuses(site: Site, kind: ContentType,
                                                      changes: dict[str, Any], code: str) -> None:
    base = MEETING_BASE if kind is MEETING else CHAPTER_BASE
    data = _front_matter(base, changes)
    assert list(validator(kind, site).iter_errors(base)) == []
    assert list(validator(kind, site).iter_errors(data)) != []
    name = "meetings/2021-04-08-x.md" if kind is MEETING else "action-plan/01-x.md"
    body = "\n".join(f"## A {{#action-{a['id']}}}" for a in data.get("actions", [])
                     if isinstance(a, dict) and "id" in a)
    text = f"---\n{yaml.safe_dump(data, allow_unicode=True)}---\n\n{body}\n"
    findings = _findings(kind, site, {name: text})
    assert code in {f.code for f in findings if f.path == f"docs/{name}"
                    and f.severity is not Severity.INFO}, [str(f) for f in findings]


def test_the_translation_schema_wants_the_texts_only(site: Site) -> None:
    check = validator(MEETING, site, translation=True)
    assert list(check.iter_errors({"title": "T", "summary": "S"})) == []
    assert list(check.iter_errors({"title": "T", "summary": "S", "date": "2021-04-08"})) == []
    assert [e.validator for e in check.iter_errors({"title": "T"})] == ["required"]
    assert [e.validator for e in check.iter_errors({"title": "T", "summary": "S", "x": 1})] == [
        "additionalProperties"]
    chapter = validator(CHAPTER, site, translation=True)
    assert list(chapter.iter_errors({"title": "T", "actions": [ACTION]})) == []
    assert list(chapter.iter_errors({"title": "T", "actions": [{"id": 1}]})) != []


def test_the_schemas_hold_the_choices_of_mkdocs_yml(site: Site) -> None:
    options = next(p for p in repo_config()["plugins"] if isinstance(p, dict)
                   and "clay-meetings" in p)["clay-meetings"]
    schema = schemas.json_schema(MEETING, MEETING.settings(site))
    assert schema["properties"]["series"]["enum"] == list(options["series"])
    topics = schema["properties"]["topics"]["anyOf"]
    assert topics[0]["items"]["enum"] == list(options["topics"]) == topics[1]["enum"]
    assert schema["properties"]["format"]["enum"] == ["online", "in-person", "hybrid"]


# --------------------------------------------------------------------------------------------
# a type of the tests' own, registered in mkdocs.yml


NOTICE_RO = "---\ntitle: Birou închis\ndate: 2024-05-01\n---\n\nBiroul este închis.\n"
NOTICE_EN = "---\ntitle: Office closed\n---\n\nThe office is closed.\n"


@pytest.fixture
def notices_site(tmp_path: Path) -> Path:
    cfg = repo_config()
    cfg.setdefault("extra", {})["content_types"] = ["tests.notices_type"]
    cfg["not_in_nav"] += "\n/notices/*.md"
    docs = REPO / "docs"  # the site's frame: the navigation's pages
    frame = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in [
        *docs.glob("*.md"), *docs.glob("meetings/index*.md"), *docs.glob("action-plan/index*.md")]}
    return make_site(tmp_path / "site", {
        **frame,
        "notices/2024-05-01-inchis.md": NOTICE_RO,
        "notices/2024-05-01-inchis.en.md": NOTICE_EN,
        "notices/2024-05-02-fara-data.md": "---\ntitle: Fără dată\n---\n\nText.\n",
        "notices/2024-05-03-orfan.en.md": NOTICE_EN,
        "notices/anunt.md": NOTICE_RO,
    }, config=cfg)


def test_a_registered_type_is_discovered_paired_and_checked(notices_site: Path) -> None:
    site = load_site(notices_site)
    assert [k.name for k in site.kinds()] == ["meeting", "chapter", "notice"]
    content = load_content(site)
    (notice,) = content.items["notice"]
    assert isinstance(notice, Item) and notice.kind.name == "notice"
    assert notice.date.isoformat() == "2024-05-01"
    assert (notice.text("title", "ro"), notice.text("title", "en")) == ("Birou închis",
                                                                         "Office closed")
    assert notice.translated == {"ro", "en"}
    assert notice.url_for("en") == "en/notices/2024-05-01-inchis/"
    assert notice.bodies["en"].strip() == "The office is closed."
    assert content.item_for("notices/2024-05-01-inchis.en.md") is notice
    found = {(f.code, f.path, f.line) for f in content.findings}
    assert ("notice.missing", "docs/notices/2024-05-02-fara-data.md", 1) in found
    assert ("notice.orphan-translation", "docs/notices/2024-05-03-orfan.en.md", None) in found
    assert ("notice.filename", "docs/notices/anunt.md", None) in found
    # the type's folder is its own: no `translation.orphan` of the ordinary pages' rule
    assert not [f for f in content.findings if f.code.startswith("translation.")
                and "notices/" in f.path]


def test_a_registered_type_gets_clay_new_and_its_schema(
        notices_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = notices_site.parent
    assert main(["new", "notice", "--config", str(notices_site), "--date", "2024-06-01",
                 "--title", "Program de vară", "--title-en", "Summer hours"]) == 0
    folder = root / "docs" / "notices"
    ro = frontmatter.parse((folder / "2024-06-01-program-de-vara.md").read_text("utf-8"), "ro")
    en = frontmatter.parse((folder / "2024-06-01-program-de-vara.en.md").read_text("utf-8"),
                           "en")
    assert ro.data == {"title": "Program de vară", "date": "2024-06-01"}
    assert en.data == {"title": "Summer hours"}
    assert "Textul anunțului: scrieți-l aici." in ro.body
    # what it writes, `clay check` reads as a notice (and reports the placeholder)
    content = load_content(load_site(notices_site))
    assert [n.stem for n in content.items["notice"]] == ["2024-05-01-inchis",
                                                         "2024-06-01-program-de-vara"]
    assert ("content.placeholder", "docs/notices/2024-06-01-program-de-vara.md") in {
        (f.code, f.path) for f in content.findings}
    # a bad value is refused by the declared field's own parser, nothing is written
    assert main(["new", "notice", "--lang", "en", "--config", str(notices_site),
                 "--date", "2024-13-01", "--title", "X"]) == 1
    assert "--date '2024-13-01': `2024-13-01` is not a day" in capsys.readouterr().err
    assert not list(folder.glob("2024-13-*"))
    site = load_site(notices_site)
    schema = schemas.json_schema(NOTICE, site)
    assert schema["required"] == ["title", "date"]
    assert set(schema["properties"]) >= {"title", "date", "hide", "search"}


def test_a_registered_type_builds_and_publishes_its_schema(notices_site: Path) -> None:
    for name in ("notices/2024-05-02-fara-data.md", "notices/2024-05-03-orfan.en.md",
                 "notices/anunt.md"):
        (notices_site.parent / "docs" / name).unlink()
    result = build_site(notices_site)
    assert "Birou închis" in result.read("notices/2024-05-01-inchis/index.html")
    assert "Office closed" in result.read("en/notices/2024-05-01-inchis/index.html")
    for name, folder in (("notice", "notices"), ("meeting", "meetings"),
                         ("chapter", "action-plan")):
        for suffix in ("", ".translation"):
            published = json.loads(result.read(f"schemas/{name}{suffix}.json"))
            assert published["$schema"] == schemas.DIALECT
            assert f"(docs/{folder}/" in published["title"]
    assert not (result.site / "en" / "schemas").exists()
    notice = jsonschema.Draft202012Validator(json.loads(result.read("schemas/notice.json")))
    assert notice.is_valid({"title": "T", "date": "2024-05-01"})
    assert not notice.is_valid({"title": "T"})


def test_a_registered_types_photo_and_references_are_the_cores(notices_site: Path) -> None:
    # a field of the photo value type and a field referring to another type, declared in the
    # tests' own module: the core reads, checks and fixes the photo, and relates the items
    docs = notices_site.parent / "docs"
    (docs / "notices" / "afis.jpg").write_bytes(jpeg_with_gps((800, 600)))
    (docs / "notices" / "2024-05-01-inchis.md").write_text(
        NOTICE_RO.replace("date: 2024-05-01\n", "date: 2024-05-01\nimage: afis.jpg\n"
                          "chapters: [1]\n"), encoding="utf-8")
    (docs / "notices" / "2024-05-04-lipsa.md").write_text(
        "---\ntitle: Fără poză\ndate: 2024-05-04\nimage: lipsa.jpg\n---\n\nText.\n",
        encoding="utf-8")
    for chapter in (REPO / "docs" / "action-plan").glob("01-*.md"):
        (docs / "action-plan" / chapter.name).write_bytes(chapter.read_bytes())
    content = load_content(load_site(notices_site))
    notice = content.item_for("notices/2024-05-01-inchis.md")
    assert notice is not None and notice.image == "notices/afis.jpg"
    photo = content.photos["notices/afis.jpg"]
    assert photo.picture and not photo.file  # published as the items' photos are
    found = {(f.code, f.path, f.line) for f in content.findings}
    assert ("photo.missing", "docs/notices/2024-05-04-lipsa.md", 4) in found
    assert ("photo.gps", "docs/notices/2024-05-01-inchis.md", 4) in found
    assert not [f for f in content.findings if f.code == "file.unused"]
    chapter = content.named("chapter")[1]
    assert content.referring(chapter, "notice") == [notice]
    assert content.referring(chapter, "meeting") == []
    # `clay check --fix` on the notice removes the metadata of the photo it names
    main(["check", "--fix", "--config", str(notices_site),
          str(docs / "notices" / "2024-05-01-inchis.md")])
    from PIL import Image

    with Image.open(docs / "notices" / "afis.jpg") as fixed:
        assert not fixed.getexif().get_ifd(GPS_IFD)


# --------------------------------------------------------------------------------------------
# a field is its declaration


def test_a_field_added_to_the_declaration_reaches_the_record_clay_new_and_the_schema(
        site: Site) -> None:
    moderator = Field("moderator", one_line, help="who led the meeting",
                      description="who led the meeting")
    kind = replace(MEETING, fields=(*MEETING.fields, moderator))
    settings = MEETING.settings(site)
    # the record
    text = ("---\ntitle: T\nsummary: S\ndate: 2021-04-08\nformat: online\nplatform: Webex\n"
            "moderator: Ana Popescu\n---\n\nText.\n")
    found, _ = pages({"meetings/2021-04-08-x.md": text})
    (meeting,), findings = load_items(kind, found, ["ro", "en"], settings)
    assert meeting.moderator == "Ana Popescu"
    assert meeting.facts()["moderator"] == "Ana Popescu"
    # what the report header's template reads: `{{ m.moderator }}`
    site_view = views.Site([meeting], settings, render_entry=lambda entry, words: "",
                           thumb_of=lambda meeting, lang: None)
    header = site_view.header_context(meeting, "en", "meetings/x/", "", None)
    assert header["m"].moderator == "Ana Popescu"
    assert [f.code for f in findings if f.severity is not Severity.INFO] == []
    # the original declaration does not know it
    _, findings = load_items(MEETING, found, ["ro", "en"], settings)
    assert [(f.code, f.line) for f in findings if f.severity is Severity.WARNING] == [
        ("meeting.unknown-key", 7)]
    # `clay new`: its option and its line
    parser = argparse.ArgumentParser()
    add_options(parser, kind, ["ro", "en"])
    args = parser.parse_args(["--date", "2021-04-08", "--title", "T", "--format", "online",
                              "--moderator", "Ana Popescu"])
    given = given_values(args, kind, ["ro", "en"])
    assert given[("moderator", "ro")] == "Ana Popescu"
    assert "moderator: Ana Popescu" in draft(kind, given, settings, ["ro", "en"], "ro")
    assert "# moderator: …  # who led the meeting" in draft(
        kind, {k: v for k, v in given.items() if k[0] != "moderator"}, settings, ["ro", "en"],
        "ro")
    # the schema
    schema = schemas.json_schema(kind, settings)
    assert schema["properties"]["moderator"]["description"] == "who led the meeting"
    assert jsonschema.Draft202012Validator(schema).is_valid({**MEETING_BASE, "moderator": "A"})
    assert not jsonschema.Draft202012Validator(
        schemas.json_schema(MEETING, settings)).is_valid({**MEETING_BASE, "moderator": "A"})


# --------------------------------------------------------------------------------------------
# the core names no content type's folder


CORE = ["content/site.py", "content/pages.py", "content/photos.py", "content/schema.py",
        "content/drafts.py", "content/schemas.py", "content/registry.py", "cli/__init__.py",
        "cli/new.py", "cli/check.py", "cli/site.py", "schemas/plugin.py"]
_FOLDER = re.compile(r"\b(meetings|action-plan|notices)/|^(action-plan|notices)$")


@pytest.mark.parametrize("module", CORE)
def test_the_core_writes_no_content_types_folder(module: str) -> None:
    """The folders and file names come from the declarations: no string of the core's code
    (docstrings aside) names one."""
    tree = ast.parse((REPO / "clay_plugins" / module).read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr)}
    named = [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
             and isinstance(node.value, str) and id(node) not in docstrings
             and _FOLDER.search(node.value)]
    assert named == [], module


# --------------------------------------------------------------------------------------------
# the guides' tables


_ROW = re.compile(r"^\| ((?:`[\w-]+`(?:, )?)+) \| ([^|]+) \|")
_HEADER = re.compile(r"^\| (key|cheie) \| (required|obligatorie) \| (value|valoare) \|$")


def _tables(path: Path) -> list[list[tuple[str, str]]]:
    """Each `key | required | value` table of `path`: (key, required) per key of each row."""
    tables: list[list[tuple[str, str]]] = []
    rows: list[tuple[str, str]] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if _HEADER.match(line):
            rows = []
            tables.append(rows)
        elif rows is not None and (m := _ROW.match(line)):
            rows += [(key, m.group(2).strip()) for key in re.findall(r"`([\w-]+)`", m.group(1))]
        elif rows is not None and not line.startswith("| ---"):
            rows = None
    return tables


def _declared(fields: tuple[Field, ...], extra: tuple[str, ...] = ()) -> list[tuple[str, bool]]:
    return [(f.name, f.required) for f in fields] + [(name, False) for name in extra]


DECLARED = {
    "meeting": _declared(MEETING.fields),
    "chapter": _declared(CHAPTER.fields, tuple(r.name for r in CHAPTER.records)),
    "actions": _declared((CHAPTER.records[0].key, *CHAPTER.records[0].fields)),
}


def _table_problems(path: str, shown: set[str],
                    declared: dict[str, list[tuple[str, bool]]]) -> list[str]:
    """What in `path`'s tables of keys differs from the declarations it explains (`shown`)."""
    problems, found = [], set()
    for table in _tables(REPO / path):
        keys = [key for key, _ in table]
        name = next((n for n, d in declared.items() if [k for k, _ in d] == keys), None)
        if name is None:
            problems.append(f"{path}: a table lists {keys}, which no declaration has")
        elif [(k, r.startswith(("yes", "da"))) for k, r in table] != declared[name]:
            problems.append(f"{path}: the table of {name} says other keys are required")
        found.add(name)
    problems += [f"{path}: no table of {name}" for name in sorted(shown - found)]
    return problems


@pytest.mark.parametrize(("path", "shown"), [
    ("clay_plugins/meetings/CONTRACT.md", {"meeting"}),
    ("clay_plugins/action_plan/CONTRACT.md", {"chapter", "actions"}),
    ("CONTRIBUTING.md", {"meeting", "chapter", "actions"}),
    ("CONTRIBUTING.en.md", {"meeting", "chapter", "actions"}),
])
def test_the_field_tables_are_the_declarations(path: str, shown: set[str]) -> None:
    """Every table of keys lists the declared keys, in their order, required exactly when the
    declaration says so ("yes"/"da" first; a conditional requirement starts otherwise), and
    each document has the tables of the declarations it explains."""
    assert _table_problems(path, shown, DECLARED) == []


def test_a_field_added_to_a_declaration_fails_until_its_row_is_written() -> None:
    grown = {**DECLARED, "meeting": [*DECLARED["meeting"], ("venue_url", False)]}
    for path in ("clay_plugins/meetings/CONTRACT.md", "CONTRIBUTING.md", "CONTRIBUTING.en.md"):
        problems = _table_problems(path, {"meeting"}, grown)
        assert problems[-1] == f"{path}: no table of meeting", problems
        assert any(p.endswith("which no declaration has") for p in problems), problems
