"""The desk under a real X server (Xvfb, 1366×768), driven as a scanner and an operator do.

The app runs as its own process on a temporary data folder with the sample orders imported
and the demo camera. X key events (xdotool) go into whatever has the focus: a waybill
scanned as a fast burst and Enter, the checklist's keys, F8, a decision. The results are
read back from the database through the CLI; screenshots of each stage are kept under
tmp/artefacts/x11/ (or $INSPECTOR_ARTEFACTS) for a person to look at.

INSPECTOR_X11_SIZES="1366x768,1920x1080" runs more screen sizes (the default is 1366×768).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "resources" / "sample"
TOOLS = ("Xvfb", "xdotool", "import")
# The sample's two-product order (its checklist is the longest), given an SF waybill.
ORDER = "TB2026110200002"
WAYBILL = "SF202611020002"
SIZES = os.environ.get("INSPECTOR_X11_SIZES", "1366x768").split(",")

pytestmark = pytest.mark.skipif(
    any(shutil.which(t) is None for t in TOOLS),
    reason="Xvfb, xdotool and ImageMagick's import are needed (packaging/system-deps.sh test)",
)


def artefacts_dir(name: str) -> Path:
    root = Path(os.environ.get("INSPECTOR_ARTEFACTS", ROOT / "tmp" / "artefacts"))
    folder = root / "x11" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _free_display() -> int:
    for n in range(120, 400):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display number")


def _accepts_clients(display: str) -> bool:
    probe = subprocess.run(
        ["xdotool", "getdisplaygeometry"],
        env=dict(os.environ, DISPLAY=display),
        capture_output=True,
        timeout=10,
    )
    return probe.returncode == 0


@pytest.fixture
def xserver(request) -> Iterator[tuple[str, str]]:
    """An Xvfb of the size asked for, on a display number nobody uses; (DISPLAY, size)."""
    size = request.param
    for _attempt in range(3):
        n = _free_display()
        proc = subprocess.Popen(
            ["Xvfb", f":{n}", "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Ready when a client gets in, as the app's will (its socket file comes sooner: on a
        # loaded machine the app once started before and could not connect).
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and proc.poll() is None:
            if _accepts_clients(f":{n}"):
                break
            time.sleep(0.1)
        if proc.poll() is None and _accepts_clients(f":{n}"):
            break
        proc.kill()
        proc.wait(10)
    else:
        pytest.skip("Xvfb would not start")
    try:
        yield f":{n}", size
    finally:
        proc.terminate()
        proc.wait(10)


def _prepare(data: Path, language: str, **more: object) -> None:
    """A desk set up as its wizard leaves it: demo camera, an operator, the shop's orders."""
    from inspector.services.context import AppContext
    from inspector.services.guided import import_orders, import_products

    ctx = AppContext.open(data)
    try:
        s = ctx.settings
        for key, value in {
            "camera_source": "demo",
            "width": 640,
            "height": 360,
            "preroll_seconds": 0.0,
            "disk_reserve_gb": 0.01,
            "operator": "Li Na",
            "language": language,
            "first_run_done": True,
            "camera_barcode": False,  # the demo's moving picture is not what is tested here
            "auto_stop_seconds": 600,
            **more,
        }.items():
            s.set(key, value)
        s.save()
        import_products(ctx, SAMPLE / "products.csv")
        orders = (SAMPLE / "orders.csv").read_text(encoding="utf-8").splitlines()
        orders = [
            line.replace(",2026-11-12,,", f",2026-11-12,{WAYBILL},") if ORDER in line else line
            for line in orders
        ]
        csv = data.parent / "orders.csv"
        csv.write_text("\n".join(orders) + "\n", encoding="utf-8")
        import_orders(ctx, csv)
    finally:
        ctx.close()


