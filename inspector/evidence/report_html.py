"""index.html: the bundle's own viewer, for anyone handed the ZIP (a platform agent, a lawyer).

One file with its styles and script inline: it opens from disk in any browser with no
network and nothing installed, plays the original video, and lists the checklist steps
as links (`#t=12.5`) that jump the video there. The same `#t=` link works from outside,
so a reviewer can point at a moment. It also shows every fact of the PDF report.
"""

from __future__ import annotations

import json
from html import escape

from inspector.core.evidence import (
    NOT_RECORDED,
    ReportData,
    format_local,
    format_offset,
    format_when,
)

_STYLE = """
:root { color-scheme: light; --accent: #0b5cad; --bad: #b00020; --ok: #1b7f3b; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       margin: 0; padding: 12px; color: #111; background: #fafafa; }
h1 { font-size: 1.35em; margin: 0 0 4px; }
h2 { font-size: 1.1em; margin: 20px 0 6px; border-bottom: 1px solid #ccc; }
.layout { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
.player { flex: 1 1 480px; min-width: 280px; position: sticky; top: 0; background: #fafafa; }
.player video { width: 100%; background: #000; border-radius: 4px; }
.side { flex: 1 1 320px; min-width: 260px; }
.bar { position: relative; height: 18px; background: #ddd; border-radius: 3px; margin: 6px 0; }
.bar a { position: absolute; top: 0; width: 4px; height: 18px; background: var(--accent); }
.bar a.active { background: var(--bad); }
#status { font-size: .9em; color: #555; }
ol.steps { padding-left: 0; list-style: none; margin: 0; }
ol.steps li { margin: 4px 0; }
ol.steps a { display: block; padding: 8px 10px; border: 1px solid #ccc; border-radius: 4px;
             text-decoration: none; color: inherit; background: #fff; }
ol.steps a.active { border-color: var(--accent); background: #e8f0fb; }
.time { font-variant-numeric: tabular-nums; color: var(--accent); font-weight: 600; }
table { border-collapse: collapse; width: 100%; background: #fff; }
td, th { border: 1px solid #ddd; padding: 5px 7px; text-align: left; vertical-align: top; }
th { background: #f0f0f0; width: 38%; }
code, .hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85em;
              word-break: break-all; }
.decision { font-size: 1.2em; font-weight: 700; }
.decision.reject, .decision.dispute { color: var(--bad); }
.decision.sign { color: var(--ok); }
.missing { color: #777; font-style: italic; }
b.fail { color: var(--bad); }
.frames { display: flex; flex-wrap: wrap; gap: 8px; }
.frames figure { margin: 0; flex: 0 1 220px; }
.frames img, .pair img { width: 100%; border: 1px solid #ccc; }
.pair { display: flex; gap: 8px; }
.pair > * { flex: 1; }
figcaption { font-size: .85em; color: #444; }
"""

