"""The desk's keys (P/F/N/C/S/R/D, ↑/↓, F5, F8) wherever the focus is in the station's window.

Qt's own shortcuts proved unreliable at a real desk: a WindowShortcut fires only while Qt
counts the window as active, which an X server without a window manager (a kiosk desk,
Xvfb) or a just-closed dialog can leave unset while the keys still arrive; and a focused
list or button may claim ↑/↓ first. So the keys are read by an application event filter
that acts on any key press meant for a widget of the station's window, whatever has the
focus, as long as the station page is the one shown and no dialog is in front.

Letters never reach a text field's owner as a command: a letter typed into the order,
courier, note or value field is that field's letter. Scanner bursts are the scanner
filter's (inspector/ui/scanner.py): it holds printable keys and hands back only what a
person typed, by sending the key again, which this filter then sees. For that the scanner
filter must be consulted first, i.e. installed after this one (Qt asks the newest
application filter first); `DeskKeys` is therefore made before the scanner filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from inspector.ui.scanner import takes_text

_CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


@dataclass(frozen=True)
class DeskKey:
    """One key of the desk: what it does, and whether a text field keeps it as a letter."""

    key: Qt.Key
    action: Callable[[], None]
    typed: bool = False  # a letter: a focused text field types it instead
    enabled: Callable[[], bool] = lambda: True


class DeskKeys(QObject):
    """An application event filter that runs the desk's keys for one window's station page."""

    def __init__(self, page: QWidget, keys: list[DeskKey]) -> None:
        super().__init__(page)
        self.page = page
        self.keys = {k.key: k for k in keys}
        self.pressed: list[Qt.Key] = []  # keys acted on, newest last (diagnostics, tests)
        app = QApplication.instance()
        assert app is not None, "a QApplication must exist before the desk keys"
        app.installEventFilter(self)

    def remove(self) -> None:
        """Stop listening (the window is closing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(obj, QWidget) or not isinstance(event, QKeyEvent):
            return False
        desk_key = self.keys.get(Qt.Key(event.key()))
        if desk_key is None or not self._mine(obj, event, desk_key) or not desk_key.enabled():
            # Not the desk's key just now (↑/↓ with no checklist): the widget keeps it.
            return False
        if kind == QEvent.Type.ShortcutOverride:
            # Claim the key, so no widget's or menu's shortcut takes it as well.
            event.accept()
            return True
        self.pressed.append(desk_key.key)
        desk_key.action()
        return True

    def _mine(self, obj: QWidget, event: QKeyEvent, desk_key: DeskKey) -> bool:
        if event.modifiers() & _CHORD or event.isAutoRepeat() and desk_key.typed:
            return False
        window = self.page.window()
        if obj.window() is not window or not self.page.isVisible():
            return False
        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not window:
            return False
        if desk_key.typed and takes_text(obj):
            return False
        if desk_key.key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            # A combo box or spin box uses the arrows to change its own value.
            return not isinstance(obj, QComboBox | QAbstractSpinBox)
        return True
