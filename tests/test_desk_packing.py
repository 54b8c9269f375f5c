"""The desk's packing mode, on random sequences: the desk machine's own rules (no scan lost,
one parcel at a time, an active operator for every film) still hold, and packing adds its
own: only an imported order starts a packing (on a desk set to pack, or an order the data
says is not shipped), never a decision, every serial follows an item, and one end key (or
the order scanned again) ends it as packed."""

from __future__ import annotations

from dataclasses import dataclass, field

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import initialize, invariant

from inspector.services.desk_machine import (
    DeskConfig,
    DeskKey,
    DeskMachine,
    DeskMode,
    EndPacking,
    Input,
    Key,
    Note,
    OperatorChange,
    Output,
    PackItem,
    PackSerial,
    Phase,
    RecordDecision,
    RecordingSaved,
    RecordingStarted,
    Scan,
    Settings,
    StartPacking,
    StartRecording,
    StopRecording,
    Taken,
    TypedEntry,
)
from tests.test_desk_machine import RETURNS, DeskRules, FakeDesk


@dataclass
class PackingFakeDesk(FakeDesk):
    """The fake desk, with the orders not shipped yet."""

    unshipped: set[str] = field(default_factory=set)

    def to_pack(self, order: str) -> bool:
        return order in self.unshipped


class PackingDeskRules(DeskRules):
    """The desk machine's random desks, some set to pack, some with an order not shipped."""

    @initialize(
        operator=st.sampled_from(["", "Li Na", "Old Zhao"]),
        auto=st.booleans(),
        pack=st.booleans(),
        unshipped=st.sets(st.sampled_from(["TB1", "TB2"])),
    )
    def open_desk(self, operator: str, auto: bool, pack: bool, unshipped: set[str]) -> None:
        self.facts = PackingFakeDesk(unshipped=unshipped)
        self.machine = DeskMachine(self.facts)
        self.recordings = 0
        self.next_id = 1
        self.saving_due = False
        self.closed = False
        self.serial_allowed = False
        self.feed(Settings(DeskConfig(auto_start=auto, pack=pack)))
        if operator:
            self.feed(OperatorChange(operator))

    def feed(self, event: Input) -> list[Output]:
        before = self.machine.state
        recording_before = self.recordings  # the base class counts the outputs as it feeds
        out = super().feed(event)
        after = self.machine.state
        for o in out:
            if isinstance(o, StartPacking):
                assert before.phase not in (Phase.RECORDING, Phase.SAVING)
                assert recording_before == 0 and o.order
                # Only the routing starts a packing: an imported order, on a packing desk or
                # not yet shipped.
                assert isinstance(event, Scan | TypedEntry | DeskKey)
                assert o.order in {v[0] for v in RETURNS.values()}
                assert before.config.pack or o.order in self.facts.unshipped
            if isinstance(o, StartRecording):
                assert not before.config.pack  # a packing desk never films a return
            if isinstance(o, RecordDecision):
                assert before.desk_mode is not DeskMode.PACKING
            if isinstance(o, PackSerial):
                assert self.serial_allowed
                self.serial_allowed = False
            if isinstance(o, PackItem):
                assert before.packing
                self.serial_allowed = True
            if isinstance(o, StopRecording):
                assert after.desk_mode is not DeskMode.PACKING
        if any(isinstance(o, EndPacking) for o in out):
            assert before.phase is Phase.RECORDING and after.phase is Phase.SAVING
        return out

    def after_outputs(self, out: list[Output]) -> None:
        super().after_outputs(out)
        for o in out:
            if isinstance(o, StartPacking):
                self.recordings += 1
                self.started_parcel = o
                self.serial_allowed = False
            if isinstance(o, EndPacking):
                self.saving_due = True

    def window_reports(self) -> None:
        s = self.machine.state
        if s.desk_mode is DeskMode.PACKING:
            if self.recordings == 1 and s.phase is Phase.RECORDING and s.inspection is None:
                self.feed(RecordingStarted(self.next_id))
                self.next_id += 1
            return
        super().window_reports()

    @invariant()
    def a_packed_order_waits_on_the_bar(self) -> None:
        s = self.machine.state
        if s.phase is Phase.PACKED:
            assert s.desk_mode is DeskMode.PACKING and s.inspection is not None


