"""Content types as declarations, and the one engine that checks them.

A content type (a meeting report, an action-plan chapter) is a `ContentType`: its folder, the
pattern of its file names, its `Field`s and its `Records` (lists of records keyed by an id, such
as a chapter's `actions`). What every type needs is written once, here:

- discovery of the type's files among the pages of its folder (`Pages.under`), file names that
  do not follow the pattern, language suffixes that are not languages of the site;
- translation pairing by suffix (`x.md` and `x.en.md`), a translation without its original
  (but not when the original exists and could not be read: `Pages.broken_under`);
- unknown keys (a warning, with the closest known key), `PAGE_SETTINGS` allowed in every file;
- required keys, typed values (each field's parser), each finding at the line and column of
  the key or list item it is about (`FrontMatter.position`);
- what translations inherit: a fact a translation repeats must equal the original's;
- the records of a list keyed by id, matched across languages by their id;
- the information that a file has no translation yet.

A type is declared once, in its own module (`TYPE`), and registered in content/registry.py;
from the declaration alone come the typed record (`Item`: `item.date`, `item.text("title",
lang)`, a type's subclass adding behaviour only), discovery and pairing (`load_items`, with the
type's hooks: `rules` on one entry, `across` its items, `references` to other types, generated
`pages`), every finding, `clay new`'s options and files (cli/new.py, content/drafts.py),
`clay import`'s front matter, and the JSON Schema (content/schemas.py). Adding a field is its
`Field` (name, value type from content/fields.py, required, translatable, conditions,
description) plus the template line that shows it. Following Material's blog, which declares a
post's front matter as a `Config` of `config_options`, a field is a small declaration;
dataclasses rather than MkDocs' `Config` because this package imports nothing from MkDocs. A
value type is a `Value`: a parser `(value, check) -> parsed` that calls `check.fail(message,
fix)` for a bad value (and `check.note` for one bad item of several), so that every message
says where, what and how to fix it, with its JSON Schema and its JSON and command-line forms.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NoReturn

from clay_plugins.content import files
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.frontmatter import Key
from clay_plugins.content.source import Pages, Source
from clay_plugins.l10n import E_

# The MkDocs / Material page settings any content file may carry besides its contract's keys:
# MkDocs' own (`template`), Material's (`hide`, `search`, `description`, `icon`, `status`,
# `subtitle`, `tags`, `comments`, `social`) and the navigation's short title (`nav_title`).
PAGE_SETTINGS = frozenset({
    "hide", "search", "template", "description", "icon", "status", "subtitle", "tags",
    "comments", "social", "nav_title",
})
LANGUAGE_NAMES = {"ro": E_("Romanian"), "en": E_("English"), "fr": E_("French"),
                  "it": E_("Italian")}


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, f"`{code}`")


class Invalid(Exception):
    """A parser found the value unusable (its finding is already recorded)."""


@dataclass
class Check:
    """What a field's parser is given: where the value is, the settings, how to report."""

    source: Source
    at: tuple[Key, ...]  # the value's keys in the front matter: ("actions", 0, "title")
    name: str  # the field's name, for messages
    code: str  # the finding code of a bad value
    settings: Any
    sink: list[Finding]

    def note(self, message: str, fix: str, *at: Key) -> None:
        """Record a problem with the value (or with its item `at`) and carry on."""
        line, column = self.source.fm.position(*self.at, *at)
        self.sink.append(Finding(self.source.path, line, column, message, fix, code=self.code))

    def fail(self, message: str, fix: str, *at: Key) -> NoReturn:
        """Record a problem with the value and give up on it."""
        self.note(message, fix, *at)
        raise Invalid

    def written(self) -> str | None:
        """The value as written, when YAML read it as a number (`10:30` is 630 for YAML 1.1)."""
        return self.source.fm.written(*self.at)

    def item(self, index: int) -> Check:
        return Check(self.source, (*self.at, index), self.name, self.code, self.settings,
                     self.sink)


Parser = Callable[[Any, Check], Any]
JSON = dict[str, Any]


def _as_is(value: Any) -> Any:
    return value


