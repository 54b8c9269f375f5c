"""Languages: English (the source strings) and Simplified Chinese, by Qt's own translation files.

The windows use tr(); the overlay burned into the video and the evidence report may be in
a language other than the windows' (a desk in Shenzhen filming for an Amazon appeal), so
they ask `translate_to(language, context, text)`, which keeps one QTranslator per language.

Sources: resources/translations/inspector_zh_CN.ts (edit with pyside6-linguist);
the compiled .qm beside it is what the app loads. Rebuild both with
`python -m inspector.ui.i18n --update` after changing user-visible strings.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QTranslator,
)

from inspector.resources_path import resource_path

if TYPE_CHECKING:  # the overlay pulls in OpenCV; the CLI asks this module for 'system' only
    from inspector.capture.overlay import OverlayLabels

SOURCE_LANGUAGE = "en"
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
SYSTEM = "system"
_translators: dict[str, QTranslator | None] = {}
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    return resource_path("translations")


def qm_path(language: str) -> Path:
    return translations_dir() / f"inspector_{language}.qm"


def resolve_language(setting: str | None, locale: QLocale | None = None) -> str:
    """The language to use: the setting, or for 'system' the computer's (Chinese or English)."""
    setting = (setting or SYSTEM).strip()
    if setting in LANGUAGES:
        return setting
    name = (locale or QLocale.system()).name()  # e.g. zh_CN, zh_TW, en_US
    if name.startswith("zh"):
        return "zh_CN"
    return SOURCE_LANGUAGE


def sync_system_language() -> str:
    """Tell core what 'system' means as Qt reads the computer, so both write one language.

    On Windows the display language reaches Qt but no environment variable; core alone
    would guess from LANG. Returns the language found.
    """
    from inspector.core.phrases import set_system_language

    language = resolve_language(SYSTEM)
    set_system_language(language)
    return language


def _translator(language: str) -> QTranslator | None:
    if language == SOURCE_LANGUAGE:
        return None
    if language not in _translators:
        translator = QTranslator()
        _translators[language] = translator if translator.load(str(qm_path(language))) else None
    return _translators[language]


def install_language(language: str) -> bool:
    """Make tr() answer in this language (and Qt's own dialogs' buttons); False if it has no file."""
    app = QCoreApplication.instance()
    assert app is not None, "create the QApplication before installing a language"
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == SOURCE_LANGUAGE:
        return True
    ours = _translator(language)
    if ours is None:
        return False
    qt_own = QTranslator(app)
    if qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    app.installTranslator(ours)
    _installed.append(ours)
    return True


def translate_to(language: str, context: str, text: str) -> str:
    """One string in a given language, whatever language the windows use."""
    translator = _translator(language)
    if translator is None:
        return text
    return translator.translate(context, text) or text


# The overlay's words, marked for lupdate under the "Overlay" context.
_OVERLAY_WORDS = {
    "order": QT_TRANSLATE_NOOP("Overlay", "Order"),
    "courier": QT_TRANSLATE_NOOP("Overlay", "Courier"),
    "station": QT_TRANSLATE_NOOP("Overlay", "Station"),
    "operator": QT_TRANSLATE_NOOP("Overlay", "Operator"),
    "recording": QT_TRANSLATE_NOOP("Overlay", "REC"),
    "live": QT_TRANSLATE_NOOP("Overlay", "LIVE"),
    "step": QT_TRANSLATE_NOOP("Overlay", "Step"),
}


def overlay_labels(language: str) -> OverlayLabels:
    """The overlay's labels in a language, for the preview and the burned-in video alike."""
    from inspector.capture.overlay import OverlayLabels

    return OverlayLabels(
        **{
            field: translate_to(language, "Overlay", text) for field, text in _OVERLAY_WORDS.items()
        },
        colon="：" if language.startswith("zh") else ": ",
    )


# Stored values shown in lists: an inspection's status and decision, marked for lupdate.
_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("Values", "recording"),
    QT_TRANSLATE_NOOP("Values", "completed"),
    QT_TRANSLATE_NOOP("Values", "interrupted"),
    QT_TRANSLATE_NOOP("Values", "failed"),
    QT_TRANSLATE_NOOP("Values", "pending"),
    QT_TRANSLATE_NOOP("Values", "sign"),
    QT_TRANSLATE_NOOP("Values", "reject"),
    QT_TRANSLATE_NOOP("Values", "dispute"),
)


def value_text(value: str) -> str:
    """A stored status or decision ("completed", "sign") in the windows' language."""
    return QCoreApplication.translate("Values", value) if value else value


# A decision as the desk announces it once taken, in the state bar (one word a decision).
_DECISION_HEADLINES = {
    "sign": QT_TRANSLATE_NOOP("Decisions", "SIGNED"),
    "reject": QT_TRANSLATE_NOOP("Decisions", "REJECTED"),
    "dispute": QT_TRANSLATE_NOOP("Decisions", "SIGNED UNDER DISPUTE"),
}


