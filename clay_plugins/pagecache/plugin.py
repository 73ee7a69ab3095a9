"""clay-pagecache: each page's output kept under the hash of everything it depends on (see the
package's docstring for what a cached page skips and what it gives back)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
import json
import logging
import sys
import sysconfig
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import yaml as mkdocs_yaml

from clay_plugins import build, i18n
from clay_plugins.cache import Cache
from clay_plugins.l10n import E_
from clay_plugins.pagecache import ATTRIBUTE, PAGE_KIND, TEMPLATE

log = build.plugin_logger("clay-pagecache", __name__)

# clay_plugins: its code, templates and catalogs are part of every key
PACKAGE = Path(__file__).resolve().parent.parent
# the installed packages' template folders (Material's): their versions are part of every key
INSTALLED = Path(sysconfig.get_paths()["purelib"]).resolve()
# where a page's output does not depend on the value (paths of this machine, checks only)
_UNSHOWN = frozenset({"config_file_path", "docs_dir", "site_dir", "strict", "dev_addr",
                      "watch", "theme", "validation", "plugins", "hooks"})
# an entry's format: a change makes every older entry a miss
FORMAT = "clay-pagecache 2"


class PageCacheConfig(Config):
    enabled = c.Type(bool, default=True)
    """Keep each page's output in .cache/clay/ and reuse it while its inputs are the same."""


