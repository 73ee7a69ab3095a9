"""clay-csp: a Content-Security-Policy on every page, as a `<meta http-equiv>` early in `<head>`.

GitHub Pages sets no response headers, so the policy travels in the page itself; a browser
applies it to everything that comes after the element, hence its place right after `<meta
charset>`, before any script or link. The policy (`policy`):

- `script-src 'self'` plus the sha256 hash of each inline script of the theme that the page
  carries (Material writes a few: its scope, palette, consent and tabs snippets), computed at
  build time from the page as it is written, so the list is exactly that page's and the same on
  every build; never `'unsafe-inline'`. An inline script inside the page's content (what its
  Markdown rendered to) gets no hash: the content core refuses scripts in Markdown bodies, and
  one that slipped through would still not run, nor would one left unclosed that runs on into
  the theme's text (`with_policy`).
- `'wasm-unsafe-eval'`: Pagefind (clay-search) compiles its WebAssembly search engine in the
  browser, which Chromium and Firefox allow only with this keyword; it allows no `eval()` of
  JavaScript.
- `object-src 'none'`, `base-uri 'self'`, `form-action 'none'` (the site has no form that is
  sent anywhere: the search box is handled by its script), `frame-src 'none'`.

Other resources (styles, images, fonts, the search index) are not restricted: the site loads
them from itself only, which the browser tests check. The web editor at /admin/ is not an
MkDocs page and carries its own policy.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from html.parser import HTMLParser

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.pages import Page
from selectolax.lexbor import LexborHTMLParser

# the type attributes of a classic or module script (HTML's "JavaScript MIME type essence
# match"); any other type (application/json, Material's `__config`) is data, never run
_JS_TYPES = {
    "", "module", "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3",
    "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
}
FIXED = ("object-src 'none'", "base-uri 'self'", "form-action 'none'", "frame-src 'none'")


class CspConfig(Config):
    enabled = c.Type(bool, default=True)
    """Write the policy into every page."""


class _Where(HTMLParser):
    """Where the policy goes: the end of the page's first `<meta charset>` tag, else of its
    `<head>` tag, else None (not an HTML page). The page is fed a chunk at a time and the parse
    stops at the `<meta charset>`, which Material writes first in `<head>`."""

    CHUNK = 256

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._head: int | None = None
        self.insert_at: int | None = None
        for start in range(0, len(text), self.CHUNK):
            self.feed(text[start:start + self.CHUNK])
            if self.insert_at is not None:
                return
        self.close()
        self.insert_at = self._head

    def _end_of_tag(self) -> int:
        line, column = self.getpos()  # lines counted by "\n" only
        start = 0
        for _ in range(line - 1):
            start = self._text.index("\n", start) + 1
        return start + column + len(self.get_starttag_text() or "")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head" and self._head is None:
            self._head = self._end_of_tag()
        elif tag == "meta" and self.insert_at is None and any(k == "charset" for k, _ in attrs):
            self.insert_at = self._end_of_tag()


def inline_scripts(text: str) -> list[str]:
    """The text of each inline script of the HTML `text` that a browser would run, as the
    browser hashes it. Parsed by Lexbor (selectolax), an HTML5 parser in C: the same tree as a
    browser's (the text of a `<textarea>` or a comment holds no script; CR LF and CR read as
    LF), at a tenth of the CPU time of Python's html.parser on every page of the build."""
    scripts = []
    for node in LexborHTMLParser(text).css("script"):
        attributes = node.attributes
        kind = (attributes.get("type") or "").strip().lower()
        if "src" not in attributes and kind in _JS_TYPES:
            script = node.text(deep=True) or ""
            scripts.append(script.replace("\r\n", "\n").replace("\r", "\n"))
    return scripts


def digest(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()
                                         ).decode("ascii") + "'"


def policy(hashes: list[str]) -> str:
    sources = ["'self'", "'wasm-unsafe-eval'", *hashes]
    return "; ".join([f"script-src {' '.join(sources)}", *FIXED])


def with_policy(output: str, content: str | None = None) -> str:
    """The page `output` with its policy: the hashes of its inline scripts outside the page's
    `content` (what its Markdown rendered to).

    When the content is in the page once, as the theme writes it, the scripts are read from
    the page without it: a script opened in the content and left unclosed would run on into
    the theme's text up to its next `</script>`, a script that is in neither the theme nor
    the content alone. Otherwise, the content's own scripts are taken away from the page's."""
    insert_at = _Where(output).insert_at
    if insert_at is None:
        return output  # not an HTML page (sitemap.xml, a fragment)
    if content and output.count(content) == 1:
        at = output.index(content)
        allowed = Counter(inline_scripts(output[:at] + output[at + len(content):]))
    else:
        allowed = Counter(inline_scripts(output))
        if content:
            allowed.subtract(Counter(inline_scripts(content)))
    hashes = sorted({digest(script) for script, count in allowed.items() if count > 0})
    value = html.escape(policy(hashes), quote=False).replace('"', "&quot;")  # ' stays '
    meta = f'<meta http-equiv="Content-Security-Policy" content="{value}">'
    return output[:insert_at] + meta + output[insert_at:]


class CspPlugin(BasePlugin[CspConfig]):
    """Adds the policy to each page, the 404 page included."""

    # last: every other plugin has changed the page (and may have added a script) before
    @event_priority(-1000)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        return with_policy(output, page.content)

    @event_priority(-1000)
    def on_post_template(self, output_content: str, /, *, template_name: str,
                         config: MkDocsConfig) -> str | None:
        if not self.config.enabled or not template_name.endswith(".html"):
            return output_content
        return with_policy(output_content)
