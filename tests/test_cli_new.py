"""`clay new`: the files are named by the contract, carry the given facts and the other keys as
comments, and build as they are in a strict build of the site (both languages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from clay_plugins.cli import main
from clay_plugins.content import frontmatter
from tests.sitebuild import REPO, BuildFailed, build_site, make_site


def written(fm: frontmatter.FrontMatter) -> list[str]:
    """The file's lines up to the closing `---`, comments included, as written."""
    return fm.text.splitlines()[:fm.end_line]


def frame_pages() -> dict[str, str]:
    """The site's own pages without its reports and chapters: the navigation's targets."""
    docs = REPO / "docs"
    pages = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8")
             for p in docs.glob("*.md")}
    for folder in ("meetings", "action-plan"):
        for p in (docs / folder).glob("index*.md"):
            pages[p.relative_to(docs).as_posix()] = p.read_text(encoding="utf-8")
    return pages


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    return make_site(tmp_path / "site", frame_pages())


def test_new_meeting_writes_the_pair(cfg: Path, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(cfg.parent)
    code = main(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date", "2022-03-15",
                 "--title", "A şaptea întâlnire a grupului", "--format", "online",
                 "--platform", "Cisco Webex", "--topics", "action-plan,funding",
                 "--participants", "18"])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    stem = "docs/meetings/2022-03-15-a-saptea-intalnire-a-grupului"
    assert out == [f"{stem}.md", f"{stem}.en.md"]
    ro = (cfg.parent / f"{stem}.md").read_text(encoding="utf-8")
    fm = frontmatter.parse(ro, "ro.md")
    assert fm.data == {
        "title": "A șaptea întâlnire a grupului",  # the cedilla letter corrected
        "summary": "Rezumatul întâlnirii, în una sau două propoziții.",
        "date": "2022-03-15",
        "format": "online",
        "platform": "Cisco Webex",
        "participants": 18,
        "topics": ["action-plan", "funding"],
    }
    for key in ("time", "series", "number", "venue", "organiser", "action_plan"):
        assert any(line.startswith(f"# {key}:") for line in written(fm)), key
    en = frontmatter.parse((cfg.parent / f"{stem}.en.md").read_text(encoding="utf-8"), "en.md")
    assert set(en.data) == {"title", "summary"}
    assert any(line.startswith("# venue:") for line in written(en))


def test_new_meeting_refuses_what_the_contract_refuses(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date", "2022-03-15",
                 "--title", "Fără platformă", "--format", "online"])
    assert code == 1
    err = capsys.readouterr().err
    assert ("docs/meetings/2022-03-15-fara-platforma.md:8:1: a report with `format: online` "
            "needs `platform`") in err
    assert not list((cfg.parent / "docs" / "meetings").glob("2022-*"))
    assert main(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date", "2022-02-30",
                 "--title", "x", "--format", "in-person", "--venue", "Horezu"]) == 1
    assert "not a day of the calendar" in capsys.readouterr().err


