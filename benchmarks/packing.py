"""Packing at a desk's pace: scan → PACKING on the bar, and many parcels in a row.

The real station window (offscreen Qt, the demo camera at 320×240) on a packing desk with
one imported order per parcel. For each parcel, as a scanner gun would: the order's scan
(timed until the state bar is painted reading ● PACKING; the time until the window has
handled every event the scan queued is reported too, as "settled"), the
item's barcode, its serial, a short film, F8 (timed until PACKED). The resident memory and
the number of open files are read after a warm-up and at the end: a packing desk does
600 parcels an hour, so neither may grow with the parcels.

Targets: scan → PACKING p95 ≤ 150 ms; growth over the run ≤ 30 MB and ≤ 3 open files.
--packing-parcels sets the run (default 1000; --packing-quick: 60).
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET_P95_MS = 150.0
TARGET_GROWTH_MB = 30.0
TARGET_GROWTH_FILES = 3
WARM_UP = 20  # parcels before the baseline: caches, imports and the first files settle


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of the packing benchmark."""
    group = parser.add_argument_group("packing")
    group.add_argument("--packing-parcels", type=int, default=1000, help="parcels (1000)")
    group.add_argument("--packing-quick", action="store_true", help="60 parcels")
    group.add_argument(
        "--packing-film", type=float, default=0.4, help="seconds filmed per parcel (0.4)"
    )


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


class _PaintClock:
    """When a label was first painted showing a text: the moment it is on screen."""

    def __init__(self, label: Any, prefix: str) -> None:
        from PySide6.QtCore import QEvent, QObject

        clock = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802 (Qt's name)
                if (
                    event.type() == QEvent.Type.Paint
                    and clock.at is None
                    and label.text().startswith(prefix)
                ):
                    clock.at = time.perf_counter()
                return False

        self.at: float | None = None
        self._filter = Filter()
        label.installEventFilter(self._filter)


def _orders_csv(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["order_number", "platform", "buyer", "sku", "quantity", "ship_date"])
        for n in range(count):
            out.writerow([f"PK{n:06d}", "taobao", f"buyer{n}", "TS-001", 1, "2026-12-01"])


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the parcels through the station; figures and targets."""
    from PySide6.QtWidgets import QApplication

    from inspector.services.context import AppContext
    from inspector.services.desk_machine import Key, Phase, Source
    from inspector.services.guided import import_orders, import_products
    from inspector.ui.main_window import MainWindow
    from inspector.ui.refcounts import guard_singletons

    guard_singletons()  # as the app does (PySide6 6.12.0's lost references; ui/refcounts.py)

    parcels = 60 if args.packing_quick else args.packing_parcels
    app = QApplication.instance() or QApplication([])
    sample = Path(__file__).resolve().parents[1] / "resources" / "sample"
    with tempfile.TemporaryDirectory(prefix="bench-packing-") as tmp:
        data = Path(tmp)
        ctx = AppContext.open(data / "data")
        for key, value in {
            "camera_source": "demo",
            "width": 320,
            "height": 240,
            "disk_reserve_gb": 0.01,
            "operator": "Li Na",
            "packing_desk": True,
            "preroll_seconds": 0.0,
            "camera_barcode": False,
        }.items():
            ctx.settings.set(key, value)
        ctx.settings.save()
        import_products(ctx, sample / "products.csv")
        _orders_csv(data / "orders.csv", parcels)
        import_orders(ctx, data / "orders.csv")
        win = MainWindow(ctx)
        win.show()
        station = win.station

        def wait(until, timeout: float = 20.0) -> None:  # noqa: ANN001 (a predicate)
            end = time.monotonic() + timeout
            while not until():
                if time.monotonic() > end:
                    raise TimeoutError(
                        f"the station did not get there: {station.view.banner.text()}"
                    )
                app.processEvents()
                time.sleep(0.002)

        wait(lambda: station.capture is not None)
        painted = _PaintClock(station.view.banner, "● PACKING")
        latencies: list[float] = []
        settled: list[float] = []
        base_rss = base_files = 0.0
        for n in range(parcels):
            if n == WARM_UP:
                base_rss, base_files = _rss_mb(), _open_files()
            painted.at = None
            t0 = time.perf_counter()
            station.scan(f"PK{n:06d}", Source.SCANNER)
            app.processEvents()
            assert station.view.banner.text().startswith("● PACKING"), station.view.banner.text()
            settled.append((time.perf_counter() - t0) * 1000)
            assert painted.at is not None, "the bar was never painted with PACKING"
            latencies.append((painted.at - t0) * 1000)
            wait(lambda: station.active is not None and station.active.elapsed >= 0.1)
            station.scan("4901234567894", Source.SCANNER)
            station.scan(f"AC-{n % 900 + 100:06d}", Source.SCANNER)
            wait(lambda: station.active is not None and station.active.elapsed >= args.packing_film)
            station.press(Key.STOP)
            wait(lambda: station.machine.state.phase is Phase.PACKED)
        end_rss, end_files = _rss_mb(), _open_files()
        station.shutdown()
        win.close()
        ctx.close()
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    growth_mb = end_rss - base_rss if parcels > WARM_UP else 0.0
    growth_files = end_files - base_files if parcels > WARM_UP else 0
    return {
        "parcels": parcels,
        "scan_to_packing_ms": {
            "median": round(statistics.median(latencies), 1),
            "p95": round(p95, 1),
            "max": round(ordered[-1], 1),
        },
        # Until every event the scan queued is handled (the shipped list filled in too).
        "scan_to_desk_settled_ms": {
            "median": round(statistics.median(settled), 1),
            "p95": round(sorted(settled)[min(len(settled) - 1, int(0.95 * len(settled)))], 1),
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rss_mb": {"after_warm_up": round(base_rss, 1), "end": round(end_rss, 1)},
        "open_files": {"after_warm_up": base_files, "end": end_files},
        "targets": [
            {
                "target": f"scan → PACKING p95 ≤ {TARGET_P95_MS:g} ms",
                "status": "PASS" if p95 <= TARGET_P95_MS else "MISS",
                "measured": f"p95 {p95:.1f} ms over {parcels} parcels",
            },
            {
                "target": f"memory growth ≤ {TARGET_GROWTH_MB:g} MB over the parcels",
                "status": "PASS" if growth_mb <= TARGET_GROWTH_MB else "MISS",
                "measured": f"{growth_mb:+.1f} MB after {parcels - WARM_UP} parcels",
            },
            {
                "target": f"open files growth ≤ {TARGET_GROWTH_FILES}",
                "status": "PASS" if growth_files <= TARGET_GROWTH_FILES else "MISS",
                "measured": f"{growth_files:+d} files",
            },
        ],
    }
