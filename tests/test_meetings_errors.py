"""Every bad input of the meeting contract stops a real build with one line per problem:
`path:line: what — fix`; the cedilla letters are a warning that fails `--strict`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.meetings.support import corpus_site, report
from tests.sitebuild import BuildFailed, build_site

GOOD = dict(title="Test", summary="Rezumat.", date="2021-05-05", format="online",
            platform="Cisco Webex")
NAME = "meetings/2021-05-05-bad.md"
PATH = f"docs/{NAME}"


def good(**changes: object) -> str:
    keys = {**GOOD, **changes}
    return report(**{k: v for k, v in keys.items() if v is not None})


def fail(tmp_path: Path, files: dict[str, str | None]) -> list[str]:
    """Build and return the error lines of the failure (one per problem)."""
    with pytest.raises(BuildFailed) as info:
        build_site(corpus_site(tmp_path, extra=files))
    return [line for line in info.value.text.splitlines() if line.startswith("docs/")]


CASES = {
    "yaml": ({NAME: "---\ntitle: Test\nsummary: [unclosed\ndate: 2021-05-05\n---\nText.\n"},
             f"{PATH}:", "is not valid YAML"),
    "missing-key": ({NAME: good(summary=None)}, f"{PATH}:1:",
                    "the required key `summary` is missing or empty — add a line `summary: …`"),
    "impossible-date": ({"meetings/2021-02-30-bad.md": good(date="2021-02-30")},
                        "docs/meetings/2021-02-30-bad.md:4:", "`2021-02-30` is not a day"),
    "format": ({NAME: good(format="webinar")}, f"{PATH}:5:",
               "unknown format `webinar` — use one of: online, in-person, hybrid"),
    "series": ({NAME: good(series="board")}, f"{PATH}:7:", "unknown series `board`"),
    "topic": ({NAME: good(topics="[funding, nonsense]")}, f"{PATH}:7:",
              "unknown topic `nonsense`"),
    "online-platform": ({NAME: good(platform=None)}, f"{PATH}:5:",
                        "a meeting held `online` needs a `platform`"),
    "hybrid-venue": ({NAME: good(format="hybrid")}, f"{PATH}:5:",
                     "a meeting held `hybrid` needs a `venue`"),
    "in-person-venue": ({NAME: good(format="in-person", platform=None)}, f"{PATH}:5:",
                        "a meeting held `in-person` needs a `venue`"),
    "duplicate-number": ({NAME: good(number=6)}, f"{PATH}:7:",
                         "two reports have the number 6 in the series `stakeholder-group`: "
                         "this one and docs/meetings/2021-04-08-test-sixth.md"),
    "orphan-translation": ({"meetings/2021-05-05-bad.en.md": report(title="T", summary="S")},
                           "docs/meetings/2021-05-05-bad.en.md:",
                           "has no Romanian report `2021-05-05-bad.md`"),
    "translation-differs": ({NAME: good(), "meetings/2021-05-05-bad.en.md": report(
        title="T", summary="S", date="2021-05-06")}, "docs/meetings/2021-05-05-bad.en.md:4:",
        "`date: 2021-05-06` differs from the Romanian report"),
    "todo": ({NAME: good(platform="TODO")}, f"{PATH}:6:",
             "`platform` is still TODO"),
    "name-date": ({NAME: good(date="2021-05-06")}, f"{PATH}:4:",
                  "the file name says 2021-05-05 but `date` is 2021-05-06"),
    "file-name": ({"meetings/Raport final.md": good()}, "docs/meetings/Raport final.md:",
                  "the file name is not `YYYY-MM-DD-<slug>.md`"),
    "time": ({NAME: good(time="25:00")}, f"{PATH}:7:", "`25:00` is not a time of day"),
    "participants": ({NAME: good(participants=-3)}, f"{PATH}:7:",
                     "`participants` must be a whole number, 0 or more"),
    "summary-length": ({NAME: good(summary="x" * 301)}, f"{PATH}:3:",
                       "the summary has 301 characters, more than 300"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_the_build_with_one_line(tmp_path: Path, case: str) -> None:
    files, where, what = CASES[case]
    lines = fail(tmp_path, files)
    assert len(lines) == 1, lines
    line = lines[0]
    assert line.startswith(where), line
    assert what in line, line
    assert " — " in line  # every message says how to fix it


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    lines = fail(tmp_path, {
        NAME: good(format="webinar"),
        "meetings/2021-05-06-other.md": report(title="X", date="2021-05-06", format="online",
                                               platform="Zoom"),
    })
    assert len(lines) == 2, lines
    assert lines[0].startswith(PATH) and "webinar" in lines[0]
    assert lines[1].startswith("docs/meetings/2021-05-06-other.md:1:") and "summary" in lines[1]


def test_duplicate_explicit_numbers_name_both_files(tmp_path: Path) -> None:
    lines = fail(tmp_path, {NAME: good(number=2)})
    assert lines == [
        f"{PATH}:7: two reports have the number 2 in the series `stakeholder-group`: this one "
        "and docs/meetings/2019-04-22-test-horezu.md — give each report its own `number`, or "
        "correct the `date` of one of them"
    ]


def test_cedilla_letters_are_a_warning_that_fails_strict(tmp_path: Path) -> None:
    files = {NAME: good(title="Întâlnire la Tg. Jiu") + "Textul are o literă greşită.\n"}
    with pytest.raises(BuildFailed) as info:
        build_site(corpus_site(tmp_path, extra=files))
    # warnings carry the logger's prefix (`clay_plugins: `)
    warnings = [line.split(": ", 1)[1] for line in info.value.text.splitlines() if PATH in line]
    assert warnings == [
        f"{PATH}:10:24: the letter “ş” (with cedilla) is the wrong character for Romanian — "
        "write “ș” (comma below) instead; `clay check --fix` does it"
    ]
    # without --strict the site builds, warning included
    result = build_site(corpus_site(tmp_path / "loose", extra=files), strict=False)
    assert any("with cedilla" in w for w in result.warnings)
    assert (result.site / "meetings/2021-05-05-bad/index.html").is_file()


def test_unknown_key_is_a_warning(tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as info:
        build_site(corpus_site(tmp_path, extra={NAME: good(participans=12)}))
    lines = [line.split(": ", 1)[1] for line in info.value.text.splitlines() if PATH in line]
    assert len(lines) == 1 and lines[0].startswith(f"{PATH}:7: unknown front-matter key")


def test_page_settings_are_allowed(tmp_path: Path) -> None:
    files = {NAME: good(hide="[toc]", search="{boost: 2}")}
    assert build_site(corpus_site(tmp_path, extra=files)).warnings == []
