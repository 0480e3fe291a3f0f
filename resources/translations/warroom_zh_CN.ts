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
        <source>1 draft waiting for a decision (oldest first)</source>
        <translation>1 份草稿待审批（最早的在前）</translation>
    </message>
    <message>
        <source>{n} drafts waiting for a decision (oldest first)</source>
        <translation>{n} 份草稿待审批（最早的在前）</translation>
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
    <name>Composer</name>
    <message>
        <source>Draft #{id} is BLOCKED by lint findings ({rules}): it cannot be approved. Change it and save it again, or write a new one.</source>
        <translation>草稿 #{id} 因内容检查发现问题（{rules}）被拦截：无法批准。请修改后重新保存，或另写一份。</translation>
    </message>
    <message>
        <source>Draft #{id} submitted for approval ({status}). A compliance user decides on the approval desk.</source>
        <translation>草稿 #{id} 已提交审批（{status}）。将由合规人员在审批台审批。</translation>
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
        <source>No approved template fits a {category} ticket in language {language}</source>
        <translation>没有适用于 {category} 类别、语言为 {language} 的工单的已审批模板</translation>
    </message>
    <message>
        <source>— pick a template —</source>
        <translation>— 请选择模板 —</translation>
    </message>
    <message>
        <source>Listing the ticket&apos;s drafts</source>
        <translation>列出此工单的草稿</translation>
    </message>
    <message>
        <source>Drafts on this ticket: </source>
        <translation>此工单的草稿：</translation>
    </message>
    <message>
        <source>No drafts on this ticket yet.</source>
        <translation>此工单还没有草稿。</translation>
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
        <source> Reason given: {reason}</source>
        <translation> 给出的原因：{reason}</translation>
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
        <source>Lint failed: {error}</source>
        <translation>内容检查失败：{error}</translation>
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
        <source>Add private &amp;note</source>
        <translation>添加内部备注(&amp;N)</translation>
    </message>
    <message>
        <source>No &amp;response needed…</source>
        <translation>无需回复(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Admin</source>
        <translation>管理(&amp;A)</translation>
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
        <source>Checkpoint {id}: {size} entries, signed {when}</source>
        <translation>检查点 {id}：{size} 条记录，签名于 {when}</translation>
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
        <source>Audit chain verified: {n} entries</source>
        <translation>审计链已验证：{n} 条记录</translation>
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
        <source>&amp;Ticket #{id}</source>
        <translation>工单 #{id}(&amp;T)</translation>
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
        <source>Declare the suspension</source>
        <translation>宣布账户暂停</translation>
    </message>
    <message>
        <source>Reason (from Amazon&apos;s notice; audited). Every open Amazon ticket will be tagged SUSPENDED.</source>
        <translation>原因（摘自亚马逊的通知；记入审计日志）。所有未结的亚马逊工单都将被标记为 SUSPENDED。</translation>
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
        <source>Lift the suspension</source>
        <translation>解除账户暂停</translation>
    </message>
    <message>
        <source>Lift the suspension? The SUSPENDED tag is removed from tickets that are not closed (the record and the audit entries stay).</source>
        <translation>解除账户暂停？未关闭工单上的 SUSPENDED 标签将被移除（暂停记录和审计日志记录会保留）。</translation>
    </message>
    <message>
        <source>Lifting the suspension</source>
        <translation>解除账户暂停</translation>
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
        <source>&amp;Copy and mark sent</source>
        <translation>复制并标记为已发送(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the approved text to the clipboard and record it as sent now (paste it into Seller Central or your mail client)</source>
        <translation>将已批准的文本复制到剪贴板，并记录为现在已发送（请粘贴到 Seller Central 或您的邮件客户端）</translation>
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
        <source> · {n} may have been sent (record the outcome)</source>
        <translation> · {n} 份可能已发送（请记录结果）</translation>
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
        <source>Held: {reason}</source>
        <translation>已暂扣：{reason}</translation>
    </message>
    <message>
        <source>Last attempt: {reason}</source>
        <translation>最近一次尝试：{reason}</translation>
    </message>
    <message>
        <source>Retry by &amp;e-mail</source>
        <translation>通过邮件重试(&amp;E)</translation>
    </message>
    <message>
        <source>Dispatching draft {id}</source>
        <translation>发出草稿 {id}</translation>
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
        <source>Click to sort (in the database)</source>
        <translation>点击排序（在数据库中排序）</translation>
    </message>
    <message>
        <source>Not sortable</source>
        <translation>不可排序</translation>
    </message>
    <message>
        <source>24-hour clock due {when}</source>
        <translation>24 小时时限：{when} 到期</translation>
    </message>
    <message>
        <source>No running clock</source>
        <translation>无计时</translation>
    </message>
</context>
<context>
    <name>QueueWidget</name>
    <message>
        <source>(any)</source>
        <translation>全部</translation>
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
        <source>Tag:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>渠道：</translation>
    </message>
    <message>
        <source> (newest 2,000 matching messages)</source>
        <translation>（最新的 2,000 条匹配消息）</translation>
    </message>
    <message>
        <source>1 ticket</source>
        <translation>1 个工单</translation>
    </message>
    <message>
        <source>{n} tickets</source>
        <translation>{n} 个工单</translation>
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
        <source>{name}  ({type}, {size} bytes)</source>
        <translation>{name}  （{type}，{size} 字节）</translation>
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
