"""The evidence report's words in the report's own language, shared by report.pdf and index.html.

The report's language is chosen for the export (the desk's, or the one an appeal needs),
not taken from the windows: a bundle made from the CLI, or on a desk whose windows are
Chinese for an Amazon appeal, reads in the language asked for. Every label goes through
`translate("Report", …)` so lupdate collects it into the .ts files with the windows' words.

Facts both reports show (the parcel, the decision, integrity) are built here once as
(label, HTML value) rows; each renderer lays them out its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from html import escape
from pathlib import PurePosixPath

from inspector.core.evidence import ReportData, format_local, format_offset
from inspector.i18n import vocabulary
from inspector.i18n.catalogue import decision_headline_in, translate_to

Translate = Callable[[str, str], str]
Rows = list[tuple[str, str]]


def report_words(language: str) -> Translate:
    """translate(context, text) giving the report's words in `language` (English by default)."""
    return partial(translate_to, language)


def html_lang(language: str) -> str:
    """The report's language as an HTML lang attribute (zh_CN -> zh-CN)."""
    return (language or "en").replace("_", "-")


def e(text: object) -> str:
    return escape(str(text), quote=True)


def fill(template: str, *values: object) -> str:
    """Qt's %1, %2… placeholders filled, highest first so %1 never eats the start of %10."""
    for n in range(len(values), 0, -1):
        template = template.replace(f"%{n}", str(values[n - 1]))
    return template


def missing(translate: Translate) -> str:
    """What the report shows in place of a fact that was not recorded (grey italics)."""
    return '<i class="missing">' + e(translate("Report", "not recorded")) + "</i>"


def absent_line(translate: Translate, what: str) -> str:
    """A whole section that was not recorded, said so (escaped): "Checklist answers: not recorded."

    A reviewer must see what is absent, not guess; each report wraps it in its own style.
    """
    return e(fill(translate("Report", "%1: not recorded."), what))


def value_or_missing(translate: Translate, value: str) -> str:
    return e(value) if value else missing(translate)


def value_word(translate: Translate, value: str) -> str:
    """A stored status or decision ("sign", "completed") in the report's language."""
    return translate("Values", vocabulary.value_word(value)) if value else value


def decision_word(language: str, decision: str) -> str:
    """The decision in the words the desk's banner uses (SIGNED UNDER DISPUTE, not DISPUTE):
    one word for each decision, on the desk and in the evidence alike."""
    translate = report_words(language)
    if not decision:
        return translate("Report", "none")
    headline = decision_headline_in(language, decision)
    return headline or value_word(translate, decision).upper()


def hash_html(translate: Translate, value: str, grouped: bool) -> str:
    """A SHA-256 in monospace; `grouped` splits it in four runs of 16 for a page to wrap.

    The PDF cannot break inside a word, so it groups; the browser page keeps one copyable
    run and lets CSS wrap it. inspection.json and manifest.json always hold it whole.
    """
    if not value:
        return missing(translate)
    if grouped:
        value = " ".join(value[i : i + 16] for i in range(0, len(value), 16))
    return f'<span class="hash" style="font-family:monospace">{e(value)}</span>'


def when(translate: Translate, moment: datetime | None) -> str:
    return e(format_local(moment)) if moment is not None else missing(translate)


def parcel_rows(data: ReportData, translate: Translate) -> Rows:
    """The parcel and the recording: what, where, who, when and how long."""
    waybill = (
        e(
            fill(
                translate("Report", "barcode legible at %1 in the video (read as %2)"),
                format_offset(data.waybill_seen_s),
                data.waybill_text,
            )
        )
        if data.waybill_seen_s is not None
        else missing(translate)
    )
    length = e(
        fill(
            translate("Report", "%1 long, %2 frames (%3 dropped), %4×%5 pixels"),
            format_offset(data.duration_s),
            data.frame_count,
            data.dropped_frames,
            data.width,
            data.height,
        )
    )
    return [
        (translate("Report", "Order number"), value_or_missing(translate, data.order_number)),
        (
            translate("Report", "Courier (waybill) number"),
            value_or_missing(translate, data.courier_number),
        ),
        (translate("Report", "Waybill on camera"), waybill),
        (
            translate("Report", "Platform"),
            value_or_missing(translate, vocabulary.platform_name(data.language, data.platform)),
        ),
        (translate("Report", "Station"), value_or_missing(translate, data.station)),
        (translate("Report", "Operator"), value_or_missing(translate, data.operator)),
        (translate("Report", "Recording started"), when(translate, data.started_at)),
        (translate("Report", "Recording ended"), when(translate, data.ended_at)),
        (translate("Report", "Video"), length),
        *(
            [
                (
                    translate("Report", "Cameras"),
                    e(
                        fill(
                            translate("Report", "%1 cameras composed into this one video: %2"),
                            len(data.cameras),
                            "; ".join(f"{n}. {c}" for n, c in enumerate(data.cameras, 1)),
                        )
                    ),
                )
            ]
            if len(data.cameras) > 1
            else []
        ),
        *(
            [
                (
                    translate("Report", "Each camera's own video"),
                    e(
                        fill(
                            translate("Report", "%1 files in this bundle's cameras folder: %2"),
                            len(data.camera_streams),
                            "; ".join(
                                f"{s['camera']}. {PurePosixPath(s['path']).name} "
                                f"({s['width']}×{s['height']}, {s['duration_s']:.1f} s)"
                                + (f" {s['note']}" if s["note"] else "")
                                for s in data.camera_streams
                            ),
                        )
                    ),
                )
            ]
            if data.camera_streams
            else []
        ),
        (translate("Report", "Status"), e(value_word(translate, data.status))),
    ]


