"""The desk's behaviour as one pure state machine: ``step(state, input, facts) -> (state, outputs)``.

A scanner gun types into whatever has the focus, so nothing on the desk path may be a
modal box: a question is a prompt in the state bar, answered by a named desk key and never
by Enter, and a scan never answers it (the prompt is withdrawn, said so, and the scan is
routed as any scan). The station window turns key events, scanner bursts, typed entries,
timers and camera events into the inputs below, carries out the outputs (start, stop,
record an answer or a decision) and draws the state; it decides nothing.

The machine reads the desk's data only through `DeskFacts` (what a code is, whether an
operator is active, whether a parcel was inspected before), so it is tested with plain
dictionaries and random sequences (tests/test_desk_machine.py).

The table (phase × input; "P" = any prompt is withdrawn first by a scan):

| phase             | parcel scan (waybill/order)     | F5 / F8                  | S R D          | other         |
|-------------------|---------------------------------|--------------------------|----------------|---------------|
| IDLE              | P; new parcel → start or PARCEL | F5: "scan first", focus  | —              | badge: op.    |
| PARCEL            | P; completes it → start         | F5: start (checks)       | —              | Esc: clear    |
| RECORDING         | same number: stop; else refused | F8: stop → SAVING        | decide → stop  | P/F/N/C/↑/↓   |
| SAVING            | refused (said why)              | —                        | decide         | Saved → next  |
| AWAITING_DECISION | P; leaves it pending, next one  | F5: "decide first"       | decide         | P/F/N/C/↑/↓   |
| DECIDED           | P; new parcel, as IDLE          | F5: as IDLE              | —              |               |

Checks before a start, in order: an operator (active, not retired), then earlier
inspections of the parcel (prompt SAME_PARCEL_AGAIN: F5 records again, Esc does not).
A decision with identity steps open asks (DECIDE_OPEN_STEPS: the same key again decides);
one against the recommendation asks for a reason (OVERRIDE_REASON: typed, Enter; an empty
reason decides nothing and says so). A code nothing knows asks (WHAT_IS_CODE: O order
number, W waybill, K keep as a desk rule, Esc ignore). Quit with a parcel in hand asks
(QUIT_PENDING: quit again to leave it pending, Esc stays).

Extending it (a packing mode): add a `DeskMode`, and give `step` a branch for the inputs
whose meaning differs in it; states, inputs and outputs are plain frozen values, so a new
mode adds its own without changing these.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Protocol

from inspector.core.models import Decision, normalize_code
from inspector.core.scan_routing import Route, ScanKind

# ----- states -----------------------------------------------------------------------------


class Phase(StrEnum):
    """Where the parcel in hand is; a prompt may stand over any phase (see `DeskState.mode`)."""

    IDLE = "idle"  # no parcel
    PARCEL = "parcel"  # a parcel's number is known; not recording yet
    RECORDING = "recording"
    SAVING = "saving"  # stopped; the file is being finished
    AWAITING_DECISION = "awaiting_decision"  # filmed and saved, its decision pending
    DECIDED = "decided"  # decided; the decision stays on the bar until the next parcel
    PACKED = "packed"  # a packing ended and saved; stays on the bar until the next scan


class Mode(StrEnum):
    """What the state bar shows: the phase, or the kind of question standing over it."""

    IDLE = "idle"
    PARCEL = "parcel"
    RECORDING = "recording"
    SAVING = "saving"
    AWAITING_DECISION = "awaiting_decision"
    DECIDED = "decided"
    PACKED = "packed"
    ASKING = "asking"  # what is this code?
    CONFIRMING = "confirming"  # decide with steps open / why override / record again / quit


class DeskMode(StrEnum):
    """What the parcel in hand is filmed for: a return unboxed, or an order being packed."""

    RETURNS = "returns"
    PACKING = "packing"


class Ask(StrEnum):
    """The questions the desk asks in its state bar."""

    WHAT_IS_CODE = "what_is_code"
    DECIDE_OPEN_STEPS = "decide_open_steps"
    OVERRIDE_REASON = "override_reason"
    SAME_PARCEL_AGAIN = "same_parcel_again"
    QUIT_PENDING = "quit_pending"


class Key(StrEnum):
    """The desk's named keys (the window maps physical keys to these: ui/desk_keys.py)."""

    START = "F5"
    STOP = "F8"
    PASS = "P"
    FAIL = "F"
    NA = "N"
    PHOTO = "C"
    SIGN = "S"
    REJECT = "R"
    DISPUTE = "D"
    UP = "Up"
    DOWN = "Down"
    ESCAPE = "Esc"
    AS_ORDER = "O"
    AS_WAYBILL = "W"
    KEEP_RULE = "K"


DECISION_KEYS = {
    Key.SIGN: Decision.SIGN,
    Key.REJECT: Decision.REJECT,
    Key.DISPUTE: Decision.DISPUTE,
}
ANSWER_KEYS = {Key.PASS: "pass", Key.FAIL: "fail", Key.NA: "na"}
# The keys each question is answered by (the state bar names them).
PROMPT_KEYS: dict[Ask, tuple[Key, ...]] = {
    Ask.WHAT_IS_CODE: (Key.AS_ORDER, Key.AS_WAYBILL, Key.KEEP_RULE, Key.ESCAPE),
    Ask.DECIDE_OPEN_STEPS: (Key.ESCAPE,),  # plus the decision's own key, pressed again
    Ask.OVERRIDE_REASON: (Key.ESCAPE,),  # plus the reason typed and Enter
    Ask.SAME_PARCEL_AGAIN: (Key.START, Key.ESCAPE),
    Ask.QUIT_PENDING: (Key.ESCAPE,),  # plus quit again
}


class Source(StrEnum):
    SCANNER = "scanner"
    CAMERA = "camera"
    HAND = "hand"  # typed into the order or courier field, then Enter


