"""Trusted time against a real RFC 3161 authority: OpenSSL's `openssl ts -reply` answering on
127.0.0.1 (tests/tsa_server.py), never a mock. Videos are stamped after recording or, when
the desk is offline, queued and stamped later; bundles carry the tokens and verify checks them."""

from __future__ import annotations

import base64
import zipfile

import pytest
from sqlmodel import select

from inspector.core.evidence import verify_bundle
from inspector.core.models import TimestampToken
from inspector.core.timestamping import TsaTrust, check_token
from inspector.services.evidence import export_bundle, run_with_progress
from inspector.services.timestamps import stamp_pending
from tests.helpers import pdf_text, run_cli
from tests.tsa_server import running_tsa


@pytest.fixture(scope="module")
def tsa():
    with running_tsa() as server:
        yield server


def _trust(tsa):
    return TsaTrust.load([str(tsa.root)])


def _tokens(ctx):
    with ctx.db.session() as s:
        return list(s.exec(select(TimestampToken)))


def _use(ctx, url, root=None):
    """Stamp at url, trusting the test CA `root` (its certificate) besides the system's roots."""
    ctx.settings.set("tsa_url", url)
    if root is not None:
        ctx.settings.set("tsa_trust_roots", str(root))
    ctx.settings.save()


def test_an_offline_desk_queues_and_stamps_later(ctx, record_inspection, tsa):
    _use(ctx, "http://127.0.0.1:9/tsa")  # nothing listens there: the desk is offline
    summary = record_inspection("TB-1", "SF1", seconds=1)
    run = stamp_pending(ctx, timeout=2)
    assert run.stamped == 0 and run.still_pending == 1 and "cannot be reached" in run.errors[0]
    (waiting,) = _tokens(ctx)
    assert waiting.token == "" and waiting.inspection_id == summary.id and waiting.last_error

    _use(ctx, tsa.url, tsa.root)  # back online
    assert stamp_pending(ctx).stamped == 1
    (stamped,) = _tokens(ctx)
    check = check_token(base64.b64decode(stamped.token), stamped.sha256, _trust(tsa))
    assert check.ok, check.problems
    assert "Test Time Stamping Authority" in check.tsa and stamped.stamped_at is not None


def test_a_stamped_bundle_verifies_and_an_altered_one_does_not(
    ctx, data_dir, record_inspection, tsa, tmp_path
):
    _use(ctx, tsa.url, tsa.root)
    summary = record_inspection("TB-2", "SF2", seconds=1)
    stamp_pending(ctx)  # whatever the background stamp has not done yet
    result = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "b.zip"))
    with zipfile.ZipFile(result.path) as zf:
        names = set(zf.namelist())
        _, report = pdf_text(zf.read("report.pdf"))
    assert "manifest.tsr" in names and any(n.startswith("timestamps/") for n in names)
    assert "timestamped by" in report and "Test Time Stamping Authority" in report
    assert "Signed by the desk key" in report and "seal log" in report

    check = verify_bundle(result.path, trust=_trust(tsa))
    assert check.ok, check.lines()
    stamped = [n for n in check.notes if "timestamped by" in n]
    assert len(stamped) == 2 and any(n.startswith("manifest.json") for n in stamped)
    shown = run_cli("verify", str(result.path), data_dir=data_dir)
    assert shown.returncode == 0 and "timestamped by" in shown.stdout

    # A token whose time was edited (the TSA's signature covers it) ...
    def rewrite(dest, change):
        with zipfile.ZipFile(result.path) as zin, zipfile.ZipFile(dest, "w") as zout:
            for info in zin.infolist():
                zout.writestr(info, change(info.filename, zin.read(info)))
        return dest

    def later(name, data):
        if name != "manifest.tsr":
            return data
        gen = data.find(b"\x18\x0f")  # GeneralizedTime, 15 bytes: YYYYMMDDhhmmssZ
        assert gen > 0
        year = int(data[gen + 2 : gen + 6]) + 1
        return data[: gen + 2] + str(year).encode() + data[gen + 6 :]

    edited = verify_bundle(rewrite(tmp_path / "later.zip", later), trust=_trust(tsa))
    assert not edited.ok and any("manifest.tsr" in p for p in edited.problems)

    # ... and the video altered after it was stamped.
    def flip(name, data):
        if not name.startswith("video/"):
            return data
        return data[:500] + bytes([data[500] ^ 1]) + data[500 + 1 :]

    altered = verify_bundle(rewrite(tmp_path / "flip.zip", flip), trust=_trust(tsa))
    assert not altered.ok and any(a.startswith("video/") for a in altered.altered)

    # A video token moved onto another bundle's video stamps another hash.
    other = record_inspection("TB-3", "SF3", seconds=1)
    stamp_pending(ctx)
    second = run_with_progress(export_bundle(ctx, other.id, tmp_path / "c.zip"))
    with zipfile.ZipFile(second.path) as zf:
        token = next(zf.read(n) for n in zf.namelist() if n.startswith("timestamps/"))

    def swap(name, data):
        return token if name.startswith("timestamps/") else data

    swapped = verify_bundle(rewrite(tmp_path / "swap.zip", swap), trust=_trust(tsa))
    assert any("message imprint differs" in p for p in swapped.problems)
