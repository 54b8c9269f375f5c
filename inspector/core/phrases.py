"""The words core writes into records (checklist steps, reasons) in the desk's language.

Qt's translations serve the windows; these texts are built in core, which has no Qt, and
are stored with the inspection, so the checklist, the overlay and the report all show the
words the desk read. Templates are the English text; a language without an entry keeps it.
"""

from __future__ import annotations

import locale
import os

ENGLISH = "en"
CHINESE = "zh_CN"

ZH_CN: dict[str, str] = {
    # general steps
    "Waybill readable and matching courier number {courier}": "面单清晰可读，且与快递单号 {courier} 一致",
    "Hold the label still in front of the camera until it is sharp.": "把面单稳稳对准镜头，直到画面清晰。",
    "Waybill readable on camera": "面单在镜头下清晰可读",
    "No courier number is known for this parcel: show the label so it can be read from the video.": "此包裹没有已知的快递单号：请把面单对准镜头，让录像中可以读出。",
    "Outer package sealed and intact on camera before opening": "拆封前在镜头下展示外包装完好、封口未被拆过",
    "Show the tape and every seam before cutting; note any sign of earlier opening.": "剪开前展示胶带和每条接缝；如有被拆过的痕迹请备注。",
    "Every side of the parcel shown": "包裹的每一面都已展示",
    "Turn the parcel slowly: top, bottom and all four sides.": "慢慢转动包裹：顶面、底面和四个侧面。",
    # an order the database does not hold
    "The item is the store's own product (order not in the database: compare by hand)": "商品是本店的商品（订单不在数据库中：请人工比对）",
    "Everything that was sold is in the parcel": "售出的所有物品都在包裹中",
    "No damage, wear or stains": "无损坏、磨损或污渍",
    # a product's own steps
    " (×{quantity}: check each)": "（×{quantity}：逐件检查）",
    "Is it our {name} (SKU {sku}){quantity}?": "是否为本店的 {name}（SKU {sku}）{quantity}？",
    "Compare with the reference photos: shape, colour, logo, material.": "与参考照片比对：形状、颜色、标志、材质。",
    "the serial we shipped: {serials}": "我们发出的序列号：{serials}",
    "in our range {first}…{last}": "在本店范围 {first}…{last} 内",
    "format {format}": "格式为 {format}",
    "Our anti-counterfeit sticker present": "本店防伪贴存在",
    "Our anti-counterfeit sticker present: {sticker}": "本店防伪贴存在：{sticker}",
    "Read its serial aloud and enter it; it must be {wants}": "读出并输入其序列号；必须是{wants}",
    "Hidden store mark: {mark}": "店铺暗记：{mark}",
    "Batch code fits our format {format}": "批次号符合本店格式 {format}",
    "Batch code is the one we shipped": "批次号与我们发出的一致",
    "Enter the batch code printed on the item.": "输入商品上印的批次号。",
    "Enter the batch code printed on the item; we shipped {batches}.": "输入商品上印的批次号；我们发出的是 {batches}。",
    "Hang tag attached: {tag}": "吊牌齐全：{tag}",
    "Packaging: {feature}": "包装：{feature}",
    "Accessory included: {accessory}{quantity}": "配件齐全：{accessory}{quantity}",
    "{name}: no damage, wear or stains": "{name}：无损坏、磨损或污渍",
    "Show every face of the item; a failed answer means it is damaged.": "展示商品的每一面；选择不通过表示已损坏。",
    "SKU {sku} (not in the catalog): {title}": "SKU {sku}（不在商品目录中）：{title}",
    # codes read at the desk
    "{what} {code} is not {expected}": "{what} {code} 不是 {expected}",
    "{what} {code} is not the one we shipped in this order ({shipped})": "{what} {code} 不是本订单发出的（{shipped}）",
    "{what} {code} does not fit our format {format}": "{what} {code} 不符合本店格式 {format}",
    "courier number": "快递单号",
    "serial": "序列号",
    "batch code": "批次号",
    "code": "编码",
    # the recommendation and its reasons
    "Not our item": "不是本店商品",
    "Damaged": "已损坏",
    "Incomplete": "不完整",
    "reject the parcel": "拒收包裹",
    "sign under dispute and file a claim": "争议签收并提起索赔",
    "sign with a note": "签收并备注",
    "{label}: {why} → {outcome} on {platform}": "{label}：{why} → 在 {platform} 上{outcome}",
    "{label}: {why} → {outcome}": "{label}：{why} → {outcome}",
    "Weaker evidence: {why}": "证据较弱：{why}",
    "Not checked (n/a): {why}": "未检查（不适用）：{why}",
    "Not yet answered: {steps}": "尚未回答：{steps}",
    "The checklist is empty.": "检查清单为空。",
    "Answer the identity steps first: {steps}": "请先回答真伪核验步骤：{steps}",
    "Still to check: {steps}": "仍需检查：{steps}",
    "Genuine and whole: all {checked} checks passed": "正品且完整：全部 {checked} 项检查通过",
    # the evidence report: timeline, answers, key frames (inspector/services/evidence.py)
    "Recording started": "开始录像",
    "Recording stopped": "停止录像",
    "Recording interrupted": "录像中断",
    "Recording failed": "录像失败",
    "Recording recovered after the app stopped": "程序停止后已恢复录像",
    "Recording continued after the camera came back": "摄像头恢复后继续录像",
    "Record resealed after a recorded change": "记录变更后已重新封存",
    "Evidence exported": "已导出证据",
    "Decided": "已决定",
    "Order found from the waybill": "已根据面单找到订单",
    "Video removed by the retention rule": "视频已按保留规则删除",
    "Note": "备注",
    "Waybill barcode legible on camera": "面单条码在镜头下清晰可读",
    "Video searched for the waybill barcode": "已在视频中搜索面单条码",
    "pass": "通过",
    "FAIL": "不通过",
    "not applicable": "不适用",
    "not answered": "未回答",
    "read {value}": "读取为 {value}",
    "at {offset} s of video part {part}": "位于第 {part} 段视频的 {offset} 秒",
    "; ": "；",
    "(not in the catalog)": "（不在商品目录中）",
    "Return requested": "买家申请退货",
    "on {platform}": "在 {platform}",
    "Courier number supplied by the buyer": "买家提供了快递单号",
    "Parcel arrived at the desk": "包裹到达验货台",
    "the buyer gave the courier number only after it arrived": "买家在包裹到达后才提供快递单号",
    "read by the desk camera": "由验货台摄像头读取",
    "found by searching the video": "通过搜索视频找到",
    "not legible in the first {seconds} s ({by})": "前 {seconds} 秒内无法识别（{by}）",
    "{code} at {offset} in the video ({by})": "{code}，位于视频 {offset}（{by}）",
    "Product barcode scanned": "扫描了商品条码",
    "{name} (SKU {sku}), barcode {code}, at {offset} in the video": "{name}（SKU {sku}），条码 {code}，位于视频 {offset}",
    "{name} (SKU {sku}), barcode {code}, at {offset} in the video: shipped in this order": "{name}（SKU {sku}），条码 {code}，位于视频 {offset}：是本订单发出的商品",
    "{name} (SKU {sku}), barcode {code}, at {offset} in the video: NOT shipped in this order (shipped: {shipped})": "{name}（SKU {sku}），条码 {code}，位于视频 {offset}：不是本订单发出的商品（发出的是：{shipped}）",
    "Start of recording": "录像开始",
    # why a recording cannot start (inspector/services/recording.py)
    "Enter or scan the order number before starting.": "开始前请输入或扫描订单号。",
    "The order or courier number is longer than 100 characters; scan it again.": "订单号或快递单号超过 100 个字符；请重新扫描。",
    "Only {free} is free on the disk holding {folder}; recording needs at least {reserve}. Free some space or move the data folder.": "存放 {folder} 的磁盘只剩 {free} 可用；录像至少需要 {reserve}。请清理空间或更换数据文件夹。",
    "{camera} is already recording {file}. Stop that recording first (one recording per camera).": "{camera} 正在录制 {file}。请先停止那段录像（每个摄像头同时只能录一段）。",
    "{camera} is not delivering pictures right now ({cause}). Wait until it is back, or choose another camera.": "{camera} 现在没有画面（{cause}）。请等它恢复，或换一个摄像头。",
    "{camera} is not delivering pictures yet ({cause}). Wait until it is back.": "{camera} 还没有画面（{cause}）。请等它恢复。",
    # what an export says while it works (the progress bar)
    "Exporting inspection {id} to {dest}": "正在把验货记录 {id} 导出到 {dest}",
    "Looking for the waybill barcode in the video": "正在视频中查找面单条码",
    "Copying {name}": "正在复制 {name}",
    "Adding key frames, report.pdf and index.html": "正在加入关键帧、report.pdf 和 index.html",
    "Finishing the bundle": "正在完成证据包",
    "Bundle written: {dest}": "证据包已写入：{dest}",
    "Cutting a clip of inspection {id}": "正在剪辑验货记录 {id} 的片段",
    "Encoding the clip": "正在编码片段",
    "Clip written: {path}": "片段已写入：{path}",
    "Checked {done} of {total} inspections": "已核验 {done}/{total} 条验货记录",
    "{n}/{count} order {order}": "{n}/{count} 订单 {order}",
    "{count} bundles in {folder}": "{folder} 中共 {count} 个证据包",
    # camera sources (inspector/capture/sources.py)
    "Demo desk scene {width}×{height} @ {fps} fps": "演示验货台画面 {width}×{height} @ {fps} fps",
    "Camera {index}": "摄像头 {index}",
    "Camera {index} ({mode})": "摄像头 {index}（{mode}）",
    "{camera} delivers {delivered} frames a second, not the {asked} asked for. The video stays real time but moves in jerks: choose a smaller size or a lower frame rate, light the desk better (cameras slow down in the dark), or use a USB 3 port.": "{camera} 每秒只送来 {delivered} 帧，而不是要求的 {asked} 帧。录像时长仍与实际时间一致，但画面会卡顿：请选择较小的画面尺寸或较低的帧率，把验货台照亮些（光线暗时摄像头会变慢），或改用 USB 3 接口。",
    "Network camera {url}": "网络摄像头 {url}",
    "Video file {name}": "视频文件 {name}",
    "Step {index}: {title}": "第 {index} 步：{title}",
    "End of recording": "录像结束",
    # what the desk records happened (InspectionEvent messages, reseal reasons)
    "Recording started from {source}": "从 {source} 开始录像",
    "no picture arrived from the camera": "摄像头没有传来画面",
    "Segment {seq} recorded nothing ({why}); the earlier segments are kept.": "第 {seq} 段没有录到画面（{why}）；之前的各段已保留。",
    "No video was recorded: {why}": "没有录到视频：{why}",
    "{frames} frames, {dropped} dropped, {seconds} s": "{frames} 帧，丢帧 {dropped}，{seconds} 秒",
    "The program stopped while recording; {seconds} s of video were saved up to the last second written.": "录像时程序停止；已保存 {seconds} 秒视频，截至最后写入的一秒。",
    "The program stopped while recording before any video reached the disk; nothing was recorded for this inspection.": "录像时程序在视频写入磁盘前停止；本次验货没有录到内容。",
    "Recording continued into segment {seq} from {source}": "从 {source} 继续录像，第 {seq} 段",
    "Order {order} filled in from waybill {courier}": "已根据面单 {courier} 填入订单 {order}",
    "step {seq} answered": "已回答第 {seq} 步",
    "Record changed ({reason}); record hash {old} → {new}": "记录已变更（{reason}）；记录哈希 {old} → {new}",
    "decided {decision}": "已决定：{decision}",
    "{decision} (recommended {recommended})": "{decision}（规则建议：{recommended}）",
    "; overridden: {reason}": "；推翻建议：{reason}",
    "; note: {reason}": "；备注：{reason}",
    "; decided without answering step(s) {steps}": "；未回答第 {steps} 步即作出决定",
    "; replaces the earlier decision {previous}": "；取代之前的决定：{previous}",
    "Choose the operator (or scan your badge) before starting a recording.": "开始录像前请选择操作员（或扫描工牌）。",
    "sign": "签收",
    "reject": "拒收",
    "dispute": "争议签收",
    "pending": "待处理",
    "Evidence bundle {name} ({size} bytes)": "证据包 {name}（{size} 字节）",
    "Appeal clip {name}: {start}–{end} s of the original (sha256 {sha}), {size} bytes, clip sha256 {clip_sha}": "申诉片段 {name}：原视频的 {start}–{end} 秒（sha256 {sha}），{size} 字节，片段 sha256 {clip_sha}",
    # bad input refused (issue 14)
    "{path} already exists; choose another name, or add --force to replace it.": "{path} 已存在；请换一个名字，或加上 --force 替换它。",
    "The database {path} is damaged ({detail}); nothing was changed. Restore the newest backup with 'inspector restore BACKUP' (the station window offers it at start); restoring keeps the damaged file aside.": "数据库 {path} 已损坏（{detail}）；没有做任何改动。请用 'inspector restore 备份文件' 恢复最新的备份（工作站窗口启动时会提供此选项）；恢复时损坏的文件会另存一旁。",
    "The newest backup is {backup}: restore it with 'inspector restore {backup}'.": "最新的备份是 {backup}：用 'inspector restore {backup}' 恢复它。",
    "No backup of the database was found in {folders}.": "在 {folders} 中没有找到数据库的备份。",
}

_BOOKS = {CHINESE: ZH_CN}


def say(language: str, template: str, **values: object) -> str:
    """The template in the language (English when there is no entry), filled with the values."""
    text = _BOOKS.get(language, {}).get(template, template)
    return text.format(**values) if values else text


_system_language: str | None = None  # what the windows found 'system' to mean, once known


def set_system_language(language: str | None) -> None:
    """Make 'system' mean the language the windows chose, so core writes in the same one.

    Qt asks the operating system itself (on Windows the user's display language, which no
    environment variable carries); the app tells core here at start. None forgets it.
    """
    global _system_language
    _system_language = language


def desk_language(setting: str | None) -> str:
    """The language a setting means: 'en', 'zh_CN', or for 'system' the computer's locale."""
    setting = (setting or "system").strip()
    if setting in (ENGLISH, CHINESE):
        return setting
    if _system_language is not None:
        return _system_language
    name = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    # POSIX says zh_CN.UTF-8; Python on Windows may say "Chinese (Simplified)_China".
    return CHINESE if name.lower().startswith(("zh", "chinese")) else ENGLISH
