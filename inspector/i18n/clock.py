"""Times as the desk reads them: stored UTC shown in local time with the offset, one way everywhere.

The history, the lists, the report and the overlay all write the offset as ISO 8601 does
(+08:00), so a time copied from one into another is the same text.
"""

from __future__ import annotations

from datetime import datetime


def utc_offset(local: datetime) -> str:
    """The offset of an aware local time as ±HH:MM."""
    offset = local.strftime("%z")
    return f"{offset[:3]}:{offset[3:]}"


def format_local(moment: datetime) -> str:
    """A stored UTC time as local time with its offset: 2026-11-27 14:03:09 +08:00."""
    local = moment.astimezone()
    return f"{local:%Y-%m-%d %H:%M:%S} {utc_offset(local)}"
