"""End to end: import the catalog and orders, record, answer the checklist, decide, show — all
through the CLI in a subprocess; and bookmarks taken while recording line up with the video."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from tests.helpers import decode, run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
ORDER, COURIER = "TB2026110100001", "SF1234567890"


def cli(data_dir: Path, *args: str, ok: bool = True):
    result = run_cli(*args, data_dir=data_dir)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


@pytest.mark.e2e
def test_order_scan_to_stored_decision(data_dir: Path, tmp_path: Path) -> None:
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    out = cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv")).stdout
    assert "Orders CSV: 4 orders created" in out
    lookup = json.loads(cli(data_dir, "lookup", COURIER, "--json").stdout)
    assert lookup["order_number"] == ORDER and lookup["matched_by"] == "courier"

    rec = cli(
        data_dir,
        "record",
        "--order", ORDER,
        "--courier", COURIER,
        "--source", "demo",
        "--seconds", "3",
        "--width", "320",
        "--height", "240",
        "--json",
    )  # fmt: skip
    recorded = json.loads(rec.stdout)
    ident = str(recorded["id"])

    steps = json.loads(cli(data_dir, "inspect", ident, "--json").stdout)
    keys = [s["key"] for s in steps]
    assert keys[:4] == ["seal", "waybill", "sides", "1.sku"]
    assert {"1.sticker", "1.mark1", "1.acc1", "1.damage"} <= set(keys)
    assert all(s["result"] is None for s in steps)

    photo = tmp_path / "cable.png"
    cv2.imwrite(str(photo), np.full((60, 80, 3), 90, np.uint8))
    cli(
        data_dir, "inspect", ident, "--at", "0.5",
        "--answer", "seal=pass", "--answer", "waybill=pass", "--answer", "sides=pass",
    )  # fmt: skip
    cli(
        data_dir, "inspect", ident, "--at", "1.5",
        "--answer", "1.sku=pass",
        "--answer", "1.sticker=pass", "--value", "1.sticker=ac-000123",
        "--answer", "1.mark1=pass",
    )  # fmt: skip
    # Deciding with steps open but identity answered: the rules still wait; no question asked.
    cli(
        data_dir, "inspect", ident, "--at", "2.5",
        "--answer", "1.pack1=pass", "--answer", "1.pack2=na",
        "--answer", "1.acc1=fail:no USB-C cable in the box", "--photo", f"1.acc1={photo}",
        "--answer", "1.acc2=pass", "--answer", "1.damage=pass",
    )  # fmt: skip

    # The rules say reject (incomplete, on Taobao); signing instead needs a written reason.
    refused = cli(data_dir, "decide", ident, "sign", ok=False)
    assert refused.returncode == 2
    assert "recommend reject; to sign instead, write the reason" in refused.stderr
    decided = cli(data_dir, "decide", ident, "reject", "--operator", "Li Na").stdout
    assert (
        "Decision: REJECT" in decided and "Incomplete: Accessory included: USB-C cable" in decided
    )

    shown = json.loads(cli(data_dir, "show", ident, "--json").stdout)
    assert shown["decision"] == "reject" and shown["recommended_decision"] == "reject"
    assert shown["decided_by"] == "Li Na" and shown["decided_at"]
    assert shown["override_reason"] == ""
    assert shown["decision_reasons"] == [
        "Incomplete: Accessory included: USB-C cable — no USB-C cable in the box → reject the parcel on Taobao"
    ]
    assert shown["policy"]["platform"] == "taobao"
    assert shown["courier_supplied_late"] is False and shown["courier_timing"] == "before_arrival"
    assert shown["order"]["lines"][0]["serials"] == ["AC-000123"]
    by_key = {s["key"]: s for s in shown["steps"]}
    assert (
        by_key["1.sticker"]["value"] == "AC-000123" and by_key["1.sticker"]["value_problem"] is None
    )
    assert by_key["1.acc1"]["note"] == "no USB-C cable in the box"
    assert Path(by_key["1.acc1"]["photo"]).is_file()
    assert Path(by_key["1.acc1"]["photo"]).is_relative_to(data_dir / "photos")
    assert by_key["1.pack2"]["result"] == "na"
    # Every answer is a bookmark inside the video.
    video = decode(Path(shown["inspection"]["video_path"]))
    offsets = {k: s["video_offset_s"] for k, s in by_key.items()}
    assert offsets["seal"] == 0.5 and offsets["1.sticker"] == 1.5 and offsets["1.damage"] == 2.5
    assert all(0 <= o <= video.duration_s for o in offsets.values())

    text = cli(data_dir, "show", ident).stdout
    assert "[FAIL] 1.acc1" in text and "@00:02.50" in text and "Decision: REJECT" in text

    # A bookmark past the end of the video is refused.
    late = cli(data_dir, "inspect", ident, "--at", "30", "--answer", "seal=pass", ok=False)
    assert late.returncode == 2 and "past its end" in late.stderr


@pytest.mark.e2e
def test_deciding_without_identity_answers_asks_first(data_dir: Path) -> None:
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv"))
    rec = cli(
        data_dir, "record", "--order", "AMZ-113-4567890-1234567", "--source", "demo",
        "--seconds", "1", "--width", "320", "--height", "240", "--json",
    )  # fmt: skip
    ident = str(json.loads(rec.stdout)["id"])
    asked = cli(data_dir, "decide", ident, "dispute", ok=False)
    assert asked.returncode == 2
    assert "identity steps are not answered yet: 1.sku, 1.sticker, 1.mark1" in asked.stderr
    assert "--yes" in asked.stderr
    assert json.loads(cli(data_dir, "show", ident, "--json").stdout)["decision"] == "pending"
    cli(data_dir, "decide", ident, "dispute", "--yes")
    shown = json.loads(cli(data_dir, "show", ident, "--json").stdout)
    assert shown["decision"] == "dispute" and shown["recommended_decision"] == "pending"
    # Changing a decision is a correction someone must explain.
    change = cli(data_dir, "decide", ident, "sign", "--yes", ok=False)
    assert change.returncode == 2 and "was decided dispute; to change it to sign" in change.stderr


@pytest.mark.e2e
def test_a_bad_csv_names_file_line_and_column_and_imports_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "orders.csv"
    good = (SAMPLE / "orders.csv").read_text(encoding="utf-8").splitlines()
    good[3] = good[3].replace("2026-11-02", "2026-13-02")
    bad.write_text("\n".join(good) + "\n", encoding="utf-8")
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    result = cli(data_dir, "orders", "import", str(bad), ok=False)
    assert result.returncode == 2
    assert f"{bad}, line 4, column 'ship_date': '2026-13-02' is not a date" in result.stderr
    assert json.loads(cli(data_dir, "orders", "list", "--json").stdout) == []


@pytest.mark.e2e
def test_expected_returns_and_policy_from_the_cli(data_dir: Path) -> None:
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv"))
    rows = json.loads(cli(data_dir, "expected-returns", "--json").stdout)
    assert rows[0]["order_number"] == "TB2026110200002" and rows[0]["days_courier_missing"] > 0
    assert "MISSING for" in cli(data_dir, "expected-returns").stdout
    cli(data_dir, "policy", "set", "taobao", "--damaged", "sign", "--claim-days", "12")
    policies = {
        p["platform"]: p for p in json.loads(cli(data_dir, "policy", "list", "--json").stdout)
    }
    assert policies["taobao"]["damaged"] == "sign" and policies["taobao"]["claim_window_days"] == 12
    assert (
        policies["meesho"]["claim_window_days"] == 7
        and policies["meesho"]["identity_fail"] == "dispute"
    )


def test_bookmarks_taken_while_recording_line_up_with_the_video(ctx) -> None:
    """The station answers during the recording: the bookmark is where the video is then."""
    from inspector.capture.overlay import ensure_text_rendering
    from inspector.capture.pipeline import open_capture
    from inspector.capture.sources import DemoSource
    from inspector.services.guided import (
        answer_step,
        checklist,
        import_orders,
        import_products,
        next_step,
        show,
        step_caption,
    )
    from inspector.services.recording import StartRequest, start_inspection

    import_products(ctx, SAMPLE / "products.csv")
    import_orders(ctx, SAMPLE / "orders.csv")
    ensure_text_rendering()
    capture = open_capture(DemoSource(320, 240, 30))
    try:
        active = start_inspection(
            ctx, capture, StartRequest("", COURIER, "Li Na", "Desk 1"), max_seconds=3
        )
        steps = checklist(ctx, active.inspection_id)  # built at start, order from the waybill
        assert steps[3].title == "Is it our Wireless earbuds Aurora (SKU TS-001)?"
        caption = step_caption(next_step(steps), steps)
        assert caption == "1/11 Outer package sealed and intact on camera before opening"
        active.set_step(caption)
        assert active.recorder.overlay.info.step == caption
        while active.recorder.elapsed < 1.0:
            assert not active.recorder.finished.wait(0.02), "recording ended early"
        before = active.recorder.elapsed
        by_clock = answer_step(ctx, active.inspection_id, "seal", "pass")
        after = active.recorder.elapsed
        given = answer_step(
            ctx,
            active.inspection_id,
            2,
            "pass",
            video_offset_s=active.recorder.elapsed,
            frame=capture.latest().image,
        )
        # The clock bookmark falls between the video positions before and after answering
        # (the newest captured frame may trail the clock by a frame, more on a busy machine).
        assert before - 0.05 <= by_clock.video_offset_s <= after + 0.5
        assert active.recorder.finished.wait(15)
        summary = active.stop()
    finally:
        capture.stop()
    detail = show(ctx, active.inspection_id)
    assert summary.order == ORDER
    seal, waybill = detail.steps[0], detail.steps[1]
    assert before - 0.05 <= seal.video_offset_s <= after + 0.5
    assert waybill.video_offset_s == pytest.approx(given.video_offset_s)
    # The recorder's elapsed time trails the clock by a frame, more on a busy machine.
    assert 1.0 <= seal.video_offset_s <= waybill.video_offset_s + 0.5
    assert waybill.video_offset_s <= summary.duration_s
    assert Path(waybill.photo).is_file() and cv2.imread(waybill.photo).shape == (240, 320, 3)


def test_a_bookmark_in_a_recording_of_two_parts_lands_in_the_right_part(ctx) -> None:
    """A camera lost mid-recording leaves two video parts; --at counts from the first."""
    from datetime import UTC, datetime, timedelta

    from inspector.core.errors import ValidationError
    from inspector.core.models import Inspection, VideoSegment
    from inspector.services.guided import answer_step

    start = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    with ctx.db.session() as session:
        row = Inspection(order_number="TB-9", status="completed", started_at=start)
        session.add(row)
        session.flush()
        for seq, (offset, duration) in enumerate([(0, 2.0), (5, 3.0)], start=1):
            session.add(
                VideoSegment(
                    inspection_id=row.id,
                    seq=seq,
                    path=f"videos/part{seq}.mp4",
                    started_at=start + timedelta(seconds=offset),
                    duration_s=duration,
                )
            )
        ident = row.id
    first = answer_step(ctx, ident, "seal", "pass", video_offset_s=1.25)
    assert (first.segment, first.video_offset_s) == (1, 1.25)
    second = answer_step(ctx, ident, "sides", "pass", video_offset_s=3.5)
    assert (second.segment, second.video_offset_s) == (2, 1.5)
    with pytest.raises(ValidationError, match="is 5.0 s long; a bookmark at 6 s is past its end"):
        answer_step(ctx, ident, "sides", "pass", video_offset_s=6)
    # Answered after the recording without an offset: no bookmark, and it says so.
    late = answer_step(ctx, ident, "waybill", "pass")
    assert late.video_offset_s is None and late.segment is None
