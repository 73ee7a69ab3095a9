"""clay-pagecache: a rebuild does not render again a page whose inputs have not changed.

What a page costs is MkDocs' Markdown, Material's templates and our plugins' page events, and
what it depends on can be named: its own source, what the content types show on it (a report
page its report and its neighbours, a list page every report), the navigation, the site's
files, the configuration, the templates and the code of every package. The page's output is
kept in the build's verified cache (clay_plugins/cache.py, kind "page") under the hash of all
of that, and a later build whose key is the same takes it from there:

- `on_page_markdown` (first): the key. For a page found in the cache, the Markdown is replaced
  by nothing and the template by `clay-pagecache.html`, which renders nothing: MkDocs still
  runs every event of the page (the search plugin still records it, static-i18n still links
  its languages), but on an empty page, and our content plugins skip it (`cached`).
- `on_page_content` (first): what other pages read of it is given back as it was made: its
  title (navigation, previous/next links), its anchors and its links to other pages' anchors
  (MkDocs' anchor validation runs as usual).
- `on_post_page` (last, after clay-csp): a cached page's output is returned as it was kept; a
  page made in this build is kept, unless a warning was logged while it was made (it would
  not be logged again on the next build, and `--strict` must still fail; the safety net of
  content/html.py that vets every page is such a warning or an error).

The cache is a cache: an entry that is missing, corrupt or of another format is a miss, the
page is made again and the entry replaced (cache.py). Deleting `.cache/clay/` is always safe.

For other tools (`clay serve`): `cached(page)` says whether a page of the build in progress was
taken from the cache; `PAGE_KIND` is the cache's kind of the entries; `page_key` parts are on
the plugin (`PageCachePlugin.key(page, config)`), computed from public MkDocs objects only.
"""

from __future__ import annotations

from typing import Any

PAGE_KIND = "page"
TEMPLATE = "clay-pagecache.html"
# the attribute of a Page that holds its cache entry while it is built from it
ATTRIBUTE = "clay_cached"


def cached(page: Any) -> bool:
    """Whether `page` (of the build in progress) is being built from the page cache: its
    Markdown was not rendered, and the plugins that add to a page leave it alone."""
    return getattr(page, ATTRIBUTE, None) is not None
