<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../inspector/ui/app.py" line="60"/>
        <location filename="../../inspector/ui/app.py" line="76"/>
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/app.py" line="115"/>
        <source>Recordings recovered</source>
        <translation>已恢复录像</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/app.py" line="119"/>
        <source>Needs attention</source>
        <translation>需要处理</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/app.py" line="138"/>
        <source>The database is damaged</source>
        <translation>数据库已损坏</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/app.py" line="143"/>
        <source>Restore the newest backup, {0}? Inspections recorded after it are not in it; the damaged file is kept in the backups folder.</source>
        <translation>恢复最新的备份 {0} 吗？此备份之后录制的验货记录不在其中；损坏的文件会保存在备份文件夹中。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/app.py" line="150"/>
        <source>Restore the backup</source>
        <translation>恢复备份</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/app.py" line="153"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>AppealsController</name>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="59"/>
        <source>no window</source>
        <translation>无申诉期限</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="61"/>
        <source>passed {0} d ago</source>
        <translation>已过期 {0} 天</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="63"/>
        <source>{0} d</source>
        <translation>{0} 天</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="71"/>
        <source>✓ exported</source>
        <translation>✓ 已导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="84"/>
        <source>{0} appeal(s), {1} not exported yet.</source>
        <translation>{0} 个申诉，{1} 个尚未导出。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="98"/>
        <source>Choose the folder for the evidence bundle</source>
        <translation>选择证据包的保存文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="108"/>
        <source>Save the appeal clip</source>
        <translation>保存申诉视频片段</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="108"/>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="116"/>
        <location filename="../../inspector/ui/appeals.py" line="132"/>
        <source>Choose an inspection in the list first.</source>
        <translation>请先在列表中选择一条验货记录。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="122"/>
        <source>Exporting the evidence bundle</source>
        <translation>正在导出证据包</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="138"/>
        <source>Cutting the appeal clip</source>
        <translation>正在剪辑申诉片段</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="154"/>
        <source>Written: {0}</source>
        <translation>已写入：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals.py" line="159"/>
        <source>The export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
