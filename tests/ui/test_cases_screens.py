"""The Support cases and FBM orders tabs: today's count, the open-case dialog and its over-limit
confirmation, the urgent warning, answer/close/reopen; FBM groups, decisions (compliance only),
the WISMO chart; both tabs in the main window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.core import factories
from warroom import clock
from warroom.services import cases as case_service
from warroom.services import fbm as fbm_service
from warroom.services.settings import set_setting
from warroom.services.status import audit_entries


@pytest.fixture
def cases_screen(qtbot, console_for, users):
    from ui.cases_screen import CasesScreen

    def make(actor):
        screen = CasesScreen(console_for(actor))
        qtbot.addWidget(screen)
        screen.show()
        return screen

    return make


def _fill(dialog, ref, *, urgent=False, asins=""):
    dialog.case_id.setText(ref)
    dialog.topic.setText("Listing suppressed")
    dialog.channel.setCurrentIndex(1)           # phone
    dialog.urgent.setChecked(urgent)
    dialog.asins.setText(asins)


def test_open_a_case_updates_the_count(qtbot, db, users, cases_screen):
    screen = cases_screen(users["alice"])
    assert screen.guard.text() == "Today: 0 of 10 cases"
    dialog = screen.ask_open()
    assert dialog.guard.text() == "Today: 0 of 10 cases" and not dialog.limit_note.isVisible()
    _fill(dialog, "12345678", asins="B07XJ8C8F5, b0abcdefgh")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.confirm is None
    [case] = case_service.list_cases(db).cases
    assert case.channel.value == "PHONE" and case.asins == ("B07XJ8C8F5", "B0ABCDEFGH") and case.opened_by == "alice"
    assert screen.guard.text() == "Today: 1 of 10 cases" and screen.table.rowCount() == 1
    assert screen.table.item(0, 0).text() == "12345678"


def test_bad_input_shows_an_error_and_keeps_the_dialog(qtbot, db, users, cases_screen):
    screen = cases_screen(users["alice"])
    dialog = screen.ask_open()
    _fill(dialog, "12345678", asins="B1NOTANASIN")
    dialog.accept()
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None and "ASIN" in box.text() and "--" not in box.text()
    assert dialog.isVisible() and case_service.list_cases(db).cases == ()


def test_at_the_limit_the_dialog_asks_for_a_confirmation_with_a_reason(qtbot, db, users, cases_screen, set_now):
    set_now("2026-11-20T10:00:00Z")
    set_setting(db, users["ada"], "cases.daily_limit", "1")
    case_service.open_case(db, users["bob"], case_id="11111111", topic="first", channel="email")
    screen = cases_screen(users["alice"])
    assert screen.guard.text() == "Today: 1 of 1 case" and "c62828" in screen.guard.styleSheet()
    dialog = screen.ask_open()
    assert dialog.limit_note.isVisible()
    _fill(dialog, "22222222")
    dialog.accept()
    confirm = dialog.confirm
    assert confirm is not None and confirm.isVisible()
    assert not confirm.confirm.isEnabled()                 # no reason, no confirmation
    confirm.reject()                                       # cancelled: nothing opened
    assert dialog.isVisible() and len(case_service.list_cases(db).cases) == 1
    dialog.accept()
    confirm = dialog.confirm
    confirm.reason.setText("Account Health asked for it today")
    assert confirm.confirm.isEnabled()
    qtbot.mouseClick(confirm.confirm, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    opened = case_service.get_case(db, "22222222")
    assert opened.over_limit_reason == "Account Health asked for it today"
    entry = audit_entries(db, limit=1, newest_first=True)[0]
    assert entry["action"] == "case.open" and entry["payload"]["over_limit"] is True
    assert screen.guard.text() == "Today: 2 of 1 case"


def test_urgent_warning_shows_when_the_day_has_its_share(qtbot, db, users, cases_screen, set_now):
    set_now("2026-11-20T10:00:00Z")
    for ref in ("31111111", "32222222"):
        case_service.open_case(db, users["bob"], case_id=ref, topic="t", channel="chat", urgent=True)
    screen = cases_screen(users["alice"])
    assert screen.urgent.text() == "2 marked urgent (at most 2 recommended)"
    dialog = screen.ask_open()
    assert not dialog.urgent_note.isVisible()
    dialog.urgent.setChecked(True)
    assert dialog.urgent_note.isVisible()
    dialog.urgent.setChecked(False)
    assert not dialog.urgent_note.isVisible()


def test_answer_close_and_reopen_from_the_tab(qtbot, db, users, cases_screen, set_now):
    set_now("2026-11-20T08:00:00Z")
    case_service.open_case(db, users["bob"], case_id="41111111", topic="t", channel="email")
    set_now("2026-11-20T12:00:00Z")
    screen = cases_screen(users["alice"])
    assert not screen.answer_button.isEnabled()            # nothing selected
    screen.table.selectRow(0)
    assert screen.answer_button.isEnabled() and screen.close_button.isEnabled()
    assert not screen.reopen_button.isEnabled()
    dialog = screen.ask_action("answer")
    dialog.text.setText("send the invoice")
    dialog.accept()
    assert case_service.get_case(db, "41111111").answer_note == "send the invoice"
    dialog = screen.ask_action("close")
    dialog.outcome.setCurrentIndex(1)                      # not resolved
    dialog.accept()
    case = case_service.get_case(db, "41111111")
    assert case.outcome is not None and case.outcome.value == "NOT_RESOLVED"
    assert screen.table.item(0, 9).text() == "not resolved" and screen.reopen_button.isEnabled()
    dialog = screen.ask_action("reopen")
    dialog.accept()                                        # no reason: refused, the dialog stays
    assert dialog.isVisible() and dialog.findChild(QMessageBox, "errorBox") is not None
    dialog.text.setText("the answer was generic")
    dialog.accept()
    assert case_service.get_case(db, "41111111").reopen_count == 1
    assert screen.table.item(0, 8).text() == "1"


@pytest.fixture
def fbm_data(db, users, set_now):
    set_now("2026-11-20T15:00:00Z")
    orders = [
        factories.order(1, fulfillment_channel="MFN", status="Unshipped",
                        latest_ship_date=clock.parse_iso("2026-11-19T23:59:59Z")),
        factories.order(2, fulfillment_channel="MFN", status="Unshipped",
                        latest_ship_date=clock.parse_iso("2026-11-20T23:59:59Z")),
        factories.order(3, fulfillment_channel="MFN", status="Unshipped",
                        latest_ship_date=clock.parse_iso("2026-11-23T23:59:59Z")),
    ]
    msgs = [factories.message(10, at=clock.parse_iso("2026-11-20T09:00:00Z")),
            factories.message(11, at=clock.parse_iso("2026-11-19T09:00:00Z")),
            factories.message(12, at=clock.parse_iso("2026-11-19T10:00:00Z"))]
    factories.load(db, orders, msgs)
    return [o.amazon_order_id for o in orders]


def _fbm(qtbot, console_for, actor):
    from ui.fbm_screen import FbmScreen

    screen = FbmScreen(console_for(actor))
    qtbot.addWidget(screen)
    screen.show()
    return screen


def test_fbm_tab_groups_orders_and_charts_wismo(qtbot, console_for, users, fbm_data):
    screen = _fbm(qtbot, console_for, users["alice"])
    tops = [screen.tree.topLevelItem(i) for i in range(screen.tree.topLevelItemCount())]
    assert [t.text(0) for t in tops] == ["Past due (1)", "Due today (1)", "Later (1)"]
    assert [tops[i].child(0).text(0) for i in range(3)] == fbm_data
    assert screen.summary.text() == "3 unshipped FBM orders, 1 past due"
    values = [b.value for b in screen.chart.bars]
    assert len(values) == 14 and values[-1] == 1 and values[-2] == 2
    assert screen.wismo_total.text().startswith("3 WISMO tickets in 14 days, 1 today")
    assert screen.select_order(fbm_data[0])
    assert not screen.decide_button.isEnabled()            # an agent does not decide
    assert screen.ask_decide() is None


def test_fbm_decide_and_change_it(qtbot, db, console_for, users, fbm_data, set_now):
    screen = _fbm(qtbot, console_for, users["carol"])
    assert screen.select_order(fbm_data[1]) and screen.decide_button.isEnabled()
    dialog = screen.ask_decide()
    dialog.decision.setCurrentIndex(2)                     # hold
    dialog.accept()                                        # no note: refused
    assert dialog.isVisible() and dialog.findChild(QMessageBox, "errorBox") is not None
    dialog.note.setPlainText("count the stock first")
    dialog.accept()
    assert not dialog.isVisible()
    row = screen.tree.topLevelItem(1).child(0)
    assert row.text(5) == "hold" and row.text(6) == "carol"
    set_now("2026-11-20T16:00:00Z")
    assert screen.select_order(fbm_data[1])
    dialog = screen.ask_decide()
    assert dialog.decision.currentText() == "hold"         # the current decision preselected
    dialog.decision.setCurrentIndex(0)
    dialog.note.setPlainText("stock found: ship today")
    dialog.accept()
    assert screen.tree.topLevelItem(1).child(0).text(5) == "ship"
    assert [d.decision.value for d in fbm_service.decision_history(db, fbm_data[1])] == ["HOLD", "SHIP"]
    assert screen.select_order(fbm_data[1])
    screen.show_history()
    assert "count the stock first" in screen.history.text() and "stock found" in screen.history.text()


def test_main_window_has_both_tabs(qtbot, window_for, users, db):
    w = window_for(users["carol"], load=False)
    labels = [w.tabs.tabText(i) for i in range(w.tabs.count())]
    assert "Support cases" in labels and "FBM orders" in labels
    assert w.cases_tab.table.rowCount() == 0 and w.cases_tab.guard.text() == ""    # read when shown
    case_service.open_case(db, users["alice"], case_id="51111111", topic="t", channel="email")
    w.tabs.setCurrentWidget(w.cases_tab)
    assert w.cases_tab.table.rowCount() == 1 and w.cases_tab.guard.text() == "Today: 1 of 10 cases"
    w.tabs.setCurrentWidget(w.fbm_tab)
    assert w.fbm_tab.summary.text() == "0 unshipped FBM orders"


@pytest.fixture
def chinese(qapp):
    from ui import i18n

    assert i18n.install(i18n.CHINESE, qapp)
    yield
    i18n.install(i18n.ENGLISH, qapp)


def test_the_screens_in_chinese_have_no_english_left(qtbot, db, users, console_for, fbm_data, chinese):
    from tests.ui.i18n_walk import untranslated

    set_setting(db, users["ada"], "cases.daily_limit", "1")
    case_service.open_case(db, users["bob"], case_id="61111111", topic="t", channel="email", urgent=True)
    fbm_service.decide(db, users["carol"], fbm_data[0], "hold", "x")
    screen = cases_screen_for(qtbot, console_for, users["carol"])
    data = ("61111111", "bob", "carol", "t", "x", "UTC", *fbm_data, "Unshipped", "US", "Widget 1", "Widget 2",
            "B07XJ8C8F5, B0ABCDEFGH", "FBA15ABCD123",                # example ids in the placeholders
            "Widget 3")
    assert untranslated(screen, data=data) == []
    dialog = screen.ask_open()
    dialog.accept()                                        # at the limit: the confirmation
    assert untranslated(dialog, data=data) == [] and untranslated(dialog.confirm, data=data) == []
    fbm = _fbm(qtbot, console_for, users["carol"])
    assert untranslated(fbm, data=data) == []


def cases_screen_for(qtbot, console_for, actor):
    from ui.cases_screen import CasesScreen

    screen = CasesScreen(console_for(actor))
    qtbot.addWidget(screen)
    screen.show()
    return screen
