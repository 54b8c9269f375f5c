"""Reading and writing the store's CSV files, with errors that name the file, line and column.

Shared by the product catalog and the order import. A file is read whole and checked
before anything is written, so a bad file imports nothing.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from inspector.core.errors import StorageError, ValidationError

LIST_SEPARATOR = "|"
MAX_PROBLEMS_SHOWN = 12
# A documented-columns CSV (the product list) is read whole: a file this size holds about
# 100,000 products with their photos and serial rules, and its rows stay far under the
# 300 MB an import may use; a larger file is refused before a byte is read.
MAX_CSV_BYTES = 20 * 1024 * 1024
# A spreadsheet program runs a cell that begins with one of these as a formula (OWASP's
# "CSV injection"): =HYPERLINK(...) in a buyer's name must stay text when the file is opened.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


class CellError(ValueError):
    """A cell that cannot be read, said by a template (inspector/i18n/phrases.py) and its
    values, so the desk can show it in its own language."""

    def __init__(self, template: str, **values: object) -> None:
        self.template = template
        self.values = values
        super().__init__(template.format(**values))


@dataclass(frozen=True)
class CsvProblem:
    """One thing wrong in a CSV file, where a person can find it."""

    file: str
    line: int
    column: str
    message: str
    template: str = ""  # the message's phrase, when it has one (see in_language)
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def said(cls, file: str, line: int, column: str, template: str, **values: object) -> CsvProblem:
        """A problem worded by a phrase, shown in English or in the desk's language."""
        return cls(file, line, column, template.format(**values), template, tuple(values.items()))

    @classmethod
    def of(cls, file: str, line: int, column: str, error: ValueError) -> CsvProblem:
        """A problem from a cell's error (its phrase when it has one)."""
        if isinstance(error, CellError):
            return cls.said(file, line, column, error.template, **error.values)
        return cls(file, line, column, str(error))

    def __str__(self) -> str:
        return self.in_language("en")

    def in_language(self, language: str) -> str:
        """The problem as `FILE, line N, column 'X': what is wrong`, in the language."""
        from inspector.i18n.phrases import say

        message = (
            say(language, self.template, **dict(self.values)) if self.template else self.message
        )
        if self.column:
            return say(
                language,
                "{file}, line {line}, column '{column}': {message}",
                file=self.file,
                line=self.line,
                column=self.column,
                message=message,
            )
        return say(
            language,
            "{file}, line {line}: {message}",
            file=self.file,
            line=self.line,
            message=message,
        )


