"""The compliance-kept lint allowlist: stored, audited, applied by every lint (service and CLI)."""

from __future__ import annotations

import pytest

from warroom.domain.roles import Permission, Role, GRANTS
from warroom.errors import BadInput, BusinessRuleError, NotFound, PermissionDenied
from warroom.services import allowlist as al
from warroom.services.lint import lint_text
from warroom.services.status import audit_entries, verify_audit_chain

REPLY = ("Hello, for the replacement please contact DHL at support@dhl.de or call +49 228 4333112.\n"
         "Tracking: https://www.dhl.de/en/privatkunden.html\n")


def _allowlist_actions(db) -> list[str]:
    return [e["action"] for e in audit_entries(db, limit=1000) if e["action"].startswith("allowlist.")]


def _rules(result) -> set[str]:
    return {f.rule for f in result.findings}


def test_only_compliance_may_manage_the_allowlist():
    assert Permission.MANAGE_ALLOWLIST in GRANTS[Role.COMPLIANCE]
    assert Permission.MANAGE_ALLOWLIST not in GRANTS[Role.AGENT]
    assert Permission.MANAGE_ALLOWLIST not in GRANTS[Role.ADMIN]


def test_service_add_list_remove_and_the_lint_applies_it(db, users):
    carol = users["carol"]
    assert {"EMAIL", "PHONE", "LINK-DOMAIN"} <= _rules(lint_text(db, REPLY))
    e = al.add_allowlist_entry(db, carol, "email", "  Support@DHL.de ", note="DHL customer service")
    assert e["kind"] == "email" and e["value"] == "support@dhl.de" and e["added_by"] == "carol"
    assert e["added_at"].endswith("Z") and e["note"] == "DHL customer service"
    p = al.add_allowlist_entry(db, carol, "phone", "+49 228 4333112")
    assert p["value"] == "+49 228 4333112"              # kept as typed
    d = al.add_allowlist_entry(db, carol, "domain", "www.DHL.de")
    assert d["value"] == "dhl.de"
    listed = al.list_allowlist(db)
    assert {(x["kind"], x["value"]) for x in listed} == {("email", "support@dhl.de"), ("phone", "+49 228 4333112"),
                                                         ("domain", "dhl.de")}
    assert all(set(x) == {"id", "kind", "value", "note", "added_by", "added_at"} for x in listed)
    assert _rules(lint_text(db, REPLY)) & {"EMAIL", "PHONE", "LINK-DOMAIN"} == set()
    # templates too, and other addresses are still flagged
    assert "EMAIL" not in _rules(lint_text(db, "Write to support@dhl.de, {{ name }}.", template=True))
    assert "EMAIL" in _rules(lint_text(db, "Write to sales@dhl.de."))
    # a number written differently is the same number
    assert "PHONE" not in _rules(lint_text(db, "Call 0228 4333112 or 0049 228 4333112."))

    removed = al.remove_allowlist_entry(db, carol, str(p["id"]))
    assert removed["value"] == "+49 228 4333112"
    assert "PHONE" in _rules(lint_text(db, REPLY))
    al.remove_allowlist_entry(db, carol, "SUPPORT@dhl.de")       # by value
    al.remove_allowlist_entry(db, carol, d["id"])                # by id (int)
    assert al.list_allowlist(db) == []
    assert _allowlist_actions(db) == ["allowlist.add"] * 3 + ["allowlist.remove"] * 3
    assert verify_audit_chain(db).ok


def test_service_refusals(db, users):
    carol = users["carol"]
    with pytest.raises(PermissionDenied):
        al.add_allowlist_entry(db, users["alice"], "email", "support@dhl.de")
    with pytest.raises(PermissionDenied):
        al.add_allowlist_entry(db, users["ada"], "email", "support@dhl.de")
    al.add_allowlist_entry(db, carol, "phone", "+49 228 4333112")
    with pytest.raises(BusinessRuleError, match="already"):
        al.add_allowlist_entry(db, carol, "phone", "0049 228 4333112")     # same digits
    with pytest.raises(NotFound):
        al.remove_allowlist_entry(db, carol, 999)
    with pytest.raises(NotFound):
        al.remove_allowlist_entry(db, carol, "nobody@example.com")
    with pytest.raises(PermissionDenied):
        al.remove_allowlist_entry(db, users["alice"], "+49 228 4333112")
    assert _allowlist_actions(db) == ["allowlist.add"]


@pytest.mark.parametrize("kind, value, field", [
    ("email", "not-an-address", "value"),
    ("email", "a b@dhl.de", "value"),
    ("email", "x@localhost", "value"),
    ("email", "x@dhl.de\r\nBcc: y@z.com", "value"),
    ("phone", "12345", "value"),
    ("phone", "+49 228 4333112 1234567", "value"),     # 17 digits
    ("phone", "call 0228 4333112", "value"),
    ("phone", "0228\n4333112", "value"),
    ("domain", "https://dhl.de", "value"),
    ("domain", "dhl.de/track", "value"),
    ("domain", "dhl de", "value"),
    ("domain", "bad_host.de", "value"),
    ("domain", "-dhl.de", "value"),
    ("domain", "192.168.1.10", "value"),
    ("domain", "", "value"),
    ("fax", "0228 4333112", "kind"),
])
def test_invalid_values_are_refused_naming_the_field(db, users, kind, value, field):
    with pytest.raises(BadInput) as exc:
        al.add_allowlist_entry(db, users["carol"], kind, value)
    assert exc.value.field == field and f"field {field!r}" in str(exc.value)
    assert _allowlist_actions(db) == []


