"""The build side of the content core: one SiteContent per build, one lifecycle, one renderer.

The content plugins (clay-meetings, clay-action-plan) are subclasses of `ContentPlugin`, which
writes the static-i18n lifecycle once. static-i18n builds the default language, then in its
`on_post_build` runs MkDocs' whole `build(config)` again per extra language, with the SAME
config and plugin objects; `mkdocs serve` loads a new config for every rebuild. So:

The state of a build is one object, `Build`, owned by the build's config (a new one on every
`mkdocs serve` rebuild, the same one through static-i18n's language builds) and taken by each
content plugin in its on_config; there is no module-level state. So:

- `on_config` (-110, after static-i18n's -100 has set the build's language): each content
  plugin that is on takes the config's `Build` (a new one for a top-level build, the default
  language's; the language builds keep it) and gives it its type's settings, made from its own
  options only (`content_settings`): no plugin reads another's options.
- `on_files` (50, before static-i18n's -100 keeps one language's files): the site's content is
  loaded once per build (`Build.content`, shared by the plugins), with the types whose plugin
  is on, and its findings are logged once, here: errors stop the build (one line each),
  warnings fail `--strict`. `clay check` loads it with the same settings
  (`settings_from_config`) and the same function, so both report the same findings.
- `on_files` (-150, after static-i18n, before clay-i18n records the sitemap at -200): each
  plugin generates the pages and files of the current language (`generate`).

A plugin with `enabled: false` does none of this: its type is not loaded nor checked, its files
are ordinary pages.

Everything our plugins render (HTML fragments, the RSS feed) goes through ONE autoescaping Jinja
environment per build (`Build.template`), whose loader sees the theme's folders first (the site's
`overrides/`, then Material) and our template folders last, so a site can replace any of our
templates.
Texts are passed raw; only HTML that is already safe is wrapped in `markupsafe.Markup`.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar, cast

import jinja2
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, PrefixedLogger, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from clay_plugins import i18n, pagecache, published
from clay_plugins.cache import Cache
from clay_plugins.content import html as html_rules
from clay_plugins.content import registry
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.site import SiteContent, SiteSettings, load_content
from clay_plugins.l10n import (
    E_,
    EDITORS,
    LANGUAGE_VARIABLE,
    CatalogError,
    Text,
    asked_language,
    catalog,
    render,
)
from clay_plugins.pictures import Pictures


def plugin_logger(plugin: str, module: str) -> PrefixedLogger:
    """The logger of one of our plugins: `mkdocs.plugins.<module>` (under `mkdocs`, so that
    `--strict` counts its warnings), each line prefixed by the plugin's name as mkdocs.yml
    spells it (`clay-meetings: …`). MkDocs' `get_plugin_logger(__name__)` would prefix every
    plugin of the package with the same `clay_plugins`."""
    return PrefixedLogger(plugin, logging.getLogger(f"mkdocs.plugins.{module}"))


# The findings of the content core: the very lines `clay check` prints.
log = plugin_logger("clay", "clay_plugins.content")

# The build's log speaks an editors' language (the editors' catalogs, clay_plugins/locale/): the
# site's default language, or the one `CLAY_LANG` names (`CLAY_LANG=en mkdocs build`), as
# `clay check --lang` chooses for `clay`.
LOG_LANGUAGE = LANGUAGE_VARIABLE


def log_language(config: MkDocsConfig) -> str | None:
    """The editors' language of the build's log: `CLAY_LANG`, else the site's default
    language; None (English, the msgids) when the default language has no editors' catalog
    (the build's first line then says so). A `CLAY_LANG` without a catalog stops the build."""
    asked = asked_language()
    lang = asked or next(iter(i18n.languages(config)), "en")
    try:
        catalog(lang, EDITORS)
    except CatalogError as exc:
        if asked:
            raise PluginError(render(E_("{variable}={lang}: {error}", variable=LOG_LANGUAGE,
                                        lang=lang, error=str(exc)), None)) from None
        return None
    return lang


def said(config: MkDocsConfig, text: Text) -> str:
    """An editors' text of our plugins' log (and their errors) in the build's language."""
    return render(text, log_language(config))


class FindingsError(PluginError):
    """The content's errors that stop the build, one line each (its message); `findings`
    keeps them, with their codes, for whoever reads more than the words."""

    def __init__(self, message: str, findings: list[Finding]) -> None:
        super().__init__(message)
        self.findings = findings

HERE = Path(__file__).resolve().parent
# Our default templates, after the theme's folders. Not theme folders themselves: MkDocs copies
# every file of a theme folder that is not an HTML template into the site.
TEMPLATE_DIRS = (
    str(HERE / "meetings" / "templates"),
    str(HERE / "meetings" / "feed_templates"),
    str(HERE / "action_plan" / "templates"),
)


def site_settings(config: MkDocsConfig, types: Mapping[str, Any]) -> SiteSettings:
    """The `SiteSettings` of a site: its folders and languages from mkdocs.yml, and the settings
    of each content type whose plugin is on (`types`, by the plugin's key), as that plugin made
    them from its own options (`ContentPlugin.content_settings`). A type without one (its plugin
    off or absent) is not loaded: its files are ordinary pages."""
    languages = i18n.languages(config)
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    extra = tuple(str(m) for m in dict(config.extra or {}).get("content_types") or ())
    return SiteSettings(
        root=root.resolve(),
        docs_dir=Path(config.docs_dir).resolve(),
        languages=tuple(languages),
        type_settings={kind.name: types[kind.plugin] for kind in registry.content_types(extra)
                       if kind.plugin and kind.plugin in types},
        template_dirs=tuple(config.theme.dirs),
        site_files=site_files(config),
        content_types=frozenset(types),
        types=extra,
    )


def site_files(config: MkDocsConfig) -> frozenset[str]:
    """The files of docs/ that mkdocs.yml names, by src_uri: those that exist there (not URLs,
    not the theme's own files, not the stylesheets our plugins add to `extra_css`)."""
    named: list[str] = [str(getattr(x, "path", x)) for x in (*config.extra_css,
                                                               *config.extra_javascript)]
    named += [str(config.theme[key]) for key in ("logo", "favicon") if config.theme.get(key)]
    docs = Path(config.docs_dir)
    return frozenset(n.lstrip("/") for n in named if "://" not in n and not n.startswith("//")
                     and (docs / n.lstrip("/")).is_file())


def settings_from_config(config: MkDocsConfig) -> SiteSettings:
    """The settings a build of `config` loads its content with, for the `clay` command (which
    needs only `load_config`, not a build): each content plugin that is on gives its own, with
    the method the build calls (one place, so the command and the build agree)."""
    languages = i18n.languages(config)
    types: dict[str, Any] = {}
    for plugin in config.plugins.values():
        if isinstance(plugin, ContentPlugin) and plugin.enabled:
            types[plugin.kind] = plugin.content_settings(languages)
    return site_settings(config, types)


class Build:
    """The state of one top-level build, shared by our content plugins: its content (loaded,
    and its findings logged, once), its photos, its one autoescaping Jinja environment.

    A build's `MkDocsConfig` owns it (`Build.of`): the config is the one object MkDocS passes to
    every event of every plugin of a build, a new one on every rebuild of `mkdocs serve`, the
    same one through the language builds that static-i18n runs from its `on_post_build`. The
    content plugins take it from the config in their `on_config` and keep it until the next
    build; nothing else holds it.
    """

    _ATTRIBUTE = "clay_build"  # the attribute of the config that holds it

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self.lang = log_language(config)  # the editors' language of the build's log
        if self.lang is None:
            log.info(render(E_("the build's log is in English: the default language `{lang}` has "
                               "no editors' catalog", lang=i18n.languages(config)[0]), None))
        # each content type's settings, given by its plugin in on_config (`register`)
        self.types: dict[str, Any] = {}
        self._content: SiteContent | None = None
        self._env: jinja2.Environment | None = None
        self._templates: dict[str, jinja2.Template] = {}
        self._pictures: Pictures | None = None
        self._digests: dict[str, str] = {}
        self._shows: dict[str, Callable[[Page], Iterable[str] | None]] = {}
        self.cache = Cache.beside(config.config_file_path)

    @classmethod
    def of(cls, config: MkDocsConfig) -> Build:
        """The build `config` is in. The default language's `on_config` of a build that has
        loaded its content already (the same config built again, e.g. by a test) starts a
        new one; the language builds that static-i18n runs share the default language's."""
        found = getattr(config, cls._ATTRIBUTE, None)
        if not isinstance(found, Build) or (found.loaded and i18n.is_default_build(config)):
            found = cls(config)
            setattr(config, cls._ATTRIBUTE, found)
        return found

    @classmethod
    def current(cls, config: MkDocsConfig) -> Build | None:
        """The build `config` is in, if a content plugin has started one (never a new one)."""
        found = getattr(config, cls._ATTRIBUTE, None)
        return found if isinstance(found, Build) else None

    def register(self, kind: str, settings: Any,
                 shows: Callable[[Page], Iterable[str] | None] | None = None) -> None:
        """A content plugin that is on gives its type's settings (before the content loads),
        and what it shows of the content on a page (`ContentPlugin.page_inputs`)."""
        self.types[kind] = settings
        if shows is not None:
            self._shows[kind] = shows

    def page_digest(self, page: Page) -> str:
        """The hash of the content that the content plugins show on `page` (the page cache's
        key, clay_plugins/pagecache/): "" when they show none of it."""
        found = [inputs for inputs in (shows(page) for shows in self._shows.values())
                 if inputs is None or inputs]
        if not found:
            return ""
        if any(inputs is None for inputs in found):
            return self.digest(None)
        return self.digest(uri for inputs in found for uri in inputs or ())

    @property
    def loaded(self) -> bool:
        return self._content is not None

    @property
    def content(self) -> SiteContent:
        """The site's content, loaded and its findings logged once per build: errors stop the
        build (one line each), warnings fail `--strict`."""
        if self._content is None:
            self._content = load_content(site_settings(self._config, self.types))
            report(self._content, self.lang)
        return self._content

    def use_content(self, content: SiteContent) -> None:
        """The content after an edit, already checked (`clay serve` re-renders the pages the
        edit changes with it, the photos unchanged). The page cache's digests of the content
        are made again from it."""
        self._content = content
        self._digests.clear()

    @property
    def pictures(self) -> Pictures:
        """The photos of the build, resized (or taken from the cache) once."""
        if self._pictures is None:
            self._pictures = Pictures(self.content.photos, self.cache, self.lang)
        return self._pictures

    def digest(self, src_uris: Iterable[str] | None) -> str:
        """The hash of the content a page shows (the page cache's key, clay_plugins/pagecache/):
        the sources of the items whose files are `src_uris` (every language's), or of every
        page of docs/ for None; with every photo's bytes either way (a page shows the sizes
        and names of the copies of the photos it shows)."""
        content = self.content
        if "photos" not in self._digests:
            photos = hashlib.sha256()
            for uri, photo in sorted(content.photos.items()):
                photos.update(f"{uri}\0{photo.digest}\0{photo.picture}\0{photo.file}\n".encode(
                    "utf-8", "surrogatepass"))
            self._digests["photos"] = photos.hexdigest()
        if src_uris is None:
            found = self._digests.get("all")
            if found is None:
                found = self._digests["all"] = self._sources(content.pages.sources)
            return found
        return self._sources(sorted(set(src_uris)))

    def _sources(self, src_uris: Iterable[str]) -> str:
        sources = self.content.pages.sources
        digest = hashlib.sha256(self._digests["photos"].encode())
        for uri in src_uris:
            source = sources.get(uri)
            text = "\0missing" if source is None else source.text
            digest.update(f"\0{len(uri)}:{uri}{len(text)}:".encode("utf-8", "surrogatepass"))
            digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def template(self, name: str) -> jinja2.Template:
        """Template `name` of the build's one autoescaping environment, compiled once."""
        found = self._templates.get(name)
        if found is None:
            if self._env is None:
                self._env = jinja2.Environment(
                    loader=jinja2.FileSystemLoader([*self._config.theme.dirs, *TEMPLATE_DIRS]),
                    autoescape=True,
                    trim_blocks=True,
                    lstrip_blocks=True,
                    keep_trailing_newline=True,
                    # get_template checks the file's time on every call otherwise
                    auto_reload=False,
                )
            found = self._templates[name] = self._env.get_template(name)
        return found


def vet_rendered_pages(config: MkDocsConfig) -> None:
    """Every page Python-Markdown renders is parsed again and fails the build if it holds HTML
    outside the allowlist (content/html.py): the checks read the Markdown with another
    parser, and what is published must not depend on the two agreeing. Added once (on_config
    runs again on this config for every language build)."""
    if not html_rules.vet_extension_present(config.markdown_extensions):
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        docs = display_path(str(Path(config.docs_dir).resolve()), str(root.resolve()))
        config.markdown_extensions.append(html_rules.VetExtension(docs))  # type: ignore[arg-type]


def report(content: SiteContent, lang: str | None) -> None:
    """Errors stop the build, one line each; warnings fail `--strict`; the rest is info. Said
    in the editors' language `lang` (None: English); each record carries its finding
    (`record.clay_finding`: code, path, line), the error its findings (`FindingsError`)."""
    for finding in content.findings:
        if finding.severity is Severity.WARNING:
            log.warning(finding.text(lang), extra={"clay_finding": finding})
        elif finding.severity is Severity.INFO:
            log.info(finding.text(lang), extra={"clay_finding": finding})
    errors = content.errors()
    if errors:
        raise FindingsError("\n".join(f.text(lang) for f in errors), errors)


@lru_cache(maxsize=65536)
def relative_url(target: str, page_url: str) -> str:
    """MkDocs' own `get_relative_url`, cached: the lists link thousands of reports."""
    return get_relative_url(target, page_url)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows it as it is (the heading of a generated page):
    HTML's special characters as references, Markdown's backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def absolute_url(config: MkDocsConfig, url: str) -> str:
    """A site-root-relative URL made absolute with `site_url`."""
    base = config.site_url or "/"
    return (base if base.endswith("/") else base + "/") + url


ConfigT = TypeVar("ConfigT", bound=Config)


# Generic[ConfigT] beside the bare BasePlugin: `BasePlugin[ConfigT]` would call MkDocs'
# `BasePlugin.__class_getitem__`, which wants a Config class, not a type variable. A subclass
# writes `ContentPlugin[ItsConfig]`, which is that very __class_getitem__.
class ContentPlugin(BasePlugin, Generic[ConfigT]):  # type: ignore[type-arg]
    """A plugin that publishes a content type of the site, in every language.

    Subclasses set `kind` (the `plugin` key of the content type they publish), implement
    `content_settings` (their type's settings, from their own options only) and `generate` (and
    may extend `configure`). From on_config on, `self.build` is the build in progress; from
    on_files on, `self.content` is its `SiteContent` and `self.lang` the language being built.
    With `enabled: false` none of this happens: every event returns its value untouched.
    """

    config: ConfigT
    supports_multiple_instances = False
    kind: ClassVar[str]

    def __init__(self) -> None:
        self.build: Build | None = None
        self.content: SiteContent | None = None
        self.lang = ""
        self.languages: list[str] = []
        self.prefix = ""  # the URL prefix of this language ('' or 'en/')

    @property
    def enabled(self) -> bool:
        return bool(self.config.get("enabled", True))

    @property
    def state(self) -> Build:
        """The build in progress, from on_config on."""
        assert self.build is not None, "on_config takes the build"
        return self.build

    @property
    def loaded(self) -> SiteContent:
        """The build's content, from on_files on (when page events and `generate` run)."""
        assert self.content is not None, "on_files loads the content"
        return self.content

    def content_settings(self, languages: list[str]) -> Any:
        """This type's settings, from this plugin's options (the build and `clay` both ask)."""
        raise NotImplementedError

    @event_priority(-110)  # after static-i18n's on_config (-100) has set this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.enabled:
            return config
        build = Build.of(config)
        if build is not self.build:  # a new top-level build: nothing of the previous one
            self.build, self.content = build, None
        self.lang = i18n.current_language(config)
        self.languages = i18n.languages(config)
        self.prefix = i18n.url_prefix(config, self.lang)
        build.register(self.kind, self.content_settings(self.languages), self.page_inputs)
        self.configure(config)
        vet_rendered_pages(config)
        return config

    def configure(self, config: MkDocsConfig) -> None:
        """Per language build: check the options against the config, add assets."""

    def page_inputs(self, page: Page) -> Iterable[str] | None:
        """What this plugin shows on `page` of the content, for the page cache's key
        (clay_plugins/pagecache/): the src_uris of the items it shows, () for a page it leaves
        as it is, None for "any of it" (the default: a list, a page the plugin decorates)."""
        return None

    @event_priority(50)  # before static-i18n (-100) keeps only one language's files
    def _collect(self, files: Files, config: MkDocsConfig) -> Files:
        if self.enabled and i18n.is_default_build(config):
            self.content = self.state.content
        return files

    @event_priority(-150)  # after static-i18n (-100), before clay-i18n's sitemap record (-200)
    def _generate(self, files: Files, config: MkDocsConfig) -> Files:
        if self.enabled:
            # the same object on every language build of this top-level build
            self.content = self.state.content
            self.generate(files, config)
        return files

    on_files = CombinedEvent(_collect, _generate)

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment | None:
        # after the pages were rendered (MkDocs checked their image links against `files`),
        # before MkDocs copies the static files: the photos' sources are not published
        if self.enabled and self.content is not None:
            self.state.pictures.withhold(files)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # this language's copies of the photos (once, whichever plugin comes first), before
        # static-i18n's on_post_build (-100) builds the next language
        if self.enabled and self.content is not None:
            self.state.pictures.write(config.site_dir, self.prefix)

    def on_build_error(self, *, error: Exception) -> None:
        # a full disk (or a file-size limit) in any of MkDocs' writes: one line, no traceback
        # (Abort is a SystemExit: static-i18n's outer build lets it through as it is)
        lang = self.build.lang if self.build is not None else None
        line = published.disk_error(error, lang)
        if line is not None:
            log.error(str(line))
            raise Abort(render(E_("Aborted: the site could not be written"), lang))

    def generate(self, files: Files, config: MkDocsConfig) -> None:
        """Add this language's generated pages and files to `files`."""


HandlerT = TypeVar("HandlerT", bound=Callable[..., Any])


def page_event(handler: HandlerT) -> HandlerT:
    """A page event of a content plugin (`on_page_content(self, html, /, *, page, ...)`): while
    the plugin is disabled, or has no content yet, or the page is taken from the page cache
    (clay_plugins/pagecache/: its output is already whole), the page's value passes through
    unchanged."""

    @wraps(handler)
    def run(self: ContentPlugin[Any], value: Any, /, **kwargs: Any) -> Any:
        if not self.enabled or self.content is None or pagecache.cached(kwargs.get("page")):
            return value
        return handler(self, value, **kwargs)

    return cast(HandlerT, run)
