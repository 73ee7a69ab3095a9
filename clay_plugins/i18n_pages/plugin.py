"""clay-i18n: what static-i18n gets wrong about untranslated pages, and the site frame's texts.

static-i18n publishes the Romanian text of an untranslated page under /en/ inside
`<html lang="en">` and lists that copy as the English alternate of the page, in its sitemap
and (through Material's header) in the hreflang links. This plugin:
- tells the templates which pages are such fallback copies (`clay_i18n.fallback`), so that
  `overrides/main.html` marks their content `lang="ro"` and shows a notice;
- points the language switch of an untranslated page to the other language's home page;
- gives the templates hreflang links and sitemap entries made only of real translations.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from clay_plugins import i18n
from clay_plugins.i18n_pages.strings import strings


class I18nPagesConfig(Config):
    enabled = c.Type(bool, default=True)


class I18nPagesPlugin(BasePlugin[I18nPagesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # documentation pages of each language, for the sitemap; per build, see on_config
        self.pages: dict[str, list[File]] = {}

    @event_priority(-110)  # after static-i18n (-100) has set the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # static-i18n runs the whole build again per extra language on this same object:
        # keep what the previous languages recorded, forget everything from an earlier build.
        if i18n.is_default_build(config):
            self.pages = {}
        return config

    # After static-i18n (-100) and after the plugins that generate pages (-150): the files
    # of this language, generated ones included, are final here.
    @event_priority(-200)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.config.enabled:
            self.pages[i18n.current_language(config)] = list(files.documentation_pages())
        return files

    def _frame(self, config: MkDocsConfig) -> dict[str, Any]:
        lang = i18n.current_language(config)
        prefix = i18n.url_prefix(config, lang)
        return {
            "lang": lang,
            "prefix": prefix,
            "home": prefix or "./",
            "accessibility": f"{prefix}accessibility/",
            "privacy": f"{prefix}privacy/",
            "t": strings(lang),
        }

    def _abs(self, config: MkDocsConfig, url: str) -> str:
        base = config.site_url or "/"
        if not base.endswith("/"):
            base += "/"
        return base + ("" if url in ("", "./", ".") else url)

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        if not self.config.enabled:
            return context
        context["clay"] = self._frame(config)  # type: ignore[typeddict-unknown-key]
        if template_name == "sitemap.xml":
            context["clay_sitemap"] = self._sitemap(config)  # type: ignore[typeddict-unknown-key]
        return context

    @event_priority(-50)  # after static-i18n's on_page_context (50) set the switch links
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if not self.config.enabled:
            return context
        frame = self._frame(config)
        file = page.file
        real = i18n.translations(file)
        frame["fallback"] = i18n.is_fallback(file)
        frame["text_lang"] = i18n.file_language(file, config)
        frame["hreflang"] = (
            [(lang, self._abs(config, real[lang].url)) for lang in i18n.languages(config)
             if lang in real]
            if len(real) > 1 else []
        )
        if frame["fallback"] and frame["text_lang"] in real:
            frame["canonical"] = self._abs(config, real[frame["text_lang"]].url)
        context["clay"] = frame  # type: ignore[typeddict-unknown-key]

        # Material's language switch reads `config.extra.alternate`, which static-i18n has just
        # pointed at the fallback copy of an untranslated page (it assigns the attribute, which
        # Jinja reads before the mapping item): link a real translation or the language's home.
        alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
        if isinstance(alternates, list):
            config.extra.alternate = [  # type: ignore[attr-defined]
                {**alt, "link": real[alt["lang"]].url or "./"} if alt.get("lang") in real
                else {**alt, "link": i18n.url_prefix(config, alt.get("lang", "")) or "./"}
                for alt in alternates
            ]
        return context

    def _sitemap(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        entries = []
        languages = i18n.languages(config)  # once: the loop below runs for every page
        for lang in languages:
            for file in sorted(self.pages.get(lang, []), key=lambda f: f.url):
                if i18n.is_fallback(file):
                    continue  # a copy of another language's page is no page of this language
                real = i18n.translations(file)
                entries.append({
                    "loc": self._abs(config, file.url),
                    "alternates": [
                        (alt_lang, self._abs(config, real[alt_lang].url))
                        for alt_lang in languages if alt_lang in real
                    ] if len(real) > 1 else [],
                })
        return entries
