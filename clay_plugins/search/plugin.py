"""clay-search: Pagefind indexes of the built site, one per language, searched from the header.

Why Pagefind rather than Material's search (measured in benchmarks/SEARCH.md): Material's lunr
index is one JSON file fetched whole by the first search, growing with every report; Pagefind
splits its index into chunks fetched on demand, keeps one index per `<html lang>`, and folds
diacritics, so "finantare" finds "finanțare" with the exact spelling ranked first.

How it runs: templates mark what is indexed (`data-pagefind-body` in overrides/main.html, from
`clay_search.index`), and after the whole site is written, Pagefind indexes it once, reading the
pages indexed only (a page with `search: {exclude: true}` is not even parsed).
Pagefind is npm's `pagefind` package, pinned in package.json (1.6.0: it counts diacritic
variants toward its index chunk size, which 1.5.2, the newest on PyPI, does not; see
benchmarks/SEARCH.md); its platform package carries the binary, run offline.

static-i18n builds the other languages from its own `on_post_build` (priority -100) by running
MkDocs' `build()` again with the same plugin objects, so `on_post_build` is called once per
language build, nested inside the default language's. Counting builds in `on_pre_build` and
`on_post_build` tells the outermost build, which ends after every language is written: the index
is made there, once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from clay_plugins import build, i18n
from clay_plugins.l10n import E_, render
from clay_plugins.search.strings import strings

log = build.plugin_logger("clay-search", __name__)

ASSETS = Path(__file__).parent / "assets"
ASSET_URIS = {"css": "assets/clay-search/search.css", "js": "assets/clay-search/search.js"}


class SearchConfig(Config):
    enabled = c.Type(bool, default=True)
    """Index the site and show the search box; off, the site has no search."""
    bundle_dir = c.Type(str, default="pagefind")
    """Folder of the search bundle, relative to `site_dir`."""
    exclude_selectors = c.ListOfItems(c.Type(str), default=[".headerlink"])
    """Elements inside the indexed content that are not content (CSS selectors)."""
    binary = c.Type(str, default="node_modules/.bin/pagefind")
    """The Pagefind executable, relative to the folder of mkdocs.yml: by default the one `npm ci`
    installs from package.json (npm's wrapper, which runs the binary of the platform package)."""


def page_is_indexed(page: Page) -> bool:
    """Pages say `search: {exclude: true}` in their front matter to stay out of the index
    (Material's documented key for its own search, e.g. for a print page that repeats chapters)."""
    meta = page.meta.get("search")
    return not (isinstance(meta, dict) and meta.get("exclude") is True)


class SearchPlugin(BasePlugin[SearchConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        # builds in progress: 1 in the default language's build, 2 inside the nested ones
        self._depth = 0
        # languages of the texts published in the language being built, its own first
        # (English, then Romanian for the untranslated pages under /en/); set in on_files
        self._text_langs: list[str] = []
        self._binary = Path()  # the Pagefind executable, found in on_config
        # the written file of every page indexed in this build, all languages (see _index)
        self._indexed: list[str] = []
        # `clay serve` shows an edit before the index is made: with `deferred` set, the build
        # leaves the index to `index`, which the preview calls after serving the page
        self.deferred = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        if "material/search" in config.plugins or "search" in config.plugins:
            raise PluginError("mkdocs.yml: " + build.said(config, E_(
                "the `search` plugin and `clay-search` both make a search — remove `search` "
                "from `plugins` (clay-search replaces it)")))
        # The same config object goes through every language build: add the assets once.
        if ASSET_URIS["css"] not in config.extra_css:
            config.extra_css.append(ASSET_URIS["css"])
        if not any(str(script) == ASSET_URIS["js"] for script in config.extra_javascript):
            config.extra_javascript.append(ASSET_URIS["js"])
        self._binary = self._find_binary(config)
        return config

    def _find_binary(self, config: MkDocsConfig) -> Path:
        """The Pagefind executable, checked before the build rather than after it."""
        base = Path(config.config_file_path or ".").resolve().parent
        binary = base / Path(self.config.binary).expanduser()
        if not binary.is_file():
            raise PluginError("clay-search: " + build.said(config, E_(
                "Pagefind is not installed ({binary} is missing) — run `npm ci` next to "
                "mkdocs.yml to install the version pinned in package.json (make site does it)",
                binary=str(binary))))
        return binary

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        if self._depth == 0:  # the default language's build: a new site
            self._indexed = []
        self._depth += 1

    # After static-i18n (-100) placed the files of this language: ours stay at the site root,
    # where every language's pages find them.
    @event_priority(-200)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        lang = i18n.current_language(config)
        found = {i18n.file_language(f, config) for f in files.documentation_pages()}
        self._text_langs = [lang] + sorted(found - {lang})
        for kind, uri in ASSET_URIS.items():
            if files.get_file_from_path(uri) is None:
                source = str(ASSETS / f"search.{kind}")
                files.append(File.generated(config, uri, abs_src_path=source))
        return files

    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if not self.config.enabled:
            return context
        indexed = page_is_indexed(page)
        if indexed:
            self._indexed.append(page.file.abs_dest_path)
        context["clay_search"] = {  # type: ignore[typeddict-unknown-key]
            **self._frame(config),
            "index": indexed,
            # the language of the text: Romanian for an untranslated page under /en/
            "text_lang": i18n.file_language(page.file, config),
        }
        return context

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        # 404.html and other theme templates show the search box too, but are not indexed
        if self.config.enabled:
            frame = {**self._frame(config), "index": False}
            context["clay_search"] = frame  # type: ignore[typeddict-unknown-key]
        return context

    def _frame(self, config: MkDocsConfig) -> dict[str, Any]:
        lang = i18n.current_language(config)
        return {
            "lang": lang,
            "bundle": f"{self.config.bundle_dir}/",
            "home": i18n.url_prefix(config, lang),
            # one language: the box searches without the "text" filter (one file less)
            "text_langs": self._text_langs or [lang],
            "t": strings(lang, i18n.languages(config)),
        }

    # Below static-i18n's -100, which builds the other languages: this runs after them.
    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self._depth -= 1
        if self._depth > 0:
            return  # a language build nested in the default one: the site is not complete yet
        self._depth = 0
        if not self.deferred:
            self.index(Path(config.site_dir), i18n.languages(config), build.log_language(config))

    def index(self, site_dir: Path, languages: list[str], said: str | None) -> None:
        """Index the pages of the last build as they are now in `site_dir` (after the build,
        or, with `deferred`, when `clay serve` asks); `said`: the language of the log."""
        self._index(site_dir, languages, said)

    def on_build_error(self, error: Exception) -> None:
        self._depth = 0

    def _index(self, site_dir: Path, languages: list[str], said: str | None) -> None:
        """Index the pages; the log and errors speak the editors' language `said`."""
        bundle = site_dir / self.config.bundle_dir
        # hashed index files of an earlier build (`mkdocs build --dirty`) would stay forever
        shutil.rmtree(bundle, ignore_errors=True)
        # Pagefind reads every HTML file under the folder it is given, and parses the whole of
        # each, its markup included, before it looks for `data-pagefind-body`: it is given a
        # folder of links to the pages indexed only, laid out as in the site (the URLs in the
        # index are the same), so the pages kept out of the search cost it nothing.
        with tempfile.TemporaryDirectory(prefix=".clay-search-", dir=site_dir) as staging:
            self._stage(site_dir, Path(staging))
            command = [
                str(self._binary), "--site", staging, "--output-path", str(bundle), "--quiet",
            ]
            if self.config.exclude_selectors:
                command += ["--exclude-selectors", ",".join(self.config.exclude_selectors)]
            try:
                run = subprocess.run(command, capture_output=True, text=True, check=False)
            except OSError as exc:
                raise PluginError("clay-search: " + render(E_(
                    "cannot run Pagefind {binary} ({error}) — run `npm ci` next to mkdocs.yml "
                    "(make site does it)", binary=str(self._binary), error=str(exc)), said)) \
                    from exc
        if run.returncode != 0:
            output = f"{run.stderr.strip()} {run.stdout.strip()}".strip()
            raise PluginError("clay-search: " + render(E_(
                "Pagefind failed to index {folder} — {output}", folder=str(site_dir),
                output=output), said).strip())
        for lang in languages:
            if not list(bundle.glob(f"pagefind.{lang}_*.pf_meta")):
                log.warning(render(E_(
                    "no page in {lang} was indexed for search — every page needs "
                    "`data-pagefind-body` (overrides/main.html) and `<html lang=\"{lang}\">`",
                    lang=lang), said))
        log.info(render(E_("search index written to {folder} for {languages}",
                           folder=str(bundle), languages=", ".join(languages)), said))

    def _stage(self, site_dir: Path, staging: Path) -> None:
        """Link each page indexed in this build into `staging`, at its place in the site (a
        copy where the file system has no hard links)."""
        root = os.path.join(os.path.abspath(site_dir), "")
        folders: set[str] = set()
        for path in dict.fromkeys(self._indexed):
            if not path.startswith(root):
                continue  # not written into this site
            target = os.path.join(staging, path[len(root):])
            folder = os.path.dirname(target)
            if folder not in folders:
                os.makedirs(folder, exist_ok=True)
                folders.add(folder)
            # a page with empty output is not written (MkDocs logs it)
            with contextlib.suppress(FileNotFoundError):
                _link_or_copy(path, target)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except FileNotFoundError:
        raise
    except OSError:  # a file system without hard links
        shutil.copyfile(source, target)
