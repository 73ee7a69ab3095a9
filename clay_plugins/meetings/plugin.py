"""clay-meetings: meeting reports become a bilingual index, archives, feeds, a calendar and data.

Event order, under mkdocs-static-i18n (which builds the default language, then in its
`on_post_build` runs MkDocs' whole build again per extra language on these same plugin objects):

- `on_config` (-110, after static-i18n's -100 has set the build's language): forget the previous
  build at the start of the default-language build; keep the state through the nested builds.
- `on_files` (50, before static-i18n's -100 keeps one language's files): read and validate every
  report and translation once per build (`self.meetings`); errors stop the build here.
- `on_files` (-150, after static-i18n, before clay-i18n records the sitemap at -200): generate this
  language's pages (index list, archives, topics) and files (feed, calendar, JSON), with the
  i18n attributes static-i18n gives its own files.
- `on_page_read_source` / `on_page_markdown` (100): a report's text and metadata as read in
  `on_files`, rather than a second reading and parsing of the file by MkDocs.
- `on_page_markdown` / `on_page_content` / `on_page_context`: escaped titles, the report header,
  the generated lists, and the page head's links, Open Graph and JSON-LD: the plugin calls the
  macro of `partials/clay-meetings-head.html` (once per language for the pages that are not
  reports) for `clay_meetings.html`, which the site's `main.html` prints in `site_meta`.
- `on_post_build` (0, before static-i18n's -100 builds the next language): each report's own
  `.ics`, written into the site.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta
from mkdocs.utils.templates import TemplateContext

from clay_plugins import i18n
from clay_plugins.content.findings import Finding, Severity
from clay_plugins.content.frontmatter import FrontMatter
from clay_plugins.content.meeting import Meeting, MeetingSettings, load_meetings
from clay_plugins.meetings import outputs, views
from clay_plugins.meetings.config import MeetingsConfig
from clay_plugins.meetings.text import LOCALES, strings

log = get_plugin_logger(__name__)

TEMPLATES = str(Path(__file__).parent / "templates")


@dataclass
class _Alternate:
    """What the templates and clay-i18n read from a language version of a generated page."""

    url: str
    locale: str


class MeetingsPlugin(BasePlugin[MeetingsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # Per build (reset in on_config at the start of the default-language build).
        self.meetings: list[Meeting] = []
        self.findings: list[Finding] = []
        self.settings: MeetingSettings | None = None
        self._by_src: dict[str, Meeting] = {}  # src_uri of each language's file -> meeting
        # file name in meetings/ -> its front matter and text, as read in on_files
        self._texts: dict[str, FrontMatter] = {}
        self._meta: dict[str, dict[str, Any]] = {}  # src_uri -> page.meta to set (per language)
        self._site: views.Site | None = None
        self._env: Environment | None = None
        self._templates: dict[str, Template] = {}
        # Per language build.
        self._lang = ""  # this build's language, its URL prefix, and every built language:
        self._prefix = ""  # read from static-i18n once here rather than on every page event
        self._languages: list[str] = []
        self._generated: dict[str, tuple[str, str]] = {}  # src_uri -> (kind, key)
        self._head: views.View | None = None  # clay_meetings of the pages, per language
        self._head_macro: Any = None  # the `head` macro of partials/clay-meetings-head.html
        # the name of this language's calendars and each meeting's VEVENT, for on_post_build
        self._calendars: tuple[str, dict[str, bytes]] | None = None

    # ----------------------------------------------------------------------------------------
    # configuration and files

    @event_priority(-110)  # after static-i18n's on_config (-100) has set this build's language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if i18n.is_default_build(config):
            self.meetings, self.findings, self._by_src, self._texts = [], [], {}, {}
            self.settings, self._site = None, None
            # our templates do not depend on the language: compiled once per build
            self._env, self._templates = None, {}
        self._generated, self._meta = {}, {}
        self._head, self._calendars = None, None
        self._lang = i18n.current_language(config)
        self._prefix = i18n.url_prefix(config, self._lang)
        self._languages = i18n.languages(config)
        if self.config.enabled and not config.use_directory_urls:
            # the generated pages, the feed, the calendars and the data link to each report
            # as meetings/<stem>/ (Meeting.url_for)
            raise PluginError(
                "clay-meetings: the meeting pages link to each other by directory URLs "
                "(meetings/<report>/) — remove `use_directory_urls: false` from mkdocs.yml "
                "(or `--no-directory-urls` from the command)"
            )
        if self.config.enabled and TEMPLATES not in config.theme.dirs:
            # last: the site's overrides/ and the theme come first, so a site can replace ours
            config.theme.dirs.append(TEMPLATES)
        return config

    @event_priority(50)  # before static-i18n (-100) keeps only one language's files
    def _collect(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.config.enabled or not i18n.is_default_build(config):
            return files
        languages = i18n.languages(config)
        self.settings = MeetingSettings.from_plugin_options(dict(self.config), languages)
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        self.meetings, self.findings = load_meetings(
            Path(config.docs_dir), self.settings, root=root, texts=self._texts
        )
        for finding in self.findings:
            if finding.severity is Severity.WARNING:
                log.warning(str(finding))
            elif finding.severity is Severity.INFO:
                log.info(str(finding))
        problems = [f for f in self.findings if f.severity is Severity.ERROR]
        if problems:
            raise PluginError("\n".join(str(f) for f in problems))
        for meeting in self.meetings:
            self._by_src[meeting.src_uri] = meeting
            for lang in meeting.translated:
                self._by_src[f"meetings/{meeting.stem}.{lang}.md"] = meeting
        self._site = views.Site(self.meetings, self.settings)
        return files

    @event_priority(-150)  # after static-i18n (-100), before clay-i18n's sitemap record (-200)
    def _generate(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self._site is None or self.settings is None:
            return files
        lang, languages, prefix = self._lang, self._languages, self._prefix
        t = strings(lang)
        site = self._site

        def page(src_uri: str, path: str, title: str, kind: str, key: str) -> None:
            if files.get_file_from_path(src_uri) is not None and kind != "index":
                raise PluginError(
                    f"docs/{src_uri}: this file takes the address of a page clay-meetings "
                    "generates — rename or move it"
                )
            file = File.generated(
                config, src_uri, content=f"# {html.escape(title, quote=False)}\n",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            file.dest_uri = f"{prefix}{path}index.html"
            alternates: dict[str, i18n.HasUrl] = {
                x: _Alternate(i18n.url_prefix(config, x) + path, x) for x in languages
            }
            i18n.localize_generated(file, lang=lang, built_for=lang, alternates=alternates)
            files.append(file)
            self._generated[src_uri] = (kind, key)

        def static(src_uri: str, content: str | bytes) -> None:
            file = File.generated(config, src_uri, content=content)
            file.dest_uri = prefix + src_uri
            files.append(file)

        if not any(self._base(f.src_uri, languages) == "meetings/index.md" for f in files):
            # the introduction is optional: without it the list still has its page
            page("meetings/index.md", "meetings/", t["meetings"], "index", "")
        for year in site.years:
            page(f"meetings/{year}/index.md", f"meetings/{year}/",
                 t["year_title"].format(year=year), "year", str(year))
        for topic in site.topics:
            label = self.settings.topic_label(topic, lang)
            page(f"meetings/topics/{topic}/index.md", f"meetings/topics/{topic}/",
                 t["topic_title"].format(topic=label), "topic", topic)

        absolute = self._absolute(config)
        settings = self.settings
        events = {m.uid: outputs.event_ical(m, lang, settings, absolute) for m in self.meetings}
        name = f"{t['meetings']} — {config.site_name}"
        static("meetings/calendar.ics", outputs.calendar(
            self.meetings, lang, settings, absolute=absolute, name=name, events=events))
        # each report's own calendar is written after the build (on_post_build)
        self._calendars = (name, events)
        static("meetings/feed.xml", outputs.feed(
            self.meetings, lang, settings, absolute=absolute, prefix=prefix,
            site_name=config.site_name, description=config.site_description or name,
            count=self.config.feed_items))
        static("meetings/meetings.json", outputs.meetings_json(
            self.meetings, lang, languages, settings, absolute=absolute))
        return files

    on_files = CombinedEvent(_collect, _generate)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Each report's own calendar (meetings/<stem>.ics beside its folder), written here as
        # MkDocs' search plugin writes its index: as a File each, a thousand calendars per
        # language cost MkDocs more than writing them (every plugin's files loop sees them,
        # and each stays in memory until the pages are built). This runs before static-i18n's
        # on_post_build (-100) builds the next language: the state is this language's.
        if not self.config.enabled or self._calendars is None or self.settings is None:
            return
        name, events = self._calendars
        self._calendars = None
        absolute, settings, lang = self._absolute(config), self.settings, self._lang
        folder = Path(config.site_dir, self._prefix, "meetings")
        folder.mkdir(parents=True, exist_ok=True)
        for meeting in self.meetings:
            (folder / f"{meeting.stem}.ics").write_bytes(outputs.calendar(
                [meeting], lang, settings, absolute=absolute, name=name, events=events))

    # ----------------------------------------------------------------------------------------
    # pages

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        # The reports were read and their front matter parsed in on_files: MkDocs gets the
        # text without reading the file again, and, when the metadata it would read is known
        # (`FrontMatter.as_pyyaml`), without the front matter to parse again either; the
        # metadata is then set in on_page_markdown. MkDocs reads files with `utf-8-sig`
        # (no byte-order mark) and strips the front matter as `meta.YAML_RE` finds it.
        src = page.file.src_uri
        if not self.config.enabled or not src.startswith("meetings/"):
            return None
        # each file is read once per build (a page that another language shows again, as
        # static-i18n's fallback does, is read by MkDocs): the text is not kept after this
        fm = self._texts.pop(src.removeprefix("meetings/"), None)
        if fm is None:
            return None
        text = fm.text.removeprefix("\ufeff")
        found = meta.YAML_RE.match(text)
        data = fm.as_pyyaml() if found else None
        if found is None or data is None:
            return text
        self._meta[src] = data
        # What MkDocs keeps of a text with front matter, after an empty line: given a text
        # without front matter, MkDocs reads its first lines as metadata when they look like
        # `Key: value` (MultiMarkdown), and a report may begin so; an empty line ends them.
        return "\n" + text[found.end():].lstrip("\n")

    @event_priority(100)  # first: other plugins' on_page_markdown may read page.meta
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        data = self._meta.pop(page.file.src_uri, None)
        if data is not None:
            page.meta = data
        if self._generated.get(page.file.src_uri, ("",))[0] in ("year", "topic"):
            # An archive is a list of reports, each of which the search finds itself (its
            # topics are in its header): kept out of the search (Material's key), it costs
            # the indexer nothing (clay-search gives Pagefind the indexed pages only).
            page.meta.setdefault("search", {"exclude": True})
        meeting = self._by_src.get(page.file.src_uri) if self.config.enabled else None
        if meeting is not None:
            # Material prints `page.meta.title` raw into <title> and the heading: escape it once.
            page.meta["title"] = html.escape(meeting.title(self._lang), quote=False)
        return markdown

    def on_page_content(
        self, html_: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self._site is None:
            return html_
        lang, prefix = self._lang, self._prefix
        src = page.file.src_uri
        meeting = self._by_src.get(src)
        if meeting is not None:
            return self._with_header(html_, meeting, page, config)
        kind, key = self._generated.get(src, ("", ""))
        base = self._base(src, self._languages)
        if base == "meetings/index.md":
            kind = "index"
        if kind:
            entry = self._template("clay/meeting-entry.html", config).module.entry  # type: ignore[attr-defined]
            self._site.render_entry = lambda e, t: entry(e, t, 3)
            context = self._site.list_context(kind, key, lang, page.url, prefix)
            return html_ + self._template("clay/meetings-list.html", config).render(**context)
        if base == "index.md" and self.config.home_latest and self.meetings:
            context = self._site.latest_context(self.config.home_latest, lang, page.url, prefix)
            return html_ + self._template("clay/meetings-latest.html", config).render(**context)
        return html_

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if not self.config.enabled or self._site is None:
            return context
        lang, prefix = self._lang, self._prefix
        absolute = self._absolute(config)
        head = self._head
        if head is None:  # the same on every page of a language but the reports
            template = self._template("partials/clay-meetings-head.html", config)
            render = self._head_macro = template.module.head  # type: ignore[attr-defined]
            head = self._head = views.View.of(
                t=views.texts(lang),
                feed=absolute(f"{prefix}meetings/feed.xml"),
                calendar=absolute(f"{prefix}meetings/calendar.ics"),
                site_name=config.site_name,
                og=None,
                jsonld=None,
            )
            head["html"] = str(render(head))
        meeting = self._by_src.get(page.file.src_uri)
        if meeting is not None and self.settings is not None:
            url = absolute(page.url)
            text_lang = meeting.text_language(lang)
            entry = self._site.entry(meeting, lang)  # its title and summary, escaped
            head = views.View(**{
                **vars(head),
                # View, not View.of: the entry's texts and the site's name are escaped already
                "og": views.View(
                    title=entry["title"],
                    description=entry["summary"],
                    url=views.escape(url),
                    site_name=head["site_name"],
                    locale=views.escape(LOCALES.get(text_lang, text_lang)),
                    published_time=entry["iso"],
                ),
                # JSON with `<`, `>` and `&` escaped, printed as it is inside <script>
                "jsonld": outputs.script_json(
                    outputs.jsonld_event(meeting, lang, url, self.settings)
                ),
            })
            head["html"] = str(self._head_macro(head))
        context["clay_meetings"] = head  # type: ignore[typeddict-unknown-key]
        return context

    # ----------------------------------------------------------------------------------------
    # helpers (not named on_…: MkDocs would take them for events)

    def _with_header(
        self, content: str, meeting: Meeting, page: Page, config: MkDocsConfig
    ) -> str:
        assert self._site is not None
        chapters = getattr(config.plugins.get("clay-action-plan"), "chapters", None)
        context = self._site.header_context(
            meeting, self._lang, page.url, self._prefix, chapters
        )
        module = self._template("clay/meeting-header.html", config).module
        # positional: a macro binds keyword arguments in Python, one by one
        header = str(module.header(context["m"], context["t"]))  # type: ignore[attr-defined]
        # under the report's own heading when it has one, else first (Material then puts the
        # page title above it)
        end = content.find("</h1>")
        if end == -1:
            return header + content
        end += len("</h1>")
        return content[:end] + header + content[end:]

    def _template(self, name: str, config: MkDocsConfig) -> Template:
        # one lookup per build: get_template checks the file on every call
        template = self._templates.get(name)
        if template is None:
            if self._env is None:
                # Pages are rendered to HTML before `on_env`: take the theme's own environment
                # (its loader sees overrides/, the theme and our templates/), once per build.
                self._env = config.theme.get_env()
            template = self._templates[name] = self._env.get_template(name)
        return template

    @staticmethod
    def _absolute(config: MkDocsConfig) -> outputs.AbsUrl:
        base = config.site_url or "/"
        if not base.endswith("/"):
            base += "/"
        return lambda url: base + url

    @staticmethod
    def _base(src_uri: str, languages: list[str]) -> str:
        """The src_uri of the default-language version: 'index.en.md' -> 'index.md'."""
        for lang in languages[1:]:
            suffix = f".{lang}.md"
            if src_uri.endswith(suffix):
                return src_uri[: -len(suffix)] + ".md"
        return src_uri
