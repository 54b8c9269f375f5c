"""The guided checklist's behaviour: look up the order, walk the steps from the keyboard, decide."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QListWidgetItem

from inspector.capture.overlay import format_elapsed
from inspector.core.errors import InspectorError
from inspector.core.models import Decision
from inspector.i18n.catalogue import decision_button_text, platform_text, value_text
from inspector.i18n.language import resolve_language
from inspector.i18n.vocabulary import answer_words
from inspector.services.context import AppContext
from inspector.services.desk_machine import Checklist as GuardFacts
from inspector.services.guided import (
    CodeLookup,
    DecisionDetail,
    StepView,
    answer_step,
    build_checklist_for,
    checklist,
    decide,
    look_up_code,
    next_step,
    recommend,
    step_caption,
)
from inspector.ui.checklist_view import RECOMMEND_STYLES, ChecklistView

log = logging.getLogger(__name__)


MAX_REASONS_SHOWN = 3


def _shorten(text: str, limit: int = 140) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ChecklistController(QObject):
    """Guides one inspection at a time: its order, steps, answers (with bookmarks) and decision."""

    looked_up = Signal(object)  # CodeLookup
    caption_changed = Signal(str)  # the step text for the recorded overlay
    step_sku = Signal(str)  # the SKU the current step is about ("" for the parcel's own steps)
    decided = Signal(object)  # DecisionDetail
    key_pressed = Signal(str)  # a button pressed: the desk key it stands for ("P", "S", …)

    def __init__(
        self,
        ctx: AppContext,
        frame: Callable[[], np.ndarray | None],
        video_offset: Callable[[], float | None],
        operator: Callable[[], str],
        view: ChecklistView | None = None,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.view = view or ChecklistView()
        self._frame = frame
        self._video_offset = video_offset
        self._operator = operator
        self.inspection_id: int | None = None
        self.steps: list[StepView] = []
        self.current: StepView | None = None
        self.pending_photo: np.ndarray | None = None
        v = self.view
        # A button is its desk key (the station's machine decides what a key does).
        for button, key in (
            (v.pass_button, "P"),
            (v.fail_button, "F"),
            (v.na_button, "N"),
            (v.photo_button, "C"),
            (v.sign_button, "S"),
            (v.reject_button, "R"),
            (v.dispute_button, "D"),
        ):
            button.clicked.connect(lambda _c=False, k=key: self.key_pressed.emit(k))
        v.steps_list.currentRowChanged.connect(self._row_chosen)
        # The keys (P/F/N/C, S/R/D, ↑/↓) are the station's (inspector/ui/desk_keys.py): they
        # must work wherever the focus is in the window, which a widget's shortcut cannot promise.
        self.lookup: CodeLookup | None = None  # the order shown for the parcel in hand
        self.clear()

    @property
    def active(self) -> bool:
        return self.inspection_id is not None

    def answering(self) -> bool:
        """True while there is an inspection to answer and decide (the desk's keys act)."""
        return self.inspection_id is not None and self.view.sign_button.isEnabled()

    def facts(self) -> GuardFacts:
        """What the desk machine needs to guard a decision: steps, open ones, the recommendation."""
        if self.inspection_id is None:
            return GuardFacts()
        rec = recommend(self.ctx, self.inspection_id)
        return GuardFacts(
            len(self.steps),
            # A difference from a filmed packing settles identity: no question about open steps.
            0 if rec.decisive else len(rec.unanswered_identity),
            len(rec.unanswered),
            Decision(str(rec.outcome)),
        )

    # ----- order --------------------------------------------------------------------------

    def look_up(self, code: str, waybill: bool = False) -> CodeLookup | None:
        """Show what was shipped in the order an order number or waybill names, with warnings.

        `waybill` says the code was scanned as a waybill, so an unknown one is called that.
        """
        self.lookup = None
        if not code.strip():
            return None
        try:
            lookup = look_up_code(self.ctx, code)
        except InspectorError as exc:
            self.view.shipped_list.clear()
            self.view.order_label.setText(html.escape(str(exc)))
            return None
        self.lookup = lookup
        self._show_order(lookup, waybill)
        self.looked_up.emit(lookup)
        return lookup

    def _show_order(self, lookup: CodeLookup, waybill: bool = False) -> None:
        v = self.view
        v.shipped_list.clear()
        warning = ""
        if lookup.order is None and waybill:
            v.order_label.setText(
                html.escape(self.tr("Waybill %1").replace("%1", lookup.order_number))
            )
            warning = self.tr(
                "Waybill %1 matches no imported order, so the products cannot be checked: "
                "only the general steps are asked. If you know the order number, type it in "
                "the Order field before starting; otherwise import the shop's orders "
                "(Catalog → Import orders CSV…)."
            ).replace("%1", lookup.order_number)
        elif lookup.order is None:
            v.order_label.setText(
                html.escape(self.tr("Order %1").replace("%1", lookup.order_number))
            )
            warning = self.tr(
                "%1 is not an order in the database: it can still be inspected, with the "
                "general steps only. Import the shop's orders to check products."
            ).replace("%1", lookup.order_number)
        else:
            o = lookup.order
            shipped = (
                self.tr(" · shipped %1").replace("%1", f"{o.ship_date:%Y-%m-%d}")
                if o.ship_date
                else ""
            )
            v.order_label.setText(
                self.tr("<b>Order %1</b> · %2 · buyer %3")
                .replace("%1", html.escape(o.order_number))
                .replace("%2", html.escape(platform_text(o.platform)))
                .replace("%3", html.escape(o.buyer or "?"))
                + shipped
            )
            for line in o.lines:
                serials = ", ".join(line.serials[:3]) + ("…" if len(line.serials) > 3 else "")
                item = QListWidgetItem(
                    f"{line.quantity}× {line.name}\n{line.sku}"
                    + (f" · {serials}" if serials else "")
                )
                if line.photos and Path(line.photos[0]).exists():
                    item.setIcon(QIcon(QPixmap(line.photos[0])))
                v.shipped_list.addItem(item)
            if lookup.past_rejections:
                listed = ", ".join(
                    f"#{r.inspection_id} ({r.order_number}, {value_text(r.decision)})"
                    for r in lookup.past_rejections[:5]
                )
                warning = (
                    self.tr(
                        "Warning: buyer %1 already has %n rejected return(s): %2. "
                        "Film with extra care.",
                        "",
                        len(lookup.past_rejections),
                    )
                    .replace("%1", o.buyer or "?")
                    .replace("%2", listed)
                )
        v.fit_shipped_list()
        v.shipped_list.setVisible(v.shipped_list.count() > 0)
        v.warning_label.setText(warning)
        v.warning_label.setVisible(bool(warning))
        v.setVisible(True)

    # ----- steps --------------------------------------------------------------------------

    def begin(self, inspection_id: int) -> None:
        """Build the inspection's checklist and go to its first step."""
        self.inspection_id = inspection_id
        self.pending_photo = None
        self.steps = build_checklist_for(self.ctx, inspection_id)
        self._refresh(go_next=True)
        self._set_enabled(True)

    def clear(self) -> None:
        """No inspection: nothing to answer or decide."""
        self.inspection_id = None
        self.lookup = None
        self.steps = []
        self.current = None
        self.pending_photo = None
        v = self.view
        v.order_label.clear()
        v.shipped_list.clear()
        v.warning_label.clear()
        v.warning_label.hide()
        v.steps_list.clear()
        v.step_title.setText(self.tr("Scan the order number to see what was shipped."))
        v.step_detail.clear()
        v.photo_label.clear()
        v.recommend_label.clear()
        v.recommend_label.setStyleSheet(RECOMMEND_STYLES["pending"])
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        v = self.view
        for w in (
            v.pass_button,
            v.fail_button,
            v.na_button,
            v.photo_button,
            v.sign_button,
            v.reject_button,
            v.dispute_button,
            v.value_edit,
            v.note_edit,
        ):
            w.setEnabled(on)

    def _refresh(self, go_next: bool = False) -> None:
        if self.inspection_id is None:
            return
        v = self.view
        keep = self.current.key if self.current and not go_next else None
        v.steps_list.blockSignals(True)
        v.steps_list.clear()
        for step in self.steps:
            mark = answer_words(step.result).mark
            at = (
                f"   @ {format_elapsed(step.video_offset_s)}"
                if step.video_offset_s is not None
                else ""
            )
            text = f"{mark} {step.seq}. {step.title}{at}"
            if step.value_problem:
                text += f"\n    ⚠ {step.value_problem}"
            v.steps_list.addItem(QListWidgetItem(text))
        v.steps_list.blockSignals(False)
        target = (
            next((s for s in self.steps if s.key == keep), None) if keep else next_step(self.steps)
        )
        self._select(target)
        self._show_recommendation()

    def _select(self, step: StepView | None) -> None:
        v = self.view
        self.current = step
        if step is None:
            v.step_title.setText(
                self.tr("All steps answered — decide: S sign, R reject, D dispute.")
            )
            v.step_detail.clear()
            v.steps_list.clearSelection()
        else:
            v.steps_list.blockSignals(True)
            v.steps_list.setCurrentRow(self.steps.index(step))
            v.steps_list.blockSignals(False)
            v.step_title.setText(f"{step.seq}/{len(self.steps)}  {step.title}")
            v.step_detail.setText(step.detail)
        v.value_edit.clear()
        v.note_edit.clear()
        language = resolve_language(self.ctx.settings.language)
        self.caption_changed.emit(step_caption(step, self.steps, language))
        self.step_sku.emit(step.sku if step is not None else "")

    def _row_chosen(self, row: int) -> None:
        if 0 <= row < len(self.steps):
            self._select(self.steps[row])

    def move(self, delta: int) -> None:
        """Go to the previous or next step (to correct an answer)."""
        if not self.steps:
            return
        index = self.steps.index(self.current) if self.current in self.steps else len(self.steps)
        self._select(self.steps[max(0, min(len(self.steps) - 1, index + delta))])

    def take_photo(self) -> None:
        """Hold the live frame; it goes with the next answer."""
        frame = self._frame()
        if frame is None:
            self.view.photo_label.setText(self.tr("No camera picture to take."))
            return
        self.pending_photo = frame.copy()
        self.view.photo_label.setText(self.tr("Photo taken — it is saved with the next answer."))

    def answer(self, result: str) -> StepView | None:
        """Answer the current step, bookmarked at the current place in the video."""
        if self.inspection_id is None or self.current is None:
            return None
        v = self.view
        try:
            answered = answer_step(
                self.ctx,
                self.inspection_id,
                self.current.key,
                result,
                note=v.note_edit.text(),
                value=v.value_edit.text(),
                frame=self.pending_photo,
                video_offset_s=self._video_offset(),
                actor=self._operator(),
            )
        except InspectorError as exc:
            v.photo_label.setText(str(exc))
            return None
        self.pending_photo = None
        v.photo_label.clear()
        self.steps = checklist(self.ctx, self.inspection_id)
        self._refresh(go_next=True)
        return answered

    def _show_recommendation(self) -> None:
        if self.inspection_id is None:
            return
        rec = recommend(self.ctx, self.inspection_id)
        outcome = str(rec.outcome)
        lines = [
            "<b>" + self.tr("Recommended: %1").replace("%1", decision_button_text(outcome)) + "</b>"
        ]
        if rec.outcome == Decision.PENDING and rec.unanswered_identity:
            # The open steps are ticked off in the list beside; here only how many remain.
            lines.append(
                self.tr("Answer the identity steps first: %1 open.").replace(
                    "%1", str(len(rec.unanswered_identity))
                )
            )
        else:
            # Kept short so the answer buttons above never get squeezed; the full reasons
            # are stored with the decision and printed in the report.
            reasons = [*rec.reasons, *rec.notes]
            lines += [f"• {html.escape(_shorten(r))}" for r in reasons[:MAX_REASONS_SHOWN]]
            if len(reasons) > MAX_REASONS_SHOWN:
                lines.append(
                    self.tr("… and %1 more").replace("%1", str(len(reasons) - MAX_REASONS_SHOWN))
                )
        if rec.unanswered:
            lines.append(
                self.tr("%1 step(s) not answered yet.").replace("%1", str(len(rec.unanswered)))
            )
        v = self.view
        v.recommend_label.setText("<br>".join(lines))
        v.recommend_label.setStyleSheet(RECOMMEND_STYLES.get(outcome, RECOMMEND_STYLES["pending"]))
        for button, name in (
            (v.sign_button, "sign"),
            (v.reject_button, "reject"),
            (v.dispute_button, "dispute"),
        ):
            font = button.font()
            font.setUnderline(name == outcome)
            button.setFont(font)

    # ----- decision -----------------------------------------------------------------------

    def decide(
        self, outcome: Decision, reason: str = "", confirmed: bool = False
    ) -> DecisionDetail | None:
        """Store the decision the desk machine asked for (its questions are already answered)."""
        if self.inspection_id is None:
            return None
        try:
            detail = decide(
                self.ctx, self.inspection_id, outcome, reason, self._operator(), confirmed
            )
        except InspectorError as exc:
            self.view.photo_label.setText(str(exc))
            raise
        self.view.recommend_label.setText(
            "<b>"
            + self.tr("Decided: %1").replace("%1", decision_button_text(detail.decision))
            + "</b>"
            + (
                self.tr(" (recommended %1)").replace(
                    "%1", decision_button_text(detail.recommended_decision, "")
                )
                if detail.override_reason
                else ""
            )
        )
        self._set_enabled(False)
        self.decided.emit(detail)
        return detail
