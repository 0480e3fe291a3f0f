"""The rules as the Rules screen uses them (warroom.services.rule_trial): typed views, a text
tried live against the current lint and triage rules (writes nothing), and the audited
changes (add a rule, disable/enable it, allowlist entries)."""

from __future__ import annotations

import pytest

from warroom.errors import BadInput, BusinessRuleError, PermissionDenied
from warroom.services import rule_trial as rt
from warroom.services.status import audit_entries


def _actions(db) -> list[str]:
    return [e["action"] for e in audit_entries(db, limit=10_000)]


def test_rules_are_listed_typed(db):
    lint_rules = rt.list_rule_views(db, "lint")
    triage_rules = rt.list_rule_views(db, "triage")
    assert lint_rules and triage_rules
    assert all(isinstance(r, rt.RuleView) and r.kind == "lint" and r.check for r in lint_rules)
    assert all(r.target and r.check == "" for r in triage_rules)
    with pytest.raises(BadInput):
        rt.list_rule_views(db, "spam")


def test_trying_a_text_gives_lint_findings_category_and_flags_and_writes_nothing(db):
    before = _actions(db)
    clean = rt.try_text(db, "Thank you, your refund has been issued.")
    assert clean.clean and clean.findings == ()
    bad = rt.try_text(db, "Our account is suspended, please reply to support@example.com")
    assert not bad.clean and {f.rule for f in bad.findings} == {"ACCOUNT-STATUS", "EMAIL"}
    claim = rt.try_text(db, "I will open an A-to-z claim and call my lawyer if I don't get a refund!")
    assert claim.category == "A-TO-Z" and "LEGAL" in claim.flags
    assert any(r.target == "A-TO-Z" and r.matched for r in claim.reasons)
    assert _actions(db) == before
    with pytest.raises(BadInput):
        rt.try_text(db, "x" * (rt.MAX_TRIAL_CHARS + 1))


def test_a_new_lint_rule_applies_to_the_next_trial_and_disabling_it_stops_it(db, users):
    carol = users["carol"]
    assert rt.try_text(db, "Ask the warehouse gnome.").clean
    rule = rt.add_rule(db, carol, "lint", "gnome-talk", "warehouse gnome", "Never mention the gnome.")
    assert rule.id == "GNOME-TALK" and rule.source == "user" and rule.enabled
    assert [f.rule for f in rt.try_text(db, "Ask the warehouse gnome.").findings] == ["GNOME-TALK"]
    toggled = rt.set_rule_enabled(db, carol, "lint", "GNOME-TALK", False)
    assert toggled.changed and not toggled.enabled
    assert rt.try_text(db, "Ask the warehouse gnome.").clean
    assert rt.set_rule_enabled(db, carol, "lint", "GNOME-TALK", False).changed is False
    assert _actions(db)[-2:] == ["rules.add", "rules.disable"]
    with pytest.raises(BusinessRuleError):
        rt.add_rule(db, carol, "lint", "GNOME-TALK", "gnome", "again")


def test_a_new_triage_rule_sets_its_target(db, users):
    assert "SAFETY" not in rt.try_text(db, "The charger whistles loudly at night").flags
    rule = rt.add_rule(db, users["carol"], "triage", "SAFETY-WHISTLE", "whistles loudly", "A whistling charger is a safety issue.",
                       target="SAFETY")
    assert rule.target == "SAFETY"
    assert "SAFETY" in rt.try_text(db, "The charger whistles loudly at night").flags
    with pytest.raises(BadInput) as err:
        rt.add_rule(db, users["carol"], "triage", "NO-TARGET", "x", "y")
    assert err.value.field == "target"
    with pytest.raises(BadInput) as err:
        rt.add_rule(db, users["carol"], "lint", "NO-PATTERN", "  ", "y")
    assert err.value.field == "pattern"
    with pytest.raises(BadInput) as err:                 # the core's own refusals get their field too
        rt.add_rule(db, users["carol"], "lint", "SHORT", "x y", "too short")
    assert err.value.field == "pattern" and "too short" in str(err.value)
    with pytest.raises(BadInput) as err:
        rt.add_rule(db, users["carol"], "lint", "bad id!", "warehouse gnome", "y")
    assert err.value.field == "id"


def test_allowlist_entries_stop_a_contact_finding(db, users):
    carol = users["carol"]
    text = "Please contact the carrier at help@dhl.de"
    assert not rt.try_text(db, text).clean
    item = rt.add_allowlist_entry(db, carol, "email", "help@dhl.de", "carrier")
    assert item.kind == "email" and item.value == "help@dhl.de" and item.added_by == "carol"
    assert rt.list_allowlist(db) == [item]
    assert rt.try_text(db, text).clean
    assert rt.remove_allowlist_entry(db, carol, item.id) == item
    assert not rt.try_text(db, text).clean and rt.list_allowlist(db) == []
    assert _actions(db)[-2:] == ["allowlist.add", "allowlist.remove"]


def test_agents_change_no_rule(db, users):
    with pytest.raises(PermissionDenied):
        rt.add_rule(db, users["alice"], "lint", "X-RULE", "warehouse gnome", "z")
    with pytest.raises(PermissionDenied):
        rt.add_allowlist_entry(db, users["ada"], "domain", "dhl.de")
