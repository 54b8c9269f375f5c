"""End to end: the bundle of a return whose order was packed on camera carries both halves
(the packing video or a clip of it, the packing's seal, packed | returned frames in the PDF
and index.html) and `verify` checks both seals; a return never packed has no packing half."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from tests.helpers import decode, pdf_text, run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
ORDER, COURIER = "TB2026110100001", "SF1234567890"


def cli(data_dir: Path, *args: str, ok: bool = True):
    result = run_cli(*args, data_dir=data_dir)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stderr}"
    return result


def _rewrite(src: Path, dest: Path, name: str, change) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w") as zout:
        for info in zin.infolist():
            blob = zin.read(info)
            zout.writestr(info, change(blob) if info.filename == name else blob)


@pytest.mark.e2e
def test_a_swapped_item_bundle_shows_both_halves_and_verifies_both_seals(
    data_dir: Path, tmp_path: Path
) -> None:
    cli(data_dir, "products", "import", str(SAMPLE / "products.csv"))
    cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv"))
    packing = json.loads(
        cli(
            data_dir, "pack", ORDER, "--serial", "TS-001=AC-000123", "--source", "demo",
            "--width", "640", "--height", "480", "--seconds", "6", "--json",
        ).stdout
    )  # fmt: skip
    rec = cli(
        data_dir, "record", "--order", ORDER, "--courier", COURIER, "--source", "demo",
        "--width", "320", "--height", "240", "--seconds", "2", "--json",
    )  # fmt: skip
    ident = str(json.loads(rec.stdout)["id"])
    cli(data_dir, "inspect", ident, "--returned-serial", "TS-001=AC-000555", "--at", "1.2")
    cli(data_dir, "decide", ident, "reject")

    bundle = tmp_path / "b.zip"
    cli(data_dir, "export", ident, "--out", str(bundle))
    checked = cli(data_dir, "verify", str(bundle))
    assert "packing: seal" in checked.stdout
    with zipfile.ZipFile(bundle) as zf:
        names = set(zf.namelist())
        packed_name = f"packing/video/{Path(packing['video_path']).name}"
        assert {packed_name, "packing/sealed-record.json", "packing/chain-anchor.log"} <= names
        assert {"packing/frames/01-packed.jpg", "packing/frames/01-returned.jpg"} <= names
        # The packing video byte for byte: the one recorded, and it decodes.
        (tmp_path / "packing.mp4").write_bytes(zf.read(packed_name))
        assert (tmp_path / "packing.mp4").read_bytes() == Path(packing["video_path"]).read_bytes()
        assert decode(tmp_path / "packing.mp4").codec == "h264"
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["packing"]["inspection"]["uid"]
        assert manifest["packing"]["video"]["sha256"] == packing["sha256"]
        data = json.loads(zf.read("inspection.json"))
        (finding,) = data["findings"]
        assert finding["packed_serials"] == ["AC-000123"]
        assert finding["returned_serial"] == "AC-000555"
        assert finding["packed_frame"] == "packing/frames/01-packed.jpg"
        assert data["packing"]["items"][0]["serial"] == "AC-000123"
        html = zf.read("index.html").decode("utf-8")
        assert 'class="side-by-side"' in html and "packing/frames/01-packed.jpg" in html
        assert "SKU TS-001: packed AC-000123, returned AC-000555" in html
        _, text = pdf_text(zf.read("report.pdf"))
    assert "Packed and returned" in text and "Items packed" in text
    assert "AC-000123" in text.replace(" ", "") and "AC-000555" in text.replace(" ", "")

    # The packing's seal is checked as the return's: an edited packing record shows.
    forged = tmp_path / "forged.zip"
    _rewrite(
        bundle,
        forged,
        "packing/sealed-record.json",
        lambda b: b.replace(b"AC-000123", b"AC-000555"),
    )
    bad = cli(data_dir, "verify", str(forged), ok=False)
    assert bad.returncode == 1 and "packing: sealed-record.json is not the record" in bad.stdout

    # Over the platform's limit: a clip around the serial's moment, the whole video's hash
    # and seal named in the manifest, and it still verifies.
    limit = packing["size_bytes"] * 0.7 / 1_000_000
    clipped = tmp_path / "clipped.zip"
    cli(data_dir, "export", ident, "--out", str(clipped), "--packing-max-mb", f"{limit:.3f}")
    out = cli(data_dir, "verify", str(clipped)).stdout
    assert "cut to fit the platform's size limit" in out
    with zipfile.ZipFile(clipped) as zf:
        clip = json.loads(zf.read("manifest.json"))["packing"]["clip"]
        assert not any(n.startswith("packing/video/") for n in zf.namelist())
        assert zf.getinfo(clip["path"]).file_size <= limit * 1_000_000
        (tmp_path / "clip.mp4").write_bytes(zf.read(clip["path"]))
    assert decode(tmp_path / "clip.mp4").frames > 0


@pytest.mark.e2e
def test_a_return_never_packed_has_no_packing_half(data_dir: Path, tmp_path: Path) -> None:
    cli(data_dir, "orders", "import", str(SAMPLE / "orders.csv"))
    rec = cli(
        data_dir, "record", "--order", ORDER, "--source", "demo", "--width", "320",
        "--height", "240", "--seconds", "1", "--json",
    )  # fmt: skip
    ident = str(json.loads(rec.stdout)["id"])
    cli(data_dir, "export", ident, "--out", str(tmp_path / "b.zip"))
    cli(data_dir, "verify", str(tmp_path / "b.zip"))
    with zipfile.ZipFile(tmp_path / "b.zip") as zf:
        assert not any(n.startswith("packing/") for n in zf.namelist())
        assert "packing" not in json.loads(zf.read("manifest.json"))
        assert json.loads(zf.read("inspection.json"))["packing"] is None
