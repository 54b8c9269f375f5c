"""No English slips through: every string marked for translation has its Chinese.

Two catalogues hold the words: Qt's .ts file for the windows and the report, and the core
phrasebook for what core writes into records. A new tr() string or a new say() template
without its translation would show English on a Chinese desk; these tests name it.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from inspector.i18n.catalogue import translations_dir
from inspector.i18n.phrases import ZH_CN

ROOT = Path(__file__).resolve().parents[1]
LUPDATE = Path(sys.executable).with_name("pyside6-lupdate")


def _messages(ts: Path) -> list[tuple[str, str, str, str]]:
    """(context, source, translation, type) of every message in a .ts file."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            # A message with %n has one <numerusform> a plural form (Chinese: one).
            forms = [f.text or "" for f in translation.iter("numerusform")]
            text = " ".join(forms) if forms else (translation.text or "")
            out.append(
                (name, message.findtext("source") or "", text.strip(), translation.get("type", ""))
            )
    return out


@pytest.mark.skipif(not LUPDATE.exists(), reason="pyside6-lupdate is not installed")
def test_every_window_and_report_string_has_its_chinese(tmp_path):
    # lupdate the sources into a copy, as `python -m tools.translations` would, and look.
    ts = tmp_path / "inspector_zh_CN.ts"
    shutil.copy(translations_dir() / "inspector_zh_CN.ts", ts)
    sources = sorted(
        str(p.relative_to(ROOT))
        for folder in ("inspector/i18n", "inspector/ui", "inspector/evidence")
        for p in (ROOT / folder).glob("*.py")
    )
    subprocess.run(
        [str(LUPDATE), *sources, "-no-obsolete", "-ts", str(ts)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    missing = [f"{c}: {s!r}" for c, s, t, kind in _messages(ts) if kind == "unfinished" or not t]
    assert missing == [], (
        "untranslated (run `python -m tools.translations`, translate, then `--compile`):\n"
        + "\n".join(missing)
    )


def test_no_translated_string_hides_inside_an_f_string():
    """lupdate does not read inside f-string braces: such a string is never translated."""
    hidden = []
    for path in sorted((ROOT / "inspector").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                name = getattr(getattr(inner, "func", None), "attr", "") or getattr(
                    getattr(inner, "func", None), "id", ""
                )
                if isinstance(inner, ast.Call) and name in ("tr", "translate"):
                    hidden.append(f"{path.relative_to(ROOT)}:{inner.lineno}")
    assert hidden == [], "move these tr()/translate() calls out of the f-string"


def test_every_qt_translation_keeps_its_placeholders():
    wrong = []
    for context, source, translation, _kind in _messages(translations_dir() / "inspector_zh_CN.ts"):
        if translation and sorted(re.findall(r"%\d", source)) != sorted(
            re.findall(r"%\d", translation)
        ):
            wrong.append(f"{context}: {source!r} -> {translation!r}")
    assert wrong == []


def _say_templates() -> set[str]:
    """Every literal template given to phrases.say(), directly or through partial(say, lang)."""
    found: set[str] = set()
    for path in (ROOT / "inspector").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        sayers = {"say"}
        for node in ast.walk(tree):
            # t = partial(say, language)
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and getattr(node.value.func, "id", "") == "partial"
                and node.value.args
                and getattr(node.value.args[0], "id", "") == "say"
            ):
                sayers.update(t.id for t in node.targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in sayers:
                continue
            position = 1 if name == "say" else 0
            if len(node.args) > position and isinstance(node.args[position], ast.Constant):
                found.add(node.args[position].value)
    return found


def test_every_phrase_core_writes_has_its_chinese():
    from inspector.i18n.vocabulary import ANSWERS, DECISIONS, EVENT_KINDS, UNANSWERED
    from inspector.services.evidence.waybill import _WAYBILL_FINDERS

    _OUTCOME_WORDS = {d: w.outcome for d, w in DECISIONS.items() if w.outcome}
    _ANSWER_WORDS = {a: w.report for a, w in {**ANSWERS, "": UNANSWERED}.items()}
    _EVENT_LABELS = {k: w.label for k, w in EVENT_KINDS.items()}

    templates = _say_templates()
    assert len(templates) > 60, "the scan found the say() calls"
    # Templates chosen from tables rather than written at the call.
    for table in (_OUTCOME_WORDS, _ANSWER_WORDS, _EVENT_LABELS, _WAYBILL_FINDERS):
        templates.update(table.values())
    assert sorted(t for t in templates if t not in ZH_CN) == []
