"""Reading and writing the store's CSV files, with errors that name the file, line and column.

Shared by the product catalog and the order import. A file is read whole and checked
before anything is written, so a bad file imports nothing.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from inspector.core.errors import StorageError, ValidationError

LIST_SEPARATOR = "|"
MAX_PROBLEMS_SHOWN = 12
# A spreadsheet program runs a cell that begins with one of these as a formula (OWASP's
# "CSV injection"): =HYPERLINK(...) in a buyer's name must stay text when the file is opened.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong in a CSV file, where a person can find it."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


class CsvFileError(ValidationError):
    """A CSV file was refused; nothing of it was imported."""

    def __init__(self, path: Path, problems: Sequence[CsvProblem]) -> None:
        self.path = Path(path)
        self.problems = list(problems)
        shown = "\n  ".join(str(p) for p in self.problems[:MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - MAX_PROBLEMS_SHOWN
        tail = f"\n  … and {more} more" if more > 0 else ""
        super().__init__(
            f"Nothing was imported from {self.path}; fix the file and import it again:\n  {shown}{tail}"
        )


@dataclass(frozen=True)
class CsvRow:
    """A data row: its cells by column name (stripped) and the line it starts on."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")


def read_csv(path: Path, columns: Sequence[str], required: Sequence[str]) -> list[CsvRow]:
    """Read a UTF-8 CSV whose header holds the documented columns; refuse missing or unknown ones."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise ValidationError(f"The file {path} does not exist.") from exc
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    except UnicodeDecodeError as exc:
        raise CsvFileError(
            path,
            [
                CsvProblem(
                    name,
                    text_line_of_offset(path, exc.start),
                    "",
                    "the file is not UTF-8 text; save it as 'CSV UTF-8' and import again",
                )
            ],
        ) from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise CsvFileError(path, [CsvProblem(name, reader.line_num, "", str(exc))]) from exc
    if header is None:
        raise CsvFileError(
            path, [CsvProblem(name, 1, "", "the file is empty; it needs a header row")]
        )
    header = [h.strip().lower() for h in header]
    problems = []
    for col in required:
        if col not in header:
            problems.append(CsvProblem(name, 1, col, "this column is missing from the header row"))
    seen: set[str] = set()
    for col in header:
        if col and col not in columns:
            problems.append(
                CsvProblem(name, 1, col, f"unknown column; the columns are: {', '.join(columns)}")
            )
        if col in seen:
            problems.append(CsvProblem(name, 1, col, "this column appears twice"))
        seen.add(col)
    if problems:
        raise CsvFileError(path, problems)
    rows = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
                    problems.append(
                        CsvProblem(
                            name,
                            start,
                            "",
                            f"the row has {len(cells)} cells but the header has {len(header)}",
                        )
                    )
                values = {
                    col: (restore_formula_guard(cells[i].strip()) if i < len(cells) else "")
                    for i, col in enumerate(header)
                    if col
                }
                rows.append(CsvRow(start, values))
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.append(CsvProblem(name, reader.line_num, "", f"the CSV is malformed: {exc}"))
    if problems:
        raise CsvFileError(path, problems)
    return rows


def neutralise_formula(value: object) -> str:
    """A cell's text that a spreadsheet shows as written: a leading quote before a formula trigger.

    The OWASP rule: a cell beginning with =, +, -, @, tab or carriage return gets a single
    quote in front, which Excel, WPS and LibreOffice take as "this is text" and do not show.
    """
    text = "" if value is None else str(value)
    return FORMULA_GUARD + text if text.startswith(FORMULA_TRIGGERS) else text


def restore_formula_guard(cell: str) -> str:
    """The value a neutralised cell stood for, so a file we exported imports again as it was."""
    if cell.startswith(FORMULA_GUARD) and cell[1:].startswith(FORMULA_TRIGGERS):
        return cell[1:]
    return cell


class SafeCsvWriter:
    """csv.writer whose every cell (header included) is neutralised: every CSV the app writes."""

    def __init__(self, fh: TextIO) -> None:
        self._writer = csv.writer(fh)

    def writerow(self, cells: Iterable[object]) -> None:
        self._writer.writerow([neutralise_formula(c) for c in cells])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def text_line_of_offset(path: Path, offset: int) -> int:
    """The 1-based line holding a byte offset, to point at an encoding error."""
    try:
        return path.read_bytes()[:offset].count(b"\n") + 1
    except OSError:
        return 1


def split_list(cell: str) -> list[str]:
    """A list cell ('a | b | c') as its non-empty items."""
    return [item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip()]


def join_list(items: Iterable[str]) -> str:
    return f" {LIST_SEPARATOR} ".join(items)


def parse_date(cell: str) -> date:
    """An ISO date, YYYY-MM-DD; ValueError with a plain message otherwise."""
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{cell!r} is not a date in the form YYYY-MM-DD") from None


def parse_date_or_time(cell: str) -> tuple[date, datetime | None]:
    """An ISO date, or an ISO date and time (with offset; without one it is the station's local time)."""
    if len(cell) <= 10:
        return parse_date(cell), None
    try:
        moment = datetime.fromisoformat(cell)
    except ValueError:
        raise ValueError(
            f"{cell!r} is neither a date (YYYY-MM-DD) nor a date and time (YYYY-MM-DDTHH:MM+08:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.date(), moment


def write_csv_atomic(path: Path, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a UTF-8 CSV (with a BOM so spreadsheet programs read it as UTF-8) in one step."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StorageError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = SafeCsvWriter(fh)
            writer.writerow(columns)
            writer.writerows(rows)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StorageError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
