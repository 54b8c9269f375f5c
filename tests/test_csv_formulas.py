"""Every CSV the app writes keeps a formula as text (OWASP's CSV injection rule), read back with csv."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from inspector.core.catalog import ProductData
from inspector.core.csvfiles import neutralise_formula, restore_formula_guard
from inspector.services import browse
from inspector.services.evidence import export_batch, run_with_progress
from inspector.services.guided import export_products, import_products, list_products, save_product

ATTACKS = [
    '=HYPERLINK("http://evil.example/x","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def read_back(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("value", ATTACKS)
def test_a_formula_gets_a_leading_quote_and_comes_back_on_import(value):
    assert neutralise_formula(value) == "'" + value
    assert restore_formula_guard(neutralise_formula(value)) == value


@pytest.mark.parametrize("value", ["SF123", "订单-1", "a=b", "'quoted", "", "12.5"])
def test_harmless_text_is_written_as_it_is(value):
    assert neutralise_formula(value) == value
    assert restore_formula_guard(value) == value


def test_search_csv_export_neutralises_formulas(ctx, tmp_path):
    from inspector.core.models import Inspection, Operator

    with ctx.db.session() as s:
        op = Operator(name="=cmd|' /C calc'!A0")
        s.add(op)
        s.flush()
        s.add(Inspection(order_number="=1+2", courier_number="@SF1", operator_id=op.id))
    dest = tmp_path / "out.csv"
    list(browse.export_csv(ctx, dest))
    [row] = read_back(dest)
    assert row["order_number"] == "'=1+2"
    assert row["courier_number"] == "'@SF1"
    assert row["operator"] == "'=cmd|' /C calc'!A0"


def test_batch_summary_neutralises_formulas(ctx, tmp_path):
    summary = run_with_progress(export_batch(ctx, tmp_path / "batch", orders=['=HYPERLINK("x")']))
    [row] = read_back(summary)
    assert row["order_number"] == '\'=HYPERLINK("X")'
    assert row["result"] == "not found"


def test_product_export_neutralises_formulas_and_imports_back_unchanged(ctx, tmp_path):
    save_product(
        ctx,
        ProductData(sku="-SKU1", name='=HYPERLINK("http://x")', sticker="+86 hologram"),
    )
    out = tmp_path / "catalog.csv"
    export_products(ctx, out)
    [row] = read_back(out)
    assert row["sku"] == "'-SKU1"
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert row["sticker"] == "'+86 hologram"

    from inspector.services.context import AppContext

    other = AppContext.open(tmp_path / "other-desk")
    try:
        import_products(other, out)
        [product] = list_products(other)
        assert (product.sku, product.name, product.sticker) == (
            "-SKU1",
            '=HYPERLINK("http://x")',
            "+86 hologram",
        )
    finally:
        other.close()
