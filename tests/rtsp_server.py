"""A tiny RTSP server for the tests: GStreamer's from Debian, serving H.264 from a test pattern.

Run with the system's Python (/usr/bin/python3), which has the GObject bindings:
    rtsp_server.py PORT [WIDTH HEIGHT FPS [PATTERN]]   (or --check: exit 0 when all it needs is there)
It serves rtsp://127.0.0.1:PORT/stream and prints "ready" once it listens.
"""

import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
if sys.argv[1] == "--check":
    # What the server needs, beyond the bindings that imported above.
    missing = [
        e for e in ("videotestsrc", "x264enc", "rtph264pay") if not Gst.ElementFactory.find(e)
    ]
    sys.exit(f"GStreamer elements missing: {', '.join(missing)}" if missing else 0)
port = sys.argv[1]
width, height, fps = (sys.argv[2:5] + ["640", "480", "15"][len(sys.argv[2:5]) :])[:3]
# videotestsrc's pattern, or "stdin": raw BGR frames read from standard input
pattern = sys.argv[5] if len(sys.argv) > 5 else "ball"
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
if pattern == "stdin":
    # Raw BGR frames from the process feeding stdin (tests/clock_feed.py: a clock in each).
    source = (
        f"fdsrc fd=0 ! rawvideoparse width={width} height={height} format=bgr "
        f"framerate={fps}/1 ! videoconvert"
    )
else:
    source = (
        f"videotestsrc is-live=true pattern={pattern} ! video/x-raw,width={width},"
        f"height={height},framerate={fps}/1"
    )
factory.set_launch(
    f"( {source} ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} "
    "! rtph264pay name=pay0 pt=96 )"
)
factory.set_shared(True)
server.get_mount_points().add_factory("/stream", factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print("ready", flush=True)
GLib.MainLoop().run()
