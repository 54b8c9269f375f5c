"""Tables as the platforms hand them out: CSV, tab-separated text and workbooks, read row by row.

A seller downloads an export and imports it as it is: a CSV in UTF-8 (with or without a
BOM) or in GB18030/GBK (what Excel on a Chinese Windows writes), tab-separated text
(Amazon's reports; Excel's "Unicode text" is UTF-16 with tabs), or an .xlsx/.xls workbook
(read with python-calamine). Rows come one at a time with the line a person sees in the
file or in the spreadsheet, so a 200,000-row export never sits in memory as a whole.
"""

from __future__ import annotations

import codecs
import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from inspector.core.errors import ValidationError

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
# Beyond this a number in a spreadsheet cell has lost digits (a double holds 15 exactly).
EXACT_DIGITS = 15
_SNIFF_BYTES = 64 * 1024
# Bounds that keep an import under 300 MB of memory whatever the file (benchmarks/imports.py
# measures the peak): a longer export is refused at once, before any reading, with what to do.
MAX_IMPORT_ROWS = 250_000
MAX_TEXT_BYTES = 200 * 1024 * 1024
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
# An old .xls is not compressed: its size is what its reader holds, near enough.
MAX_XLS_BYTES = 20 * 1024 * 1024
# A workbook is a zip: what its sheets expand to is what a reader holds. A file that claims,
# or turns out, to expand past this is refused (an "expanding workbook" costs seconds, not
# gigabytes).
MAX_WORKBOOK_EXPANDED = 40 * 1024 * 1024
# A workbook's sheet is held whole by its reader (python-calamine): fewer rows than a CSV.
MAX_WORKBOOK_ROWS = 100_000
csv.field_size_limit(16 * 1024 * 1024)  # a long item title never stops a whole import


@dataclass(frozen=True)
class TableFile:
    """How a file is to be read: a workbook, or text in this encoding with this delimiter."""

    path: Path
    kind: str  # "workbook" or "text"
    encoding: str = ""
    delimiter: str = ","

    @property
    def description(self) -> str:
        if self.kind == "workbook":
            return f"{self.path.suffix.lstrip('.').upper()} workbook"
        sep = "tab-separated" if self.delimiter == "\t" else "CSV"
        return f"{sep} text ({self.encoding})"


def open_table(path: Path) -> TableFile:
    """Look at a file and decide how to read it; refuse what is not a table."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except FileNotFoundError as exc:
        raise ValidationError(f"The file {path} does not exist.") from exc
    except OSError as exc:
        raise ValidationError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    size = path.stat().st_size
    if path.suffix.lower() in WORKBOOK_SUFFIXES or head[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        limit = MAX_XLS_BYTES if head[:4] == b"\xd0\xcf\x11\xe0" else MAX_WORKBOOK_BYTES
        if size > limit:
            raise ValidationError(_too_big(path, size, limit))
        if head[:4] == b"PK\x03\x04":
            check_workbook_expansion(path)
        return TableFile(path, "workbook")
    if size > MAX_TEXT_BYTES:
        raise ValidationError(_too_big(path, size, MAX_TEXT_BYTES))
    encoding = _text_encoding(path, head)
    sample = head.decode(encoding, errors="ignore") if encoding != "utf-16" else _utf16(head)
    return TableFile(path, "text", encoding, _delimiter(sample))


def _too_big(path: Path, size: int, limit: int) -> str:
    return (
        f"{path} is {size / 1e6:,.0f} MB; an import takes files up to {limit / 1e6:,.0f} MB "
        f"(about {MAX_IMPORT_ROWS:,} rows). Export a shorter period and import the files one "
        "after another."
    )


def check_workbook_expansion(path: Path) -> None:
    """Refuse a workbook whose parts expand past MAX_WORKBOOK_EXPANDED, by what they claim
    and by what they really inflate to (a zip can understate its sizes)."""
    import zipfile
    import zlib

    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
            claimed = sum(i.file_size for i in infos)
            if claimed > MAX_WORKBOOK_EXPANDED:
                raise ValidationError(_expands(path, claimed))
            total = 0
            for info in infos:
                with book.open(info) as part:
                    while chunk := part.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_WORKBOOK_EXPANDED:
                            raise ValidationError(_expands(path, total))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise ValidationError(
            f"{path} cannot be read as a workbook ({exc}); save it again as .xlsx, or as CSV."
        ) from exc


def _expands(path: Path, size: int) -> str:
    return (
        f"{path} expands to more than {size / 1e6:,.0f} MB when opened; an import takes "
        f"workbooks up to {MAX_WORKBOOK_EXPANDED / 1e6:,.0f} MB opened. Save it as CSV, or "
        "export a shorter period."
    )


def _utf16(head: bytes) -> str:
    return head[: len(head) // 2 * 2].decode("utf-16", errors="ignore")


def _text_encoding(path: Path, head: bytes) -> str:
    """UTF-16 by its BOM, UTF-8 when the whole file decodes as UTF-8, Shift_JIS (cp932)
    when its first lines are Japanese, else GB18030."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    # Decoding the whole file once, in chunks, settles it: a GBK file is rarely valid UTF-8
    # past its first Chinese character, and a UTF-8 file never needs GB18030.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _japanese(head):
        return "cp932"
    return "gb18030"  # a superset of GBK and GB2312: every byte sequence Excel writes