class Note(StrEnum):
    """What the desk tells the operator (the window has the words, in its language)."""

    READY = "ready"
    SCAN_FIRST = "scan_first"  # F5 with no number: the parcel form is focused
    NO_OPERATOR = "no_operator"
    RETIRED_OPERATOR = "retired_operator"  # args: name
    UNKNOWN_BADGE = "unknown_badge"  # args: badge
    OPERATOR_SET = "operator_set"  # args: name
    OPERATOR_WHILE_RECORDING = "operator_while_recording"
    STILL_RECORDING = "still_recording"  # args: the parcel's number
    STILL_SAVING = "still_saving"
    NOT_RECORDING = "not_recording"
    DECIDE_FIRST = "decide_first"  # args: inspection id
    LEFT_PENDING = "left_pending"  # args: inspection id
    NOTHING_TO_DECIDE = "nothing_to_decide"
    REASON_NEEDED = "reason_needed"  # args: recommended, chosen
    PRODUCT_NOT_WAYBILL = "product_not_waybill"  # args: code
    UNKNOWN_PRODUCT = "unknown_product"  # args: code, symbology
    IGNORED_BY_RULE = "ignored_by_rule"  # args: code, rule
    NOT_ROUTED = "not_routed"  # args: code, why (the desk's data could not be read)
    UNKNOWN_CODE = "unknown_code"  # args: code (not asked: camera, or busy)
    IGNORED_ANSWER = "ignored_answer"  # args: code (the operator chose Ignore)
    WITHDRAWN = "withdrawn"  # args: the question withdrawn by a scan
    START_FAILED = "start_failed"  # args: reason
    SAVE_FAILED = "save_failed"  # args: reason
    DECISION_FAILED = "decision_failed"  # args: reason
    STOPPED_BY_ITSELF = "stopped_by_itself"  # args: reason
    CAMERA_LOST = "camera_lost"
    CAMERA_BACK = "camera_back"  # args: inspection to continue ("" if none)
    NOT_CHECKED = "not_checked"  # a parcel key with no checklist
    NOT_TO_PACK = "not_to_pack"  # args: code (a packing desk packs imported orders only)
    SCAN_ITEM_FIRST = "scan_item_first"  # args: code (a serial with no item scanned before it)


@dataclass(frozen=True)
class Banner:
    """One message for the operator: what, its values, and whether it is a problem."""

    note: Note
    args: tuple[str, ...] = ()
    problem: bool = True


@dataclass(frozen=True)
class Parcel:
    """The parcel in hand: its numbers as far as they are known (normalized)."""

    order: str = ""
    courier: str = ""

    @property
    def number(self) -> str:
        return self.courier or self.order

    def numbers(self) -> set[str]:
        return {self.order, self.courier} - {""}


@dataclass(frozen=True)
class Checklist:
    """What the machine must know of the checklist to guard a decision."""

    steps: int = 0
    open_identity: int = 0
    open_steps: int = 0
    recommended: Decision = Decision.PENDING


@dataclass(frozen=True)
class Prompt:
    """A question standing in the state bar, and what it is about."""

    ask: Ask
    code: str = ""  # WHAT_IS_CODE: the code; SAME_PARCEL_AGAIN: the parcel's number
    decision: Decision = Decision.PENDING  # DECIDE_OPEN_STEPS, OVERRIDE_REASON
    confirmed: bool = False  # OVERRIDE_REASON: open steps were confirmed first
    keep: bool = False  # WHAT_IS_CODE: keep the answer as a desk rule
    also: str = ""  # WHAT_IS_CODE: the carrier a product-like code also looks like
    count: int = 0  # SAME_PARCEL_AGAIN: earlier inspections

    @property
    def keys(self) -> tuple[Key, ...]:
        own = (DECISION_KEY_OF[self.decision],) if self.ask is Ask.DECIDE_OPEN_STEPS else ()
        return own + PROMPT_KEYS[self.ask]


DECISION_KEY_OF = {d: k for k, d in DECISION_KEYS.items()}


@dataclass(frozen=True)
class DeskConfig:
    """The desk's settings the machine obeys."""

    auto_start: bool = True  # a waybill scan starts recording
    stop_on_same_scan: bool = True  # the same number scanned again stops it
    pack: bool = False  # a packing desk: an order's scan starts its packing


@dataclass(frozen=True)
class DeskState:
    """Everything the desk is doing, as one value."""

    phase: Phase = Phase.IDLE
    parcel: Parcel | None = None
    operator: str = ""
    inspection: int | None = None  # being recorded or waiting for its decision
    checklist: Checklist = field(default_factory=Checklist)
    prompt: Prompt | None = None
    banner: Banner | None = None
    typing_in: str = ""  # the text field being typed in ("" = the desk has the keys)
    decision: Decision = Decision.PENDING  # taken for the parcel in hand
    resume: int | None = None  # an inspection a lost camera cut short (F5 continues it)
    config: DeskConfig = field(default_factory=DeskConfig)
    desk_mode: DeskMode = DeskMode.RETURNS  # of the parcel in hand
    packed_items: int = 0  # items scanned into the box so far
    serial_due: bool = False  # an item was scanned: the next other code is its serial

    @property
    def mode(self) -> Mode:
        if self.prompt is None:
            return Mode(self.phase.value)
        return Mode.ASKING if self.prompt.ask is Ask.WHAT_IS_CODE else Mode.CONFIRMING

    @property
    def packing(self) -> bool:
        """Filming an order being packed (or saving that film)."""
        return self.desk_mode is DeskMode.PACKING and self.phase in (Phase.RECORDING, Phase.SAVING)

    @property
    def busy(self) -> bool:
        return self.phase in (Phase.RECORDING, Phase.SAVING)

    @property
    def checking(self) -> bool:
        """A checklist to answer: recording, saving, or waiting for the decision."""
        return (
            self.phase in (Phase.RECORDING, Phase.SAVING, Phase.AWAITING_DECISION)
            and self.inspection is not None
            and self.decision is Decision.PENDING
            and self.desk_mode is DeskMode.RETURNS  # a packing has no checklist, no decision
        )


