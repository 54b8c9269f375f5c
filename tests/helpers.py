"""Small helpers the tests share: decoding videos, reading PDFs and running the CLI."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pypdf


@dataclass
class DecodedVideo:
    codec: str
    frames: int
    duration_s: float
    width: int
    height: int
    first: np.ndarray
    middle: np.ndarray


def decode(path: Path) -> DecodedVideo:
    """Decode every frame of a video with PyAV; duration runs to the end of the last frame."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        codec = stream.codec_context.name
        frames = [f for f in container.decode(stream)]
    assert frames, f"{path} has no frames"
    last = frames[-1]
    step = float(frames[1].time - frames[0].time) if len(frames) > 1 else 0.0
    duration = float(last.time - frames[0].time) + step
    return DecodedVideo(
        codec=codec,
        frames=len(frames),
        duration_s=duration,
        width=frames[0].width,
        height=frames[0].height,
        first=frames[0].to_ndarray(format="bgr24"),
        middle=frames[len(frames) // 2].to_ndarray(format="bgr24"),
    )


def run_cli(
    *args: str, data_dir: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run `python -m inspector ...` in a subprocess, as a user or a script would."""
    cmd = [sys.executable, "-m", "inspector"]
    if data_dir is not None:
        cmd += ["--data-dir", str(data_dir)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=timeout, env=env)


def write_test_video(
    path: Path, seconds: float = 2.0, fps: int = 25, size: tuple[int, int] = (320, 240)
) -> Path:
    """A small H.264 file whose frames all differ, to use as a camera stand-in."""
    w, h = size
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=Fraction(fps))
        stream.width, stream.height, stream.pix_fmt = w, h, "yuv420p"
        for i in range(int(seconds * fps)):
            img = np.full((h, w, 3), (i * 7) % 255, np.uint8)
            img[:, (i * 5) % w] = 255
            frame = av.VideoFrame.from_ndarray(img, format="bgr24")
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def pdf_text(source: bytes | Path) -> tuple[int, str]:
    """A PDF's pages and its text as a reader sees it: (pages, text).

    pypdf breaks runs with tabs and newlines where Qt placed glyphs, and gives "ff" as the
    ligature glyph ﬀ; both are folded back (spaces, NFKC) so tests can look for words.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    raw = " ".join(page.extract_text() or "" for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", unicodedata.normalize("NFKC", raw))
