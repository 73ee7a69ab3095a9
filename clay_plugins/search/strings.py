"""Texts of the header search, in the language of the page that shows them."""

from __future__ import annotations

from clay_plugins.i18n import strings_of

STRINGS: dict[str, dict[str, str]] = {
    "ro": {
        "open": "Căutare",
        "close": "Închide căutarea",
        "label": "Căutați pe site",
        "placeholder": "Căutați (cu sau fără diacritice)",
        "submit": "Caută",
        "loading": "Se caută…",
        "none": "Niciun rezultat pentru „{q}”.",
        "one": "Un rezultat pentru „{q}”.",
        # Intl.PluralRules("ro"): "few" for 2-19 (and 101-119...), "other" from 20 on ("de")
        "few": "{n} rezultate pentru „{q}”.",
        "other": "{n} de rezultate pentru „{q}”.",
        "more": "Mai multe rezultate",
        "failed": "Căutarea nu este disponibilă acum.",
        "lang_ro": "în limba română",
        "lang_en": "în limba engleză",
    },
    "en": {
        "open": "Search",
        "close": "Close search",
        "label": "Search the site",
        "placeholder": "Search",
        "submit": "Search",
        "loading": "Searching…",
        "none": "No results for “{q}”.",
        "one": "1 result for “{q}”.",
        "few": "{n} results for “{q}”.",
        "other": "{n} results for “{q}”.",
        "more": "More results",
        "failed": "Search is not available right now.",
        "lang_ro": "in Romanian",
        "lang_en": "in English",
    },
}


strings = strings_of(STRINGS)
