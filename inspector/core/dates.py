"""One reader for every date the platforms export, with its time and time zone kept.

python-dateutil reads the forms (2026-11-03 15:02:41, 03/11/2026 15:02:41, Nov-03-26,
11/03/26, 3 Nov 2026 10:00 PM, 2026年11月3日, 03 Agu 2026, ISO with an offset). A date
whose day and month could be swapped (03/11/2026) is read in the file's order: the
layout's or the platform's (core/field_dictionary.py), else the order the file itself
shows in a date that cannot be swapped (25/11/2026); a file that shows neither is asked
about once (DateOrderNeeded), never guessed. A time without a zone is the desk's local
time; a zone or offset in the cell is kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from dateutil import parser as date_parser

from inspector.core.csvfiles import EARLIEST_YEAR, LATEST_YEAR, CellError, unwrap_cell
from inspector.core.errors import ValidationError
from inspector.core.field_dictionary import DateOrder

DATE_FORMS = "YYYY-MM-DD (or 2026-11-03 15:02:41, 03/11/2026 15:02:41, Nov-03-26, 3 Nov 2026 10:00)"
# d/m/y or m/d/y written with numbers only: the first two may be day and month either way.
_SWAPPABLE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\b")
_ISOISH = re.compile(r"^\d{4}-\d{2}-\d{2}")
# Numbers only (2026/11/03 15:02:41, 03/11/2026 15:02, 11.03.26): read without dateutil,
# which costs half a millisecond a cell — minutes on an export of unique times.
_NUMERIC = re.compile(
    r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
_CJK = str.maketrans({"年": "-", "月": "-", "日": " ", "时": ":", "分": ":", "秒": " "})
_FIRST = datetime(2001, 1, 1, 0, 0, 0)
_SECOND = datetime(2002, 2, 2, 1, 1, 1)
_HOUR = 3600
# Zone names the exports write; an abbreviation not listed is refused rather than dropped.
TZINFOS = {
    name: timezone(timedelta(seconds=int(hours * _HOUR)), name)
    for name, hours in {
        "UTC": 0,
        "GMT": 0,
        "PST": -8,
        "PDT": -7,
        "MST": -7,
        "MDT": -6,
        "EST": -5,
        "EDT": -4,
        "CET": 1,
        "CEST": 2,
        "BST": 1,
        "IST": 5.5,
        "WIB": 7,
        "WITA": 8,
        "WIT": 9,
        "ICT": 7,
        "SGT": 8,
        "MYT": 8,
        "PHT": 8,
        "HKT": 8,
        "JST": 9,
        "KST": 9,
        "AEST": 10,
        "AEDT": 11,
    }.items()
}


class _Words(date_parser.parserinfo):
    """Month names as the exports write them in English, Indonesian/Malay, Spanish, Portuguese."""

    MONTHS = [
        ("Jan", "January", "Januari", "ene", "enero", "janeiro"),
        ("Feb", "February", "Februari", "febrero", "fev", "fevereiro"),
        ("Mar", "March", "Maret", "marzo", "março", "marco"),
        ("Apr", "April", "abr", "abril"),
        ("May", "Mei", "mayo", "mai", "maio"),
        ("Jun", "June", "Juni", "junio", "junho"),
        ("Jul", "July", "Juli", "julio", "julho"),
        ("Aug", "August", "Agu", "Agt", "Agustus", "ago", "agosto"),
        ("Sep", "Sept", "September", "set", "septiembre", "setembro"),
        ("Oct", "October", "Okt", "Oktober", "oct", "octubre", "out", "outubro"),
        ("Nov", "November", "noviembre", "novembro"),
        ("Dec", "December", "Des", "Desember", "dic", "diciembre", "dez", "dezembro"),
    ]
    AMPM = [("am", "a", "上午", "sa"), ("pm", "p", "下午", "ch")]


_WORDS = _Words()


class AmbiguousDate(ValueError):
    """A date whose day and month could be swapped, in a file whose order is not known."""


class DateOrderNeeded(ValidationError):
    """The file's dates could be read day-first or month-first, and nothing in it tells."""

    def __init__(self, path: Path, line: int, column: str, cell: str) -> None:
        self.path, self.line, self.column, self.cell = Path(path), line, column, cell
        first, second = _SWAPPABLE.match(cell).groups()[:2]  # type: ignore[union-attr]
        super().__init__(
            f"{path}, line {line}, column {column!r}: dates like {cell.strip()!r} can be read as "
            f"day {first} month {second} or month {first} day {second}, and no date in the file "
            "settles it. Say which: --date-order DMY (day first) or --date-order MDY (month "
            "first); the import window asks the same."
        )


