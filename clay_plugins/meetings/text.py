"""Words of the generated pages in each language: labels and ordinals (dates: ../dates.py)."""

from __future__ import annotations

from clay_plugins.i18n import strings_of

STRINGS: dict[str, dict[str, str]] = {
    "ro": {
        "meetings": "Întâlniri",
        "all_meetings": "Toate întâlnirile",
        "latest": "Ultimele întâlniri",
        "older": "Cele mai recente {shown} din {total}; toate sunt în arhiva pe ani, mai jos.",
        "archive": "Arhiva pe ani",
        "by_topic": "Pe teme",
        "year_title": "Întâlnirile din {year}",
        "topic_title": "Întâlniri: {topic}",
        "date": "Data",
        "time": "Ora",
        "format": "Format",
        "platform": "Platforma",
        "venue": "Locul",
        "organiser": "Organizator",
        "participants": "Participanți",
        "series": "Seria",
        "topics": "Teme",
        "action_plan": "Capitole din planul de acțiune",
        "chapter": "Capitolul {number}",
        "previous": "Întâlnirea anterioară",
        "next": "Întâlnirea următoare",
        "add_to_calendar": "Adaugă în calendar (.ics)",
        "facts": "Despre întâlnire",
        "ro_only": "doar în limba română",
        "totals": "În cifre",
        "total_meetings": "Întâlniri publicate",
        "total_participants": "Participanți (unde numărul este cunoscut)",
        "per_year": "Pe ani",
        "year": "Anul",
        "not_known": "necunoscut",
        "per_format": "Pe format",
        "subscribe": "Abonare",
        "feed": "Flux RSS al întâlnirilor",
        "calendar": "Calendarul întâlnirilor (.ics)",
        "data": "Datele întâlnirilor (JSON)",
        "no_meetings": "Nu a fost publicată încă nicio întâlnire.",
        "time_zone": "ora României",
        "format.online": "online",
        "format.in-person": "cu prezență fizică",
        "format.hybrid": "hibrid (online și cu prezență fizică)",
        "read": "Citește relatarea",
        "photo_credit": "Foto",
    },
    "en": {
        "meetings": "Meetings",
        "all_meetings": "All meetings",
        "latest": "Latest meetings",
        "older": "The newest {shown} of {total}; all of them are in the archive by year, below.",
        "archive": "Archive by year",
        "by_topic": "By topic",
        "year_title": "Meetings in {year}",
        "topic_title": "Meetings: {topic}",
        "date": "Date",
        "time": "Time",
        "format": "Format",
        "platform": "Platform",
        "venue": "Venue",
        "organiser": "Organiser",
        "participants": "Participants",
        "series": "Series",
        "topics": "Topics",
        "action_plan": "Action plan chapters",
        "chapter": "Chapter {number}",
        "previous": "Previous meeting",
        "next": "Next meeting",
        "add_to_calendar": "Add to calendar (.ics)",
        "facts": "About the meeting",
        "ro_only": "Romanian only",
        "totals": "In figures",
        "total_meetings": "Meetings published",
        "total_participants": "Participants (where the number is known)",
        "per_year": "Per year",
        "year": "Year",
        "not_known": "not known",
        "per_format": "Per format",
        "subscribe": "Subscribe",
        "feed": "RSS feed of the meetings",
        "calendar": "Calendar of the meetings (.ics)",
        "data": "Meeting data (JSON)",
        "no_meetings": "No meeting has been published yet.",
        "time_zone": "Romanian time",
        "format.online": "online",
        "format.in-person": "in person",
        "format.hybrid": "hybrid (online and in person)",
        "read": "Read the report",
        "photo_credit": "Photo",
    },
}

strings = strings_of(STRINGS)


def ordinal(number: int, lang: str) -> str:
    """'prima întâlnire', 'a 6-a întâlnire' / '1st meeting', '6th meeting'."""
    if lang == "ro":
        return "prima întâlnire" if number == 1 else f"a {number}-a întâlnire"
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix} meeting"
