"""Build state is explicit (issue 25): one `Build` per top-level build, owned by its config and
shared by the content plugins through static-i18n's language builds; a plugin with
`enabled: false` does nothing; the content settings come from each plugin's own options, read
by the build and the `clay` command in one place; static-i18n is read only by
clay_plugins/i18n.py; the build and `clay check` report one list of findings, git's included."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

import clay_plugins.build as build_module
from benchmarks.bench_meetings import layout
from clay_plugins.build import Build, settings_from_config
from clay_plugins.cli import main
from clay_plugins.content.site import load_content
from tests.sitebuild import (
    REPO,
    BuildFailed,
    build_site,
    commit_site,
    content_config,
    git,
    make_site,
    plugin_entry,
)
from tests.test_cli_check import BAD, CLEAN

PLUGINS = REPO / "clay_plugins"
HOME: dict[str, str | bytes] = {"index.md": "# Acasă\n", "index.en.md": "# Home\n"}


def _config(**plugins: dict[str, Any]) -> dict[str, Any]:
    """The repository's mkdocs.yml without the plugins that have tests of their own
    (sitebuild.content_config), with plugin options changed."""
    cfg = content_config()
    cfg.pop("nav")  # the test sites have not the repository's pages
    for name, options in plugins.items():
        entry = plugin_entry(cfg, name)
        assert entry is not None, name
        entry.update(options)
    return cfg


def _check(cfg: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", "--lang", "en", "--config", str(cfg), *args])
    return code, capsys.readouterr().out


def _stale_site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A site in a git checkout whose `pagina.md` changed after its translation."""
    cfg = make_site(tmp_path / "site", files, config=_config())
    root = cfg.parent
    commit_site(root)
    (root / "docs" / "pagina.md").write_text("# Pagina\n\nText nou în română.\n",
                                             encoding="utf-8")
    git(root, "commit", "-qam", "ro only", when="2021-02-01T10:00:00+00:00")
    return cfg


# --- one list of rules ----------------------------------------------------------------------

def test_a_stale_translation_fails_the_strict_build_as_it_fails_clay_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = _stale_site(tmp_path, {**HOME, **CLEAN})
    code, out = _check(cfg, capsys, "--format", "json")
    assert code == 1
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(out)["findings"]]
    assert found == [("docs/pagina.en.md", None, "translation.stale")]
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    stale = [r.getMessage() for r in failed.value.records
             if r.getMessage().startswith("clay: docs/pagina.en.md: possibly stale")]
    assert len(stale) == 1, failed.value.text  # once, though two languages are built
    assert "docs/pagina.md" in stale[0]
    # the translation brought up to date in the same commit's wake: both pass
    (cfg.parent / "docs" / "pagina.en.md").write_text("# Page\n\nNew English text.\n",
                                                      encoding="utf-8")
    git(cfg.parent, "commit", "-qam", "en too", when="2021-02-02T10:00:00+00:00")
    assert _check(cfg, capsys)[0] == 0
    assert build_site(cfg).warnings == []


def test_the_build_logs_exactly_the_findings_clay_check_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # errors, warnings, information and git's rule at once
    files: dict[str, str | bytes] = {**HOME, **BAD, "pagina.en.md": "# Page\n\nEnglish.\n",
                                     "pagina.md": "# Pagina\n\nText.\n"}
    cfg = _stale_site(tmp_path, files)
    code, out = _check(cfg, capsys)
    assert code == 1
    printed = {line for line in out.splitlines() if line.startswith("docs/")}
    assert any(line.startswith("docs/pagina.en.md: possibly stale") for line in printed)
    assert any(line.startswith("docs/action-plan/01-context.md:4:") for line in printed)
    assert any(line.startswith("docs/orfan.en.md: ") for line in printed)
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg, strict=False)  # the errors stop it; every finding is logged first
    logged: set[str] = set()
    for record in failed.value.records:
        text = record.getMessage()
        if text.startswith("clay: docs/"):
            logged.add(text.removeprefix("clay: "))
        elif record.name.startswith("mkdocs.commands"):  # the errors, in the build's error
            logged.update(line for line in text.splitlines() if line.startswith("docs/"))
    assert logged == printed


# --- enabled: false -------------------------------------------------------------------------

BROKEN_REPORT = CLEAN["meetings/2021-04-08-atelier.md"].replace(  # type: ignore[union-attr]
    "date: 2021-04-08", "date: sometime").replace("format: online", "format: by pigeon")