def swappable(cell: str) -> tuple[int, int] | None:
    """The first two numbers of a d/m/y or m/d/y date, or None when the cell is not one."""
    match = _SWAPPABLE.match(unicodedata.normalize("NFKC", cell))
    return (int(match.group(1)), int(match.group(2))) if match else None


def order_shown(cells: Iterable[str]) -> DateOrder | None:
    """The day/month order the first date that cannot be swapped shows (25/11 is DMY), or None."""
    for cell in cells:
        pair = swappable(cell)
        if pair is None:
            continue
        first, second = pair
        if first > 12 >= second:
            return DateOrder.DMY
        if second > 12 >= first:
            return DateOrder.MDY
    return None


def is_ambiguous(cell: str) -> bool:
    """True for 03/11/2026: both readings are dates, and different ones."""
    pair = swappable(cell)
    return pair is not None and pair[0] != pair[1] and max(pair) <= 12


def read_when(cell: str, order: DateOrder | None = None) -> tuple[date, datetime | None]:
    """A cell as (its date, its moment when it has a time); ValueError names what is wrong.

    AmbiguousDate (a ValueError) when the day and month could be swapped and `order` is None.
    """
    return _read(cell.strip(), order)


@lru_cache(maxsize=16384)
def _read(text: str, order: DateOrder | None) -> tuple[date, datetime | None]:
    if text.startswith(("=", "'")):
        text = unwrap_cell(text)
    text = unicodedata.normalize("NFKC", text).strip()
    result: tuple[date, datetime | None] | None = None
    if _ISOISH.match(text):  # the common case, and cheap
        try:
            if len(text) == 10:
                result = date.fromisoformat(text), None
            else:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
                moment = moment if moment.tzinfo else moment.astimezone()
                result = moment.date(), moment
        except ValueError:
            result = None
    if result is None:
        result = _by_numbers(text, order)
    if result is None:
        result = _by_dateutil(text, order)
    if not EARLIEST_YEAR <= result[0].year <= LATEST_YEAR:
        raise CellError(
            "{cell} is not a plausible date (years {first}–{last}); leave the cell empty when "
            "the date is not known",
            cell=repr(text),
            first=EARLIEST_YEAR,
            last=LATEST_YEAR,
        )
    return result


def _by_numbers(text: str, order: DateOrder | None) -> tuple[date, datetime | None] | None:
    """A date written in numbers only, in the file's order; None when it is not one."""
    match = _NUMERIC.match(text)
    if match is None:
        return None
    a, b, c, hh, mi, ss = match.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif len(a) <= 2 and len(c) in (2, 4):
        first, second = int(a), int(b)
        if first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        elif first == second:
            day = month = first
        elif order is None:
            raise AmbiguousDate(f"{text!r} could be read day-first or month-first")
        elif order == DateOrder.MDY:
            month, day = first, second
        else:
            day, month = first, second
        year = int(c) + (2000 if len(c) == 2 else 0)
    else:
        return None
    try:
        if hh is None:
            return date(year, month, day), None
        moment = datetime(year, month, day, int(hh), int(mi), int(ss or 0)).astimezone()
    except ValueError:
        return None  # dateutil says what is wrong with it
    return moment.date(), moment


def _by_dateutil(text: str, order: DateOrder | None) -> tuple[date, datetime | None]:
    if order is None and is_ambiguous(text):
        raise AmbiguousDate(f"{text!r} could be read day-first or month-first")
    cleaned = text.translate(_CJK).strip() if any(c in text for c in "年月日时分秒") else text
    options = {
        "dayfirst": order == DateOrder.DMY,
        "yearfirst": order == DateOrder.YMD,
        "parserinfo": _WORDS,
        "tzinfos": TZINFOS,
    }
    try:
        first = date_parser.parse(cleaned, default=_FIRST, **options)
        second = date_parser.parse(cleaned, default=_SECOND, **options)
    except (ValueError, OverflowError, date_parser.ParserError):
        raise CellError(
            "{cell} is not a date in the form {forms}", cell=repr(text), forms=DATE_FORMS
        ) from None
    if first.date() != second.date():
        # dateutil fills a missing day, month or year from its default: the cell lacks one.
        raise CellError(
            "{cell} is not a whole date (day, month and year) like {forms}",
            cell=repr(text),
            forms=DATE_FORMS,
        )
    if first.hour != second.hour:  # no hour in the cell: a date only
        return first.date(), None
    moment = first if first.tzinfo else first.astimezone()
    return first.date(), moment