# ----- inputs -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """A code read by the scanner gun or the camera. field: a text field that had the focus."""

    code: str
    source: Source = Source.SCANNER
    field: str = ""


@dataclass(frozen=True)
class DeskKey:
    key: Key


@dataclass(frozen=True)
class FieldFocus:
    """The operator went into a text field (a click, a Tab): its letters are its own."""

    field: str


@dataclass(frozen=True)
class TypedEntry:
    """Text typed into a field, ended by Enter (ended="enter") or Esc ("escape")."""

    field: str  # "order", "courier", "reason", "value", "note", "operator"
    text: str
    ended: str = "enter"


@dataclass(frozen=True)
class FormFilled:
    """The parcel form holds these numbers, typed by hand (read when F5 or Enter is pressed)."""

    order: str
    courier: str


@dataclass(frozen=True)
class Tick:
    now: float


class Camera(StrEnum):
    LOST = "lost"
    BACK = "back"
    ENDED = "ended"  # the source ended or the encoder failed: the recording stops by itself
    STILL = "still"  # no motion for the auto-stop time


@dataclass(frozen=True)
class CameraEvent:
    kind: Camera
    reason: str = ""


@dataclass(frozen=True)
class OperatorChange:
    name: str


@dataclass(frozen=True)
class Quit:
    """The operator asked to close the desk (Ctrl+Q, the window's close button)."""


@dataclass(frozen=True)
class RecordingStarted:
    """The window's report: the recording asked for runs, as this inspection."""

    inspection: int


@dataclass(frozen=True)
class RecordingFailed:
    reason: str


@dataclass(frozen=True)
class RecordingSaved:
    """The stopped recording is on disk; interrupted: a lost camera cut it short."""

    inspection: int
    interrupted: bool = False
    failed: str = ""


@dataclass(frozen=True)
class StepsChanged:
    checklist: Checklist


@dataclass(frozen=True)
class DecisionFailed:
    reason: str


@dataclass(frozen=True)
class Settings:
    config: DeskConfig


Input = (
    Scan
    | DeskKey
    | FieldFocus
    | TypedEntry
    | FormFilled
    | Tick
    | CameraEvent
    | OperatorChange
    | Quit
    | RecordingStarted
    | RecordingFailed
    | RecordingSaved
    | StepsChanged
    | DecisionFailed
    | Settings
)

# ----- outputs ----------------------------------------------------------------------------


class Taken(StrEnum):
    """What became of a scan: every scan is taken one of these ways, and said so."""

    STARTS = "starts"  # a new parcel (its recording starts unless a check stops it)
    FILLS = "fills"  # a number of the parcel on the form
    STOPS = "stops"  # the recording parcel's number again
    SIGHTING = "sighting"  # the camera saw the recording parcel's label
    PRODUCT = "product"
    OPERATOR = "operator"
    ASKED = "asked"  # the desk asks what it is
    FIELD = "field"  # typed into the text field that had the focus
    IGNORED = "ignored"  # with its reason (a Banner)


@dataclass(frozen=True)
class ScanTaken:
    """How one scan (or a number typed and entered) was taken; withdrew: the question it ended."""

    code: str
    source: Source
    route: Route
    taken: Taken
    reason: Banner | None = None
    withdrew: Ask | None = None


@dataclass(frozen=True)
class StartRecording:
    order: str
    courier: str
    operator: str


@dataclass(frozen=True)
class ContinueRecording:
    inspection: int
    operator: str


@dataclass(frozen=True)
class StopRecording:
    """Stop the running recording; the video is finished and hashed by the shell."""


@dataclass(frozen=True)
class RecordAnswer:
    result: str  # pass, fail, na


@dataclass(frozen=True)
class TakePhoto:
    """Take a still from the live picture for the current step."""


@dataclass(frozen=True)
class MoveStep:
    delta: int


@dataclass(frozen=True)
class RecordDecision:
    decision: Decision
    reason: str = ""
    confirmed_open_steps: bool = False


@dataclass(frozen=True)
class ShowProduct:
    """One of our products was scanned: the window says whether the order shipped it."""

    route: Route


@dataclass(frozen=True)
class SetOperator:
    name: str


@dataclass(frozen=True)
class FillParcel:
    """The parcel form shows these numbers (empty: cleared for the next parcel)."""

    order: str
    courier: str


@dataclass(frozen=True)
class FocusField:
    """Give the keyboard to a field ("order", "courier", "operator", "reason"), or "" to the desk."""

    field: str


@dataclass(frozen=True)
class KeepDeskRule:
    code: str
    kind: ScanKind


@dataclass(frozen=True)
class RememberSighting:
    courier: str


@dataclass(frozen=True)
class FillField:
    """A scan typed into the field that had the focus (a serial number into the value field)."""

    field: str
    text: str


@dataclass(frozen=True)
class NextParcel:
    """The last parcel's checklist and traces go: the desk is ready for the next."""


@dataclass(frozen=True)
class CloseWindow:
    """Close the desk window: nothing is left pending."""


@dataclass(frozen=True)
class StartPacking:
    """Film the order being packed (marked PACKING): its number and outbound waybill."""

    order: str
    waybill: str
    operator: str


@dataclass(frozen=True)
class PackItem:
    """An item scanned into the box: checked against the order at once."""

    route: Route


@dataclass(frozen=True)
class PackSerial:
    """The serial of the item scanned just before."""

    serial: str


@dataclass(frozen=True)
class EndPacking:
    """The one end key (or the order scanned again): the box is packed; finish its film."""


