"""The test harness's listing of the theme's static files (tests/sitebuild.py) is MkDocs' own:
the same files, in the same order, each from the same folder, whatever the site's overrides/
and docs/ add or shadow."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from clay_plugins.pagecache.plugin import INSTALLED
from tests.sitebuild import _add_files_from_theme, make_site


def theme_files(cfg: Path, *, harness: bool) -> list[tuple[str, str, str]]:
    """The files of a build of `cfg`'s site once the theme's are added: docs/'s, then the
    theme's, by the harness's listing or by MkDocs' own."""
    config = load_config(str(cfg))
    files = get_files(config)
    env = config.theme.get_env()
    if harness:
        files.add_files_from_theme(env, config)
    else:
        _add_files_from_theme(files, env, config)
    return [(f.src_uri, f.src_dir, f.dest_uri) for f in files]


def test_the_repository_site_gets_mkdocs_own_theme_files(tmp_path: Path) -> None:
    cfg = make_site(tmp_path / "site", use_repo_docs=True)
    for _ in range(2):  # the second time from the process's listing of the installed themes
        listed = theme_files(cfg, harness=True)
        assert listed == theme_files(cfg, harness=False)
    folders = {src_dir for _uri, src_dir, _dest in listed}
    assert str(tmp_path / "site" / "overrides") in folders
    assert any(Path(folder).resolve().is_relative_to(INSTALLED) for folder in folders)
    assert ("assets/javascripts/clay-keyboard.js", str(tmp_path / "site" / "overrides"),
            "assets/javascripts/clay-keyboard.js") in listed


def test_overrides_and_docs_shadow_the_theme_as_mkdocs_says(tmp_path: Path) -> None:
    """overrides/ replaces Material's favicon, a new folder of overrides/ adds its files, and
    a site whose docs/ has the favicon keeps its own."""
    cfg = make_site(tmp_path / "site", {"assets/images/favicon.png": b"docs"})
    overrides = tmp_path / "site" / "overrides"
    (overrides / "assets/images/favicon.png").write_bytes(b"png")
    (overrides / "extra").mkdir()
    (overrides / "extra/notes.txt").write_text("x", encoding="utf-8")
    (overrides / "extra/readme.md").write_text("x", encoding="utf-8")  # filtered out
    listed = theme_files(cfg, harness=True)
    assert listed == theme_files(cfg, harness=False)
    uris = [uri for uri, _dir, _dest in listed]
    assert uris.count("assets/images/favicon.png") == 1 and "extra/notes.txt" in uris
    assert "extra/readme.md" not in uris
    (tmp_path / "site" / "docs" / "assets/images/favicon.png").unlink()
    listed = theme_files(cfg, harness=True)
    assert listed == theme_files(cfg, harness=False)
    assert ("assets/images/favicon.png", str(overrides), "assets/images/favicon.png") in listed
