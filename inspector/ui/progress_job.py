"""Run a progress generator (an export, a clip, verify --all) off the GUI thread, as Qt signals.

The services yield `Progress` and return a result; this adapter runs one on Qt's thread
pool and turns each step into a signal the GUI's progress bar follows. Cancel is
honoured between steps by closing the generator on its own thread, which is what makes
a cancelled export leave nothing behind.

The signals are emitted on the worker thread: connect them to a widget's slot (Qt then
queues them to the GUI thread), e.g. `job.progress.connect(view.show_progress)`, not to a
bare lambda that touches widgets.

    job = ProgressJob(lambda: export_bundle(ctx, inspection_id, folder))
    job.progress.connect(view.set_progress)   # (fraction 0..1, message)
    job.finished.connect(view.show_bundle)    # BundleResult
    job.failed.connect(view.show_error)       # an InspectorError: str() is the message
    view.cancel_button.clicked.connect(job.cancel)
    job.start()
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from inspector.core.progress import Progress


class ProgressJob(QObject):
    """One long job: `progress(fraction, message)`, then `finished(result)`, `failed(error)` or `cancelled()`."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        make_job: Callable[[], Generator[Progress, None, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._make_job = make_job
        self._cancel = threading.Event()

    def start(self, pool: QThreadPool | None = None) -> None:
        """Begin on the thread pool; signals arrive on the thread that owns this object."""
        (pool or QThreadPool.globalInstance()).start(_Runner(self))

    def cancel(self) -> None:
        """Stop at the next step; the job cleans up after itself and `cancelled` is emitted."""
        self._cancel.set()

    def _run(self) -> None:
        try:
            job = self._make_job()
            while True:
                if self._cancel.is_set():
                    job.close()
                    self.cancelled.emit()
                    return
                try:
                    step = next(job)
                except StopIteration as stop:
                    self.finished.emit(stop.value)
                    return
                self.progress.emit(step.fraction, step.message)
        except Exception as exc:  # reported to the GUI, which shows it in words
            self.failed.emit(exc)


class _Runner(QRunnable):
    def __init__(self, job: ProgressJob) -> None:
        super().__init__()
        self._job = job

    def run(self) -> None:
        self._job._run()