_SCRIPT = """
(function () {
  var video = document.getElementById('video');
  var status = document.getElementById('status');
  var marks = Array.prototype.slice.call(document.querySelectorAll('[data-t]'));
  function fmt(s) { var m = Math.floor(s / 60); var r = (s - m * 60).toFixed(1);
    return m + ':' + (r < 10 ? '0' : '') + r; }
  function wanted() { var m = /^#t=([0-9]+(?:\\.[0-9]+)?)$/.exec(location.hash);
    return m ? parseFloat(m[1]) : null; }
  function seek(t) {
    if (t === null) return;
    if (video.readyState >= 1) { video.currentTime = t; }
    else { video.addEventListener('loadedmetadata', function () { video.currentTime = t; },
                                  { once: true }); }
  }
  function highlight() {
    var now = video.currentTime, best = null;
    // The latest mark at or before the playhead, wherever it sits on the page.
    marks.forEach(function (m) {
      var t = parseFloat(m.dataset.t);
      if (t <= now + 0.05 && (best === null || t > parseFloat(best))) best = m.dataset.t;
    });
    marks.forEach(function (m) { m.classList.toggle('active', m.dataset.t === best); });
    document.body.dataset.position = now.toFixed(2);
    document.body.dataset.activeStep = best === null ? '' : best;
  }
  marks.forEach(function (m) {
    m.addEventListener('click', function () { seek(parseFloat(m.dataset.t)); });
  });
  window.addEventListener('hashchange', function () { seek(wanted()); });
  video.addEventListener('loadedmetadata', function () {
    document.body.dataset.video = 'loaded';
    document.body.dataset.duration = video.duration.toFixed(2);
    status.textContent = 'Video ready: ' + fmt(video.duration) + ', ' +
      video.videoWidth + '\\u00d7' + video.videoHeight + '. Click a step to jump to it.';
  });
  video.addEventListener('seeked', highlight);
  video.addEventListener('timeupdate', highlight);
  video.addEventListener('error', function () {
    document.body.dataset.video = 'error';
    status.textContent = 'This browser cannot play the video here; open ' +
      video.getAttribute('src') + ' in a video player. The facts below still hold.';
  });
  seek(wanted());
})();
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _fact_rows(rows: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{_e(k)}</th><td>{v}</td></tr>" for k, v in rows)


def _or_missing(value: str) -> str:
    return _e(value) if value else f'<span class="missing">{NOT_RECORDED}</span>'


def render_index_html(data: ReportData) -> str:
    """The whole index.html as text: player with step marks, then every fact of the report."""
    duration = max(data.duration_s, 0.001)
    marks = [s for s in data.steps if s.offset_s is not None]
    bar = "".join(
        f'<a href="#t={s.offset_s:.2f}" data-t="{s.offset_s:.2f}" title="{_e(s.title)}" '
        f'style="left:{min(100.0, 100 * s.offset_s / duration):.2f}%"></a>'
        for s in marks
    )
    if data.steps:
        step_items = []
        for s in data.steps:
            flag = ' class="fail"' if s.answer == "FAIL" else ""
            answer = f"{_e(s.title)}: <b{flag}>{_e(s.answer)}</b>"
            if s.note:
                answer += f" — {_e(s.note)}"
            for photo in s.photos:
                answer += f'<br><img src="{_e(photo)}" alt="photo" width="160">'

            if s.offset_s is not None:
                step_items.append(
                    f'<li><a href="#t={s.offset_s:.2f}" data-t="{s.offset_s:.2f}">'
                    f'<span class="time">{format_offset(s.offset_s)}</span> {s.index}. {answer}</a></li>'
                )
            else:
                step_items.append(f"<li><a>{s.index}. {answer} (no time in the video)</a></li>")
        steps_html = f'<ol class="steps">{"".join(step_items)}</ol>'
    else:
        steps_html = f'<p class="missing">Checklist: {NOT_RECORDED}.</p>'

    waybill = (
        f"legible on camera at {format_offset(data.waybill_seen_s)} "
        f"(read as <code>{_e(data.waybill_text)}</code>)"
        if data.waybill_seen_s is not None
        else f'<span class="missing">{NOT_RECORDED}</span>'
    )
    facts = _fact_rows(
        [
            ("Order number", _or_missing(data.order_number)),
            ("Courier (waybill) number", _or_missing(data.courier_number)),
            ("Waybill barcode", waybill),
            ("Platform", _or_missing(data.platform)),
            ("Station", _or_missing(data.station)),
            ("Operator", _or_missing(data.operator)),
            ("Recording started", _e(format_local(data.started_at))),
            ("Recording ended", _e(format_local(data.ended_at))),
            (
                "Length",
                f"{format_offset(data.duration_s)} ({data.frame_count} frames, "
                f"{data.dropped_frames} dropped), {data.width}×{data.height}",
            ),
            ("Status", _e(data.status)),
        ]
    )
    integrity = _fact_rows(
        [
            ("Video file", f"<code>{_e(data.video_path)}</code> ({data.video_size:,} bytes)"),
            ("Video SHA-256", f'<span class="hash">{_e(data.video_sha256)}</span>'),
            ("Record hash", f'<span class="hash">{_or_missing(data.record_hash)}</span>'),
            (
                "Previous record hash",
                f'<span class="hash">{_or_missing(data.prev_record_hash)}</span>',
            ),
        ]
    )
    reasons = (
        "<ul>" + "".join(f"<li>{_e(r)}</li>" for r in data.decision_reasons) + "</ul>"
        if data.decision_reasons
        else f'<p class="missing">Reasons: {NOT_RECORDED}.</p>'
    )
    who = [
        f"by {_e(data.decided_by)}" if data.decided_by else "",
        f"at {_e(format_local(data.decided_at))}" if data.decided_at else "",
        f"the rules recommended {_e(data.recommended_decision.upper())}"
        if data.recommended_decision
        else "",
    ]
    if any(who):
        reasons = f"<p>Decided {', '.join(w for w in who if w)}.</p>" + reasons
    if data.override_reason:
        reasons += f"<p><b>Overridden by the operator:</b> {_e(data.override_reason)}</p>"
    if data.shipped:
        shipped = "".join(
            f"<tr><td>{_e(i.name)}<br><small>{_e(i.sku)} × {i.quantity}"
            + (f"<br>serials: {_e(', '.join(i.serials))}" if i.serials else "")
            + '</small></td><td><div class="pair">'
            + (
                f'<figure><img src="{_e(i.reference_photo)}" alt="reference">'
                "<figcaption>reference</figcaption></figure>"
                if i.reference_photo
                else ""
            )
            + "".join(
                f'<figure><img src="{_e(p)}" alt="at the desk"><figcaption>at the desk</figcaption></figure>'
                for p in i.desk_photos
            )
            + "</div></td></tr>"
            for i in data.shipped
        )
        shipped_html = (
            f"<table><tr><th>Product</th><th>Reference and desk photos</th></tr>{shipped}</table>"
        )
    else:
        shipped_html = f'<p class="missing">What was shipped: {NOT_RECORDED}.</p>'
    frames = "".join(
        f'<figure><a href="#t={k.offset_s:.2f}" data-t="{k.offset_s:.2f}">'
        f'<img src="{_e(k.path)}" alt="{_e(k.label)}"></a>'
        f"<figcaption>{_e(k.label)} at {format_offset(k.offset_s)}</figcaption></figure>"
        for k in data.key_frames
    )
    timeline = (
        "<table>"
        + "".join(
            f"<tr><th>{_e(format_when(t))}</th><td>{_e(t.label)}"
            + (f"<br><small>{_e(t.detail)}</small>" if t.detail else "")
            + "</td></tr>"
            for t in data.timeline
        )
        + "</table>"
    )
    payload = json.dumps(data.to_json(), ensure_ascii=False).replace("</", "<\\/")
    decision = str(data.decision)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Evidence: order {_e(data.order_number)}</title>
<style>{_STYLE}</style>
</head>
<body data-video="pending">
<h1>Return inspection evidence — order {_e(data.order_number)}</h1>
<p>Decision: <span class="decision {_e(decision)}">{_e(decision.upper())}</span>.
Unedited recording of the unboxing; its SHA-256 is listed below and in manifest.json.</p>
<div class="layout">
  <div class="player">
    <video id="video" src="{_e(data.video_path)}" controls preload="metadata" playsinline></video>
    <div class="bar" aria-label="checklist steps on the timeline">{bar}</div>
    <div id="status">Loading the video…</div>
  </div>
  <div class="side">
    <h2>Checklist</h2>
    {steps_html}
    <h2>Decision</h2>
    <p class="decision {_e(decision)}">{_e(decision.upper())}</p>
    {reasons}
  </div>
</div>
<h2>Parcel and inspection</h2>
<table>{facts}</table>
<h2>What was shipped</h2>
{shipped_html}
<h2>Key frames</h2>
<div class="frames">{frames}</div>
<h2>Timeline</h2>
{timeline}
<h2>Integrity</h2>
<table>{integrity}</table>
<p><small>Check this bundle with <code>inspector verify {_e("<bundle>.zip")}</code>: it compares every
file with manifest.json. Generated {_e(format_local(data.generated_at))} by inspector
{_e(data.app_version)}.</small></p>
<script type="application/json" id="inspection-data">{payload}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
