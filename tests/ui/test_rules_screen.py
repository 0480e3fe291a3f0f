"""The Rules screen driven as the compliance manager would: the lint rules, triage rules and
allowlist listed; a text tried live (findings, category, red flags); a rule added and
disabled, an allowlist entry added and removed (after a confirmation), each audited and
reflected in the trial at once.  Admins see it read-only; a refusal stays in the form."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from warroom.services.rule_trial import list_rule_views
from warroom.services.status import audit_entries


def _last(db):
    return audit_entries(db, limit=1, newest_first=True)[0]["action"]


@pytest.fixture
def screen_for(qtbot, console_for, users):
    from ui.rules_screen import RulesScreen

    def make(name="carol"):
        s = RulesScreen(console_for(users[name]))
        qtbot.addWidget(s)
        s.resize(1280, 680)
        s.show()
        return s

    return make


def _type(qtbot, s, text):
    s.trial_text.setPlainText(text)
    qtbot.waitUntil(lambda: s.trial is not None and s.trial_text.toPlainText() == text and not s.timer.isActive(),
                    timeout=3000)


def test_the_rules_and_the_allowlist_are_listed(screen_for, db):
    s = screen_for()
    assert s.trees["lint"].topLevelItemCount() == len(list_rule_views(db, "lint")) > 5
    assert s.trees["triage"].topLevelItemCount() == len(list_rule_views(db, "triage")) > 5
    assert s.tabs.tabText(0) == f"&Lint rules ({len(list_rule_views(db, 'lint'))})"
    assert s.allow_tree.topLevelItemCount() == 0 and s.tabs.tabText(2) == "Allo&wlist (0)"
    s.trees["lint"].setCurrentItem(s.trees["lint"].topLevelItem(0))
    assert s.detail.text().startswith(s.trees["lint"].topLevelItem(0).text(0))
    assert s.toggle_buttons["lint"].isEnabled() and s.toggle_buttons["lint"].text() == "Di&sable"


def test_a_text_is_tried_live_as_a_reply_and_as_a_buyer_message(qtbot, screen_for, db):
    s = screen_for()
    before = len(audit_entries(db, limit=10_000))
    assert s.trial_category.text() == "Category: —"
    _type(qtbot, s, "I will file an A-to-z claim and my lawyer will sue you. Our account is suspended.")
    assert "✖ Lint" in s.trial_lint.summary.text()
    assert "ACCOUNT-STATUS" in {f["rule"] for f in s.trial_lint.findings}
    assert s.trial_category.text().startswith("Category: A-TO-Z")
    assert "LEGAL" in s.trial_flags.text() and s.trial_reasons.topLevelItemCount() >= 2
    _type(qtbot, s, "Thank you, the parcel arrived.")
    assert s.trial_lint.summary.text() == "✔ Lint: no findings" and s.trial_flags.text() == "No red flag"
    assert len(audit_entries(db, limit=10_000)) == before


def test_add_a_lint_rule_then_disable_it_and_the_trial_follows(qtbot, screen_for, db):
    s = screen_for()
    _type(qtbot, s, "Ask the warehouse gnome.")
    assert s.trial.clean
    form = s.ask_add_rule("lint")
    assert form is not None and form.isVisible() and not form.target.isVisible()
    form.rule_id.setText("gnome-talk")
    form.explanation.setText("Never mention the gnome.")
    form.ok_button.click()                                         # no pattern: refused in the form
    assert form.isVisible() and form.problem.isVisible() and form.problem.text().startswith("Pattern:")
    assert "--" not in form.problem.text()
    form.pattern.setText("warehouse gnome")
    form.ok_button.click()
    assert not form.isVisible() and _last(db) == "rules.add"
    assert s.select_rule("lint", "GNOME-TALK")
    assert [f["rule"] for f in s.trial_lint.findings] == ["GNOME-TALK"]
    s.toggle_buttons["lint"].click()
    assert _last(db) == "rules.disable" and s.trial.clean
    assert s.selected_rule("lint").enabled is False and s.toggle_buttons["lint"].text() == "E&nable"
    s.toggle_buttons["lint"].click()
    assert _last(db) == "rules.enable" and not s.trial.clean


def test_add_a_triage_rule_that_sets_a_flag(qtbot, screen_for, db):
    s = screen_for()
    _type(qtbot, s, "The charger whistles loudly at night")
    assert "SAFETY" not in s.trial_flags.text()
    form = s.ask_add_rule("triage")
    assert form.target.isVisibleTo(form)
    form.rule_id.setText("SAFETY-WHISTLE")
    form.pattern.setText("whistles loudly")
    form.explanation.setText("A whistling charger is a safety issue.")
    form.target.setCurrentIndex(form.target.findData("SAFETY"))
    form.ok_button.click()
    assert _last(db) == "rules.add"
    assert "SAFETY" in s.trial_flags.text()          # the trial re-ran with the new rule
    assert any(s.trial_reasons.topLevelItem(i).text(0) == "SAFETY-WHISTLE"
               for i in range(s.trial_reasons.topLevelItemCount()))


def test_allowlist_entry_added_then_removed_after_confirmation(qtbot, screen_for, db):
    s = screen_for()
    _type(qtbot, s, "Please write to help@dhl.de")
    assert not s.trial.clean
    form = s.ask_add_allow()
    form.value.setText("not an address")
    form.ok_button.click()
    assert form.isVisible() and form.problem.text().startswith("Value:")
    form.value.setText("help@dhl.de")
    form.note.setText("carrier")
    form.ok_button.click()
    assert _last(db) == "allowlist.add" and s.allow_tree.topLevelItemCount() == 1 and s.trial.clean
    s.allow_tree.setCurrentItem(s.allow_tree.topLevelItem(0))
    box = s.ask_remove_allow()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert s.allow_tree.topLevelItemCount() == 1
    box = s.ask_remove_allow()
    next(b for b in box.buttons() if b.objectName() == "confirmRemove").click()
    assert _last(db) == "allowlist.remove" and s.allow_tree.topLevelItemCount() == 0 and not s.trial.clean


def test_an_admin_sees_the_rules_read_only_and_can_still_try_a_text(qtbot, screen_for):
    s = screen_for("ada")
    assert s.read_only_note.isVisible()
    s.trees["lint"].setCurrentItem(s.trees["lint"].topLevelItem(0))
    assert not any(b.isEnabled() for b in (*s.add_buttons.values(), *s.toggle_buttons.values(), s.add_allow,
                                            s.remove_allow))
    assert s.ask_add_rule("lint") is None and s.ask_add_allow() is None
    _type(qtbot, s, "Our account is suspended")
    assert not s.trial.clean