</context>
<context>
    <name>AppealsView</name>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="22"/>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="23"/>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="24"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="25"/>
        <source>Courier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="26"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="27"/>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="28"/>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="35"/>
        <source>Rejected and disputed returns, the claim deadline first. Export the evidence bundle and, where the platform limits uploads, an appeal clip.</source>
        <translation>拒收和争议的退货，按索赔截止时间排序。导出证据包；平台限制上传大小时，再导出申诉片段。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="46"/>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="47"/>
        <source>&amp;Open inspection</source>
        <translation>打开验货记录(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="48"/>
        <source>&amp;Export evidence bundle…</source>
        <translation>导出证据包(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/appeals_view.py" line="49"/>
        <source>Appeal &amp;clip…</source>
        <translation>申诉片段(&amp;C)…</translation>
    </message>
</context>
<context>
    <name>BrowseController</name>
    <message>
        <location filename="../../inspector/ui/browse.py" line="100"/>
        <source>The search failed: {0}</source>
        <translation>查询失败：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="167"/>
        <location filename="../../inspector/ui/browse.py" line="231"/>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="239"/>
        <location filename="../../inspector/ui/browse.py" line="247"/>
        <source>{0} inspections</source>
        <translation>{0} 条验货记录</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="241"/>
        <source>1 inspection</source>
        <translation>1 条验货记录</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="244"/>
        <source>({0} loaded; scroll for more)</source>
        <translation>（已加载 {0} 条；向下滚动加载更多）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="275"/>
        <source>{0} inspections match {1}; the first in the list is open.</source>
        <translation>{0} 条验货记录与 {1} 相符；已打开列表中的第一条。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="299"/>
        <source>No inspection has the order or courier number {0}.</source>
        <translation>没有订单号或快递单号为 {0} 的验货记录。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="310"/>
        <source>{0} inspections have {1}; the newest is open.</source>
        <translation>{1} 有 {0} 条验货记录；已打开最新一条。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="361"/>
        <source>Select an inspection in the list first.</source>
        <translation>请先在列表中选择一条验货记录。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="387"/>
        <source>Inspection {0} — {1}</source>
        <translation>验货记录 {0} — {1}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="414"/>
        <source>Export the list as CSV</source>
        <translation>将列表导出为 CSV</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="416"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="431"/>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="443"/>
        <source>Exported {0} inspections to {1}.</source>
        <translation>已导出 {0} 条验货记录到 {1}。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="450"/>
        <source>The export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="463"/>
        <source>Counting…</source>
        <translation>正在统计…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="475"/>
        <source>The summary failed: {0}</source>
        <translation>汇总失败：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="483"/>
        <source>Summary of the listed inspections</source>
        <translation>所列验货记录的汇总</translation>
    </message>
</context>
<context>
    <name>BrowseSummary</name>
    <message>
        <location filename="../../inspector/ui/browse.py" line="543"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="544"/>
        <source>Inspections</source>
        <translation>验货次数</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="556"/>
        <source>{0} inspections</source>
        <translation>{0} 条验货记录</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="561"/>
        <source>Per decision</source>
        <translation>按处理结果</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="563"/>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="566"/>
        <source>Per operator</source>
        <translation>按操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="568"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="571"/>
        <source>Per station</source>
        <translation>按工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="573"/>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="576"/>
        <source>Per SKU</source>
        <translation>按 SKU</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="578"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="581"/>
        <source>Buyers with the most rejected or disputed returns</source>
        <translation>拒收或争议退货最多的买家</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="585"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="588"/>
        <source>Per day</source>
        <translation>按日期</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse.py" line="590"/>
        <source>Day</source>
        <translation>日期</translation>
    </message>
</context>
<context>
    <name>BrowseView</name>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="40"/>
        <source>Scan or type an order or courier number (Enter opens the match)</source>
        <translation>扫描或输入订单号或快递单号（回车打开匹配项）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="43"/>
        <source>Starts with</source>
        <translation>开头为</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="44"/>
        <source>Contains</source>
        <translation>包含</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="45"/>
        <source>Whole number</source>
        <translation>完整号码</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="51"/>
        <source>Starts with is instant at any size; Contains finds a part such as the last digits but reads more of the archive.</source>
        <translation>“开头为”在任何数据量下都很快；“包含”可查找部分号码（如末几位），但需读取更多存档。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="56"/>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="62"/>
        <source>&amp;Dates</source>
        <translation>日期(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="71"/>
        <location filename="../../inspector/ui/browse_view.py" line="76"/>
        <location filename="../../inspector/ui/browse_view.py" line="82"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="77"/>
        <source>Returns</source>
        <translation>退货</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="78"/>
        <source>Packings</source>
        <translation>打包</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="85"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="87"/>
        <source>C&amp;lear filters</source>
        <translation>清除筛选(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="92"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="95"/>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="96"/>
        <source>Decision:</source>
        <translation>处理结果：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="97"/>
        <source>Operator:</source>
        <translation>操作员：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="98"/>
        <source>Station:</source>
        <translation>工作台：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="99"/>
        <source>SKU:</source>
        <translation>SKU：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="128"/>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="129"/>
        <source>&amp;Export CSV…</source>
        <translation>导出 CSV(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/browse_view.py" line="130"/>
        <source>S&amp;ummary…</source>
        <translation>汇总(&amp;U)…</translation>
    </message>
</context>
<context>
    <name>CameraPreview</name>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="136"/>
        <source>No second camera</source>
        <translation>无第二个摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="137"/>
        <source>Demo desk (no camera)</source>
        <translation>演示工作台（无摄像头）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="143"/>
        <source>Find cameras</source>
        <translation>查找摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="144"/>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="145"/>
        <source>Press Preview to see the chosen camera.</source>
        <translation>按“预览”查看所选摄像头的画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="206"/>
        <source>Looking for cameras…</source>
        <translation>正在查找摄像头…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector/ui/settings_dialog.py" line="217"/>
        <source>%n camera(s) found.</source>
        <translation>
            <numerusform>找到 %n 个摄像头。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="219"/>
        <source>No camera found. Check the cable, or enter a camera URL.</source>
        <translation>未找到摄像头。请检查连接线，或输入摄像头地址。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="264"/>
        <source>No second camera.</source>
        <translation>没有第二个摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="270"/>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
</context>
<context>
    <name>Carriers</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="307"/>
        <source>SF Express</source>
        <translation>顺丰速运</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="308"/>
        <source>JD Logistics</source>
        <translation>京东物流</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="309"/>
        <source>YTO Express</source>
        <translation>圆通速递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="310"/>
        <source>J&amp;T Express</source>
        <translation>极兔速递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="311"/>
        <source>Deppon</source>
        <translation>德邦快递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="312"/>
        <source>Cainiao</source>
        <translation>菜鸟</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="313"/>
        <source>ZTO Express</source>
        <translation>中通快递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="314"/>
        <source>ZTO Freight</source>
        <translation>中通快运</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="315"/>
        <source>STO Express</source>
        <translation>申通快递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="316"/>
        <source>Yunda</source>
        <translation>韵达速递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="317"/>
        <source>Best Express</source>
        <translation>百世快递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="318"/>
        <source>EMS / China Post</source>
        <translation>EMS / 中国邮政</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="319"/>
        <source>China Post</source>
        <translation>中国邮政</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="320"/>
        <source>YunExpress</source>
        <translation>云途物流</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="321"/>
        <source>Shopee Xpress (SPX)</source>
        <translation>Shopee Xpress（SPX）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="322"/>
        <source>Lazada Express (LEX)</source>
        <translation>Lazada Express（LEX）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="323"/>
        <source>Amazon Logistics</source>
        <translation>亚马逊物流</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="324"/>
        <source>Amazon Shipping</source>
        <translation>亚马逊 Shipping</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="325"/>
        <source>UPS</source>
        <translation>UPS</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="326"/>
        <source>USPS</source>
        <translation>USPS</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="327"/>
        <source>FedEx</source>
        <translation>FedEx</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="328"/>
        <source>DHL Express</source>
        <translation>DHL 快递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="329"/>
        <source>DHL eCommerce</source>
        <translation>DHL 电子商务</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="330"/>
        <source>DPD</source>
        <translation>DPD</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="331"/>
        <source>Canada Post</source>
        <translation>加拿大邮政</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="332"/>
        <source>Canpar</source>
        <translation>Canpar</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="333"/>
        <source>Purolator</source>
        <translation>Purolator</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="334"/>
        <source>OnTrac</source>
        <translation>OnTrac</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="335"/>
        <source>LaserShip</source>
        <translation>LaserShip</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="336"/>
        <source>GOFO Express</source>
        <translation>GOFO Express</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="337"/>
        <source>Landmark Global LTN</source>
        <translation>Landmark Global LTN</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="338"/>
        <source>Spee-Dee Delivery</source>
        <translation>Spee-Dee Delivery</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="339"/>
        <source>Yodel</source>
        <translation>Yodel</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="340"/>
        <source>Old Dominion Freight Line</source>
        <translation>Old Dominion Freight Line</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="341"/>
        <source>Postal service (S10)</source>
        <translation>邮政（S10 国际）</translation>
    </message>
</context>
<context>
    <name>CatalogController</name>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="59"/>
        <source>Orders CSV</source>
        <translation>订单 CSV</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="60"/>
        <source>Amazon returns report</source>
        <translation>亚马逊退货报告</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="61"/>
        <source>Taobao refund report</source>
        <translation>淘宝退款报表</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="62"/>
        <source>Qianniu order export</source>
        <translation>千牛订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="63"/>
        <source>Taobao items report</source>
        <translation>淘宝宝贝报表</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="64"/>
        <source>Taobao order report</source>
        <translation>淘宝订单报表</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="65"/>
        <location filename="../../inspector/ui/catalog.py" line="71"/>
        <source>Shopee order export</source>
        <translation>Shopee 订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="66"/>
        <source>Lazada order export</source>
        <translation>Lazada 订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="67"/>
        <location filename="../../inspector/ui/catalog.py" line="68"/>
        <source>Meesho returns report</source>
        <translation>Meesho 退货报告</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="69"/>
        <source>Amazon FBA customer returns</source>
        <translation>亚马逊 FBA 买家退货报告</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="70"/>
        <source>Amazon All Orders report</source>
        <translation>亚马逊全部订单报告</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="72"/>
        <location filename="../../inspector/ui/catalog.py" line="73"/>
        <source>Shopee return/refund export</source>
        <translation>Shopee 退货/退款导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="74"/>
        <source>Pinduoduo order export</source>
        <translation>拼多多订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="75"/>
        <source>Douyin shop order export</source>
        <translation>抖店订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="76"/>
        <source>JD.com order export</source>
        <translation>京东订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="77"/>
        <source>TikTok Shop order export</source>
        <translation>TikTok Shop 订单导出</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="78"/>
        <source>eBay orders report</source>
        <translation>eBay 订单报告</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="79"/>
        <source>Etsy sold orders</source>
        <translation>Etsy 已售订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="80"/>
        <source>Mapped columns</source>
        <translation>手动对应的列</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="178"/>
        <source>missing: {0}</source>
        <translation>缺少：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="207"/>
        <source>Saved {0}. New inspections of it use these steps.</source>
        <translation>已保存 {0}。该商品的新验货将使用这些步骤。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="213"/>
        <source>Choose a reference photo</source>
        <translation>选择参考照片</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="213"/>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="223"/>
        <source>Photo added; press Save to keep it.</source>
        <translation>已添加照片；按“保存”以保留。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="230"/>
        <source>Photo removed; press Save to keep the change.</source>
        <translation>已移除照片；按“保存”以保留更改。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="233"/>
        <source>Import products</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="233"/>
        <location filename="../../inspector/ui/catalog.py" line="249"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="243"/>
        <source>Imported {0}: {1} new, {2} updated.</source>
        <translation>已导入 {0}：新增 {1}，更新 {2}。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="249"/>
        <source>Export products</source>
        <translation>导出商品</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="257"/>
        <source>Wrote {0} products to {1}.</source>
        <translation>已将 {0} 个商品写入 {1}。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="279"/>
        <source>missing for {0} d — chase the buyer</source>
        <translation>已缺少 {0} 天 — 请催促买家</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="294"/>
        <source>{0} return(s) expected; {1} still without a courier number.</source>
        <translation>预计 {0} 个退货；{1} 个仍无快递单号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="308"/>
        <source>not yet</source>
        <translation>尚未提醒</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="311"/>
        <source>%1× — last %2</source>
        <translation>%1 次 — 最近 %2</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="340"/>
        <source>Choose an order still without its courier number to see today&apos;s message.</source>
        <translation>选择一个仍缺快递单号的订单，查看今天要发给买家的消息。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="346"/>
        <source>Order %1 has its courier number: the buyer need not be asked.</source>
        <translation>订单 %1 已有快递单号：无需再提醒买家。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="375"/>
        <source>Copied the message for order %1 and logged it at %2 (reminder %3).</source>
        <translation>已复制订单 %1 的提醒消息，并记录于 %2（第 %3 次提醒）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="384"/>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="385"/>
        <source>Order exports (*.csv *.txt *.tsv *.xlsx *.xls);;All files (*)</source>
        <translation>订单导出文件 (*.csv *.txt *.tsv *.xlsx *.xls);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="442"/>
        <source>{0}: {1} orders updated, {2} created, {3} unchanged; {4} return waybills added.</source>
        <translation>{0}：更新 {1} 个订单，新建 {2} 个，{3} 个无变化；新增 {4} 个退货运单号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="447"/>
        <source>{0} outbound waybill(s) added.</source>
        <translation>新增 {0} 个发货运单号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="452"/>
        <source>Rows skipped: {0} not an order (description, total or note), {1} blank.</source>
        <translation>跳过的行：{0} 行不是订单（说明、合计或备注），{1} 行空白。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="456"/>
        <source>{0} SKU(s) not in the catalog ({1}): those orders get the general steps until the products are added.</source>
        <translation>{0} 个 SKU 不在商品目录中（{1}）：在添加这些商品之前，相关订单只做通用检查步骤。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog.py" line="468"/>
        <source>{0} — in {1} order(s)</source>
        <translation>{0} — 出现在 {1} 个订单中</translation>
    </message>
</context>
<context>
    <name>CatalogView</name>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="32"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="33"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="34"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="35"/>
        <source>Return requested</source>
        <translation>申请退货</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="36"/>
        <source>Days waiting</source>
        <translation>已等待天数</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="37"/>
        <source>Courier number</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="38"/>
        <source>Buyer reminded</source>
        <translation>已提醒买家</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="48"/>
        <source>&amp;New product</source>
        <translation>新建商品(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="49"/>
        <source>&amp;Import CSV…</source>
        <translation>导入 CSV(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="50"/>
        <source>E&amp;xport CSV…</source>
        <translation>导出 CSV(&amp;X)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="58"/>
        <source>In orders, not in the catalog</source>
        <translation>订单中有、目录中没有的 SKU</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="72"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="73"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="76"/>
        <source>Anti-counterfeit sticker</source>
        <translation>防伪贴</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="77"/>
        <source>what it looks like, where it is</source>
        <translation>外观与位置</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="81"/>
        <source>Serial format</source>
        <translation>序列号格式</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="82"/>
        <source># digit, @ letter, * either: AC-######</source>
        <translation># 数字，@ 字母，* 任意：AC-######</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="84"/>
        <source>Serial range from</source>
        <translation>序列号范围起</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="85"/>
        <source>Serial range to</source>
        <translation>序列号范围止</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="86"/>
        <source>Batch code format</source>
        <translation>批号格式</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="97"/>
        <source>one per line (EAN-13, UPC or our own); a scan of one at the desk names this product</source>
        <translation>每行一个（EAN-13、UPC 或本店自编码）；在验货台扫描其中任一个即显示此商品</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="102"/>
        <source>Barcodes</source>
        <translation>条码</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="104"/>
        <source>Hidden store marks</source>
        <translation>店铺暗记</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="105"/>
        <source>Hang tags</source>
        <translation>吊牌</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="106"/>
        <source>Packaging features</source>
        <translation>包装特征</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="107"/>
        <source>Accessories</source>
        <translation>配件</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="110"/>
        <source>one per line; each becomes a checklist step</source>
        <translation>每行一项；每项成为一个检查步骤</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="120"/>
        <source>Add &amp;photo…</source>
        <translation>添加照片(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="121"/>
        <source>&amp;Remove photo</source>
        <translation>移除照片(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="126"/>
        <source>Reference photos:</source>
        <translation>参考照片：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="128"/>
        <source>&amp;Save product  (Ctrl+S)</source>
        <translation>保存商品(&amp;S)  (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="133"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="157"/>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="165"/>
        <source>Import &amp;orders…</source>
        <translation>导入订单(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="166"/>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="176"/>
        <source>Choose an order still without its courier number to see today&apos;s message.</source>
        <translation>选择一个仍缺快递单号的订单，查看今天要发给买家的消息。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="178"/>
        <source>Copy today&apos;s message (Ctrl+C)</source>
        <translation>复制今天的消息（Ctrl+C）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/catalog_view.py" line="192"/>
        <source>Expected returns</source>
        <translation>预计退货</translation>
    </message>
</context>
<context>
    <name>ChecklistController</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="218"/>
        <source>Sign</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="225"/>
        <source>Reject</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="232"/>
        <source>Sign under dispute</source>
        <translation>争议签收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="212"/>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="141"/>
        <source>Waybill %1</source>
        <translation>面单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="144"/>
        <source>Waybill %1 matches no imported order, so the products cannot be checked: only the general steps are asked. If you know the order number, type it in the Order field before starting; otherwise import the shop&apos;s orders (Catalog → Import orders CSV…).</source>
        <translation>面单 %1 没有对应的已导入订单，无法核对商品：只检查通用步骤。如果知道订单号，请在开始前填入“订单号”栏；否则请导入店铺订单（商品目录 → 导入订单 CSV…）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="151"/>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="154"/>
        <source>%1 is not an order in the database: it can still be inspected, with the general steps only. Import the shop&apos;s orders to check products.</source>
        <translation>%1 不是数据库中的订单：仍可验货，但只有通用步骤。导入店铺订单后才能核对商品。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="160"/>
        <source> · shipped %1</source>
        <translation> · %1 发货</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="165"/>
        <source>&lt;b&gt;Order %1&lt;/b&gt; · %2 · buyer %3</source>
        <translation>&lt;b&gt;订单 %1&lt;/b&gt; · %2 · 买家 %3</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector/ui/checklist.py" line="187"/>
        <source>Warning: buyer %1 already has %n rejected return(s): %2. Film with extra care.</source>
        <translation>
            <numerusform>警告：买家 %1 已有 %n 次退货被拒收：%2。请格外仔细地拍摄。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="224"/>
        <source>Scan the order number to see what was shipped.</source>
        <translation>扫描订单号以查看发货内容。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="276"/>
        <source>All steps answered — decide: S sign, R reject, D dispute.</source>
        <translation>所有步骤已完成 — 请处理：S 签收，R 拒收，D 争议。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="307"/>
        <source>No camera picture to take.</source>
        <translation>没有可拍摄的摄像头画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="310"/>
        <source>Photo taken — it is saved with the next answer.</source>
        <translation>已拍照 — 将随下一个答案一起保存。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="344"/>
        <source>Recommended: %1</source>
        <translation>建议：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="349"/>
        <source>Answer the identity steps first: %1 open.</source>
        <translation>请先回答真伪核验步骤：还有 %1 项。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="360"/>
        <source>… and %1 more</source>
        <translation>……另有 %1 条</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="364"/>
        <source>%1 step(s) not answered yet.</source>
        <translation>还有 %1 个步骤未完成。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="395"/>
        <source>Decided: %1</source>
        <translation>已处理：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist.py" line="398"/>
        <source> (recommended %1)</source>
        <translation>（建议：%1）</translation>
    </message>
</context>
<context>
    <name>ChecklistView</name>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="59"/>
        <source>What was shipped</source>
        <translation>发货内容</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="74"/>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="95"/>
        <source>Serial or code seen on the item (optional)</source>
        <translation>商品上的序列号或编码（可选）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="98"/>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="104"/>
        <source>✓ Pass  (P)</source>
        <translation>✓ 通过  (P)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="106"/>
        <source>✗ Fail  (F)</source>
        <translation>✗ 不通过  (F)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="108"/>
        <source>– Not applicable  (N)</source>
        <translation>– 不适用  (N)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="109"/>
        <source>Photo  (C)</source>
        <translation>拍照  (C)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="155"/>
        <source>Keys: P pass · F fail · N n/a · C photo · ↑↓ step · S/R/D decide · F8 stop</source>
        <translation>按键：P 通过 · F 不通过 · N 不适用 · C 拍照 · ↑↓ 选步骤 · S/R/D 决定 · F8 停止</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="137"/>
        <source>Sign  (S)</source>
        <translation>签收  (S)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="138"/>
        <source>Reject  (R)</source>
        <translation>拒收  (R)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/checklist_view.py" line="139"/>
        <source>Sign under dispute  (D)</source>
        <translation>争议签收  (D)</translation>
    </message>
</context>
<context>
    <name>Decisions</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="221"/>
        <source>SIGNED</source>
        <translation>已签收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="228"/>
        <source>REJECTED</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="235"/>
        <source>SIGNED UNDER DISPUTE</source>
        <translation>已争议签收</translation>
    </message>
</context>
<context>
    <name>DeskMenu</name>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="53"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="56"/>
        <source>&amp;Operators…</source>
        <translation>操作员(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="58"/>
        <source>Set &amp;up this desk…</source>
        <translation>设置本工作台(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="84"/>
        <source>The new camera settings apply after this recording.</source>
        <translation>新的摄像头设置将在本次录像结束后生效。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="107"/>
        <source>The windows change language when this parcel is done; new recordings use it now.</source>
        <translation>此包裹处理完后窗口将切换语言；新的录像现在就使用新语言。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="144"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="145"/>
        <source>The new data folder is used from the next start.</source>
        <translation>新的数据文件夹将在下次启动时使用。</translation>
    </message>
</context>
<context>
    <name>Detail</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="159"/>
        <source>✔ pass</source>
        <translation>✔ 通过</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="160"/>
        <source>✘ fail</source>
        <translation>✘ 不通过</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="161"/>
        <source>– n/a</source>
        <translation>– 不适用</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="219"/>
        <source>Signed for (accepted)</source>
        <translation>已签收（接受）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="226"/>
        <source>Rejected (refused)</source>
        <translation>已拒收（拒绝）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="233"/>
        <source>Signed under dispute</source>
        <translation>争议签收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="213"/>
        <source>Not decided yet</source>
        <translation>尚未处理</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="522"/>
        <source>Decision:</source>
        <translation>处理结果：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="530"/>
        <source>by {0} {1}</source>
        <translation>由 {0} {1}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="536"/>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="538"/>
        <source>in {0} days</source>
        <translation>{0} 天后</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="540"/>
        <source>{0} days ago</source>
        <translation>{0} 天前</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="542"/>
        <source>Claim deadline:</source>
        <translation>索赔截止：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="549"/>
        <source>Reasons:</source>
        <translation>理由：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="552"/>
        <source>Override: the checklist recommended {0}</source>
        <translation>已更改建议：检查清单建议 {0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="556"/>
        <source>reason given: {0}</source>
        <translation>理由：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="561"/>
        <source>Override reason: {0}</source>
        <translation>更改理由：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="570"/>
        <source>(photo missing: {0})</source>
        <translation>（缺少照片：{0}）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="578"/>
        <source>The order is not in the database, so its contents are unknown. Import the shop&apos;s orders to see them here.</source>
        <translation>数据库中没有该订单，因此不知道其内容。导入店铺订单后可在此查看。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="585"/>
        <source>no reference photos</source>
        <translation>无参考照片</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="590"/>
        <source>Serials / codes: {0}</source>
        <translation>序列号 / 编码：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="609"/>
        <source>No photos were taken for the checklist steps.</source>
        <translation>检查步骤没有拍摄照片。</translation>
    </message>
</context>
<context>
    <name>DetailController</name>
    <message>
        <location filename="../../inspector/ui/detail.py" line="88"/>
        <source>Inspection %1 — order %2</source>
        <translation>验货记录 %1 — 订单 %2</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="90"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="91"/>
        <source>, courier %1</source>
        <translation>，快递 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="97"/>
        <source>Order number:</source>
        <translation>订单号：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="98"/>
        <source>Courier number:</source>
        <translation>快递单号：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="100"/>
        <source>Platform / buyer:</source>
        <translation>平台 / 买家：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="103"/>
        <source>Started:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="104"/>
        <source>Ended:</source>
        <translation>结束：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="105"/>
        <source>Length:</source>
        <translation>时长：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="106"/>
        <source>Operator:</source>
        <translation>操作员：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="107"/>
        <source>Station:</source>
        <translation>工作台：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="109"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="112"/>
        <source>({0} frames dropped)</source>
        <translation>（丢帧 {0}）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="125"/>
        <source>Part %1</source>
        <translation>第 %1 段</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="139"/>
        <source>No video was recorded for this inspection.</source>
        <translation>此验货记录没有录到视频。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="149"/>
        <source>no time</source>
        <translation>无时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="151"/>
        <source>not answered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="160"/>
        <source>This step was answered when the video was not recording.</source>
        <translation>此步骤作答时视频未在录制。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="225"/>
        <source>(no hash: the recording did not finish)</source>
        <translation>（无哈希：录像未完成）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="237"/>
        <source>Retention removed it on {0}.</source>
        <translation>保留策略已于 {0} 将其删除。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="245"/>
        <source>The video file is missing from disk:
{0}

It may have been moved, deleted or be on a drive that is not connected.{1} Restore it from a backup to watch it; everything else about this inspection is shown here.</source>
        <translation>磁盘上找不到视频文件：
{0}

它可能已被移动、删除，或位于未连接的磁盘上。{1}请从备份中恢复后观看；此验货记录的其他信息都显示在这里。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="338"/>
        <source>The video file cannot be played: {0}. Use &apos;Check the file still matches&apos; to see whether it changed since recording.</source>
        <translation>视频文件无法播放：{0}。请用“核对文件是否未被改动”检查录制后是否被更改。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="340"/>
        <source>it is damaged</source>
        <translation>文件已损坏</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="376"/>
        <source>❚❚ Pause</source>
        <translation>❚❚ 暂停</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="376"/>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="384"/>
        <source>Reading the video and computing its SHA-256…</source>
        <translation>正在读取视频并计算 SHA-256…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="412"/>
        <source>The check could not run: {0}</source>
        <translation>无法进行检查：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="439"/>
        <source>Choose the folder for the evidence bundle</source>
        <translation>选择证据包的保存文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="452"/>
        <source>Exporting the evidence bundle…</source>
        <translation>正在导出证据包…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="459"/>
        <source>Evidence bundle written: {0}</source>
        <translation>证据包已写入：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="467"/>
        <source>The export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="471"/>
        <source>Exporting the evidence bundle</source>
        <translation>正在导出证据包</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail.py" line="478"/>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
</context>
<context>
    <name>DetailView</name>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="216"/>
        <source>▶ Play</source>
        <translation>▶ 播放</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="219"/>
        <source>◀| Frame</source>
        <translation>◀| 上一帧</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="220"/>
        <source>One frame back (,)</source>
        <translation>后退一帧 (,)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="222"/>
        <source>Frame |▶</source>
        <translation>下一帧 |▶</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="223"/>
        <source>One frame forward (.)</source>
        <translation>前进一帧 (.)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="231"/>
        <source>The camera was lost and came back: one video per part</source>
        <translation>摄像头曾断开后恢复：每段一个视频</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="233"/>
        <source>00:00:00.0 / 00:00:00.0</source>
        <translation>00:00:00.0 / 00:00:00.0</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="238"/>
        <source>Speed:</source>
        <translation>速度：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="246"/>
        <source>Checklist steps — click one to see that moment</source>
        <translation>检查步骤 — 点击查看对应时刻</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="263"/>
        <source>Inspection</source>
        <translation>验货记录</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="278"/>
        <source>Check the file still matches</source>
        <translation>核对文件是否未被改动</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="284"/>
        <source>Export evidence bundle…</source>
        <translation>导出证据包…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="289"/>
        <source>SHA-256 of the video, taken when recording stopped:</source>
        <translation>录像停止时计算的视频 SHA-256：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="303"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="308"/>
        <source>Add a note (e.g. the platform asked for evidence). Notes are appended; they never change the recording, the answers or the decision.</source>
        <translation>添加备注（例如平台要求提供证据）。备注只会追加，不会更改录像、答案或处理结果。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="313"/>
        <source>Add note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="323"/>
        <source>By:</source>
        <translation>作者：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="331"/>
        <source>Order contents</source>
        <translation>订单内容</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="332"/>
        <source>Step photos</source>
        <translation>步骤照片</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="333"/>
        <source>Video integrity</source>
        <translation>视频完整性</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="334"/>
        <source>History and notes</source>
        <translation>历史与备注</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/detail_view.py" line="339"/>
        <source>Order&apos;s story</source>
        <translation>订单经过</translation>
    </message>
</context>
<context>
    <name>Events</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="65"/>
        <source>started</source>
        <translation>开始录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="66"/>
        <source>stopped</source>
        <translation>停止录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="68"/>
        <source>interrupted</source>
        <translation>中断</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="70"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="72"/>
        <source>recovered</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="75"/>
        <source>continued</source>
        <translation>继续录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="78"/>
        <source>resealed</source>
        <translation>重新封存</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="80"/>
        <source>exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="81"/>
        <source>decided</source>
        <translation>已决定</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="83"/>
        <source>order from waybill</source>
        <translation>由面单找到订单</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="86"/>
        <source>video removed</source>
        <translation>视频已删除</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="88"/>
        <source>note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="90"/>
        <source>waybill on camera</source>
        <translation>面单入镜</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="93"/>
        <source>waybill searched</source>
        <translation>已搜索面单</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="96"/>
        <source>product scanned</source>
        <translation>扫描了商品</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="99"/>
        <source>camera lost</source>
        <translation>摄像头丢失</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="102"/>
        <source>camera back</source>
        <translation>摄像头恢复</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="105"/>
        <source>cameras swapped</source>
        <translation>切换大画面</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="108"/>
        <source>item packed</source>
        <translation>已装箱</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="111"/>
        <source>packing problem</source>
        <translation>打包问题</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="114"/>
        <source>serial returned</source>
        <translation>退回序列号</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="232"/>
        <source>Set up this desk</source>
        <translation>设置本工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="241"/>
        <source>This desk</source>
        <translation>本工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="243"/>
        <source>The station name and the operator appear on every video and record.</source>
        <translation>工作台名称和操作员会显示在每段视频和每条记录上。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="246"/>
        <source>Same as the computer</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="255"/>
        <source>Your name — needed: every recording says who made it</source>
        <translation>您的姓名 —— 必填：每段录像都注明由谁录制</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="259"/>
        <source>A packing desk with a camera</source>
        <translation>带摄像头的拆包台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="260"/>
        <source>An office PC that reviews (no camera)</source>
        <translation>办公室审核电脑(无摄像头)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="263"/>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="264"/>
        <source>This computer is:</source>
        <translation>这台电脑是:</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="265"/>
        <source>Station name:</source>
        <translation>工作台名称：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="266"/>
        <source>Operator:</source>
        <translation>操作员：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="273"/>
        <source>Desk 1</source>
        <translation>1号台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="278"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="280"/>
        <source>Pick the camera above the desk; Preview shows its picture.</source>
        <translation>选择工作台上方的摄像头；“预览”会显示其画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="293"/>
        <source>Second camera (optional), e.g. a close-up of the label and serial:</source>
        <translation>第二个摄像头（可选），例如拍摄面单和序列号的特写：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="299"/>
        <source>Also keep each camera&apos;s own full-size video, sealed with the inspection</source>
        <translation>同时保留每个摄像头自身的全尺寸录像，与本次验货一同封存</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="309"/>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="311"/>
        <source>Videos and the database are kept here. Choose a large local disk.</source>
        <translation>视频和数据库保存在这里。请选择容量大的本地磁盘。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="319"/>
        <source>Free now: %1</source>
        <translation>当前可用：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="321"/>
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="322"/>
        <source>Keep free at least:</source>
        <translation>至少保留可用空间：</translation>
    </message>
</context>
<context>
    <name>HandsFreeDesk</name>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="169"/>
        <source>No inspections by anyone yet today.</source>
        <translation>今天还没有验货记录。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="172"/>
        <source>Today per operator: %1</source>
        <translation>今日各操作员：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="183"/>
        <source>A scan came through the Chinese input method changed (%1) and was not used. Click the courier number field and scan again, or switch the input method to English (usually Shift).</source>
        <translation>扫码经过中文输入法时被改变（%1），未被使用。请点击快递单号输入框后重新扫描，或把输入法切换为英文（通常按 Shift）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="212"/>
        <source>%1 already has %2 inspection(s), the last at %3 by %4.</source>
        <translation>%1 已有 %2 条验货记录，最近一次在 %3，由 %4 完成。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="230"/>
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="230"/>
        <source>scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="236"/>
        <source>return of imported order %1</source>
        <translation>已导入订单 %1 的退货</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="239"/>
        <source>waybill</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="240"/>
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="241"/>
        <source>operator badge</source>
        <translation>操作员工牌</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="242"/>
        <source>product code not in the catalog</source>
        <translation>商品目录中没有的商品条码</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="243"/>
        <source>unknown code</source>
        <translation>未知编码</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="244"/>
        <source>not used</source>
        <translation>未使用</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="249"/>
        <source>Typed: %1 — %2</source>
        <translation>手动输入：%1 — %2</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="251"/>
        <source>Last scan (%1): %2 — %3</source>
        <translation>最近扫码（%1）：%2 — %3</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="260"/>
        <source>Product: %1 (SKU %2)</source>
        <translation>商品：%1（SKU %2）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="280"/>
        <source>%1 is the barcode of our product %2 (SKU %3), not a waybill: nothing was started.</source>
        <translation>%1 是本店商品 %2（SKU %3）的条码，不是快递面单：未开始录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="296"/>
        <source>%1 was shipped in order %2.</source>
        <translation>%1 是订单 %2 发出的商品。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="303"/>
        <source>%1 (SKU %2) is one of our products but was NOT shipped in order %3 (shipped: %4). The buyer may have returned a different item.</source>
        <translation>%1（SKU %2）是本店商品，但不是订单 %3 发出的（发出的是：%4）。买家可能退回了别的商品。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="425"/>
        <source>No motion on the desk — stopping in %1 s. Move, or press Space to keep recording.</source>
        <translation>工作台无动作 — %1 秒后停止。请移动，或按空格键继续录像。</translation>
    </message>
</context>
<context>
    <name>ImportMappingDialog</name>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="30"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="31"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="32"/>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="33"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="34"/>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="35"/>
        <source>Ship date</source>
        <translation>发货日期</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="36"/>
        <source>Return requested</source>
        <translation>申请退货时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="37"/>
        <source>Return waybill</source>
        <translation>退货运单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="38"/>
        <source>Return carrier</source>
        <translation>退货快递公司</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="39"/>
        <source>Waybill supplied at</source>
        <translation>买家填写运单号时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="40"/>
        <source>Return reason</source>
        <translation>退货原因</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="41"/>
        <source>Outbound waybill</source>
        <translation>发货运单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="42"/>
        <source>Outbound carrier</source>
        <translation>发货快递公司</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="64"/>
        <source>Map the columns</source>
        <translation>对应列</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="70"/>
        <source>{0} ({1}): the app has assigned the columns it recognises; check them, choose the ones it could not, and say what the file does not. The order number and the platform are needed. The header was found on line {2}.</source>
        <translation>{0}（{1}）：应用已为认出的列分配了字段；请核对，为没认出的列选择字段，并补充文件里没有的信息。订单号和平台是必需的。表头在第 {2} 行。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="86"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="91"/>
        <source>Saved preset:</source>
        <translation>已保存的方案：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="98"/>
        <source>(not in this file)</source>
        <translation>（此文件中没有）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="108"/>
        <source>recognised ({0:.0%})</source>
        <translation>已识别（{0:.0%}）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="125"/>
        <source>Platform of every row (when no column says):</source>
        <translation>所有行的平台（没有平台列时）：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="128"/>
        <source>as the file shows (no date like 03/11/2026)</source>
        <translation>按文件所示（没有 03/11/2026 这样的日期）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="129"/>
        <source>day first (03/11/2026 is 3 November)</source>
        <translation>日在前（03/11/2026 是 11 月 3 日）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="130"/>
        <source>month first (03/11/2026 is 11 March)</source>
        <translation>月在前（03/11/2026 是 3 月 11 日）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="131"/>
        <source>Dates:</source>
        <translation>日期：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="134"/>
        <source>a name, to use this mapping again</source>
        <translation>起个名字，下次可再用此对应方案</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="135"/>
        <source>Keep as preset:</source>
        <translation>保存为方案：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="143"/>
        <source>Its columns fit {0} equally: choose the platform.</source>
        <translation>这些列同样符合 {0}：请选择平台。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="150"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="205"/>
        <source>Choose the column that holds the order number.</source>
        <translation>请选择订单号所在的列。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/import_mapping.py" line="207"/>
        <source>Choose the platform column, or name the platform of every row.</source>
        <translation>请选择平台列，或填写所有行的平台。</translation>
    </message>
</context>
<context>
    <name>InspectionTableModel</name>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="161"/>
        <source>Date and time</source>
        <translation>日期时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="162"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="163"/>
        <source>Courier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="164"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="165"/>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="166"/>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="167"/>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/inspection_table_model.py" line="168"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>JobProgressDialog</name>
    <message>
        <location filename="../../inspector/ui/progress_dialog.py" line="26"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="38"/>
        <source>Return Inspection Station — office</source>
        <translation>退货验货台 — 办公室</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="41"/>
        <source>Return Inspection Station — %1</source>
        <translation>退货验货台 — %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="48"/>
        <source>&amp;Station</source>
        <translation>工作台(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="50"/>
        <source>&amp;Browse</source>
        <translation>查询(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="52"/>
        <source>&amp;Appeals due</source>
        <translation>待申诉(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="54"/>
        <source>&amp;Catalog</source>
        <translation>商品目录(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="59"/>
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="94"/>
        <source>Copying videos to the shared folder failed: %1</source>
        <translation>复制视频到共享文件夹失败:%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="108"/>
        <source>The shared video folder cannot be reached: %1 video(s) wait on this desk and are copied when it is back. Recording goes on.</source>
        <translation>无法访问共享视频文件夹:%1 个视频在本台等待,恢复后自动复制。录像照常进行。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="114"/>
        <source>%1 video(s) wait to be copied to the shared folder.</source>
        <translation>%1 个视频等待复制到共享文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="120"/>
        <source>Every video of this desk is in the shared folder.</source>
        <translation>本台所有视频都已在共享文件夹中。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="131"/>
        <source>%1 sealed records, %2 videos checked, %3 only on another desk, %4 problems.</source>
        <translation>已封存记录 %1 条,已核对视频 %2 个,仅在其他验货台的 %3 个,问题 %4 个。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="146"/>
        <source>INCOMPLETE: %1 videos in the shared folder could not be reached and were not checked.</source>
        <translation>不完整：共享文件夹中有 %1 个视频无法访问，未检查。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="154"/>
        <location filename="../../inspector/ui/main_window.py" line="157"/>
        <location filename="../../inspector/ui/main_window.py" line="160"/>
        <source>Verify all records</source>
        <translation>核验全部记录</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="170"/>
        <source>The daily backup failed: %1</source>
        <translation>每日备份失败：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="194"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="199"/>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="204"/>
        <source>&amp;Verify all records…</source>
        <translation>核验全部记录(&amp;V)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="208"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="212"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="213"/>
        <source>Desk &amp;keys</source>
        <translation>工作台按键(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="217"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="237"/>
        <source>Desk keys</source>
        <translation>工作台按键</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="239"/>
        <source>These keys work wherever the cursor is on the Station page (letters typed into a text field stay in the field):

F5	start recording the parcel on the form
F8	stop recording
F6	with two cameras: make the other one the large picture
F7	a packed order&apos;s return: play the packed item&apos;s moment again
P	pass the current step
F	fail the current step
N	the step does not apply
C	take a photo (saved with the next answer)
↑ ↓	go to the previous or next step
S	sign
R	reject
D	sign under dispute
Space	keep recording while the still-desk countdown shows
Esc	leave a text field (the keys are the desk&apos;s again); no to a question
O W K	answer “what is this code?”: order number, waybill, keep as a desk rule

A question stands in the bar at the top, with the keys that answer it; a scan never answers it. A scan of the waybill starts the recording; the same scan again stops it.</source>
        <translation>以下按键在工作台页面的任何位置都有效（在文本框中输入的字母留在文本框中）：

F5	开始录制表单上的包裹
F8	停止录像
F6	两个摄像头时：切换大画面
F7	已打包订单的退货：重播打包录像中该商品的片段
P	当前步骤通过
F	当前步骤不通过
N	此步骤不适用
C	拍照（随下一个回答保存）
↑ ↓	上一个或下一个步骤
S	签收
R	拒收
D	争议签收
Space	台面静止倒计时出现时继续录像
Esc	离开文本框（按键重归工作台）；对提问回答“否”
O W K	回答“这是什么编码？”：订单号、快递单号、保存为本台规则

提问显示在顶部的状态栏中，并列出回答它的按键；扫描永远不会回答提问。扫描快递单号开始录像；再扫一次同一单号停止录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="266"/>
        <source>About Return Inspection Station</source>
        <translation>关于退货验货台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="268"/>
        <source>&lt;b&gt;Return Inspection Station&lt;/b&gt; %1&lt;br&gt;Films, checks and decides returned parcels, and exports evidence for platform appeals.&lt;br&gt;Data folder: %2</source>
        <translation>&lt;b&gt;退货验货台&lt;/b&gt; %1&lt;br&gt;拍摄、核对并处理退货包裹，导出用于平台申诉的证据。&lt;br&gt;数据文件夹：%2</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="31"/>
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="33"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="33"/>
        <source>Badge</source>
        <translation>工牌</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="33"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="38"/>
        <source>Full name</source>
        <translation>全名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="40"/>
        <source>Scan the badge, or leave empty</source>
        <translation>扫描工牌，或留空</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="41"/>
        <source>Add or update</source>
        <translation>添加或更新</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="42"/>
        <source>Left / back</source>
        <translation>离职 / 复职</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="46"/>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="47"/>
        <source>Badge:</source>
        <translation>工牌：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="71"/>
        <source>working</source>
        <translation>在职</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="71"/>
        <source>left</source>
        <translation>已离职</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="87"/>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="95"/>
        <source>Select an operator first.</source>
        <translation>请先选择一名操作员。</translation>
    </message>
</context>
<context>
    <name>Overlay</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="352"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="353"/>
        <source>Courier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="354"/>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="355"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="356"/>
        <source>REC</source>
        <translation>录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="357"/>
        <source>LIVE</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="358"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="359"/>
        <source>PACKING</source>
        <translation>打包中</translation>
    </message>
</context>
<context>
    <name>PackingPanel</name>
    <message>
        <location filename="../../inspector/ui/packing_panel.py" line="104"/>
        <source>Packed on camera: packing %1, %2</source>
        <translation>打包录像：打包记录 %1，%2</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/packing_panel.py" line="128"/>
        <source>No item was scanned into the box.</source>
        <translation>没有商品扫入箱中。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/packing_panel.py" line="133"/>
        <source>%1 of %2: %3, serial %4, at %5</source>
        <translation>第 %1 件，共 %2 件：%3，序列号 %4，位于 %5</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/packing_panel.py" line="114"/>
        <location filename="../../inspector/ui/packing_panel.py" line="196"/>
        <source>The packing video cannot be read here.</source>
        <translation>此处无法读取打包视频。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../inspector/ui/qt_words.py" line="11"/>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/qt_words.py" line="12"/>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="307"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="111"/>
        <source>Parcel and inspection</source>
        <translation>包裹与验货</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="76"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="103"/>
        <source>barcode legible at %1 in the video (read as %2)</source>
        <translation>条码在视频 %1 处清晰可读（读取为 %2）</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="113"/>
        <source>%1 long, %2 frames (%3 dropped), %4×%5 pixels</source>
        <translation>时长 %1，%2 帧（丢帧 %3），%4×%5 像素</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="122"/>
        <source>Order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="124"/>
        <source>Courier (waybill) number</source>
        <translation>快递（面单）号</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="127"/>
        <source>Waybill on camera</source>
        <translation>镜头下的面单</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="129"/>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="132"/>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="133"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="134"/>
        <source>Recording started</source>
        <translation>开始录像</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="135"/>
        <source>Recording ended</source>
        <translation>结束录像</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="136"/>
        <source>Video</source>
        <translation>视频</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="140"/>
        <source>Cameras</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="143"/>
        <source>%1 cameras composed into this one video: %2</source>
        <translation>%1 个摄像头合成在这一段视频中：%2</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="156"/>
        <source>Each camera&apos;s own video</source>
        <translation>各摄像头的单独录像</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="159"/>
        <source>%1 files in this bundle&apos;s cameras folder: %2</source>
        <translation>本证据包 cameras 文件夹中的 %1 个文件：%2</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="174"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="182"/>
        <source>Decided by</source>
        <translation>决定人</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="184"/>
        <source>Decided at</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="188"/>
        <source>The rules recommended</source>
        <translation>规则建议</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="194"/>
        <source>Overridden by the operator</source>
        <translation>操作员推翻了建议，理由</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="204"/>
        <source>none: the first sealed record of this station&apos;s database</source>
        <translation>无：这是本工作台数据库中第一条封存的记录</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="210"/>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="212"/>
        <source>Video SHA-256</source>
        <translation>视频 SHA-256</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="225"/>
        <source>Signed by the desk key</source>
        <translation>签名所用的工作台密钥</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="230"/>
        <source>seal %1 of the desk&apos;s seal log</source>
        <translation>本台封存记录中的第 %1 条封存</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="233"/>
        <source>chain anchor: %1 seals, newest %2</source>
        <translation>链锚：共 %1 条封存，最新 %2</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="237"/>
        <source>Seal</source>
        <translation>封存</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="241"/>
        <source>Timestamped</source>
        <translation>可信时间戳</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="244"/>
        <source>%1: timestamped by %2 at %3</source>
        <translation>%1：由 %2 于 %3 加盖时间戳</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="259"/>
        <source>Inspection %1 (%2). Every file of this bundle is listed with its SHA-256 in manifest.json; check it with: inspector verify &lt;bundle&gt;.zip. Report generated %3 by inspector %4.</source>
        <translation>验货记录 %1（%2）。本证据包的每个文件及其 SHA-256 都列在 manifest.json 中；可用 inspector verify &lt;证据包&gt;.zip 核验。报告由 inspector %4 于 %3 生成。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="284"/>
        <source>Packed on camera</source>
        <translation>打包录像</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="285"/>
        <source>%1, packing %2</source>
        <translation>%1，打包记录 %2</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="289"/>
        <source>Items packed</source>
        <translation>装箱商品</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="291"/>
        <source>Packing video</source>
        <translation>打包视频</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="298"/>
        <source>Clip</source>
        <translation>片段</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="301"/>
        <source>%1–%2 s of the whole packing video, cut to fit the platform&apos;s size limit</source>
        <translation>完整打包视频的第 %1–%2 秒，为符合平台大小限制而截取</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="313"/>
        <source>Packing seal</source>
        <translation>打包封存</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="314"/>
        <source>seal %1</source>
        <translation>封存 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="320"/>
        <source>At packing</source>
        <translation>打包时</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="328"/>
        <source>DEMO — NOT EVIDENCE: recorded from the demo camera, a synthetic picture. Nothing in this report shows a real parcel.</source>
        <translation>演示 — 不是证据：由演示摄像头录制，是合成画面。本报告中没有任何真实包裹。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="95"/>
        <source>Order %1, courier number %2. Decision: %3.</source>
        <translation>订单 %1，快递单号 %2。决定：%3。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="308"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="113"/>
        <source>What was shipped</source>
        <translation>发货内容</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="239"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="119"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="120"/>
        <source>Reference photo</source>
        <translation>参考照片</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="121"/>
        <source>At the desk</source>
        <translation>工作台拍摄</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="305"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="167"/>
        <source>Checklist</source>
        <translation>检查清单</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="91"/>
        <source>Return inspection evidence</source>
        <translation>退货验货证据</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="172"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="173"/>
        <source>Answer</source>
        <translation>答案</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="174"/>
        <source>Time in video</source>
        <translation>视频时间</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="175"/>
        <source>Key frame, photo</source>
        <translation>关键帧、照片</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="103"/>
        <source>Decision: %1</source>
        <translation>处理结果：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="309"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="193"/>
        <source>Key frames</source>
        <translation>关键帧</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="246"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="194"/>
        <source>%1 at %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="51"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="59"/>
        <source>%1: not recorded.</source>
        <translation>%1：未记录。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="145"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="140"/>
        <source>Packed and returned</source>
        <translation>打包与退回</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="152"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="164"/>
        <source>No difference found between the packing and the return.</source>
        <translation>打包与退回之间未发现差异。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="154"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="147"/>
        <source>Packed</source>
        <translation>打包时</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="154"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="148"/>
        <source>Returned</source>
        <translation>退回时</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="163"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="146"/>
        <source>Difference</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="186"/>
        <source>photo</source>
        <translation>照片</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="187"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="202"/>
        <source>(no time in the video)</source>
        <translation>（视频中无时间点）</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="264"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="202"/>
        <source>The order&apos;s story</source>
        <translation>订单经过</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="295"/>
        <source>Evidence: order %1</source>
        <translation>证据：订单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="297"/>
        <source>Return inspection evidence — order %1</source>
        <translation>退货验货证据 — 订单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="299"/>
        <source>Unedited recording of the unboxing; its SHA-256 is listed below and in manifest.json.</source>
        <translation>未经剪辑的拆包录像；其 SHA-256 列在下方及 manifest.json 中。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="303"/>
        <source>checklist steps on the timeline</source>
        <translation>时间轴上的检查步骤</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="304"/>
        <source>Loading the video…</source>
        <translation>正在加载视频…</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="306"/>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="310"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="213"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="311"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="222"/>
        <source>Integrity</source>
        <translation>完整性</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="316"/>
        <source>Decision: %1.</source>
        <translation>决定：%1。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_pdf.py" line="254"/>
        <source>Return inspection evidence, order %1</source>
        <translation>退货验货证据，订单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="207"/>
        <source>Video file in the bundle</source>
        <translation>证据包中的视频文件</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="209"/>
        <source>Video size</source>
        <translation>视频大小</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="213"/>
        <source>Record hash</source>
        <translation>记录哈希</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_text.py" line="214"/>
        <source>Previous record hash</source>
        <translation>上一条记录哈希</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="206"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="191"/>
        <source>Checklist answers</source>
        <translation>检查清单答案</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="211"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="109"/>
        <source>Reasons for the decision</source>
        <translation>决定理由</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="216"/>
        <source>reference</source>
        <translation>参考照片</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="216"/>
        <source>at the desk</source>
        <translation>验货台拍摄</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="220"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="127"/>
        <source>serials: %1</source>
        <translation>序列号：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="239"/>
        <source>Reference and desk photos</source>
        <translation>参考照片与验货台照片</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="244"/>
        <location filename="../../inspector/evidence/report_pdf.py" line="138"/>
        <source>The order&apos;s products</source>
        <translation>订单中的商品</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="283"/>
        <source>Video ready: %1, %2. Click a step to jump to it.</source>
        <translation>视频已就绪：%1，%2。点击某一步骤可跳转到该处。</translation>
    </message>
    <message>
        <location filename="../../inspector/evidence/report_html.py" line="284"/>
        <source>This browser cannot play the video here; open %1 in a video player. The facts below still hold.</source>
        <translation>此浏览器无法在此播放视频；请用视频播放器打开 %1。下方的事实依然有效。</translation>
    </message>
</context>
<context>
    <name>ScanRules</name>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="166"/>
        <source>Operator badge</source>
        <translation>操作员工牌</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="174"/>
        <source>Kept at the desk</source>
        <translation>本台保存的规则</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="167"/>
        <source>Amazon</source>
        <translation>亚马逊</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="168"/>
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="169"/>
        <source>eBay</source>
        <translation>eBay</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="170"/>
        <source>Flipkart</source>
        <translation>Flipkart</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="171"/>
        <source>Meesho</source>
        <translation>Meesho</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="172"/>
        <source>Shopee</source>
        <translation>Shopee</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="173"/>
        <source>Taobao / Tmall / Douyin</source>
        <translation>淘宝 / 天猫 / 抖音</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="6"/>
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="7"/>
        <source>Station name</source>
        <translation>工作台名称</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="8"/>
        <source>Shown on the overlay and every record.</source>
        <translation>显示在画面叠加信息和每条记录上。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="9"/>
        <source>This computer is</source>
        <translation>这台电脑是</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="10"/>
        <source>&apos;station&apos;: a packing desk with a camera. &apos;office&apos;: a reviewer&apos;s PC without a camera (Browse, Appeals due, exports, verification; no recording).</source>
        <translation>“验货台”:带摄像头的拆包台。“办公室”:无摄像头的审核电脑(查询、待申诉、导出、核验;不录像)。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="14"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="15"/>
        <source>Who is working at this desk now.</source>
        <translation>当前在本工作台工作的人。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="16"/>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="17"/>
        <source>A camera number, an rtsp:// or http:// URL, a video file, or &apos;demo&apos;.</source>
        <translation>摄像头编号、rtsp:// 或 http:// 地址、视频文件，或 &apos;demo&apos;。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="20"/>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="21"/>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="22"/>
        <source>Frames per second</source>
        <translation>帧率（帧/秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="23"/>
        <source>More cameras</source>
        <translation>更多摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="24"/>
        <source>Further cameras recorded together with the first into one video (a close-up of the label, a phone), one a line: a camera number, an rtsp:// or http:// URL, or &apos;demo&apos;.</source>
        <translation>与第一个摄像头一起录入同一个视频的其他摄像头（如面单特写、手机），每行一个：摄像头编号、rtsp:// 或 http:// 地址，或 &apos;demo&apos;。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="28"/>
        <source>Several cameras shown</source>
        <translation>多摄像头画面布局</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="29"/>
        <source>&apos;inset&apos;: the first camera large, the others in a box on the right. &apos;side_by_side&apos;: all the same size. A desk key swaps which camera is large.</source>
        <translation>&apos;inset&apos;：第一个摄像头为大画面，其他摄像头在右侧小框中。&apos;side_by_side&apos;：所有画面一样大。按验货台按键可切换哪个摄像头为大画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="33"/>
        <source>Keep each camera&apos;s own stream</source>
        <translation>保留每个摄像头的单独录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="34"/>
        <source>With several cameras: besides the composed video, keep each camera&apos;s own picture at its own size, sealed and exported with the inspection. Costs an encoder per camera and its disk space.</source>
        <translation>多个摄像头时：除合成录像外，另按各摄像头自身尺寸保留其单独画面，与验货记录一同封存和导出。每个摄像头多占用一个编码器及相应磁盘空间。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="38"/>
        <source>Recording</source>
        <translation>录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="39"/>
        <source>Quality (CRF, lower is better)</source>
        <translation>画质（CRF，越小越好）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="40"/>
        <source>18 is visually lossless, 28 is small.</source>
        <translation>18 视觉无损，28 文件较小。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="41"/>
        <source>Encoder speed</source>
        <translation>编码速度</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="42"/>
        <source>Pre-roll (seconds)</source>
        <translation>预录（秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="43"/>
        <source>Seconds kept from before Start.</source>
        <translation>保留开始前的秒数。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="44"/>
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="45"/>
        <source>Disk reserve (GB)</source>
        <translation>磁盘保留空间（GB）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="46"/>
        <source>Recording does not start below this.</source>
        <translation>低于此值时不会开始录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="47"/>
        <source>Auto-stop after no motion (seconds)</source>
        <translation>无动作自动停止（秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="48"/>
        <source>A forgotten Stop ends the recording after this long without motion; 0 turns it off.</source>
        <translation>忘记停止时，无动作超过此时长将结束录像；0 表示关闭。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="52"/>
        <source>Warning before auto-stop (seconds)</source>
        <translation>自动停止前提醒（秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="53"/>
        <source>A countdown is shown this long before stopping; motion, Space or Keep recording cancels it.</source>
        <translation>停止前显示倒计时；有动作、按空格键或点“继续录像”都会取消。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="57"/>
        <source>Scanning</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="58"/>
        <source>Start recording when a waybill is scanned</source>
        <translation>扫描快递单号时开始录像</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="59"/>
        <source>The waybill scan (by the scanner gun or the camera) starts recording.</source>
        <translation>扫描快递面单（扫码枪或摄像头）即开始录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="62"/>
        <source>Scanning the same waybill again stops</source>
        <translation>再次扫描同一单号即停止</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="63"/>
        <source>This desk packs orders</source>
        <translation>本工位用于打包发货</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="64"/>
        <source>Scanning an imported order (or its outbound waybill) films its packing, marked PACKING; items and serials are scanned into the box and F8 ends it as packed. Off: only an order not yet shipped is packed; other scans are returns.</source>
        <translation>扫描已导入的订单（或其发货单号）即开始打包录像，画面标记“打包中”；逐件扫描商品和序列号装箱，按 F8 结束打包。关闭时：只有尚未发货的订单会打包，其他扫描按退货处理。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="68"/>
        <source>Read the waybill barcode in the camera picture</source>
        <translation>在摄像头画面中识别面单条码</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="69"/>
        <source>Hold the label inside the guide box; a code read several times running is taken.</source>
        <translation>将面单置于引导框内；连续多次识别到同一条码即采用。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="73"/>
        <source>Camera reads needed to accept a code</source>
        <translation>采用条码所需的连续识别次数</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="74"/>
        <source>Scanner: shortest code (characters)</source>
        <translation>扫码枪：最短条码（字符数）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="75"/>
        <source>Fast keystroke bursts at least this long are taken as a scan, not typing.</source>
        <translation>至少这么长的快速连续按键视为扫码，而非打字。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="78"/>
        <source>Scanner: longest average gap between keys (ms)</source>
        <translation>扫码枪：按键平均间隔上限（毫秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="79"/>
        <source>Scanner: silence that ends a scan without Enter (ms)</source>
        <translation>扫码枪：无回车时结束扫码的静默时间（毫秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="80"/>
        <source>Operator badge prefix</source>
        <translation>操作员工牌前缀</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="81"/>
        <source>Codes starting with this switch the operator (OP- and BADGE- always do).</source>
        <translation>以此开头的条码会切换操作员（OP- 和 BADGE- 始终有效）。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="84"/>
        <source>Own scan patterns</source>
        <translation>自定义扫码规则</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="85"/>
        <source>One rule a line, tried before the built-in ones: kind | name | regular expression. Kinds: courier, order, operator, ignore.</source>
        <translation>每行一条规则，优先于内置规则：类型 | 名称 | 正则表达式。类型：courier（快递）、order（订单）、operator（操作员）、ignore（忽略）。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="89"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="90"/>
        <source>The language of the windows, the overlay and the report; &apos;system&apos; follows the computer.</source>
        <translation>界面、画面叠加信息和报告的语言；&apos;system&apos; 跟随系统。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="94"/>
        <source>Evidence report language</source>
        <translation>证据报告语言</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="95"/>
        <source>The language of the report and the web page in evidence bundles. &apos;Same as the desk&apos; follows the desk&apos;s language; an appeal to a platform that reads English may want English.</source>
        <translation>证据包中报告和网页的语言。“与工作台相同”即跟随工作台的语言；向使用英文的平台申诉时可选英文。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="99"/>
        <source>First-run set-up done</source>
        <translation>已完成首次设置</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="100"/>
        <source>Keep videos of decided inspections (days)</source>
        <translation>已处理验货的视频保留天数</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="101"/>
        <source>Clean-up removes older videos of decided inspections, never pending, kept or appealed ones; the records stay. 0 keeps every video.</source>
        <translation>清理会删除已处理验货的较早视频，绝不删除待处理、已标记保留或申诉中的视频；记录会保留。0 表示保留所有视频。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="105"/>
        <source>Video storage quota (GB)</source>
        <translation>视频存储配额（GB）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="106"/>
        <source>Above this, clean-up also removes the oldest videos of decided inspections that are not kept or appealed. 0 means no quota.</source>
        <translation>超过此值时，清理还会删除未保留、未申诉的已处理验货中最早的视频。0 表示不限额。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="110"/>
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="111"/>
        <source>Back up the database every day</source>
        <translation>每天备份数据库</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="112"/>
        <source>A copy of the database once a day to the backup folder while the app runs.</source>
        <translation>程序运行期间每天将数据库复制一份到备份文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="115"/>
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="116"/>
        <source>Another disk or a network share; empty uses the backups folder in the data folder.</source>
        <translation>另一块磁盘或网络共享；留空则使用数据文件夹中的 backups 文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="120"/>
        <source>Backups to keep</source>
        <translation>保留备份数</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="121"/>
        <source>The newest this many daily backups are kept; older ones are deleted.</source>
        <translation>保留最新的这么多份每日备份；更早的会被删除。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="124"/>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="125"/>
        <source>Time-stamping authority (RFC 3161)</source>
        <translation>时间戳服务机构（RFC 3161）</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="126"/>
        <source>The address of a time-stamping service, e.g. http://timestamp.digicert.com. Each finished video and each bundle is stamped there; offline, stamps wait and are made later. Empty: no trusted time.</source>
        <translation>时间戳服务的网址（以 http:// 开头）。每段录完的视频和每个证据包都在那里加盖时间戳；离线时排队等候，稍后补盖。留空：不加可信时间。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="130"/>
        <source>Trusted time-stamping roots</source>
        <translation>受信任的时间戳根证书</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="131"/>
        <source>Certificate files (PEM) of authorities whose time-stamps are trusted besides the system&apos;s own roots, one path a line. A time-stamp whose certificate chain reaches none of them is &apos;time not trusted&apos;.</source>
        <translation>除系统自带根证书外，另行信任其时间戳的机构证书文件（PEM），每行一个路径。证书链无法追溯到其中任何一个的时间戳显示为“时间不受信任”。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="135"/>
        <source>Trusted store fingerprints</source>
        <translation>受信任的店铺指纹</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="136"/>
        <source>The store fingerprints &apos;verify&apos; accepts as the origin of a bundle without --fingerprint, one a line (inspector keys show prints this desk&apos;s).</source>
        <translation>“verify”在未给出 --fingerprint 时认可为证据包来源的店铺指纹，每行一个（inspector keys show 可显示本工位的指纹）。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="140"/>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="141"/>
        <source>Warehouse database</source>
        <translation>仓库数据库</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="142"/>
        <source>Empty: this desk keeps its own database in the data folder. postgresql://user@server:5432/database joins a warehouse; the password is kept in the system keyring, never here.</source>
        <translation>留空：本台在数据文件夹中保留自己的数据库。填写仓库数据库的 URL 即加入仓库；密码保存在系统密钥环中，绝不保存在这里。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="146"/>
        <source>Shared video folder</source>
        <translation>共享视频文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="147"/>
        <source>A folder on the warehouse&apos;s network share, mounted on every desk. Each finished video is copied there and checked; any desk then plays and exports it. Empty: videos stay on the desk that recorded them.</source>
        <translation>仓库网络共享上的文件夹,每台电脑都挂载它。每个录完的视频复制到这里并校验,之后任何一台都能播放和导出。留空:视频只留在录制它的那台。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="151"/>
        <source>Keep this desk&apos;s copy after sharing (days)</source>
        <translation>共享后本台副本保留(天)</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="152"/>
        <source>A video&apos;s file on this desk is removed this many days after its copy in the shared folder was checked; 0 removes it as soon as the copy is checked.</source>
        <translation>共享文件夹中的副本校验通过后,本台的视频文件再保留这么多天后删除;0 表示校验通过后立即删除。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="156"/>
        <source>This desk runs retention for the shared folder</source>
        <translation>由本台清理共享文件夹中的过期视频</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="157"/>
        <source>Turn on at one desk (or the office PC) only: its clean-up also removes old videos from the shared folder. Other desks clean up their own files only.</source>
        <translation>只在一台(或办公室电脑)上打开:它的清理也会删除共享文件夹中的旧视频。其他验货台只清理自己的文件。</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="161"/>
        <source>Desk id</source>
        <translation>工作台编号</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/settings_strings.py" line="162"/>
        <source>This desk&apos;s identity in the warehouse, made at set-up.</source>
        <translation>本台在仓库中的身份标识，设置时生成。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="79"/>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="86"/>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="328"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="440"/>
        <source>Same as the computer</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="442"/>
        <source>Same as the desk</source>
        <translation>与工作台相同</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="445"/>
        <source>A packing desk (with a camera)</source>
        <translation>打包台（带摄像头）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="446"/>
        <source>An office PC (no camera)</source>
        <translation>办公室电脑（无摄像头）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="450"/>
        <source>Close-up inset in the main picture</source>
        <translation>特写小画面嵌在主画面中</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="451"/>
        <source>Side by side</source>
        <translation>并排显示</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="459"/>
        <source>Where videos and the database are kept. A change takes effect at the next start.</source>
        <translation>视频和数据库的保存位置。更改将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="462"/>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="467"/>
        <source>made at the first recording</source>
        <translation>在第一次录像时生成</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="474"/>
        <source>Every seal and every evidence bundle of this desk is signed with this key. Publish the fingerprint so a reviewer can check a bundle: inspector verify BUNDLE.zip --fingerprint FP.</source>
        <translation>本台的每条封存和每个证据包都用此密钥签名。请公布此指纹，审核方即可凭它核验证据包。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="479"/>
        <source>Desk signing key</source>
        <translation>工作台签名密钥</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="534"/>
        <source>The station needs a name; it is shown on every video.</source>
        <translation>工作台需要名称；它会显示在每段视频上。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="536"/>
        <source>Choose a camera.</source>
        <translation>请选择摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="539"/>
        <source>The second camera is the first one again: choose another, or none.</source>
        <translation>第二个摄像头与第一个相同：请选择另一个，或不选。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="565"/>
        <source>Settings not saved</source>
        <translation>设置未保存</translation>
    </message>
</context>
<context>
    <name>StationController</name>
    <message>
        <location filename="../../inspector/ui/station.py" line="520"/>
        <source>Stop the recording before changing the camera.</source>
        <translation>请先停止录像再更换摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="525"/>
        <source>Opening camera %1…</source>
        <translation>正在打开摄像头 %1…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="594"/>
        <location filename="../../inspector/ui/station.py" line="938"/>
        <source>Camera: %1</source>
        <translation>摄像头：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="614"/>
        <source>camera %1 was not found, so the demo camera is shown. Plug a camera in and choose it in File → Settings.</source>
        <translation>未找到摄像头 %1，现在显示演示摄像头。请接上摄像头，并在“文件 → 设置”中选择它。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="619"/>
        <source>No camera picture</source>
        <translation>无摄像头画面</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="459"/>
        <source>Expected waybill: %1</source>
        <translation>预期快递单号：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="748"/>
        <source>There is no camera picture yet. Wait for the camera, or use the demo camera.</source>
        <translation>还没有摄像头画面。请等待摄像头，或使用演示摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="791"/>
        <source>The checklist could not be built: %1</source>
        <translation>无法生成检查清单：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="908"/>
        <source>Camera lost: %1. Everything recorded so far is saved. Check the cable or the network; the app reconnects by itself.</source>
        <translation>摄像头断开：%1。已录制的内容都已保存。请检查连接线或网络；程序会自动重新连接。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="914"/>
        <source>No camera picture — reconnecting…</source>
        <translation>无摄像头画面 — 正在重新连接…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="920"/>
        <source>The camera is back. Press F5 to continue inspection %1 in a second part.</source>
        <translation>摄像头已恢复。按 F5 以第二段继续验货记录 %1。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="923"/>
        <source>The camera is back.</source>
        <translation>摄像头已恢复。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="934"/>
        <source>Camera lost — next try in %1 s</source>
        <translation>摄像头断开 — %1 秒后重试</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="429"/>
        <source>%1 went into the field you were typing in.</source>
        <translation>%1 已填入你正在输入的字段。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="435"/>
        <source>The question (%1) was withdrawn by this scan.</source>
        <translation>这次扫描撤回了提问（%1）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="559"/>
        <source>Camera %1 is now the large picture.</source>
        <translation>摄像头 %1 现在是大画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="571"/>
        <source>Camera %1 lost: the recording goes on with the other cameras and shows its picture as lost. Check its cable or network; it reconnects by itself.</source>
        <translation>摄像头 %1 信号丢失：录像继续使用其他摄像头，并在画面中标明它已丢失。请检查它的线缆或网络；它会自动重连。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="575"/>
        <source>Camera %1 is back in the picture.</source>
        <translation>摄像头 %1 已恢复画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="578"/>
        <source>Camera %1 is late: its picture is shown grey until it catches up.</source>
        <translation>摄像头 %1 画面延迟：在它赶上之前其画面以灰色显示。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="815"/>
        <location filename="../../inspector/ui/station.py" line="879"/>
        <source>There is no camera picture yet.</source>
        <translation>还没有摄像头画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="857"/>
        <source>In the box: %1</source>
        <translation>箱内：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="964"/>
        <source>Camera lost — inspection %1 saved up to %2 s; it continues when the camera is back</source>
        <translation>摄像头断开 — 验货记录 %1 已保存至 %2 秒；摄像头恢复后继续</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="970"/>
        <source>Saved inspection %1: %2 — %3 s</source>
        <translation>已保存验货记录 %1：%2 — %3 秒</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="975"/>
        <source>, %1 frames dropped</source>
        <translation>，丢帧 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="448"/>
        <location filename="../../inspector/ui/station.py" line="989"/>
        <source>Scan the waybill barcode, then Enter</source>
        <translation>扫描快递面单条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="1021"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="1029"/>
        <source>Today at this station: %1</source>
        <translation>本工作台今日：%1</translation>
    </message>
</context>
<context>
    <name>StationView</name>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="149"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="150"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="151"/>
        <source>Courier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="152"/>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="153"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="154"/>
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="155"/>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="170"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="195"/>
        <source>Why? Type the reason, then Enter</source>
        <translation>原因？输入原因后按 Enter</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="207"/>
        <source>DEMO CAMERA — not a real camera: what is recorded here is not evidence. Plug a camera in and choose it in File → Settings.</source>
        <translation>演示摄像头 —— 不是真实摄像头：这里录下的内容不能作为证据。请接上摄像头，并在“文件 → 设置”中选择它。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="218"/>
        <source>Starting camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="227"/>
        <source>Use the demo camera</source>
        <translation>使用演示摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="239"/>
        <source>Keep recording (Space)</source>
        <translation>继续录像（空格）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="266"/>
        <source>Scan or type it, then Enter</source>
        <translation>扫描或输入订单号，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="270"/>
        <source>Scan the waybill barcode, then Enter</source>
        <translation>扫描快递面单条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="276"/>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="280"/>
        <source>&amp;Order number:</source>
        <translation>订单号(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="281"/>
        <source>&amp;Courier number:</source>
        <translation>快递单号(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="282"/>
        <source>O&amp;perator:</source>
        <translation>操作员(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="283"/>
        <source>Station:</source>
        <translation>工作台：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="294"/>
        <source>1. Scan the waybill — recording starts (an order number alone fills the form and waits for its waybill).  2. Unbox the parcel on camera, the label inside the box.  3. Check and decide (S, R, D), or press Stop (F8).</source>
        <translation>1. 扫描快递单号 — 开始录像（只扫订单号时会填入表单并等待扫描其快递单号）。  2. 在镜头下拆开包裹，面单放在箱内。  3. 检查并决定（S、R、D），或按停止（F8）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="302"/>
        <source>Parcel</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="285"/>
        <source>● Start recording  (F5)</source>
        <translation>● 开始录像  (F5)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="182"/>
        <source>■ Stop  (F8)</source>
        <translation>■ 停止  (F8)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="316"/>
        <source>Today at this station</source>
        <translation>本工作台今日</translation>
    </message>
</context>
<context>
    <name>StationWords</name>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="66"/>
        <source>Saving the video…</source>
        <translation>正在保存视频…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="69"/>
        <source>● PACKING  %1 — %2 item(s); F8 when packed</source>
        <translation>● 打包中  %1 — 已装 %2 件；装完按 F8</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="74"/>
        <source>● RECORDING  %1</source>
        <translation>● 录像中  %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="76"/>
        <source>PACKED — %1 item(s)</source>
        <translation>已打包 — %1 件</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="82"/>
        <source>Decide: S sign · R reject · D dispute</source>
        <translation>请决定：S 签收 · R 拒收 · D 争议签收</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="85"/>
        <source>Parcel on the form — F5 records it, Esc clears it</source>
        <translation>表单上有包裹 — 按 F5 录像，按 Esc 清除</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="88"/>
        <location filename="../../inspector/ui/station_words.py" line="160"/>
        <source>Ready — scan the waybill or the order number</source>
        <translation>就绪 — 请扫描快递单号或订单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="95"/>
        <source>? What is this code?</source>
        <translation>？这是什么编码？</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="96"/>
        <source>? Decide with steps open?</source>
        <translation>？步骤未答完就决定？</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="97"/>
        <source>? Why not the recommendation?</source>
        <translation>？为什么不按建议？</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="98"/>
        <source>? Same parcel again?</source>
        <translation>？又是同一个包裹？</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="99"/>
        <source>? Quit with a parcel in hand?</source>
        <translation>？包裹未完成就退出？</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="105"/>
        <source>%1 is not an imported order, a product or a known waybill.</source>
        <translation>%1 不是已导入的订单、商品或已知的快递单号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="110"/>
        <source>It is a valid product barcode and also looks like a %1 waybill.</source>
        <translation>它是有效的商品条码，同时看起来也像 %1 的快递单号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="112"/>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="112"/>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="117"/>
        <source>O order number · W waybill · K keep as a desk rule (%1) · Esc ignore. A new scan withdraws the question.</source>
        <translation>O 订单号 · W 快递单号 · K 保存为本台规则（%1） · Esc 忽略。新的扫描会撤回此提问。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="124"/>
        <source>%1 identity step(s) not answered.</source>
        <translation>有 %1 个身份核验步骤未回答。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="128"/>
        <source>Press %1 again to decide “%2” anyway · Esc goes back to the steps.</source>
        <translation>再按一次 %1 仍然决定“%2” · Esc 返回步骤。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="135"/>
        <source>The checklist recommends %1. Type why %2 in the field below, then Enter · Esc goes back.</source>
        <translation>检查清单建议%1。请在下方输入为何选择%2，然后按 Enter · Esc 返回。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="144"/>
        <source>F5 records it again · Esc does not.</source>
        <translation>F5 再录一次 · Esc 不录。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="147"/>
        <source>Inspection %1 is being recorded: quitting stops and saves the video.</source>
        <translation>验货记录 %1 正在录像：退出会停止并保存视频。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="149"/>
        <source>Inspection %1 is waiting for its decision.</source>
        <translation>验货记录 %1 正在等待处理结果。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="152"/>
        <source>Quit again (Ctrl+Q) to quit and leave it pending · Esc stays.</source>
        <translation>再按一次退出（Ctrl+Q）即退出并保留为待定 · Esc 留下。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="162"/>
        <source>Scan the waybill or the order number, or type it in the Order field (the cursor is there), then Enter.</source>
        <translation>请扫描快递单号或订单号，或在订单号输入框（光标已在此）中输入，然后按 Enter。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="166"/>
        <source>Choose the operator first (the cursor is in the Operator field), or scan your badge.</source>
        <translation>请先选择操作员（光标已在操作员输入框），或扫描你的工牌。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="170"/>
        <source>%1 no longer works at this desk (retired in Operators): choose another operator.</source>
        <translation>%1 已不在本台工作（已在操作员中停用）：请选择其他操作员。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="172"/>
        <source>Badge %1 belongs to no operator. Add it under Operators.</source>
        <translation>工牌 %1 不属于任何操作员。请在“操作员”中添加。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="173"/>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="175"/>
        <source>Stop the recording before changing the operator.</source>
        <translation>请先停止录像再更换操作员。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="178"/>
        <source>Still recording %1. Stop it first (F8), or scan it again to stop.</source>
        <translation>仍在录制 %1。请先停止（F8），或再扫一次以停止。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="181"/>
        <source>The last video is still being saved: scan this parcel again in a moment.</source>
        <translation>上一段视频仍在保存：请稍后再扫描此包裹。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="183"/>
        <source>Nothing is being recorded.</source>
        <translation>当前没有录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="185"/>
        <source>Inspection %1 waits for its decision: S sign, R reject, D dispute — or scan the next parcel.</source>
        <translation>验货记录 %1 等待处理结果：S 签收、R 拒收、D 争议签收 — 或扫描下一个包裹。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="189"/>
        <source>Inspection %1 was left without a decision; decide it later under Browse.</source>
        <translation>验货记录 %1 尚未决定处理结果；稍后可在“浏览”中决定。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="191"/>
        <source>There is no checklist to decide yet.</source>
        <translation>还没有可以决定的检查清单。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="193"/>
        <source>Nothing was decided: going against the recommendation (%1) needs a reason. Press the decision key again and type why.</source>
        <translation>未作决定：不按建议（%1）处理需要填写原因。请再按一次决定键并输入原因。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="197"/>
        <source>%1 is a product barcode, not a waybill: nothing was started.</source>
        <translation>%1 是商品条码，不是快递单号：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="200"/>
        <source>%1 is a product barcode (%2) the catalog does not know: nothing was started.</source>
        <translation>%1 是商品目录中没有的商品条码（%2）：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="203"/>
        <source>%1 is ignored by the desk rule %2: nothing was started.</source>
        <translation>%1 按本台规则 %2 被忽略：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="205"/>
        <source>%1 could not be looked up (%2): nothing was started.</source>
        <translation>无法查询 %1（%2）：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="207"/>
        <source>%1 is no imported order, product or known waybill: nothing was started.</source>
        <translation>%1 不是已导入的订单、商品或已知快递单号：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="209"/>
        <source>%1 was ignored.</source>
        <translation>%1 已忽略。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="210"/>
        <source>The question was withdrawn.</source>
        <translation>提问已撤回。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="212"/>
        <source>Saving the recording failed: %1</source>
        <translation>保存录像失败：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="213"/>
        <source>The decision was not stored: %1</source>
        <translation>处理结果未保存：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="214"/>
        <source>Recording stopped by itself: %1</source>
        <translation>录像自行停止：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="215"/>
        <source>Camera lost.</source>
        <translation>摄像头断开。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="216"/>
        <source>The camera is back.</source>
        <translation>摄像头已恢复。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="217"/>
        <source>No checklist is open: scan a parcel first.</source>
        <translation>没有打开的检查清单：请先扫描包裹。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="219"/>
        <source>%1 is not an imported order: this desk packs orders. Scan the order&apos;s number or its outbound waybill.</source>
        <translation>%1 不是已导入的订单：本工位用于打包。请扫描订单号或其发货单号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="223"/>
        <source>%1 was not kept: scan the item&apos;s barcode first, then its serial.</source>
        <translation>%1 未保存：请先扫描商品条码，再扫描其序列号。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="227"/>
        <source>Stopped by itself after %1 s without motion on the desk.</source>
        <translation>台面 %1 秒无动静，已自动停止。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="242"/>
        <source>Waybill %1 · Order %2</source>
        <translation>面单 %1 · 订单 %2</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="244"/>
        <source>Waybill %1</source>
        <translation>面单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="245"/>
        <source>Order %1</source>
        <translation>订单 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="258"/>
        <source>Decided with %1 identity step(s) not answered.</source>
        <translation>已决定，但有 %1 个真伪核验步骤未回答。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_words.py" line="264"/>
        <source>recommended %1; overridden because: %2</source>
        <translation>规则建议：%1；推翻原因：%2</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="190"/>
        <source>recording</source>
        <translation>录像中</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="191"/>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="192"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="193"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="211"/>
        <source>Pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="217"/>
        <source>Signed</source>
        <translation>已签收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="224"/>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <location filename="../../inspector/i18n/vocabulary.py" line="231"/>
        <source>Signed under dispute</source>
        <translation>已争议签收</translation>
    </message>
</context>
<context>
    <name>WarehousePage</name>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="50"/>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="53"/>
        <source>Desks of one warehouse share one PostgreSQL database, so every inspection can be found from any of them. A desk on its own needs none of this.</source>
        <translation>同一仓库的各工作台共用一个 PostgreSQL 数据库，任何一台都能查到每一条验货记录。单独使用的工作台无需设置此项。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="59"/>
        <source>This desk joins a warehouse</source>
        <translation>本台加入仓库</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="63"/>
        <source>e.g. 192.168.1.10 or warehouse-db</source>
        <translation>例如 192.168.1.10</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="71"/>
        <source>Test the connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="79"/>
        <source>A folder on the network share, mounted on every desk (optional)</source>
        <translation>网络共享上的文件夹,每台电脑都挂载(可选)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="81"/>
        <source>Desk id: %1</source>
        <translation>工作台编号：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="85"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="86"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="87"/>
        <source>Database:</source>
        <translation>数据库：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="88"/>
        <source>User:</source>
        <translation>用户：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="89"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="92"/>
        <source>Shared video folder:</source>
        <translation>共享视频文件夹:</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="122"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="135"/>
        <source>Connected: %1, round trip %2 ms.</source>
        <translation>已连接：%1，往返 %2 毫秒。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="140"/>
        <source>The database is empty: this desk will set it up.</source>
        <translation>数据库为空：本台将完成初始化。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="144"/>
        <source>The database was written by a newer version of inspector; install it on this desk first.</source>
        <translation>该数据库由更新版本的 inspector 写入；请先在本台安装该版本。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="150"/>
        <source>Warehouse records found (schema %1).</source>
        <translation>已找到仓库记录（结构版本 %1）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="160"/>
        <source>The station name %1 is already another desk&apos;s in this warehouse; this desk is now named %2 (go back to change it).</source>
        <translation>工位名称 %1 已被本仓库的另一台工位使用；本工位现名为 %2（可返回修改）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="171"/>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="194"/>
        <source>This computer has no system keyring, so the database password was written to %1, readable by this user only.</source>
        <translation>本机没有系统密钥环，因此数据库密码已写入 %1，仅当前用户可读。</translation>
    </message>
</context>
<context>
    <name>WarehouseSettingsDialog</name>
    <message>
        <location filename="../../inspector/ui/warehouse_settings.py" line="28"/>
        <source>Warehouse settings</source>
        <translation>仓库设置</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/warehouse_settings.py" line="38"/>
        <source>each desk&apos;s own</source>
        <translation>各工位自行设置</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/warehouse_settings.py" line="44"/>
        <source>These apply to every desk of the warehouse and win over a desk&apos;s own settings. Desks are named by their station name or id.</source>
        <translation>这些设置适用于仓库的每个工位，优先于工位自己的设置。工位以工位名称或 ID 指定。</translation>
    </message>
</context>
</TS>
