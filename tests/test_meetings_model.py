"""Unit tests of the meeting contract (clay_plugins/content/meeting.py), the words of the pages
and the machine-readable outputs, without building a site."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from babel.dates import format_date

from clay_plugins.content.chapter import TYPE as CHAPTER
from clay_plugins.content.chapter import ActionPlanSettings
from clay_plugins.content.findings import Severity
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.content.meeting import Meeting, MeetingSettings
from clay_plugins.content.schema import load_items
from clay_plugins.dates import long_date
from clay_plugins.meetings import outputs
from clay_plugins.meetings.plugin import MeetingsPlugin
from clay_plugins.meetings.text import ordinal
from tests.fixtures.meetings.support import report
from tests.hostile import TABLE, Hostile, has, pages, runaway_guard

SETTINGS = MeetingSettings.from_plugin_options(
    {
        "organiser": "ADR Sud-Vest Oltenia",
        "series": {"stakeholder-group": {"ro": "Grup", "en": "Group"},
                   "conference": {"ro": "Conferință", "en": "Conference"}},
        "topics": {"funding": {"ro": "Finanțare", "en": "Funding"},
                   "indicators": {"ro": "Indicatori", "en": "Indicators"}},
    },
    ["ro", "en"],
)
BASE = dict(title="T", summary="S", format="online", platform="Webex")


def load(tmp_path: Path, files: dict[str, str]) -> tuple[list[Meeting], list]:
    folder = tmp_path / "docs" / "meetings"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    texts = {f"meetings/{f.name}": f.read_text(encoding="utf-8")
             for f in sorted(folder.iterdir()) if f.suffix == ".md"}
    found, read = pages(texts)
    meetings, findings = load_items(MEETING, found, SETTINGS.languages, SETTINGS)
    return [m for m in meetings if isinstance(m, Meeting)], read + findings


def codes(findings: list) -> list[tuple[str, str, int | None]]:
    """(code, path, line) of every error."""
    return [(f.code, f.path, f.line) for f in findings if f.severity is Severity.ERROR]


def meeting_file(date: str, **keys: object) -> tuple[str, str]:
    return f"{date}-m.md", report(**{**BASE, "date": date, **keys})


def errors(findings: list) -> list[str]:
    return [str(f) for f in findings if f.severity is Severity.ERROR]


def test_settings_from_plugin_options() -> None:
    assert SETTINGS.default_series == "stakeholder-group"
    assert SETTINGS.default_language == "ro"
    assert SETTINGS.series_label("conference", "en") == "Conference"
    assert SETTINGS.topic_label("funding", "fr") == "Finanțare"  # falls back to the default


def test_a_complete_report_and_its_translation(tmp_path: Path) -> None:
    meetings, findings = load(tmp_path, {
        "2021-04-08-sixth.md": report(
            title="A șasea", summary="Rezumat", date="2021-04-08", time="10:00",
            format="hybrid", platform="Cisco Webex", venue="Craiova", participants=0,
            topics="[funding, indicators]", action_plan="[2, 1]", number=6,
        ),
        "2021-04-08-sixth.en.md": report(title="Sixth", summary="Summary", venue="Craiova (RO)",
                                         number=6, time="10:00"),
    })
    assert errors(findings) == []
    (m,) = meetings
    assert m.src_uri == "meetings/2021-04-08-sixth.md"
    assert m.path == "docs/meetings/2021-04-08-sixth.md"
    assert m.stem == "2021-04-08-sixth" and m.slug == "sixth"
    assert m.date == dt.date(2021, 4, 8)
    assert m.time_text == "10:00"  # YAML 1.1 reads an unquoted 10:00 as 600 minutes
    assert m.time == (dt.time(10, 0), None)
    assert m.series == "stakeholder-group" and m.number == 6
    assert m.organiser == "ADR Sud-Vest Oltenia" and m.participants == 0
    assert m.topics == ["funding", "indicators"] and m.action_plan == [2, 1]
    assert (m.venue_for("ro"), m.venue_for("en")) == ("Craiova", "Craiova (RO)")
    assert (m.title("ro"), m.title("en")) == ("A șasea", "Sixth")
    assert m.translated == {"ro", "en"}
    assert m.lines["time"] == 5
    assert m.url_for("ro") == "meetings/2021-04-08-sixth/"
    assert m.url_for("en") == "en/meetings/2021-04-08-sixth/"
    assert m.uid == "clay-meeting-2021-04-08-sixth"


def test_untranslated_report_uses_the_romanian_text_marked_as_such(tmp_path: Path) -> None:
    meetings, findings = load(tmp_path, dict([meeting_file("2021-01-01", venue=None)]))
    (m,) = meetings
    assert m.translated == {"ro"}
    assert m.title("en") == "T" and m.text_language("en") == "ro"
    info = [f for f in findings if f.severity is Severity.INFO]
    assert [(f.code, f.path) for f in info] == [
        ("meeting.untranslated", "docs/meetings/2021-01-01-m.md")]


def test_numbers_are_derived_per_series_by_date(tmp_path: Path) -> None:
    meetings, findings = load(tmp_path, {
        "2019-04-22-a.md": report(**BASE, date="2019-04-22", number=2),
        "2020-11-25-b.md": report(**BASE, date="2020-11-25"),
        "2020-11-25-a.md": report(**BASE, date="2020-11-25", series="conference"),
        "2021-04-08-c.md": report(**BASE, date="2021-04-08", number=6),
        "2021-05-01-d.md": report(**BASE, date="2021-05-01"),
    })
    assert errors(findings) == []
    assert [(m.stem, m.series, m.number) for m in meetings] == [
        ("2019-04-22-a", "stakeholder-group", 2),
        ("2020-11-25-a", "conference", 1),
        ("2020-11-25-b", "stakeholder-group", 3),
        ("2021-04-08-c", "stakeholder-group", 6),
        ("2021-05-01-d", "stakeholder-group", 7),
    ]


def test_derived_number_colliding_with_an_explicit_one(tmp_path: Path) -> None:
    _, findings = load(tmp_path, {
        "2019-01-01-a.md": report(**BASE, date="2019-01-01"),
        "2019-02-01-b.md": report(**BASE, date="2019-02-01", number=1),
    })
    (line,) = errors(findings)
    assert line.startswith("docs/meetings/2019-02-01-b.md:7: two reports have the number 1")
    assert "docs/meetings/2019-01-01-a.md" in line


@pytest.mark.parametrize("value, expected", [
    ('"09:30"', "09:30"), ("09:30", "09:30"), ("14:00", "14:00"), ('"9:05-11:00"', "09:05-11:00"),
    ("10:00 - 12:30", "10:00-12:30"),
])
def test_time_forms(tmp_path: Path, value: str, expected: str) -> None:
    meetings, findings = load(tmp_path, dict([meeting_file("2021-01-01", time=value)]))
    assert errors(findings) == []
    assert meetings[0].time_text == expected


@pytest.mark.parametrize("value", ['"12:00-10:00"', "noon", '"24:00"', "[10]"])
def test_bad_times(tmp_path: Path, value: str) -> None:
    meetings, findings = load(tmp_path, dict([meeting_file("2021-01-01", time=value)]))
    assert meetings == []
    assert codes(findings) == [("meeting.time", "docs/meetings/2021-01-01-m.md", 7)]


def test_translation_may_repeat_equal_facts_but_not_different_ones(tmp_path: Path) -> None:
    ro = report(**BASE, date="2021-01-01", topics="[funding]", participants=5, time="10:00")
    same = report(title="E", summary="S", date="2021-01-01", topics="[funding]",
                  participants=5, time="10:00", format="online")
    meetings, findings = load(tmp_path, {"2021-01-01-m.md": ro, "2021-01-01-m.en.md": same})
    assert errors(findings) == [] and meetings[0].translated == {"ro", "en"}
    differs = report(title="E", summary="S", participants=6, organiser="Other")
    meetings, findings = load(tmp_path, {"2021-01-01-m.en.md": differs})
    assert meetings == []
    en = "docs/meetings/2021-01-01-m.en.md"
    assert codes(findings) == [("meeting.translation-differs", en, 4),
                               ("meeting.translation-differs", en, 5)]
    assert "says (not set)" in errors(findings)[1]


def test_translation_needs_title_and_summary(tmp_path: Path) -> None:
    _, findings = load(tmp_path, {
        "2021-01-01-m.md": report(**BASE, date="2021-01-01"),
        "2021-01-01-m.en.md": report(title="E"),
    })
    assert codes(findings) == [("meeting.missing", "docs/meetings/2021-01-01-m.en.md", 1)]


def test_index_pages_and_other_files_are_not_reports(tmp_path: Path) -> None:
    meetings, findings = load(tmp_path, {"index.md": "# Întâlniri\n", "index.en.md": "# M\n"})
    assert meetings == [] and findings == []
    (tmp_path / "docs/meetings/photo.jpg").write_bytes(b"\xff\xd8")
    assert load(tmp_path, {}) == ([], [])


def test_a_french_file_is_not_a_translation_on_a_two_language_site(tmp_path: Path) -> None:
    _, findings = load(tmp_path, {"2021-01-01-m.fr.md": report(title="F", summary="S")})
    assert codes(findings) == [("meeting.filename", "docs/meetings/2021-01-01-m.fr.md", None)]


def test_no_front_matter(tmp_path: Path) -> None:
    _, findings = load(tmp_path, {"2021-01-01-m.md": "# Just text\n"})
    assert codes(findings) == [("meeting.no-frontmatter", "docs/meetings/2021-01-01-m.md", 1)]


def test_load_never_raises_and_keeps_the_good_reports(tmp_path: Path) -> None:
    meetings, findings = load(tmp_path, {
        "2021-01-01-a.md": report(**BASE, date="2021-01-01"),
        "2021-01-02-b.md": "---\ntitle: [\n---\n",
        "2021-01-03-c.md": report(**BASE, date="2021-01-33"),
    })
    assert [m.stem for m in meetings] == ["2021-01-01-a"]
    assert codes(findings) == [("frontmatter.yaml", "docs/meetings/2021-01-02-b.md", 2),
                               ("meeting.date", "docs/meetings/2021-01-03-c.md", 6)]


def test_a_translation_of_a_broken_report_is_not_an_orphan(tmp_path: Path) -> None:
    _, findings = load(tmp_path, {"2021-01-02-b.md": "---\ntitle: [\n---\n",
                                  "2021-01-02-b.en.md": report(title="E", summary="S")})
    assert codes(findings) == [("frontmatter.yaml", "docs/meetings/2021-01-02-b.md", 2)]


@pytest.mark.parametrize("row", TABLE, ids=[row.name for row in TABLE])
def test_hostile_front_matter_is_one_finding(row: Hostile) -> None:
    with runaway_guard():  # a hang fails; the time it takes is bench_hostile.py's budget
        found, findings = pages({row.file: row.text})
        meetings, meeting_findings = load_items(MEETING, found, SETTINGS.languages, SETTINGS)
        plan = ActionPlanSettings(["ro", "en"])
        chapters, plan_findings = load_items(CHAPTER, found, plan.languages, plan)
    findings += meeting_findings + plan_findings
    if row.code is None:  # accepted as written: the outputs must escape it
        assert errors(findings) == []
        texts = [m.title("ro") for m in meetings] + [c.title("ro") for c in chapters]
        assert texts and all(t.startswith("</title><script>") for t in texts)
    else:
        assert has(findings, row.code, f"docs/{row.file}", row.line), [str(f) for f in findings]


@pytest.mark.parametrize("number, ro, en", [
    (1, "prima întâlnire", "1st meeting"), (2, "a 2-a întâlnire", "2nd meeting"),
    (3, "a 3-a întâlnire", "3rd meeting"), (6, "a 6-a întâlnire", "6th meeting"),
    (11, "a 11-a întâlnire", "11th meeting"), (12, "a 12-a întâlnire", "12th meeting"),
    (13, "a 13-a întâlnire", "13th meeting"), (21, "a 21-a întâlnire", "21st meeting"),
    (22, "a 22-a întâlnire", "22nd meeting"), (111, "a 111-a întâlnire", "111th meeting"),
])
def test_ordinals(number: int, ro: str, en: str) -> None:
    assert ordinal(number, "ro") == ro
    assert ordinal(number, "en") == en


def test_dates_in_each_language() -> None:
    assert long_date(dt.date(2021, 4, 8), "ro") == "8 aprilie 2021"
    assert long_date(dt.date(2021, 4, 8), "en") == "8 April 2021"
    assert long_date(dt.date(2020, 11, 25), "ro") == "25 noiembrie 2020"


@pytest.mark.parametrize("lang", ["ro", "en"])
def test_dates_are_babels_pattern(lang: str) -> None:
    # long_date formats the month and year once per month: the result is babel's `d MMMM y`
    locale = {"ro": "ro_RO", "en": "en_GB"}[lang]
    day = dt.date(2019, 12, 25)
    while day < dt.date(2022, 2, 3):
        assert long_date(day, lang) == format_date(day, format="d MMMM y", locale=locale)
        day += dt.timedelta(days=3)


def test_script_json_cannot_end_the_script() -> None:
    text = outputs.script_json({"name": "</script><script>x & y</script>"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>x & y</script>"}


def test_winter_times_have_the_winter_offset(tmp_path: Path) -> None:
    meetings, _ = load(tmp_path, dict([meeting_file("2020-11-25", time='"10:00-11:00"')]))
    event = outputs.jsonld_event(meetings[0], "ro", "https://x/", SETTINGS)
    assert event["startDate"] == "2020-11-25T10:00:00+02:00"
    assert event["endDate"] == "2020-11-25T11:00:00+02:00"


def test_vtimezone_is_cached() -> None:
    assert outputs.vtimezone(2020, 2021) is outputs.vtimezone(2020, 2021)


def test_calendar_is_icalendars_own_serialisation(tmp_path: Path) -> None:
    """The calendar reuses icalendar's serialisation of each part; the file is the one
    icalendar writes for the whole Calendar, byte for byte."""
    from icalendar import Calendar

    meetings, _ = load(tmp_path, dict([
        meeting_file("2020-11-25", time='"10:00-11:00"', title="Întâlnire; a, b \\ c"),
        meeting_file("2021-06-01", summary="S " * 60),
    ]))
    events = {m.uid: outputs.event_properties(m, "ro", SETTINGS, lambda u: "https://x/" + u)
              for m in meetings}
    built = outputs.calendar(meetings, {k: outputs.serialised(e) for k, e in events.items()},
                             lang="ro", name="Întâlniri — CLAY")
    whole = Calendar.from_ical(built)
    assert bytes(whole.to_ical()) == built
    assert [str(e["uid"]) for e in whole.walk("VEVENT")] == [m.uid for m in meetings]
    assert len(whole.walk("VTIMEZONE")) == 1


def test_plugin_config_validation() -> None:
    plugin = MeetingsPlugin()
    errors_, _ = plugin.load_config({"series": {}})
    assert [key for key, _ in errors_] == ["series"]
    errors_, _ = plugin.load_config({"series": {"Bad Id": {"ro": "x"}}})
    assert errors_ and "lower-case" in str(errors_[0][1])
    errors_, _ = plugin.load_config({"series": {"a": {"ro": ""}}})
    assert errors_ and "label per language" in str(errors_[0][1])
    errors_, _ = plugin.load_config({"enabled": False})
    assert errors_ == []
    for key in ("home_latest", "index_items", "feed_items"):
        errors_, _ = plugin.load_config({"series": {"a": {"ro": "A", "en": "A"}}, key: -1})
        assert [k for k, _ in errors_] == [key]


@pytest.mark.parametrize("data", [
    b"---\ntitle: A\n---\n\nText\n",
    b"---\r\ntitle: A\r\n---\r\n\r\nText\r\n",
    b"---\rtitle: A\r---\r\rText\r",
    b"a\r\r\nb\n\rc\r\n\r\n",
    "\ufeff---\ntitle: Ă ș ț\n---\n".encode(),
    b"",
])
def test_a_page_is_read_as_mkdocs_reads_it(tmp_path: Path, data: bytes) -> None:
    """Pages are read in binary and decoded (twice as fast): the text must be what MkDocs reads
    (text mode, `utf-8-sig`), universal newlines and byte-order mark included."""
    from clay_plugins.content.pages import read_pages
    from clay_plugins.content.site import SiteSettings

    file = tmp_path / "docs" / "r.md"
    file.parent.mkdir()
    file.write_bytes(data)
    settings = SiteSettings(tmp_path, tmp_path / "docs", ["ro", "en"],
                            {"meeting": SETTINGS, "chapter": ActionPlanSettings(["ro", "en"])})
    found, _ = read_pages(settings)
    assert found.sources["r.md"].text == file.read_text(encoding="utf-8-sig")
