"""The web editor at /admin/ (issue 27), without a browser: its configuration generated from the
declarations and valid for Sveltia's own JSON Schema, a field added to a declaration in the
editor with no other change, the vendored bundle (the pinned file, patched to fetch nothing from
another host), and the editor kept out of the sitemap, the search index and the navigation."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from clay_plugins.admin import config as editor
from clay_plugins.admin import vendor
from clay_plugins.admin.plugin import content_security_policy
from clay_plugins.content import meeting, registry
from clay_plugins.content.fields import choice, list_of, whole
from clay_plugins.content.importer import NAME_MAX
from clay_plugins.content.schema import Field
from clay_plugins.content.site import SiteSettings
from clay_plugins.l10n import E_, render
from tests.sitebuild import REPO, BuildResult

NODE_MODULES = REPO / "node_modules"
SCHEMA = NODE_MODULES / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
# what the editor may name as an address it fetches: GitHub (API, status, avatars); anything
# else in the bundle is a link shown to a person or a service this configuration never enables
CDN = re.compile(r"https://(unpkg\.com|cdn\.jsdelivr\.net|fonts\.(googleapis|gstatic)\.com)")


def settings(tmp_path: Path) -> SiteSettings:
    from clay_plugins.content.chapter import ActionPlanSettings

    meetings = meeting.MeetingSettings(
        organiser="ADR", series={"sg": {"ro": "Grupul", "en": "The group"}},
        topics={"funding": {"ro": "Finanțare", "en": "Funding"},
                "indicators": {"ro": "Indicatori", "en": "Indicators"}},
        languages=["ro", "en"])
    return SiteSettings(root=tmp_path, docs_dir=tmp_path / "docs", languages=("ro", "en"),
                        type_settings={"meeting": meetings,
                                       "chapter": ActionPlanSettings(["ro", "en"])})


def generated(tmp_path: Path, **kwargs: Any) -> dict[str, Any]:
    data = editor.editor_config(settings(tmp_path), editor.Backend("owner/site"),
                                site_url="https://example.org/clay/", **kwargs)
    # as the editor reads it: the YAML file written by the build
    loaded = yaml.safe_load(editor.dump(data))
    assert loaded == data
    return loaded


def fields_of(config: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    collection = next(c for c in config["collections"] if c["name"] == name)
    return {f["name"]: f for f in collection["fields"]}


def test_the_configuration_validates_against_sveltias_json_schema(tmp_path: Path) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    config = generated(tmp_path, page_names=["index.md", "meetings/index.md"])
    jsonschema.Draft7Validator(schema).validate(config)
    # the check can fail: a widget option Sveltia does not know is refused
    broken = json.loads(json.dumps(config))
    broken["collections"][0]["fields"][0]["maxlenght"] = 3
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_the_files_are_the_contracts(tmp_path: Path) -> None:
    config = generated(tmp_path)
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["ro", "en"],
                              "default_locale": "ro",
                              "omit_default_locale_from_file_path": True}
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"] == {"name": "github", "repo": "owner/site", "branch": "main"}
    meetings = next(c for c in config["collections"] if c["name"] == "meetings")
    assert meetings["folder"] == "docs/meetings" and meetings["format"] == "yaml-frontmatter"
    # a new file's name: clay new's rule (content/importer.py `slugify`), the contract's pattern
    # for a name typed in the editor, and no renaming of a saved report (its address stays)
    assert meetings["slug"]["template"] == "{{fields.date}}-{{fields.title}}"
    assert meetings["slug"]["editable"] == ["create"]
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True,
                              "sanitize_replacement": "-", "maxlength": NAME_MAX}
    typed = re.compile(meetings["slug"]["pattern"][0].replace("(?<", "(?P<"))
    assert typed.match("2022-05-17-intalnire") and not typed.match("2022-05-17-Întâlnire")
    # photos beside the report, named by their file name (the contract's `image`)
    assert meetings["media_folder"] == "" and meetings["public_folder"] == ""
    # every declared key, in the declaration's order, then the text
    assert [f["name"] for f in meetings["fields"]] == [
        *(f.name for f in meeting.TYPE.fields), "body"]
    chapters = next(c for c in config["collections"] if c["name"] == "action-plan")
    assert [f["name"] for f in chapters["fields"]][-2:] == ["actions", "body"]
    # chapters are created in the editor too: `NN-` with the number's leading zero
    assert chapters["create"] is True
    assert chapters["slug"]["template"] == "0{{fields.chapter}}-{{fields.title}}"


def test_a_value_outside_a_list_does_not_match_its_pattern(tmp_path: Path) -> None:
    """Sveltia checks a select's `pattern` on save (the browser test sees the refusal); here,
    that the pattern accepts exactly the declared values."""
    f = fields_of(generated(tmp_path), "meetings")
    for name in ("format", "series"):
        pattern = re.compile(f[name]["pattern"][0])
        values = [o["value"] for o in f[name]["options"]]
        assert values and all(pattern.fullmatch(v) for v in values)
        assert not pattern.fullmatch("by-pigeon") and not pattern.fullmatch(values[0] + "x")
    # a list of several choices has no pattern (Sveltia checks none on a list): clay check does
    assert "pattern" not in f["topics"]


def test_widgets_limits_and_languages_come_from_the_declaration(tmp_path: Path) -> None:
    f = fields_of(generated(tmp_path), "meetings")
    # facts only in the Romanian file, texts in each language's
    assert {name for name, x in f.items() if x["i18n"] is True} == {
        *(f.name for f in meeting.TYPE.fields if f.translatable), "body"}
    assert {name for name, x in f.items() if x.get("required")} == {
        f.name for f in meeting.TYPE.fields if f.required}
    assert f["summary"]["widget"] == "text" and f["summary"]["maxlength"] == meeting.SUMMARY_MAX
    assert f["date"].items() >= {"widget": "datetime", "time_format": False,
                              "format": "YYYY-MM-DD"}.items()
    assert f["participants"].items() >= {"widget": "number", "value_type": "int", "min": 0}.items()
    assert f["number"]["min"] == 1
    assert f["format"]["widget"] == "select" and [o["value"] for o in f["format"]["options"]] \
        == list(meeting.FORMATS)
    # the declared series and topics, labelled in the site's default language
    assert f["series"]["options"] == [{"label": "Grupul", "value": "sg"}]
    assert f["topics"].items() >= {"widget": "select", "multiple": True}.items()
    assert f["topics"]["options"][0] == {"label": "Finanțare", "value": "funding"}
    assert f["image"]["widget"] == "image"
    # every word of the form is the editors' catalog's, in the site's default language (ro)
    assert "fără locul și datele aparatului foto" in f["image"]["hint"]
    assert f["action_plan"]["widget"] == "list" and f["action_plan"]["field"]["min"] == 1
    assert all(f[d.name]["hint"].startswith(render(d.description, "ro"))
               for d in meeting.TYPE.fields if d.description)
    assert "obligatoriu când `image` este completat, în fiecare limbă" in f["image_alt"]["hint"]


def test_a_field_added_to_a_declaration_is_in_the_editor(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    added = (
        Field("room", whole(minimum=3), description="the room's number"),
        Field("languages", list_of(choice(["ro", "en", "it"])), translatable=True,
              required=True),
    )
    kind = dataclasses.replace(meeting.TYPE, fields=(*meeting.TYPE.fields, *added))
    monkeypatch.setattr(meeting, "TYPE", kind)
    # the registry reads each module's declaration once
    registry._declared.cache_clear()
    request.addfinalizer(registry._declared.cache_clear)
    f = fields_of(generated(tmp_path), "meetings")
    assert f["room"].items() >= {"widget": "number", "min": 3, "required": False, "i18n": False,
                              "hint": "the room's number"}.items()
    assert f["languages"].items() >= {"widget": "select", "multiple": True, "required": True,
                                   "i18n": True}.items()
    assert [o["value"] for o in f["languages"]["options"]] == ["ro", "en", "it"]
    assert list(f)[-3:] == ["room", "languages", "body"]


def test_the_vendored_bundle_is_the_pinned_one_and_fetches_nothing_elsewhere(
        tmp_path: Path) -> None:
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@sveltia/cms"]["version"] == vendor.VERSION
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    assert package["dependencies"]["@sveltia/cms"] == vendor.VERSION
    upstream = (NODE_MODULES / "@sveltia" / "cms" / vendor.BUNDLE).read_text(encoding="utf-8")
    assert CDN.search(upstream)  # what the patches are for
    written = vendor.install(NODE_MODULES, tmp_path / "admin")
    bundle = (tmp_path / "admin" / "sveltia-cms.js").read_text(encoding="utf-8")
    assert not CDN.search(bundle.replace("https://unpkg.com/@sveltia/cms`", ""))
    # each patch applied once, and each file it points to is there
    for patch in vendor.PATCHES:
        assert patch.old not in bundle and bundle.count(patch.new) == 1
    for _, _, where in vendor.FILES:
        assert (tmp_path / "admin" / where).exists()
    langs = tmp_path / "admin" / "vendor/@shikijs/langs@4.4.3/dist"
    assert (langs / "markdown.mjs").is_file()
    assert all(p.is_file() for p in written)
    # no file the editor never loads (TypeScript's declarations, source maps), and every
    # module a language module imports is there
    assert not [p for p in written if p.name.endswith(vendor.UNUSED)]
    for module in langs.glob("*.mjs"):
        for imported in re.findall(r"^import \w+ from '\./([^']+)'$",
                                   module.read_text(encoding="utf-8"), re.M):
            assert (langs / imported).is_file(), (module.name, imported)


def test_a_changed_upstream_bundle_is_refused(tmp_path: Path) -> None:
    modules = tmp_path / "node_modules"
    package = modules / "@sveltia" / "cms"
    (package / "dist").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"version": vendor.VERSION}))
    upstream = (NODE_MODULES / "@sveltia" / "cms" / vendor.BUNDLE).read_text(encoding="utf-8")
    (package / vendor.BUNDLE).write_text(upstream.replace("gk=`https://unpkg.com/@shikijs`",
                                                          "gk=`https://cdn.example/@shikijs`"))
    with pytest.raises(vendor.VendorError, match="SHA-256"):
        vendor.patched_bundle(modules)
    (package / "package.json").write_text(json.dumps({"version": "0.999.0"}))
    with pytest.raises(vendor.VendorError, match="0.999.0"):
        vendor.patched_bundle(modules)


def test_the_policy_allows_github_and_the_proxy_only() -> None:
    plain = content_security_policy("")
    assert "connect-src 'self' data: blob: https://api.github.com https://www.githubstatus.com;" \
        in plain
    assert "script-src 'self' 'wasm-unsafe-eval';" in plain
    proxy = content_security_policy("https://auth.example.org/oauth")
    assert "https://auth.example.org;" in proxy or proxy.endswith("https://auth.example.org")


def test_the_built_site_has_the_editor_out_of_sight(repo_site: BuildResult) -> None:
    site = repo_site.site
    html = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert 'rel="cms-config-url"' in html and "Content-Security-Policy" in html
    # the page speaks the form's language, the site's default one, from the editors' catalog
    assert '<html lang="ro">' in html
    said = render(E_("Web editor — {site}", site=""), "ro")
    assert said != render(E_("Web editor — {site}", site=""), None)
    title = re.search(r"<title>(.+)</title>", html)
    assert title and title[1].startswith(said), html
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["collections"][0]["folder"] == "docs/meetings"
    assert [f["file"] for f in config["collections"][-1]["files"]][0] == "docs/index.{{locale}}.md"
    # not in the sitemap, the search index or any page's links
    for sitemap in site.rglob("sitemap*.xml"):
        assert "/admin" not in sitemap.read_text(encoding="utf-8")
    # clay-search gives Pagefind the MkDocs pages only; the editor page is none, and has no
    # `data-pagefind-body` should it ever be given
    assert "data-pagefind" not in html
    for page in site.rglob("*.html"):
        if not page.is_relative_to(site / "admin"):
            assert not re.search(r'(href|src)="[^"]*admin/', page.read_text(encoding="utf-8"))
    css = (site / "admin" / "preview.css").read_text(encoding="utf-8")
    assert ".md-typeset" not in css and "body h1" in css.replace(",", " ")


def test_the_pull_request_summary_names_each_problem_in_both_languages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`clay check --format summary`: what CI appends to a pull request's job summary."""
    from clay_plugins.cli import main
    from tests.sitebuild import make_site

    report = ("---\ntitle: <b>Raport</b>\nsummary: Text.\ndate: 2022-05-17\nformat: by-pigeon\n"
              "---\n\nText.\n")
    cfg = make_site(tmp_path / "s", {"meetings/2022-05-17-raport.md": report}, use_repo_docs=True)
    assert main(["check", "--config", str(cfg), "--format", "summary"]) == 1
    out = capsys.readouterr().out
    ro, en = out.split("## Content check (en)")
    assert ro.startswith("## Verificarea conținutului (ro)")
    for table in (ro, en):
        # path:line, what, how: one row, in each language's table
        row = next(line for line in table.splitlines() if "2022-05-17-raport.md:5" in line)
        assert row.count(" | ") == 2 and "by-pigeon" in row
    assert "| Unde | Ce este greșit | Cum se corectează |" in ro
    assert "| Where | What is wrong | How to fix it |" in en
    assert "<b>" not in out