def decision_headline(decision: str) -> str:
    """A taken decision ("sign") as the desk's banner announces it (SIGNED), in its language."""
    words = _DECISION_HEADLINES.get(decision)
    return QCoreApplication.translate("Decisions", words) if words else value_text(decision)


# What the desk recorded happening to an inspection (InspectionEvent.kind), for its history.
_EVENT_KINDS = {
    "started": QT_TRANSLATE_NOOP("Events", "started"),
    "stopped": QT_TRANSLATE_NOOP("Events", "stopped"),
    "interrupted": QT_TRANSLATE_NOOP("Events", "interrupted"),
    "failed": QT_TRANSLATE_NOOP("Events", "failed"),
    "recovered": QT_TRANSLATE_NOOP("Events", "recovered"),
    "continued": QT_TRANSLATE_NOOP("Events", "continued"),
    "resealed": QT_TRANSLATE_NOOP("Events", "resealed"),
    "exported": QT_TRANSLATE_NOOP("Events", "exported"),
    "decided": QT_TRANSLATE_NOOP("Events", "decided"),
    "order_from_waybill": QT_TRANSLATE_NOOP("Events", "order from waybill"),
    "video_removed": QT_TRANSLATE_NOOP("Events", "video removed"),
    "note": QT_TRANSLATE_NOOP("Events", "note"),
    "waybill_read": QT_TRANSLATE_NOOP("Events", "waybill on camera"),
    "waybill_scan": QT_TRANSLATE_NOOP("Events", "waybill searched"),
    "product_scanned": QT_TRANSLATE_NOOP("Events", "product scanned"),
}


def event_kind_text(kind: str) -> str:
    """An inspection event's kind ("started", "waybill_read") in the windows' language."""
    return QCoreApplication.translate("Events", _EVENT_KINDS.get(kind, kind))


def rule_name_text(name: str) -> str:
    """A built-in scan rule's name (a carrier, a platform) in the windows' language."""
    return QCoreApplication.translate("ScanRules", name) if name else name


def report_translator(language: str):
    """A function giving the evidence report's words in a language (context "Report")."""
    return lambda text: translate_to(language, "Report", text)


# ----- maintenance: regenerate the .ts from the sources and compile the .qm ------------------


def _tool(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


def write_settings_strings() -> Path:
    """Write settings_strings.py: the SETTINGS table's words marked for lupdate (core has no Qt)."""
    from inspector.core.settings import SETTINGS

    texts: list[str] = []
    for spec in SETTINGS:
        for text in (spec.group, spec.label, spec.help):
            if text and text not in texts:
                texts.append(text)
    from inspector.core.scan_routing import KEPT_RULE_NAME
    from inspector.core.scan_routing import rule_names as scan_rule_names

    # Platforms and the carrier table's carriers (the S10 postal services keep their own names).
    rule_names = [*scan_rule_names(), KEPT_RULE_NAME]
    lines = [
        '"""Generated by `python -m inspector.ui.i18n`: words from core tables, for lupdate."""',
        "",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
        "SETTINGS_WORDS = (",
        *(
            f'    QT_TRANSLATE_NOOP("Settings", {json.dumps(text, ensure_ascii=False)}),'
            for text in texts
        ),
        ")",
        "",
        "SCAN_RULE_NAMES = (",
        *(
            f'    QT_TRANSLATE_NOOP("ScanRules", {json.dumps(name, ensure_ascii=False)}),'
            for name in rule_names
        ),
        ")",
        "",
    ]
    path = Path(__file__).with_name("settings_strings.py")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(path)
    ruff = _tool("ruff")
    if Path(ruff).exists():  # keep the generated file as the project's formatter wants it
        subprocess.run([ruff, "format", "-q", str(path)], check=False)
    return path


def update_translations(compile_only: bool = False) -> None:
    """Re-scan the sources into the .ts files (keeping translations) and compile the .qm files."""
    root = Path(__file__).resolve().parents[2]
    if not compile_only:
        write_settings_strings()
    sources = sorted(
        str(p.relative_to(root))
        for folder in ("inspector/ui", "inspector/evidence")
        for p in (root / folder).glob("*.py")
    )
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        ts = translations_dir() / f"inspector_{language}.ts"
        if not compile_only:
            subprocess.run(
                [_tool("pyside6-lupdate"), *sources, "-no-obsolete", "-ts", str(ts)],
                cwd=root,
                check=True,
            )
        subprocess.run(
            [_tool("pyside6-lrelease"), str(ts), "-qm", str(qm_path(language))], check=True
        )


if __name__ == "__main__":
    update_translations(compile_only="--compile" in sys.argv)