class Desk:
    """The app's process on one X display, and the keyboard a scanner and a person share."""

    def __init__(self, display: str, data: Path, shots: Path) -> None:
        self.env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", LANG="C.UTF-8")
        self.env.pop("WAYLAND_DISPLAY", None)
        self.data = data
        self.shots = shots
        self.log = (shots / "app.log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "inspector", "--data-dir", str(data)],
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def x(self, *args: str, timeout: float = 20) -> str:
        return subprocess.run(
            ["xdotool", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        ).stdout.strip()

    def wait_window(self) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.shots / "app.log").read_text()
            try:
                found = self.x("search", "--onlyvisible", "--pid", str(self.proc.pid), timeout=5)
            except subprocess.CalledProcessError:
                found = ""
            if found:
                window = found.splitlines()[-1]
                # No window manager: the keyboard focus is given to the window by hand.
                self.x("windowfocus", "--sync", window)
                return window
            time.sleep(0.3)
        raise AssertionError("the station window did not appear")

    def scan(self, code: str) -> None:
        """A keyboard-wedge scanner: the whole code in a few milliseconds a key, then Enter."""
        self.x("type", "--delay", "4", code)
        self.x("key", "Return")

    def press(self, *keys: str, pause: float = 0.35) -> None:
        """A person's keys, one at a time."""
        for key in keys:
            self.x("key", key)
            time.sleep(pause)

    def shot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        subprocess.run(
            ["import", "-window", "root", str(path)], env=self.env, check=True, timeout=30
        )
        return path

    def inspections(self) -> list[dict]:
        out = run_cli("list", "--json", data_dir=self.data)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    def detail(self, inspection_id: int) -> dict:
        out = run_cli("show", str(inspection_id), "--json", data_dir=self.data)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    def until(self, what, timeout: float = 30.0, every: float = 0.5):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, (self.shots / "app.log").read_text()
            value = what()
            if value:
                return value
            time.sleep(every)
        raise AssertionError(f"timed out waiting; screenshots in {self.shots}")

    def close(self) -> int:
        if self.proc.poll() is None:
            self.x("key", "ctrl+q")
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.send_signal(signal.SIGTERM)
                self.proc.wait(10)
        self.log.close()
        return self.proc.returncode


@pytest.mark.parametrize("xserver", SIZES, indirect=True)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_parcel_scanned_checked_and_signed_with_the_keyboard_alone(xserver, language, tmp_path):
    display, size = xserver
    shots = artefacts_dir(f"{size}-{language}")
    data = tmp_path / "data"
    _prepare(data, language)
    desk = Desk(display, data, shots)
    try:
        desk.wait_window()
        time.sleep(2.5)  # the demo camera's first frames
        desk.shot("01-ready")

        desk.scan(WAYBILL)
        started = desk.until(lambda: [r for r in desk.inspections() if r["courier"] == WAYBILL])
        inspection_id = started[0]["id"]
        time.sleep(1.0)
        desk.shot("02-recording")
        steps = desk.detail(inspection_id)["steps"]
        assert len(steps) >= 5

        # Half the steps while filming, then F8 ends the film, then the rest and S.
        half = len(steps) // 2
        desk.press(*["p"] * half)
        desk.shot("03-half-checked")
        desk.press("F8", pause=1.5)
        desk.until(lambda: desk.inspections()[0]["status"] == "completed", timeout=30)
        desk.shot("04-stopped-decision-pending")
        desk.press(*["p"] * (len(steps) - half))
        desk.press("Down", "Up")  # the arrows move between steps, wherever the focus is
        desk.press("s", pause=1.5)
        detail = desk.until(
            lambda: (d := desk.detail(inspection_id))["decision"] != "pending" and d
        )
        desk.shot("05-signed")
        assert detail["decision"] == "sign"
        assert detail["decided_by"] == "Li Na"
        assert all(s["result"] == "pass" for s in detail["steps"])
        assert detail["inspection"]["order"] == ORDER
        assert detail["inspection"]["duration_s"] > 1.0

        # The next parcel: a scan clears the last one (its banner, its order) and records.
        desk.scan("SF987654321098")
        desk.until(lambda: desk.inspections()[0]["courier"] == "SF987654321098")
        time.sleep(1.0)
        desk.shot("06-unknown-waybill-recording")
        desk.press("F8", pause=2.0)
        desk.shot("07-unknown-waybill-stopped")
        # Its decision is pending: quitting asks first, in the state bar (no box); a scan
        # withdraws the question; Ctrl+Q twice leaves it pending and quits.
        desk.press("ctrl+q", pause=1.0)
        desk.shot("08-quit-asks")
        assert desk.proc.poll() is None, "quitting with a decision pending asks first"
        desk.press("ctrl+q", pause=1.0)
        desk.proc.wait(20)
    finally:
        code = desk.close()
    log = (shots / "app.log").read_text()
    assert "Fatal Python error" not in log, log
    assert code == 0 or code is None, log


@pytest.mark.parametrize("xserver", SIZES, indirect=True)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_scan_never_answers_a_question(xserver, language, tmp_path):
    """Issue 19's sequences at a real X server, as fast as a scanner gun types.

    S with the identity steps open asks in the state bar; the next parcel's barcode, with
    its Enter, must not sign (it withdraws the question). A product code that is also a
    waybill's shape asks what it is; the real waybill scanned next is routed and records.
    """
    display, size = xserver
    shots = artefacts_dir(f"{size}-{language}-questions")
    data = tmp_path / "data"
    _prepare(data, language)
    desk = Desk(display, data, shots)
    try:
        desk.wait_window()
        time.sleep(2.5)
        desk.scan(WAYBILL)
        first = desk.until(lambda: [r for r in desk.inspections() if r["courier"] == WAYBILL])
        first_id = first[0]["id"]
        time.sleep(1.0)
        desk.press("s", pause=1.0)  # identity steps open: a question, not a decision
        desk.shot("01-decide-with-steps-open")
        desk.scan("SF987654321098")  # the next parcel's barcode and its Enter
        time.sleep(1.5)
        desk.shot("02-scan-withdrew-the-question")
        detail = desk.detail(first_id)
        assert detail["decision"] == "pending", "a scan never signs a parcel"
        assert all(not s["result"] for s in detail["steps"]), "no step answered by a scan"
        # The first parcel is still recording: the scan was refused with its reason.
        desk.press("F8", pause=2.0)
        desk.until(lambda: desk.inspections()[0]["status"] == "completed", timeout=30)

        # A product code with a waybill's shape asks; the real waybill next is routed.
        desk.scan("5449000039231")
        time.sleep(1.0)
        desk.shot("03-what-is-this-code")
        assert not [r for r in desk.inspections() if r["courier"] == "5449000039231"]
        desk.scan("SF987654321098")
        desk.until(lambda: desk.inspections()[0]["courier"] == "SF987654321098")
        time.sleep(1.0)
        desk.shot("04-the-waybill-records")
        assert desk.detail(first_id)["decision"] == "pending"
        desk.press("F8", pause=2.0)
        desk.until(lambda: desk.inspections()[0]["status"] == "completed", timeout=30)
        desk.press("ctrl+q", "ctrl+q", pause=1.0)
        desk.proc.wait(20)
    finally:
        code = desk.close()
    log = (shots / "app.log").read_text()
    assert "Fatal Python error" not in log, log
    assert code == 0 or code is None, log


@pytest.mark.parametrize("xserver", SIZES, indirect=True)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_an_order_packed_with_two_serials_and_the_end_key(xserver, language, tmp_path):
    """Issue 23 at a real X server: a packing desk, the order scanned, two items each with
    its serial scanned as a scanner gun types them, and F8 ends it as packed."""
    from inspector.services.context import AppContext
    from inspector.services.packing import packing_view

    display, size = xserver
    shots = artefacts_dir(f"{size}-{language}-packing")
    data = tmp_path / "data"
    _prepare(data, language, packing_desk=True)
    desk = Desk(display, data, shots)
    order = "MS-778899"  # two BG-220 totes (barcode 3012345678902)
    try:
        desk.wait_window()
        time.sleep(2.5)
        desk.scan(order)
        packing = desk.until(lambda: [r for r in desk.inspections() if r["order"] == order])
        packing_id = packing[0]["id"]
        assert packing[0]["kind"] == "packing"
        time.sleep(0.8)
        for serial in ("B12-XK", "B12-XL"):
            desk.scan("3012345678902")
            time.sleep(0.4)
            desk.scan(serial)
            time.sleep(0.6)
        desk.shot("01-packing-two-items")
        desk.press("F8", pause=2.0)
        desk.until(lambda: desk.inspections()[0]["status"] == "completed", timeout=30)
        desk.shot("02-packed")
        ctx = AppContext.open_for_reading(data)
        try:
            view = packing_view(ctx, packing_id)
        finally:
            ctx.close()
        assert [(i.sku, i.serial) for i in view.items] == [
            ("BG-220", "B12-XK"),
            ("BG-220", "B12-XL"),
        ]
        assert view.problems == []
        desk.press("ctrl+q", pause=1.0)
        desk.proc.wait(20)
    finally:
        code = desk.close()
    log = (shots / "app.log").read_text()
    assert "Fatal Python error" not in log, log
    assert code == 0 or code is None, log
