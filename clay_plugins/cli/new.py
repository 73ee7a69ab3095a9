"""`clay new <type>`: start an item of a content type (a meeting report, a chapter, any type
the site registers) and its translations.

Everything comes from the type's declaration (content/schema.py's `ContentType`): the options
(`--<field>`, and `--<field>-<lang>` for a translatable field in each other language), the file
names (its `stem` pattern) and the files' text: the facts given, every other key present as a
comment with an example, and the type's placeholder text, which builds as it is (so the files
can be previewed at once) and which `clay check` reports until it is replaced. Each given value
is checked by the field's own parser; before anything is written, the files are validated by
the contract itself (`load_content`), in a scratch copy of the site's content.
"""

from __future__ import annotations

import argparse
import re
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

from clay_plugins import regular
from clay_plugins.cli import atomic
from clay_plugins.cli.photos import MAX_INPUT_BYTES, prepared
from clay_plugins.cli.site import Site
from clay_plugins.content.drafts import draft, placeholder_fields, placeholder_texts, said
from clay_plugins.content.findings import Finding, Severity, display_path
from clay_plugins.content.images import PhotoError
from clay_plugins.content.importer import NAME_MAX, slugify
from clay_plugins.content.schema import Check, ContentType, Field, language_name
from clay_plugins.content.site import load_content
from clay_plugins.content.source import Source
from clay_plugins.l10n import E_, EditorsError, Text, render


class NewError(EditorsError):
    """The files cannot be created: the message says why and what to do."""


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_LIMIT, _LONG_LIMIT = 300, 1000  # characters of a value; of a text with a placeholder


def check_slug(slug: str) -> str:
    if not _SLUG.fullmatch(slug) or len(slug) > 80:
        raise NewError(E_("--slug {slug!r}: write lower-case letters, digits and hyphens (at most "
                          "80), e.g. intalnirea-de-la-horezu", slug=slug))
    return slug


def check_text(option: str, value: str | None, *, limit: int = _LIMIT) -> None:
    if value is None:
        return
    if not value.strip():
        raise NewError(E_('{option}: empty — write the text in quotes, e.g. {option} "…"',
                          option=option))
    if _CONTROL.search(value):
        raise NewError(E_("{option}: it holds a line break or a control character — write it on "
                          "one line", option=option))
    if len(value) > limit:
        raise NewError(E_("{option}: {count} characters — at most {limit}",
                          option=option, count=len(value), limit=limit))


# --------------------------------------------------------------------------------------------
# the options, from the declaration


def option_name(f: Field, lang: str, default: str) -> str:
    return "--" + (f.option or f.name).replace("_", "-") + ("" if lang == default else f"-{lang}")


def _dest(f: Field, lang: str) -> str:
    return f"field__{f.name}__{lang}"


def add_options(parser: Any, kind: ContentType,
                languages: Sequence[str], lang: str | None = None) -> None:
    """`clay new <kind>`'s options, added to `parser` (an argparse parser or argument group):
    one per field (per language for a translatable one), their help in the editors' language
    `lang` (None: English)."""
    default = languages[0]
    for f in kind.fields:
        for code in languages if f.translatable else languages[:1]:
            name = option_name(f, code, default)
            text = said(f.help or f.description, lang)
            if f.name == kind.lead_image:
                parser.add_argument(name, type=Path, metavar="FILE", dest=_dest(f, code),
                                    help=render(E_("a photo (JPEG, PNG, WebP, HEIC): copied "
                                                   "beside the file, upright, at most 2400 px, "
                                                   "without metadata"), lang))
                continue
            if f.translatable and text:
                text = render(E_("{help}, in {language}", help=text,
                                 language=language_name(code)), lang)
            elif f.translatable:
                text = render(E_("in {language}", language=language_name(code)), lang)
            parser.add_argument(
                name, dest=_dest(f, code), type=f.parse.option, metavar=f.name.upper(),
                choices=f.parse.choices or None,
                required=code == default and _asked(kind, f),
                help=text or None,
            )
    parser.add_argument("--slug", help=render(E_("the file name's words (default: from the "
                                                 "title)"), lang))


