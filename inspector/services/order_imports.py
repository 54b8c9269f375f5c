"""Order imports as the CLI and the windows run them: a platform's export read by what its
columns mean, the import window's preview and guess, and the warehouse's presets.

Kept apart from services/guided.py so an `orders import` process loads only what an import
needs (no camera, video or packing modules): its peak memory is the import's own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from inspector.core import orders as orders_core
from inspector.core.csvfiles import CsvFileError
from inspector.core.errors import NotFoundError
from inspector.core.field_dictionary import DateOrder
from inspector.core.order_layouts import ColumnMapping, legacy_presets, load_presets, save_preset
from inspector.core.recognise import Recognition
from inspector.i18n.language import resolve_language
from inspector.services.context import AppContext

log = logging.getLogger(__name__)


def import_orders(
    ctx: AppContext,
    path: Path,
    mapping: ColumnMapping | None = None,
    preset: str | None = None,
    platform: str = "",
    date_order: str = "",
) -> orders_core.OrdersImportResult:
    """Import or update orders from a platform export or the app's CSV, all or nothing.

    What the columns mean is recognised from the header; the file is refused with
    UnknownLayout (no order number column), PlatformNeeded (whose export it is cannot be
    told: name `platform`) or DateOrderNeeded (its dates read either way: give
    `date_order`), unless a mapping or a saved preset's name is given.
    """
    if preset:
        mapping = order_preset(ctx, preset)
    order = DateOrder(date_order.upper()) if date_order else None
    try:
        with ctx.db.session() as session:
            result = orders_core.import_orders(session, Path(path), mapping, platform, order)
    except CsvFileError as exc:
        # Each row's problem in the desk's language (the CLI and the window show it as is).
        raise exc.in_language(resolve_language(ctx.settings.language)) from None
    log.info("Imported %s from %s", result.summary(), path)
    for warning in result.warnings:
        log.warning("%s", warning)
    return result


@dataclass(frozen=True)
class ImportPreview:
    """A file's first rows and what the recogniser made of them: what the import window shows."""

    path: Path
    layout_name: str  # "" when nothing was recognised
    header_line: int
    header: list[str]
    rows: list[list[str]]  # the rows under the header, as many as were asked for
    description: str  # "CSV text (gb18030)", "XLSX workbook"
    recognition: Recognition | None = None


def preview_orders_file(ctx: AppContext, path: Path, rows: int = 8) -> ImportPreview:
    """The first rows of a file as the import window shows them, with the recogniser's guess."""
    from inspector.core.order_layouts import guess_header
    from inspector.core.recognise import recognise, recognise_header
    from inspector.core.sheets import open_table, read_head

    table = open_table(Path(path))
    head = read_head(table, 20 + rows)
    found = recognise(head)
    if found is not None:
        line, header, name = found.header_line, found.header, found.name
    else:
        line, header = guess_header(head) or (1, [])
        name = ""
        # No order number column: what the other columns mean still fills the window in.
        found = recognise_header(header, line) if header else None
    below = [cells for ln, cells in head if ln > line and any(c.strip() for c in cells)][:rows]
    return ImportPreview(Path(path), name, line, header, below, table.description, found)


def guess_orders_file(path: Path, platform: str = "") -> Recognition | None:
    """What the recogniser makes of a file, importing nothing (`orders import --guess`)."""
    from inspector.core.recognise import recognise
    from inspector.core.sheets import open_table, read_head

    table = open_table(Path(path))
    return recognise(read_head(table, 20), platform)


def order_presets(ctx: AppContext) -> dict[str, ColumnMapping]:
    """The warehouse's column mappings (in the database: every desk has them), by name.

    Presets an older version kept in this desk's folder are moved into the database once.
    """
    legacy = legacy_presets(ctx.storage.root)
    with ctx.db.session() as session:
        stored = load_presets(session)
        moved = [m for n, m in legacy.items() if n not in stored]
        for mapping in moved:
            save_preset(session, mapping)
        if moved:
            session.commit()
            stored = load_presets(session)
            log.info("Moved %d import preset(s) from the data folder into the database", len(moved))
    return stored


def order_preset(ctx: AppContext, name: str) -> ColumnMapping:
    presets = order_presets(ctx)
    if name not in presets:
        known = ", ".join(sorted(presets)) or "none yet"
        raise NotFoundError(f"No import preset named {name!r} (saved presets: {known}).")
    return presets[name]


def save_order_preset(ctx: AppContext, mapping: ColumnMapping) -> None:
    """Keep a column mapping under its name for the next export of the same kind, for every desk."""
    with ctx.db.session() as session:
        save_preset(session, mapping)
        session.commit()
    log.info("Saved the order import preset %r", mapping.name)
