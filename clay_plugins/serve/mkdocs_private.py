"""The one place where the preview uses MkDocs' private build steps.

MkDocs has no public way to render ONE page of a build already made: its `build()` reads and
renders every page. The preview re-renders the few pages an edit changes with the two steps
`build()` itself runs for each page, in the same order and with the same arguments:
`_populate_page` (read the source, the page events up to `on_page_content`, Markdown) and
`_build_page` (the template, `on_page_context`, `on_post_page`, the write). Nothing else of
MkDocs' private side is used anywhere in clay_plugins/serve/; tests/test_serve.py pins the two
signatures, so a MkDocs release that changes them fails a test instead of the preview.
"""

from __future__ import annotations

from collections.abc import Sequence

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page


def render_pages(pages: Sequence[Page], config: MkDocsConfig, files: Files,
                 nav: Navigation, env: jinja2.Environment) -> None:
    """Read, render and write `pages` of one language build as `mkdocs build` does: every
    page is read first, then every page is written (a page's context may read another's)."""
    doc_files: Sequence[File] = files.documentation_pages()
    for page in pages:
        mkdocs_build._populate_page(page, config, files)
    for page in pages:
        mkdocs_build._build_page(page, config, doc_files, nav, env,
                                 excluded=page.file.inclusion.is_excluded())
