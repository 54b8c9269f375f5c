"""A warehouse is one store: two desks and an office, each a separate process with its own
data folder, on one real PostgreSQL. Evidence made at any desk verifies from every desk and
the office; photos a seal covers are reachable from all of them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "resources" / "sample"
ORDER, COURIER = "TB2026110100001", "SF1234567890"


def cli(data_dir: Path, url: str, *args: str, ok: bool = True):
    """One command of one desk, in a process of its own, joined to the warehouse at url."""
    nas = data_dir.parent / "nas"
    nas.mkdir(exist_ok=True)
    result = run_cli("--database", url, "--shared-videos", str(nas), *args, data_dir=data_dir)
    if ok:
        assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


def record(data_dir: Path, url: str, order: str = ORDER, courier: str = COURIER) -> str:
    out = cli(
        data_dir, url, "record", "--order", order, "--courier", courier, "--source", "demo",
        "--seconds", "1", "--width", "160", "--height", "120", "--json",
    )  # fmt: skip
    return str(json.loads(out.stdout)["id"])


@pytest.fixture
def warehouse(tmp_path: Path, pg_url: str, monkeypatch):
    """Desk A, desk B and the office: three data folders, one PostgreSQL database."""
    monkeypatch.delenv("INSPECTOR_DATABASE_URL", raising=False)
    monkeypatch.delenv("INSPECTOR_SHARED_VIDEOS", raising=False)
    return tmp_path / "desk-a", tmp_path / "desk-b", tmp_path / "office", pg_url


@pytest.mark.e2e
def test_photos_imported_at_one_desk_verify_intact_from_every_desk(warehouse) -> None:
    a, b, office, url = warehouse
    cli(a, url, "products", "import", str(SAMPLE / "products.csv"))
    cli(a, url, "orders", "import", str(SAMPLE / "orders.csv"))
    first = record(a, url)
    cli(a, url, "inspect", first, "--answer", "seal=pass", "--answer", "1.sku=pass")
    # Desk B has never seen desk A's photo files: it records, answers and decides A's record.
    second = record(b, url, "TB2026110200002", "YT9876543210")
    cli(b, url, "inspect", second, "--answer", "seal=pass")
    for desk in (a, b, office):
        out = cli(desk, url, "verify", "--all", ok=False)
        assert out.returncode == 0, f"{desk.name}: {out.stdout}\n{out.stderr}"
        assert "altered" not in out.stdout.lower(), out.stdout
    cli(a, url, "sync-videos")
    cli(b, url, "inspect", first, "--answer", "waybill=pass")
    cli(b, url, "decide", first, "reject", "--operator", "Li Na", "--yes")
    cli(b, url, "note", first, "checked from desk B", "--by", "Li Na")
    bundle = b.parent / "from-b.zip"
    cli(b, url, "export", first, "--out", str(bundle))
    # The reference photos made at desk A are in desk B's bundle, byte for byte.
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        refs = [n for n in zf.namelist() if n.startswith("products/")]
        assert refs, zf.namelist()
        front = (SAMPLE / "photos" / "ts-001-front.png").read_bytes()
        assert zf.read(refs[0]) == front
    # Desk B's own folder now holds the photo (fetched from the database), never altered.
    assert any((b / "catalog").glob("*.png"))
    for desk in (a, b, office):
        out = cli(desk, url, "verify", "--all", ok=False)
        assert out.returncode == 0, f"{desk.name}: {out.stdout}\n{out.stderr}"


@pytest.mark.e2e
def test_a_photo_copy_gone_from_a_desk_is_fetched_again_never_altered(warehouse) -> None:
    a, b, _office, url = warehouse
    cli(a, url, "products", "import", str(SAMPLE / "products.csv"))
    cli(a, url, "orders", "import", str(SAMPLE / "orders.csv"))
    first = record(a, url)
    for photo in (a / "catalog").glob("*.png"):
        photo.unlink()  # the desk's own copies are away (a disk swapped, a folder cleaned)
    out = cli(a, url, "verify", "--all", ok=False)
    assert out.returncode == 0, out.stdout + out.stderr
    cli(a, url, "inspect", first, "--answer", "seal=pass")
    cli(b, url, "verify", "--all")


def store_fingerprint(data_dir: Path, url: str) -> str:
    facts = json.loads(cli(data_dir, url, "keys", "show", "--json").stdout)
    return facts["store_fingerprint"]


def verify_bundle(data_dir: Path, url: str, bundle: Path, *fingerprints: str) -> dict:
    args = [a for fp in fingerprints for a in ("--fingerprint", fp)]
    out = cli(data_dir, url, "verify", str(bundle), *args, "--json", ok=False)
    return json.loads(out.stdout)


@pytest.mark.e2e
def test_one_store_fingerprint_accepts_any_desks_seal_exported_anywhere(warehouse) -> None:
    a, b, office, url = warehouse
    made = cli(office, url, "keys", "make-store-key").stdout
    assert "store:" in made and (office / "store-signing-key.pem").is_file()
    first = record(a, url)
    cli(a, url, "sync-videos")
    cli(b, url, "keys", "show")  # desk B's key is made (as at set-up) and waits for the office
    store_fp = store_fingerprint(office, url)  # the office's start certifies both desks' keys
    shown = cli(a, url, "keys", "show").stdout
    assert f"store:       {store_fp}" in shown and "certificate: by store key" in shown
    desk_a_fp = json.loads(cli(a, url, "keys", "show", "--json").stdout)["fingerprint"]
    assert len(desk_a_fp.split()) == 16 and len(store_fp.split()) == 16
    for exporter in (b, office):
        bundle = exporter.parent / f"{exporter.name}.zip"
        cli(exporter, url, "export", first, "--out", str(bundle))
        checked = verify_bundle(exporter, url, bundle, store_fp)
        assert checked["fingerprint_matched"] is True, checked
        assert checked["sealed_by"] == desk_a_fp and checked["signed_by"] != desk_a_fp
        assert checked["ok"] is True, checked  # any desk or the office exports it whole
        # A fingerprint that is not the store's: refused, in words.
        wrong = verify_bundle(exporter, url, bundle, "0" * 64)
        assert wrong["fingerprint_matched"] is False
        assert any("not certified by it" in p for p in wrong["problems"]), wrong
    # The whole store, every desk's seals and anchor lines, against the store's one fingerprint.
    for desk in (a, b, office):
        out = cli(desk, url, "verify", "--all", "--fingerprint", store_fp, ok=False)
        assert out.returncode == 0, f"{desk.name}: {out.stdout}\n{out.stderr}"


@pytest.mark.e2e
def test_a_revoked_desks_later_seals_fail_its_earlier_ones_stand(warehouse) -> None:
    a, _b, office, url = warehouse
    cli(office, url, "keys", "make-store-key")
    before = record(a, url)
    cli(a, url, "sync-videos")
    store_fp = store_fingerprint(office, url)
    old_bundle = office.parent / "before.zip"
    cli(office, url, "export", before, "--out", str(old_bundle))
    from datetime import UTC, datetime

    cut = datetime.now(UTC).isoformat()
    cli(office, url, "keys", "revoke", _desk_id(a), "--from", cut)
    after = record(a, url, "TB2026110200002", "YT9876543210")
    cli(a, url, "sync-videos")
    new_bundle = office.parent / "after.zip"
    cli(office, url, "export", after, "--out", str(new_bundle))
    late = verify_bundle(office, url, new_bundle, store_fp)
    assert late["fingerprint_matched"] is False
    assert any("revoked" in p for p in late["problems"]), late
    again = office.parent / "before-again.zip"
    cli(office, url, "export", before, "--out", str(again))
    early = verify_bundle(office, url, again, store_fp)
    assert early["fingerprint_matched"] is True, early


def _desk_id(data_dir: Path) -> str:
    return json.loads((data_dir / "settings.json").read_text())["desk_id"]


@pytest.mark.e2e
def test_a_store_key_kept_offline_certifies_and_rotation_keeps_old_bundles(warehouse) -> None:
    a, b, office, url = warehouse
    usb = office.parent / "usb" / "store-key.pem"
    cli(office, url, "keys", "make-store-key", "--out", str(usb))
    assert not (office / "store-signing-key.pem").exists()
    first = record(a, url)
    cli(a, url, "sync-videos")
    assert "waiting" in cli(a, url, "keys", "show").stdout
    cli(b, url, "keys", "show")
    certified = cli(office, url, "keys", "certify", "--store-key", str(usb)).stdout
    assert "2 desk key(s) certified" in certified, certified  # desk A, desk B (the office: at once)
    old_fp = store_fingerprint(a, url)
    # Rotation: a new store key certifies every desk key again; both fingerprints verify.
    rotated = office.parent / "usb" / "store-key-2027.pem"
    cli(office, url, "keys", "make-store-key", "--out", str(rotated))
    new_fp = store_fingerprint(a, url)
    assert new_fp != old_fp
    bundle = b.parent / "rotated.zip"
    cli(b, url, "export", first, "--out", str(bundle))
    for fp in (old_fp, new_fp):
        checked = verify_bundle(b, url, bundle, fp)
        assert checked["fingerprint_matched"] is True, (fp, checked)


@pytest.mark.e2e
def test_a_desk_cannot_record_under_another_desks_name(warehouse) -> None:
    a, b, _office, url = warehouse
    short = ["--source", "demo", "--seconds", "0.5", "--width", "160", "--height", "120"]
    cli(a, url, "record", "--station", "Returns", "--order", "TB1", *short)
    refused = cli(b, url, "record", "--station", "Returns", "--order", "TB2", *short, ok=False)
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "'Returns' is already another desk's" in refused.stderr, refused.stderr
    assert "'Desk 1'" in refused.stderr, "a free name is proposed"
    assert "TB2" not in cli(a, url, "list", "--json").stdout, "nothing recorded under it"
    # Desks left at the default name: the first keeps "Desk 1", the next takes a free one.
    cli(a, url, "record", "--order", "TB3", *short)
    cli(b, url, "record", "--order", "TB4", *short)
    assert json.loads((b / "settings.json").read_text())["station_name"] == "Desk 2"
    rows = {r["order"]: r["station"] for r in json.loads(cli(a, url, "list", "--json").stdout)}
    assert rows["TB3"] == "Desk 1" and rows["TB4"] == "Desk 2", rows


def _login_role(pg_server, url: str, kind: str) -> str:
    """A login role with the rights role_grants gives `kind`; its URL on the same database."""
    import uuid

    import sqlalchemy as sa

    from inspector.core.warehouse import role_grants

    role, password = f"{kind}_{uuid.uuid4().hex[:8]}", "pw-" + uuid.uuid4().hex[:8]
    pg_server.admin(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        for statement in role_grants(kind, role):
            conn.exec_driver_sql(statement)
    engine.dispose()
    database = url.rsplit("/", 1)[1]
    return f"postgresql://{role}:{password}@127.0.0.1:{pg_server.port}/{database}"


@pytest.mark.e2e
def test_roles_a_desk_writes_but_never_rewrites_a_seal_a_reviewer_only_reads(
    warehouse, pg_server
) -> None:
    office, desk, reviewer, url = warehouse  # the office owns the schema (it set it up)
    cli(office, url, "orders", "import", str(SAMPLE / "orders.csv"))
    desk_url = _login_role(pg_server, url, "desk")
    first = record(desk, desk_url)
    cli(desk, desk_url, "decide", first, "reject", "--operator", "Li Na", "--yes")
    cli(desk, desk_url, "note", first, "seen", "--by", "Li Na")
    cli(desk, desk_url, "export", first, "--out", str(desk.parent / "desk.zip"))
    import sqlalchemy as sa

    engine = sa.create_engine(desk_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), engine.begin() as c:
        c.exec_driver_sql("UPDATE seal_entry SET reason = 'edited'")
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"), engine.begin() as c:
        c.exec_driver_sql("DELETE FROM anchor_line")
    engine.dispose()
    # Warehouse settings are the office's: a desk cannot shorten every desk's retention.
    refused = cli(desk, desk_url, "warehouse", "set", "retention_days", "0", ok=False)
    assert refused.returncode != 0 and "set from the office" in refused.stderr, refused.stderr
    assert "Traceback" not in refused.stderr
    from inspector.core.scan_routing import ScanKind
    from inspector.services.context import AppContext
    from inspector.services.scan_routing import desk_rules, keep_desk_rule

    ctx = AppContext.open(desk, desk_url)  # a rule kept at the desk stays in its own file
    line = keep_desk_rule(ctx, "ZZ123456", ScanKind.COURIER)
    assert line in desk_rules(ctx).splitlines() and line in ctx.settings.scan_patterns
    ctx.close()

    read_url = _login_role(pg_server, url, "reviewer")
    assert first in cli(reviewer, read_url, "list").stdout
    assert cli(reviewer, read_url, "verify", "--all", ok=False).returncode == 0
    out = reviewer.parent / "reviewer-out"
    out.mkdir()
    for args in (
        ["record", "--order", "TB9", "--source", "demo", "--seconds", "0.5", "--width", "160",
         "--height", "120"],
        ["decide", first, "sign", "--reason", "seen again", "--operator", "Li Na", "--yes"],
        ["note", first, "a reviewer's note", "--by", "Wang"],
        ["export", first, "--out", str(out)],
    ):  # fmt: skip
        refused = cli(reviewer, read_url, *args, ok=False)
        assert refused.returncode != 0, args
        assert "Traceback" not in refused.stderr, refused.stderr
        assert "This account may only read" in refused.stderr, (args, refused.stderr)
    assert list(out.iterdir()) == [], "no partial or finished file is left"
    assert not list((reviewer / "videos").rglob("*.mp4")), "no video was left behind"


@pytest.fixture
def own_server():
    """A PostgreSQL server of this test's own, to stop and start without touching the others."""
    from tests.pg_server import find_bindir, running_server

    if find_bindir() is None:
        pytest.skip("PostgreSQL is not installed")
    with running_server() as server:
        yield server


