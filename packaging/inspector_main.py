"""Entry point of the packaged app: the same `inspector` command as the venv's, frozen.

One extra, packaging-only option: `inspector --check-playback VIDEO` plays a file through the
bundled Qt Multimedia backend and prints what it saw as JSON. The smoke test uses it to prove
that the review player works inside the bundle, where a missing plugin would otherwise only
show up as a black video pane on a warehouse PC.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys

CHECK_PLAYBACK = "--check-playback"
PLAYBACK_FRAMES = 10
PLAYBACK_TIMEOUT_MS = 15_000


def _give_windowed_app_streams() -> None:
    """A windowed Windows build has no stdout/stderr; send prints to nowhere instead of crashing."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _prefer_utf8_ctype() -> None:
    """With no locale set (cron, systemd, `env -i`), ask for C.UTF-8 as Qt would, minus its warning."""
    if not any(os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")):
        os.environ["LC_CTYPE"] = "C.UTF-8"


def check_playback(path: str) -> int:
    """Decode the first frames of a video with QMediaPlayer; print status, duration and frame size."""
    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    sizes: list[tuple[int, int]] = []
    result: dict[str, object] = {}

    def finish() -> None:
        if result:
            return
        result.update(
            file=path,
            status=player.mediaStatus().name,
            error=player.errorString(),
            duration_ms=player.duration(),
            frames=len(sizes),
            width=sizes[0][0] if sizes else 0,
            height=sizes[0][1] if sizes else 0,
        )
        player.stop()
        app.quit()

    def on_frame(frame: QVideoFrame) -> None:
        if frame.isValid():
            sizes.append(frame.size().toTuple())
        if len(sizes) >= PLAYBACK_FRAMES:
            finish()

    sink.videoFrameChanged.connect(on_frame)
    player.errorOccurred.connect(lambda *_: finish())
    player.mediaStatusChanged.connect(
        lambda status: finish() if status == QMediaPlayer.MediaStatus.InvalidMedia else None
    )
    QTimer.singleShot(PLAYBACK_TIMEOUT_MS, finish)
    player.setSource(QUrl.fromLocalFile(os.path.abspath(path)))
    player.play()
    app.exec()
    print(json.dumps(result))
    return 0 if len(sizes) >= PLAYBACK_FRAMES and player.duration() > 0 else 1


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _give_windowed_app_streams()
    _prefer_utf8_ctype()
    if len(sys.argv) == 3 and sys.argv[1] == CHECK_PLAYBACK:
        sys.exit(check_playback(sys.argv[2]))
    from inspector.cli import main

    sys.exit(main())
