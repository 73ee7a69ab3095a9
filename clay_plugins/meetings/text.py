"""Words of the generated meeting pages: labels and ordinals (translations: clay_plugins/locale/;
dates: ../dates.py)."""

from __future__ import annotations

from clay_plugins.l10n import C_, N_, catalog, table

TEXTS = {
    "meetings": N_("Meetings"),
    "all_meetings": N_("All meetings"),
    "latest": N_("Latest meetings"),
    "older": N_("The newest {shown} of {total}; all of them are in the archive by year, below."),
    "archive": N_("Archive by year"),
    "by_topic": N_("By topic"),
    "year_title": N_("Meetings in {year}"),
    "topic_title": N_("Meetings: {topic}"),
    "date": N_("Date"),
    "time": N_("Time"),
    "format": N_("Format"),
    "platform": N_("Platform"),
    "venue": N_("Venue"),
    "organiser": N_("Organiser"),
    "participants": N_("Participants"),
    "series": N_("Series"),
    "topics": N_("Topics"),
    "action_plan": N_("Action plan chapters"),
    "chapter": N_("Chapter {number}"),
    "previous": N_("Previous meeting"),
    "next": N_("Next meeting"),
    "add_to_calendar": N_("Add to calendar (.ics)"),
    "facts": N_("About the meeting"),
    "ro_only": N_("Romanian only"),
    "totals": N_("In figures"),
    "total_meetings": N_("Meetings published"),
    "total_participants": N_("Participants (where the number is known)"),
    "per_year": N_("Per year"),
    "year": N_("Year"),
    "not_known": N_("not known"),
    "per_format": N_("Per format"),
    "subscribe": N_("Subscribe"),
    "feed": N_("RSS feed of the meetings"),
    "calendar": N_("Calendar of the meetings (.ics)"),
    "data": N_("Meeting data (JSON)"),
    "no_meetings": N_("No meeting has been published yet."),
    "time_zone": N_("Romanian time"),
    "format.online": N_("online"),
    "format.in-person": N_("in person"),
    "format.hybrid": N_("hybrid (online and in person)"),
    "read": N_("Read the report"),
    "photo_credit": N_("Photo"),
}

strings = table(TEXTS)

# A meeting's ordinal by the CLDR ordinal category of its number in the page's language
# (English: 1st, 2nd, 3rd, 4th, 11th, 21st; Romanian: prima, a 2-a): every catalog translates
# all six, a language uses those its rules name.
ORDINALS = {
    "zero": C_("a meeting's ordinal, CLDR ordinal category zero", "{n}th meeting"),
    "one": C_("a meeting's ordinal, CLDR ordinal category one (English: 1, 21, 31…)",
              "{n}st meeting"),
    "two": C_("a meeting's ordinal, CLDR ordinal category two (English: 2, 22, 32…)",
              "{n}nd meeting"),
    "few": C_("a meeting's ordinal, CLDR ordinal category few (English: 3, 23, 33…)",
              "{n}rd meeting"),
    "many": C_("a meeting's ordinal, CLDR ordinal category many (Italian: 8, 11, 80…)",
               "{n}th meeting"),
    "other": C_("a meeting's ordinal, CLDR ordinal category other", "{n}th meeting"),
}


def ordinal(number: int, lang: str) -> str:
    """'prima întâlnire', 'a 6-a întâlnire' / '1st meeting', '6th meeting'."""
    found = catalog(lang)
    return found.format(ORDINALS[found.locale.ordinal_form(number)], n=number)
