"""The evidence report in the desk's language, or the one an appeal asks for.

A Chinese desk's bundle must read in Chinese from the first heading to the timeline, in
report.pdf and index.html alike; the same inspection exported for an English-reading
platform must read in English. The check is strict: after taking out the values a person
typed or the machine produced (numbers, hashes, file names), no English word may remain.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser

import pytest

from inspector.services.evidence import export_bundle, report_language, run_with_progress
from inspector.services.guided import answer_step, decide
from tests.helpers import pdf_text, run_cli

# Words that stay as they are in every language: file and format names, the command to run.
_KEPT = {
    "SHA",
    "manifest",
    "json",
    "inspector",
    "verify",
    "zip",
    "sha256",
    "mp4",
    "jpg",
    "video",
    "fps",
}


class _Text(HTMLParser):
    """The words a browser shows: text outside <script> and <style>, and img alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _english_words(text: str, values: list[str]) -> list[str]:
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, " ")
    # Hashes, grouped or whole; pypdf may also break a shortened one where Qt set a digit
    # and a letter apart ("50 a1776f0ebdda3b…"), so hex runs split by one space are joined first.
    text = re.sub(r"(?<=[0-9a-f]) (?=[0-9a-f])", "", text)
    text = re.sub(r"[0-9a-f]{16,}", " ", text)
    words = re.findall(r"[A-Za-z]{3,}", text)
    return sorted({w for w in words if w not in _KEPT})


@pytest.fixture
def chinese_inspection(ctx, record_inspection):
    """A desk set to Chinese records, answers its checklist and rejects a parcel."""
    ctx.settings.set("language", "zh_CN")
    ctx.settings.set("station_name", "一号台")
    summary = record_inspection("TB-7007", "SF7007", seconds=2)
    answer_step(ctx, summary.id, "seal", "pass", video_offset_s=0.5, actor="王伟")
    answer_step(
        ctx, summary.id, "item.ours", "fail", note="标志印歪了", video_offset_s=1.2, actor="王伟"
    )
    decide(ctx, summary.id, "reject", reason="假货，拒收", actor="王伟", confirm_unanswered=True)
    return summary


def _read_bundle(path):
    with zipfile.ZipFile(path) as zf:
        info = json.loads(zf.read("inspection.json"))
        page = zf.read("index.html").decode("utf-8")
        _pages, text_of_pdf = pdf_text(zf.read("report.pdf"))
    parser = _Text()
    parser.feed(page)
    return info, page, " ".join(parser.parts), text_of_pdf


def _values(info: dict) -> list[str]:
    """What the report quotes rather than says: numbers, names, paths, times, the version."""
    i = info["inspection"]
    values = [i["uid"], i["order_number"], i["courier_number"], "Li Na", "Desk 1"]
    values += [info["video"]["path"], "inspector " + info["generated_by"].split()[-1]]
    values += [f["path"] for f in info["key_frames"]]
    values += [e["detail"] for e in info["timeline"] if e["detail"]]  # checked on their own
    return [v for v in values if v]


def test_a_chinese_desk_gets_a_chinese_report_throughout(ctx, chinese_inspection, tmp_path):
    steps = []
    result = run_with_progress(
        export_bundle(ctx, chinese_inspection.id, tmp_path / "out"), steps.append
    )
    info, page, page_text, pdf_text = _read_bundle(result.path)

    # The operator watching the progress bar reads Chinese too.
    assert any(s.message.startswith("正在复制 video/") for s in steps), steps
    assert steps[-1].message.startswith("证据包已写入")
    assert info["language"] == "zh_CN"
    assert '<html lang="zh-CN">' in page
    assert "退货验货证据" in page_text and "退货验货证据" in pdf_text
    assert "拒收" in page_text and "拒收" in pdf_text  # the decision, in words
    assert "时间轴" in page_text and "完整性" in pdf_text
    # The checklist's steps, their answers and the timeline are the desk's words too.
    answers = {s["result"]: s["answer"] for s in info["checklist"]}
    assert answers["fail"] == "不通过" and answers["pass"] == "通过"
    labels = [e["label"] for e in info["timeline"]]
    assert "开始录像" in labels and "已决定" in labels, labels
    assert any("帧" in e["detail"] for e in info["timeline"]), info["timeline"]
    # Nothing English is left beyond the quoted values and file names.
    values = _values(info)
    assert _english_words(page_text, values) == [], page_text
    assert _english_words(pdf_text, values) == [], pdf_text
    details = " ".join(e["detail"] for e in info["timeline"])
    assert (
        _english_words(
            details, _values({**info, "timeline": []}) + ["Demo", "desk", "scene", "fps"]
        )
        == []
    )
    # The override reason is printed once, beside the decision (it was also in the timeline).
    assert info["inspection"]["override_reason"] == "假货，拒收"
    assert not any("假货" in e["detail"] for e in info["timeline"]), info["timeline"]
    # (pypdf reads Qt's bold Chinese twice, "理由 理由": one bold run counts once.)
    pdf_once = re.sub(r"(假货，拒收) \1", r"\1", pdf_text.replace("假货,拒收", "假货，拒收"))
    for text in (page_text, pdf_once):
        assert text.count("假货，拒收") == 1, text
    # The player's own messages, shown by its script, are Chinese as well.
    words = json.loads(re.search(r'id="report-words">(.*?)</script>', page).group(1))
    assert "视频已就绪" in words["ready"]


