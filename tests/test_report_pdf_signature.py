"""report.pdf signed the way a PDF reader checks it: PAdES with pyHanko (issue 22, item 5).

The report carries a PDF signature by the desk's X.509 identity (certified by the store's CA,
or by the desk itself before it has a store) and, with a TSA set, a
document time stamp from a real `openssl ts` authority; `verify` checks both. A report
changed after signing, or swapped for one signed by another key and re-listed in a
re-signed manifest, fails.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter

from inspector.core.bundle_check import manifest_digest
from inspector.core.evidence import verify_bundle
from inspector.core.pdf_signing import sign_report_pdf
from inspector.core.signing import DeskKey, StoreKey
from inspector.core.timestamping import TsaTrust
from inspector.core.x509_identity import (
    chain_pem,
    desk_certificate,
    endorser,
    issuer_certificate,
    own_identity,
    store_identity,
    twin_key,
)
from inspector.services.evidence import export_bundle, run_with_progress
from inspector.services.timestamps import stamp_pending
from tests.helpers import run_cli
from tests.tsa_server import running_tsa


@pytest.fixture(scope="module")
def tsa():
    with running_tsa() as server:
        yield server


@pytest.fixture
def bundle(ctx, record_inspection, tsa, tmp_path):
    ctx.settings.set("tsa_url", tsa.url)
    ctx.settings.set("tsa_trust_roots", str(tsa.root))
    ctx.settings.save()
    summary = record_inspection("TB-P1", "SFP1", seconds=1)
    stamp_pending(ctx)
    return run_with_progress(export_bundle(ctx, summary.id, tmp_path / "b.zip")).path


def _replace_report(bundle, dest, key, pdf):
    """The bundle with report.pdf replaced and the manifest re-signed (a key holder's forgery)."""
    with zipfile.ZipFile(bundle) as zin:
        manifest = json.loads(zin.read("manifest.json"))
        for entry in manifest["files"]:
            if entry["path"] == "report.pdf":
                entry.update(size=len(pdf), sha256=hashlib.sha256(pdf).hexdigest())
        manifest.pop("signature")
        manifest["manifest_sha256"] = manifest_digest(manifest)
        manifest["signature"] = {
            "algorithm": "Ed25519",
            "public_key": key.public_hex,
            "fingerprint": key.fingerprint,
            "value": key.sign(manifest["manifest_sha256"].encode()),
        }
        with zipfile.ZipFile(dest, "w") as zout:
            for info in zin.infolist():
                if info.filename == "report.pdf":
                    zout.writestr(info, pdf)
                elif info.filename == "manifest.json":
                    zout.writestr(info, json.dumps(manifest).encode())
                elif not info.filename.startswith("manifest.tsr"):
                    zout.writestr(info, zin.read(info))
    return dest


def test_a_report_changed_after_signing_fails(ctx, bundle, tsa, tmp_path):
    # Unchanged, a desk with no store yet signs under its own certificate, and it verifies.
    check = verify_bundle(bundle, trust=TsaTrust.load([str(tsa.root)]))
    assert check.ok, check.lines()
    fp = DeskKey.load(ctx.storage.root).fingerprint
    assert any(f"by key {fp}, certified by the desk's own key" in n for n in check.notes)
    with zipfile.ZipFile(bundle) as zf:
        pdf = zf.read("report.pdf")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer.root["/Changed"] = generic.TextStringObject("a later edit")
    writer.update_root()
    edited = io.BytesIO()
    writer.write(edited)
    key = DeskKey.load(ctx.storage.root)
    forged = _replace_report(bundle, tmp_path / "f.zip", key, edited.getvalue())
    check = verify_bundle(forged, trust=TsaTrust.load([str(tsa.root)]))
    assert any("report.pdf" in p and "changed" in p for p in check.problems), check.lines()


def test_a_report_signed_by_another_key_fails(ctx, bundle, tsa, tmp_path):
    # Another report altogether (a fresh PDF), signed with the forger's own key.
    writer = PdfFileWriter()
    size = [generic.NumberObject(v) for v in (0, 0, 595, 842)]
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Page"),
                generic.NameObject("/MediaBox"): generic.ArrayObject(size),
            }
        )
    )
    blank = io.BytesIO()
    writer.write(blank)
    stranger = DeskKey.load_or_create(tmp_path)
    resigned = sign_report_pdf(blank.getvalue(), own_identity(stranger.private))
    forged = _replace_report(bundle, tmp_path / "g.zip", DeskKey.load(ctx.storage.root), resigned)
    check = verify_bundle(forged, trust=TsaTrust.load([str(tsa.root)]))
    assert any("signed by another key" in p for p in check.problems), check.lines()