def decision_rows(data: ReportData, translate: Translate) -> Rows:
    """Who decided, when, what the rules recommended, and an override's reason."""
    rows: Rows = []
    if data.decided_by:
        rows.append((translate("Report", "Decided by"), e(data.decided_by)))
    if data.decided_at:
        rows.append((translate("Report", "Decided at"), when(translate, data.decided_at)))
    if data.recommended_decision:
        rows.append(
            (
                translate("Report", "The rules recommended"),
                e(decision_word(data.language, data.recommended_decision)),
            )
        )
    if data.override_reason:
        rows.append(
            (translate("Report", "Overridden by the operator"), f"<b>{e(data.override_reason)}</b>")
        )
    return rows


def integrity_rows(data: ReportData, translate: Translate, grouped: bool) -> Rows:
    """The video's file, size and hash, and this record's place in the integrity chain."""
    previous = (
        hash_html(translate, data.prev_record_hash, grouped)
        if data.prev_record_hash or not data.record_hash
        else e(translate("Report", "none: the first sealed record of this station's database"))
    )
    return [
        (translate("Report", "Video file in the bundle"), f"<code>{e(data.video_path)}</code>"),
        (
            translate("Report", "Video size"),
            e(fill(translate("Report", "%1 bytes"), f"{data.video_size:,}")),
        ),
        (translate("Report", "Video SHA-256"), hash_html(translate, data.video_sha256, grouped)),
        (translate("Report", "Record hash"), hash_html(translate, data.record_hash, grouped)),
        (translate("Report", "Previous record hash"), previous),
        *trust_rows(data, translate),
    ]


def trust_rows(data: ReportData, translate: Translate) -> Rows:
    """Who signed (the desk key's fingerprint), the seal and anchor, and the trusted times."""
    rows: Rows = []
    if data.key_fingerprint:
        rows.append(
            (
                translate("Report", "Signed by the desk key"),
                f"<code>{e(data.key_fingerprint)}</code>",
            )
        )
    if data.seal_seq is not None:
        text = fill(translate("Report", "seal %1 of the desk's seal log"), data.seal_seq)
        if data.anchor_length:
            text += "; " + fill(
                translate("Report", "chain anchor: %1 seals, newest %2"),
                data.anchor_length,
                data.anchor_head[:16] + "…",
            )
        rows.append((translate("Report", "Seal"), e(text)))
    for stamp in data.timestamps:
        rows.append(
            (
                translate("Report", "Timestamped"),
                e(
                    fill(
                        translate("Report", "%1: timestamped by %2 at %3"),
                        stamp.subject,
                        stamp.tsa,
                        format_local(stamp.at),
                    )
                ),
            )
        )
    return rows


def generated_line(data: ReportData, translate: Translate) -> str:
    """The report's last line: which inspection, where the hashes are, when and by what."""
    return e(
        fill(
            translate(
                "Report",
                "Inspection %1 (%2). Every file of this bundle is listed with its SHA-256 in "
                "manifest.json; check it with: inspector verify <bundle>.zip. "
                "Report generated %3 by inspector %4.",
            ),
            data.inspection_id,
            data.uid,
            format_local(data.generated_at),
            data.app_version,
        )
    )


def packing_rows(data: ReportData, translate: Translate, grouped: bool) -> Rows:
    """The order's packing filmed at the desk: when, where, its video and its seal."""
    p = data.packing
    if p is None:
        return []
    items = "<br>".join(
        e(f"{sku} {serial or '—'}") + (f" ({format_offset(offset)})" if offset is not None else "")
        for sku, serial, offset in p.items
    )
    rows = [
        (
            translate("Report", "Packed on camera"),
            e(fill(translate("Report", "%1, packing %2"), format_local(p.started_at), p.id))
            + (e(f" · {p.station}") if p.station else "")
            + (e(f" · {p.operator}") if p.operator else ""),
        ),
        (translate("Report", "Items packed"), items or missing(translate)),
        (
            translate("Report", "Packing video"),
            e(p.video_path) + "<br>" + hash_html(translate, p.video_sha256, grouped),
        ),
    ]
    if p.clip:
        rows.append(
            (
                translate("Report", "Clip"),
                e(
                    fill(
                        translate(
                            "Report",
                            "%1–%2 s of the whole packing video, cut to fit the platform's size limit",
                        ),
                        p.clip.get("start_s"),
                        p.clip.get("end_s"),
                    )
                ),
            )
        )
    rows.append(
        (
            translate("Report", "Packing seal"),
            e(fill(translate("Report", "seal %1"), p.seal_seq))
            + "<br>"
            + hash_html(translate, p.seal_entry_hash, grouped),
        )
    )
    if p.problems:
        rows.append((translate("Report", "At packing"), "<br>".join(e(x) for x in p.problems)))
    return rows


def demo_banner(data: ReportData, translate: Translate) -> str:
    """A loud line for a recording from the demo camera ("" for a real camera's)."""
    if not data.demo:
        return ""
    text = translate(
        "Report",
        "DEMO — NOT EVIDENCE: recorded from the demo camera, a synthetic picture. "
        "Nothing in this report shows a real parcel.",
    )
    return (
        '<p style="background:#ffd600; color:black; font-size:14pt; padding:6px">'
        f"<b>{e(text)}</b></p>"
    )
