"""Demo data: realistic synthetic inspections that the browse view and benchmarks can use."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from inspector.cli import main
from inspector.core.errors import ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    Decision,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    VideoSegment,
    normalize_code,
    utcnow,
)
from inspector.services import browse
from inspector.services.demo_data import DEMO_SOURCE, generate_demo_data


def count(ctx, table) -> int:
    with ctx.db.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


def test_demo_data_fills_a_browsable_archive(ctx):
    progress = list(generate_demo_data(ctx, 1200, per_day=300, videos=2, checklists=10))
    assert progress[-1].stage == "done" and progress[-1].done == 1200
    assert count(ctx, Inspection.__table__) == 1200
    failed = browse.count_matching(ctx, browse.BrowseFilter(status=InspectionStatus.FAILED))
    assert count(ctx, VideoSegment.__table__) == 1200 - failed
    assert count(ctx, InspectionEvent.__table__) >= 2400

    rows = list(browse.iter_rows(ctx))
    assert len(rows) == 1200
    # Spread over about four days ending today, newest first, never in the future.
    now = utcnow()
    assert rows[0].started_at <= now
    assert now - rows[-1].started_at <= timedelta(days=5)
    assert len({r.started_at.date() for r in rows}) >= 4
    assert {r.decision for r in rows} <= {d.value for d in Decision}
    assert {r.decision for r in rows} >= {"sign", "reject"}
    assert all(r.order == normalize_code(r.order) and r.order for r in rows)
    assert len({r.order for r in rows}) == 1200
    assert len({r.operator for r in rows}) >= 5 and len({r.station for r in rows}) >= 3

    # The shared videos are real files whose recorded hashes hold.
    detail = browse.load_detail(ctx, next(r.id for r in rows if r.video_path))
    seg = detail.segments[0]
    assert seg.exists and sha256_file(seg.absolute_path) == seg.sha256
    assert [h.kind for h in detail.history][:2] == ["started", "stopped"]
    with ctx.db.engine.connect() as conn:
        sources = set(conn.execute(sa.select(Inspection.__table__.c.source).distinct()).scalars())
    assert sources == {DEMO_SOURCE}


def test_demo_data_adds_to_what_is_there(ctx):
    list(generate_demo_data(ctx, 50, seed=1, videos=1, checklists=0))
    list(generate_demo_data(ctx, 70, seed=2, videos=1, checklists=0))
    assert count(ctx, Inspection.__table__) == 120
    # Rows written later by the app still get fresh ids.
    browse.add_note(ctx, 120, "Dana", "still writable")
    assert browse.load_detail(ctx, 120).notes[0].message == "still writable"


@pytest.mark.parametrize("n", [0, -5, 10_000_000])
def test_demo_data_refuses_silly_sizes(ctx, n):
    with pytest.raises(ValidationError, match="demo inspections"):
        list(generate_demo_data(ctx, n))


def test_demo_data_command(data_dir, capsys):
    assert (
        main(["--data-dir", str(data_dir), "demo-data", "--inspections", "40", "--checklists", "3"])
        == 0
    )
    assert "Added 40 demo inspections" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "search", "--json", "--limit", "5"]) == 0
    assert main(["--data-dir", str(data_dir), "demo-data", "--inspections", "0"]) == 2
    assert "between 1 and" in capsys.readouterr().err
