"""Interface texts of the site frame: EU block, footer, untranslated-page notice, the 404 page
and the keyboard script (translations: clay_plugins/locale/)."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from clay_plugins import i18n
from clay_plugins.l10n import C_, N_, table

TEXTS = {
    "eu_emblem": N_("Emblem of the European Union"),
    "eu_name": N_("European Union"),
    "eu_fund": N_("European Regional Development Fund"),
    "eu_cofunded": N_("Project co-financed by the"),
    "eu_block_label": N_("European funding"),
    "programme": N_("Interreg Europe"),
    "accessibility": N_("Accessibility statement"),
    "privacy": N_("Privacy notice"),
    "footer_links": N_("About this site"),
    # shown above a page published under this language's address in the default language
    "fallback_notice": N_("This page is available in Romanian only."),
    # the accessible name of a wide table that scrolls (overrides/assets/javascripts/)
    "table": N_("Table"),
}

# The 404 page speaks every language of the site, each passage in its own language.
NOT_FOUND = {
    "title": N_("Page not found"),
    "heading": C_("the 404 page: the heading of this language's passage", "In English"),
    "text": N_(
        "There is no page at this address. The page may have moved, or the address may "
        "contain a typing mistake."
    ),
    "home": N_("Go to the home page"),
    "label": N_("Search the site"),
    "submit": C_("the 404 page's search button", "Search"),
}

strings = table(TEXTS)
not_found_strings = table(NOT_FOUND)


def not_found(config: MkDocsConfig) -> list[dict[str, object]]:
    """The passages of the 404 page: one per language of the site, the default first."""
    return [
        {"lang": lang, "prefix": i18n.url_prefix(config, lang), "t": not_found_strings(lang)}
        for lang in i18n.languages(config)
    ]
