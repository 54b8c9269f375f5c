"""The order's story, end to end: a packing, the reminders asking the buyer for the return
waybill (logged with their time, in the platform's language), a waybill supplied after the
parcel arrived, the return, its decision and its bundle — told in order by `timeline`, and
carried in the bundle."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from inspector.core.order_story import platform_language, reminder_message
from tests.helpers import pdf_text, run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
ORDER = "TB2026110200002"  # taobao, return requested, no waybill yet


def cli(data_dir: Path, *args: str, ok: bool = True):
    result = run_cli(*args, data_dir=data_dir)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


def test_the_reminder_is_in_the_platforms_language():
    assert platform_language("淘宝") == "zh_CN" and platform_language("Taobao") == "zh_CN"
    assert platform_language("amazon.de") == "en" and platform_language("shopee") == "en"
    zh = reminder_message("TB1", "lily_w", "zh_CN")
    assert "TB1" in zh and "lily_w" in zh and "退货快递单号" in zh
    en = reminder_message("AMZ-1", "", "en")
    assert "AMZ-1" in en and "dear customer" in en and "waybill" in en


@pytest.mark.e2e
def test_an_orders_story_from_packing_to_appeal(data_dir: Path, tmp_path: Path) -> None:
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv"))
    cli(
        data_dir, "pack", ORDER, "--serial", "BG-220=B12-XK", "--serial", "WT-9=MW-2001",
        "--source", "demo", "--width", "320", "--height", "240", "--seconds", "2",
    )  # fmt: skip
    asked = cli(data_dir, "expected-returns", "--remind", ORDER, "--json")
    reminder = json.loads(asked.stdout)
    assert reminder["language"] == "zh_CN" and ORDER in reminder["message"]
    assert reminder["earlier"] == 0
    again = json.loads(cli(data_dir, "expected-returns", "--remind", ORDER, "--json").stdout)
    assert again["earlier"] == 1 and again["at"] > reminder["at"]
    # An order whose buyer already gave the waybill is not asked again.
    refused = cli(data_dir, "expected-returns", "--remind", "TB2026110100001", ok=False)
    assert refused.returncode == 2 and "already has its return waybill" in refused.stderr

    rec = cli(
        data_dir, "record", "--order", ORDER, "--source", "demo", "--width", "320",
        "--height", "240", "--seconds", "1", "--json",
    )  # fmt: skip
    ident = str(json.loads(rec.stdout)["id"])
    # The waybill arrives in the next export, dated the day after the parcel arrived.
    tomorrow = date.today() + timedelta(days=1)
    later = tmp_path / "orders.csv"
    lines = (SAMPLE / "orders.csv").read_text(encoding="utf-8").splitlines()
    later.write_text(
        "\n".join(
            [lines[0]]
            + [
                ln.replace(",2026-11-12,,", f",2026-11-12,YT1234567890123,{tomorrow}")
                for ln in lines[1:]
                if ln.startswith(ORDER)
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    cli(data_dir, "orders", "import", str(later))
    cli(data_dir, "decide", ident, "dispute", "--yes")
    bundle = tmp_path / "b.zip"
    cli(data_dir, "export", ident, "--out", str(bundle))

    story = json.loads(cli(data_dir, "timeline", ORDER, "--json").stdout)
    kinds = [e["kind"] for e in story["entries"]]
    assert kinds == [
        "shipped",
        "return_requested",
        "packed",
        "reminded",
        "reminded",
        "returned",
        "decided",
        "appeal",
        "waybill_supplied",
    ]
    today = datetime.now().astimezone().strftime("%m-%d")
    assert story["summary"] == (
        f"asked on {today}; waybill supplied {tomorrow:%m-%d} after the parcel arrived {today}"
    )
    text = cli(data_dir, "timeline", ORDER).stdout
    assert "Packed on camera" in text and "Buyer asked for the return waybill" in text
    assert "Return waybill supplied  YT1234567890123" in text

    with zipfile.ZipFile(bundle) as zf:
        carried = json.loads(zf.read("inspection.json"))["order_story"]
        _, pdf = pdf_text(zf.read("report.pdf"))
        html = zf.read("index.html").decode("utf-8")
    # The bundle was made after the waybill arrived, so it tells the whole story.
    assert carried["summary"] == story["summary"]
    assert [e["label"] for e in carried["entries"]][:3] == [
        "Shipped",
        "Return requested",
        "Packed on camera",
    ]
    assert "The order's story" in pdf and 'id="order-story"' in html