Output = (
    ScanTaken
    | StartRecording
    | ContinueRecording
    | StopRecording
    | RecordAnswer
    | TakePhoto
    | MoveStep
    | RecordDecision
    | ShowProduct
    | SetOperator
    | FillParcel
    | FocusField
    | KeepDeskRule
    | RememberSighting
    | FillField
    | NextParcel
    | CloseWindow
    | StartPacking
    | PackItem
    | PackSerial
    | EndPacking
)


class OperatorStatus(StrEnum):
    ACTIVE = "active"
    RETIRED = "retired"
    UNKNOWN = "unknown"  # a name typed that the operators list does not hold


class DeskFacts(Protocol):
    """The desk's data, as far as the machine needs it (services/desk_facts.py reads the database)."""

    def route(self, code: str) -> Route: ...

    def operator_status(self, name: str) -> OperatorStatus: ...

    def badge_holder(self, badge: str) -> str | None: ...  # the operator's name, active or not

    def earlier(self, order: str, courier: str) -> int: ...  # inspections of this parcel so far

    # Optional (a desk without packing need not answer): an imported order not yet shipped.
    # def to_pack(self, order: str) -> bool: ...


Step = tuple[DeskState, list[Output]]

# ----- the transition ---------------------------------------------------------------------


def step(state: DeskState, event: Input, facts: DeskFacts) -> Step:
    """The desk's next state and what the window must do, for one input."""
    out: list[Output] = []
    if isinstance(event, Scan):
        return _scan(state, event, facts, out)
    if isinstance(event, DeskKey):
        return _key(state, event.key, facts, out)
    if isinstance(event, FieldFocus):
        return replace(state, typing_in=event.field), out
    if isinstance(event, TypedEntry):
        return _typed(state, event, facts, out)
    if isinstance(event, FormFilled):
        return _form(state, event, out)
    if isinstance(event, Tick):
        return state, out
    if isinstance(event, CameraEvent):
        return _camera(state, event, out)
    if isinstance(event, OperatorChange):
        return _operator(state, event.name.strip(), facts, out, badge="")
    if isinstance(event, Quit):
        if state.phase in (Phase.IDLE, Phase.PARCEL, Phase.DECIDED, Phase.PACKED) or (
            state.prompt is not None and state.prompt.ask is Ask.QUIT_PENDING
        ):
            out.append(CloseWindow())
            return replace(state, prompt=None), out
        return replace(state, prompt=Prompt(Ask.QUIT_PENDING)), out
    if isinstance(event, RecordingStarted):
        if state.phase is not Phase.RECORDING:
            return state, out
        return replace(state, inspection=event.inspection, resume=None), out
    if isinstance(event, RecordingFailed):
        if state.phase is not Phase.RECORDING:
            return state, out
        banner = Banner(Note.START_FAILED, (event.reason,))
        return replace(state, phase=Phase.PARCEL, inspection=None, banner=banner), out
    if isinstance(event, RecordingSaved):
        return _saved(state, event, out)
    if isinstance(event, StepsChanged):
        return replace(state, checklist=event.checklist), out
    if isinstance(event, DecisionFailed):
        banner = Banner(Note.DECISION_FAILED, (event.reason,))
        phase = Phase.AWAITING_DECISION if state.phase is Phase.DECIDED else state.phase
        return replace(state, phase=phase, decision=Decision.PENDING, banner=banner), out
    if isinstance(event, Settings):
        return replace(state, config=event.config), out
    raise TypeError(f"not a desk input: {event!r}")


# ----- scans ------------------------------------------------------------------------------


def _scan(state: DeskState, scan: Scan, facts: DeskFacts, out: list[Output]) -> Step:
    withdrew = state.prompt.ask if state.prompt is not None else None
    # A scanner burst never answers a question: the question goes, and the scan is a scan.
    state = replace(state, prompt=None)
    route = facts.route(scan.code)
    if state.packing and scan.source is not Source.CAMERA:
        state, taken, reason = _pack_scan(state, route, out)
        if reason is not None:
            state = replace(state, banner=reason)
        out.insert(0, ScanTaken(scan.code, scan.source, route, taken, reason, withdrew))
        return state, out
    taken_field = scan.field and scan.field not in ("order", "courier", "reason", "operator")
    if taken_field and not _same_parcel(state, route):
        # Scanned into a checklist field (a serial number into the value field): its text.
        out.append(FillField(scan.field, route.raw.strip()))
        out.append(ScanTaken(scan.code, scan.source, route, Taken.FIELD, withdrew=withdrew))
        if route.kind is ScanKind.PRODUCT:
            out.append(ShowProduct(route))
        return state, out
    state, taken, reason = _route(state, scan.source, route, facts, out, scan.field)
    if reason is not None:
        state = replace(state, banner=reason)
    out.insert(0, ScanTaken(scan.code, scan.source, route, taken, reason, withdrew))
    return state, out


