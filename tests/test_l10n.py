"""Every text of ours in gettext catalogs (clay_plugins/l10n.py, clay_plugins/locale/): the
template lists every marked text, each configured language's catalog translates all of them (none
missing, empty or fuzzy), a missing entry stops the build instead of falling back, and a third
language (Italian) is `mkdocs.yml` plus its catalog: a strict build speaks Italian wherever our
templates speak."""

from __future__ import annotations

import ast
import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from clay_plugins import dates, l10n
from clay_plugins.meetings.text import ordinal
from tests.sitebuild import (
    BuildFailed,
    BuildResult,
    build_site,
    make_site,
    plugin_entry,
    repo_config,
)

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "clay_plugins"
DOMAINS = (l10n.READERS, l10n.EDITORS)
# the markers of each domain as Babel's keyword specs: the Makefile's `locale` target passes the
# same as `-k` options (a marker missing on either side makes the .pot test below fail)
KEYWORDS: dict[str, dict[str, tuple[object, ...] | None]] = {
    l10n.READERS: {"N_": None, "C_": ((1, "c"), 2)},
    l10n.EDITORS: {"E_": None, "EN_": (1, 2)},
}
CATALOGS = sorted(  # (language, domain) of every catalog in the repository
    (p.parent.parent.name, p.stem) for p in l10n.LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def _extracted(domain: str) -> set[str]:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS[domain],
        comment_tags=(), strip_comment_tags=True,
    ):
        if not isinstance(message, str):  # EN_: singular and plural, known by the singular
            message = message[0]
        found.add(message if context is None else f"{context}\x04{message}")
    return found


def _configured_languages() -> list[str]:
    i18n = plugin_entry(repo_config(), "i18n") or {}
    return [str(entry["locale"]) for entry in i18n.get("languages", [])]


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_template_lists_every_marked_text(domain: str) -> None:
    """Each domain's .pot is what Babel extracts from the code today: `make locale` was run."""
    extracted, template = _extracted(domain), set(l10n.template(domain))
    assert extracted == template, (
        f"clay_plugins/locale/{domain}.pot is out of date: run `make locale` and translate — "
        f"new: {sorted(extracted - template)}, gone: {sorted(template - extracted)}"
    )


def test_the_readers_texts_are_marked() -> None:
    assert len(_extracted(l10n.READERS)) > 90, "the extraction keywords no longer match the code"


