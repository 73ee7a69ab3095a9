"""The build side of the content core: one SiteContent per build, one lifecycle, one renderer.

The content plugins (clay-meetings, clay-action-plan) are subclasses of `ContentPlugin`, which
writes the static-i18n lifecycle once. static-i18n builds the default language, then in its
`on_post_build` runs MkDocs' whole `build(config)` again per extra language, with the SAME
config and plugin objects; `mkdocs serve` loads a new config for every rebuild. So:

- `on_config` (-110, after static-i18n's -100 has set the build's language): a top-level build
  (the default language's) forgets the previous build's content; the language builds keep it.
- `on_files` (50, before static-i18n's -100 keeps one language's files): the site's content is
  loaded once per build (`site_content`, shared by both plugins), and its findings are logged
  once, here: errors stop the build (one line each), warnings fail `--strict`.
- `on_files` (-150, after static-i18n, before clay-i18n records the sitemap at -200): each
  plugin generates the pages and files of the current language (`generate`).

Everything our plugins render (HTML fragments, the RSS feed) goes through ONE autoescaping Jinja
environment (`template`), whose loader sees the theme's folders first (the site's `overrides/`,
then Material) and our template folders last, so a site can replace any of our templates.
Texts are passed raw; only HTML that is already safe is wrapped in `markupsafe.Markup`.
"""

from __future__ import annotations

import html
import logging
import re
import weakref
from collections.abc import Callable
from functools import lru_cache, wraps
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import jinja2
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, PrefixedLogger, event_priority
from mkdocs.structure.files import Files
from mkdocs.utils import get_relative_url

from clay_plugins import i18n
from clay_plugins.cache import Cache
from clay_plugins.content.chapter import ActionPlanSettings
from clay_plugins.content.findings import Severity
from clay_plugins.content.meeting import MeetingSettings
from clay_plugins.content.site import SiteContent, SiteSettings, load_content
from clay_plugins.pictures import Pictures


def plugin_logger(plugin: str, module: str) -> PrefixedLogger:
    """The logger of one of our plugins: `mkdocs.plugins.<module>` (under `mkdocs`, so that
    `--strict` counts its warnings), each line prefixed by the plugin's name as mkdocs.yml
    spells it (`clay-meetings: …`). MkDocs' `get_plugin_logger(__name__)` would prefix every
    plugin of the package with the same `clay_plugins`."""
    return PrefixedLogger(plugin, logging.getLogger(f"mkdocs.plugins.{module}"))


# The findings of the content core: the very lines `clay check` prints.
log = plugin_logger("clay", "clay_plugins.content")

HERE = Path(__file__).resolve().parent
# Our default templates, after the theme's folders. Not theme folders themselves: MkDocs copies
# every file of a theme folder that is not an HTML template into the site.
TEMPLATE_DIRS = (
    str(HERE / "meetings" / "templates"),
    str(HERE / "meetings" / "feed_templates"),
    str(HERE / "action_plan" / "templates"),
)


def settings_from_config(config: MkDocsConfig) -> SiteSettings:
    """What the contracts depend on, as mkdocs.yml says it (also used by the `clay` command:
    it needs only `load_config`, not a build)."""
    languages = i18n.languages(config)
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    return SiteSettings(
        root=root.resolve(),
        docs_dir=Path(config.docs_dir).resolve(),
        languages=tuple(languages),
        meetings=MeetingSettings.from_plugin_options(_options(config, "clay-meetings"), languages),
        plan=ActionPlanSettings.from_plugin_options(
            _options(config, "clay-action-plan"), languages
        ),
        template_dirs=tuple(config.theme.dirs),
        site_files=site_files(config),
    )


def site_files(config: MkDocsConfig) -> frozenset[str]:
    """The files of docs/ that mkdocs.yml names, by src_uri (URLs left out)."""
    named: list[str] = [str(getattr(x, "path", x)) for x in (*config.extra_css,
                                                               *config.extra_javascript)]
    named += [str(config.theme[key]) for key in ("logo", "favicon") if config.theme.get(key)]
    return frozenset(n.lstrip("/") for n in named if "://" not in n and not n.startswith("//"))


def _options(config: MkDocsConfig, name: str) -> dict[str, Any]:
    plugin = config.plugins.get(name)
    if plugin is None:
        return {}
    return {str(k): v for k, v in dict(plugin.config).items()}


