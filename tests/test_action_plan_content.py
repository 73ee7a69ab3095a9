"""The action-plan contract as pure Python: clay_plugins.content.chapter (no MkDocs involved)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from clay_plugins.content.chapter import TYPE as CHAPTER
from clay_plugins.content.chapter import (
    ActionPlanSettings,
    Timeframe,
    check_meeting_references,
)
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.schema import load_items
from tests.hostile import has, pages

SETTINGS = ActionPlanSettings(["ro", "en"])

CH1 = """---
chapter: 1
title: Contextul regional
status: final
updated: 2021-04-08
summary: Rezumatul capitolului întâi.
---

## Regiunea {#regiunea}

Text.
"""
CH1_EN = """---
title: Regional context
summary: Summary of chapter one.
---

## The region {#regiunea}

Text.
"""
CH2 = """---
chapter: 2
title: Acțiunile planului
status: draft
updated: 2021-05-10
actions:
  - id: 1
    title: Colaborare între sectoare
    timeframe: 2021-06 to 2023-05
    players:
      - ADR Sud-Vest Oltenia
      - Camera de Comerț
    costs: 10 000 euro
    funding: POR 2014–2020
  - id: 2
    title: Monitorizarea proiectelor
---

## Acțiunea 1 {#action-1}

## Acțiunea 2 {#action-2}
"""
CH2_EN = """---
title: The actions of the plan
actions:
  - id: 1
    title: Collaboration between sectors
    players:
      - ADR South-West Oltenia
  - id: 2
    title: Monitoring the projects
---

## Action 1 {#action-1}

## Action 2 {#action-2}
"""


def write(root: Path, files: dict[str, str]) -> Path:
    docs = root / "docs"
    for name, text in files.items():
        path = docs / "action-plan" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return docs


def load(tmp_path: Path, files: dict[str, str]) -> tuple[dict, list[Finding]]:
    """The chapters of the files written so far in this test's folder."""
    folder = write(tmp_path, files) / "action-plan"
    texts = {f"action-plan/{f.name}": f.read_text(encoding="utf-8")
             for f in sorted(folder.iterdir())} if folder.is_dir() else {}
    found, read = pages(texts)
    chapters, findings = load_items(CHAPTER, found, SETTINGS.languages, SETTINGS)
    return {c.number: c for c in chapters}, read + findings


def errors(findings: list[Finding]) -> list[str]:
    return [str(f) for f in findings if f.severity == Severity.ERROR]


GOOD = {
    "01-context.md": CH1, "01-context.en.md": CH1_EN,
    "02-actiuni.md": CH2, "02-actiuni.en.md": CH2_EN,
    "index.md": "# Plan\n", "index.en.md": "# Plan\n",
}


def test_good_plan_loads_every_fact(tmp_path: Path) -> None:
    chapters, findings = load(tmp_path, GOOD)
    assert errors(findings) == []
    assert [f for f in findings if f.severity == Severity.WARNING] == []
    assert list(chapters) == [1, 2]
    ch1, ch2 = chapters[1], chapters[2]
    assert ch1.src_uri == "action-plan/01-context.md"
    assert ch1.path == "docs/action-plan/01-context.md"
    assert ch1.lines == {"chapter": 2, "title": 3, "status": 4, "updated": 5, "summary": 6}
    assert (ch1.title("ro"), ch1.title("en")) == ("Contextul regional", "Regional context")
    assert (ch1.summary("ro"), ch1.summary("en")) == ("Rezumatul capitolului întâi.",
                                                      "Summary of chapter one.")
    assert (ch1.status, ch1.updated, ch1.draft) == ("final", dt.date(2021, 4, 8), False)
    assert ch1.translated == {"ro", "en"}
    assert ch1.url_for("ro") == "action-plan/01-context/"
    assert ch1.url_for("en") == "en/action-plan/01-context/"
    assert ch2.draft
    a1, a2 = ch2.actions
    assert (a1.id, a1.anchor, a1.line) == ("1", "action-1", 7)
    assert (a1.title("ro", "ro"), a1.title("en", "ro")) == ("Colaborare între sectoare",
                                                            "Collaboration between sectors")
    assert a1.timeframe == Timeframe((2021, 6), (2023, 5))
    assert a1.players == ["ADR Sud-Vest Oltenia", "Camera de Comerț"]
    assert a1.text("players", "en") == ["ADR South-West Oltenia"]
    assert a1.text("costs", "en") == "10 000 euro"  # not translated: the Romanian text
    assert a1.language("costs", "en", "ro") == "ro" and a1.language("players", "en", "ro") == "en"
    assert (a1.funding, a1.text("funding", "en")) == ("POR 2014–2020", "POR 2014–2020")
    assert (a2.timeframe, a2.players, a2.costs) == (None, None, None)


