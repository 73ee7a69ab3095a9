"""Interface texts of the site frame (EU block, footer, untranslated-page notice)."""

from __future__ import annotations

from clay_plugins.i18n import strings_of

STRINGS: dict[str, dict[str, str]] = {
    "ro": {
        "eu_emblem": "Emblema Uniunii Europene",
        "eu_name": "Uniunea Europeană",
        "eu_fund": "Fondul European de Dezvoltare Regională",
        "eu_cofunded": "Proiect cofinanțat prin",
        "eu_block_label": "Finanțare europeană",
        "programme": "Interreg Europe",
        "accessibility": "Declarație de accesibilitate",
        "privacy": "Notă de confidențialitate",
        "footer_links": "Informații despre site",
        "fallback_notice": "",
        "ro_only": "",
    },
    "en": {
        "eu_emblem": "Emblem of the European Union",
        "eu_name": "European Union",
        "eu_fund": "European Regional Development Fund",
        "eu_cofunded": "Project co-financed by the",
        "eu_block_label": "European funding",
        "programme": "Interreg Europe",
        "accessibility": "Accessibility statement",
        "privacy": "Privacy notice",
        "footer_links": "About this site",
        "fallback_notice": "This page is available in Romanian only.",
        "ro_only": "Romanian only",
    },
}


strings = strings_of(STRINGS)
