"""Time-stamping authorities checked, not named (issue 22, item 3).

Every authority here is a real `openssl ts -reply` on 127.0.0.1 (tests/tsa_server.py): one
issued by a test root the reviewer trusts, a self-made one calling itself DigiCert, one of
another CA, one whose certificate expired years ago, one whose clock runs two years ahead,
and one whose certificate does not match its key. Only the first gives trusted time.
"""

from __future__ import annotations

import hashlib
import json
import zipfile

import pytest

from inspector.core.evidence import verify_bundle
from inspector.core.timestamping import TimestampError, TsaTrust, check_token, request_token
from inspector.services.evidence import export_bundle, run_with_progress
from inspector.services.timestamps import stamp_pending
from tests.helpers import run_cli
from tests.tsa_server import make_root, running_tsa


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trusted-root")
    make_root(folder)
    return folder


def _trust(root):
    return TsaTrust.load([str(root / "ca.crt")])


def test_only_an_authority_chaining_to_a_trusted_root_gives_trusted_time(root):
    sha = hashlib.sha256(b"a video").hexdigest()
    with running_tsa("trusted", root) as tsa:
        token = request_token(tsa.url, sha, trust=_trust(root))
    check = check_token(token, sha, _trust(root))
    assert check.ok, check.problems
    # The same token, with only the system's roots: the test root is not among them.
    alone = check_token(token, sha, TsaTrust.load())
    assert not alone.ok and "time not trusted" in alone.problems[0]


@pytest.mark.parametrize(
    ("kind", "why"),
    [
        ("rogue", "self-signed"),
        ("other_ca", "does not chain to a trusted root"),
        ("expired", "expired"),
        ("future", "in the future"),
    ],
)
def test_an_untrusted_authority_is_time_not_trusted(root, kind, why):
    sha = hashlib.sha256(kind.encode()).hexdigest()
    with running_tsa(kind, root) as tsa:
        token = request_token(tsa.url, sha, trust=_trust(root))  # kept, but not trusted
    check = check_token(token, sha, _trust(root))
    assert not check.ok and check.untrusted_only, check.problems
    assert check.problems[0].startswith("time not trusted") and why in check.problems[0]


def test_an_authority_whose_certificate_does_not_match_its_key_is_named(root):
    with running_tsa("mismatch", root) as tsa, pytest.raises(TimestampError) as caught:
        request_token(tsa.url, hashlib.sha256(b"x").hexdigest(), trust=_trust(root))
    assert "may not match its signing key" in str(caught.value)
    assert "did not answer with an RFC 3161 response" not in str(caught.value)


def _stamped_bundle(ctx, record_inspection, tmp_path, url, root, order):
    ctx.settings.set("tsa_url", url)
    ctx.settings.set("tsa_trust_roots", str(root / "ca.crt"))
    ctx.settings.save()
    summary = record_inspection(order, "SF" + order[-1], seconds=1)
    stamp_pending(ctx)
    return run_with_progress(export_bundle(ctx, summary.id, tmp_path / f"{order}.zip")).path


def test_a_bundle_stamped_by_a_rogue_digicert_fails(ctx, record_inspection, tmp_path, root):
    with running_tsa("rogue", root) as rogue:
        bundle = _stamped_bundle(ctx, record_inspection, tmp_path, rogue.url, root, "TB-R1")
    assert "manifest.tsr" in zipfile.ZipFile(bundle).namelist()
    check = verify_bundle(bundle, trust=_trust(root))
    assert not check.ok
    assert any("manifest.tsr: time not trusted" in p for p in check.problems), check.problems
    run = run_cli(
        "verify", str(bundle), "--tsa-root", str(root / "ca.crt"), data_dir=tmp_path / "x"
    )
    assert run.returncode == 1 and "time not trusted" in run.stdout


def test_the_manifest_token_cannot_be_swapped_or_added(ctx, record_inspection, tmp_path, root):
    with running_tsa("trusted", root) as tsa:
        bundle = _stamped_bundle(ctx, record_inspection, tmp_path, tsa.url, root, "TB-S1")
        with zipfile.ZipFile(bundle) as zf:
            digest = json.loads(zf.read("manifest.json"))["manifest_sha256"]
        # A genuine token of the same manifest, from the same trusted TSA, obtained later.
        later = request_token(tsa.url, digest, trust=_trust(root))
    assert verify_bundle(bundle, trust=_trust(root)).ok

    def rewrite(dest, change, drop=()):
        with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(dest, "w") as zout:
            for info in zin.infolist():
                if info.filename not in drop:
                    zout.writestr(info, change(info.filename, zin.read(info)))
        return dest

    swapped = rewrite(tmp_path / "s.zip", lambda n, d: later if n == "manifest.tsr" else d)
    problems = verify_bundle(swapped, trust=_trust(root)).problems
    assert any("swapped or added" in p for p in problems), problems
    # Added where the desk made none: the binding is missing.
    added = rewrite(tmp_path / "a.zip", lambda n, d: d, drop=("manifest.tsr.sig",))
    problems = verify_bundle(added, trust=_trust(root)).problems
    assert any("added to the bundle afterwards" in p for p in problems), problems