def test_a_sites_own_content_type_is_in_the_editor(tmp_path: Path) -> None:
    """A type named under `extra: content_types:` in mkdocs.yml (tests/notices_type.py) is a
    collection of the editor with its declared fields, from the settings the plugin reads
    (`settings_from_config`, through the `clay` command's loader), with no other change."""
    from clay_plugins.cli.site import load_site
    from tests.notices_type import TYPE as NOTICE
    from tests.sitebuild import make_site, repo_config

    cfg = repo_config()
    cfg.setdefault("extra", {})["content_types"] = ["tests.notices_type"]
    site = load_site(make_site(tmp_path / "site", {}, config=cfg))
    config = editor.editor_config(site, editor.Backend("owner/site"))
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(config)
    notices = next(c for c in config["collections"] if c["name"] == "notices")
    assert notices["folder"] == "docs/notices" and notices["label"] == "notices"
    assert notices["slug"]["template"] == "{{fields.date}}-{{fields.title}}"
    f = fields_of(config, "notices")
    assert list(f) == [*(d.name for d in NOTICE.fields), "body"]
    assert f["title"].items() >= {"widget": "string", "required": True, "i18n": True}.items()
    assert f["date"].items() >= {"widget": "datetime", "format": "YYYY-MM-DD", "required": True,
                                 "i18n": False}.items()
    # and a site without it has no such collection
    assert "notices" not in {c["name"] for c in editor.editor_config(
        load_site(make_site(tmp_path / "plain", {})), editor.Backend("o/s"))["collections"]}


