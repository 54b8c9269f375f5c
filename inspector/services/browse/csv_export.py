"""The filtered list as a CSV file (the daily report), written whole or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from inspector.core.csvfiles import SafeCsvWriter
from inspector.core.errors import StorageError
from inspector.core.pending_writes import PendingWrites
from inspector.i18n.clock import format_local
from inspector.services.browse.queries import BrowseFilter, Cursor, Sort, fetch_page
from inspector.services.browse.tables import (
    ORDER,
    ORDER_LINE,
)
from inspector.services.context import AppContext

CSV_COLUMNS = (
    "id",
    "started_local",
    "order_number",
    "courier_number",
    "operator",
    "station",
    "decision",
    "status",
    "duration_s",
    "platform",
    "buyer",
    "skus",
    "video_sha256",
)


def _order_facts(ctx: AppContext, numbers: list[str]) -> dict[str, tuple[str, str, str]]:
    """Platform, buyer and SKUs ('A | B') of the given orders, in one query per page."""
    if not numbers:
        return {}
    facts: dict[str, tuple[str, str, list[str]]] = {}
    query = (
        sa.select(ORDER.c.order_number, ORDER.c.platform, ORDER.c.buyer, ORDER_LINE.c.sku)
        .select_from(ORDER.outerjoin(ORDER_LINE, ORDER_LINE.c.order_id == ORDER.c.id))
        .where(ORDER.c.order_number.in_(sorted(set(numbers))))
        .order_by(ORDER.c.order_number, ORDER_LINE.c.line_no)
    )
    with ctx.db.engine.connect() as conn:
        for number, platform, buyer, sku in conn.execute(query):
            entry = facts.setdefault(number, (platform, buyer, []))
            if sku:
                entry[2].append(sku)
    return {k: (p, b, " | ".join(skus)) for k, (p, b, skus) in facts.items()}


def export_csv(
    ctx: AppContext, dest: Path, f: BrowseFilter = BrowseFilter(), sort: Sort = Sort()
) -> Iterator[int]:
    """Write the filtered list to a CSV file, yielding the number of rows written so far.

    The file appears only when complete (written to a temporary name, then renamed), so
    a failed export never leaves half a report where the daily report is expected.
    """
    dest = Path(dest)
    f.check()
    tmp = dest.with_name(f".{dest.name}.partial")
    written = 0
    noted = contextlib.ExitStack()  # a kill mid-way: the next start removes tmp
    noted.enter_context(PendingWrites(ctx.storage.root).tracking(tmp))
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # utf-8-sig: spreadsheet programs then read Chinese names correctly.
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = SafeCsvWriter(fh)
            writer.writerow(CSV_COLUMNS)
            cursor: Cursor | None = None
            while True:
                page = fetch_page(ctx, f, sort, cursor, 2000)
                facts = _order_facts(ctx, [r.order for r in page.rows])
                for row in page.rows:
                    platform, buyer, skus = facts.get(row.order, ("", "", ""))
                    writer.writerow(
                        (
                            row.id,
                            format_local(row.started_at),
                            row.order,
                            row.courier,
                            row.operator,
                            row.station,
                            row.decision,
                            row.status,
                            f"{row.duration_s:.1f}",
                            platform,
                            buyer,
                            skus,
                            row.video_sha256,
                        )
                    )
                written += len(page.rows)
                if page.next_cursor is None:
                    break
                cursor = page.next_cursor
                yield written
        os.replace(tmp, dest)
    except OSError as exc:
        _remove_quietly(tmp)
        raise StorageError(
            f"Cannot write the CSV file {dest}: {exc.strerror or exc}. "
            "Check the folder exists, is writable and has free space."
        ) from exc
    except BaseException:
        _remove_quietly(tmp)
        raise
    finally:
        noted.close()
    yield written


def _remove_quietly(path: Path) -> None:
    # OSError: it was never created (its folder is not a folder); nothing to clean up.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)