BROKEN_CHAPTER = CLEAN["action-plan/01-context.md"].replace(  # type: ignore[union-attr]
    "status: draft", "status: gata")


@pytest.mark.parametrize(("off", "broken", "kept"), [
    ("clay-meetings", {"meetings/2021-04-08-atelier.md": BROKEN_REPORT}, "plan"),
    ("clay-action-plan", {"action-plan/01-context.md": BROKEN_CHAPTER}, "meetings"),
])
def test_a_disabled_content_plugin_does_nothing_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], off: str,
    broken: dict[str, str], kept: str,
) -> None:
    options: dict[str, dict[str, Any]] = {off: {"enabled": False}}
    if off == "clay-meetings":  # nothing is published in meetings/ to give a sitemap
        options["clay-i18n"] = {"section_sitemaps": []}
    cfg = make_site(tmp_path / "site", {**HOME, **CLEAN, **broken}, config=_config(**options))
    # its content type is neither loaded nor checked, by the build or by `clay check`
    config = load_config(str(cfg))
    settings = settings_from_config(config)
    assert settings.content_types == {kept}
    content = load_content(settings)
    assert content.errors() == []
    code, out = _check(cfg, capsys)
    assert code == 0, out
    result = build_site(cfg)  # strict: nothing to say about the broken file
    plugin = load_config(str(cfg)).plugins[off]
    assert getattr(plugin, "build", None) is None
    for prefix in ("", "en/"):
        if off == "clay-meetings":
            assert content.of("meeting") == []
            assert not (result.site / f"{prefix}meetings/feed.xml").exists()
            assert not (result.site / f"{prefix}meetings/calendar.ics").exists()
            page = result.soup(f"{prefix}meetings/2021-04-08-atelier/index.html")
            assert page.select(".clay-meeting-header") == []
            # the plan still links the report, a plain page now
            assert (result.site / f"{prefix}action-plan/01-context/index.html").is_file()
        else:
            assert content.of("chapter") == []
            assert not (result.site / f"{prefix}action-plan/print/index.html").exists()
            page = result.soup(f"{prefix}action-plan/01-context/index.html")
            assert page.select(".clay-chapter-header") == []
            assert (result.site / f"{prefix}meetings/feed.xml").is_file()
    # the same site with the plugin on: the broken file stops the build
    on = make_site(tmp_path / "on", {**HOME, **CLEAN, **broken}, config=_config())
    with pytest.raises(BuildFailed) as failed:
        build_site(on)
    codes = {"clay-meetings": "docs/meetings/2021-04-08-atelier.md:4",
             "clay-action-plan": "docs/action-plan/01-context.md:4"}
    assert codes[off] in failed.value.text


def test_the_benchmarks_plugin_off_baseline_reads_no_report(tmp_path: Path) -> None:
    # bench_meetings.py compares its site with clay-meetings on and `enabled: false`: off, the
    # reports must not even be parsed, or the baseline pays part of the plugin's cost
    def broken_site(name: str, enabled: bool) -> Path:
        cfg = layout(tmp_path / name, 3, enabled)
        # the Romanian report, which has the date (a glob's order is the file system's: on
        # tmpfs it gave the English translation first, which has none)
        report = cfg.parent / "docs" / "meetings" / "2000-01-08-synthetic-meeting-1.md"
        text = report.read_text(encoding="utf-8")
        report.write_text(text.replace("date: 2000-01-08", "date: someday"), encoding="utf-8")
        return cfg

    off = broken_site("off", False)
    content = load_content(settings_from_config(load_config(str(off))))
    assert content.of("meeting") == []
    assert not [f for f in content.findings if f.code.startswith("meeting.")]
    built = build_site(off)
    assert not (built.site / "meetings" / "meetings.json").exists()
    with pytest.raises(BuildFailed) as failed:
        build_site(broken_site("on", True))
    assert re.search(r"docs/meetings/2000-01-08-synthetic-meeting-1\.md:4:1: ", failed.value.text)


# --- one Build per build --------------------------------------------------------------------

