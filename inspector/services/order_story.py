"""An order's story and the buyer's reminders, for the CLI, the windows and the bundle."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from inspector.core import order_story as story_core
from inspector.core.order_story import StoryEntry
from inspector.i18n.language import resolve_language
from inspector.services.context import AppContext

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OrderTimeline:
    """An order's story in time order, with its one-line summary of reminders and waybill."""

    order_number: str
    entries: list[StoryEntry]
    summary: str
    language: str

    def to_json(self) -> dict[str, Any]:
        return {
            "order_number": self.order_number,
            "entries": [e.to_json(self.language) for e in self.entries],
            "summary": self.summary,
        }


def order_timeline(
    ctx: AppContext, order_number: str, language: str | None = None
) -> OrderTimeline:
    """The order's story: packed → shipped → return requested → reminders → waybill → returned → decided → appeal."""
    lang = language or resolve_language(ctx.settings.language)
    with ctx.db.session() as session:
        entries = story_core.order_story(session, order_number, lang)
    number = story_core.normalize_code(order_number)
    return OrderTimeline(number, entries, story_core.story_summary(entries, lang), lang)


@dataclass(frozen=True)
class Reminder:
    """Today's message to the buyer, as logged."""

    order_number: str
    message: str
    language: str
    at: Any
    earlier: int  # reminders sent before this one

    def to_json(self) -> dict[str, Any]:
        return {
            "order_number": self.order_number,
            "message": self.message,
            "language": self.language,
            "at": self.at.isoformat(),
            "earlier": self.earlier,
        }


def remind_buyer(ctx: AppContext, order_number: str, actor: str = "") -> Reminder:
    """Today's reminder for an order without its return waybill, logged with its time."""
    with ctx.db.session() as session:
        row = story_core.remind(session, order_number, actor or ctx.settings.operator)
        earlier = len(story_core.reminders(session, row.order_number)) - 1
        reminder = Reminder(row.order_number, row.message, row.language, row.at, earlier)
    log.info("Reminded the buyer of order %s (%s)", reminder.order_number, reminder.language)
    return reminder


def reminder_preview(ctx: AppContext, order_number: str) -> Reminder:
    """Today's reminder as it would be sent, not logged (shown before it is copied)."""
    with ctx.db.session() as session:
        row = story_core.todays_reminder(session, order_number)
        earlier = len(story_core.reminders(session, row.order_number))
    return Reminder(row.order_number, row.message, row.language, row.at, earlier)


def reminders_sent(ctx: AppContext) -> dict[str, list[datetime]]:
    """When each order's buyer was reminded, oldest first, by order number."""
    with ctx.db.session() as session:
        return story_core.reminders_by_order(session)
