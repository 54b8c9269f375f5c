"""The Qt catalogue: the windows' and the report's words in a language, from Qt's translation files.

The windows use tr(); the overlay burned into the video and the evidence report may be in
a language other than the windows' (a desk in Shenzhen filming for an Amazon appeal), so
they ask `translate_to(language, context, text)`, which keeps one QTranslator per language.

Sources: resources/translations/inspector_zh_CN.ts (edit with pyside6-linguist);
the compiled .qm beside it is what the app loads. Rebuild both with
`python -m tools.translations` after changing user-visible strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from inspector.i18n.language import SOURCE_LANGUAGE
from inspector.i18n.vocabulary import (
    CARRIERS,
    DECISIONS,
    EVENT_KINDS,
    OverlayLabels,
    answer_words,
    platform_name,
    value_word,
)
from inspector.resources_path import resource_path

_translators: dict[str, QTranslator | None] = {}
_installed: list[QTranslator] = []
# The windows' language, for the words the phrasebook holds rather than Qt (platform names).
_windows_language = SOURCE_LANGUAGE


def translations_dir() -> Path:
    return resource_path("translations")


def qm_path(language: str) -> Path:
    return translations_dir() / f"inspector_{language}.qm"


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
    global _windows_language
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if language == SOURCE_LANGUAGE:
        _windows_language = SOURCE_LANGUAGE
        return True
    ours = _translator(language)
    if ours is None:
        _windows_language = SOURCE_LANGUAGE
        return False
    _windows_language = language
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


def overlay_labels(language: str) -> OverlayLabels:
    """The overlay's labels in a language, for the preview and the burned-in video alike."""
    english = OverlayLabels()
    return OverlayLabels(
        **{
            f.name: translate_to(language, "Overlay", getattr(english, f.name))
            for f in fields(OverlayLabels)
            if f.name != "colon"
        },
        colon="：" if language.startswith("zh") else ": ",
    )


def value_text(value: str) -> str:
    """A stored status or decision ("completed", "sign") as every table shows it ("Signed"),
    in the windows' language; a value this version does not know is shown as stored."""
    return QCoreApplication.translate("Values", value_word(value)) if value else value


def event_kind_text(kind: str) -> str:
    """An inspection event's kind ("started", "waybill_read") in the windows' language."""
    words = EVENT_KINDS.get(kind)  # type: ignore[call-overload]
    return QCoreApplication.translate("Events", words.name if words else kind)


def answer_text(result: str | None) -> str:
    """A step's answer ("pass", "na") as the detail view shows it, in the windows' language."""
    words = answer_words(result).window
    return QCoreApplication.translate("Detail", words) if words else (result or "")


def decision_text(decision: str) -> str:
    """A decision as the detail view describes it ("Signed for (accepted)")."""
    words = DECISIONS.get(decision)  # type: ignore[call-overload]
    return QCoreApplication.translate("Detail", words.detail) if words else decision


def decision_button_text(decision: str | None, unknown: str | None = None) -> str:
    """A decision as its button names it ("Sign under dispute"); `unknown` (else the value) otherwise."""
    words = DECISIONS.get(decision)  # type: ignore[call-overload]
    if words is None:
        return (decision or "") if unknown is None else unknown
    return QCoreApplication.translate("ChecklistController", words.button)


def decision_headline(decision: str) -> str:
    """A taken decision ("sign") as the desk's banner announces it (SIGNED), in its language."""
    words = DECISIONS.get(decision)  # type: ignore[call-overload]
    if words is None or not words.headline:
        return value_text(decision)
    return QCoreApplication.translate("Decisions", words.headline)


def decision_headline_in(language: str, decision: str) -> str | None:
    """The banner's word for a decision in a given language (the evidence report's); None for
    a value that is no decision (pending)."""
    words = DECISIONS.get(decision)  # type: ignore[call-overload]
    return translate_to(language, "Decisions", words.headline) if words and words.headline else None


def rule_name_text(name: str) -> str:
    """A built-in scan rule's name (a carrier, a platform) in the windows' language."""
    if name in CARRIERS:
        return carrier_text(name)
    return QCoreApplication.translate("ScanRules", name) if name else name


def carrier_text(carrier: str) -> str:
    """A carrier (as carriers.json names it: "SF Express") in the windows' language (顺丰速运)."""
    word = CARRIERS.get(carrier)
    return QCoreApplication.translate("Carriers", word) if word else carrier


def platform_text(platform: str) -> str:
    """A stored platform ("taobao") as the windows name it, in their language (淘宝)."""
    return platform_name(_windows_language, platform)


def report_translator(language: str) -> Callable[[str], str]:
    """A function giving the evidence report's words in a language (context "Report")."""
    return lambda text: translate_to(language, "Report", text)
