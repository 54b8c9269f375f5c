"""Everything a bundle shows is sealed (issue 22, item 4).

The order facts an inspection relies on (shipped SKUs and serials, platform, buyer,
arrival, when the buyer gave the waybill, the claim window) are snapshotted into its seal.
Edited in the database afterwards, `verify --all` names the change and the bundle still
shows what was sealed; a key holder re-signing an `inspection.json` that contradicts
`sealed-record.json` is caught by `verify` with no database.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.bundle_check import manifest_digest
from inspector.core.evidence import verify_bundle
from inspector.core.models import Inspection, ShopOrder, ShopOrderLine
from inspector.core.order_facts import sealed_order_facts
from inspector.core.signing import DeskKey
from inspector.services.evidence import export_bundle, run_with_progress
from tests.test_anchor_witness import _kinds, _report
from tests.test_chain import _sql


def _order(ctx, number="TB-77", serial="SN-0001", platform="taobao"):
    with ctx.db.session() as s:
        row = ShopOrder(
            order_number=number,
            platform=platform,
            buyer="Wang Fang",
            ship_date=date(2026, 11, 20),
            return_courier="SF77",
            courier_supplied_on=date(2026, 11, 28),
        )
        s.add(row)
        s.flush()
        s.add(ShopOrderLine(order_id=row.id, line_no=1, sku="TS-001", serials=json.dumps([serial])))


@pytest.fixture
def sealed(ctx, record_inspection):
    _order(ctx)
    summary = record_inspection("TB-77", "SF77", seconds=1)
    with ctx.db.session() as s:
        facts = sealed_order_facts(s.get(Inspection, summary.id))
    assert facts is not None and facts["order"]["lines"][0]["serials"] == ["SN-0001"]
    assert _report(ctx).ok, _report(ctx).problems
    return summary


EDITS = {
    "serial": ("UPDATE shop_order_line SET serials = ?", '["SN-9999"]'),
    "sku": ("UPDATE shop_order_line SET sku = ?", "TS-999"),
    "platform": ("UPDATE shop_order SET platform = ?", "jd"),
    "buyer": ("UPDATE shop_order SET buyer = ?", "Someone Else"),
    "waybill supplied": ("UPDATE shop_order SET courier_supplied_on = ?", "2026-12-30"),
    "arrival": ("UPDATE inspection SET arrived_at = ?", "2026-10-01 08:00:00.000000"),
}


@pytest.mark.parametrize("what", sorted(EDITS))
def test_an_order_fact_edited_after_the_seal_is_named(ctx, sealed, what):
    _sql(ctx, EDITS[what])
    report = _report(ctx)
    assert "order-changed" in _kinds(report), report.problems


def test_the_bundle_shows_the_sealed_order_not_the_edited_one(ctx, sealed, tmp_path):
    _sql(ctx, EDITS["serial"], EDITS["platform"])
    bundle = run_with_progress(export_bundle(ctx, sealed.id, tmp_path / "b.zip")).path
    with zipfile.ZipFile(bundle) as zf:
        shown = json.loads(zf.read("inspection.json"))
    assert shown["shipped"][0]["serials"] == ["SN-0001"]
    assert shown["inspection"]["platform"] == "taobao"
    assert verify_bundle(bundle).ok


def _resigned(bundle, dest, key, change):
    """The bundle with inspection.json changed and the manifest re-signed with the desk's key."""
    with zipfile.ZipFile(bundle) as zin:
        manifest = json.loads(zin.read("manifest.json"))
        doc = change(json.loads(zin.read("inspection.json")))
        data = json.dumps(doc).encode()
        for entry in manifest["files"]:
            if entry["path"] == "inspection.json":
                entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest())
        manifest.pop("signature")
        manifest["manifest_sha256"] = manifest_digest(manifest)
        manifest["signature"] = {
            "algorithm": "Ed25519",
            "public_key": key.public_hex,
            "fingerprint": key.fingerprint,
            "value": key.sign(manifest["manifest_sha256"].encode()),
        }
        with zipfile.ZipFile(dest, "w") as zout:
            for info in zin.infolist():
                if info.filename == "inspection.json":
                    zout.writestr(info, data)
                elif info.filename == "manifest.json":
                    zout.writestr(info, json.dumps(manifest).encode())
                elif not info.filename.startswith("manifest.tsr"):
                    zout.writestr(info, zin.read(info))
    return dest


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(["serial", "decision", "claim_window_days", "platform", "started_at"]),
    value=st.text(alphabet="ABCDEFGH0123456789", min_size=1, max_size=8),
)
def test_inspection_json_resigned_to_contradict_the_sealed_record_fails(
    ctx, sealed, tmp_path_factory, field, value
):
    folder = tmp_path_factory.mktemp("resign")
    bundle = folder / "b.zip"
    if not bundle.exists():
        run_with_progress(export_bundle(ctx, sealed.id, bundle))
    key = DeskKey.load(ctx.storage.root)

    def change(doc):
        if field == "serial":
            doc["shipped"][0]["serials"] = [f"SN-{value}"]
        elif field == "claim_window_days":
            doc["inspection"]["claim_window_days"] = 30 + len(value)
        elif field == "started_at":
            doc["inspection"]["started_at"] = "2026-01-01T00:00:00+00:00"
        else:
            doc["inspection"][field] = f"x-{value}"
        return doc

    forged = _resigned(bundle, folder / "f.zip", key, change)
    check = verify_bundle(forged, [key.fingerprint])
    assert check.signatures.fingerprint_matched  # the key holder's own signature...
    assert any("contradicts sealed-record.json" in p for p in check.problems), check.lines()
