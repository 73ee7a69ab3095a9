"""Options of clay-action-plan in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ActionPlanConfig(Config):
    enabled = c.Type(bool, default=True)
    """With `enabled: false` the chapters are plain pages: not read, checked or generated (no
    contents, header, print)."""

    directory = c.Type(str, default="action-plan")
    """Folder of the chapters under `docs_dir`; the contents page is its `index.md`."""

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        directory = self.get("directory")
        if isinstance(directory, str) and (
            not directory.strip("/") or ".." in directory.split("/")
        ):
            failed.append(("directory", ValueError(
                "must name a folder inside docs_dir, e.g. `action-plan`"
            )))
        return failed, warnings
