"""Evidence bundles: what is inside, that any changed byte is named, and that failures leave nothing."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from sqlmodel import select

from inspector.core.errors import ValidationError
from inspector.core.evidence import EvidenceError, bundle_name, verify_bundle
from inspector.core.models import EvidenceExport, Inspection, VideoSegment
from inspector.services.evidence import (
    export_bundle,
    find_inspection,
    run_with_progress,
    verify_bundle_file,
)
from tests.helpers import pdf_text


@pytest.fixture
def bundle(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-1001", "SF1234567890", seconds=2)
    steps = []
    result = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "out"), steps.append)
    return summary, result, steps


def _rewrite(src: Path, dest: Path, change=None, drop: str | None = None, add=None) -> Path:
    """Copy a bundle, changing one member's bytes (with a correct CRC), dropping or adding one."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            if info.filename == drop:
                continue
            data = zin.read(info)
            if change and info.filename == change[0]:
                data = change[1](data)
            zout.writestr(info, data)
        if add:
            zout.writestr(add[0], add[1])
    return dest


def _flip(data: bytes, at: int | None = None) -> bytes:
    b = bytearray(data)
    i = len(b) // 2 if at is None else at
    b[i] ^= 0x01
    return bytes(b)


def _a4_pdf_text(blob: bytes) -> tuple[int, str]:
    """The report's pages and text, once every page is checked to be A4 portrait."""
    for page in pypdf.PdfReader(io.BytesIO(blob)).pages:  # 210 × 297 mm in points
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
            (595.3, 841.9), abs=1.0
        )
    return pdf_text(blob)


