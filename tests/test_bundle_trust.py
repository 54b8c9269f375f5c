"""A bundle judged with nothing but itself: ZIP tricks and malformed manifests are 'invalid'
with a reason (never a pass, never a traceback), and the CLI checks signatures with no
data folder at all, against the fingerprint `inspector keys show` prints."""

from __future__ import annotations

import json
import os
import struct
import warnings
import zipfile
from pathlib import Path

import pytest

from inspector.core.evidence import verify_bundle
from tests.helpers import run_cli


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> tuple[Path, Path]:
    """One real bundle of a recorded inspection, and its desk's data folder (made once)."""
    data = tmp_path_factory.mktemp("desk")
    out = tmp_path_factory.mktemp("bundles")
    assert run_cli(
        "record", "--order", "TB-9", "--courier", "SF9", "--source", "demo", "--seconds", "1",
        "--width", "320", "--height", "240", data_dir=data,
    ).returncode == 0  # fmt: skip
    assert run_cli("export", "1", "--out", str(out / "b.zip"), data_dir=data).returncode == 0
    return out / "b.zip", data


def _copy(src: Path, dest: Path, edit=None, extra=()) -> Path:
    """The bundle rewritten member by member; `edit(info, data)` may return new (info, data)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if edit is not None:
                info, data = edit(info, data)
            zout.writestr(info, data)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of the duplicate we mean to write
            for name, data, method in extra:
                zout.writestr(zipfile.ZipInfo(name), data, method)
    return dest


def _invalid(path: Path) -> str:
    check = verify_bundle(path)
    assert not check.ok and check.invalid, check.lines()
    return check.invalid


def test_the_genuine_bundle_passes(genuine):
    bundle, _ = genuine
    check = verify_bundle(bundle)
    assert check.ok, check.lines()
    assert check.signatures.manifest_signer and check.signatures.seal_signer
    names = set(zipfile.ZipFile(bundle).namelist())
    assert {"sealed-record.json", "chain-anchor.log"} <= names


def test_duplicate_names(genuine, tmp_path):
    bundle, _ = genuine
    report = zipfile.ZipFile(bundle).read("report.pdf")
    # A second report.pdf after the first: some readers show the second, the check hashed the first.
    forged = _copy(bundle, tmp_path / "dup.zip", extra=[("report.pdf", report[:-9], 0)])
    assert "appears twice" in _invalid(forged)


def _set_encrypted_flag(path: Path, name: str) -> Path:
    """Mark one member encrypted in its local header and the central directory, as a
    password-protecting tool would (zipfile itself never writes the flag)."""
    blob = bytearray(path.read_bytes())
    target = name.encode()
    at = 0
    while (at := blob.find(b"PK\x03\x04", at)) != -1:
        n = struct.unpack_from("<H", blob, at + 26)[0]
        if blob[at + 30 : at + 30 + n] == target:
            blob[at + 6] |= 0x1
        at += 4
    at = 0
    while (at := blob.find(b"PK\x01\x02", at)) != -1:
        n = struct.unpack_from("<H", blob, at + 28)[0]
        if blob[at + 46 : at + 46 + n] == target:
            blob[at + 8] |= 0x1
        at += 4
    path.write_bytes(bytes(blob))
    return path


def test_encrypted_member(genuine, tmp_path):
    bundle, _ = genuine
    forged = _set_encrypted_flag(_copy(bundle, tmp_path / "enc.zip"), "inspection.json")
    assert "encrypted" in _invalid(forged)


@pytest.mark.parametrize("method", [zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2])
def test_unknown_compression(genuine, tmp_path, method):
    bundle, _ = genuine

    def recompress(info, data):
        if info.filename == "index.html":
            info.compress_type = method
        return info, data

    assert "compression method" in _invalid(_copy(bundle, tmp_path / "c.zip", recompress))


@pytest.mark.parametrize("name", ["../evil.txt", "/etc/cron.d/x", "C:/Windows/x", "a\\..\\b"])
def test_names_that_escape_the_folder(genuine, tmp_path, name):
    bundle, _ = genuine
    forged = _copy(bundle, tmp_path / "slip.zip", extra=[(name, b"x", 0)])
    assert name in _invalid(forged) or repr(name) in _invalid(forged)


@pytest.mark.parametrize(
    "manifest, reason",
    [
        (b" " * (5 << 20) + b"{}", "bytes; at most"),  # 5 MB: deflates to a few KB
        (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        (b"\xff\xfe not utf-8", "not readable JSON"),
        (json.dumps({"format": "inspector-evidence-bundle", "files": "x"}).encode(), "no list"),
        (json.dumps([1, 2]).encode(), "not a JSON object"),
    ],
    ids=["oversized", "deep", "bytes", "mistyped", "array"],
)
def test_malformed_manifests(genuine, tmp_path, manifest, reason):
    bundle, _ = genuine

    def replace(info, data):
        if info.filename == "manifest.json":
            info.compress_type = zipfile.ZIP_DEFLATED
            return info, manifest
        return info, data

    assert reason in _invalid(_copy(bundle, tmp_path / "m.zip", replace))


def test_a_mistyped_file_entry_is_invalid_not_a_traceback(genuine, tmp_path):
    bundle, _ = genuine

    def mistype(info, data):
        if info.filename == "manifest.json":
            doc = json.loads(data)
            doc["files"][0]["size"] = "10"
            doc["files"][1]["sha256"] = 10**23
            return info, json.dumps(doc).encode()
        return info, data

    assert "is not a path, size and SHA-256" in _invalid(_copy(bundle, tmp_path / "t.zip", mistype))


def test_cli_checks_a_bundle_with_no_data_folder_and_makes_none(genuine, tmp_path):
    bundle, data = genuine
    shown = run_cli("keys", "show", "--json", data_dir=data)
    assert shown.returncode == 0, shown.stderr
    fp = json.loads(shown.stdout)["fingerprint"]
    nowhere = tmp_path / "no-such-desk"
    env_free = run_cli(
        "verify", str(bundle), "--fingerprint", fp.replace(" ", ""), data_dir=nowhere
    )
    assert env_free.returncode == 0, env_free.stdout + env_free.stderr
    assert "the store's published fingerprint" in env_free.stdout
    assert not nowhere.exists(), "verify made a data folder"

    other = "0" * 64
    wrong = run_cli("verify", str(bundle), "--fingerprint", other, data_dir=nowhere)
    assert wrong.returncode == 1 and "not the store's published key" in wrong.stdout

    def flip_report(info, data):
        if info.filename == "report.pdf":
            data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
        return info, data

    forged = _copy(bundle, tmp_path / "f.zip", flip_report)
    bad = run_cli("verify", str(forged), data_dir=nowhere)
    assert bad.returncode == 1 and "altered: report.pdf" in bad.stdout
    trick = _copy(bundle, tmp_path / "s.zip", extra=[("../x", b"x", 0)])
    refused = run_cli("verify", str(trick), "--json", data_dir=nowhere)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "'..'" in json.loads(refused.stdout)["invalid"]
    assert not nowhere.exists()
    assert os.access(bundle, os.R_OK)
