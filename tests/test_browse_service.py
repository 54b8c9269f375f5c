"""The browse services: search, filters, keyset paging in every sort order, CSV, summary, notes."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.models import (
    Inspection,
    InspectionEvent,
    Operator,
    ShopOrder,
    ShopOrderLine,
    Station,
    VideoSegment,
)
from inspector.services import browse
from inspector.services.browse import BrowseFilter, Match, Sort, SortColumn
from inspector.services.demo_data import ensure_demo_videos, generate_demo_data

BOTH_DATABASES = True  # conftest runs each test using ctx on SQLite and on PostgreSQL
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def add_inspection(
    ctx,
    order: str,
    courier: str = "",
    *,
    operator: str | None = "Ann",
    station: str | None = "Desk 1",
    decision: str = "sign",
    status: str = "completed",
    minutes: float = 0,
    duration: float = 10.0,
    video: str = "",
    sha: str = "",
) -> int:
    """Insert one inspection the way a finished recording leaves it."""
    with ctx.db.session() as s:
        ids = {}
        for model, name in ((Operator, operator), (Station, station)):
            if name is None:
                ids[model] = None
                continue
            row = s.exec(sa.select(model).where(model.name == name)).scalars().first()
            if row is None:
                row = model(name=name)
                s.add(row)
                s.flush()
            ids[model] = row.id
        insp = Inspection(
            order_number=order,
            courier_number=courier,
            operator_id=ids[Operator],
            station_id=ids[Station],
            decision=decision,
            status=status,
            started_at=T0 + timedelta(minutes=minutes),
            duration_s=duration,
        )
        s.add(insp)
        s.flush()
        if video:
            s.add(
                VideoSegment(
                    inspection_id=insp.id, seq=1, path=video, started_at=insp.started_at, sha256=sha
                )
            )
        return insp.id


@pytest.fixture
def archive(ctx):
    """A small archive with known numbers, people and outcomes."""
    rows = [
        ("ORD-1001", "SF1234567890", "Ann", "Desk 1", "sign", 0, 30.0),
        ("ORD-1002", "SF1234500000", "Bob", "Desk 2", "reject", 10, 12.5),
        ("ORD-2001", "YT9876543210", "Ann", "Desk 2", "dispute", 20, 45.0),
        ("TB77700012", "JT5550001234", "Cai", "Desk 1", "pending", 30, 5.0),
        ("TB77700099", "SF0000001234", None, None, "sign", 40, 20.0),
        ("ORD-1003", "", "Bob", "Desk 1", "reject", 60 * 24 * 3, 8.0),
    ]
    ids = {}
    for order, courier, op, desk, dec, minutes, dur in rows:
        ids[order] = add_inspection(
            ctx,
            order,
            courier,
            operator=op,
            station=desk,
            decision=dec,
            minutes=minutes,
            duration=dur,
        )
    # What the shop exported: who bought what (ORD-2001 and the TB orders are unknown).
    with ctx.db.session() as s:
        for number, buyer, skus in (
            ("ORD-1001", "xiaoming", ["TS-001"]),
            ("ORD-1002", "lily", ["WT-9", "TS-001"]),
            ("ORD-1003", "lily", ["WT-9"]),
        ):
            order = ShopOrder(order_number=number, platform="taobao", buyer=buyer)
            s.add(order)
            s.flush()
            for line_no, sku in enumerate(skus, start=1):
                s.add(ShopOrderLine(order_id=order.id, line_no=line_no, sku=sku))
    return ids


def orders(rows) -> list[str]:
    return [r.order for r in rows]


def search(ctx, **kw) -> list[str]:
    return orders(browse.fetch_page(ctx, BrowseFilter(**kw)).rows)


def test_prefix_search_matches_order_and_courier_as_typed(ctx, archive):
    assert search(ctx, text="ord-10") == ["ORD-1003", "ORD-1002", "ORD-1001"]
    # A courier prefix typed with a space and lower case still matches the stored code.
    assert search(ctx, text="sf 12345") == ["ORD-1002", "ORD-1001"]
    assert search(ctx, text="SF0") == ["TB77700099"]
    assert search(ctx, text="nothing-like-this") == []


def test_contains_finds_a_part_from_the_middle_or_the_end(ctx, archive):
    assert search(ctx, text="1234", match=Match.CONTAINS) == [
        "TB77700099",
        "TB77700012",
        "ORD-1002",
        "ORD-1001",
    ]
    assert search(ctx, text="0001234", match=Match.CONTAINS) == ["TB77700099", "TB77700012"]
    assert search(ctx, text="1234", match=Match.PREFIX) == []
    # LIKE wildcards typed by a person are literal characters, not patterns.
    assert search(ctx, text="%", match=Match.CONTAINS) == []
    assert search(ctx, text="_", match=Match.CONTAINS) == []


def test_contains_through_the_trigram_index_takes_every_character_literally(ctx, archive):
    assert search(ctx, text="d-1", match=Match.CONTAINS) == ["ORD-1003", "ORD-1002", "ORD-1001"]
    for typed in ('"D-1', "D_1", "D%1", "D-1'", "D-1*"):
        assert search(ctx, text=typed, match=Match.CONTAINS) == [], typed
    # A number corrected after recording is found by its new part, not its old one.
    with ctx.db.session() as s:
        row = s.get(Inspection, archive["ORD-2001"])
        row.courier_number = "YT0424242"
        s.add(row)
    assert search(ctx, text="42424", match=Match.CONTAINS) == ["ORD-2001"]
    assert search(ctx, text="876543", match=Match.CONTAINS) == []
    with ctx.db.engine.connect() as conn:
        backend = browse.queries._backend(conn)
    sql = str(browse.page_query(BrowseFilter("0001234", Match.CONTAINS), backend=backend))
    if ctx.db.engine.dialect.name == "sqlite":
        assert "inspection_code_fts MATCH" in sql, "SQLite searches its trigram index"
    else:
        assert "LIKE" in sql, "PostgreSQL's pg_trgm GIN indexes serve LIKE '%part%'"


def test_exact_match_and_find_by_code(ctx, archive):
    assert search(ctx, text="SF1234567890", match=Match.EXACT) == ["ORD-1001"]
    assert search(ctx, text="SF123456789", match=Match.EXACT) == []
    assert browse.find_by_code(ctx, " jt5550001234 ") == [archive["TB77700012"]]
    assert browse.find_by_code(ctx, "ORD-2001") == [archive["ORD-2001"]]
    assert browse.find_by_code(ctx, "JT555") == []
    assert browse.find_by_code(ctx, "") == []


def test_each_filter(ctx, archive):
    assert search(ctx, decisions=("reject",)) == ["ORD-1003", "ORD-1002"]
    assert search(ctx, decisions=("sign", "dispute")) == ["TB77700099", "ORD-2001", "ORD-1001"]
    assert search(ctx, operator="Ann") == ["ORD-2001", "ORD-1001"]
    assert search(ctx, station="Desk 2") == ["ORD-2001", "ORD-1002"]
    assert search(ctx, operator="Nobody") == []
    assert search(ctx, since=T0 + timedelta(minutes=20), until=T0 + timedelta(minutes=31)) == [
        "TB77700012",
        "ORD-2001",
    ]
    assert search(ctx, since=T0 + timedelta(days=1)) == ["ORD-1003"]
    assert search(ctx, status="interrupted") == []
    assert search(ctx, sku="ts-001") == ["ORD-1002", "ORD-1001"]
    assert search(ctx, sku="WT-9", decisions=("reject",)) == ["ORD-1003", "ORD-1002"]
    assert search(ctx, sku="NOPE") == []
    # Filters combine with AND, and with the search text.
    assert search(ctx, text="ORD", operator="Bob", station="Desk 1") == ["ORD-1003"]


def test_bad_filters_are_refused_in_words(ctx, archive):
    with pytest.raises(ValidationError, match="ends before it starts"):
        browse.fetch_page(ctx, BrowseFilter(since=T0, until=T0 - timedelta(days=1)))
    with pytest.raises(ValidationError, match="Unknown decision"):
        browse.fetch_page(ctx, BrowseFilter(decisions=("maybe",)))
    with pytest.raises(ValidationError, match="time zone"):
        browse.fetch_page(ctx, BrowseFilter(since=datetime(2026, 1, 1)))


def _expected(ctx, column: SortColumn, descending: bool) -> list[int]:
    everything = browse.fetch_page(ctx, limit=1000).rows
    return [
        r.id
        for r in sorted(everything, key=lambda r: (r.sort_value(column), r.id), reverse=descending)
    ]


@pytest.mark.parametrize("column", list(SortColumn))
@pytest.mark.parametrize("descending", [True, False])
def test_every_sort_order_pages_through_every_row_once(ctx, column, descending):
    # Ties on purpose (same operator, decision, duration) so the id tie-break is exercised
    # across page boundaries.
    for k in range(23):
        add_inspection(
            ctx,
            f"ORD-{k % 5}-{k}",
            f"SF{k:04d}",
            operator=(None, "Ann", "Bob", "陈杰")[k % 4],
            station=(None, "Desk 1", "Desk 2")[k % 3],
            decision=("sign", "reject", "dispute")[k % 3],
            status=("completed", "interrupted")[k % 2],
            minutes=k // 2,  # pairs share a start time
            duration=float(k % 4),
        )
    sort = Sort(column, descending)
    paged = [r.id for r in browse.iter_rows(ctx, BrowseFilter(), sort, page_size=4)]
    assert paged == _expected(ctx, column, descending)


def test_unselective_prefix_walks_the_date_index_with_the_same_answer(ctx, archive, monkeypatch):
    f = BrowseFilter(text="ORD")
    indexed = [r.id for r in browse.iter_rows(ctx, f, page_size=2)]
    monkeypatch.setattr(browse.queries, "_unselective", lambda conn, f: True)
    walked = [r.id for r in browse.iter_rows(ctx, f, page_size=2)]
    assert walked == indexed and len(walked) == 4
    by_operator = Sort(SortColumn.OPERATOR, False)
    assert [r.order for r in browse.iter_rows(ctx, f, by_operator, page_size=1)] == [
        "ORD-1001",  # Ann
        "ORD-2001",  # Ann
        "ORD-1002",  # Bob
        "ORD-1003",  # Bob
    ]


def test_a_prefix_read_by_its_index_and_sorted_pages_as_the_planner_would(
    ctx, archive, monkeypatch
):
    """PostgreSQL: a prefix's matches are gathered through its index and sorted, up to a bound;
    past it the page is read again by walking the dates. Every page and the keyset between
    pages give the same rows whichever way they were read."""
    f = BrowseFilter(text="ORD-")
    # The matches in order, as plain SQL reads them.
    with ctx.db.engine.connect() as conn:
        newest_first = list(
            conn.execute(
                sa.select(Inspection.id)
                .where(Inspection.order_number.like("ORD-%"))
                .order_by(Inspection.started_at.desc(), Inspection.id.desc())
            ).scalars()
        )
    walked = {True: newest_first, False: list(reversed(newest_first))}
    assert len(walked[True]) == 4 and walked[False] == list(reversed(walked[True]))
    postgresql = ctx.db.engine.dialect.name == "postgresql"
    read: list[str] = []
    real = browse.queries.page_query

    def counting(*args, **kwargs):
        read.append("gathered" if kwargs.get("candidates") is not None else "walked")
        return real(*args, **kwargs)

    monkeypatch.setattr(browse.queries, "page_query", counting)
    with ctx.db.engine.connect() as conn:
        # PostgreSQL walks for 1-3 characters at once; SQLite's probe has weighed them.
        short = browse.queries._candidate_bound(conn, BrowseFilter(text="ORD"), Sort())
        assert (short is None) == postgresql
    for bound, walks in ((1000, 0), (3, 1), (2, 2)):
        # 4 matches in pages of 2: gathered whole under a bound of 1,000. With a bound of 3 the
        # first page gathers 3 of them, may miss one, and is read again by walking; the second
        # (2 matches after the first page) is gathered whole. With 2, both pages walk.
        monkeypatch.setattr(browse.queries, "_candidate_bound", lambda conn, f, sort, b=bound: b)
        for descending in (True, False):
            read.clear()
            got = [r.id for r in browse.iter_rows(ctx, f, Sort(SortColumn.STARTED, descending), 2)]
            assert got == walked[descending], (bound, descending)
            assert read.count("gathered") == 2 and read.count("walked") == walks, read
    monkeypatch.undo()
    with ctx.db.engine.connect() as conn:
        assert browse.queries._candidate_bound(conn, f, Sort()) == 1000
        by_order = Sort(SortColumn.ORDER)
        assert browse.queries._candidate_bound(conn, f, by_order) is None


_CODES = st.text("AB1", min_size=1, max_size=5)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    numbers=st.lists(st.tuples(_CODES, _CODES, st.integers(0, 3)), min_size=1, max_size=12),
    data=st.data(),
)
def test_any_prefix_pages_alike_gathered_or_walked(ctx, monkeypatch, numbers, data):
    """Numbers from a small alphabet, so prefixes are shared between orders, couriers and both
    numbers of one inspection, and start times tie: whether a prefix's matches are gathered
    (under any bound, so the page is also read again by walking) or walked, every page and
    the keyset between pages give exactly the matches in start-time-then-id order."""
    with ctx.db.engine.begin() as conn:
        conn.execute(sa.delete(VideoSegment.__table__))
        conn.execute(sa.delete(Inspection.__table__))
    ids = [
        (add_inspection(ctx, order, courier, minutes=minute), order, courier, minute)
        for order, courier, minute in numbers
    ]
    order, courier, _minute = data.draw(st.sampled_from(numbers))
    code = data.draw(
        st.sampled_from([n[:k] for n in (order, courier) for k in range(1, len(n) + 1)])
    )
    descending = data.draw(st.booleans())
    page_size = data.draw(st.integers(1, 4))
    bound = data.draw(st.sampled_from([None, 1, 2, 3, 1000]))
    matches = sorted(
        ((minute, i) for i, o, c, minute in ids if o.startswith(code) or c.startswith(code)),
        reverse=descending,
    )
    with monkeypatch.context() as patch:
        if bound is not None:
            patch.setattr(browse.queries, "_candidate_bound", lambda conn, f, sort: bound)
        got = browse.iter_rows(
            ctx, BrowseFilter(text=code), Sort(SortColumn.STARTED, descending), page_size
        )
        assert [r.id for r in got] == [i for _minute, i in matches]


def test_count_matching(ctx, archive):
    assert browse.count_matching(ctx) == 6
    assert browse.count_matching(ctx, BrowseFilter(text="TB")) == 2
    assert browse.count_matching(ctx, BrowseFilter(decisions=("reject",), operator="Bob")) == 2


def test_csv_export_writes_the_filtered_list(ctx, archive, tmp_path):
    dest = tmp_path / "reports" / "rejects.csv"
    progress = list(browse.export_csv(ctx, dest, BrowseFilter(decisions=("reject",))))
    assert progress[-1] == 2
    with open(dest, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["order_number"] for r in rows] == ["ORD-1003", "ORD-1002"]
    assert rows[1]["courier_number"] == "SF1234500000"
    assert rows[1]["operator"] == "Bob" and rows[1]["decision"] == "reject"
    assert (rows[1]["platform"], rows[1]["buyer"], rows[1]["skus"]) == (
        "taobao",
        "lily",
        "WT-9 | TS-001",
    )
    assert rows[1]["started_local"].startswith(
        (T0 + timedelta(minutes=10)).astimezone().strftime("%Y-%m-%d %H:%M")
    )
    assert not list(dest.parent.glob(".*partial"))


def test_csv_export_to_an_unwritable_place_says_so_and_leaves_nothing(ctx, archive, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StorageError, match="Cannot write the CSV file"):
        list(browse.export_csv(ctx, blocker / "out.csv"))
    assert blocker.read_text() == "a file where a folder should be"


def test_summary_counts(ctx, archive):
    summary = browse.summarize(ctx)
    assert summary.total == 6
    assert dict(summary.per_decision) == {"sign": 2, "reject": 2, "dispute": 1, "pending": 1}
    assert dict(summary.per_operator) == {"Ann": 2, "Bob": 2, "Cai": 1, "": 1}
    assert sum(n for _, n in summary.per_day) == 6
    days = [d for d, _ in summary.per_day]
    assert days == sorted(days, reverse=True) and len(days) == 2
    assert dict(summary.per_sku) == {"TS-001": 2, "WT-9": 2}
    assert summary.top_rejected_buyers == [("lily (taobao)", 2)]
    narrowed = browse.summarize(ctx, BrowseFilter(operator="Bob"))
    assert narrowed.total == 2 and dict(narrowed.per_decision) == {"reject": 2}


def test_notes_are_appended_with_who_and_when_and_change_nothing_else(ctx, archive):
    iid = archive["ORD-1002"]
    before = browse.load_detail(ctx, iid)
    browse.add_note(ctx, iid, "Dana", "Buyer says the seal was broken; video shows it intact.")
    browse.add_note(ctx, iid, "Eve", "Platform asked for the video.")
    after = browse.load_detail(ctx, iid)
    assert [(n.actor, n.message[:5]) for n in after.notes] == [("Dana", "Buyer"), ("Eve", "Platf")]
    assert all(n.at.tzinfo is not None for n in after.notes)
    assert (after.decision, after.status, after.order, after.duration_s) == (
        before.decision,
        before.status,
        before.order,
        before.duration_s,
    )
    with ctx.db.session() as s:
        kinds = s.exec(
            sa.select(InspectionEvent.kind).where(InspectionEvent.inspection_id == iid)
        ).all()
    assert [k[0] for k in kinds] == ["note", "note"]


def test_bad_notes_are_refused(ctx, archive):
    iid = archive["ORD-1001"]
    with pytest.raises(ValidationError, match="empty"):
        browse.add_note(ctx, iid, "Dana", "   ")
    with pytest.raises(ValidationError, match="who"):
        browse.add_note(ctx, iid, " ", "text")
    with pytest.raises(ValidationError, match="limit"):
        browse.add_note(ctx, iid, "Dana", "x" * 2001)
    with pytest.raises(NotFoundError):
        browse.add_note(ctx, 99999, "Dana", "text")
    assert browse.load_detail(ctx, iid).notes == []


@pytest.fixture
def with_video(ctx) -> tuple[int, Path]:
    clip = ensure_demo_videos(ctx, 1)[0]
    iid = add_inspection(ctx, "VID-1", "SF777", video=clip.path, sha=clip.sha256)
    return iid, ctx.storage.absolute(clip.path)


def test_verify_video_matches_then_detects_change_and_loss(ctx, with_video):
    iid, path = with_video
    [check] = browse.verify_video(ctx, iid)
    assert check.result is browse.VideoCheck.MATCHES and "matches" in check.message
    with open(path, "ab") as fh:
        fh.write(b"tampered")
    [check] = browse.verify_video(ctx, iid)
    assert check.result is browse.VideoCheck.CHANGED and "NOT match" in check.message
    path.unlink()
    [check] = browse.verify_video(ctx, iid)
    assert check.result is browse.VideoCheck.MISSING and "missing" in check.message
    assert browse.load_detail(ctx, iid).segments[0].exists is False


def test_thumbnails_are_made_once_and_shared_by_equal_videos(ctx, with_video):
    iid, path = with_video
    [row] = browse.fetch_page(ctx, BrowseFilter(text="VID-1")).rows
    thumb = browse.ensure_thumbnail(ctx, row)
    assert thumb is not None and thumb.read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert thumb == browse.thumbnail_path(ctx, row)
    mtime = thumb.stat().st_mtime_ns
    assert browse.ensure_thumbnail(ctx, row) == thumb and thumb.stat().st_mtime_ns == mtime
    path.unlink()
    thumb.unlink()
    assert browse.ensure_thumbnail(ctx, row) is None


def test_detail_of_an_unknown_inspection(ctx):
    with pytest.raises(NotFoundError, match="no inspection number 4242"):
        browse.load_detail(ctx, 4242)


def test_detail_shows_checklist_marks_order_contents_and_decision(ctx):
    list(generate_demo_data(ctx, 30, videos=2, checklists=30))
    rows = list(browse.iter_rows(ctx))
    with_video = [r for r in rows if r.video_path]
    detail = browse.load_detail(ctx, with_video[0].id)
    assert len(detail.marks) >= 4
    assert [m.seq for m in detail.marks] == sorted(m.seq for m in detail.marks)
    duration = detail.segments[0].duration_s
    assert all(0 < m.offset_s < duration for m in detail.marks)
    assert detail.marks[0].photo is not None and detail.marks[0].photo.is_file()
    assert detail.order_lines and detail.buyer and detail.platform
    rejected = next((r for r in with_video if r.decision == "reject"), None)
    if rejected is not None:
        d = browse.load_detail(ctx, rejected.id)
        assert d.decision_reasons and any(m.result == "fail" for m in d.marks)
    # A rejection's claim window runs from arrival (the platform's policy sets its length).
    assert d.appeal_deadline is not None and d.appeal_deadline > d.started_at
    assert d.appeal_days_left is not None
    assert detail.appeal_deadline is None or detail.decision in ("reject", "dispute")
    # Reading a detail writes nothing: an inspection without a checklist stays without one.
    bare = add_inspection(ctx, "BARE-1")
    with ctx.db.engine.connect() as conn:
        before = conn.execute(sa.text("SELECT count(*) FROM checklist_step")).scalar_one()
    assert browse.load_detail(ctx, bare).marks == []
    with ctx.db.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM checklist_step")).scalar_one() == before


def test_common_sku_walks_the_date_index_with_the_same_answer(ctx, archive, monkeypatch):
    f = BrowseFilter(sku="WT-9")
    listed = [r.id for r in browse.iter_rows(ctx, f, page_size=1)]
    monkeypatch.setattr(browse.queries, "_common_sku", lambda conn, f: True)
    walked = [r.id for r in browse.iter_rows(ctx, f, page_size=1)]
    by_operator = [r.id for r in browse.iter_rows(ctx, f, Sort(SortColumn.OPERATOR), page_size=1)]
    assert walked == listed == [archive["ORD-1003"], archive["ORD-1002"]]
    assert sorted(by_operator) == sorted(listed)


def test_a_damaged_video_gives_no_thumbnail_and_a_clear_error(ctx, with_video):
    iid, path = with_video
    path.write_bytes(b"not a video" * 50)
    [row] = browse.fetch_page(ctx, BrowseFilter(text="VID-1")).rows
    with pytest.raises(StorageError, match="cannot be decoded|has no pictures"):
        browse.ensure_thumbnail(ctx, row)
    assert not browse.thumbnail_path(ctx, row).exists()
