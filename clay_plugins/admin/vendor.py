"""Sveltia CMS copied from node_modules into the site, with everything it fetches served locally.

Sveltia's browser bundle (`@sveltia/cms/dist/sveltia-cms.js`, pinned in package.json and
package-lock.json) loads its fonts from cdn.jsdelivr.net and, when needed, code highlighting
(Shiki's engine, languages and themes) and the EXIF reader of uploaded photos from unpkg.com.
The site promises no request to another host but GitHub's API (privacy notice), so this module
is the one reproducible step that changes the bundle: each entry of `PATCHES` replaces one exact
string of the upstream file, which must occur exactly once, by a path under the editor's own
folder, and `FILES` says which files of the pinned npm packages are copied there.

The upstream file's SHA-256 is recorded in `UPSTREAM_SHA256`: a new Sveltia version fails the build
(and tests/test_admin_config.py) until its bundle has been read again, the patches checked
against it and the hash updated, so no upgrade changes what the editor fetches unnoticed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from clay_plugins import published
from clay_plugins.l10n import E_, EditorsError

PACKAGE = "@sveltia/cms"
VERSION = "0.221.1"
BUNDLE = "dist/sveltia-cms.js"
UPSTREAM_SHA256 = "2fc783907e1a4a70783f155cc28435c70b8f79792f2aab75e787984e84aa413a"

# The script's own URL while it runs (the bundle is a classic script run once at load), so that
# the local paths resolve under /admin/ wherever the site is published.
_HERE = "(document.currentScript?.src||location.href)"


@dataclass(frozen=True)
class Patch:
    why: str
    old: str
    new: str


PATCHES = (
    Patch("fonts: Source Sans 3 (the interface)",
          "url(https://cdn.jsdelivr.net/fontsource/fonts/source-sans-3:vf@5.3.0/"
          "latin-wght-normal.woff2)",
          "url(fonts/source-sans-3-latin-wght-normal.woff2)"),
    Patch("fonts: Noto Mono (code)",
          "url(https://cdn.jsdelivr.net/fontsource/fonts/noto-mono@5.3.0/latin-400-normal.woff2)",
          "url(fonts/noto-mono-latin-400-normal.woff2)"),
    Patch("fonts: Material Symbols (the icons)",
          "url(https://cdn.jsdelivr.net/fontsource/fonts/material-symbols-outlined:vf@5.3.7/"
          "latin-wght-normal.woff2)",
          "url(fonts/material-symbols-outlined-latin-wght-normal.woff2)"),
    Patch("code highlighting: Shiki's languages and themes",
          "gk=`https://unpkg.com/@shikijs`",
          f"gk=new URL(`vendor/@shikijs`,{_HERE}).href"),
    Patch("code highlighting: Shiki's engine as built by Sveltia UI",
          "_k=`https://unpkg.com/@sveltia/ui`",
          f"_k=new URL(`vendor/@sveltia/ui`,{_HERE}).href"),
    Patch("the modules it loads on demand (the EXIF reader of an uploaded photo): from vendor/",
          "JW=e=>{let t=`https://unpkg.com/${e}`,n=Kfe[e]?.replace(/^\\D/,``);"
          "return n?`${t}@${n}`:t}",
          "JW=e=>new URL(`vendor/${e}`,qW||location.href).href"),
    Patch("no update check: the version is the one pinned in package-lock.json, updated by a "
          "maintainer (it fetched unpkg.com/@sveltia/cms/package.json every hour)",
          "LSe=async()=>{try{let e=await fetch(NSe);if(!e.ok)return;",
          "LSe=async()=>{try{return;"),
)

# What is copied beside the bundle: (package, path in it, path under the editor's folder);
# a folder is copied whole. Versions in the paths are the ones the bundle asks for.
FILES = (
    (PACKAGE, "npm/assets/source-sans-3-latin-wght-normal-BqRLTx4X.woff2",
     "fonts/source-sans-3-latin-wght-normal.woff2"),
    (PACKAGE, "npm/assets/noto-mono-latin-400-normal-DiC8lJru.woff2",
     "fonts/noto-mono-latin-400-normal.woff2"),
    (PACKAGE, "npm/assets/material-symbols-outlined-latin-wght-normal-_Z1IJPLg.woff2",
     "fonts/material-symbols-outlined-latin-wght-normal.woff2"),
    (PACKAGE, "npm/assets/material-symbols-outlined.LICENSE.txt", "fonts/LICENSE-icons.txt"),
    (PACKAGE, "npm/chunks/shiki-engine-X2kQSGKz.js",
     "vendor/@sveltia/ui@0.77.0/dist/shiki-engine.js"),
    ("@shikijs/langs", "dist", "vendor/@shikijs/langs@4.4.3/dist"),
    ("@shikijs/themes", "dist/github-light.mjs",
     "vendor/@shikijs/themes@4.4.3/dist/github-light.mjs"),
    ("@shikijs/themes", "dist/github-dark.mjs",
     "vendor/@shikijs/themes@4.4.3/dist/github-dark.mjs"),
    ("exifr", "dist/lite.esm.mjs", "vendor/exifr/dist/lite.esm.mjs"),
    (PACKAGE, "LICENSE.txt", "LICENSE.txt"),
)


# in a folder copied whole, what the editor never loads: source maps and TypeScript's
# declarations (Shiki's languages are `.mjs` modules, each beside its `.d.mts`)
UNUSED = (".map", ".d.mts", ".d.ts")


class VendorError(EditorsError):
    """The installed packages are not those this step was written for (an `E_` text)."""


def package_dir(node_modules: Path, name: str) -> Path:
    return node_modules / name


def installed_version(node_modules: Path, name: str) -> str:
    try:
        meta = json.loads((package_dir(node_modules, name) / "package.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise VendorError(E_("npm package {name} is not installed in {folder} — run `npm ci` "
                             "next to mkdocs.yml (make site does it)",
                             name=name, folder=str(node_modules))) from exc
    return str(meta.get("version", ""))


def patched_bundle(node_modules: Path) -> str:
    """The upstream bundle with `PATCHES` applied; raises if it is not the pinned file."""
    version = installed_version(node_modules, PACKAGE)
    if version != VERSION:
        raise VendorError(E_("{name} {version} is installed, clay-admin is written for "
                             "{pinned} — run `npm ci`, or read the new bundle and update "
                             "clay_plugins/admin/vendor.py",
                             name=PACKAGE, version=version, pinned=VERSION))
    raw = (package_dir(node_modules, PACKAGE) / BUNDLE).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != UPSTREAM_SHA256:
        raise VendorError(E_("{file} is not the file clay-admin was checked against (SHA-256 "
                             "{digest}) — check PATCHES in clay_plugins/admin/vendor.py against "
                             "it and update UPSTREAM_SHA256",
                             file=f"{PACKAGE}/{BUNDLE}", digest=digest))
    text = raw.decode("utf-8")
    for patch in PATCHES:
        found = text.count(patch.old)
        if found != 1:
            raise VendorError(E_("{file}: the patch '{why}' matches {found} times instead of "
                                 "once — check PATCHES in clay_plugins/admin/vendor.py against "
                                 "the new bundle", file=f"{PACKAGE}/{BUNDLE}", why=patch.why,
                                 found=found))
        text = text.replace(patch.old, patch.new)
    # the source map is not published
    return text.replace("\n//# sourceMappingURL=sveltia-cms.js.map", "\n")


def install(node_modules: Path, target: Path) -> list[Path]:
    """Write the patched bundle and its files into `target` (the editor's folder of the built
    site), each a copy of its own. Returns the files written."""
    written = [target / "sveltia-cms.js"]
    target.mkdir(parents=True, exist_ok=True)
    written[0].write_text(patched_bundle(node_modules), "utf-8")
    for name, inside, where in FILES:
        source = package_dir(node_modules, name) / inside
        destination = target / where
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file() and not path.name.endswith(UNUSED):
                    written.append(_place(path, destination / path.relative_to(source)))
        elif source.is_file():
            written.append(_place(source, destination))
        else:
            raise VendorError(E_("{file} is missing from the npm package {name} — run `npm ci`",
                                 file=str(source), name=name))
    return written


def _place(source: Path, destination: Path) -> Path:
    # a regular file of its own (clay_plugins/published.py), never a hard link: a change to
    # the published copy must not change node_modules, nor the other way round (issue 26)
    destination.parent.mkdir(parents=True, exist_ok=True)
    published.write(destination, source.read_bytes())
    return destination
