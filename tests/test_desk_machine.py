"""The desk machine's rules, checked on random sequences of scans, keys, typing and events.

The machine (inspector/services/desk_machine.py) is driven as a desk drives it: waybills,
order numbers, product codes, codes nothing knows, badges (active, retired, unknown), the
desk's keys, text typed into fields, timer ticks, camera events, operator changes and
quitting; the window's reports (recording started or refused, saved, the checklist's
state) come back as they would. After every input the invariants of issue 19 are checked;
Hypothesis shrinks any breach to the shortest sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from inspector.core.models import Decision, normalize_code
from inspector.core.scan_routing import Route, ScanKind
from inspector.services.desk_machine import (
    DECISION_KEY_OF,
    DECISION_KEYS,
    Ask,
    Camera,
    CameraEvent,
    Checklist,
    CloseWindow,
    DeskKey,
    DeskMachine,
    DeskMode,
    DeskState,
    FieldFocus,
    FocusField,
    Input,
    KeepDeskRule,
    Key,
    Note,
    OperatorChange,
    OperatorStatus,
    Output,
    Phase,
    Quit,
    RecordDecision,
    RecordingFailed,
    RecordingSaved,
    RecordingStarted,
    Scan,
    ScanTaken,
    Source,
    StartRecording,
    StepsChanged,
    StopRecording,
    Taken,
    Tick,
    TypedEntry,
)

# The desk's data: two imported orders (one with its return waybill known), a carrier's
# waybill no order expects, an order number by a platform's pattern, our product, a product
# the catalog does not know, a code that is a product and looks like a waybill, a code
# nothing knows, one a desk rule ignores, and badges.
RETURNS = {"SF1001": ("TB1", "SF1001"), "TB1": ("TB1", "SF1001"), "TB2": ("TB2", "")}
WAYBILLS = ("YT2002", "YT2003")
ORDERS = ("111-2222222-3333333",)
PRODUCTS = ("6901234567892",)
UNKNOWN_PRODUCTS = ("4006381333931",)
PRODUCT_LIKE = ("5449000039231",)
UNKNOWN = ("HELLO-1", "ZZ-42")
IGNORED = ("IGN-7",)
OPERATORS = {"Li Na": OperatorStatus.ACTIVE, "Wang Wei": OperatorStatus.ACTIVE}
OPERATORS["Old Zhao"] = OperatorStatus.RETIRED
BADGES = {"OP-1": "Li Na", "OP-2": "Wang Wei", "OP-3": "Old Zhao", "OP-9": None}
CODES = (
    *RETURNS,
    *WAYBILLS,
    *ORDERS,
    *PRODUCTS,
    *UNKNOWN_PRODUCTS,
    *PRODUCT_LIKE,
    *UNKNOWN,
    *IGNORED,
    *BADGES,
)
LETTER_KEYS = {k for k in Key if len(k.value) == 1}


@dataclass
class FakeDesk:
    """The machine's facts from dictionaries; earlier inspections are the ones it started."""

    started: dict[str, int] = field(default_factory=dict)

    def route(self, code: str) -> Route:
        value = normalize_code(code)
        if value in RETURNS:
            order, courier = RETURNS[value]
            return Route(ScanKind.RETURN, value, "imported order", code, None, order, courier)
        if value in WAYBILLS:
            return Route(ScanKind.COURIER, value, "YTO", code, courier_number=value)
        if value in ORDERS:
            return Route(ScanKind.ORDER, value, "Amazon", code, order_number=value)
        if value in PRODUCTS:
            from inspector.core.catalog import ProductMatch

            return Route(
                ScanKind.PRODUCT, value, "catalog", code, ProductMatch(value, "SKU-1", "Mug")
            )
        if value in UNKNOWN_PRODUCTS:
            return Route(ScanKind.UNKNOWN_PRODUCT, value, "EAN-13", code)
        if value in PRODUCT_LIKE:
            return Route(ScanKind.ASK, value, "", code, also=("Yunda",))
        if value in BADGES:
            return Route(ScanKind.OPERATOR, value, "Operator badge", code)
        if value in IGNORED:
            return Route(ScanKind.IGNORE, value, "desk rule", code)
        return Route(ScanKind.ASK, value, "", code)

    def operator_status(self, name: str) -> OperatorStatus:
        return OPERATORS.get(name, OperatorStatus.UNKNOWN)

    def badge_holder(self, badge: str) -> str | None:
        return BADGES.get(badge)

    def earlier(self, order: str, courier: str) -> int:
        return sum(self.started.get(n, 0) for n in {order, courier} - {""})


