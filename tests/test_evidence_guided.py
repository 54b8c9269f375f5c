"""Evidence for a guided inspection: answers with their times, photos, the decision and its deadline."""

from __future__ import annotations

import json
import zipfile
from datetime import timedelta

import cv2
import numpy as np
import pytest
from sqlmodel import select

from inspector.core.chain import verify_chain
from inspector.core.models import Inspection, InspectionEvent
from inspector.services.evidence import appeal_for, appeals_due, export_bundle, run_with_progress
from inspector.services.guided import answer_step, decide
from tests.helpers import pdf_text


def _guided_inspection(ctx, record_inspection, tmp_path):
    summary = record_inspection("TB-5005", "SF5005", seconds=2)
    photo = tmp_path / "label.jpg"
    image = np.full((120, 160, 3), 200, np.uint8)
    cv2.putText(image, "FAKE", (20, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 255), 2)
    cv2.imwrite(str(photo), image)
    answer_step(ctx, summary.id, "seal", "pass", video_offset_s=0.5, actor="Li Na")
    answer_step(ctx, summary.id, "waybill", "pass", video_offset_s=1.0, actor="Li Na")
    answer_step(
        ctx,
        summary.id,
        "item.ours",
        "fail",
        note="logo printed crooked, no hidden mark",
        photo_file=photo,
        video_offset_s=1.5,
        actor="Li Na",
    )
    decide(
        ctx,
        summary.id,
        "reject",
        reason="not our product: refuse it",
        actor="Li Na",
        confirm_unanswered=True,
    )
    return summary


def test_answers_and_decision_reseal_the_record_and_reach_the_bundle(
    ctx, record_inspection, tmp_path
):
    summary = _guided_inspection(ctx, record_inspection, tmp_path)
    with ctx.db.session() as s:
        # Answering after recording and deciding are legitimate changes: resealed, logged.
        assert verify_chain(s, ctx.storage.root).ok
        kinds = [e.kind for e in s.exec(select(InspectionEvent))]
        assert kinds.count("resealed") >= 2

    result = run_with_progress(export_bundle(ctx, summary.id, tmp_path / "out"))
    with zipfile.ZipFile(result.path) as zf:
        names = zf.namelist()
        info = json.loads(zf.read("inspection.json"))
        html = zf.read("index.html").decode()
        (tmp_path / "report.pdf").write_bytes(zf.read("report.pdf"))
    assert any(n.startswith("photos/step-") for n in names), names
    steps = {s["title"].split()[0]: s for s in info["checklist"]}
    assert info["inspection"]["decision"] == "reject"
    assert info["inspection"]["decision_reasons"], "the rules' reasons are carried"
    failed = next(s for s in info["checklist"] if s["answer"] == "FAIL")
    assert failed["offset_s"] == 1.5 and failed["key_frame"].startswith("frames/")
    assert "logo printed crooked" in failed["note"]
    assert steps["Outer"]["offset_s"] == 0.5
    # The viewer: each answered step is a mark that jumps the video to its time.
    for t in ("0.50", "1.00", "1.50"):
        assert f'href="#t={t}" data-t="{t}"' in html
    _pages, text = pdf_text(tmp_path / "report.pdf")
    for expected in (
        "Decision: REJECT",
        "FAIL",
        "logo printed crooked",
        "0:01.5",
        "0:00.5",
        "by Li Na",
    ):
        assert expected in text, expected


def test_appeals_due_sorts_by_deadline_and_marks_exported(ctx, record_inspection, tmp_path):
    first = _guided_inspection(ctx, record_inspection, tmp_path)
    second = record_inspection("TB-6006", "SF6006", seconds=1)
    decide(
        ctx,
        second.id,
        "dispute",
        reason="buyer says item missing",
        actor="Li Na",
        confirm_unanswered=True,
    )
    # The second parcel arrived three days earlier, so its claim window closes first.
    with ctx.db.session() as s:
        row = s.get(Inspection, second.id)
        row.arrived_at = row.started_at - timedelta(days=3)
        s.add(row)
    run_with_progress(export_bundle(ctx, first.id, tmp_path / "out"))
    due = appeals_due(ctx)
    assert [d.inspection_id for d in due] == [second.id, first.id]
    assert [d.exported for d in due] == [False, True]
    # No order in the database: the general policy's window (7 days) applies.
    assert due[1].days_left == 7 and due[0].days_left == 4
    assert due[0].deadline - due[0].arrived_at == timedelta(days=7)
    assert appeal_for(ctx, second.id).days_left == 4
    undecided = record_inspection("TB-7007", "SF7007", seconds=1)
    assert appeal_for(ctx, undecided.id) is None


def test_the_default_clip_runs_from_the_first_answered_step(ctx, record_inspection, tmp_path):
    from inspector.services.evidence import export_clip

    summary = _guided_inspection(ctx, record_inspection, tmp_path)
    clip = run_with_progress(export_clip(ctx, summary.id, tmp_path / "clip.mp4"))
    # The first step was answered 0.5 s in; decided after stopping, so it runs to the end.
    assert clip.start_s == 0.5
    assert clip.end_s == pytest.approx(summary.duration_s, abs=0.05)
