"""The station's words: what the state bar, its questions and its notes say for a desk state.

Words only: what happens is the desk machine's (services/desk_machine.py), which parts
show is services/desk_screen.py; the controller (station.py) puts these on the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from inspector.capture.overlay import format_elapsed
from inspector.i18n.catalogue import decision_button_text, decision_headline, rule_name_text
from inspector.services.context import AppContext
from inspector.services.desk_machine import (
    Ask,
    Banner,
    Camera,
    DeskMode,
    DeskState,
    Note,
    Phase,
    Prompt,
)
from inspector.services.guided import DecisionDetail
from inspector.services.recording import ActiveInspection


class StationWords(QObject):
    """The state bar's words for a desk state, in the windows' language."""

    def __init__(
        self,
        ctx: AppContext,
        earlier_text: Callable[[str, str], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._earlier_text = earlier_text  # "recorded twice before: …" for a parcel again

    def bar(
        self,
        state: DeskState,
        active: ActiveInspection | None,
        decision: DecisionDetail | None,
        note: str,
    ) -> tuple[str, str, str]:
        """(the bar's headline, its detail line, the parcel's numbers) for `state`.

        active: the recording under way; decision: the one on the bar until the next parcel;
        note: what the bar says when idle (the last recording saved).
        """
        prompt = state.prompt
        parcel = state.parcel
        numbers = self.numbers(parcel.courier, parcel.order) if parcel is not None else ""
        detail = ""
        if active is not None and state.phase in (Phase.RECORDING, Phase.SAVING):
            numbers = self.numbers(active.request.courier_number, active.request.order_number)
        elapsed = active.elapsed if active is not None else 0.0
        if prompt is not None:
            text = self.prompt_title(prompt.ask)
            detail = self.prompt_text(prompt, state, state.inspection)
        elif state.phase is Phase.SAVING:
            text = self.tr("Saving the video…")
        elif state.phase is Phase.RECORDING and state.desk_mode is DeskMode.PACKING:
            text = (
                self.tr("● PACKING  %1 — %2 item(s); F8 when packed")
                .replace("%1", format_elapsed(elapsed))
                .replace("%2", str(state.packed_items))
            )
        elif state.phase is Phase.RECORDING:
            text = self.tr("● RECORDING  %1").replace("%1", format_elapsed(elapsed))
        elif state.phase is Phase.PACKED:
            text = self.tr("PACKED — %1 item(s)").replace("%1", str(state.packed_items))
        elif state.phase is Phase.DECIDED and decision is not None:
            text = decision_headline(decision.decision)
            numbers = self.numbers(decision.summary.courier, decision.summary.order)
            detail = self.decision_detail(decision)
        elif state.phase is Phase.AWAITING_DECISION:
            text = self.tr("Decide: S sign · R reject · D dispute")
            detail = note
        elif state.phase is Phase.PARCEL:
            text = self.tr("Parcel on the form — F5 records it, Esc clears it")
            numbers = ""  # the form shows them, and takes what is missing
        else:
            text = note or self.tr("Ready — scan the waybill or the order number")
            numbers = ""
        return text, detail, numbers

    def prompt_title(self, ask: Ask) -> str:
        """A question's title on the state bar."""
        return {
            Ask.WHAT_IS_CODE: self.tr("? What is this code?"),
            Ask.DECIDE_OPEN_STEPS: self.tr("? Decide with steps open?"),
            Ask.OVERRIDE_REASON: self.tr("? Why not the recommendation?"),
            Ask.SAME_PARCEL_AGAIN: self.tr("? Same parcel again?"),
            Ask.QUIT_PENDING: self.tr("? Quit with a parcel in hand?"),
        }[ask]

    def prompt_text(self, prompt: Prompt, state: DeskState, inspection: int | None) -> str:
        """The question in a sentence, and the named keys that answer it (never Enter)."""
        if prompt.ask is Ask.WHAT_IS_CODE:
            text = self.tr("%1 is not an imported order, a product or a known waybill.").replace(
                "%1", prompt.code
            )
            if prompt.also:
                text += " " + self.tr(
                    "It is a valid product barcode and also looks like a %1 waybill."
                ).replace("%1", rule_name_text(prompt.also))
            keep = self.tr("on") if prompt.keep else self.tr("off")
            return (
                text
                + "\n"
                + self.tr(
                    "O order number · W waybill · K keep as a desk rule (%1) · Esc ignore. "
                    "A new scan withdraws the question."
                ).replace("%1", keep)
            )
        if prompt.ask is Ask.DECIDE_OPEN_STEPS:
            key = {"sign": "S", "reject": "R", "dispute": "D"}[str(prompt.decision)]
            return (
                self.tr("%1 identity step(s) not answered.").replace(
                    "%1", str(state.checklist.open_identity)
                )
                + "\n"
                + self.tr("Press %1 again to decide “%2” anyway · Esc goes back to the steps.")
                .replace("%1", key)
                .replace("%2", decision_button_text(str(prompt.decision)))
            )
        if prompt.ask is Ask.OVERRIDE_REASON:
            return (
                self.tr(
                    "The checklist recommends %1. Type why %2 in the field below, then Enter · "
                    "Esc goes back."
                )
                .replace("%1", decision_button_text(str(state.checklist.recommended)))
                .replace("%2", decision_button_text(str(prompt.decision)))
            )
        if prompt.ask is Ask.SAME_PARCEL_AGAIN:
            parcel = state.parcel
            earlier = self._earlier_text(parcel.order, parcel.courier) if parcel else ""
            return earlier + "\n" + self.tr("F5 records it again · Esc does not.")
        number = str(inspection or "")
        what = (
            self.tr("Inspection %1 is being recorded: quitting stops and saves the video.")
            if state.busy
            else self.tr("Inspection %1 is waiting for its decision.")
        ).replace("%1", number)
        return (
            what + "\n" + self.tr("Quit again (Ctrl+Q) to quit and leave it pending · Esc stays.")
        )

    def note(self, banner: Banner) -> str:  # noqa: C901 (one line a note)
        """The machine's last word to the operator, in the windows' language."""
        a = [*banner.args, "", ""]
        n = banner.note
        words = {
            Note.READY: self.tr("Ready — scan the waybill or the order number"),
            Note.SCAN_FIRST: self.tr(
                "Scan the waybill or the order number, or type it in the Order field "
                "(the cursor is there), then Enter."
            ),
            Note.NO_OPERATOR: self.tr(
                "Choose the operator first (the cursor is in the Operator field), or scan "
                "your badge."
            ),
            Note.RETIRED_OPERATOR: self.tr(
                "%1 no longer works at this desk (retired in Operators): choose another operator."
            ),
            Note.UNKNOWN_BADGE: self.tr("Badge %1 belongs to no operator. Add it under Operators."),
            Note.OPERATOR_SET: self.tr("Operator: %1"),
            Note.OPERATOR_WHILE_RECORDING: self.tr(
                "Stop the recording before changing the operator."
            ),
            Note.STILL_RECORDING: self.tr(
                "Still recording %1. Stop it first (F8), or scan it again to stop."
            ),
            Note.STILL_SAVING: self.tr(
                "The last video is still being saved: scan this parcel again in a moment."
            ),
            Note.NOT_RECORDING: self.tr("Nothing is being recorded."),
            Note.DECIDE_FIRST: self.tr(
                "Inspection %1 waits for its decision: S sign, R reject, D dispute — or scan "
                "the next parcel."
            ),
            Note.LEFT_PENDING: self.tr(
                "Inspection %1 was left without a decision; decide it later under Browse."
            ),
            Note.NOTHING_TO_DECIDE: self.tr("There is no checklist to decide yet."),
            Note.REASON_NEEDED: self.tr(
                "Nothing was decided: going against the recommendation (%1) needs a reason. "
                "Press the decision key again and type why."
            ),
            Note.PRODUCT_NOT_WAYBILL: self.tr(
                "%1 is a product barcode, not a waybill: nothing was started."
            ),
            Note.UNKNOWN_PRODUCT: self.tr(
                "%1 is a product barcode (%2) the catalog does not know: nothing was started."
            ),
            Note.IGNORED_BY_RULE: self.tr(
                "%1 is ignored by the desk rule %2: nothing was started."
            ),
            Note.NOT_ROUTED: self.tr("%1 could not be looked up (%2): nothing was started."),
            Note.UNKNOWN_CODE: self.tr(
                "%1 is no imported order, product or known waybill: nothing was started."
            ),
            Note.IGNORED_ANSWER: self.tr("%1 was ignored."),
            Note.WITHDRAWN: self.tr("The question was withdrawn."),
            Note.START_FAILED: "%1",  # the reason, already in the desk's words
            Note.SAVE_FAILED: self.tr("Saving the recording failed: %1"),
            Note.DECISION_FAILED: self.tr("The decision was not stored: %1"),
            Note.STOPPED_BY_ITSELF: self.tr("Recording stopped by itself: %1"),
            Note.CAMERA_LOST: self.tr("Camera lost."),
            Note.CAMERA_BACK: self.tr("The camera is back."),
            Note.NOT_CHECKED: self.tr("No checklist is open: scan a parcel first."),
            Note.NOT_TO_PACK: self.tr(
                "%1 is not an imported order: this desk packs orders. Scan the order's number "
                "or its outbound waybill."
            ),
            Note.SCAN_ITEM_FIRST: self.tr(
                "%1 was not kept: scan the item's barcode first, then its serial."
            ),
        }
        if n is Note.STOPPED_BY_ITSELF and a[0] == Camera.STILL:
            return self.tr("Stopped by itself after %1 s without motion on the desk.").replace(
                "%1", f"{self._ctx.settings.auto_stop_seconds:g}"
            )
        if n is Note.REASON_NEEDED:
            return words[n].replace("%1", decision_button_text(a[0]))
        if n is Note.IGNORED_BY_RULE:
            return words[n].replace("%1", a[0]).replace("%2", rule_name_text(a[1]))
        if n is Note.STOPPED_BY_ITSELF:
            return words[n].replace("%1", a[1])
        return words[n].replace("%1", a[0]).replace("%2", a[1])

    def numbers(self, courier: str, order: str) -> str:
        """A parcel's numbers on the bar: waybill and order, each once."""
        courier, order = courier.strip().upper(), order.strip().upper()
        if courier and order and courier != order:
            return self.tr("Waybill %1 · Order %2").replace("%1", courier).replace("%2", order)
        if courier:
            return self.tr("Waybill %1").replace("%1", courier)
        return self.tr("Order %1").replace("%1", order) if order else ""

    def decision_detail(self, d: DecisionDetail) -> str:
        """Why, in a line or two: the recommendation's reasons, and an override's own reason.

        Decided with identity steps open (their key pressed twice), the stored reasons are
        the ones for waiting ("Answer the identity steps first: …"); after the decision the
        bar says what was done instead.
        """
        parts = [r for r in d.decision_reasons if r][:3]
        open_identity = len(d.recommendation.unanswered_identity)
        if d.recommended_decision == "pending" and open_identity:
            parts = [
                self.tr("Decided with %1 identity step(s) not answered.").replace(
                    "%1", str(open_identity)
                )
            ]
        if d.override_reason:
            parts.append(
                self.tr("recommended %1; overridden because: %2")
                .replace("%1", decision_button_text(d.recommended_decision))
                .replace("%2", d.override_reason)
            )
        return " · ".join(parts)