def test_a_photo_without_its_description_is_clay_checks_to_refuse(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`image_alt` is required when `image` is set, in each language. Sveltia has no field
    required by another's value (its `required` is true, false or a list of languages), so the
    form says so in the field's hint, and `clay check` in the pull request's check refuses the
    files the form lets through: here, as the editor writes them (tests/test_admin_browser.py)."""
    import io

    from PIL import Image

    from clay_plugins.cli import main
    from tests.sitebuild import make_site

    f = fields_of(generated(tmp_path), "meetings")
    assert f["image_alt"]["required"] is False and f["image_alt"]["i18n"] is True
    assert f["image_alt"]["hint"].endswith(render(E_(
        "required when `{field}` is set, in each language", field="image"), "ro"))
    jpeg = io.BytesIO()
    Image.new("RGB", (1200, 800), (180, 90, 40)).save(jpeg, "JPEG", quality=80)
    head = "---\ntitle: {t}\nsummary: Text.\ndate: 2022-05-1{d}\nformat: online\nplatform: Zoom\n"
    cfg = make_site(tmp_path / "s", {
        "meetings/atelier.jpg": jpeg.getvalue(),
        # no description in either file
        "meetings/2022-05-16-fara.md": head.format(t="Fără", d=6) + "image: atelier.jpg\n---\n",
        "meetings/2022-05-16-fara.en.md": "---\ntitle: Without\nsummary: Text.\n---\n",
        # described in Romanian only
        "meetings/2022-05-17-doar-ro.md": head.format(t="Doar", d=7)
        + "image: atelier.jpg\nimage_alt: Olari la roată\n---\n",
        "meetings/2022-05-17-doar-ro.en.md": "---\ntitle: Only\nsummary: Text.\n---\n",
    }, use_repo_docs=True)
    assert main(["check", "--config", str(cfg), "--format", "json", "--lang", "en"]) == 1
    found = {(x["code"], x["path"], x["line"]) for x in json.loads(capsys.readouterr().out)[
        "findings"] if x["code"] == "meeting.image-alt"}
    assert found == {
        ("meeting.image-alt", "docs/meetings/2022-05-16-fara.md", 7),
        ("meeting.image-alt", "docs/meetings/2022-05-16-fara.en.md", 2),
        ("meeting.image-alt", "docs/meetings/2022-05-17-doar-ro.en.md", 2),
    }


@pytest.mark.parametrize(("languages", "said"), [
    (("ro", "en"), "ro"),  # the site's default language, from its editors' catalog
    (("en", "ro"), "en"),
    (("it", "en"), None),  # no Italian editors' catalog: English, the catalog's msgids
])
def test_the_forms_words_are_the_catalogs_in_the_sites_language(
        tmp_path: Path, languages: tuple[str, str], said: str | None) -> None:
    site = dataclasses.replace(settings(tmp_path), languages=languages)
    config = editor.editor_config(site, editor.Backend("owner/site"),
                                  page_names=["privacy.md"])
    collections = {c["name"]: c for c in config["collections"]}
    assert collections["meetings"]["label"] == render(E_("Meetings"), said)
    assert collections["meetings"]["label_singular"] == render(E_("Report"), said)
    assert collections["action-plan"]["label"] == render(E_("Action plan"), said)
    assert collections["pages"]["label"] == render(E_("Pages"), said)
    f = fields_of(config, "meetings")
    assert f["image_alt"]["hint"].endswith(render(E_(
        "required when `{field}` is set, in each language", field="image"), said))
    assert collections["meetings"]["slug"]["pattern"][1].startswith(
        render(E_("the file name's form: {form}", form=""), said))
    # ro and en say it differently: the test would notice a form left in one language
    assert render(E_("Meetings"), "ro") != render(E_("Meetings"), "en")