def _route(
    state: DeskState,
    source: Source,
    route: Route,
    facts: DeskFacts,
    out: list[Output],
    into: str = "",
) -> tuple[DeskState, Taken, Banner | None]:
    """Act on one routed code; returns the new state, how it was taken and, if ignored, why."""
    kind = route.kind
    if kind is ScanKind.PRODUCT:
        out.append(ShowProduct(route))
        return state, Taken.PRODUCT, None
    if kind is ScanKind.UNKNOWN_PRODUCT:
        return state, Taken.IGNORED, Banner(Note.UNKNOWN_PRODUCT, (route.value, route.rule))
    if kind is ScanKind.OPERATOR:
        state, _ = _operator(state, "", facts, out, badge=route.value)
        taken = Taken.OPERATOR if state.banner and state.banner.note is Note.OPERATOR_SET else None
        return state, taken or Taken.IGNORED, None if taken else state.banner
    if kind is ScanKind.IGNORE:
        if not route.rule:  # the desk's data could not be read: nothing is started
            return state, Taken.IGNORED, Banner(Note.NOT_ROUTED, (route.value, route.reason))
        return state, Taken.IGNORED, Banner(Note.IGNORED_BY_RULE, (route.value, route.rule))
    if state.phase is Phase.RECORDING:
        if _same_parcel(state, route):
            if source is Source.SCANNER and state.config.stop_on_same_scan:
                out.append(StopRecording())
                return replace(state, phase=Phase.SAVING, banner=None), Taken.STOPS, None
            if source is Source.CAMERA:
                out.append(RememberSighting(route.courier_number or route.value))
                return state, Taken.SIGHTING, None
        assert state.parcel is not None
        return state, Taken.IGNORED, Banner(Note.STILL_RECORDING, (state.parcel.number,))
    if state.phase is Phase.SAVING:
        return state, Taken.IGNORED, Banner(Note.STILL_SAVING)
    if kind is ScanKind.ASK:
        product_like = bool(route.also)
        if into in ("order", "courier") and not product_like:
            # The operator chose the field: the code is that number (it starts nothing yet).
            as_kind = ScanKind.ORDER if into == "order" else ScanKind.COURIER
            start = into == "courier" and source is Source.HAND  # a scan there waits for F5
            state = _take_number(state, route.value, as_kind, facts, out, start=start)
            return state, Taken.FILLS, None
        if source is Source.CAMERA:
            return state, Taken.IGNORED, Banner(Note.UNKNOWN_CODE, (route.value,))
        also = route.also[0] if route.also else ""
        return (
            replace(state, prompt=Prompt(Ask.WHAT_IS_CODE, route.value, also=also)),
            Taken.ASKED,
            None,
        )
    # A parcel's number: an order to pack, a return, a waybill or an order number.
    if _to_pack(state, route, facts):
        return _start_packing(state, route, facts, out), Taken.STARTS, None
    if state.config.pack:
        # A packing desk packs imported orders: anything else is said, never filmed as a return.
        return state, Taken.IGNORED, Banner(Note.NOT_TO_PACK, (route.value,))
    before = state.parcel
    state = _take_route(state, route, facts, out, by_hand=source is Source.HAND)
    if source is Source.CAMERA and state.phase is Phase.RECORDING and state.parcel is not None:
        # The label the camera started the recording from is the first sighting of it.
        out.append(RememberSighting(state.parcel.courier))
    completes = (
        before is not None
        and state.parcel is not None
        and state.parcel != before
        and (before.numbers() <= state.parcel.numbers())
    )
    return state, Taken.FILLS if completes else Taken.STARTS, None


def _to_pack(state: DeskState, route: Route, facts: DeskFacts) -> bool:
    """Whether this parcel number starts a packing: the routing says so, never a guess.

    An imported order (by its number or outbound waybill) on a desk set to pack, or one
    the data says is not shipped yet (`DeskFacts.to_pack`).
    """
    if route.kind is not ScanKind.RETURN or not route.order_number:
        return False
    if state.config.pack:
        return True
    to_pack = getattr(facts, "to_pack", None)
    return bool(to_pack is not None and to_pack(route.order_number))


def _start_packing(
    state: DeskState, route: Route, facts: DeskFacts, out: list[Output]
) -> DeskState:
    """Begin filming the order's packing, once an active operator is known."""
    order = normalize_code(route.order_number)
    waybill = route.value if route.outbound else ""
    state = _fresh(state, out)
    state = replace(
        state, phase=Phase.PARCEL, parcel=Parcel(order, waybill), desk_mode=DeskMode.PACKING
    )
    out.append(FillParcel(order, waybill))
    return _begin_packing(state, facts, out)


def _begin_packing(state: DeskState, facts: DeskFacts, out: list[Output]) -> DeskState:
    """Start the packing on the form (F5 after an operator was chosen comes here too)."""
    if not _operator_ok(state, facts):
        return _no_operator(state, facts, out)
    assert state.parcel is not None
    out.append(StartPacking(state.parcel.order, state.parcel.courier, state.operator))
    return replace(
        state,
        phase=Phase.RECORDING,
        desk_mode=DeskMode.PACKING,
        inspection=None,
        packed_items=0,
        serial_due=False,
        banner=None,
    )


def _pack_scan(
    state: DeskState, route: Route, out: list[Output]
) -> tuple[DeskState, Taken, Banner | None]:
    """A scan while an order is being packed: an item, its serial, or the order again (end)."""
    if state.phase is Phase.SAVING:
        return state, Taken.IGNORED, Banner(Note.STILL_SAVING)
    if route.kind is ScanKind.PRODUCT:
        out.append(PackItem(route))
        return (
            replace(state, packed_items=state.packed_items + 1, serial_due=True),
            Taken.PRODUCT,
            None,
        )
    parcel = state.parcel
    if (
        parcel is not None
        and route.kind is ScanKind.RETURN
        and normalize_code(route.order_number) == parcel.order
    ):
        out.append(EndPacking())
        return replace(state, phase=Phase.SAVING, serial_due=False), Taken.STOPS, None
    if route.kind in (ScanKind.OPERATOR, ScanKind.IGNORE):
        number = parcel.number if parcel is not None else ""
        return state, Taken.IGNORED, Banner(Note.STILL_RECORDING, (number,))
    if not state.serial_due:
        return state, Taken.IGNORED, Banner(Note.SCAN_ITEM_FIRST, (route.value,))
    # Whatever else it looks like, the code after an item is that item's serial.
    out.append(PackSerial(route.raw.strip()))
    return replace(state, serial_due=False), Taken.FIELD, None


