"""Every bad input of the meeting contract stops a real build with one line per problem:
`path:line: what — fix`; the cedilla letters are a warning that fails `--strict`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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


CASES = {  # name: (files, a keyword of the message, the path and line of the one error)
    "yaml": ({NAME: "---\ntitle: Test\nsummary: [unclosed\ndate: 2021-05-05\n---\nText.\n"},
             "YAML", PATH, None),
    "missing-key": ({NAME: good(summary=None)}, "summary", PATH, 1),
    "impossible-date": ({"meetings/2021-02-30-bad.md": good(date="2021-02-30")}, "2021-02-30",
                        "docs/meetings/2021-02-30-bad.md", 4),
    "far-date": ({"meetings/9999-12-31-bad.md": good(date="9999-12-31")}, "9999-12-31",
                 "docs/meetings/9999-12-31-bad.md", 4),
    "format": ({NAME: good(format="webinar")}, "webinar", PATH, 5),
    "series": ({NAME: good(series="board")}, "board", PATH, 7),
    "topic": ({NAME: good(topics="[funding, nonsense]")}, "nonsense", PATH, 7),
    "online-platform": ({NAME: good(platform=None)}, "platform", PATH, 5),
    "hybrid-venue": ({NAME: good(format="hybrid")}, "venue", PATH, 5),
    "in-person-venue": ({NAME: good(format="in-person", platform=None)}, "venue", PATH, 5),
    "duplicate-number": ({NAME: good(number=6)}, "number 6", PATH, 7),
    "orphan-translation": ({"meetings/2021-05-05-bad.en.md": report(title="T", summary="S")},
                           "Romanian", "docs/meetings/2021-05-05-bad.en.md",
                           None),
    "translation-differs": ({NAME: good(), "meetings/2021-05-05-bad.en.md": report(
        title="T", summary="S", date="2021-05-06")}, "differs",
        "docs/meetings/2021-05-05-bad.en.md", 4),
    "todo": ({NAME: good(platform="TODO")}, "TODO", PATH, 6),
    "name-date": ({NAME: good(date="2021-05-06")}, "file name", PATH, 4),
    "file-name": ({"meetings/Raport final.md": good()}, "file name",
                  "docs/meetings/Raport final.md", None),
    "time": ({NAME: good(time="25:00")}, "25:00", PATH, 7),
    "participants": ({NAME: good(participants=-3)}, "participants", PATH, 7),
    "summary-length": ({NAME: good(summary="x" * 301)}, "301", PATH, 3),
    "duplicate-key": ({NAME: good(title="Test\ntitle: Other")}, "twice",
                      PATH, 3),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_stops_the_build_with_one_line(tmp_path: Path, case: str) -> None:
    files, keyword, path, line = CASES[case]
    (error,) = fail(tmp_path, files)
    where = path if line is None else f"{path}:{line}:"
    assert error.startswith(where), error
    assert " — " in error  # every message says how to fix it
    assert keyword in error, error


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
    # warnings carry the prefix `clay: `
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
    assert len(lines) == 1 and lines[0].startswith(f"{PATH}:7:1: unknown front-matter key")


def test_page_settings_are_allowed(tmp_path: Path) -> None:
    files = {NAME: good(hide="[toc]", search="{boost: 2}")}
    assert build_site(corpus_site(tmp_path, extra=files)).warnings == []


def test_each_warning_names_who_wrote_it(tmp_path: Path) -> None:
    """Content findings are `clay: path:line: …` (the lines `clay check` prints); a plugin's
    own warning starts with the plugin's name as mkdocs.yml spells it."""
    from tests.sitebuild import plugin_entry

    files = {NAME: good(title="Întâlnire la Tg. Jiu") + "Textul are o literă greşită.\n"}
    cfg = corpus_site(tmp_path, extra=files)
    config = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    options = plugin_entry(config, "clay-i18n")
    assert options is not None
    options["section_sitemaps"] = ["meetings/", "assets/"]  # assets/ has no index page
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_site(cfg, strict=False)
    assert any(w.startswith(f"clay: {PATH}:10:24: ") for w in result.warnings), result.warnings
    assert any(w.startswith("clay-i18n: section_sitemaps names assets/")
               for w in result.warnings), result.warnings
