"""Raw BGR frames on stdout, each showing the moment it was made as a clock strip (for the
network camera servers of the sync tests): `python -m tests.clock_feed WIDTH HEIGHT FPS`.

The strip is drawn by inspector's own draw_clock_strip with time.monotonic(), which is the
same clock (CLOCK_MONOTONIC) in every process of this machine: the recording reads it back
from each camera's tile and compares the cameras.
"""

from __future__ import annotations

import select
import sys
import time

import numpy as np

from inspector.capture.sources import draw_clock_strip


def main() -> None:
    width, height, fps = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    out = sys.stdout.buffer
    base = np.zeros((height, width, 3), np.uint8)
    base[:, :, 0] = np.linspace(40, 200, width, dtype=np.uint8)[None, :]  # coloured: never grey
    base[:, :, 2] = np.linspace(200, 60, height, dtype=np.uint8)[:, None]
    base[:, :, 1] = 90
    interval = 1.0 / fps
    next_at = time.monotonic()
    n = 0
    while True:
        now = time.monotonic()
        if now < next_at:
            time.sleep(next_at - now)
        elif now - next_at > 1.0:
            next_at = now  # stalled (no reader): start the schedule again
        # A live camera's frames go whether or not anyone watches: while the server does not
        # read (no client yet) frames are skipped, not queued showing a time long past.
        if not select.select([], [out], [], 0)[1]:
            n += 1
            next_at += interval
            continue
        frame = base.copy()
        x = (n * 7) % (width - 40)
        frame[height * 3 // 4 : height * 3 // 4 + 40, x : x + 40] = 255  # something moves
        draw_clock_strip(frame, time.monotonic())
        try:
            out.write(frame.data)
            out.flush()
        except (BrokenPipeError, ValueError):
            return
        n += 1
        next_at += interval


if __name__ == "__main__":
    main()
