"""clay-admin: the web editor at /admin/ (Sveltia CMS), written into the site at each build.

What it writes, once per build (in the default language's build, after its pages):
- `admin/index.html`: the page that loads the editor; `noindex`, a Content-Security-Policy of its
  own (scripts, styles and fonts from the site only; connections to the site, GitHub's API and
  the OAuth proxy when one is configured), not a MkDocs page, so never in the navigation, the
  sitemap or the search index;
- `admin/config.yml`: generated from the content types' declarations (clay_plugins/admin/config.py);
- `admin/sveltia-cms.js` and the files it loads, from the pinned npm package
  (clay_plugins/admin/vendor.py), and `admin/preview.css`, the site's stylesheets for the preview.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from clay_plugins import build, i18n
from clay_plugins.admin import config as editor
from clay_plugins.admin import vendor
from clay_plugins.l10n import E_, configuration_language, render

log = build.plugin_logger("clay-admin", __name__)
ASSETS = Path(__file__).parent / "assets"
PAGES = ("index.md", "accessibility.md", "privacy.md", "meetings/index.md",
         "action-plan/index.md")


class AdminConfig(Config):
    enabled = c.Type(bool, default=True)
    """Write the web editor into the site."""
    folder = c.Type(str, default="admin")
    """Where the editor is published, relative to the site's root."""
    repo = c.Type(str, default="")
    """The GitHub repository the editor writes to, `owner/name` (in GitHub Actions,
    `GITHUB_REPOSITORY`); empty: the editor page says it is not configured."""
    branch = c.Type(str, default="main")
    """The branch the pull requests are opened against."""
    base_url = c.Type(str, default="")
    """The OAuth proxy for "Sign in with GitHub" (https://…); empty: a personal access token."""
    backend = c.Type(str, default="github")
    """`github`; the tests use `test-repo` (the browser's own storage, no network)."""
    pages = c.ListOfItems(c.Type(str), default=list(PAGES))
    """The ordinary pages editable as single files (Romanian file names under docs/)."""
    node_modules = c.Type(str, default="node_modules")
    """Where `npm ci` installed the pinned packages, relative to the folder of mkdocs.yml."""

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        folder = self.get("folder")
        if isinstance(folder, str) and (not folder.strip("/") or ".." in folder.split("/")):
            failed.append(("folder", ValueError(render(E_(
                "must name a folder of the site, e.g. `admin`"), configuration_language()))))
        base_url = self.get("base_url")
        if isinstance(base_url, str) and base_url and urlsplit(base_url).scheme != "https":
            failed.append(("base_url", ValueError(render(E_(
                "must be the https:// address of the proxy"), configuration_language()))))
        return failed, warnings


def content_security_policy(base_url: str) -> str:
    """The editor page's own policy: everything from the site, GitHub's API (and its status
    page, which the editor checks), avatars from GitHub, and the OAuth proxy if any."""
    # data: and blob: are the editor's own images and uploads, read back with fetch()
    connect = ["'self'", "data:", "blob:", "https://api.github.com",
               "https://www.githubstatus.com"]
    if base_url:
        parts = urlsplit(base_url)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    return "; ".join([
        "default-src 'self'",
        # Sveltia builds its previews and uploads as blob: URLs; its image codecs are WebAssembly
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-inline' blob:",
        "img-src 'self' blob: data: https://avatars.githubusercontent.com",
        "media-src 'self' blob:",
        "font-src 'self' data:",
        "connect-src " + " ".join(connect),
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "child-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


class AdminPlugin(BasePlugin[AdminConfig]):
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or not i18n.is_default_build(config):
            return
        site = Path(config.site_dir)
        target = site / self.config.folder.strip("/")
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        try:
            vendor.install(root / self.config.node_modules, target)
        except vendor.VendorError as exc:
            raise PluginError(f"clay-admin: {exc.text(build.log_language(config))}") from exc
        settings = build.settings_from_config(config)
        docs = settings.docs_dir
        pages = [p for p in self.config.pages if (docs / p).is_file()]
        backend = editor.Backend(self.config.repo, self.config.branch, self.config.base_url,
                                 self.config.backend)
        if backend.name == "github" and not backend.repo:
            log.info(build.said(config, E_("no `repo` for the web editor: it will say it is not "
                                           "configured")))
        data = editor.editor_config(settings, backend, site_url=config.site_url or "",
                                    page_names=pages)
        (target / "config.yml").write_text(editor.dump(data), "utf-8")
        (target / "admin.js").write_bytes((ASSETS / "admin.js").read_bytes())
        (target / "preview.css").write_text(_preview_css(site, config), "utf-8")
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True)
        # the page speaks the form's language (the editors' catalog of the site's language)
        lang = editor.form_language(settings)
        html = env.get_template("index.html").render(
            lang=lang or "en",
            title=render(E_("Web editor — {site}", site=config.site_name), lang),
            csp=content_security_policy(self.config.base_url),
            noscript=render(E_("The web editor needs JavaScript: turn it on in your browser's "
                               "settings, or write the report with git as the guide says."),
                            lang),
            preview_styles=json.dumps(["preview.css"]),
        )
        (target / "index.html").write_text(html, "utf-8")


def _preview_css(site: Path, config: MkDocsConfig) -> str:
    """The theme's and the site's stylesheets as the built site has them, with the rules of
    Material's text (`.md-typeset`) applying to the whole preview pane, which has no such
    element."""
    sheets = sorted((site / "assets" / "stylesheets").glob("main.*.min.css"))
    sheets += sorted((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    sheets += [site / str(extra) for extra in config.extra_css]
    parts = []
    for sheet in sheets:
        if sheet.is_file():
            css = sheet.read_text("utf-8")
            css = css.replace("\n/*# sourceMappingURL", "\n/* source map:")
            parts.append(css.replace(".md-typeset", "body"))
    return "\n".join(parts)
