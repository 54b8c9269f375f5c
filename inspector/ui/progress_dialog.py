"""A progress dialog for long evidence jobs (export, clip, verify), with Cancel that leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from inspector.core.progress import Progress
from inspector.ui.progress_job import ProgressJob


class JobProgressDialog(QProgressDialog):
    """Runs a progress generator off the GUI thread and follows it with a bar and its messages."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        make_job: Callable[[], Generator[Progress, None, Any]],
        on_finished: Callable[[Any], None],
        on_failed: Callable[[Exception], None],
    ) -> None:
        super().__init__(title, self.tr("Cancel"), 0, 1000, parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setMinimumWidth(460)
        self._on_finished = on_finished
        self._on_failed = on_failed
        self.outcome: str = "running"
        self.job = ProgressJob(make_job, self)
        # Slots on this QObject, so Qt queues the worker thread's signals to the GUI thread.
        self.job.progress.connect(self._progress)
        self.job.finished.connect(self._finished)
        self.job.failed.connect(self._failed)
        self.job.cancelled.connect(self._cancelled)
        self.canceled.connect(self.job.cancel)

    def start(self) -> None:
        self.show()
        self.job.start()

    @Slot(float, str)
    def _progress(self, fraction: float, message: str) -> None:
        self.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self.setLabelText(message)

    @Slot(object)
    def _finished(self, result: Any) -> None:
        self.outcome = "finished"
        self.close()
        self._on_finished(result)

    @Slot(object)
    def _failed(self, exc: Exception) -> None:
        self.outcome = "failed"
        self.close()
        self._on_failed(exc)

    @Slot()
    def _cancelled(self) -> None:
        self.outcome = "cancelled"
        self.close()
