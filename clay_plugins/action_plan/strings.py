"""Interface texts of the action-plan pages (translations: clay_plugins/locale/)."""

from __future__ import annotations

from clay_plugins.l10n import N_, table

TEXTS = {
    "title": N_("Action plan"),
    "chapters": N_("Chapters of the plan"),
    "chapter": N_("Chapter {n}"),
    "draft": N_("Draft"),
    "final": N_("Final version"),
    "status": N_("Status"),
    "updated": N_("Last updated"),
    "actions": N_("Actions of the plan"),
    "actions_caption": N_("Actions of the plan: timeframe, players involved, costs and funding"),
    "action": N_("Action"),
    "in_chapter": N_("Chapter"),
    "timeframe": N_("Timeframe"),
    "players": N_("Players involved"),
    "costs": N_("Costs"),
    "funding": N_("Funding sources"),
    "not_set": N_("not set yet"),
    "no_chapters": N_("No chapter has been published yet."),
    "no_actions": N_("No action has been described yet."),
    "print_link": N_(
        "Print edition: the whole plan on one page, to save as PDF from the browser"
    ),
    "print_title": N_("Action plan — print edition"),
    "print_note": N_(
        "The whole plan, chapter by chapter. For a PDF, choose Print in your browser and "
        "then Save as PDF."
    ),
    "pager": N_("Chapters of the plan"),
    "previous": N_("Previous chapter"),
    "next": N_("Next chapter"),
    "contents": N_("Contents of the plan"),
    "meetings": N_("Meetings that discussed this chapter"),
    "original_only": N_("in Romanian only"),
}

strings = table(TEXTS)
