"""Which files of docs/ the site publishes, and how its pages may be named.

MkDocs copies every file of docs/ that is not a page into the site as it is: a photo with the
place where it was taken, a drawing with a script, an HTML page that runs on the site's own
origin. Here every file gets a rule, applied during the one walk of docs/ (content/pages.py),
so that the build and `clay check` say the same (both call `site.load_content`):

- a page (`.md`) is named `<name>.md` or `<name>.<language>.md`, the name being lower-case
  letters and digits joined by single dashes or underscores (`PAGE_NAME`); the content types
  add their own pattern (a report is `YYYY-MM-DD-<slug>`, their declarations in
  content/meeting.py and content/chapter.py);
- an image (`PHOTO_SUFFIXES`; `.jfif` and `.jpe` are JPEG) is a photo: it is read by
  content/photos.py, whether a page shows it, links to it or not, and the site publishes only
  copies of it made without any metadata (clay_plugins/pictures.py), never the file itself;
- a drawing (`.svg`) is published as it is only when an XML parse finds nothing in it that runs
  or loads something (`svg_problem`);
- a document (`DOCUMENT_SUFFIXES`) is published as it is;
- a stylesheet, script or icon is published only when mkdocs.yml names it (`extra_css`,
  `extra_javascript`, the theme's `logo` and `favicon`), and fonts (`FONT_SUFFIXES`) as they
  are; `CNAME` and `robots.txt` at the top of docs/ as they are;
- any other file (`.html` included) is refused, and so is a file at an address the plugins
  generate (`reserved`).

Pure Python, no MkDocs import.

Finding codes given here:

- `file.name` (error): a page's file name does not follow the rule above (`a..md`, `-a.md`,
  `A b.md`, …): under such a name it would be published at an address no list links. In a
  content type's folder the type's declaration applies the rule (content/schema.py), with its
  own code (`meeting.filename`, `chapter.filename`).
- `file.type` (error): a file of a type the site does not publish (`.html`, `.exe`, …).
- `file.generated` (error): the file takes the address of something the plugins generate.
- `file.svg` (error): a drawing with a script, an event handler, a `foreignObject`, an external
  reference, or that is not well-formed XML.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Mapping, Sequence
from xml.etree import ElementTree

from clay_plugins.l10n import E_

# What content/photos.py reads and clay_plugins/pictures.py publishes as copies (by the file's
# suffix, compared without case; the content is then checked by Pillow: a GIF, a TIFF or a file
# that is no image is refused there, whatever its name).
JPEG_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".jpe")
PHOTO_SUFFIXES = (*JPEG_SUFFIXES, ".png", ".webp", ".heic", ".heif", ".gif", ".tif", ".tiff",
                  ".bmp", ".avif")
SVG_SUFFIX = ".svg"
# Documents offered for download, published as they are (their own metadata is the author's
# responsibility: the guides say so).
DOCUMENT_SUFFIXES = (".pdf", ".odt", ".ods", ".odp", ".docx", ".xlsx", ".pptx", ".csv", ".txt")
# The site's own files: published when mkdocs.yml names them (fonts whatever their name: a
# stylesheet named there loads them)
ASSET_SUFFIXES = (".css", ".js", ".ico")
FONT_SUFFIXES = (".woff2", ".woff")
# Files a static host reads at the top of the site
TOP_FILES = ("CNAME", "robots.txt")

# the allowlist, as the `file.type` finding says it
ALLOWED = (E_("the site publishes pages (.md), pictures (.jpg, .png, .webp, .heic; published as "
              "copies without metadata), drawings (.svg), documents (.pdf, .odt, .ods, .odp, "
              ".docx, .xlsx, .pptx, .csv, .txt) and the stylesheets, scripts and icon mkdocs.yml "
              "names"))

# a page's name, before `.<language>.md` / `.md`
PAGE_NAME = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?")

# What the plugins generate, relative to the site's root (and to each language's folder)
GENERATED_FILES = ("sitemap.xml", "sitemap.xml.gz", "404.html", "search.html")
GENERATED_FOLDERS = ("pagefind", "schemas", "admin")

# SVG: the elements and attributes that run or load something
_SVG_ACTIVE = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_SVG_ANIMATION = {"set", "animate", "animatetransform", "animatemotion"}
_REFERENCE_ATTRIBUTES = {"href", "src"}
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)|@import", re.IGNORECASE)
MAX_SVG_BYTES = 2_000_000


def page_name_problem(name: str, languages: Sequence[str], *,
                      check_language: bool) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) for a page's file name, or None when it is good.

    `check_language`: whether a language suffix must be one of `languages` (in a content
    type's folder the type's declaration says that, with its own code)."""
    base = name.removesuffix(".md")
    parts = base.split(".")
    stem = parts[0]
    good_stem = PAGE_NAME.fullmatch(stem) is not None
    suggestion = "-".join(re.findall(r"[a-z0-9]+", stem.lower())) or "page"
    if len(parts) > 2 or any(not p for p in parts) or not good_stem:
        return (E_("the file name `{name}` is not `<name>.md` or `<name>.<language>.md` with a "
                   "name of lower-case letters and digits joined by single dashes (no `..`, no "
                   "dot, dash or space at its start or end)", name=name),
                E_("rename it to `{suggestion}.md`{value}",
                   suggestion=suggestion,
                   value=E_(" (or `{suggestion}.{lang}.md` for a translation)",
                            suggestion=suggestion, lang=parts[-1])
                   if len(parts) > 1 and _LANGUAGE.fullmatch(parts[-1]) else ""))
    if len(parts) == 2:
        lang = parts[1]
        if not _LANGUAGE.fullmatch(lang) or (check_language and lang not in languages[1:]):
            others = ", ".join(f"`.{x}.md`" for x in languages[1:]) or E_("none")
            return (E_("`.{lang}.md` is not a language of this site", lang=lang),
                    E_("rename it to `{stem}.md`, or end a translation in one of: {others}",
                       stem=stem, others=others))
    return None