def _same_parcel(state: DeskState, route: Route) -> bool:
    """True when the code is the recording parcel's waybill or order number."""
    if state.phase is not Phase.RECORDING or state.parcel is None:
        return False
    if not route.fills_order and route.kind is not ScanKind.COURIER:
        return False
    numbers = state.parcel.numbers()
    return route.value in numbers or (
        route.kind is ScanKind.RETURN and bool(route.order_number) and route.order_number in numbers
    )


def _fresh(state: DeskState, out: list[Output]) -> DeskState:
    """A new parcel begins: the last one's checklist, decision and banner go (a pending one stays pending)."""
    if state.phase is Phase.AWAITING_DECISION and state.inspection is not None:
        banner: Banner | None = Banner(Note.LEFT_PENDING, (str(state.inspection),))
    else:
        banner = None
    if state.phase is not Phase.IDLE or state.parcel is not None:
        out.append(NextParcel())
    return replace(
        state,
        phase=Phase.IDLE,
        parcel=None,
        inspection=None,
        checklist=Checklist(),
        decision=Decision.PENDING,
        resume=None,
        banner=banner,
        desk_mode=DeskMode.RETURNS,
        packed_items=0,
        serial_due=False,
    )


def _take_route(
    state: DeskState, route: Route, facts: DeskFacts, out: list[Output], by_hand: bool
) -> DeskState:
    """A parcel's number routed: it completes the parcel on the form or begins one; a waybill
    starts recording when the desk says so (a number typed and entered always does)."""
    start = state.config.auto_start or by_hand
    if route.kind is ScanKind.ORDER:
        return _take_number(state, route.value, ScanKind.ORDER, facts, out, start=False)
    if route.kind is ScanKind.COURIER:
        return _take_number(state, route.value, ScanKind.COURIER, facts, out, start=start)
    # An imported order's return: both numbers, when the order knows its waybill.
    order, courier = normalize_code(route.order_number), normalize_code(route.courier_number)
    parcel = state.parcel
    keeps = (
        state.phase is Phase.PARCEL
        and parcel is not None
        and (not parcel.order or parcel.order == order)
        and (not parcel.courier or parcel.courier == courier)
    )
    if not keeps:
        state = _fresh(state, out)
    state = replace(state, phase=Phase.PARCEL, parcel=Parcel(order, courier))
    out.append(FillParcel(order, courier))
    if not courier:
        out.append(FocusField("courier"))  # the order is known, its waybill not yet
        return state
    return _start(state, facts, out) if start else state


def _take_number(
    state: DeskState, value: str, kind: ScanKind, facts: DeskFacts, out: list[Output], start: bool
) -> DeskState:
    """An order number or a waybill: completes the parcel on the form, or begins a new one."""
    parcel = state.parcel if state.phase is Phase.PARCEL else None
    # The number completes the parcel on the form when its place there is empty or the same.
    if kind is ScanKind.ORDER:
        completes = parcel is not None and parcel.order in ("", value)
        new = Parcel(value, parcel.courier if completes and parcel else "")
    else:
        completes = parcel is not None and parcel.courier in ("", value)
        new = Parcel(parcel.order if completes and parcel else "", value)
    if not completes:
        state = _fresh(state, out)
    state = replace(state, phase=Phase.PARCEL, parcel=new)
    out.append(FillParcel(new.order, new.courier))
    if not new.courier:
        out.append(FocusField("courier"))
        return state
    return _start(state, facts, out) if start else state


def _start(state: DeskState, facts: DeskFacts, out: list[Output], again: bool = False) -> DeskState:
    """Start recording the parcel on the form, after its checks; or say why not."""
    parcel = state.parcel
    if state.busy:
        return state
    if state.resume is not None:
        if not _operator_ok(state, facts):
            return _no_operator(state, facts, out)
        out.append(ContinueRecording(state.resume, state.operator))
        return replace(state, phase=Phase.RECORDING, inspection=state.resume, resume=None)
    if parcel is None or not parcel.number:
        out.append(FocusField("order"))
        return replace(state, banner=Banner(Note.SCAN_FIRST))
    if state.desk_mode is DeskMode.PACKING:
        return _begin_packing(state, facts, out)
    if state.config.pack:
        # A packing desk never films a return, however the number reached its form (typed
        # into a field, F5): an imported order starts its packing; anything else is said.
        route = facts.route(parcel.order or parcel.courier)
        if _to_pack(state, route, facts):
            return _start_packing(state, route, facts, out)
        return replace(state, banner=Banner(Note.NOT_TO_PACK, (parcel.number,)))
    if not _operator_ok(state, facts):
        return _no_operator(state, facts, out)
    if not again:
        count = facts.earlier(parcel.order, parcel.courier)
        if count:
            prompt = Prompt(Ask.SAME_PARCEL_AGAIN, parcel.number, count=count)
            return replace(state, phase=Phase.PARCEL, prompt=prompt)
    out.append(StartRecording(parcel.order, parcel.courier, state.operator))
    # A parcel left waiting for its decision is said so even as the next one records.
    kept = state.banner if state.banner and state.banner.note is Note.LEFT_PENDING else None
    return replace(
        state,
        phase=Phase.RECORDING,
        prompt=None,
        inspection=None,
        checklist=Checklist(),
        decision=Decision.PENDING,
        banner=kept,
    )


def _operator_ok(state: DeskState, facts: DeskFacts) -> bool:
    return (
        bool(state.operator) and facts.operator_status(state.operator) is not OperatorStatus.RETIRED
    )


def _no_operator(state: DeskState, facts: DeskFacts, out: list[Output]) -> DeskState:
    out.append(FocusField("operator"))
    if state.operator and facts.operator_status(state.operator) is OperatorStatus.RETIRED:
        return replace(state, banner=Banner(Note.RETIRED_OPERATOR, (state.operator,)))
    return replace(state, banner=Banner(Note.NO_OPERATOR))


# ----- keys -------------------------------------------------------------------------------


