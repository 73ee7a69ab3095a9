"""The web editor at /admin/ in headless Chromium (issue 27), with Sveltia's `test-repo` backend:
the repository's files are put into the browser's own storage (the origin private file system,
where that backend reads and writes), so nothing needs GitHub or a network.

- /admin/ of a built site loads with no console error and no request leaving the local server;
- a required field left empty is refused.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import serving
from tests.sitebuild import REPO, BuildResult, build_site, make_site, plugin_entry, repo_config

pytestmark = pytest.mark.browser

# The test backend's folder in the origin private file system (Sveltia's
# TEST_BACKEND_ROOT_DIR_NAME): the repository's root as the editor sees it.
ROOT = "sveltia-cms-test"

PUT = """async ([root, files]) => {
  let top = await navigator.storage.getDirectory();
  const base = await top.getDirectoryHandle(root, {create: true});
  for (const [path, data] of files) {
    let dir = base;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, {create: true});
    const file = await dir.getFileHandle(parts.at(-1), {create: true});
    const out = await file.createWritable();
    await out.write(Uint8Array.from(atob(data), c => c.charCodeAt(0)));
    await out.close();
  }
}"""

GET = """async (root) => {
  const found = {};
  const walk = async (dir, prefix) => {
    for await (const [name, handle] of dir.entries()) {
      if (handle.kind === 'directory') { await walk(handle, prefix + name + '/'); continue; }
      const bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer());
      let text = '';
      for (let i = 0; i < bytes.length; i += 8192)
        text += String.fromCharCode(...bytes.subarray(i, i + 8192));
      found[prefix + name] = btoa(text);
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle(root), '');
  return found;
}"""


def repository_files() -> dict[str, bytes]:
    """The content files of the repository, as the editor's backend holds them."""
    docs = REPO / "docs"
    return {f"docs/{p.relative_to(docs).as_posix()}": p.read_bytes()
            for p in sorted(docs.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def admin_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuildResult, str]]:
    """The repository's site with the editor on the test backend, served on loopback."""
    root = tmp_path_factory.mktemp("admin")
    (root / "site").mkdir()
    with serving(root / "site") as url:
        config = repo_config()
        entry = plugin_entry(config, "clay-admin")
        assert entry is not None
        entry["backend"] = "test-repo"
        yield build_site(make_site(root, config=config, use_repo_docs=True, site_url=url)), url


class Watch:
    """Console errors, uncaught exceptions and every request not to the local server."""

    def __init__(self, page: Any, base: str) -> None:
        self.problems: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        page.on("request", lambda r: self.outside.append(r.url) if not r.url.startswith(
            (base, "blob:" + base.rstrip("/"), "data:")) else None)


def open_editor(page: Any, url: str, files: dict[str, bytes]) -> None:
    page.goto(url + "admin/")
    page.evaluate(PUT, [ROOT, [[p, base64.b64encode(b).decode()] for p, b in files.items()]])
    page.get_by_role("button", name="Work with Test Repository").click()
    page.get_by_role("radio", name="Contents").wait_for()


def stored(page: Any) -> dict[str, bytes]:
    return {p: base64.b64decode(b) for p, b in page.evaluate(GET, ROOT).items()}


def field(page: Any, name: str) -> Any:
    """A field of the form; the editor renders a field once it is scrolled near."""
    group = page.get_by_role("group", name=f"“\u2068{name}\u2069” Field").first
    for _ in range(20):
        if group.count():
            break
        page.mouse.move(400, 600)
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(200)
    return group


def test_the_editor_loads_with_no_error_and_no_outside_request(
        browser: Any, admin_site: tuple[BuildResult, str]) -> None:
    _, url = admin_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page, url)
    try:
        open_editor(page, url, repository_files())
        page.get_by_text("Întâlniri / Meetings").first.wait_for()
        page.goto(url + "admin/#/collections/meetings")
        page.get_by_text("A șasea întâlnire, online").first.wait_for()
        page.wait_for_load_state("networkidle")
        assert watch.problems == []
        assert watch.outside == []
    finally:
        page.close()


def test_a_required_field_left_empty_is_refused(
        browser: Any, admin_site: tuple[BuildResult, str]) -> None:
    _, url = admin_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        open_editor(page, url, repository_files())
        page.goto(url + "admin/#/collections/meetings/new")
        field(page, "title").get_by_role("textbox").fill("Fără rezumat")
        field(page, "format").get_by_role("radio", name="online", exact=True).click()
        page.get_by_role("button", name="Save", exact=True).click()
        field(page, "summary").get_by_text("required", exact=False).first.wait_for()
        assert not [p for p in stored(page) if "fara-rezumat" in p]
    finally:
        page.close()
