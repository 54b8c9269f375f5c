<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>App</name>
    <message>
        <location filename="../../inspector/ui/app.py" line="40" />
        <source>Cannot start</source>
        <translation>无法启动</translation>
    </message>
</context>
<context>
    <name>CameraPreview</name>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="102" />
        <source>Demo desk (no camera)</source>
        <translation>演示工作台（无摄像头）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="104" />
        <source>Find cameras</source>
        <translation>查找摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="105" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="106" />
        <source>Press Preview to see the chosen camera.</source>
        <translation>按“预览”查看所选摄像头的画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="145" />
        <source>Looking for cameras…</source>
        <translation>正在查找摄像头…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../inspector/ui/settings_dialog.py" line="153" />
        <source>%n camera(s) found.</source>
        <translation>
            <numerusform>找到 %n 个摄像头。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="155" />
        <source>No camera found. Check the cable, or enter a camera URL.</source>
        <translation>未找到摄像头。请检查连接线，或输入摄像头地址。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="168" />
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
</context>
<context>
    <name>DeskMenu</name>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="23" />
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="26" />
        <source>&amp;Operators…</source>
        <translation>操作员(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="28" />
        <source>Set &amp;up this desk…</source>
        <translation>设置本工作台(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="54" />
        <source>The new camera settings apply after this recording.</source>
        <translation>新的摄像头设置将在本次录像结束后生效。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="61" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="62" />
        <source>The windows change language at the next start; new recordings use it now.</source>
        <translation>界面语言将在下次启动时更改；新的录像立即使用新语言。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="91" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/desk_menu.py" line="92" />
        <source>The new data folder is used from the next start.</source>
        <translation>新的数据文件夹将在下次启动时使用。</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="36" />
        <source>Set up this desk</source>
        <translation>设置本工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="42" />
        <source>This desk</source>
        <translation>本工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="44" />
        <source>The station name and the operator appear on every video and record.</source>
        <translation>工作台名称和操作员会显示在每段视频和每条记录上。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="47" />
        <source>Same as the computer</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="55" />
        <source>Your name (more can be added later)</source>
        <translation>您的姓名（之后可添加更多）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="57" />
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="58" />
        <source>Station name:</source>
        <translation>工作台名称：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="59" />
        <source>Operator:</source>
        <translation>操作员：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="65" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="67" />
        <source>Pick the camera above the desk; Preview shows its picture.</source>
        <translation>选择工作台上方的摄像头；“预览”会显示其画面。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="75" />
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="77" />
        <source>Videos and the database are kept here. Choose a large local disk.</source>
        <translation>视频和数据库保存在这里。请选择容量大的本地磁盘。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="85" />
        <source>Free now: %1</source>
        <translation>当前可用：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="87" />
        <source>Data folder:</source>
        <translation>数据文件夹：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/first_run.py" line="88" />
        <source>Keep free at least:</source>
        <translation>至少保留可用空间：</translation>
    </message>
</context>
<context>
    <name>HandsFreeDesk</name>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="136" />
        <source>Badge %1 belongs to no operator. Add it under Operators.</source>
        <translation>工牌 %1 不属于任何操作员。请在“操作员”中添加。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="142" />
        <source>Stop the recording before changing the operator.</source>
        <translation>请先停止录像再更换操作员。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="148" />
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="155" />
        <source>No inspections by anyone yet today.</source>
        <translation>今天还没有验货记录。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="158" />
        <source>Today per operator: %1</source>
        <translation>今日各操作员：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="170" />
        <source>%1 is a product barcode, not a waybill: nothing was started.</source>
        <translation>%1 是商品条码，不是快递面单：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="210" />
        <source>camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="210" />
        <source>scanner</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="212" />
        <source>waybill</source>
        <translation>快递单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="213" />
        <source>order number</source>
        <translation>订单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="214" />
        <source>operator badge</source>
        <translation>操作员工牌</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="215" />
        <source>not used</source>
        <translation>未使用</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="219" />
        <source>Last scan (%1): %2 — %3</source>
        <translation>最近扫码（%1）：%2 — %3</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="229" />
        <source>%1 is a product code (%2): nothing was started.</source>
        <translation>%1 是商品码（%2）：未开始任何操作。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="243" />
        <source>%1 is not a known waybill pattern. Press Start (F5) to record it.</source>
        <translation>%1 不符合已知的快递单号格式。按“开始”（F5）进行录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="249" />
        <source>%1 is not a waybill or order number: nothing was started. If it should be, add its pattern in Settings.</source>
        <translation>%1 不是快递单号或订单号：未开始任何操作。如果应该是，请在设置中添加其格式。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="266" />
        <source>Still recording %1. Stop it first (F8), or scan it again to stop.</source>
        <translation>仍在录制 %1。请先停止（F8），或再次扫描该单号以停止。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="300" />
        <source>%1 already has %2 inspection(s), the last at %3 by %4. Record another?</source>
        <translation>%1 已有 %2 次验货记录，最近一次为 %3，操作员 %4。是否再录一次？</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="308" />
        <source>Already inspected</source>
        <translation>已验过货</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="396" />
        <source>Stopped by itself after %1 s without motion on the desk.</source>
        <translation>工作台 %1 秒无动作，已自动停止。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_hands_free.py" line="414" />
        <source>No motion on the desk — stopping in %1 s. Move, or press Space to keep recording.</source>
        <translation>工作台无动作 — %1 秒后停止。请移动，或按空格键继续录像。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="22" />
        <source>Return Inspection Station — %1</source>
        <translation>退货验货台 — %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="27" />
        <source>&amp;Station</source>
        <translation>工作台(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="29" />
        <source>&amp;Browse</source>
        <translation>查询(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="32" />
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="42" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="44" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="48" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="49" />
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="56" />
        <source>About Return Inspection Station</source>
        <translation>关于退货验货台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/main_window.py" line="58" />
        <source>&lt;b&gt;Return Inspection Station&lt;/b&gt; %1&lt;br&gt;Films, checks and decides returned parcels, and exports evidence for platform appeals.&lt;br&gt;Data folder: %2</source>
        <translation>&lt;b&gt;退货验货台&lt;/b&gt; %1&lt;br&gt;拍摄、核对并处理退货包裹，导出用于平台申诉的证据。&lt;br&gt;数据文件夹：%2</translation>
    </message>
</context>
<context>
    <name>OperatorsDialog</name>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="34" />
        <source>Operators</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="36" />
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="36" />
        <source>Badge</source>
        <translation>工牌</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="36" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="42" />
        <source>Full name</source>
        <translation>全名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="44" />
        <source>Scan the badge, or leave empty</source>
        <translation>扫描工牌，或留空</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="45" />
        <source>Add or update</source>
        <translation>添加或更新</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="46" />
        <source>Left / back</source>
        <translation>离职 / 复职</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="50" />
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="51" />
        <source>Badge:</source>
        <translation>工牌：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="74" />
        <source>working</source>
        <translation>在职</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="74" />
        <source>left</source>
        <translation>已离职</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="92" />
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/operators_dialog.py" line="100" />
        <source>Select an operator first.</source>
        <translation>请先选择一名操作员。</translation>
    </message>
</context>
<context>
    <name>Overlay</name>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="98" />
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="99" />
        <source>Courier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="100" />
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="101" />
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="102" />
        <source>REC</source>
        <translation>录像</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="103" />
        <source>LIVE</source>
        <translation>实时</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="104" />
        <source>Step</source>
        <translation>步骤</translation>
    </message>
</context>
<context>
    <name>ScanRules</name>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="97" />
        <source>Operator badge</source>
        <translation>操作员工牌</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="98" />
        <source>Product EAN-13 (China)</source>
        <translation>商品条码 EAN-13（中国）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="99" />
        <source>Book ISBN</source>
        <translation>图书 ISBN</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="100" />
        <source>Product EAN-8</source>
        <translation>商品条码 EAN-8</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="101" />
        <source>SF Express</source>
        <translation>顺丰速运</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="102" />
        <source>JD Logistics</source>
        <translation>京东物流</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="103" />
        <source>YTO Express</source>
        <translation>圆通速递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="104" />
        <source>J&amp;T Express</source>
        <translation>极兔速递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="105" />
        <source>Cainiao</source>
        <translation>菜鸟</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="106" />
        <source>EMS / China Post (international)</source>
        <translation>EMS / 中国邮政（国际）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="107" />
        <source>UPS</source>
        <translation>UPS</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="108" />
        <source>DHL eCommerce</source>
        <translation>DHL 电子商务</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="109" />
        <source>Shopee SPX</source>
        <translation>Shopee SPX</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="110" />
        <source>Shopee / Lazada regional</source>
        <translation>Shopee / Lazada 海外站点</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="111" />
        <source>Lazada LEX</source>
        <translation>Lazada LEX</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="112" />
        <source>STO Express</source>
        <translation>申通快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="113" />
        <source>ZTO Express</source>
        <translation>中通快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="114" />
        <source>EMS (domestic)</source>
        <translation>EMS（国内）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="115" />
        <source>Yunda</source>
        <translation>韵达快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="116" />
        <source>USPS</source>
        <translation>USPS</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="117" />
        <source>FedEx</source>
        <translation>FedEx</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="118" />
        <source>DHL Express</source>
        <translation>DHL 快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="119" />
        <source>Amazon</source>
        <translation>亚马逊</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="120" />
        <source>Pinduoduo</source>
        <translation>拼多多</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="121" />
        <source>eBay</source>
        <translation>eBay</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="122" />
        <source>Flipkart</source>
        <translation>Flipkart</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="123" />
        <source>Meesho</source>
        <translation>Meesho</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="124" />
        <source>Shopee</source>
        <translation>Shopee</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="125" />
        <source>Taobao / Tmall / Douyin</source>
        <translation>淘宝 / 天猫 / 抖音</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="6" />
        <source>Station</source>
        <translation>工作台</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="7" />
        <source>Station name</source>
        <translation>工作台名称</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="8" />
        <source>Shown on the overlay and every record.</source>
        <translation>显示在画面叠加信息和每条记录上。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="9" />
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="10" />
        <source>Who is working at this desk now.</source>
        <translation>当前在本工作台工作的人。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="11" />
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="12" />
        <source>A camera number, an rtsp:// or http:// URL, a video file, or 'demo'.</source>
        <translation>摄像头编号、rtsp:// 或 http:// 地址、视频文件，或 'demo'。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="15" />
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="16" />
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="17" />
        <source>Frames per second</source>
        <translation>帧率（帧/秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="18" />
        <source>Recording</source>
        <translation>录像</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="19" />
        <source>Quality (CRF, lower is better)</source>
        <translation>画质（CRF，越小越好）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="20" />
        <source>18 is visually lossless, 28 is small.</source>
        <translation>18 视觉无损，28 文件较小。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="21" />
        <source>Encoder speed</source>
        <translation>编码速度</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="22" />
        <source>Pre-roll (seconds)</source>
        <translation>预录（秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="23" />
        <source>Seconds kept from before Start.</source>
        <translation>保留开始前的秒数。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="24" />
        <source>Storage</source>
        <translation>存储</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="25" />
        <source>Disk reserve (GB)</source>
        <translation>磁盘保留空间（GB）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="26" />
        <source>Recording does not start below this.</source>
        <translation>低于此值时不会开始录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="27" />
        <source>Auto-stop after no motion (seconds)</source>
        <translation>无动作自动停止（秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="28" />
        <source>A forgotten Stop ends the recording after this long without motion; 0 turns it off.</source>
        <translation>忘记停止时，无动作超过此时长将结束录像；0 表示关闭。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="32" />
        <source>Warning before auto-stop (seconds)</source>
        <translation>自动停止前提醒（秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="33" />
        <source>A countdown is shown this long before stopping; motion, Space or Keep recording cancels it.</source>
        <translation>停止前显示倒计时；有动作、按空格键或点“继续录像”都会取消。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="37" />
        <source>Scanning</source>
        <translation>扫码</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="38" />
        <source>Start recording when a waybill is scanned</source>
        <translation>扫描快递单号时开始录像</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="39" />
        <source>The waybill scan (by the scanner gun or the camera) starts recording.</source>
        <translation>扫描快递面单（扫码枪或摄像头）即开始录像。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="42" />
        <source>Scanning the same waybill again stops</source>
        <translation>再次扫描同一单号即停止</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="43" />
        <source>Read the waybill barcode in the camera picture</source>
        <translation>在摄像头画面中识别面单条码</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="44" />
        <source>Hold the label inside the guide box; a code read several times running is taken.</source>
        <translation>将面单置于引导框内；连续多次识别到同一条码即采用。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="48" />
        <source>Camera reads needed to accept a code</source>
        <translation>采用条码所需的连续识别次数</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="49" />
        <source>Scanner: shortest code (characters)</source>
        <translation>扫码枪：最短条码（字符数）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="50" />
        <source>Fast keystroke bursts at least this long are taken as a scan, not typing.</source>
        <translation>至少这么长的快速连续按键视为扫码，而非打字。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="53" />
        <source>Scanner: longest average gap between keys (ms)</source>
        <translation>扫码枪：按键平均间隔上限（毫秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="54" />
        <source>Scanner: silence that ends a scan without Enter (ms)</source>
        <translation>扫码枪：无回车时结束扫码的静默时间（毫秒）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="55" />
        <source>Operator badge prefix</source>
        <translation>操作员工牌前缀</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="56" />
        <source>Codes starting with this switch the operator (OP- and BADGE- always do).</source>
        <translation>以此开头的条码会切换操作员（OP- 和 BADGE- 始终有效）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="59" />
        <source>Own scan patterns</source>
        <translation>自定义扫码规则</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="60" />
        <source>One rule a line, tried before the built-in ones: kind | name | regular expression. Kinds: courier, order, operator, ignore.</source>
        <translation>每行一条规则，优先于内置规则：类型 | 名称 | 正则表达式。类型：courier（快递）、order（订单）、operator（操作员）、ignore（忽略）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="64" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="65" />
        <source>The language of the windows, the overlay and the report; 'system' follows the computer.</source>
        <translation>界面、画面叠加信息和报告的语言；'system' 跟随系统。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="69" />
        <source>First-run set-up done</source>
        <translation>已完成首次设置</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="70" />
        <source>Keep videos of decided inspections (days)</source>
        <translation>已处理验货的视频保留天数</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="71" />
        <source>Clean-up removes older videos of decided inspections, never pending, kept or appealed ones; the records stay. 0 keeps every video.</source>
        <translation>清理会删除已处理验货的较早视频，绝不删除待处理、已标记保留或申诉中的视频；记录会保留。0 表示保留所有视频。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="75" />
        <source>Video storage quota (GB)</source>
        <translation>视频存储配额（GB）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="76" />
        <source>Above this, clean-up also removes the oldest videos of decided inspections that are not kept or appealed. 0 means no quota.</source>
        <translation>超过此值时，清理还会删除未保留、未申诉的已处理验货中最早的视频。0 表示不限额。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="80" />
        <source>Backup</source>
        <translation>备份</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="81" />
        <source>Back up the database every day</source>
        <translation>每天备份数据库</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="82" />
        <source>A copy of the database once a day to the backup folder while the app runs.</source>
        <translation>程序运行期间每天将数据库复制一份到备份文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="85" />
        <source>Backup folder</source>
        <translation>备份文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="86" />
        <source>Another disk or a network share; empty uses the backups folder in the data folder.</source>
        <translation>另一块磁盘或网络共享；留空则使用数据文件夹中的 backups 文件夹。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="90" />
        <source>Backups to keep</source>
        <translation>保留备份数</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_strings.py" line="91" />
        <source>The newest this many daily backups are kept; older ones are deleted.</source>
        <translation>保留最新的这么多份每日备份；更早的会被删除。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="72" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="79" />
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="224" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="305" />
        <source>Same as the computer</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="312" />
        <source>Where videos and the database are kept. A change takes effect at the next start.</source>
        <translation>视频和数据库的保存位置。更改将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="315" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="363" />
        <source>The station needs a name; it is shown on every video.</source>
        <translation>工作台需要名称；它会显示在每段视频上。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="365" />
        <source>Choose a camera.</source>
        <translation>请选择摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/settings_dialog.py" line="390" />
        <source>Settings not saved</source>
        <translation>设置未保存</translation>
    </message>
</context>
<context>
    <name>StationController</name>
    <message>
        <location filename="../../inspector/ui/station.py" line="95" />
        <source>Stop the recording before changing the camera.</source>
        <translation>请先停止录像再更换摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="99" />
        <source>Opening camera %1…</source>
        <translation>正在打开摄像头 %1…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="111" />
        <source>Camera: %1</source>
        <translation>摄像头：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="119" />
        <source>No camera picture</source>
        <translation>无摄像头画面</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="134" />
        <source>● RECORDING  %1</source>
        <translation>● 录像中  %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="139" />
        <source>Recording stopped by itself: %1</source>
        <translation>录像自行停止：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="198" />
        <source>Expected waybill: %1</source>
        <translation>预期快递单号：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="230" />
        <source>Decided: %1 — inspection %2</source>
        <translation>已处理：%1 — 验货记录 %2</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="255" />
        <source>There is no camera picture yet. Wait for the camera, or use the demo camera.</source>
        <translation>还没有摄像头画面。请等待摄像头，或使用演示摄像头。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="284" />
        <source>The checklist could not be built: %1</source>
        <translation>无法生成检查清单：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="294" />
        <source>Saving the video…</source>
        <translation>正在保存视频…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="303" />
        <source>Saved inspection %1: %2 — %3 s</source>
        <translation>已保存验货记录 %1：%2 — %3 秒</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="308" />
        <source>, %1 frames dropped</source>
        <translation>，丢帧 %1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="326" />
        <source>Scan the waybill barcode, then Enter</source>
        <translation>扫描快递面单条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="336" />
        <source>Saving the recording failed: %1</source>
        <translation>保存录像失败：%1</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="343" />
        <source>Ready — scan the waybill or the order number</source>
        <translation>就绪 — 请扫描快递单号或订单号</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="368" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station.py" line="375" />
        <source>Today at this station: %1</source>
        <translation>本工作台今日：%1</translation>
    </message>
</context>
<context>
    <name>StationView</name>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="33" />
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="34" />
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="35" />
        <source>Courier</source>
        <translation>快递</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="36" />
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="37" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="38" />
        <source>Decision</source>
        <translation>处理结果</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="39" />
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="48" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="54" />
        <source>Starting camera…</source>
        <translation>正在启动摄像头…</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="63" />
        <source>Use the demo camera</source>
        <translation>使用演示摄像头</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="75" />
        <source>Keep recording (Space)</source>
        <translation>继续录像（空格）</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="90" />
        <source>Scan or type the order number, then Enter</source>
        <translation>扫描或输入订单号，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="94" />
        <source>Scan the waybill barcode, then Enter</source>
        <translation>扫描快递面单条码，然后按回车</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="99" />
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="103" />
        <source>&amp;Order number:</source>
        <translation>订单号(&amp;O)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="104" />
        <source>&amp;Courier number:</source>
        <translation>快递单号(&amp;C)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="105" />
        <source>O&amp;perator:</source>
        <translation>操作员(&amp;P)：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="106" />
        <source>Station:</source>
        <translation>工作台：</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="107" />
        <source>Parcel</source>
        <translation>包裹</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="110" />
        <source>● Start recording  (F5)</source>
        <translation>● 开始录像  (F5)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="117" />
        <source>■ Stop  (F8)</source>
        <translation>■ 停止  (F8)</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="129" />
        <source>1. Scan the waybill (or the order number) — recording starts.  2. Unbox the parcel on camera, the label inside the box.  3. Check and decide, or press Stop (F8).</source>
        <translation>1. 扫描快递面单（或订单号）— 开始录像。  2. 在镜头下拆包，面单放在框内。  3. 核对并处理，或按“停止”（F8）。</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/station_view.py" line="153" />
        <source>Today at this station</source>
        <translation>本工作台今日</translation>
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="117" />
        <source>recording</source>
        <translation>录像中</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="118" />
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="119" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="120" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="121" />
        <source>pending</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="122" />
        <source>sign</source>
        <translation>签收</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="123" />
        <source>reject</source>
        <translation>拒收</translation>
    </message>
    <message>
        <location filename="../../inspector/ui/i18n.py" line="124" />
        <source>dispute</source>
        <translation>争议签收</translation>
    </message>
</context>
</TS>