PackingDeskRules.TestCase.settings = settings(
    max_examples=100,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_packing_desk_rules = PackingDeskRules.TestCase


def test_a_packing_desk_packs_an_order_with_two_serials_and_one_end_key() -> None:
    facts = PackingFakeDesk()
    machine = DeskMachine(facts)
    machine.feed(Settings(DeskConfig(pack=True)))
    machine.feed(OperatorChange("Li Na"))
    out = machine.feed(Scan("TB2"))
    assert StartPacking("TB2", "", "Li Na") in out
    assert machine.state.packing and machine.state.mode.value == "recording"
    machine.feed(RecordingStarted(5))
    # A serial before any item is said, not kept.
    out = machine.feed(Scan("HELLO-1"))
    assert out[0].taken is Taken.IGNORED and out[0].reason.note is Note.SCAN_ITEM_FIRST
    for serial in ("HELLO-1", "ZZ-42"):
        out = machine.feed(Scan("6901234567892"))
        assert isinstance(out[1], PackItem) and out[1].route.product.sku == "SKU-1"
        assert machine.feed(Scan(serial))[1] == PackSerial(serial)
    assert machine.state.packed_items == 2
    # No decision while packing; one key ends it as packed.
    assert not any(isinstance(o, RecordDecision) for o in machine.feed(DeskKey(Key.SIGN)))
    assert machine.feed(DeskKey(Key.STOP)) == [EndPacking()]
    machine.feed(RecordingSaved(5))
    assert machine.state.phase is Phase.PACKED
    # A waybill no order expects is not filmed as a return on a packing desk.
    out = machine.feed(Scan("YT2002"))
    assert out[0].taken is Taken.IGNORED and out[0].reason.note is Note.NOT_TO_PACK


def test_a_returns_desk_packs_only_an_order_not_yet_shipped() -> None:
    facts = PackingFakeDesk(unshipped={"TB2"})
    machine = DeskMachine(facts)
    machine.feed(OperatorChange("Li Na"))
    assert any(isinstance(o, StartRecording) for o in machine.feed(Scan("SF1001")))
    machine.feed(RecordingStarted(1))
    machine.feed(DeskKey(Key.STOP))
    machine.feed(RecordingSaved(1))
    out = machine.feed(Scan("TB2"))
    assert StartPacking("TB2", "", "Li Na") in out
    machine.feed(RecordingStarted(2))
    assert machine.feed(Scan("TB2"))[1] == EndPacking()  # the order scanned again ends it


def test_a_packing_desk_never_films_a_return_from_a_number_typed_into_its_form() -> None:
    # Found by CI: '0' typed into the courier field with Enter started a return recording.
    facts = PackingFakeDesk()
    machine = DeskMachine(facts)
    machine.feed(Settings(DeskConfig(pack=True)))
    machine.feed(OperatorChange("Li Na"))
    for entry in (TypedEntry("courier", "0", "enter"), TypedEntry("order", "ZZ9", "enter")):
        out = machine.feed(entry)
        assert not any(isinstance(o, StartRecording) for o in out)
        assert machine.state.banner is not None and machine.state.banner.note is Note.NOT_TO_PACK
    # F5 with the number still on the form says the same.
    assert not any(isinstance(o, StartRecording) for o in machine.feed(DeskKey(Key.START)))
    # An imported order typed by hand starts its packing.
    out = machine.feed(TypedEntry("order", "TB2", "enter"))
    assert StartPacking("TB2", "", "Li Na") in out