class CsvFileError(ValidationError):
    """A CSV file was refused; nothing of it was imported."""

    def __init__(self, path: Path, problems: Sequence[CsvProblem], language: str = "en") -> None:
        self.path = Path(path)
        self.problems = list(problems)
        super().__init__(self.text(language))

    def text(self, language: str) -> str:
        """The refusal with every problem (up to MAX_PROBLEMS_SHOWN), in the language."""
        from inspector.i18n.phrases import say

        shown = "\n  ".join(p.in_language(language) for p in self.problems[:MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - MAX_PROBLEMS_SHOWN
        tail = "\n  " + say(language, "… and {more} more", more=more) if more > 0 else ""
        head = say(
            language,
            "Nothing was imported from {path}; fix the file and import it again:",
            path=self.path,
        )
        return f"{head}\n  {shown}{tail}"

    def in_language(self, language: str) -> CsvFileError:
        """The same refusal, worded in the desk's language."""
        return CsvFileError(self.path, self.problems, language)


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
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            raise ValidationError(
                f"{path} is {size / 1e6:,.0f} MB; a product list is at most "
                f"{MAX_CSV_BYTES / 1e6:,.0f} MB (about 100,000 products). Check that this is "
                "the product list, or split it and import the parts one after another."
            )
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


# --- cells as spreadsheets leave them ------------------------------------------------------
#
# Exports opened and saved in a spreadsheet program come back with wrappers that keep a
# long number as text (="5118…", '5118…), with Excel's '.0' on whole numbers, with
# full-width digits typed in a Chinese input method, or with a number shortened to
# 5.11861E+18 whose last digits are gone. The wrappers are taken off; the lost digits
# cannot be brought back, so such a cell is refused with what to do.

MAX_QUANTITY = 100_000
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
_WRAPPED = re.compile(r'^="(.*)"$', re.DOTALL)
# A label before an order number: "No: 123", "No.123", and the "#" of "#3001" (Etsy's and
# Shopify's order numbers as their pages and packing slips show them; the number is what
# is typed and scanned).
_NO_PREFIX = re.compile(r"^(?:no\s*[:：.]\s*)?#?\s*(?=\w)", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$")
_WHOLE_WITH_ZERO = re.compile(r"^(\d+)\.0+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")
SCIENTIFIC_HELP = (
    "is a number in scientific notation: the spreadsheet dropped its last digits. Export "
    "the report again and import it without opening it in a spreadsheet, or format the "
    "column as Text (Format Cells → Text) before saving"
)


def unwrap_cell(cell: str) -> str:
    """A cell without the text wrappers spreadsheets add: ="…" and a leading apostrophe."""
    text = cell.strip()
    if not text or text[0] not in "='":
        return text
    match = _WRAPPED.match(text)
    if match:
        text = match.group(1).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text


def clean_code(cell: str, strip_number_prefix: bool = False) -> str:
    """An order number, waybill or SKU as a scanner reads it; ValueError names what is wrong.

    `strip_number_prefix` drops a 'No:' label or a '#' that some exports put before the number.
    """
    if cell.isascii() and cell.isalnum():  # most cells: nothing to take off
        return cell.upper()
    text = unwrap_cell(cell)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    if strip_number_prefix and (text[:2].lower() == "no" or text[:1] == "#"):
        text = _NO_PREFIX.sub("", text)
    if (bad := control_character(text)) is not None:
        raise CellError(
            "{cell} holds a control character (U+{code}); retype the code or export the file again",
            cell=repr(cell),
            code=f"{ord(bad):04X}",
        )
    if ("E" in text or "e" in text) and _SCIENTIFIC.match(text):
        raise CellError("{cell} " + SCIENTIFIC_HELP, cell=repr(cell.strip()))
    if "." in text:
        whole = _WHOLE_WITH_ZERO.match(text)
        if whole:
            text = whole.group(1)
    # The same as normalize_code() (NFKC is done above), spelt out: this runs per cell.
    return "".join(text.split()).upper()


def formula_like(code: str) -> bool:
    """True for a code a spreadsheet would run as a formula (=HYPERLINK(…), +CMD, @SUM(…), -2+3):
    flagged where it is entered, since no platform's code starts so."""
    return bool(code) and code[0] in "=+@" or (code[:1] == "-" and not code[1:].isalnum())


def control_character(text: str) -> str | None:
    """The first control or invisible formatting character in text, or None.

    ESC, NUL, CR, the right-to-left override U+202E, zero-width spaces: in a code they make
    two codes that look the same differ (or one print as another), and on a terminal ESC
    starts a command. Codes holding one are refused (typed, scanned, imported alike).
    """
    if text.isprintable():
        return None
    bad = _CONTROL.search(text)
    return bad.group() if bad else None


def strip_controls(text: str) -> str:
    """Free text (a note, a reason, a name) with control and invisible formatting characters
    removed; line breaks are kept, tabs become spaces. What the desk stores and shows."""
    if text.isprintable():
        return text
    lines = text.replace("\r\n", "\n").replace("\t", " ").split("\n")
    return "\n".join(_CONTROL.sub("", line) for line in lines)


def clean_text(cell: str, limit: int) -> str:
    """A name or a reason: wrappers and control characters removed, cut to `limit` characters."""
    text = unwrap_cell(cell)
    if text.isprintable() and "  " not in text:
        return text[:limit]
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


def parse_quantity(cell: str) -> int:
    """A quantity of 1 to MAX_QUANTITY ('2', '2.0', '２'); ValueError otherwise."""
    if cell.isascii() and cell.isdigit() and len(cell) < 7:
        quantity = int(cell)
        if 1 <= quantity <= MAX_QUANTITY:
            return quantity
    text = unicodedata.normalize("NFKC", unwrap_cell(cell))
    whole = _WHOLE_WITH_ZERO.match(text)
    if whole:
        text = whole.group(1)
    try:
        quantity = int(text)
    except ValueError:
        raise CellError("{cell} is not a whole number of 1 or more", cell=repr(cell)) from None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise CellError(
            "{cell} is not a quantity of 1 to {limit}; check the column is the quantity",
            cell=repr(cell),
            limit=f"{MAX_QUANTITY:,}",
        )
    return quantity