def test_the_same_inspection_exported_in_english_for_an_appeal(ctx, chinese_inspection, tmp_path):
    # The desk works in Chinese; the platform reads English: the export asks for it.
    result = run_with_progress(
        export_bundle(ctx, chinese_inspection.id, tmp_path / "out", language="en")
    )
    info, page, page_text, pdf_text = _read_bundle(result.path)
    assert info["language"] == "en" and '<html lang="en">' in page
    for text in (page_text, pdf_text):
        assert "Return inspection evidence" in text and "REJECT" in text
        assert "Timeline" in text and "Integrity" in text
    assert {s["answer"] for s in info["checklist"]} >= {"FAIL", "pass"}
    assert "Recording started" in [e["label"] for e in info["timeline"]]
    # English throughout: the step titles, the reasons for the decision and the timeline,
    # which the desk stored in Chinese, are told again in English; only what a person typed
    # (a note, the override reason, a name) stays as typed.
    assert (
        info["checklist"][0]["title"] == "Outer package sealed and intact on camera before opening"
    )
    assert any(r.startswith("Not our item: ") for r in info["inspection"]["decision_reasons"])
    details = [e["detail"] for e in info["timeline"]]
    assert any(d.startswith("Recording started from Demo desk scene") for d in details), details
    assert "60 frames, 0 dropped, 2.0 s" in details or any(
        "frames, 0 dropped" in d for d in details
    )
    typed = ["标志印歪了", "王伟", "假货，拒收", "假货,拒收"]
    for text in (page_text, pdf_text, json.dumps(info, ensure_ascii=False)):
        stripped = text
        for value in typed:
            stripped = stripped.replace(value, "")
        assert not re.search(r"[\u3000-\u9fff\uff00-\uffef]", stripped), stripped
        # One word for each decision, as the desk's banner says it.
        assert "DISPUTE" not in stripped.replace("SIGNED UNDER DISPUTE", "")


def test_the_report_language_setting_and_its_default(ctx):
    ctx.settings.set("language", "zh_CN")
    assert report_language(ctx.settings) == "zh_CN"  # follows the desk
    ctx.settings.set("report_language", "en")
    assert report_language(ctx.settings) == "en"
    assert report_language(ctx.settings, "zh_CN") == "zh_CN"  # the export's own choice wins


def test_cli_export_takes_the_language(data_dir, record_inspection, ctx, tmp_path):
    summary = record_inspection("TB-7008", "SF7008", seconds=1)
    out = tmp_path / "bundle.zip"
    done = run_cli(
        "export",
        str(summary.id),
        "--out",
        str(out),
        "--language",
        "zh_CN",
        "--json",
        data_dir=data_dir,
    )
    assert done.returncode == 0, done.stderr
    info, page, page_text, pdf_text = _read_bundle(out)
    assert info["language"] == "zh_CN"
    assert "退货验货证据" in pdf_text and "检查清单" in page_text
    wrong = run_cli(
        "export", str(summary.id), "--out", str(out), "--language", "fr", data_dir=data_dir
    )
    assert wrong.returncode != 0 and "zh_CN" in wrong.stderr
