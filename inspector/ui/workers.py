"""Running blocking service calls off the GUI thread, with the result delivered back on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI, which shows it in words
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
    parent: QObject,
) -> _Relay:
    """Run fn on Qt's thread pool; on_done/on_failed run on the GUI thread (queued signals)."""
    relay = _Relay(parent)
    relay.done.connect(on_done)
    relay.failed.connect(on_failed)
    relay.done.connect(relay.deleteLater)
    relay.failed.connect(relay.deleteLater)
    QThreadPool.globalInstance().start(_Job(fn, relay))
    return relay
