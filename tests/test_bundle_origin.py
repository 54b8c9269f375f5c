"""Exit codes a script cannot misread, and ZIPs whose two indexes disagree (issue 22, item 6).

A bundle anyone made with their own desk is self-consistent: integrity alone cannot tell
it from the store's. `verify` exits 0 only when the origin was checked too (a fingerprint,
or this store's own keys on one of its desks); intact but of unknown origin is code 3,
said on the first line. A ZIP with an entry placed before the genuine one (what a
streaming unzip shows) is refused.
"""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from pathlib import Path

import pytest

from inspector.core.evidence import verify_bundle
from inspector.services.evidence.verification import ORIGIN_UNCHECKED
from tests.helpers import run_cli, write_test_video


@pytest.fixture(scope="module")
def genuine(tmp_path_factory) -> tuple[Path, Path]:
    data = tmp_path_factory.mktemp("desk")
    out = tmp_path_factory.mktemp("bundles")
    # A camera stand-in that is not the demo source: a demo bundle says DEMO first, before all.
    camera = write_test_video(out / "camera.mp4", seconds=2.0)
    assert run_cli(
        "record", "--order", "TB-9", "--courier", "SF9", "--source", str(camera),
        "--seconds", "1", data_dir=data,
    ).returncode == 0  # fmt: skip
    assert run_cli("export", "1", "--out", str(out / "b.zip"), data_dir=data).returncode == 0
    return out / "b.zip", data


def test_intact_without_origin_is_its_own_exit_code_said_first(genuine, tmp_path):
    bundle, _ = genuine
    nowhere = tmp_path / "no-desk"
    run = run_cli("verify", str(bundle), data_dir=nowhere)
    assert run.returncode == ORIGIN_UNCHECKED != 0, run.stdout + run.stderr
    assert run.stdout.splitlines()[0].startswith("ORIGIN NOT CHECKED")
    as_json = run_cli("verify", str(bundle), "--json", data_dir=nowhere)
    doc = json.loads(as_json.stdout)
    assert as_json.returncode == ORIGIN_UNCHECKED and doc["ok"] and not doc["origin_checked"]


def test_a_forgers_own_desk_does_not_vouch_for_a_bundle(genuine, tmp_path):
    """Verified on another desk (the forger's, or any stranger's), the origin stays unchecked."""
    bundle, _ = genuine
    stranger = tmp_path / "stranger"
    assert run_cli("keys", "show", data_dir=stranger).returncode == 0
    run = run_cli("verify", str(bundle), data_dir=stranger)
    assert run.returncode == ORIGIN_UNCHECKED, run.stdout + run.stderr


def test_the_stores_own_desk_or_a_trusted_fingerprint_checks_the_origin(genuine, tmp_path):
    bundle, data = genuine
    home = run_cli("verify", str(bundle), data_dir=data)
    assert home.returncode == 0, home.stdout + home.stderr
    assert "origin:  signed by this store's own desk key" in home.stdout
    fp = json.loads(run_cli("keys", "show", "--json", data_dir=data).stdout)["fingerprint"]
    office = tmp_path / "office"
    assert run_cli("keys", "show", data_dir=office).returncode == 0
    settings = json.loads((office / "settings.json").read_text())
    settings["trusted_fingerprints"] = fp
    (office / "settings.json").write_text(json.dumps(settings))
    trusted = run_cli("verify", str(bundle), data_dir=office)
    assert trusted.returncode == 0, trusted.stdout + trusted.stderr


def _entry_before_the_genuine(src: Path, dest: Path, name: str, forged: bytes) -> Path:
    """The bundle with a forged `name` written first and left out of the central directory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(buf, "w") as zout:
        zout.writestr(zipfile.ZipInfo(name), forged, zipfile.ZIP_DEFLATED)
        decoy = zout.filelist[-1]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the duplicate name is the point
            for info in zin.infolist():
                zout.writestr(info, zin.read(info))
        zout.filelist.remove(decoy)
        del zout.NameToInfo[name]
        zout.NameToInfo.update({i.filename: i for i in zout.filelist})
    dest.write_bytes(buf.getvalue())
    return dest


def test_a_forged_entry_before_the_genuine_one_is_refused(genuine, tmp_path):
    bundle, _ = genuine
    forged = _entry_before_the_genuine(
        bundle, tmp_path / "f.zip", "inspection.json", b'{"decision": "reject"}'
    )
    # Python's reader (the central directory) still sees only the genuine member...
    with zipfile.ZipFile(forged) as zf:
        assert zf.read("inspection.json") == zipfile.ZipFile(bundle).read("inspection.json")
    # ...but a streaming unzip meets the forged one first; the check refuses the file.
    check = verify_bundle(forged)
    assert check.invalid and "streaming unzip" in check.invalid, check.lines()
    run = run_cli("verify", str(forged), data_dir=tmp_path / "none")
    assert run.returncode == 1


def test_bytes_prepended_to_a_bundle_are_refused(genuine, tmp_path):
    bundle, _ = genuine
    padded = tmp_path / "p.zip"
    padded.write_bytes(b"PK\x03\x04 not an entry" + bundle.read_bytes())
    check = verify_bundle(padded)
    assert check.invalid and "in no entry" in check.invalid