def _key(state: DeskState, key: Key, facts: DeskFacts, out: list[Output]) -> Step:
    if state.typing_in and key.value.isalpha() and len(key.value) == 1:
        return state, out  # a letter typed into a text field is that field's letter
    if key is Key.ESCAPE and state.typing_in:
        if state.typing_in in ("value", "note"):
            out.append(FillField(state.typing_in, ""))  # Esc drops what was being typed
        out.append(FocusField(""))  # Esc leaves the text field: the keys are the desk's again
        state = replace(state, typing_in="")
    prompt = state.prompt
    if prompt is not None:
        answered = _answer(state, prompt, key, facts, out)
        if answered is not None:
            return answered, out
    if key is Key.ESCAPE:
        if state.phase is Phase.PARCEL and state.parcel is not None:
            state = _fresh(state, out)
            out.append(FillParcel("", ""))
        return replace(state, banner=None), out
    if key is Key.START:
        if state.phase is Phase.AWAITING_DECISION and state.resume is None:
            return replace(state, banner=Banner(Note.DECIDE_FIRST, (str(state.inspection),))), out
        if state.phase in (Phase.DECIDED, Phase.PACKED):
            state = _fresh(state, out)
        return _start(state, facts, out), out
    if key is Key.STOP:
        if state.phase is not Phase.RECORDING:
            return replace(state, banner=Banner(Note.NOT_RECORDING)), out
        if state.desk_mode is DeskMode.PACKING:
            out.append(EndPacking())  # the one end key: packed
            return replace(state, phase=Phase.SAVING, banner=None, serial_due=False), out
        out.append(StopRecording())
        return replace(state, phase=Phase.SAVING, banner=None), out
    if key in DECISION_KEYS:
        return _decide(state, DECISION_KEYS[key], out)
    if not state.checking or state.checklist.steps == 0:
        if key in (Key.AS_ORDER, Key.AS_WAYBILL, Key.KEEP_RULE):
            return state, out  # a question's key with no question: nothing
        return replace(state, banner=Banner(Note.NOT_CHECKED)), out
    if key in ANSWER_KEYS:
        out.append(RecordAnswer(ANSWER_KEYS[key]))
    elif key is Key.PHOTO:
        out.append(TakePhoto())
    elif key in (Key.UP, Key.DOWN):
        out.append(MoveStep(-1 if key is Key.UP else 1))
    return state, out


def _answer(
    state: DeskState, prompt: Prompt, key: Key, facts: DeskFacts, out: list[Output]
) -> DeskState | None:
    """A named key answering the question in the state bar; None when the key is not its."""
    ask = prompt.ask
    if key is Key.ESCAPE:
        if ask is Ask.WHAT_IS_CODE:
            banner = Banner(Note.IGNORED_ANSWER, (prompt.code,), problem=False)
            if prompt.keep:
                out.append(KeepDeskRule(prompt.code, ScanKind.IGNORE))
            return replace(state, prompt=None, banner=banner)
        return replace(state, prompt=None, banner=None)
    if ask is Ask.WHAT_IS_CODE:
        if key is Key.KEEP_RULE:
            return replace(state, prompt=replace(prompt, keep=not prompt.keep))
        if key in (Key.AS_ORDER, Key.AS_WAYBILL):
            kind = ScanKind.ORDER if key is Key.AS_ORDER else ScanKind.COURIER
            if prompt.keep:
                out.append(KeepDeskRule(prompt.code, kind))
            state = replace(state, prompt=None)
            start = kind is ScanKind.COURIER and state.config.auto_start
            return _take_number(state, prompt.code, kind, facts, out, start=start)
        return None
    if ask is Ask.DECIDE_OPEN_STEPS:
        if key is DECISION_KEY_OF[prompt.decision]:
            return _decide_now(replace(state, prompt=None), prompt.decision, out, confirmed=True)
        return None
    if ask is Ask.SAME_PARCEL_AGAIN and key is Key.START:
        return _start(replace(state, prompt=None), facts, out, again=True)
    return None


def _decide(state: DeskState, decision: Decision, out: list[Output]) -> Step:
    if not state.checking or state.checklist.steps == 0:
        return replace(state, banner=Banner(Note.NOTHING_TO_DECIDE)), out
    if state.checklist.open_identity:
        # Never a default: the same key again decides, anything else does not.
        return replace(state, prompt=Prompt(Ask.DECIDE_OPEN_STEPS, decision=decision)), out
    return _decide_now(state, decision, out, confirmed=False), out


def _decide_now(
    state: DeskState, decision: Decision, out: list[Output], confirmed: bool
) -> DeskState:
    recommended = state.checklist.recommended
    if recommended is not Decision.PENDING and recommended is not decision:
        prompt = Prompt(Ask.OVERRIDE_REASON, decision=decision, confirmed=confirmed)
        out.append(FocusField("reason"))
        return replace(state, prompt=prompt, typing_in="reason")
    return _decided(state, decision, "", confirmed, out)


def _decided(
    state: DeskState, decision: Decision, reason: str, confirmed: bool, out: list[Output]
) -> DeskState:
    out.append(RecordDecision(decision, reason, confirmed))
    if state.phase is Phase.RECORDING:
        out.append(StopRecording())  # the decision ends the unboxing
        return replace(state, phase=Phase.SAVING, decision=decision, prompt=None, banner=None)
    if state.phase is Phase.AWAITING_DECISION:
        # The form is clear and has the cursor: the next parcel's number may be typed at once.
        out += [FillParcel("", ""), FocusField("order")]
        return replace(state, phase=Phase.DECIDED, decision=decision, prompt=None, banner=None)
    return replace(state, decision=decision, prompt=None, banner=None)


# ----- typed entries ----------------------------------------------------------------------


