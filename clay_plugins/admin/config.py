"""`admin/config.yml`, the web editor's configuration, generated from the declarations.

Sveltia CMS (https://sveltiacms.app) reads one YAML file. Everything in it that is about the
content comes from the content types' declarations (content/schema.py `ContentType`, `Field`,
`Records`) and from mkdocs.yml (the languages, the declared series and topics, the folders):

- a content type is a folder collection, its files `name.md` and `name.<lang>.md` (Sveltia's i18n
  `structure: multiple_files` with the default locale left out of the file name);
- a field is a widget chosen from the JSON Schema of its value type (`_value_schema`): a choice
  is a select list (its labels in the site's default language), a whole number a number widget
  with its minimum, a date a date picker writing `YYYY-MM-DD`, a list of choices a multiple
  select, text with a length limit a text area with that limit, the lead photo an image;
- `required`, `i18n` (translatable fields in each language's file, facts only in the original),
  `hint` from the field's description, the keys written in the declaration's order.

So a field added to a declaration is in the editor after the next build with no other change
(tests/test_admin_config.py). Nothing here is specific to a type but the choice labels' source
and which field is the lead photo.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from clay_plugins.action_plan.strings import strings as plan_strings
from clay_plugins.content.importer import NAME_MAX
from clay_plugins.content.photos import photo_file
from clay_plugins.content.schema import ContentType, Field, Records
from clay_plugins.content.site import SiteSettings
from clay_plugins.l10n import E_, Text, editors_language, render
from clay_plugins.meetings.text import strings as meeting_strings

JSON = dict[str, Any]


@dataclass(frozen=True)
class Backend:
    """Where the editor reads and writes: a GitHub repository (`owner/name`), its branch and,
    for "Sign in with GitHub", the OAuth proxy's address (none: a personal access token)."""

    repo: str
    branch: str = "main"
    base_url: str = ""
    name: str = "github"

    def config(self) -> JSON:
        if self.name != "github":  # the tests' `test-repo`: the browser's own storage
            return {"name": self.name}
        out: JSON = {"name": "github", "repo": self.repo, "branch": self.branch}
        if self.base_url:
            out["base_url"] = self.base_url
        return out


@dataclass(frozen=True)
class TypeInEditor:
    """A content type as the editor shows it: the declaration and what its parsers are given."""

    kind: ContentType
    settings: Any
    label: str
    label_singular: str
    slug: JSON  # Sveltia's slug options: the template of a new file name, its pattern
    labels: Callable[[str], Mapping[str, str]] = field(default=lambda name: {})
    # the editors' language of the form's words (hints, names): the site's default language
    # when it has an editors' catalog, else English (None)
    lang: str | None = None


# The sidebar's names of the built-in types, in the editors' two languages; a site's own type
# (`extra: content_types:`) is shown by its folder.
LABELS = {
    "meeting": (E_("Meetings"), E_("Report")),
    "chapter": (E_("Action plan"), E_("Chapter")),
}
# where the words of a type's choices are (`format.online`, `draft`), by type
WORDS: dict[str, Callable[[str], Mapping[str, str]]] = {
    "meeting": meeting_strings, "chapter": plan_strings,
}


def _title(kind: ContentType) -> str:
    """The field whose words make a new file's name (`clay new`'s: the first translatable one
    that is required)."""
    return next((f.name for f in kind.fields if f.translatable and f.required),
                kind.fields[0].name)


def _slug(kind: ContentType, lang: str | None) -> JSON:
    """Sveltia's slug options for the type's file names (`ContentType.stem`, e.g.
    "{date}-{slug}", the slug from the title): the template, filled and cut as `clay new` does
    (importer.NAME_MAX), and the contract's file-name pattern for a name typed in the editor,
    which is editable when the item is created only (a saved item's address stays)."""
    def field(match: re.Match[str]) -> str:
        name, _, form = match.group(1).partition(":")
        if name == "slug":
            name = _title(kind)
        # a number written with N digits (`{chapter:02d}`): the editor has no padding, so its
        # leading zeros are written (right for the numbers below 10; see the guides)
        zeros = re.fullmatch(r"0(\d)d", form)
        return "0" * (int(zeros.group(1)) - 1 if zeros else 0) + "{{fields." + name + "}}"

    pattern = kind.pattern.pattern.replace("(?P<", "(?<")
    return {"template": re.sub(r"\{([^{}]*)\}", field, kind.stem),
            "editable": ["create"],
            "pattern": [f"^{pattern}$", say(E_("the file name's form: {form}",
                                                 form=kind.name_form), lang)]}


