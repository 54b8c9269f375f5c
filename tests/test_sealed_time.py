"""Trusted time on the chain (issue 22, item 2), against a real `openssl ts` authority.

The desk's anchor head is time-stamped after seals (batched, queued while offline); a
bundle carries the stamped head with the lines from its seal, so a reviewer with no
database reads "sealed no later than T". A key holder re-making a stamped seal, adding a
backdated seal, or moving every time back two days and resealing is caught.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import zipfile
from datetime import timedelta

import pytest
from sqlmodel import select

from inspector.core import anchor
from inspector.core.chain import append_seal, seal_inspection
from inspector.core.evidence import verify_bundle
from inspector.core.models import AnchorStamp, Inspection, utcnow
from inspector.core.signing import DeskKey
from inspector.core.timestamping import TsaTrust
from inspector.services.evidence import export_bundle, run_with_progress
from inspector.services.timestamps import stamp_pending
from tests.helpers import run_cli, write_test_video
from tests.test_anchor_witness import _cut_last_line, _file, _kinds, _report
from tests.test_chain import _sql
from tests.tsa_server import running_tsa


@pytest.fixture(scope="module")
def tsa():
    with running_tsa() as server:
        yield server


def _online(ctx, tsa, url=None):
    ctx.settings.set("tsa_url", url or tsa.url)
    ctx.settings.set("tsa_trust_roots", str(tsa.root))
    ctx.settings.save()


def _stamps(ctx):
    with ctx.db.session() as s:
        return [(r.n, r.stamped_at) for r in s.exec(select(AnchorStamp).order_by(AnchorStamp.n))]


def test_a_bundle_says_sealed_no_later_than_a_trusted_time(ctx, record_inspection, tsa, tmp_path):
    _online(ctx, tsa, "http://127.0.0.1:9/tsa")  # offline: nothing is stamped, all waits
    a = record_inspection("TB-1", "SF1", seconds=1)
    record_inspection("TB-2", "SF2", seconds=1)
    assert stamp_pending(ctx, timeout=2).still_pending == 2 and _stamps(ctx) == []
    _online(ctx, tsa)
    stamp_pending(ctx)  # (or the recording's own background pass, whichever runs first)
    ((n, stamped_at),) = _stamps(ctx)
    assert n == 2  # one stamp covers both seals: batched
    bundle = run_with_progress(export_bundle(ctx, a.id, tmp_path / "a.zip")).path
    with zipfile.ZipFile(bundle) as zf:
        lines = anchor.read_lines(zf.read("chain-anchor.log").decode().splitlines())
        assert "chain-anchor.tsr" in zf.namelist()
    assert [line.n for line in lines] == [1, 2]  # from the seal's line to the stamped head
    check = verify_bundle(bundle, trust=TsaTrust.load([str(tsa.root)]))
    assert check.ok, check.lines()
    note = next(n for n in check.notes if n.startswith("sealed no later than"))
    assert stamped_at.isoformat() in note and "Test Time Stamping Authority" in note
    # A reviewer with nothing but the bundle, the fingerprint and the TSA's root.
    fp = DeskKey.load(ctx.storage.root).fingerprint
    shown = run_cli(
        "verify", str(bundle), "--fingerprint", fp, "--tsa-root", str(tsa.root),
        data_dir=tmp_path / "reviewer",
    )  # fmt: skip
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "sealed no later than" in shown.stdout
    assert _report(ctx).ok, _report(ctx).problems


def test_a_seal_remade_after_its_stamp_fails_the_stamp(ctx, record_inspection, tsa):
    _online(ctx, tsa)
    record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    stamp_pending(ctx)
    assert 2 in [n for n, _ in _stamps(ctx)]
    # The key holder re-makes seal 2 (database, anchor table and file alike).
    _sql(
        ctx,
        ("DELETE FROM anchor_line WHERE seal_seq = 2",),
        ("DELETE FROM seal_entry WHERE seq = 2",),
        ("UPDATE inspection SET record_hash = '', decision = 'reject' WHERE id = ?", b.id),
    )
    _cut_last_line(_file(ctx))
    with ctx.db.session() as s:
        seal_inspection(s, s.get(Inspection, b.id))
    report = _report(ctx)
    stamped = [p.message for p in report.problems if p.kind == "anchor-fork"]
    assert any("was time-stamped at" in m and "re-made after that time" in m for m in stamped), (
        report.problems
    )


def test_a_backdated_seal_added_after_a_stamp_is_named(ctx, record_inspection, tsa):
    _online(ctx, tsa)
    a = record_inspection("TB-1", "SF1", seconds=1)
    stamp_pending(ctx)
    with ctx.db.session() as s:
        row = s.get(Inspection, a.id)
        row.decision = "reject"
        append_seal(s, row, "amended", "changed my mind", at=utcnow() - timedelta(days=2))
    report = _report(ctx)
    assert "backdated" in _kinds(report), report.problems


def test_times_moved_back_two_days_and_resealed_contradict_the_video(
    ctx, record_inspection, tsa, tmp_path
):
    _online(ctx, tsa)
    a = record_inspection("TB-1", "SF1", seconds=1)
    stamp_pending(ctx)
    back = "-2 days" if not ctx.db.is_server else None
    assert back
    _sql(
        ctx,
        (
            "UPDATE video_segment SET started_at = datetime(started_at, ?), "
            "ended_at = datetime(ended_at, ?) WHERE inspection_id = ?",
            back,
            back,
            a.id,
        ),
        (
            "UPDATE inspection SET started_at = datetime(started_at, ?), "
            "ended_at = datetime(ended_at, ?), record_hash = '' WHERE id = ?",
            back,
            back,
            a.id,
        ),
        ("DELETE FROM anchor_line",),
        ("DELETE FROM anchor_stamp",),
        ("DELETE FROM seal_entry",),
    )
    _file(ctx).unlink()
    with ctx.db.session() as s:
        seal_inspection(s, s.get(Inspection, a.id))
    report = _report(ctx)
    contradiction = [p.message for p in report.problems if p.kind == "time-contradiction"]
    assert contradiction and "2.0 days apart" in contradiction[0], report.problems
    bundle = run_with_progress(export_bundle(ctx, a.id, tmp_path / "a.zip")).path
    check = verify_bundle(bundle, trust=TsaTrust.load([str(tsa.root)]))
    assert any("own creation time" in p for p in check.problems), check.lines()


def _faketime_runs_a_waiting_python() -> bool:
    """Whether libfaketime can move this Python's clock without breaking its waits.

    libfaketime 0.9.10 (Debian 12) does not wrap sem_clockwait, which Python 3.11's timed
    lock waits use: with the monotonic clock faked a 0.05 s wait lasts two days, and with
    it left alone (FAKETIME_DONT_FAKE_MONOTONIC) every time.sleep fails with EINVAL.
    """
    if shutil.which("faketime") is None:
        return False
    probe = "import threading, time; threading.Event().wait(0.05); time.sleep(0.05)"
    # Its own session, so that a hung probe is killed with faketime's child Python, which
    # otherwise outlives the run (one hung process per test worker).
    with subprocess.Popen(
        ["faketime", "-f", "+2d", sys.executable, "-c", probe],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    ) as proc:
        try:
            return proc.wait(timeout=5) == 0
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return False


@pytest.mark.skipif(
    not _faketime_runs_a_waiting_python(),
    reason="needs a faketime that can move a waiting Python's clock (libfaketime 0.9.10 "
    "hangs Python 3.11's timed waits: no sem_clockwait wrapper)",
)
def test_a_clock_set_ahead_contradicts_the_trusted_time(data_dir, tsa, tmp_path):
    """A desk whose clock runs two days ahead records: the record, its seal and the MP4's own
    creation time all agree with each other, so only the TSA's time (of the video's hash and
    of the anchor's head) shows the contradiction. Before, `verify --all` said intact."""
    data_dir.mkdir(parents=True)
    (data_dir / "settings.json").write_text(
        json.dumps({"disk_reserve_gb": 0.01, "tsa_url": tsa.url, "tsa_trust_roots": str(tsa.root)})
    )
    camera = write_test_video(tmp_path / "camera.mp4", seconds=2.0)
    command = [sys.executable, "-m", "inspector", "--data-dir", str(data_dir), "record"]
    command += ["--order", "TB-F1", "--source", str(camera), "--seconds", "1", "--json"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        ["faketime", "-f", "+2d", *command], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert run_cli("timestamp", "--pending", data_dir=data_dir).returncode in (0, 1)
    verified = run_cli("verify", "--all", data_dir=data_dir)
    assert verified.returncode != 0, verified.stdout
    said = verified.stdout + verified.stderr
    assert "the desk's clock was ahead" in said, said
    assert "after the time-stamp" in said and "when the TSA already stamped" in said, said

    # Its bundle, exported under the same clock: the reviewer with no database sees it too.
    bundle = tmp_path / "ahead.zip"
    export = [sys.executable, "-m", "inspector", "--data-dir", str(data_dir), "export", "1"]
    done = subprocess.run(
        ["faketime", "-f", "+2d", *export, "--out", str(bundle)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    checked = run_cli("verify", str(bundle), "--tsa-root", str(tsa.root))
    said = checked.stdout + checked.stderr
    assert checked.returncode not in (0, 3), said
    assert "manifest.json's own time claims" in said, said
    assert "the sealed record's end of video/" in said, said
