"""The office: `inspector review` opens the reviewer's window, which opens no camera, has no
station page and takes no station lock, and shows Browse with every desk's inspections."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from inspector.cli import build_parser, cmd_gui
from inspector.core.instance_lock import acquire_instance_lock
from inspector.ui import app as app_module
from inspector.ui.main_window import MainWindow


def opened_window(root: Path) -> MainWindow:
    """The window run_gui opened on this data folder (earlier tests' windows may still exist)."""
    (window,) = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, MainWindow) and w.isVisible() and w.ctx.storage.root == root
    ]
    return window


def test_review_opens_the_office_window_without_camera_station_or_lock(
    qtbot, ctx, record_inspection, monkeypatch
):
    summary = record_inspection("TB-OFFICE", seconds=1.0)
    ctx.settings.set("first_run_done", True)
    ctx.settings.save()
    opened: list[str] = []
    monkeypatch.setattr(
        "inspector.services.cameras.open_source", lambda spec, *a, **k: opened.append(spec)
    )
    monkeypatch.setattr(
        "inspector.capture.sources.open_source", lambda spec, *a, **k: opened.append(spec)
    )
    seen: dict[str, object] = {}

    def fake_exec(self) -> int:
        window = opened_window(ctx.storage.root)
        qtbot.wait(300)  # a camera opened in the background would have been asked for by now
        seen["tabs"] = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
        seen["station"] = window.station
        seen["office"] = window.office
        qtbot.waitUntil(lambda: window.browse.model.rowCount() == 1, timeout=10000)
        # The station's lock is free: a desk may run on this folder while the office looks.
        with acquire_instance_lock(ctx.storage.root, "test"):
            seen["lock_free"] = True
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    args = build_parser().parse_args(["--data-dir", str(ctx.storage.root), "review"])
    assert args.func is cmd_gui
    assert app_module.run_gui(str(ctx.storage.root), None, None, office=True) == 0
    assert seen["office"] is True and seen["station"] is None
    assert seen["tabs"] == ["Browse", "Appeals due", "Catalog"]
    assert seen["lock_free"] is True
    assert opened == []
    assert summary.id == 1


def test_the_office_role_setting_opens_the_office_window(qtbot, ctx, monkeypatch):
    ctx.settings.set("first_run_done", True)
    ctx.settings.set("desk_role", "office")
    ctx.settings.save()
    seen: list[bool] = []

    def fake_exec(self) -> int:
        window = opened_window(ctx.storage.root)
        seen.append(window.office)
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    assert app_module.run_gui(str(ctx.storage.root)) == 0
    assert seen == [True]


def test_the_wizard_sets_up_an_office_pc_with_the_shared_video_folder(qtbot, ctx, tmp_path):
    from inspector.core.settings import Settings
    from inspector.ui.first_run import FirstRunWizard

    wizard = FirstRunWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role.setCurrentIndex(wizard.role.findData("office"))
    wizard.operator.setText("Wang Fang")
    wizard.next()
    assert wizard.currentId() == wizard.storage_page_id  # no camera page, no preview
    assert wizard.camera.frames_shown == 0
    wizard.next()
    wizard.warehouse.shared_videos.line_edit.setText(str(tmp_path / "nas"))
    wizard.accept()
    wizard.apply_to(ctx.settings)
    reloaded = Settings.load(ctx.storage.root)
    assert reloaded.desk_role == "office"
    assert reloaded.shared_videos_dir == str(tmp_path / "nas")


def test_the_station_copies_finished_videos_and_says_when_the_share_is_away(
    qtbot, ctx, record_inspection, open_station, tmp_path, monkeypatch
):
    # No back-off wait between the passes (it is tested in test_shared_videos.py).
    monkeypatch.setattr("inspector.core.shared_videos.FIRST_RETRY", timedelta(0))
    record_inspection("TB-TIMER", seconds=1.0)
    away = tmp_path / "nas"  # not there yet: the share is not mounted
    win = open_station(shared_videos_dir=str(away))
    qtbot.waitUntil(lambda: "cannot be reached" in win.statusBar().currentMessage(), timeout=15000)
    assert "1 video(s) wait" in win.statusBar().currentMessage()
    away.mkdir()  # the share is back; the next pass (the timer's, here called) catches up
    win.sync_shared_videos()
    qtbot.waitUntil(lambda: len(list(away.rglob("*.mp4"))) == 1, timeout=15000)
    qtbot.waitUntil(
        lambda: "Every video of this desk" in win.statusBar().currentMessage(), timeout=15000
    )


def test_verify_all_records_from_the_office_menu(qtbot, ctx, record_inspection, monkeypatch):
    record_inspection("TB-VERIFY", seconds=1.0)
    told: list[str] = []
    monkeypatch.setattr(
        "inspector.ui.main_window.QMessageBox.information",
        lambda _parent, _title, text: told.append(text),
    )
    win = MainWindow(ctx, open_camera=False, office=True)
    qtbot.addWidget(win)
    verify = [a for a in win.menuBar().actions()[0].menu().actions() if "Verify" in a.text()]
    assert len(verify) == 1
    verify[0].trigger()
    qtbot.waitUntil(lambda: told != [], timeout=20000)
    assert told == ["1 sealed records, 1 videos checked, 0 only on another desk, 0 problems."]


def test_the_office_window_has_its_settings_the_warehouses(qtbot, pg_ctx):
    """File → Settings… in the office sets the warehouse's settings, which every desk reads."""
    from inspector.services.warehouse import warehouse_settings

    window = MainWindow(pg_ctx, open_camera=False, office=True)
    qtbot.addWidget(window)
    (action,) = [
        a for a in window.menuBar().actions()[0].menu().actions() if "Settings" in a.text()
    ]
    action.trigger()
    dialog = window.warehouse_dialog
    qtbot.waitUntil(dialog.isVisible)
    dialog.fields["retention_days"].setText("-3")
    dialog.save()
    assert "cannot be negative" in dialog.message.text() and dialog.isVisible()
    dialog.fields["retention_days"].setText("45")
    dialog.fields["shared_videos_owner"].setText(pg_ctx.desk_id)
    # Desk rules, one a line, in a text box; a broken line is named and nothing of it stored.
    rules = dialog.fields["scan_patterns"]
    assert isinstance(rules, QPlainTextEdit)
    rules.setPlainText("order | Our shop | ^SHOP\\d+$\ncourier | broken")
    dialog.save()
    assert "line 2" in dialog.message.text() and dialog.isVisible()
    rules.setPlainText("order | Our shop | ^SHOP\\d+$\nignore | Noise | ^N\\d+$")
    dialog.save()
    assert not dialog.isVisible()
    saved = {r.key: r.value for r in warehouse_settings(pg_ctx)}
    assert saved == {
        "retention_days": 45,
        "shared_videos_owner": pg_ctx.desk_id,
        "scan_patterns": "order | Our shop | ^SHOP\\d+$\nignore | Noise | ^N\\d+$",
    }
    assert pg_ctx.warehouse_value("retention_days") == 45 and pg_ctx.shared_folder_owner
