"""Simplified Chinese throughout: the windows, the dialogs, the overlay burned into the video."""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QWidget,
)

from inspector.i18n.catalogue import (
    install_language,
    overlay_labels,
    qm_path,
    translate_to,
    value_text,
)
from inspector.i18n.language import resolve_language

ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Words that are the same in every language: units, URL schemes, badge and rule keywords.
ALLOWED = {
    "CRF",
    "GB",
    "MB",
    "fps",
    "demo",
    "rtsp",
    "http",
    "URL",
    "PostgreSQL",  # a product's name, and the scheme of a warehouse's database address
    "postgresql",
    "courier",
    "order",
    "operator",
    "ignore",
    "system",
    "BADGE",
    "backups",
    "SKU",
    "SHA",
    "CSV",
    "Ctrl",
    "MP4",
    "RFC",  # the time-stamping standard's name (RFC 3161)
    "PEM",  # the certificate file format's name
}


@pytest.fixture
def chinese(qapp):
    assert install_language("zh_CN"), (
        f"{qm_path('zh_CN')} is missing; run python -m tools.translations"
    )
    yield
    install_language("en")


def untranslated(texts: list[str], dynamic: list[str]) -> list[str]:
    """Texts that still hold an English word once data (names, paths, descriptions) is removed."""
    bad = []
    for text in texts:
        rest = text
        for value in dynamic:
            if value:
                rest = rest.replace(value, "")
        rest = re.sub(r"[0-9a-f]{16,}", "", rest)  # hashes are data in any language
        rest = re.sub(r"(?:[0-9a-f]{4} ){3,}[0-9a-f]{4}", "", rest)  # key fingerprints too
        words = [w for w in ENGLISH_WORD.findall(rest) if w not in ALLOWED]
        if words:
            bad.append(text)
    return bad


def visible_texts(root: QWidget) -> list[str]:
    """Every string a person can see in a widget tree: labels, buttons, titles, hints, headers."""
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QTableWidget):
            for c in range(w.columnCount()):
                item = w.horizontalHeaderItem(c)
                if item is not None:
                    texts.append(item.text())
        if w.toolTip():
            texts.append(w.toolTip())
    # Rich text is read as a person sees it: without its tags.
    return [html.unescape(re.sub(r"<[^>]+>", " ", t)) for t in texts if t]


def test_language_follows_the_computer_or_the_setting() -> None:
    assert resolve_language("system", QLocale("zh_CN")) == "zh_CN"
    assert resolve_language("system", QLocale("zh_TW")) == "zh_CN"
    assert resolve_language("system", QLocale("en_US")) == "en"
    assert resolve_language("system", QLocale("de_DE")) == "en"
    assert resolve_language("en", QLocale("zh_CN")) == "en"
    assert resolve_language("zh_CN", QLocale("en_US")) == "zh_CN"


def test_overlay_labels_in_chinese_whatever_the_windows_use(qapp) -> None:
    labels = overlay_labels("zh_CN")
    assert (labels.order, labels.courier, labels.station, labels.operator) == (
        "订单",
        "快递",
        "工作台",
        "操作员",
    )
    assert labels.colon == "："  # 订单：TB123, as Chinese is written
    assert (overlay_labels("en").order, overlay_labels("en").colon) == ("Order", ": ")
    # A decision shows one word everywhere, as the state bar says it (SIGNED: 已签收).
    assert translate_to("zh_CN", "Values", "Signed") == "已签收"


def test_the_app_starts_in_chinese_and_every_visible_string_is_translated(
    qtbot, ctx, chinese
) -> None:
    from inspector.ui.main_window import MainWindow

    ctx.settings.set("station_name", "一号台")
    ctx.settings.set("language", "zh_CN")
    win = MainWindow(ctx)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    station = win.station
    qtbot.waitUntil(lambda: station.capture is not None, timeout=10000)
    dynamic = [str(ctx.storage.root), "一号台"]  # the camera is named in Chinese too
    try:
        assert "退货验货台" in win.windowTitle()
        menus = [a.text() for a in win.menuBar().actions()]
        menus += [a.text() for m in win.menuBar().actions() if m.menu() for a in m.menu().actions()]
        assert menus and untranslated([m for m in menus if m], dynamic) == []
        for index in range(win.tabs.count()):
            win.tabs.setCurrentIndex(index)
            page = win.tabs.widget(index)
            texts = [win.tabs.tabText(index), *visible_texts(page)]
            for inner in page.findChildren(QTabWidget):  # the Catalog's own tabs, each shown
                for sub in range(inner.count()):
                    inner.setCurrentIndex(sub)
                    texts += [inner.tabText(sub), *visible_texts(inner.widget(sub))]
            assert untranslated(texts, dynamic) == [], f"tab {win.tabs.tabText(index)}"
        win.tabs.setCurrentIndex(0)
        assert station.view.start_button.text() == "● 开始录像  (F5)"
        assert value_text("completed") == "已完成"
    finally:
        station.shutdown()