def test_missing_translation_is_information_and_falls_back(tmp_path: Path) -> None:
    chapters, findings = load(tmp_path, {"01-context.md": CH1})
    assert errors(findings) == []
    info = [f for f in findings if f.severity == Severity.INFO]
    assert [f.code for f in info] == ["chapter.untranslated"]
    assert "docs/action-plan/01-context.en.md" in str(info[0])
    ch = chapters[1]
    assert ch.translated == {"ro"}
    assert ch.title("en") == "Contextul regional"
    assert ch.text_language("en") == "ro"
    assert ch.summary("en") == "Rezumatul capitolului întâi."


def test_order_is_numeric_and_results_are_deterministic(tmp_path: Path) -> None:
    ten = CH1.replace("chapter: 1", "chapter: 10")
    nine = CH1.replace("chapter: 1", "chapter: 9")
    chapters, findings = load(tmp_path, {"10-anexa.md": ten, "09-b.md": nine, "01-context.md": CH1})
    assert errors(findings) == []
    assert list(chapters) == [1, 9, 10]
    again, again_findings = load(tmp_path, {})
    assert [c.path for c in again.values()] == [c.path for c in chapters.values()]
    assert again_findings == findings


R, E, A, AE = "01-context.md", "01-context.en.md", "02-actiuni.md", "02-actiuni.en.md"


@pytest.mark.parametrize(("files", "code", "file", "line"), [
    pytest.param({R: CH1, "01-alt.md": CH1}, "chapter.duplicate", R, 2, id="duplicate-number"),
    pytest.param({R: CH1.replace("chapter: 1\n", "")}, "chapter.missing", R, 1,
                 id="missing-number"),
    pytest.param({R: CH1.replace("chapter: 1", "chapter: 2")}, "chapter.number-name", R, 2,
                 id="number-differs-from-file-name"),
    pytest.param({R: CH1.replace("chapter: 1", "chapter: unu")}, "chapter.number", R, 2,
                 id="number-not-a-number"),
    pytest.param({R: CH1.replace("status: final", "status: ready")}, "chapter.status", R, 4,
                 id="unknown-status"),
    pytest.param({R: CH1.replace("status: final\n", "")}, "chapter.status-missing", R, 1,
                 id="missing-status"),
    pytest.param({R: CH1.replace("2021-04-08", "2021-02-30")}, "chapter.updated", R, 5,
                 id="impossible-date"),
    pytest.param({R: CH1.replace("2021-04-08", "8 aprilie 2021")}, "chapter.updated", R, 5,
                 id="date-in-words"),
    pytest.param({R: CH1.replace("2021-04-08", "1899-12-31")}, "chapter.updated", R, 5,
                 id="date-before-1900"),
    pytest.param({R: CH1.replace("title: Contextul regional\n", "")}, "chapter.title-missing",
                 R, 1, id="missing-title"),
    pytest.param({E: CH1_EN}, "chapter.orphan-translation", E, None,
                 id="english-without-romanian"),
    pytest.param({A: CH2.replace("  - id: 2\n", "  - idd: 2\n")}, "chapter.action-id", A, 15,
                 id="action-without-id"),
    pytest.param({A: CH2.replace("2021-06 to 2023-05", "iunie 2021 - mai 2023")},
                 "chapter.timeframe", A, 9, id="timeframe-malformed"),
    pytest.param({A: CH2.replace("2021-06 to 2023-05", "2023-06 to 2021-05")},
                 "chapter.timeframe", A, 9, id="timeframe-backwards"),
    pytest.param({A: CH2.replace("2021-06 to 2023-05", "2021-13 to 2023-05")},
                 "chapter.timeframe", A, 9, id="timeframe-month-13"),
    pytest.param({A: CH2.replace("  - id: 2\n", "  - id: 1\n")}, "chapter.action-duplicate",
                 A, 15, id="action-id-twice"),
    pytest.param({A: CH2, "03-mai.md": CH2.replace("chapter: 2", "chapter: 3")},
                 "chapter.action-duplicate", "03-mai.md", 7, id="action-id-in-two-chapters"),
    pytest.param({A: CH2.replace(" {#action-2}", "")}, "chapter.action-heading", A, 18,
                 id="action-heading-missing"),
    pytest.param({A: CH2, AE: CH2_EN.replace(" {#action-2}", "")}, "chapter.action-heading",
                 AE, 11, id="english-action-heading-missing"),
    pytest.param({A: CH2, AE: CH2_EN.replace(
        "  - id: 2\n    title: Monitoring the projects\n", "")}, "chapter.action-untranslated",
        AE, 3, id="english-action-missing"),
    pytest.param({A: CH2, AE: CH2_EN.replace("id: 2", "id: 3")}, "chapter.action-unknown",
                 AE, 8, id="english-unknown-action"),
    pytest.param({A: CH2, AE: CH2_EN.replace("    title: Monitoring the projects\n", "")},
                 "chapter.action-title", AE, 8, id="english-action-title-missing"),
    pytest.param({A: CH2, AE: CH2_EN.replace("    players:", "    timeframe: 2021-07 to 2023-05"
                  "\n    players:")}, "chapter.inherited-differs", AE, 6,
                 id="translated-action-repeats-a-different-timeframe"),
    pytest.param({R: CH1, E: "---\nstatus: draft\ntitle: X\n---\n\n## The region {#regiunea}\n"},
                 "chapter.inherited-differs", E, 2, id="translation-repeats-a-different-fact"),
    pytest.param({R: CH1, E: CH1_EN.replace("{#regiunea}", "{#region}")},
                 "chapter.anchor-missing", E, 5, id="anchor-differs-between-languages"),
    pytest.param({R: CH1, E: CH1_EN.replace("{#regiunea}", "{#region}")},
                 "chapter.anchor-extra", E, 6, id="anchor-only-in-the-translation"),
    pytest.param({R: CH1.replace("## Regiunea", "# Regiunea")}, "chapter.h1", R, 9,
                 id="h1-in-text"),
    pytest.param({"1-context.md": CH1}, "chapter.file-name", "1-context.md", None,
                 id="bad-file-name"),
    pytest.param({"01-context.fr.md": CH1_EN, R: CH1}, "chapter.language", "01-context.fr.md",
                 None, id="unknown-language"),
    pytest.param({R: "---\nchapter: 1\ntitle: [unclosed\n---\n"}, "frontmatter.yaml", R, 3,
                 id="yaml"),
])
def test_bad_input_is_one_finding_at_its_line(
    tmp_path: Path, files: dict[str, str], code: str, file: str, line: int | None
) -> None:
    chapters, findings = load(tmp_path, files)
    assert has(findings, code, f"docs/action-plan/{file}", line), [str(f) for f in findings]
    assert all(" — " in str(f) and "\n" not in str(f) for f in findings)


