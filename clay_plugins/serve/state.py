"""What the preview keeps of each language build: captured with plugin events, restored to
re-render a page of that language.

static-i18n builds every language with the SAME config and plugin objects (its `on_post_build`
runs MkDocs' `build()` again per extra language), and each language's `on_config` changes them
(the theme's language, the site name, each plugin's current language). Each language build
makes its own files, navigation and Jinja environment. So, at the end of each language's
`on_env` (when its pages are read and the plugins' per-language state is complete, before any
page is written), `Capture` keeps that language's files, navigation and environment, and a
shallow copy of the config's values, of the theme's and of every plugin's attributes.
`LanguageState.restore` puts them back before pages of that language are rendered again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from clay_plugins import i18n
from clay_plugins.build import Build
from clay_plugins.meetings.outputs import EVENT_CACHE
from clay_plugins.serve.memory import RememberingCache


@dataclass
class LanguageState:
    lang: str
    files: Files
    nav: Navigation
    env: jinja2.Environment
    config_values: dict[str, Any]
    theme_values: dict[str, Any]
    theme_dirs: list[str]
    plugin_values: dict[str, dict[str, Any]] = field(default_factory=dict)

    def restore(self, config: MkDocsConfig) -> None:
        """Put the config, the theme and the plugins back as they were in this language's
        build, when its pages were written."""
        config.data.update(self.config_values)
        for key, value in self.theme_values.items():
            config.theme[key] = value
        config.theme.dirs[:] = self.theme_dirs
        for name, plugin in config.plugins.items():
            saved = self.plugin_values.get(name)
            if saved is not None:
                vars(plugin).update(saved)


class Capture(BasePlugin):  # type: ignore[type-arg]
    """Added by the preview to the config it builds (never named in mkdocs.yml): keeps each
    language build's state, by language."""

    def __init__(self) -> None:
        self.states: dict[str, LanguageState] = {}
        self._nav: Navigation | None = None

    @event_priority(-1000)  # after the content plugins' on_config (-110) made the build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        build = Build.of(config)
        if not isinstance(build.cache, RememberingCache):
            build.cache = RememberingCache(build.cache, (EVENT_CACHE,))
        return config

    @event_priority(-1000)  # after every plugin (static-i18n translates the nav at -100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig,
               files: Files) -> Navigation | None:
        self._nav = nav
        return nav

    @event_priority(-1000)  # after every plugin's on_env (the content plugins withhold photos)
    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment | None:
        assert self._nav is not None, "on_nav runs before on_env"
        lang = i18n.current_language(config)
        self.states[lang] = LanguageState(
            lang=lang, files=files, nav=self._nav, env=env,
            config_values=dict(config.data),
            theme_values=dict(config.theme.items()),
            theme_dirs=list(config.theme.dirs),
            plugin_values={name: dict(vars(plugin)) for name, plugin in config.plugins.items()
                           if plugin is not self},
        )
        return env
