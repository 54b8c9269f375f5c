"""A keyring backend in one JSON file, for tests: a real `keyring` backend that separate
processes share (PYTHON_KEYRING_BACKEND=tests.file_keyring.FileKeyring and
INSPECTOR_TEST_KEYRING=<file>), so the desk-key-in-the-keyring path runs end to end without
touching the tester's own keyring. Setting INSPECTOR_TEST_KEYRING_LOCKED=1 makes it refuse
every call, as a locked keyring does."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

FILE_ENV = "INSPECTOR_TEST_KEYRING"
LOCKED_ENV = "INSPECTOR_TEST_KEYRING_LOCKED"
BACKEND = "tests.file_keyring.FileKeyring"


class FileKeyring(KeyringBackend):
    """Entries in a JSON file named by INSPECTOR_TEST_KEYRING."""

    priority = 1  # type: ignore[assignment]  # only ever chosen by name

    def _path(self) -> Path:
        if os.environ.get(LOCKED_ENV):
            raise KeyringLocked("the test keyring is locked")
        return Path(os.environ[FILE_ENV])

    def _entries(self) -> dict[str, str]:
        path = self._path()
        return json.loads(path.read_text()) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries[f"{service}/{username}"] = password
        self._path().write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        if entries.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError("no such entry")
        self._path().write_text(json.dumps(entries))
