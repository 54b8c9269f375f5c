"""The settings dialog: every setting of the table has an editor; OK checks, applies and persists."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from inspector.core.settings import SETTINGS, Settings
from inspector.ui.settings_dialog import HIDDEN_KEYS, SettingsDialog


@pytest.fixture
def dialog(qtbot, ctx):
    d = SettingsDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    yield d
    d.camera.stop()


def test_every_setting_has_an_editor_showing_its_value(dialog, ctx) -> None:
    shown = {s.key for s in SETTINGS if s.key not in HIDDEN_KEYS}
    assert set(dialog.editors) == shown
    for key in shown:
        assert dialog.value(key) == ctx.settings.get(key), key
    assert dialog.value("preroll_seconds") == 3.0


def test_ok_saves_to_the_data_directory(qtbot, dialog, ctx) -> None:
    dialog.set_value("station_name", "二号台")
    dialog.set_value("preroll_seconds", 5.0)
    dialog.set_value("auto_stop_seconds", 90.0)
    dialog.set_value("camera_barcode", False)
    dialog.set_value("language", "zh_CN")
    dialog.set_value("scan_patterns", "courier | Van | ^VAN\\d+$")
    with qtbot.waitSignal(dialog.saved):
        dialog.buttons.accepted.emit()
    saved = json.loads((ctx.storage.root / "settings.json").read_text(encoding="utf-8"))
    assert saved["station_name"] == "二号台" and saved["preroll_seconds"] == 5.0
    assert saved["camera_barcode"] is False and saved["language"] == "zh_CN"
    reloaded = Settings.load(ctx.storage.root)
    assert reloaded.auto_stop_seconds == 90.0 and reloaded.scan_patterns.startswith("courier")
    assert not dialog.isVisible()


def test_a_bad_scan_pattern_is_refused_and_nothing_saved(qtbot, dialog, ctx, monkeypatch) -> None:
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    before = (ctx.storage.root / "settings.json").read_text(encoding="utf-8")
    dialog.set_value("station_name", "Desk 5")
    dialog.set_value("scan_patterns", "courier | broken | ^(SF")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible(), "the dialog stays open to fix the line"
    assert warnings and "line 1" in warnings[0]
    assert (ctx.storage.root / "settings.json").read_text(encoding="utf-8") == before


def test_camera_preview_shows_the_chosen_camera(qtbot, dialog) -> None:
    dialog.set_value("camera_source", "demo")
    assert dialog.value("camera_source") == "demo"
    dialog.camera.preview_button.click()
    qtbot.waitUntil(lambda: dialog.camera.frames_shown >= 3, timeout=10000)
    assert not dialog.camera.picture.pixmap().isNull()


def test_first_run_wizard_sets_up_a_desk(qtbot, ctx, tmp_path) -> None:
    from inspector.ui.first_run import FirstRunWizard

    assert not ctx.settings.first_run_done
    # As built again after 简体中文 was chosen on the first page (see the test below).
    wizard = FirstRunWizard(ctx, answers={"language": "zh_CN"})
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.station.setText("三号台")
    wizard.operator.setText("李娜")
    wizard.next()
    # The camera page previews the desk's camera (the demo here) without a click.
    qtbot.waitUntil(lambda: wizard.camera.frames_shown >= 2, timeout=10000)
    wizard.camera.set_spec("demo")
    wizard.next()
    wizard.folder.line_edit.setText(str(tmp_path / "elsewhere"))
    wizard.reserve.setValue(5.0)
    wizard.accept()
    assert wizard.chosen_data_dir() == tmp_path / "elsewhere"
    wizard.apply_to(ctx.settings)
    reloaded = Settings.load(ctx.storage.root)
    assert reloaded.first_run_done and reloaded.station_name == "三号台"
    assert (reloaded.operator, reloaded.camera_source, reloaded.language) == (
        "李娜",
        "demo",
        "zh_CN",
    )
    assert reloaded.disk_reserve_gb == 5.0
    assert wizard.camera.capture is None, "the preview camera is released when the wizard closes"
    from inspector.i18n.catalogue import install_language

    install_language("en")


def test_the_wizard_lets_a_new_desk_go_on_with_the_suggested_station_name(qtbot, ctx):
    from PySide6.QtWidgets import QWizard

    from inspector.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.station.text()
    wizard.operator.setText("Li Na")  # the one thing a new desk must type
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    wizard.station.clear()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled(), "a desk needs a name"


def test_choosing_chinese_in_the_wizard_shows_it_again_in_chinese(qtbot, ctx, monkeypatch):
    """The rest of the wizard reads in the language just chosen, keeping what was typed."""
    from PySide6.QtWidgets import QDialog

    from inspector.i18n.catalogue import install_language
    from inspector.ui import first_run

    shown = []

    def operate(wizard) -> int:
        qtbot.addWidget(wizard)
        wizard.show()
        shown.append((wizard.windowTitle(), wizard.currentPage().title(), wizard.station.text()))
        if len(shown) == 1:
            wizard.station.setText("二号台")
            wizard.language.setCurrentIndex(wizard.language.findData("zh_CN"))
            return wizard.result()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(first_run.FirstRunWizard, "exec", operate)
    try:
        install_language("en")
        wizard = first_run.run_wizard(ctx)
        assert wizard is not None
        assert shown[0] == ("Set up this desk", "This desk", "Desk 1")
        assert shown[1] == ("设置本工作台", "本工作台", "二号台"), shown
        assert wizard.language.currentData() == "zh_CN"
    finally:
        install_language("en")


def test_a_chinese_desk_is_offered_a_chinese_station_name(qtbot, ctx):
    from inspector.i18n.catalogue import install_language
    from inspector.ui.first_run import FirstRunWizard

    install_language("zh_CN")
    try:
        fresh = FirstRunWizard(ctx)
        qtbot.addWidget(fresh)
        assert fresh.station.text() == "1号台"  # the untouched default, in Chinese
        ctx.settings.set("station_name", "退货三号台")
        named = FirstRunWizard(ctx)
        qtbot.addWidget(named)
        assert named.station.text() == "退货三号台"  # a name the desk chose stays
    finally:
        install_language("en")


def test_first_run_wizard_needs_an_operator_and_picks_a_camera_that_is_there(qtbot, ctx) -> None:
    from inspector.ui.first_run import FirstRunWizard

    ctx.settings.set("camera_source", "0")  # the default: a USB camera this machine may lack
    ctx.settings.set("operator", "")
    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.currentPage()
    assert not page.isComplete(), "no operator: Next stays disabled"
    wizard.operator.setText("   ")
    assert not page.isComplete()
    wizard.operator.setText("Li Na")
    assert page.isComplete()
    wizard.next()
    found: list[list[str]] = []
    wizard.camera.cameras_found.connect(found.append)
    qtbot.waitUntil(lambda: bool(found), timeout=20000)
    if "0" not in found[0]:
        assert wizard.camera.spec() == (found[0][0] if found[0] else "demo")
    qtbot.waitUntil(lambda: wizard.camera.frames_shown >= 1, timeout=10000)
    wizard.reject()


def test_own_scan_rules_are_edited_where_the_desk_reads_them(qtbot, ctx) -> None:
    """Once the database holds this desk's rules, Settings shows and saves that row, not the file."""
    from inspector.core.warehouse import set_setting
    from inspector.services.scan_routing import RULES_KEY, desk_rules

    ctx.settings.set("scan_patterns", "courier | Old file rule | ^OLD\\d+$")
    with ctx.db.session() as session:
        set_setting(session, RULES_KEY, "courier | Office's | ^OFF\\d+$", ctx.desk_id, "office")
    d = SettingsDialog(ctx)
    qtbot.addWidget(d)
    assert d.value("scan_patterns") == "courier | Office's | ^OFF\\d+$"
    d.set_value("scan_patterns", "courier | Van | ^VAN\\d+$")
    d.apply()
    d.camera.stop()
    assert "courier | Van | ^VAN\\d+$" in desk_rules(ctx).splitlines()
    assert "^OFF" not in desk_rules(ctx) and "^OLD" not in desk_rules(ctx)
    assert ctx.settings.scan_patterns == "courier | Old file rule | ^OLD\\d+$", "the file is left"
