"""Texts of the header search, in the language of the page that shows them (translations:
clay_plugins/locale/). search.js picks a result count's text by the page language's plural
category (Intl.PluralRules: one, few, other; another category takes "other"), "none" for
no result."""

from __future__ import annotations

from clay_plugins.l10n import C_, N_, catalog, table

TEXTS = {
    "open": C_("the search's button in the header", "Search"),
    "close": N_("Close search"),
    "label": N_("Search the site"),
    "placeholder": C_("the search box's placeholder", "Search"),
    "submit": C_("the search's submit button", "Search"),
    "loading": N_("Searching…"),
    "none": N_("No results for “{q}”."),
    "one": N_("1 result for “{q}”."),
    "few": C_("the count of results, CLDR plural category few (Romanian: 2-19)",
              "{n} results for “{q}”."),
    "other": C_("the count of results, CLDR plural category other (Romanian: from 20)",
                "{n} results for “{q}”."),
    "more": N_("More results"),
    "failed": N_("Search is not available right now."),
}
# the mark of a result in another language: "in Romanian"
IN_LANGUAGE = N_("in {language}")

_strings = table(TEXTS)


def strings(lang: str, languages: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
    """The texts, with `lang_<code>` naming each of `languages` (CLDR's names)."""
    found = _strings(lang)
    names = catalog(lang)
    for other in languages:
        found[f"lang_{other}"] = names.format(IN_LANGUAGE, language=names.language_name(other))
    return found
