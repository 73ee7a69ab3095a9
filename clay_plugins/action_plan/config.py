"""Options of clay-action-plan in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from clay_plugins.l10n import E_, configuration_language, render


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
            failed.append(("directory", ValueError(render(E_(
                "must name a folder inside docs_dir, e.g. `action-plan`"),
                configuration_language()))))
        return failed, warnings
