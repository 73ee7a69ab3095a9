"""The JSON Schema of each content type's front matter, from its declaration alone.

The site publishes them under `schemas/` (clay_plugins/schemas/plugin.py): `<type>.json` for
the original of an item (`docs/meetings/2021-04-08-x.md`) and `<type>.translation.json` for its
translations (`….en.md`), which write only their own texts and may repeat a fact. A text editor
with a YAML language server validates a file with them as it is typed; the choices declared in
mkdocs.yml (topics, series) are in the schema. A schema cannot say everything the contract
checks (a date in the file name, a number unique in its series, an id matched across
languages): `clay check` remains the judge, the schema is the editor's first help.
"""

from __future__ import annotations

import json
from typing import Any

from clay_plugins.content.schema import JSON, PAGE_SETTINGS, ContentType, Field, Records

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _property(f: Field, settings: Any) -> JSON:
    found = dict(f.parse.schema(settings))
    if f.description:
        found["description"] = f.description
    return found


def _records(records: Records, settings: Any, translation: bool) -> JSON:
    fields = (records.key, *records.fields)
    required = [records.key.name] + [f.name for f in records.fields if f.required and (
        f.translatable or not translation)]
    item: JSON = {
        "type": "object",
        "properties": {f.name: _property(f, settings) for f in fields},
        "required": required,
        "additionalProperties": False,
    }
    return {"type": "array", "items": item, **(
        {"description": records.description} if records.description else {})}


def json_schema(kind: ContentType, settings: Any, *, translation: bool = False) -> JSON:
    """The schema of the front matter of an original of `kind` (or of a translation)."""
    properties: JSON = {f.name: _property(f, settings) for f in kind.fields}
    properties |= {r.name: _records(r, settings, translation) for r in kind.records}
    properties |= {name: {"description": "a page setting of MkDocs or Material"}
                   for name in sorted(PAGE_SETTINGS - set(properties))}  # `status`: the type's
    required = [f.name for f in kind.fields if f.required and (f.translatable or not translation)]
    conditions = [
        {"if": {"required": [f.when], **({"properties": {f.when: {"enum": list(
            f.when_values)}}} if f.when_values else {})},
         "then": {"required": [f.name]}}
        for f in kind.fields if f.when and not translation
    ]
    which = "a translation of " if translation else ""
    return {
        "$schema": DIALECT,
        "title": f"The front matter of {which}a {kind.noun} (docs/{kind.folder}/{kind.name_form})",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        **({"allOf": conditions} if conditions else {}),
    }


def published(kind: ContentType, settings: Any) -> dict[str, str]:
    """File name under `schemas/` -> its text, for one content type."""
    return {
        f"{kind.name}{suffix}.json": json.dumps(
            json_schema(kind, settings, translation=bool(suffix)), indent=2,
            ensure_ascii=False) + "\n"
        for suffix in ("", ".translation")
    }