def decision_allowed(before: DeskState, event: Input, decision: RecordDecision) -> bool:
    """A decision comes only from a decision key (confirmed twice with identity steps open)
    or from the reason typed for it after one."""
    prompt = before.prompt
    open_steps = before.checklist.open_identity > 0
    if isinstance(event, DeskKey) and event.key in DECISION_KEYS:
        if DECISION_KEYS[event.key] is not decision.decision:
            return False
        if not open_steps:
            return not decision.confirmed_open_steps
        return (
            prompt is not None
            and prompt.ask is Ask.DECIDE_OPEN_STEPS
            and DECISION_KEY_OF[prompt.decision] is event.key
            and decision.confirmed_open_steps
        )
    if isinstance(event, TypedEntry) and event.field == "reason" and event.ended == "enter":
        return (
            prompt is not None
            and prompt.ask is Ask.OVERRIDE_REASON
            and prompt.decision is decision.decision
            and bool(decision.reason.strip())
            and decision.confirmed_open_steps == prompt.confirmed
            and (prompt.confirmed or not open_steps)
        )
    return False


class DeskRules(RuleBasedStateMachine):
    """Random desks: every input through the machine, the invariants after each."""

    @initialize(operator=st.sampled_from(["", "Li Na", "Old Zhao"]), auto=st.booleans())
    def open_desk(self, operator: str, auto: bool) -> None:
        self.facts = FakeDesk()
        self.machine = DeskMachine(self.facts)
        from inspector.services.desk_machine import DeskConfig, Settings

        self.feed(Settings(DeskConfig(auto_start=auto)))
        if operator:
            self.feed(OperatorChange(operator))
        self.recordings = 0  # started and not yet saved (the window's view)
        self.next_id = 1
        self.saving_due = False
        self.closed = False

    def feed(self, event: Input) -> list[Output]:
        before = self.machine.state
        out = self.machine.feed(event)
        after = self.machine.state
        taken = [o for o in out if isinstance(o, ScanTaken)]
        if isinstance(event, Scan):
            # No scan lost: each is taken exactly one way, and an ignored one says why.
            assert len(taken) == 1, out
            assert taken[0].source is event.source
            if taken[0].taken is Taken.IGNORED:
                assert taken[0].reason is not None
            # A scan never answers a question: it withdraws it, said so.
            assert not any(isinstance(o, KeepDeskRule | CloseWindow) for o in out), out
            if before.prompt is not None:
                assert taken[0].withdrew is before.prompt.ask
                assert after.prompt is None or after.prompt.code in (
                    taken[0].route.value,
                    after.parcel.number if after.parcel else "",
                )
        else:
            # Typed text is never reported as a scan.
            assert all(t.source is Source.HAND for t in taken), out
            if taken:
                assert isinstance(event, TypedEntry) and event.field in ("order", "courier")
        for o in out:
            if isinstance(o, RecordDecision):
                assert decision_allowed(before, event, o), (before, event, o)
            if isinstance(o, StartRecording):
                # One parcel at a time, and a recording always has an active operator.
                assert before.phase not in (Phase.RECORDING, Phase.SAVING)
                assert self.recordings == 0
                assert o.operator and self.facts.operator_status(o.operator) is not (
                    OperatorStatus.RETIRED
                )
                assert o.order or o.courier
        if isinstance(event, TypedEntry) and event.ended in ("enter", "escape"):
            # Esc or Enter leaves a text field: the keys are the desk's again.
            assert after.typing_in == ""
            assert FocusField("") in out or any(isinstance(o, FocusField) for o in out)
        if isinstance(event, DeskKey) and before.typing_in and event.key in LETTER_KEYS:
            assert out == [] and after == before  # a letter in a field is the field's
        self.after_outputs(out)
        return out

    def after_outputs(self, out: list[Output]) -> None:
        for o in out:
            if isinstance(o, StartRecording):
                self.recordings += 1
                self.started_parcel = o
            if isinstance(o, StopRecording):
                self.saving_due = True
            if isinstance(o, CloseWindow):
                self.closed = True

    # ----- what the desk's worker and scanner do --------------------------------------------

    @rule(code=st.sampled_from(CODES), source=st.sampled_from([Source.SCANNER, Source.CAMERA]))
    def scan(self, code: str, source: Source) -> None:
        self.feed(Scan(code, source))
        self.window_reports()

    @rule(code=st.sampled_from(CODES), into=st.sampled_from(["order", "courier", "value", "note"]))
    def scan_into_a_field(self, code: str, into: str) -> None:
        self.feed(Scan(code, Source.SCANNER, into))
        self.window_reports()

    @rule(key=st.sampled_from(list(Key)))
    def key(self, key: Key) -> None:
        self.feed(DeskKey(key))
        self.window_reports()

    @rule(key=st.sampled_from(list(DECISION_KEYS)))
    def decision_key_twice(self, key: Key) -> None:
        self.feed(DeskKey(key))
        self.feed(DeskKey(key))
        self.window_reports()

    @rule(name=st.sampled_from(["order", "courier", "value", "note", "reason", "operator"]))
    def click_into_a_field(self, name: str) -> None:
        self.feed(FieldFocus(name))

    @rule(
        name=st.sampled_from(["order", "courier", "value", "note", "reason", "operator"]),
        text=st.one_of(st.sampled_from(CODES), st.text(max_size=12), st.sampled_from(["", " "])),
        ended=st.sampled_from(["enter", "escape"]),
    )
    def type_and_end(self, name: str, text: str, ended: str) -> None:
        self.feed(FieldFocus(name))
        self.feed(TypedEntry(name, text, ended))
        self.window_reports()

    @rule(now=st.floats(0, 1e6))
    def tick(self, now: float) -> None:
        self.feed(Tick(now))

    @rule(kind=st.sampled_from(list(Camera)))
    def camera(self, kind: Camera) -> None:
        self.feed(CameraEvent(kind, "test"))
        self.window_reports()

    @rule(name=st.sampled_from([*OPERATORS, "Someone New", ""]))
    def operator_change(self, name: str) -> None:
        self.feed(OperatorChange(name))

    @rule()
    def quit(self) -> None:
        self.feed(Quit())

    @rule(
        steps=st.integers(0, 6),
        identity=st.integers(0, 3),
        recommended=st.sampled_from(list(Decision)),
    )
    @precondition(lambda self: self.machine.state.inspection is not None)
    def answers_change_the_checklist(self, steps: int, identity: int, recommended: Decision):
        identity = min(identity, steps)
        self.feed(StepsChanged(Checklist(steps, identity, identity, recommended)))

    @rule(interrupted=st.booleans())
    @precondition(lambda self: self.saving_due)
    def the_file_is_saved(self, interrupted: bool) -> None:
        self.saving_due = False
        self.recordings = 0
        self.feed(RecordingSaved(self.next_id - 1, interrupted=interrupted))

    @rule(reason=st.sampled_from(["no camera picture", "disk full"]))
    @precondition(lambda self: self.recordings == 1 and self.machine.state.inspection is None)
    def the_start_fails(self, reason: str) -> None:
        self.recordings = 0
        self.feed(RecordingFailed(reason))

    def window_reports(self) -> None:
        """The window starts what it was asked to at once: the inspection and its checklist."""
        s = self.machine.state
        if self.recordings == 1 and s.phase is Phase.RECORDING and s.inspection is None:
            parcel = self.started_parcel
            for number in {parcel.order, parcel.courier} - {""}:
                self.facts.started[number] = self.facts.started.get(number, 0) + 1
            self.feed(RecordingStarted(self.next_id))
            self.next_id += 1
            self.feed(StepsChanged(Checklist(4, 2, 4, Decision.PENDING)))

    # ----- invariants -----------------------------------------------------------------------

    @invariant()
    def a_recording_has_an_active_operator(self) -> None:
        s = self.machine.state
        if s.phase is Phase.RECORDING:
            assert s.operator
            assert self.facts.operator_status(s.operator) is not OperatorStatus.RETIRED
            assert s.parcel is not None and s.parcel.number

    @invariant()
    def one_parcel_at_a_time(self) -> None:
        assert self.recordings <= 1
        s = self.machine.state
        if s.phase in (Phase.RECORDING, Phase.SAVING):
            assert s.parcel is not None

    @invariant()
    def a_prompt_names_its_keys(self) -> None:
        prompt = self.machine.state.prompt
        if prompt is not None:
            assert prompt.keys and Key.ESCAPE in prompt.keys

    @invariant()
    def the_window_shows_what_the_state_allows(self) -> None:
        """The window draws desk_screen.screen(state): no Stop without a recording, no form
        or Start while one runs, and a question's letters always reach the desk."""
        from inspector.services.desk_screen import screen

        s = self.machine.state
        for order_known in (False, True):
            shown = screen(s, order_known=order_known)
            assert shown.stop_enabled == (s.phase is Phase.RECORDING)
            assert not (s.busy and (shown.start_enabled or shown.fields_enabled or shown.form))
            assert shown.reason_field == (
                s.prompt is not None and s.prompt.ask is Ask.OVERRIDE_REASON
            )
            if s.prompt is not None and not shown.reason_field and s.typing_in:
                assert shown.desk_takes_keys
            if s.prompt is not None:
                assert shown.look in ("asking", "confirming")
            if s.desk_mode is DeskMode.PACKING:
                assert not shown.checklist


