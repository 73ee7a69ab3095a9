"""The site as the `clay` command sees it: mkdocs.yml's folders, languages and plugin options.

The command may import MkDocs (the content modules may not): the plugin options are read with
MkDocs' own `load_config`, so `clay` and the build agree on series, topics and organiser.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from clay_plugins.content.site import SiteSettings
from clay_plugins.l10n import E_


class SiteError(Exception):
    """mkdocs.yml cannot be found or read."""


@dataclass(frozen=True)
class Site(SiteSettings):
    """The `SiteSettings` the build makes from the same mkdocs.yml (`load_content` takes
    either), with what the commands need besides."""

    def language_of(self, path: Path) -> str:
        """`page.en.md` is English, `page.md` is in the default language."""
        parts = path.name.split(".")
        if len(parts) >= 3 and parts[-1] == "md" and parts[-2] in self.languages[1:]:
            return parts[-2]
        return self.default_language


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def find_config(start: Path | None = None) -> Path:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    raise SiteError(
        E_("no mkdocs.yml here or in a parent folder — run `clay` inside the site's repository, or "
           "give the file with --config")
    )


def load_site(config_file: Path | None = None) -> Site:
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from clay_plugins.build import settings_from_config

    path = (config_file or find_config()).resolve()
    if not path.is_file():
        raise SiteError(E_("{path}: no such file — give the site's mkdocs.yml with --config",
                           path=path))
    # load_config logs its complaints on the `mkdocs` logger: collect them for the message
    logger = logging.getLogger("mkdocs")
    collected = _Collect()
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.ERROR)
    logger.addHandler(collected)
    logger.propagate = False
    try:
        config = load_config(config_file=str(path))
    except (ConfigurationError, Abort) as exc:
        details = "; ".join(collected.messages) or str(exc)
        raise SiteError(E_("{path}: the site configuration is invalid ({details})",
                           path=path, details=details)) from None
    finally:
        logger.removeHandler(collected)
        logger.setLevel(level)
        logger.propagate = propagate
    # the settings the build makes, from the same function (one rule, one place)
    return Site(**vars(settings_from_config(config)))
