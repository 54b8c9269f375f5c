"""What the station window shows for a desk state: which parts, which are enabled, the bar's look.

The desk machine (desk_machine.py) decides what happens; this says how a state looks, so
the window only draws the value it gets (issue 19: the station files shrink to views).
Pure and Qt-free: its rules are checked on every state the machine's generated sequences
reach (tests/test_desk_machine.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from inspector.services.desk_machine import Ask, DeskMode, DeskState, Mode, Phase


@dataclass(frozen=True)
class Screen:
    """The station window's parts for one desk state."""

    look: str  # the state bar's colours (station_view.bar_style): idle, recording, asking…
    form: bool  # the parcel form (order, waybill) is shown: a number can be typed in
    checklist: bool  # the checklist panel is shown
    start_enabled: bool  # F5's button
    stop_enabled: bool  # F8's button
    fields_enabled: bool  # the form's fields and the operator
    reason_field: bool  # the override's reason is being asked: its field is shown
    desk_takes_keys: bool  # a question's keys are letters: the cursor leaves any text field


def screen(state: DeskState, order_known: bool = False, decided: str = "") -> Screen:
    """How the window shows `state`.

    order_known: the parcel on the form is an imported order (its checklist can be shown
    before recording); decided: the decision on the bar ("sign"…), "" while none is shown.
    """
    prompt = state.prompt
    if prompt is not None:
        look = "asking" if state.mode is Mode.ASKING else "confirming"
    elif state.phase is Phase.SAVING:
        look = str(Phase.SAVING)
    elif state.phase is Phase.RECORDING:
        look = "packing" if state.desk_mode is DeskMode.PACKING else str(Phase.RECORDING)
    elif state.phase is Phase.PACKED:
        look = "packed"
    elif state.phase is Phase.DECIDED and decided:
        look = decided
    else:
        look = "idle"
    recording = state.phase in (Phase.RECORDING, Phase.SAVING)
    asking_reason = prompt is not None and prompt.ask is Ask.OVERRIDE_REASON
    checklist = (
        state.phase in (Phase.RECORDING, Phase.SAVING, Phase.AWAITING_DECISION)
        or (state.phase is Phase.PARCEL and order_known)
    ) and state.desk_mode is not DeskMode.PACKING
    return Screen(
        look=look,
        form=state.phase in (Phase.IDLE, Phase.PARCEL, Phase.DECIDED),
        checklist=checklist,
        start_enabled=not recording,
        stop_enabled=state.phase is Phase.RECORDING,
        fields_enabled=not recording,
        reason_field=asking_reason,
        desk_takes_keys=prompt is not None and not asking_reason and bool(state.typing_in),
    )
