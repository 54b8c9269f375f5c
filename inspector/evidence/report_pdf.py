"""report.pdf: the inspection on A4, rendered by Qt itself (QTextDocument into QPdfWriter).

One column, large type and images scaled to the page width, so it reads the same on
paper and on a phone. Sections whose data was not recorded say so rather than vanish:
a reviewer must see what is absent, not guess.
"""

from __future__ import annotations

import os
import tempfile
from html import escape
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from inspector.core.evidence import (
    NOT_RECORDED,
    EvidenceError,
    ReportData,
    format_local,
    format_offset,
    format_when,
)

# Layout width in points of A4 minus margins; images are sized against it.
_IMAGE_WIDTH = 220


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _missing(what: str) -> str:
    return f'<p style="color:#666"><i>{_e(what)}: {NOT_RECORDED}.</i></p>'


def _head(*columns: tuple[str, str]) -> str:
    """A table's header row from (label, width) pairs; an empty width lets Qt decide."""
    cells = "".join(
        (f'<th width="{width}">' if width else "<th>") + f"{_e(label)}</th>"
        for label, width in columns
    )
    return f"<tr>{cells}</tr>"


def _row(key: str, value: str) -> str:
    return (
        f'<tr><td width="34%" style="background:#f0f0f0"><b>{_e(key)}</b></td><td>{value}</td></tr>'
    )


def _hash(value: str) -> str:
    # Four groups of 16 wrap cleanly on a phone; the full hash is still one copyable run
    # in inspection.json and manifest.json.
    if not value:
        return f"<i>{NOT_RECORDED}</i>"
    groups = " ".join(value[i : i + 16] for i in range(0, len(value), 16))
    return f'<span style="font-family:monospace">{_e(groups)}</span>'


def _img(name: str, width: int = _IMAGE_WIDTH) -> str:
    return f'<img src="{_e(name)}" width="{width}">' if name else ""


