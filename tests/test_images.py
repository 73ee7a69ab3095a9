"""Text alternatives and languages, on every page of the built sites.

- Every <img> has a meaningful alternative text, or is marked decorative (alt="", or hidden
  from assistive technology); every <svg role="img"> has a name.
- The EU emblem's text alternative names the European Union, in the page's language.
- `lang` is right on every page (Romanian at the root, English under /en/; the one 404 page of
  both languages marks each of its parts) and on passages in the other language: the language
  switch's names, the Romanian text of an untranslated page under /en/, and any block of text
  whose words are plainly of the other language (a word-frequency test). The Nu Html
  Checker's own language detection is tests/test_html_validity.py's (one run of the checker).
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from tests import readers

GENERIC_ALT = {"image", "imagine", "img", "photo", "foto", "fotografie", "picture", "poza",
               "poză", "logo", "icon", "pic", "graphic", "figure", "figura", "figură"}
FILE_NAME = re.compile(r"\.(png|jpe?g|gif|svg|webp|avif)$", re.I)
EU_NAME = {"ro": re.compile(r"Uniun(ea|ii) Europene?"), "en": re.compile(r"European Union")}

# Frequent short words that only one of the two languages uses.
FUNCTION_WORDS = {
    "ro": {"și", "în", "la", "cu", "pentru", "care", "este", "sunt", "din", "pe", "ale",
           "prin", "sau", "mai", "despre", "au", "fost", "unei", "unui", "acest", "această"},
    "en": {"the", "and", "of", "to", "is", "for", "with", "that", "are", "on", "by", "was",
           "were", "this", "from", "which", "have", "has", "its", "their"},
}
TEXT_BLOCKS = ("p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "figcaption",
               "blockquote", "summary", "caption")


def pages(site: readers.Site) -> list[tuple[str, lxml.html.HtmlElement]]:
    return [(rel, lxml.html.fromstring((site.root / rel).read_bytes()))
            for rel in readers.html_files(site.root)]


def page_lang(rel: str) -> str | None:
    """The language a page's address says it is in (None for the bilingual 404 page)."""
    if rel == "404.html":
        return None
    first = rel.split("/", 1)[0]
    langs = readers.languages()
    return first if first in langs[1:] else langs[0]


def lang_of(el: lxml.html.HtmlElement) -> str:
    for node in el.iterancestors():
        if node.get("lang"):
            return node.get("lang").split("-")[0].lower()
    return (el.get("lang") or "").split("-")[0].lower()


def own_lang(el: lxml.html.HtmlElement) -> str:
    return (el.get("lang") or lang_of(el)).split("-")[0].lower()