class _Build:
    """What one top-level build shares: its content and its renderer."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = weakref.ref(config)
        self.content: SiteContent | None = None
        self.env: jinja2.Environment | None = None
        self.templates: dict[str, jinja2.Template] = {}
        self.pictures: Pictures | None = None


_current: _Build | None = None


def _build(config: MkDocsConfig) -> _Build:
    global _current
    if _current is None or _current.config() is not config:
        _current = _Build(config)
    return _current


def start_build(config: MkDocsConfig) -> None:
    """Forget the previous build (the same config may be built twice, e.g. by a test)."""
    global _current
    _current = _Build(config)


def site_content(config: MkDocsConfig) -> SiteContent:
    """The content of the build in progress, loaded (and its findings logged) once."""
    state = _build(config)
    if state.content is None:
        state.content = load_content(settings_from_config(config))
        report(state.content)
    return state.content


def pictures(config: MkDocsConfig) -> Pictures:
    """The photos of the build in progress, resized (or taken from the cache) once."""
    state = _build(config)
    if state.pictures is None:
        state.pictures = Pictures(site_content(config).photos, cache(config))
    return state.pictures


def report(content: SiteContent) -> None:
    """Errors stop the build, one line each; warnings fail `--strict`; the rest is info."""
    for finding in content.findings:
        if finding.severity is Severity.WARNING:
            log.warning(str(finding))
        elif finding.severity is Severity.INFO:
            log.info(str(finding))
    errors = content.errors()
    if errors:
        raise PluginError("\n".join(str(f) for f in errors))


def template(config: MkDocsConfig, name: str) -> jinja2.Template:
    """Template `name` of the one autoescaping environment, compiled once per build."""
    state = _build(config)
    found = state.templates.get(name)
    if found is None:
        if state.env is None:
            state.env = jinja2.Environment(
                loader=jinja2.FileSystemLoader([*config.theme.dirs, *TEMPLATE_DIRS]),
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
                keep_trailing_newline=True,
                # get_template checks the file's time on every call otherwise
                auto_reload=False,
            )
        found = state.templates[name] = state.env.get_template(name)
    return found


@lru_cache(maxsize=65536)
def relative_url(target: str, page_url: str) -> str:
    """MkDocs' own `get_relative_url`, cached: the lists link thousands of reports."""
    return get_relative_url(target, page_url)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|!])")


def markdown_text(text: str) -> str:
    """Plain text as Markdown that shows it as it is (the heading of a generated page):
    HTML's special characters as references, Markdown's backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def cache(config: MkDocsConfig) -> Cache:
    """The site's cache of library results (clay_plugins/cache.py), beside its mkdocs.yml."""
    return Cache.beside(config.config_file_path)


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

    Subclasses implement `generate` (and may extend `configure`); `self.content` is the build's
    `SiteContent` and `self.lang` the language being built, from on_files on.
    """

    config: ConfigT
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.content: SiteContent | None = None
        self.lang = ""
        self.languages: list[str] = []
        self.prefix = ""  # the URL prefix of this language ('' or 'en/')

    @property
    def enabled(self) -> bool:
        return bool(self.config.get("enabled", True))

    @property
    def loaded(self) -> SiteContent:
        """The build's content, from on_files on (when page events and `generate` run)."""
        assert self.content is not None, "on_files loads the content"
        return self.content

    @event_priority(-110)  # after static-i18n's on_config (-100) has set this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if i18n.is_default_build(config):
            start_build(config)
            self.content = None
        self.lang = i18n.current_language(config)
        self.languages = i18n.languages(config)
        self.prefix = i18n.url_prefix(config, self.lang)
        if self.enabled:
            self.configure(config)
        return config

    def configure(self, config: MkDocsConfig) -> None:
        """Per language build: check the options against the config, add assets."""

    @event_priority(50)  # before static-i18n (-100) keeps only one language's files
    def _collect(self, files: Files, config: MkDocsConfig) -> Files:
        if self.enabled and i18n.is_default_build(config):
            self.content = site_content(config)
        return files

    @event_priority(-150)  # after static-i18n (-100), before clay-i18n's sitemap record (-200)
    def _generate(self, files: Files, config: MkDocsConfig) -> Files:
        if self.enabled:
            # the same object on every language build of this top-level build
            self.content = site_content(config)
            self.generate(files, config)
        return files

    on_files = CombinedEvent(_collect, _generate)

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment | None:
        # after the pages were rendered (MkDocs checked their image links against `files`),
        # before MkDocs copies the static files: the photos' sources are not published
        if self.enabled and self.content is not None:
            pictures(config).withhold(files)
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # this language's copies of the photos (once, whichever plugin comes first), before
        # static-i18n's on_post_build (-100) builds the next language
        if self.enabled and self.content is not None:
            pictures(config).write(config.site_dir, self.prefix)

    def generate(self, files: Files, config: MkDocsConfig) -> None:
        """Add this language's generated pages and files to `files`."""


HandlerT = TypeVar("HandlerT", bound=Callable[..., Any])


def page_event(handler: HandlerT) -> HandlerT:
    """A page event of a content plugin (`on_page_content(self, html, /, *, page, ...)`): while
    the plugin is disabled, or has no content yet, the page's value passes through unchanged."""

    @wraps(handler)
    def run(self: ContentPlugin[Any], value: Any, /, **kwargs: Any) -> Any:
        if not self.enabled or self.content is None:
            return value
        return handler(self, value, **kwargs)

    return cast(HandlerT, run)