def test_settings_dialog_and_wizard_in_chinese(qtbot, ctx, chinese) -> None:
    from inspector.ui.first_run import FirstRunWizard
    from inspector.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert "扫码" in tabs and "录像" in tabs
    # Setting values a user types as they are (the camera layouts too) are data, not words.
    dynamic = [str(ctx.storage.root), ctx.settings.station_name, "demo", "veryfast"]
    dynamic += ["inset", "side_by_side", "inspector keys show", "--fingerprint", "verify"]
    for i in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(i)
        assert untranslated(visible_texts(dialog.tabs.widget(i)), dynamic) == [], tabs[i]
    # Every choice a drop-down offers (this computer is a desk or an office PC…) too; a
    # language is offered by its own name.
    offered = [c.itemText(i) for c in dialog.findChildren(QComboBox) for i in range(c.count())]
    assert "打包台（带摄像头）" in offered
    assert untranslated(offered, [ctx.settings.station_name, "English"]) == []
    dialog.reject()

    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    dynamic.append(ctx.desk_id)
    wizard.operator.setText("李娜")  # the first page asks for an operator before Next
    dynamic.append("李娜")
    for _ in range(4):
        page = wizard.currentPage()
        texts = [page.title(), page.subTitle(), *visible_texts(page)]
        assert untranslated(texts, dynamic) == [], untranslated(texts, dynamic)
        wizard.next()
    wizard.reject()


def test_the_operators_dialog_and_qt_s_own_dialogs_in_chinese(qtbot, ctx, chinese) -> None:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog

    from inspector.ui.operators_dialog import OperatorsDialog

    ctx.settings.set("language", "zh_CN")
    dialog = OperatorsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name_edit.setText("   ")
    dialog.add()  # no name: refused, in the desk's words
    assert dialog.message.text() == "操作员需要一个名字。"
    dialog.name_edit.setText("李娜")
    dialog.badge_edit.setText("B-1")
    dialog.add()
    dialog.name_edit.setText("王伟")
    dialog.badge_edit.setText("B-1")
    dialog.add()
    assert dialog.message.text() == "工牌 B-1 已属于 李娜。请给每位操作员一张自己的工牌。"
    assert untranslated(visible_texts(dialog), ["李娜", "王伟", "B-1"]) == []
    dialog.reject()
    # Qt's own dialogs (a file dialog's "Look in:") speak Chinese: qtbase's translation is loaded.
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    files = QFileDialog(None, "x", str(ctx.storage.root))
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(files)
    files.show()
    labels = [w.text() for w in files.findChildren(QLabel) if w.isVisible() and w.text()]
    assert labels and untranslated(labels, [str(ctx.storage.root)]) == [], labels
    files.reject()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_station_buttons_and_labels_fit_in_either_language(qtbot, ctx, language) -> None:
    from inspector.ui.main_window import MainWindow

    install_language(language)
    try:
        win = MainWindow(ctx, open_camera=False)
        qtbot.addWidget(win)
        win.resize(1280, 800)
        win.show()
        qtbot.waitExposed(win)
        view = win.station.view
        for button in view.findChildren(QAbstractButton):
            if button.isVisible() and button.text():
                needed = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
                assert needed <= button.width(), f"{button.text()!r} is cut off ({language})"
        for label in view.findChildren(QLabel):
            if label.isVisible() and label.text() and not label.wordWrap():
                needed = label.fontMetrics().horizontalAdvance(label.text().replace("&", ""))
                assert needed <= label.width() + 1, f"{label.text()!r} is cut off ({language})"
        # Today's list keeps every column in sight, however long the numbers.
        table = view.today_table
        table.insertRow(0)
        row = ("09:41:07", "TB2026110100001-77", "SF1234567890123", "王伟", "completed", "dispute")
        for column, text in enumerate((*row, "12 min 30 s")):
            table.setItem(0, column, QTableWidgetItem(text))
        qtbot.waitUntil(lambda: table.horizontalHeader().length() <= table.viewport().width())
        assert not table.horizontalScrollBar().isVisible()
        win.station.shutdown()
    finally:
        install_language("en")