def test_the_configured_languages_and_italian_have_catalogs() -> None:
    assert {"ro", "en"} <= set(_configured_languages())
    for lang in {*_configured_languages(), "it"}:
        assert (lang, l10n.READERS) in CATALOGS
    for lang in _configured_languages():  # the editors read ro and en
        assert (lang, l10n.EDITORS) in CATALOGS


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_every_catalog_is_complete(lang: str, domain: str) -> None:
    """Every entry translated, none fuzzy, no placeholder the English text lacks, nothing else."""
    with l10n.path_of(lang, domain).open("rb") as f:
        po = read_po(f, locale=lang)
    template = l10n.template(domain)
    assert l10n.problems(po, template) == []
    ids = [(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in po if m.id]
    keys = {msgid if context is None else f"{context}\x04{msgid}" for context, msgid in ids}
    assert keys == set(template), f"entries the code no longer has: {keys - template}"
    # Babel's own checks (python-brace-format and the rest) find nothing either
    assert [(m.id, errors) for m, errors in po.check()] == []
    assert po.locale is not None and po.locale.language == lang.split("_")[0]
    assert l10n.catalog(lang, domain).lang == lang


def test_english_texts_are_the_english_catalog() -> None:
    """The English catalog says what the code's English texts say (a msgid is the English text;
    its context is not part of it)."""
    for domain in DOMAINS:
        english = l10n.catalog("en", domain)
        with l10n.template_path(domain).open("rb") as f:
            plurals = {m.id[0]: tuple(m.id) for m in read_po(f) if m.id and not isinstance(
                m.id, str)}
        for key in l10n.template(domain):
            if key in plurals:
                assert english.plurals[key] == plurals[key], key
            else:
                assert english.gettext(key) == key.rpartition("\x04")[2], key


@pytest.fixture
def broken_catalogs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the catalogs that the tests may break; the caches are cleared around it."""
    copy = tmp_path / "locale"
    shutil.copytree(l10n.LOCALE_DIR, copy)
    monkeypatch.setattr(l10n, "LOCALE_DIR", copy)
    l10n.catalog.cache_clear()
    l10n.template.cache_clear()
    yield copy
    l10n.catalog.cache_clear()
    l10n.template.cache_clear()


def _rewrite(path: Path, change: object) -> None:
    with path.open("rb") as f:
        po = read_po(f)
    change(po)  # type: ignore[operator]
    with path.open("wb") as f:
        write_po(f, po)


def test_a_missing_entry_is_refused(broken_catalogs: Path) -> None:
    path = broken_catalogs / "ro" / "LC_MESSAGES" / "clay.po"
    _rewrite(path, lambda po: po.delete("Next meeting"))
    with pytest.raises(l10n.CatalogError, match=r"no entry for 'Next meeting'"):
        l10n.catalog("ro")
    assert l10n.catalog("en").gettext("Next meeting") == "Next meeting"


def test_an_empty_a_fuzzy_and_a_wrong_placeholder_entry_are_refused(
    broken_catalogs: Path,
) -> None:
    path = broken_catalogs / "it" / "LC_MESSAGES" / "clay.po"

    def spoil(po: object) -> None:
        po["Next meeting"].string = ""  # type: ignore[index]
        po["Previous meeting"].flags.add("fuzzy")  # type: ignore[index]
        po["Meetings in {year}"].string = "Riunioni del {anno}"  # type: ignore[index]

    _rewrite(path, spoil)
    with pytest.raises(l10n.CatalogError) as caught:
        l10n.catalog("it")
    message = str(caught.value)
    assert "no translation of 'Next meeting'" in message
    assert "'Previous meeting' is marked fuzzy" in message
    assert "'Meetings in {year}' names placeholders the text does not have: ['anno']" in message


def test_a_language_without_catalog_is_refused() -> None:
    with pytest.raises(l10n.CatalogError, match="no catalog for the language `xx`"):
        l10n.catalog("xx")


def test_ordinals_and_dates_come_from_cldr_and_the_catalogs() -> None:
    assert [ordinal(n, "en") for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st meeting", "2nd meeting", "3rd meeting", "4th meeting", "11th meeting",
        "12th meeting", "13th meeting", "21st meeting", "22nd meeting", "23rd meeting",
        "101st meeting", "111th meeting"]
    assert [ordinal(n, "ro") for n in (1, 2, 6, 21)] == [
        "prima întâlnire", "a 2-a întâlnire", "a 6-a întâlnire", "a 21-a întâlnire"]
    assert [ordinal(n, "it") for n in (1, 8, 11)] == ["1ª riunione", "8ª riunione", "11ª riunione"]
    day = dt.date(2021, 4, 8)
    assert [dates.long_date(day, lang) for lang in ("ro", "en", "it")] == [
        "8 aprilie 2021", "8 April 2021", "8 aprile 2021"]
    assert [dates.month_year(2021, 4, lang) for lang in ("ro", "en", "it")] == [
        "aprilie 2021", "April 2021", "aprile 2021"]
    assert [dates.locale_id(lang) for lang in ("ro", "en", "it")] == ["ro_RO", "en_GB", "it_IT"]


# A site in Romanian, English and Italian: the repository's, with a third language in mkdocs.yml
# and a few pages translated into Italian.
IT_INDEX = """---
title: Il progetto CLAY nella regione Sud-Ovest Oltenia
summary: CLAY è un progetto Interreg Europe per le piccole e medie imprese della ceramica.
---

Il sito presenta il progetto nella regione Sud-Ovest Oltenia: le
[riunioni](meetings/index.md) e il [piano d'azione](action-plan/index.md).

| Anno | Riunioni |
| --- | --- |
| 2021 | 1 |
"""
IT_MEETINGS = """---
title: Riunioni
summary: I resoconti delle riunioni del gruppo regionale dei portatori di interesse.
---

I resoconti delle riunioni organizzate da ADR Sud-Vest Oltenia.
"""
IT_PLAN = """---
title: Piano d'azione
summary: Il piano d'azione della regione Sud-Ovest Oltenia, capitolo per capitolo.
---

Il piano d'azione della regione, pubblicato capitolo per capitolo.
"""
IT_REPORT = """---
title: Sesta riunione, online, per completare il piano d'azione
summary: Su Cisco Webex, imprese e organizzazioni della regione hanno discusso il piano d'azione.
---

L'8 aprile 2021 ADR Sud-Vest Oltenia ha organizzato la sesta riunione del gruppo regionale.
"""
REPORT = "meetings/2021-04-08-finalizarea-planului-de-actiune"


def _trilingual(root: Path) -> Path:
    config = repo_config()
    i18n = plugin_entry(config, "i18n")
    assert i18n is not None
    i18n["languages"].append({
        "locale": "it", "name": "Italiano", "build": True,
        "site_name": "CLAY — ADR Sud-Ovest Oltenia",
        "nav_translations": {"Acasă": "Home", "Întâlniri": "Riunioni",
                             "Planul de acțiune": "Piano d'azione",
                             "Accesibilitate": "Accessibilità",
                             "Confidențialitate": "Privacy"},
    })
    meetings = plugin_entry(config, "clay-meetings")
    assert meetings is not None
    for kind in ("series", "topics"):
        for key, labels in meetings[kind].items():
            labels["it"] = f"Tema {key}"
    files = {"index.it.md": IT_INDEX, "meetings/index.it.md": IT_MEETINGS,
             "action-plan/index.it.md": IT_PLAN, f"{REPORT}.it.md": IT_REPORT}
    return make_site(root, files, config=config, use_repo_docs=True)


@pytest.fixture(scope="module")
def trilingual(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_site(_trilingual(tmp_path_factory.mktemp("trilingual")))


def _english_texts() -> set[str]:
    """Our English texts that Italian says otherwise, with their words (not a lone name such
    as "Interreg Europe" or "online", and with the placeholders cut out)."""
    english, italian = l10n.catalog("en"), l10n.catalog("it")
    found = set()
    for key in l10n.template():
        text = english.gettext(key)
        if text == italian.gettext(key):
            continue
        for part in re.split(r"\{\w+\}", text):
            part = part.strip(" .:;,()“”")
            if len(part) >= 4 and part != "Format":
                found.add(part)
    return found


def _text(page: str) -> str:
    """A page's text and the attributes people hear (aria-label, title, placeholder…)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "lxml")
    for hidden in soup(["script", "style", "svg"]):
        if hidden.name != "svg" or not hidden.find("title"):
            hidden.decompose()
    said = [soup.get_text(" ")]
    for tag in soup.find_all(True):
        for attr in ("aria-label", "title", "placeholder", "alt", "data-table-label"):
            value = tag.get(attr)
            if isinstance(value, str):
                said.append(value)
    return " ".join(said)


IT_PAGES = ["it/index.html", "it/meetings/index.html", "it/meetings/2021/index.html",
            f"it/{REPORT}/index.html", "it/meetings/2019-04-22-analiza-swot-horezu/index.html",
            "it/action-plan/index.html", "it/action-plan/03-actiuni/index.html",
            "it/action-plan/print/index.html", "it/meetings/topics/funding/index.html"]


def test_the_trilingual_site_builds_strictly(trilingual: BuildResult) -> None:
    assert trilingual.warnings == []
    for rel in IT_PAGES:
        assert (trilingual.site / rel).is_file(), rel


@pytest.mark.parametrize("rel", IT_PAGES)
def test_italian_pages_have_none_of_our_english_texts(trilingual: BuildResult, rel: str) -> None:
    said = _text(trilingual.read(rel))
    leaked = sorted(text for text in _english_texts() if text in said)
    assert leaked == [], f"{rel}: English texts of ours in an Italian page: {leaked}"


def test_italian_pages_speak_italian(trilingual: BuildResult) -> None:
    index = trilingual.soup("it/meetings/index.html")
    assert index.find("html")["lang"] == "it"
    assert "Ultime riunioni" in index.get_text()
    assert "Feed RSS delle riunioni" in index.get_text()
    report = trilingual.soup(f"it/{REPORT}/index.html")
    header = report.select_one(".clay-meeting-header")
    assert header is not None and header["aria-label"] == "Informazioni sulla riunione"
    labels = [dt_.get_text(strip=True) for dt_ in header.select("dt")]
    assert labels[:2] == ["Data", "Formato"]
    assert "8 aprile 2021" in header.get_text()
    assert re.search(r"\d+ª riunione", header.get_text())
    og = report.find("meta", property="og:locale")
    assert og is not None and og["content"] == "it_IT"
    # an untranslated report under /it/: Romanian text, marked, with the notice in Italian
    fallback = trilingual.soup("it/meetings/2019-04-22-analiza-swot-horezu/index.html")
    notice = fallback.select_one(".clay-fallback")
    assert notice is not None and notice.get_text(strip=True) == (
        "Questa pagina è disponibile solo in rumeno.")
    # the frame: EU block, footer links, the search box and its result texts
    home = trilingual.soup("it/index.html")
    assert home.select_one(".clay-eu__name").get_text() == "Unione europea"
    assert [a.get_text() for a in home.select(".clay-footer-links a")] == [
        "Dichiarazione di accessibilità", "Informativa sulla privacy"]
    search = home.select_one("[data-clay-search]")
    assert search is not None
    strings = __import__("json").loads(search["data-strings"])
    assert strings["label"] == "Cerca nel sito"
    assert strings["lang_ro"] == "in rumeno" and strings["lang_en"] == "in inglese"
    script = home.find("script", src=re.compile("clay-keyboard"))
    assert script is not None and script["data-table-label"] == "Tabella"
    plan = trilingual.soup("it/action-plan/index.html")
    assert plan.find("h2", id="chapters").get_text() == "Capitoli del piano"


def test_the_404_page_speaks_every_language(trilingual: BuildResult) -> None:
    page = trilingual.soup("404.html")
    sections = page.select(".clay-404 section")
    assert [s["lang"] for s in sections] == ["ro", "en", "it"]
    assert [s.h2.get_text() for s in sections] == ["În limba română", "In English", "In italiano"]
    assert [s.form["action"] for s in sections] == ["/clay/", "/clay/en/", "/clay/it/"]
    title = page.select_one(".clay-404__title").get_text()
    assert title == "Pagina nu a fost găsită · Page not found · Pagina non trovata"
    assert page.title is not None and page.title.get_text() == f"{title} — CLAY"


def test_a_language_without_a_catalog_stops_the_build(tmp_path: Path) -> None:
    config = repo_config()
    i18n = plugin_entry(config, "i18n")
    assert i18n is not None
    i18n["languages"].append({"locale": "fi", "name": "Suomi", "build": True})
    with pytest.raises(BuildFailed, match="no catalog for the language `fi`"):
        build_site(make_site(tmp_path, {"index.md": "# Acasă\n"}, config=config))


def test_a_missing_entry_stops_the_build(tmp_path: Path, broken_catalogs: Path) -> None:
    """Nothing falls back silently: the Italian site without one Italian entry fails."""
    path = broken_catalogs / "it" / "LC_MESSAGES" / "clay.po"
    _rewrite(path, lambda po: po.delete("Latest meetings"))
    with pytest.raises(BuildFailed, match=r"clay.po: .*no entry for 'Latest meetings'"):
        build_site(_trilingual(tmp_path))
# Nothing an editor reads is an untranslated literal: every message and fix handed to a Finding
# or to a function that passes them on (any function with a `message`, `fix` or `how`
# parameter), every line `clay` prints and every error it raises for an editor is marked `E_`
# (or is a value handed on).
TEXT_PARAMS = ("message", "fix", "how", "reason", "where", "what")
EDITOR_ERRORS = ("NewError", "SiteError", "ImportProblem", "WriteError", "PhotoError",
                 "ContentError", "CatalogError")


# what is not words: the command's name before a message, punctuation, spaces
NOT_WORDS = re.compile(r"(clay( [a-z]+)?:)?[\s:;,.·—()<>`-]*")


def _literal(node: ast.expr) -> bool:
    """A text written in place: a string with words, an f-string with words, or a sum with
    one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and not NOT_WORDS.fullmatch(node.value)
    if isinstance(node, ast.JoinedStr):
        return not NOT_WORDS.fullmatch("".join(
            str(v.value) for v in node.values if isinstance(v, ast.Constant)))
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    if isinstance(node, ast.BoolOp):
        return any(_literal(v) for v in node.values)
    return False


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else (
        func.attr if isinstance(func, ast.Attribute) else "")


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(REPO).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted(PACKAGE.rglob("*.py"))]


def _text_slots() -> dict[str, tuple[set[int], set[str]]]:
    """Every callable of the package that takes an editors' text: its positions and names."""
    slots: dict[str, tuple[set[int], set[str]]] = {
        "Finding": ({3, 4}, {"message", "fix"})}
    for _, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                        _add_slots(slots, node.name, item, skip_self=True)
                # a dataclass: its fields in order
                fields = [item.target.id for item in node.body if isinstance(item, ast.AnnAssign)
                          and isinstance(item.target, ast.Name)]
                if node.name != "Finding" and not any(
                        isinstance(i, ast.FunctionDef) and i.name == "__init__" for i in node.body):
                    wanted = {i for i, f in enumerate(fields) if f in TEXT_PARAMS}
                    if wanted:
                        slots[node.name] = (wanted, {fields[i] for i in wanted})
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                method = bool(node.args.args) and node.args.args[0].arg in ("self", "cls")
                _add_slots(slots, node.name, node, skip_self=method)
    return slots


def _add_slots(slots: dict[str, tuple[set[int], set[str]]], name: str,
               func: ast.FunctionDef | ast.AsyncFunctionDef, *, skip_self: bool) -> None:
    params = [a.arg for a in (*func.args.posonlyargs, *func.args.args)][int(skip_self):]
    wanted = {i for i, p in enumerate(params) if p in TEXT_PARAMS}
    named = {a.arg for a in func.args.kwonlyargs if a.arg in TEXT_PARAMS} | {
        params[i] for i in wanted}
    if wanted or named:
        positions, names = slots.setdefault(name, (set(), set()))
        positions |= wanted
        names |= named


def test_no_editors_text_is_an_untranslated_literal() -> None:
    slots = _text_slots()
    found = []
    for rel, tree in _modules():
        if rel == "clay_plugins/l10n.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node) in slots:
                positions, names = slots[_name(node)]
                given = [a for i, a in enumerate(node.args) if i in positions]
                given += [k.value for k in node.keywords if k.arg in names]
                found += [f"{rel}:{a.lineno}: {_name(node)}" for a in given if _literal(a)]
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and (
                    _name(node.exc) in EDITOR_ERRORS and _name(node.exc) not in slots):
                found += [f"{rel}:{a.lineno}: raise {_name(node.exc)}"
                          for a in node.exc.args if _literal(a)]
            if rel.startswith("clay_plugins/cli/") and isinstance(node, ast.Call) and (
                    _name(node) == "print"):
                found += [f"{rel}:{a.lineno}: print" for a in node.args if _literal(a)]
    assert found == [], "texts editors read, not marked E_:\n" + "\n".join(found)
