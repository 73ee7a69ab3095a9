"""Options of the `clay-meetings` plugin (mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from clay_plugins.l10n import E_, Text, configuration_language, render


def said(text: Text) -> str:
    """A configuration error, found before the site's languages are read: in English, or in
    the editors' language `CLAY_LANG` names."""
    return render(text, configuration_language())


class MeetingsConfig(Config):
    enabled = c.Type(bool, default=True)
    """Off: the reports are plain pages: nothing is read, checked or generated."""

    organiser = c.Type(str, default="")
    """Organiser of a meeting whose report does not name one."""

    series = c.Type(dict, default={})
    """Series of meetings, `id: {ro: label, en: label}`; the first is a report's default."""

    topics = c.Type(dict, default={})
    """Topics a report may list, `id: {ro: label, en: label}`."""

    home_latest = c.Type(int, default=3)
    """How many of the latest reports the home page of each language lists (0: none)."""

    index_items = c.Type(int, default=20)
    """How many of the latest reports the meetings index of each language lists (0: none). The
    index stays the same size at any number of reports: it links the year archives, which list
    every report, and the topics."""

    feed_items = c.Type(int, default=20)
    """How many of the latest reports the RSS feed of each language carries (0: every one).
    A feed reader fetches the whole feed at every check and shows what is new; the whole
    record is in the archives, the calendar and meetings.json."""

    def validate(self) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        failed, warnings = super().validate()
        if failed:
            return failed, warnings
        for key in ("series", "topics"):
            for ident, labels in self[key].items():
                if not isinstance(ident, str) or not ident.replace("-", "").isalnum():
                    failed.append((key, c.ValidationError(said(E_(
                        "the id {ident!r} must be lower-case letters, digits and hyphens",
                        ident=ident)))))
                elif not isinstance(labels, dict) or not all(
                    isinstance(v, str) and v.strip() for v in labels.values()
                ) or not labels:
                    failed.append((key, c.ValidationError(said(E_(
                        "`{ident}` needs a label per language, e.g. "
                        "`{ident}: {{ro: \"…\", en: \"…\"}}`", ident=ident)))))
        if self.enabled and not self.series:
            failed.append(("series", c.ValidationError(said(E_(
                "declare at least one series, e.g. `stakeholder-group: {{ro: \"…\", en: "
                "\"…\"}}`")))))
        for key in ("home_latest", "index_items", "feed_items"):
            if self[key] < 0:
                failed.append((key, c.ValidationError(said(E_("must be 0 or more")))))
        return failed, warnings
