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
from clay_plugins.l10n import E_

# the dates the site's formats (calendar, feed, babel's long dates) can all hold
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(9999, 12, 30)
_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_TEXT: JSON = {"type": ["string", "number"]}  # a number is taken as its text


def text(*, max_length: int = 0, what: str = "") -> Value:
    """Text on one line or several, stripped; a number is taken as its text."""

    def parse(value: Any, check: Check) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            check.fail(E_("`{name}` must be text", name=check.name),
                       E_("write `{name}: …` on one line, in quotes if it contains `:` or `#`",
                          name=check.name))
        result = str(value).strip()
        if max_length and len(result) > max_length:
            check.fail(E_("the {value} has {count} characters, more than {max_length}",
                          value=what or check.name, count=len(result), max_length=max_length),
                       E_("shorten it to one or two sentences; "
                          "the text of the page says the rest"))
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
            check.fail(E_("`{name}` must be a whole number, {minimum} or more, not `{value}`",
                          name=check.name, minimum=minimum, value=value),
                       E_("write e.g. `{name}: {max}`", name=check.name,
                          max=max(minimum, example)))
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
            check.fail(E_("unknown {what} `{result}`", what=what or check.name, result=result),
                       E_("use one of: {ids}; new ones are declared {declared}",
                          ids=", ".join(ids) or E_("(none declared)"), declared=declared)
                       if declared else
                       E_("use one of: {ids}", ids=", ".join(ids) or E_("(none declared)")))
        return result

    return Value(parse, lambda settings: {"enum": ids_of(settings)},
                 choices=() if callable(known) else tuple(known))


def list_of(item: Value, *, example: str = "") -> Value:
    """A list (a single value counts as a list of one), each item parsed by `item`, without
    repeats; every bad item is reported."""

    def parse(value: Any, check: Check) -> list[Any]:
        items = value if isinstance(value, list) else [value]
        if isinstance(value, dict):
            check.fail(E_("`{name}` must be a list", name=check.name),
                       E_("write e.g. `{name}: [{value}]`", name=check.name, value=example or '…'))
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
        check.fail(E_("`{name}` must be a list of names", name=check.name),
                   E_("write one name per line, each starting with `- `"))
    return [x.strip() for x in items]


_NAME: JSON = {"type": "string", "pattern": r"\S"}
names = Value(_names, lambda settings: {"anyOf": [_NAME, {"type": "array", "items": _NAME}]},
              list)


def _calendar_date(value: Any, check: Check) -> dt.date:
    """`YYYY-MM-DD`, a day of the calendar between 1900-01-01 and 9999-12-30."""
    written = str(value).strip()
    fix = E_("write an existing date as year-month-day, e.g. `{name}: 2021-04-08`",
             name=check.name)
    m = _DATE.match(written)
    if not m or isinstance(value, bool | list | dict):
        check.fail(E_("`{name}` must be a date written `YYYY-MM-DD`, not `{written}`",
                      name=check.name, written=written), fix)
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        check.fail(E_("`{written}` is not a day of the calendar", written=written),
                   E_("check the day and the month (e.g. February has 28 or 29 days)"))
    if not FIRST_DAY <= day <= LAST_DAY:
        check.fail(E_("`{name}: {written}` is outside the dates the site's calendar and feeds can "
                      "hold ({FIRST_DAY} to {LAST_DAY})",
                      name=check.name, written=written, FIRST_DAY=FIRST_DAY,
                      LAST_DAY=LAST_DAY), fix)
    return day


# YAML reads an unquoted `2021-04-08` as a date; a text editor's YAML 1.2 reads it as text
calendar_date = Value(_calendar_date, lambda settings: {
    "type": "string", "format": "date", "pattern": _DATE.pattern}, dt.date.isoformat)
