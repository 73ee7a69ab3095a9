"""clay-meetings: meeting reports become a bilingual index, archives, feeds, a calendar and data.

The static-i18n lifecycle and the loading of the reports are clay_plugins/build.py's
(`ContentPlugin`): the meetings are the build's items of the type content/meeting.py declares,
loaded once per build.
Here, per language build:

- `generate` (on_files, -150): this language's pages (index list, archives, topics) and files
  (feed, calendar, JSON), with the i18n attributes static-i18n gives its own files.
- `on_page_content` / `on_page_context`: the report header, the generated lists, and the page
  head's links, Open Graph and JSON-LD: the plugin calls the macro of
  `partials/clay-meetings-head.html` (once per language for the pages that are not reports)
  for `clay_meetings.html`, which the site's `main.html` prints in `site_meta`.
- `on_post_build` (0, before static-i18n's -100 builds the next language): each report's own
  `.ics`, written into the site.

Every fragment is rendered by build.py's one autoescaping environment from the editors' plain
texts; `page.meta` is MkDocs' own reading of each report, untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from clay_plugins import build, i18n, published
from clay_plugins.content import html as html_rules
from clay_plugins.content.meeting import (
    CALENDAR,
    DATA,
    FEED,
    FIELDS,
    INDEX_PAGE,
    TYPE,
    Meeting,
    MeetingSettings,
    generated_pages,
)
from clay_plugins.content.site import SiteContent
from clay_plugins.dates import locale_id
from clay_plugins.l10n import E_
from clay_plugins.meetings import outputs, views
from clay_plugins.meetings.config import MeetingsConfig
from clay_plugins.meetings.text import strings

log = build.plugin_logger("clay-meetings", __name__)
# the type whose items a report's `action_plan` names (the chapters in its header)
_DISCUSSED = next(f.refers for f in FIELDS if f.name == "action_plan")


class MeetingsPlugin(build.ContentPlugin[MeetingsConfig]):
    kind = "meetings"

    def __init__(self) -> None:
        super().__init__()
        # The views of the build's meetings, made once per build (for the content they show).
        self._site: views.Site | None = None
        self._site_of: SiteContent | None = None
        # Per language build.
        self._generated: dict[str, tuple[str, str]] = {}  # src_uri -> (kind, key)
        self._head: views.View | None = None  # clay_meetings of the pages, per language
        # the name of this language's calendars and each meeting's VEVENT, for on_post_build
        self._calendars: tuple[str, dict[str, bytes]] | None = None

    # ----------------------------------------------------------------------------------------
    # configuration and files

    def content_settings(self, languages: list[str]) -> MeetingSettings:
        """The series, topics and organiser the reports are checked against and shown with:
        this plugin's options in mkdocs.yml (`clay new` and `clay check` read them here too)."""
        return MeetingSettings.from_plugin_options(dict(self.config), languages)

    def configure(self, config: MkDocsConfig) -> None:
        self._generated, self._head, self._calendars = {}, None, None
        if not config.use_directory_urls:
            # the generated pages, the feed, the calendars and the data link to each report
            # as meetings/<stem>/ (Meeting.url_for)
            raise PluginError("clay-meetings: " + build.said(config, E_(
                "the meeting pages link to each other by directory URLs (meetings/<report>/) — "
                "remove `use_directory_urls: false` from mkdocs.yml (or `--no-directory-urls` "
                "from the command)")))

    @property
    def meetings(self) -> list[Meeting]:
        """The build's valid reports, oldest first."""
        return cast(list[Meeting], self.loaded.of(TYPE.name))

    @property
    def settings(self) -> MeetingSettings:
        """The settings the build's reports were checked with (this plugin's options)."""
        return cast(MeetingSettings, TYPE.settings(self.loaded.settings))

    def meeting_for(self, src_uri: str) -> Meeting | None:
        """The report whose file (in any language) is `src_uri`."""
        found = self.loaded.item_for(src_uri)
        return found if isinstance(found, Meeting) else None

    @property
    def site(self) -> views.Site:
        """The views of the build's meetings (made once per build, shared by its languages),
        with the build's thumbnails and its template of a list entry."""
        content = self.loaded
        if self._site is None or self._site_of is not content:
            pictures = self.state.pictures
            entry = self.state.template("clay/meeting-entry.html").module.entry  # type: ignore[attr-defined]

            def thumb_of(m: Any, base: str) -> dict[str, Any] | None:
                picture = pictures.get(m.image)
                return pictures.thumb(picture, base) if picture is not None else None

            self._site = views.Site(
                self.meetings, self.settings,
                render_entry=lambda e, t: str(entry(e, t, 3)), thumb_of=thumb_of)
            self._site_of = content
        return self._site

    def generate(self, files: Files, config: MkDocsConfig) -> None:
        lang, languages, prefix = self.lang, self.languages, self.prefix
        t = strings(lang)
        settings = self.settings
        meetings = self.meetings

        # a page of docs/ at one of these addresses is a content error (site.load_content)
        def page(src_uri: str, path: str, title: str, kind: str, key: str) -> None:
            file = File.generated(
                config, src_uri, content=f"# {build.markdown_text(title)}\n",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            file.dest_uri = f"{prefix}{path}index.html"
            alternates: dict[str, i18n.HasUrl] = {
                x: i18n.Alternate(i18n.url_prefix(config, x) + path, x) for x in languages
            }
            i18n.localize_generated(file, lang=lang, built_for=lang, alternates=alternates)
            files.append(file)
            self._generated[src_uri] = (kind, key)

        def static(src_uri: str, content: str | bytes) -> None:
            file = File.generated(config, src_uri, content=content)
            file.dest_uri = prefix + src_uri
            files.append(file)

        introduced = any(self._base(f.src_uri, languages) == INDEX_PAGE for f in files)
        for src_uri, (kind, key) in generated_pages(meetings, settings).items():
            if kind == "year":
                title = t["year_title"].format(year=key)
            elif kind == "topic":
                title = t["topic_title"].format(topic=settings.topic_label(key, lang))
            elif introduced:
                continue  # docs/ has the list's introduction: the list goes below it
            else:
                title = t["meetings"]
            page(src_uri, src_uri.removesuffix("index.md"), title, kind, key)

        absolute = self._absolute(config)
        # each meeting's VEVENT of this language, built once: in the whole calendar here and
        # in the report's own calendar after the build (on_post_build)
        cache = self.state.cache
        events = {
            m.uid: outputs.serialised(outputs.event_properties(m, lang, settings, absolute), cache)
            for m in meetings
        }
        name = f"{t['meetings']} — {config.site_name}"
        folder = TYPE.folder
        static(f"{folder}/{CALENDAR}", outputs.calendar(meetings, events, lang=lang, name=name))
        self._calendars = (name, events)
        static(f"{folder}/{FEED}", outputs.feed(
            self.state.template("feed.xml"), meetings, lang, settings, absolute=absolute,
            prefix=prefix, site_name=config.site_name,
            description=config.site_description or name, count=self.config.feed_items,
            image=self._image(config)))
        static(f"{folder}/{DATA}", outputs.meetings_json(
            meetings, lang, languages, settings, absolute=absolute, image=self._image(config)))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        super().on_post_build(config=config)  # the photos' copies
        # Each report's own calendar (meetings/<stem>.ics beside its folder), written here as
        # MkDocs' search plugin writes its index: as a File each, a thousand calendars per
        # language cost MkDocs more than writing them (every plugin's files loop sees them,
        # and each stays in memory until the pages are built). This runs before static-i18n's
        # on_post_build (-100) builds the next language: the state is this language's.
        if not self.enabled or self._calendars is None or self.content is None:
            return
        self.write_calendars(config, self.meetings)
        self._calendars = None

    def write_calendars(self, config: MkDocsConfig, meetings: list[Any]) -> None:
        """The own calendar of each of `meetings` in this language (`clay serve` writes the
        one of a report just edited)."""
        if self._calendars is None:
            return
        name, events = self._calendars
        folder = Path(config.site_dir, self.prefix, TYPE.folder)
        folder.mkdir(parents=True, exist_ok=True)
        for meeting in meetings:
            published.write(folder / f"{meeting.stem}.ics",
                            outputs.calendar([meeting], events, lang=self.lang, name=name),
                            self.state.lang)

    # ----------------------------------------------------------------------------------------
    # pages

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.enabled and self._generated.get(page.file.src_uri, ("",))[0] in ("year", "topic"):
            # An archive is a list of reports, each of which the search finds itself (its
            # topics are in its header): kept out of the search (Material's key), it costs
            # the indexer nothing (clay-search gives Pagefind the indexed pages only).
            page.meta.setdefault("search", {"exclude": True})
        return markdown

    def page_inputs(self, page: Page) -> Iterable[str] | None:
        """What on_page_content and on_page_context show of the content on `page` (the page
        cache's key): a report's header shows the report, the reports before and after it in
        its series and the titles of the chapters it names; a list, the home page's latest
        reports, any report."""
        src = page.file.src_uri
        meeting = self.meeting_for(src)
        if meeting is not None:
            before, after = self.site.neighbours.get(meeting.stem, (None, None))
            shown = [meeting, *(m for m in (before, after) if m is not None)]
            return [*(uri for m in shown for uri in m.src_uris.values()),
                    *(uri for item in self.loaded.named(_DISCUSSED).values()
                      for uri in item.src_uris.values())]
        base = self._base(src, self.languages)
        if src in self._generated or base == INDEX_PAGE or (
                base == "index.md" and self.config.home_latest and self.meetings):
            return None
        return ()

    @build.page_event
    def on_page_content(
        self, html_: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        lang, prefix, site = self.lang, self.prefix, self.site
        src = page.file.src_uri
        meeting = self.meeting_for(src)
        if meeting is not None:
            macros = self.state.template("clay/picture.html").module
            html_ = self.state.pictures.rewrite(
                html_, page.url, prefix, macros.picture)  # type: ignore[attr-defined]
            return self._with_header(html_, meeting, page, config)
        kind, key = self._generated.get(src, ("", ""))
        base = self._base(src, self.languages)
        if base == INDEX_PAGE:
            kind = "index"
        if kind:
            context = site.list_context(
                kind, key, lang, page.url, prefix, latest=self.config.index_items)
            return html_ + self.state.template("clay/meetings-list.html").render(**context)
        if base == "index.md" and self.config.home_latest and self.meetings:
            context = site.latest_context(self.config.home_latest, lang, page.url, prefix)
            return html_ + self.state.template("clay/meetings-latest.html").render(**context)
        return html_

    @build.page_event
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        lang, prefix = self.lang, self.prefix
        absolute = self._absolute(config)
        render = self.state.template("partials/clay-meetings-head.html").module.head  # type: ignore[attr-defined]
        head = self._head
        if head is None:  # the same on every page of a language but the reports
            head = self._head = views.View(
                t=views.texts(lang),
                feed=absolute(f"{prefix}{TYPE.folder}/{FEED}"),
                calendar=absolute(f"{prefix}{TYPE.folder}/{CALENDAR}"),
                site_name=config.site_name,
                og=None,
                jsonld=None,
            )
            head["html"] = str(render(head))
        meeting = self.meeting_for(page.file.src_uri)
        if meeting is not None:
            url = absolute(page.url)
            text_lang = meeting.text_language(lang)
            entry = self.site.entry(meeting, lang)
            image = self._image(config)(meeting, lang)
            head = views.View(**{
                **vars(head),
                "og": views.View(
                    title=entry["title"],
                    description=entry["summary"],
                    url=url,
                    site_name=head["site_name"],
                    locale=locale_id(text_lang),
                    published_time=entry["iso"],
                    image=image,
                ),
                # JSON with `<`, `>` and `&` escaped: safe as it is inside <script>, where
                # HTML escaping would not be undone
                "jsonld": Markup(outputs.script_json(outputs.jsonld_event(
                    meeting, lang, url, self.settings, image))),
            })
            head["html"] = str(render(head))
        context["clay_meetings"] = head  # type: ignore[typeddict-unknown-key]
        return context

    def shows_edit(self, src_uri: str, before: Any, after: Any,
                   meetings: tuple[list[Any], list[Any]]) -> bool:
        """Whether the page `src_uri` of this language shows something that changes when
        report `before` becomes `after` (`meetings`: all of them, before and after): a list
        that holds it, or any list when what the lists count changed (its year, topics,
        format or participants). `clay serve` renders these pages again after an edit;
        the report's own page and its neighbours' are the plugin's `neighbours`' business."""
        base = self._base(src_uri, self.languages)
        kind, key = self._generated.get(src_uri, ("", ""))
        if base == INDEX_PAGE:
            kind = "index"
        elif base == "index.md" and self.config.home_latest:
            kind = "home"
        if not kind:
            return False

        def counted(m: Any) -> tuple[Any, ...]:
            return (m.date.year, tuple(m.topics), m.format, m.participants)

        if counted(before) != counted(after):
            return True
        if kind == "year":
            return key in (str(before.date.year), str(after.date.year))
        if kind == "topic":
            return key in before.topics or key in after.topics
        count = self.config.index_items if kind == "index" else self.config.home_latest
        return any(m.stem == before.stem
                   for group in meetings for m in views.newest(group)[:count])

    # ----------------------------------------------------------------------------------------
    # helpers (not named on_…: MkDocs would take them for events)

    def _with_header(
        self, content: str, meeting: Any, page: Page, config: MkDocsConfig
    ) -> str:
        context = self.site.header_context(
            meeting, self.lang, page.url, self.prefix, self.loaded.named(_DISCUSSED)
        )
        module = self.state.template("clay/meeting-header.html").module
        # positional: a macro binds keyword arguments in Python, one by one
        header = str(module.header(context["m"], context["t"]))  # type: ignore[attr-defined]
        picture = self.state.pictures.get(meeting.image)
        if picture is not None:  # the lead photo, above the facts
            folder = build.relative_url(f"{self.prefix}{TYPE.folder}/", page.url).rstrip("/") + "/"
            view = self.state.pictures.view(picture, "" if folder == "./" else folder)
            text_lang = meeting.text_language(self.lang)
            header = str(self.state.template("clay/picture.html").module.lead(  # type: ignore[attr-defined]
                view, meeting.image_alt(self.lang), meeting.image_credit(self.lang),
                context["t"], text_lang if text_lang != self.lang else None)) + header
        # under the report's own heading when it has one, else first (Material then puts the
        # page title above it)
        end = html_rules.end_of_first(content, "h1")
        if end == -1:
            return header + content
        return content[:end] + header + content[end:]

    def _image(self, config: MkDocsConfig) -> outputs.ImageOf:
        """The lead photo of a report in a language, for previews, feeds and data: its widest
        JPEG (or PNG) copy, absolute, with its size and text alternative."""
        pictures, prefix = self.state.pictures, self.prefix

        def image_of(meeting: Any, lang: str) -> dict[str, Any] | None:
            picture = pictures.get(meeting.image)
            if picture is None:
                return None
            large = picture.large
            return {"url": build.absolute_url(config, prefix + large.dest),
                    "width": large.width, "height": large.height, "type": large.mime,
                    "length": large.length, "alt": meeting.image_alt(lang),
                    "credit": meeting.image_credit(lang)}

        return image_of

    @staticmethod
    def _absolute(config: MkDocsConfig) -> Callable[[str], str]:
        return lambda url: build.absolute_url(config, url)

    @staticmethod
    def _base(src_uri: str, languages: list[str]) -> str:
        """The src_uri of the default-language version: 'index.en.md' -> 'index.md'."""
        for lang in languages[1:]:
            suffix = f".{lang}.md"
            if src_uri.endswith(suffix):
                return src_uri[: -len(suffix)] + ".md"
        return src_uri