def test_valid_forms_are_normalized():
    assert al.normalize("email", "@DHL.de") == "@dhl.de"                 # every address at a domain
    assert al.normalize("email", "Jörg.Service@Müller.de") == "jörg.service@müller.de"
    assert al.normalize("domain", "Müller.DE.") == "müller.de"
    assert al.normalize("domain", "xn--mller-kva.de") == "xn--mller-kva.de"
    assert al.normalize("phone", " (030) 123-4567 ") == "(030) 123-4567"


def test_idn_domains_match_links_in_either_form(db, users):
    al.add_allowlist_entry(db, users["carol"], "domain", "müller.de")
    result = lint_text(db, "See https://xn--mller-kva.de/garantie and https://service.müller.de/x")
    assert "LINK-DOMAIN" not in _rules(result)


def test_cli_before_and_after_compliance_allowlists(cli, users, db):
    for text in ("Please write to support@dhl.de for the pickup.\n", "Please call +49 228 4333112 for the pickup.\n"):
        assert cli("lint", stdin=text).code == 1
    r = cli("lint-allowlist", "add", "email", "support@dhl.de", "--note", "DHL", "--as", "carol")
    assert r.code == 0, r.err
    assert "support@dhl.de" in r.out
    r = cli("lint-allowlist", "add", "phone", "+49 228 4333112", "--as", "carol", "--json")
    assert r.code == 0, r.err
    phone = r.json()
    assert phone["kind"] == "phone" and phone["value"] == "+49 228 4333112" and phone["added_at"].endswith("Z")
    for text in ("Please write to support@dhl.de for the pickup.\n", "Please call +49 228 4333112 for the pickup.\n"):
        ok = cli("lint", stdin=text)
        assert ok.code == 0 and ok.out == "", ok.out
    listed = cli("lint-allowlist", "list", "--json").json()
    assert [(e["kind"], e["value"], e["note"]) for e in listed] == [("email", "support@dhl.de", "DHL"),
                                                                   ("phone", "+49 228 4333112", "")]
    human = cli("lint-allowlist", "list")
    assert human.code == 0 and "support@dhl.de" in human.out and "KIND" in human.out
    assert _allowlist_actions(db) == ["allowlist.add", "allowlist.add"]

    r = cli("lint-allowlist", "remove", str(phone["id"]), "--as", "carol")
    assert r.code == 0, r.err
    assert cli("lint", stdin="Please call +49 228 4333112 for the pickup.\n").code == 1
    assert cli("lint-allowlist", "remove", "support@dhl.de", "--as", "carol").code == 0
    assert cli("lint-allowlist", "list", "--json").json() == []
    assert _allowlist_actions(db) == ["allowlist.add"] * 2 + ["allowlist.remove"] * 2
    v = cli("audit", "verify")
    assert v.code == 0 and v.out.startswith("OK ")


def test_cli_refusals_and_exit_codes(cli, users, db):
    for who in ("alice", "ada"):
        r = cli("lint-allowlist", "add", "email", "support@dhl.de", "--as", who)
        assert r.code == 2 and "permission denied" in r.err and r.err.count("\n") == 1
    assert cli("lint-allowlist", "add", "email", "support@dhl.de").code == 2          # no --as
    assert _allowlist_actions(db) == []

    for argv in (["email", "support at dhl"], ["phone", "12"], ["domain", "https://dhl.de/x"], ["fax", "1234567"]):
        r = cli("lint-allowlist", "add", *argv, "--as", "carol")
        assert r.code == 3, argv
        assert r.err.startswith("warroom: field ") and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert _allowlist_actions(db) == []

    assert cli("lint-allowlist", "add", "domain", "dhl.de", "--as", "carol").code == 0
    before = len(audit_entries(db, limit=1000))
    dup = cli("lint-allowlist", "add", "domain", "DHL.de", "--as", "carol")
    assert dup.code == 3 and "already" in dup.err and dup.err.count("\n") == 1
    assert len(audit_entries(db, limit=1000)) == before
    assert cli("lint-allowlist", "remove", "dhl.de", "--as", "alice").code == 2
    missing = cli("lint-allowlist", "remove", "999", "--as", "carol")
    assert missing.code == 3 and "no allowlist entry" in missing.err
    assert cli("lint-allowlist", "remove", "nope.example", "--as", "carol").code == 3
    assert len(audit_entries(db, limit=1000)) == before
    assert cli("lint-allowlist").code == 2                                            # no action
    assert cli("audit", "verify").code == 0
