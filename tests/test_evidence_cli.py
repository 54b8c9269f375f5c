"""The evidence commands end to end, in a subprocess, as a support engineer would run them."""

from __future__ import annotations

import csv
import json
import sqlite3
import zipfile

import pytest

from tests.helpers import run_cli

pytestmark = pytest.mark.e2e


def _record(data_dir, order, courier, seconds="1"):
    out = run_cli(
        "record",
        "--order",
        order,
        "--courier",
        courier,
        "--source",
        "demo",
        "--width",
        "320",
        "--height",
        "240",
        "--seconds",
        seconds,
        "--json",
        data_dir=data_dir,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_export_verify_and_verify_all(data_dir, tmp_path):
    first = _record(data_dir, "TB-1", "SF1")
    second = _record(data_dir, "TB-2", "SF2")
    out = run_cli("export", "--order", "tb-2", "--out", str(tmp_path / "out"), data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    bundle = tmp_path / "out" / out.stdout.strip().rsplit("/", 1)[-1]
    assert bundle.exists() and bundle.name.startswith("evidence_TB-2_SF2_")
    assert "[100%]" in out.stderr, "the CLI prints the export's progress"

    ok = run_cli("verify", str(bundle), data_dir=data_dir)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "intact" in ok.stdout and "sealed record" in ok.stdout

    # One changed byte in the report: verify fails and names the file.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(tampered, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "report.pdf":
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            zout.writestr(info, data)
    bad = run_cli("verify", str(tampered), data_dir=data_dir)
    assert bad.returncode == 1
    assert "altered: report.pdf" in bad.stdout

    assert run_cli("verify", "--all", data_dir=data_dir).returncode == 0
    # Someone changes a past record with an SQLite tool: verify --all names it.
    conn = sqlite3.connect(data_dir / "inspector.db")
    conn.execute("UPDATE inspection SET courier_number = 'SF999' WHERE id = ?", (first["id"],))
    conn.commit()
    conn.close()
    report = run_cli("verify", "--all", data_dir=data_dir)
    assert report.returncode == 1
    assert f"altered: Inspection {first['id']} (order TB-1)" in report.stdout
    assert f"Inspection {second['id']}" not in report.stdout

    missing = run_cli("verify", str(tmp_path / "nope.zip"), data_dir=data_dir)
    assert missing.returncode == 1 and "There is no file" in missing.stderr


def test_clip_batch_and_appeals_due(data_dir, tmp_path):
    a = _record(data_dir, "TB-10", "SF10", seconds="2")
    _record(data_dir, "TB-11", "SF11")
    clip = run_cli(
        "clip",
        str(a["id"]),
        "--out",
        str(tmp_path / "a.mp4"),
        "--start",
        "0.5",
        "--json",
        data_dir=data_dir,
    )
    assert clip.returncode == 0, clip.stderr
    info = json.loads(clip.stdout)
    assert info["original_sha256"] == a["sha256"] and info["start_s"] == 0.5

    orders = tmp_path / "orders.csv"
    orders.write_text("order_number\nTB-10\ntb-11\nTB-404\n", encoding="utf-8")
    batch = run_cli(
        "export-batch", "--orders", str(orders), "--out", str(tmp_path / "batch"), data_dir=data_dir
    )
    assert batch.returncode == 1, "one listed order has no inspection"
    with open(tmp_path / "batch" / "summary.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["order_number"], r["result"]) for r in rows] == [
        ("TB-10", "exported"),
        ("TB-11", "exported"),
        ("TB-404", "not found"),
    ]
    assert all((tmp_path / "batch" / r["bundle"]).exists() for r in rows[:2])

    decided = run_cli(
        "decide", str(a["id"]), "reject", "--reason", "not our product", "--yes", data_dir=data_dir
    )
    assert decided.returncode == 0, decided.stderr
    due = run_cli("appeals-due", "--json", data_dir=data_dir)
    rows = json.loads(due.stdout)
    assert [(r["inspection_id"], r["decision"], r["exported"]) for r in rows] == [
        (a["id"], "reject", True)
    ]
    assert rows[0]["days_left"] == 7


def test_a_demo_camera_recording_is_marked_not_evidence_everywhere(data_dir, tmp_path):
    """Issue 19: a demo-camera recording exported as 'Unedited recording of the unboxing'
    with no mark. Its bundle says DEMO — NOT EVIDENCE in the signed manifest, inspection.json,
    index.html and report.pdf, and verify says so first."""
    import io

    import pypdf

    _record(data_dir, "TB-DEMO", "SF-DEMO")
    out = run_cli("export", "--order", "tb-demo", "--out", str(tmp_path / "out"), data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    bundle = tmp_path / "out" / out.stdout.strip().rsplit("/", 1)[-1]
    with zipfile.ZipFile(bundle) as z:
        manifest = json.loads(z.read("manifest.json"))
        record = json.loads(z.read("inspection.json"))
        page = z.read("index.html").decode("utf-8")
        pdf = pypdf.PdfReader(io.BytesIO(z.read("report.pdf")))
    assert manifest["inspection"]["demo"] is True
    assert record["inspection"]["demo"] is True
    assert "DEMO — NOT EVIDENCE" in page
    first_page = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "DEMO — NOT EVIDENCE" in first_page
    checked = run_cli("verify", str(bundle), data_dir=data_dir)
    assert checked.stdout.splitlines()[0].startswith("DEMO — NOT EVIDENCE"), checked.stdout
    as_json = run_cli("verify", str(bundle), "--json", data_dir=data_dir)
    assert json.loads(as_json.stdout)["demo"] is True
