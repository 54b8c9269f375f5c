"""Operators: the staff list, their badges, and how many parcels each did today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import select

from inspector.core.database import get_or_create_named
from inspector.core.errors import NotFoundError, ValidationError
from inspector.core.models import Inspection, Operator, Station, normalize_code
from inspector.i18n.language import resolve_language
from inspector.i18n.phrases import say
from inspector.services.context import AppContext
from inspector.services.inspections import start_of_today


@dataclass(frozen=True)
class OperatorInfo:
    """An operator as lists and the CLI show it."""

    id: int
    name: str
    badge: str
    active: bool


def _info(row: Operator) -> OperatorInfo:
    assert row.id is not None
    return OperatorInfo(row.id, row.name, row.badge or "", row.active)


def list_operators(ctx: AppContext, include_inactive: bool = False) -> list[OperatorInfo]:
    """Operators by name; only those still working here unless include_inactive."""
    query = select(Operator).order_by(Operator.name)
    if not include_inactive:
        query = query.where(Operator.active == True)  # noqa: E712 (SQL comparison)
    with ctx.db.session() as session:
        return [_info(row) for row in session.exec(query)]


def save_operator(ctx: AppContext, name: str, badge: str = "", active: bool = True) -> OperatorInfo:
    """Add an operator, or update the badge and active flag of one with this name."""
    lang = resolve_language(ctx.settings.language)  # the words the desk reads
    name = " ".join(name.split())
    if not name:
        raise ValidationError(say(lang, "An operator needs a name."))
    if len(name) > 100:
        raise ValidationError(say(lang, "An operator's name can have at most 100 characters."))
    badge_code = normalize_code(badge) or None
    with ctx.db.session() as session:
        if badge_code:
            holder = session.exec(select(Operator).where(Operator.badge == badge_code)).first()
            if holder is not None and holder.name != name:
                raise ValidationError(
                    say(
                        lang,
                        "The badge {badge} already belongs to {name}. "
                        "Give each operator a badge of their own.",
                        badge=badge_code,
                        name=holder.name,
                    )
                )
        # Two desks adding the same person at once both end on one row.
        row = session.get(Operator, get_or_create_named(session, Operator, name))
        row.badge = badge_code
        row.active = active
        session.add(row)
        session.flush()
        return _info(row)


def set_active(ctx: AppContext, name: str, active: bool) -> OperatorInfo:
    """Mark an operator as working here or not (their past inspections keep their name)."""
    with ctx.db.session() as session:
        row = session.exec(select(Operator).where(Operator.name == name.strip())).first()
        if row is None:
            raise NotFoundError(
                say(
                    resolve_language(ctx.settings.language),
                    "There is no operator called '{name}'. Add them first.",
                    name=name.strip(),
                )
            )
        row.active = active
        session.add(row)
        session.flush()
        return _info(row)


def find_by_badge(ctx: AppContext, badge: str) -> OperatorInfo | None:
    """The active operator whose badge this is, or None."""
    code = normalize_code(badge)
    if not code:
        return None
    with ctx.db.session() as session:
        row = session.exec(
            select(Operator).where(Operator.badge == code, Operator.active == True)  # noqa: E712
        ).first()
        return _info(row) if row is not None else None


def counts_since(
    ctx: AppContext, station: str | None = None, since: datetime | None = None
) -> dict[str, int]:
    """How many inspections each operator started since a time (default: local midnight)."""
    since = since or start_of_today()
    query = (
        select(Operator.name, func.count(Inspection.id))
        .join(Operator, Operator.id == Inspection.operator_id)
        .where(Inspection.started_at >= since)
        .group_by(Operator.name)
    )
    if station:
        query = query.join(Station, Station.id == Inspection.station_id).where(
            Station.name == station
        )
    with ctx.db.session() as session:
        return {name: count for name, count in session.exec(query)}
