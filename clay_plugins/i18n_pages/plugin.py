"""clay-i18n: what static-i18n gets wrong about untranslated pages, and the site frame's texts.

static-i18n publishes the Romanian text of an untranslated page under /en/ inside
`<html lang="en">` and lists that copy as the English alternate of the page, in its sitemap
and (through Material's header) in the hreflang links. This plugin:
- tells the templates which pages are such fallback copies (`clay_i18n.fallback`), so that
  `overrides/main.html` marks their content `lang="ro"` and shows a notice;
- points the language switch of an untranslated page to the other language's home page;
- gives the sitemap entries made only of real translations, with their hreflang alternates.

The hreflang annotations are in the sitemap only, not in the pages (Google documents both
ways): Material's script fetches `sitemap.xml` next to the address of every
`<link rel="alternate">` of a page (it expects language home pages there), so a per-page
hreflang link would cost a failed request, a console error and a download of the 404 page
on every page view. For the same reason the folders named in `section_sitemaps` (those of the
feed and calendar links, which must stay `rel="alternate"` for autodiscovery) get a small
sitemap of their own: the folder's index page, in each language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import write_file
from mkdocs.utils.templates import TemplateContext

from clay_plugins import build, i18n
from clay_plugins.i18n_pages.strings import not_found, strings
from clay_plugins.l10n import E_

log = build.plugin_logger("clay-i18n", __name__)


class I18nPagesConfig(Config):
    enabled = c.Type(bool, default=True)
    # folders (e.g. `meetings/`) that a page's `<link rel="alternate">` points into: each
    # language's copy gets a sitemap.xml listing the folder's index page (see the docstring)
    section_sitemaps = c.ListOfItems(c.Type(str), default=[])


class I18nPagesPlugin(BasePlugin[I18nPagesConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # documentation pages of each language, for the sitemap; per build, see on_config
        self.pages: dict[str, list[File]] = {}

    @event_priority(-110)  # after static-i18n (-100) has set the language of this build
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # static-i18n runs the whole build again per extra language on this same object:
        # keep what the previous languages recorded, forget everything from an earlier build.
        if self.config.enabled and i18n.is_default_build(config):
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
        if template_name == "404.html":
            context["clay_404"] = not_found(config)  # type: ignore[typeddict-unknown-key]
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
        if frame["fallback"] and frame["text_lang"] in real:
            frame["canonical"] = self._abs(config, real[frame["text_lang"]].url)
        context["clay"] = frame  # type: ignore[typeddict-unknown-key]

        # Material's language switch reads `config.extra.alternate`, which static-i18n has just
        # pointed at the fallback copy of an untranslated page (it assigns the attribute, which
        # Jinja reads before the mapping item): link a real translation or the language's home.
        alternates = i18n.switch_links(config)
        if alternates is not None:
            i18n.set_switch_links(config, [
                {**alt, "link": real[alt["lang"]].url or "./"} if alt.get("lang") in real
                else {**alt, "link": i18n.url_prefix(config, alt.get("lang", "")) or "./"}
                for alt in alternates
            ])
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        """The section sitemaps of this language's build (static-i18n's nested builds run it
        once per language, each after its own pages): the folder's index page, with its
        alternates; the copy of an untranslated one if need be (its canonical link names the
        original, which the site's sitemap lists), as a sitemap lists at least one page."""
        if not self.config.enabled or not self.config.section_sitemaps:
            return
        lang = i18n.current_language(config)
        prefix = i18n.url_prefix(config, lang)
        template = config.theme.get_env().get_template("sitemap.xml")
        languages = i18n.languages(config)
        by_dest = {file.dest_uri: file for file in self.pages.get(lang, [])}
        for folder in self.config.section_sitemaps:
            folder = folder.strip("/") + "/"
            index = by_dest.get(prefix + folder + "index.html")
            path = Path(config.site_dir, prefix + folder, "sitemap.xml")
            if index is None:
                if path.parent.is_dir():  # something is published there, so it may be linked
                    log.warning(build.said(config, E_(
                        "section_sitemaps names {folder}, which has no index page in {lang}: "
                        "add {folder}index.md or remove it from section_sitemaps",
                        folder=folder, lang=lang)))
                continue
            listed = [self._entry(config, index, languages)]
            write_file(template.render(clay_sitemap=listed).encode("utf-8"), str(path))

    def _sitemap(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """Sitemap entries of every real page of every language."""
        languages = i18n.languages(config)  # once: the loop below runs for every page
        return [
            self._entry(config, file, languages)
            for lang in languages
            for file in sorted(self.pages.get(lang, []), key=lambda f: f.url)
            # a copy of another language's page is no page of this language
            if not i18n.is_fallback(file)
        ]

    def _entry(self, config: MkDocsConfig, file: File, languages: list[str]) -> dict[str, Any]:
        """A page's sitemap entry: every language version of it, itself included, and
        x-default (the default language's), as search engines expect of hreflang in a sitemap;
        none for a page without translation."""
        real = i18n.translations(file)
        alternates = [
            (alt_lang, self._abs(config, real[alt_lang].url))
            for alt_lang in languages if alt_lang in real
        ] if len(real) > 1 else []
        if alternates and alternates[0][0] == languages[0]:
            alternates.append(("x-default", alternates[0][1]))
        return {"loc": self._abs(config, file.url), "alternates": alternates}
