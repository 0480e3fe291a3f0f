"""warroom.services.admin: the admin screens' services (users, settings, a test mail against a
real SMTP server on loopback) and users.enable_user."""

from __future__ import annotations

import pytest

from tests.core.test_mail import LOOPBACK, Collector, smtp_server  # noqa: F401 - the fixture
from warroom.domain.roles import Role
from warroom.errors import AuthenticationError, BadInput, BusinessRuleError, PermissionDenied
from warroom.services import admin
from warroom.services.audit_query import AuditFilter, iter_all

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")


def _entries(db, users, action):
    return list(iter_all(db, users["ada"], AuditFilter(action=action)))


def test_users_are_listed_typed_and_only_for_admins(db, users):
    rows = admin.list_users(db, users["ada"])
    assert [r.name for r in rows] == ["ada", "alice", "bob", "carol"]
    carol = next(r for r in rows if r.name == "carol")
    assert carol.role is Role.COMPLIANCE and carol.disabled is False and carol.created_at is not None
    with pytest.raises(PermissionDenied):
        admin.list_users(db, users["carol"])


def test_add_user_checks_both_passwords_before_anything_is_written(db, users):
    with pytest.raises(BadInput) as err:
        admin.add_user(db, users["ada"], "dora", Role.AGENT, "pw-one", "pw-two")
    assert err.value.field == "password"
    assert "dora" not in [r.name for r in admin.list_users(db, users["ada"])]
    row = admin.add_user(db, users["ada"], "dora", Role.AGENT, "pw-one", "pw-one")
    assert row.name == "dora" and row.role is Role.AGENT
    assert _entries(db, users, "user.add")[0].payload == {"name": "dora", "role": "agent"}


def test_disable_then_enable_is_audited_and_lets_the_user_in_again(db, users):
    from warroom.services.users import authenticate

    assert admin.set_enabled(db, users["ada"], "bob", False).disabled is True
    with pytest.raises(AuthenticationError):
        authenticate(db, "bob", "secret-pw")
    with pytest.raises(BusinessRuleError):
        admin.set_enabled(db, users["ada"], "bob", False)
    assert admin.set_enabled(db, users["ada"], "bob", True).disabled is False
    assert authenticate(db, "bob", "secret-pw").name == "bob"
    (entry,) = _entries(db, users, "user.enable")
    assert entry.actor == "ada" and entry.payload == {"name": "bob"}
    with pytest.raises(BusinessRuleError):
        admin.set_enabled(db, users["ada"], "bob", True)
    with pytest.raises(PermissionDenied):
        admin.set_enabled(db, users["carol"], "bob", True)


def test_role_rules_of_the_core_hold(db, users):
    with pytest.raises(BusinessRuleError, match="own role"):
        admin.set_role(db, users["ada"], "ada", Role.COMPLIANCE)
    with pytest.raises(BusinessRuleError, match="no active admin"):
        admin.set_enabled(db, users["ada"], "ada", False)
    assert admin.set_role(db, users["ada"], "alice", Role.COMPLIANCE).role is Role.COMPLIANCE


def test_reset_password(db, users):
    from warroom.services.users import authenticate

    with pytest.raises(BadInput):
        admin.reset_password(db, users["ada"], "alice", "", "")
    admin.reset_password(db, users["ada"], "alice", "new-pw-1", "new-pw-1")
    assert authenticate(db, "alice", "new-pw-1").name == "alice"


def test_settings_are_typed_and_the_password_is_never_shown(db, users):
    change = admin.change_setting(db, users["ada"], "smtp.password", "hunter2-secret")
    assert change.changed and change.warning and "in clear" in change.warning   # no keyring in tests
    rows = {r.key: r for r in admin.settings(db, users["ada"])}
    pw = rows["smtp.password"]
    assert pw.secret and pw.value == "********" and pw.stored_in == "database" and pw.warning
    assert "hunter2-secret" not in repr(admin.settings(db, users["ada"]))
    assert rows["smtp.port"].value == 587 and rows["smtp.port"].is_default
    with pytest.raises(BadInput) as err:
        admin.change_setting(db, users["ada"], "smtp.port", "seventy")
    assert err.value.field == "smtp.port"
    with pytest.raises(PermissionDenied):
        admin.settings(db, users["carol"])


def _configure(db, users, port, password=None):
    for key, value in (("smtp.host", LOOPBACK), ("smtp.port", str(port)), ("smtp.security", "none"),
                       ("smtp.from", "service@shop.example.com"), ("smtp.username", "shop" if password else "")):
        admin.change_setting(db, users["ada"], key, value)
    if password:
        admin.change_setting(db, users["ada"], "smtp.password", password)


def test_a_test_mail_reaches_a_real_server_and_is_audited(db, users, smtp_server):  # noqa: F811
    server = smtp_server(password="mail-pw-42")
    _configure(db, users, server.port, "mail-pw-42")
    result = admin.send_test_mail(db, users["ada"], "ops@shop.example.com", timeout=5.0)
    assert result.ok and result.error is None
    (envelope,) = server.handler.envelopes
    assert envelope.rcpt_tos == ["ops@shop.example.com"]
    assert b"War Room test mail" in envelope.content and b"ada" in envelope.content
    assert server.auth_calls and server.auth_calls[0][1:] == ("shop", "mail-pw-42")
    (entry,) = _entries(db, users, "mail.test")
    assert entry.payload["ok"] is True and entry.payload["to"] == "ops@shop.example.com"
    assert "mail-pw-42" not in entry.document_text()


def test_a_refused_test_mail_is_a_result_with_the_reason(db, users, smtp_server):  # noqa: F811
    server = smtp_server(handler=Collector(rcpt_reply="550 5.1.1 no such mailbox"))
    _configure(db, users, server.port)
    result = admin.send_test_mail(db, users["ada"], "ops@shop.example.com", timeout=5.0)
    assert not result.ok and "550" in (result.error or "")
    (entry,) = _entries(db, users, "mail.test")
    assert entry.payload["ok"] is False


def test_a_test_mail_needs_settings_an_address_and_an_admin(db, users):
    with pytest.raises(BadInput) as err:
        admin.send_test_mail(db, users["ada"], "not an address")
    assert err.value.field == "to"
    with pytest.raises(BusinessRuleError, match="no mail server"):
        admin.send_test_mail(db, users["ada"], "ops@shop.example.com")
    with pytest.raises(PermissionDenied):
        admin.send_test_mail(db, users["carol"], "ops@shop.example.com")
    assert _entries(db, users, "mail.test") == []


def test_user_enable_on_the_command_line(cli, users, db):
    assert cli("user", "enable", "bob", "--as", "ada").code == 3          # not disabled: refused
    assert cli("user", "disable", "bob", "--as", "ada").code == 0
    assert cli("user", "enable", "bob", "--as", "carol").code == 2        # not an admin
    r = cli("user", "enable", "bob", "--as", "ada", "--json")
    assert r.code == 0 and r.json()["disabled"] is False
    assert [e.action for e in _entries(db, users, "user.enable")] == ["user.enable"]


def test_the_deep_check_replays_user_enable(db, users):
    from warroom.services.deep_check import deep_check

    admin.set_enabled(db, users["ada"], "bob", False)
    admin.set_enabled(db, users["ada"], "bob", True)
    result = deep_check(db)
    assert result.ok, result.differences
    assert result.checked["user_account"] == 4
    # and a user enabled behind the chain's back is named
    with db.writer.begin() as conn:
        conn.exec_driver_sql("UPDATE user_account SET disabled = TRUE WHERE name = 'bob'")
    assert not deep_check(db).ok