def _no_schema(settings: Any) -> JSON:
    return {}


@dataclass(frozen=True)
class Value:
    """A field's value type (content/fields.py): how a written value is parsed and checked,
    the JSON Schema of what may be written (for `settings`, whose lists a choice is taken
    from), and how a parsed value is written in JSON (`meetings.json`, the schema's examples)."""

    parse: Parser
    schema: Callable[[Any], JSON] = _no_schema
    dump: Callable[[Any], Any] = _as_is
    option: Callable[[str], Any] = str  # a command-line word as a value (`clay new`)
    choices: tuple[str, ...] = ()  # the values there are, when they do not depend on the site
    # the value names a photo file beside the item (content/photos.py): the photo is read,
    # checked and published as resized copies, whatever type declares the field
    photo: bool = False

    def __call__(self, value: Any, check: Check) -> Any:
        return self.parse(value, check)


@dataclass(frozen=True)
class Field:
    """One front-matter key of a content type."""

    name: str
    parse: Value
    required: bool = False  # in the original; a required translatable field in translations too
    translatable: bool = False  # each language writes its own; otherwise inherited, and a
    # translation that repeats it must write the same value
    description: str = ""  # shown when an unknown key looks like this one
    example: str = ""  # the fix of a missing key, e.g. "date: 2021-04-08"
    code: str = ""  # of a bad value: `<type>.<code>`, by default `<type>.<name>`
    missing: str = "missing"  # of a missing required key: `<type>.<missing>`
    # the value of an original that does not write the key (from the type's settings)
    default: Callable[[Any], Any] | None = None
    hint: str = ""  # what `clay new` writes after the commented-out key: "10:00  # or …"
    help: str = ""  # of `clay new`'s option `--<name>`
    option: str = ""  # that option's name when it is not the key's (`--number` for `chapter`)
    public: bool = True  # among the facts the site publishes as data (`Item.facts`)
    # required as soon as the original sets this other field (`image_alt` when `image`), or
    # gives it one of `when_values` (`platform` when `format` is `online` or `hybrid`)
    when: str = ""
    when_values: tuple[str, ...] = ()
    per_language: bool = False  # then required in each language's file, not inherited
    # the name of the content type whose items the values name, by that type's `identifier`
    # (a report's `action_plan` names chapters by their number): the site's content relates
    # the items from it (`SiteContent.referring`)
    refers: str = ""


@dataclass(frozen=True)
class Records:
    """A list of records keyed by an id (a chapter's `actions`), matched across languages by
    that id. The codes of its findings are `<type>.<item>-id`, `-duplicate`, `-unknown`,
    `-untranslated`, `<type>.<item>` (an entry that is not a mapping) and `<type>.<name>`."""

    name: str  # the front-matter key: "actions"
    item: str  # one record, in messages and codes: "action"
    key: Field  # the id of a record
    fields: tuple[Field, ...]
    description: str = ""
    # the class of its records in an item: `Part`, or a subclass that adds behaviour
    part: type[Part] = field(default_factory=lambda: Part)


