"""The web editor at /admin/ in headless Chromium (issue 27), with Sveltia's `test-repo` backend:
the repository's files are put into the browser's own storage (the origin private file system,
where that backend reads and writes), so nothing needs GitHub or a network.

- /admin/ of a built site loads with no console error and no request leaving the local server;
- a bilingual report with a lead photo written through the form is, as files read back out of
  the browser, a report that `clay check` passes and the strict build publishes in both
  languages with the photo processed;
- every report and chapter of the repository, opened and saved unchanged, is the same files,
  byte for byte (but for the one difference the test lists: an action's number id quoted);
- a required field left empty, and a value outside its list, are refused;
- a new report's and a new chapter's file names are those `clay new` gives the same date (number)
  and title.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from clay_plugins.cli import main
from tests.conftest import serving
from tests.sitebuild import (
    REPO,
    BuildResult,
    build_site,
    content_config,
    make_site,
    plugin_entry,
    repo_config,
)

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

# whether the stored file at `path` holds the test's mark in its title (`marked`) or not
# (while the editor replaces the file, it is briefly missing or unreadable: not yet)
HAS_MARK = """async ([root, path, marked]) => {
  try {
    let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(root);
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part);
    const text = await (await (await dir.getFileHandle(parts.at(-1))).getFile()).text();
    return text.includes(' (x)') === marked;
  } catch (error) {
    if (error.name === 'NotFoundError' || error.name === 'NotReadableError') return false;
    throw error;
  }
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
        page.on("console", lambda m: self.problems.append(
            f"console {m.type}: {m.text} {m.location}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e}"))
        # a request the page cancels by leaving (the test's next `goto` while a photo's blob:
        # preview still loads) is not a failure: net::ERR_ABORTED, as in tests/walk.py; an
        # error status is the `response` check's, a request elsewhere `outside`'s
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}")
                if "net::ERR_ABORTED" not in (r.failure or "") else None)
        page.on("response", lambda r: self.problems.append(f"{r.status}: {r.url}")
                if r.status >= 400 else None)
        page.on("request", lambda r: self.outside.append(r.url) if not r.url.startswith(
            (base, "blob:" + base.rstrip("/"), "data:")) else None)


def open_editor(page: Any, url: str, files: dict[str, bytes]) -> None:
    page.goto(url + "admin/")
    page.evaluate(PUT, [ROOT, [[p, base64.b64encode(b).decode()] for p, b in files.items()]])
    page.get_by_role("button", name="Work with Test Repository").click()
    page.get_by_role("radio", name="Contents").wait_for()


def stored(page: Any) -> dict[str, bytes]:
    return {p: base64.b64decode(b) for p, b in page.evaluate(GET, ROOT).items()}


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (180, 90, 40)).save(out, "JPEG", quality=80)
    return out.getvalue()


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
        page.get_by_text("Întâlniri", exact=True).first.wait_for()
        page.goto(url + "admin/#/collections/meetings")
        page.get_by_text("A șasea întâlnire, online").first.wait_for()
        page.wait_for_load_state("networkidle")
        # an open report's preview pane takes the site's own stylesheets (admin/preview.css)
        with page.expect_request(lambda r: r.url == url + "admin/preview.css"):
            page.goto(f"{url}admin/#/collections/meetings/entries/{entries()[0][1]}")
        page.wait_for_load_state("networkidle")
        # the items of each folder, not its index page (which is among the pages)
        for collection, index in (("meetings", "Întâlniri"), ("action-plan", "Planul de acțiune")):
            page.goto(f"{url}admin/#/collections/{collection}")
            listed = page.get_by_role("checkbox", name="Select ", exact=False)
            listed.first.wait_for()
            names = [listed.nth(i).get_attribute("aria-label") for i in range(listed.count())]
            names.remove("Select All")
            assert len(names) == len([e for e in entries() if e[0] == collection]), names
            assert f"Select \u2068{index}\u2069" not in names
        assert watch.problems == []
        assert watch.outside == []
    finally:
        page.close()