class _Warnings(logging.Handler):
    """Counts the warnings and errors of the build, to tell whether any was logged while a
    page was made (a page whose making warned is not kept: see on_post_page)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCachePlugin(BasePlugin[PageCacheConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self._cache = Cache(None)
        self._warnings: _Warnings | None = None
        self._config: MkDocsConfig | None = None
        # the builds under way: static-i18n runs each other language's whole build inside the
        # default language's on_post_build, with the same config (which it leaves in the last
        # language's state: the depth, not the language, tells a top-level build's end)
        self._depth = 0
        # what every page of a top-level build, in every language, depends on besides the
        # config: the code, the site's templates, mkdocs.yml as written
        self._sources = ""
        # per language build: what every page depends on, and the pages made or reused
        self._site = ""
        self._files = ""
        self._nav = ""
        self._making: dict[str, tuple[str, int]] = {}  # dest_uri -> (key, warnings before)
        self._built: dict[str, int] = {}  # dest_uri -> warnings before its template
        self._reused = 0
        self._made = 0
        self._kept = 0
        # mkdocs.yml's Markdown extensions while a cached page is rendered (_render_nothing)
        self._extensions: tuple[Any, Any] | None = None

    # ----------------------------------------------------------------------------------------
    # what every page of a language build depends on

    @event_priority(-130)  # after static-i18n (-100) and our plugins (-110) set the language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self._cache = Cache.beside(config.config_file_path)
        self._config = config
        if self._depth == 0:  # a top-level build: read once for all its languages
            self._sources = _hash(
                f"python {sys.version_info[0]}.{sys.version_info[1]}",
                *distributions(),
                folder_digest(PACKAGE),
                *(folder_digest(Path(d)) for d in config.theme.dirs
                  if not Path(d).resolve().is_relative_to(INSTALLED)),
                # the options of every plugin as mkdocs.yml gives them (with its `!ENV` values
                # and the files it INHERITs)
                _json(_user_config(config)),
                # MkDocs hooks are plugins too: the code of each
                *(folder_digest(Path(module.__file__)) for module in _modules(config.hooks)
                  if getattr(module, "__file__", None)),
            )
        self._depth += 1
        if self._warnings is None:
            self._warnings = _Warnings()
            logging.getLogger("mkdocs").addHandler(self._warnings)
        self._making, self._built = {}, {}
        self._reused = self._made = self._kept = 0
        self._site = _hash(
            FORMAT,
            i18n.current_language(config),
            self._sources,
            # the rest of the config as validated (command-line options too), as this
            # language's build has it
            _json({k: v for k, v in config.items() if k not in _UNSHOWN}),
            _json({k: v for k, v in config.theme.items()}),
        )
        return config

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment | None:
        # the empty template of the cached pages, after the theme's folders (the site's
        # overrides, then Material): the environment MkDocs renders this build's pages with
        if self.config.enabled and env.loader is not None:
            env.loader = jinja2.ChoiceLoader([env.loader, jinja2.DictLoader({TEMPLATE: ""})])
        return env

    @event_priority(-300)  # after every plugin has added or moved its files
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if self.config.enabled:
            # every address of the site and each page's language versions: links, the
            # language switch and the navigation point at them
            self._files = _hash(*(
                _json([f.src_uri, f.dest_uri, f.url, f.inclusion.name, i18n.described(f)])
                for f in sorted(files, key=lambda f: (f.dest_uri, f.src_uri))))
        return files

    @event_priority(-300)  # after static-i18n (-100) translated the navigation
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig,
               files: Files) -> Navigation | None:
        if self.config.enabled:
            self._nav = _hash(*_nav_parts(nav.items))
        return nav

    # ----------------------------------------------------------------------------------------
    # pages

    def key(self, page: Page, config: MkDocsConfig) -> str:
        """The hash of everything `page` shows, from its Markdown as read (before any plugin
        changed it) to the content it lists."""
        return _hash(
            self._site, self._files, self._nav,
            page.file.src_uri, page.file.dest_uri, page.url,
            _json(page.meta), page.markdown or "",
            self._shown(page, config),
        )

    @staticmethod
    def _shown(page: Page, config: MkDocsConfig) -> str:
        """What the content plugins show on the page (build.py's `Build.page_digest`)."""
        state = build.Build.current(config)
        return state.page_digest(page) if state is not None and state.loaded else ""

    @event_priority(1000)  # first: the Markdown as read, before any plugin changed it
    def _key(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str | None:
        if not self.config.enabled:
            return markdown
        key = self.key(page, config)
        entry = _entry(self._cache.load(PAGE_KIND, key))
        if entry is None:
            self._making[page.file.dest_uri] = (key, self._count())
            self._made += 1
            return markdown
        setattr(page, ATTRIBUTE, entry)
        page.meta["template"] = TEMPLATE
        self._reused += 1
        return ""

    @event_priority(-2000)  # last: nothing reads the extensions until the page is rendered
    def _render_nothing(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        # MkDocs makes a Python-Markdown instance per page, which loads every extension of
        # mkdocs.yml: most of what a cached page would still cost. Its empty text is rendered
        # without them; they are back before any other plugin sees the page (`_restore`).
        if getattr(page, ATTRIBUTE, None) is not None and self._extensions is None:
            self._extensions = (config["markdown_extensions"], config["mdx_configs"])
            config["markdown_extensions"], config["mdx_configs"] = [], {}
        return markdown

    on_page_markdown = CombinedEvent(_key, _render_nothing)

    def _put_back_extensions(self, config: MkDocsConfig) -> None:
        if self._extensions is not None:
            config["markdown_extensions"], config["mdx_configs"] = self._extensions
            self._extensions = None

    @event_priority(1000)  # first: the plugins after this one see what the page was
    def _restore(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str | None:
        self._put_back_extensions(config)
        entry = getattr(page, ATTRIBUTE, None)
        if entry is not None:
            page.title = entry["title"]  # type: ignore[misc]  # MkDocs' weak_property
            page.present_anchor_ids = set(entry["anchors"])
            if entry["links"] is not None:
                found = {uri: files.get_file_from_path(uri) for uri in entry["links"]}
                page.links_to_anchors = {file: dict(entry["links"][uri])
                                         for uri, file in found.items() if file is not None}
        return html

    @event_priority(-2000)  # last: a warning of any plugin's on_page_content counts
    def _content_made(self, html: str, /, *, page: Page, config: MkDocsConfig,
                      files: Files) -> str | None:
        making = self._making.get(page.file.dest_uri)
        if making is not None and self._count() != making[1]:
            del self._making[page.file.dest_uri]  # warned: not kept
        return html

    on_page_content = CombinedEvent(_restore, _content_made)

    @event_priority(2000)  # first: the page's template is about to be rendered
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        if page.file.dest_uri in self._making:
            self._built[page.file.dest_uri] = self._count()
        return context

    @event_priority(-2000)  # last, after clay-csp (-1000): the page as it is written
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        entry = getattr(page, ATTRIBUTE, None)
        if entry is not None:
            return str(entry["output"])
        dest = page.file.dest_uri
        making, before = self._making.pop(dest, None), self._built.pop(dest, None)
        if making is not None and before == self._count():
            links = page.links_to_anchors
            # what the other pages read of it as a JSON line (no newline: JSON escapes it),
            # then the page as it is written
            about = json.dumps({
                "format": FORMAT,
                "title": page.title,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": None if links is None else {
                    file.src_uri: dict(anchors) for file, anchors in links.items()},
            }, ensure_ascii=False, sort_keys=True)
            self._cache.put(PAGE_KIND, making[0],
                            f"{about}\n{output}".encode("utf-8", "surrogatepass"))
            self._kept += 1
        return output

    def _report(self, *, config: MkDocsConfig) -> None:
        # before static-i18n's on_post_build (-100) builds the next language
        if self.config.enabled:
            counts = {"reused": self._reused, "made": self._made, "kept": self._kept}
            # the counts also as the record's `clay_pages`, for whoever reads more than words
            log.info(build.said(config, E_(
                "{lang}: pages taken from the cache: {reused}; made: {made} (kept: {kept})",
                lang=i18n.current_language(config), **counts)), extra={"clay_pages": counts})

    @event_priority(-300)  # after static-i18n (-100) has built the other languages
    def _end(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled:
            self._depth -= 1
            if self._depth == 0:
                self._stop_counting()

    on_post_build = CombinedEvent(_report, _end)

    def on_build_error(self, *, error: Exception) -> None:
        self._depth = 0
        self._stop_counting()
        if self._config is not None:
            self._put_back_extensions(self._config)

    def _stop_counting(self) -> None:
        if self._warnings is not None:
            logging.getLogger("mkdocs").removeHandler(self._warnings)
            self._warnings = None

    def _count(self) -> int:
        return self._warnings.count if self._warnings is not None else 0


def _user_config(config: MkDocsConfig) -> Any:
    """mkdocs.yml as MkDocs reads it, before validation (None without a file)."""
    if not config.config_file_path or not Path(config.config_file_path).is_file():
        return None
    with open(config.config_file_path, "rb") as file:
        return mkdocs_yaml.yaml_load(file)


def _modules(hooks: Any) -> list[Any]:
    return list(hooks.values() if isinstance(hooks, Mapping) else hooks or ())


def _entry(data: bytes | None) -> dict[str, Any] | None:
    """A kept page, or None when there is none or it is not one of this format (a miss)."""
    if data is None:
        return None
    about, _, output = data.partition(b"\n")
    try:
        entry = json.loads(about)
        entry["output"] = output.decode("utf-8", "surrogatepass")
    except (ValueError, TypeError):
        return None
    if (not isinstance(entry, dict) or entry.get("format") != FORMAT
            or not isinstance(entry.get("output"), str) or not entry["output"].strip()
            or not isinstance(entry.get("title"), str | None)
            or not isinstance(entry.get("anchors"), list)
            or not isinstance(entry.get("links"), dict | None)):
        return None
    return entry


def _nav_parts(items: Iterable[Any]) -> Iterable[str]:
    """The navigation as the templates show it: titles, addresses, and the source of each
    page in it (a page's title may come from its first heading)."""
    for item in items:
        if isinstance(item, Section):
            yield _json(["section", item.title])
            yield from _nav_parts(item.children)
            yield "end"
        elif isinstance(item, Link):
            yield _json(["link", item.title, item.url])
        elif isinstance(item, Page):
            yield _json(["page", item.title if "title" in vars(item) else None, item.url,
                         item.file.src_uri])
            yield hashlib.sha256(item.file.content_bytes).hexdigest()


@functools.cache
def distributions() -> tuple[str, ...]:
    """Every installed distribution and its version: MkDocs, Material, static-i18n,
    Python-Markdown, Jinja and every extension they load all write part of a page. Read once
    per process: its builds (`clay serve`'s too) run the code it imported when it started,
    whatever is installed since."""
    return tuple(sorted({f"{d.metadata['Name']}=={d.version}"
                         for d in importlib.metadata.distributions()}))


def folder_digest(folder: Path) -> str:
    """The hash of every file under `folder` (a template folder, the package's code), by its
    path inside it; a missing folder hashes as empty."""
    digest = hashlib.sha256()
    if folder.is_file():
        digest.update(folder.read_bytes())
        return digest.hexdigest()
    for path in sorted(p for p in folder.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogateescape"))
        digest.update(b"\0%d\0" % path.stat().st_size)
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data))
        digest.update(data)
    return digest.hexdigest()


def _json(value: Any) -> str:
    return json.dumps(_stable(value), sort_keys=True, ensure_ascii=False)


def _stable(value: Any) -> Any:
    """`value` as JSON data that is the same on every build of the same sources: plugins and
    extensions by their class and options, never by their address in memory."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, BasePlugin):
        return {"plugin": _name(value), "config": _stable(value.config)}
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_stable(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_stable(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    text = repr(value)
    return _name(value) if " at 0x" in text else text


def _name(value: Any) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"
