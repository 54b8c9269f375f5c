"""The "Appeals due" page's behaviour: list by deadline, export bundles and clips with progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFileDialog, QWidget

from inspector.core.storage import safe_name
from inspector.i18n.catalogue import platform_text, value_text
from inspector.services.context import AppContext
from inspector.services.evidence import AppealDue, appeals_due, export_bundle, export_clip
from inspector.ui.appeals_view import AppealsView
from inspector.ui.progress_dialog import JobProgressDialog
from inspector.ui.tables import TableRow, show_rows

URGENT = QColor("#ffcdd2")  # deadline today, tomorrow or passed
SOON = QColor("#fff3c4")  # within three days


class AppealsController(QObject):
    """Keeps the list of appeals due and exports their evidence."""

    exported = Signal(object)  # the written Path

    def __init__(
        self, ctx: AppContext, open_inspection: Callable[[int], object] | None = None
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = AppealsView()
        self._open_inspection = open_inspection
        self.rows: list[AppealDue] = []
        self.dialog: JobProgressDialog | None = None
        # Replaced in tests: where to write (None = the user cancelled the file dialog).
        self.choose_folder: Callable[[], Path | None] = self._ask_folder
        self.choose_clip_file: Callable[[AppealDue], Path | None] = self._ask_clip_file
        v = self.view
        v.refresh_button.clicked.connect(self.refresh)
        v.open_button.clicked.connect(self.open_selected)
        v.export_button.clicked.connect(self.export_selected)
        v.clip_button.clicked.connect(self.clip_selected)
        v.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.refresh()

    @property
    def widget(self) -> QWidget:
        return self.view

    def refresh(self) -> None:
        """Reload the list from the database, soonest deadline first."""
        self.rows = appeals_due(self.ctx)
        shown = []
        for a in self.rows:
            if a.days_left is None:
                left = self.tr("no window")
            elif a.days_left < 0:
                left = self.tr("passed {0} d ago").format(-a.days_left)
            else:
                left = self.tr("{0} d").format(a.days_left)
            values = (
                left,
                a.deadline.astimezone().strftime("%Y-%m-%d") if a.deadline else "",
                a.order_number,
                a.courier_number,
                platform_text(a.platform),
                value_text(a.decision),
                self.tr("✓ exported") if a.exported else "",
            )
            colour = None
            if a.exported:
                pass  # done: no longer calling for attention
            elif a.days_left is not None and a.days_left <= 1:
                colour = URGENT
            elif a.days_left is not None and a.days_left <= 3:
                colour = SOON
            shown.append(TableRow(a.inspection_id, values, colour))
        show_rows(self.view.table, shown)
        open_count = sum(1 for a in self.rows if not a.exported)
        self.view.status_label.setText(
            self.tr("{0} appeal(s), {1} not exported yet.").format(len(self.rows), open_count)
        )

    def selected(self) -> AppealDue | None:
        row = self.view.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def open_selected(self) -> None:
        appeal = self.selected()
        if appeal is not None and self._open_inspection is not None:
            self._open_inspection(appeal.inspection_id)

    def _ask_folder(self) -> Path | None:
        folder = QFileDialog.getExistingDirectory(
            self.view, self.tr("Choose the folder for the evidence bundle"), str(Path.home())
        )
        return Path(folder) if folder else None

    def _ask_clip_file(self, appeal: AppealDue) -> Path | None:
        suggested = (
            Path.home()
            / f"clip_{safe_name(appeal.order_number)}_{safe_name(appeal.courier_number)}.mp4"
        )
        path, _ = QFileDialog.getSaveFileName(
            self.view, self.tr("Save the appeal clip"), str(suggested), self.tr("MP4 video (*.mp4)")
        )
        return Path(path) if path else None

    def export_selected(self) -> None:
        """Write the selected inspection's evidence bundle, with a progress bar and Cancel."""
        appeal = self.selected()
        if appeal is None:
            self.view.status_label.setText(self.tr("Choose an inspection in the list first."))
            return
        folder = self.choose_folder()
        if folder is None:
            return
        self._run(
            self.tr("Exporting the evidence bundle"),
            lambda: export_bundle(
                self.ctx, appeal.inspection_id, folder, self.ctx.settings.operator
            ),
        )

    def clip_selected(self) -> None:
        """Cut an appeal clip that fits the upload limits (1 minute, 30 MB by default)."""
        appeal = self.selected()
        if appeal is None:
            self.view.status_label.setText(self.tr("Choose an inspection in the list first."))
            return
        out = self.choose_clip_file(appeal)
        if out is None:
            return
        self._run(
            self.tr("Cutting the appeal clip"),
            # The save dialog asked before replacing a file.
            lambda: export_clip(
                self.ctx,
                appeal.inspection_id,
                out,
                actor=self.ctx.settings.operator,
                overwrite=True,
            ),
        )

    def _run(self, title: str, make_job) -> None:
        self.dialog = JobProgressDialog(self.view, title, make_job, self._done, self._failed)
        self.dialog.start()

    def _done(self, result) -> None:
        self.view.status_label.setText(self.tr("Written: {0}").format(result.path))
        self.refresh()
        self.exported.emit(result.path)

    def _failed(self, exc: Exception) -> None:
        self.view.status_label.setText(self.tr("The export failed: {0}").format(exc))