def test_the_report_is_signed_under_the_stores_certificate_and_a_pdf_reader_checks_it(
    ctx, record_inspection, tsa, tmp_path
):
    """Issue 22 item 5: the signer a PDF reader shows is the desk, certified by the store's CA
    (endorsed by the store key); `verify` with the store's fingerprint follows that chain, and
    a key holder's own CA naming the desk key is refused."""
    from inspector.services.warehouse import make_store_key

    ctx.settings.set("tsa_url", tsa.url)
    ctx.settings.set("tsa_trust_roots", str(tsa.root))
    ctx.settings.save()
    store, _ = make_store_key(ctx)
    summary = record_inspection("TB-P2", "SFP2", seconds=1)
    stamp_pending(ctx)
    path = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "s.zip")).path
    with zipfile.ZipFile(path) as zf:
        pdf = zf.read("report.pdf")
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_regular_signatures) == 1
    assert len(reader.embedded_timestamp_signatures) == 1
    sig = reader.embedded_regular_signatures[0]
    issuer = sig.signer_cert.issuer.native
    assert issuer["organizational_unit_name"] == store.fingerprint
    ca = [c for c in sig.other_embedded_certs if c.subject == sig.signer_cert.issuer][0]
    assert endorser(x509.load_der_x509_certificate(ca.dump())) == store.public_hex

    trust = TsaTrust.load([str(tsa.root)])
    check = verify_bundle(path, [store.fingerprint], trust)
    assert check.ok, check.lines()
    assert any(f"certified by the store {store.fingerprint}" in n for n in check.notes)
    assert any(n.startswith("report.pdf: document time stamp at") for n in check.notes)

    # The CA a reviewer trusts in a reader, as the office writes it: the very one in the PDF.
    done = run_cli("keys", "store-ca", "--out", str(tmp_path / "ca.pem"), data_dir=ctx.storage.root)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "ca.pem").read_bytes() == _pem(ca.dump())

    if shutil.which("pdfsig"):  # poppler's reader, with NSS: a standard tool's reading
        (tmp_path / "r.pdf").write_bytes(pdf)
        shown = subprocess.run(["pdfsig", str(tmp_path / "r.pdf")], capture_output=True, text=True)
        assert "Signature Validation: Signature is Valid." in shown.stdout, shown.stdout
        assert "Total document signed" in shown.stdout
        if shutil.which("certutil"):  # a reviewer who trusts the store's CA in its reader
            nss = tmp_path / "nss"
            nss.mkdir()
            subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True)
            subprocess.run(
                ["certutil", "-A", "-d", f"sql:{nss}", "-n", "store", "-t", "C,C,C", "-i"]
                + [str(tmp_path / "ca.pem")],
                check=True,
            )
            shown = subprocess.run(
                ["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "r.pdf")],
                capture_output=True,
                text=True,
            )
            assert "Certificate Validation: Certificate is Trusted." in shown.stdout, shown.stdout

    # A key holder's forgery: their own "store" CA certifies the (stolen) desk key.
    desk = DeskKey.load(ctx.storage.root)
    rogue = StoreKey.create(tmp_path / "rogue-store.pem")
    now = datetime.now(UTC)
    forged_cert = desk_certificate(
        rogue.private,
        desk.public_hex,
        twin_key(desk.private).public_key(),
        "Desk 1",
        now - timedelta(days=1),
        now + timedelta(days=30),
    )
    chain = chain_pem(forged_cert, issuer_certificate(rogue.private))
    writer = PdfFileWriter()
    size = [generic.NumberObject(v) for v in (0, 0, 595, 842)]
    writer.insert_page(
        generic.DictionaryObject(
            {
                generic.NameObject("/Type"): generic.NameObject("/Page"),
                generic.NameObject("/MediaBox"): generic.ArrayObject(size),
            }
        )
    )
    blank = io.BytesIO()
    writer.write(blank)
    resigned = sign_report_pdf(blank.getvalue(), store_identity(desk.private, chain))
    forged = _replace_report(path, tmp_path / "r.zip", desk, resigned)
    check = verify_bundle(forged, [store.fingerprint], trust)
    assert any("neither the desk's nor a store key" in p for p in check.problems), check.lines()


def _pem(der: bytes) -> bytes:
    return x509.load_der_x509_certificate(der).public_bytes(serialization.Encoding.PEM)