def test_a_report_written_in_the_form_is_published_in_both_languages(
        browser: Any, admin_site: tuple[BuildResult, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, url = admin_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page, url)
    try:
        open_editor(page, url, repository_files())
        page.goto(url + "admin/#/collections/meetings/new")
        field(page, "title").get_by_role("textbox").fill("Întâlnire de lucru la Horezu")
        field(page, "summary").get_by_role("textbox").fill(
            "Am discutat atelierele de ceramică și finanțarea lor.")
        field(page, "date").get_by_role("textbox").fill("2022-05-17")
        field(page, "time").get_by_role("textbox").fill("10:00-12:30")
        field(page, "format").get_by_role("radio", name="cu prezență fizică", exact=True).click()
        field(page, "venue").get_by_role("textbox").fill("Casa de cultură, Horezu")
        field(page, "participants").get_by_role("spinbutton").fill("14")
        field(page, "topics").get_by_role("checkbox", name="Finanțare").click()
        field(page, "image").get_by_role("button", name="Browse").click()
        dialog = page.get_by_role("dialog", name="Select Image")
        with page.expect_file_chooser() as chooser:
            dialog.get_by_role("button", name="Upload").click()
        chooser.value.set_files({"name": "Atelier Horezu.JPG", "mimeType": "image/jpeg",
                                 "buffer": photo()})
        dialog.get_by_role("option", name="atelier-horezu.jpg").wait_for()
        dialog.get_by_role("button", name="Insert").click()
        dialog.wait_for(state="hidden")
        field(page, "image_alt").get_by_role("textbox").fill("Olari la roată, în atelier")
        field(page, "image_credit").get_by_role("textbox").fill("ADR Sud-Vest Oltenia")
        page.get_by_role("radiogroup", name="Switch Locale").first.get_by_role(
            "radio", name="English").click()
        field(page, "title").get_by_role("textbox").fill("Working meeting in Horezu")
        field(page, "summary").get_by_role("textbox").fill(
            "We discussed the pottery workshops and their funding.")
        field(page, "venue").get_by_role("textbox").fill("House of culture, Horezu")
        field(page, "image_alt").get_by_role("textbox").fill("Potters at the wheel")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("saved", exact=False).first.wait_for()
        files = stored(page)
    finally:
        page.close()
    written = {p: b for p, b in files.items() if p not in repository_files()}
    stem = "docs/meetings/2022-05-17-intalnire-de-lucru-la-horezu"
    assert set(written) == {f"{stem}.md", f"{stem}.en.md", "docs/meetings/atelier-horezu.jpg"}
    # the contract's forms: a plain date, the time as written, a whole number, the keys in the
    # declaration's order, the facts only in the Romanian file, empty optional keys left out
    assert written[f"{stem}.md"].decode() == (
        "---\n"
        "title: Întâlnire de lucru la Horezu\n"
        "summary: Am discutat atelierele de ceramică și finanțarea lor.\n"
        "date: 2022-05-17\n"
        "time: 10:00-12:30\n"
        "format: in-person\n"
        "venue: Casa de cultură, Horezu\n"
        "participants: 14\n"
        "topics:\n"
        "  - funding\n"
        "image: atelier-horezu.jpg\n"
        "image_alt: Olari la roată, în atelier\n"
        "image_credit: ADR Sud-Vest Oltenia\n"
        "---\n")
    assert written[f"{stem}.en.md"].decode() == (
        "---\n"
        "title: Working meeting in Horezu\n"
        "summary: We discussed the pottery workshops and their funding.\n"
        "venue: House of culture, Horezu\n"
        "image_alt: Potters at the wheel\n"
        "---\n")
    assert written["docs/meetings/atelier-horezu.jpg"] == photo()
    assert watch.problems == [] and watch.outside == []
    # the files, in a copy of the repository: clay check passes, the strict build publishes
    site = make_site(tmp_path / "copy", config=content_config(), use_repo_docs=True)
    for path, data in written.items():
        (site.parent / path).write_bytes(data)
    assert main(["check", "--config", str(site)]) == 0, capsys.readouterr()
    result = build_site(site)
    for prefix in ("", "en/"):
        page_html = result.read(f"{prefix}meetings/2022-05-17-intalnire-de-lucru-la-horezu/"
                                "index.html")
        assert "<figure" in page_html and "atelier-horezu-" in page_html
    assert list((result.site / "meetings").glob("atelier-horezu-*-480.webp"))
    assert not (result.site / "meetings" / "atelier-horezu.jpg").exists()


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


def test_a_value_outside_its_list_is_refused(
        browser: Any, admin_site: tuple[BuildResult, str]) -> None:
    """A report whose `format` is none of the declared formats (written by hand, or left by an
    older version of the list): the form shows no option chosen and refuses to save it."""
    _, url = admin_site
    path = "docs/meetings/2022-06-01-porumbei.md"
    report = (b"---\ntitle: Porumbei\nsummary: Scrisori.\ndate: 2022-06-01\nformat: by-pigeon\n"
              b"---\n\nText.\n")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        open_editor(page, url, {**repository_files(), path: report})
        page.goto(f"{url}admin/#/collections/meetings/entries/2022-06-01-porumbei")
        title = field(page, "title").get_by_role("textbox")
        title.fill("Porumbei călători")
        page.get_by_role("button", name="Save", exact=True).click()
        # refused: the editor lists the field's problem, the list's message naming the formats
        # (clay_plugins/admin/config.py `_widget`)
        page.get_by_role("button", name="Show Errors").click()
        page.get_by_text("a value of the list: online (online), cu prezență fizică (in-person)",
                         exact=False).first.wait_for()
        assert not field(page, "format").get_by_role("radio", checked=True).count()
        assert stored(page)[path] == report
    finally:
        page.close()


# Titles whose file names `clay new` and the editor must agree on: Romanian letters (both forms
# of ș and ț), punctuation, and a title longer than the name's NAME_MAX characters
LONG_TITLE = ("Întâlnirea grupului: școala, țara și învățământul artistic — ceramica din Horezu, "
              "Vlădești și Oboga")
CHAPTER_TITLE = "Acțiuni pentru ateliere: finanțare și țesături, până în 2030"


def test_the_editor_names_new_files_as_clay_new_does(
        browser: Any, admin_site: tuple[BuildResult, str], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _, url = admin_site
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page, url)
    try:
        open_editor(page, url, repository_files())
        page.goto(url + "admin/#/collections/meetings/new")
        field(page, "title").get_by_role("textbox").fill(LONG_TITLE)
        field(page, "summary").get_by_role("textbox").fill("Rezumat.")
        field(page, "date").get_by_role("textbox").fill("2022-09-14")
        field(page, "format").get_by_role("radio", name="online", exact=True).click()
        field(page, "platform").get_by_role("textbox").fill("Zoom")
        english(page)
        field(page, "title").get_by_role("textbox").fill("The group's meeting")
        field(page, "summary").get_by_role("textbox").fill("Summary.")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("saved", exact=False).first.wait_for()
        page.goto(url + "admin/#/collections/action-plan/new")
        field(page, "chapter").get_by_role("spinbutton").fill("4")
        field(page, "title").get_by_role("textbox").fill(CHAPTER_TITLE)
        field(page, "status").get_by_role("radio", name="Ciornă", exact=True).click()
        field(page, "updated").get_by_role("textbox").fill("2022-10-03")
        english(page)
        field(page, "title").get_by_role("textbox").fill("Actions for workshops")
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("saved", exact=False).first.wait_for()
        files = stored(page)
    finally:
        page.close()
    assert watch.problems == [] and watch.outside == []
    written = sorted(p for p in files if p not in repository_files())
    # `clay new` with the same date (number) and title, in a copy of the site
    site = make_site(tmp_path / "copy", config=content_config(), use_repo_docs=True)
    before = set(site.parent.joinpath("docs").rglob("*.md"))
    assert main(["new", "meeting", "--lang", "en", "--config", str(site), "--date", "2022-09-14",
                 "--title", LONG_TITLE, "--format", "online", "--platform", "Zoom"]) == 0
    assert main(["new", "chapter", "--lang", "en", "--config", str(site), "--number", "4",
                 "--title", CHAPTER_TITLE, "--updated", "2022-10-03"]) == 0
    made = sorted(p.relative_to(site.parent).as_posix()
                  for p in set(site.parent.joinpath("docs").rglob("*.md")) - before)
    assert written == made
    # cut at 51 characters (importer.NAME_MAX), the letters transliterated
    assert "docs/meetings/2022-09-14-intalnirea-grupului-scoala-tara-si-invat.md" in made
    assert "docs/action-plan/04-actiuni-pentru-ateliere-finantare-si-tesaturi-pa.md" in made
    # the editor's files pass the checks in place of clay new's
    for path in written:
        (site.parent / path).write_bytes(files[path])
    assert main(["check", "--config", str(site)]) == 0, capsys.readouterr()


def english(page: Any) -> None:
    page.get_by_role("radiogroup", name="Switch Locale").first.get_by_role(
        "radio", name="English").click()


def entries() -> list[tuple[str, str]]:
    """(collection, slug) of every report and chapter of the repository."""
    found = []
    for collection, folder in (("meetings", "meetings"), ("action-plan", "action-plan")):
        for path in sorted((REPO / "docs" / folder).glob("*.md")):
            if path.name.count(".") == 1 and path.stem != "index":
                found.append((collection, path.stem))
    return found


def test_every_report_and_chapter_saved_unchanged_is_the_same_files(
        browser: Any, admin_site: tuple[BuildResult, str]) -> None:
    _, url = admin_site
    files = repository_files()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    watch = Watch(page, url)
    try:
        open_editor(page, url, files)
        for collection, slug in entries():
            # the editor saves a changed entry only: change the title, save, change it back,
            # save: the second save writes the entry as it was read. Each save is awaited in
            # the backend's storage (the file has the mark, then has it no more), not by its
            # notice, which stays on screen for seconds
            path = f"docs/{collection}/{slug}.md"
            for suffix in (" (x)", ""):
                page.goto(f"{url}admin/#/collections/{collection}/entries/{slug}")
                title = field(page, "title").get_by_role("textbox")
                original = title.input_value().removesuffix(" (x)")
                title.fill(original + suffix)
                page.get_by_role("button", name="Save", exact=True).click()
                page.wait_for_function(HAS_MARK, arg=[ROOT, path, bool(suffix)], polling=100)
                # and the editor has gone back to the list, as it does after a save
                page.wait_for_url(f"{url}admin/#/collections/{collection}")
        after = stored(page)
    finally:
        page.close()
    assert watch.problems == []
    assert set(after) == set(files)
    for path, before in files.items():
        # byte for byte, but for an action's id written as a number (`id: 1`), which the
        # editor's text field writes as the text `'1'`: the same id for the chapter contract
        # (a number or lower-case words, compared as text). The repository's front matter is
        # written as the editor and `clay new` write it: one line per value, the keys in the
        # declaration's order
        expected = re.sub(rb"(?m)^(  - id: )([0-9]+)$", rb"\1'\2'", before) \
            if path.startswith("docs/action-plan/") else before
        assert after[path] == expected, path
        if expected != before:
            old, new = (yaml.safe_load(b.decode().split("---\n", 2)[1]) for b in (before,
                                                                                  after[path]))
            assert ids_as_text(new) == ids_as_text(old), path


def ids_as_text(data: dict[str, Any]) -> dict[str, Any]:
    for action in data.get("actions") or []:
        action["id"] = str(action["id"])
    return data
