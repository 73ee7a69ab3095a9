"""One problem found in a content file, in the form editors read: `path:line:column: what — fix`.

A finding's `message` and `fix` are texts of the editors' catalogs (clay_plugins/locale/):
English msgids marked with `E_` where the finding is made, with `{name}` placeholders whose values
are its `args` (what the editor wrote goes there, never into the msgid):
`Finding(path, line, None, E_("unknown key `{key}`", key=key), E_("remove it"))`.
`finding.text(lang)` says it in an editors' language; code, path and line are the same in all.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from clay_plugins.l10n import Text, as_value, render

_PLAIN = (str, int, float)

# The values of a finding's placeholders, in the order of their names (a finding is hashable
# and sorts by its fields).
Args = tuple[tuple[str, str], ...]


class Severity(StrEnum):
    ERROR = "error"  # the build stops
    WARNING = "warning"  # the build goes on, `--strict` (and so CI) fails
    INFO = "info"  # shown by `clay check`, never fails anything


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    message: str  # msgid: what is wrong
    fix: str  # msgid: how to fix it
    severity: Severity = Severity.ERROR
    code: str = ""
    args: Args | Mapping[str, object] = ()  # the placeholders' values (a mapping is converted)

    def __post_init__(self) -> None:
        # the values travel with the texts (`E_(msgid, name=value)`); a finding keeps them
        # together in `args` (the texts stay marked: a marked text is a format string)
        message, fix, given = self.message, self.fix, self.args
        found = tuple(message.args.items()) if type(message) is Text and message.args else ()
        if type(fix) is Text and fix.args:
            found += tuple(item for item in fix.args.items() if item not in found)
        if given:
            found += tuple(given.items() if isinstance(given, Mapping) else given)
        # values that sort and hash (a path, an exception: their text)
        for _, value in found:
            if type(value) not in _PLAIN:
                found = tuple((str(k), v if type(v) in _PLAIN else as_value(v)) for k, v in found)
                break
        object.__setattr__(self, "args", found)

    @property
    def values(self) -> dict[str, object]:
        return dict(self.args) if isinstance(self.args, tuple) else dict(self.args)

    def where(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def _say(self, msgid: str, lang: str | None) -> str:
        return "" if not msgid else render(msgid, lang, self.values)

    def what(self, lang: str | None = None) -> str:
        """What is wrong, in `lang` (None: the English msgid)."""
        return self._say(self.message, lang)

    def how(self, lang: str | None = None) -> str:
        """How to fix it, in `lang` (None: the English msgid)."""
        return self._say(self.fix, lang)

    def text(self, lang: str | None = None) -> str:
        """`path:line:column: what — fix` in a language of the site (its catalog)."""
        return f"{self.where()}: {self.what(lang)} — {self.how(lang)}"

    def __str__(self) -> str:
        return self.text()

    def as_dict(self, lang: str | None = None) -> dict[str, object]:
        return {
            "path": self.path, "line": self.line, "column": self.column,
            "message": self.what(lang), "fix": self.how(lang),
            "severity": self.severity.value, "code": self.code,
        }


class ContentError(Exception):
    """Raised with the findings that make a file unusable."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))

    def text(self, lang: str | None = None) -> str:
        """The findings, one a line, in a language of the site."""
        return "\n".join(f.text(lang) for f in self.findings)


def display_path(abs_path: str, root: str) -> str:
    """The path an editor knows: relative to the repository root, with forward slashes."""
    try:
        rel = os.path.relpath(abs_path, root)
    except ValueError:  # another drive on Windows
        return abs_path.replace(os.sep, "/")
    if rel.startswith(".."):
        return abs_path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")
