"""clay-pagecache: a rebuild does not render again a page whose inputs have not changed.

What a page costs is MkDocs' Markdown, Material's templates and our plugins' page events, and
what it depends on can be named: its own source, what the content types show on it (a report
page its report and its neighbours, a list page every report), the navigation, the site's
files, the configuration, the templates and the code of every package. The page's output is
kept in the build's verified cache (clay_plugins/cache.py, kind "page") under the hash of all
of that, and a later build whose key is the same takes it from there:

- `on_page_markdown` (first): the key. For a page found in the cache, the Markdown is replaced
  by nothing, rendered without mkdocs.yml's extensions (MkDocs makes a Python-Markdown instance
  per page, which loads them all; they are put back before any plugin sees the page), and the
  template by `clay-pagecache.html`, an empty one added to the pages' Jinja environment in
  `on_env`. MkDocs still runs every event of the page (clay-search still records it,
  static-i18n still links its languages), on an empty page; our content plugins skip it
  (`cached`, in build.py's `page_event`).
- `on_page_content` (first): what other pages read of it is given back as it was made: its
  title (navigation, previous/next links), its anchors and its links to other pages' anchors
  (MkDocs' anchor validation runs as usual).
- `on_post_page` (last, after clay-csp): a cached page's output is returned as it was kept; a
  page made in this build is kept, unless a warning was logged while it was made (it would
  not be logged again on the next build, and `--strict` must still fail on it). So a kept page
  has passed the safety net that vets every rendered page (content/html.py), whose findings
  are errors or warnings.

What a content plugin shows on a page is its own to say: `ContentPlugin.page_inputs` (build.py)
names the items (a report's header: the report, its neighbours in its series, the chapters'
titles) or says "any" (a list); `Build.page_digest` hashes their sources and the photos.

The cache is a cache: an entry that is missing, corrupt or of another format is a miss, the
page is made again and the entry replaced (cache.py). Deleting `.cache/clay/` is always safe.

For other tools (`clay serve`), the whole interface: `cached(page)` says whether a page of the
build in progress is taken from the cache; `PageCachePlugin.key(page, config)` is a page's key
(valid from `on_page_markdown` on); its entries are the cache's kind `PAGE_KIND`; the plugin
logs, per language, how many pages it reused and made.
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
