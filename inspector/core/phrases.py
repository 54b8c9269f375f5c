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
    "Weaker evidence: {why}": "证据较弱：{why}",
    "Not checked (n/a): {why}": "未检查（不适用）：{why}",
    "Not yet answered: {steps}": "尚未回答：{steps}",
    "The checklist is empty.": "检查清单为空。",
    "Answer the identity steps first: {steps}": "请先回答真伪核验步骤：{steps}",
    "Still to check: {steps}": "仍需检查：{steps}",
    "Genuine and whole: all {checked} checks passed": "正品且完整：全部 {checked} 项检查通过",
}

_BOOKS = {CHINESE: ZH_CN}


def say(language: str, template: str, **values: object) -> str:
    """The template in the language (English when there is no entry), filled with the values."""
    text = _BOOKS.get(language, {}).get(template, template)
    return text.format(**values) if values else text


def desk_language(setting: str | None) -> str:
    """The language a setting means: 'en', 'zh_CN', or for 'system' the computer's locale."""
    setting = (setting or "system").strip()
    if setting in (ENGLISH, CHINESE):
        return setting
    name = os.environ.get("LC_ALL") or os.environ.get("LANG") or (locale.getlocale()[0] or "")
    return CHINESE if name.lower().startswith("zh") else ENGLISH
