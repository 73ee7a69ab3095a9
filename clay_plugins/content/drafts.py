"""The text of a new file of a content type, from its declaration: what `clay new` writes (and
`clay import` for a report). The keys in the declaration's order: the values given, the type's
placeholder text (which `clay check` reports until it is replaced), `TODO` for what is required
and unknown when asked (`clay import`, which `clay check` reports too), and every other key
commented out with an example, so that the editor sees the whole contract in the file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from clay_plugins.content import typography
from clay_plugins.content.schema import ContentType, Field, language_name, needed

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


def hint(f: Field, settings: Any) -> str:
    """What follows a commented-out key: an example and why (the default, the declared
    values). Without `settings` (no site at hand) only what the declaration itself says."""
    if f.hint:
        return f.hint
    example, notes = "…", []
    value = f.default(settings) if f.default and settings is not None else None
    if isinstance(value, list):
        example = "[]"
    elif value is not None and value != "":
        example, notes = scalar(f.parse.dump(value)), ["the default"]
    enum = _enum(f.parse.schema(settings)) if settings is not None or f.parse.choices else None
    if enum is not None:
        notes.append("declared: " + (", ".join(enum) or "none yet"))
    elif f.description:
        notes.append(f.description)
    return example + ("  # " + "; ".join(notes) if notes else "")


def draft(kind: ContentType, values: Mapping[tuple[str, str], Any], settings: Any,
          languages: Sequence[str], lang: str, *, todo: bool = False,
          body: str | None = None) -> str:
    """The file of `lang` (the original for the default language, else its translation) of a
    new item of `kind`, from `values` ((field, language) -> value as written). `todo`: write
    `TODO` for a required value that is not given instead of the type's placeholder."""
    default = languages[0]
    facts = {name: value for (name, where), value in values.items() if where == default}
    placeholders = kind.placeholders.get(lang) or next(iter(kind.placeholders.values()), {})
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
                lines.append(f"# {f.name}: {hint(f, settings)}")
        elif todo and required and (lang == default or f.per_language):
            lines.append(f"{f.name}: {TODO}  # {f.description or f.help or 'write it'}")
        elif f.name in placeholders:
            lines.append(f"{f.name}: {yaml_text(placeholders[f.name])}")
        elif lang != default and f.required:  # the original's text, to translate
            lines.append(f"{f.name}: {scalar(values.get((f.name, default), TODO))}")
        elif lang != default and f.per_language and required:
            lines.append(f"{f.name}: {TODO}")  # `clay check` reports it until it is written
        elif f.required and f.default is not None and settings is not None:
            lines.append(f"{f.name}: {scalar(f.parse.dump(f.default(settings)))}")
        else:
            lines.append(f"# {f.name}: {hint(f, settings)}")
    if lang == default:
        for records in kind.records:
            lines += [f"# {records.name}:",
                      f"#   - {records.key.example or records.key.name + ': …'}"]
            lines += [f"#     {f.name}: {f.hint or '…'}" for f in records.fields]
    else:
        lines.append(f"# every other fact comes from the {language_name(default)} {kind.noun}")
    text = "\n".join([*lines, "---", ""])
    if body is None:
        text = typography.fix(text, romanian=lang == "ro")[0]
        return text + "\n" + placeholders.get("body", "") + "\n"
    return text + "\n" + body