def _asked(kind: ContentType, f: Field) -> bool:
    """A required field that `clay new` cannot fill in itself."""
    placeholder = f.name in placeholder_fields(kind)
    return f.required and f.default is None and not placeholder


def given_values(args: argparse.Namespace, kind: ContentType,
                 languages: Sequence[str]) -> dict[tuple[str, str], Any]:
    """(field, language) -> the value given on the command line."""
    found = {}
    for f in kind.fields:
        for lang in languages if f.translatable else languages[:1]:
            value = getattr(args, _dest(f, lang), None)
            if value is not None:
                found[(f.name, lang)] = value
    return found


# --------------------------------------------------------------------------------------------
# the values, checked by the fields' parsers


class _Given(Check):
    """A field's parser run on a command-line value: a problem is the command's error."""

    def __init__(self, option: str, value: Any, f: Field, settings: Any) -> None:
        super().__init__(cast(Source, None), (), f.name, "", settings, [])
        self.option, self.value = option, value

    def note(self, message: str, fix: str, *at: Any) -> None:
        raise NewError(E_("{option} {value!r}: {message} — {fix}",
                          option=self.option, value=self.value, message=message, fix=fix))

    def written(self) -> str | None:
        return self.value if isinstance(self.value, str) else None

    def item(self, index: int) -> Check:
        field = Field(self.name, cast(Any, None))
        return _Given(self.option, self.value[index], field, self.settings)


def _check_values(kind: ContentType, given: Mapping[tuple[str, str], Any], settings: Any,
                  default: str) -> dict[tuple[str, str], Any]:
    """The given values parsed (a photo's path is taken as it is); the first bad one raises."""
    parsed = {}
    fields = {f.name: f for f in kind.fields}
    for (name, lang), value in given.items():
        f = fields[name]
        option = option_name(f, lang, default)
        if name == kind.lead_image:
            parsed[(name, lang)] = value
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str):
                placeholder = name in placeholder_fields(kind)
                check_text(option, text, limit=_LONG_LIMIT if placeholder else _LIMIT)
        parsed[(name, lang)] = f.parse(value, _Given(option, value, f, settings))
    return parsed


def _validate(site: Site, folder: str, names: tuple[str, ...], texts: tuple[str, ...],
              photo: tuple[str, bytes] | None = None) -> list[Finding]:
    """Load the items of every content type without and with the new files, in a scratch
    copy, as the build does (`load_content`), and return what the new files bring: their own
    findings and any new error elsewhere (a number already used, a chapter that does not
    exist, ...): nothing is written when they would break the build. The placeholder text they
    are written with is left to `clay check`."""
    with tempfile.TemporaryDirectory(prefix="clay-new-") as tmp:
        root = Path(tmp)
        docs = root / site.docs_dir.relative_to(site.root)
        for sub in (kind.folder for kind in site.kinds()):
            source = site.docs_dir / sub
            (docs / sub).mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                for file in source.glob("*.md"):
                    shutil.copyfile(file, docs / sub / file.name)
        scratch = replace(site, root=root, docs_dir=docs)
        before = {(f.path, f.code) for f in load_content(scratch).errors()}
        target = docs / folder
        target.mkdir(parents=True, exist_ok=True)
        for name, text in zip(names, texts, strict=True):
            (target / name).write_text(text, encoding="utf-8")
        if photo is not None:
            (target / photo[0]).write_bytes(photo[1])
        content = load_content(scratch)
        new = {display_path(str(target / name), str(root)) for name in names}
    return [f for f in content.findings if f.code not in ("content.placeholder",
                                                          "frontmatter.todo")
            and ((f.path in new and f.severity is not Severity.INFO)
                 or (f.severity is Severity.ERROR and (f.path, f.code) not in before))]


