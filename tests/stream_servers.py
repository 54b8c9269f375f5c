"""Real network cameras for the tests, on 127.0.0.1: GStreamer's RTSP server (H.264) and
an HTTP MJPEG stream served by ffmpeg. Each can be killed and started again on the same
port, as a camera that drops off the network and comes back.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with python3-gi and the RTSP server bindings
RTSP_SCRIPT = Path(__file__).with_name("rtsp_server.py")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serving(port: int) -> bool:
    """Whether a server on 127.0.0.1:port listens or already took its client, found without
    connecting (ffmpeg -listen 1 serves exactly one client, which a probe would use up, and
    it stops listening once a client, such as a camera reconnecting, has come)."""
    needle = f":{port:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            # local address, state: 0A listening, 01 established
            if fields[1].endswith(needle) and fields[3] in ("0A", "01"):
                return True
    return False


class StreamServer:
    """A server process that can be stopped (the camera drops) and started again.

    clock_feed: (width, height, fps) to feed the server raw frames on its standard input from
    tests/clock_feed.py, each showing when it was made (for measuring sync between cameras).
    """

    def __init__(
        self,
        argv: list[str],
        url: str,
        port: int,
        prints_ready: bool,
        clock_feed: tuple[int, int, int] | None = None,
    ) -> None:
        self.argv, self.url, self.port = argv, url, port
        self.prints_ready = prints_ready
        self.clock_feed = clock_feed
        self.process: subprocess.Popen[str] | None = None
        self.feeder: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 15.0) -> None:
        stdin: int | IO[bytes] = subprocess.DEVNULL
        if self.clock_feed is not None:
            self.feeder = subprocess.Popen(
                [sys.executable, "-m", "tests.clock_feed", *map(str, self.clock_feed)],
                stdout=subprocess.PIPE,
                cwd=Path(__file__).resolve().parents[1],
            )
            assert self.feeder.stdout is not None
            stdin = self.feeder.stdout
        self.process = subprocess.Popen(
            self.argv,
            stdin=stdin,
            stdout=subprocess.PIPE if self.prints_ready else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + timeout
        if self.prints_ready:
            assert self.process.stdout is not None
            line = self.process.stdout.readline()  # "ready", or "" if it died
            if line.strip() != "ready":
                self.process.kill()
                _, err = self.process.communicate(timeout=10)
                self.process = None
                raise RuntimeError(f"{self.argv[:2]} did not start: {err.strip()}")
            return
        while not _serving(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                _, err = self.process.communicate(timeout=10)
                self.process = None
                raise RuntimeError(f"{self.argv[0]} did not start listening: {err.strip()}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Kill the server as a camera losing power would: no goodbye to its clients."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
        if self.feeder is not None:
            self.feeder.kill()
            self.feeder.wait(timeout=10)
            self.feeder = None


def rtsp_server(
    width: int = 640, height: int = 480, fps: int = 15, pattern: str = "ball"
) -> StreamServer:
    """GStreamer's RTSP server serving H.264; skips the test, saying why, when it is not installed.

    pattern: videotestsrc's picture ('ball': a white ball on black; 'smpte': colour bars).
    """
    if not Path(SYSTEM_PYTHON).exists():
        pytest.skip(f"{SYSTEM_PYTHON} is missing (the RTSP server runs on Debian's Python)")
    check = subprocess.run(
        [SYSTEM_PYTHON, str(RTSP_SCRIPT), "--check"], capture_output=True, text=True, timeout=30
    )
    if check.returncode != 0:
        pytest.skip(
            "GStreamer's RTSP server is not available (apt install gir1.2-gst-rtsp-server-1.0 "
            f"python3-gi gstreamer1.0-plugins-ugly): {check.stderr.strip()[-300:]}"
        )
    port = free_port()
    argv = [SYSTEM_PYTHON, str(RTSP_SCRIPT), str(port), str(width), str(height), str(fps), pattern]
    return StreamServer(
        argv,
        f"rtsp://127.0.0.1:{port}/stream",
        port,
        prints_ready=True,
        clock_feed=(width, height, fps) if pattern == "stdin" else None,
    )


def clock_rtsp_server(width: int = 640, height: int = 480, fps: int = 15) -> StreamServer:
    """An RTSP camera whose every frame shows, as a clock strip, the moment it was made."""
    return rtsp_server(width, height, fps, pattern="stdin")


def mjpeg_server(
    width: int = 640, height: int = 480, fps: int = 15, clock: bool = False
) -> StreamServer:
    """An HTTP MJPEG camera served by ffmpeg (one client per start); skips when ffmpeg is missing.

    clock: every frame shows, as a clock strip, the moment it was made (tests/clock_feed.py).
    """
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is not installed (apt install ffmpeg): it serves the MJPEG stream")
    port = free_port()
    url = f"http://127.0.0.1:{port}/video.mjpg"
    argv = [
        ffmpeg,
        "-nostdin",
        "-loglevel",
        "error",
        *(
            ["-thread_queue_size", "1", "-f", "rawvideo", "-pix_fmt", "bgr24"]
            + ["-s", f"{width}x{height}", "-r", str(fps)]
            + ["-i", "-"]
            if clock
            else ["-re", "-f", "lavfi", "-i", f"testsrc=size={width}x{height}:rate={fps}"]
        ),
        "-c:v",
        "mjpeg",
        "-q:v",
        "5",
        "-f",
        "mpjpeg",
        "-listen",
        "1",
        url,
    ]
    return StreamServer(
        argv, url, port, prints_ready=False, clock_feed=(width, height, fps) if clock else None
    )
