"""A guard against PySide6 6.12.0 dropping references to None and True (the quit crash).

Measured (tests/test_pyside_refcounts.py): with PySide6 6.12.0 every Python slot Qt calls
(a timer's timeout, a signal's slot, QTimer.singleShot's callable) costs None one
reference, and every SignalInstance.emit() costs True one. Python 3.12 makes None, True
and False immortal, so nothing happens there; on 3.11 the station's 30-a-second preview
timer alone takes None's ~70,000 references in well under an hour, and the interpreter
then dies with "Fatal Python error: none_dealloc" — at quit or before. Until PySide6
is fixed, the three singletons are given so many references that no run can use them up.
"""

from __future__ import annotations

import ctypes
import platform
import sys

# References added to each singleton: at a million lost a second, 12 days of running.
EXTRA_REFERENCES = 1 << 40
_guarded = False


def guard_singletons() -> bool:
    """Give None, True and False enough references to outlive PySide6's leaks; True if done.

    Only where it is needed and possible: CPython before 3.12 (later ones are immortal).
    Calling it twice does nothing more.
    """
    global _guarded
    if _guarded or sys.version_info >= (3, 12) or platform.python_implementation() != "CPython":
        return False
    for singleton in (None, True, False):
        # ob_refcnt is a PyObject's first field (Py_ssize_t) in every CPython build.
        refcount = ctypes.c_ssize_t.from_address(id(singleton))
        refcount.value += EXTRA_REFERENCES
    _guarded = True
    return True
