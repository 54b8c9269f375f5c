"""The store's X.509 identity over desk keys (issue 22, item 5): certified with the JSON
certificate, re-issued at rotation, asked for again by a desk certified before it existed,
and never issued for a twin key the desk did not prove it holds."""

from __future__ import annotations

from cryptography import x509
from sqlmodel import select

from inspector.core.database import Database, sqlite_url
from inspector.core.models import DeskCertificate, DeskKeyRequest
from inspector.core.signing import DeskKey, StoreKey
from inspector.core.warehouse import (
    certify_waiting,
    pdf_chain_for,
    recertify_all,
    register_desk_key,
)
from inspector.core.x509_identity import (
    desk_key_named,
    endorser,
    possession_proof,
    store_identity,
    twin_key,
)


def _key(folder) -> DeskKey:
    folder.mkdir()
    return DeskKey.load_or_create(folder)


def _chain(text: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(text.encode())


def test_certify_issues_x509_rotation_reissues_and_an_old_desk_asks_again(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    desk = _key(tmp_path / "desk")
    old_desk = _key(tmp_path / "old")
    store = StoreKey.create(tmp_path / "store.pem")
    with db.session() as s:
        # A desk certified before X.509 identities (no proof of a twin key).
        register_desk_key(s, old_desk.public_hex, "d0", "Desk 0")
        certify_waiting(s, store)
        assert pdf_chain_for(s, old_desk.public_hex) == ""
        assert register_desk_key(s, old_desk.public_hex, "d0", "Desk 0", "") is False
        assert register_desk_key(
            s, old_desk.public_hex, "d0", "Desk 0", possession_proof(old_desk.private)
        )
        register_desk_key(s, desk.public_hex, "d1", "Desk 1", possession_proof(desk.private))
        certify_waiting(s, store)
        s.commit()
        for key in (desk, old_desk):
            leaf, ca = _chain(pdf_chain_for(s, key.public_hex))
            assert desk_key_named(leaf) == key.public_hex
            assert endorser(ca) == store.public_hex
            assert store_identity(key.private, pdf_chain_for(s, key.public_hex)) is not None
        # Once it has one, the desk does not ask again.
        assert not register_desk_key(
            s, desk.public_hex, "d1", "Desk 1", possession_proof(desk.private)
        )

        newer = StoreKey.create(tmp_path / "store2.pem")
        recertify_all(s, newer)
        s.commit()
        leaf, ca = _chain(pdf_chain_for(s, desk.public_hex))
        assert endorser(ca) == newer.public_hex
        assert (
            leaf.public_key().public_numbers()
            == twin_key(desk.private).public_key().public_numbers()
        )
    db.dispose()


def test_a_twin_key_the_desk_did_not_prove_is_never_certified(tmp_path):
    db = Database.open(sqlite_url(tmp_path / "a.db"))
    desk = _key(tmp_path / "desk")
    intruder = _key(tmp_path / "intruder")
    store = StoreKey.create(tmp_path / "store.pem")
    with db.session() as s:
        # Someone with the database plants their own twin key in the desk's request.
        register_desk_key(s, desk.public_hex, "d1", "Desk 1", possession_proof(intruder.private))
        certify_waiting(s, store)
        s.commit()
        assert s.exec(select(DeskKeyRequest)).all() == []
        rows = s.exec(select(DeskCertificate)).all()
        assert len(rows) == 1 and rows[0].x509 == ""
        assert pdf_chain_for(s, desk.public_hex) == ""
    db.dispose()
