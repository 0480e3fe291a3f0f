"""The Templates screen driven as the compliance manager would: the starter pack listed by
key, language and version; a file imported (a bad one refused naming file, entry and field);
a new version edited with its lint, diff and preview live, saved as a draft, approved; a
version retired after a confirmation.  Admins see it read-only."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from warroom.services.status import audit_entries
from warroom.services.templates import import_templates
from warroom.templates import load_starter_pack


def _actions(db, n):
    return [e["action"] for e in audit_entries(db, limit=n, newest_first=True)][::-1]


@pytest.fixture
def screen_for(qtbot, console_for, db, users, tickets):
    from ui.templates_screen import TemplatesScreen

    import_templates(db, users["carol"])

    def make(name="carol"):
        s = TemplatesScreen(console_for(users[name]))
        qtbot.addWidget(s)
        s.resize(1280, 680)
        s.show()
        return s

    return make


def test_the_library_is_listed_with_status_text_and_lint(screen_for):
    s = screen_for()
    assert s.list.topLevelItemCount() == len(load_starter_pack())
    assert s.count.text() == f"{len(load_starter_pack())} versions shown"
    first = s.list.topLevelItem(0)
    assert [first.text(c) for c in range(4)] == ["atoz-response", "de", "1", "approved"]
    assert s.selected().key == "atoz-response" and "{{" in s.body.toPlainText()
    assert s.lint.summary.text() == "✔ Lint: no findings"
    s.filter.setText("refund")
    assert {s.list.topLevelItem(i).text(0) for i in range(s.list.topLevelItemCount())} == {"refund-ack"}
    s.language_filter.setCurrentIndex(s.language_filter.findData("ja"))
    assert s.list.topLevelItemCount() == 1 and s.count.text() == "1 version shown"
    assert s.edit_button.isEnabled() and s.retire_button.isEnabled() and not s.approve_button.isEnabled()


def test_edit_as_new_version_with_live_lint_diff_and_preview_then_approve(qtbot, screen_for, db, tickets):
    s = screen_for()
    assert s.select("refund-ack", "en", 1)
    editor = s.edit_selected()
    assert editor is not None and editor.isVisible()
    assert not editor.save_button.isEnabled()                       # nothing changed yet
    assert editor.diff.summary.text() == "No change from the current version"
    assert editor.preview.toPlainText().startswith("Hello")        # rendered on a ticket
    # a forbidden phrase: shown live, the diff counts the line
    editor.text.setPlainText(editor.body() + "\nOur account is suspended.")
    qtbot.waitUntil(lambda: editor.lint.findings is not None and len(editor.lint.findings) > 0, timeout=3000)
    assert "✖ Lint" in editor.lint.summary.text()
    assert "1 line added" in editor.diff.summary.text()
    assert editor.diff.new_pane.toPlainText().endswith("Our account is suspended.")
    # an extra variable: the preview asks for it, then renders with it
    base = load_starter_pack()
    en = next(t for t in base if t.key == "refund-ack" and t.language == "en").body
    editor.text.setPlainText(en + "\nYour reference: {{ case_ref }}")
    qtbot.waitUntil(lambda: editor.variables.rowCount() == 1, timeout=3000)
    assert "case_ref" in editor.preview_status.text() and not editor.lint.findings
    editor.variables.item(0, 1).setText("CR-42")
    qtbot.waitUntil(lambda: editor.preview.toPlainText().endswith("Your reference: CR-42"), timeout=3000)
    assert editor.save_button.isEnabled()
    editor.save_button.click()
    assert not editor.isVisible()
    assert _actions(db, 1) == ["template.edit"]
    v = s.selected()
    assert (v.key, v.language, v.version, v.status) == ("refund-ack", "en", 2, "draft")
    assert s.approve_button.isEnabled()
    s.approve_button.click()
    assert s.selected().status == "approved" and _actions(db, 1) == ["template.approve"]
    assert s.select("refund-ack", "en", 1) and s.selected().status == "retired"


def test_a_template_that_does_not_compile_cannot_be_saved(qtbot, screen_for):
    s = screen_for()
    editor = s.edit_selected()
    editor.text.setPlainText("Hello {{ buyer_first_name ")
    qtbot.waitUntil(lambda: editor.source_error.isVisible(), timeout=3000)
    assert not editor.save_button.isEnabled() and "does not compile" in editor.source_error.text()
    editor.reject()


def test_retire_asks_first_and_cancel_changes_nothing(qtbot, screen_for, db):
    s = screen_for()
    assert s.select("refund-ack", "de", 1)
    box = s.ask_retire()
    assert box is not None and box.isVisible() and "refund-ack" in box.text()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert s.selected().status == "approved"
    box = s.ask_retire()
    next(b for b in box.buttons() if b.objectName() == "confirmRetire").click()
    assert s.selected().status == "retired" and _actions(db, 1) == ["template.retire"]
    assert not s.retire_button.isEnabled()


def test_import_a_file_and_a_bad_file_is_refused_naming_file_entry_and_field(screen_for, db, tmp_path):
    s = screen_for()
    good = tmp_path / "extra.json"
    good.write_text(json.dumps([{"key": "thanks", "version": 1, "language": "en", "category": "general-ack",
                                 "title": "Thanks", "body": "Thank you for your message.", "variables": []}]))
    out = s.import_path(str(good))
    assert out is not None and out.added == ("thanks@1/en",)
    assert s.last_box.text() == "1 template version imported and approved"
    assert s.selected().key == "thanks" and s.selected().status == "approved"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([{"key": "x", "version": 1, "language": "en", "category": "nope",
                                "title": "X", "body": "ok"}]))
    before = len(audit_entries(db, limit=10_000))
    assert s.import_path(str(bad)) is None
    text = s.last_box.text()
    assert s.last_box.objectName() == "errorBox" and "bad.json" in text and "Entry: 1" in text \
        and "Field: category" in text
    assert "--" not in text                                   # no command-line hints in a dialog
    assert len(audit_entries(db, limit=10_000)) == before


def test_the_file_dialog_feeds_the_import(screen_for, monkeypatch, tmp_path):
    s = screen_for()
    f = tmp_path / "t.json"
    f.write_text(json.dumps([{"key": "thanks", "version": 1, "language": "de", "category": "general-ack",
                              "title": "Danke", "body": "Danke für Ihre Nachricht.", "variables": []}]))
    monkeypatch.setattr("ui.templates_screen.QFileDialog.getOpenFileName", lambda *a, **k: (str(f), ""))
    s.import_button.click()
    assert s.selected().key == "thanks" and s.selected().language == "de"


def test_an_admin_sees_the_library_read_only(screen_for):
    s = screen_for("ada")
    assert s.list.topLevelItemCount() > 0 and s.read_only_note.isVisible()
    assert not any(b.isEnabled() for b in (s.import_button, s.edit_button, s.approve_button, s.retire_button))
    assert s.edit_selected() is None


def test_the_compliance_menu_opens_the_screens_as_tabs(qtbot, window_for, users, db):
    import_templates(db, users["carol"])
    w = window_for(users["carol"])
    menu = w.compliance_menu.menu
    assert menu.title() == "Com&pliance" and menu.menuAction().isVisible()
    titles = [a.text() for a in w.menuBar().actions()]
    mnemonics = [t[t.index("&") + 1].lower() for t in titles if "&" in t]
    assert len(mnemonics) == len(set(mnemonics))                      # no Alt+letter clash between menus
    w.compliance_menu.templates_action.trigger()
    assert w.tabs.currentWidget().objectName() == "templatesScreen"
    assert w.tabs.tabText(w.tabs.currentIndex()) == "Templates"
    count = w.tabs.count()
    w.compliance_menu.rules_action.trigger()
    assert w.tabs.currentWidget().objectName() == "rulesScreen" and w.tabs.count() == count + 1
    w.compliance_menu.templates_action.trigger()                      # brought forward, not opened twice
    assert w.tabs.currentWidget().objectName() == "templatesScreen" and w.tabs.count() == count + 1


def test_agents_do_not_see_the_compliance_menu_and_admins_look_read_only(window_for, users):
    agent = window_for(users["alice"])
    assert not agent.compliance_menu.menu.menuAction().isVisible()
    assert agent.compliance_menu.show_templates() is None
    admin = window_for(users["ada"])
    assert admin.compliance_menu.menu.menuAction().isVisible()
    screen = admin.compliance_menu.show_templates()
    assert screen is not None and not screen.can_manage


def test_the_diff_aligns_lines_and_finds_the_changed_part():
    from ui.template_diff import changed_span, diff_counts, diff_rows

    rows = diff_rows("a\nb\nc\nd", "a\nB!\nc\nnew\nd")
    assert [(r.old, r.new, r.tag) for r in rows] == [
        ("a", "a", "equal"), ("b", "B!", "replace"), ("c", "c", "equal"), (None, "new", "insert"), ("d", "d", "equal")]
    assert diff_counts(rows) == (1, 0, 1)
    assert diff_counts(diff_rows("x\ny", "x")) == (0, 1, 0)
    assert changed_span("as a priority.", "as a priority, soon.") == (13, 13, 19)
    assert changed_span("same", "same") == (4, 4, 4)


def test_the_diff_view_colours_rows_and_counts_them(qtbot):
    from ui.template_diff import DiffView

    view = DiffView()
    qtbot.addWidget(view)
    view.set_texts("one\ntwo", "one\ntwo")
    assert view.summary.text() == "No change from the current version"
    view.set_texts("one\ntwo", "one\n2\nthree\nfour")
    assert view.summary.text() == "2 lines added · 0 lines removed · 1 line changed"
    assert view.old_pane.toPlainText() == "one\ntwo\n\n"          # gaps keep the rows aligned
    assert view.new_pane.toPlainText() == "one\n2\nthree\nfour"
    assert len(view.new_pane.extraSelections()) >= 3


def _mnemonic(text):
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


@pytest.mark.parametrize("who", ["carol", "ada"])
def test_the_screens_buttons_take_no_alt_letter_of_a_menu_or_tab(window_for, users, db, who):
    from PySide6.QtWidgets import QAbstractButton

    import_templates(db, users["carol"])
    w = window_for(users[who])
    taken = {_mnemonic(a.text()) for a in w.menuBar().actions()} | \
        {_mnemonic(w.tabs.tabText(i)) for i in range(w.tabs.count())}
    for screen in (w.compliance_menu.show_templates(), w.compliance_menu.show_rules()):
        taken |= {_mnemonic(w.tabs.tabText(i)) for i in range(w.tabs.count())}
        mine = [_mnemonic(b.text()) for b in screen.findChildren(QAbstractButton) if b.isVisible()]
        mine += [_mnemonic(screen.tabs.tabText(i)) for i in range(screen.tabs.count())] if hasattr(screen, "tabs") \
            else []
        mine = [m for m in mine if m]
        assert not (set(mine) & taken), (screen.objectName(), set(mine) & taken)


def test_a_draft_version_with_lint_findings_cannot_be_approved_from_the_screen(qtbot, screen_for, db):
    s = screen_for()
    assert s.select("general-ack", "en", 1)
    editor = s.edit_selected()
    editor.text.setPlainText("Hello, our account is suspended at the moment.")
    qtbot.waitUntil(lambda: editor.save_button.isEnabled() and bool(editor.lint.findings), timeout=3000)
    editor.save_button.click()
    v = s.selected()
    assert (v.version, v.status) == (2, "draft")
    assert not s.approve_button.isEnabled() and "cannot be approved" in s.lint.summary.text()
    assert s.retire_button.isEnabled()
