"""The store key's certificates, as a rule over generated times: a desk key's signature is
accepted under the store's fingerprint exactly when a certificate by that store key covers
its time and no revocation by it took effect at or before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.signing import (
    DeskKey,
    StoreKey,
    certificate,
    revocation,
    statement_problem,
    vouched_for,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
minutes = st.integers(min_value=0, max_value=10_000)


def _keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    store = StoreKey.create(folder / "store.pem")
    other = StoreKey.create(folder / "other.pem")
    desk = DeskKey.load_or_create(folder)
    return store, other, desk


@settings(max_examples=150, deadline=None)
@given(
    start=minutes,
    length=st.one_of(st.none(), minutes),
    revoked=st.one_of(st.none(), minutes),
    at=minutes,
)
def test_a_signature_is_accepted_exactly_within_validity_and_before_revocation(
    tmp_path_factory, start, length, revoked, at
):
    store, other, desk = _keys(tmp_path_factory)
    t = lambda m: T0 + timedelta(minutes=m)  # noqa: E731
    until = None if length is None else t(start + length)
    statements = [certificate(store, "d1", "Desk 1", desk.public_hex, t(start), until)]
    if revoked is not None:
        statements.append(revocation(store, "d1", desk.public_hex, t(revoked)))
    expected = (
        at >= start
        and (length is None or at <= start + length)
        and (revoked is None or at < revoked)
    )
    assert vouched_for(desk.public_hex, t(at), statements, [store.fingerprint]).ok is expected
    # Another store's fingerprint never accepts it; a forged or edited certificate never does.
    assert not vouched_for(desk.public_hex, t(at), statements, [other.fingerprint]).ok
    forged = [dict(s, body=dict(s["body"], desk_name="Desk 9")) for s in statements]
    assert statement_problem(forged[0])
    assert not vouched_for(desk.public_hex, t(at), forged[:1], [store.fingerprint]).ok


def test_a_revocation_signed_by_another_store_key_does_not_count(tmp_path_factory):
    store, other, desk = _keys(tmp_path_factory)
    statements = [
        certificate(store, "d1", "Desk 1", desk.public_hex, T0, None),
        revocation(other, "d1", desk.public_hex, T0),
    ]
    assert vouched_for(desk.public_hex, T0 + timedelta(days=1), statements, [store.fingerprint]).ok
