"""A content type of the tests' own, registered without touching clay_plugins/: notices, each a
title and a date (both languages' files have their own title; the body is the text), with an
optional photo beside the file and the action-plan chapters it concerns (a field that refers to
another type).

A site names this module in mkdocs.yml (`extra: content_types: [tests.notices_type]`) or in
`SiteSettings.types`; tests/test_declarations.py checks that the engine, `clay new`, the JSON
Schema and the build all take it from this declaration alone.
"""

from __future__ import annotations

import re

from clay_plugins.content.fields import calendar_date, list_of, one_line, whole
from clay_plugins.content.photos import photo
from clay_plugins.content.schema import ContentType, Field

TYPE = ContentType(
    prefix="notice", noun="notice", folder="notices",
    pattern=re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"),
    name_form="YYYY-MM-DD-<slug>.md",
    name_fix="rename it like `2024-05-01-office-closed.md`",
    fields=(
        Field("title", one_line, required=True, translatable=True, help="the title"),
        Field("date", calendar_date, required=True, example="date: 2024-05-01",
              help="the day of the notice, YYYY-MM-DD"),
        Field("image", photo, description="a photo, a file beside the notice"),
        Field("chapters", list_of(whole(minimum=1), example="1"), default=lambda s: [],
              refers="chapter", help="the numbers of the chapters it concerns"),
    ),
    stem="{date}-{slug}",
    order=lambda notice: (notice.date, notice.stem),
    placeholders={"ro": {"body": "Textul anunțului: scrieți-l aici."},
                  "en": {"body": "The notice's text: write it here."}},
)
