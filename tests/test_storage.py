"""The data directory: which one is used, its layout, and refusing a bad one."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

import inspector
from inspector.core.errors import StorageError
from inspector.core.storage import Storage, resolve_data_dir, safe_name


def test_option_beats_environment_beats_default(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "opt") == (tmp_path / "opt").resolve()
    assert resolve_data_dir(None) == (tmp_path / "env").resolve()
    monkeypatch.delenv("INSPECTOR_DATA_DIR")
    assert "inspector" in str(resolve_data_dir(None))


def test_layout_is_created_and_paths_are_stored_relative(tmp_path):
    s = Storage.open(tmp_path / "d")
    for sub in ("videos", "backups", "logs", "photos"):
        assert (tmp_path / "d" / sub).is_dir()
    path = s.new_video_path(
        datetime(2026, 11, 27, 12, 0, tzinfo=UTC), "TB/12:34", "abcdef0123456789"
    )
    rel = s.relative(path)
    local = datetime(2026, 11, 27, 12, 0, tzinfo=UTC).astimezone()
    assert rel.startswith(f"videos/{local:%Y}/{local:%m}/{local:%d}/")
    assert "TB-12-34" in rel and ":" not in Path(rel).name
    assert s.absolute(rel) == path


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_directory_is_refused_with_advice(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    with pytest.raises(StorageError, match="--data-dir"):
        Storage.open(ro / "d")


def test_a_file_in_the_way_is_refused_with_advice(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="Cannot write to the data directory"):
        Storage.open(blocker / "d")


def test_the_program_folder_is_never_used_for_data():
    inside = Path(inspector.__file__).parent / "data"
    with pytest.raises(StorageError, match="program's own folder"):
        Storage.open(inside)
    assert not inside.exists()


@pytest.mark.parametrize(
    ("raw", "safe"), [("TB 123/45", "TB-123-45"), ("订单", "none"), ("a:b*c?", "a-b-c")]
)
def test_safe_names(raw, safe):
    assert safe_name(raw) == safe


def test_durable_replace_flushes_the_file_and_its_folder(tmp_path, monkeypatch):
    """A bundle written to a USB stick is on the stick when the app says so, not in a cache."""
    import os

    from inspector.core.storage import durable_replace

    synced = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))
    tmp = tmp_path / ".bundle.partial"
    tmp.write_bytes(b"evidence")
    durable_replace(tmp, tmp_path / "bundle.zip")
    assert (tmp_path / "bundle.zip").read_bytes() == b"evidence" and not tmp.exists()
    assert len(synced) == (2 if os.name == "posix" else 1), "the data, then the rename"