def test_run_gui_starts_in_the_desks_language(qapp, ctx, monkeypatch) -> None:
    """The real start-up path: the data folder's settings say Chinese, the window is Chinese."""
    from PySide6.QtWidgets import QApplication

    from inspector.ui import app as app_module
    from inspector.ui.main_window import MainWindow

    ctx.settings.set("language", "zh_CN")
    ctx.settings.set("first_run_done", True)
    ctx.settings.save()
    seen: dict[str, str] = {}

    def fake_exec(self=None) -> int:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["title"] = widget.windowTitle()
                seen["start"] = widget.station.view.start_button.text()
                widget.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(app_module, "setup_logging", lambda *a, **k: None)
    try:
        assert app_module.run_gui(str(ctx.storage.root)) == 0
    finally:
        install_language("en")
    assert seen["title"].startswith("退货验货台")
    assert seen["start"] == "● 开始录像  (F5)"


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_order_panel_and_a_repeat_offender_warning_in_the_desks_language(
    qtbot, ctx, tmp_path, language
) -> None:
    from inspector.core.models import Decision
    from inspector.services.guided import import_orders, import_products
    from inspector.ui.main_window import MainWindow
    from tests.test_orders import SAMPLE, add_inspection, write_orders

    import_products(ctx, SAMPLE / "products.csv")
    rows = [
        "TB-1,taobao,fake_fan,BG-220,1,,2026-10-01,2026-10-05,SF1,2026-10-06",
        "TB-2,taobao,fake_fan,BG-220,1,,2026-11-01,2026-11-05,SF2,2026-11-06",
    ]
    import_orders(ctx, write_orders(tmp_path / "o.csv", *rows))
    first = add_inspection(ctx, "TB-1", "SF1", decision=Decision.REJECT)
    install_language(language)
    try:
        win = MainWindow(ctx, open_camera=False)
        qtbot.addWidget(win)
        checklist = win.station.checklist
        checklist.look_up("SF2")
        panel, warning = checklist.view.order_label.text(), checklist.view.warning_label.text()
        assert "TB-2" in panel and "fake_fan" in panel and "2026-11-01" in panel
        assert f"#{first} (TB-1, " in warning and "fake_fan" in warning
        if language == "zh_CN":
            dynamic = ["TB-2", "TB-1", "fake_fan", "taobao", "<b>", "</b>"]
            assert untranslated([panel, warning], dynamic) == [], (panel, warning)
            assert "拒收" in warning
        else:
            assert "already has 1 rejected return" in warning
        checklist.look_up("NOPE-123")
        missing = checklist.view.warning_label.text()
        assert "NOPE-123" in missing
        if language == "zh_CN":
            assert untranslated([missing], ["NOPE-123"]) == [], missing
        win.station.shutdown()
    finally:
        install_language("en")


def test_the_detail_window_of_a_chinese_desk_is_chinese(qtbot, ctx, record_inspection, chinese):
    """Facts, decision, deadline, reasons, steps, history: every word a reviewer reads."""
    from PySide6.QtWidgets import QListWidget, QTabWidget

    from inspector.services.browse import add_note
    from inspector.services.guided import answer_step, decide
    from inspector.ui.detail import DetailController

    ctx.settings.set("language", "zh_CN")
    summary = record_inspection("TB-9009", "SF9009", seconds=1)
    answer_step(ctx, summary.id, "seal", "pass", video_offset_s=0.3, actor="王伟")
    answer_step(ctx, summary.id, "item.ours", "fail", note="假货", video_offset_s=0.6)
    decide(ctx, summary.id, "reject", reason="明显是假货", actor="王伟", confirm_unanswered=True)
    add_note(ctx, summary.id, "王伟", "买家已联系")
    detail = DetailController(ctx, summary.id)
    qtbot.addWidget(detail.view)
    detail.view.resize(1200, 780)
    detail.view.show()
    try:
        view = detail.view
        texts = [view.windowTitle(), *visible_texts(view)]
        for tabs in view.findChildren(QTabWidget):
            texts += [tabs.tabText(i) for i in range(tabs.count())]
            for i in range(tabs.count()):  # every tab's page, not only the one in front
                tabs.setCurrentIndex(i)
                texts += visible_texts(tabs.widget(i))
        for lst in view.findChildren(QListWidget):
            texts += [lst.item(i).text() for i in range(lst.count())]
        segment = detail.detail.segments[0]
        dynamic = [
            "TB-9009",
            "SF9009",
            "Li Na",
            "Desk 1",
            segment.path,
            str(segment.absolute_path),
            str(ctx.storage.root),
        ]
        dynamic += [h for h in (segment.sha256, detail.detail.record_hash) if h]
        assert untranslated(texts, dynamic) == [], untranslated(texts, dynamic)
        assert any("处理结果" in t for t in texts) and any("拒收" in t for t in texts)
    finally:
        detail.shutdown()