def test_a_chapter_with_an_error_is_left_out_but_the_others_stay(tmp_path: Path) -> None:
    chapters, findings = load(tmp_path, {
        "01-context.md": CH1.replace("status: final", "status: ready"), "02-actiuni.md": CH2,
    })
    assert list(chapters) == [2]
    assert len(errors(findings)) == 1


def test_unknown_keys_are_warnings_with_line_and_column(tmp_path: Path) -> None:
    text = CH2.replace("status: draft", "status: draft\nsumary: x").replace(
        "    costs:", "    cost: 1\n    costs:")
    chapters, findings = load(tmp_path, {"02-actiuni.md": text})
    assert errors(findings) == []
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    assert [(f.code, f.line, f.column) for f in warnings] == [
        ("chapter.unknown-key", 5, 1), ("chapter.unknown-key", 14, 5)]
    assert "did you mean `summary`" in warnings[0].fix
    assert list(chapters) == [2]


def test_settings_from_plugin_options() -> None:
    s = ActionPlanSettings.from_plugin_options({"directory": "/plan/"}, ["ro", "en", "ro"])
    assert (s.languages, s.default, s.directory) == (["ro", "en"], "ro", "plan")
    assert ActionPlanSettings.from_plugin_options({}, ["ro"]).directory == "action-plan"


@dataclass
class StandInMeeting:
    """The fields of clay_plugins.content.meeting.Meeting that the cross-check reads."""

    path: str
    action_plan: list[int]
    lines: dict[str, int] = field(default_factory=lambda: {"action_plan": 12})


def test_meeting_naming_a_missing_chapter_is_an_error_at_its_action_plan_line(
    tmp_path: Path,
) -> None:
    chapters, _ = load(tmp_path, {"01-context.md": CH1, "02-actiuni.md": CH2})
    meetings = [
        StandInMeeting("docs/meetings/2021-04-08-a.md", [1, 2]),
        StandInMeeting("docs/meetings/2020-11-25-b.md", [2, 7]),
    ]
    found = check_meeting_references(meetings, chapters)
    assert [str(f) for f in found] == [
        "docs/meetings/2020-11-25-b.md:12: `action_plan` names chapter 7, which does not exist — "
        "use the number of a chapter in docs/action-plan/ (existing: 1, 2) or remove 7"
    ]
    assert found[0].severity == Severity.ERROR
    assert check_meeting_references(meetings[:1], chapters) == []
