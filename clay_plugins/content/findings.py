"""One problem found in a content file, in the form editors read: `path:line:column: what — fix`."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # the build stops
    WARNING = "warning"  # the build goes on, `--strict` (and so CI) fails
    INFO = "info"  # shown by `clay check`, never fails anything


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    message: str
    fix: str
    severity: Severity = Severity.ERROR
    code: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message} — {self.fix}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class ContentError(Exception):
    """Raised with the findings that make a file unusable."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = sorted(findings)
        super().__init__("\n".join(str(f) for f in self.findings))


def display_path(abs_path: str, root: str) -> str:
    """The path an editor knows: relative to the repository root, with forward slashes."""
    try:
        rel = os.path.relpath(abs_path, root)
    except ValueError:  # another drive on Windows
        return abs_path.replace(os.sep, "/")
    if rel.startswith(".."):
        return abs_path.replace(os.sep, "/")
    return rel.replace(os.sep, "/")