def test_bundle_holds_the_untouched_video_and_every_file_in_the_manifest(bundle, ctx, tmp_path):
    summary, result, steps = bundle
    path = result.path
    assert path.name == "evidence_TB-1001_SF1234567890_" + summary.started_at.astimezone().strftime(
        "%Y%m%d-%H%M%S.zip"
    )
    assert not [p for p in path.parent.iterdir() if p != path], "no temporary files left behind"
    # The same progress the GUI's bar and the CLI print, from 0 to 100 %.
    fractions = [s.fraction for s in steps]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)

    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        video_name = next(n for n in names if n.startswith("video/"))
        video = zf.read(video_name)
        listed = {f["path"]: f for f in manifest["files"]}
        assert set(listed) == names - {"manifest.json"}
        for name, entry in listed.items():
            blob = zf.read(name)
            assert entry["size"] == len(blob)
            assert entry["sha256"] == hashlib.sha256(blob).hexdigest()
        info = json.loads(zf.read("inspection.json"))
        html = zf.read("index.html").decode()
        pages, text = _a4_pdf_text(zf.read("report.pdf"))
    assert {"report.pdf", "index.html", "inspection.json", "manifest.json"} <= names
    assert any(n.startswith("frames/") and n.endswith(".jpg") for n in names)
    assert video == Path(summary.video_path).read_bytes(), "the original, byte for byte"
    with ctx.db.session() as s:
        row = s.get(Inspection, summary.id)
    assert manifest["inspection"]["video_sha256"] == summary.sha256
    assert manifest["inspection"]["record_hash"] == row.record_hash != ""
    assert info["inspection"]["order_number"] == "TB-1001"
    assert info["video"]["sha256"] == summary.sha256
    assert info["integrity"]["record_hash"] == row.record_hash
    assert f'src="{video_name}"' in html and "TB-1001" in html

    # The system's own unzip agrees the archive is sound.
    if shutil.which("unzip"):
        out = subprocess.run(["unzip", "-t", str(path)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr

    assert 1 <= pages <= 4, "a short inspection fits a few A4 pages"
    for expected in (
        "Return inspection evidence",
        "TB-1001",
        "SF1234567890",
        "Outer package sealed",
        "not answered",
        "Reasons for the decision: not recorded",
        "Timeline",
        "Recording started",
        "Desk 1",
        summary.sha256[:16],
        summary.sha256[48:],
    ):
        assert expected in text, expected
    with ctx.db.session() as s:
        exports = s.exec(select(EvidenceExport)).all()
    assert [(e.kind, e.inspection_id, Path(e.path)) for e in exports] == [
        ("bundle", summary.id, path.resolve())
    ]
    assert verify_bundle(path).ok


def test_any_changed_byte_added_or_removed_file_is_named(bundle, tmp_path):
    _, result, _ = bundle
    with zipfile.ZipFile(result.path) as zf:
        names = [n for n in zf.namelist()]

    def flip(data: bytes) -> bytes:
        # In a JSON file, a digit inside a hash: the file stays JSON and the hash stays hex
        # (a bit flipped in 'a' or 'f' is not hex, which is "invalid", not "altered").
        at = data.find(b'"sha256": "')
        if at < 0:
            return _flip(data)
        i = at + 12
        return data[:i] + (b"1" if data[i : i + 1] == b"0" else b"0") + data[i + 1 :]

    for n, name in enumerate(names):
        altered = _rewrite(result.path, tmp_path / f"altered-{n}.zip", change=(name, flip))
        check = verify_bundle(altered)
        assert not check.ok
        assert check.altered == [name], (name, check.lines())

    removed = _rewrite(result.path, tmp_path / "removed.zip", drop="report.pdf")
    check = verify_bundle(removed)
    assert check.missing == ["report.pdf"] and not check.ok

    extra = _rewrite(result.path, tmp_path / "extra.zip", add=("frames/99-extra.jpg", b"x"))
    check = verify_bundle(extra)
    assert check.extra == ["frames/99-extra.jpg"] and not check.ok


def test_a_byte_flipped_in_the_archive_itself_is_named(bundle, tmp_path):
    """A flipped byte inside a stored member trips the ZIP's CRC; verify still names the file."""
    _, result, _ = bundle
    raw = bytearray(result.path.read_bytes())
    with zipfile.ZipFile(result.path) as zf:
        info = next(i for i in zf.infolist() if i.filename.startswith("video/"))
    # Local header: 30 bytes plus the name and extra field, then the data.
    name_len = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    data_at = info.header_offset + 30 + name_len + extra_len
    raw[data_at + info.compress_size // 2] ^= 0x40
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(bytes(raw))
    check = verify_bundle(damaged)
    assert check.altered == [info.filename]


def test_the_manifest_is_checked_against_the_database(bundle, ctx):
    summary, result, _ = bundle
    verified = verify_bundle_file(ctx, result.path)
    assert verified.ok and verified.database_checked
    with ctx.db.session() as s:
        row = s.get(Inspection, summary.id)
        row.courier_number = "SF0000000000"
        s.add(row)
    verified = verify_bundle_file(ctx, result.path)
    assert not verified.ok
    assert any("courier_number" in p for p in verified.database_problems)


def test_export_to_a_named_zip_and_find_by_order(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-2002", "YT998877", seconds=1)
    assert find_inspection(ctx, order=" tb-2002 ") == summary.id
    assert find_inspection(ctx, courier="yt998877") == summary.id
    dest = tmp_path / "appeal" / "for-shopee.zip"
    result = run_with_progress(export_bundle(ctx, summary.id, dest))
    assert result.path == dest and zipfile.is_zipfile(dest)


def test_cancel_or_failure_leaves_nothing_half_written(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-3003", "SF3003", seconds=1)
    out = tmp_path / "out"
    job = export_bundle(ctx, summary.id, out)
    next(job)
    next(job)  # copying the video has begun
    job.close()  # the GUI's Cancel
    assert list(out.iterdir()) == []

    # The video changed on disk after it was recorded: the export refuses and leaves nothing.
    video = Path(summary.video_path)
    video.write_bytes(_flip(video.read_bytes()))
    with pytest.raises(EvidenceError, match="no longer matches"):
        run_with_progress(export_bundle(ctx, summary.id, out))
    assert list(out.iterdir()) == []
    with ctx.db.session() as s:
        assert s.exec(select(EvidenceExport)).all() == []


def test_missing_video_and_unknown_inspection_say_what_to_do(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-4004", "SF4004", seconds=1)
    with ctx.db.session() as s:
        seg = s.exec(select(VideoSegment)).one()
    ctx.storage.absolute(seg.path).unlink()
    with pytest.raises(EvidenceError, match="missing"):
        run_with_progress(export_bundle(ctx, summary.id, tmp_path))
    with pytest.raises(ValidationError, match="--order"):
        find_inspection(ctx)


@pytest.mark.parametrize(
    ("order", "courier"),
    [("A/B\\C:D*E?F", 'G"H<I>J|K'), ("CON", ""), ("订单-123", "SF 12 34"), ("." * 5, "x" * 300)],
)
def test_bundle_names_are_safe_on_every_file_system(order, courier):
    name = bundle_name(order, courier)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name), name
    assert name.startswith("evidence_") and len(name) <= 140


def test_batch_by_date_range_writes_a_bundle_each_and_a_summary(ctx, record_inspection, tmp_path):
    import csv
    from datetime import timedelta

    from inspector.core.errors import NotFoundError
    from inspector.core.models import utcnow
    from inspector.services.evidence import export_batch

    a = record_inspection("TB-A", "SF-A", seconds=1)
    b = record_inspection("TB-B", "SF-B", seconds=1)
    summary = run_with_progress(
        export_batch(ctx, tmp_path / "batch", since=utcnow() - timedelta(hours=1))
    )
    with open(summary, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [int(r["inspection_id"]) for r in rows] == [a.id, b.id]
    assert all(r["result"] == "exported" for r in rows)
    for r in rows:
        assert verify_bundle(tmp_path / "batch" / r["bundle"]).ok
    with pytest.raises(NotFoundError):
        run_with_progress(export_batch(ctx, tmp_path / "none", since=utcnow() + timedelta(hours=1)))


def test_verify_refuses_what_is_not_a_bundle(tmp_path):
    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"hello")
    with pytest.raises(EvidenceError, match="not a readable ZIP"):
        verify_bundle(not_zip)
    with pytest.raises(EvidenceError, match="There is no file"):
        verify_bundle(tmp_path / "missing.zip")
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("video/a.mp4", b"x")
    check = verify_bundle(plain)
    assert not check.ok and "no manifest.json" in check.invalid


def _forge(result, dest: Path, key=None) -> Path:
    """Edit report.pdf and rebuild the manifest with its self-hash, as a forger without the
    desk's key would: unsigned, or signed with a key of their own."""
    from datetime import datetime

    from inspector.core.evidence import ManifestEntry, build_manifest, manifest_bytes

    with zipfile.ZipFile(result.path) as zin, zipfile.ZipFile(dest, "w") as zout:
        manifest = json.loads(zin.read("manifest.json"))
        entries = []
        for info in zin.infolist():
            if info.filename == "manifest.json":
                continue
            data = zin.read(info)
            if info.filename == "report.pdf":
                data = _flip(data)
            zout.writestr(info, data)
            entries.append(
                ManifestEntry(info.filename, len(data), hashlib.sha256(data).hexdigest())
            )
        rebuilt = build_manifest(
            entries,
            manifest["inspection"],
            datetime.fromisoformat(manifest["created_at"]),
            seal=manifest.get("seal"),
            anchor_head=manifest.get("anchor"),
            key=key,
        )
        zout.writestr("manifest.json", manifest_bytes(rebuilt))
    return dest


def test_a_forged_bundle_fails_with_no_database(bundle, ctx, tmp_path):
    """report.pdf edited and the manifest rebuilt to match: caught by the bundle alone."""
    from inspector.core.signing import DeskKey

    _, result, _ = bundle
    desk = DeskKey.load(ctx.storage.root)
    assert verify_bundle(result.path, [desk.fingerprint]).ok
    unsigned = verify_bundle(_forge(result, tmp_path / "unsigned.zip"))
    assert not unsigned.ok and any("not signed" in p for p in unsigned.problems)

    # Signed with the forger's own key: the fingerprint the store publishes is not theirs,
    # and even without it the record's seal names the desk's key, not the forger's.
    (tmp_path / "forger").mkdir()
    forger = DeskKey.load_or_create(tmp_path / "forger")
    forged = _forge(result, tmp_path / "resigned.zip", key=forger)
    alone = verify_bundle(forged)
    assert not alone.ok and any("sealed by key" in p for p in alone.problems)
    against = verify_bundle(forged, [desk.fingerprint])
    assert not against.ok and any("not the store's published key" in p for p in against.problems)
    verified = verify_bundle_file(ctx, forged)
    assert any("produced this manifest" in p for p in verified.database_problems)


def test_without_kernel_copy_the_bundle_is_the_same(ctx, record_inspection, tmp_path, monkeypatch):
    """Where copy_file_range is refused (another file system, Windows), Python copies instead."""
    import errno
    import os

    summary = record_inspection("TB-K1", "SF-K1", seconds=1)

    def refuse(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    result = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "out"))
    assert verify_bundle(result.path).ok
    with zipfile.ZipFile(result.path) as zf:
        assert zf.testzip() is None
        video = next(n for n in zf.namelist() if n.startswith("video/"))
        assert zf.read(video) == Path(summary.video_path).read_bytes()
