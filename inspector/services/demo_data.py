"""Realistic synthetic inspections, so a new user can try the browse view and benchmarks have data.

A handful of short demo videos are made once and shared by many inspections (their
hashes are real, so "verify video" works on them). Rows go in with SQLAlchemy Core
executemany in large transactions: a million inspections take a few minutes, not hours.
Every demo row says so in its `source` column ("demo-data"), so it can never pass for a
real recording.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from inspector.core.errors import ValidationError
from inspector.core.hashing import sha256_file
from inspector.core.models import (
    ChecklistAnswer,
    ChecklistStep,
    Decision,
    Inspection,
    InspectionEvent,
    InspectionStatus,
    Operator,
    Product,
    ShopOrder,
    ShopOrderLine,
    Station,
    VideoSegment,
    reasons_json,
    utcnow,
)
from inspector.services.context import AppContext

DEMO_SOURCE = "demo-data"
MAX_INSPECTIONS = 5_000_000
BATCH = 20_000
STATIONS = ("Desk 1", "Desk 2", "Desk 3", "Returns A")
OPERATORS = (
    "Li Wei",
    "王芳",
    "Zhang Min",
    "陈杰",
    "Maria Santos",
    "Ahmed Khan",
    "Sarah Lee",
    "刘洋",
)
# Weighted outcomes: most returns are signed for; a few are refused or disputed.
DECISIONS = (
    (Decision.SIGN, 0.82),
    (Decision.REJECT, 0.09),
    (Decision.DISPUTE, 0.05),
    (Decision.PENDING, 0.04),
)
NOTES = (
    "Buyer called; told them the video is kept for the appeal.",
    "Platform asked for evidence; bundle exported.",
    "Outer box was re-taped before arrival.",
    "Serial number on the item does not match our records.",
    "买家声称商品损坏，视频显示包装完好。",
)


@dataclass(frozen=True)
class DemoVideo:
    """One shared demo video file."""

    path: str  # relative to the storage root
    sha256: str
    size_bytes: int
    duration_s: float
    frames: int


@dataclass(frozen=True)
class DemoProgress:
    """How far the demo data has come: a stage and a count."""

    stage: str
    done: int
    total: int


def _demo_video(path: Path, seconds: float, seed: int, fps: float = 10.0) -> int:
    """Write a small synthetic unboxing clip (320×240) and return its frame count."""
    import cv2
    import numpy as np

    from inspector.capture.encoder import EncoderSettings, H264Writer

    w, h = 320, 240
    rng = np.random.default_rng(seed)
    # A light wooden desk in BGR, computed in int16 so the channel scaling cannot wrap around.
    base = 150 + rng.integers(-12, 12, (h, w, 1)).astype(np.int16)
    desk = np.clip(np.concatenate([base // 2 + 20, base * 3 // 4 + 10, base], axis=2), 0, 255)
    desk = desk.astype(np.uint8)
    colour = tuple(int(c) for c in rng.integers(60, 220, 3))
    tmp = path.with_name(f".{path.name}.partial")
    writer = H264Writer(tmp, w, h, fps, EncoderSettings(crf=30, preset="veryfast"))
    n = round(seconds * fps)
    try:
        for i in range(n):
            t = i / fps
            frame = desk.copy()
            cx = int(w / 2 + w * 0.25 * math.sin(t * 0.7 + seed))
            cy = int(h / 2 + h * 0.12 * math.cos(t * 0.9))
            box = cv2.boxPoints(((cx, cy), (80, 64), (t * 25) % 360)).astype(np.int32)
            cv2.fillConvexPoly(frame, box, colour)
            cv2.polylines(frame, [box], True, (40, 60, 90), 2)
            cv2.putText(
                frame, f"DEMO {seed} {t:4.1f}s", (8, 20), cv2.FONT_HERSHEY_SIMPLEX, 0.5,
                (240, 240, 240), 1, cv2.LINE_AA,
            )  # fmt: skip
            writer.write(frame, t)
    finally:
        writer.close()
    tmp.replace(path)
    return n


def ensure_demo_videos(ctx: AppContext, count: int = 6) -> list[DemoVideo]:
    """The shared demo clips under videos/demo/, made once (6–16 s each) and reused."""
    folder = ctx.storage.videos_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    videos = []
    for k in range(count):
        seconds = 6 + 2 * k
        path = folder / f"demo-{k + 1:02d}.mp4"
        fps = 10.0
        frames = round(seconds * fps)
        if not path.is_file():
            frames = _demo_video(path, seconds, k + 1, fps)
        videos.append(
            DemoVideo(
                ctx.storage.relative(path),
                sha256_file(path),
                path.stat().st_size,
                float(Fraction(frames, 10)),
                frames,
            )
        )
    return videos


# Products beyond the sample catalog (which brings reference photos); SKU, name, serial maker.
EXTRA_PRODUCTS = (
    ("PH-CASE-12", "Phone case Nova"),
    ("SH-440", "Running shoes Breeze"),
    ("LM-07", "Desk lamp Halo"),
    ("KB-88", "Mechanical keyboard Tide"),
    ("CP-3", "Ceramic cup set Dawn"),
)
SERIAL_MAKERS = {
    "TS-001": lambda rng: f"AC-{rng.randint(100, 999):06d}",
    "WT-9": lambda rng: f"MW-{rng.randint(1000, 4999)}",
    "BG-220": lambda rng: (
        f"B{rng.randint(10, 99)}-{rng.choice('ABCDEFGHJK')}{rng.choice('LMNPQRSTUV')}"
    ),
}
# Repeat returners: a few buyers whose returns are often refused (what the summary's
# "buyers with the most rejected returns" is for).
REPEAT_RETURNERS = ("tiger_mom_2024", "lucky.star", "J. Smith", "小红书达人", "deal_hunter_88")
OVERRIDE_REASONS = (
    "Buyer sent photos of the damage before the return; accepted under dispute.",
    "Serial unreadable on camera but matches the warranty card.",
)
REJECT_REASONS = (
    "The serial number on the item is not one we shipped.",
    "The hidden mark is missing: not our product.",
    "A different item was in the parcel.",
    "The parcel arrived empty.",
)


def ensure_demo_catalog(ctx: AppContext) -> list[str]:
    """The sample catalog (with its reference photos) plus a few more products; their SKUs."""
    from inspector.resources_path import resource_path
    from inspector.services import guided

    sample = resource_path("sample", "products.csv")
    with ctx.db.engine.connect() as conn:
        known = set(conn.execute(sa.select(Product.__table__.c.sku)).scalars())
    if sample.is_file() and not {"TS-001", "BG-220", "WT-9"} <= known:
        guided.import_products(ctx, sample)
    with ctx.db.engine.begin() as conn:
        for sku, name in EXTRA_PRODUCTS:
            if sku not in known:
                conn.execute(
                    Product.__table__.insert().values(
                        sku=sku,
                        name=name,
                        photos="[]",
                        hidden_marks="[]",
                        hang_tags="[]",
                        packaging="[]",
                        accessories="[]",
                        updated_at=utcnow(),
                    )
                )
        return sorted(conn.execute(sa.select(Product.__table__.c.sku)).scalars())


def _order_number(rng: random.Random, day: datetime) -> tuple[str, str]:
    """An order number shaped like one platform's, and that platform's name."""
    kind = rng.random()
    if kind < 0.45:
        return "taobao", f"{rng.randint(1, 4)}{rng.randrange(10**17, 10**18)}"
    if kind < 0.7:
        return "pinduoduo", f"{day:%y%m%d}-{rng.randrange(10**14, 10**15)}"
    if kind < 0.9:
        letters = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8))
        return "shopee", f"{day:%y%m%d}{letters}"
    return (
        "amazon",
        f"{rng.randrange(100, 999)}-{rng.randrange(10**6, 10**7)}-{rng.randrange(10**6, 10**7)}",
    )


def _courier_number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.35:
        return f"SF{rng.randrange(10**11, 10**12)}{rng.randrange(10)}"
    if kind < 0.6:
        return f"YT{rng.randrange(10**12, 10**13)}"
    if kind < 0.8:
        return f"JT{rng.randrange(10**12, 10**13)}"
    return f"7{rng.randrange(10**13, 10**14)}"


def _pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    x = rng.random()
    for value, weight in weighted:
        x -= weight
        if x < 0:
            return value
    return weighted[-1][0]


def _ensure_named(conn: sa.Connection, table: sa.Table, names: tuple[str, ...]) -> list[int]:
    ids = []
    for name in names:
        row = conn.execute(sa.select(table.c.id).where(table.c.name == name)).first()
        if row is None:
            values: dict[str, Any] = {"name": name, "created_at": utcnow()}
            if "active" in table.c:
                values["active"] = True
            row = conn.execute(table.insert().values(**values).returning(table.c.id)).first()
        ids.append(row.id)
    return ids


def _next_id(conn: sa.Connection, table: sa.Table) -> int:
    return (
        int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()) + 1
    )


def _fix_sequences(conn: sa.Connection, tables: list[sa.Table]) -> None:
    # Explicit ids bypass PostgreSQL's sequences; move them past the rows just written.
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        conn.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
            )
        )


def generate_demo_data(
    ctx: AppContext,
    inspections: int,
    seed: int = 1,
    per_day: int = 300,
    videos: int = 6,
    now: datetime | None = None,
    checklists: int = 300,
) -> Iterator[DemoProgress]:
    """Add `inspections` synthetic inspections ending today, yielding progress as it goes.

    About `per_day` parcels a day between 08:00 and 20:00 UTC, the newest today, each with
    its order (platform, buyer, products), video segment and started/stopped events (now
    and then a note). The newest `checklists` also get a checklist built from their order
    and answered at moments spread over the video, so the detail view has step marks.
    """
    if inspections < 1 or inspections > MAX_INSPECTIONS:
        raise ValidationError(
            f"Ask for between 1 and {MAX_INSPECTIONS:,} demo inspections, not {inspections:,}."
        )
    if per_day < 1:
        raise ValidationError("--per-day must be at least 1.")
    rng = random.Random(seed)
    yield DemoProgress("videos", 0, videos)
    clips = ensure_demo_videos(ctx, videos)
    yield DemoProgress("videos", videos, videos)
    now = now or utcnow()
    days = max(1, math.ceil(inspections / per_day))
    # Start times spread over working hours of the past `days` days, oldest first, so ids
    # grow with time as they would at a real desk.
    first_day = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    span = 12 * 3600
    offsets = sorted(
        rng.randrange(days) * 86400 + 8 * 3600 + rng.randrange(span) for _ in range(inspections)
    )
    latest = (now - first_day).total_seconds() - 60
    insp_t, seg_t, ev_t = Inspection.__table__, VideoSegment.__table__, InspectionEvent.__table__
    order_t, line_t = ShopOrder.__table__, ShopOrderLine.__table__
    skus = ensure_demo_catalog(ctx)
    buyers = max(20, inspections // 15)
    with ctx.db.engine.begin() as conn:
        station_ids = _ensure_named(conn, Station.__table__, STATIONS)
        operator_ids = _ensure_named(conn, Operator.__table__, OPERATORS)
        next_insp, next_seg, next_ev, next_order, next_line = (
            _next_id(conn, insp_t),
            _next_id(conn, seg_t),
            _next_id(conn, ev_t),
            _next_id(conn, order_t),
            _next_id(conn, line_t),
        )
    done = 0
    while done < inspections:
        n = min(BATCH, inspections - done)
        insp_rows, seg_rows, ev_rows, order_rows, line_rows = [], [], [], [], []
        for k in range(done, done + n):
            started = first_day + timedelta(seconds=min(offsets[k], latest))
            status = _pick(
                rng,
                (
                    (InspectionStatus.COMPLETED, 0.97),
                    (InspectionStatus.INTERRUPTED, 0.02),
                    (InspectionStatus.FAILED, 0.01),
                ),
            )
            clip = clips[rng.randrange(len(clips))]
            has_video = status != InspectionStatus.FAILED
            repeat_returner = rng.random() < 0.03
            buyer = (
                rng.choice(REPEAT_RETURNERS)
                if repeat_returner
                else f"buyer_{rng.randrange(buyers):06d}"
            )
            decision = _pick(rng, DECISIONS) if has_video else Decision.PENDING
            if repeat_returner and has_video and rng.random() < 0.6:
                decision = Decision.REJECT
            duration = clip.duration_s if has_video else 0.0
            ended = started + timedelta(seconds=duration + rng.uniform(2, 40))
            platform, order = _order_number(rng, started)
            courier = _courier_number(rng)
            iid = next_insp + k
            operator = operator_ids[rng.randrange(len(operator_ids))]
            shipped = started - timedelta(days=rng.randint(5, 25))
            order_rows.append(
                {
                    "id": next_order,
                    "order_number": order,
                    "platform": platform,
                    "buyer": buyer,
                    "ship_date": shipped.date(),
                    "return_requested_on": (shipped + timedelta(days=rng.randint(2, 4))).date(),
                    "return_courier": courier,
                    "courier_supplied_on": (shipped + timedelta(days=4)).date(),
                    "courier_supplied_at": None,
                    "imported_at": shipped,
                }
            )
            for line_no in range(1, 2 + (rng.random() < 0.25)):
                sku = skus[rng.randrange(len(skus))]
                maker = SERIAL_MAKERS.get(sku)
                line_rows.append(
                    {
                        "id": next_line,
                        "order_id": next_order,
                        "line_no": line_no,
                        "sku": sku,
                        "quantity": 1,
                        "serials": json.dumps([maker(rng)] if maker else []),
                    }
                )
                next_line += 1
            next_order += 1
            reasons: list[str] = []
            recommended = decision
            override = ""
            if decision == Decision.REJECT:
                reasons = [rng.choice(REJECT_REASONS)]
            elif decision == Decision.DISPUTE and rng.random() < 0.5:
                recommended, override = Decision.SIGN, rng.choice(OVERRIDE_REASONS)
            operator = operator_ids[rng.randrange(len(operator_ids))]
            insp_rows.append(
                {
                    "id": iid,
                    "uid": f"{rng.getrandbits(128):032x}",
                    "order_number": order,
                    "courier_number": courier,
                    "station_id": station_ids[rng.randrange(len(station_ids))],
                    "operator_id": operator,
                    "status": status,
                    "decision": decision,
                    "started_at": started,
                    "ended_at": ended,
                    "duration_s": duration,
                    "frame_count": clip.frames if has_video else 0,
                    "dropped_frames": 0 if rng.random() < 0.95 else rng.randrange(1, 30),
                    "width": 320,
                    "height": 240,
                    "fps": 10.0,
                    "source": DEMO_SOURCE,
                    "record_hash": "",
                    "prev_record_hash": "",
                    "keep": decision in (Decision.REJECT, Decision.DISPUTE),
                    "video_removed_at": None,
                    "arrived_at": started,
                    "courier_supplied_late": False,
                    "platform": platform,
                    "recommended_decision": recommended if decision != Decision.PENDING else "",
                    "decision_reasons": reasons_json(reasons),
                    "override_reason": override,
                    "decided_by": ""
                    if decision == Decision.PENDING
                    else OPERATORS[operator_ids.index(operator)],
                    "decided_at": None if decision == Decision.PENDING else ended,
                }
            )
            if has_video:
                seg_rows.append(
                    {
                        "id": next_seg,
                        "inspection_id": iid,
                        "seq": 1,
                        "path": clip.path,
                        "started_at": started,
                        "ended_at": started + timedelta(seconds=duration),
                        "duration_s": duration,
                        "frame_count": clip.frames,
                        "dropped_frames": 0,
                        "size_bytes": clip.size_bytes,
                        "sha256": clip.sha256,
                        "codec": "h264",
                        "removed_at": None,
                    }
                )
                next_seg += 1
            name = OPERATORS[operator_ids.index(operator)]
            events = [
                (started, "started", name, "Recording started from the demo desk"),
                (ended, "stopped" if has_video else "failed", "", f"{duration:.1f} s"),
            ]
            if rng.random() < 0.01:
                events.append(
                    (ended + timedelta(days=rng.randint(1, 6)), "note", name, rng.choice(NOTES))
                )
            for at, kind, actor, message in events:
                ev_rows.append(
                    {
                        "id": next_ev,
                        "inspection_id": iid,
                        "at": min(at, now),
                        "kind": kind,
                        "actor": actor,
                        "message": message,
                    }
                )
                next_ev += 1
        with ctx.db.engine.begin() as conn:
            conn.execute(order_t.insert(), order_rows)
            conn.execute(line_t.insert(), line_rows)
            conn.execute(insp_t.insert(), insp_rows)
            if seg_rows:
                conn.execute(seg_t.insert(), seg_rows)
            conn.execute(ev_t.insert(), ev_rows)
        done += n
        yield DemoProgress("inspections", done, inspections)
    newest = list(range(next_insp + inspections - 1, next_insp - 1, -1))[: max(0, checklists)]
    for n, iid in enumerate(newest, start=1):
        _answer_checklist(ctx, iid, clips, rng)
        if n % 50 == 0 or n == len(newest):
            yield DemoProgress("checklists", n, len(newest))
    with ctx.db.engine.begin() as conn:
        _fix_sequences(conn, [insp_t, seg_t, ev_t, order_t, line_t])
        if conn.dialect.name == "sqlite":
            # Fresh statistics let the planner pick the code indexes for searches.
            conn.exec_driver_sql("ANALYZE")
    yield DemoProgress("done", inspections, inspections)


def _demo_photo(ctx: AppContext, clip: DemoVideo) -> str:
    """A still from a demo clip, stored once under photos/demo/, as a step's photo."""
    from inspector.services.browse import make_thumbnail

    dest = ctx.storage.photos_dir / "demo" / f"{Path(clip.path).stem}.jpg"
    if not dest.is_file():
        make_thumbnail(ctx.storage.absolute(clip.path), dest, at_s=2.0, width=320)
    return ctx.storage.relative(dest)


