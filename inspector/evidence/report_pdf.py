"""report.pdf: the inspection on A4, rendered by Qt itself (QTextDocument into QPdfWriter).

One column, large type and images scaled to the page width, so it reads the same on
paper and on a phone. Sections whose data was not recorded say so rather than vanish:
a reviewer must see what is absent, not guess.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from inspector.core.evidence import EvidenceError, ReportData, format_offset, format_when
from inspector.evidence.report_text import (
    absent_line,
    decision_rows,
    decision_word,
    e,
    fill,
    generated_line,
    integrity_rows,
    missing,
    parcel_rows,
    report_words,
    value_or_missing,
)

# Layout width in points of A4 minus margins; images are sized against it.
_IMAGE_WIDTH = 220
_TABLE = "<table border=1 cellpadding=4 cellspacing=0 width=100%>"


def _head(*columns: tuple[str, str]) -> str:
    """A table's header row from (label, width) pairs; an empty width lets Qt decide."""
    cells = "".join(
        (f'<th width="{width}">' if width else "<th>") + f"{e(label)}</th>"
        for label, width in columns
    )
    return f"<tr>{cells}</tr>"


def _row(key: str, value: str) -> str:
    return (
        f'<tr><td width="34%" style="background:#f0f0f0"><b>{e(key)}</b></td><td>{value}</td></tr>'
    )


def _table(rows: list[tuple[str, str]]) -> str:
    return _TABLE + "".join(_row(k, v) for k, v in rows) + "</table>"


def _img(name: str, width: int = _IMAGE_WIDTH) -> str:
    return f'<img src="{e(name)}" width="{width}">' if name else ""


def report_html(data: ReportData) -> str:
    """The report as the HTML subset QTextDocument lays out, in the report's language."""
    translate = report_words(data.language)

    def h2(title: str) -> str:
        return f"<h2>{e(title)}</h2>"

    def absent(what: str) -> str:
        return f'<p style="color:#666"><i>{absent_line(translate, what)}</i></p>'

    decision = decision_word(translate, str(data.decision))
    parts = [
        "<h1>" + e(translate("Report", "Return inspection evidence")) + "</h1>",
        "<p>"
        + fill(
            e(translate("Report", "Order %1, courier number %2. Decision: %3.")),
            f"<b>{e(data.order_number)}</b>",
            f"<b>{value_or_missing(translate, data.courier_number)}</b>",
            f"<b>{e(decision)}</b>",
        )
        + "</p>",
        h2(translate("Report", "Parcel and inspection")),
        _table(parcel_rows(data, translate)),
        h2(translate("Report", "What was shipped")),
    ]
    if data.shipped:
        parts.append(_TABLE)
        parts.append(
            _head(
                (translate("Report", "Product"), ""),
                (translate("Report", "Reference photo"), ""),
                (translate("Report", "At the desk"), ""),
            )
        )
        for item in data.shipped:
            serials = (
                "<br>" + e(fill(translate("Report", "serials: %1"), ", ".join(item.serials)))
                if item.serials
                else ""
            )
            desk = "".join(_img(p, 160) for p in item.desk_photos[:2]) or missing(translate)
            parts.append(
                f"<tr><td>{e(item.name)}<br>{e(item.sku)} × {item.quantity}{serials}</td>"
                f"<td>{_img(item.reference_photo, 160) or missing(translate)}</td>"
                f"<td>{desk}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append(absent(translate("Report", "The order's products")))
    parts.append(h2(translate("Report", "Checklist")))
    if data.steps:
        parts.append(_TABLE)
        parts.append(
            _head(
                (translate("Report", "Step"), "36%"),
                (translate("Report", "Answer"), "20%"),
                (translate("Report", "Time in video"), "12%"),
                (translate("Report", "Key frame, photo"), "32%"),
            )
        )
        for s in data.steps:
            note = f"<br>{e(s.note)}" if s.note else ""
            colour = ' style="color:#b00020"' if s.result == "fail" else ""
            parts.append(
                f"<tr><td>{s.index}. {e(s.title)}</td><td><b{colour}>{e(s.answer)}</b>{note}</td>"
                f"<td>{format_offset(s.offset_s) if s.offset_s is not None else '—'}</td>"
                f"<td>{_img(s.key_frame, 150)}{''.join(_img(p, 150) for p in s.photos)}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append(absent(translate("Report", "Checklist answers")))
    parts.append(h2(fill(translate("Report", "Decision: %1"), decision)))
    if rows := decision_rows(data, translate):
        parts.append(_table(rows))
    if data.decision_reasons:
        parts.append("<ul>" + "".join(f"<li>{e(r)}</li>" for r in data.decision_reasons) + "</ul>")
    else:
        parts.append(absent(translate("Report", "Reasons for the decision")))
    if data.key_frames:
        parts.append(h2(translate("Report", "Key frames")) + "<table cellpadding=4 width=100%><tr>")
        for n, k in enumerate(data.key_frames):
            if n and n % 2 == 0:
                parts.append("</tr><tr>")
            caption = fill(translate("Report", "%1 at %2"), k.label, format_offset(k.offset_s))
            parts.append(f"<td>{_img(k.path)}<br>{e(caption)}</td>")
        parts.append("</tr></table>")
    parts.append(h2(translate("Report", "Timeline")))
    parts.append(
        _table(
            [
                (format_when(t), e(t.label) + (f"<br>{e(t.detail)}" if t.detail else ""))
                for t in data.timeline
            ]
        )
    )
    parts.append(h2(translate("Report", "Integrity")))
    parts.append(_table(integrity_rows(data, translate, grouped=True)))
    parts.append(f"<p>{generated_line(data, translate)}</p>")
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
        "th { background: #e0e0e0; } .missing { color: #666; }"
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
        translate = report_words(data.language)
        writer.setTitle(
            fill(translate("Report", "Return inspection evidence, order %1"), data.order_number)
        )
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
