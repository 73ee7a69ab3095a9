"""Build real sites in temporary folders, the way `mkdocs build --strict` does.

`make_site` lays out a site in `root`: the repository's own `mkdocs.yml` and `overrides/`
(optionally with config changes) and either the repository's `docs/` or the given files.
`build_site` runs MkDocs in-process with a freshly loaded config, as every `mkdocs serve`
rebuild does, and fails on any warning (strict), returning the captured log lines.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import logging
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
import yaml
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files

from clay_plugins.l10n import LANGUAGE_VARIABLE
from clay_plugins.pagecache.plugin import INSTALLED  # where pip put Material and MkDocs

REPO = Path(__file__).resolve().parent.parent


class _EnvTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, keeping `!ENV [NAME, default]` as the default."""


_EnvTagLoader.add_constructor(
    "!ENV",
    lambda loader, node: (
        loader.construct_sequence(node)[-1]
        if isinstance(node, yaml.SequenceNode)
        else None
    ),
)


def repo_config() -> dict[str, Any]:
    """The repository's mkdocs.yml as a dict (`!ENV` values replaced by their defaults)."""
    with open(REPO / "mkdocs.yml", encoding="utf-8") as f:
        return yaml.load(f, Loader=_EnvTagLoader)


# Pagefind's indexer and the web editor (Sveltia's 365 files copied into every build) take most of
# a small site's build time, and are not what most tests are about: their own tests build sites
# with them (tests/test_search*.py, tests/test_admin*.py and the repository's site)
OWN_TESTS = ("clay-search", "clay-admin")


def plugin_name(entry: str | dict[str, Any]) -> str:
    """The name of an entry of mkdocs.yml's `plugins` (`name` or `{name: options}`)."""
    return entry if isinstance(entry, str) else next(iter(entry))


def content_config() -> dict[str, Any]:
    """The repository's mkdocs.yml without the plugins in OWN_TESTS."""
    config = repo_config()
    config["plugins"] = [entry for entry in config["plugins"]
                         if plugin_name(entry) not in OWN_TESTS]
    return config


