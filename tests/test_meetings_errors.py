"""Every bad input of the meeting contract is one finding (code, path, line) from
`load_content`, the function that both the build and `clay check` call; a few real builds prove
that findings stop the build, one line per problem (`path:line: what — fix`), and that a warning
fails `--strict` only."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clay_plugins.cli.site import load_site
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.site import load_content
from tests.fixtures.meetings.support import corpus_site, report
from tests.sitebuild import BuildFailed, build_site, plugin_entry

GOOD = dict(title="Test", summary="Rezumat.", date="2021-05-05", format="online",
            platform="Cisco Webex")
NAME = "meetings/2021-05-05-bad.md"
PATH = f"docs/{NAME}"


def good(**changes: object) -> str:
    keys = {**GOOD, **changes}
    return report(**{k: v for k, v in keys.items() if v is not None})


CEDILLA = {NAME: good(title="Întâlnire la Tg. Jiu") + "Textul are o literă greşită.\n"}


def findings(tmp_path: Path, files: dict[str, str | None]) -> list[Finding]:
    """The findings of the fixture corpus with `files` added, except the informational ones."""
    content = load_content(load_site(corpus_site(tmp_path, extra=files)))
    return [f for f in content.findings if f.severity is not Severity.INFO]


def fail(tmp_path: Path, files: dict[str, str | None]) -> list[str]:
    """Build and return the error lines of the failure (one per problem)."""
    with pytest.raises(BuildFailed) as info:
        build_site(corpus_site(tmp_path, extra=files))
    return [line for line in info.value.text.splitlines() if line.startswith("docs/")]


# name: (files, the finding's code, path and line, a value the message repeats or None)
CASES = {
    "yaml": ({NAME: "---\ntitle: Test\nsummary: [unclosed\ndate: 2021-05-05\n---\nText.\n"},
             "frontmatter.yaml", PATH, 4, None),
    "missing-key": ({NAME: good(summary=None)}, "meeting.missing", PATH, 1, "summary"),
    "impossible-date": ({"meetings/2021-02-30-bad.md": good(date="2021-02-30")},
                        "meeting.date", "docs/meetings/2021-02-30-bad.md", 4, "2021-02-30"),
    "far-date": ({"meetings/9999-12-31-bad.md": good(date="9999-12-31")}, "meeting.date",
                 "docs/meetings/9999-12-31-bad.md", 4, "9999-12-31"),
    "format": ({NAME: good(format="webinar")}, "meeting.format", PATH, 5, "webinar"),
    "series": ({NAME: good(series="board")}, "meeting.series", PATH, 7, "board"),
    "topic": ({NAME: good(topics="[funding, nonsense]")}, "meeting.topics", PATH, 7,
              "nonsense"),
    "online-platform": ({NAME: good(platform=None)}, "meeting.platform", PATH, 5, None),
    "hybrid-venue": ({NAME: good(format="hybrid")}, "meeting.venue", PATH, 5, None),
    "in-person-venue": ({NAME: good(format="in-person", platform=None)}, "meeting.venue", PATH,
                        5, None),
    "duplicate-number": ({NAME: good(number=6)}, "meeting.duplicate-number", PATH, 7, "6"),
    "orphan-translation": ({"meetings/2021-05-05-bad.en.md": report(title="T", summary="S")},
                           "meeting.orphan-translation", "docs/meetings/2021-05-05-bad.en.md",
                           None, None),
    "translation-differs": ({NAME: good(), "meetings/2021-05-05-bad.en.md": report(
        title="T", summary="S", date="2021-05-06")}, "meeting.translation-differs",
        "docs/meetings/2021-05-05-bad.en.md", 4, "2021-05-06"),
    "todo": ({NAME: good(platform="TODO")}, "frontmatter.todo", PATH, 6, "TODO"),
    "name-date": ({NAME: good(date="2021-05-06")}, "meeting.date-name", PATH, 4, "2021-05-06"),
    "file-name": ({"meetings/Raport final.md": good()}, "meeting.filename",
                  "docs/meetings/Raport final.md", None, "Raport final.md"),
    "time": ({NAME: good(time="25:00")}, "meeting.time", PATH, 7, "25:00"),
    "participants": ({NAME: good(participants=-3)}, "meeting.participants", PATH, 7, "-3"),
    "summary-length": ({NAME: good(summary="x" * 301)}, "meeting.summary", PATH, 3, "301"),
    "duplicate-key": ({NAME: good(title="Test\ntitle: Other")}, "frontmatter.duplicate-key",
                      PATH, 3, "title"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_one_error(tmp_path: Path, case: str) -> None:
    files, code, path, line, value = CASES[case]
    (finding,) = findings(tmp_path, files)
    assert (finding.severity, finding.code, finding.path, finding.line) == (
        Severity.ERROR, code, path, line)
    assert finding.fix  # every message says how to fix it
    if value is not None:
        assert value in str(finding), str(finding)


def test_every_problem_stops_the_build_one_line_each(tmp_path: Path) -> None:
    lines = fail(tmp_path, {
        NAME: good(format="webinar"),
        "meetings/2021-05-06-other.md": report(title="X", date="2021-05-06", format="online",
                                               platform="Zoom"),
    })
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{PATH}:5:") and "webinar" in lines[0]
    assert lines[1].startswith("docs/meetings/2021-05-06-other.md:1:")
    assert all(" — " in line for line in lines)  # what is wrong — how to fix it


def test_duplicate_explicit_numbers_name_both_files(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, {NAME: good(number=2)})
    assert (finding.code, finding.path, finding.line) == ("meeting.duplicate-number", PATH, 7)
    assert "docs/meetings/2019-04-22-test-horezu.md" in str(finding)


def test_cedilla_letters_are_a_warning_that_fails_strict(tmp_path: Path) -> None:
    assert [(f.severity, f.code, f.path, f.line, f.column)
            for f in findings(tmp_path / "check", CEDILLA)] == [
        (Severity.WARNING, "typography.cedilla", PATH, 10, 24)]
    with pytest.raises(BuildFailed) as info:
        build_site(corpus_site(tmp_path / "strict", extra=CEDILLA))
    # warnings carry the prefix `clay: `
    warnings = [line.split(": ", 1)[1] for line in info.value.text.splitlines() if PATH in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{PATH}:10:24: "), warnings


def test_without_strict_a_warning_builds_and_names_who_wrote_it(tmp_path: Path) -> None:
    """Content findings are `clay: path:line: …` (the lines `clay check` prints); a plugin's
    own warning starts with the plugin's name as mkdocs.yml spells it."""
    cfg = corpus_site(tmp_path, extra=CEDILLA)
    config = yaml.safe_load(cfg.read_text(encoding="utf-8"))
    options = plugin_entry(config, "clay-i18n")
    assert options is not None
    options["section_sitemaps"] = ["meetings/", "assets/"]  # assets/ has no index page
    cfg.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_site(cfg, strict=False)
    assert any(w.startswith(f"clay: {PATH}:10:24: ") for w in result.warnings), result.warnings
    assert any(w.startswith("clay-i18n: section_sitemaps names assets/")
               for w in result.warnings), result.warnings
    assert (result.site / "meetings/2021-05-05-bad/index.html").is_file()


def test_unknown_key_is_a_warning(tmp_path: Path) -> None:
    (finding,) = findings(tmp_path, {NAME: good(participans=12)})
    assert (finding.severity, finding.code, finding.path, finding.line, finding.column) == (
        Severity.WARNING, "meeting.unknown-key", PATH, 7, 1)
    assert "participans" in str(finding)


def test_page_settings_are_allowed(tmp_path: Path) -> None:
    assert findings(tmp_path, {NAME: good(hide="[toc]", search="{boost: 2}")}) == []
