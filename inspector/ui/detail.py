"""The detail screen's behaviour: play the recording, jump to a step, check the hash, add notes."""

from __future__ import annotations

import html
import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtMultimedia import QMediaPlayer
from PySide6.QtWidgets import QLabel, QListWidgetItem, QWidget

from inspector.capture.overlay import format_elapsed
from inspector.core.errors import InspectorError
from inspector.i18n.catalogue import (
    answer_text,
    decision_text,
    event_kind_text,
    platform_text,
    value_text,
)
from inspector.services import browse as service
from inspector.services.browse import InspectionDetail, SegmentCheck, SegmentInfo, VideoCheck
from inspector.services.context import AppContext
from inspector.ui.detail_view import RESULT_COLOURS, DetailView
from inspector.ui.workers import run_in_background

log = logging.getLogger(__name__)
MARK_ROLE = Qt.ItemDataRole.UserRole


class DetailController(QObject):
    """One inspection: its video with step marks, facts, integrity check and notes."""

    verified = Signal(object)  # list[SegmentCheck]
    note_added = Signal(object)  # HistoryEntry
    exported = Signal(object)  # Path of the evidence bundle

    def __init__(self, ctx: AppContext, inspection_id: int, view: DetailView | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.inspection_id = inspection_id
        self.detail: InspectionDetail = service.load_detail(ctx, inspection_id)
        self.view = view or DetailView()
        self.segment: SegmentInfo | None = None
        self._pending_seek_ms: int | None = None
        self._shut = False
        self.player = QMediaPlayer(self)
        self.player.setVideoOutput(self.view.video_widget)

        v = self.view
        v.play_button.clicked.connect(self.toggle_play)
        v.back_button.clicked.connect(lambda: self.step_frames(-1))
        v.forward_button.clicked.connect(lambda: self.step_frames(1))
        v.speed_combo.currentIndexChanged.connect(
            lambda _i: self.player.setPlaybackRate(float(v.speed_combo.currentData()))
        )
        v.segment_combo.currentIndexChanged.connect(self._segment_chosen)
        v.timeline.seek_requested.connect(self.seek_ms)
        v.steps_list.itemClicked.connect(self._step_clicked)
        v.steps_list.itemActivated.connect(self._step_clicked)
        v.verify_button.clicked.connect(self.verify)
        v.add_note_button.clicked.connect(self.add_note)
        v.export_button.clicked.connect(self.export_evidence)
        v.note_author.setText(ctx.settings.operator)
        self.player.positionChanged.connect(self._position_changed)
        self.player.durationChanged.connect(self._duration_changed)
        self.player.playbackStateChanged.connect(self._state_changed)
        self.player.mediaStatusChanged.connect(self._media_status)
        self._autoplay = False  # start the next part as soon as it is loaded
        self._play_next_part = False  # set while playing, so only a played-through end advances
        self.player.errorOccurred.connect(self._player_error)

        self._fill()

    @property
    def widget(self) -> QWidget:
        return self.view

    # ----- facts --------------------------------------------------------------------------

    def _fill(self) -> None:
        d = self.detail
        v = self.view
        v.title_label.setText(
            self.tr("Inspection %1 — order %2")
            .replace("%1", str(d.id))
            .replace("%2", d.order or self.tr("(none)"))
            + (self.tr(", courier %1").replace("%1", d.courier) if d.courier else "")
        )
        while v.facts.rowCount():
            v.facts.removeRow(0)
        ended = service.format_local(d.ended_at) if d.ended_at else "—"
        rows = [
            (self.tr("Order number:"), d.order or "—"),
            (self.tr("Courier number:"), d.courier or "—"),
            (
                self.tr("Platform / buyer:"),
                " / ".join(x for x in (platform_text(d.platform), d.buyer) if x) or "—",
            ),
            (self.tr("Started:"), service.format_local(d.started_at)),
            (self.tr("Ended:"), ended),
            (self.tr("Length:"), format_elapsed(d.duration_s)),
            (self.tr("Operator:"), d.operator or "—"),
            (self.tr("Station:"), d.station or "—"),
            (
                self.tr("Status:"),
                value_text(d.status)
                + (
                    " " + self.tr("({0} frames dropped)").format(d.dropped_frames)
                    if d.dropped_frames
                    else ""
                ),
            ),
        ]
        for label, value in rows:
            v.facts.addRow(label, _selectable(value))
        v.decision_label.setText(decision_html(d))

        v.segment_combo.blockSignals(True)
        v.segment_combo.clear()
        for seg in d.segments:
            v.segment_combo.addItem(self.tr("Part %1").replace("%1", str(seg.seq)), seg.seq)
        v.segment_combo.setVisible(len(d.segments) > 1)
        v.segment_combo.blockSignals(False)

        self._fill_steps()
        v.order_browser.setHtml(order_html(d))
        v.photos_browser.setHtml(photos_html(d))
        self._fill_history()
        self._fill_story()
        if d.segments:
            self.load_segment(d.segments[0].seq)
        else:
            v.sha_label.setText("")
            v.verify_button.setEnabled(False)
            v.show_video_message(self.tr("No video was recorded for this inspection."))
        v.export_button.setVisible(_evidence_available())

    def _fill_steps(self) -> None:
        v = self.view
        v.steps_list.clear()
        for mark in self.detail.marks:
            when = (
                f"{format_elapsed(mark.offset_s)}"
                if mark.offset_s is not None
                else self.tr("no time")
            )
            result = answer_text(mark.result) if mark.result else self.tr("not answered")
            text = f"{when}   {mark.seq}. {mark.title} — {result}"
            extra = [x for x in (mark.value, mark.note) if x]
            if extra:
                text += f"  ({'; '.join(extra)})"
            item = QListWidgetItem(text)
            item.setData(MARK_ROLE, mark)
            item.setForeground(RESULT_COLOURS.get(mark.result, QColor("#424242")))
            if mark.offset_s is None:
                item.setToolTip(self.tr("This step was answered when the video was not recording."))
            v.steps_list.addItem(item)
        self._update_timeline_marks()

    def _update_timeline_marks(self) -> None:
        seq = self.segment.seq if self.segment else None
        self.view.timeline.set_marks(
            [
                (
                    round(m.offset_s * 1000),
                    f"{m.seq}. {m.title} — {answer_text(m.result)}",
                    RESULT_COLOURS.get(m.result, QColor("#1565c0")),
                )
                for m in self.detail.marks
                if m.offset_s is not None and m.segment_seq == seq
            ]
        )

    def _fill_history(self) -> None:
        v = self.view
        v.history_list.clear()
        for h in self.detail.history:
            who = f" — {h.actor}" if h.actor else ""
            kind = event_kind_text(h.kind)
            item = QListWidgetItem(f"{service.format_local(h.at)}  [{kind}]{who}\n{h.message}")
            if h.kind == service.NOTE_KIND:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            v.history_list.addItem(item)
        v.history_list.scrollToBottom()

    def _fill_story(self) -> None:
        """The order's story in time order, its reminders-and-waybill line first (bold)."""
        from inspector.services.order_story import order_timeline

        v = self.view
        v.story_list.clear()
        if not self.detail.order:
            return
        try:
            story = order_timeline(self.ctx, self.detail.order)
        except InspectorError:
            return  # nothing known of the order beyond this inspection: the tab stays empty
        if story.summary:
            item = QListWidgetItem(story.summary)
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            v.story_list.addItem(item)
        for entry in story.entries:
            local = entry.at.astimezone()
            when = f"{local:%Y-%m-%d}" if entry.date_only else f"{local:%Y-%m-%d %H:%M}"
            detail = f"\n{entry.detail}" if entry.detail else ""
            v.story_list.addItem(QListWidgetItem(f"{when}  {entry.label(story.language)}{detail}"))

    # ----- video --------------------------------------------------------------------------

    def load_segment(self, seq: int) -> None:
        """Show one video file of the inspection, or say plainly why it cannot be shown."""
        seg = next((s for s in self.detail.segments if s.seq == seq), None)
        if seg is None:
            return
        self.segment = seg
        v = self.view
        v.sha_label.setText(seg.sha256 or self.tr("(no hash: the recording did not finish)"))
        v.sha_label.setCursorPosition(0)
        v.verify_button.setEnabled(True)
        v.timeline.set_duration(round(seg.duration_s * 1000))
        v.timeline.set_position(0)
        self._show_position(0)
        self._update_timeline_marks()
        self.player.stop()
        if not seg.absolute_path.is_file():
            self.player.setSource(QUrl())
            removed = (
                " "
                + self.tr("Retention removed it on {0}.").format(
                    service.format_local(seg.removed_at)
                )
                if seg.removed_at
                else ""
            )
            v.show_video_message(
                self.tr(
                    "The video file is missing from disk:\n{0}\n\n"
                    "It may have been moved, deleted or be on a drive that is not connected.{1} "
                    "Restore it from a backup to watch it; everything else about this inspection "
                    "is shown here."
                ).format(seg.absolute_path, removed)
            )
            return
        v.show_video()
        self.player.setSource(QUrl.fromLocalFile(str(seg.absolute_path)))

    def _segment_chosen(self, _index: int) -> None:
        seq = self.view.segment_combo.currentData()
        if seq is not None:
            self.load_segment(int(seq))

    @property
    def has_video(self) -> bool:
        return self.segment is not None and self.segment.absolute_path.is_file()

    def toggle_play(self) -> None:
        if not self.has_video:
            return
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def frame_ms(self) -> int:
        fps = self.detail.fps if self.detail.fps > 0 else 30.0
        return max(1, round(1000 / fps))

    def step_frames(self, n: int) -> None:
        """Pause and move n frames (negative: back)."""
        if not self.has_video:
            return
        self.player.pause()
        self.seek_ms(self.player.position() + n * self.frame_ms())

    def seek_ms(self, ms: int) -> None:
        """Move the player (and the timeline) to ms into the current video."""
        if not self.has_video:
            return
        duration = self.player.duration() or self.view.timeline.duration_ms
        ms = max(0, min(int(ms), duration)) if duration > 0 else max(0, int(ms))
        self.view.timeline.set_position(ms)
        self._show_position(ms)
        if self.player.mediaStatus() in (
            QMediaPlayer.MediaStatus.NoMedia,
            QMediaPlayer.MediaStatus.LoadingMedia,
        ):
            # Not loaded yet: seek as soon as it is.
            self._pending_seek_ms = ms
            return
        self.player.setPosition(ms)

    def jump_to_step(self, row: int) -> bool:
        """Jump to the moment a checklist step was checked (its bookmark)."""
        item = self.view.steps_list.item(row)
        if item is None:
            return False
        mark: service.StepMark = item.data(MARK_ROLE)
        if mark.offset_s is None:
            self.view.verify_label.setText("")
            return False
        if self.segment is None or mark.segment_seq != self.segment.seq:
            index = self.view.segment_combo.findData(mark.segment_seq)
            if index >= 0:
                self.view.segment_combo.setCurrentIndex(index)
        self.player.pause()
        self.seek_ms(round(mark.offset_s * 1000))
        return True

    def _step_clicked(self, item: QListWidgetItem) -> None:
        self.jump_to_step(self.view.steps_list.row(item))

    def _media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia:
            if self._autoplay:
                self._autoplay = False
                self.player.play()
            else:
                # Paused, not stopped: the first frame (or a step's moment) is shown before
                # Play, and the step marks seek at once.
                self.player.pause()
            if self._pending_seek_ms is not None:
                ms, self._pending_seek_ms = self._pending_seek_ms, None
                self.player.setPosition(ms)
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and self._play_next_part:
            self._play_next_part = False
            self._advance_to_next_part()
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self.view.show_video_message(
                self.tr(
                    "The video file cannot be played: {0}. Use 'Check the file still matches' "
                    "to see whether it changed since recording."
                ).format(self.player.errorString() or self.tr("it is damaged"))
            )

    def _advance_to_next_part(self) -> None:
        """Parts of one inspection (a camera lost and back) play on as one recording."""
        if self.segment is None:
            return
        later = [seg.seq for seg in self.detail.segments if seg.seq > self.segment.seq]
        if not later:
            return
        index = self.view.segment_combo.findData(min(later))
        self._autoplay = True
        self.view.segment_combo.setCurrentIndex(index)

    def _player_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        log.warning("Playing inspection %s failed: %s", self.inspection_id, message)

    def _position_changed(self, ms: int) -> None:
        self.view.timeline.set_position(ms)
        self._show_position(ms)

    def _duration_changed(self, ms: int) -> None:
        if ms > 0:
            self.view.timeline.set_duration(ms)
            self._show_position(self.player.position())

    def _show_position(self, ms: int) -> None:
        total = self.view.timeline.duration_ms
        self.view.position_label.setText(
            f"{format_elapsed(ms / 1000)} / {format_elapsed(total / 1000)}"
        )

    def _state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        if playing:
            self._play_next_part = True
        self.view.play_button.setText(self.tr("❚❚ Pause") if playing else self.tr("▶ Play"))

    # ----- integrity ----------------------------------------------------------------------

    def verify(self) -> None:
        """Re-hash the video files off the GUI thread and say whether they still match."""
        self.view.verify_button.setEnabled(False)
        self.view.verify_label.setStyleSheet("")
        self.view.verify_label.setText(self.tr("Reading the video and computing its SHA-256…"))
        run_in_background(
            lambda: service.verify_video(self.ctx, self.inspection_id),
            self._verified,
            self._verify_failed,
            self,
        )

    def _alive(self) -> bool:
        # A check or export may finish after the window closed; it must not touch it then.
        return shiboken6.isValid(self.view)

    def _verified(self, checks: list[SegmentCheck]) -> None:
        if not self._alive():
            return
        self.view.verify_button.setEnabled(True)
        ok = all(c.result is VideoCheck.MATCHES for c in checks)
        self.view.verify_label.setStyleSheet(
            "QLabel { color: #2e7d32; }" if ok else "QLabel { color: #b71c1c; font-weight: bold; }"
        )
        self.view.verify_label.setText("\n".join(c.message for c in checks))
        self.verified.emit(checks)

    def _verify_failed(self, exc: Exception) -> None:
        if not self._alive():
            return
        self.view.verify_button.setEnabled(True)
        self.view.verify_label.setStyleSheet("QLabel { color: #b71c1c; }")
        self.view.verify_label.setText(self.tr("The check could not run: {0}").format(exc))

    # ----- notes --------------------------------------------------------------------------

    def add_note(self) -> None:
        """Append the typed note to the history, with who and when."""
        v = self.view
        try:
            entry = service.add_note(
                self.ctx, self.inspection_id, v.note_author.text(), v.note_edit.toPlainText()
            )
        except InspectorError as exc:
            v.note_message.setText(str(exc))
            return
        v.note_message.setText("")
        v.note_edit.clear()
        self.detail.history.append(entry)
        self._fill_history()
        self.note_added.emit(entry)

    # ----- evidence -----------------------------------------------------------------------

    def export_evidence(self) -> None:
        """Ask for a folder and write this inspection's evidence bundle there."""
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(
            self.view, self.tr("Choose the folder for the evidence bundle"), str(Path.home())
        )
        if folder:
            self.export_evidence_to(Path(folder))

    def export_evidence_to(self, folder: Path) -> None:
        """Write the evidence bundle (services.evidence) with a progress bar and Cancel."""
        from inspector.services.evidence import export_bundle
        from inspector.ui.progress_dialog import JobProgressDialog

        v = self.view
        v.export_button.setEnabled(False)
        v.export_label.setStyleSheet("")
        v.export_label.setText(self.tr("Exporting the evidence bundle…"))
        actor = v.note_author.text().strip()

        def done(result) -> None:
            if not self._alive():
                return
            v.export_button.setEnabled(True)
            v.export_label.setText(self.tr("Evidence bundle written: {0}").format(result.path))
            self.exported.emit(result.path)

        def failed(exc: Exception) -> None:
            if not self._alive():
                return
            v.export_button.setEnabled(True)
            v.export_label.setStyleSheet("QLabel { color: #b71c1c; }")
            v.export_label.setText(self.tr("The export failed: {0}").format(exc))

        self.export_dialog = JobProgressDialog(
            v,
            self.tr("Exporting the evidence bundle"),
            lambda: export_bundle(self.ctx, self.inspection_id, folder, actor),
            done,
            failed,
        )
        self.export_dialog.canceled.connect(lambda: v.export_button.setEnabled(True))
        self.export_dialog.canceled.connect(
            lambda: v.export_label.setText(self.tr("Export cancelled."))
        )
        self.export_dialog.start()

    def shutdown(self) -> None:
        """Release the video file and the player now, while the window still exists.

        A player left to be destroyed at interpreter exit (its controller kept alive by the
        slots connected to it) was torn down during Python's finalization, after several
        videos had been watched: "Fatal Python error: none_dealloc" at quit. So the player is
        stopped, cut off from the video widget and its slots, and deleted here, in Qt's order.
        """
        player = self.player
        if self._shut or not shiboken6.isValid(player):
            return  # the dialog finished and then was closed with the main window
        self._shut = True
        player.blockSignals(True)
        player.stop()
        player.setSource(QUrl())
        player.setVideoOutput(None)
        player.deleteLater()


def _evidence_available() -> bool:
    try:
        import inspector.services.evidence  # noqa: F401
    except ImportError:
        return False
    return True


def _selectable(text: str) -> QLabel:
    """A value in the facts form that staff can select and copy (order numbers, codes)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # data: a number is never read as markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


def decision_html(d: InspectionDetail) -> str:
    """The decision with its reasons and any override, as the facts box shows it."""
    colour = {"sign": "#2e7d32", "reject": "#c62828", "dispute": "#ef6c00"}.get(d.decision, "#555")
    e = html.escape
    decision_label = QCoreApplication.translate("Detail", "Decision:")
    parts = [
        f"<p><b>{e(decision_label)}</b> "
        f"<span style='color:{colour}; font-weight:bold'>"
        f"{e(decision_text(d.decision))}</span>"
    ]
    if d.decided_by or d.decided_at:
        when = service.format_local(d.decided_at) if d.decided_at else ""
        by = QCoreApplication.translate("Detail", "by {0} {1}").format(d.decided_by or "?", when)
        parts.append(" " + e(by))
    parts.append("</p>")
    if d.appeal_deadline is not None and d.appeal_days_left is not None:
        left = d.appeal_days_left
        if left == 0:
            when = QCoreApplication.translate("Detail", "today")
        elif left > 0:
            when = QCoreApplication.translate("Detail", "in {0} days").format(left)
        else:
            when = QCoreApplication.translate("Detail", "{0} days ago").format(-left)
        style = "color:#b71c1c; font-weight:bold" if left <= 3 else ""
        deadline_label = QCoreApplication.translate("Detail", "Claim deadline:")
        parts.append(
            f"<p style='{style}'><b>{e(deadline_label)}</b> "
            f"{e(service.format_local(d.appeal_deadline))} ({e(when)})</p>"
        )
    if d.decision_reasons:
        items = "".join(f"<li>{e(r)}</li>" for r in d.decision_reasons)
        reasons_label = QCoreApplication.translate("Detail", "Reasons:")
        parts.append(f"<p><b>{e(reasons_label)}</b></p><ul>{items}</ul>")
    if d.recommended_decision and d.recommended_decision != d.decision:
        text = QCoreApplication.translate(
            "Detail", "Override: the checklist recommended {0}"
        ).format(decision_text(d.recommended_decision))
        if d.override_reason:
            text += "; " + QCoreApplication.translate("Detail", "reason given: {0}").format(
                d.override_reason
            )
        parts.append(f"<p><b>{e(text)}</b></p>")
    elif d.override_reason:
        text = QCoreApplication.translate("Detail", "Override reason: {0}").format(
            d.override_reason
        )
        parts.append(f"<p>{e(text)}</p>")
    return "".join(parts)


def _img(path: Path, width: int = 160) -> str:
    if not path.is_file():
        missing = QCoreApplication.translate("Detail", "(photo missing: {0})").format(path)
        return f"<i>{html.escape(missing)}</i>"
    return f"<img src='{QUrl.fromLocalFile(str(path)).toString()}' width='{width}'>"


def order_html(d: InspectionDetail) -> str:
    """What the order contained, with the store's reference photos of each product."""
    if not d.order_lines:
        text = QCoreApplication.translate(
            "Detail",
            "The order is not in the database, so its contents are unknown. "
            "Import the shop's orders to see them here.",
        )
        return f"<p>{html.escape(text)}</p>"
    out = []
    no_photos = QCoreApplication.translate("Detail", "no reference photos")
    for line in d.order_lines:
        serials = (
            "<br>"
            + html.escape(
                QCoreApplication.translate("Detail", "Serials / codes: {0}").format(
                    ", ".join(line.serials)
                )
            )
            if line.serials
            else ""
        )
        photos = " ".join(_img(p) for p in line.reference_photos)
        out.append(
            f"<h4>{line.line_no}. {html.escape(line.name)} ({html.escape(line.sku)}) × {line.quantity}</h4>"
            f"<p>{serials}</p><p>{photos or '<i>' + html.escape(no_photos) + '</i>'}</p>"
        )
    return "".join(out)


def photos_html(d: InspectionDetail) -> str:
    """Photos taken at the desk for checklist steps."""
    with_photos = [m for m in d.marks if m.photo is not None]
    if not with_photos:
        text = QCoreApplication.translate("Detail", "No photos were taken for the checklist steps.")
        return f"<p>{html.escape(text)}</p>"
    return "".join(
        f"<h4>{m.seq}. {html.escape(m.title)}</h4><p>{_img(m.photo, 320)}</p>"  # type: ignore[arg-type]
        for m in with_photos
    )