def words_say(text: str) -> str | None:
    """The language a block of text is plainly written in, or None when it is not plain."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 6:
        return None
    counts = {lang: sum(w in fw for w in words) for lang, fw in FUNCTION_WORDS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    others = sum(v for lang, v in counts.items() if lang != best)
    return best if counts[best] >= 3 and counts[best] >= 3 * max(others, 1) else None


def accessible_name(el: lxml.html.HtmlElement, root: lxml.html.HtmlElement) -> str:
    if el.tag == "img" and not el.get("aria-label") and not el.get("aria-labelledby"):
        return el.get("alt") or ""
    if el.get("aria-label"):
        return el.get("aria-label")
    if el.get("aria-labelledby"):
        parts = []
        for ref in el.get("aria-labelledby").split():
            found = root.xpath("//*[@id=$id]", id=ref)
            if found:
                parts.append(found[0].text_content())
        return " ".join(parts)
    titles = [c for c in el if isinstance(c.tag, str) and c.tag.split("}")[-1] == "title"]
    return titles[0].text_content() if titles else ""


def image_problems(rel: str, root: lxml.html.HtmlElement) -> list[str]:
    where = f"/{readers.page_address(rel)}"
    problems = []
    for img in root.iter("img"):
        src = img.get("src", "")
        hidden = img.get("aria-hidden") == "true" or img.get("role") in ("presentation", "none")
        alt = img.get("alt")
        if alt is None and not hidden:
            problems.append(f"{where}: <img src={src!r}> has no alt (use alt=\"\" if decorative)")
            continue
        if alt is None or not alt.strip():
            continue  # decorative
        stem = Path(src.split("?")[0]).stem.lower()
        text = alt.strip().lower()
        if FILE_NAME.search(text) or text == stem or text in GENERIC_ALT or len(text) < 3:
            problems.append(f"{where}: <img src={src!r}> alt={alt!r} says nothing about the image")
    for svg in root.iter("{http://www.w3.org/2000/svg}svg", "svg"):
        if svg.get("role") == "img" and not accessible_name(svg, root).strip():
            problems.append(f"{where}: <svg role=img class={svg.get('class')!r}> has no name")
    return problems


def lang_problems(rel: str, root: lxml.html.HtmlElement) -> list[str]:
    where = f"/{readers.page_address(rel)}"
    langs = readers.languages()
    expected = page_lang(rel)
    got = (root.get("lang") or "").lower()
    problems = []
    if expected is None:  # the 404 page: one of the languages, and every part marked
        if got not in langs:
            problems.append(f"{where}: <html lang={got!r}>, not one of {langs}")
        marked = {s.get("lang") for s in root.xpath("//*[contains(@class,'clay-404')]//*[@lang]")}
        if not set(langs) <= marked:
            problems.append(f"{where}: the 404 page's parts are marked {sorted(marked)}, "
                            f"not each of {langs}")
    elif got != expected:
        problems.append(f"{where}: <html lang={got!r}>, expected {expected!r}")
    for link in root.xpath("//a[@hreflang]"):
        if own_lang(link) != link.get("hreflang").split("-")[0].lower():
            problems.append(f"{where}: link to the {link.get('hreflang')} page "
                            f"{link.text_content().strip()!r} lacks lang={link.get('hreflang')!r}")
    if root.xpath("//*[contains(concat(' ', @class, ' '), ' clay-fallback ')]"):
        wrapped = root.xpath("//*[contains(@class,'md-content')]//*[@lang]")
        if not any(el.get("lang") != got for el in wrapped):
            problems.append(f"{where}: untranslated page without its text marked in its language")
    for block in root.xpath("|".join(f"//*[contains(@class,'md-content')]//{tag}"
                                     for tag in TEXT_BLOCKS)):
        if any(child.tag in TEXT_BLOCKS for child in block.iterchildren()):
            continue  # judged by its inner blocks
        said = words_say(block.text_content())
        if said and said != own_lang(block) and own_lang(block):
            problems.append(f"{where}: <{block.tag}> reads as {said!r} but is marked "
                            f"{own_lang(block)!r}: {block.text_content().strip()[:70]!r}")
    return problems


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_every_image_has_a_meaningful_alternative_or_is_decorative(
    request: pytest.FixtureRequest, name: str
) -> None:
    site = readers.get_site(request, name)
    problems = [p for rel, root in pages(site) for p in image_problems(rel, root)]
    assert not problems, f"[{name} site]\n" + "\n".join(problems)
    if name == "fixture":  # the fixture's report has a described photo and a decorative rule
        alts = [img.get("alt") for _, root in pages(site) for img in root.iter("img")]
        assert "" in alts and any(a and "masă" in a for a in alts), alts


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_eu_emblem_names_the_european_union(request: pytest.FixtureRequest, name: str) -> None:
    site = readers.get_site(request, name)
    problems = []
    for rel, root in pages(site):
        emblems = root.xpath("//*[contains(@class,'clay-eu__emblem')]")
        if len(emblems) != 1:
            problems.append(f"/{readers.page_address(rel)}: {len(emblems)} EU emblems")
            continue
        label = accessible_name(emblems[0], root)
        lang = own_lang(emblems[0]) or root.get("lang")
        if not EU_NAME.get(lang, EU_NAME["en"]).search(label):
            problems.append(f"/{readers.page_address(rel)}: the EU emblem is named {label!r}")
    assert not problems, f"[{name} site]\n" + "\n".join(problems)


@pytest.mark.parametrize("name", readers.SITE_NAMES)
def test_lang_on_every_page_and_passage(request: pytest.FixtureRequest, name: str) -> None:
    site = readers.get_site(request, name)
    problems = [p for rel, root in pages(site) for p in lang_problems(rel, root)]
    assert not problems, f"[{name} site]\n" + "\n".join(problems)


def test_checks_can_fail() -> None:
    page = lxml.html.fromstring(
        '<html lang="ro"><body><div class="md-content"><img src="a/photo.png">'
        '<img src="a/b.png" alt="b"><img src="c.png" alt="poza">'
        '<img src="d.png" alt=""><svg role="img"></svg>'
        '<p>The meeting was held online and the participants agreed on the plan for this year.</p>'
        '<a href="/en/" hreflang="en">English</a></div></body></html>')
    images = image_problems("en/x/index.html", page)
    assert len(images) == 4, images  # no alt, file name, generic word, unnamed svg
    langs = lang_problems("en/x/index.html", page)
    assert any("expected 'en'" in p for p in langs), langs
    assert any("lacks lang='en'" in p for p in langs), langs
    assert any("reads as 'en'" in p for p in langs), langs