def _write(site: Site, folder: Path, names: tuple[str, ...], texts: tuple[str, ...],
           photo: tuple[str, bytes] | None = None) -> list[Path]:
    paths = [folder / name for name in names] + ([folder / photo[0]] if photo else [])
    docs = site.docs_dir.resolve()
    if any(docs not in p.resolve().parents for p in paths):  # never outside the content
        raise NewError(E_("{names}: not a file name inside {name}/ — choose another --slug",
                          names=names[0], name=site.docs_dir.name))
    for path in paths:
        if path.exists():
            raise NewError(
                E_("{path}: the file exists already — choose another --slug, or edit that file",
                   path=display_path(str(path), str(site.root)))
            )
    rel = folder.relative_to(site.docs_dir).as_posix()
    try:
        problems = _validate(site, rel, names, texts, photo)
    except OSError as exc:
        raise NewError(E_("{path}: the reports cannot be read to check the new pair ({reason_of})",
                          path=display_path(str(folder), str(site.root)),
                          reason_of=atomic.reason_of(exc))) from None
    if problems:
        raise NewError(problems)
    written: list[Path] = []
    try:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise atomic.WriteError(folder, atomic.reason_of(exc)) from None
        for path, text in zip(paths, texts, strict=False):
            atomic.write_text(path, text, create=True)
            written.append(path)
        if photo is not None:
            atomic.write(paths[-1], photo[1], create=True)
            written.append(paths[-1])
    except atomic.WriteError as exc:
        for path in written:  # half a pair is worse than none
            path.unlink(missing_ok=True)
        raise NewError(E_("{path}: not written, {reason} — nothing was created",
                          path=display_path(str(exc.path),
                                            str(site.root)), reason=exc.reason)) from None
    return paths


def new_item(site: Site, kind: ContentType, given: Mapping[tuple[str, str], Any],
             slug: str | None = None, *, lang: str | None = None) -> tuple[list[Path], list[Text]]:
    """Write the files of a new item of `kind` (in every language of the site) from the
    values `given` on the command line ((field, language) -> value), their comments in the
    editors' language `lang` (None: English). Returns the files and what the editor should
    know of them (a file whose placeholder text is not in its language)."""
    kind = next(k for k in site.kinds() if k.name == kind.name)  # as configured
    settings, languages = kind.settings(site), list(site.languages)
    default = languages[0]
    parsed = _check_values(kind, given, settings, default)
    first = next((f.name for f in kind.fields if f.translatable and f.required), "")
    title = given.get((first, default))
    if slug is not None:
        slug = check_slug(slug)
    elif not isinstance(title, str):
        raise NewError(E_("--slug: give the file "
                          "name's words, e.g. --slug intalnirea-de-la-horezu"))
    fields = {f.name: f for f in kind.fields}
    words = {name: fields[name].parse.dump(value) for (name, lang), value in parsed.items()
             if lang == default and name != kind.lead_image}
    try:
        if slug is None:
            # the title's words fill the name up to NAME_MAX characters, as in the web editor
            room = NAME_MAX - len(kind.stem.format(slug="", **words))
            slug = slugify(str(title), max_length=room)
        stem = kind.stem.format(slug=slug, **words)
    except (KeyError, ValueError):
        needed = ", ".join(sorted(set(re.findall(r"{(\w+)", kind.stem)) - {"slug"}))
        raise NewError(E_("the file name of a {noun} needs {needed}: give them",
                          noun=kind.noun, needed=needed)) from None
    names = tuple([f"{stem}.md", *(f"{stem}.{lang}.md" for lang in languages[1:])])
    written = {key: value for key, value in given.items() if key[0] != kind.lead_image}
    photo = None
    image = given.get((kind.lead_image or "", default))
    if image is not None:  # upright, resized, without metadata (cli/photos.py)
        option = option_name(fields[kind.lead_image or ""], default, default)
        try:
            # a regular file only, its size checked before reading (never a FIFO, /dev/zero)
            data, ext = prepared(regular.read(Path(image), MAX_INPUT_BYTES))
        except regular.Refused as exc:
            raise NewError(E_("{option} {image}: {reason}",
                              option=option, image=image, reason=exc.reason)) from None
        except PhotoError as exc:
            raise NewError(E_("{option} {image}: {message} — {fix}",
                              option=option, image=image, message=exc.message,
                              fix=exc.fix)) from None
        photo = (f"{stem}.{ext}", data)
        written[(kind.lead_image or "", default)] = photo[0]
    files = [draft(kind, written, settings, languages, code, editors=lang) for code in languages]
    notes = [note for code in languages
             if (note := placeholder_texts(kind, code, languages)[1]) is not None]
    return _write(site, site.docs_dir / kind.folder, names, tuple(files), photo), notes
