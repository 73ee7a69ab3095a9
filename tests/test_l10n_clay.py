"""`clay` speaks the editors' languages and writes every configured language's file: its help
(ro, en), the drafts' comments, the placeholder texts of each language from its readers'
catalog (and a fallback that is said), and `clay import`'s translations.

The expected words are taken from the catalogs, never written here: a test fails when a text
is not translated, not when a translator rewords it.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from clay_plugins import l10n
from clay_plugins.cli import atomic, main
from clay_plugins.cli import imports as imports_cmd
from clay_plugins.cli.imports import plan_import, recover, write_plan
from clay_plugins.content import frontmatter
from clay_plugins.content.chapter import TYPE as CHAPTER
from clay_plugins.content.drafts import draft, placeholder_texts
from clay_plugins.content.leftovers import TEMPORARY
from clay_plugins.content.meeting import FIELDS
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.content.schema import language_name
from tests.notices_type import TYPE as NOTICE
from tests.sitebuild import make_site, plugin_entry, repo_config

SEED = Path(__file__).parent / "fixtures" / "seed-2021-04-08-press-release.txt"
STEM = "2021-04-08-cea-de-a-sasea-intalnire-de-lucru-organi"  # cut at importer.NAME_MAX


def placeholder(lang: str, english: str) -> str:
    """A placeholder text of the types' declarations, in `lang`'s readers' catalog."""
    return l10n.catalog(lang).gettext(l10n.C_("placeholder", english))


def editors(lang: str | None, msgid: str, **args: object) -> str:
    return l10n.render(l10n.E_(msgid, **args), lang)


def trilingual_site(root: Path, *, types: list[str] | None = None) -> Path:
    """The repository's configuration in ro, en and it, without content."""
    config = repo_config()
    i18n = plugin_entry(config, "i18n")
    assert i18n is not None
    i18n["languages"].append({"locale": "it", "name": "Italiano", "build": True})
    if types:
        config.setdefault("extra", {})["content_types"] = types
    return make_site(root, {}, config=config)


# --------------------------------------------------------------------------------------------
# clay import: a translation for every configured language


