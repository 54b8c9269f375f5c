"""report.pdf pages: a row is never split across pages, so a key frame stays with its step.

A 19-step checklist, each step with a key frame, is rendered and read back page by page
with pypdf: every step's title and its key frame are on the same page.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import cv2
import numpy as np
import pypdf
import pytest

from inspector.core.evidence import ReportData, ReportStep, TimelineEntry
from inspector.evidence.report_pdf import render_report_pdf

STEPS = 19


def _frame_jpeg(n: int) -> bytes:
    image = np.full((180, 320, 3), 40 + n * 9, np.uint8)
    cv2.putText(image, f"step {n}", (20, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (255, 255, 255), 3)
    return cv2.imencode(".jpg", image)[1].tobytes()


def _report(language: str = "en") -> tuple[ReportData, dict[str, bytes]]:
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    images: dict[str, bytes] = {}
    steps = []
    for n in range(1, STEPS + 1):
        path = f"frames/step-{n:02d}.jpg"
        images[path] = _frame_jpeg(n)
        # Titles of varied length, so rows differ in height and land anywhere on a page.
        title = f"Check{n:02d} " + "the seal, the tape and every seam " * (1 + n % 4)
        steps.append(
            ReportStep(
                n,
                title.strip(),
                "pass" if n % 5 else "FAIL",
                offset_s=n * 3.5,
                note="corner dented" if n % 5 == 0 else "",
                key_frame=path,
                result="pass" if n % 5 else "fail",
            )
        )
    data = ReportData(
        inspection_id=7,
        uid="0123456789abcdef0123456789abcdef",
        order_number="TB-1919",
        courier_number="SF1919191919",
        station="Desk 1",
        operator="Li Na",
        status="completed",
        decision="dispute",
        started_at=now,
        ended_at=now,
        duration_s=70.0,
        frame_count=2100,
        dropped_frames=0,
        width=1280,
        height=720,
        video_path="video/x.mp4",
        video_sha256="a" * 64,
        video_size=12345678,
        record_hash="b" * 64,
        prev_record_hash="c" * 64,
        generated_at=now,
        app_version="test",
        steps=steps,
        timeline=[TimelineEntry(now, "Recording started", "")],
        language=language,
        decision_reasons=["Amazon: sign under dispute to keep the claim (FBA rule)"],
    )
    return data, images


def _pages(pdf: bytes) -> list[tuple[str, int]]:
    """Each page's text (whitespace folded) and how many pictures it draws."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (re.sub(r"\s+", " ", page.extract_text() or ""), len(page.images)) for page in reader.pages
    ]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_every_step_and_its_key_frame_share_a_page(qapp, tmp_path, language):
    data, images = _report(language)
    out = tmp_path / "report.pdf"
    render_report_pdf(data, images, out)
    pages = _pages(out.read_bytes())
    assert len(pages) >= 3, "19 steps with pictures take several pages"
    seen = []
    for text, pictures in pages:
        titles = re.findall(r"\b(\d{1,2})\. Check(\d\d)", text)
        seen += [int(n) for n, _ in titles]
        # The only pictures in this report are the steps' key frames: a page shows exactly
        # as many as the steps that begin on it, so no key frame went on without its step.
        assert pictures == len(titles), (titles, pictures, text[:300])
    assert seen == list(range(1, STEPS + 1))


def test_page_numbers_say_which_of_how_many(qapp, tmp_path):
    data, images = _report()
    out = tmp_path / "report.pdf"
    render_report_pdf(data, images, out)
    pages = _pages(out.read_bytes())
    for n, (text, _) in enumerate(pages, start=1):
        assert f"{n} / {len(pages)}" in text


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_decision_and_its_reasons_are_on_the_first_page(qapp, tmp_path, language):
    """Issue 19: the PDF put the decision on page 2 and its reasons on page 3."""
    from dataclasses import replace

    data, images = _report(language)
    data = replace(data, demo=True)
    out = tmp_path / "report.pdf"
    render_report_pdf(data, images, out)
    first = _pages(out.read_bytes())[0][0]
    assert "sign under dispute to keep the claim" in first
    mark = "NOT EVIDENCE" if language == "en" else "不是证据"
    assert mark in first, "a demo camera's report says so on its first page"