def form_language(site: SiteSettings) -> str | None:
    """The editors' language of the form: the site's default language when it has an editors'
    catalog, else English (None). Not `CLAY_LANG`: the published file is the same whoever
    builds it."""
    return editors_language(site.default_language)


def say(text: str, lang: str | None) -> str:
    """A text of the form in its language: ours (`E_`) from the editors' catalog; a site's own
    type's words (its declaration's descriptions) as they are written."""
    return render(text, lang) if isinstance(text, Text) else str(text)


def content_types(site: SiteSettings) -> list[TypeInEditor]:
    """The types the editor writes: those of the registry that the site loads, in its order."""
    default = site.default_language
    lang = form_language(site)
    found = []
    for kind in site.kinds():
        settings = kind.settings(site)
        words = WORDS.get(kind.name, lambda lang: {})(default)

        def labels(name: str, settings: Any = settings, words: Mapping[str, str] = words
                   ) -> Mapping[str, str]:
            declared = getattr(settings, name, None)  # {id: {lang: label}}: series, topics
            if isinstance(declared, Mapping):
                return {str(k): (v.get(default) if isinstance(v, Mapping) else None) or str(k)
                        for k, v in declared.items()}
            return {k.partition(".")[2] or k: v for k, v in words.items()
                    if k.startswith(f"{name}.")} or dict(words)

        plural, singular = LABELS.get(kind.name, (kind.folder, kind.noun))
        found.append(TypeInEditor(kind, settings, say(plural, lang), say(singular, lang),
                                  _slug(kind, lang), labels=labels, lang=lang))
    return found


# ----------------------------------------------------------------------------------------------
# a field's value type as JSON Schema


def _closure(function: Callable[..., Any]) -> dict[str, Any]:
    cells = function.__closure__ or ()
    return dict(zip(function.__code__.co_freevars, (c.cell_contents for c in cells), strict=True))


def _value_schema(parse: Any, settings: Any) -> JSON:
    """The JSON Schema of what a parser accepts: its own `schema(settings)` where the value
    type declares one, otherwise read from the parser factories of content/fields.py."""
    declared = getattr(parse, "schema", None)
    if callable(declared):
        return dict(declared(settings))
    name = getattr(parse, "__qualname__", "")
    if name == "calendar_date":
        return {"type": "string", "format": "date"}
    if name in {"one_line", "text.<locals>.parse"}:
        limit = _closure(parse).get("max_length", 0) if parse.__closure__ else 0
        return {"type": "string", **({"maxLength": limit} if limit else {})}
    if name == "whole.<locals>.parse":
        return {"type": "integer", "minimum": _closure(parse)["minimum"]}
    if name == "choice.<locals>.parse":
        known = _closure(parse)["known"]
        return {"enum": list(known(settings) if callable(known) else known)}
    if name == "list_of.<locals>.parse":
        return {"type": "array", "items": _value_schema(_closure(parse)["item"], settings)}
    if name == "names":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "string"}


def _one(schema: JSON) -> JSON:
    """Of a schema that allows several shapes (`anyOf`), the one the editor writes: a list
    rather than a single item, a number rather than its digits as text."""
    options = schema.get("anyOf")
    if not options:
        return schema
    for wanted in ("array", "integer"):
        for option in options:
            if option.get("type") == wanted:
                return _one(option)
    return _one(options[0])


def _is_photo(kind: ContentType, f: Field) -> bool:
    parse = getattr(f.parse, "parse", f.parse)
    return parse is photo_file or getattr(kind, "lead_image", None) == f.name