def test_one_build_per_top_level_build_shared_by_the_plugins_and_the_languages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loads: list[object] = []
    real = build_module.load_content

    def counted(settings: Any) -> Any:
        loads.append(settings)
        return real(settings)

    monkeypatch.setattr(build_module, "load_content", counted)
    cfg = make_site(tmp_path / "site", {**HOME, **CLEAN}, config=_config())
    config = load_config(str(cfg))
    build(config)
    meetings, plan = config.plugins["clay-meetings"], config.plugins["clay-action-plan"]
    first = meetings.build
    assert isinstance(first, Build) and plan.build is first
    assert len(loads) == 1  # two plugins, two languages: one load
    assert not [v for v in vars(build_module).values() if isinstance(v, Build)]

    # the same config built again (a test, a script) after an edit: a new build, new content
    report = cfg.parent / "docs" / "meetings" / "2021-04-08-atelier.en.md"
    report.write_text(report.read_text(encoding="utf-8").replace(
        "The sixth meeting of the group", "The sixth meeting, renamed"), encoding="utf-8")
    build(config)
    assert len(loads) == 2
    assert meetings.build is plan.build and meetings.build is not first
    site = Path(config.site_dir)
    page = (site / "en" / "meetings" / "2021-04-08-atelier" / "index.html").read_text("utf-8")
    assert "The sixth meeting, renamed" in page
    feed = (site / "en" / "meetings" / "feed.xml").read_text("utf-8")
    assert "The sixth meeting, renamed" in feed

    # `mkdocs serve` loads a new config per rebuild: a build of its own, the same output
    again = load_config(str(cfg))
    build(again)
    assert len(loads) == 3
    assert again.plugins["clay-meetings"].build is not meetings.build
    assert (site / "en" / "meetings" / "feed.xml").read_text("utf-8") == feed


# --- static-i18n through clay_plugins/i18n.py only ------------------------------------------

PROBE = '''
"""Records what static-i18n sets, as clay_plugins/i18n.py reads it, per language build."""
import json
from pathlib import Path

from mkdocs.plugins import event_priority

from clay_plugins import i18n

seen = {"builds": [], "files": {}, "switch": {}}


@event_priority(-120)  # after static-i18n's on_config (-100)
def on_config(config):
    plugin = config.plugins["i18n"]
    seen["builds"].append({
        "current_language": plugin.current_language,
        "default_language": plugin.default_language,
        "build_languages": list(plugin.build_languages),
        "ours": [i18n.current_language(config), i18n.languages(config),
                 i18n.is_default_build(config)],
    })


@event_priority(-120)  # after static-i18n's on_files (-100), before the generated pages
def on_files(files, config):
    lang = config.plugins["i18n"].current_language
    for f in files.documentation_pages():
        if not f.src_uri.startswith(("index", "pagina")):
            continue
        seen["files"][f"{lang}:{f.src_uri}"] = {
            "locale": f.locale,
            "locale_alternate_of": f.locale_alternate_of,
            "norm_src_uri": f.norm_src_uri,
            # i18n.localize_generated gives generated pages these attributes of static-i18n's
            "localization": hasattr(f, "localization"),
            "alternates": {k: [v.url, v.locale] for k, v in f.alternates.items()},
            "ours": [i18n.source_uri(f), i18n.file_language(f, config), i18n.is_fallback(f),
                     sorted(i18n.translations(f))],
        }
    return files


@event_priority(0)  # after static-i18n's on_page_context (50), before clay-i18n's (-50)
def on_page_context(context, page, config, nav):
    lang = config.plugins["i18n"].current_language
    if page.file.src_uri.startswith("pagina"):
        seen["switch"][lang] = [config.extra.alternate, i18n.switch_links(config)]
    return context


@event_priority(-300)  # the last one is the default language's, after the others (at -100)
def on_post_build(config):
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
'''


