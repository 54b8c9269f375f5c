"""report.pdf signed the way a PDF reader checks it: PAdES with pyHanko (issue 22, item 7).

The report carries a PDF signature by the bundle's signing key and, with a TSA set, a
document time stamp from a real `openssl ts` authority; `verify` checks both. A report
changed after signing, or swapped for one signed by another key and re-listed in a
re-signed manifest, fails.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PdfFileWriter

from inspector.core.bundle_check import manifest_digest
from inspector.core.evidence import verify_bundle
from inspector.core.pdf_signing import sign_report_pdf
from inspector.core.signing import DeskKey
from inspector.core.timestamping import TsaTrust
from inspector.services.evidence import export_bundle, run_with_progress
from inspector.services.timestamps import stamp_pending
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


def test_the_report_is_signed_and_time_stamped_and_verify_checks_both(ctx, bundle, tsa):
    with zipfile.ZipFile(bundle) as zf:
        pdf = zf.read("report.pdf")
    reader = PdfFileReader(io.BytesIO(pdf))
    assert len(reader.embedded_regular_signatures) == 1
    assert len(reader.embedded_timestamp_signatures) == 1
    check = verify_bundle(bundle, trust=TsaTrust.load([str(tsa.root)]))
    assert check.ok, check.lines()
    fp = DeskKey.load(ctx.storage.root).fingerprint
    assert any(f"PDF signature (PAdES) by key {fp}" in n for n in check.notes)
    assert any(n.startswith("report.pdf: document time stamp at") for n in check.notes)


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
    resigned = sign_report_pdf(blank.getvalue(), stranger)
    forged = _replace_report(bundle, tmp_path / "g.zip", DeskKey.load(ctx.storage.root), resigned)
    check = verify_bundle(forged, trust=TsaTrust.load([str(tsa.root)]))
    assert any("signed by another key" in p for p in check.problems), check.lines()
