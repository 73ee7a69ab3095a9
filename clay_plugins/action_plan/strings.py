"""Interface texts of the action-plan pages, per language (Romanian first)."""

from __future__ import annotations

from clay_plugins.i18n import strings_of

STRINGS: dict[str, dict[str, str]] = {
    "ro": {
        "title": "Planul de acțiune",
        "chapters": "Capitolele planului",
        "chapter": "Capitolul {n}",
        "draft": "Ciornă",
        "final": "Versiune finală",
        "status": "Stadiu",
        "updated": "Actualizat la",
        "actions": "Acțiunile planului",
        "actions_caption": "Acțiunile planului: calendar, actori implicați, costuri și finanțare",
        "action": "Acțiunea",
        "in_chapter": "Capitol",
        "timeframe": "Calendar",
        "players": "Actori implicați",
        "costs": "Costuri",
        "funding": "Surse de finanțare",
        "not_set": "nestabilit încă",
        "no_chapters": "Niciun capitol nu a fost publicat încă.",
        "no_actions": "Nicio acțiune nu a fost descrisă încă.",
        "print_link": (
            "Ediția de tipărit: tot planul pe o singură pagină, de salvat ca PDF din browser"
        ),
        "print_title": "Planul de acțiune — ediția de tipărit",
        "print_note": (
            "Aici se află tot planul, capitol cu capitol. Pentru un PDF, alegeți „Tipărire” "
            "în browser și apoi „Salvare ca PDF”."
        ),
        "pager": "Capitolele planului",
        "previous": "Capitolul anterior",
        "next": "Capitolul următor",
        "contents": "Cuprinsul planului",
        "meetings": "Întâlniri la care s-a discutat acest capitol",
        "original_only": "doar în limba română",
    },
    "en": {
        "title": "Action plan",
        "chapters": "Chapters of the plan",
        "chapter": "Chapter {n}",
        "draft": "Draft",
        "final": "Final version",
        "status": "Status",
        "updated": "Last updated",
        "actions": "Actions of the plan",
        "actions_caption": "Actions of the plan: timeframe, players involved, costs and funding",
        "action": "Action",
        "in_chapter": "Chapter",
        "timeframe": "Timeframe",
        "players": "Players involved",
        "costs": "Costs",
        "funding": "Funding sources",
        "not_set": "not set yet",
        "no_chapters": "No chapter has been published yet.",
        "no_actions": "No action has been described yet.",
        "print_link": "Print edition: the whole plan on one page, to save as PDF from the browser",
        "print_title": "Action plan — print edition",
        "print_note": (
            "The whole plan, chapter by chapter. For a PDF, choose Print in your browser and "
            "then Save as PDF."
        ),
        "pager": "Chapters of the plan",
        "previous": "Previous chapter",
        "next": "Next chapter",
        "contents": "Contents of the plan",
        "meetings": "Meetings that discussed this chapter",
        "original_only": "in Romanian only",
    },
}


strings = strings_of(STRINGS)