def test_the_static_i18n_attributes_we_rely_on(tmp_path: Path) -> None:
    """If a release of mkdocs-static-i18n renames or changes what clay_plugins/i18n.py reads,
    this fails (the raw attributes), and so does what i18n.py makes of them (`ours`)."""
    cfg_dict = _config()
    cfg_dict["hooks"] = ["probe.py"]
    files = {**HOME, "pagina.md": "# Pagina\n"}
    cfg = make_site(tmp_path / "site", files, config=cfg_dict)
    (cfg.parent / "probe.py").write_text(PROBE, encoding="utf-8")
    build_site(cfg)
    seen = json.loads((cfg.parent / "seen.json").read_text(encoding="utf-8"))

    assert [b["current_language"] for b in seen["builds"]] == ["ro", "en"]
    for b in seen["builds"]:
        assert b["default_language"] == "ro"
        assert b["build_languages"] == ["ro", "en"]
    assert [b["ours"] for b in seen["builds"]] == [["ro", ["ro", "en"], True],
                                                    ["en", ["ro", "en"], False]]
    f = seen["files"]
    assert f["ro:index.md"] == {
        "locale": "ro", "locale_alternate_of": "ro", "norm_src_uri": "index.md",
        "localization": True, "alternates": {"ro": ["./", "ro"], "en": ["en/", "en"]},
        "ours": ["index.md", "ro", False, ["en", "ro"]],
    }
    assert f["en:index.en.md"] == {
        "locale": "en", "locale_alternate_of": "en", "norm_src_uri": "index.md",
        "localization": True, "alternates": {"ro": ["./", "ro"], "en": ["en/", "en"]},
        "ours": ["index.md", "en", False, ["en", "ro"]],
    }
    # an untranslated page under /en/: the Romanian text, a fallback copy, not a translation
    assert f["en:pagina.md"]["locale"] == "ro"
    assert f["en:pagina.md"]["locale_alternate_of"] == "en"
    assert f["en:pagina.md"]["ours"] == ["pagina.md", "ro", True, ["ro"]]
    # Material's language switch, as static-i18n points it for the page being rendered
    for lang in ("ro", "en"):
        raw, ours = seen["switch"][lang]
        assert raw == ours
        assert [(link["lang"], link["link"]) for link in raw] == [
            ("ro", "pagina/"), ("en", "en/pagina/")]


FORBIDDEN_OUTSIDE_I18N = re.compile(
    r"norm_src_uri|locale_alternate_of|build_languages|extra\.alternate"
    r"|\.current_language\b(?!\()|\.default_language\b(?!\()|getattr\([^)]*\"(locale|alternates)\""
    r"|\.alternates\s*=|\.locale\s*="
)


def _source(path: Path) -> str:
    # comments and docstrings may name the attributes; code may not
    return "\n".join(line.split("#")[0] for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.lstrip().startswith(("`", "-")))


def test_static_i18n_is_read_only_by_i18n_py() -> None:
    offenders = []
    for path in sorted(PLUGINS.rglob("*.py")):
        if path.name == "i18n.py" and path.parent == PLUGINS:
            continue
        for number, line in enumerate(_source(path).splitlines(), 1):
            if re.search(r"\bi18n\.(current_language|default_language)\(", line):
                continue
            if re.search(r"(settings|content|self|site|m|meeting)\.default_language", line):
                continue  # our own settings' default language, not static-i18n's
            if FORBIDDEN_OUTSIDE_I18N.search(line):
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


def test_no_plugin_reads_another_plugins_options() -> None:
    """`config.plugins` is read in three places only: i18n.py (static-i18n's state), build.py's
    `settings_from_config` (the `clay` command, asking each content plugin for its own
    settings) and clay-search (whether Material's search plugin is configured too); and by
    `clay serve` (clay_plugins/serve/, not a plugin), which keeps and restores every plugin's
    state per language."""
    allowed = {"clay_plugins/i18n.py", "clay_plugins/build.py", "clay_plugins/search/plugin.py",
               "clay_plugins/serve/state.py", "clay_plugins/serve/preview.py"}
    readers = {str(path.relative_to(REPO)) for path in PLUGINS.rglob("*.py")
               if "config.plugins" in _source(path)}
    assert readers <= allowed
    build_py = (PLUGINS / "build.py").read_text(encoding="utf-8")
    uses = [line for line in build_py.splitlines() if "config.plugins" in line
            and not line.lstrip().startswith("#")]
    assert uses == ["    for plugin in config.plugins.values():"]
    search = (PLUGINS / "search" / "plugin.py").read_text(encoding="utf-8")
    assert re.findall(r"config\.plugins\S*", search) == ["config.plugins", "config.plugins:"]


