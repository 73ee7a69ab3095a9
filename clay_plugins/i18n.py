"""The one place that reads mkdocs-static-i18n's state.

static-i18n builds the default language, then in its `on_post_build` runs MkDocs' whole build
again for every other language with the same plugin objects. Its public plugin attributes
(`current_language`, `default_language`, `build_languages`), the attributes it sets on each
File (`locale`, `locale_alternate_of`, `alternates`, `norm_src_uri`) and the links of Material's
language switch it sets per page (`config.extra.alternate`) are what we rely on; nothing
private. No other module reads them (tests/test_build_state.py fails if they change).
Without static-i18n (e.g. a one-language test site) the theme language is the only language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File


class HasUrl(Protocol):
    url: str
    locale: str


@dataclass
class Alternate:
    """A language version of a page our plugins generate, as static-i18n's `alternates` hold
    one: what Material's language switch, clay-i18n's hreflang and the sitemap read."""

    url: str
    locale: str


def _plugin(config: MkDocsConfig) -> Any | None:
    return config.plugins.get("i18n")


def default_language(config: MkDocsConfig) -> str:
    plugin = _plugin(config)
    if plugin is not None and plugin.default_language:
        return str(plugin.default_language)
    return str(config.theme.get("language") or "en")


def current_language(config: MkDocsConfig) -> str:
    """Language of the build in progress (the default one before static-i18n's on_config ran)."""
    plugin = _plugin(config)
    if plugin is not None:
        return str(plugin.current_language or plugin.default_language)
    return default_language(config)


def languages(config: MkDocsConfig) -> list[str]:
    """Every built language, the default first."""
    plugin = _plugin(config)
    if plugin is None:
        return [default_language(config)]
    default = default_language(config)
    return [default] + [lang for lang in plugin.build_languages if lang != default]


def is_default_build(config: MkDocsConfig) -> bool:
    return current_language(config) == default_language(config)


def url_prefix(config: MkDocsConfig, lang: str) -> str:
    """Where a language lives below the site root: '' for the default, 'en/' for English."""
    return "" if lang == default_language(config) else f"{lang}/"


def source_uri(file: File) -> str:
    """The src_uri of the default language's version of a page that static-i18n manages
    (`index.md` for `index.en.md`); the file's own for any other file."""
    return str(getattr(file, "norm_src_uri", None) or file.src_uri)


def set_alternates(file: File, alternates: Mapping[str, HasUrl]) -> None:
    """The language versions of a page (`alternates`, as static-i18n sets them), which
    Material's language switch, our hreflang links and our sitemap read."""
    file.alternates = dict(alternates)  # type: ignore[attr-defined]


def switch_links(config: MkDocsConfig) -> list[dict[str, Any]] | None:
    """The links of Material's language switch (`extra.alternate`) as static-i18n has set them
    for the page being rendered (it assigns the attribute, which Jinja reads before the mapping
    item), or None without a language switch."""
    links = getattr(config.extra, "alternate", None) or config.extra.get("alternate")
    return links if isinstance(links, list) else None


def set_switch_links(config: MkDocsConfig, links: list[dict[str, Any]]) -> None:
    """Replace the links of the language switch for the page being rendered."""
    config.extra.alternate = links  # type: ignore[attr-defined]


def file_language(file: File, config: MkDocsConfig) -> str:
    """Language of the text of a page: 'ro' for an untranslated page under /en/."""
    return str(getattr(file, "locale", None) or default_language(config))


def is_fallback(file: File) -> bool:
    """A page published under another language's prefix in its original language."""
    locale = getattr(file, "locale", None)
    built_for = getattr(file, "locale_alternate_of", None)
    return bool(locale and built_for and locale != built_for)


def translations(file: File) -> dict[str, HasUrl]:
    """The real versions of a page per language: fallback copies are not translations."""
    alternates = getattr(file, "alternates", None) or {}
    return {lang: alt for lang, alt in alternates.items() if getattr(alt, "locale", None) == lang}


def localize_generated(
    file: File, *, lang: str, built_for: str, alternates: dict[str, HasUrl]
) -> File:
    """Give a generated page the attributes static-i18n gives the files it manages.

    Material's language switch, our hreflang links and our sitemap read them.
    """
    file.locale = lang  # type: ignore[attr-defined]
    file.locale_alternate_of = built_for  # type: ignore[attr-defined]
    file.localization = None  # type: ignore[attr-defined]
    set_alternates(file, alternates)
    file.norm_src_uri = file.src_uri  # type: ignore[attr-defined]
    return file
