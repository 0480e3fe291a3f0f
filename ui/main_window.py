"""The main window: suspension banner, queue, ticket, approval desk (APPROVE only) and outbox
tabs, status bar (user, database, suspension, audit chain, newest checkpoint)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel, QMainWindow, QProgressBar, QTabWidget, QToolButton, QVBoxLayout, QWidget,
)

from warroom import clock
from warroom.domain.roles import Permission
from warroom.errors import Cancelled
from warroom.services import checkpoints as checkpoint_service
from warroom.services import status as status_service
from warroom.services import suspension as suspension_service

from ui.appeal_dialog import AppealExportFlow, can_export
from ui import wording
from ui.approval_desk import ApprovalDesk
from ui.claims_screen import install as install_claims_menu
from ui.cases_screen import add_cases_tab
from ui.compliance_menu import install as install_compliance_menu
from ui.audit_view import add_audit_actions
from ui.context import Console
from ui.dashboard import add_dashboard_tab
from ui.escalation_screen import add_escalation_tab
from ui.errors import show_error
from ui.fbm_screen import add_fbm_tab
from ui.i18n import draft_status_name, role_name
from ui.importing import ImportFlow
from ui.notifications import start_notifications
from ui.outbox import OutboxWidget
from ui.queue_view import QueueWidget
from ui.settings import open_settings
from ui.suspension_dialog import DeclareDialog, LiftDialog
from ui.ticket_actions import TicketActions, install as install_ticket_actions
from ui.language_menu import add_language_menu
from ui.live_refresh import shown_assignee, start_live_refresh
from ui.status_text import checkpoint_summary
from ui.ticket_view import TicketView
from ui.users_screen import add_admin_actions
from ui.workers import Job

BANNER_STYLE = ("QLabel#suspensionBanner { background: #b71c1c; color: white; font-weight: bold; "
                "padding: 8px 12px; font-size: 11pt; }")
DEMO_STYLE = "QLabel#demoBanner { background: #ffe082; color: #4e3b00; font-weight: bold; padding: 4px 12px; }"
STATE_REFRESH_MS = 30_000
#: how often the deadline sweep runs (records missed deadlines once, escalates A-to-z claims
#: near their deadline) while the console is open
DEADLINE_SWEEP_MS = 300_000
#: the first sweep waits this long after the window opens, so the first screen comes first
FIRST_SWEEP_DELAY_MS = 3_000
CLOCK_REFRESH_MS = 60_000
#: how often the console looks whether the hourly checkpoint is due (it is signed when the newest
#: is an hour old and something was written since)
CHECKPOINT_DUE_MS = 300_000
RED_LABEL = "color: white; background: #b71c1c; font-weight: bold; padding: 0 6px;"


class MainWindow(QMainWindow):
    def __init__(self, console: Console, page_size: int | None = None) -> None:
        super().__init__()
        self.console = console
        self.suspension: dict[str, Any] | None = None
        self.chain: dict[str, Any] | None = None
        self.verify_job: Job | None = None
        self.last_error: Any = None
        self.setObjectName("mainWindow")

        self.banner = QLabel(objectName="suspensionBanner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.demo_banner = QLabel(self.tr("DEMO DATA — synthetic orders and buyer messages; users agent, "
                                          "compliance, admin (password “demo”). Not for real work."),
                                  objectName="demoBanner")
        self.demo_banner.setStyleSheet(DEMO_STYLE)
        self.demo_banner.setVisible(console.demo)

        kwargs = {"page_size": page_size} if page_size else {}
        self.queue = QueueWidget(console, **kwargs)
        self.ticket_view = TicketView(console)
        self.tabs = QTabWidget(objectName="mainTabs")
        self.tabs.addTab(self.queue, self.tr("&Queue"))
        self.tabs.addTab(self.ticket_view, self.tr("T&icket"))     # Alt+T opens the Ticket menu
        self.desk: ApprovalDesk | None = None
        if console.can(Permission.APPROVE):           # agents never see approve actions
            self.desk = ApprovalDesk(console)
            self.tabs.addTab(self.desk, self.tr("Approval &desk"))
            self.desk.error.connect(self.show_error)
            self.desk.changed.connect(self._draft_decided)
        self.outbox = OutboxWidget(console)
        self.tabs.addTab(self.outbox, self.tr("Out&box"))
        self.outbox.error.connect(self.show_error)
        self.outbox.dispatched.connect(lambda d: self._ticket_changed(d["ticket_id"], reload_view=True))
        self.outbox.dispatched.connect(lambda _d: self.refresh_checkpoint())
        self.outbox.dispatched.connect(lambda _d: self._update_gate_tabs())       # "Outbox (n)" follows
        self.ticket_view.composer.submitted.connect(self._draft_submitted)
        self.importer = ImportFlow(self, console)
        self.importer.finished.connect(lambda done: self.refresh_all() if done else None)
        self.appeal_export = AppealExportFlow(self, console)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.queue.open_ticket.connect(self.open_ticket)
        self.queue.error.connect(lambda exc: self.show_error(exc, self.tr("Loading the queue")))
        self.ticket_view.error.connect(self.show_error)
        self.ticket_view.changed.connect(lambda tid: self._ticket_changed(tid, reload_view=False))
        self.ticket_actions: TicketActions = install_ticket_actions(self)      # right-click menus, bulk actions

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.banner)
        lay.addWidget(self.demo_banner)
        lay.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.dashboard = add_dashboard_tab(self)               # ui/dashboard.py
        self.cases_tab = add_cases_tab(self)                   # ui/cases_screen.py: Seller Support case log
        self.fbm_tab = add_fbm_tab(self)                       # ui/fbm_screen.py: unshipped FBM orders
        self.escalations = add_escalation_tab(self)            # ui/escalation_screen.py: tab + ticket buttons
        self.notifications = start_notifications(self)         # ui/notifications.py: banner, 15 s poll
        self.live = start_live_refresh(self)                   # ui/live_refresh.py: other seats' changes

        # status bar: who, where, suspension | audit chain | verification progress
        self.badge = QLabel(objectName="statusBadge")
        self.chain_label = QLabel(self.tr("Audit chain: not verified yet"), objectName="chainStatus")
        self.chain_label.setTextFormat(Qt.TextFormat.PlainText)
        self.guard_label = QLabel(objectName="auditGuards")      # shown only when the guard triggers are missing
        self.guard_label.setTextFormat(Qt.TextFormat.PlainText)
        self.guard_label.setStyleSheet("color: white; background: #b71c1c; font-weight: bold; padding: 0 6px;")
        self.guard_label.hide()
        self.checkpoint_label = QLabel(objectName="checkpointStatus")   # age of the newest; red when inconsistent
        self.checkpoint_label.setTextFormat(Qt.TextFormat.PlainText)
        self._checkpoint_warning: tuple[str, int | None] | None = None  # (a signing failure, the newest then)
        self.checkpoint_job: Job | None = None
        self.verify_bar = QProgressBar(objectName="verifyProgress")
        self.verify_bar.setMaximumWidth(160)
        self.verify_bar.setTextVisible(True)
        self.verify_cancel = QToolButton(objectName="verifyCancel")
        self.verify_cancel.setText(self.tr("Cancel"))
        self.verify_cancel.clicked.connect(self.cancel_verification)
        bar = self.statusBar()
        bar.addWidget(self.badge)
        bar.addPermanentWidget(self.verify_bar)
        bar.addPermanentWidget(self.verify_cancel)
        bar.addPermanentWidget(self.chain_label)
        bar.addPermanentWidget(self.checkpoint_label)
        bar.addPermanentWidget(self.guard_label)
        self.verify_bar.hide()
        self.verify_cancel.hide()

        self._build_menus()
        add_language_menu(self)
        self._state_timer = QTimer(self, interval=STATE_REFRESH_MS)
        self._state_timer.timeout.connect(self.refresh_state)
        self._state_timer.start()
        self._clock_timer = QTimer(self, interval=CLOCK_REFRESH_MS)
        self._clock_timer.timeout.connect(self.queue.model.refresh_clocks)
        self._clock_timer.start()
        self.sweep_job: Job | None = None
        self._closing = False           # after closeEvent: no new jobs, late results ignored
        self._sweep_timer = QTimer(self, interval=DEADLINE_SWEEP_MS)
        self._sweep_timer.timeout.connect(self.sweep_deadlines)
        self._sweep_timer.start()
        self._first_sweep = QTimer(self, singleShot=True, interval=FIRST_SWEEP_DELAY_MS)   # dies with the window
        self._first_sweep.timeout.connect(self.sweep_deadlines)
        self._first_sweep.start()
        self._checkpoint_timer = QTimer(self, interval=CHECKPOINT_DUE_MS)
        self._checkpoint_timer.timeout.connect(self.sign_checkpoint_if_due)
        self._checkpoint_timer.start()
        self.resize(1280, 800)
        self.restore_settings()
        self.refresh_state()

    # ------------------------------------------------------------ menus and shortcuts

    def _action(self, menu: Any, text: str, slot: Any, shortcut: str | None = None,
                name: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if name:
            action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        can_work = self.console.can(Permission.WORK_TICKETS)
        m = self.menuBar().addMenu(self.tr("&File"))
        self._action(m, self.tr("&Refresh"), self.refresh_all, "F5", "refreshAction")
        can_import = self.console.can(Permission.IMPORT)
        self.import_orders_action = self._action(m, self.tr("Import &order reports…"),
                                                 lambda: self.importer.choose("orders"),
                                                 "Ctrl+I", "importOrdersAction")
        self.import_messages_action = self._action(m, self.tr("Import buyer &messages…"),
                                                   lambda: self.importer.choose("messages"), "Ctrl+Shift+I",
                                                   "importMessagesAction")
        for a in (self.import_orders_action, self.import_messages_action):
            a.setEnabled(can_import)
        self.verify_action = self._action(m, self.tr("&Verify audit chain"), self.start_verification, None,
                                          "verifyAction")
        self.appeal_action = self._action(m, self.tr("Export &appeal package…"), self.appeal_export.ask, None,
                                          "appealExportAction")
        self.appeal_action.setEnabled(can_export(self.console))        # compliance and admin
        m.addSeparator()
        self._action(m, self.tr("&Quit"), self.close, "Ctrl+Q")
        m = self.menuBar().addMenu(self.tr("&Ticket"))
        self._action(m, self.tr("&Queue"), lambda: self.tabs.setCurrentWidget(self.queue), "Alt+1", "showQueueAction")
        self._action(m, self.tr("Reply &composer"), self.show_composer, "Ctrl+R", "composerAction")
        self._action(m, self.tr("&Open selected ticket"), self.open_current, None, "openAction")
        self._action(m, self.tr("&Next ticket"), lambda: self.step(1), "Ctrl+Down", "nextAction")
        self._action(m, self.tr("&Previous ticket"), lambda: self.step(-1), "Ctrl+Up", "previousAction")
        self.assign_action = self._action(m, self.tr("Assign to &me"), self.assign_to_me, "Ctrl+M", "assignAction")
        self.assign_action.setEnabled(can_work)
        self._action(m, self.tr("&Go to ticket number…"), self.ticket_actions.ask_jump, "Ctrl+G", "jumpAction")
        self.note_action = self._action(m, self.tr("Add private &note"), self.focus_note, "Ctrl+N", "noteAction")
        self.note_action.setEnabled(can_work)
        self.no_response_action = self._action(m, self.tr("No &response needed…"), self.ticket_view.ask_no_response,
                                               None, "noResponseAction")
        self.no_response_action.setEnabled(can_work)
        add_audit_actions(self, m)
        # Alt+N: Alt+A belongs to the approval desk (approve), Alt+M to "Assign to me"
        self.admin_menu = self.menuBar().addMenu(self.tr("Admi&n"))
        self.declare_action = self._action(self.admin_menu, self.tr("&Declare suspension…"), self.ask_declare, None,
                                           "declareAction")
        self.lift_action = self._action(self.admin_menu, self.tr("&Lift suspension…"), self.ask_lift, None,
                                        "liftAction")
        is_admin = self.console.can(Permission.DECLARE_SUSPENSION)
        self.admin_menu.menuAction().setVisible(is_admin)
        for a in (self.declare_action, self.lift_action):
            a.setEnabled(is_admin)
        self.compliance_menu = install_compliance_menu(self, self.console, self.tabs)   # Templates…, Rules…
        self.claims_menu = install_claims_menu(self, self.console, self.tabs)           # claims, notices
        add_admin_actions(self, self.admin_menu, self.console)

    # ------------------------------------------------------------ state

    def refresh_state(self) -> None:
        """Re-read the suspension (one indexed query): banner, title and badge."""
        try:
            self.suspension = suspension_service.get_suspension(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc, self.tr("Reading the suspension state"))
            return
        s = self.suspension
        if s:
            since = clock.local_text(clock.parse_iso(s["declared_at"]))
            self.banner.setText(self.tr("SUSPENDED since {since} — {reason}").format(since=since, reason=s["reason"]))
            self.banner.setToolTip(self.tr("Declared by {who}. Every Amazon ticket is tagged SUSPENDED; nothing may "
                                           "mention the suspension to a buyer.").format(who=s["declared_by"]))
            self.banner.show()
        else:
            self.banner.hide()
        state = self.tr("SUSPENDED") if s else self.tr("not suspended")
        a = self.console.actor
        demo = self.tr("[DEMO DATA] ") if self.console.demo else ""
        role = role_name(a.role)
        self.setWindowTitle(f"{demo}War Room — {a.name} ({role}) — {self.console.db_label} — {state}")
        self.badge.setText(f"  {a.name} ({role})  ·  {self.console.db_label}  ·  {state}  ")
        self.badge.setStyleSheet("color: #b71c1c; font-weight: bold;" if s else "")
        is_admin = self.console.can(Permission.DECLARE_SUSPENSION)
        self.declare_action.setEnabled(is_admin and not s)
        self.lift_action.setEnabled(is_admin and bool(s))
        self.refresh_guards()
        self.refresh_checkpoint()

    def refresh_guards(self) -> None:
        """The audit guard triggers: a red label in the status bar when any is missing."""
        try:
            guards = status_service.audit_guard_state(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc, self.tr("Reading the audit guard triggers"))
            return
        self.guard_label.setText("" if guards.ok else self.tr("AUDIT GUARDS MISSING: {names}").format(
            names=", ".join(guards.missing)))
        self.guard_label.setToolTip("" if guards.ok else guards.warning)
        self.guard_label.setVisible(not guards.ok)

    def refresh_checkpoint(self) -> None:
        """The newest checkpoint's age; red when the log is inconsistent with a checkpoint (the
        check every open makes) or when a checkpoint could not be signed."""
        try:
            check = checkpoint_service.check_log(self.console.db)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc, self.tr("Checking the audit log against its checkpoints"))
            return
        newest = check.newest.id if check.newest is not None else None
        for warning in checkpoint_service.take_warnings():
            self._checkpoint_warning = (warning, newest)
        if self._checkpoint_warning is not None and self._checkpoint_warning[1] != newest:
            self._checkpoint_warning = None               # a checkpoint was signed since
        if not check.ok:
            text, tip = (self.tr("LOG DOES NOT MATCH ITS CHECKPOINTS: {summary}").format(summary=check.summary()),
                         "\n".join(check.findings))
        elif self._checkpoint_warning is not None:
            text, tip = (self.tr("CHECKPOINT NOT SIGNED: {why}").format(why=self._checkpoint_warning[0]),
                         self._checkpoint_warning[0])
        else:
            self.checkpoint_label.setText(checkpoint_summary(check))
            self.checkpoint_label.setToolTip("" if check.newest is None else
                                             self.tr("Checkpoint {id}: {entries}, signed {when}").format(
                                                 id=check.newest.id,
                                                 entries=wording.count(check.newest.size, QT_TRANSLATE_NOOP("Wording", "1 entry"), QT_TRANSLATE_NOOP("Wording", "{n} entries")),
                                                 when=clock.local_text(check.newest.signed_at)))
            self.checkpoint_label.setStyleSheet("")
            return
        self.checkpoint_label.setText(text)
        self.checkpoint_label.setToolTip(tip + "\n\n" + self.tr("Run File › Verify audit chain (docs/appeal-package.md, "
                                                                 "section 2)."))
        self.checkpoint_label.setStyleSheet(RED_LABEL)

    def sign_checkpoint_if_due(self) -> Job | None:
        """The hourly checkpoint, in a worker (signed only when due); then the status bar."""
        if self._closing:
            return None
        if self.checkpoint_job is not None and not self.checkpoint_job.finished:
            return self.checkpoint_job
        db = self.console.db
        job = Job(lambda _progress: checkpoint_service.sign_hourly(db), "checkpoint")
        self.checkpoint_job = job
        self.console.runner.start(job, lambda _warning: None if self._closing else self.refresh_checkpoint(),
                                  lambda exc: None if self._closing else self.show_error(exc, self.tr("Signing a checkpoint")))
        return job

    def refresh_all(self) -> None:
        self.refresh_state()
        self.queue.load_tags()
        current = self.queue.current_ticket_id()
        self.queue.model.reload()
        row = self.queue.model.row_of(current) if current is not None else None
        if row is not None:
            self.queue.select_row(row)
        self.ticket_view.reload()
        self.refresh_gate()

    def refresh_gate(self) -> None:
        """The approval desk and the outbox (cheap: a few rows)."""
        if self.desk is not None:
            self.desk.refresh()
        self.outbox.refresh()
        self._update_gate_tabs()

    def _update_gate_tabs(self) -> None:
        if self.desk is not None:
            n = len(self.desk.drafts)
            self.tabs.setTabText(self.tabs.indexOf(self.desk), self.tr("Approval &desk ({n})").format(n=n) if n
                                 else self.tr("Approval &desk"))
        n = len(self.outbox.rows)
        self.tabs.setTabText(self.tabs.indexOf(self.outbox), self.tr("Out&box ({n})").format(n=n) if n
                             else self.tr("Out&box"))

    def _tab_changed(self, _index: int) -> None:
        w = self.tabs.currentWidget()
        if w is self.desk and self.desk is not None:
            self.desk.refresh()
            self._update_gate_tabs()
            self.desk.take_focus()              # Alt+A, Alt+R and the arrows work at once
        elif w is self.outbox:
            self.outbox.refresh()
            self._update_gate_tabs()

    def _draft_submitted(self, draft: dict[str, Any]) -> None:
        self.statusBar().showMessage(self.tr("Draft #{id} {status}").format(id=draft["id"], status=draft_status_name(draft["status"])),
                                     6000)
        self._ticket_changed(int(draft["ticket_id"]), reload_view=False)      # the queue's "Reply" column
        self.refresh_gate()

    def _draft_decided(self) -> None:
        self.outbox.refresh()
        self._update_gate_tabs()
        self.refresh_checkpoint()

    def load_queue(self) -> None:
        """First page of the queue (the window's first data)."""
        self.queue.load_tags()
        self.queue.apply_filters()
        self.refresh_gate()

    # ------------------------------------------------------------ deadlines

    def sweep_deadlines(self) -> Job | None:
        """Run the core's deadline sweep in a worker (it writes `system` entries for deadlines
        found missed and escalates A-to-z claims near theirs); refresh the queue if it did."""
        if self._closing:
            return None
        if self.sweep_job is not None and not self.sweep_job.finished:
            return self.sweep_job
        from warroom.services import deadlines as deadline_service

        db = self.console.db
        job = Job(lambda _progress: deadline_service.sweep(db), "deadlines")
        self.sweep_job = job
        self.console.runner.start(job, self._sweep_done, self._sweep_failed)
        return job

    def _sweep_done(self, result: Any) -> None:
        if self._closing:               # the window is going (or gone): nothing to refresh
            return
        if result.get("missed_recorded") or result.get("escalated"):
            self.queue.apply_filters()

    def _sweep_failed(self, exc: BaseException) -> None:
        if not self._closing and not isinstance(exc, Cancelled):
            self.statusBar().showMessage(self.tr("Deadline check failed: {error}").format(error=exc), 10_000)

    # ------------------------------------------------------------ audit chain

    def start_verification(self) -> Job | None:
        if self.verify_job is not None and not self.verify_job.finished:
            return self.verify_job
        db = self.console.db
        job = Job(lambda progress: status_service.verify_audit_chain(db, progress), "verify")
        self.verify_job = job
        self.chain_label.setText(self.tr("Audit chain: verifying…"))
        self.chain_label.setStyleSheet("")
        self.verify_bar.setRange(0, 0)
        self.verify_bar.show()
        self.verify_cancel.show()
        self.verify_action.setEnabled(False)
        job.signals.progress.connect(self._verify_progress)
        self.console.runner.start(job, self._verify_done, self._verify_failed)
        return job

    def cancel_verification(self) -> None:
        if self.verify_job is not None:
            self.verify_job.cancel()

    def _verify_progress(self, done: int, total: int, _stage: str) -> None:
        if total > 0:
            self.verify_bar.setRange(0, total)
            self.verify_bar.setValue(min(done, total))

    def _verify_finished(self) -> None:
        self.verify_bar.hide()
        self.verify_cancel.hide()
        self.verify_action.setEnabled(True)

    def _verify_done(self, result: Any) -> None:
        if self._closing:
            return
        self._verify_finished()
        self.chain = result.to_dict()
        if result.ok:
            self.chain_label.setText(self.tr("Audit chain verified: {entries}").format(
                entries=wording.count(result.count, QT_TRANSLATE_NOOP("Wording", "1 entry"), QT_TRANSLATE_NOOP("Wording", "{n} entries"))))
            self.chain_label.setStyleSheet("color: #1b5e20;")
        else:
            at = (self.tr(" at entry {seq}").format(seq=result.first_bad_seq) if result.first_bad_seq is not None
                  else "")
            self.chain_label.setText(self.tr("Audit chain BROKEN{at}: {reason}").format(at=at, reason=result.reason))
            self.chain_label.setStyleSheet(RED_LABEL)

    def _verify_failed(self, exc: BaseException) -> None:
        if self._closing:
            return
        self._verify_finished()
        if isinstance(exc, Cancelled):
            self.chain_label.setText(self.tr("Audit chain: verification cancelled (not verified)"))
            self.chain_label.setStyleSheet("color: #8d6e00;")
            return
        self.chain_label.setText(self.tr("Audit chain: verification failed"))
        self.show_error(exc, self.tr("Verifying the audit chain"))

    # ------------------------------------------------------------ tickets

    def open_ticket(self, ticket_id: int) -> None:
        if self.ticket_view.load(ticket_id):
            self.tabs.setCurrentWidget(self.ticket_view)
            self.tabs.setTabText(1, self.tr("T&icket #{id}").format(id=ticket_id))

    def open_current(self) -> None:
        tid = self.queue.current_ticket_id()
        if tid is not None:
            self.open_ticket(tid)

    def step(self, delta: int) -> None:
        """Next/previous ticket in queue order; in the ticket tab it opens it too."""
        tid = self.queue.move(delta)
        if tid is not None and self.tabs.currentWidget() is self.ticket_view:
            self.open_ticket(tid)

    def _target_ticket(self) -> int | None:
        if self.tabs.currentWidget() is self.ticket_view and self.ticket_view.ticket is not None:
            return int(self.ticket_view.ticket["id"])
        return self.queue.current_ticket_id()

    def assign_to_me(self) -> None:
        tid = self._target_ticket()
        if tid is None:
            return
        from warroom.services.tickets import assign_ticket

        try:
            assign_ticket(self.console.db, self.console.actor, tid, self.console.actor.name,
                          expected=shown_assignee(self, tid))      # two seats taking it: the first has it
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc, self.tr("Assigning the ticket"))
            self._ticket_changed(tid, reload_view=True)
            return
        self._ticket_changed(tid, reload_view=True)
        self.statusBar().showMessage(self.tr("Ticket #{id} assigned to you").format(id=tid), 4000)

    def show_composer(self) -> None:
        if self.ticket_view.ticket is None:
            self.open_current()
        if self.ticket_view.ticket is not None:
            self.tabs.setCurrentWidget(self.ticket_view)
            self.ticket_view.tabs.setCurrentWidget(self.ticket_view.reply_area)

    def focus_note(self) -> None:
        if self.ticket_view.ticket is None:
            self.open_current()
        if self.ticket_view.ticket is not None:
            self.tabs.setCurrentWidget(self.ticket_view)
            self.ticket_view.note_input.setFocus()

    def _ticket_changed(self, ticket_id: int, reload_view: bool) -> None:
        """Refresh the ticket's queue row in place (its position is kept until the next reload)."""
        row = self.queue.model.row_of(ticket_id)
        if row is not None:
            from warroom.services.queue import queue_row

            try:
                self.queue.model.patch_row(row, **queue_row(self.console.db, ticket_id))
            except Exception as exc:  # noqa: BLE001
                self.show_error(exc, self.tr("Refreshing the queue"))
        if reload_view and self.ticket_view.ticket is not None and self.ticket_view.ticket["id"] == ticket_id:
            self.ticket_view.reload()

    # ------------------------------------------------------------ suspension (admin)

    def ask_declare(self) -> DeclareDialog:
        dialog = DeclareDialog(self.console, self)
        dialog.declared.connect(self._suspension_declared)
        dialog.open()
        return dialog

    def _suspension_declared(self, result: dict[str, Any]) -> None:
        n = int(result.get("tagged") or 0)
        self.statusBar().showMessage(self.tr("Suspension declared: 1 ticket tagged SUSPENDED") if n == 1 else
                                     self.tr("Suspension declared: {n} tickets tagged SUSPENDED").format(n=f"{n:,}"),
                                     8000)
        self.refresh_all()

    def declare_suspension(self, reason: str) -> bool:
        try:
            result = suspension_service.declare(self.console.db, self.console.actor, reason)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc, self.tr("Declaring the suspension"))
            return False
        self.statusBar().showMessage(self.tr("Suspension declared: {tickets} tagged SUSPENDED").format(
            tickets=wording.tickets(result["tagged"])), 8000)
        self.refresh_all()
        return True

    def ask_lift(self) -> LiftDialog:
        dialog = LiftDialog(self.console, self)
        dialog.lifted.connect(lambda _result: self.refresh_all())
        dialog.open()
        return dialog

    def lift_suspension(self) -> bool:
        try:
            suspension_service.lift(self.console.db, self.console.actor)
        except Exception as exc:  # noqa: BLE001
            self.show_error(exc, self.tr("Lifting the suspension"))
            return False
        self.refresh_all()
        return True

    # ------------------------------------------------------------ errors, settings, closing

    def show_error(self, exc: BaseException, action: str | None = None) -> None:
        self.last_error = exc
        show_error(self, exc, action)

    def restore_settings(self) -> None:
        s = open_settings(self.console.actor.name)          # per War Room user, not per OS account
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.queue.restore_settings(s)
        self.ticket_view.restore_settings(s)
        self.outbox.restore_settings(s)
        if self.desk is not None:
            self.desk.restore_settings(s)

    def save_settings(self) -> None:
        s = open_settings(self.console.actor.name)
        s.setValue("window/geometry", self.saveGeometry())
        self.queue.save_settings(s)
        self.ticket_view.save_settings(s)
        self.outbox.save_settings(s)
        if self.desk is not None:
            self.desk.save_settings(s)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        self._closing = True
        self.save_settings()
        for timer in (self._state_timer, self._clock_timer, self._sweep_timer, self._first_sweep,
                      self._checkpoint_timer):
            timer.stop()
        self.live.stop()
        self.console.runner.cancel_all()
        self.console.runner.wait(10_000)
        super().closeEvent(event)