def test_import_writes_a_translation_for_every_configured_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = trilingual_site(tmp_path / "site")
    monkeypatch.chdir(cfg.parent)
    assert main(["import", "--config", str(cfg), str(SEED)]) == 0
    names = [f"docs/meetings/{STEM}{suffix}" for suffix in (".md", ".en.md", ".it.md")]
    assert capsys.readouterr().out.splitlines() == names
    original = frontmatter.parse((cfg.parent / names[0]).read_text(encoding="utf-8"), names[0])
    for lang, name in (("en", names[1]), ("it", names[2])):
        text = (cfg.parent / name).read_text(encoding="utf-8")
        fm = frontmatter.parse(text, name)
        # the title to translate, the summary and the text: this language's placeholders
        assert fm.data == {"title": original.data["title"],
                           "summary": placeholder(lang, "The meeting in one or two sentences.")}
        assert fm.body.strip() == placeholder(lang, "The report's text: write here what was "
                                              "discussed, who took part and what comes next.")
        # its comments in the editors' language (the site's default here, Romanian)
        assert editors("ro", "every other fact comes from the {language} {noun}",
                       language=language_name("ro"), noun=MEETING.noun) in text
    # the Italian placeholder is Italian, not another language's
    assert placeholder("it", "The meeting in one or two sentences.") not in {
        placeholder(lang, "The meeting in one or two sentences.") for lang in ("ro", "en")}
    # `clay check` reports the translations' placeholders until they are replaced
    assert main(["check", "--config", str(cfg), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert {(f["path"], f["code"]) for f in found if f["severity"] != "info"} == {
        (names[1], "content.placeholder"), (names[2], "content.placeholder")}


def test_import_keeps_an_existing_translation_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = trilingual_site(tmp_path / "site")
    monkeypatch.chdir(cfg.parent)
    meetings = cfg.parent / "docs" / "meetings"
    meetings.mkdir(parents=True)
    mine = "---\ntitle: Sixth meeting\nsummary: Already translated.\n---\n\nText.\n"
    (meetings / f"{STEM}.en.md").write_text(mine, encoding="utf-8")
    assert main(["import", "--lang", "en", "--config", str(cfg), str(SEED)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"docs/meetings/{STEM}.md", f"docs/meetings/{STEM}.it.md"]
    assert (meetings / f"{STEM}.en.md").read_text(encoding="utf-8") == mine
    assert editors("en", "a translation of this name exists already: it now belongs to the "
                   "imported report") in captured.err


def test_import_dry_run_lists_the_translations_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = trilingual_site(tmp_path / "site")
    monkeypatch.chdir(cfg.parent)
    assert main(["import", "--lang", "en", "--config", str(cfg), str(SEED), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line.split(" ")[2] for line in lines if line.startswith("would write ")]
    assert listed == [f"docs/meetings/{STEM}{suffix}" for suffix in (".md", ".en.md", ".it.md")]
    assert not (cfg.parent / "docs" / "meetings").exists()


def test_an_import_stopped_before_its_report_leaves_no_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    plan = plan_import(SEED, docs_dir=docs, languages=("ro", "en", "it"))
    assert [p.name for p, _ in plan.translations] == [f"{STEM}.en.md", f"{STEM}.it.md"]
    place = imports_cmd._place

    def fail_on_the_report(staged: Path, path: Path) -> None:
        if path == plan.path:
            raise atomic.WriteError(path, "the disk is full")
        place(staged, path)

    monkeypatch.setattr(imports_cmd, "_place", fail_on_the_report)
    with pytest.raises(atomic.WriteError):
        write_plan(plan)
    assert sorted(p.name for p in (docs / "meetings").iterdir()) == []
    # killed instead (the placed translations stay with the staging folder): the next import
    # removes them
    monkeypatch.setattr(imports_cmd, "_place", place)
    staging = docs / "meetings" / f".{STEM}.x{TEMPORARY}"
    staging.mkdir()
    for path, text in plan.translations:
        (staging / path.name).write_text(text, encoding="utf-8")
        path.hardlink_to(staging / path.name)
    removed = recover(docs / "meetings")
    assert {p.name for p in removed} >= {f"{STEM}.en.md", f"{STEM}.it.md"}
    assert sorted(p.name for p in (docs / "meetings").iterdir()) == []


# --------------------------------------------------------------------------------------------
# clay new: each language's placeholder from its catalog, a fallback that is said


def test_new_writes_each_languages_placeholder_from_its_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = trilingual_site(tmp_path / "site")
    monkeypatch.chdir(cfg.parent)
    assert main(["new", "chapter", "--config", str(cfg), "--number", "1", "--title",
                 "Context"]) == 0
    captured = capsys.readouterr()
    for lang, suffix in (("ro", ".md"), ("en", ".en.md"), ("it", ".it.md")):
        text = (cfg.parent / "docs" / CHAPTER.folder / f"01-context{suffix}").read_text(
            encoding="utf-8")
        assert placeholder(lang, "The chapter's text: write its content here.") in text, lang
    # every language had its own: nothing to say
    assert "clay new:" not in captured.err


def test_a_language_without_its_placeholder_gets_the_default_languages_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # a site's own type declares its placeholder in ro and en only
    cfg = trilingual_site(tmp_path / "site", types=["tests.notices_type"])
    monkeypatch.chdir(cfg.parent)
    assert main(["new", "notice", "--lang", "en", "--config", str(cfg), "--date", "2024-05-01",
                 "--title", "Închis"]) == 0
    err = capsys.readouterr().err
    italian = (cfg.parent / "docs" / "notices" / "2024-05-01-inchis.it.md").read_text(
        encoding="utf-8")
    assert "Textul anunțului: scrieți-l aici." in italian  # the default language's
    note = l10n.render(placeholder_texts(NOTICE, "it", ["ro", "en", "it"])[1] or "", "en")
    assert note and f"clay new: {note}" in err.splitlines()
    assert language_name("it") in note and language_name("ro") in note
    # a built-in type in a language that has no readers' catalog: the default language's
    texts, said = placeholder_texts(MEETING, "fr", ["ro", "en", "fr"])
    assert texts == placeholder_texts(MEETING, "ro", ["ro", "en", "fr"])[0]
    assert said is not None and "French" in l10n.render(said, None)
    # and none is said when the language has its own
    assert placeholder_texts(MEETING, "it", ["ro", "en", "it"])[1] is None


# --------------------------------------------------------------------------------------------
# the drafts' comments and `clay --help` in the editors' languages


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_draft_comments_speak_the_editors_language(lang: str) -> None:
    values = {("title", "ro"): "T", ("date", "ro"): "2021-04-08", ("format", "ro"): "online",
              ("platform", "ro"): "Zoom"}
    text = draft(MEETING, values, None, ["ro", "en"], "ro", editors=lang)
    fields = {f.name: f for f in FIELDS}
    for name in ("time", "number", "participants", "image_credit"):
        assert f"# {name}: {l10n.render(fields[name].hint, lang)}" in text, name
    assert f"# image: …  # {l10n.render(fields['image'].description, lang)}" in text
    translation = draft(MEETING, values, None, ["ro", "en"], "en", editors=lang)
    assert editors(lang, "every other fact comes from the {language} {noun}",
                   language=language_name("ro"), noun=MEETING.noun) in translation


def _help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps the lines


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_help_speaks_the_editors_language(lang: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    cfg = make_site(tmp_path / "site", {})
    base = ["--config", str(cfg), "--lang", lang]
    check = _help(["check", *base, "--help"], capsys)
    assert editors(lang, "correct the letters and quotation marks in place") in check
    assert editors(lang, "the language of the messages, e.g. ro or en (default: the site's "
                   "default language)") in check
    new = _help(["new", "meeting", *base, "--help"], capsys)
    fields = {f.name: f for f in FIELDS}
    assert l10n.render(fields["date"].help, lang) in new
    assert editors(lang, "{help}, in {language}", help=l10n.render(fields["title"].help, lang),
                   language=language_name("en")) in new
    imported = _help(["import", *base, "--help"], capsys)
    assert editors(lang, "show what would be written (file names and the report), write "
                   "nothing") in imported
    # argparse's own words on a help page: the usage's prefix, the sections, --help
    assert check.startswith(editors(lang, "usage: ").strip() + " clay check")
    for section in ("arguments", "options"):
        assert f" {editors(lang, section)}: " in check, section
    assert editors(lang, "show this help and exit") in check
    if lang == "ro":  # the Romanian help is not the English one
        assert editors("en", "correct the letters and quotation marks in place") not in check
        assert "usage:" not in check and "show this help message" not in check


def test_the_commands_help_speaks_the_sites_default_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = make_site(tmp_path / "site", {})
    monkeypatch.chdir(cfg.parent)  # `clay --help` finds the site from the current folder
    top = _help(["--help"], capsys)
    assert editors("ro", "Start, check, fix and import the CLAY site's content.") in top
    assert editors("ro", "check the content without building the site") in top
    assert editors("en", "check the content without building the site") not in top


def test_help_in_a_language_without_editors_catalog_is_english_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = make_site(tmp_path / "site", {})
    with pytest.raises(SystemExit):
        main(["check", "--config", str(cfg), "--lang", "it", "--help"])
    captured = capsys.readouterr()
    assert editors(None, "correct the letters and quotation marks in place") in " ".join(
        captured.out.split())
    assert captured.err.startswith("clay: --lang it:")


# --------------------------------------------------------------------------------------------
# every text an editor reads goes through the catalogs' markers


# What a user-visible literal is: words (two letters, a space, a letter), beyond a command's
# or a plugin's name as a prefix (`"clay-search: " + said(...)`). A code (`photo.format`), a
# path or a format has no such words.
_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]")
_PREFIX = re.compile(r"^[\s:;,.()—-]*(clay(-[a-z0-9]+)?( (new|check|import))?|mkdocs\.yml)?"
                     r"[\s:;,.()—-]*$")
_LOG = {"warning", "info", "error", "critical", "exception"}  # debug: the developers' own
_ARGPARSE = {"add_argument", "add_parser", "add_argument_group", "add_subparsers",
             "ArgumentParser"}
_DECLARATIONS = {"Field", "Records", "ContentType"}
# the errors an editor or a maintainer reads (a ValueError with words: a plugin's option
# refused by its Config's validate)
_ERRORS = {"PluginError", "Abort", "ConfigurationError", "ValidationError", "ValueError",
           "RegistryError", "NewError", "SiteError", "ImportProblem", "WriteError",
           "EditorsError", "Refused", "PhotoError"}


def _visible(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
    elif isinstance(node, ast.BinOp):
        return _visible(node.left) or _visible(node.right)
    elif isinstance(node, ast.IfExp):
        return _visible(node.body) or _visible(node.orelse)
    else:  # a call (E_, said, render, a finding's text), a name
        return False
    return bool(_WORDS.search(text)) and not _PREFIX.match(text)


def _name(node: ast.AST) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def unmarked_texts(source: str, path: str) -> list[str]:
    """Where `source` hands an editor words that no catalog marker (`E_`, `N_`, `C_`) went
    through: a log line, a `clay` help text, a declaration's words, an error, a print."""
    found = []
    for node in ast.walk(ast.parse(source, path)):
        if not isinstance(node, ast.Call):
            continue
        name, where = _name(node.func), f"{path}:{node.lineno}"
        values: list[tuple[str, ast.AST]] = []
        if (name in _LOG and isinstance(node.func, ast.Attribute)
                and _name(node.func.value) in ("log", "logger")):
            values += [("log", arg) for arg in node.args[:1]]
        if name in _ARGPARSE:
            values += [(f"argparse {k.arg}", k.value) for k in node.keywords
                       if k.arg in ("help", "description", "epilog", "title")]
        if name in _DECLARATIONS:
            values += [(f"declaration {k.arg}", k.value) for k in node.keywords
                       if k.arg in ("description", "help", "noun", "name_fix")]
            # a hint written as it is is an example value: its words, after `#`, are marked
            values += [("declaration hint", k.value) for k in node.keywords if k.arg == "hint"
                       and isinstance(k.value, ast.Constant) and "#" in str(k.value.value)]
        if name in _ERRORS:
            values += [(f"error {name}", arg) for arg in node.args[:1]]
        if name == "print":
            values += [("print", arg) for arg in node.args]
        found += [f"{where}: {what}" for what, value in values if _visible(value)]
    return found


# A catalog's own problems cannot be said by a catalog: l10n.py's CatalogError is English.
_EXEMPT = {"clay_plugins/l10n.py"}


def test_every_text_an_editor_reads_is_marked_for_the_catalogs() -> None:
    root = Path(__file__).resolve().parent.parent
    found = []
    for path in sorted((root / "clay_plugins").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel not in _EXEMPT:
            found += unmarked_texts(path.read_text(encoding="utf-8"), rel)
    assert found == [], "mark these texts with E_ (editors) or N_ (readers), then `make locale`"


@pytest.mark.parametrize("source", [
    'log.warning("the page %s has no title", page)',
    'log.info(f"wrote {n} pages")',
    'parser.add_argument("--x", help="the thing to do")',
    'ArgumentParser(description="Start the site.")',
    'Field("x", text, description="what it is")',
    'Field("x", text, hint="1  # the first one")',
    'raise PluginError("clay-search: Pagefind " + "is missing here")',
    'print(f"clay: wrote {path} for you")',
    'failed.append(("folder", ValueError("must name a folder")))',
])
def test_the_scan_finds_an_unmarked_text(source: str) -> None:
    assert unmarked_texts(source, "x.py") != []


@pytest.mark.parametrize("source", [
    'log.warning(said(config, E_("the page {page} has no title", page=page)))',
    'log.debug("cache: %s made again", path)',
    'parser.add_argument("--x", help=t(E_("the thing to do")))',
    'Field("x", text, hint="[ADR Sud-Vest Oltenia]", description=E_("what it is"))',
    'raise PluginError("clay-search: " + said(config, E_("Pagefind is missing")))',
    'raise PhotoError("photo.format", E_("not a photo"), E_("export it"))',
    'print(f"clay import: {note.text(lang)}")',
])
def test_the_scan_passes_a_marked_text(source: str) -> None:
    assert unmarked_texts(source, "x.py") == []


# --------------------------------------------------------------------------------------------
# CLAY_LANG: the build's log and the plugins' configuration errors


@pytest.mark.parametrize("lang", [None, "ro"])
def test_configuration_errors_speak_clay_lang(lang: str | None,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from clay_plugins.action_plan.config import ActionPlanConfig

    if lang is None:
        monkeypatch.delenv(l10n.LANGUAGE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(l10n.LANGUAGE_VARIABLE, lang)
    config = ActionPlanConfig()
    config.load_dict({"directory": "../x"})
    failed, _ = config.validate()
    assert [(key, str(error)) for key, error in failed] == [
        ("directory", editors(lang, "must name a folder inside docs_dir, e.g. `action-plan`"))]


def test_a_clay_lang_without_editors_catalog_stops_the_build(
    monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.exceptions import PluginError

    from clay_plugins import build

    monkeypatch.setenv(l10n.LANGUAGE_VARIABLE, "it")  # Italian has the readers' catalog only
    with pytest.raises(PluginError, match=r"^CLAY_LANG=it: "):
        build.log_language(None)  # type: ignore[arg-type]  # the variable decides first
    monkeypatch.setenv(l10n.LANGUAGE_VARIABLE, "en")
    assert build.log_language(None) == "en"  # type: ignore[arg-type]
