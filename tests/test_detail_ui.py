"""The detail screen: play and seek the video, jump to a step, check the hash, notes, missing video."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtMultimedia import QMediaPlayer

from inspector.services import browse as service
from inspector.services.demo_data import generate_demo_data
from inspector.ui.detail import DetailController


@pytest.fixture
def inspection_id(ctx) -> int:
    """The newest demo inspection with a video and an answered checklist."""
    list(generate_demo_data(ctx, 12, videos=1, checklists=12))
    for row in service.iter_rows(ctx):
        if row.video_path and service.load_detail(ctx, row.id).marks:
            return row.id
    raise AssertionError("the demo data has no answered checklist")


def open_detail(ctx, qtbot, inspection_id: int) -> DetailController:
    c = DetailController(ctx, inspection_id)
    qtbot.addWidget(c.view)
    c.view.resize(1100, 700)
    c.view.show()
    return c


# Loaded, then paused on its first frame (buffered): either way the video is there.
LOADED = (QMediaPlayer.MediaStatus.LoadedMedia, QMediaPlayer.MediaStatus.BufferedMedia)


@pytest.fixture
def detail(ctx, qtbot, inspection_id):
    c = open_detail(ctx, qtbot, inspection_id)
    qtbot.waitUntil(lambda: c.player.mediaStatus() in LOADED, timeout=10000)
    yield c
    c.shutdown()


def test_facts_steps_and_marks_are_shown(detail):
    d = detail.detail
    v = detail.view
    assert d.order in v.title_label.text()
    assert v.steps_list.count() == len(d.marks) >= 4
    assert v.steps_list.item(0).text().startswith("00:00:")
    assert len(v.timeline.marks) == len([m for m in d.marks if m.offset_s is not None])
    assert v.sha_label.text() == d.segments[0].sha256
    assert "Decision:" in v.decision_label.text()
    order_text = v.order_browser.toPlainText()
    assert all(line.sku in order_text for line in d.order_lines)
    # The first step's photo (taken at the desk) is shown.
    assert d.marks[0].photo is not None
    assert d.marks[0].photo.name in v.photos_browser.toHtml()


def test_clicking_a_step_moves_the_player_to_that_moment(detail, qtbot):
    v = detail.view
    row = 3
    mark = detail.detail.marks[row]
    target = round(mark.offset_s * 1000)
    item = v.steps_list.item(row)
    rect = v.steps_list.visualItemRect(item)
    qtbot.mouseClick(v.steps_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: abs(detail.player.position() - target) <= 150, timeout=5000)
    assert abs(v.timeline.position_ms - target) <= 150
    assert v.position_label.text().startswith(f"00:00:{int(mark.offset_s):02d}")


def test_clicking_a_timeline_mark_lands_on_the_step(detail, qtbot):
    v = detail.view
    ms, _label, _colour = v.timeline.marks[1]
    x = round(v.timeline.x_for(ms) + 2)  # a couple of pixels off still lands on the mark
    with qtbot.waitSignal(v.timeline.seek_requested) as seek:
        qtbot.mouseClick(
            v.timeline,
            Qt.MouseButton.LeftButton,
            pos=QPoint(x, v.timeline.height() // 2),
        )
    assert seek.args == [ms]
    qtbot.waitUntil(lambda: abs(detail.player.position() - ms) <= 150, timeout=5000)


def test_frame_step_and_speed(detail, qtbot):
    detail.seek_ms(2000)
    qtbot.waitUntil(lambda: abs(detail.player.position() - 2000) <= 50, timeout=5000)
    detail.view.forward_button.click()
    frame = detail.frame_ms()
    assert frame == 100  # the demo video is 10 fps
    qtbot.waitUntil(lambda: abs(detail.player.position() - 2100) <= 50, timeout=5000)
    detail.view.back_button.click()
    detail.view.back_button.click()
    qtbot.waitUntil(lambda: abs(detail.player.position() - 1900) <= 50, timeout=5000)
    assert detail.player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    detail.view.speed_combo.setCurrentIndex(detail.view.speed_combo.findData(2.0))
    assert detail.player.playbackRate() == 2.0


def test_play_advances_and_pause_stops(detail, qtbot):
    detail.view.play_button.click()
    qtbot.waitUntil(lambda: detail.player.position() > 300, timeout=10000)
    assert "Pause" in detail.view.play_button.text()
    detail.view.play_button.click()
    qtbot.waitUntil(lambda: detail.player.playbackState() == QMediaPlayer.PlaybackState.PausedState)


def test_verify_button_checks_the_file_on_disk(detail, qtbot):
    with qtbot.waitSignal(detail.verified, timeout=10000) as done:
        detail.view.verify_button.click()
    assert [c.result for c in done.args[0]] == [service.VideoCheck.MATCHES]
    assert "matches its recorded SHA-256" in detail.view.verify_label.text()
    path = detail.detail.segments[0].absolute_path
    with open(path, "ab") as fh:
        fh.write(b"\0")
    with qtbot.waitSignal(detail.verified, timeout=10000):
        detail.view.verify_button.click()
    assert "does NOT match" in detail.view.verify_label.text()


def test_adding_a_note_appends_it_to_the_history(detail, qtbot, ctx):
    v = detail.view
    before = service.load_detail(ctx, detail.inspection_id)
    v.note_author.setText("Dana")
    v.note_edit.setPlainText("Platform asked for evidence on 2026-12-01.")
    with qtbot.waitSignal(detail.note_added):
        v.add_note_button.click()
    last = v.history_list.item(v.history_list.count() - 1).text()
    assert "[note] — Dana" in last and "Platform asked for evidence" in last
    assert v.note_edit.toPlainText() == ""
    after = service.load_detail(ctx, detail.inspection_id)
    assert [n.message for n in after.notes][-1] == "Platform asked for evidence on 2026-12-01."
    assert (after.decision, after.decision_reasons, after.segments[0].sha256) == (
        before.decision,
        before.decision_reasons,
        before.segments[0].sha256,
    )
    assert [(m.result, m.offset_s) for m in after.marks] == [
        (m.result, m.offset_s) for m in before.marks
    ]


def test_an_empty_note_is_refused_in_words(detail):
    v = detail.view
    count = v.history_list.count()
    v.note_edit.setPlainText("   ")
    v.add_note_button.click()
    assert "empty" in v.note_message.text()
    assert v.history_list.count() == count


def test_missing_video_shows_a_clear_message_and_the_rest_still_works(ctx, qtbot, inspection_id):
    path = service.load_detail(ctx, inspection_id).segments[0].absolute_path
    path.unlink()
    c = open_detail(ctx, qtbot, inspection_id)
    v = c.view
    assert v.video_stack.currentWidget() is v.video_message
    assert "missing from disk" in v.video_message.text() and str(path) in v.video_message.text()
    assert not v.play_button.isEnabled() and not v.forward_button.isEnabled()
    # Steps, facts and notes still work.
    assert v.steps_list.count() == len(c.detail.marks) > 0
    assert c.jump_to_step(0) is True and c.player.position() == 0
    c.toggle_play()
    assert c.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState
    v.note_author.setText("Dana")
    v.note_edit.setPlainText("Video lost; restore from the NAS backup.")
    v.add_note_button.click()
    assert "restore from the NAS" in v.history_list.item(v.history_list.count() - 1).text()
    with qtbot.waitSignal(c.verified, timeout=10000) as done:
        v.verify_button.click()
    assert done.args[0][0].result is service.VideoCheck.MISSING
    assert "missing from disk" in v.verify_label.text()
    c.shutdown()


def test_an_inspection_without_video(ctx, qtbot):
    from inspector.core.models import Inspection

    with ctx.db.session() as s:
        row = Inspection(order_number="NOVIDEO-1", status="failed")
        s.add(row)
        s.flush()
        iid = row.id
    c = open_detail(ctx, qtbot, iid)
    assert "No video was recorded" in c.view.video_message.text()
    assert not c.view.verify_button.isEnabled()
    assert "not in the database" in c.view.order_browser.toPlainText()
    c.shutdown()


def test_a_damaged_video_says_it_cannot_be_played(ctx, qtbot, inspection_id):
    path = service.load_detail(ctx, inspection_id).segments[0].absolute_path
    path.write_bytes(b"this is not an mp4 file at all" * 100)
    c = open_detail(ctx, qtbot, inspection_id)
    v = c.view
    qtbot.waitUntil(lambda: v.video_stack.currentWidget() is v.video_message, timeout=10000)
    assert "cannot be played" in v.video_message.text()
    with qtbot.waitSignal(c.verified, timeout=10000):
        v.verify_button.click()
    assert "does NOT match" in v.verify_label.text()
    c.shutdown()


def test_an_inspection_in_two_parts_plays_each_part(ctx, qtbot):
    from inspector.core.models import Inspection, VideoSegment
    from inspector.services.demo_data import ensure_demo_videos

    first, second = ensure_demo_videos(ctx, 2)
    with ctx.db.session() as s:
        row = Inspection(order_number="TWO-PARTS", status="interrupted")
        s.add(row)
        s.flush()
        for seq, clip in ((1, first), (2, second)):
            s.add(
                VideoSegment(
                    inspection_id=row.id,
                    seq=seq,
                    path=clip.path,
                    started_at=row.started_at,
                    duration_s=clip.duration_s,
                    sha256=clip.sha256,
                )
            )
        iid = row.id
    c = open_detail(ctx, qtbot, iid)
    v = c.view
    assert v.segment_combo.count() == 2 and not v.segment_combo.isHidden()
    assert v.timeline.duration_ms == round(first.duration_s * 1000)
    v.segment_combo.setCurrentIndex(1)
    assert c.segment.seq == 2 and v.timeline.duration_ms == round(second.duration_s * 1000)
    assert c.player.source().toLocalFile().endswith(second.path.split("/")[-1])
    qtbot.waitUntil(lambda: c.player.mediaStatus() in LOADED, timeout=10000)
    c.seek_ms(3000)
    qtbot.waitUntil(lambda: abs(c.player.position() - 3000) <= 100, timeout=5000)
    c.shutdown()


def test_export_button_writes_a_bundle_with_a_progress_bar(detail, qtbot, tmp_path):
    import zipfile

    with qtbot.waitSignal(detail.exported, timeout=30000) as written:
        detail.export_evidence_to(tmp_path)
    assert detail.export_dialog.outcome == "finished"
    with zipfile.ZipFile(written.args[0]) as z:
        assert "manifest.json" in z.namelist()
    assert "Evidence bundle written" in detail.view.export_label.text()


def test_the_first_frame_is_up_before_play_and_export_sits_at_the_top(detail, qtbot):
    """Loaded means paused on the first frame (not a black, stopped player); Export is in sight."""
    v = detail.view
    qtbot.waitUntil(
        lambda: detail.player.playbackState() == QMediaPlayer.PlaybackState.PausedState,
        timeout=5000,
    )
    assert detail.jump_to_step(len(detail.detail.marks) - 1)
    mark = detail.detail.marks[-1]
    qtbot.waitUntil(
        lambda: abs(detail.player.position() - round(mark.offset_s * 1000)) < 200, timeout=5000
    )
    assert detail.player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    # Export is beside the title, whatever tab is open; a long result line is shortened.
    assert v.export_button.isVisible()
    assert v.export_button.mapTo(v, v.export_button.rect().topLeft()).y() < v.tabs.y()
    long_path = "/media/usb/" + "very-long-folder-name/" * 20 + "bundle.zip"
    v.export_label.setText(long_path)
    qtbot.wait(50)
    assert v.export_label.full_text() == long_path and v.export_label.toolTip() == long_path
    assert "…" in v.export_label.text()
    assert v.export_label.height() < 3 * v.export_label.fontMetrics().height()