def _widget(kind: TypeInEditor, f: Field) -> JSON:
    """The widget and its limits for the value type of `f`."""
    if _is_photo(kind.kind, f):
        return {"widget": "image", "choose_url": False}
    schema = _one(_value_schema(f.parse, kind.settings))
    multiple = schema.get("type") == "array"
    item = _one(schema.get("items", {})) if multiple else schema
    if "enum" in item:
        labels = kind.labels(f.name)
        out: JSON = {"widget": "select", "options": [
            {"label": labels.get(str(v), str(v)), "value": v} for v in item["enum"]]}
        if multiple:
            out["multiple"] = True
        else:
            # a value outside the list (written into a file by hand) is refused when saved: the
            # select shows none of its options for it, and Sveltia checks a pattern on save
            values = "|".join(_js_escape(str(v)) for v in item["enum"])
            out["pattern"] = [f"^(?:{values})$", "a value of the list: " + ", ".join(
                f"{labels.get(str(v), str(v))} ({v})" for v in item["enum"])]
        return out
    if multiple:
        if item.get("type") == "integer":
            return {"widget": "list", "field": {"name": f.name, "label": f.name,
                                                **_number(item)}}
        return {"widget": "list"}
    if schema.get("type") == "integer":
        return _number(schema)
    if schema.get("format") == "date":
        return {"widget": "datetime", "time_format": False, "format": "YYYY-MM-DD"}
    limit = schema.get("maxLength")
    if limit:
        return {"widget": "text", "maxlength": limit}
    out = {"widget": "string"}
    if schema.get("pattern"):
        out["pattern"] = [schema["pattern"], f"the form of `{f.name}`: {f.description}"]
    return out


def _js_escape(text: str) -> str:
    """`text` matched literally by a JavaScript regular expression."""
    return re.sub(r"[\\^$.*+?()[\]{}|/]", lambda m: "\\" + m.group(0), text)


def _number(schema: JSON) -> JSON:
    out: JSON = {"widget": "number", "value_type": "int"}
    if "minimum" in schema:
        out["min"] = schema["minimum"]
    if "maximum" in schema:
        out["max"] = schema["maximum"]
    return out


def _field(kind: TypeInEditor, f: Field, *, key: bool = False) -> JSON:
    out: JSON = {"name": f.name, "label": f.name}
    out.update(_widget(kind, f))
    out["required"] = f.required or key
    # translatable: each language's file has its own; a fact only in the original, which the
    # translation inherits; a record's id copied into every file (the records are matched by it)
    out["i18n"] = "duplicate" if key else bool(f.translatable)
    lang = kind.lang
    hints = [say(f.description, lang) if f.description else (
        say(E_("e.g. `{example}`", example=f.example), lang) if f.example else "")]
    if f.when:  # the form cannot make a field required by another's value: it says so
        values = ", ".join(f"`{v}`" for v in f.when_values)
        hints.append(say(
            (E_("required when `{field}` is one of {values}, in each language", field=f.when,
                values=values) if values else
             E_("required when `{field}` is set, in each language", field=f.when))
            if f.per_language else
            (E_("required when `{field}` is one of {values}", field=f.when, values=values)
             if values else E_("required when `{field}` is set", field=f.when)), lang))
    if _is_photo(kind.kind, f):  # what becomes of the photo's metadata (the privacy notice)
        hints.append(say(E_(
            "the site publishes copies without the photo's location and camera data (EXIF, "
            "GPS); the check of the pull request warns about a GPS position in the original"),
            lang))
    hint = " — ".join(h for h in hints if h)
    if hint:
        out["hint"] = hint
    return out


def _records(kind: TypeInEditor, records: Records) -> JSON:
    out: JSON = {
        "name": records.name, "label": records.name, "widget": "list", "required": False,
        "i18n": True, "summary": "{{fields." + records.key.name + "}}: {{fields.title}}",
        "fields": [_field(kind, records.key, key=True), *(
            _field(kind, f) for f in records.fields)],
    }
    if records.description:
        out["hint"] = say(records.description, kind.lang)
    return out


