"""Each desk its own chain, every desk's chain reachable (issue 22 with issue 21's warehouse).

Two desks share one database and one shared folder: each appends to its own chain
(`anchor_line` per desk id, `anchors/<desk id>.log` in the shared folder); a bundle desk B
exports of desk A's inspection carries desk A's lines; a line cut from desk A's chain in
the database shows from desk B against the shared folder's copy.
"""

from __future__ import annotations

import sqlite3
import zipfile

from sqlmodel import select

from inspector.core import anchor
from inspector.core.evidence import verify_bundle
from inspector.core.models import AnchorRecord
from inspector.core.signing import DeskKey
from inspector.services.evidence import export_bundle, run_with_progress, verify_all
from inspector.services.shared_videos import sync_videos
from tests.test_shared_videos import desks, record  # noqa: F401 (the fixture)


def _run(gen):
    try:
        while True:
            next(gen)
    except StopIteration as stop:
        return stop.value


def test_each_desk_its_chain_and_any_desk_exports_anothers(desks, tmp_path):  # noqa: F811
    a, b, nas = desks
    first = record(a, "TB-A1", 1)
    record(b, "TB-B1", 1)
    record(a, "TB-A2", 1)
    sync_videos(a)
    sync_videos(b)
    with a.db.session() as s:
        rows = s.exec(select(AnchorRecord).order_by(AnchorRecord.id)).all()
    chains = {}
    for row in rows:
        chains.setdefault(row.desk_id, []).append(row.n)
    assert chains == {a.sealer.chain_id: [1, 2], b.sealer.chain_id: [1]}
    for ctx in (a, b):
        shared = nas / anchor.SHARED_ANCHORS / f"{ctx.sealer.chain_id}.log"
        assert anchor.read(shared).chain == anchor.read(ctx.sealer.anchor_path).chain
    # Desk B exports desk A's inspection: it carries desk A's lines, signed by desk A's key.
    bundle = run_with_progress(export_bundle(b, first, tmp_path / "a1.zip")).path
    with zipfile.ZipFile(bundle) as zf:
        lines = anchor.read_lines(zf.read("chain-anchor.log").decode().splitlines())
    key_a, key_b = DeskKey.load(a.storage.root), DeskKey.load(b.storage.root)
    assert {line.desk for line in lines} == {a.sealer.chain_id}
    assert {line.public_key for line in lines} == {key_a.public_hex}
    check = verify_bundle(bundle, [key_a.fingerprint, key_b.fingerprint])
    assert check.ok, check.lines()
    for ctx in (a, b):
        report = _run(verify_all(ctx))
        assert report.ok, report.problems

    # Desk A's newest line cut from the database: desk B sees it against the shared copy.
    with sqlite3.connect(tmp_path / "warehouse.db") as conn:  # the warehouse's database
        conn.execute("DELETE FROM anchor_line WHERE desk_id = ? AND n = 2", (a.sealer.chain_id,))
    report = _run(verify_all(b))
    assert "anchor-short" in {p.kind for p in report.problems}, report.problems
