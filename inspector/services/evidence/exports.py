"""What every export leaves behind: its record as handed out, in the history too."""

from __future__ import annotations

from inspector.core.models import EvidenceExport, InspectionEvent
from inspector.i18n.vocabulary import EventKind
from inspector.services.context import AppContext


def record_export(ctx: AppContext, export: EvidenceExport, message: str) -> None:
    """Keep what was handed out (path, hash, size) and say so in the inspection's history."""
    with ctx.db.session() as session:
        session.add(export)
        session.add(
            InspectionEvent(
                inspection_id=export.inspection_id,
                kind=EventKind.EXPORTED,
                actor=export.actor,
                message=message,
            )
        )