def test_clay_and_the_build_read_the_content_settings_in_one_place(tmp_path: Path) -> None:
    topics = {"action-plan": {"ro": "Planul", "en": "The plan"},
              "clay-work": {"ro": "Lucrul cu lutul", "en": "Working clay"}}
    moved = {k.replace("action-plan/", "plan/"):
             v.replace("action-plan/", "plan/") if isinstance(v, str) else v
             for k, v in CLEAN.items()}
    cfg = make_site(tmp_path / "site", {**HOME, **moved}, config=_config(
        **{"clay-meetings": {"topics": topics, "organiser": "Altcineva"},
           "clay-action-plan": {"directory": "plan"}}))
    config = load_config(str(cfg))
    settings = settings_from_config(config)
    meetings = settings.type_settings["meeting"]
    assert meetings.topics == topics and meetings.organiser == "Altcineva"
    assert settings.type_settings["chapter"].directory == "plan"
    assert settings.content_types == {"meetings", "plan"}
    # what the command reads is what the build loads its content with
    build(config)
    loaded = config.plugins["clay-meetings"].build.content.settings
    assert loaded == settings


def test_disabled_site_plugins_keep_no_state_and_publish_nothing(tmp_path: Path) -> None:
    cfg_dict = _config(**{"clay-i18n": {"enabled": False}})
    cfg_dict["plugins"].insert(0, {"clay-search": {"enabled": False,
                                                   "binary": "no/such/pagefind"}})
    cfg = make_site(tmp_path / "site", {**HOME, **CLEAN}, config=cfg_dict)
    config = load_config(str(cfg))
    build(config)
    site = Path(config.site_dir)
    search, pages = config.plugins["clay-search"], config.plugins["clay-i18n"]
    assert (search._depth, search._indexed, search._text_langs) == (0, [], [])
    assert pages.pages == {}
    for prefix in ("", "en/"):
        assert not (site / prefix / "pagefind").exists()
        assert not (site / prefix / "assets" / "clay-search").exists()
        assert not (site / prefix / "meetings" / "sitemap.xml").exists()
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        assert "clay-search" not in home and "data-pagefind-body" not in home
    # the content plugins are on: the meetings are published
    assert (site / "en" / "meetings" / "feed.xml").is_file()


def test_a_page_at_a_generated_address_is_a_finding_of_the_build_and_of_clay_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # both report it, from the one list of rules: a pull request whose check passes builds
    taken = {"meetings/2021/index.md": "# Anul 2021\n",
             "meetings/topics/action-plan/index.en.md": "# Action plan\n",
             "action-plan/print.md": "# Tipar\n"}
    cfg = make_site(tmp_path / "site", {**HOME, **CLEAN, **taken}, config=_config())
    code, out = _check(cfg, capsys, "--format", "json")
    assert code == 1
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(out)["findings"]
             if f["code"] == "page.generated"]
    assert found == [("docs/action-plan/print.md", None, "page.generated"),
                     ("docs/meetings/2021/index.md", None, "page.generated"),
                     ("docs/meetings/topics/action-plan/index.en.md", None, "page.generated")]
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    assert "docs/meetings/2021/index.md: this file takes the address" in failed.value.text
    assert "docs/meetings/topics/action-plan/index.en.md: this file takes" in failed.value.text
    # a year without reports has no list page: a page may live there
    (cfg.parent / "docs" / "meetings" / "2021" / "index.md").unlink()
    (cfg.parent / "docs" / "meetings" / "topics" / "action-plan" / "index.en.md").unlink()
    (cfg.parent / "docs" / "action-plan" / "print.md").unlink()
    (cfg.parent / "docs" / "meetings" / "2020").mkdir()
    (cfg.parent / "docs" / "meetings" / "2020" / "index.md").write_text("# 2020\n", "utf-8")
    (cfg.parent / "docs" / "meetings" / "2020" / "index.en.md").write_text("# 2020\n", "utf-8")
    assert _check(cfg, capsys)[0] == 0
    assert (build_site(cfg).site / "en" / "meetings" / "2020" / "index.html").is_file()


def test_a_source_being_edited_does_not_stop_the_preview(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `make serve` is strict: were an uncommitted edit of a Romanian page to make its
    # translation stale, the preview would stop at the first keystroke
    cfg = make_site(tmp_path / "site", {**HOME, **CLEAN}, config=_config())
    root = cfg.parent
    commit_site(root)
    (root / "docs" / "pagina.md").write_text("# Pagina\n\nText nou.\n", encoding="utf-8")
    assert _check(cfg, capsys)[0] == 0
    assert build_site(cfg).warnings == []
    # committed alone, it is a finding of both
    git(root, "commit", "-qam", "ro only", when="2021-02-01T10:00:00+00:00")
    code, out = _check(cfg, capsys)
    assert code == 1 and "docs/pagina.en.md: possibly stale" in out
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    assert "docs/pagina.en.md: possibly stale" in failed.value.text