def _japanese(head: bytes) -> bool:
    """True for Shift_JIS text (Excel on a Japanese Windows, Rakuten's and GoQ's CSV).

    GB18030 decodes almost any bytes, so it cannot be tried first. Japanese headers hold
    kana (受注番号 is kanji, but お荷物伝票番号, 個数 beside it are not all); Chinese GBK
    text read as cp932 gives half-width katakana and kanji, almost never full-width kana,
    whose lead byte (0x82, 0x83) GBK gives only to rare characters.
    """
    try:
        text = head[:4096].decode("cp932")
    except UnicodeDecodeError:
        try:  # the sample may end inside a character
            text = head[:4095].decode("cp932")
        except UnicodeDecodeError:
            return False
    kana = sum(1 for ch in text if "\u3041" <= ch <= "\u30fe")
    return kana >= 4


def _delimiter(sample: str) -> str:
    """Tab when the first lines hold more tabs than commas (Amazon's reports, Excel's Unicode text)."""
    lines = [ln for ln in sample.splitlines()[:10] if ln.strip()]
    tabs = sum(ln.count("\t") for ln in lines)
    commas = sum(ln.count(",") for ln in lines)
    return "\t" if tabs > commas else ","


def iter_rows(table: TableFile) -> Iterator[tuple[int, list[str]]]:
    """Every row as (line, cells as text); blank rows included, so the line numbers are the file's."""
    if table.kind == "workbook":
        yield from _workbook_rows(table.path)
    else:
        yield from _text_rows(table)


def _text_rows(table: TableFile) -> Iterator[tuple[int, list[str]]]:
    try:
        fh = table.path.open(encoding=table.encoding, newline="", errors="strict")
    except OSError as exc:
        raise ValidationError(f"Cannot read {table.path}: {exc.strerror or exc}.") from exc
    with fh:
        reader = csv.reader(fh, delimiter=table.delimiter, strict=False)
        start = 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise ValidationError(
                f"{table.path}, line {start}: the file is not {table.encoding} text after all; "
                "save it as 'CSV UTF-8' and import it again."
            ) from exc
        except csv.Error as exc:
            raise ValidationError(
                f"{table.path}, line {reader.line_num}: the file is malformed ({exc})."
            ) from exc


def _workbook_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        sheet = book.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError) as exc:
        raise ValidationError(
            f"{path} cannot be read as a workbook ({exc}); save it again as .xlsx, or as CSV."
        ) from exc
    if sheet.height > MAX_WORKBOOK_ROWS + 20:  # the header and title rows above it
        raise ValidationError(
            f"{path} has {sheet.height:,} rows; a workbook is imported up to "
            f"{MAX_WORKBOOK_ROWS:,} rows. Save it as CSV (up to {MAX_IMPORT_ROWS:,} rows), "
            "or export a shorter period."
        )
    # calamine counts rows from the sheet's first row, so the index is the spreadsheet's row.
    for index, row in enumerate(sheet.iter_rows(), start=1):
        yield index, [workbook_cell(v) for v in row]


def workbook_cell(value: object) -> str:
    """A workbook cell as the text the seller sees in it.

    Whole numbers lose Excel's '.0'; a number too long to hold every digit is marked so
    the import refuses it where it is a code (the digits are gone, only the file's maker
    can bring them back).
    """
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            whole = int(value)
            text = str(whole)
            if len(text.lstrip("-")) > EXACT_DIGITS:
                return f"{value:.5E}"  # shown as Excel shows it; refused where a code is read
            return text
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def read_head(table: TableFile, rows: int = 30) -> list[tuple[int, list[str]]]:
    """The first rows of a table, for recognising its layout and for showing it."""
    out = []
    for line, cells in iter_rows(table):
        out.append((line, cells))
        if len(out) >= rows:
            break
    return out
