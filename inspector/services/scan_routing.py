"""The desk's scan router joined to the store's catalog, for the station window and the CLI.

A scan that is one of the catalog's product barcodes is that product, before any pattern;
the look-up keeps the barcodes in memory and re-reads them only when the catalog changed.
"""

from __future__ import annotations

from inspector.core.catalog import BarcodeIndex, ProductMatch
from inspector.core.scan_routing import ProductLookup, ScanRouter, router_from_settings
from inspector.services.context import AppContext


def product_finder(ctx: AppContext) -> ProductLookup:
    """A function naming the catalog product a scanned code is the barcode of (None if none)."""
    index = BarcodeIndex()

    def find(code: str) -> ProductMatch | None:
        with ctx.db.session() as session:
            return index.find(session, code)

    return find


def desk_router(ctx: AppContext, products: ProductLookup | None = None) -> ScanRouter:
    """The router for this desk: catalog barcodes first, then its settings' patterns.

    Raises ValidationError naming the line when a hand-edited pattern is broken.
    """
    return router_from_settings(ctx.settings, products or product_finder(ctx))
