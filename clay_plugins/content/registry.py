"""The content types of a site: the one list that the build, `clay` and the web editor read.

A content type is a module that declares `TYPE`, a `schema.ContentType` (its folder, file-name
pattern, fields, rules and generated pages): clay_plugins/content/meeting.py and chapter.py
are the two the site is made of. A site adds its own by naming importable modules in
mkdocs.yml, without changing this package:

    extra:
      content_types: [my_site.notices]

(`extra` because MkDocs refuses keys it does not know at the top level, and every plugin
may be disabled). The modules are imported once; a name that cannot be imported or that
declares no `TYPE` is a configuration error (`RegistryError`, whose message says why).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import lru_cache

from clay_plugins.content.schema import ContentType
from clay_plugins.l10n import E_, EditorsError

BUILT_IN = ("clay_plugins.content.meeting", "clay_plugins.content.chapter")


class RegistryError(EditorsError):
    """A module named as a content type cannot be used (the message says why)."""


@lru_cache(maxsize=64)
def _declared(module: str) -> ContentType:
    try:
        found = getattr(importlib.import_module(module), "TYPE", None)
    except ImportError as exc:
        raise RegistryError(E_("content type `{module}` cannot be imported ({error}) — check "
                               "the module's name under `extra: content_types:` in mkdocs.yml",
                               module=module, error=str(exc))) from None
    if not isinstance(found, ContentType):
        raise RegistryError(E_("content type `{module}` declares no `TYPE = ContentType(…)`",
                               module=module))
    return found


def content_types(extra: Iterable[str] = ()) -> tuple[ContentType, ...]:
    """The built-in types, then those of `extra` (module names), each once, as declared.
    Two types may not share a name (their finding codes) or a folder."""
    kinds = tuple(_declared(m) for m in dict.fromkeys((*BUILT_IN, *extra)))
    for attribute in ("prefix", "folder"):
        seen: dict[str, ContentType] = {}
        for kind in kinds:
            value = getattr(kind, attribute)
            if value in seen:
                raise RegistryError(E_("two content types have the {attribute} `{value}` — "
                                       "give each its own", attribute=attribute, value=value))
            seen[value] = kind
    return kinds

