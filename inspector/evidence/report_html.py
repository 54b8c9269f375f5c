"""index.html: the bundle's own viewer, for anyone handed the ZIP (a platform agent, a lawyer).

One file with its styles and script inline: it opens from disk in any browser with no
network and nothing installed, plays the original video, and lists the checklist steps
as links (`#t=12.5`) that jump the video there. The same `#t=` link works from outside,
so a reviewer can point at a moment. It also shows every fact of the PDF report.
"""

from __future__ import annotations

import json

from inspector.core.evidence import ReportData, format_offset, format_when
from inspector.evidence.report_text import (
    Translate,
    absent_line,
    decision_rows,
    decision_word,
    demo_banner,
    e,
    fill,
    generated_line,
    html_lang,
    integrity_rows,
    packing_rows,
    parcel_rows,
    report_words,
)

_STYLE = """
:root { color-scheme: light; --accent: #0b5cad; --bad: #b00020; --ok: #1b7f3b; }
* { box-sizing: border-box; }
body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       margin: 0; padding: 12px; color: #111; background: #fafafa; }
h1 { font-size: 1.35em; margin: 0 0 4px; }
h2 { font-size: 1.1em; margin: 20px 0 6px; border-bottom: 1px solid #ccc; }
.side-by-side img { width: 100%; max-width: 360px; }
video.packing { width: 100%; max-width: 480px; }
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
  var words = JSON.parse(document.getElementById('report-words').textContent);
  function say(text) { var args = arguments;
    return text.replace(/%([0-9])/g, function (all, n) { return args[n]; }); }
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
    status.textContent = say(words.ready, fmt(video.duration),
                             video.videoWidth + '\\u00d7' + video.videoHeight);
  });
  video.addEventListener('seeked', highlight);
  video.addEventListener('timeupdate', highlight);
  video.addEventListener('error', function () {
    document.body.dataset.video = 'error';
    status.textContent = say(words.cannot_play, video.getAttribute('src'));
  });
  seek(wanted());
})();
"""


# Inside <script>, "</script>" ends the data and "<!--<script>" makes the parser swallow the
# rest of the page (the HTML spec's "script data double escaped" state); a JSON string may
# spell any character as \uXXXX, so <, > and & never appear as themselves. U+2028/U+2029
# are escaped too: older JavaScript engines end a string literal at them.
_SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def script_json(value: object) -> str:
    """JSON to embed in a <script> element that no text inside it can close or comment out."""
    return json.dumps(value, ensure_ascii=False).translate(_SCRIPT_SAFE)


def _fact_rows(rows: list[tuple[str, str]]) -> str:
    return "".join(f"<tr><th>{e(k)}</th><td>{v}</td></tr>" for k, v in rows)


def _packing_html(data: ReportData, translate: Translate) -> str:
    """The order's packing beside its return: the packing's facts, then packed | returned
    frames for each difference (a reviewer sees the genuine item going in, the other coming
    back, side by side)."""
    if data.packing is None:
        return ""
    title = e(translate("Report", "Packed and returned"))
    facts = f"<table>{_fact_rows(packing_rows(data, translate, grouped=False))}</table>"
    video = (
        f'<video src="{e(data.packing.video_path)}" controls preload="metadata" playsinline '
        'class="packing"></video>'
    )
    if not data.findings:
        words = e(translate("Report", "No difference found between the packing and the return."))
        return f'<h2 id="packing">{title}</h2>{video}{facts}<p>{words}</p>'
    packed, returned = e(translate("Report", "Packed")), e(translate("Report", "Returned"))
    rows = "".join(
        f'<tr><td class="fail"><b>{e(f.words)}</b></td>'
        f'<td><figure><img src="{e(f.packed_frame)}" alt="{packed}"><figcaption>{packed} '
        f"{format_offset(f.packed_offset_s)}</figcaption></figure></td>"
        f'<td><figure><img src="{e(f.returned_frame)}" alt="{returned}"><figcaption>'
        f"{returned} {format_offset(f.returned_offset_s)}</figcaption></figure></td></tr>"
        for f in data.findings
    )
    difference = e(translate("Report", "Difference"))
    pairs = (
        f'<table class="side-by-side"><tr><th>{difference}</th><th>{packed}</th>'
        f"<th>{returned}</th></tr>{rows}</table>"
    )
    return f'<h2 id="packing">{title}</h2>{pairs}{video}{facts}'


