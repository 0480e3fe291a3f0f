"""The Rules screen (compliance): the forbidden-language (lint) rules, the triage rules and the
lint allowlist, each in its own tab, with what the core lets compliance change (add a rule,
disable or enable one, add or remove an allowlist entry: each an audited service call); and
a "try a text" box that runs a text live against the current lint rules and triage rules and
shows the findings, the category and the red flags, with the rules that decided.  Admins see
it read-only."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QSplitter, QTabWidget, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from warroom.domain.roles import Permission
from warroom.services import rule_trial as rt

from ui.context import Console
from ui.errors import show_error
from ui.lint_view import LintView
from ui.rule_forms import LANGUAGES, AllowlistForm, RuleForm
from ui.template_editor import finding_dicts

DEBOUNCE_MS = 250
FLAG_STYLE = "color: #b71c1c; font-weight: bold;"


def _tree(name: str, headers: list[str], stretch: int) -> QTreeWidget:
    tree = QTreeWidget(objectName=name)
    tree.setHeaderLabels(headers)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = tree.header()
    header.setStretchLastSection(False)
    for col in range(len(headers)):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch if col == stretch
                                    else QHeaderView.ResizeMode.ResizeToContents)
    return tree


class RulesScreen(QWidget):
    changed = Signal()

    def __init__(self, console: Console, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesScreen")
        self.console = console
        self.rules: dict[str, list[rt.RuleView]] = {"lint": [], "triage": []}
        self.allowlist: list[rt.AllowlistItem] = []
        self.trial: rt.TextTrial | None = None
        self.form: RuleForm | AllowlistForm | None = None
        self.confirm: QMessageBox | None = None
        self.can = {"lint": console.can(Permission.MANAGE_LINT_RULES),
                    "triage": console.can(Permission.MANAGE_TRIAGE_RULES),
                    "allowlist": console.can(Permission.MANAGE_ALLOWLIST)}

        self.tabs = QTabWidget(objectName="ruleTabs")
        self.trees: dict[str, QTreeWidget] = {}
        self.add_buttons: dict[str, QPushButton] = {}
        self.toggle_buttons: dict[str, QPushButton] = {}
        for kind, title, headers, stretch in (
                ("lint", self.tr("&Lint rules"), [self.tr("Rule"), self.tr("On"), self.tr("Check"),
                                                   self.tr("Source"), self.tr("Why it is refused")], 4),
                ("triage", self.tr("Tria&ge rules"), [self.tr("Rule"), self.tr("On"), self.tr("Sets"),
                                                       self.tr("Source"), self.tr("Why")], 4)):
            page = QWidget()
            tree = _tree(f"{kind}RuleList", headers, stretch)
            tree.itemSelectionChanged.connect(lambda k=kind: self._rule_selected(k))
            add = QPushButton(self.tr("Add r&ule…"), objectName=f"add{kind.title()}Rule")
            add.clicked.connect(lambda _c=False, k=kind: self.ask_add_rule(k))
            toggle = QPushButton(self.tr("Di&sable"), objectName=f"toggle{kind.title()}Rule")
            toggle.clicked.connect(lambda _c=False, k=kind: self.ask_toggle(k))
            self._page(page, tree, add, toggle)
            self.tabs.addTab(page, title)
            self.trees[kind], self.add_buttons[kind], self.toggle_buttons[kind] = tree, add, toggle
        page = QWidget()
        self.allow_tree = _tree("allowlistList", [self.tr("Kind"), self.tr("Value"), self.tr("Note"),
                                                  self.tr("Added by")], 2)
        self.allow_tree.itemSelectionChanged.connect(self._allow_selected)
        self.add_allow = QPushButton(self.tr("Add e&ntry…"), objectName="addAllowEntry")
        self.add_allow.clicked.connect(self.ask_add_allow)
        self.remove_allow = QPushButton(self.tr("Re&move entry…"), objectName="removeAllowEntry")
        self.remove_allow.clicked.connect(self.ask_remove_allow)
        self._page(page, self.allow_tree, self.add_allow, self.remove_allow)
        self.tabs.addTab(page, self.tr("Allo&wlist"))
        self.detail = QLabel(objectName="ruleDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMaximumHeight(120)
        self.read_only_note = QLabel(self.tr("Read only: only a compliance user changes rules."),
                                     objectName="rulesReadOnly")
        self.read_only_note.setVisible(not any(self.can.values()))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.read_only_note)
        ll.addWidget(self.tabs, 1)
        ll.addWidget(self.detail)

        # try a text
        self.trial_text = QPlainTextEdit(objectName="trialText")
        self.trial_text.setPlaceholderText(self.tr("Type or paste a reply or a buyer's message: it is checked "
                                                   "against the current rules as you type. Nothing is saved."))
        self.trial_language = QComboBox(objectName="trialLanguage")
        for lang in LANGUAGES:
            self.trial_language.addItem(lang or self.tr("detect"), lang)
        self.trial_category = QLabel(objectName="trialCategory")
        self.trial_category.setTextFormat(Qt.TextFormat.PlainText)
        self.trial_flags = QLabel(objectName="trialFlags")
        self.trial_flags.setTextFormat(Qt.TextFormat.PlainText)
        self.trial_reasons = _tree("trialReasons", [self.tr("Rule"), self.tr("Sets"), self.tr("Matched")], 2)
        self.trial_reasons.setMaximumHeight(140)
        self.trial_lint = LintView(name="trialLint")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("<b>Try a text</b>")), 1)
        head.addWidget(QLabel(self.tr("Language:")))
        head.addWidget(self.trial_language)
        rl.addLayout(head)
        self.trial_text.setMinimumHeight(90)
        rl.addWidget(self.trial_text, 2)
        rl.addWidget(QLabel(self.tr("<b>As a reply</b> (lint rules and allowlist)")))
        rl.addWidget(self.trial_lint)
        rl.addWidget(QLabel(self.tr("<b>As a buyer's message</b> (triage rules)")))
        rl.addWidget(self.trial_category)
        rl.addWidget(self.trial_flags)
        rl.addWidget(self.trial_reasons, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([700, 560])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split, 1)

        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_trial)
        self.trial_text.textChanged.connect(self.timer.start)
        self.trial_language.currentIndexChanged.connect(lambda _i: self.timer.start())
        self.refresh()
        self.run_trial()

    @staticmethod
    def _page(page: QWidget, tree: QTreeWidget, *buttons: QPushButton) -> None:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(tree, 1)
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)

    # ------------------------------------------------------------ reading

    def refresh(self) -> None:
        try:
            self.rules = {kind: rt.list_rule_views(self.console.db, kind) for kind in ("lint", "triage")}
            self.allowlist = rt.list_allowlist(self.console.db)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Reading the rules"))
            return
        for kind, rules in self.rules.items():
            tree = self.trees[kind]
            keep = self.selected_rule(kind)
            tree.clear()
            for r in rules:
                item = QTreeWidgetItem([r.id, self.tr("yes") if r.enabled else self.tr("no"),
                                        r.check if kind == "lint" else r.target,
                                        self.tr("shipped") if r.source == "seed" else self.tr("added"),
                                        r.explanation])
                item.setData(0, Qt.ItemDataRole.UserRole, r.id)
                item.setToolTip(4, r.explanation)
                if not r.enabled:
                    for col in range(5):
                        item.setForeground(col, Qt.GlobalColor.gray)
                tree.addTopLevelItem(item)
                if keep is not None and keep.id == r.id:
                    tree.setCurrentItem(item)
            self.tabs.setTabText(self.tabs.indexOf(tree.parentWidget()),
                                 (self.tr("&Lint rules ({n})") if kind == "lint" else
                                  self.tr("Tria&ge rules ({n})")).format(n=len(rules)))
            self._rule_selected(kind)
        self.allow_tree.clear()
        for a in self.allowlist:
            item = QTreeWidgetItem([a.kind, a.value, a.note, a.added_by])
            item.setData(0, Qt.ItemDataRole.UserRole, a.id)
            self.allow_tree.addTopLevelItem(item)
        self.tabs.setTabText(2, self.tr("Allo&wlist ({n})").format(n=len(self.allowlist)))
        self.add_allow.setEnabled(self.can["allowlist"])
        self._allow_selected()

    def selected_rule(self, kind: str) -> rt.RuleView | None:
        item = self.trees[kind].currentItem()
        if item is None:
            return None
        rid = item.data(0, Qt.ItemDataRole.UserRole)
        return next((r for r in self.rules[kind] if r.id == rid), None)

    def select_rule(self, kind: str, rule_id: str) -> bool:
        tree = self.trees[kind]
        for i in range(tree.topLevelItemCount()):
            if tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == rule_id:
                tree.setCurrentItem(tree.topLevelItem(i))
                return True
        return False

    def _rule_selected(self, kind: str) -> None:
        r = self.selected_rule(kind)
        toggle = self.toggle_buttons[kind]
        self.add_buttons[kind].setEnabled(self.can[kind])
        toggle.setEnabled(self.can[kind] and r is not None)
        toggle.setText(self.tr("E&nable") if r is not None and not r.enabled else self.tr("Di&sable"))
        if r is None:
            return
        lines = [f"{r.id}: {r.explanation}"]
        if r.patterns:
            shown = ", ".join(r.patterns[:12]) + (" …" if len(r.patterns) > 12 else "")
            lines.append(self.tr("Patterns: {list}").format(list=shown))
        if r.language:
            lines.append(self.tr("Language: {language}").format(language=r.language))
        if r.updated_by:
            lines.append(self.tr("Last changed by {who}").format(who=r.updated_by))
        self.detail.setText("\n".join(lines))

    def selected_entry(self) -> rt.AllowlistItem | None:
        item = self.allow_tree.currentItem()
        if item is None:
            return None
        return next((a for a in self.allowlist if a.id == item.data(0, Qt.ItemDataRole.UserRole)), None)

    def _allow_selected(self) -> None:
        self.remove_allow.setEnabled(self.can["allowlist"] and self.selected_entry() is not None)

    # ------------------------------------------------------------ trying a text

    def run_trial(self) -> rt.TextTrial | None:
        text = self.trial_text.toPlainText()
        if not text.strip():
            self.trial = None
            self.trial_lint.clear(self.tr("Lint: nothing to check yet"))
            self.trial_category.setText(self.tr("Category: —"))
            self.trial_flags.setText("")
            self.trial_reasons.clear()
            return None
        try:
            trial = rt.try_text(self.console.db, text, language=str(self.trial_language.currentData() or "") or None)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Trying the text"))
            return None
        self.trial = trial
        self.trial_lint.set_findings(finding_dicts(trial.findings))
        self.trial_category.setText(self.tr("Category: {category} · tier {tier}").format(
            category=trial.category, tier=trial.tier))
        if trial.flags:
            self.trial_flags.setText(self.tr("Red flags: {flags}").format(flags=", ".join(trial.flags)))
            self.trial_flags.setStyleSheet(FLAG_STYLE)
        else:
            self.trial_flags.setText(self.tr("No red flag"))
            self.trial_flags.setStyleSheet("")
        self.trial_reasons.clear()
        for reason in trial.reasons:
            item = QTreeWidgetItem([reason.rule, reason.target, reason.matched])
            item.setToolTip(0, reason.explanation)
            self.trial_reasons.addTopLevelItem(item)
        return trial

    # ------------------------------------------------------------ changing

    def _changed(self, _value: object = None) -> None:
        self.refresh()
        self.run_trial()
        self.changed.emit()

    def ask_add_rule(self, kind: str) -> RuleForm | None:
        if not self.can[kind]:
            return None
        form = RuleForm(self.console, kind, self)
        form.done.connect(self._changed)
        self.form = form
        form.open()
        return form

    def ask_add_allow(self) -> AllowlistForm | None:
        if not self.can["allowlist"]:
            return None
        form = AllowlistForm(self.console, self)
        form.done.connect(self._changed)
        self.form = form
        form.open()
        return form

    def ask_toggle(self, kind: str) -> None:
        r = self.selected_rule(kind)
        if r is None or not self.can[kind]:
            return
        try:
            rt.set_rule_enabled(self.console.db, self.console.actor, kind, r.id, not r.enabled)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Changing rule {id}").format(id=r.id))
            return
        self._changed()
        self.select_rule(kind, r.id)

    def ask_remove_allow(self) -> QMessageBox | None:
        entry = self.selected_entry()
        if entry is None or not self.can["allowlist"]:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove allowlist entry"),
                          self.tr("Remove {value} from the allowlist? Replies naming it are refused again.")
                          .format(value=entry.value), QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton(self.tr("&Remove"), QMessageBox.ButtonRole.DestructiveRole)
        remove.setObjectName("confirmRemove")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(lambda b: self._remove(entry) if b is remove else None)
        self.confirm = box
        box.open()
        return box

    def _remove(self, entry: rt.AllowlistItem) -> None:
        try:
            rt.remove_allowlist_entry(self.console.db, self.console.actor, entry.id)
        except Exception as exc:  # noqa: BLE001
            show_error(self, exc, self.tr("Removing {value}").format(value=entry.value))
            return
        self._changed()
