"""clay-action-plan: the regional Action Plan, chapter by chapter, in every language.

The contract (docs/action-plan/NN-<slug>.md, its `.en.md` translation) is loaded and validated
by clay_plugins.content.chapter; this plugin turns it into pages:
- the contents page `action-plan/` (below the optional `index.md` introduction): chapters in
  order with number, title, status, last update and summary, and the table of every action;
- a header (number, status, title, last update) and a footer (meetings that discussed the
  chapter, previous/next chapter) on every chapter page;
- the print edition `action-plan/print/`: every chapter on one page with a print stylesheet.

The static-i18n lifecycle and the loading of the chapters are clay_plugins/build.py's
(`ContentPlugin`): the chapters are the build's items of the type content/chapter.py declares,
loaded once per build, and the meetings that discussed a chapter are the reports whose
`action_plan` refers to it (`SiteContent.referring`). Here:
- `configure` (on_config, every language build): the stylesheet, added once;
- `generate` (on_files, -150, after static-i18n): this language's contents and print pages;
- on_page_content: the generated HTML (build.py's one autoescaping environment) is put around
  the chapter texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from clay_plugins import build, i18n
from clay_plugins.action_plan.config import ActionPlanConfig
from clay_plugins.action_plan.strings import strings
from clay_plugins.content import html as html_rules
from clay_plugins.content import markdown as markdown_module
from clay_plugins.content.chapter import (
    TYPE,
    ActionPlanSettings,
    Chapter,
    Timeframe,
    contents_page,
    print_page,
)
from clay_plugins.content.meeting import TYPE as MEETING
from clay_plugins.dates import long_date, month_year

log = build.plugin_logger("clay-action-plan", __name__)

HERE = Path(__file__).resolve().parent
STYLESHEET = "assets/clay-action-plan/action-plan.css"


class ActionPlanPlugin(build.ContentPlugin[ActionPlanConfig]):
    kind = "plan"

    def __init__(self) -> None:
        super().__init__()
        # src_uri of this language's pages -> what they are; rebuilt by every language build
        self._chapter_pages: dict[str, Chapter] = {}
        self._contents_src: str | None = None

    @property
    def chapters(self) -> dict[int, Chapter]:
        """The build's chapters by number, in order."""
        if self.content is None:
            return {}
        return cast(dict[int, Chapter], self.content.named(TYPE.name))

    @property
    def directory(self) -> str:
        if self.content is None:
            return str(self.config.directory)
        settings = cast(ActionPlanSettings, TYPE.settings(self.content.settings))
        return settings.directory

    def discussed(self, chapter: Chapter) -> list[Any]:
        """The meetings whose `action_plan` names `chapter`, newest first."""
        found = self.loaded.referring(chapter, MEETING.name)
        return sorted(found, key=lambda m: (m.date, m.number, m.src_uri), reverse=True)

    def content_settings(self, languages: list[str]) -> ActionPlanSettings:
        return ActionPlanSettings.from_plugin_options(dict(self.config), languages)

    def configure(self, config: MkDocsConfig) -> None:
        # Appended once: on_config runs again on this config for every language build.
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)

    # ----------------------------------------------------------------------------------------
    # generated pages of this language

    def generate(self, files: Files, config: MkDocsConfig) -> None:
        lang = self.lang
        directory = self.directory

        # Chapter pages of this build, whichever language file static-i18n kept.
        self._chapter_pages = {}
        for chapter in self.chapters.values():
            for src in chapter.src_uris.values():
                self._chapter_pages[src] = chapter

        alternates = {
            other: i18n.Alternate(self._contents_url(config, other), other)
            for other in self.languages
        }
        index = contents_page(directory)
        contents = next(
            (f for f in files.documentation_pages()
             if i18n.source_uri(f) == index),
            None,
        )
        if contents is not None and i18n.is_fallback(contents):
            # The introduction exists only in another language: this language's contents
            # page is generated in its own language rather than shown as a foreign copy.
            files.remove(contents)
            contents = None
        if contents is None:
            contents = self._generate_page(
                config, index, f"# {build.markdown_text(strings(lang)['title'])}\n",
                InclusionLevel.UNDEFINED,
            )
            files.append(contents)
        i18n.set_alternates(contents, alternates)
        self._contents_src = contents.src_uri

        print_src = print_page(directory)
        printed = self._generate_page(
            config, print_src, self._print_markdown(config, lang), InclusionLevel.NOT_IN_NAV
        )
        i18n.set_alternates(printed, {
            other: i18n.Alternate(f"{i18n.url_prefix(config, other)}{directory}/print/", other)
            for other in self.languages
        })
        files.append(printed)

        css = (HERE / "assets" / "action-plan.css").read_text(encoding="utf-8")
        if files.get_file_from_path(STYLESHEET) is None:
            files.append(File.generated(config, STYLESHEET, content=css))

    def _generate_page(
        self, config: MkDocsConfig, src_uri: str, content: str, inclusion: InclusionLevel
    ) -> File:
        lang = self.lang
        file = File.generated(config, src_uri, content=content, inclusion=inclusion)
        # Under static-i18n another language's pages live below its prefix (`en/`).
        file.dest_uri = i18n.url_prefix(config, lang) + file.dest_uri
        own = i18n.Alternate(file.url, lang)
        return i18n.localize_generated(file, lang=lang, built_for=lang, alternates={lang: own})

    def _contents_url(self, config: MkDocsConfig, lang: str) -> str:
        return f"{i18n.url_prefix(config, lang)}{self.directory}/"

    # ----------------------------------------------------------------------------------------
    # views

    def _chapter_view(self, chapter: Chapter, lang: str, base: str) -> dict[str, Any]:
        t = strings(lang)
        return {
            "number": chapter.number,
            "label": t["chapter"].format(n=chapter.number),
            "title": chapter.title(lang),
            "title_lang": chapter.text_language(lang),
            "url": build.relative_url(chapter.url_for(lang), base),
            "status": chapter.status,
            "status_label": t[chapter.status],
            "draft": chapter.draft,
            "updated_iso": chapter.updated.isoformat(),
            "updated_text": long_date(chapter.updated, lang),
            "summary": chapter.summary(lang),
            "summary_lang": chapter.text_language(lang),
            "original_only": lang not in chapter.translated,
        }

    def _action_views(self, lang: str, base: str) -> list[dict[str, Any]]:
        default = self.languages[0]
        views = []
        for chapter in self.chapters.values():
            for action in chapter.actions:
                tf: Timeframe | None = action.timeframe
                view: dict[str, Any] = {
                    "id": action.id,
                    "anchor": action.anchor,
                    "title": action.title(lang, default),
                    "title_lang": action.language("title", lang, default),
                    "url": build.relative_url(chapter.url_for(lang), base) + f"#{action.anchor}",
                    "chapter_number": chapter.number,
                    "chapter_url": build.relative_url(chapter.url_for(lang), base),
                    "timeframe": tf is not None,
                }
                if tf is not None:
                    view.update(
                        timeframe_start=f"{tf.start[0]:04d}-{tf.start[1]:02d}",
                        timeframe_end=f"{tf.end[0]:04d}-{tf.end[1]:02d}",
                        timeframe_from=month_year(*tf.start, lang),
                        timeframe_to=month_year(*tf.end, lang),
                    )
                for key in ("players", "costs", "funding"):
                    view[key] = action.text(key, lang)
                    view[f"{key}_lang"] = action.language(key, lang, default)
                view["text_lang"] = view["players_lang"]
                views.append(view)
        return views

    def _render(self, config: MkDocsConfig, template: str, **context: Any) -> str:
        return self.state.template(f"clay-action-plan/{template}").render(**context)

    def _print_markdown(self, config: MkDocsConfig, lang: str) -> str:
        """The print edition as Markdown: every chapter's text, headings one level down."""
        t = strings(lang)
        base = f"{i18n.url_prefix(config, lang)}{self.directory}/print/"
        parts = [
            "---\nsearch:\n  exclude: true\n---\n",  # the chapters are found on their own pages
            f"# {build.markdown_text(t['print_title'])}\n",
            self._render(config, "print-intro.html", lang=lang, t=t),
            "",
        ]
        for chapter in self.chapters.values():
            text_lang = chapter.text_language(lang)
            view = self._chapter_view(chapter, lang, base)
            header = self._render(
            config, "chapter-header.html", lang=lang, t=t, ch=view, heading="h2",
                heading_id=f"chapter-{chapter.number}",
            )
            parts += [
                f'<section class="clay-print-chapter" id="chapter-{chapter.number}-text" '
                f'lang="{text_lang}" markdown="1">',
                " ".join(line.strip() for line in header.splitlines() if line.strip()),
                "",
                _demote_headings(chapter.bodies[text_lang]),
                "",
                "</section>",
                "",
            ]
        return "\n".join(parts) + "\n"

    def chapter_of(self, src_uri: str) -> int | None:
        """The number of the chapter whose page (in this language) is `src_uri`: its footer
        lists the meetings that discussed it (`clay serve` renders it again when one of them
        is edited)."""
        chapter = self._chapter_pages.get(src_uri)
        return chapter.number if chapter is not None else None

    # ----------------------------------------------------------------------------------------
    # pages

    def page_inputs(self, page: Page) -> Iterable[str] | None:
        """The contents page and the chapters' headers and footers show any chapter and the
        meetings that discussed them (the page cache's key); the other pages nothing."""
        src = page.file.src_uri
        return None if src == self._contents_src or src in self._chapter_pages else ()

    @build.page_event
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        lang = self.lang
        src = page.file.src_uri
        if src == self._contents_src:
            return html + self._anchored(page, self._render(
                config, "contents.html", lang=lang, t=strings(lang),
                chapters=[self._chapter_view(c, lang, page.url) for c in self.chapters.values()],
                actions=self._action_views(lang, page.url),
                print_url=build.relative_url(
                    f"{self._contents_url(config, lang)}print/", page.url
                ),
            ))
        chapter = self._chapter_pages.get(src)
        if chapter is None:
            return html
        # the photos of the text as <picture>s of their resized copies (clay_plugins/pictures.py)
        html = self.state.pictures.rewrite(
            html, page.url, i18n.url_prefix(config, lang),
            self.state.template("clay/picture.html").module.picture)  # type: ignore[attr-defined]
        t = strings(lang)
        numbers = list(self.chapters)
        at = numbers.index(chapter.number)
        previous = self.chapters[numbers[at - 1]] if at > 0 else None
        following = self.chapters[numbers[at + 1]] if at + 1 < len(numbers) else None
        header = self._render(
            config, "chapter-header.html", lang=lang, t=t,
            ch=self._chapter_view(chapter, lang, page.url), heading="h1",
            heading_id="chapter-title",
        )
        footer = self._render(
            config, "chapter-footer.html", lang=lang, t=t,
            meetings=[
                {
                    "url": build.relative_url(m.url_for(lang), page.url),
                    "date_iso": m.date.isoformat(),
                    "date_text": long_date(m.date, lang),
                    "title": m.title(lang),
                    "title_lang": m.text_language(lang),
                }
                for m in self.discussed(chapter)
            ],
            previous=self._chapter_view(previous, lang, page.url) if previous else None,
            next=self._chapter_view(following, lang, page.url) if following else None,
            contents_url=build.relative_url(self._contents_url(config, lang), page.url),
        )
        return self._anchored(page, header) + html + self._anchored(page, footer)

    @staticmethod
    def _anchored(page: Page, html: str) -> str:
        """Register the ids of generated HTML, so that MkDocs' anchor validation knows them
        (links such as `index.md#actions` or `02-actiuni.md#discussed-at` are then checked)."""
        if page.present_anchor_ids is not None:
            page.present_anchor_ids.update(html_rules.ids(html))
        return html


def _demote_headings(body: str) -> str:
    """`## Section` becomes `### Section`: in the print edition a chapter title is an h2. The
    headings are the tokenizer's (content/markdown.py), so a `#` line in code stays as it is."""
    lines = body.split("\n")
    for token in markdown_module.tokens(body):
        # ATX headings of levels 1 to 5 (`######` has no level below it)
        if (token.type == "heading_open" and token.markup.startswith("#")
                and len(token.markup) <= 5 and token.map is not None):
            line = lines[token.map[0]]
            at = line.find("#")
            if at >= 0:
                lines[token.map[0]] = line[:at] + "#" + line[at:]
    return "\n".join(lines)
