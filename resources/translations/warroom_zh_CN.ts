<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AllowlistForm</name>
    <message>
        <source>Allow a contact in replies</source>
        <translation>允许在回复中出现某个联系方式</translation>
    </message>
    <message>
        <source>E-mail address or @domain</source>
        <translation>电子邮件地址或 @域名</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>Link domain</source>
        <translation>链接域名</translation>
    </message>
    <message>
        <source>e.g. service@dhl.de, +49 228 4333112, dhl.de</source>
        <translation>例如 service@dhl.de、+49 228 4333112、dhl.de</translation>
    </message>
    <message>
        <source>who it is, why it is allowed</source>
        <translation>对方是谁，为何允许</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Value:</source>
        <translation>值(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Adding the allowlist entry</source>
        <translation>正在添加允许列表条目</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>War Room — {title}</source>
        <translation>War Room — {title}</translation>
    </message>
    <message>
        <source>The database could not be opened.

{text}</source>
        <translation>无法打开数据库。

{text}</translation>
    </message>
</context>
<context>
    <name>AppealExportDialog</name>
    <message>
        <source>Export appeal package</source>
        <translation>导出申诉材料包</translation>
    </message>
    <message>
        <source>Replace buyer names and e-mail addresses with keyed pseudonyms (audit.jsonl is then withheld)</source>
        <translation>用加密假名替换买家姓名和电子邮件地址（此时不附带 audit.jsonl）</translation>
    </message>
    <message>
        <source>the package to write (a new .zip file)</source>
        <translation>要写入的材料包（一个新的 .zip 文件）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>&amp;From (UTC):</source>
        <translation>起始日期 (UTC)(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;To (UTC, included):</source>
        <translation>截止日期 (UTC，含当天)(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Package:</source>
        <translation>材料包(&amp;P)：</translation>
    </message>
    <message>
        <source>Every buyer message of the period with its 24-hour deadline, every reply sent, refunds, escalations and lint refusals, with the signed checkpoint and an inclusion proof for each entry cited. The export is recorded in the audit log; at the end the stranger&apos;s verifier (verify_appeal.py) checks the written package.</source>
        <translation>包含该期间的每条买家消息及其 24 小时回复时限、每条已发送的回复、退款、升级处理和内容检查拦截记录，并附带已签名的检查点以及所引用每条记录的包含证明。本次导出会记入审计日志；导出完成后，由第三方验证程序 (verify_appeal.py) 检查写出的材料包。</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Save the appeal package</source>
        <translation>保存申诉材料包</translation>
    </message>
    <message>
        <source>Appeal package (*.zip)</source>
        <translation>申诉材料包 (*.zip)</translation>
    </message>
    <message>
        <source>The first day is after the last day.</source>
        <translation>起始日期晚于截止日期。</translation>
    </message>
    <message>
        <source>Choose the file to write.</source>
        <translation>请选择要写入的文件。</translation>
    </message>
    <message>
        <source>{name} exists: a package is never overwritten; choose another name.</source>
        <translation>{name} 已存在：材料包不会被覆盖，请换一个文件名。</translation>
    </message>
    <message>
        <source>No such folder: {folder}</source>
        <translation>文件夹不存在：{folder}</translation>
    </message>
</context>
<context>
    <name>AppealExportFlow</name>
    <message>
        <source>Exporting the appeal package</source>
        <translation>正在导出申诉材料包</translation>
    </message>
    <message>
        <source>The appeal package was written to {path}.</source>
        <translation>申诉材料包已写入 {path}。</translation>
    </message>
    <message>
        <source>Appeal package written, not checked</source>
        <translation>申诉材料包已写出，但未经验证</translation>
    </message>
    <message>
        <source>The check was cancelled: run verify_appeal.py on the package before sending it.</source>
        <translation>验证已取消：发送前请先用 verify_appeal.py 检查该材料包。</translation>
    </message>
    <message>
        <source>Appeal package written and verified</source>
        <translation>申诉材料包已写出并通过验证</translation>
    </message>
    <message>
        <source>The verifier ({script}) says:</source>
        <translation>验证程序 ({script}) 的输出：</translation>
    </message>
    <message>
        <source>Appeal package written: verification FAILED</source>
        <translation>申诉材料包已写出：验证失败</translation>
    </message>
    <message>
        <source>The verifier ({script}, exit status {code}) says:</source>
        <translation>验证程序 ({script}，退出码 {code}) 的输出：</translation>
    </message>
    <message>
        <source>Do not send this package: report the failures above.</source>
        <translation>请勿发送此材料包：请上报以上错误。</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>The export was cancelled: no package was written and no export was recorded.

Missed deadlines found before it started, and the signed checkpoint if it got that far, stay in the log: both are true statements of it.</source>
        <translation>导出已取消：未写出任何材料包，也未记录导出操作。

导出开始前发现的超时记录，以及已签名的检查点（如已进行到该步骤）仍保留在日志中：二者都是对日志的真实陈述。</translation>
    </message>
    <message>
        <source>Exporting the appeal package: {text}</source>
        <translation>导出申诉材料包：{text}</translation>
    </message>
</context>
<context>
    <name>ApprovalDesk</name>
    <message>
        <source>Submitted</source>
        <translation>提交时间</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>撰写人</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>your own draft: another compliance user decides on it</source>
        <translation>这是您自己的草稿：须由另一位合规人员审批</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Cached order</source>
        <translation>缓存订单</translation>
    </message>
    <message>
        <source>Approve…  (Alt+A)</source>
        <translation>批准…  (Alt+A)</translation>
    </message>
    <message>
        <source>Approve with your password (Ctrl+Enter or Alt+A)</source>
        <translation>输入密码批准 (Ctrl+Enter 或 Alt+A)</translation>
    </message>
    <message>
        <source>Reject…  (Alt+R)</source>
        <translation>驳回…  (Alt+R)</translation>
    </message>
    <message>
        <source>Reject with a reason (Alt+R)</source>
        <translation>填写原因后驳回 (Alt+R)</translation>
    </message>
    <message>
        <source>Loading the approval desk</source>
        <translation>加载审批台</translation>
    </message>
    <message>
        <source>({kind} reply)</source>
        <translation>（{kind} 回复）</translation>
    </message>
    <message>
        <source>  (you)</source>
        <translation>  （您）</translation>
    </message>
    <message>
        <source>{drafts} waiting for a decision (oldest first)</source>
        <translation>{drafts}待审批（最早的在前）</translation>
    </message>
    <message>
        <source>No drafts waiting for a decision.</source>
        <translation>没有待审批的草稿。</translation>
    </message>
    <message>
        <source>No draft selected</source>
        <translation>未选择草稿</translation>
    </message>
    <message>
        <source>Draft #{id} for ticket #{ticket} — by {author}, submitted {when}</source>
        <translation>草稿 #{id}（工单 #{ticket}）— 撰写人 {author}，提交于 {when}</translation>
    </message>
    <message>
        <source>Template {key}@{version} ({language})</source>
        <translation>模板 {key}@{version}（{language}）</translation>
    </message>
    <message>
        <source>Senior reply</source>
        <translation>高级回复</translation>
    </message>
    <message>
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <source>  ·  To: {to}  ·  Subject: {subject}</source>
        <translation>  ·  收件人：{to}  ·  主题：{subject}</translation>
    </message>
    <message>
        <source>blocked: it cannot be approved</source>
        <translation>已拦截：无法批准</translation>
    </message>
    <message>
        <source>Opening ticket {id}</source>
        <translation>打开工单 {id}</translation>
    </message>
    <message>
        <source>Approve and Reject are disabled: {why}.</source>
        <translation>“批准”和“驳回”不可用：{why}。</translation>
    </message>
    <message>
        <source>Disabled: {why}</source>
        <translation>不可用：{why}</translation>
    </message>
    <message>
        <source>Approve draft #{id}</source>
        <translation>批准草稿 #{id}</translation>
    </message>
    <message>
        <source>Approving draft #{id} (ticket #{ticket}, by {author}).
Confirm with your password, {me}:</source>
        <translation>正在批准草稿 #{id}（工单 #{ticket}，撰写人 {author}）。
{me}，请输入您的密码确认：</translation>
    </message>
    <message>
        <source>Approving draft {id}</source>
        <translation>批准草稿 {id}</translation>
    </message>
    <message>
        <source>Reject draft #{id}</source>
        <translation>驳回草稿 #{id}</translation>
    </message>
    <message>
        <source>Why is draft #{id} rejected? (required; the author sees it; audited)</source>
        <translation>驳回草稿 #{id} 的原因？（必填；撰写人可见；记入审计日志）</translation>
    </message>
    <message>
        <source>Rejecting draft {id}</source>
        <translation>驳回草稿 {id}</translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <source>not verified yet</source>
        <extracomment>(chain verification result as the window keeps it, or None; the checkpoint status line)</extracomment>
        <translation>尚未验证</translation>
    </message>
    <message>
        <source>BROKEN</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>after the break</source>
        <translation>位于断点之后</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>已验证</translation>
    </message>
    <message>
        <source>newer than the last check</source>
        <translation>晚于上次检查</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>(unreadable entry)</source>
        <translation>（无法读取的条目）</translation>
    </message>
    <message>
        <source>actor, e.g. carol</source>
        <translation>操作人，例如 carol</translation>
    </message>
    <message>
        <source>action, e.g. draft.approve or draft.*</source>
        <translation>操作，例如 draft.approve 或 draft.*</translation>
    </message>
    <message>
        <source>entity, e.g. ticket:42, draft:7</source>
        <translation>对象，例如 ticket:42、draft:7</translation>
    </message>
    <message>
        <source>Any time</source>
        <translation>任何时间</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>过去 1 小时</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>过去 24 小时</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>过去 30 天</translation>
    </message>
    <message>
        <source>Between…</source>
        <translation>介于…</translation>
    </message>
    <message>
        <source>from, e.g. 2026-12-01</source>
        <translation>起始，例如 2026-12-01</translation>
    </message>
    <message>
        <source>to, e.g. 2026-12-02T18:00:00Z</source>
        <translation>截止，例如 2026-12-02T18:00:00Z</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Select an entry to read it whole.</source>
        <translation>选择一个条目以查看完整内容。</translation>
    </message>
    <message>
        <source>Load &amp;more</source>
        <translation>加载更多(&amp;M)</translation>
    </message>
    <message>
        <source>Reading the audit log</source>
        <translation>正在读取审计日志</translation>
    </message>
    <message>
        <source>Not a time: use 2026-12-01 or 2026-12-01T10:00:00Z.</source>
        <translation>时间格式无效：请使用 2026-12-01 或 2026-12-01T10:00:00Z。</translation>
    </message>
    <message>
        <source>Audit chain not verified in this session (File › Verify audit chain).</source>
        <translation>本次会话尚未验证审计链（文件 › 验证审计链）。</translation>
    </message>
    <message>
        <source>Audit chain verified: entries 1 to {n}.</source>
        <translation>审计链已验证：条目 1 至 {n}。</translation>
    </message>
    <message>
        <source>Audit chain BROKEN at entry {seq}: {reason}</source>
        <translation>审计链在条目 {seq} 处已损坏：{reason}</translation>
    </message>
    <message>
        <source>Checkpoints: {status}</source>
        <translation>检查点：{status}</translation>
    </message>
    <message>
        <source>1 entry shown</source>
        <translation>显示 1 个条目</translation>
    </message>
    <message>
        <source>{n} entries shown</source>
        <translation>显示 {n} 个条目</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>all matching entries</source>
        <translation>所有匹配的条目</translation>
    </message>
    <message>
        <source>No entry matches these filters.</source>
        <translation>没有符合这些筛选条件的条目。</translation>
    </message>
    <message>
        <source>Audit &amp;log</source>
        <translation>审计日志(&amp;L)</translation>
    </message>
    <message>
        <source>Select a ticket first.</source>
        <translation>请先选择一个工单。</translation>
    </message>
    <message>
        <source>Reading the ticket&apos;s audit entries</source>
        <translation>正在读取此工单的审计条目</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>Audit &amp;entries for this ticket</source>
        <translation>此工单的审计条目(&amp;E)</translation>
    </message>
</context>
<context>
    <name>AuthorizationDialog</name>
    <message>
        <source>Authorize an out-of-policy remedy — ticket #{id}</source>
        <translation>授权政策外补救 — 工单 #{id}</translation>
    </message>
    <message>
        <source>Order {order}. A refund above the order&apos;s total, an express reshipment or a future discount is allowed only under an authorization in force. For compensation the limit is the most the order&apos;s refunds may add up to in all.</source>
        <translation>订单 {order}。超出订单总额的退款、加急补发或未来折扣，只有在有效授权下才允许。对补偿而言，上限是该订单所有退款合计的最高金额。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Compensation above the order total</source>
        <translation>超出订单总额的补偿</translation>
    </message>
    <message>
        <source>Express reshipment</source>
        <translation>加急补发</translation>
    </message>
    <message>
        <source>Future discount</source>
        <translation>未来折扣</translation>
    </message>
    <message>
        <source>e.g. 150.00 (not needed for an express reshipment)</source>
        <translation>例如 150.00（加急补发无需填写）</translation>
    </message>
    <message>
        <source> h</source>
        <translation> 小时</translation>
    </message>
    <message>
        <source>why this remedy is allowed (kept in the audit log)</source>
        <translation>为何允许此补救（记入审计日志）</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Limit:</source>
        <translation>上限：</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>有效期：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>&amp;Authorize</source>
        <translation>授权(&amp;A)</translation>
    </message>
</context>
<context>
    <name>BriefDialog</name>
    <message>
        <source>Escalation brief — ticket #{id}</source>
        <extracomment>the brief&apos;s fields&apos; heights in lines (at least)</extracomment>
        <translation>升级简报 — 工单 #{id}</translation>
    </message>
    <message>
        <source>{subject}
Escalated {when} by {by}: {why}</source>
        <translation>{subject}
{when} 由 {by} 升级：{why}</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Nature of the issue</source>
        <translation>问题性质</translation>
    </message>
    <message>
        <source>What has been done</source>
        <translation>已采取的措施</translation>
    </message>
    <message>
        <source>Buyer&apos;s emotional state</source>
        <translation>买家情绪状态</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Prefilled from what War Room knows; write over it to replace it, clear it to get the prefill back</source>
        <translation>根据 War Room 已知信息预填；改写即可替换，清空则恢复预填内容</translation>
    </message>
    <message>
        <source>Written by a person</source>
        <translation>由人工填写</translation>
    </message>
    <message>
        <source> (prefilled)</source>
        <translation>（预填）</translation>
    </message>
    <message>
        <source>Last edited by {who} at {when}</source>
        <translation>最后由 {who} 于 {when} 编辑</translation>
    </message>
    <message>
        <source>&amp;Save brief</source>
        <translation>保存简报(&amp;S)</translation>
    </message>
</context>
<context>
    <name>CaseActionDialog</name>
    <message>
        <source>Amazon answered case {id}</source>
        <translation>亚马逊已答复支持案例 {id}</translation>
    </message>
    <message>
        <source>Close case {id}</source>
        <translation>关闭支持案例 {id}</translation>
    </message>
    <message>
        <source>Reopen case {id}</source>
        <translation>重新打开支持案例 {id}</translation>
    </message>
    <message>
        <source>Answered &amp;at:</source>
        <translation>答复时间(&amp;A)：</translation>
    </message>
    <message>
        <source>What Amazon &amp;said:</source>
        <translation>亚马逊的答复(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Outcome:</source>
        <translation>结果(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>CasesScreen</name>
    <message>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>open</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <source>not resolved</source>
        <translation>未解决</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>无答复</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Today: {n} of 1 case</source>
        <translation>今日：{n} / 1 个支持案例</translation>
    </message>
    <message>
        <source>Today: {n} of {limit} cases</source>
        <translation>今日：{n} / {limit} 个支持案例</translation>
    </message>
    <message>
        <source>1 marked urgent (at most {limit} recommended)</source>
        <translation>1 个标记为紧急（建议最多 {limit} 个）</translation>
    </message>
    <message>
        <source>{n} marked urgent (at most {limit} recommended)</source>
        <translation>{n} 个标记为紧急（建议最多 {limit} 个）</translation>
    </message>
    <message>
        <source>Seller Support cases opened on {day} ({zone}); the daily limit is a setting (cases.daily_limit)</source>
        <translation>{day}（{zone}）开立的支持案例；每日上限是一项设置 (cases.daily_limit)</translation>
    </message>
    <message>
        <source>Opening cases too often is itself a suspension risk: sellers report warnings at 10-30 a day. Prepare the policy, name the ASINs, orders and shipments, and use the urgent box sparingly.</source>
        <translation>过于频繁地开立支持案例本身就是账户暂停的风险：有卖家在每天开立 10-30 个时收到警告。请事先准备好相关政策，写明 ASIN、订单和货件编号，并谨慎勾选“紧急”。</translation>
    </message>
    <message>
        <source>Log a new &amp;case…</source>
        <translation>记录新的支持案例(&amp;C)…</translation>
    </message>
    <message>
        <source>Amazon &amp;answered…</source>
        <translation>亚马逊已答复(&amp;A)…</translation>
    </message>
    <message>
        <source>Clos&amp;e…</source>
        <translation>关闭(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Reopen…</source>
        <translation>重新打开(&amp;R)…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>支持案例</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>开立时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Topic</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Named</source>
        <translation>涉及编号</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Answer (h)</source>
        <translation>答复用时（小时）</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重开次数</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Loading the case log</source>
        <translation>加载支持案例记录</translation>
    </message>
    <message>
        <source>urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>Opened past the daily limit: {reason}</source>
        <translation>超出每日上限开立：{reason}</translation>
    </message>
    <message>
        <source>Logging a case</source>
        <translation>记录支持案例</translation>
    </message>
    <message>
        <source>Support cases</source>
        <translation>支持案例</translation>
    </message>
</context>
<context>
    <name>ClaimDialog</name>
    <message>
        <source>A-to-z Guarantee claim</source>
        <translation>A-to-z 保障索赔</translation>
    </message>
    <message>
        <source>Chargeback</source>
        <translation>拒付</translation>
    </message>
    <message>
        <source>Open a claim — notice {id}</source>
        <translation>创建索赔 — 通知 {id}</translation>
    </message>
    <message>
        <source>Open a claim — ticket #{id}</source>
        <translation>创建索赔 — 工单 #{id}</translation>
    </message>
    <message>
        <source>Open a claim</source>
        <translation>创建索赔</translation>
    </message>
    <message>
        <source>&amp;Open claim</source>
        <translation>创建索赔(&amp;O)</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Order:</source>
        <translation>订单：</translation>
    </message>
    <message>
        <source>123-1234567-1234567</source>
        <translation>123-1234567-1234567</translation>
    </message>
    <message>
        <source>Amazon asked at:</source>
        <translation>亚马逊请求时间：</translation>
    </message>
    <message>
        <source>now — or when Amazon&apos;s request arrived</source>
        <translation>现在 — 或亚马逊请求到达的时间</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>the buyer&apos;s reason as Amazon gave it</source>
        <translation>亚马逊给出的买家原因</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>optional, e.g. 24.99</source>
        <translation>可选，例如 24.99</translation>
    </message>
    <message>
        <source>Attach evidence — claim {id}</source>
        <translation>附加证据 — 索赔 {id}</translation>
    </message>
    <message>
        <source>&amp;Attach</source>
        <translation>附加(&amp;A)</translation>
    </message>
    <message>
        <source>Proof of shipment</source>
        <translation>发货证明</translation>
    </message>
    <message>
        <source>Tracking</source>
        <translation>物流跟踪</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>照片</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Refunds</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参考：</translation>
    </message>
    <message>
        <source>a file, tracking number, ticket or refund number</source>
        <translation>文件、跟踪号、工单号或退款编号</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>optional: what it shows</source>
        <translation>可选：证明了什么</translation>
    </message>
    <message>
        <source>Record what was submitted — claim {id}</source>
        <translation>记录已提交的内容 — 索赔 {id}</translation>
    </message>
    <message>
        <source>&amp;Record</source>
        <translation>记录(&amp;R)</translation>
    </message>
    <message>
        <source>Submitted:</source>
        <translation>已提交：</translation>
    </message>
    <message>
        <source>what was sent to Amazon (text, evidence named)</source>
        <translation>发送给亚马逊的内容（文字及所附证据）</translation>
    </message>
    <message>
        <source>When:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>now — or when it was submitted</source>
        <translation>现在 — 或提交的时间</translation>
    </message>
    <message>
        <source>Record the outcome — claim {id}</source>
        <translation>记录结果 — 索赔 {id}</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>结果：</translation>
    </message>
    <message>
        <source>Granted to the buyer</source>
        <translation>判给买家</translation>
    </message>
    <message>
        <source>Denied (in the seller&apos;s favour)</source>
        <translation>已驳回（有利于卖家）</translation>
    </message>
    <message>
        <source>Withdrawn by the buyer</source>
        <translation>买家已撤回</translation>
    </message>
    <message>
        <source>Appeal filed</source>
        <translation>已提出申诉</translation>
    </message>
    <message>
        <source>now — or when Amazon decided</source>
        <translation>现在 — 或亚马逊作出决定的时间</translation>
    </message>
    <message>
        <source>Amazon asked for information — claim {id}</source>
        <translation>亚马逊要求提供信息 — 索赔 {id}</translation>
    </message>
    <message>
        <source>Asked at:</source>
        <translation>请求时间：</translation>
    </message>
    <message>
        <source>Link notice {id}</source>
        <translation>关联通知 {id}</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>关联(&amp;L)</translation>
    </message>
    <message>
        <source>Claim number:</source>
        <translation>索赔编号：</translation>
    </message>
    <message>
        <source>the claim it concerns (or leave empty)</source>
        <translation>相关的索赔（或留空）</translation>
    </message>
    <message>
        <source>Ticket number:</source>
        <translation>工单编号：</translation>
    </message>
    <message>
        <source>the ticket it concerns (or leave empty)</source>
        <translation>相关的工单（或留空）</translation>
    </message>
</context>
<context>
    <name>Claims</name>
    <message>
        <source>A-to-z</source>
        <translation>A-to-z 索赔</translation>
    </message>
    <message>
        <source>Chargeback</source>
        <translation>拒付</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>granted to the buyer</source>
        <translation>已判给买家</translation>
    </message>
    <message>
        <source>denied (seller&apos;s favour)</source>
        <translation>已驳回（有利于卖家）</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>appealed</source>
        <translation>已申诉</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>answer Amazon&apos;s request</source>
        <translation>答复亚马逊的信息请求</translation>
    </message>
    <message>
        <source>file an appeal</source>
        <translation>提出申诉</translation>
    </message>
    <message>
        <source>answer during the appeal</source>
        <translation>申诉期间答复</translation>
    </message>
    <message>
        <source>answer the chargeback</source>
        <translation>答复拒付</translation>
    </message>
    <message>
        <source>A-to-z claim</source>
        <translation>A-to-z 索赔</translation>
    </message>
    <message>
        <source>Policy warning</source>
        <translation>政策警告</translation>
    </message>
    <message>
        <source>Performance</source>
        <translation>绩效通知</translation>
    </message>
    <message>
        <source>Amazon customer service</source>
        <translation>亚马逊客服</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Claim {id}: {type} on order {order}, {status}</source>
        <translation>索赔 {id}：订单 {order} 的{type}，{status}</translation>
    </message>
    <message>
        <source>Opened {at} by {who}; ticket {ticket}</source>
        <translation>{at} 由 {who} 创建；工单 {ticket}</translation>
    </message>
    <message>
        <source>Window: {window}, due {due} ({left})</source>
        <translation>时限：{window}，截止 {due}（{left}）</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Submitted {at} by {who}: {text}</source>
        <translation>{at} 由 {who} 提交：{text}</translation>
    </message>
    <message>
        <source>Amount: {amount} {currency}</source>
        <translation>金额：{amount} {currency}</translation>
    </message>
    <message>
        <source>Evidence: {kind} {reference} {note}</source>
        <translation>证据：{kind} {reference} {note}</translation>
    </message>
    <message>
        <source>{kind} from {sender}, received {at}</source>
        <translation>{kind}，发件人 {sender}，收到于 {at}</translation>
    </message>
    <message>
        <source>Needs: {what}</source>
        <translation>需要：{what}</translation>
    </message>
    <message>
        <source>By: {due}</source>
        <translation>截止：{due}</translation>
    </message>
    <message>
        <source>Answered {at} by {who}: {text}</source>
        <translation>{at} 由 {who} 答复：{text}</translation>
    </message>
    <message>
        <source>Claims on this order</source>
        <translation>此订单的索赔</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>索赔</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Open claim…</source>
        <translation>创建索赔…</translation>
    </message>
    <message>
        <source>Record an A-to-z claim or a chargeback on this ticket&apos;s order (audited)</source>
        <translation>为此工单的订单登记 A-to-z 索赔或拒付（记入审计日志）</translation>
    </message>
    <message>
        <source>Loading the ticket&apos;s claims</source>
        <translation>正在加载此工单的索赔</translation>
    </message>
    <message>
        <source>no claim</source>
        <translation>无索赔</translation>
    </message>
    <message>
        <source>&amp;Claims and Amazon&apos;s notices…</source>
        <translation>索赔和亚马逊通知(&amp;C)…</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>索赔</translation>
    </message>
</context>
<context>
    <name>ClaimsScreen</name>
    <message>
        <source>Claim</source>
        <translation>索赔</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>收到时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>索赔</translation>
    </message>
    <message>
        <source>Amazon&apos;s notices</source>
        <translation>亚马逊通知</translation>
    </message>
    <message>
        <source>Open only</source>
        <translation>仅未结</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Answer notice…</source>
        <translation>答复通知(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Link…</source>
        <translation>关联(&amp;L)…</translation>
    </message>
    <message>
        <source>Link the notice to the claim or ticket it concerns</source>
        <translation>将通知关联到相关的索赔或工单</translation>
    </message>
    <message>
        <source>&amp;Open claim…</source>
        <translation>创建索赔(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Evidence…</source>
        <translation>证据(&amp;E)…</translation>
    </message>
    <message>
        <source>Amazon as&amp;ked…</source>
        <translation>亚马逊请求(&amp;K)…</translation>
    </message>
    <message>
        <source>&amp;Submitted…</source>
        <translation>已提交(&amp;S)…</translation>
    </message>
    <message>
        <source>O&amp;utcome…</source>
        <translation>结果(&amp;U)…</translation>
    </message>
    <message>
        <source>Loading claims and notices</source>
        <translation>正在加载索赔和通知</translation>
    </message>
    <message>
        <source>{claims} · {notices}</source>
        <translation>{claims} · {notices}</translation>
    </message>
    <message numerus="yes">
        <source>%n claim(s)</source>
        <translation>
            <numerusform>%n 个索赔</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n notice(s) waiting for an answer</source>
        <translation>
            <numerusform>%n 条通知待答复</numerusform>
        </translation>
    </message>
    <message>
        <source>Answer notice {id}</source>
        <translation>答复通知 {id}</translation>
    </message>
    <message>
        <source>What was answered to Amazon, or done:</source>
        <translation>向亚马逊答复的内容或已采取的措施：</translation>
    </message>
    <message>
        <source>Answering notice {id}</source>
        <translation>正在答复通知 {id}</translation>
    </message>
</context>
<context>
    <name>ComplianceMenu</name>
    <message>
        <source>Com&amp;pliance</source>
        <translation>合规(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Templates…</source>
        <translation>模板(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Rules…</source>
        <translation>规则(&amp;R)…</translation>
    </message>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Values this template needs</source>
        <translation>此模板需要填写的值</translation>
    </message>
    <message>
        <source>The rendered reply appears here.</source>
        <translation>生成的回复将显示在这里。</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>提交审批(&amp;S)</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>模板：</translation>
    </message>
    <message>
        <source>Free text (no suspension is declared). It is linted live and, like every reply, approved by a second person before it leaves.</source>
        <translation>自由文本（当前未宣布账户暂停）。输入时实时进行内容检查，并且与所有回复一样，发送前须经第二人审批。</translation>
    </message>
    <message>
        <source>Senior reply: this ticket is ESCALATED, so no template answers it. Write the reply yourself; another compliance user approves it.</source>
        <translation>高级回复：此工单已升级 (ESCALATED)，不能使用模板回复。请亲自撰写回复，由另一位合规人员审批。</translation>
    </message>
    <message>
        <source>&amp;Edit draft</source>
        <translation>编辑草稿(&amp;E)</translation>
    </message>
    <message>
        <source>Load one of your drafts on this ticket to change it. Saving re-lints it and sends it back for approval; any approval it had is void.</source>
        <translation>载入您在此工单上的某份草稿进行修改。保存时会重新进行内容检查并重新提交审批；之前的批准随即失效。</translation>
    </message>
    <message>
        <source>Stop editing</source>
        <translation>停止编辑</translation>
    </message>
    <message>
        <source>Your drafts here:</source>
        <translation>您在此工单的草稿：</translation>
    </message>
    <message>
        <source>Reading what replies this ticket takes</source>
        <translation>读取此工单可用的回复方式</translation>
    </message>
    <message>
        <source>Senior reply</source>
        <translation>高级回复</translation>
    </message>
    <message>
        <source>Lint: nothing to check yet</source>
        <translation>内容检查：暂无可检查的内容</translation>
    </message>
    <message>
        <source>From a template</source>
        <translation>使用模板</translation>
    </message>
    <message>
        <source>Free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <source>Your role does not write replies.</source>
        <translation>您的角色不能撰写回复。</translation>
    </message>
    <message>
        <source>This ticket is closed: no reply can be drafted.</source>
        <translation>此工单已关闭：无法起草回复。</translation>
    </message>
    <message>
        <source>This ticket is ESCALATED: the escalation process stops templated replies. Only a senior reply, written by a compliance or admin user, answers it. Leave a private note for them if you know something they should.</source>
        <translation>此工单已升级 (ESCALATED)：升级流程中不能使用模板回复，只能由合规人员或管理员撰写高级回复。如有他们需要了解的情况，请留下内部备注。</translation>
    </message>
    <message>
        <source>A suspension is declared: replies come only from approved templates (no free text).</source>
        <translation>已宣布账户暂停：只能使用已审批的模板回复（不可使用自由文本）。</translation>
    </message>
    <message>
        <source>Listing the templates</source>
        <translation>列出模板</translation>
    </message>
    <message>
        <source>No approved template fits this ticket (category: {category}, language: {language})</source>
        <translation>没有适用于此工单的已审批模板（类别：{category}，语言：{language}）</translation>
    </message>
    <message>
        <source>Drafts on this ticket: {list}</source>
        <translation>此工单的草稿：{list}</translation>
    </message>
    <message>
        <source>Reason given: {reason}</source>
        <translation>给出的原因：{reason}</translation>
    </message>
    <message>
        <source>Lint failed: {why}</source>
        <translation>内容检查未通过：{why}</translation>
    </message>
    <message>
        <source>— pick a template —</source>
        <translation>— 请选择模板 —</translation>
    </message>
    <message>
        <source>Draft #{id} is BLOCKED by lint findings ({rules}): it cannot be approved. Change it and save it again, or write a new one.</source>
        <translation>草稿 #{id} 因内容检查发现问题（{rules}）而被阻止：无法批准。请修改后重新保存，或另写一份。</translation>
    </message>
    <message>
        <source>Draft #{id} saved; it is held by the suspension.</source>
        <translation>草稿 #{id} 已保存；因账户暂停而暂扣。</translation>
    </message>
    <message>
        <source>Draft #{id} submitted for approval. A compliance user decides on the approval desk.</source>
        <translation>草稿 #{id} 已提交审批，由合规用户在审批台决定。</translation>
    </message>
    <message>
        <source>waiting for approval on the approval desk</source>
        <translation>在审批台等待审批</translation>
    </message>
    <message>
        <source>approved, waiting in the outbox to be sent</source>
        <translation>已批准，在发件箱等待发送</translation>
    </message>
    <message>
        <source>held by the suspension</source>
        <translation>因账户暂停而暂扣</translation>
    </message>
    <message>
        <source>being sent</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <source>Draft #{id} by {author} is {status}.</source>
        <translation>{author} 的草稿 #{id}：{status}。</translation>
    </message>
    <message>
        <source>One draft at a time: this ticket takes a new reply when it is sent or rejected.</source>
        <translation>每个工单同时只能有一份草稿：该草稿发送或被驳回后，才能写新的回复。</translation>
    </message>
    <message>
        <source>Listing the ticket&apos;s drafts</source>
        <translation>列出此工单的草稿</translation>
    </message>
    <message>
        <source>No drafts on this ticket yet.</source>
        <translation>此工单还没有草稿。</translation>
    </message>
    <message>
        <source>Reading the draft waiting on the ticket</source>
        <translation>正在读取此工单待处理的草稿</translation>
    </message>
    <message>
        <source>template {key} is no longer offered for this ticket: write a new draft</source>
        <translation>此工单已不再提供模板 {key}：请撰写新的草稿</translation>
    </message>
    <message>
        <source>Editing the draft</source>
        <translation>编辑草稿</translation>
    </message>
    <message>
        <source>Save changes to draft #{id}</source>
        <translation>保存对草稿 #{id} 的修改</translation>
    </message>
    <message>
        <source>Editing your draft #{id} ({status}).</source>
        <translation>正在编辑您的草稿 #{id}（{status}）。</translation>
    </message>
    <message>
        <source>Lint: pick a template</source>
        <translation>内容检查：请先选择模板</translation>
    </message>
    <message>
        <source>Lint: no preview</source>
        <translation>内容检查：无预览</translation>
    </message>
    <message>
        <source>Fill in “{name}” to see the reply.</source>
        <translation>请填写“{name}”以查看回复。</translation>
    </message>
    <message>
        <source>Lint: waiting for the missing value</source>
        <translation>内容检查：等待填写缺少的值</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>主题：{subject}</translation>
    </message>
    <message>
        <source>submitting saves it as blocked</source>
        <translation>提交后将保存为已拦截</translation>
    </message>
    <message>
        <source>Saving the draft</source>
        <translation>保存草稿</translation>
    </message>
    <message>
        <source>Submitting the draft</source>
        <translation>提交草稿</translation>
    </message>
    <message>
        <source>the draft was saved as blocked</source>
        <translation>草稿已保存为已拦截</translation>
    </message>
</context>
<context>
    <name>Conversation</name>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Sent reply</source>
        <translation>已发送的回复</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>主题：{subject}</translation>
    </message>
    <message>
        <source>Attachments: </source>
        <translation>附件：</translation>
    </message>
    <message>
        <source>(import problem: {problem})</source>
        <translation>（导入问题：{problem}）</translation>
    </message>
</context>
<context>
    <name>DashboardWidget</name>
    <message>
        <source>1 ticket</source>
        <extracomment>while the tab is on screen its figures are read again this often (clocks move on their own)</extracomment>
        <translation>1 个工单</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 个工单</translation>
    </message>
    <message>
        <source>Tickets due within 4 hours</source>
        <translation>4 小时内到期的工单</translation>
    </message>
    <message>
        <source>Past due, not answered yet</source>
        <translation>已逾期，尚未回复</translation>
    </message>
    <message>
        <source>Tickets with a message held by the suspension</source>
        <translation>有消息因账户暂停而被暂扣的工单</translation>
    </message>
    <message>
        <source>Backlog by category (waiting for an answer)</source>
        <translation>按类别统计的积压（待回复）</translation>
    </message>
    <message>
        <source>Backlog by the day its answer is due (UTC)</source>
        <translation>按回复到期日统计的积压 (UTC)</translation>
    </message>
    <message>
        <source>No backlog: every ticket is answered.</source>
        <translation>没有积压：所有工单均已回复。</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Information due</source>
        <translation>信息提交截止</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>A-to-z information deadlines</source>
        <translation>A-to-z 信息提交截止时间</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Late: a buyer message through Amazon answered 24 hours or more after it arrived (weekends included), or still unanswered after 24 hours; &quot;no response needed&quot; leaves the count. Amazon&apos;s target: at most 10 % late. Click a number or a bar to open its tickets.</source>
        <translation>逾期：通过 Amazon 收到的买家消息在到达后 24 小时或更久才回复（含周末），或超过 24 小时仍未回复；标记为“无需回复”的不计入。Amazon 的目标：逾期率不超过 10 %。点击数字或柱条可打开对应工单。</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>正在更新…</translation>
    </message>
    <message>
        <source>Not updated</source>
        <translation>未更新</translation>
    </message>
    <message>
        <source>Loading the dashboard</source>
        <translation>正在加载仪表板</translation>
    </message>
    <message>
        <source>due within 4 hours</source>
        <translation>4 小时内到期</translation>
    </message>
    <message>
        <source>Tickets whose 24-hour clock runs out within 4 hours</source>
        <translation>24 小时时限将在 4 小时内到期的工单</translation>
    </message>
    <message>
        <source>past due</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>Tickets whose clock ran out and that are not answered yet</source>
        <translation>时限已过且尚未回复的工单</translation>
    </message>
    <message>
        <source>A-to-z deadlines</source>
        <translation>A-to-z 截止时间</translation>
    </message>
    <message>
        <source>{missed} missed, {soon} due within 24 hours</source>
        <translation>{missed} 个已错过，{soon} 个 24 小时内到期</translation>
    </message>
    <message>
        <source>held messages</source>
        <translation>已暂扣的消息</translation>
    </message>
    <message>
        <source>Approved replies held until the suspension is lifted</source>
        <translation>在账户暂停解除前暂扣的已批准回复</translation>
    </message>
    <message>
        <source>Updated {time}</source>
        <translation>更新于 {time}</translation>
    </message>
    <message>
        <source>late, last {days} days</source>
        <translation>逾期，过去 {days} 天</translation>
    </message>
    <message>
        <source>{late} of {counted} buyer messages late; {pending} still inside their 24 hours; {excluded} marked &quot;no response needed&quot;. Target: at most 10 % late.</source>
        <translation>{counted} 条买家消息中有 {late} 条逾期；{pending} 条仍在 24 小时内；{excluded} 条标记为“无需回复”。目标：逾期率不超过 10 %。</translation>
    </message>
    <message>
        <source>older</source>
        <translation>更早</translation>
    </message>
    <message>
        <source>today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>已错过</translation>
    </message>
    <message>
        <source>Finding the tickets answered late</source>
        <translation>正在查找逾期回复的工单</translation>
    </message>
    <message>
        <source>Tickets with a message answered late in the last {days} days</source>
        <translation>过去 {days} 天内有消息逾期回复的工单</translation>
    </message>
    <message>
        <source>A-to-z claims with an information deadline</source>
        <translation>有信息提交截止时间的 A-to-z 索赔</translation>
    </message>
    <message>
        <source>Backlog: {category}</source>
        <translation>积压：{category}</translation>
    </message>
    <message>
        <source>Backlog due before the days shown</source>
        <translation>到期日早于所显示日期的积压</translation>
    </message>
    <message>
        <source>Backlog due on {day} (UTC)</source>
        <translation>{day} (UTC) 到期的积压</translation>
    </message>
    <message>
        <source>Dashb&amp;oard</source>
        <translation>仪表板(&amp;O)</translation>
    </message>
</context>
<context>
    <name>DecideDialog</name>
    <message>
        <source>Decide on order {id}</source>
        <translation>决定订单 {id} 的处理方式</translation>
    </message>
    <message>
        <source>Ship by {when}; {items}</source>
        <translation>最晚发货 {when}；{items}</translation>
    </message>
    <message>
        <source>Why: stock, carrier, the buyer&apos;s wish, the suspension&apos;s terms…</source>
        <translation>原因：库存、承运商、买家意愿、账户暂停的条件…</translation>
    </message>
    <message>
        <source>&amp;Decision:</source>
        <translation>决定(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>Recording the decision</source>
        <translation>记录决定</translation>
    </message>
</context>
<context>
    <name>DeclareDialog</name>
    <message>
        <source>Declare the suspension</source>
        <translation>宣布账户暂停</translation>
    </message>
    <message>
        <source>Every open Amazon ticket will be tagged SUSPENDED, and drafts that may not leave during a suspension will be held until it is lifted. Nothing may mention the suspension to a buyer.</source>
        <translation>所有未关闭的 Amazon 工单都将被标记为 SUSPENDED，账户暂停期间不得发出的草稿将被暂扣，直到暂停解除。任何内容都不得向买家提及账户暂停。</translation>
    </message>
    <message>
        <source>e.g. Related accounts, as Amazon&apos;s notice says</source>
        <translation>例如：关联账户（按 Amazon 通知中的说法）</translation>
    </message>
    <message>
        <source>Paste Amazon&apos;s notice here, or load it from a file</source>
        <translation>在此粘贴 Amazon 的通知，或从文件载入</translation>
    </message>
    <message>
        <source>&amp;Load from file…</source>
        <translation>从文件载入(&amp;L)…</translation>
    </message>
    <message>
        <source>Your local time. It may be earlier than now: deadlines missed since then count as during the suspension.</source>
        <translation>您的本地时间。可以早于当前时间：自该时间起错过的截止时间将计为账户暂停期间。</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Amazon&apos;s &amp;notice:</source>
        <translation>Amazon 通知(&amp;N)：</translation>
    </message>
    <message>
        <source>Notice &amp;arrived:</source>
        <translation>通知送达时间(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Declare suspension…</source>
        <translation>宣布账户暂停(&amp;D)…</translation>
    </message>
    <message>
        <source>Amazon&apos;s notice</source>
        <translation>Amazon 通知</translation>
    </message>
    <message>
        <source>Text or e-mail (*.txt *.eml *.html *.htm)</source>
        <translation>文本或电子邮件 (*.txt *.eml *.html *.htm)</translation>
    </message>
    <message>
        <source>Any file (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not read {file}: {why}</source>
        <translation>无法读取 {file}：{why}</translation>
    </message>
    <message>
        <source>{file} is larger than 1 MB: is it really the notice?</source>
        <translation>{file} 大于 1 MB：确定是通知吗？</translation>
    </message>
    <message>
        <source>Loaded from {file}</source>
        <translation>已从 {file} 载入</translation>
    </message>
    <message>
        <source>No preview: {why}</source>
        <translation>无预览：{why}</translation>
    </message>
    <message>
        <source>A suspension is already declared: lift it first.</source>
        <translation>已宣布账户暂停：请先解除。</translation>
    </message>
    <message>
        <source>1 Amazon ticket will be tagged SUSPENDED</source>
        <translation>1 个 Amazon 工单将被标记为 SUSPENDED</translation>
    </message>
    <message>
        <source>{n} Amazon tickets will be tagged SUSPENDED</source>
        <translation>{n} 个 Amazon 工单将被标记为 SUSPENDED</translation>
    </message>
    <message>
        <source>1 draft will be held</source>
        <translation>1 份草稿将被暂扣</translation>
    </message>
    <message>
        <source>{n} drafts will be held</source>
        <translation>{n} 份草稿将被暂扣</translation>
    </message>
    <message>
        <source>{tickets}; {drafts}.</source>
        <translation>{tickets}；{drafts}。</translation>
    </message>
    <message>
        <source>1 deadline already recorded as missed will count as during the suspension.</source>
        <translation>1 个已记录为错过的截止时间将计为账户暂停期间。</translation>
    </message>
    <message>
        <source>{n} deadlines already recorded as missed will count as during the suspension.</source>
        <translation>{n} 个已记录为超时的回复时限将计为账户暂停期间发生。</translation>
    </message>
    <message>
        <source>Give the reason: it is recorded with the suspension and in the audit log.</source>
        <translation>请填写原因：原因将随账户暂停一并记录，并记入审计日志。</translation>
    </message>
    <message>
        <source>Reason: {reason}
Amazon&apos;s notice arrived: {when} (your time)</source>
        <translation>原因：{reason}
Amazon 通知送达时间：{when}（您的本地时间）</translation>
    </message>
    <message>
        <source>Declare the suspension now?</source>
        <translation>现在宣布账户暂停？</translation>
    </message>
    <message>
        <source>Declare</source>
        <translation>宣布</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>No change from the current version</source>
        <translation>与当前版本相比无变化</translation>
    </message>
    <message>
        <source>1 line added</source>
        <translation>新增 1 行</translation>
    </message>
    <message>
        <source>{n} lines added</source>
        <translation>新增 {n} 行</translation>
    </message>
    <message>
        <source>1 line removed</source>
        <translation>删除 1 行</translation>
    </message>
    <message>
        <source>{n} lines removed</source>
        <translation>删除 {n} 行</translation>
    </message>
    <message>
        <source>1 line changed</source>
        <translation>修改 1 行</translation>
    </message>
    <message>
        <source>{n} lines changed</source>
        <translation>修改 {n} 行</translation>
    </message>
</context>
<context>
    <name>DraftStatus</name>
    <message>
        <source>submitted</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>已拦截</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>held</source>
        <translation>已暂扣</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>dispatched</source>
        <translation>已发出</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <source>{h} h {m:02d} min</source>
        <translation>{h} 小时 {m:02d} 分</translation>
    </message>
    <message>
        <source>{m} min {s:02d} s</source>
        <translation>{m} 分 {s:02d} 秒</translation>
    </message>
    <message>
        <source>Escalation drill</source>
        <translation>升级演练</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>After the escalation</source>
        <translation>升级后用时</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>&amp;Keep the drill copy after ending</source>
        <translation>结束后保留演练副本(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Start drill</source>
        <translation>开始演练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Copy the command for the team</source>
        <translation>复制供团队使用的命令(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;End drill</source>
        <translation>结束演练(&amp;E)</translation>
    </message>
    <message>
        <source>No drill is running. Starting one copies this database next to it and adds one simulated escalation there; the team works it in a console opened on the copy, and nothing done there reaches this database or an appeal export.</source>
        <translation>当前没有进行中的演练。开始演练会在本数据库旁复制一份副本，并在其中加入一个模拟升级；团队在打开该副本的控制台中处理它，在那里所做的任何操作都不会进入本数据库或申诉导出。</translation>
    </message>
    <message>
        <source>Drill started by {who} at {when}: simulated ticket #{ticket}. The team works it in a console on the copy:
{command}
{entries} audit entries in the copy so far.</source>
        <translation>演练由 {who} 于 {when} 开始：模拟工单 #{ticket}。团队在打开副本的控制台中处理：
{command}
副本中目前有 {entries} 条审计记录。</translation>
    </message>
    <message>
        <source>First action</source>
        <translation>首次操作</translation>
    </message>
    <message>
        <source>Brief written</source>
        <translation>已写简报</translation>
    </message>
    <message>
        <source>Reply drafted</source>
        <translation>已起草回复</translation>
    </message>
    <message>
        <source>Reply sent</source>
        <translation>已发送回复</translation>
    </message>
    <message>
        <source>End the drill</source>
        <translation>结束演练</translation>
    </message>
    <message>
        <source>End the drill now? Its timings are recorded in the real audit log; the copy is deleted unless you keep it.</source>
        <translation>现在结束演练？各步用时将记入真实审计日志；除非选择保留，副本将被删除。</translation>
    </message>
    <message>
        <source>Drill ended: recorded as audit entry {seq}.</source>
        <translation>演练已结束：记为审计记录 {seq}。</translation>
    </message>
    <message>
        <source>Escalation &amp;drill…</source>
        <translation>升级演练(&amp;D)…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>the amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>the currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>the reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>the text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>the template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>a template variable</source>
        <translation>模板变量</translation>
    </message>
    <message>
        <source>a value</source>
        <translation>某个值</translation>
    </message>
    <message>
        <source>the time it was sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>how it was sent</source>
        <translation>发送方式</translation>
    </message>
    <message>
        <source>the kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>the password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>the name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>the order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>the reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <source>the note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>the outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>the time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>the authorization</source>
        <translation>授权</translation>
    </message>
    <message>
        <source>the limit</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>the expiry</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>the items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>the carrier</source>
        <translation>承运商</translation>
    </message>
    <message>
        <source>the tracking number</source>
        <translation>运单号</translation>
    </message>
    <message>
        <source>the root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>what was done</source>
        <translation>已采取的措施</translation>
    </message>
    <message>
        <source>what changes</source>
        <translation>改进措施</translation>
    </message>
    <message>
        <source>the rule changes</source>
        <translation>规则变更</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何更改。</translation>
    </message>
    <message>
        <source>Login refused: the user is unknown or disabled, or the password is wrong.</source>
        <translation>登录被拒绝：用户不存在或已停用，或密码错误。</translation>
    </message>
    <message>
        <source>Your role does not allow this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
    <message>
        <source>Please correct {field}: it was refused.</source>
        <translation>请修改{field}：输入未被接受。</translation>
    </message>
    <message>
        <source>The input was refused; please correct it.</source>
        <translation>输入未被接受，请修改。</translation>
    </message>
    <message>
        <source>Please correct {field}: this needs an out-of-policy authorization in force, within its limit.</source>
        <translation>请更正{field}：此操作需要一项有效的政策外授权，且不得超出其上限。</translation>
    </message>
    <message>
        <source>Not found: it may have been removed or changed by a colleague.</source>
        <translation>未找到：可能已被同事删除或修改。</translation>
    </message>
    <message>
        <source>Refused by the rules for this account.</source>
        <translation>根据本账户的规则，此操作被拒绝。</translation>
    </message>
    <message>
        <source>This cannot be done this way.</source>
        <translation>无法以这种方式执行此操作。</translation>
    </message>
    <message>
        <source>Refused.</source>
        <translation>操作被拒绝。</translation>
    </message>
    <message>
        <source>{headline}
Details: {detail}</source>
        <translation>{headline}
详细信息：{detail}</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>不允许</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <source>Internal error: {kind}: {detail}</source>
        <translation>内部错误：{kind}：{detail}</translation>
    </message>
    <message>
        <source>The details were written to {path}.</source>
        <translation>详细信息已写入 {path}。</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>内部错误</translation>
    </message>
    <message>
        <source>{action}: {text}</source>
        <translation>{action}：{text}</translation>
    </message>
</context>
<context>
    <name>EscalationsWidget</name>
    <message>
        <source>Product defect</source>
        <translation>产品缺陷</translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>物流</translation>
    </message>
    <message>
        <source>Listing description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <source>Earlier service handling</source>
        <translation>此前的客服处理</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Include closed (post-mortems)</source>
        <translation>包括已关闭的（复盘）</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>升级时间</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Brief</source>
        <translation>简报</translation>
    </message>
    <message>
        <source>Post-mortem</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Op&amp;en ticket</source>
        <translation>打开工单(&amp;E)</translation>
    </message>
    <message>
        <source>B&amp;rief…</source>
        <translation>简报(&amp;R)…</translation>
    </message>
    <message>
        <source>Post-morte&amp;m…</source>
        <translation>复盘(&amp;M)…</translation>
    </message>
    <message>
        <source>Escalations</source>
        <translation>升级</translation>
    </message>
    <message>
        <source>Search the post-mortems (any language)…</source>
        <translation>搜索复盘（任意语言）…</translation>
    </message>
    <message>
        <source>Any root cause</source>
        <translation>任意根本原因</translation>
    </message>
    <message>
        <source>Root cause</source>
        <translation>根本原因</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>保存时间</translation>
    </message>
    <message>
        <source>Knowledge base (post-mortems)</source>
        <translation>知识库（复盘）</translation>
    </message>
    <message>
        <source>written</source>
        <translation>已填写</translation>
    </message>
    <message>
        <source>prefilled</source>
        <translation>预填</translation>
    </message>
    <message>
        <source>1 open escalation</source>
        <translation>1 个未结升级</translation>
    </message>
    <message>
        <source>{n} open escalations</source>
        <translation>{n} 个未结升级</translation>
    </message>
    <message>
        <source>No post-mortem matches.</source>
        <translation>没有匹配的复盘。</translation>
    </message>
    <message>
        <source>No post-mortem yet: they are written once an escalation is closed.</source>
        <translation>尚无复盘：升级关闭后才撰写复盘。</translation>
    </message>
    <message>
        <source>Ticket #{ticket}: {subject}
Root cause: {cause}

What was done:
{done}

What changes:
{changes}

Rule changes: {rules}

Written by {by} at {at}</source>
        <translation>工单 #{ticket}：{subject}
根本原因：{cause}

已采取的措施：
{done}

改进措施：
{changes}

规则变更：{rules}

由 {by} 于 {at} 撰写</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>DRILL COPY — started by {who} at {when}: a simulated escalation (ticket #{ticket}) runs here. Nothing done here reaches the real database or an appeal export.</source>
        <translation>演练副本 — 由 {who} 于 {when} 开始：此处运行一个模拟升级（工单 #{ticket}）。在此所做的任何操作都不会进入真实数据库或申诉导出。</translation>
    </message>
</context>
<context>
    <name>FbmScreen</name>
    <message>
        <source>not decided</source>
        <translation>未决定</translation>
    </message>
    <message>
        <source>ship</source>
        <translation>发货</translation>
    </message>
    <message>
        <source>cancel and refund</source>
        <translation>取消并退款</translation>
    </message>
    <message>
        <source>hold</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>Past due ({n})</source>
        <translation>已逾期 ({n})</translation>
    </message>
    <message>
        <source>Due today ({n})</source>
        <translation>今日到期 ({n})</translation>
    </message>
    <message>
        <source>Later ({n})</source>
        <translation>稍后到期 ({n})</translation>
    </message>
    <message>
        <source>No ship-by date ({n})</source>
        <translation>无最晚发货日期 ({n})</translation>
    </message>
    <message>
        <source>1 unshipped FBM order</source>
        <translation>1 个未发货的自发货 (FBM) 订单</translation>
    </message>
    <message>
        <source>{n} unshipped FBM orders</source>
        <translation>{n} 个未发货的自发货 (FBM) 订单</translation>
    </message>
    <message>
        <source>&amp;Record a decision…</source>
        <translation>记录决定(&amp;R)…</translation>
    </message>
    <message>
        <source>Compliance users decide what happens to each order</source>
        <translation>由合规人员决定每个订单的处理方式</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>最晚发货</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Market</source>
        <translation>站点</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>决定</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>WISMO tickets per day (last 14 days)</source>
        <translation>每日“我的订单在哪里”(WISMO) 工单数（最近 14 天）</translation>
    </message>
    <message>
        <source>No WISMO tickets</source>
        <translation>没有 WISMO 工单</translation>
    </message>
    <message>
        <source>Loading the FBM orders</source>
        <translation>加载自发货订单</translation>
    </message>
    <message>
        <source>{orders}, {n} past due</source>
        <translation>{orders}，其中 {n} 个已逾期</translation>
    </message>
    <message>
        <source>{n} decisions recorded; the newest counts</source>
        <translation>已记录 {n} 个决定；以最新的为准</translation>
    </message>
    <message>
        <source>{day}: {n} WISMO tickets</source>
        <translation>{day}：{n} 个 WISMO 工单</translation>
    </message>
    <message>
        <source>{total} WISMO tickets in 14 days, {today} today (days in {zone})</source>
        <translation>14 天内共 {total} 个 WISMO 工单，今日 {today} 个（按 {zone} 计日）</translation>
    </message>
    <message>
        <source>Order {id}: no decision yet.</source>
        <translation>订单 {id}：尚未决定。</translation>
    </message>
    <message>
        <source>Order {id}: {decision} — {by}, {when}
{note}</source>
        <translation>订单 {id}：{decision} — {by}，{when}
{note}</translation>
    </message>
    <message>
        <source>Loading the decisions</source>
        <translation>加载决定记录</translation>
    </message>
    <message>
        <source>{when}: {decision} by {by} — {note}</source>
        <translation>{when}：{by} 决定{decision} — {note}</translation>
    </message>
    <message>
        <source>Decisions on {id}, oldest first:</source>
        <translation>订单 {id} 的决定（最早的在前）：</translation>
    </message>
    <message>
        <source>FBM orders</source>
        <translation>自发货订单</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Import order reports</source>
        <translation>导入订单报告</translation>
    </message>
    <message>
        <source>Order reports and SP-API files (*.txt *.tsv *.csv *.json)</source>
        <translation>订单报告和 SP-API 文件 (*.txt *.tsv *.csv *.json)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Import buyer messages</source>
        <translation>导入买家消息</translation>
    </message>
    <message>
        <source>Buyer messages (*.eml *.mbox *.mbx *.csv)</source>
        <translation>买家消息 (*.eml *.mbox *.mbx *.csv)</translation>
    </message>
    <message>
        <source>file {number} of {count}: {name}</source>
        <translation>第 {number} 个文件，共 {count} 个：{name}</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>正在读取</translation>
    </message>
    <message>
        <source>; the file before it is imported.</source>
        <translation>；之前的 1 个文件已导入。</translation>
    </message>
    <message>
        <source>; the {n} files before it are imported.</source>
        <translation>；之前的 {n} 个文件已导入。</translation>
    </message>
    <message>
        <source>… and {n} more (all are listed in the audit entry)</source>
        <translation>……另有 {n} 条（全部列在审计日志记录中）</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>1 file imported.</source>
        <translation>已导入 1 个文件。</translation>
    </message>
    <message>
        <source>{n} files imported.</source>
        <translation>已导入 {n} 个文件。</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>导入已取消</translation>
    </message>
    <message>
        <source>Cancelled during {name}: nothing of that file was written</source>
        <translation>在导入 {name} 时取消：该文件的内容均未写入</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>Nothing of {name} was written</source>
        <translation>{name} 的内容均未写入</translation>
    </message>
    <message>
        <source>1 later file was not tried.</source>
        <translation>之后的 1 个文件未尝试导入。</translation>
    </message>
    <message>
        <source>{n} later files were not tried.</source>
        <translation>之后的 {n} 个文件未尝试导入。</translation>
    </message>
    <message>
        <source>Import again, skipping bad records</source>
        <translation>重新导入，跳过有问题的记录</translation>
    </message>
</context>
<context>
    <name>JobProgress</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>the windows made by a language switch (Python must keep a reference to each)</extracomment>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>The translations for {language} could not be loaded.</source>
        <translation>无法加载 {language} 的翻译。</translation>
    </message>
</context>
<context>
    <name>LiftDialog</name>
    <message>
        <source>Lift the suspension</source>
        <translation>解除账户暂停</translation>
    </message>
    <message>
        <source>Lift the suspension? The SUSPENDED tag is removed from tickets that are not closed; the record and the audit entries stay.</source>
        <translation>解除账户暂停？未关闭工单上的 SUSPENDED 标签将被移除；暂停记录和审计条目会保留。</translation>
    </message>
    <message>
        <source>&amp;Lift suspension</source>
        <translation>解除账户暂停(&amp;L)</translation>
    </message>
    <message>
        <source>No preview: {why}</source>
        <translation>无预览：{why}</translation>
    </message>
    <message>
        <source>No suspension is declared.</source>
        <translation>当前未宣布账户暂停。</translation>
    </message>
    <message>
        <source>1 ticket will lose the SUSPENDED tag</source>
        <translation>1 个工单将被移除 SUSPENDED 标签</translation>
    </message>
    <message>
        <source>{n} tickets will lose the SUSPENDED tag</source>
        <translation>{n} 个工单将被移除 SUSPENDED 标签</translation>
    </message>
    <message>
        <source>1 held draft will be released</source>
        <translation>1 份暂扣的草稿将被放行</translation>
    </message>
    <message>
        <source>{n} held drafts will be released</source>
        <translation>{n} 份暂扣的草稿将被放行</translation>
    </message>
    <message>
        <source>{tickets}; {drafts} (approved ones to the outbox, the others to the approval desk).</source>
        <translation>{tickets}；{drafts}（已批准的进入发件箱，其余的进入审批台）。</translation>
    </message>
</context>
<context>
    <name>LintView</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Line:col</source>
        <translation>行:列</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>匹配内容</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Lint: nothing to check yet</source>
        <translation>内容检查：暂无可检查的内容</translation>
    </message>
    <message>
        <source>✔ Lint: no findings</source>
        <translation>✔ 内容检查：未发现问题</translation>
    </message>
    <message>
        <source>✖ Lint: 1 finding</source>
        <translation>✖ 内容检查：发现 1 个问题</translation>
    </message>
    <message>
        <source>✖ Lint: {n} findings</source>
        <translation>✖ 内容检查：发现 {n} 个问题</translation>
    </message>
</context>
<context>
    <name>LiveRefresh</name>
    <message>
        <source>Refreshing the queue</source>
        <translation>刷新队列</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>War Room — log in — {database}</source>
        <translation>War Room — 登录 — {database}</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>DEMO DATA — users agent, compliance and admin, password “demo”.</source>
        <translation>演示数据 — 用户 agent、compliance 和 admin，密码均为“demo”。</translation>
    </message>
    <message>
        <source>&amp;User:</source>
        <translation>用户(&amp;U)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Database: {database}</source>
        <translation>数据库：{database}</translation>
    </message>
    <message>
        <source>Create the first admin</source>
        <translation>创建首个管理员</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Repeat password:</source>
        <translation>确认密码：</translation>
    </message>
    <message>
        <source>Or try it</source>
        <translation>或者先试用</translation>
    </message>
    <message>
        <source>Fill this empty database with realistic synthetic orders and buyer messages, and the users agent, compliance and admin (password “demo”). For trying the console only: the window is marked DEMO DATA.</source>
        <translation>在这个空数据库中填入逼真的模拟订单和买家消息，并创建用户 agent、compliance 和 admin（密码均为“demo”）。仅供试用控制台：窗口会标注“演示数据”。</translation>
    </message>
    <message>
        <source>Open demo data</source>
        <translation>打开演示数据</translation>
    </message>
    <message>
        <source>The database {database} has no users yet.</source>
        <translation>数据库 {database} 中还没有用户。</translation>
    </message>
    <message>
        <source>Pick a user.</source>
        <translation>请选择用户。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>The password needs at least {n} characters.</source>
        <translation>密码至少需要 {n} 个字符。</translation>
    </message>
    <message>
        <source>Creating demo data</source>
        <translation>正在创建演示数据</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DEMO DATA — synthetic orders and buyer messages; users agent, compliance, admin (password “demo”). Not for real work.</source>
        <extracomment>how often the deadline sweep runs (records missed deadlines once, escalates A-to-z claims near their deadline) while the console is open the first sweep waits this long after the window opens, so the first screen comes first how often the console looks whether the hourly checkpoint is due (it is signed when the newest is an hour old and something was written since)</extracomment>
        <translation>演示数据 — 模拟订单和买家消息；用户 agent、compliance、admin（密码均为“demo”）。请勿用于实际工作。</translation>
    </message>
    <message>
        <source>&amp;Queue</source>
        <translation>队列(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Ticket</source>
        <translation>工单(&amp;T)</translation>
    </message>
    <message>
        <source>Approval &amp;desk</source>
        <translation>审批台(&amp;D)</translation>
    </message>
    <message>
        <source>T&amp;icket</source>
        <translation>工单(&amp;I)</translation>
    </message>
    <message>
        <source>Out&amp;box</source>
        <translation>发件箱(&amp;B)</translation>
    </message>
    <message>
        <source>Loading the queue</source>
        <translation>加载队列</translation>
    </message>
    <message>
        <source>Audit chain: not verified yet</source>
        <translation>审计链：尚未验证</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Import &amp;order reports…</source>
        <translation>导入订单报告(&amp;O)…</translation>
    </message>
    <message>
        <source>Import buyer &amp;messages…</source>
        <translation>导入买家消息(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Verify audit chain</source>
        <translation>验证审计链(&amp;V)</translation>
    </message>
    <message>
        <source>Export &amp;appeal package…</source>
        <translation>导出申诉材料包(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Reply &amp;composer</source>
        <translation>回复编辑器(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Open selected ticket</source>
        <translation>打开所选工单(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Next ticket</source>
        <translation>下一个工单(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous ticket</source>
        <translation>上一个工单(&amp;P)</translation>
    </message>
    <message>
        <source>Assign to &amp;me</source>
        <translation>分配给我(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Go to ticket number…</source>
        <translation>转到工单编号(&amp;G)…</translation>
    </message>
    <message>
        <source>Add private &amp;note</source>
        <translation>添加内部备注(&amp;N)</translation>
    </message>
    <message>
        <source>No &amp;response needed…</source>
        <translation>无需回复(&amp;R)…</translation>
    </message>
    <message>
        <source>Admi&amp;n</source>
        <translation>管理(&amp;N)</translation>
    </message>
    <message>
        <source>Checkpoint {id}: {entries}, signed {when}</source>
        <translation>检查点 {id}：{entries}，签名于 {when}</translation>
    </message>
    <message>
        <source>Audit chain verified: {entries}</source>
        <translation>审计链已验证：{entries}</translation>
    </message>
    <message>
        <source>T&amp;icket #{id}</source>
        <translation>工单 #{id}(&amp;I)</translation>
    </message>
    <message>
        <source>Suspension declared: 1 ticket tagged SUSPENDED</source>
        <translation>已宣布账户暂停：1 个工单已标记为 SUSPENDED</translation>
    </message>
    <message>
        <source>Suspension declared: {tickets} tagged SUSPENDED</source>
        <translation>已宣布账户暂停：{tickets} 已标记为 SUSPENDED</translation>
    </message>
    <message>
        <source>&amp;Declare suspension…</source>
        <translation>宣布账户暂停(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Lift suspension…</source>
        <translation>解除账户暂停(&amp;L)…</translation>
    </message>
    <message>
        <source>Reading the suspension state</source>
        <translation>读取账户暂停状态</translation>
    </message>
    <message>
        <source>SUSPENDED since {since} — {reason}</source>
        <translation>账户暂停中，自 {since} 起 — {reason}</translation>
    </message>
    <message>
        <source>Declared by {who}. Every Amazon ticket is tagged SUSPENDED; nothing may mention the suspension to a buyer.</source>
        <translation>由 {who} 宣布。所有亚马逊工单都带有 SUSPENDED 标签；任何内容都不得向买家提及账户暂停。</translation>
    </message>
    <message>
        <source>SUSPENDED</source>
        <translation>账户暂停中</translation>
    </message>
    <message>
        <source>not suspended</source>
        <translation>未暂停</translation>
    </message>
    <message>
        <source>[DEMO DATA] </source>
        <translation>[演示数据] </translation>
    </message>
    <message>
        <source>Reading the audit guard triggers</source>
        <translation>读取审计保护触发器</translation>
    </message>
    <message>
        <source>AUDIT GUARDS MISSING: {names}</source>
        <translation>缺少审计保护：{names}</translation>
    </message>
    <message>
        <source>Checking the audit log against its checkpoints</source>
        <translation>对照检查点核对审计日志</translation>
    </message>
    <message>
        <source>LOG DOES NOT MATCH ITS CHECKPOINTS: {summary}</source>
        <translation>日志与检查点不一致：{summary}</translation>
    </message>
    <message>
        <source>CHECKPOINT NOT SIGNED: {why}</source>
        <translation>检查点未签名：{why}</translation>
    </message>
    <message>
        <source>Run File › Verify audit chain (docs/appeal-package.md, section 2).</source>
        <translation>请运行“文件 › 验证审计链”（见 docs/appeal-package.md 第 2 节）。</translation>
    </message>
    <message>
        <source>Signing a checkpoint</source>
        <translation>签署检查点</translation>
    </message>
    <message>
        <source>Approval &amp;desk ({n})</source>
        <translation>审批台 ({n})(&amp;D)</translation>
    </message>
    <message>
        <source>Out&amp;box ({n})</source>
        <translation>发件箱 ({n})(&amp;B)</translation>
    </message>
    <message>
        <source>Draft #{id} {status}</source>
        <translation>草稿 #{id} {status}</translation>
    </message>
    <message>
        <source>Deadline check failed: {error}</source>
        <translation>时限检查失败：{error}</translation>
    </message>
    <message>
        <source>Audit chain: verifying…</source>
        <translation>审计链：正在验证…</translation>
    </message>
    <message>
        <source> at entry {seq}</source>
        <translation>（第 {seq} 条记录处）</translation>
    </message>
    <message>
        <source>Audit chain BROKEN{at}: {reason}</source>
        <translation>审计链已损坏{at}：{reason}</translation>
    </message>
    <message>
        <source>Audit chain: verification cancelled (not verified)</source>
        <translation>审计链：验证已取消（未验证）</translation>
    </message>
    <message>
        <source>Audit chain: verification failed</source>
        <translation>审计链：验证失败</translation>
    </message>
    <message>
        <source>Verifying the audit chain</source>
        <translation>验证审计链</translation>
    </message>
    <message>
        <source>Assigning the ticket</source>
        <translation>分配工单</translation>
    </message>
    <message>
        <source>Ticket #{id} assigned to you</source>
        <translation>工单 #{id} 已分配给您</translation>
    </message>
    <message>
        <source>Refreshing the queue</source>
        <translation>刷新队列</translation>
    </message>
    <message>
        <source>Declaring the suspension</source>
        <translation>宣布账户暂停</translation>
    </message>
    <message>
        <source>Suspension declared: {n} tickets tagged SUSPENDED</source>
        <translation>已宣布账户暂停：{n} 个工单已标记为 SUSPENDED</translation>
    </message>
    <message>
        <source>Lifting the suspension</source>
        <translation>解除账户暂停</translation>
    </message>
</context>
<context>
    <name>NotificationBanner</name>
    <message>
        <source>New draft #{draft} from {author} waits on the approval desk (ticket #{ticket})</source>
        <extracomment>each poll looks back this far before the previous one ended (a change committed a moment after it was stamped is not lost); what was seen already is dropped by its key</extracomment>
        <translation>{author} 提交的新草稿 #{draft} 正在审批台等待审批（工单 #{ticket}）</translation>
    </message>
    <message>
        <source>Your draft #{draft} (ticket #{ticket}) was rejected by {by}: {reason}</source>
        <translation>您的草稿 #{draft}（工单 #{ticket}）已被 {by} 驳回：{reason}</translation>
    </message>
    <message>
        <source>Ticket #{ticket} must be answered within 4 hours</source>
        <translation>工单 #{ticket} 必须在 4 小时内回复</translation>
    </message>
    <message>
        <source>{n} tickets must be answered within 4 hours</source>
        <translation>{n} 个工单必须在 4 小时内回复</translation>
    </message>
    <message>
        <source>Ticket #{ticket} escalated (by {by}): its brief waits for your decision</source>
        <translation>工单 #{ticket} 已升级（由 {by}）：其简报等待您决定</translation>
    </message>
    <message>
        <source>Red flag {flag} on ticket #{ticket} (set by {by})</source>
        <translation>工单 #{ticket} 有红色标记 {flag}（由 {by} 设置）</translation>
    </message>
    <message>
        <source>Open ticket</source>
        <translation>打开工单</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>(and {n} more: see the tooltip)</source>
        <translation>（另有 {n} 条：请查看工具提示）</translation>
    </message>
</context>
<context>
    <name>OpenCaseDialog</name>
    <message>
        <source>Log a Seller Support case</source>
        <translation>记录卖家支持案例</translation>
    </message>
    <message>
        <source>The daily limit is reached: this case will need a confirmation with a reason.</source>
        <translation>已达到每日上限：开立此支持案例需要填写原因进行确认。</translation>
    </message>
    <message>
        <source>Amazon&apos;s case id, e.g. 13954432011</source>
        <translation>亚马逊的案例编号，例如 13954432011</translation>
    </message>
    <message>
        <source>Marked &amp;urgent</source>
        <translation>标记为紧急(&amp;U)</translation>
    </message>
    <message>
        <source>Already {text} today: overusing the urgent box slows every case down.</source>
        <translation>今日已有{text}：滥用“紧急”会拖慢所有支持案例的处理。</translation>
    </message>
    <message>
        <source>B07XJ8C8F5, B0ABCDEFGH</source>
        <translation>B07XJ8C8F5, B0ABCDEFGH</translation>
    </message>
    <message>
        <source>123-1234567-1234567</source>
        <translation>123-1234567-1234567</translation>
    </message>
    <message>
        <source>FBA15ABCD123</source>
        <translation>FBA15ABCD123</translation>
    </message>
    <message>
        <source>&amp;Case id:</source>
        <translation>案例编号(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Topic:</source>
        <translation>主题(&amp;T)：</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>渠道(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;ASINs:</source>
        <translation>ASIN(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Orders:</source>
        <translation>订单(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Shipments:</source>
        <translation>货件(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation>备注(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Log case</source>
        <translation>记录支持案例(&amp;L)</translation>
    </message>
    <message>
        <source>Logging the case</source>
        <translation>记录支持案例</translation>
    </message>
</context>
<context>
    <name>OrderText</name>
    <message>
        <source>Order {order}: not in the cache</source>
        <translation>订单 {order}：不在缓存中</translation>
    </message>
    <message>
        <source>No order linked</source>
        <translation>未关联订单</translation>
    </message>
    <message>
        <source>Order {order} ({marketplace}) · {status} · {channel}</source>
        <translation>订单 {order}（{marketplace}）· {status} · {channel}</translation>
    </message>
    <message>
        <source>Total {total} {currency} · purchased {purchased} · ship by {ship_by}</source>
        <translation>总额 {total} {currency} · 购买于 {purchased} · 最晚发货 {ship_by}</translation>
    </message>
</context>
<context>
    <name>OutboxWidget</name>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>批准人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Reason / last error</source>
        <translation>原因 / 最近一次错误</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>How</source>
        <translation>发送方式</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>held</source>
        <translation>已暂扣</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <source>dispatched</source>
        <translation>已发出</translation>
    </message>
    <message>
        <source>may have been sent</source>
        <translation>可能已发送</translation>
    </message>
    <message>
        <source>Send by &amp;hand…</source>
        <translation>手动发送(&amp;H)…</translation>
    </message>
    <message>
        <source>Copy the recipient, subject and body, send them from Seller Central or your mail client, then record it as sent</source>
        <translation>复制收件人、主题和正文，通过 Seller Central 或您的邮件客户端发送，然后将其记录为已发送</translation>
    </message>
    <message>
        <source>{n} may have been sent (record the outcome)</source>
        <translation>{n} 条可能已发送（请记录结果）</translation>
    </message>
    <message>
        <source>Loading the sent replies</source>
        <translation>正在加载已发送的回复</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>by e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>(the newest {n} shown)</source>
        <translation>（显示最新的 {n} 条）</translation>
    </message>
    <message>
        <source>Sent ({n})</source>
        <translation>已发送（{n}）</translation>
    </message>
    <message>
        <source>Last attempt: {why}</source>
        <translation>上次尝试：{why}</translation>
    </message>
    <message>
        <source>Send by &amp;e-mail</source>
        <translation>通过邮件发送(&amp;E)</translation>
    </message>
    <message>
        <source>Record &amp;outcome…</source>
        <translation>记录结果(&amp;O)…</translation>
    </message>
    <message>
        <source>A send whose outcome was never recorded: after checking the mail server&apos;s log or Seller Central, record whether it went out</source>
        <translation>一次结果从未记录的发送：请查看邮件服务器日志或 Seller Central 后，记录是否已发出</translation>
    </message>
    <message>
        <source>To send</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>Loading the outbox</source>
        <translation>加载发件箱</translation>
    </message>
    <message>
        <source>Send by e-mail needs mail settings (an admin sets smtp.host and smtp.from).</source>
        <translation>通过邮件发送需要邮件设置（由管理员设置 smtp.host 和 smtp.from）。</translation>
    </message>
    <message>
        <source>{approved} approved awaiting dispatch · {failed} failed (retry) · {held} held by the suspension</source>
        <translation>{approved} 份已批准待发送 · {failed} 份发送失败（可重试）· {held} 份因账户暂停而暂扣</translation>
    </message>
    <message>
        <source>Nothing selected.</source>
        <translation>未选择任何内容。</translation>
    </message>
    <message>
        <source>Draft #{id} · ticket #{ticket} · to {to} · {status}</source>
        <translation>草稿 #{id} · 工单 #{ticket} · 收件人 {to} · {status}</translation>
    </message>
    <message>
        <source>Approved by {who} at {when}</source>
        <translation>由 {who} 于 {when} 批准</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>主题：{subject}</translation>
    </message>
    <message>
        <source>{who} started sending it at {when}</source>
        <translation>{who} 于 {when} 开始发送</translation>
    </message>
    <message>
        <source>May have been sent: {started} and the outcome was never recorded. It is not sent again by itself: check the mail server&apos;s log or Seller Central, then use Record outcome.</source>
        <translation>可能已发送：{started}，但结果从未记录。系统不会自动重发：请查看邮件服务器日志或 Seller Central，然后使用“记录结果”。</translation>
    </message>
    <message>
        <source>Being sent: {started}.</source>
        <translation>发送中：{started}。</translation>
    </message>
    <message>
        <source>Retry by &amp;e-mail</source>
        <translation>通过邮件重试(&amp;E)</translation>
    </message>
    <message>
        <source>Sending draft {id} by e-mail</source>
        <translation>通过邮件发送草稿 {id}</translation>
    </message>
    <message>
        <source>Outcome of draft #{id}</source>
        <translation>草稿 #{id} 的发送结果</translation>
    </message>
    <message>
        <source>Check the mail server&apos;s log (Message-ID {id}) or the conversation in Seller Central, then record what happened.</source>
        <translation>请查看邮件服务器日志（Message-ID {id}）或 Seller Central 中的对话，然后记录实际情况。</translation>
    </message>
    <message>
        <source>It was sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>It was not sent (it can be sent again)</source>
        <translation>未发送（可以重新发送）</translation>
    </message>
    <message>
        <source>How you checked (required)</source>
        <translation>您是如何核实的（必填）</translation>
    </message>
    <message>
        <source>Recording the outcome of draft {id}</source>
        <translation>记录草稿 {id} 的发送结果</translation>
    </message>
</context>
<context>
    <name>OverLimitDialog</name>
    <message>
        <source>Daily limit of Seller Support cases reached</source>
        <translation>已达到卖家支持案例的每日上限</translation>
    </message>
    <message>
        <source>1 case was already opened today; the limit is {limit}.</source>
        <translation>今日已开立 1 个支持案例；上限为 {limit} 个。</translation>
    </message>
    <message>
        <source>{n} cases were already opened today; the limit is {limit}.</source>
        <translation>今日已开立 {n} 个支持案例；上限为 {limit} 个。</translation>
    </message>
    <message>
        <source>Opening cases too often is itself a suspension risk: sellers report warnings from Amazon at 10-30 a day.

Open this one anyway only if it cannot wait until tomorrow. The reason is recorded in the audit log.</source>
        <translation>过于频繁地开立支持案例本身就是账户暂停的风险：有卖家在每天开立 10-30 个时收到亚马逊的警告。

仅当此案例无法等到明天时才继续开立。原因将记入审计日志。</translation>
    </message>
    <message>
        <source>Why it cannot wait</source>
        <translation>为何不能等待</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Open it &amp;anyway</source>
        <translation>仍然开立(&amp;A)</translation>
    </message>
</context>
<context>
    <name>PostMortemDialog</name>
    <message>
        <source>Post-mortem — ticket #{id}</source>
        <translation>复盘 — 工单 #{id}</translation>
    </message>
    <message>
        <source>Product defect</source>
        <translation>产品缺陷</translation>
    </message>
    <message>
        <source>Logistics</source>
        <translation>物流</translation>
    </message>
    <message>
        <source>Listing description</source>
        <translation>商品描述</translation>
    </message>
    <message>
        <source>Earlier service handling</source>
        <translation>此前的客服处理</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>what was done for the buyer</source>
        <translation>为买家做了什么</translation>
    </message>
    <message>
        <source>what changes so that it does not happen again</source>
        <translation>如何改进以免再次发生</translation>
    </message>
    <message>
        <source>rule ids it led to, separated by commas (optional)</source>
        <translation>由此变更的规则 ID，用逗号分隔（可选）</translation>
    </message>
    <message>
        <source>Root cause:</source>
        <translation>根本原因：</translation>
    </message>
    <message>
        <source>What was done:</source>
        <translation>已采取的措施：</translation>
    </message>
    <message>
        <source>What changes:</source>
        <translation>改进措施：</translation>
    </message>
    <message>
        <source>Rule changes:</source>
        <translation>规则变更：</translation>
    </message>
    <message>
        <source>&amp;Save post-mortem</source>
        <translation>保存复盘(&amp;S)</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>amazon</source>
        <translation>亚马逊</translation>
    </message>
    <message>
        <source>email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>web</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>social</source>
        <translation>社交媒体</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Order ID</source>
        <translation>订单号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>待审批</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>held</source>
        <translation>暂扣</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>A draft waiting on the ticket: for approval, approved, held or being sent</source>
        <translation>工单上有等待中的草稿：待审批、已批准、暂扣或发送中</translation>
    </message>
    <message>
        <source>Click to sort (in the database)</source>
        <translation>点击排序（在数据库中）</translation>
    </message>
    <message>
        <source>Not sortable</source>
        <translation>不可排序</translation>
    </message>
    <message>
        <source>24-hour clock due {when}</source>
        <translation>24 小时时限截止于 {when}</translation>
    </message>
    <message>
        <source>No running clock</source>
        <translation>没有正在计时的时限</translation>
    </message>
    <message>
        <source>A draft is waiting on this ticket ({status}): it takes no other until that one is sent or rejected</source>
        <translation>此工单有一份等待中的草稿（{status}）：在其发送或被驳回之前不能再写其他草稿</translation>
    </message>
</context>
<context>
    <name>QueueWidget</name>
    <message>
        <source>(any)</source>
        <translation>（全部）</translation>
    </message>
    <message>
        <source>(not closed)</source>
        <translation>未关闭</translation>
    </message>
    <message>
        <source>Search messages (any language, e.g. refund, Rückgabe, 返品)…</source>
        <translation>搜索消息（任何语言，如 refund、Rückgabe、返品）…</translation>
    </message>
    <message>
        <source>Show the whole queue</source>
        <translation>显示整个队列</translation>
    </message>
    <message>
        <source>M&amp;y tickets</source>
        <translation>我的工单(&amp;Y)</translation>
    </message>
    <message>
        <source>Only the tickets assigned to you</source>
        <translation>仅显示分配给您的工单</translation>
    </message>
    <message>
        <source>Ta&amp;g:</source>
        <translation>标签(&amp;G)：</translation>
    </message>
    <message>
        <source>Stat&amp;us:</source>
        <translation>状态(&amp;U)：</translation>
    </message>
    <message>
        <source>C&amp;hannel:</source>
        <translation>渠道(&amp;H)：</translation>
    </message>
    <message>
        <source>(newest {n} matching messages)</source>
        <translation>（最新 {n} 条匹配的消息）</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>Why (kept in the audit log)</source>
        <translation>原因（记入审计日志）</translation>
    </message>
    <message>
        <source>Optional: what the senior should know</source>
        <translation>可选：需要让资深同事了解的情况</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Give a reason: it is kept in the audit log.</source>
        <translation>请填写原因：原因将记入审计日志。</translation>
    </message>
    <message>
        <source>Choose or type a tag: 1 to 32 letters, digits, - or _.</source>
        <translation>选择或输入标签：1 至 32 个字母、数字、- 或 _。</translation>
    </message>
    <message>
        <source>Choose a value first.</source>
        <translation>请先选择一个值。</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Log a manual refund — ticket #{id}</source>
        <translation>登记手动退款 — 工单 #{id}</translation>
    </message>
    <message>
        <source>e.g. 24.99</source>
        <translation>例如 24.99</translation>
    </message>
    <message>
        <source>at most {left}</source>
        <translation>最多 {left}</translation>
    </message>
    <message>
        <source>how it was paid back</source>
        <translation>退款方式</translation>
    </message>
    <message>
        <source>the payment&apos;s own id (transaction, transfer reference)</source>
        <translation>付款自身的编号（交易号、转账参考号）</translation>
    </message>
    <message>
        <source>now — or when it was paid, like 2026-11-23T10:00:00Z</source>
        <translation>现在 — 或实际付款时间，如 2026-11-23T10:00:00Z</translation>
    </message>
    <message>
        <source>optional: who authorised it, what the buyer was told</source>
        <translation>可选：由谁批准、告知了买家什么</translation>
    </message>
    <message>
        <source>Amount:</source>
        <translation>金额：</translation>
    </message>
    <message>
        <source>Currency:</source>
        <translation>币种：</translation>
    </message>
    <message>
        <source>Method:</source>
        <translation>方式：</translation>
    </message>
    <message>
        <source>Reference:</source>
        <translation>参考号：</translation>
    </message>
    <message>
        <source>Paid at:</source>
        <translation>付款时间：</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>&amp;Log refund</source>
        <translation>登记退款(&amp;L)</translation>
    </message>
    <message>
        <source>no cached order</source>
        <translation>无缓存订单</translation>
    </message>
    <message>
        <source>Order {order}: no cached total, so nothing caps the amount. Refunded so far: {refunded} {currency}.</source>
        <translation>订单 {order}：没有缓存的订单总额，因此金额没有上限。已退款：{refunded} {currency}。</translation>
    </message>
    <message>
        <source>Order {order} totals {total} {currency}; refunded so far {refunded} {currency}; left {left} {currency}.</source>
        <translation>订单 {order} 总额 {total} {currency}；已退款 {refunded} {currency}；剩余 {left} {currency}。</translation>
    </message>
    <message>
        <source>
Authorization #{id} in force until {until}: refunds up to {limit} {currency} in all.</source>
        <translation>
授权 #{id} 有效期至 {until}：退款合计最多 {limit} {currency}。</translation>
    </message>
</context>
<context>
    <name>ReshipDialog</name>
    <message>
        <source>Log a reshipment — ticket #{id}</source>
        <translation>记录补发 — 工单 #{id}</translation>
    </message>
    <message>
        <source>SKU:QUANTITY, SKU:QUANTITY</source>
        <translation>SKU:数量, SKU:数量</translation>
    </message>
    <message>
        <source>e.g. DHL, UPS</source>
        <translation>例如 DHL、UPS</translation>
    </message>
    <message>
        <source>Express shipping (needs an authorization)</source>
        <translation>加急配送（需要授权）</translation>
    </message>
    <message>
        <source>why it is sent again</source>
        <translation>为何重新寄送</translation>
    </message>
    <message>
        <source>Items:</source>
        <translation>商品：</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>承运商：</translation>
    </message>
    <message>
        <source>Tracking:</source>
        <translation>运单号：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>&amp;Log reshipment</source>
        <translation>记录补发(&amp;L)</translation>
    </message>
</context>
<context>
    <name>RoleDialog</name>
    <message>
        <source>Change the role of {name}</source>
        <translation>更改 {name} 的角色</translation>
    </message>
    <message>
        <source>Admins manage users and settings but never approve replies. A user made compliance by you cannot approve your drafts the same day.</source>
        <translation>管理员负责管理用户和设置，但从不批准回复。由您设为合规角色的用户，当天不能批准您的草稿。</translation>
    </message>
    <message>
        <source>&amp;Change role</source>
        <translation>更改角色(&amp;C)</translation>
    </message>
    <message>
        <source>New &amp;role:</source>
        <translation>新角色(&amp;R)：</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>compliance</source>
        <translation>合规</translation>
    </message>
    <message>
        <source>admin</source>
        <translation>管理员</translation>
    </message>
</context>
<context>
    <name>RuleForm</name>
    <message>
        <source>New lint rule</source>
        <translation>新建内容检查规则</translation>
    </message>
    <message>
        <source>New triage rule</source>
        <translation>新建分流规则</translation>
    </message>
    <message>
        <source>e.g. WAREHOUSE-NAMES</source>
        <translation>例如 WAREHOUSE-NAMES</translation>
    </message>
    <message>
        <source>the phrase; (a|b) for alternatives</source>
        <translation>短语；用 (a|b) 表示可选项</translation>
    </message>
    <message>
        <source>every language</source>
        <translation>所有语言</translation>
    </message>
    <message>
        <source>&amp;Id:</source>
        <translation>ID(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Pattern:</source>
        <translation>匹配模式(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Why it matters:</source>
        <translation>为何重要(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Sets:</source>
        <translation>设定(&amp;S)：</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>匹配模式</translation>
    </message>
    <message>
        <source>Why it matters</source>
        <translation>为何重要</translation>
    </message>
    <message>
        <source>Sets</source>
        <translation>设定</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Adding the rule</source>
        <translation>正在添加规则</translation>
    </message>
</context>
<context>
    <name>RuleFormBase</name>
    <message>
        <source>{field}: {why}</source>
        <translation>{field}：{why}</translation>
    </message>
</context>
<context>
    <name>RulesScreen</name>
    <message>
        <source>&amp;Lint rules</source>
        <translation>内容检查规则(&amp;L)</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Why it is refused</source>
        <translation>拦截原因</translation>
    </message>
    <message>
        <source>Tria&amp;ge rules</source>
        <translation>分流规则(&amp;G)</translation>
    </message>
    <message>
        <source>Sets</source>
        <translation>设定</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Add r&amp;ule…</source>
        <translation>添加规则(&amp;U)…</translation>
    </message>
    <message>
        <source>Di&amp;sable</source>
        <translation>停用(&amp;S)</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Added by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Add e&amp;ntry…</source>
        <translation>添加条目(&amp;N)…</translation>
    </message>
    <message>
        <source>Re&amp;move entry…</source>
        <translation>移除条目(&amp;M)…</translation>
    </message>
    <message>
        <source>Allo&amp;wlist</source>
        <translation>允许列表(&amp;W)</translation>
    </message>
    <message>
        <source>Allo&amp;wlist ({n})</source>
        <translation>允许列表(&amp;W)（{n}）</translation>
    </message>
    <message>
        <source>Read only: only a compliance user changes rules.</source>
        <translation>只读：仅合规人员可以修改规则。</translation>
    </message>
    <message>
        <source>Type or paste a reply or a buyer&apos;s message: it is checked against the current rules as you type. Nothing is saved.</source>
        <translation>输入或粘贴一条回复或买家消息：输入时即按当前规则进行检查。不会保存任何内容。</translation>
    </message>
    <message>
        <source>detect</source>
        <translation>自动检测</translation>
    </message>
    <message>
        <source>Matched</source>
        <translation>匹配内容</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try a text&lt;/b&gt;</source>
        <translation>&lt;b&gt;试用文本&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>&lt;b&gt;As a reply&lt;/b&gt; (lint rules and allowlist)</source>
        <translation>&lt;b&gt;作为回复&lt;/b&gt;（内容检查规则和允许列表）</translation>
    </message>
    <message>
        <source>&lt;b&gt;As a buyer&apos;s message&lt;/b&gt; (triage rules)</source>
        <translation>&lt;b&gt;作为买家消息&lt;/b&gt;（分流规则）</translation>
    </message>
    <message>
        <source>Reading the rules</source>
        <translation>正在读取规则</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>shipped</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>&amp;Lint rules ({n})</source>
        <translation>内容检查规则（{n}）(&amp;L)</translation>
    </message>
    <message>
        <source>Tria&amp;ge rules ({n})</source>
        <translation>分流规则（{n}）(&amp;G)</translation>
    </message>
    <message>
        <source>E&amp;nable</source>
        <translation>启用(&amp;N)</translation>
    </message>
    <message>
        <source>Patterns: {list}</source>
        <translation>匹配模式：{list}</translation>
    </message>
    <message>
        <source>Language: {language}</source>
        <translation>语言：{language}</translation>
    </message>
    <message>
        <source>Last changed by {who}</source>
        <translation>最后修改人：{who}</translation>
    </message>
    <message>
        <source>Lint: nothing to check yet</source>
        <translation>内容检查：暂无可检查的内容</translation>
    </message>
    <message>
        <source>Category: —</source>
        <translation>类别：—</translation>
    </message>
    <message>
        <source>Trying the text</source>
        <translation>试检文本</translation>
    </message>
    <message>
        <source>Category: {category} · tier {tier}</source>
        <translation>类别：{category} · 级别 {tier}</translation>
    </message>
    <message>
        <source>Red flags: {flags}</source>
        <translation>风险标记：{flags}</translation>
    </message>
    <message>
        <source>No red flag</source>
        <translation>无风险标记</translation>
    </message>
    <message>
        <source>Changing rule {id}</source>
        <translation>修改规则 {id}</translation>
    </message>
    <message>
        <source>Remove allowlist entry</source>
        <translation>移除允许列表条目</translation>
    </message>
    <message>
        <source>Remove {value} from the allowlist? Replies naming it are refused again.</source>
        <translation>要从允许列表中移除 {value} 吗？提及它的回复将再次被拒绝。</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Removing {value}</source>
        <translation>移除 {value}</translation>
    </message>
</context>
<context>
    <name>SendByHandDialog</name>
    <message>
        <source>Send draft #{id} by hand</source>
        <translation>手动发送草稿 #{id}</translation>
    </message>
    <message>
        <source>Copy the approved reply into Seller Central (or your mail client) exactly as it is and send it there. Then tick the box below: War Room records it as sent only then.</source>
        <translation>请将已批准的回复原样复制到 Seller Central（或您的邮件客户端）并在那里发送。然后勾选下方的复选框：只有勾选后，War Room 才会将其记录为已发送。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy &amp;all</source>
        <translation>全部复制(&amp;A)</translation>
    </message>
    <message>
        <source>Recipient copied</source>
        <translation>已复制收件人</translation>
    </message>
    <message>
        <source>Subject copied</source>
        <translation>已复制主题</translation>
    </message>
    <message>
        <source>Body copied</source>
        <translation>已复制正文</translation>
    </message>
    <message>
        <source>Recipient, subject and body copied</source>
        <translation>已复制收件人、主题和正文</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>收件人：</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>正文：</translation>
    </message>
    <message>
        <source>I have &amp;sent it (pasted and sent outside War Room)</source>
        <translation>我已发送（已在 War Room 之外粘贴并发送）(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Record as sent</source>
        <translation>记录为已发送(&amp;R)</translation>
    </message>
    <message>
        <source>To: {to}</source>
        <translation>收件人：{to}</translation>
    </message>
    <message>
        <source>Subject: {subject}</source>
        <translation>主题：{subject}</translation>
    </message>
    <message>
        <source>Recording draft #{id} as sent</source>
        <translation>将草稿 #{id} 记录为已发送</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Mail server (host):</source>
        <translation>邮件服务器（主机）：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>安全连接：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>From address:</source>
        <translation>发件人地址：</translation>
    </message>
    <message>
        <source>Store name:</source>
        <translation>店铺名称：</translation>
    </message>
    <message>
        <source>Hours to answer a buyer:</source>
        <translation>回复买家的时限（小时）：</translation>
    </message>
    <message>
        <source>Hours to answer an A-to-z request:</source>
        <translation>回复 A-to-z 请求的时限（小时）：</translation>
    </message>
    <message>
        <source>Hours to answer during an appeal:</source>
        <translation>申诉期间的回复时限（小时）：</translation>
    </message>
    <message>
        <source>Count missed deadlines from:</source>
        <translation>超时统计起始时间：</translation>
    </message>
    <message>
        <source>Checkpoint copy folder:</source>
        <translation>检查点副本文件夹：</translation>
    </message>
    <message>
        <source>Largest message body (bytes):</source>
        <translation>邮件正文上限（字节）：</translation>
    </message>
    <message>
        <source>Largest attachment (bytes):</source>
        <translation>附件大小上限（字节）：</translation>
    </message>
    <message>
        <source>Most attachments per message:</source>
        <translation>每封邮件附件数上限：</translation>
    </message>
    <message>
        <source>High value above ({currency}):</source>
        <translation>高额阈值（{currency}）：</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Mail server (for sending replies by e-mail)</source>
        <translation>邮件服务器（用于通过电子邮件发送回复）</translation>
    </message>
    <message>
        <source>Store, deadlines and evidence</source>
        <translation>店铺、时限和证据</translation>
    </message>
    <message>
        <source>Import limits</source>
        <translation>导入限制</translation>
    </message>
    <message>
        <source>High-value thresholds (disputed amount)</source>
        <translation>高额阈值（争议金额）</translation>
    </message>
    <message>
        <source>Remove the stored password</source>
        <translation>删除已保存的密码</translation>
    </message>
    <message>
        <source>an address of yours, e.g. ops@yourshop.example</source>
        <translation>您自己的地址，例如 ops@yourshop.example</translation>
    </message>
    <message>
        <source>Send a &amp;test mail</source>
        <translation>发送测试邮件(&amp;T)</translation>
    </message>
    <message>
        <source>Saves your changes, then sends one short mail with these settings.</source>
        <translation>先保存您的更改，然后使用这些设置发送一封简短的邮件。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Test mail to:</source>
        <translation>测试邮件收件人：</translation>
    </message>
    <message>
        <source>STARTTLS (port 587)</source>
        <translation>STARTTLS（端口 587）</translation>
    </message>
    <message>
        <source>SSL/TLS (port 465)</source>
        <translation>SSL/TLS（端口 465）</translation>
    </message>
    <message>
        <source>None (local test servers only)</source>
        <translation>无（仅限本地测试服务器）</translation>
    </message>
    <message>
        <source>stored in the OS keyring — type to replace</source>
        <translation>已保存在系统密钥环中 — 输入即可替换</translation>
    </message>
    <message>
        <source>The password is kept in the OS keyring, not in the database.</source>
        <translation>密码保存在系统密钥环中，而不是数据库中。</translation>
    </message>
    <message>
        <source>stored — type to replace</source>
        <translation>已保存 — 输入即可替换</translation>
    </message>
    <message>
        <source>Warning: no OS keyring is available, so the password is stored in the database in clear. Anyone who can read the database file can read it.</source>
        <translation>警告：没有可用的系统密钥环，因此密码以明文形式保存在数据库中。任何能读取数据库文件的人都能读取该密码。</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Nothing to save: no setting was changed.</source>
        <translation>无需保存：没有更改任何设置。</translation>
    </message>
    <message>
        <source>Saved. The mail password is in the database in clear: no OS keyring is available.</source>
        <translation>已保存。由于没有可用的系统密钥环，邮件密码以明文形式保存在数据库中。</translation>
    </message>
    <message>
        <source>Saved 1 change.</source>
        <translation>已保存 1 项更改。</translation>
    </message>
    <message>
        <source>Saved {n} changes.</source>
        <translation>已保存 {n} 项更改。</translation>
    </message>
    <message>
        <source>Not saved — {setting}: {why}</source>
        <translation>未保存 — {setting}：{why}</translation>
    </message>
    <message>
        <source>(1 earlier change was saved.)</source>
        <translation>（之前的 1 项更改已保存。）</translation>
    </message>
    <message>
        <source>({n} earlier changes were saved.)</source>
        <translation>（之前的 {n} 项更改已保存。）</translation>
    </message>
    <message>
        <source>Sending a test mail to {to}…</source>
        <translation>正在向 {to} 发送测试邮件…</translation>
    </message>
    <message>
        <source>The mail server accepted the test mail to {to} ({server}). Check that it arrived.</source>
        <translation>邮件服务器 ({server}) 已接受发往 {to} 的测试邮件。请确认邮件已送达。</translation>
    </message>
    <message>
        <source>The test mail was not sent: {error}</source>
        <translation>测试邮件未发送：{error}</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Type the address to send the test mail to.</source>
        <translation>请输入测试邮件的收件地址。</translation>
    </message>
    <message>
        <source>This is not a valid e-mail address.</source>
        <translation>这不是有效的电子邮件地址。</translation>
    </message>
    <message>
        <source>Fill in the mail server first.</source>
        <translation>请先填写邮件服务器。</translation>
    </message>
    <message>
        <source>Fill in the From address first.</source>
        <translation>请先填写发件人地址。</translation>
    </message>
</context>
<context>
    <name>StatusText</name>
    <message>
        <source>Checkpoint just now</source>
        <translation>检查点：刚刚签署</translation>
    </message>
    <message>
        <source>Checkpoint {n} min ago</source>
        <translation>检查点：{n} 分钟前签署</translation>
    </message>
    <message>
        <source>Checkpoint {n} h ago</source>
        <translation>检查点：{n} 小时前签署</translation>
    </message>
    <message>
        <source>Checkpoint {n} days ago</source>
        <translation>检查点：{n} 天前签署</translation>
    </message>
    <message>
        <source>No checkpoint yet</source>
        <translation>尚无检查点</translation>
    </message>
</context>
<context>
    <name>TemplateEditor</name>
    <message>
        <source>New version of {key} ({language})</source>
        <translation>{key} 的新版本（{language}）</translation>
    </message>
    <message>
        <source>Saved as version {n}, a draft: the approved version stays in use until this one is approved.</source>
        <translation>已保存为版本 {n}（草稿）：在此版本获得批准之前，仍使用已批准的版本。</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>标题(&amp;T)：</translation>
    </message>
    <message>
        <source>Te&amp;xt ({{ variable }}, {% if %}…{% endif %}); hover for the variables:</source>
        <translation>文本（{{ variable }}、{% if %}…{% endif %}）；悬停可查看变量(&amp;X)：</translation>
    </message>
    <message>
        <source>Variables every draft gets: {names}. Any other name is a variable the agent fills in.</source>
        <translation>每份草稿都有的变量：{names}。其他名称均为由客服填写的变量。</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Value for the preview</source>
        <translation>预览用的值</translation>
    </message>
    <message>
        <source>Preview on tic&amp;ket:</source>
        <translation>预览所用工单(&amp;K)：</translation>
    </message>
    <message>
        <source>Current: version {v} ({status})</source>
        <translation>当前：版本 {v}（{status}）</translation>
    </message>
    <message>
        <source>Current: none</source>
        <translation>当前：无</translation>
    </message>
    <message>
        <source>New: version {v}</source>
        <translation>新：版本 {v}</translation>
    </message>
    <message>
        <source>&amp;Save as version {n}</source>
        <translation>保存为版本 {n}(&amp;S)</translation>
    </message>
    <message>
        <source>Reading the tickets to preview on</source>
        <translation>读取可用于预览的工单</translation>
    </message>
    <message>
        <source>#{id} · {language} · {category} · {subject}</source>
        <translation>#{id} · {language} · {category} · {subject}</translation>
    </message>
    <message>
        <source>Checking the text</source>
        <translation>检查文本</translation>
    </message>
    <message>
        <source>The text does not compile: {why}</source>
        <translation>文本无法编译：{why}</translation>
    </message>
    <message>
        <source>it can be saved but not approved</source>
        <translation>可以保存，但无法批准</translation>
    </message>
    <message>
        <source>No ticket to preview on.</source>
        <translation>没有可用于预览的工单。</translation>
    </message>
    <message>
        <source>No preview: the text does not compile.</source>
        <translation>无预览：文本无法编译。</translation>
    </message>
    <message>
        <source>Rendering the preview</source>
        <translation>生成预览</translation>
    </message>
    <message>
        <source>The preview needs a value for “{name}” (fill it in above).</source>
        <translation>预览需要“{name}”的值（请在上方填写）。</translation>
    </message>
    <message>
        <source>No preview: {why}</source>
        <translation>无预览：{why}</translation>
    </message>
    <message>
        <source>Rendered as a draft on this ticket would be:</source>
        <translation>在此工单上生成的草稿将如下所示：</translation>
    </message>
    <message>
        <source>Change the text or the title first</source>
        <translation>请先修改文本或标题</translation>
    </message>
    <message>
        <source>Saving the new version</source>
        <translation>保存新版本</translation>
    </message>
</context>
<context>
    <name>TemplatesScreen</name>
    <message>
        <source>Filter by key, title or category</source>
        <translation>按键名、标题或类别筛选</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>所有语言</translation>
    </message>
    <message>
        <source>&amp;Import file…</source>
        <translation>导入文件(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Edit as new version…</source>
        <translation>编辑为新版本(&amp;E)…</translation>
    </message>
    <message>
        <source>Appr&amp;ove version</source>
        <translation>批准版本(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Retire version…</source>
        <translation>停用版本(&amp;R)…</translation>
    </message>
    <message>
        <source>Read only: only a compliance user changes templates.</source>
        <translation>只读：只有合规人员可以修改模板。</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键名</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Reading the templates</source>
        <translation>读取模板</translation>
    </message>
    <message>
        <source>1 version shown</source>
        <translation>显示 1 个版本</translation>
    </message>
    <message>
        <source>{n} versions shown</source>
        <translation>显示 {n} 个版本</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>retired</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>No template selected.</source>
        <translation>未选择模板。</translation>
    </message>
    <message>
        <source>{key} version {version} ({language}) · {status} · category {category}</source>
        <translation>{key} 版本 {version}（{language}）· {status} · 类别 {category}</translation>
    </message>
    <message>
        <source>Created by {who} at {when}</source>
        <translation>由 {who} 于 {when} 创建</translation>
    </message>
    <message>
        <source>Approved by {who} at {when}</source>
        <translation>由 {who} 于 {when} 批准</translation>
    </message>
    <message>
        <source>Retired by {who} at {when}</source>
        <translation>由 {who} 于 {when} 停用</translation>
    </message>
    <message>
        <source>Variables a draft supplies: {names}</source>
        <translation>草稿提供的变量：{names}</translation>
    </message>
    <message>
        <source>Checking the template</source>
        <translation>正在检查模板</translation>
    </message>
    <message>
        <source>it cannot be approved</source>
        <translation>无法批准</translation>
    </message>
    <message>
        <source>Fix the lint findings in a new version first</source>
        <translation>请先在新版本中修正检查发现的问题</translation>
    </message>
    <message>
        <source>Import templates</source>
        <translation>导入模板</translation>
    </message>
    <message>
        <source>Template files (*.json);;All files (*)</source>
        <translation>模板文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import refused</source>
        <translation>导入被拒绝</translation>
    </message>
    <message>
        <source>Importing {file}</source>
        <translation>正在导入 {file}</translation>
    </message>
    <message>
        <source>1 template version imported and approved</source>
        <translation>已导入并批准 1 个模板版本</translation>
    </message>
    <message>
        <source>{n} template versions imported and approved</source>
        <translation>已导入并批准 {n} 个模板版本</translation>
    </message>
    <message>
        <source>Nothing new: every version in the file is already stored</source>
        <translation>没有新内容：文件中的所有版本均已存储</translation>
    </message>
    <message>
        <source>Retired: {refs}</source>
        <translation>已停用：{refs}</translation>
    </message>
    <message>
        <source>Import done</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>File: {file}</source>
        <translation>文件：{file}</translation>
    </message>
    <message>
        <source>Entry: {n}</source>
        <translation>条目：{n}</translation>
    </message>
    <message>
        <source>Field: {field}</source>
        <translation>字段：{field}</translation>
    </message>
    <message>
        <source>Problem: {reason}</source>
        <translation>问题：{reason}</translation>
    </message>
    <message>
        <source>Approving {ref}</source>
        <translation>正在批准 {ref}</translation>
    </message>
    <message>
        <source>Approved: {refs}</source>
        <translation>已批准：{refs}</translation>
    </message>
    <message>
        <source>Retire template version</source>
        <translation>停用模板版本</translation>
    </message>
    <message>
        <source>Retire {key} version {version} ({language})? No new draft can use it; drafts already written keep it.</source>
        <translation>停用 {key} 的版本 {version}（{language}）？新草稿将无法使用该版本；已写好的草稿仍保留该版本。</translation>
    </message>
    <message>
        <source>&amp;Retire</source>
        <translation>停用(&amp;R)</translation>
    </message>
    <message>
        <source>Retiring {ref}</source>
        <translation>正在停用 {ref}</translation>
    </message>
</context>
<context>
    <name>TicketActions</name>
    <message>
        <source>1 ticket</source>
        <translation>1 个工单</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 个工单</translation>
    </message>
    <message>
        <source>{what} selected</source>
        <translation>已选择 {what}</translation>
    </message>
    <message>
        <source>Open ticket #{id}</source>
        <translation>打开工单 #{id}</translation>
    </message>
    <message>
        <source>&amp;Set status</source>
        <translation>设置状态(&amp;S)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回复</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>&amp;Close {what}</source>
        <translation>关闭 {what}(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Close ticket</source>
        <translation>关闭工单(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Tag…</source>
        <translation>添加标签(&amp;T)…</translation>
    </message>
    <message>
        <source>&amp;Remove tag</source>
        <translation>移除标签(&amp;R)</translation>
    </message>
    <message>
        <source>Change cate&amp;gory…</source>
        <translation>更改类别(&amp;G)…</translation>
    </message>
    <message>
        <source>Assign to &amp;me</source>
        <translation>分配给我(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Assign to</source>
        <translation>分配给(&amp;A)</translation>
    </message>
    <message>
        <source>Reading the users</source>
        <translation>正在读取用户</translation>
    </message>
    <message>
        <source>Nobody (unassign)</source>
        <translation>无人（取消分配）</translation>
    </message>
    <message>
        <source>Senior reply requested</source>
        <translation>已请求高级回复</translation>
    </message>
    <message>
        <source>Re&amp;quest a senior reply…</source>
        <translation>请求高级回复(&amp;Q)…</translation>
    </message>
    <message>
        <source>{what} closed</source>
        <translation>{what} 已关闭</translation>
    </message>
    <message>
        <source>{what} set to {status}</source>
        <translation>{what} 已设为 {status}</translation>
    </message>
    <message>
        <source>Changing the status</source>
        <translation>正在更改状态</translation>
    </message>
    <message>
        <source>{what} assigned to {user}</source>
        <translation>{what} 已分配给 {user}</translation>
    </message>
    <message>
        <source>{what} unassigned</source>
        <translation>{what} 已取消分配</translation>
    </message>
    <message>
        <source>Assigning</source>
        <translation>正在分配</translation>
    </message>
    <message>
        <source>{what} tagged {tag}</source>
        <translation>{what} 已添加标签 {tag}</translation>
    </message>
    <message>
        <source>Add a tag to ticket #{id}.</source>
        <translation>为工单 #{id} 添加标签。</translation>
    </message>
    <message>
        <source>Add a tag to {what}; tickets that have it already stay as they are.</source>
        <translation>为 {what} 添加标签；已有该标签的工单保持不变。</translation>
    </message>
    <message>
        <source>Tag tickets</source>
        <translation>为工单添加标签</translation>
    </message>
    <message>
        <source>Tag:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Tag {tag} removed from ticket #{id}</source>
        <translation>已从工单 #{id} 移除标签 {tag}</translation>
    </message>
    <message>
        <source>Remove the tag {tag} from ticket #{id}?</source>
        <translation>从工单 #{id} 移除标签 {tag}？</translation>
    </message>
    <message>
        <source>Remove a tag</source>
        <translation>移除标签</translation>
    </message>
    <message>
        <source>Ticket #{id} is now {category}</source>
        <translation>工单 #{id} 的类别现为 {category}</translation>
    </message>
    <message>
        <source>Change the category of ticket #{id} (now {current}). Triage keeps a category set by hand.</source>
        <translation>更改工单 #{id} 的类别（当前为 {current}）。自动分拣会保留手动设置的类别。</translation>
    </message>
    <message>
        <source>Change the category</source>
        <translation>更改类别</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Senior reply requested for ticket #{id}: compliance sees it in the queue</source>
        <translation>已为工单 #{id} 请求高级回复：合规人员会在队列中看到该请求</translation>
    </message>
    <message>
        <source>Ticket #{id} is ESCALATED: only a senior reply may answer it. Ask compliance or an admin to write it; the ticket is tagged SENIOR-REQUESTED.</source>
        <translation>工单 #{id} 已升级 (ESCALATED)：只能以高级回复答复。请让合规人员或管理员撰写回复；该工单已添加标签 SENIOR-REQUESTED。</translation>
    </message>
    <message>
        <source>Request a senior reply</source>
        <translation>请求高级回复</translation>
    </message>
    <message>
        <source>Go to ticket</source>
        <translation>转到工单</translation>
    </message>
    <message>
        <source>Ticket number:</source>
        <translation>工单编号：</translation>
    </message>
    <message>
        <source>Finding the ticket</source>
        <translation>正在查找工单</translation>
    </message>
    <message>
        <source>There is no ticket #{id}.</source>
        <translation>不存在工单 #{id}。</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Status, tags, category, assignment (also on right-click)</source>
        <translation>状态、标签、类别、分配（也可右键）</translation>
    </message>
    <message>
        <source>Request a senior reply…</source>
        <translation>请求高级回复…</translation>
    </message>
    <message>
        <source>This ticket is ESCALATED: ask compliance for the senior reply</source>
        <translation>此工单已升级（ESCALATED）：请合规人员撰写高级回复</translation>
    </message>
</context>
<context>
    <name>TicketEscalationButtons</name>
    <message>
        <source>Escalation brief…</source>
        <translation>升级简报…</translation>
    </message>
    <message>
        <source>The six facts the decision maker needs: order, buyer, issue, what was done, the buyer&apos;s state, the deadline</source>
        <translation>决策者需要的六项信息：订单、买家、问题、已采取的措施、买家状态、截止时间</translation>
    </message>
    <message>
        <source>Authorize…</source>
        <translation>授权…</translation>
    </message>
    <message>
        <source>Allow an out-of-policy remedy on this order (compliance, admin)</source>
        <translation>允许对此订单采取政策外补救（合规、管理员）</translation>
    </message>
    <message>
        <source>Reship…</source>
        <translation>补发…</translation>
    </message>
    <message>
        <source>Log a replacement sent by hand</source>
        <translation>记录手动寄出的替换品</translation>
    </message>
    <message>
        <source>Post-mortem…</source>
        <translation>复盘…</translation>
    </message>
</context>
<context>
    <name>TicketView</name>
    <message>
        <source>Assign to &amp;me</source>
        <translation>分配给我(&amp;M)</translation>
    </message>
    <message>
        <source>Assign this ticket to yourself (Ctrl+M)</source>
        <translation>将此工单分配给自己 (Ctrl+M)</translation>
    </message>
    <message>
        <source>No response needed…</source>
        <translation>无需回复…</translation>
    </message>
    <message>
        <source>Stop the 24-hour clock, with a reason (audited)</source>
        <translation>填写原因后停止 24 小时计时（记入审计日志）</translation>
    </message>
    <message>
        <source>Attachments (double-click or Enter to open):</source>
        <translation>附件（双击或按 Enter 打开）：</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Cached order (read-only)</source>
        <translation>缓存订单（只读）</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Fulfillment</source>
        <translation>配送方式</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Purchased</source>
        <translation>购买时间</translation>
    </message>
    <message>
        <source>Ship by</source>
        <translation>最晚发货</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Unit price</source>
        <translation>单价</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Tags and why they were set</source>
        <translation>标签及设置原因</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>计时</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Suspended at due</source>
        <translation>到期时是否暂停</translation>
    </message>
    <message>
        <source>Manual refunds</source>
        <translation>手动退款</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付款时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考号</translation>
    </message>
    <message>
        <source>Log manual refund…</source>
        <translation>登记手动退款…</translation>
    </message>
    <message>
        <source>Record a refund paid by hand while Seller Central is locked (audited)</source>
        <translation>在 Seller Central 被锁定期间登记手动支付的退款（记入审计日志）</translation>
    </message>
    <message>
        <source>Internal notes — PRIVATE, never sent to the buyer</source>
        <translation>内部备注 — 仅内部可见，绝不会发送给买家</translation>
    </message>
    <message>
        <source>Write a private note (evidence for the appeal; Amazon never sees it)</source>
        <translation>撰写内部备注（作为申诉证据；亚马逊看不到）</translation>
    </message>
    <message>
        <source>Add private note</source>
        <translation>添加内部备注</translation>
    </message>
    <message>
        <source>No ticket open</source>
        <translation>未打开工单</translation>
    </message>
    <message>
        <source>Pick a ticket in the queue and press Enter.</source>
        <translation>请在队列中选择一个工单并按 Enter。</translation>
    </message>
    <message>
        <source>Opening ticket {id}</source>
        <translation>打开工单 {id}</translation>
    </message>
    <message>
        <source>no running clock</source>
        <translation>无计时</translation>
    </message>
    <message>
        <source>{channel} · {category} · priority {priority} (tier {tier}) · {status} · language {language} · assignee {assignee} · 24-hour clock: {left}</source>
        <translation>{channel} · {category} · 优先级 {priority}（第 {tier} 级）· {status} · 语言 {language} · 负责人 {assignee} · 24 小时时限：{left}</translation>
    </message>
    <message>
        <source>nobody</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{name}  ({type}, {size})</source>
        <translation>{name}  （{type}，{size}）</translation>
    </message>
    <message>
        <source>MISSED</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>(no notes yet)</source>
        <translation>（暂无备注）</translation>
    </message>
    <message>
        <source> (reverses #{id})</source>
        <translation>（冲销 #{id}）</translation>
    </message>
    <message>
        <source>Refunded on this ticket: {total} {currency}</source>
        <translation>此工单已退款：{total} {currency}</translation>
    </message>
    <message>
        <source>No refund logged on this ticket.</source>
        <translation>此工单没有登记退款。</translation>
    </message>
    <message>
        <source>Logging a refund</source>
        <translation>登记退款</translation>
    </message>
    <message>
        <source>appeal</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>response</source>
        <translation>24 小时回复</translation>
    </message>
    <message>
        <source>atoz</source>
        <translation>A-to-z 索赔</translation>
    </message>
    <message>
        <source>claim</source>
        <translation>索赔</translation>
    </message>
    <message>
        <source>no order linked</source>
        <translation>未关联订单</translation>
    </message>
    <message>
        <source>not in the cache</source>
        <translation>不在缓存中</translation>
    </message>
    <message>
        <source>AFN (Fulfilled by Amazon)</source>
        <translation>AFN（亚马逊配送）</translation>
    </message>
    <message>
        <source>MFN (seller-fulfilled)</source>
        <translation>MFN（卖家自配送）</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Assigning the ticket</source>
        <translation>分配工单</translation>
    </message>
    <message>
        <source>Adding the note</source>
        <translation>添加备注</translation>
    </message>
    <message>
        <source>No response needed</source>
        <translation>无需回复</translation>
    </message>
    <message>
        <source>Why does ticket #{id} need no response? (required, audited)</source>
        <translation>工单 #{id} 为什么无需回复？（必填，记入审计日志）</translation>
    </message>
    <message>
        <source>Marking no response needed</source>
        <translation>标记为无需回复</translation>
    </message>
    <message>
        <source>Opening the attachment</source>
        <translation>打开附件</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Reset the password of {name}</source>
        <translation>重置 {name} 的密码</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Role:</source>
        <translation>角色(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <source>Password &amp;again:</source>
        <translation>再次输入密码(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Reset password</source>
        <translation>重置密码(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Add user</source>
        <translation>添加用户(&amp;A)</translation>
    </message>
</context>
<context>
    <name>UsersScreen</name>
    <message>
        <source>Agent</source>
        <translation>客服</translation>
    </message>
    <message>
        <source>Compliance</source>
        <translation>合规</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Type a password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>You cannot change your own role: another admin has to do it.</source>
        <translation>您不能更改自己的角色：须由另一位管理员更改。</translation>
    </message>
    <message>
        <source>Refused: there would be no active admin left.</source>
        <translation>已拒绝：这样将不再有任何启用中的管理员。</translation>
    </message>
    <message>
        <source>A user with this name exists already.</source>
        <translation>已存在同名用户。</translation>
    </message>
    <message>
        <source>The user has this role already.</source>
        <translation>该用户已是此角色。</translation>
    </message>
    <message>
        <source>The user is disabled already.</source>
        <translation>该用户已被禁用。</translation>
    </message>
    <message>
        <source>The user is enabled already.</source>
        <translation>该用户已被启用。</translation>
    </message>
    <message>
        <source>This name is reserved: choose another.</source>
        <translation>此名称为保留名称：请另选一个。</translation>
    </message>
    <message>
        <source>A user name has 1 to 64 letters, digits or . _ - @ (no spaces).</source>
        <translation>用户名由 1 到 64 个字母、数字或 . _ - @ 组成（不含空格）。</translation>
    </message>
    <message>
        <source>Not allowed: only an active admin manages users.</source>
        <translation>不允许：只有启用中的管理员才能管理用户。</translation>
    </message>
    <message>
        <source>This user no longer exists.</source>
        <translation>该用户已不存在。</translation>
    </message>
    <message>
        <source>Users and roles</source>
        <translation>用户和角色</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>&amp;Add user…</source>
        <translation>添加用户(&amp;A)…</translation>
    </message>
    <message>
        <source>Change &amp;role…</source>
        <translation>更改角色(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>禁用(&amp;D)</translation>
    </message>
    <message>
        <source>Reset &amp;password…</source>
        <translation>重置密码(&amp;P)…</translation>
    </message>
    <message>
        <source>Nobody changes their own role. Admins never approve replies. The last active admin cannot be disabled or demoted. Every change is an audit entry.</source>
        <translation>任何人都不能更改自己的角色。管理员从不审批回复。最后一位启用中的管理员不能被禁用或降级。每项更改都会记为一条审计条目。</translation>
    </message>
    <message>
        <source> (you)</source>
        <translation> （您）</translation>
    </message>
    <message>
        <source>no — disabled</source>
        <translation>否 — 已禁用</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>1 user</source>
        <translation>1 个用户</translation>
    </message>
    <message>
        <source>{n} users</source>
        <translation>{n} 个用户</translation>
    </message>
    <message>
        <source>Another admin changes your role.</source>
        <translation>您的角色须由另一位管理员更改。</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>User {name} added as {role}.</source>
        <translation>已添加用户 {name}，角色为 {role}。</translation>
    </message>
    <message>
        <source>{name} is now {role}.</source>
        <translation>{name} 的角色现为 {role}。</translation>
    </message>
    <message>
        <source>{name} is enabled again.</source>
        <translation>{name} 已重新启用。</translation>
    </message>
    <message>
        <source>{name} is disabled: they can no longer log in.</source>
        <translation>{name} 已被禁用：该用户将无法再登录。</translation>
    </message>
    <message>
        <source>The password of {name} was reset.</source>
        <translation>{name} 的密码已重置。</translation>
    </message>
    <message>
        <source>&amp;Users and roles…</source>
        <translation>用户和角色(&amp;U)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>WindowNotifications</name>
    <message>
        <source>Looking for changes failed: {error}</source>
        <translation>检查更改失败：{error}</translation>
    </message>
    <message>
        <source>War Room</source>
        <translation>War Room</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>1 entry</source>
        <translation>1 条</translation>
    </message>
    <message>
        <source>{n} entries</source>
        <translation>{n} 条</translation>
    </message>
    <message>
        <source>1 reply sent</source>
        <translation>已发送 1 条回复</translation>
    </message>
    <message>
        <source>{n} replies sent</source>
        <translation>已发送 {n} 条回复</translation>
    </message>
    <message>
        <source>1 byte</source>
        <translation>1 字节</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <source>1 ticket</source>
        <translation>1 个工单</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 个工单</translation>
    </message>
    <message>
        <source>1 draft</source>
        <translation>1 份草稿</translation>
    </message>
    <message>
        <source>{n} drafts</source>
        <translation>{n} 份草稿</translation>
    </message>
    <message>
        <source>refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>where-is-my-order</source>
        <translation>查询订单物流</translation>
    </message>
    <message>
        <source>product question</source>
        <translation>产品咨询</translation>
    </message>
    <message>
        <source>order change</source>
        <translation>订单修改</translation>
    </message>
    <message>
        <source>A-to-z claim</source>
        <translation>A-to-z 索赔</translation>
    </message>
    <message>
        <source>chargeback</source>
        <translation>信用卡拒付</translation>
    </message>
    <message>
        <source>complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Held by the suspension.</source>
        <translation>因账户暂停而暂扣。</translation>
    </message>
    <message>
        <source>Held: {why}</source>
        <translation>暂扣：{why}</translation>
    </message>
    <message>
        <source>Held since {since}: {why}</source>
        <translation>自 {since} 起暂扣：{why}</translation>
    </message>
    <message>
        <source>Set when the account suspension was declared</source>
        <translation>宣布账户暂停时设置</translation>
    </message>
    <message>
        <source>Arrived while the account was suspended</source>
        <translation>在账户暂停期间收到</translation>
    </message>
    <message>
        <source>Fill in the reason.</source>
        <translation>请填写原因。</translation>
    </message>
    <message>
        <source>Write the reply text.</source>
        <translation>请填写回复内容。</translation>
    </message>
    <message>
        <source>Type your password.</source>
        <translation>请输入密码。</translation>
    </message>
    <message>
        <source>Fill in the template&apos;s values.</source>
        <translation>请填写模板所需的值。</translation>
    </message>
</context>
<context>
    <name>_TextPage</name>
    <message>
        <source>Write the reply here (plain text). It is linted as you type.</source>
        <translation>在此撰写回复（纯文本）。输入时会进行内容检查。</translation>
    </message>
    <message>
        <source>&amp;Submit for approval</source>
        <translation>提交审批(&amp;S)</translation>
    </message>
</context>
</TS>