@dataclass(frozen=True)
class ContentType:
    """A content type, declared once (a module listed in content/registry.py names it `TYPE`):
    everything the engine, `clay new`, the JSON Schema and the guides' tables know of it."""

    prefix: str  # its name and the prefix of its finding codes: "meeting" gives `meeting.missing`
    noun: str  # "report", "chapter"
    folder: str  # under docs/: "meetings"
    pattern: re.Pattern[str]  # a file name without `.<lang>.md` / `.md`, with named groups
    name_form: str  # "YYYY-MM-DD-<slug>.md"
    name_fix: str  # how to rename a file that does not follow the pattern
    fields: tuple[Field, ...]
    records: tuple[Records, ...] = ()
    # the type's codes for the engine's findings where they differ from the default names
    # (`filename`, `language`, `orphan-translation`, `translation-differs`, `unknown-key`,
    # `untranslated`)
    codes: Mapping[str, str] = field(default_factory=dict)
    no_frontmatter: str | None = None  # code of a file without front matter, if refused
    # the file name of a new item (`clay new`) from its field values and its `slug`:
    # "{date}-{slug}"; a field's value is written as its `dump` gives it
    stem: str = "{slug}"
    # the class of its items: `Item`, or a subclass that adds behaviour (never fields)
    item: type[Item] = field(default_factory=lambda: Item)
    # its settings (what its parsers and rules are given) from the options of the plugin that
    # publishes it in mkdocs.yml and the site's languages, the default first; without it, a
    # type is given the site's settings (content/site.py's SiteSettings)
    options: Callable[[Mapping[str, Any], Sequence[str]], Any] | None = None
    # the plugin that publishes it, by the key it registers its settings under ("meetings"):
    # while that plugin is off the type is not loaded and its files are ordinary pages
    plugin: str = ""
    # the field whose value names an item for the fields of other types that refer to this
    # type (`Field.refers`): a chapter's `chapter` number
    identifier: str = ""
    # the type as a site configures it (a folder set in mkdocs.yml), from `settings(site)`
    configure: Callable[[ContentType, Any], ContentType] | None = None
    # the type's own rules on one entry (`Entry.error`), before its item is made
    rules: Callable[[Entry, Any], None] | None = None
    # the rules across its items (duplicate numbers...): the items kept, findings appended
    across: Callable[[list[Item], list[Finding], Any], list[Item]] | None = None
    order: Callable[[Item], Any] = field(default_factory=lambda: (lambda item: item.stem))
    # the rules between its items and other types' (a report naming a chapter): given its
    # items and the site's content (content/site.py's SiteContent)
    references: Callable[[list[Item], Any], list[Finding]] | None = None
    # the files its plugin writes into its folder beside the items' pages (`feed.xml`;
    # `*.ics`: every name with that suffix): a file of docs/ there is refused, not published
    files: tuple[str, ...] = ()
    # the pages its plugin generates from the items (links to them are good)
    pages: Callable[[list[Item], Any], Iterable[str]] | None = None
    # what `clay new` writes for the editor to replace (and `clay check` reports while it is
    # there): a field's text by its name, the body's under "body", each marked
    # `C_("placeholder", …)` and translated from each language's readers' catalog; or, for a
    # site's own type whose texts are not in our catalogs, by language ({lang: {name: text}})
    # (content/drafts.py's `placeholder_texts` chooses)
    placeholders: Mapping[str, str | Mapping[str, str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.prefix

    def settings(self, site: Any) -> Any:
        """What its parsers and rules are given on `site` (a SiteSettings): the settings its
        plugin made from its options, or those of no options (its plugin is off: e.g. for `clay
        new`), or the site's settings themselves for a type without `options`."""
        if self.options is None:
            return site
        found = site.type_settings.get(self.name)
        return found if found is not None else self.options({}, site.languages)

    @property
    def photos(self) -> tuple[str, ...]:
        """The fields naming a photo beside the item (their value type's `photo`)."""
        return tuple(f.name for f in self.fields if f.parse.photo)

    @property
    def lead_image(self) -> str | None:
        """The first of them: the photo `clay new --image` adds and the pages lead with."""
        return next(iter(self.photos), None)

    def code(self, name: str) -> str:
        return f"{self.prefix}.{self.codes.get(name, name)}"

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields) + tuple(r.name for r in self.records)


@dataclass
class Record:
    id: str
    position: tuple[int, int | None]  # of the entry in its file
    values: dict[str, Any] = field(default_factory=dict)  # field -> parsed value


@dataclass
class Entry:
    """One item of a content type: its files by language (the default first) and the values
    parsed from each: in the original every valid field written, in a translation its own
    translatable fields; records under their field name (a list in the original, by id in a
    translation). `findings` are those of these files; `ok` is False when one is an error."""

    stem: str
    name: re.Match[str]
    sources: dict[str, Source]
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def original(self) -> Source:
        return next(iter(self.sources.values()))

    def error(self, source: Source, at: Sequence[Key] | int, message: str, fix: str,
              code: str) -> None:
        """Record a type's own finding about `source` at the key `at` (or at a line)."""
        line, column = (at, None) if isinstance(at, int) else source.fm.position(*at)
        self.findings.append(Finding(source.path, line, column, message, fix, code=code))


def _given(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class _Fields:
    """Field access shared by `Item` and `Part`: `x.<field>` is the original's value,
    `x.text(name, lang)` a language's own value, or the original's when it has none."""

    values: dict[str, Any]
    texts: Mapping[str, Mapping[str, Any]]

    def __getattr__(self, name: str) -> Any:
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(f"{type(self).__name__} has no field `{name}`")

    def text(self, name: str, lang: str) -> Any:
        """A translatable field's value for a reader of `lang`."""
        own = self.texts.get(lang, {}).get(name)
        return own if _given(own) else self.values.get(name)


class Item(_Fields):
    """One valid item of a content type, typed by its declaration alone: `item.date` is the
    parsed value of the declared field `date` in the original (its declared `default` when the
    original does not write it, else None; for a translatable field, the default language's),
    `item.text("title", lang)` a translatable value in the language of a page (the original's
    where that language has no file or leaves the key out). A type's subclass adds behaviour
    (a URL, a label), never a field: a new field is read here as soon as it is declared."""

    def __init__(self, kind: ContentType, entry: Entry, settings: Any, default: str) -> None:
        source = entry.original
        self.kind = kind
        self.stem = entry.stem
        self.name = {k: v for k, v in entry.name.groupdict().items() if v is not None}
        self.src_uri, self.path = source.src_uri, source.path
        self.lines = dict(source.fm.lines)  # front-matter key -> line in the original
        self.default_language = default
        self.translated = set(entry.sources)  # the languages with their own file
        self.src_uris = {lang: s.src_uri for lang, s in entry.sources.items()}
        self.paths = {lang: s.path for lang, s in entry.sources.items()}
        self.bodies = {lang: s.fm.body for lang, s in entry.sources.items()}
        original = entry.values[default]
        self.explicit = frozenset(original)  # the fields the original writes
        self.values: dict[str, Any] = {}
        for f in kind.fields:
            if f.name in original:
                self.values[f.name] = original[f.name]
            else:
                self.values[f.name] = f.default(settings) if f.default else None
        self.texts: dict[str, dict[str, Any]] = {lang: dict(v) for lang, v in
                                                 entry.values.items()}
        for records in kind.records:
            translated = {lang: own[records.name] for lang, own in entry.values.items()
                          if lang != default}
            self.values[records.name] = [records.part(records, r, translated)
                                         for r in original.get(records.name, [])]

    def text_language(self, lang: str) -> str:
        """The language the item's texts are read in under `lang`: its own, or the original's."""
        return lang if lang in self.translated else self.default_language

    def url_for(self, lang: str) -> str:
        """The item's page, relative to the site root (directory URLs)."""
        prefix = "" if lang == self.default_language else f"{lang}/"
        return f"{prefix}{self.kind.folder}/{self.stem}/"

    def facts(self) -> dict[str, Any]:
        """The published facts (not translatable, `public`), under the front-matter key names,
        written as JSON holds them."""
        return {
            f.name: None if self.values[f.name] is None else f.parse.dump(self.values[f.name])
            for f in self.kind.fields if not f.translatable and f.public
        }


class Part(_Fields):
    """One record of a `Records` list (a chapter's action) in every language: `part.timeframe`
    the original's value, `part.text("title", lang)` a language's."""

    def __init__(self, records: Records, record: Record,
                 translations: Mapping[str, Mapping[str, Record]]) -> None:
        self.id = record.id
        self.line = record.position[0]  # of the entry in the original
        self.values = {f.name: record.values.get(f.name) for f in records.fields}
        self.texts = {lang: by_id[record.id].values for lang, by_id in translations.items()
                      if record.id in by_id}

    def language(self, name: str, lang: str, default: str) -> str:
        """The language `text(name, lang)` is written in."""
        return lang if lang == default or _given(self.texts.get(lang, {}).get(name)) else default


def load_items(kind: ContentType, pages: Pages, languages: Sequence[str],
               settings: Any) -> tuple[list[Item], list[Finding]]:
    """The valid items of `kind` in `pages`, in the type's order, and every finding about its
    files: the engine's, the type's own `rules` and those `across` its items. Never raises for
    content. An item whose files have an error is left out (its errors stop the build)."""
    entries, findings = load(kind, pages, languages, settings)
    items: list[Item] = []
    kept: dict[str, Entry] = {}
    for entry in entries:
        if kind.rules is not None:
            kind.rules(entry, settings)
        findings.extend(entry.findings)
        if entry.ok:
            items.append(kind.item(kind, entry, settings, languages[0]))
            kept[entry.stem] = entry
    items.sort(key=kind.order)
    if kind.across is not None:
        items = kind.across(items, findings, settings)
    for item in items:
        findings.extend(untranslated(kind, kept[item.stem], languages))
    findings.sort(key=lambda f: (f.path, f.line or 0, f.column or 0, f.code, f.message))
    return items, findings


# --------------------------------------------------------------------------------------------
# the engine


def load(
    kind: ContentType, pages: Pages, languages: Sequence[str], settings: Any
) -> tuple[list[Entry], list[Finding]]:
    """The entries of `kind` in its folder (by stem), and the findings about files that are no
    entry (bad names, translations without original). Never raises for content."""
    default, others = languages[0], set(languages[1:])
    findings: list[Finding] = []
    originals: dict[str, tuple[re.Match[str], Source]] = {}
    translations: dict[str, dict[str, Source]] = {}
    for uri, source in sorted(pages.under(kind.folder).items()):
        base = uri.rpartition("/")[2].removesuffix(".md")
        stem, _, lang = base.partition(".") if "." in base else (base, "", "")
        if stem == "index":
            continue
        # the rule of every page's name first (no `..`, nothing after the language), then the
        # type's own pattern
        named = files.page_name_problem(uri.rpartition("/")[2], languages,
                                        check_language=False) is None
        match = kind.pattern.fullmatch(stem) if named else None
        if match is None or (lang and lang not in others):
            suffixes = ", ".join(f"`.{x}.md`" for x in languages[1:]) or "none"
            findings.append(Finding(
                source.path, None, None,
                E_("the file name is not `{name_form}`",
                   name_form=kind.name_form) if match is None else
                E_("`.{lang}.md` is not a language of this site", lang=lang),
                E_("{name_fix}; translations end in {suffixes}",
                   name_fix=kind.name_fix, suffixes=suffixes),
                code=kind.code("filename" if match is None else "language"),
            ))
            continue
        if kind.no_frontmatter and source.fm.end_line == 0:
            findings.append(Finding(
                source.path, 1, None, E_("the {noun} has no front matter", noun=kind.noun),
                E_("start the file with `---`, the keys {items}, and `---`",
                   items=", ".join(f"`{f.name}`" for f in kind.fields if f.required)),
                code=f"{kind.prefix}.{kind.no_frontmatter}",
            ))
            continue
        if lang:
            translations.setdefault(stem, {})[lang] = source
        else:
            originals[stem] = (match, source)
    broken = pages.broken_under(kind.folder)
    for stem, by_lang in sorted(translations.items()):
        if stem in originals or f"{kind.folder}/{stem}.md" in broken:
            continue
        for source in by_lang.values():
            findings.append(Finding(
                source.path, None, None,
                E_("this translation has no {language} {noun} `{stem}.md`",
                   language=language_name(default), noun=kind.noun, stem=stem),
                E_("add `docs/{folder}/{stem}.md` with the {noun}'s facts, or give this file the "
                   "name of its {language} {noun}",
                   folder=kind.folder, stem=stem, noun=kind.noun, language=language_name(default)),
                code=kind.code("orphan-translation"),
            ))
    entries = []
    for stem, (match, source) in sorted(originals.items()):
        entry = Entry(stem, match, {default: source})
        _Reader(kind, entry, settings, default).read_original(source)
        for lang in languages[1:]:
            translation = translations.get(stem, {}).get(lang)
            if translation is not None:
                entry.sources[lang] = translation
                _Reader(kind, entry, settings, default).read_translation(translation, lang)
        _needed(kind, entry, default)
        entries.append(entry)
    return entries, findings


def needed(f: Field, values: Mapping[str, Any]) -> bool:
    """Whether the original's `values` make `f` required by its `when`."""
    value = values.get(f.when)
    return bool(f.when) and value is not None and (not f.when_values or value in f.when_values)


def _needed(kind: ContentType, entry: Entry, default: str) -> None:
    """The fields required `when` another is set, in each file that should hold them."""
    first = next((f.name for f in kind.fields if f.translatable and f.required), None)
    original = entry.values[default]
    for f in kind.fields:
        if not needed(f, original):
            continue
        for lang, source in entry.sources.items():
            if (lang != default and not f.per_language) or f.name in source.fm.data:
                continue  # a bad value has its finding already
            at = (f.when,) if lang == default or first is None else (first,)
            condition = (f"`{f.when}: {original[f.when]}`" if f.when_values
                         else f"`{f.when}`")
            entry.error(source, at, E_("a {noun} with {condition} needs `{name}`{value}",
                                       noun=kind.noun, condition=condition, name=f.name,
                                       value=E_(" in each language's file") if f.per_language
                                       else ""),
                E_("add `{value}`{value2}",
                   value=f.example or f.name + ': …',
                   value2=E_(" ({description})", description=f.description) if f.description
                   else ""),
                f"{kind.prefix}.{f.code or f.name}")


def untranslated(kind: ContentType, entry: Entry, languages: Sequence[str]) -> list[Finding]:
    """An information per language without its file: the site shows the original there."""
    default = languages[0]
    own = ", ".join(f"`{f.name}`" for f in kind.fields if f.translatable and f.required)
    return [
        Finding(
            entry.original.path, None, None,
            E_("no `{lang}` translation yet: the {lang} site shows this {noun} in {language}",
               lang=lang, noun=kind.noun, language=language_name(default)),
            E_("add `docs/{folder}/{stem}.{lang}.md` with {own}",
               folder=kind.folder, stem=entry.stem, lang=lang, own=own),
            Severity.INFO, kind.code("untranslated"),
        )
        for lang in languages[1:] if lang not in entry.sources
    ]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Reader:
    """Reads the files of one entry into it."""

    def __init__(self, kind: ContentType, entry: Entry, settings: Any, default: str) -> None:
        self.kind, self.entry, self.settings, self.default = kind, entry, settings, default
        self.sink = entry.findings

    def read_original(self, source: Source) -> None:
        kind, data = self.kind, source.fm.data
        values: dict[str, Any] = {}
        self.entry.values[self.default] = values
        self._unknown(source, (), data, kind.keys, kind.noun, E_("front-matter key"))
        for f in kind.fields:
            self._field(source, f, (), data, values, translation=False)
        for records in kind.records:
            values[records.name] = self._records(source, records)

    def read_translation(self, source: Source, lang: str) -> None:
        kind, data = self.kind, source.fm.data
        values: dict[str, Any] = {}
        self.entry.values[lang] = values
        self._unknown(source, (), data, kind.keys, kind.noun, E_("front-matter key"))
        original = self.entry.values[self.default]
        for f in kind.fields:
            if f.translatable:
                self._field(source, f, (), data, values, translation=True)
            elif f.name in data:
                self._inherited(source, f, (), data, self.entry.original.fm.data, original)
        for records in kind.records:
            values[records.name] = self._translated_records(
                source, records, original.get(records.name, []))

    # -- one field

    def _check(self, source: Source, f: Field, at: tuple[Key, ...]) -> Check:
        code = f"{self.kind.prefix}.{f.code or f.name}"
        return Check(source, (*at, f.name), f.name, code, self.settings, self.sink)

    def _field(self, source: Source, f: Field, at: tuple[Key, ...], data: Mapping[Any, Any],
               values: dict[str, Any], *, translation: bool, whose: str = "") -> None:
        raw = data.get(f.name)
        if _blank(raw):
            if f.required:
                line, column = source.fm.position(*at, f.name)
                if whose:  # a record's: "action `1` has no `title`"
                    message = E_("{whose} `{name}`", whose=whose, name=f.name)
                elif translation:
                    message = E_("the translation's `{name}` is missing or empty", name=f.name)
                else:
                    message = E_("the required key `{name}` is missing or empty", name=f.name)
                where = E_(" in this language") if translation else E_(" to the front matter")
                self.sink.append(Finding(
                    source.path, line, column, message,
                    E_("add a line `{value}`{where}",
                       value=f.example or f.name + ': …', where=where),
                    code=f"{self.kind.prefix}.{f.missing}",
                ))
            return
        with contextlib.suppress(Invalid):
            values[f.name] = f.parse(raw, self._check(source, f, at))

    def _inherited(self, source: Source, f: Field, at: tuple[Key, ...],
                   data: Mapping[Any, Any], original_data: Mapping[Any, Any],
                   original: Mapping[str, Any]) -> None:
        """A fact the translation repeats must be the original's."""
        check = self._check(source, f, at)
        quiet = Check(source, check.at, f.name, check.code, self.settings, [])
        same = f.name in original_data
        if same and f.name in original:  # an invalid original value has its own finding
            try:
                same = not _blank(data[f.name]) and f.parse(data[f.name], quiet) == original[
                    f.name] and not quiet.sink
            except Invalid:
                same = False
        if same:
            return
        mine = check.written() or data[f.name]
        origin = self.entry.original
        theirs = (f"`{origin.fm.written(*at, f.name) or original_data[f.name]}`"
                  if f.name in original_data else "(not set)")
        lang = language_name(self.default)
        line, column = source.fm.position(*at, f.name)
        self.sink.append(Finding(
            source.path, line, column,
            E_("`{name}: {mine}` differs from the {lang} {noun} ({path} says {theirs})",
               name=f.name, mine=mine, lang=lang, noun=self.kind.noun, path=origin.path,
               theirs=theirs),
            E_("remove the line (the translation inherits `{name}` from the {lang} {noun}) or make "
               "both equal", name=f.name, lang=lang, noun=self.kind.noun),
            code=self.kind.code("translation-differs"),
        ))

    def _unknown(self, source: Source, at: tuple[Key, ...], data: Mapping[Any, Any],
                 known: Sequence[str], owner: str, what: str) -> None:
        settings = PAGE_SETTINGS if not at else frozenset()
        for key in data:
            name = str(key)
            if name in known or name in settings:
                continue
            close = difflib.get_close_matches(name, known, n=1)
            hint = E_("did you mean `{close}`? ", close=close[0]) if close else ""
            line, column = source.fm.position(*at, name)
            self.sink.append(Finding(
                source.path, line, column, E_("unknown {what} `{name}` (it is ignored)",
                                              what=what, name=name),
                E_("check the spelling: {hint}a {owner} knows {items}{value}",
                   hint=hint, owner=owner, items=", ".join(f"`{k}`" for k in known),
                   value=E_(" and the page settings (`hide`, `search`, `template`, …)")
                   if not at else ""),
                Severity.WARNING, self.kind.code("unknown-key"),
            ))

    # -- records

    def _entries(self, source: Source, records: Records) -> list[tuple[int, dict[Any, Any]]]:
        """The entries of `records` that are mappings, by index (the others reported)."""
        raw = source.fm.data.get(records.name)
        if raw is None:
            return []
        line, column = source.fm.position(records.name)
        if not isinstance(raw, list):
            self.sink.append(Finding(
                source.path, line, column, E_("`{name}` must be a list of entries",
                                              name=records.name),
                E_("start each {item} with `- {name}: …` on its own line under `{name2}:`",
                   item=records.item, name=records.key.name, name2=records.name),
                code=f"{self.kind.prefix}.{records.name}",
            ))
            return []
        entries = []
        for i, item in enumerate(raw):
            at = (records.name, i)
            if not isinstance(item, dict):
                self._record_error(source, at, E_("this {item} is not a list of `key: value` lines",
                                                  item=records.item),
                                   E_("write the {item} as `- {name}: …` followed by its other "
                                      "keys", item=records.item, name=records.key.name), "")
                continue
            self._unknown(source, at, item, [records.key.name] + [f.name for f in
                          records.fields], records.item, E_("{item} key", item=records.item))
            entries.append((i, item))
        return entries

    def _record_error(self, source: Source, at: tuple[Key, ...], message: str, fix: str,
                      suffix: str) -> None:
        line, column = source.fm.position(*at)
        records = next(r for r in self.kind.records if r.name == at[0])
        code = f"{self.kind.prefix}.{records.item}{suffix}"
        self.sink.append(Finding(source.path, line, column, message, fix, code=code))

    def _record_id(self, source: Source, records: Records, i: int,
                   item: Mapping[Any, Any]) -> str | None:
        raw = item.get(records.key.name)
        if _blank(raw) or isinstance(raw, bool):
            self._record_error(
                source, (records.name, i), E_("this {item} has no `{name}`",
                                              item=records.item, name=records.key.name),
                E_("start the entry with `- {value}`",
                   value=records.key.example or records.key.name + ': …'),
                "-id")
            return None
        check = Check(source, (records.name, i, records.key.name), records.key.name,
                      f"{self.kind.prefix}.{records.item}-id", self.settings, self.sink)
        try:
            return str(records.key.parse(raw, check))
        except Invalid:
            return None

    def _records(self, source: Source, records: Records) -> list[Record]:
        found: list[Record] = []
        ids: set[str] = set()
        for i, item in self._entries(source, records):
            ident = self._record_id(source, records, i, item)
            if ident is None:
                continue
            if ident in ids:
                self._record_error(
                    source, (records.name, i, records.key.name),
                    E_("{item} `{ident}` appears twice in this {noun}",
                       item=records.item, ident=ident, noun=self.kind.noun),
                    E_("give every {item} its own `{name}`",
                       item=records.item, name=records.key.name), "-duplicate")
                continue
            ids.add(ident)
            record = Record(ident, source.fm.position(records.name, i))
            for f in records.fields:
                self._field(source, f, (records.name, i), item, record.values,
                            translation=False, whose=E_("{item} `{ident}` has no",
                                                        item=records.item, ident=ident))
            found.append(record)
        return found

    def _translated_records(self, source: Source, records: Records,
                            originals: list[Record]) -> dict[str, Record]:
        by_id = {r.id: r for r in originals}
        lang = language_name(self.default)
        found: dict[str, Record] = {}
        for i, item in self._entries(source, records):
            ident = self._record_id(source, records, i, item)
            if ident is None:
                continue
            original = by_id.get(ident)
            if original is None:
                self._record_error(
                    source, (records.name, i, records.key.name),
                    E_("the {lang} {noun} has no {item} `{ident}`",
                       lang=lang, noun=self.kind.noun, item=records.item, ident=ident),
                    E_("use the `{name}` of one of the {item}s of the {lang} file, or add the "
                       "{item} there first",
                       name=records.key.name, item=records.item, lang=lang), "-unknown")
                continue
            record = found[ident] = Record(ident, source.fm.position(records.name, i))
            for f in records.fields:
                if f.translatable:
                    self._field(source, f, (records.name, i), item, record.values,
                                translation=True,
                                whose=E_("{item} `{ident}` has no", item=records.item, ident=ident))
                elif f.name in item:
                    original_item = self._original_item(records, ident)
                    self._inherited(source, f, (records.name, i), item, original_item[1],
                                    original.values)
        for record in originals:
            if record.id not in found:
                self._record_error(
                    source, (records.name,),
                    E_("{item} `{id}` of the {lang} {noun} has no entry here",
                       item=records.item, id=record.id, lang=lang, noun=self.kind.noun),
                    E_("add `- {name}: {id}` with its translated keys under `{name2}:`",
                       name=records.key.name, id=record.id, name2=records.name), "-untranslated")
        return found

    def _original_item(self, records: Records, ident: str) -> tuple[int, Mapping[Any, Any]]:
        raw = self.entry.original.fm.data.get(records.name) or []
        for i, item in enumerate(raw):
            if isinstance(item, dict) and str(item.get(records.key.name, "")).strip() == ident:
                return i, item
        return 0, {}
