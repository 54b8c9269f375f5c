"""The chained, witnessed anchor, tried as someone holding the desk, its key and its disk would.

Issue 22's attacks on the anchor: the newest record deleted with its anchor lines cut; the
anchor emptied or deleted; everything wiped; the database and the anchor rolled back
together from a backup; the newest seal re-made with the desk's key; `--fingerprint`
ignored. Each is done with plain SQL and file edits, then `verify --all` must name it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from sqlmodel import select

from inspector.core import anchor
from inspector.core.chain import AnchorSources, seal_inspection, verify_chain
from inspector.core.models import AnchorRecord, Inspection
from inspector.core.shared_videos import set_up_share
from inspector.core.signing import DeskKey
from inspector.services.context import AppContext
from inspector.services.evidence import verify_all
from inspector.services.maintenance import backup, recover_all
from tests.test_chain import _sql, _video


def _set_up_share(folder: Path) -> None:
    """A shared folder as a warehouse sets it up: made, and marked as the share (an unmarked
    folder is an empty mount point and never written into)."""
    folder.mkdir()
    assert set_up_share(folder, ever_shared=False)


def _report(ctx, fingerprints=None):
    gen = verify_all(ctx, fingerprints)
    try:
        while True:
            next(gen)
    except StopIteration as stop:
        return stop.value


def _kinds(report):
    return sorted({p.kind for p in report.problems})


def _file(ctx):
    return ctx.storage.root / anchor.ANCHOR_FILE


def _cut_last_line(path):
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:-1]))


def _delete_everything_of(ctx, inspection_id):
    """What someone with sqlite3 deletes to make an inspection vanish, anchor rows included."""
    _sql(
        ctx,
        (
            "DELETE FROM anchor_line WHERE seal_seq IN "
            "(SELECT seq FROM seal_entry WHERE inspection_id = ?)",
            inspection_id,
        ),
        ("DELETE FROM seal_entry WHERE inspection_id = ?", inspection_id),
        ("DELETE FROM timestamp_token WHERE inspection_id = ?", inspection_id),
        ("DELETE FROM inspection_event WHERE inspection_id = ?", inspection_id),
        ("DELETE FROM video_copy WHERE inspection_id = ?", inspection_id),
        ("DELETE FROM video_segment WHERE inspection_id = ?", inspection_id),
        ("DELETE FROM inspection WHERE id = ?", inspection_id),
    )


def test_lines_are_chained_and_published_in_the_database_per_desk(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    record_inspection("TB-2", "SF2", seconds=1)
    read = anchor.read(_file(ctx))
    chain = read.chain
    assert [line.n for line in chain] == [1, 2]
    assert chain[0].prev == "" and chain[1].prev == chain[0].line_hash
    assert {line.desk for line in chain} == {str(ctx.settings.desk_id)}
    with ctx.db.session() as s:
        rows = s.exec(select(AnchorRecord).order_by(AnchorRecord.n)).all()
    assert [r.text for r in rows] == [line.to_text() for line in chain]
    assert [r.desk_id for r in rows] == [str(ctx.settings.desk_id)] * 2
    report = _report(ctx)
    assert report.ok, report.problems
    assert report.anchored == 2


def test_newest_record_deleted_and_its_lines_cut_shows_against_the_backup_copy(
    ctx, record_inspection
):
    record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    made = backup(ctx)
    assert any(p.name.endswith(anchor.ANCHOR_FILE) for p in made.companions)
    video = _video(ctx, b.id)
    _delete_everything_of(ctx, b.id)
    _cut_last_line(_file(ctx))
    video.unlink()
    report = _report(ctx)
    assert "anchor-short" in _kinds(report), report.problems
    message = next(p.message for p in report.problems if p.kind == "anchor-short")
    assert "records 2 lines" in message and b.uid[:12] in message


def test_newest_record_deleted_and_its_lines_cut_shows_against_the_shared_copy(
    ctx, record_inspection, tmp_path
):
    ctx.shared_videos_option = str(tmp_path / "nas")
    _set_up_share(tmp_path / "nas")
    record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    shared = tmp_path / "nas" / anchor.SHARED_ANCHORS / f"{ctx.settings.desk_id}.log"
    assert [line.n for line in anchor.read(shared).chain] == [1, 2]
    _delete_everything_of(ctx, b.id)
    _cut_last_line(_file(ctx))
    report = _report(ctx)
    assert "anchor-short" in _kinds(report), report.problems
    assert any(str(shared) in p.message for p in report.problems)


def test_an_emptied_or_deleted_anchor_is_named(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    _file(ctx).write_text("")
    report = _report(ctx)
    assert [p.kind for p in report.problems] == ["anchor-short"]
    assert "empty" in report.problems[0].message
    _file(ctx).unlink()
    report = _report(ctx)
    assert [p.kind for p in report.problems] == ["anchor-short"]
    assert "missing" in report.problems[0].message


def test_everything_wiped_is_not_intact(ctx, record_inspection):
    a = record_inspection("TB-1", "SF1", seconds=1)
    video = _video(ctx, a.id)
    _sql(
        ctx,
        ("DELETE FROM anchor_line",),
        ("DELETE FROM seal_entry",),
        ("DELETE FROM timestamp_token",),
        ("DELETE FROM inspection_event",),
        ("DELETE FROM video_segment",),
        ("DELETE FROM inspection",),
    )
    _file(ctx).unlink()
    video.unlink()
    report = _report(ctx)
    assert not report.ok and "anchor-short" in _kinds(report)
    assert "wiped together" in report.problems[0].message


def test_database_and_anchor_rolled_back_together_show_against_the_shared_copy(
    ctx, data_dir, record_inspection, tmp_path
):
    ctx.shared_videos_option = str(tmp_path / "nas")
    _set_up_share(tmp_path / "nas")
    record_inspection("TB-1", "SF1", seconds=1)
    older = backup(ctx, tmp_path / "old")
    b = record_inspection("TB-2", "SF2", seconds=1)
    video = _video(ctx, b.id)
    ctx.close()
    # The backup copy and its anchor put back together; the newer video and its shared copy go.
    for suffix in ("-wal", "-shm"):
        (data_dir / f"inspector.db{suffix}").unlink(missing_ok=True)
    shutil.copyfile(older.path, data_dir / "inspector.db")
    shutil.copyfile(
        older.path.with_name(f"{older.path.name}.{anchor.ANCHOR_FILE}"),
        data_dir / anchor.ANCHOR_FILE,
    )
    video.unlink()
    for copy in (tmp_path / "nas").rglob("*.mp4"):
        if copy.name == video.name:
            copy.unlink()
    rolled = AppContext.open(data_dir)
    rolled.shared_videos_option = str(tmp_path / "nas")
    try:
        report = _report(rolled)
        assert "anchor-short" in _kinds(report), report.problems
        assert b.uid[:12] in " ".join(p.message for p in report.problems)
    finally:
        rolled.close()


def test_the_newest_seal_remade_with_the_desks_key_is_a_fork(ctx, record_inspection, tmp_path):
    ctx.shared_videos_option = str(tmp_path / "nas")
    _set_up_share(tmp_path / "nas")
    record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    # The key holder drops seal 2 and its line, edits the record and seals it again, with
    # the app's own code, and cuts the old line off the desk's file as well.
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
    assert report.problems and {p.kind for p in report.problems} == {"anchor-fork"}, report.problems


def test_a_remade_seal_left_beside_the_old_line_breaks_the_file_chain(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    b = record_inspection("TB-2", "SF2", seconds=1)
    _sql(
        ctx,
        ("DELETE FROM anchor_line WHERE seal_seq = 2",),
        ("DELETE FROM seal_entry WHERE seq = 2",),
        ("UPDATE inspection SET record_hash = '' WHERE id = ?", b.id),
    )
    with ctx.db.session() as s:
        seal_inspection(s, s.get(Inspection, b.id))
    kinds = _kinds(_report(ctx))
    assert "anchor" in kinds and ("anchor-fork" in kinds or "rolled-back" in kinds)


def test_fingerprint_checks_every_line_and_seal(ctx, data_dir, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    key = DeskKey.load(ctx.storage.root)
    assert _report(ctx, [key.fingerprint]).ok
    other = "0000 " * 15 + "0000"
    report = _report(ctx, [other])
    assert {"anchor", "foreign-key"} <= set(_kinds(report))
    # The command line passes it on (it was silently ignored) and fails.
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "--data-dir",
            str(data_dir),
            "verify",
            "--all",
            "--fingerprint",
            other,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert not json.loads(run.stdout)["ok"]


def test_a_line_lost_in_a_crash_is_written_at_the_next_start_and_said(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    record_inspection("TB-2", "SF2", seconds=1)
    # As if the program died between the seal's commit and its line's write.
    _cut_last_line(_file(ctx))
    report = _report(ctx)
    assert [p.kind for p in report.problems] == ["anchor-short"]
    assert "next start writes them back" in report.problems[0].message
    recovery = recover_all(ctx)
    assert recovery.reanchored and "seals 2" in recovery.message()
    assert [line.n for line in anchor.read(_file(ctx)).chain] == [1, 2]
    assert _report(ctx).ok


def test_an_anchor_path_that_is_a_folder_is_a_message(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    _file(ctx).unlink()
    _file(ctx).mkdir()
    report = _report(ctx)
    assert any("is a folder" in p.message for p in report.problems)
    recovery = recover_all(ctx)
    assert any("is a folder" in line for line in recovery.lines())


def test_verify_sources_default_to_the_sealing_desk(ctx, record_inspection):
    record_inspection("TB-1", "SF1", seconds=1)
    key = DeskKey.load(ctx.storage.root)
    with ctx.db.session() as s:
        assert verify_chain(s, ctx.storage.root, desk_public_key=key.public_hex).ok
        wrong = AnchorSources(desk_id="another-desk", key_exists=True)
        # Against another desk's (empty) chain, this desk's file is longer: not silently ok.
        assert not verify_chain(
            s, ctx.storage.root, desk_public_key=key.public_hex, sources=wrong
        ).ok
