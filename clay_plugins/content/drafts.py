"""The text of a new file of a content type, from its declaration: what `clay new` writes (and
`clay import` for a report and its translations). The keys in the declaration's order: the values
given, the type's placeholder text (which `clay check` reports until it is replaced), `TODO` for
what is required and unknown when asked (`clay import`, which `clay check` reports too), and every
other key commented out with an example, so that the editor sees the whole contract in the file.

Two languages meet in a file: its texts are in the file's language, and its comments (the
hints) in the language `clay` speaks to the editor (`--lang`, the editors' catalog).

The placeholder texts are the readers' texts of each language (a draft builds as it is): a type
declares them marked with `C_("placeholder", …)`, translated from each language's readers'
catalog, or (a site's own type, whose texts are not in our catalogs) by language. A language
without its own text gets the default language's, and `placeholder_texts` says so: `clay new`
and `clay import` print it, never silently.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from clay_plugins.content import typography
from clay_plugins.content.schema import ContentType, Field, language_name, needed
from clay_plugins.l10n import E_, READERS, CatalogError, Text, catalog, render

TODO = "TODO"
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def yaml_text(value: str) -> str:
    """A YAML scalar for text: plain when YAML reads it back as the same text, otherwise
    double-quoted (JSON's double-quoted strings are valid YAML)."""
    if re.fullmatch(r"[\w„”«»()–—.,;!?' /-]+", value) and value[0] not in "-?!'":
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def scalar(value: Any) -> str:
    """A value as it is written in front matter (a list on one line, `[a, b]`)."""
    if isinstance(value, list):
        return "[" + ", ".join(scalar(x) for x in value) + "]"
    if isinstance(value, str) and not _DAY.fullmatch(value):
        return yaml_text(value)
    return str(value)


def _enum(schema: Any) -> list[str] | None:
    """The values a JSON Schema enumerates, if it does (a choice, a list of choices)."""
    if isinstance(schema, dict):
        if "enum" in schema:
            return [str(x) for x in schema["enum"]]
        for part in (schema.get("items"), *schema.get("anyOf", [])):
            found = _enum(part)
            if found is not None:
                return found
    return None


def said(text: str, lang: str | None) -> str:
    """A declaration's text in an editors' language: a marked one (`E_`) from the catalog,
    a site's own type's text as it is written (its words are not in our catalogs)."""
    return render(text, lang) if isinstance(text, Text) else str(text)


def hint(f: Field, settings: Any, lang: str | None = None) -> str:
    """What follows a commented-out key: an example and why (the default, the declared
    values), the words in the editors' language `lang` (None: English). Without `settings` (no
    site at hand) only what the declaration itself says."""
    if f.hint:
        return said(f.hint, lang)
    example, notes = "…", []
    value = f.default(settings) if f.default and settings is not None else None
    if isinstance(value, list):
        example = "[]"
    elif value is not None and value != "":
        example, notes = scalar(f.parse.dump(value)), [render(E_("the default"), lang)]
    enum = _enum(f.parse.schema(settings)) if settings is not None or f.parse.choices else None
    if enum is not None:
        notes.append(render(E_("declared: {values}", values=", ".join(enum)), lang) if enum
                     else render(E_("declared: none yet"), lang))
    elif f.description:
        notes.append(said(f.description, lang))
    return example + ("  # " + "; ".join(notes) if notes else "")


def placeholder_fields(kind: ContentType) -> frozenset[str]:
    """The fields (and "body") a type writes a placeholder text for."""
    found: set[str] = set()
    for key, value in kind.placeholders.items():
        found |= set(value) if isinstance(value, Mapping) else {key}
    return frozenset(found)


def _marked(kind: ContentType) -> dict[str, str]:
    return {k: v for k, v in kind.placeholders.items() if isinstance(v, str)}


def _own(kind: ContentType, lang: str) -> dict[str, str] | None:
    """The placeholder texts of `lang` itself, or None when it has none: its readers'
    catalog's translations of the marked texts, or the texts a site's type declares for it."""
    marked = _marked(kind)
    if marked:
        try:
            found = catalog(lang, READERS)
        except CatalogError:  # a language without a (complete) readers' catalog
            return None
        return {name: found.gettext(text) for name, text in marked.items()}
    declared = kind.placeholders.get(lang)
    return dict(declared) if isinstance(declared, Mapping) else None


def placeholder_texts(kind: ContentType, lang: str,
                      languages: Sequence[str]) -> tuple[dict[str, str], Text | None]:
    """The placeholder texts of `lang`'s file, and a note when they are not in `lang`.

    The rule: `lang`'s own texts; without them (no readers' catalog for `lang`, or a site's
    type that declares none in it) the default language's, with a note that says so; without
    those either, the first the type declares, or the English of the marked texts."""
    own = _own(kind, lang)
    if own is not None or not kind.placeholders:
        return own or {}, None
    default = languages[0] if languages else lang
    found, used = (_own(kind, default), default) if default != lang else (None, lang)
    if found is None:
        marked = _marked(kind)
        if marked:
            found, used = {k: v.partition("\x04")[2] or v for k, v in marked.items()}, "en"
        else:
            used, declared = next(iter(kind.placeholders.items()))
            found = dict(declared) if isinstance(declared, Mapping) else {}
    return found, E_("the {language} file's placeholder text is in {used}: there is none in "
                     "{language} — replace it with the text in {language}",
                     language=language_name(lang), used=language_name(used))


def every_placeholder(kind: ContentType, languages: Sequence[str]) -> list[str]:
    """Every placeholder text a draft of `kind` can hold in a site of `languages` (what
    `clay check` reports while it is there)."""
    texts: list[str] = []
    for lang in languages:
        texts += placeholder_texts(kind, lang, languages)[0].values()
    for value in kind.placeholders.values():  # a site's type: each language's, declared
        if isinstance(value, Mapping):
            texts += value.values()
    return list(dict.fromkeys(texts))


def draft(kind: ContentType, values: Mapping[tuple[str, str], Any], settings: Any,
          languages: Sequence[str], lang: str, *, todo: bool = False,
          body: str | None = None, editors: str | None = None) -> str:
    """The file of `lang` (the original for the default language, else its translation) of a
    new item of `kind`, from `values` ((field, language) -> value as written). `todo`: write
    `TODO` for a required value that is not given instead of the type's placeholder. The
    comments are in the editors' language `editors` (None: English)."""
    default = languages[0]
    facts = {name: value for (name, where), value in values.items() if where == default}
    placeholders = placeholder_texts(kind, lang, languages)[0]
    lines = ["---"]
    for f in kind.fields:
        if lang != default and not f.translatable:
            continue
        value = values.get((f.name, lang))
        required = f.required or needed(f, facts)
        if value is not None:
            lines.append(f"{f.name}: {scalar(value)}")
        elif f.when and not required:  # not asked for by the values given
            if f.when_values:  # `platform` for another `format`: shown, commented out
                lines.append(f"# {f.name}: {hint(f, settings, editors)}")
        elif todo and required and (lang == default or f.per_language):
            why = said(f.description or f.help, editors) or render(E_("write it"), editors)
            lines.append(f"{f.name}: {TODO}  # {why}")
        elif f.name in placeholders:
            lines.append(f"{f.name}: {yaml_text(placeholders[f.name])}")
        elif lang != default and f.required:  # the original's text, to translate
            lines.append(f"{f.name}: {scalar(values.get((f.name, default), TODO))}")
        elif lang != default and f.per_language and required:
            lines.append(f"{f.name}: {TODO}")  # `clay check` reports it until it is written
        elif f.required and f.default is not None and settings is not None:
            lines.append(f"{f.name}: {scalar(f.parse.dump(f.default(settings)))}")
        else:
            lines.append(f"# {f.name}: {hint(f, settings, editors)}")
    if lang == default:
        for records in kind.records:
            lines += [f"# {records.name}:",
                      f"#   - {records.key.example or records.key.name + ': …'}"]
            lines += [f"#     {f.name}: {said(f.hint, editors) or '…'}" for f in records.fields]
    else:
        lines.append("# " + render(E_("every other fact comes from the {language} {noun}",
                                      language=language_name(default), noun=kind.noun), editors))
    text = "\n".join([*lines, "---", ""])
    if body is None:
        text = typography.fix(text, romanian=lang == "ro")[0]
        return text + "\n" + placeholders.get("body", "") + "\n"
    return text + "\n" + body