def test_new_meeting_checked_against_the_whole_site(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["new", "meeting", "--lang", "en", "--config", str(cfg), "--format", "in-person",
            "--venue", "Horezu"]
    assert main([*base, "--date", "2022-01-10", "--title", "Prima", "--number", "3"]) == 0
    capsys.readouterr()
    # the same number in the same series: refused, nothing written
    assert main([*base, "--date", "2022-02-10", "--title", "A doua", "--number", "3"]) == 1
    err = capsys.readouterr().err
    assert "docs/meetings/2022-02-10-a-doua.md" in err and "the number 3" in err
    # a chapter that does not exist
    assert main([*base, "--date", "2022-02-10", "--title", "A doua", "--action-plan", "9"]) == 1
    assert "names chapter 9, which does not exist" in capsys.readouterr().err
    # the same file twice
    assert main([*base, "--date", "2022-01-10", "--title", "Prima"]) == 1
    assert "exists already" in capsys.readouterr().err
    names = sorted(p.name for p in (cfg.parent / "docs" / "meetings").glob("2022-*"))
    assert names == ["2022-01-10-prima.en.md", "2022-01-10-prima.md"]


def test_new_files_build_strict_in_both_languages_and_check_reports_placeholders(
    cfg: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cfg.parent
    assert main(["new", "chapter", "--lang", "en", "--config", str(cfg), "--number", "1",
                 "--title", "Informaţii generale", "--title-en", "General information",
                 "--updated", "2022-01-10"]) == 0
    assert main(["new", "meeting", "--lang", "en", "--config", str(cfg), "--date", "2022-03-15",
                 "--title", "Întâlnirea de la Horezu", "--format", "hybrid",
                 "--platform", "Zoom", "--venue", "Casa de Cultură, Horezu",
                 "--title-en", "The meeting in Horezu", "--time", "10:00-12:00",
                 "--action-plan", "1"]) == 0
    capsys.readouterr()
    chapter = frontmatter.parse(
        (root / "docs/action-plan/01-informatii-generale.md").read_text(encoding="utf-8"), "c")
    assert chapter.data == {
        "chapter": 1, "title": "Informații generale", "status": "draft",
        "updated": "2022-01-10", "summary": "Rezumatul capitolului, în una sau două propoziții.",
    }
    assert any(line.startswith("# actions:") for line in written(chapter))
    # a second chapter with the same number is refused
    assert main(["new", "chapter", "--lang", "en", "--config", str(cfg), "--number", "1",
                "--title", "Alt"]) == 1
    assert "chapter number 1 is already used by docs/action-plan/01-alt.md" in (
        capsys.readouterr().err)
    assert not (root / "docs/action-plan/01-alt.md").exists()

    # the strict build refuses the placeholders as `clay check` does (one rule, content/pages.py)
    with pytest.raises(BuildFailed) as failed:
        build_site(cfg)
    assert failed.value.codes == ["content.placeholder"] * 8
    result = build_site(cfg, strict=False)
    stem = "2022-03-15-intalnirea-de-la-horezu"
    ro = BeautifulSoup(result.read(f"meetings/{stem}/index.html"), "lxml")
    en = BeautifulSoup(result.read(f"en/meetings/{stem}/index.html"), "lxml")
    assert ro.title is not None and "Întâlnirea de la Horezu" in ro.title.get_text()
    assert "Textul raportului: scrieți aici" in ro.get_text()
    # the meetings plugin took the pair as a report: its facts in the header, listed in the index
    assert "15 martie 2022" in ro.get_text() and "Casa de Cultură, Horezu" in ro.get_text()
    assert "2022-03-15-intalnirea-de-la-horezu/" in result.read("meetings/index.html")
    assert "2022-03-15-intalnirea-de-la-horezu/" in result.read("en/meetings/index.html")
    assert en.title is not None and "The meeting in Horezu" in en.title.get_text()
    assert "The report's text: write here" in en.get_text()
    ch = BeautifulSoup(result.read("action-plan/01-informatii-generale/index.html"), "lxml")
    assert "Informații generale" in ch.get_text()
    assert "Textul capitolului" in ch.get_text()
    assert "General information" in result.read(
        "en/action-plan/01-informatii-generale/index.html")

    # apart from the placeholders the build takes the pair; `clay check` says what is left
    assert main(["check", "--config", str(cfg), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert [f["code"] for f in found if f["severity"] != "info"] == ["content.placeholder"] * 8


@pytest.mark.parametrize(("extra", "expected"), [
    (["--slug", "../x"], "--slug '../x': write lower-case letters"),
    (["--slug", "a/b"], "--slug 'a/b'"),
    (["--slug", ""], "--slug ''"),
    (["--title", "  "], "--title: empty"),
    (["--title", "Rând\nnou"], "--title: it holds a line break"),
    (["--title", "x" * 301], "--title: 301 characters"),
    # the value is checked by the contract's own parser (content/fields.py), with its message
    (["--date", "20220315"], "--date '20220315': `date` must be a date written `YYYY-MM-DD`"),
    (["--date", "2022-02-30"], "--date '2022-02-30': `2022-02-30` is not a day"),
    (["--time", "25:00"], "--time '25:00': `25:00` is not a time of day"),
    (["--time", "12:00-10:00"], "--time '12:00-10:00'"),
    (["--time", "10:00\nformat: x"], "--time"),
    (["--topics", "a], evil: [b"], "--topics 'a]'"),
    (["--series", "x: y"], "--series 'x: y'"),
    (["--number", "0"], "--number 0: `number` must be a whole number, 1 or more"),
    (["--venue-en", "a\u2028b"], "--venue-en: it holds a line break"),
])
def test_new_meeting_inputs_one_line_each(cfg: Path, capsys: pytest.CaptureFixture[str],
                                          extra: list[str], expected: str) -> None:
    args = {"--date": "2022-03-15", "--title": "Întâlnirea", "--format": "in-person",
            "--venue": "Horezu"}
    for option, value in zip(extra[::2], extra[1::2], strict=True):
        args[option] = value
    before = sorted(p.relative_to(cfg.parent) for p in cfg.parent.rglob("*"))
    code = main(["new", "meeting", "--lang", "en", "--config", str(cfg),
                 *(x for pair in args.items() for x in pair)])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and expected in err, err
    assert sorted(p.relative_to(cfg.parent) for p in cfg.parent.rglob("*")) == before


@pytest.mark.parametrize(("extra", "expected"), [
    (["--number", "-1"], "--number -1: `chapter` must be a whole number, 1 or more"),
    (["--number", "1", "--slug", "../../etc"], "--slug '../../etc'"),
    (["--number", "1", "--updated", "2022-13-01"], "--updated '2022-13-01'"),
])
def test_new_chapter_inputs_one_line_each(cfg: Path, capsys: pytest.CaptureFixture[str],
                                          extra: list[str], expected: str) -> None:
    code = main(["new", "chapter", "--lang", "en", "--config", str(cfg), "--title", "Capitol",
                *extra])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and expected in err, err
    assert not list((cfg.parent / "docs").rglob("*capitol*"))
    assert not (cfg.parent / "etc").exists()
