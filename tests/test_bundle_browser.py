"""index.html in a real headless browser (Debian's Chromium): the video plays, step marks seek it.

Chromium is driven over --remote-debugging-pipe (the DevTools protocol on file
descriptors 3 and 4), so no extra package is needed. The page is opened from the
unpacked bundle with networking off, as a reviewer handed the ZIP would open it.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from inspector.services.evidence import export_bundle, run_with_progress
from inspector.services.guided import answer_step

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (Debian: apt-get install chromium, or "
    "packaging/system-deps.sh test); it is the browser this test drives",
)


class Browser:
    """A headless Chromium and one page, spoken to in DevTools protocol messages."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds() -> None:
            os.dup2(to_chrome_r, 3)
            os.dup2(from_chrome_w, 4)

        self.proc = subprocess.Popen(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--mute-audio",
                "--autoplay-policy=no-user-gesture-required",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            preexec_fn=fds,
            # Our pipes are close-on-exec; only the dup2'd 3 and 4 reach Chromium.
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer = b""
        self._next_id = 0
        self.session = ""

    def call(self, method: str, timeout: float = 20, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next_id:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return reply["result"]
            left = deadline - time.monotonic()
            assert left > 0, f"Chromium did not answer {method} in {timeout} s"
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 16)
                assert chunk, "Chromium closed the pipe"
                self._buffer += chunk

    def open(self, url: str) -> None:
        target = self.call("Target.createTarget", url=url)["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        # Wait until this very page (not the blank one before it) has loaded.
        deadline = time.monotonic() + 20
        while not self.evaluate(
            f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        ):
            assert time.monotonic() < deadline, f"{url} did not load in 20 s"
            time.sleep(0.05)

    def evaluate(self, expression: str, timeout: float = 20):
        result = self.call(
            "Runtime.evaluate",
            timeout=timeout,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(result["exceptionDetails"])
        return result["result"].get("value")

    def close(self) -> None:
        try:
            self.session = ""
            self.call("Browser.close", timeout=5)
        except (AssertionError, RuntimeError, OSError):
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture
def unpacked_bundle(ctx, record_inspection, tmp_path) -> Path:
    summary = record_inspection("TB-8008", "SF8008", seconds=3)
    for step, at in (("seal", 0.5), ("waybill", 1.2), ("sides", 2.1)):
        answer_step(ctx, summary.id, step, "pass", video_offset_s=at)
    result = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "out"))
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(folder)
    return folder


@pytest.fixture
def browser(tmp_path):
    b = Browser(tmp_path / "profile")
    yield b
    b.close()


WAIT_FOR_VIDEO = """
new Promise((resolve, reject) => {
  const v = document.getElementById('video');
  const done = () => resolve({duration: v.duration, width: v.videoWidth, state: document.body.dataset.video,
                              status: document.getElementById('status').textContent});
  if (v.readyState >= 1) return done();
  v.addEventListener('loadedmetadata', done, {once: true});
  v.addEventListener('error', () => resolve({state: 'error', code: v.error && v.error.code}), {once: true});
  setTimeout(() => reject(new Error('no video metadata after 15 s')), 15000);
})
"""

CLICK_STEP = """
new Promise((resolve, reject) => {
  const v = document.getElementById('video');
  const mark = document.querySelectorAll('ol.steps a[data-t]')[%d];
  v.addEventListener('seeked', () => setTimeout(() => resolve({
      time: v.currentTime, hash: location.hash,
      active: Array.from(document.querySelectorAll('ol.steps a.active')).map(a => a.dataset.t)}), 50),
    {once: true});
  mark.click();
  setTimeout(() => reject(new Error('the click did not seek the video')), 10000);
})
"""


def test_index_html_plays_the_video_and_step_marks_seek_it(unpacked_bundle, browser):
    browser.open((unpacked_bundle / "index.html").as_uri())
    video = browser.evaluate(WAIT_FOR_VIDEO)
    assert video["state"] == "loaded", video
    assert video["duration"] == pytest.approx(3.0, abs=0.15)
    assert video["width"] == 320
    assert "Video ready" in video["status"]

    marks = browser.evaluate(
        "Array.from(document.querySelectorAll('ol.steps a[data-t]')).map(a => a.dataset.t)"
    )
    assert marks == ["0.50", "1.20", "2.10"]
    for n, t in enumerate(marks):
        seek = browser.evaluate(CLICK_STEP % n)
        assert seek["time"] == pytest.approx(float(t), abs=0.05), seek
        assert seek["hash"] == f"#t={t}"
        assert seek["active"] == [t]

    # The page shows the report's facts, with no network: order, hash, decision.
    text = browser.evaluate("document.body.innerText")
    assert "TB-8008" in text and "SF8008" in text and "PENDING" in text
    sha = json.loads((unpacked_bundle / "inspection.json").read_text())["video"]["sha256"]
    assert sha in text


def test_a_link_to_a_moment_opens_the_video_there(unpacked_bundle, browser):
    browser.open((unpacked_bundle / "index.html").as_uri() + "#t=1.20")
    browser.evaluate(WAIT_FOR_VIDEO)
    state = browser.evaluate(
        """new Promise(resolve => {
             const v = document.getElementById('video');
             const check = () => v.currentTime > 0 ? resolve({time: v.currentTime,
                 active: document.body.dataset.activeStep}) : setTimeout(check, 50);
             check();
           })"""
    )
    assert state["time"] == pytest.approx(1.2, abs=0.05)
    assert state["active"] == "1.20"


HOSTILE_NOTE = "box was <!--<script> and </script><b>bold</b> & done -->"


def test_embedded_json_spells_out_what_could_end_a_script():
    from inspector.evidence.report_html import script_json

    text = script_json({"note": "</script><!--<script>&\u2028\u2029"})
    assert not any(c in text for c in "<>&\u2028\u2029")
    assert json.loads(text) == {"note": "</script><!--<script>&\u2028\u2029"}


def test_a_note_with_script_tags_cannot_break_the_page(ctx, record_inspection, tmp_path, browser):
    from inspector.services.browse import add_note

    summary = record_inspection("TB-8009", "SF8009", seconds=2)
    answer_step(ctx, summary.id, "seal", "pass", note=HOSTILE_NOTE, video_offset_s=0.5)
    add_note(ctx, summary.id, "Li Na", HOSTILE_NOTE)
    result = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "out"))
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(result.path) as zf:
        zf.extractall(folder)
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert "<!--<script>" not in html.split('id="inspection-data">', 1)[1]

    browser.open((folder / "index.html").as_uri())
    video = browser.evaluate(WAIT_FOR_VIDEO)
    assert video["state"] == "loaded", video  # the page's own script ran
    assert "Video ready" in video["status"]
    # The embedded data is whole and still says what the operator wrote.
    data = browser.evaluate("document.getElementById('inspection-data').textContent")
    assert HOSTILE_NOTE in json.dumps(json.loads(data), ensure_ascii=False)
    assert browser.evaluate("document.querySelectorAll('script').length") == 3
    seek = browser.evaluate(CLICK_STEP % 0)
    assert seek["time"] == pytest.approx(0.5, abs=0.05)
