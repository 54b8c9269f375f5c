"""Words of Qt's own dialogs that Qt's Chinese catalogue (qtbase_zh_CN) leaves in English.

Qt's translation is loaded with ours (i18n.catalogue.install_language); ours is asked
first, so a word marked here under Qt's own context fills the gap. Found by opening
Qt's file dialog in Chinese (tests/test_i18n.py) and reading what stayed English.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_GAPS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
