"""Entry point of the packaged app: the same `inspector` command as the venv's, frozen.

Two extra, packaging-only options, used by packaging/smoke_test.sh to prove the bundle is
complete where a missing plugin or data file would otherwise only show up on a warehouse PC
(a black video pane, a blank icon, English buttons in a Chinese window):
  inspector --check-playback VIDEO   play a file through the bundled Qt Multimedia backend
  inspector --check-bundle           icon, translations, image formats, cameras Qt can see
Both print one JSON object and exit non-zero when something is missing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys

CHECK_PLAYBACK = "--check-playback"
CHECK_BUNDLE = "--check-bundle"
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


def check_bundle() -> int:
    """Load what the windows need from inside the bundle; print what loaded as JSON."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    from PySide6.QtGui import QGuiApplication, QIcon, QImageReader
    from PySide6.QtMultimedia import QMediaDevices

    from inspector.resources_path import resource_path

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs it
    icon = QIcon(str(resource_path("icons", "inspector.svg")))
    ours = sorted(resource_path("translations").glob("inspector_*.qm"))
    ours_loaded = [qm.name for qm in ours if QTranslator().load(str(qm))]
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_zh = QTranslator().load("qtbase_zh_CN", qt_dir)
    formats = sorted(bytes(f.data()).decode() for f in QImageReader.supportedImageFormats())
    result = {
        "resources": str(resource_path()),
        "icon_svg": not icon.isNull() and not icon.pixmap(64, 64).isNull(),
        "translations": ours_loaded,
        "translations_failed": [qm.name for qm in ours if qm.name not in ours_loaded],
        "qtbase_zh_CN": qt_zh,
        "image_formats": formats,
        "cameras_seen_by_qt": [d.description() for d in QMediaDevices.videoInputs()],
    }
    print(json.dumps(result))
    complete = (
        result["icon_svg"]
        and qt_zh
        and not result["translations_failed"]
        and {"jpeg", "png", "svg"} <= set(formats)
    )
    return 0 if complete else 1


if __name__ == "__main__":
    multiprocessing.freeze_support()
    _give_windowed_app_streams()
    _prefer_utf8_ctype()
    if len(sys.argv) == 3 and sys.argv[1] == CHECK_PLAYBACK:
        sys.exit(check_playback(sys.argv[2]))
    if sys.argv[1:] == [CHECK_BUNDLE]:
        sys.exit(check_bundle())
    from inspector.cli import main

    sys.exit(main())
