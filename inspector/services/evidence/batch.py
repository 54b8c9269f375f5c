"""Many bundles at once into one folder, with summary.csv."""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
from collections.abc import Generator, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import select

from inspector.core.csvfiles import SafeCsvWriter, restore_formula_guard
from inspector.core.errors import NotFoundError, StorageError, ValidationError
from inspector.core.evidence import EvidenceError
from inspector.core.models import Inspection, InspectionStatus, normalize_code
from inspector.core.pending_writes import PendingWrites
from inspector.core.progress import Progress
from inspector.core.storage import durable_replace
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext
from inspector.services.evidence.bundle import BundleResult, export_bundle

log = logging.getLogger(__name__)


SUMMARY_COLUMNS = [
    "order_number",
    "courier_number",
    "inspection_id",
    "decision",
    "started_at",
    "result",
    "bundle",
    "size_bytes",
    "manifest_sha256",
    "message",
]


def read_order_list(path: Path) -> list[str]:
    """Order numbers from a text or CSV file: the first column of each line; blanks and # ignored."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise NotFoundError(
            f"There is no file {path}. Give a file with one order number a line."
        ) from exc
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"{path} is not UTF-8 text; save it as UTF-8 (CSV or plain text) and try again."
        ) from exc
    orders: list[str] = []
    for cells in csv.reader(io.StringIO(text)):
        if not cells:
            continue
        first = normalize_code(restore_formula_guard(cells[0]))
        if not first or first.startswith("#") or first in {"ORDER", "ORDER_NUMBER", "ORDERNUMBER"}:
            continue
        if first not in orders:
            orders.append(first)
    if not orders:
        raise ValidationError(f"{path} holds no order numbers.")
    return orders


def batch_targets(
    ctx: AppContext,
    since: datetime | None = None,
    until: datetime | None = None,
    orders: Iterable[str] | None = None,
) -> tuple[list[int], list[str]]:
    """Inspections to export (finished, with video), and the listed orders that have none."""
    query = select(Inspection).where(
        Inspection.status.in_([InspectionStatus.COMPLETED, InspectionStatus.INTERRUPTED])
    )
    if since is not None:
        query = query.where(Inspection.started_at >= since)
    if until is not None:
        query = query.where(Inspection.started_at < until)
    wanted = [normalize_code(o) for o in orders] if orders is not None else None
    if wanted is not None:
        query = query.where(Inspection.order_number.in_(wanted))
    with ctx.db.session() as session:
        rows = list(session.exec(query.order_by(Inspection.started_at, Inspection.id)))
    found = {r.order_number for r in rows}
    missing = [o for o in wanted if o not in found] if wanted is not None else []
    return [r.id for r in rows if r.id is not None], missing


def export_batch(
    ctx: AppContext,
    out_dir: Path,
    since: datetime | None = None,
    until: datetime | None = None,
    orders: Iterable[str] | None = None,
    actor: str = "",
    language: str | None = None,
) -> Generator[Progress, None, Path]:
    """Export many bundles into one folder with summary.csv; one failure does not stop the rest."""
    out_dir = Path(out_dir).expanduser()
    if out_dir.suffix.lower() == ".zip":
        raise ValidationError("A batch goes into a folder; give --out a folder, not a .zip name.")
    ids, missing = batch_targets(ctx, since, until, orders)
    lang = resolve_language(ctx.settings.language)
    if not ids and not missing:
        raise NotFoundError("No finished inspections match; nothing was exported.")
    out_dir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for n, inspection_id in enumerate(ids):
        with ctx.db.session() as session:
            row = session.get(Inspection, inspection_id)
            assert row is not None
            base = {
                "order_number": row.order_number,
                "courier_number": row.courier_number,
                "inspection_id": inspection_id,
                "decision": row.decision,
                "started_at": row.started_at.isoformat(),
            }
        label = say(
            lang, "{n}/{count} order {order}", n=n + 1, count=len(ids), order=base["order_number"]
        )
        try:
            job = export_bundle(ctx, inspection_id, out_dir, actor, language)
            while True:
                try:
                    step = next(job)
                except StopIteration as stop:
                    result: BundleResult = stop.value
                    break
                yield Progress((n + step.fraction) / len(ids), f"{label}: {step.message}")
            rows.append(
                base
                | {
                    "result": "exported",
                    "bundle": result.path.name,
                    "size_bytes": result.size_bytes,
                    "manifest_sha256": result.manifest_sha256,
                    "message": "",
                }
            )
        except (EvidenceError, StorageError, ValidationError, NotFoundError) as exc:
            log.warning("Batch export of inspection %s failed: %s", inspection_id, exc)
            rows.append(base | {"result": "failed", "message": str(exc)})
    for order in missing:
        rows.append(
            {"order_number": order, "result": "not found", "message": "no finished inspection"}
        )
    summary = out_dir / "summary.csv"
    fd, tmp = tempfile.mkstemp(prefix=".summary.", suffix=".csv", dir=out_dir)
    with PendingWrites(ctx.storage.root).tracking(Path(tmp)):
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
            writer = SafeCsvWriter(fh)
            writer.writerow(SUMMARY_COLUMNS)
            for r in rows:
                writer.writerow([r.get(c, "") for c in SUMMARY_COLUMNS])
        durable_replace(tmp, summary)
    exported = sum(r["result"] == "exported" for r in rows)
    yield Progress(1.0, say(lang, "{count} bundles in {folder}", count=exported, folder=out_dir))
    return summary
