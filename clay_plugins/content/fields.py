"""The value types of front-matter fields, shared by the content types (content/schema.py).

Each is a `Value`: a parser `(value, check) -> parsed value` that reports a bad value with
`check.fail` (at the key's line and column) or, for one bad item of a list, `check.note`; the
JSON Schema of what it accepts (the site publishes it under `schemas/`); and how the parsed
value is written in JSON.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from typing import Any

from clay_plugins.content.schema import JSON, Check, Invalid, Value

# the dates the site's formats (calendar, feed, babel's long dates) can all hold
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9999, 12, 30)
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TEXT: JSON = {"type": ["string", "number"]}  # a number is taken as its text


def text(*, max_length: int = 0, what: str = "") -> Value:
    """Text on one line or several, stripped; a number is taken as its text."""

    def parse(value: Any, check: Check) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            check.fail(f"`{check.name}` must be text",
                       f"write `{check.name}: …` on one line, in quotes if it contains `:` or `#`")
        result = str(value).strip()
        if max_length and len(result) > max_length:
            check.fail(f"the {what or check.name} has {len(result)} characters, more than "
                       f"{max_length}",
                       "shorten it to one or two sentences; the text of the page says the rest")
        return result

    return Value(parse, lambda settings: (
        {**_TEXT, "maxLength": max_length} if max_length else _TEXT))


def _one_line(value: Any, check: Check) -> str:
    """Text with its runs of spaces and line breaks made one space (titles, summaries)."""
    return " ".join(text()(value, check).split())


one_line = Value(_one_line, lambda settings: _TEXT)


def whole(*, minimum: int, example: int = 1) -> Value:
    def parse(value: Any, check: Check) -> int:
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isdigit():
            number = int(value.strip())
        if number is None or number < minimum:
            check.fail(f"`{check.name}` must be a whole number, {minimum} or more, not "
                       f"`{value}`", f"write e.g. `{check.name}: {max(minimum, example)}`")
        return number

    return Value(parse, lambda settings: {"anyOf": [
        {"type": "integer", "minimum": minimum}, {"type": "string", "pattern": r"^\s*[0-9]+\s*$"},
    ]}, option=int)


def choice(known: Iterable[str] | Callable[[Any], Iterable[str]], *, what: str = "",
           declared: str = "") -> Value:
    """One of the `known` ids (or of `known(settings)`)."""

    def ids_of(settings: Any) -> list[str]:
        return list(known(settings) if callable(known) else known)

    def parse(value: Any, check: Check) -> str:
        ids = ids_of(check.settings)
        result = str(value).strip()
        if isinstance(value, bool | list | dict) or result not in ids:
            check.fail(f"unknown {what or check.name} `{result}`",
                       f"use one of: {', '.join(ids) or '(none declared)'}"
                       + (f"; new ones are declared {declared}" if declared else ""))
        return result

    return Value(parse, lambda settings: {"enum": ids_of(settings)},
                 choices=() if callable(known) else tuple(known))


def list_of(item: Value, *, example: str = "") -> Value:
    """A list (a single value counts as a list of one), each item parsed by `item`, without
    repeats; every bad item is reported."""

    def parse(value: Any, check: Check) -> list[Any]:
        items = value if isinstance(value, list) else [value]
        if isinstance(value, dict):
            check.fail(f"`{check.name}` must be a list",
                       f"write e.g. `{check.name}: [{example or '…'}]`")
        result: list[Any] = []
        bad = False
        for i, raw in enumerate(items):
            try:
                parsed = item(raw, check.item(i) if isinstance(value, list) else check)
            except Invalid:
                bad = True
                continue
            if parsed not in result:
                result.append(parsed)
        if bad:
            raise Invalid
        return result

    def schema(settings: Any) -> JSON:
        one = item.schema(settings)
        return {"anyOf": [{"type": "array", "items": one}, one]}

    def option(words: str) -> list[Any]:
        """`a,b` on the command line."""
        return [item.option(word.strip()) for word in words.split(",") if word.strip()]

    return Value(parse, schema, lambda values: [item.dump(x) for x in values], option)


def _names(value: Any, check: Check) -> list[str]:
    """A list of names, one per line (a single name counts as a list of one)."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(
        isinstance(x, str) and x.strip() for x in items
    ):
        check.fail(f"`{check.name}` must be a list of names",
                   "write one name per line, each starting with `- `")
    return [x.strip() for x in items]


_NAME: JSON = {"type": "string", "pattern": r"\S"}
names = Value(_names, lambda settings: {"anyOf": [_NAME, {"type": "array", "items": _NAME}]},
              list)


def _calendar_date(value: Any, check: Check) -> dt.date:
    """`YYYY-MM-DD`, a day of the calendar between 1900-01-01 and 9999-12-30."""
    written = str(value).strip()
    fix = f"write an existing date as year-month-day, e.g. `{check.name}: 2021-04-08`"
    m = _DATE.match(written)
    if not m or isinstance(value, bool | list | dict):
        check.fail(f"`{check.name}` must be a date written `YYYY-MM-DD`, not `{written}`", fix)
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        check.fail(f"`{written}` is not a day of the calendar",
                   "check the day and the month (e.g. February has 28 or 29 days)")
    if not FIRST_DAY <= day <= LAST_DAY:
        check.fail(f"`{check.name}: {written}` is outside the dates the site's calendar and "
                   f"feeds can hold ({FIRST_DAY} to {LAST_DAY})", fix)
    return day


# YAML reads an unquoted `2021-04-08` as a date; a text editor's YAML 1.2 reads it as text
calendar_date = Value(_calendar_date, lambda settings: {
    "type": "string", "format": "date", "pattern": _DATE.pattern}, dt.date.isoformat)