BODY: JSON = {
    "name": "body", "label": "text", "widget": "richtext", "i18n": True, "required": False,
    # Markdown as written first: the site's own syntax (admonitions, `{#id}` anchors, attribute
    # lists) stays byte for byte; the rich-text mode is there for who wants it
    "modes": ["raw", "rich_text"],
}


def collection(kind: TypeInEditor, docs: str) -> JSON:
    """One content type as a folder collection."""
    k = kind.kind
    fields = [_field(kind, f) for f in k.fields] + [_records(kind, r) for r in k.records]
    first_fact = next((f.name for f in k.fields if not f.translatable), k.fields[0].name)
    return {
        "name": k.folder.replace("/", "-"),
        "label": kind.label,
        "label_singular": kind.label_singular,
        "folder": f"{docs}/{k.folder}",
        "extension": "md",
        "format": "yaml-frontmatter",
        "create": True,
        "slug": kind.slug,
        "identifier_field": _title(k),
        "summary": "{{" + _title(k) + "}}",
        "sortable_fields": [first_fact, "title"],
        # the index page of the folder is not an item (it is among the pages): it has no value
        # of the first fact, which Sveltia's filter tests as the text `null`
        "filter": {"field": first_fact, "pattern": "^(?!null$)."},
        "i18n": True,
        # photos beside the item's file, named by the file name alone (the contract's `image`)
        "media_folder": "",
        "public_folder": "",
        "fields": [*fields, BODY],
    }


# Ordinary pages: a title, a summary and the text, in each language.
PAGE_FIELDS: list[JSON] = [
    {"name": "title", "label": "title", "widget": "string", "required": True, "i18n": True},
    {"name": "summary", "label": "summary", "widget": "text", "required": False, "i18n": True},
    BODY,
]


def pages(docs: str, names: Iterable[str], lang: str | None = None) -> JSON:
    files = []
    for name in names:
        stem = name.removesuffix(".md")
        files.append({
            "name": re.sub(r"[^a-z0-9]+", "-", stem).strip("-"),
            "label": stem,
            "file": f"{docs}/{stem}.{{{{locale}}}}.md",
            "i18n": True,
            "fields": PAGE_FIELDS,
        })
    return {"name": "pages", "label": say(E_("Pages"), lang), "format": "yaml-frontmatter",
            "i18n": True, "files": files}


def editor_config(site: SiteSettings, backend: Backend, *, site_url: str = "",
                  page_names: Sequence[str] = ()) -> JSON:
    """The whole configuration, a plain mapping (written as YAML by `dump`)."""
    docs = site.docs_dir.relative_to(site.root).as_posix()
    languages = list(site.languages)
    config: JSON = {
        "backend": backend.config(),
        "media_folder": f"{docs}/assets/uploads",
        "public_folder": "/assets/uploads",
        "i18n": {
            "structure": "multiple_files",
            "locales": languages,
            "default_locale": languages[0],
            "omit_default_locale_from_file_path": True,
        },
        # `clay new`'s rule (content/importer.py `slugify`): Romanian letters transliterated,
        # lower-case ASCII and hyphens, the name cut at NAME_MAX characters
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-",
                 "maxlength": NAME_MAX},
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "none"}},
        # photos under safe names (`clay new`'s letters), no larger than the check allows; no
        # stock-photo services (they are other hosts)
        "media_libraries": {"default": {"config": {
            "slugify_filename": True, "max_file_size": 8_000_000}}, "stock_assets": False},
        "editor": {"preview": True},
        "collections": [
            *(collection(t, docs) for t in content_types(site)),
            *([pages(docs, page_names, form_language(site))] if page_names else []),
        ],
    }
    if backend.name == "github":
        # each saved report is a branch and a pull request, checked by CI and merged by a
        # maintainer (a Git backend's feature: the tests' browser storage saves directly)
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = site_url
    return config


def dump(config: JSON) -> str:
    header = ("# Generated by clay-admin from the content types' declarations and mkdocs.yml "
              "at each build: do not edit.\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
