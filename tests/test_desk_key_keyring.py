"""The desk key kept in the system keyring where the computer has one, else in an owner-only
file, each desk a separate process (the keyring a real `keyring` backend shared through a
file: tests/file_keyring.py). The key is never silently replaced: a keyring that is locked
or has lost the entry stops the desk with words, and a seal made with it verifies."""

from __future__ import annotations

import contextlib
import json
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from inspector.core.errors import StorageError
from inspector.core.signing import KEY_FILE, KEYRING_POINTER, KEYRING_SERVICE, DeskKey
from inspector.services.doctor import desk_key_line
from tests import file_keyring
from tests.helpers import run_cli


@pytest.fixture
def keyring_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A computer with a working system keyring (this test's own, in a file)."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", file_keyring.BACKEND)
    monkeypatch.setenv(file_keyring.FILE_ENV, str(path))
    monkeypatch.delenv(file_keyring.LOCKED_ENV, raising=False)
    return path


@contextlib.contextmanager
def this_process_keyring() -> Iterator[None]:
    """The test keyring in this process too (keyring picks its backend once per process)."""
    before = keyring.get_keyring()
    keyring.set_keyring(file_keyring.FileKeyring())
    try:
        yield
    finally:
        keyring.set_keyring(before)


def keys_show(data_dir: Path) -> dict:
    out = run_cli("keys", "show", "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stdout + out.stderr
    return json.loads(out.stdout)


def test_with_a_keyring_the_key_lives_there_and_seals_that_verify(data_dir, keyring_file):
    made = run_cli(
        "record", "--order", "TB1", "--courier", "SF1", "--source", "demo", "--seconds", "1",
        "--width", "160", "--height", "120", "--json", data_dir=data_dir,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    shown = keys_show(data_dir)  # another process reads the key the seal was made with
    assert "system keyring" in shown["kept_in"], shown
    assert not (data_dir / KEY_FILE).exists(), "no private key in the data folder"
    pointer = json.loads((data_dir / KEYRING_POINTER).read_text())
    assert pointer["public_key"] == shown["public_key"]
    entries = json.loads(keyring_file.read_text())
    assert list(entries) == [f"{KEYRING_SERVICE}/{pointer['account']}"]
    assert "PRIVATE KEY" in entries[f"{KEYRING_SERVICE}/{pointer['account']}"]
    with this_process_keyring():
        line = desk_key_line(data_dir)  # doctor's line
    assert line.startswith(f"{shown['fingerprint']}, kept in the system keyring"), line
    bundle = data_dir.parent / "b.zip"
    uid = str(json.loads(made.stdout)["id"])
    assert run_cli("export", uid, "--out", str(bundle), data_dir=data_dir).returncode == 0
    checked = run_cli("verify", str(bundle), "--fingerprint", shown["fingerprint"])
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_locked_or_emptied_keyring_stops_the_desk_and_no_new_key_is_made(
    data_dir, keyring_file, monkeypatch
):
    first = keys_show(data_dir)
    monkeypatch.setenv(file_keyring.LOCKED_ENV, "1")
    with this_process_keyring(), pytest.raises(StorageError, match="cannot be read now"):
        DeskKey.load_or_create(data_dir)
    with this_process_keyring():
        assert desk_key_line(data_dir).startswith("NOT USABLE: "), "doctor says so"
    monkeypatch.delenv(file_keyring.LOCKED_ENV)
    keyring_file.write_text("{}")  # the entry gone (a new user profile, a wiped keyring)
    gone = run_cli("keys", "show", data_dir=data_dir)
    assert gone.returncode != 0 and first["fingerprint"] in gone.stderr, gone.stderr
    assert "not in this computer's system keyring" in gone.stderr
    assert "Traceback" not in gone.stderr
    assert not (data_dir / KEY_FILE).exists() and keyring_file.read_text() == "{}"


def test_without_a_keyring_a_file_that_stays_a_file_when_a_keyring_appears(
    data_dir, monkeypatch, tmp_path
):
    # conftest gives every test the "no keyring" backend, as a headless desk has.
    before = keys_show(data_dir)
    assert "file" in before["kept_in"] and "no system keyring" in before["kept_in"], before
    assert stat.S_IMODE((data_dir / KEY_FILE).stat().st_mode) == 0o600
    assert not (data_dir / KEYRING_POINTER).exists()
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", file_keyring.BACKEND)
    monkeypatch.setenv(file_keyring.FILE_ENV, str(tmp_path / "kr.json"))
    after = keys_show(data_dir)
    assert after["fingerprint"] == before["fingerprint"] and "file" in after["kept_in"]
    assert not (tmp_path / "kr.json").exists(), "the keyring was not written"