def _answer_checklist(
    ctx: AppContext, inspection_id: int, clips: list[DemoVideo], rng: random.Random
) -> None:
    """Build the inspection's checklist from its order and answer it along the video."""
    from inspector.services import guided

    guided.build_checklist_for(ctx, inspection_id)
    step_t, answer_t = ChecklistStep.__table__, ChecklistAnswer.__table__
    insp_t, seg_t = Inspection.__table__, VideoSegment.__table__
    with ctx.db.engine.begin() as conn:
        insp = conn.execute(sa.select(insp_t).where(insp_t.c.id == inspection_id)).one()
        seg = conn.execute(
            sa.select(seg_t).where(seg_t.c.inspection_id == inspection_id, seg_t.c.seq == 1)
        ).first()
        if seg is None:
            return  # no video: nothing was checked on camera
        clip = next((c for c in clips if c.path == seg.path), clips[0])
        photo = _demo_photo(ctx, clip)
        steps = conn.execute(
            sa.select(step_t).where(step_t.c.inspection_id == inspection_id).order_by(step_t.c.seq)
        ).all()
        failing = (
            rng.choice([s.seq for s in steps if s.category == "identity"] or [steps[-1].seq])
            if insp.decision == Decision.REJECT and steps
            else None
        )
        rows = []
        for i, step in enumerate(steps):
            offset = round(seg.duration_s * (i + 1) / (len(steps) + 1), 2)
            expects = json.loads(step.expects or "{}")
            shipped = expects.get("shipped") or []
            value = expects.get("equals") or (shipped[0] if shipped else "")
            rows.append(
                {
                    "step_id": step.id,
                    "inspection_id": inspection_id,
                    "result": "fail" if step.seq == failing else "pass",
                    "note": "Does not match the shipped item." if step.seq == failing else "",
                    "value": value,
                    "photo_path": photo if i == 0 else "",
                    "answered_at": seg.started_at + timedelta(seconds=offset),
                    "video_offset_s": offset,
                    "segment_seq": 1,
                    "offset_from_clock": False,
                    "actor": insp.decided_by,
                }
            )
        if rows:
            conn.execute(answer_t.insert(), rows)
