"""Every text of ours, in gettext catalogs: `locale/<lang>/LC_MESSAGES/<domain>.po`.

Two domains, for two audiences:
- `clay`, the readers' texts (pages, the 404 page, scripts), marked `N_` (or `C_` when one
  English text has two meanings): every language the site is built in has this catalog, and the
  `Language:` of its header is the CLDR locale of the language's dates (`en_GB`: "8 April 2021");
- `editors`, what editors read (findings, `clay`'s output), marked `E_`: the languages the
  editors work in (`clay check --lang`; the build's log speaks the site's default language).

A language of the site is its `mkdocs.yml` entry plus its catalogs. The texts are extracted with
Babel into `locale/<domain>.pot` (`make locale`, the way MkDocs' own themes are translated).
Catalogs are compiled with Babel when first used, and a catalog that lacks an entry of its
template, or has a fuzzy one, or a translation that names a placeholder its text does not have,
is refused as a whole: nothing falls back to another language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from types import MappingProxyType

from babel import Locale
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po
from mkdocs.exceptions import PluginError

LOCALE_DIR = Path(__file__).parent / "locale"
READERS = "clay"
EDITORS = "editors"
# How gettext joins a message's context to its id (in .mo files and here).
_CONTEXT_SEP = "\x04"


def N_(msgid: str) -> str:  # noqa: N802 - gettext's name for a marker
    """Marks an English text for extraction; it is translated where it is shown."""
    return msgid


def C_(context: str, msgid: str) -> str:  # noqa: N802
    """Marks a text whose English words have another meaning elsewhere (gettext's msgctxt)."""
    return f"{context}{_CONTEXT_SEP}{msgid}"


class Text(str):
    """An editors' text (`E_`): its msgid, which is also its English words, and the values of
    its `{name}` placeholders. A `str`, so that it passes through every function that hands a
    message on (a finding's helpers, an exception) with its values; `render` translates it. A
    value that is itself a Text (a declaration's noun, "report") is translated too."""

    # set on the instance when there are values (a build can make a hundred thousand
    # findings: a Text costs what a str costs); `as_value` when said
    args: Mapping[str, object] = MappingProxyType({})
    plural: tuple[str, int] | None = None  # EN_: the English plural and the count that chooses


def _text(msgid: str, args: dict[str, object], plural: tuple[str, int] | None = None) -> Text:
    text = str.__new__(Text, msgid)
    if args:
        text.args = args
    if plural is not None:
        text.plural = plural
    return text


_MARKED: dict[str, Text] = {}  # the texts without values, made once each


def as_value(value: object) -> object:
    # kept as they are when they format as they are (a number keeps its format spec, `{n:,}`);
    # an editors' error given as a value is said in the message's language
    if isinstance(value, EditorsError) and value.args and isinstance(value.args[0], Text):
        return value.args[0]
    # a date or a time keeps its format spec (`{start:%H:%M}`)
    return value if isinstance(value, str | int | float | dt.date | dt.time) else str(value)


def E_(msgid: str, /, **args: object) -> Text:  # noqa: N802
    """Marks an English text editors read (a finding, `clay`'s output) for extraction, with the
    values of its `{name}` placeholders."""
    if args:
        return _text(msgid, args)
    found = _MARKED.get(msgid)
    if found is None:
        found = _MARKED[msgid] = _text(msgid, args)
    return found


def EN_(singular: str, plural: str, /, n: int, **args: object) -> Text:  # noqa: N802
    """An editors' text whose words depend on a count `n` (gettext's ngettext): "{n} file",
    "{n} files"; each language's catalog has its plural forms."""
    return _text(singular, {"n": n, **args}, (plural, n))


class CatalogError(PluginError):
    """A language without a complete catalog: the build and `clay` stop and say which entry."""


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a text."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}
    except ValueError:  # an unbalanced brace: the catalog's check reports the text
        return {"{"}


def _key(context: str | None, msgid: str) -> str:
    return msgid if context is None else f"{context}{_CONTEXT_SEP}{msgid}"


def _read(path: Path, lang: str, domain: str) -> PoCatalog:
    try:
        with path.open("rb") as file:
            return read_po(file, locale=lang, domain=domain)
    except OSError as exc:
        raise CatalogError(
            f"{path}: no catalog for the language `{lang}` ({exc.strerror}) — "
            f"`make locale LOCALE_NEW={lang}` creates it, then translate it "
            "(README: adding a language)"
        ) from exc
    except Exception as exc:  # babel's parser raises its own errors and ValueError
        raise CatalogError(f"{path}: not a readable gettext catalog ({exc})") from exc


def template_path(domain: str = READERS) -> Path:
    return LOCALE_DIR / f"{domain}.pot"


@cache
def template(domain: str = READERS) -> frozenset[str]:
    """Every text the code marks for a domain (its extracted `.pot`), as lookup keys."""
    catalog = _read(template_path(domain), "en", domain)
    return frozenset(_key(m.context, _singular(m.id)) for m in catalog if m.id)


def _singular(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    if string is None:
        return ("",)
    return (string,) if isinstance(string, str) else tuple(string)


def problems(catalog: PoCatalog, expected: frozenset[str]) -> list[str]:
    """What makes a catalog unusable: missing, empty or fuzzy entries of the template, and
    translations that name a placeholder their text does not have."""
    found: dict[str, tuple[tuple[str, ...], bool, str]] = {}
    for m in catalog:
        if m.id:
            english = m.id if isinstance(m.id, str) else " ".join(m.id)
            found[_key(m.context, _singular(m.id))] = (_forms(m.string), m.fuzzy, english)
    out: list[str] = []
    for key in sorted(expected):
        shown = key.replace(_CONTEXT_SEP, " | ")
        if key not in found:
            out.append(f"no entry for {shown!r}")
            continue
        forms, fuzzy, english = found[key]
        if not all(forms) or (len(forms) > 1 and len(forms) != catalog.num_plurals):
            out.append(f"no translation of {shown!r}" if len(forms) == 1 else
                       f"the translation of {shown!r} needs its {catalog.num_plurals} plural "
                       "forms")
        elif fuzzy:
            out.append(f"the translation of {shown!r} is marked fuzzy (review it, then remove "
                       "the flag)")
        elif any(not placeholders(text) <= placeholders(english) for text in forms):
            extra = set().union(*(placeholders(t) for t in forms)) - placeholders(english)
            out.append(f"the translation of {shown!r} names placeholders the text does not have: "
                       f"{sorted(extra)}")
    return out


@dataclass(frozen=True)
class Catalog:
    """The compiled texts of one language."""

    lang: str
    domain: str
    locale: Locale  # CLDR locale of dates and names (the `Language:` of the .po header)
    texts: Mapping[str, str]
    plurals: Mapping[str, tuple[str, ...]]  # singular msgid -> the language's plural forms
    plural_index: Callable[[int], int]  # the catalog's Plural-Forms expression

    def ngettext(self, singular: str, n: int) -> str:
        """The form of a plural text (`EN_`) for the count `n`."""
        forms = self.plurals.get(singular)
        if forms is None:
            self.gettext(singular)  # says which entry is missing
            raise AssertionError  # unreachable: gettext raised
        return forms[min(self.plural_index(n), len(forms) - 1)]

    def gettext(self, message: str) -> str:
        """The translation of a marked text (`N_`/`C_`); a text not in the template is a
        programming error that the extraction test catches."""
        try:
            return self.texts[message]
        except KeyError:
            shown = message.replace(_CONTEXT_SEP, " | ")
            raise CatalogError(
                f"{path_of(self.lang, self.domain)}: no entry for {shown!r} — run `make "
                "locale` and translate it"
            ) from None

    def format(self, message: str, /, **args: object) -> str:
        """The translation with its `{name}` placeholders filled."""
        return self.gettext(message).format(**args)

    def language_name(self, lang: str) -> str:
        """The name of a language in this one (CLDR): 'engleză', 'English', 'inglese'."""
        return Locale.parse(lang).get_language_name(self.locale) or lang


def path_of(lang: str, domain: str = READERS) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


@lru_cache(maxsize=32)
def catalog(lang: str, domain: str = READERS) -> Catalog:
    """The catalog of a language, checked complete against the template, compiled once."""
    if not lang.replace("_", "").isalnum():
        raise CatalogError(f"`{lang}` is not a language code")
    path = path_of(lang, domain)
    po = _read(path, lang, domain)
    wrong = problems(po, template(domain))
    if wrong:
        listed = "; ".join(wrong[:5]) + (f"; and {len(wrong) - 5} more" if len(wrong) > 5 else "")
        raise CatalogError(f"{path}: the catalog of `{lang}` is incomplete: {listed} — run "
                           "`make locale`, translate the entries, remove the fuzzy flags")
    texts = {
        _key(m.context, m.id): m.string
        for m in po
        if m.id and isinstance(m.id, str) and isinstance(m.string, str)
    }
    plurals = {_key(m.context, _singular(m.id)): _forms(m.string)
               for m in po if m.id and not isinstance(m.id, str)}
    if po.locale is None:
        raise CatalogError(f"{path}: the header names no `Language:` (a CLDR locale, e.g. ro_RO)")
    try:
        index = gettext.c2py(po.plural_expr)
    except ValueError as exc:
        raise CatalogError(f"{path}: its Plural-Forms cannot be read ({exc})") from None
    return Catalog(lang=lang, domain=domain, locale=po.locale, texts=texts, plurals=plurals,
                   plural_index=index)


# The editors' language a command or a build may be asked to speak without a site at hand
# (`CLAY_LANG=en mkdocs build`): the build's log, and the plugins' configuration errors, which
# MkDocs reports before any language of the site is known.
LANGUAGE_VARIABLE = "CLAY_LANG"


def asked_language() -> str | None:
    """The editors' language `CLAY_LANG` names, if any (checked by whoever uses it)."""
    return os.environ.get(LANGUAGE_VARIABLE, "").strip() or None


def editors_language(lang: str | None) -> str | None:
    """`lang` when it has an editors' catalog, else English (None, the msgids)."""
    if lang is None:
        return None
    try:
        catalog(lang, EDITORS)
    except CatalogError:
        return None
    return lang


def configuration_language() -> str | None:
    """The language of a configuration error: `CLAY_LANG` when it has an editors' catalog,
    else English (None): the site's own languages are not read yet."""
    return editors_language(asked_language())


def render(text: str, lang: str | None, args: Mapping[str, object] | None = None) -> str:
    """An editors' text in one of their languages (None: English, the msgid), its placeholders
    filled from the Text's values and `args`. A marked text (`E_`) is a format string (a literal
    brace is written twice); in English, a text that is not marked is said as it is, and in
    every language one that is not in the catalog is refused."""
    if lang is None and not isinstance(text, Text):
        return str(text)
    values = {name: as_value(value) for name, value in (
        *(text.args.items() if isinstance(text, Text) else ()), *(args or {}).items())}
    plural = getattr(text, "plural", None)
    if lang is None:
        words = str(text) if plural is None or plural[1] == 1 else plural[0]
        values = {k: render(v, None) if isinstance(v, Text) else v for k, v in values.items()}
    else:
        found = catalog(lang, EDITORS)
        words = found.gettext(str(text)) if plural is None else found.ngettext(str(text),
                                                                               plural[1])
        values = {k: render(v, lang) if isinstance(v, Text) else v for k, v in values.items()}
    return words.format(**values)


class EditorsError(Exception):
    """An error `clay` reports to an editor; its first argument is an `E_` Text. `text(lang)`
    says it in an editors' language, `str()` in English."""

    def text(self, lang: str | None) -> str:
        if not self.args:
            return ""
        first = self.args[0]
        if isinstance(first, list):  # findings (or texts), one a line
            return "\n".join(item.text(lang) if hasattr(item, "text") else render(item, lang)
                             for item in first)
        return render(first, lang) if isinstance(first, Text) else str(first)

    def __str__(self) -> str:
        return self.text(None)


def table(texts: Mapping[str, str]) -> Callable[[str], dict[str, str]]:
    """A plugin's `strings(lang)`: its named texts (marked with `N_`/`C_`) in a language, as
    the templates read them (`t.title`); a new dict on each call (callers add to it)."""

    def strings(lang: str) -> dict[str, str]:
        found = catalog(lang)
        return {name: found.gettext(message) for name, message in texts.items()}

    return strings