def plugin_entry(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The options dict of plugin `name` in a config dict (created as {} when it has none)."""
    for i, entry in enumerate(config.get("plugins", [])):
        if entry == name:
            config["plugins"][i] = {name: {}}
            return config["plugins"][i][name]
        if isinstance(entry, dict) and name in entry:
            if entry[name] is None:
                entry[name] = {}
            return entry[name]
    return None


def make_site(
    root: Path,
    files: Mapping[str, str | bytes] | None = None,
    *,
    config: dict[str, Any] | None = None,
    use_repo_docs: bool = False,
    site_url: str = "https://example.org/clay/",
) -> Path:
    """Lay out a site in `root` and return the path of its mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    cfg = config if config is not None else repo_config()
    cfg["site_url"] = site_url
    shutil.copytree(REPO / "overrides", root / "overrides", dirs_exist_ok=True)
    # npm's packages (Pagefind for clay-search) next to mkdocs.yml, as in the repository
    if (REPO / "node_modules").is_dir() and not (root / "node_modules").exists():
        (root / "node_modules").symlink_to(REPO / "node_modules", target_is_directory=True)
    docs = root / "docs"
    if use_repo_docs:
        shutil.copytree(REPO / "docs", docs, dirs_exist_ok=True)
    else:
        docs.mkdir(exist_ok=True)
        # the site frame's stylesheet is part of every site
        css = REPO / "docs" / "assets"
        if css.exists():
            shutil.copytree(css, docs / "assets", dirs_exist_ok=True)
    for rel, content in (files or {}).items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    cfg_path = root / "mkdocs.yml"
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return cfg_path


@dataclass
class BuildResult:
    site: Path
    messages: list[logging.LogRecord] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.messages if r.levelno >= logging.WARNING]

    def read(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")

    def soup(self, rel: str) -> BeautifulSoup:
        """The built page at `rel`, parsed."""
        return BeautifulSoup(self.read(rel), "lxml")


class _CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per test process, not once per build.

    MkDocs makes a new Jinja environment in every build (and static-i18n's build of each
    language), which compiles Material's and overrides/'s templates again, and the content core
    makes one per build for our own templates (clay_plugins/build.py `Build.template`): together
    about half of the CPU time of a small site's build, and the suite builds a few hundred
    sites. This is Jinja's own bytecode cache
    (https://jinja.palletsprojects.com/en/stable/api/#bytecode-cache) kept in memory, given to
    every environment made in the test process that has none. An entry is used only for the
    same template source (Jinja compares its checksum) in an environment with the same settings,
    extensions, filters and tests (the compiled code depends on them: the key), so a changed
    template is compiled again.
    """

    def __init__(self) -> None:
        self._code: dict[str, tuple[str, object]] = {}

    def key(self, env: jinja2.Environment, name: str) -> str:
        settings = (
            sorted(env.extensions), env.autoescape, env.trim_blocks, env.lstrip_blocks,
            env.keep_trailing_newline, env.newline_sequence, env.optimized,
            env.block_start_string, env.variable_start_string, env.comment_start_string,
            env.line_statement_prefix, env.line_comment_prefix,
            getattr(env, "newstyle_gettext", None),
            # the compiler looks filters and tests up, and how each is called
            sorted((k, str(getattr(v, "jinja_pass_arg", None))) for k, v in env.filters.items()),
            sorted((k, str(getattr(v, "jinja_pass_arg", None))) for k, v in env.tests.items()),
        )
        return hashlib.sha256(repr((settings, name)).encode()).hexdigest()

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        bucket = jinja2.bccache.Bucket(environment, self.key(environment, name),
                                       self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self._code.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]  # type: ignore[assignment]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)


_COMPILED = _CompiledTemplates()
_environment_init = jinja2.Environment.__init__


def _environment(env: jinja2.Environment, *args: Any, **kwargs: Any) -> None:
    _environment_init(env, *args, **kwargs)
    if env.bytecode_cache is None:
        env.bytecode_cache = _COMPILED


jinja2.Environment.__init__ = _environment  # type: ignore[method-assign]


# --- the theme's static files, listed once per test process -----------------------------------

_add_files_from_theme = Files.add_files_from_theme


def static_theme_files(dirs: tuple[str, ...], static_templates: tuple[str, ...]
                       ) -> dict[str, str]:
    """The static files of theme folders `dirs` (path -> the folder it is copied from), found by
    MkDocs' own method run on those folders alone."""
    theme = SimpleNamespace(dirs=list(dirs), static_templates=set(static_templates))
    config = SimpleNamespace(theme=theme, site_dir="", use_directory_urls=True)
    files = Files([])
    _add_files_from_theme(files, jinja2.Environment(loader=jinja2.FileSystemLoader(dirs)),
                          config)  # type: ignore[arg-type]
    return {file.src_uri: file.src_dir for file in files}


_installed_theme_files = functools.cache(static_theme_files)


def _add_theme_files(self: Files, env: jinja2.Environment, config: Any) -> None:
    """MkDocs lists every file of the theme's folders in every build (and static-i18n's build of
    each language) to find the static ones among them: 14,509 files of Material's, its icons
    included, about 0.09 s of a small site's 0.29 s of CPU. The installed themes do not change
    during a run, so their part is listed once per test process; the site's own folders
    (overrides/), which come first in `theme.dirs`, in every build. The files, their order and
    the folder each is copied from are MkDocs' own (tests/test_sitebuild.py)."""
    dirs = tuple(config.theme.dirs)
    own = tuple(d for d in dirs if not Path(d).resolve().is_relative_to(INSTALLED))
    if dirs[:len(own)] != own:  # an installed folder before the site's: not this layout
        _add_files_from_theme(self, env, config)
        return
    templates = tuple(sorted(config.theme.static_templates))
    found = dict(_installed_theme_files(dirs[len(own):], templates))
    found.update(static_theme_files(own, templates) if own else {})  # the first folder wins
    for path in sorted(found):
        if self.get_file_from_path(path) is None:  # a file of docs/ is not overridden
            self.append(File(path, found[path], config.site_dir, config.use_directory_urls))


Files.add_files_from_theme = _add_theme_files  # type: ignore[method-assign]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class BuildFailed(Exception):
    def __init__(self, message: str, records: list[logging.LogRecord],
                 error: BaseException | None = None) -> None:
        self.records = records
        self.error = error
        lines = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
        super().__init__("\n".join([message, *lines]).strip())

    @property
    def text(self) -> str:
        return str(self)

    @property
    def findings(self) -> list[Any]:
        """The content's findings the build logged or stopped on (code, path, line), whatever
        language it spoke."""
        logged = [r.clay_finding for r in self.records if hasattr(r, "clay_finding")]
        return [*getattr(self.error, "findings", []), *logged]

    @property
    def codes(self) -> list[str]:
        return [f.code for f in self.findings]


def build_site(cfg_path: Path, *, strict: bool = True, lang: str | None = "en") -> BuildResult:
    """Build like `mkdocs build [--strict]` with a freshly loaded config.

    `lang`: the editors' language of the build's log (`CLAY_LANG`), English unless asked (the
    tests that read its words ask for English, as they ask `clay --lang en`); None: the site's
    default language, as `mkdocs build` speaks. Raises BuildFailed with the plugin error or the
    warnings that failed a strict build.
    """
    with _log_language(lang):
        return _build(cfg_path, strict=strict)


@contextlib.contextmanager
def _log_language(lang: str | None) -> Iterator[None]:
    before = os.environ.pop(LANGUAGE_VARIABLE, None)
    if lang is not None:
        os.environ[LANGUAGE_VARIABLE] = lang
    try:
        yield
    finally:
        os.environ.pop(LANGUAGE_VARIABLE, None)
        if before is not None:
            os.environ[LANGUAGE_VARIABLE] = before


def _build(cfg_path: Path, *, strict: bool) -> BuildResult:
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    # INFO, not DEBUG: MkDocs skips its anchor validation when its logger is at DEBUG.
    logger.setLevel(logging.INFO)
    try:
        config = load_config(str(cfg_path), strict=strict)
        try:
            build(config)
        except PluginError as exc:
            raise BuildFailed(str(exc), handler.records, exc) from None
        except Abort as exc:
            raise BuildFailed(str(exc), handler.records, exc) from None
        return BuildResult(Path(config.site_dir), handler.records)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def git(root: Path, *args: str, when: str | None = None) -> None:
    """Run git in `root` as a fixed author; `when` (ISO 8601) dates the commit (the rules that
    read git history, `translation.stale`, compare the dates of commits)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def commit_site(root: Path, when: str = "2021-01-01T10:00:00+00:00") -> None:
    """Make the site in `root` a git checkout with every file committed at `when`."""
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-qm", "all", when=when)