def report_html(data: ReportData) -> str:
    """The report as the HTML subset QTextDocument lays out."""
    decision = str(data.decision).upper()
    parts = [
        "<h1>" + QCoreApplication.translate("Report", "Return inspection evidence") + "</h1>"
        f"<p>Order <b>{_e(data.order_number)}</b>, courier number "
        f"<b>{_e(data.courier_number or NOT_RECORDED)}</b>. Decision: <b>{_e(decision)}</b>.</p>",
        "<h2>"
        + QCoreApplication.translate("Report", "Parcel and inspection")
        + "</h2><table border=1 cellpadding=4 cellspacing=0 width=100%>",
        _row(QCoreApplication.translate("Report", "Order number"), _e(data.order_number)),
        _row(
            QCoreApplication.translate("Report", "Courier (waybill) number"),
            _e(data.courier_number or NOT_RECORDED),
        ),
        _row(
            "Waybill on camera",
            f"barcode legible at {format_offset(data.waybill_seen_s)} in the video "
            f"(read as {_e(data.waybill_text)})"
            if data.waybill_seen_s is not None
            else f"<i>{NOT_RECORDED}</i>",
        ),
        _row(QCoreApplication.translate("Report", "Platform"), _e(data.platform or NOT_RECORDED)),
        _row(QCoreApplication.translate("Report", "Station"), _e(data.station or NOT_RECORDED)),
        _row(QCoreApplication.translate("Report", "Operator"), _e(data.operator or NOT_RECORDED)),
        _row(
            QCoreApplication.translate("Report", "Recording started"),
            _e(format_local(data.started_at)),
        ),
        _row(
            QCoreApplication.translate("Report", "Recording ended"), _e(format_local(data.ended_at))
        ),
        _row(
            "Video",
            f"{format_offset(data.duration_s)} long, {data.frame_count} frames "
            f"({data.dropped_frames} dropped), {data.width}×{data.height}",
        ),
        _row(QCoreApplication.translate("Report", "Video SHA-256"), _hash(data.video_sha256)),
        "</table>",
        "<h2>" + QCoreApplication.translate("Report", "What was shipped") + "</h2>",
    ]
    if data.shipped:
        parts.append("<table border=1 cellpadding=4 cellspacing=0 width=100%>")
        parts.append(
            _head(
                (QCoreApplication.translate("Report", "Product"), ""),
                (QCoreApplication.translate("Report", "Reference photo"), ""),
                (QCoreApplication.translate("Report", "At the desk"), ""),
            )
        )
        for item in data.shipped:
            serials = f"<br>serials: {_e(', '.join(item.serials))}" if item.serials else ""
            desk = "".join(_img(p, 160) for p in item.desk_photos[:2]) or f"<i>{NOT_RECORDED}</i>"
            parts.append(
                f"<tr><td>{_e(item.name)}<br>{_e(item.sku)} × {item.quantity}{serials}</td>"
                f"<td>{_img(item.reference_photo, 160) or f'<i>{NOT_RECORDED}</i>'}</td>"
                f"<td>{desk}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append(_missing("The order's products"))
    parts.append("<h2>" + QCoreApplication.translate("Report", "Checklist") + "</h2>")
    if data.steps:
        parts.append("<table border=1 cellpadding=4 cellspacing=0 width=100%>")
        parts.append(
            _head(
                (QCoreApplication.translate("Report", "Step"), "36%"),
                (QCoreApplication.translate("Report", "Answer"), "20%"),
                (QCoreApplication.translate("Report", "Time in video"), "12%"),
                (QCoreApplication.translate("Report", "Key frame, photo"), "32%"),
            )
        )
        for s in data.steps:
            note = f"<br>{_e(s.note)}" if s.note else ""
            parts.append(
                f"<tr><td>{s.index}. {_e(s.title)}</td><td><b>{_e(s.answer)}</b>{note}</td>"
                f"<td>{format_offset(s.offset_s) if s.offset_s is not None else '—'}</td>"
                f"<td>{_img(s.key_frame, 150)}{''.join(_img(p, 150) for p in s.photos)}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append(_missing("Checklist answers"))
    parts.append(
        "<h2>"
        + QCoreApplication.translate("Report", "Decision: %1").replace("%1", _e(decision))
        + "</h2>"
    )
    who = []
    if data.decided_by:
        who.append(f"by {_e(data.decided_by)}")
    if data.decided_at:
        who.append(f"at {_e(format_local(data.decided_at))}")
    if data.recommended_decision:
        who.append(f"the rules recommended {_e(data.recommended_decision.upper())}")
    if who:
        parts.append(f"<p>Decided {', '.join(who)}.</p>")
    if data.override_reason:
        parts.append(f"<p><b>Overridden by the operator:</b> {_e(data.override_reason)}</p>")
    if data.decision_reasons:
        parts.append("<ul>" + "".join(f"<li>{_e(r)}</li>" for r in data.decision_reasons) + "</ul>")
    else:
        parts.append(_missing("Reasons for the decision"))
    if data.key_frames:
        parts.append(
            "<h2>"
            + QCoreApplication.translate("Report", "Key frames")
            + "</h2><table cellpadding=4 width=100%><tr>"
        )
        for n, k in enumerate(data.key_frames):
            if n and n % 2 == 0:
                parts.append("</tr><tr>")
            parts.append(f"<td>{_img(k.path)}<br>{_e(k.label)} at {format_offset(k.offset_s)}</td>")
        parts.append("</tr></table>")
    parts.append(
        "<h2>"
        + QCoreApplication.translate("Report", "Timeline")
        + "</h2><table border=1 cellpadding=4 cellspacing=0 width=100%>"
    )
    for t in data.timeline:
        detail = f"<br>{_e(t.detail)}" if t.detail else ""
        parts.append(_row(format_when(t), f"{_e(t.label)}{detail}"))
    parts.append("</table>")
    parts.append(
        "<h2>"
        + QCoreApplication.translate("Report", "Integrity")
        + "</h2><table border=1 cellpadding=4 cellspacing=0 width=100%>"
    )
    parts.append(
        _row(QCoreApplication.translate("Report", "Video file in the bundle"), _e(data.video_path))
    )
    parts.append(
        _row(QCoreApplication.translate("Report", "Video size"), f"{data.video_size:,} bytes")
    )
    parts.append(
        _row(QCoreApplication.translate("Report", "Video SHA-256"), _hash(data.video_sha256))
    )
    parts.append(_row(QCoreApplication.translate("Report", "Record hash"), _hash(data.record_hash)))
    parts.append(
        _row(
            QCoreApplication.translate("Report", "Previous record hash"),
            _hash(data.prev_record_hash)
            if data.prev_record_hash or not data.record_hash
            else "none: the first sealed record of this station's database",
        )
    )
    parts.append("</table>")
    parts.append(
        f"<p>Inspection {data.inspection_id} ({_e(data.uid)}). Every file of this bundle is "
        f"listed with its SHA-256 in manifest.json. Report generated "
        f"{_e(format_local(data.generated_at))} by inspector {_e(data.app_version)}.</p>"
    )
    return "".join(parts)


def render_report_pdf(data: ReportData, images: dict[str, bytes], out: Path) -> None:
    """Write report.pdf atomically; `images` maps each bundle path the report names to its bytes."""
    if QGuiApplication.instance() is None:
        raise EvidenceError(
            "The PDF report needs Qt's text engine; start a QGuiApplication first "
            "(the CLI and the GUI both do)."
        )
    out = Path(out)
    doc = QTextDocument()
    doc.setDefaultStyleSheet(
        "body { font-size: 11pt; } h1 { font-size: 18pt; } h2 { font-size: 14pt; } "
        "th { background: #e0e0e0; }"
    )
    for name, blob in images.items():
        image = QImage.fromData(blob)
        if not image.isNull():
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    doc.setHtml(report_html(data))
    fd, tmp_name = tempfile.mkstemp(prefix=".report.", suffix=".pdf.partial", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        writer = QPdfWriter(str(tmp))
        writer.setTitle(f"Return inspection evidence, order {data.order_number}")
        writer.setCreator(f"inspector {data.app_version}")
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
        writer.setResolution(150)
        doc.print_(writer)
        del writer  # the file is complete only once the writer is gone
        if tmp.stat().st_size == 0:
            raise EvidenceError(f"Qt wrote an empty PDF for {out}; check free space.")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
