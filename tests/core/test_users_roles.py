"""Users, roles, authentication and refusals, through the command as scripts drive it."""

from __future__ import annotations

import pytest

from warroom.domain.roles import Actor, Role
from warroom.errors import AuthenticationError, BusinessRuleError, PermissionDenied
from warroom.services import users as U


def _audit_actions(db):
    from warroom.services.status import audit_entries

    return [e["action"] for e in audit_entries(db, limit=1000)]


def test_first_user_bootstrap_needs_no_actor_and_must_be_admin(cli):
    refused = cli("user", "add", "eve", "--role", "agent", "--password-stdin", stdin="pw-1234\n", password=None)
    assert refused.code == 3 and "first user must be an admin" in refused.err
    made = cli("user", "add", "ada", "--role", "admin", "--password-stdin", "--json", stdin="pw-1234\n", password=None)
    assert made.code == 0 and made.json()["role"] == "admin"
    again = cli("user", "add", "eve", "--role", "agent", "--password-stdin", stdin="pw-5678\n", password=None)
    assert again.code == 2 and "--as" in again.err


def test_new_password_only_from_stdin_or_prompt(cli, users):
    # WARROOM_PASSWORD authenticates the actor; it is never the new user's password
    r = cli("user", "add", "dan", "--role", "agent", "--as", "ada")
    assert r.code == 2 and "password required" in r.err
    r = cli("user", "add", "dan", "--role", "agent", "--as", "ada", "--password-stdin", stdin="dan-pass\n")
    assert r.code == 0
    assert cli("note", "1", "x", "--as", "dan", password="dan-pass").code == 3  # authenticated; ticket 1 does not exist


def test_wrong_password_unknown_user_and_missing_password(cli, users):
    wrong = cli("settings", "set", "seller.name", "Shop", "--as", "ada", password="nope")
    assert wrong.code == 2 and "authentication failed" in wrong.err
    unknown = cli("settings", "set", "seller.name", "Shop", "--as", "mallory")
    assert unknown.code == 2 and "authentication failed" in unknown.err
    missing = cli("settings", "set", "seller.name", "Shop", "--as", "ada", password=None)
    assert missing.code == 2 and "password required" in missing.err
    no_actor = cli("settings", "set", "seller.name", "Shop")
    assert no_actor.code == 2 and "--as" in no_actor.err
    for r in (wrong, unknown, missing, no_actor):
        assert "Traceback" not in r.err and r.err.count("\n") == 1


def test_roles_refuse_with_exit_2(cli, users):
    assert cli("user", "add", "x1", "--role", "agent", "--as", "alice", "--password-stdin", stdin="pw-1234\n").code == 2
    assert cli("settings", "set", "seller.name", "Shop", "--as", "carol").code == 2
    assert cli("suspend", "--reason", "test", "--as", "alice").code == 2
    assert cli("demo", "--as", "carol").code == 2
    r = cli("user", "disable", "bob", "--as", "alice")
    assert r.code == 2 and "permission denied" in r.err


def test_disable_role_change_and_reset_are_audited(cli, users, db):
    assert cli("user", "set-role", "bob", "compliance", "--as", "ada").code == 0
    assert cli("user", "reset-password", "bob", "--as", "ada", "--password-stdin", stdin="new-pass\n").code == 0
    assert cli("user", "disable", "bob", "--as", "ada").code == 0
    actions = _audit_actions(db)
    assert {"user.set-role", "user.reset-password", "user.disable"} <= set(actions)
    listed = {u["name"]: u for u in cli("user", "list", "--json").json()}
    assert listed["bob"]["disabled"] is True and listed["bob"]["role"] == "compliance"
    r = cli("note", "1", "hello", "--as", "bob", password="new-pass")
    assert r.code == 2 and "disabled" in r.err


def test_a_disabled_user_loses_access_in_an_open_session(db, users):
    from warroom.services.settings import set_setting

    U.disable_user(db, users["ada"], "alice")
    with pytest.raises(AuthenticationError):
        set_setting(db, users["alice"], "seller.name", "x")


def test_the_last_admin_cannot_be_removed(db, users):
    with pytest.raises(BusinessRuleError, match="no active admin"):
        U.disable_user(db, users["ada"], "ada")
    # nobody changes their own role, so set-role always leaves the acting admin in place
    with pytest.raises(BusinessRuleError, match="nobody changes their own role"):
        U.set_role(db, users["ada"], "ada", Role.AGENT)


def test_passwords_are_argon2id_at_owasp_parameters(db, users):
    from sqlalchemy import select
    from warroom.storage.models import User
    from warroom.storage.uow import UnitOfWork

    with UnitOfWork(db, write=False) as uow:
        stored = uow.session.scalar(select(User.password_hash).where(User.name == "alice"))
    assert stored.startswith("$argon2id$") and "m=19456,t=2,p=1" in stored
    assert "secret-pw" not in stored


def test_permission_errors_name_the_action():
    with pytest.raises(PermissionDenied, match="alice \\(agent\\) may not approve"):
        from warroom.domain.roles import Permission
        Actor(1, "alice", Role.AGENT).require(Permission.APPROVE)


def test_settings_are_audited_validated_and_secret_masked(cli, users, db):
    assert cli("settings", "set", "atoz_window_hours", "abc", "--as", "ada").code == 3
    assert cli("settings", "set", "no.such.key", "1", "--as", "ada").code == 3
    assert cli("settings", "set", "atoz_window_hours", "72", "--as", "ada").code == 0
    same = cli("settings", "set", "atoz_window_hours", "72", "--as", "ada")
    assert same.code == 0 and "unchanged" in same.out
    assert cli("settings", "set", "smtp.password", "--value-stdin", "--as", "ada", stdin="hunter22\n").code == 0
    assert cli("settings", "set", "high_value_threshold.EUR", "450.00", "--as", "ada").code == 0
    got = cli("settings", "get", "atoz_window_hours", "--json").json()
    assert got["value"] == 72 and got["default"] is False
    everything = cli("settings", "get").out
    assert "hunter22" not in everything and "smtp.password" in everything
    assert "hunter22" not in cli("audit", "log", "--json").out
    assert _audit_actions(db).count("settings.set") == 3
