"""End to end through the CLI in subprocesses: an order packed on camera with its serial,
its return read with another serial → a finding that drives the recommendation; the right
serial → no finding; a return of an order never packed works as before. Videos decoded
with PyAV; the packing sealed like any inspection (verify --all catches an edit)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.helpers import decode, run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
ORDER, COURIER = "TB2026110100001", "SF1234567890"  # taobao: TS-001 shipped AC-000123
AMAZON = "AMZ-113-4567890-1234567"  # WT-9 shipped MW-2002
SMALL = ("--source", "demo", "--width", "320", "--height", "240")


def cli(data_dir: Path, *args: str, ok: bool = True):
    result = run_cli(*args, data_dir=data_dir)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


def _setup(data_dir: Path) -> None:
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv"))


def _pack(data_dir: Path, order: str, *items: str, seconds: str = "3") -> dict:
    out = cli(data_dir, "pack", order, *items, *SMALL, "--seconds", seconds, "--json").stdout
    return json.loads(out)


def _return(data_dir: Path, order: str, courier: str = "") -> str:
    args = ["record", "--order", order, "--seconds", "2", *SMALL, "--json"]
    if courier:
        args += ["--courier", courier]
    return str(json.loads(cli(data_dir, *args).stdout)["id"])


@pytest.mark.e2e
def test_packed_one_serial_returned_another(data_dir: Path) -> None:
    _setup(data_dir)
    packing = _pack(
        data_dir, ORDER, "--waybill", "SF0000000001", "--serial", "TS-001=AC-000123", seconds="3"
    )
    assert packing["kind"] == "packing" and packing["status"] == "completed"
    assert packing["courier"] == "SF0000000001"
    assert [(i["sku"], i["serial"]) for i in packing["items"]] == [("TS-001", "AC-000123")]
    assert packing["problems"] == []
    # The item's second in the video lies inside the packing video, a real H.264 file.
    video = decode(Path(packing["video_path"]))
    assert video.codec == "h264" and video.frames >= 60
    assert 0 < packing["items"][0]["video_offset_s"] <= video.duration_s

    ident = _return(data_dir, ORDER, COURIER)
    said = cli(data_dir, "inspect", ident, "--returned-serial", "TS-001=AC-000555").stdout
    assert "SKU TS-001: packed AC-000123, returned AC-000555" in said

    shown = json.loads(cli(data_dir, "show", ident, "--json").stdout)
    assert shown["packing"]["id"] == packing["id"]
    assert shown["packing"]["time"] == packing["started_at"]
    assert shown["packing"]["video"] == packing["video_path"]
    (finding,) = shown["findings"]
    assert finding["packed_serials"] == ["AC-000123"] and finding["returned_serial"] == "AC-000555"
    assert finding["source"] == "packing" and finding["decisive"] is True
    assert finding["packed_offset_s"] == packing["items"][0]["video_offset_s"]
    # Decisive with every step still open: Taobao refuses a parcel that is not ours.
    rec = shown["recommendation"]
    assert rec["outcome"] == "reject" and rec["decisive"] is True
    assert rec["unanswered_identity"], "identity steps are still open"
    assert "Not our item: SKU TS-001: packed AC-000123, returned AC-000555" in rec["reasons"][0]
    # … and deciding it needs no --yes: the packing settled identity.
    decided = json.loads(cli(data_dir, "decide", ident, "reject", "--json").stdout)
    assert decided["decision"] == "reject" and decided["recommended_decision"] == "reject"

    # The packing is sealed like an inspection: both records verify, an edit to a packed
    # serial shows.
    assert cli(data_dir, "verify", "--all").returncode == 0
    with sqlite3.connect(data_dir / "inspector.db") as db:
        db.execute("UPDATE item_scan SET serial = 'AC-000555' WHERE role = 'packed'")
    report = cli(data_dir, "verify", "--all", ok=False)
    assert report.returncode != 0 and f"{packing['id']}" in report.stdout + report.stderr


@pytest.mark.e2e
def test_packed_and_returned_the_same_serial_has_no_finding(data_dir: Path) -> None:
    _setup(data_dir)
    _pack(data_dir, AMAZON, "--serial", "WT-9=MW-2002", seconds="2")
    ident = _return(data_dir, AMAZON)
    said = cli(data_dir, "inspect", ident, "--returned-serial", "WT-9=mw-2002").stdout
    assert "SKU WT-9: returned MW-2002, as packed" in said
    shown = json.loads(cli(data_dir, "show", ident, "--json").stdout)
    assert shown["packing"] is not None and shown["findings"] == []
    assert shown["returned_items"][0]["serial"] == "MW-2002"
    assert shown["recommendation"]["outcome"] == "pending"  # the checklist decides, as before


@pytest.mark.e2e
def test_a_swap_on_amazon_is_a_dispute_and_an_unpacked_order_works_as_before(
    data_dir: Path,
) -> None:
    _setup(data_dir)
    _pack(data_dir, AMAZON, "--serial", "WT-9=MW-2002", seconds="2")
    ident = _return(data_dir, AMAZON)
    cli(data_dir, "inspect", ident, "--returned-serial", "WT-9=MW-3999")
    rec = json.loads(cli(data_dir, "show", ident, "--json").stdout)["recommendation"]
    assert rec["outcome"] == "dispute" and rec["decisive"]  # Amazon: never refuse

    # An order never packed: no packing, the checklist as before; a returned serial is
    # compared with the export's, and weighs less (waits for the identity steps).
    other = _return(data_dir, ORDER, COURIER)
    shown = json.loads(cli(data_dir, "show", other, "--json").stdout)
    assert shown["packing"] is None and shown["findings"] == []
    assert [s["key"] for s in shown["steps"]][:4] == ["seal", "waybill", "sides", "1.sku"]
    said = cli(data_dir, "inspect", other, "--returned-serial", "TS-001=AC-000555").stdout
    assert "shipped (from the platform) AC-000123, returned AC-000555" in said
    shown = json.loads(cli(data_dir, "show", other, "--json").stdout)
    assert shown["findings"][0]["source"] == "export"
    assert shown["recommendation"]["outcome"] == "pending"
    cli(
        data_dir, "inspect", other, "--at", "1",
        "--answer", "1.sku=pass", "--answer", "1.sticker=pass", "--answer", "1.mark1=pass",
    )  # fmt: skip
    rec = json.loads(cli(data_dir, "show", other, "--json").stdout)["recommendation"]
    assert rec["outcome"] == "dispute" and not rec["decisive"]  # never a refusal on an export


@pytest.mark.e2e
def test_the_box_is_checked_against_the_order_at_once(data_dir: Path) -> None:
    _setup(data_dir)
    out = cli(
        data_dir, "pack", "TB2026110200002", "--serial", "BG-220=B12-XK",
        "--serial", "TS-001=AC-000200", "--item", "BG-220", *SMALL, "--seconds", "3",
    )  # fmt: skip
    assert "Wrong item: SKU TS-001 is not in this order" in out.stderr  # said at the scan
    assert "Extra item: SKU BG-220 scanned 2 times, the order has 1" in out.stdout
    assert "Missing item: SKU WT-9 packed 0 of 1" in out.stdout  # said at the end
    bad = cli(data_dir, "pack", ORDER, "--serial", "TS-001", *SMALL, "--seconds", "1", ok=False)
    assert bad.returncode == 2 and "write SKU=SERIAL" in bad.stderr
    wrong = cli(data_dir, "inspect", "1", "--returned-serial", "TS-001=X", ok=False)
    assert wrong.returncode != 0 and "not a return inspection" in wrong.stderr
