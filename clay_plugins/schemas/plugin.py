"""clay-schemas: the JSON Schema of every content type's front matter, published under
`schemas/` (`schemas/meeting.json`, `schemas/meeting.translation.json`, …).

The schemas come from the types' declarations (content/schemas.py) and from mkdocs.yml (the
declared topics and series), as `clay check` sees them. They are generated files of the
default language's build only (the language builds of static-i18n add nothing), added after
static-i18n has chosen that build's files.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from clay_plugins import build, i18n
from clay_plugins.content.schemas import published

FOLDER = "schemas"


class SchemasConfig(Config):
    enabled = c.Type(bool, default=True)


class SchemasPlugin(BasePlugin[SchemasConfig]):
    @event_priority(-150)  # after static-i18n (-100) has kept this build's files
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or not i18n.is_default_build(config):
            return files
        site = build.settings_from_config(config)
        for kind in site.kinds():
            for name, text in published(kind, kind.settings(site)).items():
                files.append(File.generated(config, f"{FOLDER}/{name}", content=text))
        return files