def reserved(src_uri: str, languages: Sequence[str],
             written: Mapping[str, Sequence[str]] | None = None,
             search_folder: str = "pagefind") -> bool:
    """Whether `src_uri` (relative to docs/) is an address the plugins generate: `written`
    gives the files the content types' plugins write into their folders, by folder (their
    declared `files`; `*.ics`: every name with that suffix)."""
    parts = src_uri.split("/")
    if len(parts) > 1 and (parts[0] in (*GENERATED_FOLDERS, search_folder)
                           or parts[0] in languages[1:]):
        return True
    if src_uri in GENERATED_FILES:
        return True
    folder, name = posixpath.split(src_uri)
    names = (written or {}).get(folder, ())
    return name in names or any(name.lower().endswith(n[1:]) for n in names
                                if n.startswith("*"))


def kind(src_uri: str, site_files: Collection[str]) -> str | None:
    """What a file of docs/ (not a page) is: `photo`, `svg`, `document`, `asset`, or None when
    the site does not publish its type."""
    lower = src_uri.lower()
    if lower.endswith(PHOTO_SUFFIXES):
        return "photo"
    if lower.endswith(SVG_SUFFIX):
        return "svg"
    if lower.endswith(DOCUMENT_SUFFIXES) or src_uri in TOP_FILES:
        return "document"
    if lower.endswith(FONT_SUFFIXES) or (lower.endswith(ASSET_SUFFIXES)
                                         and src_uri in site_files):
        return "asset"
    return None


def type_fix(src_uri: str) -> str:
    """How to publish a file of a type the site refuses."""
    lower = src_uri.lower()
    if lower.endswith((".html", ".htm", ".xhtml")):
        return E_("write the page in Markdown (`.md`), or offer the document as a PDF")
    if lower.endswith(ASSET_SUFFIXES):
        return (E_("name it in mkdocs.yml (`extra_css`, `extra_javascript`, or the theme's "
                   "`favicon`), or delete it"))
    return (E_("delete it, or offer it as a PDF (documents), JPEG, PNG or WebP (pictures) or SVG "
               "(drawings)"))


def svg_problem(data: bytes) -> str | None:
    """What makes a drawing unsafe to publish as it is, or None. An SVG opened on the site's
    own address runs its scripts there: it is read with defusedxml (no entity, no DTD: no
    billion laughs, no external entity) and refused if any element runs or loads something."""
    import defusedxml.ElementTree as SafeTree
    from defusedxml import DefusedXmlException

    if len(data) > MAX_SVG_BYTES:
        return E_("the drawing has {count:,} bytes, more than {MAX_SVG_BYTES:,}",
                  count=len(data), MAX_SVG_BYTES=MAX_SVG_BYTES)
    builder = _Builder()
    try:
        parser = SafeTree.DefusedXMLParser(target=builder, forbid_dtd=True,
                                           forbid_entities=True, forbid_external=True)
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException:
        return E_("the drawing declares a document type or entities")
    except (ElementTree.ParseError, ValueError) as exc:
        return E_("the drawing is not well-formed XML ({exc})", exc=exc)
    if builder.instructions:
        return (E_("the drawing has a processing instruction (`<?{instructions} …?>`, e.g. an "
                   "external stylesheet)", instructions=builder.instructions[0]))
    if _local(root.tag) != "svg":
        return E_("the file is not an SVG drawing (its root element is not <svg>)")
    for element in root.iter():
        tag = _local(element.tag)
        if tag in _SVG_ACTIVE:
            return E_("the drawing has a <{tag}> element, which runs or loads code", tag=tag)
        if tag == "style" and _external_css(element.text or ""):
            return E_("the drawing's stylesheet loads something from elsewhere")
        for raw_name, value in element.attrib.items():
            name = _local(raw_name)
            if name.startswith("on"):
                return E_("the drawing has an event handler (`{name}` on <{tag}>)",
                          name=name, tag=tag)
            if name in _REFERENCE_ATTRIBUTES and not value.strip().startswith("#"):
                return E_('the drawing refers to something outside it (`{name}="{value}"`)',
                          name=name, value=value[:60])
            if name == "style" and _external_css(value):
                return E_("the drawing's style on <{tag}> loads something from elsewhere", tag=tag)
            if tag in _SVG_ANIMATION and name == "attributename" and (
                    _local(value).lower() in _REFERENCE_ATTRIBUTES
                    or value.lower().startswith("on")):
                return E_("the drawing's <{tag}> changes a link or an event handler", tag=tag)
    return None


class _Builder(ElementTree.TreeBuilder):
    """The tree of a drawing, and the targets of its processing instructions (`<?xml-stylesheet
    …?>`, before the root element too, where the tree does not keep them)."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, data: str | None = None) -> ElementTree.Element:
        self.instructions.append(target)
        return super().pi(target, data)


def _local(name: str) -> str:
    """An XML name without its namespace (`{http://www.w3.org/2000/svg}svg` -> `svg`)."""
    return name.rpartition("}")[2].rpartition(":")[2].lower()


def _external_css(css: str) -> bool:
    """Whether CSS imports or loads something that is not a part of the same drawing."""
    return any(m.group(1) is None or not m.group(1).startswith("#")
               for m in _CSS_URL.finditer(css))
