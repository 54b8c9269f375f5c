"""report.pdf: the inspection on A4, rendered by Qt itself (QTextDocument into QPdfWriter).

One column, large type and images scaled to the page width, so it reads the same on
paper and on a phone. Sections whose data was not recorded say so rather than vanish:
a reviewer must see what is absent, not guess.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from inspector.core.evidence import EvidenceError, ReportData, format_offset, format_when
from inspector.evidence.report_text import (
    absent_line,
    decision_rows,
    decision_word,
    demo_banner,
    e,
    fill,
    generated_line,
    integrity_rows,
    missing,
    packing_rows,
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
    # One table a row: the page layout moves a row that would straddle a page break to the
    # next page whole (_keep_tables_whole), which Qt does not do for the rows of one table.
    return "".join(_TABLE + _row(k, v) + "</table>" for k, v in rows)


def _img(name: str, width: int = _IMAGE_WIDTH) -> str:
    return f'<img src="{e(name)}" width="{width}">' if name else ""


def report_html(data: ReportData) -> str:
    """The report as the HTML subset QTextDocument lays out, in the report's language."""
    translate = report_words(data.language)

    def h2(title: str) -> str:
        return f"<h2>{e(title)}</h2>"

    def absent(what: str) -> str:
        return f'<p style="color:#666"><i>{absent_line(translate, what)}</i></p>'

    decision = decision_word(data.language, str(data.decision))
    parts = [
        "<h1>" + e(translate("Report", "Return inspection evidence")) + "</h1>",
        demo_banner(data, translate),
        "<p>"
        + fill(
            e(translate("Report", "Order %1, courier number %2. Decision: %3.")),
            f"<b>{e(data.order_number)}</b>",
            f"<b>{value_or_missing(translate, data.courier_number)}</b>",
            f"<b>{e(decision)}</b>",
        )
        + "</p>",
    ]
    # The decision and its reasons on the first page, where a reviewer looks first.
    parts.append(h2(fill(translate("Report", "Decision: %1"), decision)))
    if rows := decision_rows(data, translate):
        parts.append(_table(rows))
    if data.decision_reasons:
        parts.append("<ul>" + "".join(f"<li>{e(r)}</li>" for r in data.decision_reasons) + "</ul>")
    else:
        parts.append(absent(translate("Report", "Reasons for the decision")))
    parts += [
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
        parts.append("</table>")
        for item in data.shipped:
            serials = (
                "<br>" + e(fill(translate("Report", "serials: %1"), ", ".join(item.serials)))
                if item.serials
                else ""
            )
            desk = "".join(_img(p, 160) for p in item.desk_photos[:2]) or missing(translate)
            parts.append(
                f"{_TABLE}<tr><td>{e(item.name)}<br>{e(item.sku)} × {item.quantity}{serials}</td>"
                f"<td>{_img(item.reference_photo, 160) or missing(translate)}</td>"
                f"<td>{desk}</td></tr></table>"
            )
    else:
        parts.append(absent(translate("Report", "The order's products")))
    if data.packing is not None:
        parts.append(h2(translate("Report", "Packed and returned")))
        parts.append(_table(packing_rows(data, translate, grouped=True)))
        if data.findings:
            parts.append(_TABLE)
            parts.append(
                _head(
                    (translate("Report", "Difference"), "30%"),
                    (translate("Report", "Packed"), "35%"),
                    (translate("Report", "Returned"), "35%"),
                )
            )
            parts.append("</table>")
            for f in data.findings:
                # One finding with its two frames is one table, kept on one page.
                parts.append(
                    f'{_TABLE}<tr><td width="30%"><b style="color:#b00020">{e(f.words)}</b></td>'
                    f'<td width="35%">{_img(f.packed_frame, 220) or missing(translate)}<br>'
                    f"{format_offset(f.packed_offset_s)}</td>"
                    f'<td width="35%">{_img(f.returned_frame, 220) or missing(translate)}<br>'
                    f"{format_offset(f.returned_offset_s)}</td></tr></table>"
                )
        else:
            parts.append(
                "<p>"
                + e(translate("Report", "No difference found between the packing and the return."))
                + "</p>"
            )
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
        parts.append("</table>")
        for s in data.steps:
            note = f"<br>{e(s.note)}" if s.note else ""
            colour = ' style="color:#b00020"' if s.result == "fail" else ""
            # A step with its key frame is one table, kept on one page.
            parts.append(
                f'{_TABLE}<tr><td width="36%">{s.index}. {e(s.title)}</td>'
                f'<td width="20%"><b{colour}>{e(s.answer)}</b>{note}</td>'
                f'<td width="12%">{format_offset(s.offset_s) if s.offset_s is not None else "—"}</td>'
                f'<td width="32%">{_img(s.key_frame, 150)}'
                f"{''.join(_img(p, 150) for p in s.photos)}</td></tr></table>"
            )
    else:
        parts.append(absent(translate("Report", "Checklist answers")))
    if data.key_frames:
        parts.append(h2(translate("Report", "Key frames")))
        label_at = translate("Report", "%1 at %2")
        for n in range(0, len(data.key_frames), 2):
            cells = "".join(
                f"<td>{_img(k.path)}<br>{e(fill(label_at, k.label, format_offset(k.offset_s)))}</td>"
                for k in data.key_frames[n : n + 2]
            )
            parts.append(f"<table cellpadding=4 width=100%><tr>{cells}</tr></table>")
    if data.order_story:
        parts.append(h2(translate("Report", "The order's story")))
        if data.story_summary:
            parts.append(f"<p><b>{e(data.story_summary)}</b></p>")
        parts.append(
            _table(
                [
                    (format_when(t), e(t.label) + (f"<br>{e(t.detail)}" if t.detail else ""))
                    for t in data.order_story
                ]
            )
        )
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
    _close_gaps_between_tables(doc)
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
        print_paginated(doc, writer)
        del writer  # the file is complete only once the writer is gone
        if tmp.stat().st_size == 0:
            raise EvidenceError(f"Qt wrote an empty PDF for {out}; check free space.")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def _close_gaps_between_tables(doc: QTextDocument) -> None:
    """Make the empty paragraph Qt puts between two adjacent tables (one a row) 0.5 pt high,
    so the rows read as one table."""
    root = doc.rootFrame()
    children = list(root.childFrames())
    for before, after in zip(children, children[1:], strict=False):
        gap_start = before.lastPosition() + 1
        if after.firstPosition() - gap_start > 1:
            continue  # real text lies between them
        block = doc.findBlock(gap_start)
        if not block.isValid() or block.text():
            continue
        cursor = QTextCursor(block)
        fmt = block.blockFormat()
        fmt.setLineHeight(0.5, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        fmt.setTopMargin(0)
        fmt.setBottomMargin(0)
        cursor.setBlockFormat(fmt)
        char = QTextCharFormat()
        char.setFontPointSize(1)
        cursor.setBlockCharFormat(char)


def _keep_tables_whole(doc: QTextDocument) -> None:
    """A table (a row of the report) that would straddle a page break starts on the next page.

    Qt breaks a table row wherever the page ends, which put a step on one page and its key
    frame on the next. Tables are checked top to bottom; each move shifts those below, so
    each is measured after the moves above it. One taller than a page must break anyway.
    """
    layout = doc.documentLayout()
    page_h = doc.pageSize().height()
    for table in doc.rootFrame().childFrames():
        rect = layout.frameBoundingRect(table)
        if rect.height() >= page_h * 0.9:
            continue
        if int(rect.top() // page_h) != int((rect.bottom() - 1) // page_h):
            fmt = table.frameFormat()
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            table.setFrameFormat(fmt)


def print_paginated(doc: QTextDocument, writer: QPdfWriter) -> None:
    """Paginate the report as QTextDocument.print() would (2 cm margins inside the writer's),
    keep every table row on one page, and print each page with its number."""
    layout = doc.documentLayout()
    layout.setPaintDevice(writer)
    source_dpi = 96.0  # Qt's layout works in 96-dpi units and scales margins to the device
    margin = int(2 / 2.54 * source_dpi)
    fmt = doc.rootFrame().frameFormat()
    fmt.setMargin(margin)
    doc.rootFrame().setFrameFormat(fmt)
    body = QRectF(0, 0, writer.width(), writer.height())
    doc.setPageSize(body.size())
    _keep_tables_whole(doc)
    scale = writer.logicalDpiY() / source_dpi
    painter = QPainter(writer)
    try:
        pages = doc.pageCount()
        for index in range(pages):
            if index:
                writer.newPage()
            view = QRectF(0, index * body.height(), body.width(), body.height())
            painter.save()
            painter.translate(0, -view.top())
            painter.setClipRect(view)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = view
            context.palette.setColor(QPalette.ColorRole.Text, QColor("black"))
            layout.draw(painter, context)
            painter.setClipping(False)
            painter.setFont(doc.defaultFont())
            number = f"{index + 1} / {pages}"
            metrics = painter.fontMetrics()
            painter.drawText(
                int(body.width() - margin * scale - metrics.horizontalAdvance(number)),
                int(view.top() + body.height() - margin * scale + metrics.ascent() + 5 * scale),
                number,
            )
            painter.restore()
    finally:
        painter.end()