DeskRules.TestCase.settings = settings(
    max_examples=300,
    stateful_step_count=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_desk_rules = DeskRules.TestCase


# ----- the sequences, one case each ---------------------------------------------------


def desk(operator: str = "Li Na") -> tuple[DeskMachine, FakeDesk]:
    facts = FakeDesk()
    machine = DeskMachine(facts)
    machine.feed(OperatorChange(operator))
    return machine, facts


def test_a_scan_after_a_decision_key_with_steps_open_signs_nothing() -> None:
    machine, _facts = desk()
    out = machine.feed(Scan("SF1001"))
    assert StartRecording("TB1", "SF1001", "Li Na") in out
    machine.feed(RecordingStarted(7))
    machine.feed(StepsChanged(Checklist(11, 4, 11, Decision.PENDING)))
    assert machine.feed(DeskKey(Key.SIGN)) == []
    assert machine.state.prompt is not None
    assert machine.state.prompt.ask is Ask.DECIDE_OPEN_STEPS
    assert machine.state.prompt.keys == (Key.SIGN, Key.ESCAPE)
    out = machine.feed(Scan("YT2002"))  # the next parcel's barcode, with its Enter
    assert not any(isinstance(o, RecordDecision) for o in out)
    (taken,) = [o for o in out if isinstance(o, ScanTaken)]
    assert taken.withdrew is Ask.DECIDE_OPEN_STEPS
    assert taken.taken is Taken.IGNORED and taken.reason.note is Note.STILL_RECORDING
    # S twice decides, with the open steps confirmed, and ends the recording.
    machine.feed(DeskKey(Key.SIGN))
    out = machine.feed(DeskKey(Key.SIGN))
    assert out == [RecordDecision(Decision.SIGN, "", True), StopRecording()]


def test_a_product_like_code_asks_and_the_next_waybill_is_routed() -> None:
    machine, _facts = desk()
    out = machine.feed(Scan("5449000039231"))
    assert machine.state.prompt.ask is Ask.WHAT_IS_CODE
    assert machine.state.prompt.also == "Yunda"
    out = machine.feed(Scan("SF1001"))
    assert StartRecording("TB1", "SF1001", "Li Na") in out
    assert out[0].withdrew is Ask.WHAT_IS_CODE and out[0].taken is Taken.STARTS


def test_the_question_is_answered_by_named_keys() -> None:
    machine, _facts = desk()
    machine.feed(Scan("HELLO-1"))
    machine.feed(DeskKey(Key.KEEP_RULE))
    out = machine.feed(DeskKey(Key.AS_WAYBILL))
    assert KeepDeskRule("HELLO-1", ScanKind.COURIER) in out
    assert StartRecording("", "HELLO-1", "Li Na") in out


def test_the_same_waybill_again_asks_and_f5_records_it() -> None:
    machine, facts = desk()
    facts.started["YT2002"] = 1
    assert machine.feed(Scan("YT2002"))[0].taken is Taken.STARTS
    assert machine.state.prompt.ask is Ask.SAME_PARCEL_AGAIN
    assert machine.feed(Scan("YT2002"))[0].withdrew is Ask.SAME_PARCEL_AGAIN  # asks again
    assert StartRecording("", "YT2002", "Li Na") in machine.feed(DeskKey(Key.START))


def test_an_override_needs_a_reason_and_an_empty_one_says_why() -> None:
    machine, _facts = desk()
    machine.feed(Scan("YT2002"))
    machine.feed(RecordingStarted(3))
    machine.feed(StepsChanged(Checklist(4, 0, 0, Decision.SIGN)))
    machine.feed(DeskKey(Key.STOP))
    machine.feed(RecordingSaved(3))
    assert machine.state.phase is Phase.AWAITING_DECISION
    assert machine.feed(DeskKey(Key.REJECT)) == [FocusField("reason")]
    out = machine.feed(TypedEntry("reason", "  "))
    assert not any(isinstance(o, RecordDecision) for o in out)
    assert machine.state.banner.note is Note.REASON_NEEDED and machine.state.typing_in == ""
    machine.feed(DeskKey(Key.REJECT))
    out = machine.feed(TypedEntry("reason", "wrong item inside"))
    assert RecordDecision(Decision.REJECT, "wrong item inside") in out
    assert machine.state.phase is Phase.DECIDED


def test_after_a_decision_a_typed_number_is_routed_as_a_scan_is() -> None:
    machine, _facts = desk()
    machine.feed(Scan("YT2002"))
    machine.feed(RecordingStarted(3))
    machine.feed(StepsChanged(Checklist(1, 0, 0, Decision.PENDING)))
    machine.feed(DeskKey(Key.SIGN))
    machine.feed(RecordingSaved(3))
    assert machine.state.phase is Phase.DECIDED
    out = machine.feed(TypedEntry("order", "5449000039231"))
    assert out[0].source is Source.HAND and out[0].taken is Taken.ASKED
    assert machine.state.prompt.ask is Ask.WHAT_IS_CODE
    machine.feed(DeskKey(Key.ESCAPE))
    out = machine.feed(DeskKey(Key.START))  # the parcel form, by a key
    assert FocusField("order") in out and machine.state.banner.note is Note.SCAN_FIRST


def test_a_retired_operator_never_records() -> None:
    machine, _facts = desk("Old Zhao")
    assert machine.state.operator == ""
    out = machine.feed(Scan("OP-3"))
    assert out[0].taken is Taken.IGNORED and out[0].reason.note is Note.RETIRED_OPERATOR
    out = machine.feed(Scan("YT2002"))
    assert not any(isinstance(o, StartRecording) for o in out)
    assert machine.state.banner.note is Note.NO_OPERATOR and FocusField("operator") in out


def test_letters_typed_in_a_field_are_its_own_until_esc() -> None:
    machine, _facts = desk()
    machine.feed(Scan("YT2002"))
    machine.feed(RecordingStarted(3))
    machine.feed(StepsChanged(Checklist(4, 0, 4, Decision.PENDING)))
    machine.feed(FieldFocus("value"))
    assert machine.feed(DeskKey(Key.PASS)) == []
    assert machine.feed(TypedEntry("value", "SN-1", "escape")) == [FocusField("")]
    assert machine.feed(DeskKey(Key.PASS))[0].result == "pass"


def test_quitting_with_a_parcel_in_hand_asks_then_quits() -> None:
    machine, _facts = desk()
    machine.feed(Scan("YT2002"))
    assert machine.feed(Quit()) == []
    assert machine.state.prompt.ask is Ask.QUIT_PENDING
    assert machine.feed(Quit()) == [CloseWindow()]