def _typed(state: DeskState, entry: TypedEntry, facts: DeskFacts, out: list[Output]) -> Step:
    """Text typed and ended: Esc or Enter gives the keys back to the desk; never a scan."""
    text = entry.text.strip()
    state = replace(state, typing_in="")
    out.append(FocusField(""))
    prompt = state.prompt
    if entry.field == "reason" and prompt is not None and prompt.ask is Ask.OVERRIDE_REASON:
        if entry.ended != "enter":
            return replace(state, prompt=None), out
        if not text:
            # Nothing decided, and the operator told why (the decision key again asks again).
            args = (str(state.checklist.recommended), str(prompt.decision))
            return replace(state, prompt=None, banner=Banner(Note.REASON_NEEDED, args)), out
        return _decided(state, prompt.decision, text, prompt.confirmed, out), out
    if entry.field == "operator" and entry.ended == "enter":
        return _operator(state, text, facts, out, badge="")
    if entry.field in ("order", "courier") and entry.ended == "enter" and text:
        # A number typed by hand is routed as a scan is (after a decision too), but never
        # reported as one.
        scan = Scan(text, Source.HAND, entry.field)
        withdrew = state.prompt.ask if state.prompt is not None else None
        state = replace(state, prompt=None)
        route = facts.route(text)
        state, taken, reason = _route(state, Source.HAND, route, facts, out, entry.field)
        if reason is not None:
            state = replace(state, banner=reason)
        out.insert(0, ScanTaken(scan.code, Source.HAND, route, taken, reason, withdrew))
        return state, out
    return state, out


def _form(state: DeskState, form: FormFilled, out: list[Output]) -> Step:
    """Numbers typed into the form become the parcel on it (typed: never a scan, never routed)."""
    if state.busy or state.phase is Phase.AWAITING_DECISION or state.prompt is not None:
        return state, out
    parcel = Parcel(normalize_code(form.order), normalize_code(form.courier))
    if not parcel.number or (state.phase is Phase.PARCEL and state.parcel == parcel):
        return state, out
    if state.phase is Phase.PARCEL and state.parcel is not None and state.resume is not None:
        if not state.parcel.numbers() <= parcel.numbers():
            state = _fresh(state, out)  # another parcel: the one cut short waits in Browse
    elif state.phase is not Phase.IDLE:
        state = _fresh(state, out)
    out.append(FillParcel(parcel.order, parcel.courier))
    return replace(state, phase=Phase.PARCEL, parcel=parcel), out


# ----- operators, camera, the recording's end ---------------------------------------------


def _operator(state: DeskState, name: str, facts: DeskFacts, out: list[Output], badge: str) -> Step:
    if badge:
        holder = facts.badge_holder(badge)
        if holder is None:
            return replace(state, banner=Banner(Note.UNKNOWN_BADGE, (badge,))), out
        name = holder
    if not name:
        return state, out
    if name == state.operator:
        return replace(state, banner=Banner(Note.OPERATOR_SET, (name,), False)), out
    if state.busy:
        out.append(SetOperator(state.operator))  # the list shows who is still recording
        return replace(state, banner=Banner(Note.OPERATOR_WHILE_RECORDING)), out
    if facts.operator_status(name) is OperatorStatus.RETIRED:
        out.append(SetOperator(state.operator))
        return replace(state, banner=Banner(Note.RETIRED_OPERATOR, (name,))), out
    out.append(SetOperator(name))
    return replace(state, operator=name, banner=Banner(Note.OPERATOR_SET, (name,), False)), out


def _camera(state: DeskState, event: CameraEvent, out: list[Output]) -> Step:
    if event.kind is Camera.LOST:
        return replace(state, banner=Banner(Note.CAMERA_LOST)), out
    if event.kind is Camera.BACK:
        resume = str(state.resume) if state.resume is not None else ""
        return replace(state, banner=Banner(Note.CAMERA_BACK, (resume,), False)), out
    if state.phase is not Phase.RECORDING:
        return state, out
    # A packing that stops by itself still ends as packed: what the box lacks is said.
    out.append(EndPacking() if state.desk_mode is DeskMode.PACKING else StopRecording())
    # A still desk is the desk working as meant; a source that ended is a problem.
    still = event.kind is Camera.STILL
    banner = Banner(Note.STOPPED_BY_ITSELF, (event.kind.value, event.reason), problem=not still)
    return replace(state, phase=Phase.SAVING, banner=banner), out


def _saved(state: DeskState, event: RecordingSaved, out: list[Output]) -> Step:
    if state.phase is not Phase.SAVING:
        return state, out
    if event.failed:
        state = replace(state, banner=Banner(Note.SAVE_FAILED, (event.failed,)))
    if state.desk_mode is DeskMode.PACKING:
        # Packed: said on the bar until the next scan; the form is clear for it.
        out += [FillParcel("", ""), FocusField("order")]
        return replace(state, phase=Phase.PACKED, inspection=event.inspection), out
    if event.interrupted:
        # The same inspection continues in a second part when the camera is back (F5).
        return replace(state, phase=Phase.PARCEL, resume=event.inspection, inspection=None), out
    if state.decision is not Decision.PENDING:
        out += [FillParcel("", ""), FocusField("order")]
        return replace(state, phase=Phase.DECIDED), out
    if state.checklist.steps and not event.failed:
        return replace(state, phase=Phase.AWAITING_DECISION, inspection=event.inspection), out
    out += [NextParcel(), FillParcel("", ""), FocusField("order")]
    idle = replace(state, phase=Phase.IDLE, parcel=None, inspection=None, checklist=Checklist())
    return idle, out


class DeskMachine:
    """The machine with its state kept: `feed` an input, get the outputs to carry out."""

    def __init__(self, facts: DeskFacts, state: DeskState | None = None) -> None:
        self.facts = facts
        self.state = state or DeskState()

    def feed(self, event: Input) -> list[Output]:
        self.state, out = step(self.state, event, self.facts)
        return out