def render_index_html(data: ReportData) -> str:
    """The whole index.html as text: player with step marks, then every fact of the report."""
    translate = report_words(data.language)

    def absent(what: str) -> str:
        return f'<p class="missing">{absent_line(translate, what)}</p>'

    duration = max(data.duration_s, 0.001)
    marks = [s for s in data.steps if s.offset_s is not None]
    bar = "".join(
        f'<a href="#t={s.offset_s:.2f}" data-t="{s.offset_s:.2f}" title="{e(s.title)}" '
        f'style="left:{min(100.0, 100 * s.offset_s / duration):.2f}%"></a>'
        for s in marks
    )
    if data.steps:
        photo_alt = e(translate("Report", "photo"))
        title_answer = translate("Report", "%1: %2")  # a step and its answer
        step_items = []
        for s in data.steps:
            flag = ' class="fail"' if s.result == "fail" else ""
            answer = fill(e(title_answer), e(s.title), f"<b{flag}>{e(s.answer)}</b>")
            if s.note:
                answer += f" — {e(s.note)}"
            for photo in s.photos:
                answer += f'<br><img src="{e(photo)}" alt="{photo_alt}" width="160">'
            if s.offset_s is not None:
                step_items.append(
                    f'<li><a href="#t={s.offset_s:.2f}" data-t="{s.offset_s:.2f}">'
                    f'<span class="time">{format_offset(s.offset_s)}</span> {s.index}. {answer}</a></li>'
                )
            else:
                no_time = e(translate("Report", "(no time in the video)"))
                step_items.append(f"<li><a>{s.index}. {answer} {no_time}</a></li>")
        steps_html = f'<ol class="steps">{"".join(step_items)}</ol>'
    else:
        steps_html = absent(translate("Report", "Checklist answers"))

    reasons = (
        "<ul>" + "".join(f"<li>{e(r)}</li>" for r in data.decision_reasons) + "</ul>"
        if data.decision_reasons
        else absent(translate("Report", "Reasons for the decision"))
    )
    if rows := decision_rows(data, translate):
        reasons = f"<table>{_fact_rows(rows)}</table>" + reasons
    if data.shipped:
        reference, at_desk = translate("Report", "reference"), translate("Report", "at the desk")
        shipped = "".join(
            f"<tr><td>{e(i.name)}<br><small>{e(i.sku)} × {i.quantity}"
            + (
                "<br>" + e(fill(translate("Report", "serials: %1"), ", ".join(i.serials)))
                if i.serials
                else ""
            )
            + '</small></td><td><div class="pair">'
            + (
                f'<figure><img src="{e(i.reference_photo)}" alt="{e(reference)}">'
                f"<figcaption>{e(reference)}</figcaption></figure>"
                if i.reference_photo
                else ""
            )
            + "".join(
                f'<figure><img src="{e(p)}" alt="{e(at_desk)}">'
                f"<figcaption>{e(at_desk)}</figcaption></figure>"
                for p in i.desk_photos
            )
            + "</div></td></tr>"
            for i in data.shipped
        )
        head = (translate("Report", "Product"), translate("Report", "Reference and desk photos"))
        shipped_html = (
            f"<table><tr><th>{e(head[0])}</th><th>{e(head[1])}</th></tr>{shipped}</table>"
        )
    else:
        shipped_html = absent(translate("Report", "The order's products"))
    packing_html = _packing_html(data, translate)
    label_at = translate("Report", "%1 at %2")
    frames = "".join(
        f'<figure><a href="#t={k.offset_s:.2f}" data-t="{k.offset_s:.2f}">'
        f'<img src="{e(k.path)}" alt="{e(k.label)}"></a><figcaption>'
        f"{e(fill(label_at, k.label, format_offset(k.offset_s)))}"
        "</figcaption></figure>"
        for k in data.key_frames
    )
    timeline = (
        "<table>"
        + "".join(
            f"<tr><th>{e(format_when(t))}</th><td>{e(t.label)}"
            + (f"<br><small>{e(t.detail)}</small>" if t.detail else "")
            + "</td></tr>"
            for t in data.timeline
        )
        + "</table>"
    )
    story_title = e(translate("Report", "The order's story"))
    story = (
        f'<h2 id="order-story">{story_title}</h2>'
        + (f"<p><b>{e(data.story_summary)}</b></p>" if data.story_summary else "")
        + "<table>"
        + "".join(
            f"<tr><th>{e(format_when(t))}</th><td>{e(t.label)}"
            + (f"<br><small>{e(t.detail)}</small>" if t.detail else "")
            + "</td></tr>"
            for t in data.order_story
        )
        + "</table>"
        if data.order_story
        else ""
    )
    payload = script_json(data.to_json())
    # The player's messages, in the report's language, for the script below.
    words = script_json(
        {
            "ready": translate("Report", "Video ready: %1, %2. Click a step to jump to it."),
            "cannot_play": translate(
                "Report",
                "This browser cannot play the video here; open %1 in a video player. "
                "The facts below still hold.",
            ),
        }
    )
    decision = str(data.decision)
    decision_text = e(decision_word(data.language, decision))
    # The page's own words; lupdate reads translate() calls only outside f-strings.
    w = {
        "title": fill(translate("Report", "Evidence: order %1"), data.order_number),
        "heading": fill(
            translate("Report", "Return inspection evidence — order %1"), data.order_number
        ),
        "unedited": translate(
            "Report",
            "Unedited recording of the unboxing; its SHA-256 is listed below and in manifest.json.",
        ),
        "marks": translate("Report", "checklist steps on the timeline"),
        "loading": translate("Report", "Loading the video…"),
        "checklist": translate("Report", "Checklist"),
        "decision": translate("Report", "Decision"),
        "parcel": translate("Report", "Parcel and inspection"),
        "shipped": translate("Report", "What was shipped"),
        "frames": translate("Report", "Key frames"),
        "timeline": translate("Report", "Timeline"),
        "integrity": translate("Report", "Integrity"),
    }
    w = {key: e(text) for key, text in w.items()}
    demo = demo_banner(data, translate)
    decided = fill(
        e(translate("Report", "Decision: %1.")),
        f'<span class="decision {e(decision)}">{decision_text}</span>',
    )
    return f"""<!DOCTYPE html>
<html lang="{html_lang(data.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{w["title"]}</title>
<style>{_STYLE}</style>
</head>
<body data-video="pending">
<h1>{w["heading"]}</h1>
{demo}<p>{decided} {w["unedited"]}</p>
<div class="layout">
  <div class="player">
    <video id="video" src="{e(data.video_path)}" controls preload="metadata" playsinline></video>
    <div class="bar" aria-label="{w["marks"]}">{bar}</div>
    <div id="status">{w["loading"]}</div>
  </div>
  <div class="side">
    <h2>{w["checklist"]}</h2>
    {steps_html}
    <h2>{w["decision"]}</h2>
    <p class="decision {e(decision)}">{decision_text}</p>
    {reasons}
  </div>
</div>
<h2>{w["parcel"]}</h2>
<table>{_fact_rows(parcel_rows(data, translate))}</table>
<h2>{w["shipped"]}</h2>
{shipped_html}
{packing_html}
<h2>{w["frames"]}</h2>
<div class="frames">{frames}</div>
{story}
<h2>{w["timeline"]}</h2>
{timeline}
<h2>{w["integrity"]}</h2>
<table>{_fact_rows(integrity_rows(data, translate, grouped=False))}</table>
<p><small>{generated_line(data, translate)}</small></p>
<script type="application/json" id="inspection-data">{payload}</script>
<script type="application/json" id="report-words">{words}</script>
<script>{_SCRIPT}</script>
</body>
</html>
"""