@pytest.mark.e2e
def test_the_database_gone_mid_recording_keeps_the_video_and_completes_the_record_later(
    tmp_path: Path, own_server, monkeypatch
) -> None:
    import subprocess
    import sys
    import time

    monkeypatch.delenv("INSPECTOR_DATABASE_URL", raising=False)
    url = own_server.url(own_server.new_database())
    desk = tmp_path / "desk"
    cli(desk, url, "orders", "import", str(SAMPLE / "orders.csv"))
    env = dict(__import__("os").environ, QT_QPA_PLATFORM="offscreen")
    recording = subprocess.Popen(
        [sys.executable, "-m", "inspector", "--data-dir", str(desk), "--database", url,
         "record", "--order", ORDER, "--courier", COURIER, "--source", "demo",
         "--seconds", "5", "--width", "160", "--height", "120"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    videos = desk / "videos"
    deadline = time.monotonic() + 60
    while not (videos.is_dir() and any(videos.rglob("*.mp4"))):
        assert time.monotonic() < deadline and recording.poll() is None, recording.communicate()
        time.sleep(0.2)
    own_server.stop()  # the server goes away while the desk is filming
    out, err = recording.communicate(timeout=120)
    assert recording.returncode != 0
    assert "Nothing was saved" not in err and "Traceback" not in err, err
    assert "The video is kept" in err and "completed by itself" in err, err
    kept = next(videos.rglob("*.mp4"))
    assert kept.stat().st_size > 10_000, "the whole video is on disk"
    assert list((desk / "pending-records").glob("*.json"))
    log_text = "".join(p.read_text() for p in (desk / "logs").glob("*.log*"))
    assert "Database unreachable when inspection" in log_text

    own_server.start()
    # The next start of anything on this desk completes the record: no one runs 'recover'.
    cli(desk, url, "sync-videos")
    listed = json.loads(cli(desk, url, "list", "--json").stdout)
    assert [(r["order"], r["status"]) for r in listed] == [(ORDER, "completed")], listed
    assert not list((desk / "pending-records").glob("*.json"))
    assert "completed now that the database is back" in "".join(
        p.read_text() for p in (desk / "logs").glob("*.log*")
    )
    cli(desk, url, "verify", "--all")


def _edit_settings(data_dir: Path, **values) -> None:
    path = data_dir / "settings.json"
    settings = json.loads(path.read_text())
    settings.update(values)
    path.write_text(json.dumps(settings))


@pytest.mark.e2e
def test_the_shared_folder_owner_is_the_warehouses_choice_not_a_desks_own_file(warehouse) -> None:
    a, b, office, url = warehouse
    first = record(a, url)
    cli(a, url, "decide", first, "sign", "--operator", "Li Na", "--yes", "--reason", "fine")
    cli(a, url, "sync-videos")
    nas = a.parent / "nas"
    shared = next(nas.rglob("*.mp4"))
    cli(b, url, "keys", "show")  # desk B exists (its settings file and desk id)
    # Desk B names itself the owner, with a tiny quota, in its own settings: nothing happens.
    _edit_settings(b, shared_videos_owner=True, storage_quota_gb=0.000001)
    cli(b, url, "cleanup")
    assert shared.is_file(), "a desk's own file cannot make it the shared folder's owner"
    # The office names desk B the owner: now its clean-up applies to the shared folder.
    out = cli(office, url, "warehouse", "set", "shared_videos_owner", _desk_id(b)).stdout
    assert _desk_id(b) in out
    shown = json.loads(cli(a, url, "warehouse", "show", "--json").stdout)
    assert [(r["key"], r["value"]) for r in shown] == [("shared_videos_owner", _desk_id(b))]
    cli(b, url, "cleanup")
    assert not shared.exists(), "the owner's clean-up removed the shared copy"
    # A per-desk override where it makes sense, refused where it does not.
    cli(office, url, "warehouse", "set", "retention_days", "30", "--desk", _desk_id(a))
    refused = cli(
        office, url, "warehouse", "set", "shared_videos_owner", "x", "--desk", "y", ok=False
    )
    assert refused.returncode != 0 and "whole warehouse" in refused.stderr
    cli(a, url, "verify", "--all")


@pytest.mark.e2e
def test_a_share_that_is_away_makes_verify_incomplete_and_an_empty_mount_point_is_not_used(
    warehouse,
) -> None:
    a, _b, office, url = warehouse
    first = record(a, url)
    cli(a, url, "sync-videos")
    nas = a.parent / "nas"
    assert (nas / ".inspector-shared-folder").is_file(), "marked when it was set up"
    assert cli(office, url, "verify", "--all", ok=False).returncode == 0
    nas.rename(a.parent / "nas-away")  # the NAS is not mounted: its mount point is empty
    nas.mkdir()
    out = cli(office, url, "verify", "--all", ok=False)
    assert out.returncode == 5, out.stdout + out.stderr
    assert "INCOMPLETE" in out.stdout and "intact" not in out.stdout, out.stdout
    assert "not checked:" in out.stdout and f"inspection {first}" in out.stdout
    shown = json.loads(cli(office, url, "verify", "--all", "--json", ok=False).stdout)
    assert shown["incomplete"] is True and len(shown["unchecked"]) == 1
    # A desk recording meanwhile writes nothing into the empty mount point.
    second = record(a, url, "TB2026110200002", "YT9876543210")
    cli(a, url, "sync-videos", ok=False)
    cli(a, url, "inspect", second, "--answer", "seal=pass")
    assert list(nas.iterdir()) == [], "nothing written into an unmounted share's mount point"
    nas.rmdir()
    (a.parent / "nas-away").rename(nas)  # mounted again
    cli(a, url, "sync-videos")
    out = cli(office, url, "verify", "--all", ok=False)
    assert out.returncode == 0 and "intact" in out.stdout, out.stdout


def _routes(data_dir: Path, url: str, *codes: str) -> list[str]:
    out = cli(data_dir, url, "route", "--json", *codes).stdout
    return [r["kind"] for r in json.loads(out)]


@pytest.mark.e2e
def test_desk_rules_and_badges_are_the_warehouses_with_desk_rules_of_their_own(
    warehouse,
) -> None:
    from inspector.core.scan_routing import ScanKind
    from inspector.services.context import AppContext
    from inspector.services.scan_routing import keep_desk_rule

    a, b, office, url = warehouse
    codes = ("SHOP12", "SHOP99", "W-ANNA", "X-ANNA", "ZZ123456")
    assert _routes(b, url, *codes) == ["ask", "ask", "ask", "ask", "ask"]  # desk B exists now
    cli(office, url, "warehouse", "set", "scan_patterns", "order | Our shop | ^SHOP\\d+$")
    cli(office, url, "warehouse", "set", "badge_prefix", "W-")
    # Desk B's own rule, set from the office; a broken rule is refused naming its line.
    cli(office, url, "warehouse", "set", "scan_patterns", "ignore | Noise | ^SHOP9\\d*$", "--desk",
        _desk_id(b))  # fmt: skip
    bad = cli(office, url, "warehouse", "set", "scan_patterns", "order | x", ok=False)
    assert bad.returncode == 2 and "line 1" in bad.stderr, bad.stderr
    # Desk A's own settings file says otherwise: in a warehouse the database decides.
    ctx = AppContext.open(a, url)
    ctx.settings.set("badge_prefix", "X-")
    ctx.settings.save()
    assert keep_desk_rule(ctx, "ZZ123456", ScanKind.COURIER)  # kept at desk A, as its own
    ctx.close()
    assert _routes(a, url, *codes) == ["order", "order", "operator", "ask", "courier"]
    assert _routes(b, url, *codes) == ["order", "ignore", "operator", "ask", "ask"]
    shown = json.loads(cli(office, url, "warehouse", "show", "--json").stdout)
    mine = {(r["key"], r["desk_id"]): r["value"] for r in shown}
    assert mine[("scan_patterns", _desk_id(a))].startswith("courier | Kept at the desk |")
    assert mine[("badge_prefix", None)] == "W-"
