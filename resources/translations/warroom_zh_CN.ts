<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
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
</TS>
